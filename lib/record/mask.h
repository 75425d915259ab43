/* mask.h: keyed, stable pseudonyms for personal data (SPEC 7, issue 19).
 *
 * Which fields and columns hold personal data is data: share/personal.tsv
 * (exact field names, and patterns of the header text of any other
 * column), with the class of each (name, person, id, phone, address,
 * account, or "?": personal data of an unknown kind). */
#ifndef ZX_MASK_H
#define ZX_MASK_H
#include <stddef.h>
#include "record.h"

/* Reads the key: from the file when key_file is not NULL, else from the
 * environment variable ZHIXING_MASK_KEY (8 bytes at least), and the table
 * sharedir/personal.tsv.  allow[0..nallow) are the columns the user lets
 * through in clear (--mask-allow).  The key is kept in a static buffer
 * (this module's global state, with the table) until mask_done(), which
 * wipes it.  0, or -1 with *err (malloc'd, the caller frees). */
int mask_init(const char *sharedir, const char *key_file, const char *const *allow, size_t nallow, char **err);
void mask_done(void);

/* Replaces the personal data of a record in place, every field and column
 * the table names, at any depth: a name with "P" (keyed on the name and the
 * same party's id number) or "PN" (on the name alone: not an identity),
 * an id with "ID", a phone "TEL", an address "ADDR", an account "ACCT",
 * each followed by 32 hex digits (128 bits) of HMAC-SHA256(key, class and
 * normalised value).  An organisation's name stays.  An id mangled by a
 * spreadsheet (4.10182E+17) becomes "ID-MANGLED" and an error, never a
 * token.  A masked value met again inside any other text of the record
 * (note, close_reason, the errors' messages) is replaced by its token.
 * The text of an unreadable record (_raw) is withheld.
 * 0; -1 with *err (malloc'd) when a column's header says personal data
 * the table cannot classify and --mask-allow does not name it: the run
 * stops (exit 2). */
int mask_record(zrec *r, char **err);

/* 1 when s[0..n) is an id number a spreadsheet wrote in scientific
 * notation (4.10182E+17): its digits are lost. */
int id_mangled(const char *s, size_t n);
/* Reports that field holds such an id (an error), once per record and tool. */
void id_mangled_error(zrec *r, const char *field);

/* The comparison key of a party's name (is_id 0) or id number (is_id 1),
 * the one normalisation of the tools (the masking tokens, the closure
 * history): s[0..n) without blanks (ASCII, U+3000), full-width ASCII
 * folded to half-width, and for an id '-' dropped and letters upper-cased.
 * Into out (cap bytes, n + 5 always enough); its length. */
size_t party_key(int is_id, const char *s, size_t n, char *out, size_t cap);

#endif
