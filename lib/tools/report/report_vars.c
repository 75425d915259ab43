/* report_vars.c: report's tool variables, from a record's annotations
 * (report_vars.h). */
#include "report_vars.h"

#include <math.h>
#include <string.h>

#include "money.h"
#include "money_json.h"

int report_json_fen(json_t *j, int64_t *fen)
{
    if (!j || json_is_null(j)) return 0;
    if (json_is_integer(j)) { *fen = (int64_t)json_integer_value(j) * 100; return 1; }
    if (json_is_real(j)) {
        double f = json_real_value(j) * 100.0;
        if (fabs(f) > 9e15 || fabs(f - nearbyint(f)) > 1e-6) return -1;
        *fen = (int64_t)nearbyint(f);
        return 1;
    }
    const char *s = json_string_value(j);
    if (!s) return -1;
    if (!*s) return 0;
    return money_parse(s, strlen(s), fen) == 0 ? 1 : -1;
}

int report_json_date(json_t *j, zdate *d)
{
    if (!j || json_is_null(j)) return 0;
    const char *s = json_string_value(j);
    if (!s) return -1;
    if (!*s) return 0;
    return date_parse(s, strlen(s), d) == 0 ? 1 : -1;
}

int report_in_period(zdate d, zdate from, zdate to)
{
    return d.day >= from.day && d.day <= to.day;
}

static void add_unique(json_t *list, const char *s)
{
    size_t i;
    json_t *it;
    json_array_foreach(list, i, it)
        if (!strcmp(json_string_value(it), s)) return;
    json_array_append_new(list, json_string(s));
}

static void set_num(json_t *vars, const char *k, double v) { json_object_set_new(vars, k, json_real(v)); }

static void deadline_vars(json_t *vars, zrec *r, zdate from, zdate to, json_t *stages)
{
    json_t *dl = rec_get(r, "deadlines");
    if (!json_is_array(dl)) return;
    double over = 0, met = 0, late = 0;
    json_t *seen = json_array(), *entered = json_array(), *overs = json_array();
    size_t i;
    json_t *d;
    json_array_foreach(dl, i, d) {
        const char *st = json_string_value(json_object_get(d, "status"));
        if (!st) continue;
        if (!strcmp(st, "overdue")) over++;
        else if (!strcmp(st, "met")) met++;
        else if (!strcmp(st, "late")) late++;
        const char *stage = stages ? json_string_value(json_object_get(stages,
                                json_string_value(json_object_get(d, "rule")) ?
                                json_string_value(json_object_get(d, "rule")) : "")) : NULL;
        zdate f;
        if (!stage || report_json_date(json_object_get(d, "from"), &f) != 1) continue;
        add_unique(seen, stage);
        if (report_in_period(f, from, to)) add_unique(entered, stage);
        if (!strcmp(st, "overdue") || !strcmp(st, "late")) add_unique(overs, stage);
    }
    set_num(vars, "nodes_overdue", over);
    set_num(vars, "nodes_met", met);
    set_num(vars, "nodes_late", late);
    set_num(vars, "nodes_due", over + met + late);
    json_object_set_new(vars, "stages_seen", seen);
    json_object_set_new(vars, "stages_entered", entered);
    json_object_set_new(vars, "stages_over", overs);
}

static void fund_vars(json_t *vars, zrec *r, zdate from, zdate to)
{
    json_t *funds = rec_get(r, "funds");
    int64_t arrived = 0, paid = 0;
    double narr = 0, npaid = 0;
    size_t i;
    json_t *f;
    json_array_foreach(funds, i, f) {
        const char *kind = json_string_value(json_object_get(f, "kind"));
        zdate on;
        int64_t fen;
        if (!kind || report_json_date(json_object_get(f, "on"), &on) != 1 ||
            !report_in_period(on, from, to) || report_json_fen(json_object_get(f, "amount"), &fen) != 1)
            continue;
        if (!strcmp(kind, "arrival")) { arrived += fen; narr++; }
        else if (!strcmp(kind, "payout")) { paid += fen; npaid++; }
    }
    {   /* a case without a funds list has had no movement: 0 */
        json_object_set_new(vars, "funds_arrived", money_json(arrived));
        set_num(vars, "funds_arrived_n", narr);
        json_object_set_new(vars, "funds_paid", money_json(paid));
        set_num(vars, "funds_paid_n", npaid);
    }
    json_t *p = rec_get(r, "payout");
    if (!json_is_object(p)) return;
    const char *v = json_string_value(json_object_get(p, "verdict"));
    if (v) json_object_set_new(vars, "payout_verdict", json_string(v));
    int64_t bal = 0, overdue = 0;
    if (report_json_fen(json_object_get(p, "balance"), &bal) == 1)
        json_object_set_new(vars, "funds_unpaid", money_json(bal > 0 ? bal : 0));
    double nover = 0;
    json_t *levels = json_array(), *is;
    json_array_foreach(json_object_get(p, "issues"), i, is) {
        const char *kind = json_string_value(json_object_get(is, "kind"));
        const char *level = json_string_value(json_object_get(is, "level"));
        int64_t fen = 0;
        if (level) add_unique(levels, level);
        if (kind && (!strcmp(kind, "undisbursed") || !strcmp(kind, "unclaimed"))) {
            nover++;
            if (report_json_fen(json_object_get(is, "amount"), &fen) == 1) overdue += fen;
        }
    }
    json_object_set_new(vars, "funds_overdue", money_json(overdue));
    set_num(vars, "funds_overdue_n", nover);
    json_object_set_new(vars, "fund_levels", levels);
}

void report_vars_fill(json_t *vars, zrec *r, zdate from, zdate to, json_t *stages)
{
    json_object_clear(vars);
    char buf[24];
    date_format(from, buf);
    json_object_set_new(vars, "period_from", json_string(buf));
    date_format(to, buf);
    json_object_set_new(vars, "period_to", json_string(buf));
    const char *track = json_string_value(rec_get(r, "track"));
    if (track && *track) json_object_set_new(vars, "track", json_string(track));
    json_t *ta = rec_get(r, "term_audit");
    const char *tv = json_string_value(json_object_get(ta, "verdict"));
    if (tv) json_object_set_new(vars, "term_verdict", json_string(tv));
    deadline_vars(vars, r, from, to, stages);
    fund_vars(vars, r, from, to);
}
