/* report_ind.h: the indicators of a profile's "report" section (share/
 * profiles/<court>/report.json; share/man/man1/report.1), compiled, and
 * their evaluation on one record.
 *
 * An indicator is a numerator measure and, for a rate or a mean, a
 * denominator measure.  A measure counts the records its "when" holds for,
 * or sums its "value" (a money or number expression) over them.  The
 * numerator is taken only among the records the denominator takes. */
#ifndef ZX_REPORT_IND_H
#define ZX_REPORT_IND_H
#include <jansson.h>
#include "expr.h"
#include "profile.h"
#include "report_table.h"

typedef enum { RF_COUNT, RF_SUM, RF_RATE, RF_MEAN } report_formula;

typedef struct report_measure {
    expr *when;          /* NULL: every record (owned) */
    expr *value;         /* NULL: count the record (owned) */
    int money;           /* value is money (fen) */
} report_measure;

typedef struct report_ind {
    const char *id, *name, *source;   /* borrowed from the profile */
    report_unit unit;
    report_formula formula;
    report_measure num, den;          /* den used by rate and mean */
    expr **requires;                  /* present-and-readable checks (owned) */
    const char **requires_name;
    size_t nrequires;
    int has_target;
    double target;
    int better;                       /* 1 higher is better, -1 lower, 0 neither */
    long unknown;                     /* records it could not count */
    char *unknown_why;                /* the first reason (owned) */
} report_ind;

typedef struct report_inds {
    report_ind *v;
    size_t n;
    long chart;   /* report_settings.chart: the indicator the indicators
                     table's chart draws (index in v), or -1: the first
                     with a target, else the first percent */
} report_inds;

/* The tool variables report supplies to the conditions (report_vars.c
 * fills them per record): name -> type, as a profile's "vars". */
json_t *report_var_types(void);   /* new reference, caller decrefs */

/* Loads and compiles the profile's "report" section.  0, or -1 with *err
 * (malloc'd): "FILE: report indicator ID: what is wrong", FILE the profile
 * file that holds the indicator; an unknown key of an indicator or of its
 * numerator or denominator is wrong. */
int report_inds_load(report_inds *ri, const profile *p, char **err);
void report_inds_free(report_inds *ri);

/* What one record adds to an indicator. */
typedef struct report_contrib {
    int in;              /* 1: counted (den for rate/mean, num for count/sum) */
    int unknown;         /* 1: could not be counted (ind->unknown incremented) */
    double num, den;     /* fen for money measures */
} report_contrib;

void report_ind_eval(report_ind *ind, evalctx *cx, report_contrib *out);

#endif
