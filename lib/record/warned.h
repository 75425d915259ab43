/* warned.h: the texts a once-a-run warning has been given for (causes.c's
 * unknown causes, fields.c's unknown enumerated values), up to a limit. */
#ifndef ZX_WARNED_H
#define ZX_WARNED_H
#include <stddef.h>

enum { WARNED_MAX = 64 };
typedef struct warned_set {
    char *text[WARNED_MAX];   /* malloc'd, owned by the set */
    size_t n;
    int full;                 /* the "more ..." line was given */
} warned_set;

/* 1 the first time text is seen (it is kept), 0 after; -1 the first time
 * a text finds the set full (say "more, not reported one by one"), then 0. */
int warned_first(warned_set *w, const char *text);

/* Forgets every text (fields_free, causes_free). */
void warned_clear(warned_set *w);

#endif
