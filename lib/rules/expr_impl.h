/* expr_impl.h: the compiled form of a condition, shared by expr_compile.c
 * and expr_eval.c, and the compile entry with declared tool variables that
 * profile.c uses.  Private to the library. */
#ifndef ZX_EXPR_IMPL_H
#define ZX_EXPR_IMPL_H
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stddef.h>
#include <stdint.h>
#include "expr.h"
#include "period.h"

/* Value types, fixed at compile time. */
typedef enum { TY_BOOL, TY_NUM, TY_MONEY, TY_DATE, TY_TEXT, TY_LIST, TY_NULL } expr_type;

typedef enum {
    OP_LIT, OP_VAR, OP_AND, OP_OR, OP_NOT, OP_CMP, OP_IN, OP_FLAG, OP_MISSING,
    OP_PRESENT, OP_MATCH, OP_HAS, OP_COUNT, OP_FIRST, OP_LAST, OP_ADDP, OP_DAYS,
    OP_PLUS, OP_MINUS, OP_MAX, OP_MIN, OP_CAUSE_IN
} expr_op;

typedef enum { CMP_EQ, CMP_NE, CMP_LT, CMP_LE, CMP_GT, CMP_GE } cmp_op;

/* Where a variable's value comes from. */
typedef enum { VS_FIELD, VS_TOOL, VS_KIND, VS_ASOF, VS_YEAR, VS_SEQ, VS_COURT } var_source;

/* A value during evaluation.  st: 1 present, 0 absent, -1 unknown.  text
 * and raw are borrowed (from the expr, the record or cx->vars), or point
 * into buf: do not copy a text value from one value to another. */
typedef struct value {
    int st;
    expr_type type;
    int b;
    double num;
    int64_t fen;
    zdate d;
    const char *text;
    json_t *list;
    const char *raw;     /* the unreadable text, when st == -1 */
    char buf[40];
} value;

struct expr {
    expr_op op;
    expr_type type;
    int is_lit;              /* a literal (its value in lit) */
    cmp_op cmp;
    struct expr **args;
    size_t nargs;
    value lit;
    char *text;              /* literal text, var/field name, node, pattern, flag */
    char *desc;              /* how the trace names it: "amount", "first notice" */
    var_source vs;
    /* events: has/count/first/last */
    char *with, *attr;
    struct expr *after, *on_or_after, *before, *on_or_before;
    /* add */
    period per;
    /* match */
    pcre2_code *re;
    pcre2_match_context *mctx;
    /* missing/present: field names; cause_in: the causes named */
    char **names;
    size_t nnames;
};


/* Calls cb once for each tool variable the condition e reads (repeats
 * possible): a {"var"} of a name of vars (the declaration e was compiled
 * with), and such a name in missing or present. */
void expr_tool_vars(const expr *e, const json_t *vars, void (*cb)(const char *name, void *arg), void *arg);

/* 1 if the expression's value is a truth (a condition), 0 if it is a
 * date, money, number, text or list. */
int expr_is_condition(const expr *e);

/* Text of a value for the explain trace ("100000.00", "2023-03-01",
 * "(absent)"), written into buf of size n; returns buf. */
const char *expr_value_text(const value *v, char *buf, size_t n);

/* Maximum work of one regex match: beyond it the match is unknown. */
enum { EXPR_MATCH_LIMIT = 100000, EXPR_DEPTH_LIMIT = 1000, EXPR_HEAP_LIMIT_KIB = 20000 };

#endif
