/* xalloc.h: the one out-of-memory policy.  Each of these either returns
 * what it was asked for or prints "TOOL: out of memory" (zx_tool_name) on
 * stderr and exits 3 (SPEC 4).  For allocations a caller cannot recover
 * from; code that reports an error to the edge keeps its own checks. */
#ifndef ZX_XALLOC_H
#define ZX_XALLOC_H
#include <stddef.h>

/* The tool's name in diagnostics and "errors" entries (set once by
 * tool_main; "zhixing" until then).  Declared again in record.h. */
extern const char *zx_tool_name;

/* Prints "TOOL: out of memory" and exits 3.  Never returns. */
void xalloc_die(void) __attribute__((noreturn));

/* Each result is malloc'd: the caller frees it. */
void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t size);     /* as realloc; p is freed or kept in the result */
char *xstrdup(const char *s);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
