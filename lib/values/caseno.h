/* caseno.h: Chinese court case numbers (案号), parsed with PCRE2. */
#ifndef ZX_CASENO_H
#define ZX_CASENO_H
#include <stddef.h>

typedef struct {
    int year;          /* 2023 */
    char court[32];    /* "豫0183" (UTF-8) */
    char kind[32];     /* "执", "执恢", "执保", "执异", "执复", "执监", "执协", "执他", "执审" ... */
    long seq;          /* 1234 */
    int sub;           /* 0, or 1 for "之一", 2 for "之二" ... */
} caseno;

/* Parses "（2023）豫0183执1234号", "(2023)豫0183执恢12号之一", and the old form
 * "(2015)密执字第00123号" (kind 执, 执恢字 gives 执恢).  Half- or full-width
 * brackets, blanks ignored.  Returns 0, or -1 when it is not a case number.
 * The court is the CJK run before the first 执 plus any digits ("豫0183",
 * "新密", "最高法"); the kind is 执 and the CJK after it up to 字/第/seq.
 * Only enforcement (执…) numbers parse; 之一..之十 give sub 1..10.
 * Global state: the compiled PCRE2 pattern, built on the first call and
 * freed at exit (not thread-safe on the first call). */
int caseno_parse(const char *s, size_t n, caseno *out);

/* Order by year, court code (bytewise), kind (bytewise), seq, sub. */
int caseno_cmp(const caseno *a, const caseno *b);

#endif
