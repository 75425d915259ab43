/* stage.h: which pipeline stage a handover names, for triage (the stage a
 * case is on) and deadline-check ("to_track", "done_to_track").
 *
 * A stage is a track of the profile's "tracks" section.  A handover's "to"
 * (event_to(): blanks around dropped) names it when it is exactly one of:
 * the track's id, its team, its name, the "handover_to" names of the
 * profile's track rules for that track.  A name may name one stage only. */
#ifndef ZX_STAGE_H
#define ZX_STAGE_H
#include <jansson.h>
#include "profile.h"

typedef struct stages {
    json_t *of;         /* name -> track id (owned; the values are strings) */
    json_t *names;      /* track id -> array of its names, in the order above,
                           each once (owned; the strings are the profile's) */
    int handover_to;    /* 1 when a track rule has "handover_to" */
} stages;

/* Reads the names from the profile.  0, or -1 with *err (malloc'd, the
 * caller frees): "rule ID: ..." for a "handover_to" that is not a list of
 * names or a name given to two stages, "tracks: ..." for a track's id,
 * team or name that names another stage.  Free with stages_free (also
 * after a failure). */
int stages_load(stages *s, const profile *p, char **err);
void stages_free(stages *s);

/* The track id of the stage `to` names (borrowed), or NULL for none. */
const char *stage_named(const stages *s, const char *to);

/* The names of track id's stage (a borrowed array), or NULL when the
 * profile has no such track. */
json_t *stage_names(const stages *s, const char *track);

#endif
