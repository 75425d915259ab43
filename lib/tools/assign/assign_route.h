/* assign_route.h: a profile's "route" rules (分案), compiled against a
 * roster, and the generic methods that carry them out.
 *
 * A route rule (share/profiles/<id>/assign.json; see assign(1)):
 *   {"id", "kind": "route", "source", "name",
 *    "tracks": ["first"],            the tracks it applies to (none: any)
 *    "when": COND,                   and the condition (none: always)
 *    "method": "fixed" | "round_robin" | "round_robin_teams" | "rotate_from_prior"
 *            | "least_loaded" | "random_even" | "original_handler" | "same_team_other",
 *    "team": ID | "team_from": "track" | "prior_team",  the team of the
 *                                    member methods (default: the track's)
 *    "teams": [ID, ...],             round_robin_teams, rotate_from_prior
 *    "prior_teams": [ID, ...],       applies only when the case's prior_team is
 *                                    one of these roster teams (or their aliases)
 *    "handler": NAME,                fixed
 *    "handlers": [NAME, ...],        round_robin over these named people
 *    "roles": ["leader", "officer"], who of a team handles cases (default)
 *    "judge_role": "judge",          also pair a judge of the team (round robin)
 *    "seed": N}                      random_even: the generator's first seed
 * The first rule (in profile order) whose tracks and condition hold and
 * whose method finds an active person assigns the case. */
#ifndef ZX_ASSIGN_ROUTE_H
#define ZX_ASSIGN_ROUTE_H
#include <stddef.h>
#include <stdint.h>

#include "assign_roster.h"
#include "assign_state.h"
#include "expr.h"
#include "profile.h"
#include "record.h"

typedef enum {
    M_FIXED, M_ROUND_ROBIN, M_ROUND_ROBIN_TEAMS, M_ROTATE_FROM_PRIOR,
    M_LEAST_LOADED, M_RANDOM_EVEN, M_ORIGINAL_HANDLER, M_SAME_TEAM_OTHER
} route_method;

typedef enum { TEAM_BY_TRACK, TEAM_FIXED, TEAM_PRIOR } team_source;

typedef struct route {
    const rule *rule;                 /* borrowed from the profile */
    const expr *when;                 /* NULL: always */
    const char **tracks; size_t ntracks;
    route_method method;
    team_source tsrc;
    const char *team;                 /* TEAM_FIXED */
    const char **teams; size_t nteams;
    const char **prior_teams; size_t nprior_teams;
    const char *handler;              /* fixed */
    const char **handlers; size_t nhandlers;
    const char **roles; size_t nroles;
    const char *judge_role;           /* NULL: no judge */
    uint64_t seed;
} route;

typedef struct routes {
    route *v;
    size_t n;
} routes;

/* Compiles the profile's route rules, checking them against the roster
 * (every team and named handler must be in it) and the profile's tracks.
 * 0, or -1 with *err (malloc'd): "rule ID: what is wrong".  Free with
 * routes_free. */
int routes_compile(const profile *p, const roster *ro, routes *out, char **err);
void routes_free(routes *rs);

/* What one record is routed with (no state: whether a rule takes a case
 * does not depend on the cursors, bags or loads, only who gets it). */
typedef struct route_ctx {
    const profile *p;
    const roster *ro;
    zrec *rec;
    const char *track;                /* may be NULL */
} route_ctx;

/* What a rule's method needs of the record, resolved against the roster
 * when the rule is chosen, so that the pick can be made later, in
 * case-number order, without the record.  Borrowed from the roster. */
typedef struct ticket {
    const team *team;     /* the method's team; rotate_from_prior: the prior team;
                             round_robin_teams: NULL */
    const member *member; /* fixed, original_handler: the handler;
                             same_team_other: the one to pass over (NULL: none) */
} ticket;

typedef struct pick {
    const team *team;
    const member *handler;
    const member *judge;              /* NULL when the rule pairs none */
} pick;

/* Whether rt's method finds someone for cx->rec (the rule's tracks and
 * condition already hold).  Reads no state.  Returns 1 and fills *tk, or
 * 0 when the method finds nobody, with the reason in why. */
int route_prepare(const route *rt, route_ctx *cx, ticket *tk, char *why, size_t whycap);

/* Carries out rt's method for a case route_prepare() gave tk: fills *out
 * and advances the state's cursors, bags and loads.  1, or 0 only when
 * the roster changed since (never within a run). */
int route_pick(const route *rt, const roster *ro, astate *st, const ticket *tk, pick *out);

/* 1 when rt applies to track (a rule without tracks applies to all). */
int route_takes_track(const route *rt, const char *track);

/* 1 when rt has no "prior_teams" or the case's prior_team is one of them. */
int route_takes_prior_team(const route *rt, route_ctx *cx);

#endif
