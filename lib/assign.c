/* assign.c: the assign tool (分案).  For each case: keep the team and
 * handler it has (unless --reassign), else find its track, try the
 * profile's route rules in order and write "team", "handler", "judge"
 * and "assign_rule".  Rotation cursors, bags and loads live in --state
 * FILE, read at open and replaced atomically at finish. */
#include "assign.h"

#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "assign_roster.h"
#include "assign_route.h"
#include "assign_state.h"
#include "assign_track.h"
#include "caseno.h"
#include "expr.h"
#include "profile.h"
#include "writer.h"

enum { OPT_STATE = 256, OPT_DRY_RUN, OPT_REASSIGN, OPT_ROSTER };

static const struct option assign_options[] = {
    {"state", required_argument, NULL, OPT_STATE},
    {"dry-run", no_argument, NULL, OPT_DRY_RUN},
    {"reassign", no_argument, NULL, OPT_REASSIGN},
    {"roster", required_argument, NULL, OPT_ROSTER},
    {NULL, 0, NULL, 0},
};

static const char *const assign_fields[] = {"team", "handler", "judge", "assign_rule", NULL};

typedef struct assign_state {
    const char *state_path, *roster_path;
    int dry_run, reassign;
    const zopts *o;
    roster *ro;
    routes rs;
    astate st;
    track_finder tf;
    caseno last_no;        /* the last case a round_robin_teams rule took, this run */
    int have_last_no;
    int wants_roster_var;  /* the profile declares ROSTER_VAR */
} assign_state;

static const char ROSTER_VAR[] = "prior_handler_on_roster";

static int assign_option(void *stp, int id, const char *arg)
{
    assign_state *s = stp;
    switch (id) {
    case OPT_STATE: s->state_path = arg; return 0;
    case OPT_DRY_RUN: s->dry_run = 1; return 0;
    case OPT_REASSIGN: s->reassign = 1; return 0;
    case OPT_ROSTER: s->roster_path = arg; return 0;
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

static int assign_open(void *stp, const zopts *o, char **err)
{
    assign_state *s = stp;
    s->o = o;
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
        if (asprintf(err, "profile %s%s%s: %s", profile_id(o->profile), s->roster_path ? " with roster " : "",
                     s->roster_path ? s->roster_path : "", why ? why : "out of memory") < 0) *err = NULL;
        free(why);
        return -1;
    }
    if (s->state_path) {
        if (astate_load(&s->st, s->state_path, profile_id(o->profile), err) != 0) return -1;
        if (!s->dry_run && check_state_dir(s->state_path, err) != 0) return -1;
    } else if (astate_fresh(&s->st, profile_id(o->profile)) != 0) {
        return -1;
    }
    s->wants_roster_var = json_object_get(profile_section(o->profile, "vars"), ROSTER_VAR) != NULL;
    return track_finder_open(&s->tf, o, err);
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

/* Warns when cases reach a case-number-order rule (按案号排序分案) out of
 * case-number order: they are distributed in input order. */
static void check_order(assign_state *s, zrec *r, const route *rt)
{
    const char *no;
    caseno c;
    if (rt->method != M_ROUND_ROBIN_TEAMS || rec_text(r, "case_no", &no) != 1) return;
    if (caseno_parse(no, strlen(no), &c) != 0) return;
    if (s->have_last_no && caseno_cmp(&c, &s->last_no) < 0)
        rec_warning(r, "case_no", "not in case-number order (rule %s): distributed in input order", rt->rule->id);
    s->last_no = c;
    s->have_last_no = 1;
}

static json_t *explain_entry(const char *rule_id, const char *result, json_t *trace)
{
    json_t *e = json_pack("{s:s,s:s}", "rule", rule_id, "result", result);
    if (trace && json_array_size(trace)) json_object_set(e, "trace", trace);
    return e;
}

static int assign_record(void *stp, zrec *r)
{
    assign_state *s = stp;
    if (!s->reassign && has_assignment(r)) {
        /* an earlier run's rule id stays; else null: decided before us */
        if (!rec_get(r, "assign_rule")) rec_set(r, "assign_rule", json_null());
        return 0;
    }
    const char *how;
    const char *track = track_of(&s->tf, r, &how);
    json_t *explain = s->o->explain ? json_array() : NULL;
    if (explain)
        json_array_append_new(explain, json_pack("{s:s?,s:s}", "track", track, "from", how));
    route_ctx rc = {.p = s->o->profile, .ro = s->ro, .st = &s->st, .rec = r, .track = track};
    json_t *vars = roster_vars(s, r);
    const route *chosen = NULL;
    pick pk;
    char why[512], last_why[512] = "";
    int blocked = 0;
    for (size_t i = 0; i < s->rs.n && !chosen && !blocked; i++) {
        const route *rt = &s->rs.v[i];
        if (!route_takes_track(rt, track)) continue;
        evalctx cx = {.rec = r, .cal = s->o->cal, .as_of = s->o->as_of, .vars = vars};
        if (explain) cx.trace = json_array();
        tv t = !route_takes_prior_team(rt, &rc) ? TV_FALSE : rt->when ? expr_test(rt->when, &cx) : TV_TRUE;
        if (t == TV_UNKNOWN) {
            rec_error(r, cx.why_field ? cx.why_field : "-", "not assigned: rule %s (%s) cannot be decided: %s",
                      rt->rule->id, rt->rule->source, cx.why ? cx.why : "a value it needs is unreadable");
            if (explain) json_array_append_new(explain, explain_entry(rt->rule->id, "unknown", cx.trace));
            blocked = 1;
        } else if (t == TV_FALSE) {
            if (explain) json_array_append_new(explain, explain_entry(rt->rule->id, "false", cx.trace));
        } else {
            why[0] = 0;
            if (route_apply(rt, &rc, &pk, why, sizeof why)) {
                chosen = rt;
                check_order(s, r, rt);
                if (explain) json_array_append_new(explain, explain_entry(rt->rule->id, "assigned", cx.trace));
            } else {
                snprintf(last_why, sizeof last_why, "%s: %s", rt->rule->id, why);
            }
            if (!chosen && explain) {
                char res[600];
                snprintf(res, sizeof res, "passed: %s", why);
                json_array_append_new(explain, explain_entry(rt->rule->id, res, cx.trace));
            }
        }
        free(cx.why);
        json_decref(cx.trace);
    }
    if (chosen) {
        rec_set(r, "team", json_string(pk.team->id));
        rec_set(r, "handler", json_string(pk.handler->name));
        if (pk.judge) rec_set(r, "judge", json_string(pk.judge->name));
        rec_set(r, "assign_rule", json_string(chosen->rule->id));
    } else {
        rec_set(r, "assign_rule", json_null());
        if (!blocked && (track || !r->nerrors))
            rec_warning(r, "handler", "no route rule assigned a handler (track %s)%s%s", track ? track : "none",
                        last_why[0] ? "; last tried " : "", last_why);
    }
    if (explain) rec_set(r, "assign_explain", explain);
    json_decref(vars);
    return chosen != NULL;
}

static int assign_finish(void *stp, zwriter *w, char **err)
{
    assign_state *s = stp;
    (void)w;
    if (!s->state_path || s->dry_run) return 0;
    return astate_save(&s->st, s->state_path, err);
}

static void assign_free(void *stp)
{
    assign_state *s = stp;
    track_finder_close(&s->tf);
    routes_free(&s->rs);
    roster_free(s->ro);
    astate_free(&s->st);
}

const tool_spec assign_tool = {
    .name = "assign",
    .summary = "Give each case a team, a handler and (where the profile pairs one) a judge\n"
               "by the profile's distribution rules (分案), keeping rotation state between runs.",
    .usage = "      --state FILE        rotation cursors and loads, read at start and replaced\n"
             "                          atomically at the end (missing: a fresh state)\n"
             "      --dry-run           read --state but leave it unchanged\n"
             "      --reassign          assign cases that already have a team or handler\n"
             "      --roster FILE       teams and members (CSV or JSON lines: team, member,\n"
             "                          role, active) instead of the profile's\n",
    .options = assign_options,
    .added_fields = assign_fields,
    .state_size = sizeof(assign_state),
    .needs_profile = 1,
    .option = assign_option,
    .open = assign_open,
    .record = assign_record,
    .finish = assign_finish,
    .free = assign_free,
};
