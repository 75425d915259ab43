/* warned.c: the texts a once-a-run warning has been given for. */
#include "warned.h"

#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

int warned_first(warned_set *w, const char *text)
{
    if (w->full) return 0;
    for (size_t i = 0; i < w->n; i++)
        if (!strcmp(w->text[i], text)) return 0;
    if (w->n == WARNED_MAX) {
        w->full = 1;
        return -1;
    }
    w->text[w->n++] = xstrdup(text);
    return 1;
}

void warned_clear(warned_set *w)
{
    for (size_t i = 0; i < w->n; i++) free(w->text[i]);
    w->n = 0;
    w->full = 0;
}
