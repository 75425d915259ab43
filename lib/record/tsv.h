/* tsv.h: the line loop of share/'s tables (fields.tsv, values.tsv,
 * export.tsv, causes.tsv ...): one place that opens the file, trims each
 * line end and skips blank lines and '#' comments. */
#ifndef ZX_TSV_H
#define ZX_TSV_H

/* Called with each line (LF or CRLF removed; the caller may change it)
 * and its number.  0 to go on, -1 to stop with *err set (malloc'd). */
typedef int (*tsv_line_fn)(void *ctx, char *line, long lineno, char **err);

/* Calls fn for each line of path that is neither blank nor a comment.
 * 0; -1 with *err (malloc'd, the caller frees) when path cannot be opened
 * ("cannot open PATH: reason") or when fn returned -1. */
int tsv_each(const char *path, tsv_line_fn fn, void *ctx, char **err);

#endif
