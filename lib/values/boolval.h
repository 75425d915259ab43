/* boolval.h: booleans as the national system and spreadsheets write them. */
#ifndef ZX_BOOLVAL_H
#define ZX_BOOLVAL_H
#include <stddef.h>

/* true/false, 1/0, 是/否, 有/无, Y/N, yes/no, 真/假 in any letter case,
 * blanks around ignored.  Returns 0 and sets *out to 0 or 1, or -1. */
int bool_parse(const char *s, size_t n, int *out);

#endif
