/* expr.h: conditions as data: a JSON Logic subset over a case record (the
 * language is documented in share/profiles/README).
 *
 * Expressions are compiled once when a profile loads and are immutable;
 * evaluation allocates nothing that outlives the call except cx->why and
 * what is appended to cx->trace. */
#ifndef ZX_EXPR_H
#define ZX_EXPR_H
#include <jansson.h>
#include <stdint.h>
#include "calendar.h"
#include "date.h"
#include "record.h"

typedef struct expr expr;

/* Three-valued truth: unknown when a value it needs could not be read. */
typedef enum { TV_FALSE = 0, TV_TRUE = 1, TV_UNKNOWN = -1 } tv;

typedef struct evalctx {
    zrec *rec;               /* the record (borrowed) */
    const calendar *cal;     /* for periods in "add" */
    zdate as_of;             /* value of {"var": "as_of"} */
    json_t *vars;            /* extra variables a tool supplies (borrowed, may be NULL):
                                looked up before the record's fields */
    json_t *trace;           /* when non-NULL, an array: each comparison appends a
                                string "amount 100000.00 <= 100000.00: true" */
    char *why;               /* set on TV_UNKNOWN: malloc'd "amount: invalid money 'abc'";
                                the caller frees (and sets to NULL) */
    const char *why_field;   /* the field that made it unknown (borrowed), or NULL */
    int estimated;           /* set to 1 (never cleared; the caller starts it at 0) when an
                                "add" counted days the holiday calendar does not cover:
                                the date, and what was decided from it, is an estimate */
    int kind_known;          /* kind holds rec_kind(rec): set by the first condition that
                                reads the kind; a caller that tests many conditions on one
                                record may carry it from one evalctx to the next */
    const char *kind;
} evalctx;

/* Compiles a condition.  Returns an expr (caller frees with expr_free) or
 * NULL with *err (malloc'd): "unknown field 'amout'", "unknown node 'x'",
 * "bad period '3x'", "bad regex '...': message at offset N", "unknown operator 'foo'". */
expr *expr_compile(json_t *cond, char **err);
/* The same, where conditions may also use the tool variables declared in
 * vars ({"name": "date" | "money" | "number" | "text" | "bool" | "list"},
 * may be NULL), as a profile's "vars" section declares them. */
expr *expr_compile_vars(json_t *cond, json_t *vars, char **err);
void expr_free(expr *e);

/* Calls cb once for each record field a condition reads (repeats
 * possible): fields by name, "flags" for a flag test, "events" for a node
 * ("filed_on" and "closed_on" for the nodes filed and closed).  Not the
 * fields "missing"/"present" test for, nor the case number's parts. */
void expr_fields(const expr *e, void (*cb)(const char *field, void *arg), void *arg);

/* Truth of a condition on a record. */
tv expr_test(const expr *e, evalctx *cx);

/* Value of a date-valued expression (a date field, {"first": ...},
 * {"add": ...}): 1 and *out, 0 when it has no value (absent), -1 unknown
 * (cx->why set). */
int expr_date(const expr *e, evalctx *cx, zdate *out);

/* Value of a money-valued expression (fen): 1, 0 absent, -1 unknown. */
int expr_money(const expr *e, evalctx *cx, int64_t *fen);

/* Value of a number-valued expression ({"count": ...}, {"days": ...}, a
 * number variable): 1, 0 absent, -1 unknown. */
int expr_number(const expr *e, evalctx *cx, double *num);

/* 'm' for a money-valued expression, 'n' for a number, 0 for anything else. */
int expr_value_kind(const expr *e);

#endif
