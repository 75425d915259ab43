/* report_ind.c: a profile's report indicators, compiled and evaluated
 * (report_ind.h). */
#include "report_ind.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expr_impl.h"

json_t *report_var_types(void)
{
    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s,"
                     " s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}",
                     "period_from", "date", "period_to", "date",
                     "track", "text", "term_verdict", "text", "payout_verdict", "text",
                     "nodes_overdue", "number", "nodes_due", "number",
                     "nodes_met", "number", "nodes_late", "number",
                     "funds_arrived", "money", "funds_arrived_n", "number",
                     "funds_paid", "money", "funds_paid_n", "number",
                     "funds_overdue", "money", "funds_overdue_n", "number",
                     "funds_unpaid", "money", "fund_levels", "list",
                     "stages_seen", "list", "stages_entered", "list",
                     "stages_over", "list");
}

static const struct { const char *word; report_unit unit; } unit_names[] = {
    {"count", RU_COUNT}, {"money", RU_MONEY}, {"percent", RU_PERCENT}, {"days", RU_DAYS},
};
static const struct { const char *word; report_formula f; } formula_names[] = {
    {"count", RF_COUNT}, {"sum", RF_SUM}, {"rate", RF_RATE}, {"mean", RF_MEAN},
};

/* The keys an indicator takes (share/man/man1/report.1): those of its
 * formula (a count: when; a sum or a mean: when, value; a rate: numerator,
 * denominator) and ind_keys; the parts of a rate take when, value.  Any
 * other key is an error: a misspelt "wehn" would count every record. */
static const char *const ind_keys[] = {"id", "name", "source", "note", "unit", "formula",
                                       "requires", "target", "better", NULL};
static const char *const count_keys[] = {"when", NULL};
static const char *const measure_keys[] = {"when", "value", NULL};
static const char *const rate_keys[] = {"numerator", "denominator", NULL};

static int fail(char **err, const char *id, const char *what, const char *detail)
{
    if (asprintf(err, "report indicator %s: %s%s%s", id ? id : "#?", what,
                 detail ? ": " : "", detail ? detail : "") < 0) *err = NULL;
    return -1;
}

/* Compiles a condition (want 1) or a money/number value (want 0). */
static int compile(json_t *j, json_t *vars, int want_cond, expr **out, const char *id,
                   const char *key, char **err)
{
    if (!j) return 0;
    char *e = NULL;
    *out = expr_compile_vars(j, vars, &e);
    if (!*out) {
        char what[64];
        snprintf(what, sizeof what, "bad \"%s\"", key);
        int rc = fail(err, id, what, e);
        free(e);
        return rc;
    }
    if (want_cond && !expr_is_condition(*out)) return fail(err, id, key, "not a condition");
    if (!want_cond && !expr_value_kind(*out)) return fail(err, id, key, "not a money or number value");
    return 0;
}

/* Every key of obj is one of keys or, when common is set, of common:
 * what takes them ("a rate indicator", "a numerator") for the message. */
static int check_keys(json_t *obj, const char *const *keys, const char *const *common, const char *what,
                      const char *id, char **err)
{
    const char *key;
    char *list = NULL, *msg = NULL;
    if (profile_keys_check(obj, keys, common, &key, &list) == 0) return 0;
    if (asprintf(&msg, "unknown key '%s' (%s takes %s)", key, what, list) < 0) msg = NULL;
    int rc = fail(err, id, msg ? msg : "unknown key", NULL);
    free(list);
    free(msg);
    return rc;
}

static int measure(json_t *def, json_t *vars, report_measure *m, const char *id,
                   const char *wkey, const char *vkey, char **err)
{
    if (compile(json_object_get(def, wkey), vars, 1, &m->when, id, wkey, err) != 0) return -1;
    if (compile(json_object_get(def, vkey), vars, 0, &m->value, id, vkey, err) != 0) return -1;
    m->money = m->value && expr_value_kind(m->value) == 'm';
    return 0;
}

static int load_one(report_ind *ind, json_t *def, json_t *vars, char **err)
{
    ind->id = json_string_value(json_object_get(def, "id"));
    ind->name = json_string_value(json_object_get(def, "name"));
    ind->source = json_string_value(json_object_get(def, "source"));
    const char *id = ind->id;
    if (!id || !*id) return fail(err, NULL, "no id", NULL);
    const char *u = json_string_value(json_object_get(def, "unit"));
    const char *f = json_string_value(json_object_get(def, "formula"));
    size_t i;
    for (i = 0; u && i < sizeof unit_names / sizeof *unit_names; i++)
        if (!strcmp(u, unit_names[i].word)) break;
    if (!u || i == sizeof unit_names / sizeof *unit_names)
        return fail(err, id, "unit must be count, money, percent or days", u);
    ind->unit = unit_names[i].unit;
    for (i = 0; f && i < sizeof formula_names / sizeof *formula_names; i++)
        if (!strcmp(f, formula_names[i].word)) break;
    if (!f || i == sizeof formula_names / sizeof *formula_names)
        return fail(err, id, "formula must be count, sum, rate or mean", f);
    ind->formula = formula_names[i].f;
    char what[32];
    snprintf(what, sizeof what, "a %s indicator", f);
    const char *const *keys = ind->formula == RF_RATE ? rate_keys : ind->formula == RF_COUNT ? count_keys : measure_keys;
    if (check_keys(def, keys, ind_keys, what, id, err) != 0)
        return -1;
    if (!ind->name || !*ind->name) return fail(err, id, "no name", NULL);
    if (!ind->source || !*ind->source) return fail(err, id, "no source", NULL);
    if (ind->formula == RF_RATE) {
        json_t *n = json_object_get(def, "numerator"), *d = json_object_get(def, "denominator");
        if (!json_is_object(n) || !json_is_object(d))
            return fail(err, id, "a rate needs a \"numerator\" and a \"denominator\" object", NULL);
        if (check_keys(n, measure_keys, NULL, "a \"numerator\"", id, err) != 0) return -1;
        if (check_keys(d, measure_keys, NULL, "a \"denominator\"", id, err) != 0) return -1;
        if (measure(n, vars, &ind->num, id, "when", "value", err) != 0) return -1;
        if (measure(d, vars, &ind->den, id, "when", "value", err) != 0) return -1;
        if (ind->num.value && ind->den.value && ind->num.money != ind->den.money)
            return fail(err, id, "numerator and denominator sum different units", NULL);
    } else {
        if (measure(def, vars, &ind->num, id, "when", "value", err) != 0) return -1;
        if (ind->formula != RF_COUNT && !ind->num.value)
            return fail(err, id, "a sum or a mean needs a \"value\"", NULL);
    }
    json_t *req = json_object_get(def, "requires");
    if (req && !json_is_array(req)) return fail(err, id, "\"requires\" is not a list of fields", NULL);
    ind->nrequires = json_array_size(req);
    ind->requires = calloc(ind->nrequires + 1, sizeof *ind->requires);
    ind->requires_name = calloc(ind->nrequires + 1, sizeof *ind->requires_name);
    if (!ind->requires || !ind->requires_name) return fail(err, id, "out of memory", NULL);
    json_t *it;
    json_array_foreach(req, i, it) {
        ind->requires_name[i] = json_string_value(it);
        json_t *cmp = json_pack("{s:[{s:O},{s:O}]}", "==", "var", it, "var", it);
        int rc = compile(cmp, vars, 1, &ind->requires[i], id, "requires", err);
        json_decref(cmp);
        if (rc != 0) return -1;
    }
    json_t *t = json_object_get(def, "target");
    if (t && !json_is_null(t)) {
        if (!json_is_number(t)) return fail(err, id, "\"target\" is not a number", NULL);
        ind->has_target = 1;
        ind->target = json_number_value(t);
    }
    const char *b = json_string_value(json_object_get(def, "better"));
    if (b && !strcmp(b, "higher")) ind->better = 1;
    else if (b && !strcmp(b, "lower")) ind->better = -1;
    else if (b) return fail(err, id, "\"better\" must be higher or lower", b);
    if (ind->has_target && !ind->better) return fail(err, id, "a target needs \"better\"", NULL);
    return 0;
}

int report_inds_load(report_inds *ri, const profile *p, char **err)
{
    memset(ri, 0, sizeof *ri);
    json_t *sec = profile_section(p, "report");
    if (!json_is_array(sec) || !json_array_size(sec)) {
        return profile_error(err, "%s: profile %s has no \"report\" section (a list of indicators)",
                             profile_key_file(p, NULL, NULL), profile_id(p));
    }
    json_t *vars = report_var_types();
    ri->v = calloc(json_array_size(sec), sizeof *ri->v);
    int rc = ri->v ? 0 : -1;
    size_t i;
    json_t *def;
    json_array_foreach(sec, i, def) {
        if (rc != 0) break;
        ri->n++;
        rc = load_one(&ri->v[i], def, vars, err);
        const char *file = rc ? profile_entry_file(p, "report", def) : NULL;
        if (file && *err) {
            /* the file that holds the indicator, as a rule's errors name theirs */
            char *msg = NULL;
            if (asprintf(&msg, "%s: %s", file, *err) < 0) msg = NULL;
            free(*err);
            *err = msg;
        }
    }
    json_decref(vars);
    ri->chart = -1;
    json_t *chart = json_object_get(profile_section(p, "report_settings"), "chart");
    if (rc == 0 && chart) {
        const char *id = json_string_value(chart);
        for (size_t k = 0; id && k < ri->n; k++)
            if (!strcmp(ri->v[k].id, id)) ri->chart = (long)k;
        if (ri->chart < 0) {
            rc = profile_error(err, "%s: report_settings.chart: %s%s%s",
                               profile_key_file(p, "report_settings", "chart"),
                               id ? "no indicator '" : "not an indicator id", id ? id : "", id ? "'" : "");
        }
    }
    return rc;
}

static void measure_free(report_measure *m)
{
    if (m->when) expr_free(m->when);
    if (m->value) expr_free(m->value);
}

void report_inds_free(report_inds *ri)
{
    for (size_t i = 0; i < ri->n; i++) {
        report_ind *ind = &ri->v[i];
        measure_free(&ind->num);
        measure_free(&ind->den);
        for (size_t k = 0; k < ind->nrequires; k++)
            if (ind->requires[k]) expr_free(ind->requires[k]);
        free(ind->requires);
        free(ind->requires_name);
        free(ind->unknown_why);
    }
    free(ri->v);
    memset(ri, 0, sizeof *ri);
}

/* Notes the record as unknown for ind, keeping the first reason. */
static void unknown(report_ind *ind, evalctx *cx, const char *fallback, report_contrib *out)
{
    out->unknown = 1;
    out->in = 0;
    ind->unknown++;
    if (!ind->unknown_why) {
        const char *why = cx->why ? cx->why : fallback;
        ind->unknown_why = strdup(why ? why : "a value it needs is missing");
    }
    free(cx->why);
    cx->why = NULL;
}

/* Truth of a measure's "when" (true when it has none). */
static tv test(const report_measure *m, evalctx *cx)
{
    return m->when ? expr_test(m->when, cx) : TV_TRUE;
}

/* The measure's value for one record: 1 and *v, else 0 (absent) or -1. */
static int value_of(const report_measure *m, evalctx *cx, double *v)
{
    if (!m->value) { *v = 1; return 1; }
    if (m->money) {
        int64_t fen = 0;
        int st = expr_money(m->value, cx, &fen);
        *v = (double)fen;
        return st;
    }
    return expr_number(m->value, cx, v);
}

void report_ind_eval(report_ind *ind, evalctx *cx, report_contrib *out)
{
    memset(out, 0, sizeof *out);
    for (size_t k = 0; k < ind->nrequires; k++) {
        tv t = expr_test(ind->requires[k], cx);
        if (t != TV_TRUE) {
            char why[160];
            snprintf(why, sizeof why, "%s: absent", ind->requires_name[k]);
            unknown(ind, cx, why, out);
            return;
        }
    }
    const report_measure *scope = ind->formula == RF_RATE ? &ind->den : &ind->num;
    tv t = test(scope, cx);
    if (t == TV_UNKNOWN) { unknown(ind, cx, NULL, out); return; }
    if (t == TV_FALSE) return;
    double v = 0;
    int st = value_of(scope, cx, &v);
    if (st <= 0) { unknown(ind, cx, "the value it sums is absent", out); return; }
    out->in = 1;
    switch (ind->formula) {
    case RF_COUNT: out->num = 1; break;
    case RF_SUM: out->num = v; break;
    case RF_MEAN: out->num = v; out->den = 1; break;
    case RF_RATE: {
        out->den = v;
        tv tn = test(&ind->num, cx);
        if (tn == TV_UNKNOWN) { unknown(ind, cx, NULL, out); return; }
        if (tn == TV_TRUE) {
            double nv = 0;
            int sn = value_of(&ind->num, cx, &nv);
            if (sn <= 0) { unknown(ind, cx, "the value it sums is absent", out); return; }
            out->num = nv;
        }
        break;
    }
    }
}
