/* deadline.c: deadline-check, the tool module: options, the record loop's
 * per-record work (every deadline rule of the profile, deadline_eval.c)
 * and the --summary table of statuses per team and handler. */
#include "deadline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "deadline_impl.h"
#include "profile.h"
#include "summary.h"
#include "warn.h"
#include "writer.h"
#include "xalloc.h"

enum { OPT_WARN = 256, OPT_SUMMARY, OPT_ALL_STATUSES };

static const struct option deadline_options[] = {
    {"warn", required_argument, NULL, OPT_WARN},
    {"summary", no_argument, NULL, OPT_SUMMARY},
    {"all-statuses", no_argument, NULL, OPT_ALL_STATUSES},
    {NULL, 0, NULL, 0},
};

static const char *added[] = {"deadlines", "overdue", NULL, NULL};   /* deadline_explain: set in open */

/* The statuses in the order the summary counts them. */
static const sum_col statuses[] = {{"met", SUM_COUNT}, {"late", SUM_COUNT}, {"overdue", SUM_COUNT},
                                   {"due_soon", SUM_COUNT}, {"pending", SUM_COUNT}, {"n/a", SUM_COUNT}};
enum { NSTATUSES = sizeof statuses / sizeof *statuses };

typedef struct deadline_state {
    const zopts *o;
    dl_rule *rules;
    int nrules;
    int warn_days;
    int warn_set;           /* --warn given (else the default, 2 days) */
    int summary;
    int all_statuses;       /* --all-statuses (or --explain): write the n/a entries too */
    int warned_estimate;    /* the "estimated" warning was printed */
    summary *rows;          /* --summary */
    dl_list list;           /* the record's entries */
    dl_list shown;          /* copies of the entries written (their reasons and
                               traces are the list's: never reset, only freed) */
    jbuf text;              /* the record's "deadlines" as JSON text */
} deadline_state;

static int deadline_option(void *st, int id, const char *arg)
{
    deadline_state *s = st;
    if (id == OPT_SUMMARY) { s->summary = 1; return 0; }
    if (id == OPT_ALL_STATUSES) { s->all_statuses = 1; return 0; }
    if (warn_parse("deadline-check", arg, &s->warn_days) != 0) return -1;
    s->warn_set = 1;
    return 0;
}

static int deadline_open(void *st, const zopts *o, char **err)
{
    deadline_state *s = st;
    s->o = o;
    if (!s->warn_set) s->warn_days = WARN_DEFAULT_DAYS;
    if (o->explain) s->all_statuses = 1;
    if (o->explain) added[2] = "deadline_explain";
    s->nrules = dl_compile(o->profile, &s->rules, err);
    if (s->nrules < 0) return -1;
    if (s->summary && !(s->rows = summary_new(statuses, NSTATUSES, o->only_flagged))) {
        *err = strdup("out of memory");
        return -1;
    }
    return 0;
}

/* Reports each unreadable field once, naming the rules it made n/a. */
static void report_blocked(zrec *r, json_t *blocked)
{
    if (!blocked) return;
    const char *field;
    json_t *b;
    json_object_foreach(blocked, field, b) {
        json_t *rules = json_object_get(b, "rules");
        size_t len = 0, i;
        json_t *v;
        json_array_foreach(rules, i, v) len += strlen(json_string_value(v)) + 2;
        char *names = malloc(len + 1), *p = names;
        if (!names) continue;
        *p = 0;
        json_array_foreach(rules, i, v) p += sprintf(p, "%s%s", i ? ", " : "", json_string_value(v));
        rec_error(r, field, "%s (n/a: %s)", json_string_value(json_object_get(b, "msg")), names);
        free(names);
    }
}

/* Adds the record's statuses to its team x handler row of the summary. */
static void count_row(deadline_state *s, zrec *r, const dl_list *list, int flagged)
{
    int64_t *row = summary_add(s->rows, r, flagged);
    for (size_t i = 0; row && i < list->n; i++)
        for (int k = 0; k < NSTATUSES; k++)
            if (!strcmp(list->v[i].status, statuses[k].name)) row[k]++;
}

/* Whether rule id is one that an unreadable field blocked. */
static int is_blocked(json_t *blocked, const char *id)
{
    const char *field;
    json_t *b;
    json_object_foreach(blocked, field, b) {
        size_t i;
        json_t *v;
        json_array_foreach(json_object_get(b, "rules"), i, v)
            if (!strcmp(json_string_value(v), id)) return 1;
    }
    return 0;
}

/* The entries written by default (the lean stream, issue 22): every entry
 * but n/a, and the n/a entries that say a check could not be made: a
 * value it needs is unreadable (SPEC 6) or the rule needs a track and the
 * record has none.  --all-statuses and --explain write them all. */
static const dl_list *entries_shown(deadline_state *s, zrec *r, const dl_ctx *c, const dl_list *list, json_t *blocked)
{
    if (s->all_statuses) return list;
    dl_list *out = &s->shown;
    if (out->cap < list->n) {
        out->v = xrealloc(out->v, list->n * sizeof *out->v);
        out->cap = list->n;
    }
    out->n = 0;
    int no_track = -1;   /* not looked up yet */
    for (size_t i = 0; i < list->n; i++) {
        const dl_entry *e = &list->v[i];
        int keep = e->status[0] != 'n';   /* not "n/a" (the only status in 'n') */
        if (!keep && e->d->ntracks) {
            const char *track;
            /* the rules' look-up of the track (dl_ctx), else a look-up here */
            if (no_track < 0) no_track = (c->track_known ? c->track_rc : rec_text(r, "track", &track)) != 1;
            keep = no_track;
        }
        if (!keep && blocked) keep = is_blocked(blocked, e->d->id);
        if (keep) out->v[out->n++] = *e;
    }
    return out;
}

static int deadline_record(void *st, zrec *r)
{
    deadline_state *s = st;
    dl_ctx c = {.rec = r, .cal = s->o->cal, .as_of = s->o->as_of, .warn_days = s->warn_days,
                .explain = s->o->explain ? json_array() : NULL};
    c.closed_rc = rec_date(r, "closed_on", &c.closed);
    dl_list *list = &s->list;
    dl_list_reset(list);
    for (int i = 0; i < s->nrules; i++) dl_eval(&s->rules[i], &c, list);
    report_blocked(r, c.blocked);
    const dl_list *shown = entries_shown(s, r, &c, list, c.blocked);
    json_decref(c.blocked);
    if (c.estimated && !s->warned_estimate) {
        s->warned_estimate = 1;
        fprintf(stderr, "deadline-check: warning: a due date falls beyond the holiday calendar; "
                        "working days there are counted on weekends alone (entries marked \"estimated\")\n");
    }
    long overdue = 0;
    int flagged = 0;
    /* the statuses (met, late, overdue, due_soon, pending, n/a) differ in
     * their first byte: it tells them apart without a strcmp */
    for (size_t i = 0; i < list->n; i++) {
        char c0 = list->v[i].status[0];
        if (c0 == 'o') overdue++;
        if (c0 == 'o' || c0 == 'l' || c0 == 'd') flagged = 1;
    }
    if (s->summary) count_row(s, r, list, flagged);
    s->text.len = 0;
    if (dl_list_dump(shown, &s->text) != 0 || rec_set_text(r, "deadlines", s->text.text, s->text.len) != 0)
        xalloc_die();
    rec_set(r, "overdue", json_integer(overdue));
    if (c.explain) rec_set(r, "deadline_explain", c.explain);
    return flagged;
}

/* --summary: the rows (summary.h). */
static int deadline_finish(void *st, zwriter *w, char **err)
{
    deadline_state *s = st;
    return s->summary ? summary_write(s->rows, w, err) : 0;
}

static int deadline_replaces(void *st)
{
    return ((deadline_state *)st)->summary;
}

static void deadline_free(void *st)
{
    deadline_state *s = st;
    dl_free(s->rules, s->nrules);
    summary_free(s->rows);
    dl_list_free(&s->list);
    free(s->shown.v);   /* its entries' reasons are the list's */
    free(s->text.text);
}

const tool_spec deadline_tool = {
    .name = "deadline-check",
    .summary = "Node deadlines (节点管控): due date, done date and status of every monitored node.",
    .usage =
        WARN_USAGE
        "      --summary           one row per team and handler with counts of each status\n"
        "      --all-statuses      write the n/a entries too (the rules that do not apply;\n"
        "                          --explain implies it)\n",
    .options = deadline_options,
    .added_fields = added,
    .state_size = sizeof(deadline_state),
    .needs_profile = 1,
    .rule_kind = "deadline",
    .option = deadline_option,
    .open = deadline_open,
    .record = deadline_record,
    .finish = deadline_finish,
    .replaces_output = deadline_replaces,
    .free = deadline_free,
};
