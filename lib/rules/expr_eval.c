/* expr_eval.c: three-valued evaluation of compiled conditions over a
 * record, and the explain trace.
 *
 * A value is present, absent (a field missing or empty) or unknown (present
 * but unreadable).  Comparisons with an absent side are false; with an
 * unknown side, unknown; and/or/! follow Kleene's logic. */
#include "expr_impl.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boolval.h"
#include "caseno.h"
#include "causes.h"
#include "explain.h"
#include "fields.h"
#include "json_fast.h"
#include "money.h"
#include "xalloc.h"

enum { TRACE_TEXT = 256 };

static void eval(const expr *e, evalctx *cx, value *out);
static tv cond(const expr *e, evalctx *cx);

const char *expr_value_text(const value *v, char *buf, size_t n)
{
    if (v->st == 0) { snprintf(buf, n, "(absent)"); return buf; }
    if (v->st < 0) {
        if (v->raw) snprintf(buf, n, "invalid '%s'", v->raw);
        else snprintf(buf, n, "unknown");
        return buf;
    }
    switch (v->type) {
    case TY_BOOL: snprintf(buf, n, "%s", v->b ? "true" : "false"); break;
    case TY_NUM:
        if (v->num == nearbyint(v->num) && fabs(v->num) < 9e15) snprintf(buf, n, "%lld", (long long)v->num);
        else snprintf(buf, n, "%.15g", v->num);
        break;
    case TY_MONEY: {
        int64_t a = v->fen < 0 ? -v->fen : v->fen;
        snprintf(buf, n, "%s%lld.%02lld", v->fen < 0 ? "-" : "", (long long)(a / 100), (long long)(a % 100));
        break;
    }
    case TY_DATE: {
        char d[24];
        date_format(v->d, d);
        snprintf(buf, n, "%s", d);
        break;
    }
    case TY_TEXT: snprintf(buf, n, "%s", v->text ? v->text : ""); break;
    case TY_LIST:
        if (json_is_string(v->list)) snprintf(buf, n, "%s", json_string_value(v->list));
        else if (n > 1) {
            size_t len = v->list ? json_dumpb(v->list, buf, n - 1, JSON_COMPACT) : 0;
            buf[len < n ? len : n - 1] = 0;
        }
        break;
    case TY_NULL: snprintf(buf, n, "null"); break;
    }
    return buf;
}

/* Sets cx->why (the first reason only) for an unknown result. */
static void unknown(evalctx *cx, const char *field, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void unknown(evalctx *cx, const char *field, const char *fmt, ...)
{
    if (cx->why) return;
    va_list ap;
    va_start(ap, fmt);
    if (vasprintf(&cx->why, fmt, ap) < 0) cx->why = NULL;
    va_end(ap);
    cx->why_field = field;
}


static const char *tv_name(tv t)
{
    return t == TV_TRUE ? "true" : t == TV_FALSE ? "false" : "unknown";
}

/* An operand as the trace shows it: "amount 100000.00", or a literal's value. */
static const char *operand_text(const expr *e, const value *v, char *buf, size_t n)
{
    char vb[TRACE_TEXT];
    if (e->is_lit) snprintf(buf, n, "%s", e->desc);
    else snprintf(buf, n, "%s %s", e->desc, expr_value_text(v, vb, sizeof vb));
    return buf;
}

static void set_bool(value *out, tv t)
{
    out->type = TY_BOOL;
    out->st = t == TV_UNKNOWN ? -1 : 1;
    out->b = t == TV_TRUE;
}

static const char *type_word(expr_type t)
{
    switch (t) {
    case TY_MONEY: return "money";
    case TY_DATE: return "date";
    case TY_BOOL: return "boolean";
    case TY_NUM: return "number";
    default: return "text";
    }
}

/* The text of an unreadable JSON value, for messages (into out->buf). */
static const char *raw_of(json_t *j, value *out)
{
    if (json_is_string(j)) return json_string_value(j);
    size_t len = j ? json_dumpb(j, out->buf, sizeof out->buf - 1, JSON_COMPACT | JSON_ENCODE_ANY) : 0;
    out->buf[len < sizeof out->buf ? len : sizeof out->buf - 1] = 0;
    return out->buf;
}

static int blank_json(json_t *j)
{
    if (!j || json_is_null(j)) return 1;
    if (json_is_array(j)) return json_array_size(j) == 0;
    if (!json_is_string(j)) return 0;
    for (const char *s = json_string_value(j); *s; s++)
        if (*s != ' ' && *s != '\t') return 0;
    return 1;
}

/* A tool variable's JSON value read as type t: 1, 0 absent, -1 unreadable. */
static int from_json(json_t *j, expr_type t, value *out)
{
    if (blank_json(j)) return 0;
    const char *s = json_string_value(j);
    size_t n = s ? json_string_length(j) : 0;
    switch (t) {
    case TY_MONEY:
        if (json_is_integer(j)) { out->fen = (int64_t)json_integer_value(j) * 100; return 1; }
        double raw;
        if (json_is_real(j) || json_rawnum_double(j, &raw)) {   /* a number kept as its text: its double */
            double f = (json_is_real(j) ? json_real_value(j) : raw) * 100.0;
            if (fabs(f - nearbyint(f)) > 1e-6 || fabs(f) > 9e15) return -1;
            out->fen = (int64_t)nearbyint(f);
            return 1;
        }
        return s && money_parse(s, n, &out->fen) == 0 ? 1 : -1;
    case TY_DATE:
        return s && date_parse(s, n, &out->d) == 0 ? 1 : -1;
    case TY_NUM: {
        if (json_is_number(j)) { out->num = json_number_value(j); return 1; }
        if (json_rawnum_text(j, NULL)) return json_rawnum_double(j, &out->num) ? 1 : -1;
        char *end;
        if (!s) return -1;
        out->num = strtod(s, &end);
        return end != s && *end == 0 ? 1 : -1;
    }
    case TY_BOOL:
        if (json_is_boolean(j)) { out->b = json_is_true(j); return 1; }
        return s && bool_parse(s, n, &out->b) == 0 ? 1 : -1;
    case TY_LIST:
        out->list = j;
        return json_is_array(j) || s ? 1 : -1;
    default:
        out->text = s;
        return s ? 1 : -1;
    }
}

/* The case number's parts (case_year, case_seq, court_code). */
static void eval_caseno(const expr *e, evalctx *cx, value *out)
{
    json_t *j = cx->rec ? rec_get(cx->rec, "case_no") : NULL;
    if (blank_json(j)) { out->st = 0; return; }
    caseno c;
    const char *s = json_string_value(j);
    if (!s || caseno_parse(s, json_string_length(j), &c) != 0) {
        out->st = -1;
        out->raw = raw_of(j, out);
        unknown(cx, "case_no", "case_no: invalid case number '%s'", out->raw);
        return;
    }
    out->st = 1;
    if (e->vs == VS_YEAR) out->num = c.year;
    else if (e->vs == VS_SEQ) out->num = (double)c.seq;
    else {
        snprintf(out->buf, sizeof out->buf, "%s", c.court);
        out->text = out->buf;
    }
}

/* A field the record's CSV input has no column for (record.h): not known
 * to be absent, so what reads it is unknown (issue 18: never silently
 * false). */
static int no_column(const evalctx *cx, const char *field)
{
    return rec_no_column(cx->rec, field);
}

/* A record field read by its type. */
static void eval_field(const expr *e, evalctx *cx, value *out)
{
    if (!cx->rec) { out->st = 0; return; }
    const char *f = e->text;
    switch (e->type) {
    case TY_MONEY: out->st = rec_money(cx->rec, f, &out->fen); break;
    case TY_DATE: out->st = rec_date(cx->rec, f, &out->d); break;
    case TY_BOOL: out->st = rec_bool(cx->rec, f, &out->b); break;
    case TY_LIST: {
        json_t *j = rec_get(cx->rec, f);
        out->list = j;
        out->st = blank_json(j) ? 0 : (json_is_array(j) || json_is_string(j)) ? 1 : -1;
        break;
    }
    default: out->st = rec_text(cx->rec, f, &out->text); break;
    }
    if (out->st < 0) {
        out->raw = raw_of(rec_get(cx->rec, f), out);
        unknown(cx, e->text, "%s: invalid %s '%s'", f, type_word(e->type), out->raw);
    } else if (out->st == 0 && no_column(cx, f)) {
        out->st = -1;
        unknown(cx, e->text, "%s: no column in the input", f);
    }
}

static void eval_var(const expr *e, evalctx *cx, value *out)
{
    json_t *j = cx->vars ? json_object_get(cx->vars, e->text) : NULL;
    if (j && !json_is_null(j)) {
        out->st = from_json(j, e->type, out);
        if (out->st < 0) {
            out->raw = raw_of(j, out);
            unknown(cx, e->text, "%s: invalid %s '%s'", e->text, type_word(e->type), out->raw);
        }
        return;
    }
    switch (e->vs) {
    case VS_TOOL: out->st = 0; break;
    case VS_ASOF: out->st = 1; out->d = cx->as_of; break;
    case VS_KIND:
        if (!cx->kind_known) {
            cx->kind = cx->rec ? rec_kind(cx->rec) : NULL;
            cx->kind_known = 1;
        }
        out->text = cx->kind;
        out->st = out->text ? 1 : 0;
        break;
    case VS_YEAR:
    case VS_SEQ:
    case VS_COURT: eval_caseno(e, cx, out); break;
    case VS_FIELD: eval_field(e, cx, out); break;
    }
}

/* Orders two present values of one type. */
static int cmp_values(const value *a, const value *b)
{
    switch (a->type) {
    case TY_NUM: return (a->num > b->num) - (a->num < b->num);
    case TY_MONEY: return (a->fen > b->fen) - (a->fen < b->fen);
    case TY_DATE: return date_cmp(a->d, b->d);
    case TY_BOOL: return (a->b != 0) - (b->b != 0);
    case TY_TEXT: return strcmp(a->text ? a->text : "", b->text ? b->text : "");
    default: return 0;
    }
}

static int cmp_holds(cmp_op op, int c)
{
    switch (op) {
    case CMP_EQ: return c == 0;
    case CMP_NE: return c != 0;
    case CMP_LT: return c < 0;
    case CMP_LE: return c <= 0;
    case CMP_GT: return c > 0;
    case CMP_GE: return c >= 0;
    }
    return 0;
}

static void eval_cmp(const expr *e, evalctx *cx, value *out)
{
    value v[3];
    int absent = 0, unk = 0;
    for (size_t i = 0; i < e->nargs; i++) {
        memset(&v[i], 0, sizeof v[i]);
        eval(e->args[i], cx, &v[i]);
        if (v[i].st == 0) absent = 1;
        else if (v[i].st < 0) unk = 1;
    }
    tv t = TV_TRUE;
    if (absent) t = TV_FALSE;
    else if (unk) t = TV_UNKNOWN;
    else
        for (size_t i = 0; i + 1 < e->nargs; i++)
            if (!cmp_holds(e->cmp, cmp_values(&v[i], &v[i + 1]))) t = TV_FALSE;
    set_bool(out, t);
    if (cx->trace) {
        char line[4 * (TRACE_TEXT + 64)] = "", op[TRACE_TEXT + 64];
        for (size_t i = 0; i < e->nargs; i++) {
            if (i) { strcat(line, " "); strcat(line, e->text); strcat(line, " "); }
            strcat(line, operand_text(e->args[i], &v[i], op, sizeof op));
        }
        explain_trace(cx->trace, "%s: %s", line, tv_name(t));
    }
}

/* 1 if x is in the list value l (a record's list field). */
static int in_list_field(const expr *le, const value *l, const char *x, evalctx *cx)
{
    if (strcmp(le->text, "flags") == 0 && le->op == OP_VAR && le->vs == VS_FIELD) {
        const char *f = flag_canonical(x);
        return rec_has_flag(cx->rec, f ? f : x);
    }
    if (json_is_string(l->list)) return strstr(json_string_value(l->list), x) != NULL;
    size_t i;
    json_t *it;
    json_array_foreach(l->list, i, it)
        if (json_is_string(it) && strcmp(json_string_value(it), x) == 0) return 1;
    return 0;
}

static void eval_in(const expr *e, evalctx *cx, value *out)
{
    const expr *ce = e->args[1];
    value x, c;
    memset(&x, 0, sizeof x);
    memset(&c, 0, sizeof c);
    eval(e->args[0], cx, &x);
    tv t = TV_FALSE;
    if (ce->is_lit && ce->type == TY_LIST) {
        c.st = 1;
        if (x.st < 0) t = TV_UNKNOWN;
        else if (x.st > 0)
            for (size_t i = 0; i < ce->nargs && t == TV_FALSE; i++)
                if (ce->args[i]->lit.st == 1 && cmp_values(&x, &ce->args[i]->lit) == 0) t = TV_TRUE;
    } else {
        eval(ce, cx, &c);
        if (x.st == 0 || c.st == 0) t = TV_FALSE;
        else if (x.st < 0 || c.st < 0) t = TV_UNKNOWN;
        else if (ce->type == TY_TEXT) t = strstr(c.text, x.text) ? TV_TRUE : TV_FALSE;
        else t = in_list_field(ce, &c, x.text, cx) ? TV_TRUE : TV_FALSE;
    }
    set_bool(out, t);
    if (cx->trace) {
        char a[TRACE_TEXT + 64], b[TRACE_TEXT + 64];
        explain_trace(cx->trace, "%s in %s: %s", operand_text(e->args[0], &x, a, sizeof a),
                      operand_text(ce, &c, b, sizeof b), tv_name(t));
    }
}

/* The match block of every regex match: only whether it matched is used,
 * so one pair is enough.  Made on first use and kept for the run (a match
 * block per match cost more than most matches). */
static pcre2_match_data *match_block(void)
{
    static pcre2_match_data *md;
    if (!md && !(md = pcre2_match_data_create(1, NULL))) xalloc_die();
    return md;
}

static void eval_match(const expr *e, evalctx *cx, value *out)
{
    value x;
    memset(&x, 0, sizeof x);
    eval(e->args[0], cx, &x);
    tv t = TV_FALSE;
    if (x.st < 0) t = TV_UNKNOWN;
    else if (x.st > 0) {
        int rc = pcre2_match(e->re, (PCRE2_SPTR)x.text, strlen(x.text), 0, 0, match_block(), e->mctx);
        if (rc >= 0) t = TV_TRUE;
        else if (rc == PCRE2_ERROR_NOMATCH) t = TV_FALSE;
        else {
            t = TV_UNKNOWN;
            if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT || rc == PCRE2_ERROR_HEAPLIMIT) {
                unknown(cx, e->args[0]->desc, "regex match limit exceeded");
            } else {
                PCRE2_UCHAR msg[256];
                pcre2_get_error_message(rc, msg, sizeof msg);
                unknown(cx, e->args[0]->desc, "regex: %s", (const char *)msg);
            }
        }
    }
    set_bool(out, t);
    if (cx->trace) {
        char a[TRACE_TEXT + 64];
        explain_trace(cx->trace, "%s match /%s/: %s", operand_text(e->args[0], &x, a, sizeof a), e->text, tv_name(t));
    }
}

/* cause_in: the text is a cause named or one listed under it; a text not
 * in the table is compared exactly, with one warning per run. */
static void eval_cause_in(const expr *e, evalctx *cx, value *out)
{
    value x;
    memset(&x, 0, sizeof x);
    eval(e->args[0], cx, &x);
    tv t = TV_FALSE;
    int known = 1;
    if (x.st < 0) t = TV_UNKNOWN;
    else if (x.st > 0) {
        for (size_t i = 0; i < e->nnames && t == TV_FALSE; i++) {
            if (e->names[i][0] == '=') {   /* a text the table lacks, exactly */
                if (strcmp(x.text, e->names[i] + 1) == 0) t = TV_TRUE;
                continue;
            }
            int u = cause_under(x.text, e->names[i]);
            if (u < 0) {
                known = 0;
                if (strcmp(x.text, e->names[i]) == 0) t = TV_TRUE;
            } else if (u) {
                t = TV_TRUE;
            }
        }
        if (!known) cause_warn_unknown(x.text, cx->rec ? cx->rec->file : NULL, cx->rec ? cx->rec->line : 0);
    }
    set_bool(out, t);
    if (cx->trace) {
        char a[TRACE_TEXT + 64];
        const char *d = strstr(e->desc, " cause_in [");
        explain_trace(cx->trace, "%s%s%s: %s", operand_text(e->args[0], &x, a, sizeof a),
                      known ? "" : " (not in causes.tsv)",
                      d ? d : "", tv_name(t));
    }
}

/* 1 if the field or tool variable has a value. */
static int has_value(evalctx *cx, const char *name)
{
    json_t *j = cx->vars ? json_object_get(cx->vars, name) : NULL;
    if (!blank_json(j)) return 1;
    return cx->rec && !blank_json(rec_get(cx->rec, name));
}

/* has / count / first / last. */
static void eval_event(const expr *e, evalctx *cx, value *out)
{
    const expr *bexpr[4] = {e->after, e->on_or_after, e->before, e->on_or_before};
    value b[4];
    for (int i = 0; i < 4; i++) {
        memset(&b[i], 0, sizeof b[i]);
        if (!bexpr[i]) continue;
        eval(bexpr[i], cx, &b[i]);
        if (b[i].st <= 0) { out->st = b[i].st; out->type = e->type; return; }
    }
    const zevent *ev = NULL;
    int n = cx->rec ? rec_events(cx->rec, &ev) : 0, count = 0;
    const zevent *first = NULL, *last = NULL;
    for (int i = 0; i < n; i++) {
        if (ev[i].node[0] != e->text[0] || strcmp(ev[i].node, e->text) != 0) continue;
        if (e->after && date_cmp(ev[i].at, b[0].d) <= 0) continue;
        if (e->on_or_after && date_cmp(ev[i].at, b[1].d) < 0) continue;
        if (e->before && date_cmp(ev[i].at, b[2].d) >= 0) continue;
        if (e->on_or_before && date_cmp(ev[i].at, b[3].d) > 0) continue;
        if (e->with && blank_json(json_object_get(event_obj(&ev[i]), e->with))) continue;
        count++;
        if (!first) first = &ev[i];
        last = &ev[i];
    }
    out->type = e->type;
    out->st = 1;
    const char *from = !strcmp(e->text, "filed") ? "filed_on" : !strcmp(e->text, "closed") ? "closed_on" : "events";
    if (!count && no_column(cx, from)) {
        out->st = -1;
        unknown(cx, from, "%s: no column in the input", from);
        return;
    }
    /* an event of this node that could not be read may be the one asked
     * for (SPEC 6): only a readable one that answers "has" decides */
    int unreadable = cx->rec && strcmp(from, "events") == 0 && !(e->op == OP_HAS && count)
                         ? rec_event_unreadable(cx->rec, e->text) : 0;
    if (unreadable) {
        out->st = -1;
        char why[128];
        unknown(cx, "events", "events: %s", rec_event_unreadable_why(unreadable, e->text, why, sizeof why));
        return;
    }
    if (e->op == OP_HAS) { out->b = count > 0; return; }
    if (e->op == OP_COUNT) { out->num = count; return; }
    const zevent *pick = e->op == OP_FIRST ? first : last;
    if (!pick) { out->st = 0; return; }
    if (!e->attr || strcmp(e->attr, "at") == 0) { out->d = pick->at; return; }
    json_t *a = json_object_get(event_obj(pick), e->attr);
    if (blank_json(a)) { out->st = 0; return; }
    const char *s = json_string_value(a);
    if (!s || date_parse(s, json_string_length(a), &out->d) != 0) {
        out->st = -1;
        out->raw = raw_of(a, out);
        unknown(cx, "events", "%s.%s: invalid date '%s'", e->text, e->attr, out->raw);
    }
}

static void eval_arith(const expr *e, evalctx *cx, value *out)
{
    out->type = e->type;
    int absent = 0, unk = 0, any = 0;
    for (size_t i = 0; i < e->nargs; i++) {
        value v;
        memset(&v, 0, sizeof v);
        eval(e->args[i], cx, &v);
        if (v.st == 0) { absent = 1; continue; }
        if (v.st < 0) { unk = 1; continue; }
        if (e->op == OP_MAX || e->op == OP_MIN) {
            int c = any ? cmp_values(&v, out) : 0;
            if (!any || (e->op == OP_MAX ? c > 0 : c < 0)) { out->fen = v.fen; out->num = v.num; out->d = v.d; }
        } else {
            int neg = e->op == OP_MINUS && (i > 0 || e->nargs == 1);
            out->fen += neg ? -v.fen : v.fen;
            out->num += neg ? -v.num : v.num;
        }
        any = 1;
    }
    if (e->op == OP_MAX || e->op == OP_MIN) out->st = unk ? -1 : any ? 1 : 0;
    else out->st = absent ? 0 : unk ? -1 : 1;
}

static void eval(const expr *e, evalctx *cx, value *out)
{
    out->type = e->type;
    switch (e->op) {
    case OP_LIT: *out = e->lit; break;
    case OP_VAR: eval_var(e, cx, out); break;
    case OP_AND:
    case OP_OR:
    case OP_NOT: set_bool(out, cond(e, cx)); break;
    case OP_CMP: eval_cmp(e, cx, out); break;
    case OP_IN: eval_in(e, cx, out); break;
    case OP_MATCH: eval_match(e, cx, out); break;
    case OP_CAUSE_IN: eval_cause_in(e, cx, out); break;
    case OP_FLAG:
        out->st = 1;
        out->b = cx->rec && rec_has_flag(cx->rec, e->text);
        if (!out->b && no_column(cx, "flags")) {
            out->st = -1;
            unknown(cx, "flags", "flags: no column in the input");
        }
        break;
    case OP_MISSING:
    case OP_PRESENT: {
        int all = 1, any = 0;
        for (size_t i = 0; i < e->nnames; i++) {
            int h = has_value(cx, e->names[i]);
            all &= h;
            any |= !h;
        }
        out->st = 1;
        out->b = e->op == OP_MISSING ? any : all;
        break;
    }
    case OP_HAS:
    case OP_COUNT:
    case OP_FIRST:
    case OP_LAST: eval_event(e, cx, out); break;
    case OP_ADDP: {
        value d;
        memset(&d, 0, sizeof d);
        eval(e->args[0], cx, &d);
        out->st = d.st;
        int estimated = 0;
        if (d.st > 0) out->d = period_due(&e->per, d.d, cx->cal, &estimated);
        if (estimated) cx->estimated = 1;
        break;
    }
    case OP_DAYS: {
        value a, b;
        memset(&a, 0, sizeof a);
        memset(&b, 0, sizeof b);
        eval(e->args[0], cx, &a);
        eval(e->args[1], cx, &b);
        out->st = (a.st == 0 || b.st == 0) ? 0 : (a.st < 0 || b.st < 0) ? -1 : 1;
        out->num = (double)b.d.day - (double)a.d.day;
        break;
    }
    case OP_PLUS:
    case OP_MINUS:
    case OP_MAX:
    case OP_MIN: eval_arith(e, cx, out); break;
    }
}

/* A truth in a condition's place; leaves without operands of their own
 * (a field, has, flag, missing, present) are traced here. */
static tv cond(const expr *e, evalctx *cx)
{
    tv t;
    if (e->op == OP_AND || e->op == OP_OR) {
        tv stop = e->op == OP_AND ? TV_FALSE : TV_TRUE;
        t = e->op == OP_AND ? TV_TRUE : TV_FALSE;
        for (size_t i = 0; i < e->nargs; i++) {
            tv a = cond(e->args[i], cx);
            if (a == stop) return stop;
            if (a == TV_UNKNOWN) t = TV_UNKNOWN;
        }
        return t;
    }
    if (e->op == OP_NOT) {
        t = cond(e->args[0], cx);
        return t == TV_UNKNOWN ? TV_UNKNOWN : t == TV_TRUE ? TV_FALSE : TV_TRUE;
    }
    value v;
    memset(&v, 0, sizeof v);
    eval(e, cx, &v);
    t = v.st < 0 ? TV_UNKNOWN : v.st == 0 ? TV_FALSE : (v.type != TY_BOOL || v.b) ? TV_TRUE : TV_FALSE;
    if (cx->trace && (e->op == OP_VAR || e->op == OP_HAS || e->op == OP_FLAG ||
                      e->op == OP_MISSING || e->op == OP_PRESENT))
        explain_trace(cx->trace, "%s: %s", e->desc, tv_name(t));
    return t;
}

/* Drops a reason set during a call whose result turned out known. */
static void keep_why_if(evalctx *cx, int unknown_result, char *why0, const char *field0)
{
    if (unknown_result || cx->why == why0) return;
    free(cx->why);
    cx->why = why0;
    cx->why_field = field0;
}

tv expr_test(const expr *e, evalctx *cx)
{
    char *why0 = cx->why;
    const char *field0 = cx->why_field;
    tv t = cond(e, cx);
    keep_why_if(cx, t == TV_UNKNOWN, why0, field0);
    return t;
}

/* Evaluates e expecting type t: 1 and *out, 0 absent, -1 unknown. */
static int eval_typed(const expr *e, evalctx *cx, expr_type t, value *out)
{
    memset(out, 0, sizeof *out);
    if (e->type != t) {
        unknown(cx, NULL, "not %s expression", t == TY_DATE ? "a date" : t == TY_NUM ? "a number" : "a money");
        return -1;
    }
    char *why0 = cx->why;
    const char *field0 = cx->why_field;
    eval(e, cx, out);
    keep_why_if(cx, out->st < 0, why0, field0);
    return out->st;
}

int expr_date(const expr *e, evalctx *cx, zdate *out)
{
    value v;
    int st = eval_typed(e, cx, TY_DATE, &v);
    if (st > 0) *out = v.d;
    return st;
}

int expr_money(const expr *e, evalctx *cx, int64_t *fen)
{
    value v;
    int st = eval_typed(e, cx, TY_MONEY, &v);
    if (st > 0) *fen = v.fen;
    return st;
}

int expr_number(const expr *e, evalctx *cx, double *num)
{
    value v;
    int st = eval_typed(e, cx, TY_NUM, &v);
    if (st > 0) *num = v.num;
    return st;
}

int expr_value_kind(const expr *e)
{
    return e->type == TY_MONEY ? 'm' : e->type == TY_NUM ? 'n' : 0;
}
