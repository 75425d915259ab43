/* payout_eval.c: see payout_eval.h. */
#include "payout_eval.h"
#include "jalloc.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "explain.h"
#include "expr.h"
#include "money_json.h"
#include "period.h"
#include "warn.h"
#include "xalloc.h"

/* A part of an arrival taken by an outflow. */
typedef struct chunk {
    size_t a;          /* the arrival's position in ledger.arr */
    zdate on;          /* the outflow's date */
    int64_t amount;
} chunk;

/* The case's money after matching (payout_eval.h). */
typedef struct ledger {
    const fund_list *f;
    size_t *arr, narr;            /* arrivals (indices into f->v), date order */
    size_t *out, nout;            /* payouts and refunds, date order */
    size_t *claims, nclaims;      /* claims, date order */
    size_t *holds, nholds;
    int64_t *rem;                 /* per arrival: not yet paid out */
    int64_t *unclaimed;           /* per arrival: not yet claimed (main account) */
    zdate *claimed_on;            /* per arrival: when fully claimed */
    int *claimed;
    int *undisbursed;             /* per arrival: an undisbursed issue was raised */
    chunk *chunks;
    size_t nchunks;
    int64_t balance;
    int overflow;                 /* the money out exceeded the money in on some day */
    size_t overflow_fund;         /* the first outflow that did so, and its day */
    zdate overflow_on;
    int64_t deficit;              /* by how much, then */
} ledger;

typedef struct issue {
    json_t *obj;
    issue_kind kind;
    zdate anchor;                 /* the day its levels count from */
} issue;

typedef struct issue_list {
    issue *v;
    size_t n, cap;
} issue_list;

static const fund_move *arrival(const ledger *L, size_t k) { return &L->f->v[L->arr[k]]; }

static int is_main(const fund_move *m) { return m->account && strcmp(m->account, "main") == 0; }

static void fmt_money(int64_t fen, char buf[32])
{
    int64_t a = fen < 0 ? -fen : fen;
    snprintf(buf, 32, "%s%lld.%02lld", fen < 0 ? "-" : "", (long long)(a / 100), (long long)(a % 100));
}

static json_t *date_json(zdate d)
{
    char buf[24];
    date_format(d, buf);
    return json_string(buf);
}

/* Inserts the indices of movements of kind k (or of k2) into a list sorted
 * by day, input order kept within a day.  Malloc'd; the ledger frees. */
static size_t *sorted_of(const fund_list *f, fund_kind k, fund_kind k2, size_t *n)
{
    size_t *v = xmalloc((f->n ? f->n : 1) * sizeof *v), m = 0;
    for (size_t i = 0; i < f->n; i++) {
        if (f->v[i].kind != k && f->v[i].kind != k2) continue;
        size_t j = m++;
        while (j > 0 && f->v[v[j - 1]].on.day > f->v[i].on.day) { v[j] = v[j - 1]; j--; }
        v[j] = i;
    }
    *n = m;
    return v;
}

static void ledger_free(ledger *L)
{
    free(L->arr); free(L->out); free(L->claims); free(L->holds);
    free(L->rem); free(L->unclaimed); free(L->claimed_on); free(L->claimed);
    free(L->undisbursed); free(L->chunks);
}

/* Matches claims and outflows to arrivals, first in, first out. */
static void ledger_build(ledger *L, const fund_list *f)
{
    memset(L, 0, sizeof *L);
    L->f = f;
    L->arr = sorted_of(f, FK_ARRIVAL, FK_ARRIVAL, &L->narr);
    L->out = sorted_of(f, FK_PAYOUT, FK_REFUND, &L->nout);
    L->claims = sorted_of(f, FK_CLAIM, FK_CLAIM, &L->nclaims);
    L->holds = sorted_of(f, FK_HOLD, FK_HOLD, &L->nholds);
    size_t na = L->narr ? L->narr : 1;
    L->rem = xcalloc(na, sizeof *L->rem);
    L->unclaimed = xcalloc(na, sizeof *L->unclaimed);
    L->claimed_on = xcalloc(na, sizeof *L->claimed_on);
    L->claimed = xcalloc(na, sizeof *L->claimed);
    L->undisbursed = xcalloc(na, sizeof *L->undisbursed);
    L->chunks = xcalloc(L->narr + L->nout + 1, sizeof *L->chunks);
    for (size_t k = 0; k < L->narr; k++) {
        L->rem[k] = arrival(L, k)->amount;
        L->unclaimed[k] = is_main(arrival(L, k)) ? arrival(L, k)->amount : 0;
        L->balance += arrival(L, k)->amount;
    }
    for (size_t i = 0; i < L->nclaims; i++) {
        const fund_move *cl = &f->v[L->claims[i]];
        int64_t left = cl->amount;
        for (size_t k = 0; k < L->narr && left > 0; k++) {
            if (L->unclaimed[k] == 0) continue;
            int64_t take = left < L->unclaimed[k] ? left : L->unclaimed[k];
            L->unclaimed[k] -= take;
            left -= take;
            if (L->unclaimed[k] == 0) { L->claimed[k] = 1; L->claimed_on[k] = cl->on; }
        }
    }
    for (size_t i = 0; i < L->nout; i++) {
        const fund_move *o = &f->v[L->out[i]];
        int64_t left = o->amount;
        L->balance -= o->amount;
        for (size_t k = 0; k < L->narr && left > 0; k++) {
            if (L->rem[k] == 0) continue;
            int64_t take = left < L->rem[k] ? left : L->rem[k];
            L->rem[k] -= take;
            left -= take;
            L->chunks[L->nchunks++] = (chunk){k, o->on, take};
        }
    }
    /* 专款专付: money out can only be money that had arrived by that day
     * (arrivals first on a day): the first outflow the arrivals so far do
     * not cover, even if a later arrival makes the balance good */
    int64_t in = 0, outsum = 0;
    for (size_t i = 0, k = 0; i < L->nout && !L->overflow; i++) {
        const fund_move *o = &f->v[L->out[i]];
        while (k < L->narr && arrival(L, k)->on.day <= o->on.day) in += arrival(L, k++)->amount;
        outsum += o->amount;
        if (outsum > in) {
            L->overflow = 1;
            L->overflow_fund = o->index;
            L->overflow_on = o->on;
            L->deficit = outsum - in;
        }
    }
}

/* A hold with a reason in force on day t. */
static int held_on(const ledger *L, int32_t t)
{
    for (size_t i = 0; i < L->nholds; i++) {
        const fund_move *h = &L->f->v[L->holds[i]];
        if (h->has_reason && h->on.day <= t && (!h->has_until || t <= h->until.day)) return 1;
    }
    return 0;
}

/* 1 when holds with a reason were in force on every day the money was
 * unpaid after its due day: from the day after due to the day before the
 * payment (the days an undisbursed check would have flagged), or on the
 * payment day when that is the day after due.  A hold that ended, or began,
 * with unheld days between the due day and the payment does not excuse it. */
static int held_until_paid(const ledger *L, int32_t due, int32_t paid)
{
    int32_t t = due + 1, last = paid - 1 > due ? paid - 1 : due + 1;
    while (t <= last) {
        int64_t reach = -1;     /* the last day covered from t on; INT64_MAX with no until */
        for (size_t i = 0; i < L->nholds; i++) {
            const fund_move *h = &L->f->v[L->holds[i]];
            if (!h->has_reason || h->on.day > t || (h->has_until && h->until.day < t)) continue;
            int64_t end = h->has_until ? h->until.day : INT64_MAX;
            if (end > reach) reach = end;
        }
        if (reach < 0) return 0;
        if (reach >= last) return 1;
        t = (int32_t)reach + 1;
    }
    return 1;
}

static zdate due_of(const period *p, zdate from, payout_case *c, payout_totals *tot)
{
    int est = 0;
    zdate d = period_due(p, from, c->cal, &est);
    d.min = ZDATE_NOTIME;
    if (est) tot->estimated = 1;
    return d;
}

/* Appends an issue with the keys every issue has; returns its object. */
static json_t *add_issue(issue_list *il, const char *rule_id, issue_kind k, zdate due, int64_t amount,
                         zdate on, size_t fund)
{
    if (il->n == il->cap) {
        il->cap = il->cap ? 2 * il->cap : 8;
        il->v = xrealloc(il->v, il->cap * sizeof *il->v);
    }
    json_t *o = json_object();
    json_object_set_new(o, "rule", json_string(rule_id));
    json_object_set_new(o, "kind", json_string(issue_kind_names[k]));
    json_object_set_new(o, "due", date_json(due));
    json_object_set_new(o, "amount", money_json(amount));
    json_object_set_new(o, "level", json_null());
    json_object_set_new(o, "on", date_json((zdate){on.day, ZDATE_NOTIME}));
    json_object_set_new(o, "fund", json_integer((json_int_t)fund));
    il->v[il->n++] = (issue){o, k, on};
    return o;
}

/* 1 when the rule applies to the case; 0 when its "when" is false or
 * cannot be decided (then reported, counted as blocked, and with
 * --explain *why set: malloc'd, the caller frees). */
static int applies(const payout_rule *pr, payout_case *c, payout_totals *tot, char **why)
{
    if (!pr->when) return 1;
    evalctx cx = {.rec = c->rec, .cal = c->cal, .as_of = c->as_of, .trace = c->trace};
    tv t = expr_test(pr->when, &cx);
    if (t == TV_UNKNOWN) {
        char *msg = rule_undecided(pr->r->id, cx.why);
        rec_error(c->rec, cx.why_field ? cx.why_field : "funds", "%s", msg);
        free(msg);
        if (c->explain) *why = xstrdup(cx.why ? cx.why : "a value it needs is unreadable");
        tot->blocked++;
    }
    free(cx.why);
    return t == TV_TRUE;
}

static void check_claims(const payout_rule *pr, const ledger *L, payout_case *c, payout_totals *tot, issue_list *il)
{
    char p[16], m[32], d[24], a[24];
    for (size_t k = 0; k < L->narr; k++) {
        const fund_move *ar = arrival(L, k);
        if (!is_main(ar)) continue;
        zdate due = due_of(&pr->p, ar->on, c, tot);
        date_format(due, d);
        date_format((zdate){ar->on.day, ZDATE_NOTIME}, a);
        fmt_money(ar->amount, m);
        const char *st;
        if (L->claimed[k] && L->claimed_on[k].day <= due.day) st = "claimed in time";
        else if (L->claimed[k]) {
            json_t *o = add_issue(il, pr->r->id, IK_UNCLAIMED, due, ar->amount, ar->on, ar->index);
            json_object_set_new(o, "done", date_json((zdate){L->claimed_on[k].day, ZDATE_NOTIME}));
            st = "claimed late";
        } else if (due.day < c->as_of.day) {
            json_t *o = add_issue(il, pr->r->id, IK_UNCLAIMED, due, L->unclaimed[k], ar->on, ar->index);
            json_object_set_new(o, "done", json_null());
            st = "not claimed, overdue";
        } else st = "not claimed, not yet due";
        explain_trace(c->trace, "funds[%zu] arrival %s %s main account, claim due %s (%s): %s", ar->index,
                      a, m, d, period_format(&pr->p, p), st);
    }
}

/* The payout due date of arrival k under the payout rule pr: 1 and *due,
 * or 0 when its limit has not begun (main-account money counted from its
 * claim, neither claimed nor paid in part). */
static int payout_due(const payout_rule *pr, const ledger *L, size_t k, payout_case *c, payout_totals *tot,
                      zdate *due)
{
    const fund_move *ar = arrival(L, k);
    zdate start = ar->on;
    if (pr->from_claim && is_main(ar)) {
        if (L->claimed[k]) start = L->claimed_on[k];
        else if (L->rem[k] == ar->amount) return 0;
    }
    *due = due_of(&pr->p, start, c, tot);
    return 1;
}

static void check_payouts(const payout_rule *pr, ledger *L, payout_case *c, payout_totals *tot, issue_list *il)
{
    char p[16], m[32], d[24], a[24];
    for (size_t k = 0; k < L->narr; k++) {
        const fund_move *ar = arrival(L, k);
        date_format((zdate){ar->on.day, ZDATE_NOTIME}, a);
        fmt_money(ar->amount, m);
        zdate due;
        if (!payout_due(pr, L, k, c, tot, &due)) {
            explain_trace(c->trace,
                          "funds[%zu] arrival %s %s main account: not claimed, the limit counts from the claim",
                          ar->index, a, m);
            continue;
        }
        date_format(due, d);
        int64_t late = 0;
        zdate last = {0, ZDATE_NOTIME};
        int held_late = 0;
        for (size_t i = 0; i < L->nchunks; i++) {
            const chunk *ch = &L->chunks[i];
            if (ch->a != k || ch->on.day <= due.day) continue;
            if (held_until_paid(L, due.day, ch->on.day)) { held_late = 1; continue; }
            late += ch->amount;
            last = ch->on;
        }
        if (late > 0) {
            json_t *o = add_issue(il, pr->r->id, IK_LATE_PAYOUT, due, late, ar->on, ar->index);
            json_object_set_new(o, "done", date_json((zdate){last.day, ZDATE_NOTIME}));
        }
        const char *st;
        if (L->rem[k] == 0) st = late ? "paid late" : held_late ? "paid late under a hold" : "paid in time";
        else if (due.day >= c->as_of.day) st = "not paid, not yet due";
        else if (held_on(L, c->as_of.day)) st = "not paid, held";
        else {
            add_issue(il, pr->r->id, IK_UNDISBURSED, due, L->rem[k], ar->on, ar->index);
            L->undisbursed[k] = 1;
            st = "not paid, overdue";
        }
        explain_trace(c->trace, "funds[%zu] arrival %s %s, payout due %s (%s): %s", ar->index, a, m, d,
                      period_format(&pr->p, p), st);
    }
}

static void check_approvals(const payout_rule *pr, const ledger *L, payout_case *c, issue_list *il)
{
    for (size_t i = 0; i < L->nout; i++) {
        const fund_move *o = &L->f->v[L->out[i]];
        if (o->kind != FK_PAYOUT) continue;
        json_t *steps = json_array();
        zdate prev;                     /* the previous dated step */
        int has_prev = 0;
        for (size_t s = 0; s < pr->nsteps; s++) {
            zdate d;
            int has = fund_step_date(o, pr->steps[s], &d);
            if (pr->test == PT_APPROVALS && !has) json_array_append_new(steps, json_string(pr->steps[s]));
            if (pr->test == PT_APPROVAL_ORDER && has) {
                /* SPEC 5.3: each step not before the previous step's (the
                 * one before it that has a date), by date-time where both
                 * have a time, else by date (date_cmp) */
                int wrong = date_cmp(d, o->on) > 0 || (has_prev && date_cmp(d, prev) < 0);
                if (wrong) json_array_append_new(steps, json_string(pr->steps[s]));
                prev = d;
                has_prev = 1;
            }
        }
        char *list = json_dumps_malloc(steps, JSON_COMPACT), on[24];
        date_format((zdate){o->on.day, ZDATE_NOTIME}, on);
        explain_trace(c->trace, "funds[%zu] payout %s: steps %s %s", o->index, on,
                      pr->test == PT_APPROVALS ? "missing" : "out of order", list ? list : "");
        free(list);
        if (json_array_size(steps) == 0) { json_decref(steps); continue; }
        json_t *obj = add_issue(il, pr->r->id, pr->test == PT_APPROVALS ? IK_APPROVAL_MISSING : IK_APPROVAL_ORDER,
                                o->on, o->amount, o->on, o->index);
        json_object_set_new(obj, "steps", steps);
    }
}

/* 1 when name is one of the applicants (text split like flags). */
static int is_applicant(const char *applicants, const char *name)
{
    char want[256], tag[256];
    const char *cur = name;
    if (!flag_next(&cur, want, sizeof want)) return 0;
    cur = applicants;
    while (flag_next(&cur, tag, sizeof tag))
        if (strcmp(tag, want) == 0) return 1;
    return 0;
}

static void check_mandate(const payout_rule *pr, const ledger *L, payout_case *c, issue_list *il)
{
    const char *applicant;
    if (rec_text(c->rec, "applicant", &applicant) != 1) {
        explain_trace(c->trace, "no applicant on the case: not checked");
        return;
    }
    int case_mandate = rec_has_flag(c->rec, "mandate");
    for (size_t i = 0; i < L->nout; i++) {
        const fund_move *o = &L->f->v[L->out[i]];
        if (o->kind != FK_PAYOUT || !o->payee) continue;
        const char *st = "payee is the applicant";
        if (!is_applicant(applicant, o->payee)) {
            st = o->mandate ? "mandate on the payout" : case_mandate ? "mandate flag on the case" : "no mandate";
            if (!o->mandate && !case_mandate) {
                json_t *obj = add_issue(il, pr->r->id, IK_APPROVAL_MISSING, o->on, o->amount, o->on, o->index);
                json_t *steps = json_array();
                json_array_append_new(steps, json_string("mandate"));
                json_object_set_new(obj, "steps", steps);
            }
        }
        explain_trace(c->trace, "funds[%zu] payout to %s: %s", o->index, o->payee, st);
    }
}

/* *why: set (malloc'd) when the rule cannot be decided (closed_on unreadable). */
static void check_balance(const payout_rule *pr, const ledger *L, payout_case *c, payout_totals *tot, issue_list *il,
                          char **why)
{
    char m[32];
    fmt_money(L->balance, m);
    if (pr->test == PT_OVERPAID) {
        char day[24] = "";
        if (L->overflow) date_format(L->overflow_on, day);
        explain_trace(c->trace, "balance %s%s%s", m,
                      L->balance < 0 ? ": overpaid" : L->overflow ? ": overpaid on " : "",
                      L->balance >= 0 && L->overflow ? day : "");
        if (L->overflow)
            add_issue(il, pr->r->id, IK_OVERPAID, L->overflow_on, L->balance < 0 ? -L->balance : L->deficit, L->overflow_on,
                      L->overflow_fund);
        return;
    }
    zdate closed;
    int got = rec_date(c->rec, "closed_on", &closed);
    if (got < 0) {
        json_t *v = rec_get(c->rec, "closed_on");
        *why = xasprintf("closed_on: invalid date '%s'", json_is_string(v) ? json_string_value(v) : "?");
        char *msg = rule_undecided(pr->r->id, *why);
        rec_error(c->rec, "closed_on", "%s", msg);
        free(msg);
        tot->blocked++;
        return;
    }
    explain_trace(c->trace, "%s, balance %s", got ? "closed" : "not closed", m);
    if (got == 1 && L->balance != 0) {
        json_t *o = add_issue(il, pr->r->id, IK_CLOSED_WITH_BALANCE, closed, L->balance, closed, 0);
        json_object_del(o, "fund");
    }
}

/* 浉河 二(六)5(2) 发现即将超期……仍未发放且无暂缓发放手续的: money of an
 * arrival not yet paid out, no hold in force on the check day, whose due
 * date under the "limit_rule" is within the --warn window (as_of <= due
 * <= as_of + warn; the day after due it is undisbursed instead). */
static void check_due_soon(const payout_rule *pr, const payout_rule *lim, const ledger *L, payout_case *c,
                           payout_totals *tot, issue_list *il)
{
    char m[32], d[24], a[24];
    for (size_t k = 0; k < L->narr; k++) {
        const fund_move *ar = arrival(L, k);
        zdate due;
        if (L->rem[k] == 0 || !payout_due(lim, L, k, c, tot, &due)) continue;
        date_format(due, d);
        date_format((zdate){ar->on.day, ZDATE_NOTIME}, a);
        fmt_money(L->rem[k], m);
        const char *st = "not within the window";
        if (!warn_due_soon(due.day, c->as_of.day, c->warn_days)) {
            if (due.day < c->as_of.day) st = "past due";
        } else if (held_on(L, c->as_of.day)) {
            st = "held";
        } else {
            add_issue(il, pr->r->id, IK_DUE_SOON, due, L->rem[k], ar->on, ar->index);
            st = "due soon";
        }
        explain_trace(c->trace, "funds[%zu] arrival %s, %s not paid out, due %s under %s, warning window %d days: %s",
                      ar->index, a, m, d, lim->r->id, c->warn_days, st);
    }
}

/* Due-soon rule j, which applies: checked when its limit rule applies.
 * When that could not be decided neither can rule j (with --explain
 * whys[j] is set to rule_undecided() of the limit rule, which has reported
 * the error); when that does not apply there is no due date, and rule j
 * does not apply either (ok[j] 0). */
static void due_soon(const payout_rules *rs, size_t j, const ledger *L, payout_case *c, payout_totals *tot,
                     issue_list *il, int *ok, json_t **traces, char **whys)
{
    const payout_rule *pr = &rs->v[j], *lim = &rs->v[pr->limit];
    c->trace = traces ? traces[j] : NULL;
    if (ok[pr->limit]) {
        check_due_soon(pr, lim, L, c, tot, il);
    } else if (whys[pr->limit]) {
        whys[j] = rule_undecided(lim->r->id, whys[pr->limit]);
    } else {
        explain_trace(c->trace, "limit_rule %s does not apply: no due date", lim->r->id);
        ok[j] = 0;
    }
}

/* The level an escalation rule gives a start day: the last level reached
 * by as_of, or -1; *since is when it was reached. */
static int level_reached(const payout_rule *pr, zdate start, payout_case *c, payout_totals *tot, zdate *since)
{
    int lv = -1;
    for (size_t i = 0; i < pr->nlevels; i++) {
        zdate d = due_of(&pr->levels[i].p, (zdate){start.day, ZDATE_NOTIME}, c, tot);
        if (d.day <= c->as_of.day) { lv = (int)i; *since = d; }
    }
    return lv;
}

static void open_issues(const payout_rule *pr, ledger *L, payout_case *c, payout_totals *tot, issue_list *il)
{
    for (size_t k = 0; k < L->narr; k++) {
        const fund_move *ar = arrival(L, k);
        zdate since;
        if (L->rem[k] == 0 || L->undisbursed[k] || held_on(L, c->as_of.day)) continue;
        int lv = level_reached(pr, ar->on, c, tot, &since);
        if (lv < 0) continue;
        add_issue(il, pr->r->id, IK_UNDISBURSED, since, L->rem[k], ar->on, ar->index);
        L->undisbursed[k] = 1;
        char a[24], m[32];
        date_format((zdate){ar->on.day, ZDATE_NOTIME}, a);
        fmt_money(L->rem[k], m);
        explain_trace(c->trace, "funds[%zu] arrival %s, %s not paid out: opens an undisbursed issue", ar->index, a, m);
    }
}

static void grade(const payout_rules *rs, issue_list *il, payout_case *c, payout_totals *tot, const int *ok,
                  json_t **traces)
{
    for (size_t i = 0; i < il->n; i++) {
        issue *is = &il->v[i];
        for (size_t j = 0; j < rs->n; j++) {
            const payout_rule *pr = &rs->v[j];
            if (pr->test != PT_ESCALATION || !ok[j] || !(pr->kinds & (1u << is->kind))) continue;
            zdate since;
            int lv = level_reached(pr, is->anchor, c, tot, &since);
            if (lv < 0) continue;
            json_object_set_new(is->obj, "level", json_string(pr->levels[lv].name));
            c->trace = c->explain ? traces[j] : NULL;
            char d[24], a[24];
            date_format(since, d);
            date_format((zdate){is->anchor.day, ZDATE_NOTIME}, a);
            explain_trace(c->trace, "%s issue of %s counted from %s: level %s since %s", issue_kind_names[is->kind],
                          json_string_value(json_object_get(is->obj, "rule")), a, pr->levels[lv].name, d);
            break;
        }
    }
}

/* The result of rule j's explain entry (explain.h): "undecided" (why
 * set), "not applicable" (its "when" is false), else the kinds of the
 * issues it raised, each once, in the order raised, joined by ", ", or
 * "ok" when none.  Malloc'd. */
static char *result_of(const payout_rule *pr, int ok, const issue_list *il)
{
    if (!ok) return xstrdup("not applicable");
    size_t len = 3;
    for (size_t i = 0; i < il->n; i++) len += strlen(issue_kind_names[il->v[i].kind]) + 2;
    char *out = xmalloc(len), *o = out;
    *o = 0;
    unsigned seen = 0;
    for (size_t i = 0; i < il->n; i++) {
        const issue *is = &il->v[i];
        if (seen & (1u << is->kind) || strcmp(json_string_value(json_object_get(is->obj, "rule")), pr->r->id)) continue;
        seen |= 1u << is->kind;
        o += sprintf(o, "%s%s", o == out ? "" : ", ", issue_kind_names[is->kind]);
    }
    if (!seen) strcpy(out, "ok");
    return out;
}

/* Appends each rule's entry to c->explain; frees traces and whys. */
static void explain_rules(const payout_rules *rs, payout_case *c, const int *ok, const issue_list *il,
                          json_t **traces, char **whys)
{
    for (size_t j = 0; j < rs->n; j++) {
        const payout_rule *pr = &rs->v[j];
        if (whys[j]) {
            json_array_append_new(c->explain, explain_undecided(pr->r, whys[j], traces[j]));
        } else {
            char *result = result_of(pr, ok[j], il);
            json_array_append_new(c->explain, explain_entry(pr->r, result, traces[j]));
            free(result);
        }
        free(whys[j]);
    }
    free(traces);
    free(whys);
    c->trace = NULL;
}

json_t *payout_eval(const payout_rules *rs, payout_case *c, payout_totals *tot)
{
    memset(tot, 0, sizeof *tot);
    ledger L;
    ledger_build(&L, c->funds);
    tot->balance = L.balance;
    issue_list il = {0};
    size_t nr = rs->n ? rs->n : 1;
    int *ok = xcalloc(nr, sizeof *ok);
    /* --explain: each rule's trace, and why it could not be decided */
    json_t **traces = c->explain ? xcalloc(nr, sizeof *traces) : NULL;
    char **whys = xcalloc(nr, sizeof *whys);
    for (size_t j = 0; j < rs->n; j++) {
        const payout_rule *pr = &rs->v[j];
        c->trace = traces ? (traces[j] = json_array()) : NULL;
        if (!(ok[j] = applies(pr, c, tot, &whys[j]))) continue;
        switch (pr->test) {
        case PT_CLAIM: check_claims(pr, &L, c, tot, &il); break;
        case PT_PAYOUT: check_payouts(pr, &L, c, tot, &il); break;
        case PT_APPROVALS:
        case PT_APPROVAL_ORDER: check_approvals(pr, &L, c, &il); break;
        case PT_MANDATE: check_mandate(pr, &L, c, &il); break;
        case PT_OVERPAID:
        case PT_CLOSED: check_balance(pr, &L, c, tot, &il, &whys[j]); break;
        case PT_ESCALATION:
        case PT_DUE_SOON: break;
        }
    }
    for (size_t j = 0; j < rs->n; j++)
        if (ok[j] && rs->v[j].test == PT_DUE_SOON)
            due_soon(rs, j, &L, c, tot, &il, ok, traces, whys);
    for (size_t j = 0; j < rs->n; j++)
        if (ok[j] && rs->v[j].test == PT_ESCALATION && rs->v[j].open_issue) {
            c->trace = traces ? traces[j] : NULL;
            open_issues(&rs->v[j], &L, c, tot, &il);
        }
    grade(rs, &il, c, tot, ok, traces);
    if (traces) {
        explain_rules(rs, c, ok, &il, traces, whys);
    } else {
        for (size_t j = 0; j < rs->n; j++) free(whys[j]);
        free(whys);
    }
    json_t *list = json_array();
    for (size_t i = 0; i < il.n; i++) {
        tot->counts[il.v[i].kind]++;
        json_array_append_new(list, il.v[i].obj);
    }
    for (size_t k = 0; k < L.narr; k++)
        if (L.undisbursed[k]) tot->undisbursed += L.rem[k];
    free(il.v);
    free(ok);
    ledger_free(&L);
    return list;
}
