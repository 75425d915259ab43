/* report.h: the report tool (通报、考核): reads the annotated stream the
 * other five tools write and writes the bulletin's tables
 * (share/man/man1/report.1), and its writers.
 *
 * Every writer renders a finished zreport (report_table.h) and returns 0,
 * or -1 on a write error (errno set). */
#ifndef ZX_REPORT_H
#define ZX_REPORT_H
#include <stdio.h>
#include "report_table.h"
#include "tool.h"

extern const tool_spec report_tool;

int report_write_text(const zreport *r, FILE *out);    /* aligned by display width */
int report_write_md(const zreport *r, FILE *out);      /* Markdown tables */
int report_write_csv(const zreport *r, FILE *out);     /* the jsonl rows as CSV */
int report_write_jsonl(const zreport *r, FILE *out);   /* the machine contract */
/* Provided by report_html.c and report_xlsx.c (branch report-views). */
int report_write_html(const zreport *r, FILE *out);
int report_write_xlsx(const zreport *r, const char *path, char **err);

/* Columns a UTF-8 string takes on a terminal: 2 for East Asian wide and
 * full-width characters, 1 for the others (no locale needed). */
size_t report_display_width(const char *s);

/* A cell as text: "1,234.50" (money, yuan), "50.0%", "12.3" (days), "5",
 * "-" when empty; with " *" when short.  Writes into buf (cap bytes). */
const char *report_cell_text(const report_column *c, const report_cell *x, char *buf, size_t cap);

#endif
