/* termaudit.c: term-audit.  Each kind "term" rule of the profile is one
 * check: a "check" condition that must hold, an optional "when" that says
 * whether it applies, and a "scope":
 *
 *   term     (default) 终本 closures (close_method 终结本次执行程序)
 *   closure  every closure (执行完毕, 终结执行 ... as well as 终本: 浉河 二(五)4
 *            reviews every closure); --term-only restricts them to 终本
 *   history  every case, when --history FILE is given (the screen of the
 *            same respondent's recent 终本 closures)
 *
 * A check is ok true, false, or null when a value it needs cannot be read
 * (the record then gets an errors entry naming the rule).  The verdict is
 * "fail" when any check failed, else "n/a" when any was undecided or the
 * case is not audited (not a closure in scope: only history checks, all
 * passed), else "pass".  A closure other than 终本 is audited only where
 * the profile has closure rules: a profile without them has nothing to
 * say of it (n/a, not a pass).  The conditions see the variables of
 * termaudit_vars.h. */
#include "termaudit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "explain.h"
#include "expr.h"
#include "json_fast.h"
#include "profile.h"
#include "closure_history.h"
#include "termaudit_vars.h"
#include "utf8.h"
#include "xalloc.h"

/* The canonical close_method of a 终本 closure (SPEC 3.3, share/values.tsv). */
#define TERM_METHOD "终结本次执行程序"

enum { OPT_ALL_CLOSURES = 256, OPT_HISTORY, OPT_TERM_ONLY };
enum { SCOPE_TERM, SCOPE_CLOSURE, SCOPE_HISTORY };

typedef struct tcheck {
    const rule *r;
    const expr *when, *check;
    int scope;
    const char *name;
    json_t *detail_vars;   /* borrowed from the rule: names of variables to show on failure */
    char *idjson, *namejson;   /* malloc'd: the id and the name as JSON strings
                                  (json_fast_dump_string), made once at open */
    size_t idlen, namelen;
} tcheck;

typedef struct ta_state {
    const zopts *o;
    jbuf text, ck_text, failed_text;   /* a record's "term_audit" as JSON text, and its two lists */
    int term_only;           /* --term-only: closure rules on 终本 closures alone */
    int has_closure_rules;   /* the profile has rules of scope "closure" */
    const char *history_path;
    closure_history *hist;
    tcheck *checks;
    size_t n;
} ta_state;

static const struct option ta_options[] = {
    {"all-closures", no_argument, NULL, OPT_ALL_CLOSURES},
    {"history", required_argument, NULL, OPT_HISTORY},
    {"term-only", no_argument, NULL, OPT_TERM_ONLY},
    {0, 0, 0, 0},
};

static const char *ta_fields[] = {"term_audit", NULL, NULL};   /* term_explain: set in open */

static int ta_option(void *st, int id, const char *arg)
{
    ta_state *s = st;
    if (id == OPT_ALL_CLOSURES) s->term_only = 0;   /* the default; kept for old scripts */
    else if (id == OPT_TERM_ONLY) s->term_only = 1;
    else if (id == OPT_HISTORY) s->history_path = arg;
    else return -1;
    return 0;
}

static int fail_open(char **err, const char *fmt, const char *a, const char *b)
{
    if (asprintf(err, fmt, a, b) < 0) *err = NULL;
    return -1;
}

/* One rule as a check; 0, or -1 with *err. */
static int load_check(const rule *r, tcheck *c, char **err)
{
    c->r = r;
    c->check = rule_expr(r, "check");
    c->when = rule_expr(r, "when");
    if (!c->check) return rule_error(err, r, "a term rule needs a \"check\" condition");
    json_t *js = json_object_get(r->def, "scope");
    const char *scope = json_is_string(js) ? json_string_value(js) : js ? "" : "term";
    if (!strcmp(scope, "term")) c->scope = SCOPE_TERM;
    else if (!strcmp(scope, "closure")) c->scope = SCOPE_CLOSURE;
    else if (!strcmp(scope, "history")) c->scope = SCOPE_HISTORY;
    else return rule_error(err, r, "\"scope\" must be \"term\", \"closure\" or \"history\"");
    json_t *jn = json_object_get(r->def, "name");
    c->name = json_is_string(jn) ? json_string_value(jn) : r->id;
    c->detail_vars = json_object_get(r->def, "detail_vars");
    if (c->detail_vars && !json_is_array(c->detail_vars))
        return rule_error(err, r, "\"detail_vars\" must be a list of names");
    jbuf b = {0};
    json_fast_dump_string(r->id, strlen(r->id), &b);
    c->idlen = b.len;
    json_fast_dump_string(c->name, strlen(c->name), &b);
    if (b.failed) xalloc_die();
    c->idjson = xmalloc(c->idlen + 1);
    memcpy(c->idjson, b.text, c->idlen);
    c->namelen = b.len - c->idlen;
    c->namejson = xmalloc(c->namelen + 1);
    memcpy(c->namejson, b.text + c->idlen, c->namelen);
    free(b.text);
    return 0;
}

/* A 终本 row of the history left out: a warning (history_skip_fn).  One
 * without a court code is kept: this screen looks in every court. */
static void warn_skipped(void *arg, const char *file, long line, const char *field, const char *why)
{
    (void)arg;
    if (strcmp(field, "case_no") != 0) fprintf(stderr, "%s:%ld: %s: %s; history closure skipped\n", file, line, field, why);
}

static int ta_open(void *st, const zopts *o, char **err)
{
    ta_state *s = st;
    s->o = o;
    if (o->explain) ta_fields[1] = "term_explain";
    size_t nr = profile_nrules(o->profile);
    s->checks = calloc(nr ? nr : 1, sizeof *s->checks);
    if (!s->checks) return fail_open(err, "%s%s", "out of memory", "");
    for (size_t i = 0; i < nr; i++) {
        const rule *r = profile_rule(o->profile, i);
        if (strcmp(r->kind, "term") != 0) continue;
        if (load_check(r, &s->checks[s->n], err) != 0) return -1;
        if (s->checks[s->n].scope == SCOPE_CLOSURE) s->has_closure_rules = 1;
        s->n++;
    }
    if (s->history_path) {
        s->hist = closure_history_load(s->history_path, warn_skipped, NULL, err);
        if (!s->hist) return -1;
    }
    return 0;
}

/* Appends s (up to its NUL, as "%s") at *o. */
static void put_text(char **o, const char *s)
{
    size_t n = strlen(s);
    memcpy(*o, s, n);
    *o += n;
}

/* 1 when s[0..n) is UTF-8 as json_string() would accept it (the same
 * rules: no overlong forms, surrogates or code points above U+10FFFF). */
static int utf8_ok(const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        if ((unsigned char)s[i] < 0x80) { i++; continue; }
        size_t k = utf8_seq_len((const unsigned char *)s + i, n - i);
        if (!k) return 0;
        i += k;
    }
    return 1;
}

/* Appends "detail":TEXT for the NUL-terminated text; nothing when text is
 * not UTF-8 (where json_string() made no value and the key was not set). */
static void put_detail(jbuf *b, const char *text)
{
    size_t n = strlen(text);
    if (!utf8_ok(text, n)) return;
    jbuf_put(b, ",\"detail\":", 10);
    json_fast_dump_string(text, n, b);
}

/* Joins the trace lines into "a; b; c" after prefix: malloc'd, or NULL
 * when out of memory or not UTF-8 (the caller then shows prefix). */
static char *trace_text(const char *prefix, json_t *trace, json_t *vars, json_t *detail_vars)
{
    size_t len = strlen(prefix) + 3, i;
    json_t *t;
    json_array_foreach(trace, i, t) len += json_string_length(t) + 2;
    json_array_foreach(detail_vars, i, t) {
        json_t *v = json_is_string(t) ? json_object_get(vars, json_string_value(t)) : NULL;
        if (json_is_string(v)) len += json_string_length(t) + json_string_length(v) + 4;
    }
    char *buf = malloc(len), *o = buf;
    if (!buf) return NULL;
    put_text(&o, prefix);
    const char *sep = ": ";
    json_array_foreach(trace, i, t) { put_text(&o, sep); put_text(&o, json_string_value(t)); sep = "; "; }
    json_array_foreach(detail_vars, i, t) {
        json_t *v = json_is_string(t) ? json_object_get(vars, json_string_value(t)) : NULL;
        if (json_is_string(v)) {
            put_text(&o, sep);
            put_text(&o, json_string_value(t));
            put_text(&o, " ");
            put_text(&o, json_string_value(v));
            sep = "; ";
        }
    }
    *o = 0;
    if (utf8_ok(buf, (size_t)(o - buf))) return buf;
    free(buf);
    return NULL;
}

/* Evaluates one applicable check into a {"rule", "ok", "detail"} object
 * appended to s->checks as JSON text (a ',' before it unless it is the
 * first), as json_dumps() wrote the object made before; nothing when its
 * "when" is false.  Returns 1 when an entry was written.  *result: 1 ok, 0
 * failed, -1 undecided.  With --explain (explain not NULL), appends the
 * check's entry (explain.h) to explain. */
static int run_check(ta_state *s, const tcheck *c, zrec *r, json_t *vars, json_t *explain, int *result)
{
    evalctx cx = {.rec = r, .cal = s->o->cal, .as_of = s->o->as_of, .vars = vars};
    tv w = c->when ? expr_test(c->when, &cx) : TV_TRUE;
    tv t = w == TV_TRUE ? expr_test(c->check, &cx) : w;
    char *why = NULL;   /* an undecided check's reason */
    jbuf *b = &s->ck_text;
    int out = t != TV_FALSE || w == TV_TRUE;
    if (out) {
        if (b->len) jbuf_put(b, ",", 1);
        jbuf_put(b, "{\"rule\":", 8);
        jbuf_put(b, c->idjson, c->idlen);
    }
    if (t == TV_UNKNOWN) {
        const char *field = termaudit_var_field(cx.why_field, vars);
        why = xstrdup(cx.why ? cx.why : "a value cannot be read");
        char *msg = rule_undecided(c->r->id, why);
        rec_error(r, field ? field : "term_audit", "%s", msg);
        jbuf_put(b, ",\"ok\":null", 10);
        put_detail(b, msg);
        free(msg);
        *result = -1;
    } else if (out) {
        if (t == TV_TRUE) jbuf_put(b, ",\"ok\":true", 10);
        else jbuf_put(b, ",\"ok\":false", 11);
        *result = t == TV_TRUE;
    }
    free(cx.why);
    cx.why = NULL;
    /* the trace is made only where it is shown (a failure's detail,
     * --explain): the conditions run again, tracing, as they ran above */
    json_t *trace = NULL;
    if ((out && t == TV_FALSE) || explain) {
        cx.trace = trace = json_array();
        tv tw = c->when ? expr_test(c->when, &cx) : TV_TRUE;
        if (tw == TV_TRUE) expr_test(c->check, &cx);
        free(cx.why);
    }
    if (out && t == TV_FALSE) {
        char *detail = trace_text(c->name, trace, vars, c->detail_vars);
        if (detail) {
            put_detail(b, detail);
            free(detail);
        } else {
            jbuf_put(b, ",\"detail\":", 10);
            jbuf_put(b, c->namejson, c->namelen);
        }
    } else if (t == TV_TRUE) {
        jbuf_put(b, ",\"detail\":", 10);
        jbuf_put(b, c->namejson, c->namelen);
    }
    if (out) jbuf_put(b, "}", 1);
    if (!explain) json_decref(trace);
    else if (t == TV_UNKNOWN) json_array_append_new(explain, explain_undecided(c->r, why, trace));
    else json_array_append_new(explain, explain_entry(c->r, !out ? "not applicable" : t == TV_TRUE ? "ok" : "failed", trace));
    free(why);
    return out;
}

static int applies(const ta_state *s, int scope, int is_term, int is_closure)
{
    switch (scope) {
    case SCOPE_TERM: return is_term;
    case SCOPE_CLOSURE: return is_term || (!s->term_only && is_closure);
    default: return s->hist != NULL;
    }
}

static int ta_record(void *st, zrec *r)
{
    ta_state *s = st;
    const char *method = NULL;
    int mc = rec_text(r, "close_method", &method);
    json_t *jc = rec_get(r, "closed_on");
    int is_term = mc == 1 && strcmp(method, TERM_METHOD) == 0;
    int is_closure = mc == 1 || (jc && !json_is_null(jc) && !(json_is_string(jc) && !json_string_length(jc)));
    int audited = is_term || (!s->term_only && s->has_closure_rules && is_closure);

    json_t *vars = NULL;
    s->ck_text.len = 0;
    s->failed_text.len = 0;
    json_t *explain = s->o->explain ? json_array() : NULL;
    int nfail = 0, nunknown = 0;
    for (size_t i = 0; i < s->n; i++) {
        const tcheck *c = &s->checks[i];
        if (!applies(s, c->scope, is_term, is_closure)) continue;
        if (!vars) vars = termaudit_vars(r, s->o->as_of, s->hist);
        int res;
        if (!run_check(s, c, r, vars, explain, &res)) continue;
        if (res == 0) {
            if (nfail++) jbuf_put(&s->failed_text, ",", 1);
            jbuf_put(&s->failed_text, c->idjson, c->idlen);
        } else if (res < 0) {
            nunknown++;
        }
    }
    json_decref(vars);
    const char *verdict = nfail ? "fail" : (nunknown || !audited) ? "n/a" : "pass";
    /* {"verdict", "failed", "checks"} as JSON text, as the writer wrote the
     * object json_pack("{s:s,s:o,s:o}") made before, without making it */
    jbuf *b = &s->text;
    b->len = 0;
    jbuf_put(b, "{\"verdict\":\"", 12);
    jbuf_put(b, verdict, strlen(verdict));   /* fail, n/a, pass: nothing to escape */
    jbuf_put(b, "\",\"failed\":[", 12);
    if (s->failed_text.len) jbuf_put(b, s->failed_text.text, s->failed_text.len);
    jbuf_put(b, "],\"checks\":[", 12);
    if (s->ck_text.len) jbuf_put(b, s->ck_text.text, s->ck_text.len);
    jbuf_put(b, "]}", 2);
    if (b->failed || s->ck_text.failed || s->failed_text.failed || rec_set_text(r, "term_audit", b->text, b->len) != 0)
        xalloc_die();
    if (explain) rec_set(r, "term_explain", explain);
    return nfail > 0;
}

static void ta_free(void *st)
{
    ta_state *s = st;
    closure_history_free(s->hist);
    for (size_t i = 0; i < s->n; i++) {
        free(s->checks[i].idjson);
        free(s->checks[i].namejson);
    }
    free(s->checks);
    free(s->text.text);
    free(s->ck_text.text);
    free(s->failed_text.text);
}

const tool_spec termaudit_tool = {
    .name = "term-audit",
    .summary = "Audit 终本 closures (and the key data of every closure) against the profile's term rules.",
    .usage =
        "      --term-only         audit 终本 closures only (by default the rules of scope\n"
        "                          \"closure\" audit every closure: 执行完毕, 终结执行 ...)\n"
        "      --all-closures      every closure (the default)\n"
        "      --history FILE      past closures: screen each case's respondent for a 终本\n"
        "                          closure in the three months before its filing\n",
    .options = ta_options,
    .added_fields = ta_fields,
    .state_size = sizeof(ta_state),
    .needs_profile = 1,
    .rule_kind = "term",
    .option = ta_option,
    .open = ta_open,
    .record = ta_record,
    .free = ta_free,
};
