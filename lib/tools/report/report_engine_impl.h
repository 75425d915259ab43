/* report_engine_impl.h: the engine's state, shared by report_engine.c (the
 * pass and the indicator rows) and report_tables.c (the other tables).
 * Private to the report module. */
#ifndef ZX_REPORT_ENGINE_IMPL_H
#define ZX_REPORT_ENGINE_IMPL_H
#include "report_engine.h"
#include "report_ind.h"

typedef struct report_acc { double num, den; } report_acc;

enum { ST_OVERDUE, ST_LATE, ST_MET, ST_DUE_SOON, ST_PENDING, NSTATUS };

typedef struct report_group {
    char *vals[4];              /* group values in by order, "" when absent (owned) */
    report_acc *acc;            /* one per indicator (owned) */
    double status[NSTATUS];     /* deadline statuses of its cases' nodes */
} report_group;

struct report_engine {
    const profile *p;
    const calendar *cal;
    report_params pp;
    report_inds ri;
    json_t *vars;               /* the record's tool variables (owned, reused) */
    json_t *stages;             /* report_settings.stages: deadline rule -> stage (borrowed) */
    json_t *levels;             /* report_settings.levels: fund issue level -> name (borrowed) */
    report_group *g;            /* g[0] is the court total */
    size_t ng, gcap;
    json_t *gidx;               /* group key -> index in g (owned) */
    json_t *overdue;            /* deadline rule -> [nodes, days over] (owned) */
    json_t *term_fail;          /* term rule -> [cases] (owned) */
    double term_failed_cases;
    json_t *issues;             /* "kind\037level" -> [count, fen] (owned) */
    json_t *tracks;             /* track -> [received, closed, pending] (owned) */
    json_t *stage_tab;          /* stage -> [received, passed on, closed, over budget] (owned) */
    long nunknown;              /* records some indicator could not count */
    const size_t *order;        /* group order for the tables (during finish) */
};

/* Adds v to element i of the n-element counter list under key. */
void report_bump(json_t *obj, const char *key, size_t n, size_t i, double v);

/* Copies s (NULL stays NULL); exits 3 when out of memory. */
char *report_strdup(const char *s);

/* Per record: the tables other than the indicators. */
void report_tables_record(report_engine *e, zrec *r, size_t gi);

/* Appends the tables other than the indicators to z. */
void report_tables_build(report_engine *e, zreport *z);

/* A new table of ncol columns and nrow rows (zeroed), appended to z. */
report_table *report_table_add(zreport *z, const char *id, const char *title,
                               size_t ncol, size_t nrow);

#endif
