/* report_engine.h: one streaming pass over the annotated stream, memory
 * bounded by the number of groups and rules (not cases), and the finished
 * bulletin (a zreport, report_table.h). */
#ifndef ZX_REPORT_ENGINE_H
#define ZX_REPORT_ENGINE_H
#include <jansson.h>
#include "date.h"
#include "profile.h"
#include "calendar.h"
#include "record.h"
#include "report_table.h"

typedef struct report_params {
    zdate from, to, as_of;       /* the period, whole days, and --as-of */
    const char *by[4];           /* "team", "handler", "stage", "track" */
    size_t nby;
} report_params;

typedef struct report_engine report_engine;

/* A new engine for profile p (borrowed, outlives it).  NULL with *err
 * (malloc'd) on a bad "report" section.  Free with report_engine_free. */
report_engine *report_engine_new(const profile *p, const calendar *cal,
                                 const report_params *pp, char **err);

/* Adds one record of the annotated stream. */
void report_engine_record(report_engine *e, zrec *r);

/* The bulletin.  previous (borrowed, may be NULL): report_previous_load's
 * index of a previous run.  Reports on stderr, once per indicator, the
 * records it could not count.  The caller frees the result with
 * report_free. */
zreport *report_engine_finish(report_engine *e, json_t *previous);

void report_engine_free(report_engine *e);

/* Reads a previous `report -o jsonl`: an object from row keys
 * (report_row_key) to values in the report's internal scale.  NULL with
 * *err (malloc'd) when unreadable. */
json_t *report_previous_load(const char *path, char **err);

/* The key of a row: group values and indicator.  Caller frees. */
char *report_row_key(const char *team, const char *handler, const char *stage,
                     const char *track, const char *indicator);

/* A figure as -o jsonl writes it: a percent (ratio) to 6 decimals, money
 * (fen) whole, days and counts to 2 decimals; never -0. */
double report_round(report_unit u, double v);

#endif
