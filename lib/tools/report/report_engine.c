/* report_engine.c: the streaming pass and the indicator rows
 * (report_engine.h). */
#include "report_engine_impl.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_vars.h"
#include "xalloc.h"

char *report_strdup(const char *s)
{
    return s ? xstrdup(s) : NULL;
}

void report_bump(json_t *obj, const char *key, size_t n, size_t i, double v)
{
    json_t *a = json_object_get(obj, key);
    if (!a) {
        a = json_array();
        for (size_t k = 0; k < n; k++) json_array_append_new(a, json_real(0));
        json_object_set_new(obj, key, a);
    }
    json_t *x = json_array_get(a, i);
    json_real_set(x, json_real_value(x) + v);
}

static report_group *group_new(report_engine *e)
{
    if (e->ng == e->gcap) {
        size_t cap = e->gcap ? e->gcap * 2 : 16;
        e->g = xrealloc(e->g, cap * sizeof *e->g);
        e->gcap = cap;
    }
    report_group *g = &e->g[e->ng++];
    memset(g, 0, sizeof *g);
    g->acc = xcalloc(e->ri.n + 1, sizeof *g->acc);
    return g;
}

report_engine *report_engine_new(const profile *p, const calendar *cal,
                                 const report_params *pp, char **err)
{
    report_engine *e = calloc(1, sizeof *e);
    if (!e) return NULL;
    e->p = p;
    e->cal = cal;
    e->pp = *pp;
    if (report_inds_load(&e->ri, p, err) != 0) { report_engine_free(e); return NULL; }
    json_t *set = profile_section(p, "report_settings");
    e->stages = json_object_get(set, "stages");
    e->levels = json_object_get(set, "levels");
    e->vars = json_object();
    e->gidx = json_object();
    e->overdue = json_object();
    e->term_fail = json_object();
    e->issues = json_object();
    e->tracks = json_object();
    e->stage_tab = json_object();
    group_new(e);   /* the court total */
    return e;
}

/* The field a --by key reads. */
static const char *by_field(const char *by)
{
    return !strcmp(by, "stage") ? "track" : by;
}

static size_t group_of(report_engine *e, zrec *r)
{
    if (!e->pp.nby) return 0;
    const char *v[4];
    for (size_t i = 0; i < e->pp.nby; i++)
        if (rec_text(r, by_field(e->pp.by[i]), &v[i]) != 1) v[i] = "";
    char *key = xasprintf("%s\037%s\037%s\037%s", v[0], e->pp.nby > 1 ? v[1] : "",
                          e->pp.nby > 2 ? v[2] : "", e->pp.nby > 3 ? v[3] : "");
    json_t *ix = json_object_get(e->gidx, key);
    if (ix) { free(key); return (size_t)json_integer_value(ix); }
    report_group *g = group_new(e);
    for (size_t i = 0; i < e->pp.nby; i++) g->vals[i] = report_strdup(v[i]);
    json_object_set_new(e->gidx, key, json_integer((json_int_t)(e->ng - 1)));
    free(key);
    return e->ng - 1;
}

void report_engine_record(report_engine *e, zrec *r)
{
    report_vars_fill(e->vars, r, e->pp.from, e->pp.to, e->stages);
    evalctx cx;
    memset(&cx, 0, sizeof cx);
    cx.rec = r;
    cx.cal = e->cal;
    cx.as_of = e->pp.as_of;
    cx.vars = e->vars;
    size_t gi = group_of(e, r);
    int any_unknown = 0;
    for (size_t i = 0; i < e->ri.n; i++) {
        report_contrib c;
        report_ind_eval(&e->ri.v[i], &cx, &c);
        any_unknown |= c.unknown;
        if (!c.in) continue;
        e->g[0].acc[i].num += c.num;
        e->g[0].acc[i].den += c.den;
        if (gi) {
            e->g[gi].acc[i].num += c.num;
            e->g[gi].acc[i].den += c.den;
        }
    }
    free(cx.why);
    if (any_unknown) e->nunknown++;
    report_tables_record(e, r, gi);
}

/* Group order: by their values, the court total (index 0) last. */
static int group_cmp(const void *a, const void *b, void *ctx)
{
    const report_engine *e = ctx;
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    for (size_t i = 0; i < e->pp.nby; i++) {
        int c = strcmp(e->g[x].vals[i], e->g[y].vals[i]);
        if (c) return c;
    }
    return 0;
}

char *report_row_key(const char *team, const char *handler, const char *stage,
                     const char *track, const char *indicator)
{
    return xasprintf("%s%s\037%s%s\037%s%s\037%s%s\037%s", team ? "=" : "", team ? team : "",
                     handler ? "=" : "", handler ? handler : "", stage ? "=" : "", stage ? stage : "",
                     track ? "=" : "", track ? track : "", indicator);
}

/* Fills one row's figures from an accumulator. */
static void row_fill(struct report_row *row, const report_ind *ind, const report_acc *a)
{
    row->indicator = report_strdup(ind->id);
    row->name = report_strdup(ind->name);
    row->unit = ind->unit;
    row->has_target = ind->has_target;
    row->target = ind->target;
    row->money_terms = ind->num.money;
    row->den_money = ind->formula == RF_RATE && ind->den.money;
    row->has_num = 1;
    row->numerator = a->num;
    if (ind->formula == RF_RATE || ind->formula == RF_MEAN) {
        row->has_den = 1;
        row->denominator = a->den;
        if (a->den != 0) {
            row->has_value = 1;
            row->value = a->num / a->den;
        }
    } else {
        row->has_value = 1;
        row->value = a->num;
    }
    if (ind->unit == RU_MONEY) row->fen = (long long)llround(row->value);
}

double report_round(report_unit u, double v)
{
    double r = u == RU_PERCENT ? nearbyint(v * 1e6) / 1e6 : u == RU_MONEY ? nearbyint(v) : nearbyint(v * 100) / 100;
    return r + 0.0;   /* no -0 */
}

static int below(const report_ind *ind, double v, double than)
{
    const double eps = 1e-12;
    return ind->better > 0 ? v < than - eps : v > than + eps;
}

/* Rows in group order, the court total last. */
static void build_rows(report_engine *e, zreport *z, const size_t *order, json_t *previous)
{
    size_t n = e->ng * e->ri.n;
    z->rows = xcalloc(n + 1, sizeof *z->rows);
    for (size_t k = 0; k < e->ng; k++) {
        const report_group *g = &e->g[order[k]];
        for (size_t i = 0; i < e->ri.n; i++) {
            struct report_row *row = &z->rows[z->nrow++];
            const report_ind *ind = &e->ri.v[i];
            if (order[k] != 0) {
                for (size_t b = 0; b < e->pp.nby; b++) {
                    const char *by = e->pp.by[b];
                    char *v = report_strdup(g->vals[b]);
                    if (!strcmp(by, "team")) row->team = v;
                    else if (!strcmp(by, "handler")) row->handler = v;
                    else if (!strcmp(by, "stage")) row->stage = v;
                    else row->track = v;
                }
            }
            row_fill(row, ind, &g->acc[i]);
            if (row->has_value && ind->better) {
                if (ind->has_target && below(ind, row->value, ind->target)) row->short_mark = 1;
                const report_acc *t = &e->g[0].acc[i];
                int total_has = ind->formula == RF_RATE || ind->formula == RF_MEAN ? t->den != 0 : 1;
                double tot = total_has && (ind->formula == RF_RATE || ind->formula == RF_MEAN) ? t->num / t->den : t->num;
                if (order[k] != 0 && total_has && below(ind, row->value, tot)) row->short_mark = 1;
            }
            if (previous && row->has_value) {
                char *key = report_row_key(row->team, row->handler, row->stage, row->track, row->indicator);
                json_t *then = json_object_get(previous, key);
                free(key);
                if (json_is_number(then)) {
                    row->has_change = 1;
                    row->change = report_round(row->unit, row->value) - json_number_value(then);
                }
            }
        }
    }
}

/* The indicators table: the group columns, then one column per indicator. */
static void build_indicator_table(report_engine *e, zreport *z)
{
    size_t nby = e->pp.nby, ng = e->ng, ni = e->ri.n;
    size_t lead = nby ? nby : 1;   /* --by court: one column saying 全院 */
    report_table *t = report_table_add(z, "indicators", "质效指标", lead + ni, ng);
    if (!nby) {
        t->cols[0].id = report_strdup("court");
        t->cols[0].name = report_strdup("范围");
        t->cols[0].unit = RU_TEXT;
    }
    static const struct { const char *id, *name; } by_names[] = {
        {"team", "团队"}, {"handler", "承办人"}, {"stage", "阶段"}, {"track", "轨道"},
    };
    for (size_t b = 0; b < nby; b++) {
        t->cols[b].id = report_strdup(e->pp.by[b]);
        for (size_t k = 0; k < sizeof by_names / sizeof *by_names; k++)
            if (!strcmp(by_names[k].id, e->pp.by[b])) t->cols[b].name = report_strdup(by_names[k].name);
        t->cols[b].unit = RU_TEXT;
    }
    int chart = e->ri.chart >= 0 ? (int)(lead + (size_t)e->ri.chart) : -1;
    for (size_t i = 0; i < ni; i++) {
        const report_ind *ind = &e->ri.v[i];
        report_column *c = &t->cols[lead + i];
        c->id = report_strdup(ind->id);
        c->name = report_strdup(ind->name);
        c->unit = ind->unit;
        c->source = report_strdup(ind->source);
        c->has_target = ind->has_target;
        c->target = ind->target;
        if (chart < 0 && ind->has_target) chart = (int)(lead + i);
    }
    for (size_t i = 0; chart < 0 && i < ni; i++)
        if (e->ri.v[i].unit == RU_PERCENT) chart = (int)(lead + i);
    t->chart = nby && chart >= 0 ? RC_BAR_VS : RC_NONE;
    t->chart_col = chart >= 0 ? (size_t)chart : 0;
    for (size_t r = 0; r < ng; r++) {
        const struct report_row *row0 = &z->rows[r * ni];
        t->row_is_total[r] = r == ng - 1;
        const char *vals[4] = {row0->team, row0->handler, row0->stage, row0->track};
        if (!nby) {
            t->cells[r * t->ncol].has_value = 1;
            t->cells[r * t->ncol].text = report_strdup("全院");
        }
        for (size_t b = 0; b < nby; b++) {
            report_cell *cell = &t->cells[r * t->ncol + b];
            const char *by = e->pp.by[b];
            const char *v = !strcmp(by, "team") ? vals[0] : !strcmp(by, "handler") ? vals[1]
                          : !strcmp(by, "stage") ? vals[2] : vals[3];
            cell->has_value = 1;
            cell->text = report_strdup(t->row_is_total[r] ? "全院" : v && *v ? v : "（未填）");
        }
        for (size_t i = 0; i < ni; i++) {
            const struct report_row *row = &z->rows[r * ni + i];
            report_cell *cell = &t->cells[r * t->ncol + lead + i];
            cell->has_value = row->has_value;
            cell->value = row->value;
            cell->fen = row->fen;
            cell->short_mark = row->short_mark;
            cell->has_change = row->has_change;
            cell->change = row->change;
        }
    }
}

/* One line for each run of indicators that left out the same records for
 * the same reason. */
static void report_unknowns(report_engine *e)
{
    for (size_t i = 0; i < e->ri.n; ) {
        const report_ind *ind = &e->ri.v[i];
        if (!ind->unknown) { i++; continue; }
        size_t j = i + 1;
        while (j < e->ri.n && e->ri.v[j].unknown == ind->unknown &&
               !strcmp(e->ri.v[j].unknown_why, ind->unknown_why)) j++;
        fprintf(stderr, "report: %ld record%s not counted (unknown) in ", ind->unknown,
                ind->unknown == 1 ? "" : "s");
        if (j - i == 1) fprintf(stderr, "%s (%s)", ind->id, ind->name);
        else fprintf(stderr, "%zu indicators, %s … %s", j - i, ind->id, e->ri.v[j - 1].id);
        fprintf(stderr, ": %s\n", ind->unknown_why);
        i = j;
    }
    if (e->nunknown) zx_data_errors += e->nunknown;
}

zreport *report_engine_finish(report_engine *e, json_t *previous)
{
    zreport *z = xcalloc(1, sizeof *z);
    size_t *order = xcalloc(e->ng, sizeof *order);
    for (size_t k = 1; k < e->ng; k++) order[k - 1] = k;
    qsort_r(order, e->ng - 1, sizeof *order, group_cmp, e);
    order[e->ng - 1] = 0;
    char buf[24];
    z->court = report_strdup(profile_name(e->p) ? profile_name(e->p) : profile_id(e->p));
    z->profile = report_strdup(profile_id(e->p));
    date_format(e->pp.from, buf); z->period_from = report_strdup(buf);
    date_format(e->pp.to, buf); z->period_to = report_strdup(buf);
    date_format(e->pp.as_of, buf); z->as_of = report_strdup(buf);
    char by[64] = "";
    for (size_t b = 0; b < e->pp.nby; b++)
        snprintf(by + strlen(by), sizeof by - strlen(by), "%s%s", b ? "," : "", e->pp.by[b]);
    z->by = report_strdup(by);
    z->nunknown = (size_t)e->nunknown;
    build_rows(e, z, order, previous);
    build_indicator_table(e, z);
    e->order = order;   /* the status table keeps the same group order */
    report_tables_build(e, z);
    e->order = NULL;
    report_unknowns(e);
    free(order);
    return z;
}

void report_engine_free(report_engine *e)
{
    if (!e) return;
    report_inds_free(&e->ri);
    for (size_t k = 0; k < e->ng; k++) {
        for (size_t b = 0; b < 4; b++) free(e->g[k].vals[b]);
        free(e->g[k].acc);
    }
    free(e->g);
    json_decref(e->vars);
    json_decref(e->gidx);
    json_decref(e->overdue);
    json_decref(e->term_fail);
    json_decref(e->issues);
    json_decref(e->tracks);
    json_decref(e->stage_tab);
    free(e);
}
