/* mask.h: keyed, stable pseudonyms for personal data (SPEC 7). */
#ifndef ZX_MASK_H
#define ZX_MASK_H
#include <stddef.h>
#include "record.h"

/* Reads the key: from the file when path is not NULL, else from the
 * environment variable ZHIXING_MASK_KEY.  The key is kept in a static
 * buffer (the one global of this module) until mask_done().  0, or -1 with
 * *err (malloc'd) when there is no usable key (empty, unreadable). */
int mask_init(const char *key_file, char **err);
void mask_done(void);

/* Replaces the personal data of a record in place: respondent_id always;
 * respondent and applicant names unless their kind (or the name itself)
 * says an organisation; payees of funds likewise.  A token is
 * "P" (names) or "ID" (id numbers) and 16 hex digits of
 * HMAC-SHA256(key, value): the same value gives the same token with the
 * same key, in any run, and cannot be reversed without the key. */
void mask_record(zrec *r);

#endif
