/* report_views.h: the report's drawn views, an HTML page and an Excel
 * workbook (issue 21).  Both render a finished zreport (report_table.h) and
 * draw each table's chart hint; neither changes or frees the report. */
#ifndef ZX_REPORT_VIEWS_H
#define ZX_REPORT_VIEWS_H
#include <stdio.h>
#include "report_table.h"

/* One self-contained HTML page (inline CSS and SVG, no script, no external
 * resource), printable on A4.  0, or -1 on a write error (errno set). */
int report_write_html(const zreport *r, FILE *out);

/* An .xlsx workbook at path: a sheet per table, native Excel charts.
 * path NULL or "-" means standard output: the workbook is built in a
 * temporary file and copied out, and refused when stdout is a terminal.
 * 0, or -1 with *err set to a message the caller frees. */
int report_write_xlsx(const zreport *r, const char *path, char **err);

#endif
