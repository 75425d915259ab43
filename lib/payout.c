/* payout.c: the payout-check tool module (see payout.h). */
#include "payout.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "money_json.h"
#include "payout_eval.h"
#include "payout_funds.h"
#include "payout_rules.h"
#include "warn.h"
#include "writer.h"

enum { OPT_SUMMARY = 256, OPT_WARN };

/* One --summary row: a team and handler's totals. */
typedef struct summary_row {
    char *team, *handler;         /* NULL when the case has none */
    long cases, flagged;
    int64_t balance, undisbursed; /* fen */
    long counts[IK_COUNT];
} summary_row;

typedef struct payout_state {
    const zopts *o;
    payout_rules rules;
    int summary;                  /* --summary */
    int warn_days;                /* --warn: the due_soon window */
    int warn_set;                 /* --warn given (else WARN_DEFAULT_DAYS) */
    json_t *row_index;            /* "team\x1fhandler" -> position in rows */
    summary_row *rows;
    size_t nrows, caprows;
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

static int payout_open(void *st, const zopts *o, char **err)
{
    payout_state *s = st;
    s->o = o;
    if (!s->warn_set) s->warn_days = WARN_DEFAULT_DAYS;
    s->row_index = json_object();
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

static summary_row *row_for(payout_state *s, zrec *r)
{
    const char *team = NULL, *handler = NULL;
    if (rec_text(r, "team", &team) != 1) team = NULL;
    if (rec_text(r, "handler", &handler) != 1) handler = NULL;
    char *key = NULL;
    if (asprintf(&key, "%s\x1f%s\x1f%s", team ? "+" : "-", team ? team : "", handler ? handler : "") < 0) return NULL;
    json_t *at = json_object_get(s->row_index, key);
    summary_row *row;
    if (at) row = &s->rows[json_integer_value(at)];
    else {
        if (s->nrows == s->caprows) {
            s->caprows = s->caprows ? 2 * s->caprows : 16;
            s->rows = realloc(s->rows, s->caprows * sizeof *s->rows);
        }
        row = &s->rows[s->nrows];
        memset(row, 0, sizeof *row);
        row->team = team ? strdup(team) : NULL;
        row->handler = handler ? strdup(handler) : NULL;
        json_object_set_new(s->row_index, key, json_integer((json_int_t)s->nrows++));
    }
    free(key);
    return row;
}

static void count(payout_state *s, zrec *r, int flagged, const payout_totals *tot)
{
    summary_row *row = row_for(s, r);
    if (!row) return;
    row->cases++;
    row->flagged += flagged;
    row->balance += tot->balance;
    row->undisbursed += tot->undisbursed;
    for (int k = 0; k < IK_COUNT; k++) row->counts[k] += tot->counts[k];
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
    int got = funds_read(funds_of(r, &owned), &fl, &why);
    int flagged = 0;
    if (got < 0) {
        char *ids = rule_ids(&s->rules);
        rec_error(r, "funds", "%s (blocks %s)", why ? why : "out of memory", ids && *ids ? ids : "no rule");
        free(ids);
        json_object_set_new(out, "verdict", json_string("n/a"));
        json_object_set_new(out, "balance", json_null());
        json_object_set_new(out, "issues", json_array());
    } else if (got == 0) {
        json_object_set_new(out, "verdict", json_string("n/a"));
        json_object_set_new(out, "balance", money_json(0));
        json_object_set_new(out, "issues", json_array());
    } else {
        json_t *trace = s->o->explain ? json_array() : NULL;
        payout_case c = {.rec = r, .funds = &fl, .cal = s->o->cal, .as_of = s->o->as_of,
                         .warn_days = s->warn_days, .trace = trace};
        json_t *issues = payout_eval(&s->rules, &c, &tot);
        flagged = json_array_size(issues) > 0;
        json_object_set_new(out, "verdict", json_string(flagged ? "flag" : tot.blocked ? "n/a" : "ok"));
        json_object_set_new(out, "balance", money_json(tot.balance));
        json_object_set_new(out, "issues", issues);
        if (trace) json_object_set_new(out, "trace", trace);
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
    if (s->summary) count(s, r, flagged, &tot);
    return flagged;
}

static int cmp_text(const char *a, const char *b)
{
    if (!a || !b) return (a != NULL) - (b != NULL);
    return strcmp(a, b);
}

static int cmp_rows(const void *x, const void *y)
{
    const summary_row *a = x, *b = y;
    int c = cmp_text(a->team, b->team);
    return c ? c : cmp_text(a->handler, b->handler);
}

static json_t *text_or_null(const char *s) { return s ? json_string(s) : json_null(); }

static int payout_finish(void *st, struct zwriter *w, char **err)
{
    payout_state *s = st;
    if (!s->summary) return 0;
    if (s->nrows) qsort(s->rows, s->nrows, sizeof *s->rows, cmp_rows);
    for (size_t i = 0; i < s->nrows; i++) {
        const summary_row *row = &s->rows[i];
        json_t *o = json_object();
        json_object_set_new(o, "team", text_or_null(row->team));
        json_object_set_new(o, "handler", text_or_null(row->handler));
        json_object_set_new(o, "cases", json_integer(row->cases));
        json_object_set_new(o, "flagged", json_integer(row->flagged));
        json_object_set_new(o, "balance", money_json(row->balance));
        json_object_set_new(o, "undisbursed_amount", money_json(row->undisbursed));
        for (int k = 0; k < IK_COUNT; k++) json_object_set_new(o, issue_kind_names[k], json_integer(row->counts[k]));
        int rc = writer_put_json(w, o);
        json_decref(o);
        if (rc != 0) {
            *err = strdup("write error");
            return -1;
        }
    }
    return 0;
}

static int payout_replaces_output(void *st) { return ((payout_state *)st)->summary; }

static void payout_free(void *st)
{
    payout_state *s = st;
    payout_rules_free(&s->rules);
    json_decref(s->row_index);
    for (size_t i = 0; i < s->nrows; i++) {
        free(s->rows[i].team);
        free(s->rows[i].handler);
    }
    free(s->rows);
}

static const struct option payout_options[] = {
    {"summary", no_argument, NULL, OPT_SUMMARY},
    {"warn", required_argument, NULL, OPT_WARN},
    {NULL, 0, NULL, 0},
};

static const char *const payout_added[] = {"payout", NULL};

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
