/* assign.c: the assign tool (分案).  For each case: keep the team and
 * handler it has (unless --reassign), else find its track, try the
 * profile's route rules in order and write "team", "handler", "judge"
 * and "assign_rule".  The people are picked in case-number order
 * (assign_order.h): open() reads the input a first time, finds each
 * case's rule and picks; record() writes them in input order.  Rotation
 * cursors, bags and loads live in --state FILE, locked (assign_lock.h),
 * read at open and replaced atomically at finish. */
#include "assign.h"

#include <errno.h>
#include <libgen.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "assign_input.h"
#include "assign_lock.h"
#include "assign_order.h"
#include "assign_roster.h"
#include "assign_route.h"
#include "assign_state.h"
#include "assign_track.h"
#include "explain.h"
#include "expr.h"
#include "profile.h"
#include "tool_vars.h"
#include "writer.h"

enum { OPT_STATE = 256, OPT_DRY_RUN, OPT_REASSIGN, OPT_ROSTER, OPT_WAIT };

/* --wait: how long a run waits for another run's lock on the state */
#define DEFAULT_WAIT_S 600.0
#define MAX_WAIT_S 86400.0

static const struct option assign_options[] = {
    {"state", required_argument, NULL, OPT_STATE},
    {"dry-run", no_argument, NULL, OPT_DRY_RUN},
    {"reassign", no_argument, NULL, OPT_REASSIGN},
    {"roster", required_argument, NULL, OPT_ROSTER},
    {"wait", required_argument, NULL, OPT_WAIT},
    {NULL, 0, NULL, 0},
};

static const char *assign_fields[] = {"team", "handler", "judge", "assign_rule", NULL, NULL};   /* assign_explain: set in open */

typedef struct assign_state {
    const char *state_path, *roster_path;
    int dry_run, reassign;
    const zopts *o;
    roster *ro;
    routes rs;
    astate st;
    track_finder tf;
    int wants_roster_var;  /* the profile declares ROSTER_VAR */
    double wait_s;         /* --wait */
    int wait_set;
    alock lock;            /* the state's lock; fd -1 when not held */
    order ord;             /* the run's routed cases, picked in case-number order */
    input_copies copies;   /* inputs copied for the second reading */
    size_t pos;            /* the place of the record at hand among the run's records */
} assign_state;

static const char ROSTER_VAR[] = VAR_PRIOR_HANDLER_ON_ROSTER;

static int assign_option(void *stp, int id, const char *arg)
{
    assign_state *s = stp;
    switch (id) {
    case OPT_STATE: s->state_path = arg; return 0;
    case OPT_DRY_RUN: s->dry_run = 1; return 0;
    case OPT_REASSIGN: s->reassign = 1; return 0;
    case OPT_ROSTER: s->roster_path = arg; return 0;
    case OPT_WAIT: {
        char *end;
        errno = 0;
        double w = strtod(arg, &end);
        if (end == arg || *end || errno || !isfinite(w) || w < 0 || w > MAX_WAIT_S) {
            fprintf(stderr, "assign: invalid argument '%s' for option --wait (seconds, 0 to %g)\n", arg, MAX_WAIT_S);
            return -1;
        }
        s->wait_s = w;
        s->wait_set = 1;
        return 0;
    }
    }
    return -1;
}

/* 0 when a temporary file can be made beside path, else -1 with *err. */
static int check_state_dir(const char *path, char **err)
{
    char *copy = strdup(path);
    if (!copy) return -1;
    const char *dir = dirname(copy);
    int rc = access(dir, W_OK | X_OK);
    if (rc != 0 && asprintf(err, "state file %s: directory %s: %s", path, dir, strerror(errno)) < 0) *err = NULL;
    free(copy);
    return rc;
}

/* The tool variables of the route conditions (assign(1)): ROSTER_VAR,
 * true when the roster lists the record's prior_handler as active, false
 * when it lists them inactive (transferred, retired), absent when it does
 * not list them or there is no prior_handler.  A new object, the caller's
 * to release; NULL when the profile does not use it. */
static json_t *roster_vars(const assign_state *s, zrec *r)
{
    if (!s->wants_roster_var) return NULL;
    const roster *ro = s->ro;
    json_t *vars = json_object();
    const char *name;
    if (rec_text(r, "prior_handler", &name) == 1) {
        const member *m = team_member(roster_team_of(ro, name), name);
        if (m) json_object_set_new(vars, ROSTER_VAR, json_boolean(m->active));
    }
    return vars;
}

/* 1 when the record names a team or a handler already. */
static int has_assignment(const zrec *r)
{
    const char *v;
    return rec_text(r, "handler", &v) == 1 || rec_text(r, "team", &v) == 1;
}

/* What one record is routed by: its track, the variables, and the first
 * route rule that takes it (NULL: none, or *blocked when a rule cannot be
 * decided, with an error on the record).  *tk: what the rule's method
 * needs for the pick.  last_why: why the last rule that held found nobody.
 * Reads no state, so both readings of the input find the same rule.
 * first: the first reading, whose record nobody sees: no warning made. */
static const route *choose(assign_state *s, zrec *r, json_t *explain, ticket *tk, int *blocked,
                           char *last_why, size_t cap, int first)
{
    const char *how;
    const char *track = track_of(&s->tf, r, &how);
    route_ctx rc = {.p = s->o->profile, .ro = s->ro, .rec = r, .track = track};
    json_t *vars = roster_vars(s, r);
    const route *chosen = NULL;
    char why[512];
    *blocked = 0;
    last_why[0] = 0;
    for (size_t i = 0; i < s->rs.n && !chosen && !*blocked; i++) {
        const route *rt = &s->rs.v[i];
        if (!route_takes_track(rt, track)) continue;
        evalctx cx = {.rec = r, .cal = s->o->cal, .as_of = s->o->as_of, .vars = vars};
        if (explain) cx.trace = json_array();
        tv t = !route_takes_prior_team(rt, &rc) ? TV_FALSE : rt->when ? expr_test(rt->when, &cx) : TV_TRUE;
        if (t == TV_UNKNOWN) {
            char *msg = rule_undecided(rt->rule->id, cx.why);
            rec_error(r, cx.why_field ? cx.why_field : "-", "not assigned: %s", msg);
            free(msg);
            if (explain) json_array_append_new(explain, explain_undecided(rt->rule, cx.why, cx.trace));
            *blocked = 1;
        } else if (t == TV_FALSE) {
            if (explain) json_array_append_new(explain, explain_entry(rt->rule, "not applicable", cx.trace));
        } else {
            why[0] = 0;
            if (route_prepare(rt, &rc, tk, why, sizeof why)) {
                chosen = rt;
                if (explain) json_array_append_new(explain, explain_entry(rt->rule, "assigned", cx.trace));
            } else {
                if (!first) snprintf(last_why, cap, "%s: %s", rt->rule->id, why);   /* for the warning */
                if (explain) json_array_append_new(explain, explain_entry(rt->rule, why, cx.trace));
            }
        }
        cx.trace = NULL;    /* the entry has it */
        free(cx.why);
        json_decref(cx.trace);
    }
    if (!chosen && !*blocked && !first && (track || !r->nerrors))
        rec_warning(r, "handler", "no route rule assigned a handler (track %s)%s%s", track ? track : "none",
                    last_why[0] ? "; last tried " : "", last_why);
    json_decref(vars);
    return chosen;
}

/* The first reading (open): notes each case a rule takes, by case number.
 * A record read with the route keys only (whole 0) and no track is asked
 * for whole: triage reads it. */
static int first_pass_record(void *stp, zrec *r, int whole)
{
    assign_state *s = stp;
    const char *track;
    int assigned = !s->reassign && has_assignment(r);
    if (!whole && !assigned && rec_text(r, "track", &track) != 1) return INPUT_WHOLE;
    size_t pos = s->pos++;
    if (assigned) return 0;
    ticket tk;
    int blocked;
    char last_why[600];
    const route *rt = choose(s, r, NULL, &tk, &blocked, last_why, sizeof last_why, 1);
    if (!rt) return 0;
    const char *no = NULL;
    if (rec_text(r, "case_no", &no) != 1) no = NULL;
    return order_add(&s->ord, no, pos, (size_t)(rt - s->rs.v), &tk) == 0 ? 0 : -1;
}

/* Reads the input a first time and picks every case's people in
 * case-number order.  0, or -3 with *err (exit 3). */
static int pick_in_order(assign_state *s, const zopts *o, char **err)
{
    s->pos = 0;
    json_t *keys = input_route_keys(&s->rs);   /* NULL: every field */
    int rc = input_first_pass(o, &s->copies, keys, first_pass_record, s, err);
    json_decref(keys);
    s->pos = 0;
    if (rc == 0 && order_pick(&s->ord, &s->rs, s->ro, &s->st) != 0) rc = -1;
    if (rc != 0 && !*err) *err = strdup("out of memory");
    return rc == 0 ? 0 : -3;
}

static int assign_open(void *stp, const zopts *o, char **err)
{
    assign_state *s = stp;
    s->o = o;
    if (o->explain) assign_fields[4] = "assign_explain";
    s->lock.fd = -1;
    if (!s->wait_set) s->wait_s = DEFAULT_WAIT_S;
    char *why = NULL;
    roster *base = roster_from_json(profile_section(o->profile, "teams"), &why);
    if (!base) {
        if (asprintf(err, "profile %s: %s", profile_id(o->profile), why ? why : "out of memory") < 0) *err = NULL;
        free(why);
        return -1;
    }
    if (s->roster_path) {
        s->ro = roster_from_file(s->roster_path, base, err);
        roster_free(base);
        if (!s->ro) return -1;
    } else {
        s->ro = base;
    }
    if (routes_compile(o->profile, s->ro, &s->rs, &why) != 0) {
        if (asprintf(err, "%s%s%s%s", why ? why : "out of memory", s->roster_path ? " (roster " : "",
                     s->roster_path ? s->roster_path : "", s->roster_path ? ")" : "") < 0) *err = NULL;
        free(why);
        return -1;
    }
    if (s->state_path) {
        if (!s->dry_run && check_state_dir(s->state_path, err) != 0) return -1;
        /* a dry run takes no lock: it never holds up a real run, and the
         * state it reads is always whole (replaced by rename) */
        if (!s->dry_run && alock_take(&s->lock, s->state_path, s->wait_s, err) != 0) return -3;
        if (astate_load(&s->st, s->state_path, profile_id(o->profile), err) != 0) return -1;
    } else if (astate_fresh(&s->st, profile_id(o->profile)) != 0) {
        return -1;
    }
    s->wants_roster_var = json_object_get(profile_section(o->profile, "vars"), ROSTER_VAR) != NULL;
    if (track_finder_open(&s->tf, o, err) != 0) return -1;
    return pick_in_order(s, o, err);
}

static int assign_record(void *stp, zrec *r)
{
    assign_state *s = stp;
    size_t pos = s->pos++;
    if (!s->reassign && has_assignment(r)) {
        /* an earlier run's rule id stays; else null: decided before us */
        if (!rec_get(r, "assign_rule")) rec_set(r, "assign_rule", json_null());
        return 0;
    }
    json_t *explain = s->o->explain ? json_array() : NULL;
    ticket tk;
    int blocked;
    char last_why[600];
    const route *chosen = choose(s, r, explain, &tk, &blocked, last_why, sizeof last_why, 0);
    const order_case *c = chosen ? order_take(&s->ord, pos, (size_t)(chosen - s->rs.v)) : NULL;
    if (c) {
        rec_set(r, "team", json_string(c->pk.team->id));
        rec_set(r, "handler", json_string(c->pk.handler->name));
        if (c->pk.judge) rec_set(r, "judge", json_string(c->pk.judge->name));
        rec_set(r, "assign_rule", json_string(chosen->rule->id));
        if (!c->numbered)
            rec_warning(r, "case_no", "no readable case number: distributed after the run's numbered cases, in input order");
    } else {
        rec_set(r, "assign_rule", json_null());
        if (chosen)
            rec_error(r, "-", "not assigned: the input changed between assign's two readings of it (rule %s)",
                      chosen->rule->id);
    }
    if (explain) rec_set(r, "assign_explain", explain);
    return c != NULL;
}

static int assign_finish(void *stp, zwriter *w, char **err)
{
    assign_state *s = stp;
    (void)w;
    if (!s->state_path || s->dry_run) return 0;
    int rc = astate_save(&s->st, s->state_path, err);
    alock_release(&s->lock);
    return rc;
}

static void assign_free(void *stp)
{
    assign_state *s = stp;
    track_finder_close(&s->tf);
    routes_free(&s->rs);
    roster_free(s->ro);
    astate_free(&s->st);
    order_free(&s->ord);
    input_copies_free(&s->copies);
    if (s->o) alock_release(&s->lock);
}

const tool_spec assign_tool = {
    .name = "assign",
    .summary = "Give each case a team, a handler and (where the profile pairs one) a judge\n"
               "by the profile's distribution rules (分案), keeping rotation state between runs.",
    .usage = "      --state FILE        rotation cursors and loads, read at start and replaced\n"
             "                          atomically at the end (missing: a fresh state); locked\n"
             "                          (FILE.lock) for the whole run\n"
             "      --wait SECONDS      wait up to SECONDS for another run's lock on the\n"
             "                          state (default 600), then exit 3\n"
             "      --dry-run           read --state but leave it unchanged (takes no lock)\n"
             "      --reassign          assign cases that already have a team or handler\n"
             "      --roster FILE       teams and members (CSV or JSON lines: team, member,\n"
             "                          role, active) instead of the profile's\n",
    .options = assign_options,
    .added_fields = assign_fields,
    .state_size = sizeof(assign_state),
    .needs_profile = 1,
    .rule_kind = "route",
    .option = assign_option,
    .open = assign_open,
    .record = assign_record,
    .finish = assign_finish,
    .free = assign_free,
};
