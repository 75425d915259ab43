/* report_table.h: the bulletin as the report tool's writers see it.
 *
 * The contract between the indicator engine (report_compute: reads the
 * annotated stream, fills a zreport) and the writers (report_write_text,
 * _md, _csv, _jsonl, _html, _xlsx: each renders a finished zreport).
 * A zreport owns everything it points to; report_free() frees it all. */
#ifndef ZX_REPORT_TABLE_H
#define ZX_REPORT_TABLE_H
#include <stddef.h>

typedef enum { RU_COUNT, RU_MONEY, RU_PERCENT, RU_DAYS, RU_TEXT } report_unit;

/* One cell.  has_value 0 means empty (a zero denominator, no data): written
 * as an empty cell, never 0 or NaN.  Money is in fen (integer, as everywhere
 * in zhixing); a percent is a ratio 0..1 held as a double (0.5 = 50%); days a
 * double; counts whole numbers in a double.  Text cells use text. */
typedef struct report_cell {
    int has_value;
    double value;            /* RU_COUNT, RU_PERCENT, RU_DAYS */
    long long fen;           /* RU_MONEY */
    const char *text;        /* RU_TEXT (owned by the report) */
    int short_mark;          /* 1: below target or below the court figure (短板) */
    int has_change;          /* --previous given and the figure existed then */
    double change;           /* value now - value then (fen for money) */
} report_cell;

typedef struct report_column {
    const char *id;          /* indicator id, or a key such as "team" */
    const char *name;        /* Chinese heading */
    report_unit unit;
    const char *source;      /* the clause it cites, or NULL */
    int has_target;
    double target;           /* same scale as value (percent as ratio) */
} report_column;

/* How a table would rather be looked at; writers that draw (html, xlsx)
 * draw it, the others ignore it. */
typedef enum {
    RC_NONE,
    RC_BAR,          /* one bar per row for column chart_col (e.g. overdue by team) */
    RC_BAR_VS,       /* bars per row for chart_col, with the total row's value
                        and the column's target drawn as lines */
    RC_STACKED,      /* stacked bars per row over columns chart_col..ncol-1 */
    RC_FUNNEL        /* rows in order, widths by chart_col (jianli stages) */
} report_chart;

typedef struct report_table {
    const char *id;          /* "indicators", "overdue_rules", "term_failures",
                                "funds_issues", "stages" ... */
    const char *title;       /* Chinese title */
    size_t ncol, nrow;
    report_column *cols;     /* ncol */
    report_cell *cells;      /* nrow * ncol, row-major */
    int *row_is_total;       /* nrow: 1 for the court total row (written last) */
    report_chart chart;
    size_t chart_col;
} report_table;

typedef struct zreport {
    const char *court;       /* profile's court name */
    const char *profile;     /* profile id */
    const char *period_from, *period_to, *as_of;  /* ISO dates */
    size_t ntable;
    report_table *tables;
    size_t nunknown;         /* records an indicator could not count, reported */
    /* The machine contract (-o jsonl), one row per group and indicator. */
    size_t nrow;
    struct report_row {
        const char *team, *handler, *stage;   /* NULL when not grouped by it; all NULL = court total */
        const char *indicator, *name;
        report_unit unit;
        int has_value; double value; long long fen;
        int has_num, has_den; double numerator, denominator;
        int has_target; double target;
        int short_mark;
        int has_change; double change;
        const char *track;                    /* added: --by track (NULL when not grouped by it) */
        int money_terms;                      /* added: the numerator is fen */
        int den_money;                        /* added: the denominator is fen (a rate's money
                                                 sum; a mean's is a count of records) */
    } *rows;
    /* Added: every string a zreport points to is malloc'd and owned by it
     * (report_free frees them); the kind of grouping of rows ("team,handler"). */
    const char *by;
} zreport;

void report_free(zreport *r);

/* The writers that draw, declared in report.h (report_html.c, report_xlsx.c):
 *   int report_write_html(const zreport *r, FILE *out);
 *   int report_write_xlsx(const zreport *r, const char *path, char **err);
 * report passes path "-" for -o xlsx without -O (standard output). */

#endif
