/* excel_cells.h: what Excel does to the cells of a CSV it saves, undone
 * where the value is certain and reported where it is not (issue 18).
 *
 *   ="（2023）豫0183执1号"  a formula kept as text: read as its text, warning
 *   '110101...  \t110101... Excel's text marks: dropped, warning
 *   45292 in a date column  a 1900-system date serial: read as 2024-01-01,
 *                           warning (25569..73050 only: 1970-01-01 to
 *                           2099-12-31; a fraction is the time)
 *   4.10182E+17 in an id or case-number column: the digits are gone, an
 *                           error; the value stays as written
 * Nothing is guessed: every change is a warning on its field; the text is
 * not repeated in it (it may be a personal id or name). */
#ifndef ZX_EXCEL_CELLS_H
#define ZX_EXCEL_CELLS_H
#include <stddef.h>
#include "record.h"

int excel_number_suspect(const char *s, size_t n);

/* 1 when a cell's text may be Excel damage: a text mark, or a number as
 * Excel writes a serial (five digits, maybe a fraction) or scientific
 * notation (one digit, then '.' or 'E').  Cheap: the reader notes the
 * cells worth a look while it has their bytes at hand, and most cells fail
 * at the first or second byte. */
static inline int excel_cell_suspect(const char *s, size_t n)
{
    if (!n) return 0;
    unsigned char c = (unsigned char)s[0];
    if (c == '=' || c == '\'' || c == '\t') return 1;
    if ((unsigned)(c - '0') > 9u) return 0;
    if (n == 5 || (n > 1 && (s[1] == '.' || s[1] == 'E' || s[1] == 'e')) || (n > 5 && s[5] == '.'))
        return excel_number_suspect(s, n);
    return 0;
}

/* Checks and repairs the text cells `keys` (n of them) of a CSV record
 * (keys are canonical field names where known: fields.h); keys NULL: every
 * cell.  Sets r->modified when a value changed. */
void excel_cells_fix(zrec *r, const char *const *keys, size_t n);

#endif
