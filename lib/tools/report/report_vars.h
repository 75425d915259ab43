/* report_vars.h: the variables report supplies to its indicators' conditions,
 * read from the annotations the other tools wrote on a record (SPEC 2):
 * deadlines, term_audit, payout, funds, track.  Types: report_var_types(). */
#ifndef ZX_REPORT_VARS_H
#define ZX_REPORT_VARS_H
#include <jansson.h>
#include <stdint.h>
#include "date.h"
#include "record.h"

/* Fills vars (cleared first) for r.  stages (borrowed, may be NULL) maps a
 * deadline rule id to the pipeline stage it times (监利).  The period is
 * [from, to], whole days. */
void report_vars_fill(json_t *vars, zrec *r, zdate from, zdate to, json_t *stages);

/* An amount as a JSON value (number of yuan or money text) in fen: 1, 0
 * absent or null, -1 unreadable. */
int report_json_fen(json_t *j, int64_t *fen);

/* A JSON date string: 1 and *d, 0 absent or null, -1 unreadable. */
int report_json_date(json_t *j, zdate *d);

/* 1 when d (a day) lies in [from, to]. */
int report_in_period(zdate d, zdate from, zdate to);

#endif
