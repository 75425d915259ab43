/* triage.c: the triage tool.  For each case, the profile's track rules in
 * merged order (the court's own, then spc's by case kind): the first that
 * holds decides "track"; "track_rules" lists it and every later rule of the
 * same track with a condition ("when" or "handover_to") that holds too.  A
 * rule that cannot be decided (a field it needs is unreadable) before any
 * held leaves the case with "track": null, "track_rules": [] and an error
 * naming the rule and the field. */
#include "triage.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "caseno.h"
#include "explain.h"
#include "expr.h"
#include "profile.h"
#include "closure_history.h"
#include "tool_vars.h"
#include "triage_rules.h"
#include "xalloc.h"

enum { OPT_HISTORY = 256, OPT_TRACK };

/* The tool variable triage supplies to conditions (declare it in the
 * profile's "vars" as a date to use it): the previous case in this court,
 * when closed by 终本.  (term-audit's history_term_closed_on is another
 * thing: the latest 终本 in any court.) */
static const char HISTORY_VAR[] = VAR_PREVIOUS_TERM_CLOSED_ON;
static const char TERM_METHOD[] = "终结本次执行程序";

typedef struct triage_state {
    const zopts *o;
    const char *history_path;   /* --history */
    const char *only_track;     /* --track */
    closure_history *history;
    track_rules rules;
    int wants_history_var;      /* the profile declares HISTORY_VAR */
} triage_state;

static const struct option triage_options[] = {
    {"history", required_argument, NULL, OPT_HISTORY},
    {"track", required_argument, NULL, OPT_TRACK},
    {NULL, 0, NULL, 0},
};

static const char *added_fields[] = {"track", "track_rules", NULL, NULL};

static int triage_option(void *st, int id, const char *arg)
{
    triage_state *s = st;
    if (id == OPT_HISTORY) s->history_path = arg;
    else if (id == OPT_TRACK) s->only_track = arg;
    else return -1;
    return 0;
}

/* Counts the 终本 history rows left out or without a court (history_skip_fn). */
static void count_skipped(void *arg, const char *file, long line, const char *field, const char *why)
{
    (void)file, (void)line, (void)field, (void)why;
    ++*(long *)arg;
}

static int triage_open(void *st, const zopts *o, char **err)
{
    triage_state *s = st;
    s->o = o;
    if (o->only_flagged) {
        *err = strdup("--only-flagged has no meaning for triage (every case gets a track); use --track ID");
        return -1;
    }
    if (o->explain) added_fields[2] = "track_explain";
    char *rerr = NULL;
    if (track_rules_load(&s->rules, o->profile, &rerr) != 0) {
        *err = rerr;
        return -1;
    }
    if (s->only_track && !stage_names(&s->rules.stages, s->only_track)) {   /* a stage: a track of the profile */
        if (asprintf(err, "--track: profile %s has no track '%s'", profile_id(o->profile), s->only_track) < 0) *err = NULL;
        return -1;
    }
    s->wants_history_var = json_object_get(profile_section(o->profile, "vars"), HISTORY_VAR) != NULL;
    if (s->history_path) {
        long skipped = 0, errors_before = zx_data_errors;
        s->history = closure_history_load(s->history_path, count_skipped, &skipped, err);
        /* a broken history row is reported (stderr) but is not an error of
         * the records written: the exit status speaks of those */
        zx_data_errors = errors_before;
        if (!s->history) return -3;   /* the history cannot be read: an I/O error */
        if (skipped)
            fprintf(stderr, "%s: %s: %ld 终本 closures without a readable closed_on, case number or respondent were left out\n",
                    o->tool, s->history_path, skipped);
    }
    return 0;
}

/* The court code of a case-number field, into court; 0 or -1. */
static int court_of(const zrec *r, const char *field, char court[32])
{
    const char *cn;
    caseno c;
    if (rec_text(r, field, &cn) != 1 || caseno_parse(cn, strlen(cn), &c) != 0) return -1;
    memcpy(court, c.court, sizeof c.court);
    return 0;
}

/* The variables for the conditions: HISTORY_VAR, the closing day of the
 * respondent's previous case in this court (the latest closure on or
 * before the filing, from --history and from the record's own prior_*
 * fields) when that case was closed by 终本; absent when it was closed
 * otherwise or there is none.  Returns a new object (the caller frees it)
 * or NULL when the profile does not use it; *source names the field an
 * unreadable value came from. */
static json_t *history_vars(triage_state *s, zrec *r, const char **source)
{
    if (!s->wants_history_var) return NULL;
    json_t *vars = json_object();
    zdate filed;
    int32_t limit = rec_date(r, "filed_on", &filed) == 1 ? filed.day : INT32_MAX;
    int found = 0, best_term = 0;
    int32_t best = 0;
    char court[32], prior_court[32];
    int has_court = court_of(r, "case_no", court) == 0;
    const char *method;
    if (rec_text(r, "prior_close_method", &method) == 1 &&
        (!has_court || court_of(r, "prior_case_no", prior_court) != 0 || !strcmp(court, prior_court))) {
        int term = !strcmp(method, TERM_METHOD);
        zdate d;
        int rc = rec_date(r, "prior_closed_on", &d);
        if (rc < 0 && term) {
            /* unreadable: the condition sees it as such, and says where it came from */
            json_object_set(vars, HISTORY_VAR, rec_get(r, "prior_closed_on"));
            *source = "prior_closed_on";
            return vars;
        }
        if (rc == 1 && d.day <= limit) { best = d.day; best_term = term; found = 1; }
    }
    if (s->history && has_court) {
        int32_t day;
        int term;
        if (closure_history_latest(s->history, r, court, 0, 0, limit, &day, &term, NULL) &&
            (!found || day > best || (day == best && term))) {
            best = day;
            best_term = term;
            found = 1;
        }
    }
    if (found && best_term) {
        char buf[24];
        date_format((zdate){best, ZDATE_NOTIME}, buf);
        json_object_set_new(vars, HISTORY_VAR, json_string(buf));
    }
    return vars;
}

/* Why a rule could not be decided, and the field to name (*field): the
 * history variable is named by the field it came from.  Malloc'd. */
static char *undecided_why(const evalctx *cx, const char *var_source, const char **field)
{
    const char *why = cx->why ? cx->why : "a value it needs is unreadable";
    *field = cx->why_field ? cx->why_field : "track";
    if (var_source && !strcmp(*field, HISTORY_VAR)) {
        *field = var_source;   /* say where the value came from */
        size_t vl = strlen(HISTORY_VAR);
        if (!strncmp(why, HISTORY_VAR, vl)) return xasprintf("%s%s", var_source, why + vl);
    }
    return xstrdup(why);
}

static int triage_record(void *st, zrec *r)
{
    triage_state *s = st;
    /* a row an earlier tool could not read: passed on as it came (its error
     * was reported there), like the rows this tool cannot read */
    if (rec_get(r, "_raw") && !rec_get(r, "case_no")) return 0;
    const char *kind = rec_kind(r), *var_source = NULL;
    json_t *vars = history_vars(s, r, &var_source);
    stage_seen sg;
    stage_find(&s->rules, r, &sg);
    evalctx cx = {.rec = r, .cal = s->o->cal, .as_of = s->o->as_of, .vars = vars};
    json_t *explain = s->o->explain ? json_array() : NULL, *ids = json_array();
    const track_rule *winner = NULL, *undecided = NULL;
    char *undecided_msg = NULL;     /* the error of the rule that left no track */
    const char *undecided_field = NULL;
    for (size_t i = 0; i < s->rules.n && !undecided; i++) {
        const track_rule *t = &s->rules.v[i];
        /* after the decision: the same track's rules with a condition */
        if (winner && (strcmp(t->track, winner->track) != 0 || (!t->when && !t->stage_names))) continue;
        cx.trace = explain ? json_array() : NULL;
        tv held = track_rule_test(t, kind, &sg, &cx);
        if (held == TV_UNKNOWN) {
            /* before a track held: no track; after: a later rule of the
             * winning track, not listed */
            char *why = undecided_why(&cx, var_source, &undecided_field);
            if (!winner) {
                undecided = t;
                undecided_msg = rule_undecided(t->r->id, why);
            }
            if (explain) json_array_append_new(explain, explain_undecided(t->r, why, cx.trace));
            free(why);
            free(cx.why);
            cx.why = NULL;
        } else if (explain) {
            json_array_append_new(explain, explain_entry(t->r, held == TV_TRUE ? "held" : "not held", cx.trace));
        }
        if (held == TV_TRUE) {
            if (!winner) winner = t;
            json_array_append_new(ids, json_string(t->r->id));
        }
    }
    /* no track: null and no rules (replacing what an earlier run left) */
    rec_set(r, "track", winner ? json_string(winner->track) : json_null());
    rec_set(r, "track_rules", ids);
    if (!winner) {
        if (undecided) {
            rec_error(r, undecided_field, "no track: %s", undecided_msg);
        } else if (!kind) {
            rec_error(r, "case_no", "no track: no case kind (no kind field and no readable case number)");
        } else {
            rec_warning(r, "kind", "no track: no track rule of profile %s covers case kind '%s'",
                        profile_id(s->o->profile), kind);
        }
    }
    free(undecided_msg);
    free(cx.why);
    json_decref(vars);
    if (explain) rec_set(r, "track_explain", explain);
    if (s->only_track) return winner && !strcmp(winner->track, s->only_track) ? 0 : -1;
    return 0;
}

static void triage_free(void *st)
{
    triage_state *s = st;
    track_rules_free(&s->rules);
    closure_history_free(s->history);
}

const tool_spec triage_tool = {
    .name = "triage",
    .summary = "Put each case on a track (team kind or pipeline stage) of the court's profile, with the rules that decided it (繁简分流).",
    .usage = "      --history FILE      past closed cases (CSV or JSON lines): the respondent's earlier\n"
             "                          终本 closures in the same court, for rules such as 新密 二(7)\n"
             "      --track ID          write only the cases put on track ID\n",
    .options = triage_options,
    .added_fields = added_fields,
    .state_size = sizeof(triage_state),
    .needs_profile = 1,
    .rule_kind = "track",
    .option = triage_option,
    .open = triage_open,
    .record = triage_record,
    .free = triage_free,
};
