/* xalloc.c: allocation that exits 3 with "TOOL: out of memory" on failure. */
#include "xalloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *zx_tool_name = "zhixing";

void xalloc_die(void)
{
    fprintf(stderr, "%s: out of memory\n", zx_tool_name);
    exit(3);
}

void *xmalloc(size_t size)
{
    void *p = malloc(size ? size : 1);
    if (!p) xalloc_die();
    return p;
}

void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p) xalloc_die();
    return p;
}

void *xrealloc(void *p, size_t size)
{
    void *q = realloc(p, size ? size : 1);
    if (!q) xalloc_die();
    return q;
}

char *xstrdup(const char *s)
{
    char *d = strdup(s);
    if (!d) xalloc_die();
    return d;
}

char *xasprintf(const char *fmt, ...)
{
    va_list ap;
    char *s = NULL;
    va_start(ap, fmt);
    int n = vasprintf(&s, fmt, ap);
    va_end(ap);
    if (n < 0) xalloc_die();
    return s;
}
