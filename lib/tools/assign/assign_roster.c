/* assign_roster.c: teams and members, from the profile or a --roster file. */
#include "assign_roster.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boolval.h"
#include "reader.h"

static const struct { const char *alias, *role; } role_aliases[] = {
    {"团队长", "leader"}, {"组长", "leader"}, {"负责人", "leader"}, {"主任", "leader"},
    {"主管副职", "deputy"}, {"主管副局长", "deputy"}, {"副局长", "deputy"},
    {"在编干警", "officer"}, {"执行员", "officer"}, {"承办人", "officer"}, {"查控员", "officer"},
    {"员额法官", "judge"}, {"法官", "judge"},
    {"书记员", "clerk"},
    {"辅助人员", "assistant"}, {"法官助理", "assistant"},
};

const char *role_canonical(const char *role)
{
    for (size_t i = 0; i < sizeof role_aliases / sizeof *role_aliases; i++)
        if (strcmp(role, role_aliases[i].alias) == 0) return role_aliases[i].role;
    return role;
}

void roster_free(roster *ro)
{
    if (!ro) return;
    for (size_t i = 0; i < ro->nteams; i++) {
        team *t = &ro->teams[i];
        free(t->id);
        for (size_t j = 0; j < t->ntracks; j++) free(t->tracks[j]);
        free(t->tracks);
        for (size_t j = 0; j < t->naliases; j++) free(t->aliases[j]);
        free(t->aliases);
        for (size_t j = 0; j < t->nmembers; j++) { free(t->members[j].name); free(t->members[j].role); }
        free(t->members);
    }
    free(ro->teams);
    free(ro);
}

/* Appends a new empty team; returns it, or NULL when out of memory. */
static team *add_team(roster *ro, const char *id)
{
    team *grown = realloc(ro->teams, (ro->nteams + 1) * sizeof *grown);
    if (!grown) return NULL;
    ro->teams = grown;
    team *t = &ro->teams[ro->nteams];
    memset(t, 0, sizeof *t);
    if (!(t->id = strdup(id))) return NULL;
    ro->nteams++;
    return t;
}

/* Appends a copy of s to the list *v of *n strings.  0, or -1. */
static int add_string(char ***v, size_t *n, const char *s)
{
    char **grown = realloc(*v, (*n + 1) * sizeof *grown);
    if (!grown) return -1;
    *v = grown;
    if (!(grown[*n] = strdup(s))) return -1;
    (*n)++;
    return 0;
}

static int add_track(team *t, const char *track)
{
    return add_string(&t->tracks, &t->ntracks, track);
}

static int add_member(team *t, const char *name, const char *role, int active)
{
    member *grown = realloc(t->members, (t->nmembers + 1) * sizeof *grown);
    if (!grown) return -1;
    t->members = grown;
    member *m = &t->members[t->nmembers];
    m->name = strdup(name);
    m->role = strdup(role_canonical(role));
    m->active = active;
    if (!m->name || !m->role) { free(m->name); free(m->role); return -1; }
    t->nmembers++;
    return 0;
}

/* Sets *err to a malloc'd message; returns NULL for the caller's return. */
static roster *fail(roster *ro, char **err, const char *fmt, const char *a, const char *b)
{
    roster_free(ro);
    if (asprintf(err, fmt, a, b) < 0) *err = NULL;
    return NULL;
}

roster *roster_from_json(const json_t *teams, char **err)
{
    roster *ro = calloc(1, sizeof *ro);
    if (!ro) return fail(NULL, err, "out of memory%s%s", "", "");
    if (!teams) return ro;
    if (!json_is_array(teams)) return fail(ro, err, "teams: not a list%s%s", "", "");
    size_t i, j;
    json_t *jt, *v;
    json_array_foreach(teams, i, jt) {
        const char *id = json_string_value(json_object_get(jt, "id"));
        if (!id || !*id) return fail(ro, err, "teams: entry without an id%s%s", "", "");
        if (roster_team(ro, id)) return fail(ro, err, "teams: duplicate team '%s'%s", id, "");
        team *t = add_team(ro, id);
        if (!t) return fail(ro, err, "out of memory%s%s", "", "");
        const char *one = json_string_value(json_object_get(jt, "track"));
        if (one && add_track(t, one) != 0) return fail(ro, err, "out of memory%s%s", "", "");
        json_array_foreach(json_object_get(jt, "tracks"), j, v) {
            if (!json_is_string(v)) return fail(ro, err, "teams: %s: a track is not a string%s", id, "");
            if (add_track(t, json_string_value(v)) != 0) return fail(ro, err, "out of memory%s%s", "", "");
        }
        json_array_foreach(json_object_get(jt, "aliases"), j, v) {
            if (!json_is_string(v)) return fail(ro, err, "teams: %s: an alias is not a string%s", id, "");
            if (add_string(&t->aliases, &t->naliases, json_string_value(v)) != 0)
                return fail(ro, err, "out of memory%s%s", "", "");
        }
        json_array_foreach(json_object_get(jt, "members"), j, v) {
            const char *name = json_string_value(json_object_get(v, "name"));
            const char *role = json_string_value(json_object_get(v, "role"));
            json_t *act = json_object_get(v, "active");
            if (!name || !*name) return fail(ro, err, "teams: %s: a member without a name%s", id, "");
            if (act && !json_is_boolean(act))
                return fail(ro, err, "teams: %s: %s: \"active\" is not true or false", id, name);
            if (team_member(t, name)) return fail(ro, err, "teams: %s: %s listed twice", id, name);
            if (add_member(t, name, role ? role : "officer", act ? json_is_true(act) : 1) != 0)
                return fail(ro, err, "out of memory%s%s", "", "");
        }
    }
    return ro;
}

/* The first of the keys present as non-empty text in row; NULL if none. */
static const char *row_text(json_t *row, const char *const *keys)
{
    for (; *keys; keys++) {
        const char *s = json_string_value(json_object_get(row, *keys));
        if (s && *s) return s;
    }
    return NULL;
}

/* Reads an "active" cell: a JSON boolean, a boolean word, or 在岗 / 调出,
 * 退休, 离职, 离岗.  1 or 0 into *out and 0, or -1 when unreadable. */
static int parse_active(json_t *v, int *out)
{
    static const char *const gone[] = {"调出", "退休", "离职", "离岗", "inactive"};
    if (!v || json_is_null(v)) { *out = 1; return 0; }
    if (json_is_boolean(v)) { *out = json_is_true(v); return 0; }
    if (json_is_integer(v) && (json_integer_value(v) == 0 || json_integer_value(v) == 1)) {
        *out = (int)json_integer_value(v);
        return 0;
    }
    const char *s = json_string_value(v);
    if (!s) return -1;
    if (!*s || !strcmp(s, "在岗") || !strcmp(s, "active")) { *out = 1; return 0; }
    for (size_t i = 0; i < sizeof gone / sizeof *gone; i++)
        if (!strcmp(s, gone[i])) { *out = 0; return 0; }
    return bool_parse(s, strlen(s), out);
}

/* Adds the tracks of a cell ("first,resume" or a JSON list) to t. */
static int add_tracks_cell(team *t, json_t *v)
{
    size_t i;
    json_t *x;
    if (json_is_array(v)) {
        json_array_foreach(v, i, x)
            if (json_is_string(x) && add_track(t, json_string_value(x)) != 0) return -1;
        return 0;
    }
    const char *s = json_string_value(v);
    if (!s) return 0;
    char *copy = strdup(s), *save = NULL;
    if (!copy) return -1;
    for (char *tok = strtok_r(copy, ",; ", &save); tok; tok = strtok_r(NULL, ",; ", &save))
        if (add_track(t, tok) != 0) { free(copy); return -1; }
    free(copy);
    return 0;
}

roster *roster_from_file(const char *path, const roster *base, char **err)
{
    static const char *const team_keys[] = {"team", "团队", "团队名称", NULL};
    static const char *const name_keys[] = {"member", "name", "handler", "姓名", "成员", "人员", NULL};
    static const char *const role_keys[] = {"role", "角色", "岗位", "职务", NULL};
    static const char *const active_keys[] = {"active", "在岗", "状态", NULL};
    roster *ro = calloc(1, sizeof *ro);
    if (!ro) return fail(NULL, err, "out of memory%s%s", "", "");
    zreader *rd = reader_open(path, FMT_AUTO, ENC_AUTO, err);
    if (!rd) { roster_free(ro); return NULL; }
    zrec rec;
    memset(&rec, 0, sizeof rec);
    int got;
    char where[64];
    while ((got = reader_next(rd, &rec)) == 1) {
        snprintf(where, sizeof where, "%ld", rec.line);
        if (rec.broken) { ro = fail(ro, err, "%s:%s: unreadable roster row", reader_name(rd), where); break; }
        const char *tid = row_text(rec.obj, team_keys), *name = row_text(rec.obj, name_keys);
        const char *role = row_text(rec.obj, role_keys);
        if (!tid) { ro = fail(ro, err, "%s:%s: roster row without a team", reader_name(rd), where); break; }
        if (!name) { ro = fail(ro, err, "%s:%s: roster row without a member name", reader_name(rd), where); break; }
        json_t *act = NULL;
        for (const char *const *k = active_keys; *k && !act; k++) act = json_object_get(rec.obj, *k);
        int active;
        if (parse_active(act, &active) != 0) {
            ro = fail(ro, err, "%s:%s: active: not a yes/no value", reader_name(rd), where);
            break;
        }
        team *t = (team *)roster_team(ro, tid);
        if (!t) {
            const team *bt = base ? roster_team(base, tid) : NULL;
            if (!(t = add_team(ro, tid))) { ro = fail(ro, err, "out of memory%s%s", "", ""); break; }
            int oom = 0;
            for (size_t i = 0; bt && i < bt->ntracks; i++) oom |= add_track(t, bt->tracks[i]) != 0;
            for (size_t i = 0; bt && i < bt->naliases; i++) oom |= add_string(&t->aliases, &t->naliases, bt->aliases[i]) != 0;
            if (oom) { ro = fail(ro, err, "out of memory%s%s", "", ""); break; }
        }
        json_t *tracks = json_object_get(rec.obj, "tracks");
        if (!tracks) tracks = json_object_get(rec.obj, "track");
        if (tracks && add_tracks_cell(t, tracks) != 0) { ro = fail(ro, err, "out of memory%s%s", "", ""); break; }
        if (team_member(t, name)) {
            ro = fail(ro, err, "%s:%s: member listed twice in the team", reader_name(rd), where);
            break;
        }
        if (add_member(t, name, role ? role : "officer", active) != 0) {
            ro = fail(ro, err, "out of memory%s%s", "", "");
            break;
        }
    }
    if (ro && got < 0) ro = fail(ro, err, "%s: read error%s", reader_name(rd), "");
    rec_clear(&rec);
    reader_close(rd);
    return ro;
}

const team *roster_team(const roster *ro, const char *id)
{
    for (size_t i = 0; id && i < ro->nteams; i++)
        if (strcmp(ro->teams[i].id, id) == 0) return &ro->teams[i];
    for (size_t i = 0; id && i < ro->nteams; i++)
        for (size_t j = 0; j < ro->teams[i].naliases; j++)
            if (strcmp(ro->teams[i].aliases[j], id) == 0) return &ro->teams[i];
    return NULL;
}

const team *roster_team_for_track(const roster *ro, const char *track)
{
    for (size_t i = 0; track && i < ro->nteams; i++)
        for (size_t j = 0; j < ro->teams[i].ntracks; j++)
            if (strcmp(ro->teams[i].tracks[j], track) == 0) return &ro->teams[i];
    return NULL;
}

const member *team_member(const team *t, const char *name)
{
    for (size_t i = 0; t && name && i < t->nmembers; i++)
        if (strcmp(t->members[i].name, name) == 0) return &t->members[i];
    return NULL;
}

const team *roster_team_of(const roster *ro, const char *name)
{
    const team *any = NULL;
    for (size_t i = 0; i < ro->nteams; i++) {
        const member *m = team_member(&ro->teams[i], name);
        if (m && m->active) return &ro->teams[i];
        if (m && !any) any = &ro->teams[i];
    }
    return any;
}
