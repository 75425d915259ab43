/* assign_route.c: route rules compiled against the roster, and the
 * distribution methods (fixed person, round robin over teams or members,
 * 推磨 rotation from the prior team, least loaded, random-even, original
 * handler, another handler of the same team). */
#include "assign_route.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assign_rng.h"

static const char *const default_roles[] = {"leader", "officer"};

static const struct { const char *name; route_method m; } method_names[] = {
    {"fixed", M_FIXED}, {"round_robin", M_ROUND_ROBIN}, {"round_robin_teams", M_ROUND_ROBIN_TEAMS},
    {"rotate_from_prior", M_ROTATE_FROM_PRIOR}, {"least_loaded", M_LEAST_LOADED},
    {"random_even", M_RANDOM_EVEN}, {"original_handler", M_ORIGINAL_HANDLER},
    {"same_team_other", M_SAME_TEAM_OTHER},
};

void routes_free(routes *rs)
{
    for (size_t i = 0; i < rs->n; i++) {
        free(rs->v[i].tracks);
        free(rs->v[i].teams);
        free(rs->v[i].prior_teams);
        free(rs->v[i].handlers);
        if (rs->v[i].roles != default_roles) free(rs->v[i].roles);
    }
    free(rs->v);
    rs->v = NULL;
    rs->n = 0;
}

/* The strings of a JSON list key into *out (borrowed from the rule; the
 * array is malloc'd, freed by routes_free).  0, or -1 when not a list of
 * strings. */
static int string_list(const json_t *def, const char *key, const char ***out, size_t *n)
{
    json_t *v = json_object_get(def, key), *x;
    size_t i;
    *out = NULL;
    *n = 0;
    if (!v) return 0;
    if (!json_is_array(v) || json_array_size(v) == 0) return -1;
    *out = calloc(json_array_size(v), sizeof **out);
    if (!*out) return -1;
    json_array_foreach(v, i, x) {
        if (!json_is_string(x)) return -1;
        (*out)[(*n)++] = json_string_value(x);
    }
    return 0;
}

static int compile_one(const roster *ro, const rule *r, route *rt, char **err)
{
    json_t *def = r->def;
    rt->rule = r;
    rt->when = rule_expr(r, "when");
    const char *m = json_string_value(json_object_get(def, "method"));
    if (!m) return rule_error(err, r, "no \"method\"");
    size_t i;
    for (i = 0; i < sizeof method_names / sizeof *method_names; i++)
        if (strcmp(method_names[i].name, m) == 0) break;
    if (i == sizeof method_names / sizeof *method_names) return rule_error(err, r, "unknown method '%s'", m);
    rt->method = method_names[i].m;

    /* each a track of the profile or an spc kind track: the profile loader checked (profile_rule.c) */
    if (string_list(def, "tracks", &rt->tracks, &rt->ntracks) != 0) return rule_error(err, r, "\"tracks\" is not a list of track ids");
    if (string_list(def, "teams", &rt->teams, &rt->nteams) != 0) return rule_error(err, r, "\"teams\" is not a list of team ids");
    for (i = 0; i < rt->nteams; i++)
        if (!roster_team(ro, rt->teams[i])) return rule_error(err, r, "team '%s' is not in the roster", rt->teams[i]);
    if (string_list(def, "prior_teams", &rt->prior_teams, &rt->nprior_teams) != 0)
        return rule_error(err, r, "\"prior_teams\" is not a list of team ids");
    for (i = 0; i < rt->nprior_teams; i++)
        if (!roster_team(ro, rt->prior_teams[i])) return rule_error(err, r, "team '%s' is not in the roster", rt->prior_teams[i]);
    if (string_list(def, "handlers", &rt->handlers, &rt->nhandlers) != 0) return rule_error(err, r, "\"handlers\" is not a list of names");
    if (string_list(def, "roles", &rt->roles, &rt->nroles) != 0) return rule_error(err, r, "\"roles\" is not a list of roles");
    if (!rt->roles) { rt->roles = (const char **)default_roles; rt->nroles = 2; }
    rt->judge_role = json_string_value(json_object_get(def, "judge_role"));
    rt->handler = json_string_value(json_object_get(def, "handler"));
    json_t *seed = json_object_get(def, "seed");
    if (seed && (!json_is_integer(seed) || json_integer_value(seed) < 0)) return rule_error(err, r, "\"seed\" is not a whole number");
    rt->seed = seed ? (uint64_t)json_integer_value(seed) : rng_seed_of(r->id);

    rt->team = json_string_value(json_object_get(def, "team"));
    const char *from = json_string_value(json_object_get(def, "team_from"));
    rt->tsrc = rt->team ? TEAM_FIXED : TEAM_BY_TRACK;
    if (from && !strcmp(from, "prior_team")) rt->tsrc = TEAM_PRIOR;
    else if (from && strcmp(from, "track")) return rule_error(err, r, "\"team_from\" must be \"track\" or \"prior_team\"");
    if (rt->team && from) return rule_error(err, r, "both \"team\" and \"team_from\"");
    const team *t = NULL;
    if (rt->team && !(t = roster_team(ro, rt->team))) return rule_error(err, r, "team '%s' is not in the roster", rt->team);

    if ((rt->method == M_ROUND_ROBIN_TEAMS || rt->method == M_ROTATE_FROM_PRIOR) && !rt->nteams)
        return rule_error(err, r, "method %s needs \"teams\"", m);
    if (rt->method == M_FIXED) {
        if (!rt->handler) return rule_error(err, r, "method fixed needs \"handler\"");
        if (t ? !team_member(t, rt->handler) : !roster_team_of(ro, rt->handler))
            return rule_error(err, r, "handler '%s' is not in the roster%s%s", rt->handler, t ? " of team " : "", t ? t->id : "");
    }
    for (i = 0; i < rt->nhandlers; i++)
        if (t ? !team_member(t, rt->handlers[i]) : !roster_team_of(ro, rt->handlers[i]))
            return rule_error(err, r, "handler '%s' is not in the roster%s%s", rt->handlers[i], t ? " of team " : "", t ? t->id : "");
    return 0;
}

int routes_compile(const profile *p, const roster *ro, routes *out, char **err)
{
    out->v = NULL;
    out->n = 0;
    size_t n = profile_nrules(p);
    out->v = calloc(n ? n : 1, sizeof *out->v);
    if (!out->v) return -1;
    for (size_t i = 0; i < n; i++) {
        const rule *r = profile_rule(p, i);
        if (strcmp(r->kind, "route") != 0) continue;
        route *rt = &out->v[out->n++];
        if (compile_one(ro, r, rt, err) != 0) { routes_free(out); return -1; }
    }
    return 0;
}

int route_takes_track(const route *rt, const char *track)
{
    if (!rt->ntracks) return 1;
    for (size_t i = 0; track && i < rt->ntracks; i++)
        if (strcmp(rt->tracks[i], track) == 0) return 1;
    return 0;
}

int route_takes_prior_team(const route *rt, route_ctx *cx)
{
    const char *id;
    if (!rt->nprior_teams) return 1;
    if (rec_text(cx->rec, "prior_team", &id) != 1) return 0;
    const team *t = roster_team(cx->ro, id);
    for (size_t i = 0; t && i < rt->nprior_teams; i++)
        if (roster_team(cx->ro, rt->prior_teams[i]) == t) return 1;
    return 0;
}

/* ---- choosing people ---- */

static void set_why(char *why, size_t cap, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void set_why(char *why, size_t cap, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, cap, fmt, ap);
    va_end(ap);
}

/* "KIND:NAME" into buf (cut to cap, as snprintf would); runs for every pick. */
static void key_of(char *buf, size_t cap, const char *kind, const char *name)
{
    size_t k = strlen(kind), n = strlen(name);
    if (k + 1 + n >= cap) { snprintf(buf, cap, "%s:%s", kind, name); return; }
    memcpy(buf, kind, k);
    buf[k] = ':';
    memcpy(buf + k + 1, name, n + 1);
}

/* The people of team t a member method picks from, in roster order (or in
 * the rule's "handlers" order), eligible or not: *n of them in a malloc'd
 * array the caller frees. */
static const member **candidates(const route *rt, const team *t, const char *const *roles, size_t nroles,
                                 int named, size_t *n)
{
    const member **v = calloc((named ? rt->nhandlers : t->nmembers) + 1, sizeof *v);
    *n = 0;
    if (!v) return NULL;
    if (named) {
        for (size_t i = 0; i < rt->nhandlers; i++) {
            const member *m = team_member(t, rt->handlers[i]);
            if (m) v[(*n)++] = m;
        }
    } else {
        for (size_t i = 0; i < t->nmembers; i++) {
            const member *m = &t->members[i];
            for (size_t j = 0; j < nroles; j++)
                if (strcmp(m->role, roles[j]) == 0) { v[(*n)++] = m; break; }
        }
    }
    return v;
}

/* 1 when a candidate of v[0..n) is active and is not exclude. */
static int any_active(const member **v, size_t n, const member *exclude)
{
    for (size_t i = 0; i < n; i++)
        if (v[i]->active && v[i] != exclude) return 1;
    return 0;
}

/* Round robin: the first active candidate after the one named by the
 * cursor (or the first of all when the cursor names nobody listed), other
 * than exclude.  Advances the cursor.  NULL when none is active. */
static const member *next_in_turn(astate *st, const char *key, const member **v, size_t n, const member *exclude)
{
    const char *last = astate_cursor(st, key);
    size_t start = 0;
    for (size_t i = 0; last && i < n; i++)
        if (strcmp(v[i]->name, last) == 0) { start = i + 1; break; }
    for (size_t k = 0; k < n; k++) {
        const member *m = v[(start + k) % n];
        if (!m->active || m == exclude) continue;
        astate_set_cursor(st, key, m->name);
        return m;
    }
    return NULL;
}

/* 1 when the member methods of rt find someone active in team t other
 * than exclude (whatever the state: the cursors, bags and loads only
 * decide who). */
static int team_can_take(const route *rt, const team *t, const member *exclude)
{
    size_t n;
    const member **v = candidates(rt, t, rt->roles, rt->nroles, rt->nhandlers > 0, &n);
    int ok = v && any_active(v, n, exclude);
    free(v);
    return ok;
}

/* Round robin over the handlers of team t (the team's cursor, shared by
 * every rule that sends cases to it), or over the rule's named handlers
 * (the rule's own cursor). */
static const member *member_in_turn(const route *rt, astate *st, const team *t, const member *exclude)
{
    char key[512];
    int named = rt->nhandlers > 0;
    if (named) key_of(key, sizeof key, "rule", rt->rule->id);
    else key_of(key, sizeof key, "team", t->id);
    size_t n;
    const member **v = candidates(rt, t, rt->roles, rt->nroles, named, &n);
    const member *m = v ? next_in_turn(st, key, v, n, exclude) : NULL;
    free(v);
    return m;
}

static const member *least_loaded(const route *rt, astate *st, const team *t)
{
    size_t n;
    const member **v = candidates(rt, t, rt->roles, rt->nroles, rt->nhandlers > 0, &n);
    const member *best = NULL;
    long long best_load = 0;
    for (size_t i = 0; v && i < n; i++) {
        if (!v[i]->active) continue;
        long long l = astate_load_of(st, v[i]->name);
        if (!best || l < best_load) { best = v[i]; best_load = l; }
    }
    free(v);
    return best;
}

/* Random-even (监利 第三组1 "随机平均分配"): a bag holding each active
 * handler once is shuffled with the rule's generator and drawn from until
 * empty, then refilled: loads never differ by more than one within a
 * round, and the order comes from the seed kept in the state. */
static const member *random_even(const route *rt, astate *st, const team *t)
{
    char key[512];
    key_of(key, sizeof key, "rule", rt->rule->id);
    uint64_t rng;
    json_t *left = astate_bag(st, key, rt->seed, &rng);
    size_t n;
    const member **v = candidates(rt, t, rt->roles, rt->nroles, rt->nhandlers > 0, &n);
    const member *got = NULL;
    for (int refills = 0; v && !got && refills < 2;) {
        if (json_array_size(left) == 0) {
            refills++;
            size_t k = 0;
            for (size_t i = 0; i < n; i++) if (v[i]->active) k++;
            if (!k) break;
            const member **bag = calloc(k, sizeof *bag);
            if (!bag) break;
            k = 0;
            for (size_t i = 0; i < n; i++) if (v[i]->active) bag[k++] = v[i];
            for (size_t i = k - 1; i > 0; i--) {          /* Fisher-Yates */
                size_t j = (size_t)rng_below(&rng, i + 1);
                const member *x = bag[i]; bag[i] = bag[j]; bag[j] = x;
            }
            for (size_t i = 0; i < k; i++) json_array_append_new(left, json_string(bag[i]->name));
            free(bag);
            astate_set_rng(st, key, rng);
        }
        while (!got && json_array_size(left) > 0) {
            const char *name = json_string_value(json_array_get(left, 0));
            for (size_t i = 0; i < n; i++)
                if (v[i]->active && strcmp(v[i]->name, name) == 0) got = v[i];
            json_array_remove(left, 0);
        }
    }
    free(v);
    return got;
}

/* The team a member method works in: the rule's, the prior team's, or the
 * one that takes the record's track (a roster team listing it, else the
 * team the profile's track names). */
static const team *method_team(const route *rt, route_ctx *cx, char *why, size_t cap)
{
    const char *id = NULL;
    if (rt->tsrc == TEAM_FIXED) return roster_team(cx->ro, rt->team);
    if (rt->tsrc == TEAM_PRIOR) {
        if (rec_text(cx->rec, "prior_team", &id) != 1) { set_why(why, cap, "no prior_team"); return NULL; }
    } else {
        if (!cx->track) { set_why(why, cap, "no track"); return NULL; }
        const team *t = roster_team_for_track(cx->ro, cx->track);
        if (t) return t;
        size_t i;
        json_t *tr, *tracks = profile_section(cx->p, "tracks");   /* once: the loop reads it per step */
        json_array_foreach(tracks, i, tr) {
            const char *tid = json_string_value(json_object_get(tr, "id"));
            if (tid && !strcmp(tid, cx->track)) id = json_string_value(json_object_get(tr, "team"));
        }
        if (!id) { set_why(why, cap, "track '%s' names no team", cx->track); return NULL; }
    }
    const team *t = roster_team(cx->ro, id);
    if (!t) set_why(why, cap, "team '%s' is not in the roster", id);
    return t;
}

/* A judge of team t for the handler, in turn, when the rule pairs one. */
static const member *judge_for(const route *rt, astate *st, const team *t)
{
    if (!rt->judge_role) return NULL;
    char key[512];
    key_of(key, sizeof key, "judge", t->id);
    size_t n;
    const member **v = candidates(rt, t, &rt->judge_role, 1, 0, &n);
    const member *m = v ? next_in_turn(st, key, v, n, NULL) : NULL;
    free(v);
    return m;
}

static int original_handler(route_ctx *cx, ticket *tk, char *why, size_t cap)
{
    const char *name = NULL, *tid = NULL;
    if (rec_text(cx->rec, "prior_handler", &name) != 1) { set_why(why, cap, "no prior_handler"); return 0; }
    const team *t = NULL;
    if (rec_text(cx->rec, "prior_team", &tid) == 1 && (t = roster_team(cx->ro, tid)) && !team_member(t, name)) t = NULL;
    if (!t) t = roster_team_of(cx->ro, name);
    const member *m = t ? team_member(t, name) : NULL;
    if (!m) { set_why(why, cap, "original handler %s is not in the roster", name); return 0; }
    if (!m->active) { set_why(why, cap, "original handler %s is not active", name); return 0; }
    tk->team = t;
    tk->member = m;
    return 1;
}

/* 推磨: the prior team, when a team after it in the rule's rotation has
 * someone active. */
static int rotate_from_prior(const route *rt, route_ctx *cx, ticket *tk, char *why, size_t cap)
{
    const char *tid = NULL;
    if (rec_text(cx->rec, "prior_team", &tid) != 1) { set_why(why, cap, "no prior_team"); return 0; }
    const team *prior = roster_team(cx->ro, tid);
    size_t at = rt->nteams;
    for (size_t i = 0; prior && i < rt->nteams; i++)
        if (roster_team(cx->ro, rt->teams[i]) == prior) at = i;
    if (at == rt->nteams) { set_why(why, cap, "prior team %s is not in the rotation", tid); return 0; }
    for (size_t k = 1; k < rt->nteams; k++)
        if (team_can_take(rt, roster_team(cx->ro, rt->teams[(at + k) % rt->nteams]), NULL)) {
            tk->team = prior;
            return 1;
        }
    set_why(why, cap, "no active handler in the teams after %s", prior->id);
    return 0;
}

/* The position of team t in the rule's "teams" (rt->nteams when absent). */
static size_t rotation_index(const route *rt, const roster *ro, const team *t)
{
    size_t at = rt->nteams;
    for (size_t i = 0; i < rt->nteams; i++)
        if (roster_team(ro, rt->teams[i]) == t) at = i;
    return at;
}

static int rotate_pick(const route *rt, const roster *ro, astate *st, const team *prior, pick *out)
{
    size_t at = rotation_index(rt, ro, prior);
    for (size_t k = 1; at < rt->nteams && k < rt->nteams; k++) {
        const team *t = roster_team(ro, rt->teams[(at + k) % rt->nteams]);
        const member *m = member_in_turn(rt, st, t, NULL);
        if (m) { out->team = t; out->handler = m; return 1; }
    }
    return 0;
}

static int round_robin_teams_pick(const route *rt, const roster *ro, astate *st, pick *out)
{
    char key[512];
    key_of(key, sizeof key, "rule", rt->rule->id);
    const char *last = astate_cursor(st, key);
    size_t start = 0;
    for (size_t i = 0; last && i < rt->nteams; i++)
        if (strcmp(rt->teams[i], last) == 0) { start = i + 1; break; }
    for (size_t k = 0; k < rt->nteams; k++) {
        const char *id = rt->teams[(start + k) % rt->nteams];
        const team *t = roster_team(ro, id);
        const member *m = member_in_turn(rt, st, t, NULL);
        if (!m) continue;
        astate_set_cursor(st, key, id);
        out->team = t;
        out->handler = m;
        return 1;
    }
    return 0;
}

int route_prepare(const route *rt, route_ctx *cx, ticket *tk, char *why, size_t cap)
{
    memset(tk, 0, sizeof *tk);
    const team *t = NULL;
    const member *m = NULL;
    switch (rt->method) {
    case M_FIXED:
        t = rt->team ? roster_team(cx->ro, rt->team) : roster_team_of(cx->ro, rt->handler);
        m = team_member(t, rt->handler);
        if (m && m->active) { tk->team = t; tk->member = m; return 1; }
        set_why(why, cap, "%s is not active", rt->handler);
        return 0;
    case M_ORIGINAL_HANDLER: return original_handler(cx, tk, why, cap);
    case M_ROTATE_FROM_PRIOR: return rotate_from_prior(rt, cx, tk, why, cap);
    case M_ROUND_ROBIN_TEAMS:
        for (size_t k = 0; k < rt->nteams; k++)
            if (team_can_take(rt, roster_team(cx->ro, rt->teams[k]), NULL)) return 1;
        set_why(why, cap, "no active handler in any team");
        return 0;
    case M_ROUND_ROBIN:
    case M_LEAST_LOADED:
    case M_RANDOM_EVEN:
    case M_SAME_TEAM_OTHER: {
        const char *exclude = NULL;
        if (rt->method == M_SAME_TEAM_OTHER) {
            if (rec_text(cx->rec, "prior_handler", &exclude) != 1) { set_why(why, cap, "no prior_handler"); return 0; }
            route in_prior = *rt;      /* the prior team unless the rule names one */
            if (rt->tsrc != TEAM_FIXED) in_prior.tsrc = TEAM_PRIOR;
            t = method_team(&in_prior, cx, why, cap);
        } else {
            t = method_team(rt, cx, why, cap);
        }
        if (!t) return 0;
        m = exclude ? team_member(t, exclude) : NULL;
        if (team_can_take(rt, t, m)) { tk->team = t; tk->member = m; return 1; }
        set_why(why, cap, "no active handler in %s%s%s", t->id, exclude ? " other than " : "", exclude ? exclude : "");
        return 0;
    }
    }
    return 0;
}

int route_pick(const route *rt, const roster *ro, astate *st, const ticket *tk, pick *out)
{
    memset(out, 0, sizeof *out);
    int ok = 0;
    switch (rt->method) {
    case M_FIXED:
    case M_ORIGINAL_HANDLER:
        out->team = tk->team;
        out->handler = tk->member;
        ok = 1;
        break;
    case M_ROTATE_FROM_PRIOR: ok = rotate_pick(rt, ro, st, tk->team, out); break;
    case M_ROUND_ROBIN_TEAMS: ok = round_robin_teams_pick(rt, ro, st, out); break;
    case M_ROUND_ROBIN:
    case M_LEAST_LOADED:
    case M_RANDOM_EVEN:
    case M_SAME_TEAM_OTHER: {
        const member *m = rt->method == M_LEAST_LOADED ? least_loaded(rt, st, tk->team)
                        : rt->method == M_RANDOM_EVEN ? random_even(rt, st, tk->team)
                        : member_in_turn(rt, st, tk->team, tk->member);
        if (m) { out->team = tk->team; out->handler = m; ok = 1; }
        break;
    }
    }
    if (!ok) return 0;
    out->judge = judge_for(rt, st, out->team);
    astate_add_load(st, out->handler->name);
    return 1;
}
