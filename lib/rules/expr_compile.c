/* expr_compile.c: conditions (a JSON Logic subset, share/profiles/README)
 * compiled into a typed tree once, when a profile loads.
 *
 * Every operand gets its type here: a literal takes the type of the
 * non-literal side it meets ("10万" beside a money field is 10,000,000 fen,
 * "2022-01-01" beside a date field is a date), so evaluation never guesses
 * and a mistyped profile fails at load, not on the millionth record. */
#include "expr_impl.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boolval.h"
#include "causes.h"
#include "fields.h"
#include "money.h"
#include "xalloc.h"

typedef struct {
    json_t *vars;    /* declared tool variables, may be NULL */
    char *err;       /* the first error (malloc'd) */
} cctx;

/* Records the first error; frees the partial tree; returns NULL. */
static expr *fail(cctx *c, expr *partial, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static expr *fail(cctx *c, expr *partial, const char *fmt, ...)
{
    if (!c->err) {
        va_list ap;
        va_start(ap, fmt);
        if (vasprintf(&c->err, fmt, ap) < 0) c->err = NULL;
        va_end(ap);
    }
    expr_free(partial);
    return NULL;
}

static expr *node_new(expr_op op, expr_type type)
{
    expr *e = xcalloc(1, sizeof *e);
    e->op = op;
    e->type = type;
    return e;
}

static void push_arg(expr *e, expr *a)
{
    e->args = xrealloc(e->args, (e->nargs + 1) * sizeof *e->args);
    e->args[e->nargs++] = a;
}

void expr_free(expr *e)
{
    if (!e) return;
    for (size_t i = 0; i < e->nargs; i++) expr_free(e->args[i]);
    free(e->args);
    free(e->text);
    free(e->desc);
    free(e->with);
    free(e->attr);
    expr_free(e->after);
    expr_free(e->on_or_after);
    expr_free(e->before);
    expr_free(e->on_or_before);
    if (e->re) pcre2_code_free(e->re);
    if (e->mctx) pcre2_match_context_free(e->mctx);
    for (size_t i = 0; i < e->nnames; i++) free(e->names[i]);
    free(e->names);
    free(e);
}

void expr_fields(const expr *e, void (*cb)(const char *field, void *arg), void *arg)
{
    if (!e) return;
    if (e->op == OP_VAR && e->vs == VS_FIELD) cb(e->text, arg);
    else if (e->op == OP_FLAG) cb("flags", arg);
    else if (e->op == OP_HAS || e->op == OP_COUNT || e->op == OP_FIRST || e->op == OP_LAST)
        cb(!strcmp(e->text, "filed") ? "filed_on" : !strcmp(e->text, "closed") ? "closed_on" : "events", arg);
    for (size_t i = 0; i < e->nargs; i++) expr_fields(e->args[i], cb, arg);
    expr_fields(e->after, cb, arg);
    expr_fields(e->on_or_after, cb, arg);
    expr_fields(e->before, cb, arg);
    expr_fields(e->on_or_before, cb, arg);
}

void expr_tool_vars(const expr *e, const json_t *vars, void (*cb)(const char *name, void *arg), void *arg)
{
    if (!e) return;
    if (e->op == OP_VAR && e->vs == VS_TOOL) cb(e->text, arg);
    else if ((e->op == OP_MISSING || e->op == OP_PRESENT) && vars)
        for (size_t i = 0; i < e->nnames; i++)
            if (json_object_get(vars, e->names[i])) cb(e->names[i], arg);
    for (size_t i = 0; i < e->nargs; i++) expr_tool_vars(e->args[i], vars, cb, arg);
    expr_tool_vars(e->after, vars, cb, arg);
    expr_tool_vars(e->on_or_after, vars, cb, arg);
    expr_tool_vars(e->before, vars, cb, arg);
    expr_tool_vars(e->on_or_before, vars, cb, arg);
}

static const char *type_name(expr_type t)
{
    static const char *const names[] = {
        [TY_BOOL] = "a truth", [TY_NUM] = "a number", [TY_MONEY] = "money", [TY_DATE] = "a date",
        [TY_TEXT] = "text", [TY_LIST] = "a list", [TY_NULL] = "null",
    };
    return names[t];
}

int expr_is_condition(const expr *e)
{
    return e && e->type == TY_BOOL;
}

/* Sets a literal's trace text from its (coerced) value. */
static void lit_describe(expr *e)
{
    free(e->desc);
    if (e->type == TY_LIST) {
        size_t len = 2;
        for (size_t i = 0; i < e->nargs; i++) len += strlen(e->args[i]->desc) + 2;
        char *s = xcalloc(1, len + 1);
        strcat(s, "[");
        for (size_t i = 0; i < e->nargs; i++) {
            if (i) strcat(s, ", ");
            strcat(s, e->args[i]->desc);
        }
        strcat(s, "]");
        e->desc = s;
        return;
    }
    char buf[128];
    e->desc = xstrdup(expr_value_text(&e->lit, buf, sizeof buf));
}

static expr *compile(json_t *j, cctx *c);

/* A literal: true, false, null, a number, a string, or a list of those. */
static expr *compile_literal(json_t *j, cctx *c, int in_list)
{
    expr *e = node_new(OP_LIT, TY_NULL);
    e->is_lit = 1;
    e->lit.st = 1;
    switch (json_typeof(j)) {
    case JSON_TRUE:
    case JSON_FALSE:
        e->type = TY_BOOL;
        e->lit.b = json_is_true(j);
        break;
    case JSON_INTEGER:
        e->type = TY_NUM;
        e->lit.num = (double)json_integer_value(j);
        e->text = xasprintf("%lld", (long long)json_integer_value(j));
        break;
    case JSON_REAL:
        e->type = TY_NUM;
        e->lit.num = json_real_value(j);
        e->text = xasprintf("%.15g", json_real_value(j));
        break;
    case JSON_STRING:
        e->type = TY_TEXT;
        e->text = xstrdup(json_string_value(j));
        break;
    case JSON_NULL:
        e->lit.st = 0;
        break;
    case JSON_ARRAY: {
        if (in_list) return fail(c, e, "a list inside a list");
        e->type = TY_LIST;
        size_t i;
        json_t *v;
        json_array_foreach(j, i, v) {
            if (json_is_object(v)) return fail(c, e, "a list holds literals, not operations");
            expr *a = compile_literal(v, c, 1);
            if (!a) return fail(c, e, "bad list");
            push_arg(e, a);
        }
        break;
    }
    case JSON_OBJECT:
        return fail(c, e, "an operation where a literal belongs");
    }
    e->lit.type = e->type;
    e->lit.text = e->text;
    lit_describe(e);
    return e;
}

/* Gives a literal the type t (field: the canonical field the other side
 * reads, for the value aliases of share/values.tsv, or NULL).  0, or -1. */
static int coerce(expr *e, expr_type t, const char *field, cctx *c)
{
    if (!e->is_lit || e->type == TY_NULL) return 0;
    if (e->type == TY_LIST) {
        for (size_t i = 0; i < e->nargs; i++)
            if (coerce(e->args[i], t, field, c) != 0) return -1;
        lit_describe(e);
        return 0;
    }
    if (e->type == t && t != TY_TEXT) return 0;
    const char *s = e->text;
    switch (t) {
    case TY_MONEY:
        if (!s || money_parse(s, strlen(s), &e->lit.fen) != 0) {
            fail(c, NULL, "bad money '%s'", s ? s : "true/false");
            return -1;
        }
        break;
    case TY_DATE:
        if (e->type != TY_TEXT || date_parse(s, strlen(s), &e->lit.d) != 0) {
            fail(c, NULL, "bad date '%s'", s ? s : "true/false");
            return -1;
        }
        break;
    case TY_TEXT:
        if (e->type != TY_TEXT) {
            fail(c, NULL, "expected text, got %s", type_name(e->type));
            return -1;
        }
        if (field) {
            char *canon = xstrdup(value_canonical(field, s));
            free(e->text);
            e->text = canon;
            e->lit.text = canon;
        }
        break;
    case TY_BOOL:
        if (e->type != TY_TEXT || bool_parse(s, strlen(s), &e->lit.b) != 0) {
            fail(c, NULL, "expected true or false, got '%s'", s ? s : "");
            return -1;
        }
        break;
    default:
        fail(c, NULL, "expected %s, got %s", type_name(t), type_name(e->type));
        return -1;
    }
    e->type = t;
    e->lit.type = t;
    lit_describe(e);
    return 0;
}

/* The canonical field a non-literal reads directly, for value aliases. */
static const char *field_of(const expr *e)
{
    return e->op == OP_VAR && e->vs == VS_FIELD ? e->text : NULL;
}

/* The argument list of an operation: an array, or one value. */
static size_t nargs_of(json_t *a)
{
    return json_is_array(a) ? json_array_size(a) : 1;
}

static json_t *arg_of(json_t *a, size_t i)
{
    return json_is_array(a) ? json_array_get(a, i) : a;
}

static int type_from_name(const char *s, expr_type *t)
{
    static const struct { const char *name; expr_type t; } types[] = {
        {"date", TY_DATE}, {"money", TY_MONEY}, {"number", TY_NUM},
        {"text", TY_TEXT}, {"bool", TY_BOOL}, {"list", TY_LIST},
    };
    for (size_t i = 0; s && i < sizeof types / sizeof *types; i++)
        if (strcmp(s, types[i].name) == 0) { *t = types[i].t; return 0; }
    return -1;
}

static expr *compile_var(json_t *a, cctx *c)
{
    if (json_is_array(a) && json_array_size(a) == 1) a = json_array_get(a, 0);
    if (!json_is_string(a)) return fail(c, NULL, "\"var\" takes a field name");
    const char *name = json_string_value(a);
    static const struct { const char *name; var_source vs; expr_type t; } virt[] = {
        {"kind", VS_KIND, TY_TEXT}, {"as_of", VS_ASOF, TY_DATE}, {"case_year", VS_YEAR, TY_NUM},
        {"case_seq", VS_SEQ, TY_NUM}, {"court_code", VS_COURT, TY_TEXT},
    };
    expr *e = node_new(OP_VAR, TY_NULL);
    for (size_t i = 0; i < sizeof virt / sizeof *virt; i++)
        if (strcmp(name, virt[i].name) == 0) {
            e->vs = virt[i].vs;
            e->type = virt[i].t;
            e->text = xstrdup(name);
            e->desc = xstrdup(name);
            return e;
        }
    json_t *decl = c->vars ? json_object_get(c->vars, name) : NULL;
    if (decl) {
        if (type_from_name(json_string_value(decl), &e->type) != 0)
            return fail(c, e, "variable '%s': unknown type", name);
        e->vs = VS_TOOL;
        e->text = xstrdup(name);
        e->desc = xstrdup(name);
        return e;
    }
    field_type ft;
    const char *canon = name;
    if (!field_type_of(canon, &ft)) {
        canon = field_canonical(name);
        if (!canon || !field_type_of(canon, &ft)) return fail(c, e, "unknown field '%s'", name);
    }
    switch (ft) {
    case FT_MONEY: e->type = TY_MONEY; break;
    case FT_DATE: e->type = TY_DATE; break;
    case FT_BOOL: e->type = TY_BOOL; break;
    case FT_LIST: e->type = TY_LIST; break;
    case FT_TEXT:
    case FT_CASENO: e->type = TY_TEXT; break;
    case FT_EVENTS:
    case FT_FUNDS:
        return fail(c, e, "field '%s' is a list of movements; use has, count, first or last", canon);
    }
    e->vs = VS_FIELD;
    e->text = xstrdup(canon);
    e->desc = xstrdup(canon);
    return e;
}

/* Compiles a subexpression that must be a truth. */
static expr *compile_cond(json_t *j, const char *op, cctx *c)
{
    expr *e = compile(j, c);
    if (e && e->type != TY_BOOL)
        return fail(c, e, "'%s' needs conditions, got %s", op, type_name(e->type));
    return e;
}

/* Compiles a date operand (a date literal is allowed). */
static expr *compile_date(json_t *j, const char *op, cctx *c)
{
    expr *e = compile(j, c);
    if (!e) return NULL;
    if (e->is_lit && coerce(e, TY_DATE, NULL, c) != 0) return fail(c, e, "bad date");
    if (e->type != TY_DATE && e->type != TY_NULL)
        return fail(c, e, "'%s' needs a date, got %s", op, type_name(e->type));
    return e;
}

static expr *compile_logic(expr_op op, const char *name, json_t *a, cctx *c)
{
    size_t n = nargs_of(a);
    if (n == 0 || (op == OP_NOT && n != 1)) return fail(c, NULL, "'%s' takes %s", name, op == OP_NOT ? "one condition" : "conditions");
    expr *e = node_new(op, TY_BOOL);
    for (size_t i = 0; i < n; i++) {
        expr *x = compile_cond(arg_of(a, i), name, c);
        if (!x) return fail(c, e, "bad operand");
        push_arg(e, x);
    }
    e->desc = xstrdup(name);
    return e;
}

/* Joins the descriptions of e's arguments: "a + b", "max(a, b)". */
static char *join_desc(const expr *e, const char *pre, const char *sep, const char *post)
{
    size_t len = strlen(pre) + strlen(post) + 1;
    for (size_t i = 0; i < e->nargs; i++) len += strlen(e->args[i]->desc) + strlen(sep);
    char *s = xcalloc(1, len);
    strcat(s, pre);
    for (size_t i = 0; i < e->nargs; i++) {
        if (i) strcat(s, sep);
        strcat(s, e->args[i]->desc);
    }
    strcat(s, post);
    return s;
}

/* Compiles the arguments of e and types them alike: the type of the
 * non-literal ones (they must agree), literals coerced to it. */
static int compile_alike(expr *e, json_t *a, const char *name, expr_type lit_default, cctx *c)
{
    size_t n = nargs_of(a);
    for (size_t i = 0; i < n; i++) {
        expr *x = compile(arg_of(a, i), c);
        if (!x) return -1;
        push_arg(e, x);
    }
    expr_type t = TY_NULL;
    const char *field = NULL;
    for (size_t i = 0; i < e->nargs; i++) {
        expr *x = e->args[i];
        if (x->is_lit || x->type == TY_NULL) continue;
        if (t == TY_NULL) { t = x->type; field = field_of(x); }
        else if (x->type != t) {
            fail(c, NULL, "'%s': cannot mix %s and %s", name, type_name(t), type_name(x->type));
            return -1;
        }
    }
    if (t == TY_NULL) t = lit_default;
    if (t == TY_NULL)       /* literals only: their own type */
        for (size_t i = 0; i < e->nargs && t == TY_NULL; i++) t = e->args[i]->type;
    for (size_t i = 0; i < e->nargs; i++)
        if (coerce(e->args[i], t, field, c) != 0) return -1;
    return t == TY_NULL ? (int)TY_NULL : (int)t;
}

static expr *compile_cmp(cmp_op op, const char *name, json_t *a, cctx *c)
{
    size_t n = nargs_of(a);
    int between = (op == CMP_LT || op == CMP_LE) && n == 3;
    if (n != 2 && !between) return fail(c, NULL, "'%s' takes two operands", name);
    expr *e = node_new(OP_CMP, TY_BOOL);
    e->cmp = op;
    int t = compile_alike(e, a, name, TY_NULL, c);
    if (t < 0) return fail(c, e, "bad operand");
    if (t == TY_LIST) return fail(c, e, "'%s' cannot compare lists", name);
    if (t == TY_BOOL && op != CMP_EQ && op != CMP_NE) return fail(c, e, "'%s' cannot order truths", name);
    char sep[8];
    snprintf(sep, sizeof sep, " %s ", name);
    e->desc = join_desc(e, "", sep, "");
    e->text = xstrdup(name);
    return e;
}

static expr *compile_in(json_t *a, cctx *c)
{
    if (nargs_of(a) != 2) return fail(c, NULL, "'in' takes two operands");
    expr *e = node_new(OP_IN, TY_BOOL);
    expr *x = compile(arg_of(a, 0), c);
    if (!x) return fail(c, e, "bad operand");
    push_arg(e, x);
    expr *in = compile(arg_of(a, 1), c);
    if (!in) return fail(c, e, "bad operand");
    push_arg(e, in);
    if (x->type == TY_LIST || x->type == TY_BOOL) return fail(c, e, "'in' cannot look for %s", type_name(x->type));
    if (in->is_lit && in->type == TY_LIST) {
        expr_type t = x->type;
        if (coerce(in, t, field_of(x), c) != 0 || coerce(x, t, NULL, c) != 0) return fail(c, e, "bad list");
    } else if (in->type == TY_TEXT) {
        if (coerce(x, TY_TEXT, NULL, c) != 0 || x->type != TY_TEXT)
            return fail(c, e, "'in' looks for text in text, got %s", type_name(x->type));
    } else if (in->type == TY_LIST) {
        if (coerce(x, TY_TEXT, NULL, c) != 0 || x->type != TY_TEXT)
            return fail(c, e, "'in' looks for text in a list, got %s", type_name(x->type));
        if (x->is_lit && in->op == OP_VAR && strcmp(in->text, "flags") == 0) {
            const char *f = flag_canonical(x->text);
            if (!f) return fail(c, e, "unknown flag '%s'", x->text);
            char *canon = xstrdup(f);
            free(x->text);
            x->text = canon;
            x->lit.text = canon;
            lit_describe(x);
        }
    } else {
        return fail(c, e, "'in' needs a list or text, got %s", type_name(in->type));
    }
    e->desc = join_desc(e, "", " in ", "");
    return e;
}

static expr *compile_flag(json_t *a, cctx *c)
{
    if (json_is_array(a) && json_array_size(a) == 1) a = json_array_get(a, 0);
    if (!json_is_string(a)) return fail(c, NULL, "'flag' takes a flag name");
    const char *f = flag_canonical(json_string_value(a));
    if (!f) return fail(c, NULL, "unknown flag '%s'", json_string_value(a));
    expr *e = node_new(OP_FLAG, TY_BOOL);
    e->text = xstrdup(f);
    e->desc = xasprintf("flag %s", f);
    return e;
}

static expr *compile_missing(expr_op op, const char *name, json_t *a, cctx *c)
{
    size_t n = nargs_of(a);
    if (n == 0) return fail(c, NULL, "'%s' takes field names", name);
    expr *e = node_new(op, TY_BOOL);
    e->names = xcalloc(n, sizeof *e->names);
    size_t len = strlen(name) + 2;
    for (size_t i = 0; i < n; i++) {
        json_t *f = arg_of(a, i);
        if (!json_is_string(f)) return fail(c, e, "'%s' takes field names", name);
        const char *s = json_string_value(f), *canon = s;
        field_type ft;
        if (!(c->vars && json_object_get(c->vars, s)) && !field_type_of(s, &ft)) {
            canon = field_canonical(s);
            if (!canon) return fail(c, e, "unknown field '%s'", s);
        }
        e->names[e->nnames++] = xstrdup(canon);
        len += strlen(canon) + 2;
    }
    char *d = xcalloc(1, len);
    strcat(d, name);
    strcat(d, " ");
    for (size_t i = 0; i < e->nnames; i++) {
        if (i) strcat(d, ", ");
        strcat(d, e->names[i]);
    }
    e->desc = d;
    return e;
}

static expr *compile_match(json_t *a, cctx *c)
{
    if (nargs_of(a) != 2 || !json_is_string(arg_of(a, 1)))
        return fail(c, NULL, "'match' takes a text and a regex");
    expr *e = node_new(OP_MATCH, TY_BOOL);
    expr *x = compile(arg_of(a, 0), c);
    if (!x) return fail(c, e, "bad operand");
    push_arg(e, x);
    if (x->type != TY_TEXT) return fail(c, e, "'match' needs text, got %s", type_name(x->type));
    const char *pat = json_string_value(arg_of(a, 1));
    int code;
    PCRE2_SIZE off;
    e->re = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED, PCRE2_UTF, &code, &off, NULL);
    if (!e->re) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(code, msg, sizeof msg);
        return fail(c, e, "bad regex '%s': %s at offset %zu", pat, (const char *)msg, (size_t)off);
    }
    e->mctx = pcre2_match_context_create(NULL);
    if (!e->mctx) xalloc_die();
    pcre2_set_match_limit(e->mctx, EXPR_MATCH_LIMIT);
    pcre2_set_depth_limit(e->mctx, EXPR_DEPTH_LIMIT);
    pcre2_set_heap_limit(e->mctx, EXPR_HEAP_LIMIT_KIB);
    e->text = xstrdup(pat);
    e->desc = xasprintf("%s match /%s/", x->desc, pat);
    return e;
}

/* {"cause_in": [TEXT, "买卖合同纠纷", ...]}: TEXT is one of the causes named
 * or listed under one (share/causes.tsv, SPEC 5.3).  A cause named must be
 * in the table (a misspelt one would never match), unless written "=TEXT":
 * that text exactly, for a word a court uses that the table lacks. */
static expr *compile_cause_in(json_t *a, cctx *c)
{
    size_t n = nargs_of(a);
    if (!json_is_array(a) || n < 2) return fail(c, NULL, "'cause_in' takes a text and the causes it may be");
    expr *e = node_new(OP_CAUSE_IN, TY_BOOL);
    expr *x = compile(arg_of(a, 0), c);
    if (!x) return fail(c, e, "bad operand");
    push_arg(e, x);
    if (x->type != TY_TEXT || x->is_lit) return fail(c, e, "'cause_in' needs a text field first, got %s", x->is_lit ? "a literal" : type_name(x->type));
    e->names = xcalloc(n - 1, sizeof *e->names);
    size_t len = strlen(x->desc) + 16;
    for (size_t i = 1; i < n; i++) {
        json_t *v = arg_of(a, i);
        if (!json_is_string(v)) return fail(c, e, "'cause_in' names causes as text");
        const char *name = json_string_value(v);
        if (name[0] == '=' ? !name[1] : !cause_known(name))
            return fail(c, e, "unknown cause '%s' (not in causes.tsv; \"=%s\" for that text exactly)", name, name);
        e->names[e->nnames++] = xstrdup(name);
        len += strlen(name) + 2;
    }
    char *d = xcalloc(1, len);
    strcat(d, x->desc);
    strcat(d, " cause_in [");
    for (size_t i = 0; i < e->nnames; i++) {
        if (i) strcat(d, ", ");
        strcat(d, e->names[i]);
    }
    strcat(d, "]");
    e->desc = d;
    return e;
}

/* A field name for an event's "with" or "attr" (attr: a date field). */
static char *event_key(json_t *v, const char *key, int want_date, cctx *c)
{
    if (!json_is_string(v)) { fail(c, NULL, "\"%s\" takes a field name", key); return NULL; }
    const char *s = json_string_value(v), *canon = s;
    field_type ft;
    if (!field_type_of(canon, &ft)) {
        canon = field_canonical(s);
        if (!canon || !field_type_of(canon, &ft)) { fail(c, NULL, "unknown field '%s'", s); return NULL; }
    }
    if (want_date && ft != FT_DATE) { fail(c, NULL, "\"attr\" '%s' is not a date", s); return NULL; }
    return xstrdup(canon);
}

/* has / count / first / last over node events. */
static expr *compile_event(expr_op op, const char *name, json_t *spec, cctx *c)
{
    static const expr_type result[] = {[OP_HAS] = TY_BOOL, [OP_COUNT] = TY_NUM, [OP_FIRST] = TY_DATE, [OP_LAST] = TY_DATE};
    expr *e = node_new(op, result[op]);
    if (json_is_array(spec) && json_array_size(spec) == 1) spec = json_array_get(spec, 0);
    json_t *node = spec;
    if (json_is_object(spec)) {
        node = json_object_get(spec, "node");
        const char *key;
        json_t *v;
        json_object_foreach(spec, key, v) {
            expr **bound = strcmp(key, "after") == 0 ? &e->after
                         : strcmp(key, "on_or_after") == 0 ? &e->on_or_after
                         : strcmp(key, "before") == 0 ? &e->before
                         : strcmp(key, "on_or_before") == 0 ? &e->on_or_before : NULL;
            if (bound) {
                if (!(*bound = compile_date(v, key, c))) return fail(c, e, "bad bound");
            } else if (strcmp(key, "with") == 0) {
                if (!(e->with = event_key(v, key, 0, c))) return fail(c, e, "bad with");
            } else if (strcmp(key, "attr") == 0) {
                if (op != OP_FIRST && op != OP_LAST) return fail(c, e, "\"attr\" belongs to first or last");
                if (!(e->attr = event_key(v, key, 1, c))) return fail(c, e, "bad attr");
            } else if (strcmp(key, "node") != 0) {
                return fail(c, e, "unknown key '%s' in \"%s\"", key, name);
            }
        }
    }
    if (!json_is_string(node)) return fail(c, e, "'%s' takes a node id", name);
    const char *canon = node_canonical(json_string_value(node));
    if (!canon) return fail(c, e, "unknown node '%s'", json_string_value(node));
    e->text = xstrdup(canon);
    char *d = xasprintf("%s %s%s%s", name, canon, e->attr ? "." : "", e->attr ? e->attr : "");
    if (e->with) { char *t = xasprintf("%s with %s", d, e->with); free(d); d = t; }
    struct { const char *k; expr *b; } bounds[] = {
        {"after", e->after}, {"on_or_after", e->on_or_after}, {"before", e->before}, {"on_or_before", e->on_or_before},
    };
    for (size_t i = 0; i < 4; i++)
        if (bounds[i].b) { char *t = xasprintf("%s %s %s", d, bounds[i].k, bounds[i].b->desc); free(d); d = t; }
    e->desc = d;
    return e;
}

static expr *compile_add(json_t *a, cctx *c)
{
    if (nargs_of(a) != 2 || !json_is_string(arg_of(a, 1)))
        return fail(c, NULL, "'add' takes a date and a period");
    expr *e = node_new(OP_ADDP, TY_DATE);
    expr *d = compile_date(arg_of(a, 0), "add", c);
    if (!d) return fail(c, e, "bad date");
    push_arg(e, d);
    const char *p = json_string_value(arg_of(a, 1));
    if (period_parse(p, &e->per) != 0) return fail(c, e, "bad period '%s'", p);
    e->text = xstrdup(p);
    e->desc = xasprintf("%s + %s", d->desc, p);
    return e;
}

static expr *compile_days(json_t *a, cctx *c)
{
    if (nargs_of(a) != 2) return fail(c, NULL, "'days' takes two dates");
    expr *e = node_new(OP_DAYS, TY_NUM);
    for (size_t i = 0; i < 2; i++) {
        expr *d = compile_date(arg_of(a, i), "days", c);
        if (!d) return fail(c, e, "bad date");
        push_arg(e, d);
    }
    e->desc = join_desc(e, "days(", ", ", ")");
    return e;
}

/* + - max min: money or numbers (and dates for max/min). */
static expr *compile_arith(expr_op op, const char *name, json_t *a, cctx *c)
{
    size_t n = nargs_of(a);
    if (n == 0 || (op == OP_MINUS && n > 2)) return fail(c, NULL, "'%s': wrong number of operands", name);
    expr *e = node_new(op, TY_NULL);
    int has_money_lit = 0;
    for (size_t i = 0; i < n; i++)
        if (json_is_string(arg_of(a, i))) has_money_lit = 1;
    /* literals only with "10万" among them: money */
    int t = compile_alike(e, a, name, has_money_lit ? TY_MONEY : TY_NULL, c);
    if (t < 0) return fail(c, e, "bad operand");
    int ok = t == TY_MONEY || t == TY_NUM || ((op == OP_MAX || op == OP_MIN) && t == TY_DATE);
    if (!ok) return fail(c, e, "'%s' works on money%s or numbers, got %s", name,
                         op == OP_MAX || op == OP_MIN ? ", dates" : "", type_name((expr_type)t));
    e->type = (expr_type)t;
    if (op == OP_MINUS && n == 1) e->desc = xasprintf("-%s", e->args[0]->desc);
    else if (op == OP_PLUS) e->desc = join_desc(e, "", " + ", "");
    else if (op == OP_MINUS) e->desc = join_desc(e, "", " - ", "");
    else e->desc = join_desc(e, op == OP_MAX ? "max(" : "min(", ", ", ")");
    return e;
}

static expr *compile(json_t *j, cctx *c)
{
    if (!json_is_object(j)) return compile_literal(j, c, 0);
    if (json_object_size(j) != 1) return fail(c, NULL, "an operation is an object with one key");
    const char *op = json_object_iter_key(json_object_iter(j));
    json_t *a = json_object_get(j, op);
    static const struct { const char *name; cmp_op cmp; } cmps[] = {
        {"==", CMP_EQ}, {"!=", CMP_NE}, {"<", CMP_LT}, {"<=", CMP_LE}, {">", CMP_GT}, {">=", CMP_GE},
    };
    for (size_t i = 0; i < sizeof cmps / sizeof *cmps; i++)
        if (strcmp(op, cmps[i].name) == 0) return compile_cmp(cmps[i].cmp, op, a, c);
    if (strcmp(op, "var") == 0) return compile_var(a, c);
    if (strcmp(op, "and") == 0) return compile_logic(OP_AND, op, a, c);
    if (strcmp(op, "or") == 0) return compile_logic(OP_OR, op, a, c);
    if (strcmp(op, "!") == 0) return compile_logic(OP_NOT, op, a, c);
    if (strcmp(op, "in") == 0) return compile_in(a, c);
    if (strcmp(op, "flag") == 0) return compile_flag(a, c);
    if (strcmp(op, "missing") == 0) return compile_missing(OP_MISSING, op, a, c);
    if (strcmp(op, "present") == 0) return compile_missing(OP_PRESENT, op, a, c);
    if (strcmp(op, "match") == 0) return compile_match(a, c);
    if (strcmp(op, "cause_in") == 0) return compile_cause_in(a, c);
    if (strcmp(op, "has") == 0) return compile_event(OP_HAS, op, a, c);
    if (strcmp(op, "count") == 0) return compile_event(OP_COUNT, op, a, c);
    if (strcmp(op, "first") == 0) return compile_event(OP_FIRST, op, a, c);
    if (strcmp(op, "last") == 0) return compile_event(OP_LAST, op, a, c);
    if (strcmp(op, "add") == 0) return compile_add(a, c);
    if (strcmp(op, "days") == 0) return compile_days(a, c);
    if (strcmp(op, "+") == 0) return compile_arith(OP_PLUS, op, a, c);
    if (strcmp(op, "-") == 0) return compile_arith(OP_MINUS, op, a, c);
    if (strcmp(op, "max") == 0) return compile_arith(OP_MAX, op, a, c);
    if (strcmp(op, "min") == 0) return compile_arith(OP_MIN, op, a, c);
    return fail(c, NULL, "unknown operator '%s'", op);
}

expr *expr_compile_vars(json_t *cond, json_t *vars, char **err)
{
    cctx c = {vars, NULL};
    expr *e = cond ? compile(cond, &c) : fail(&c, NULL, "no condition");
    if (!e) {
        if (err) *err = c.err ? c.err : xstrdup("bad condition");
        else free(c.err);
        return NULL;
    }
    return e;
}

expr *expr_compile(json_t *cond, char **err)
{
    return expr_compile_vars(cond, NULL, err);
}
