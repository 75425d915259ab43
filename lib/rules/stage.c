/* stage.c: the names of the pipeline stages of a profile. */
#include "stage.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The names array of track (created when the profile's tracks lack it). */
static json_t *names_of(stages *s, const char *track)
{
    json_t *list = json_object_get(s->names, track);
    if (!list && json_object_set_new(s->names, track, list = json_array()) != 0) return NULL;
    return list;
}

/* Gives name (a string of the profile) to stage track.  0, 1 when it names
 * another stage already (*other: that one), -1 when out of memory. */
static int give(stages *s, json_t *name, const char *track, const char **other)
{
    const char *n = json_string_value(name);
    json_t *had = json_object_get(s->of, n);
    if (had) {
        *other = json_string_value(had);
        return strcmp(*other, track) != 0;
    }
    json_t *list = names_of(s, track);
    if (!list || json_object_set_new(s->of, n, json_string(track)) != 0 || json_array_append(list, name) != 0) return -1;
    return 0;
}

int stages_load(stages *s, const profile *p, char **err)
{
    memset(s, 0, sizeof *s);
    s->of = json_object();
    s->names = json_object();
    if (!s->of || !s->names) return profile_error(err, "out of memory");
    json_t *tracks = profile_section(p, "tracks"), *t;
    size_t i;
    json_array_foreach(tracks, i, t) {
        const char *id = json_string_value(json_object_get(t, "id"));
        if (id && !names_of(s, id)) return profile_error(err, "out of memory");
    }
    const char *other = NULL;
    /* each track's id, team and name first */
    json_array_foreach(tracks, i, t) {
        const char *id = json_string_value(json_object_get(t, "id"));
        if (!id) continue;
        const char *keys[] = {"id", "team", "name"};
        for (size_t j = 0; j < 3; j++) {
            json_t *v = json_object_get(t, keys[j]);
            if (!json_is_string(v) || !json_string_length(v)) continue;
            int rc = give(s, v, id, &other);
            if (rc < 0) return profile_error(err, "out of memory");
            if (rc > 0)
                return profile_error(err, "profile %s: tracks: '%s' names two stages (%s, %s)", profile_id(p), json_string_value(v), other, id);
        }
    }
    /* then the track rules' handover_to names, in merged order */
    for (size_t r = 0; r < profile_nrules(p); r++) {
        const rule *tr = profile_rule(p, r);
        json_t *names = json_object_get(tr->def, "handover_to"), *v;
        const char *track = json_string_value(json_object_get(tr->def, "track"));
        if (strcmp(tr->kind, "track") != 0 || !names || !track) continue;   /* no track: the track rules' loader says so */
        if (!rule_string_list(names)) return rule_error(err, tr, "\"handover_to\" must be a list of names");
        s->handover_to = 1;
        size_t k;
        json_array_foreach(names, k, v) {
            int rc = give(s, v, track, &other);
            if (rc < 0) return profile_error(err, "out of memory");
            if (rc > 0)
                return rule_error(err, tr, "handover target '%s' names two stages (%s, %s)", json_string_value(v), other, track);
        }
    }
    return 0;
}

void stages_free(stages *s)
{
    json_decref(s->of);
    json_decref(s->names);
    memset(s, 0, sizeof *s);
}

const char *stage_named(const stages *s, const char *to)
{
    return to && *to ? json_string_value(json_object_get(s->of, to)) : NULL;
}

json_t *stage_names(const stages *s, const char *track)
{
    return json_object_get(s->names, track);
}
