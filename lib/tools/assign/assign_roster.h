/* assign_roster.h: the teams and their members that assign distributes to.
 *
 * A roster comes from the profile's "teams" section
 *   [{"id": "首执第一团队", "tracks": ["first"], "aliases": ["首执一团队"],
 *     "members": [{"name": "谭猛", "role": "leader", "active": true}, ...]}]
 * or from a --roster FILE (CSV or JSON lines, one member a row: team,
 * member, role, active).  A roster owns all its strings. */
#ifndef ZX_ASSIGN_ROSTER_H
#define ZX_ASSIGN_ROSTER_H
#include <jansson.h>
#include <stddef.h>

typedef struct member {
    char *name;
    char *role;      /* canonical: leader, deputy, officer, judge, clerk, assistant, or as given */
    int active;      /* 0: transferred, retired, on leave: gets no new cases */
} member;

typedef struct team {
    char *id;
    char **tracks;   /* tracks this team takes (may be empty) */
    size_t ntracks;
    char **aliases;  /* other names a spreadsheet may give it ("首执一团队") */
    size_t naliases;
    member *members;
    size_t nmembers;
} team;

typedef struct roster {
    team *teams;
    size_t nteams;
} roster;

/* A roster from a profile's "teams" section (NULL: an empty roster).
 * Returns it (caller frees with roster_free) or NULL with *err (malloc'd). */
roster *roster_from_json(const json_t *teams, char **err);

/* A roster read from path (CSV or JSON lines; headers team/团队/承办团队,
 * member/name/姓名/承办人, role/角色, active/在岗, and optional tracks).
 * Teams keep the order they first appear in; a team also in base keeps
 * base's tracks.  Returns it (caller frees with roster_free) or NULL with
 * *err (malloc'd): "FILE:LINE: what is wrong". */
roster *roster_from_file(const char *path, const roster *base, char **err);

void roster_free(roster *ro);

/* Lookups; NULL when absent.  Borrowed from the roster.  roster_team
 * also finds a team by one of its aliases. */
const team *roster_team(const roster *ro, const char *id);
const team *roster_team_for_track(const roster *ro, const char *track);
const member *team_member(const team *t, const char *name);
/* The first team (in roster order) that lists name as an active member,
 * else the first that lists it at all. */
const team *roster_team_of(const roster *ro, const char *name);

/* Canonical role for a role name ("团队长" -> "leader"); the text itself
 * when it is not an alias.  Borrowed (static or the argument). */
const char *role_canonical(const char *role);

#endif
