/* excel_cells.h: what Excel does to the cells of a CSV it saves, undone
 * where the value is certain and reported where it is not (issue 18).
 *
 *   ="（2023）豫0183执1号"  a formula kept as text: read as its text, warning
 *   '110101...  \t110101... Excel's text marks: dropped, warning
 *   45292 in a date column  a 1900-system date serial: read as 2024-01-01,
 *                           warning (five digits only: 10000..99999 are
 *                           1927-05-18..2173-10-13; a fraction is the time)
 *   4.10182E+17 in an id or case-number column: the digits are gone, an
 *                           error; the value stays as written
 * Nothing is guessed: every change is a warning on its field; the text is
 * not repeated in it (it may be a personal id or name). */
#ifndef ZX_EXCEL_CELLS_H
#define ZX_EXCEL_CELLS_H
#include "record.h"

/* Checks and repairs the text cells of a CSV record (keys are canonical
 * field names where known: fields.h).  Sets r->modified when a value
 * changed. */
void excel_cells_fix(zrec *r);

#endif
