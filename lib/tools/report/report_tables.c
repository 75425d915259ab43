/* report_tables.c: the bulletin's tables other than the indicators: node
 * statuses by group, overdue rules ranked, 终本 audit failures, funds issues,
 * and tracks or 监利's stages (report_engine_impl.h; report.1 says what
 * each counts). */
#include "report_engine_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_vars.h"
#include "xalloc.h"

static const char *const status_ids[NSTATUS] = {"overdue", "late", "met", "due_soon", "pending"};
static const char *const status_names[NSTATUS] = {"超期未办", "逾期办结", "按期办结", "即将到期", "未到期"};

static const struct { const char *kind, *name; } issue_names[] = {
    {"unclaimed", "到账未及时认领"}, {"late_payout", "超期发放"}, {"undisbursed", "超期未发放"},
    {"approval_missing", "审批不全"}, {"approval_order", "审批顺序不符"}, {"overpaid", "超额发放"},
    {"closed_with_balance", "结案仍有余额"}, {"due_soon", "即将到期"},
};

report_table *report_table_add(zreport *z, const char *id, const char *title, size_t ncol, size_t nrow)
{
    z->tables = xrealloc(z->tables, (z->ntable + 1) * sizeof *z->tables);
    report_table *t = &z->tables[z->ntable++];
    memset(t, 0, sizeof *t);
    t->id = report_strdup(id);
    t->title = report_strdup(title);
    t->ncol = ncol;
    t->nrow = nrow;
    t->cols = xcalloc(ncol + 1, sizeof *t->cols);
    t->cells = xcalloc(ncol * nrow + 1, sizeof *t->cells);
    t->row_is_total = xcalloc(nrow + 1, sizeof *t->row_is_total);
    return t;
}

static void col(report_table *t, size_t c, const char *id, const char *name, report_unit u)
{
    t->cols[c].id = report_strdup(id);
    t->cols[c].name = report_strdup(name);
    t->cols[c].unit = u;
}

static void text_cell(report_table *t, size_t r, size_t c, const char *s)
{
    report_cell *x = &t->cells[r * t->ncol + c];
    x->has_value = 1;
    x->text = report_strdup(s ? s : "");
}

static void num_cell(report_table *t, size_t r, size_t c, double v)
{
    report_cell *x = &t->cells[r * t->ncol + c];
    x->has_value = 1;
    x->value = v;
    x->fen = (long long)v;
}

static void stage_record(report_engine *e, zrec *r, json_t *d, const char *st)
{
    const char *rid = json_string_value(json_object_get(d, "rule"));
    const char *stage = rid ? json_string_value(json_object_get(e->stages, rid)) : NULL;
    zdate from, done, closed;
    if (!stage || report_json_date(json_object_get(d, "from"), &from) != 1) return;
    const zdate pf = e->pp.from, pt = e->pp.to;
    if (report_in_period(from, pf, pt)) report_bump(e->stage_tab, stage, 4, 0, 1);
    int has_done = report_json_date(json_object_get(d, "done"), &done) == 1;
    if (has_done && report_in_period(done, pf, pt)) {
        const char *track = NULL;
        int closed_here = rec_date(r, "closed_on", &closed) == 1 && closed.day == done.day &&
                          rec_text(r, "track", &track) == 1 && !strcmp(track, stage);
        report_bump(e->stage_tab, stage, 4, closed_here ? 2 : 1, 1);
    }
    if (!strcmp(st, "overdue") || (!strcmp(st, "late") && has_done && report_in_period(done, pf, pt)))
        report_bump(e->stage_tab, stage, 4, 3, 1);
}

void report_tables_record(report_engine *e, zrec *r, size_t gi)
{
    size_t i;
    json_t *d;
    json_array_foreach(rec_get(r, "deadlines"), i, d) {
        const char *st = json_string_value(json_object_get(d, "status"));
        if (!st) continue;
        for (int s = 0; s < NSTATUS; s++)
            if (!strcmp(st, status_ids[s])) {
                e->g[0].status[s]++;
                if (gi) e->g[gi].status[s]++;
            }
        const char *rid = json_string_value(json_object_get(d, "rule"));
        if (rid && !strcmp(st, "overdue")) {
            report_bump(e->overdue, rid, 2, 0, 1);
            report_bump(e->overdue, rid, 2, 1, json_number_value(json_object_get(d, "days_over")));
        }
        if (e->stages) stage_record(e, r, d, st);
    }
    zdate filed, closed;
    int has_filed = rec_date(r, "filed_on", &filed) == 1;
    int has_closed = rec_date(r, "closed_on", &closed) == 1;
    const zdate pf = e->pp.from, pt = e->pp.to;
    json_t *ta = rec_get(r, "term_audit");
    const char *verdict = json_string_value(json_object_get(ta, "verdict"));
    if (verdict && !strcmp(verdict, "fail") && has_closed && report_in_period(closed, pf, pt)) {
        e->term_failed_cases++;
        json_t *f;
        json_array_foreach(json_object_get(ta, "failed"), i, f)
            if (json_is_string(f)) report_bump(e->term_fail, json_string_value(f), 1, 0, 1);
    }
    json_t *is;
    json_array_foreach(json_object_get(rec_get(r, "payout"), "issues"), i, is) {
        const char *kind = json_string_value(json_object_get(is, "kind"));
        const char *level = json_string_value(json_object_get(is, "level"));
        char key[256];
        int64_t fen = 0;
        snprintf(key, sizeof key, "%s\037%s", kind ? kind : "", level ? level : "");
        report_bump(e->issues, key, 2, 0, 1);
        if (report_json_fen(json_object_get(is, "amount"), &fen) == 1) report_bump(e->issues, key, 2, 1, (double)fen);
    }
    const char *track = NULL;
    if (rec_text(r, "track", &track) == 1 && has_filed) {
        if (report_in_period(filed, pf, pt)) report_bump(e->tracks, track, 3, 0, 1);
        if (has_closed && report_in_period(closed, pf, pt)) report_bump(e->tracks, track, 3, 1, 1);
        if (filed.day <= pt.day && (!has_closed || closed.day > pt.day)) report_bump(e->tracks, track, 3, 2, 1);
    }
}

static double at(json_t *a, size_t i) { return json_real_value(json_array_get(a, i)); }

static void status_table(report_engine *e, zreport *z)
{
    size_t nby = e->pp.nby ? e->pp.nby : 1;   /* the group columns of the indicators table */
    report_table *t = report_table_add(z, "deadline_status", "节点状态（按组）", nby + NSTATUS, e->ng);
    const report_table *ind = &z->tables[0];
    for (size_t b = 0; b < nby; b++) col(t, b, ind->cols[b].id, ind->cols[b].name, RU_TEXT);
    for (int s = 0; s < NSTATUS; s++) col(t, nby + (size_t)s, status_ids[s], status_names[s], RU_COUNT);
    for (size_t r = 0; r < e->ng; r++) {
        t->row_is_total[r] = e->order[r] == 0;
        for (size_t b = 0; b < nby; b++) text_cell(t, r, b, ind->cells[r * ind->ncol + b].text);
        for (int s = 0; s < NSTATUS; s++) num_cell(t, r, nby + (size_t)s, e->g[e->order[r]].status[s]);
    }
    t->chart = e->pp.nby ? RC_STACKED : RC_NONE;
    t->chart_col = nby;
}

/* Keys of a counter object, ranked by element 0 (descending), then key. */
static int rank_cmp(const void *a, const void *b, void *obj)
{
    const char *x = *(const char *const *)a, *y = *(const char *const *)b;
    double cx = at(json_object_get(obj, x), 0), cy = at(json_object_get(obj, y), 0);
    if (cx != cy) return cx > cy ? -1 : 1;
    return strcmp(x, y);
}
static int key_cmp(const void *a, const void *b, void *obj)
{
    (void)obj;
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static const char **keys_of(json_t *obj, int ranked)
{
    size_t n = json_object_size(obj), i = 0;
    const char **k = xcalloc(n + 1, sizeof *k);
    const char *key;
    json_t *v;
    json_object_foreach(obj, key, v) k[i++] = key;
    qsort_r(k, n, sizeof *k, ranked ? rank_cmp : key_cmp, obj);
    return k;
}

static void rule_cells(report_engine *e, report_table *t, size_t r, const char *id)
{
    const rule *ru = profile_find_rule(e->p, id);
    text_cell(t, r, 0, id);
    text_cell(t, r, 1, ru ? json_string_value(json_object_get(ru->def, "name")) : "");
    text_cell(t, r, 2, ru ? ru->source : "");
}

static void overdue_table(report_engine *e, zreport *z)
{
    size_t n = json_object_size(e->overdue);
    report_table *t = report_table_add(z, "overdue_rules", "超期节点（按规则排序）", 5, n + 1);
    col(t, 0, "rule", "规则", RU_TEXT);
    col(t, 1, "name", "节点要求", RU_TEXT);
    col(t, 2, "source", "依据", RU_TEXT);
    col(t, 3, "overdue", "超期节点数", RU_COUNT);
    col(t, 4, "days_over", "平均超期天数", RU_DAYS);
    const char **k = keys_of(e->overdue, 1);
    double nodes = 0, days = 0;
    for (size_t r = 0; r < n; r++) {
        json_t *a = json_object_get(e->overdue, k[r]);
        rule_cells(e, t, r, k[r]);
        num_cell(t, r, 3, at(a, 0));
        num_cell(t, r, 4, at(a, 1) / at(a, 0));
        nodes += at(a, 0);
        days += at(a, 1);
    }
    free(k);
    t->row_is_total[n] = 1;
    text_cell(t, n, 0, "合计");
    num_cell(t, n, 3, nodes);
    if (nodes) num_cell(t, n, 4, days / nodes);
    t->chart = RC_BAR;
    t->chart_col = 3;
}

static void term_table(report_engine *e, zreport *z)
{
    size_t n = json_object_size(e->term_fail);
    report_table *t = report_table_add(z, "term_failures", "终本审核未通过（按条件）", 4, n + 1);
    col(t, 0, "rule", "条件", RU_TEXT);
    col(t, 1, "name", "要求", RU_TEXT);
    col(t, 2, "source", "依据", RU_TEXT);
    col(t, 3, "cases", "未通过案件数", RU_COUNT);
    const char **k = keys_of(e->term_fail, 1);
    for (size_t r = 0; r < n; r++) {
        rule_cells(e, t, r, k[r]);
        num_cell(t, r, 3, at(json_object_get(e->term_fail, k[r]), 0));
    }
    free(k);
    t->row_is_total[n] = 1;
    text_cell(t, n, 0, "未通过案件合计");
    num_cell(t, n, 3, e->term_failed_cases);
    t->chart = RC_BAR;
    t->chart_col = 3;
}

static void issues_table(report_engine *e, zreport *z)
{
    size_t n = json_object_size(e->issues);
    report_table *t = report_table_add(z, "funds_issues", "案款问题（按类型、级别）", 4, n + 1);
    col(t, 0, "kind", "问题类型", RU_TEXT);
    col(t, 1, "level", "级别", RU_TEXT);
    col(t, 2, "count", "笔数", RU_COUNT);
    col(t, 3, "amount", "金额", RU_MONEY);
    const char **k = keys_of(e->issues, 0);
    double cnt = 0, fen = 0;
    for (size_t r = 0; r < n; r++) {
        json_t *a = json_object_get(e->issues, k[r]);
        char kind[128];
        snprintf(kind, sizeof kind, "%s", k[r]);
        char *sep = strchr(kind, '\037');
        const char *level = sep ? sep + 1 : "";
        if (sep) *sep = 0;
        const char *kname = kind;
        for (size_t i = 0; i < sizeof issue_names / sizeof *issue_names; i++)
            if (!strcmp(issue_names[i].kind, kind)) kname = issue_names[i].name;
        const char *lname = json_string_value(json_object_get(e->levels, level));
        text_cell(t, r, 0, kname);
        text_cell(t, r, 1, lname ? lname : level);
        num_cell(t, r, 2, at(a, 0));
        num_cell(t, r, 3, at(a, 1));
        cnt += at(a, 0);
        fen += at(a, 1);
    }
    free(k);
    t->row_is_total[n] = 1;
    text_cell(t, n, 0, "合计");
    num_cell(t, n, 2, cnt);
    num_cell(t, n, 3, fen);
    t->chart = RC_BAR;
    t->chart_col = 3;
}

/* Tracks (or stages) in the profile's order, then any others by id. */
static void track_table(report_engine *e, zreport *z)
{
    int stages = e->stages != NULL;
    json_t *obj = stages ? e->stage_tab : e->tracks;
    json_t *tracks = profile_section(e->p, "tracks");
    json_t *order = json_array();
    size_t i;
    json_t *tr;
    json_array_foreach(tracks, i, tr) {
        const char *id = json_string_value(json_object_get(tr, "id"));
        if (id && json_object_get(obj, id)) json_array_append_new(order, json_string(id));
    }
    const char **k = keys_of(obj, 0);
    for (i = 0; k[i]; i++) {
        size_t j;
        json_t *o;
        int seen = 0;
        json_array_foreach(order, j, o) seen |= !strcmp(json_string_value(o), k[i]);
        if (!seen) json_array_append_new(order, json_string(k[i]));
    }
    free(k);
    size_t n = json_array_size(order), nv = stages ? 4 : 3;
    report_table *t = report_table_add(z, stages ? "stages" : "tracks",
                                       stages ? "各组案件（按流程阶段）" : "分流轨道案件", 2 + nv, n + 1);
    col(t, 0, "track", stages ? "阶段" : "轨道", RU_TEXT);
    col(t, 1, "name", "名称", RU_TEXT);
    if (stages) {
        col(t, 2, "received", "收案", RU_COUNT);
        col(t, 3, "passed_on", "移交", RU_COUNT);
        col(t, 4, "closed", "结案", RU_COUNT);
        col(t, 5, "over_budget", "超期", RU_COUNT);
    } else {
        col(t, 2, "received", "收案", RU_COUNT);
        col(t, 3, "closed", "结案", RU_COUNT);
        col(t, 4, "pending", "未结", RU_COUNT);
    }
    double sum[4] = {0};
    for (size_t r = 0; r < n; r++) {
        const char *id = json_string_value(json_array_get(order, r));
        const char *name = NULL;
        json_array_foreach(tracks, i, tr)
            if (!strcmp(json_string_value(json_object_get(tr, "id")) ? json_string_value(json_object_get(tr, "id")) : "", id))
                name = json_string_value(json_object_get(tr, "name"));
        text_cell(t, r, 0, id);
        text_cell(t, r, 1, name ? name : "");
        json_t *a = json_object_get(obj, id);
        for (size_t v = 0; v < nv; v++) {
            num_cell(t, r, 2 + v, at(a, v));
            sum[v] += at(a, v);
        }
    }
    json_decref(order);
    t->row_is_total[n] = 1;
    text_cell(t, n, 0, "合计");
    for (size_t v = 0; v < nv; v++) num_cell(t, n, 2 + v, sum[v]);
    t->chart = stages ? RC_FUNNEL : RC_BAR;
    t->chart_col = 2;
}

void report_tables_build(report_engine *e, zreport *z)
{
    status_table(e, z);
    overdue_table(e, z);
    term_table(e, z);
    issues_table(e, z);
    track_table(e, z);
}
