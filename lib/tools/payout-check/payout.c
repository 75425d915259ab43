/* payout.c: the payout-check tool module (see payout.h). */
#include "payout.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "explain.h"
#include "money_json.h"
#include "payout_eval.h"
#include "payout_funds.h"
#include "payout_rules.h"
#include "summary.h"
#include "warn.h"
#include "writer.h"
#include "xalloc.h"

enum { OPT_SUMMARY = 256, OPT_WARN };

/* The --summary columns after "cases" (summary.h): flagged, the sums, then
 * the issues by kind (issue_kind_names, filled in at open). */
enum { COL_FLAGGED, COL_BALANCE, COL_UNDISBURSED, COL_KINDS, NCOLS = COL_KINDS + IK_COUNT };

typedef struct payout_state {
    const zopts *o;
    payout_rules rules;
    int summary;                  /* --summary */
    int warn_days;                /* --warn: the due_soon window */
    int warn_set;                 /* --warn given (else WARN_DEFAULT_DAYS) */
    sum_col cols[NCOLS];
    summary *rows;                /* --summary */
    int warned_estimate;          /* the "estimated" warning was printed */
} payout_state;

static int payout_option(void *st, int id, const char *arg)
{
    payout_state *s = st;
    if (id == OPT_WARN) {
        if (warn_parse("payout-check", arg, &s->warn_days) != 0) return -1;
        s->warn_set = 1;
        return 0;
    }
    if (id != OPT_SUMMARY) return -1;
    s->summary = 1;
    return 0;
}

static const char *payout_added[] = {"payout", NULL, NULL};   /* payout_explain: set in open */

static int payout_open(void *st, const zopts *o, char **err)
{
    payout_state *s = st;
    s->o = o;
    if (o->explain) payout_added[1] = "payout_explain";
    if (!s->warn_set) s->warn_days = WARN_DEFAULT_DAYS;
    if (s->summary) {
        s->cols[COL_FLAGGED] = (sum_col){"flagged", SUM_COUNT};
        s->cols[COL_BALANCE] = (sum_col){"balance", SUM_MONEY};
        s->cols[COL_UNDISBURSED] = (sum_col){"undisbursed_amount", SUM_MONEY};
        for (int k = 0; k < IK_COUNT; k++) s->cols[COL_KINDS + k] = (sum_col){issue_kind_names[k], SUM_COUNT};
        if (!(s->rows = summary_new(s->cols, NCOLS, o->only_flagged))) {
            *err = strdup("out of memory");
            return -1;
        }
    }
    return payout_rules_load(o->profile, &s->rules, err);
}

/* The ids of all fund rules, ", " separated; malloc'd, the caller frees. */
static char *rule_ids(const payout_rules *rs)
{
    size_t len = 1;
    for (size_t i = 0; i < rs->n; i++) len += strlen(rs->v[i].r->id) + 2;
    char *s = malloc(len), *p = s;
    if (!s) return NULL;
    *p = 0;
    for (size_t i = 0; i < rs->n; i++) p += sprintf(p, "%s%s", i ? ", " : "", rs->v[i].r->id);
    return s;
}

static void count(payout_state *s, zrec *r, int flagged, const payout_totals *tot)
{
    int64_t *row = summary_add(s->rows, r, flagged);
    if (!row) return;
    row[COL_FLAGGED] += flagged;
    row[COL_BALANCE] += tot->balance;
    row[COL_UNDISBURSED] += tot->undisbursed;
    for (int k = 0; k < IK_COUNT; k++) row[COL_KINDS + k] += tot->counts[k];
}

/* The record's funds: the list, or a list written as JSON text (a CSV cell,
 * as -o csv writes it), parsed into *owned (the caller decrefs); blank text
 * is none. */
static json_t *funds_of(zrec *r, json_t **owned)
{
    json_t *f = rec_get(r, "funds");
    *owned = NULL;
    if (!json_is_string(f)) return f;
    const char *t = json_string_value(f);
    while (*t == ' ' || *t == '\t') t++;
    if (!*t) return NULL;
    if (*t != '[') return f;
    *owned = json_loads(t, JSON_DECODE_ANY, NULL);
    return *owned ? *owned : f;
}

static int payout_record(void *st, zrec *r)
{
    payout_state *s = st;
    fund_list fl;
    char *why = NULL;
    payout_totals tot;
    memset(&tot, 0, sizeof tot);
    json_t *out = json_object(), *owned;
    json_t *explain = s->o->explain ? json_array() : NULL;
    int got = funds_read(funds_of(r, &owned), &fl, &why);
    int flagged = 0;
    /* a CSV input with no 案款 column: whether the case has funds is not
     * known (not none), so its fund rules cannot be decided */
    int no_column = got == 0 && rec_no_column(r, "funds");
    if (got < 0 || no_column) {
        char *ids = rule_ids(&s->rules);
        if (no_column) why = xstrdup("funds: no column in the input");
        rec_error(r, "funds", "%s (blocks %s)", no_column ? "no column in the input" : why ? why : "out of memory",
                  ids && *ids ? ids : "no rule");
        free(ids);
        for (size_t j = 0; explain && j < s->rules.n; j++)   /* every rule reads the funds */
            json_array_append_new(explain, explain_undecided(s->rules.v[j].r, why, NULL));
        json_object_set_new(out, "verdict", json_string("n/a"));
        json_object_set_new(out, "balance", json_null());
        json_object_set_new(out, "issues", json_array());
    } else if (got == 0) {
        json_object_set_new(out, "verdict", json_string("n/a"));
        json_object_set_new(out, "balance", money_json(0));
        json_object_set_new(out, "issues", json_array());
    } else {
        payout_case c = {.rec = r, .funds = &fl, .cal = s->o->cal, .as_of = s->o->as_of,
                         .warn_days = s->warn_days, .explain = explain};
        json_t *issues = payout_eval(&s->rules, &c, &tot);
        flagged = json_array_size(issues) > 0;
        json_object_set_new(out, "verdict", json_string(flagged ? "flag" : tot.blocked ? "n/a" : "ok"));
        json_object_set_new(out, "balance", money_json(tot.balance));
        json_object_set_new(out, "issues", issues);
        /* SPEC 5.1: marked "estimated", with one warning (a run late in
         * the calendar's last year would otherwise warn on most records) */
        if (tot.estimated) {
            json_object_set_new(out, "estimated", json_true());
            if (!s->warned_estimate)
                fprintf(stderr, "payout-check: warning: a due date falls beyond the holiday calendar; working days "
                                "there are counted on weekends alone (cases marked \"estimated\")\n");
            s->warned_estimate = 1;
        }
    }
    free(why);
    free(fl.v);
    json_decref(owned);
    rec_set(r, "payout", out);
    if (explain) rec_set(r, "payout_explain", explain);
    if (s->summary) count(s, r, flagged, &tot);
    return flagged;
}

static int payout_finish(void *st, struct zwriter *w, char **err)
{
    payout_state *s = st;
    return s->summary ? summary_write(s->rows, w, err) : 0;
}

static int payout_replaces_output(void *st) { return ((payout_state *)st)->summary; }

static void payout_free(void *st)
{
    payout_state *s = st;
    payout_rules_free(&s->rules);
    summary_free(s->rows);
}

static const struct option payout_options[] = {
    {"summary", no_argument, NULL, OPT_SUMMARY},
    {"warn", required_argument, NULL, OPT_WARN},
    {NULL, 0, NULL, 0},
};


const tool_spec payout_tool = {
    .name = "payout-check",
    .summary = "Audit case funds (执行案款): unclaimed main-account arrivals, late and\n"
               "undisbursed payouts, the approval chain, balances, escalation levels.",
    .usage = "      --summary           write one row per team and handler instead of the cases:\n"
             "                          cases, flagged, balance, undisbursed_amount, issues by kind\n"
             WARN_USAGE,
    .options = payout_options,
    .added_fields = payout_added,
    .state_size = sizeof(payout_state),
    .needs_profile = 1,
    .rule_kind = "fund",
    .option = payout_option,
    .open = payout_open,
    .record = payout_record,
    .finish = payout_finish,
    .replaces_output = payout_replaces_output,
    .free = payout_free,
};
