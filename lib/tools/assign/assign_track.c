/* assign_track.c: the track of a case, from the record, triage, or its kind. */
#include "assign_track.h"

#include <stdlib.h>
#include <string.h>

#if defined(__has_include)
#if __has_include("triage.h")
#include "triage.h"
#define ZX_HAVE_TRIAGE 1
#endif
#endif

int track_finder_open(track_finder *tf, const zopts *o, char **err)
{
    memset(tf, 0, sizeof *tf);
    tf->p = o->profile;
#ifdef ZX_HAVE_TRIAGE
    tf->o = *o;
    tf->o.only_flagged = 0;
    tf->o.explain = 0;
    tf->triage = &triage_tool;
    if (tf->triage->state_size && !(tf->triage_st = calloc(1, tf->triage->state_size))) return -1;
    if (tf->triage->open && tf->triage->open(tf->triage_st, &tf->o, err) != 0) {
        track_finder_close(tf);
        return -1;
    }
#else
    (void)err;
#endif
    return 0;
}

void track_finder_close(track_finder *tf)
{
    if (tf->triage && tf->triage->free && tf->triage_st) tf->triage->free(tf->triage_st);
    free(tf->triage_st);
    tf->triage_st = NULL;
    tf->triage = NULL;
}

/* The first track of the profile whose "kinds" hold the case kind. */
static const char *kind_track(const profile *p, zrec *r)
{
    const char *kind = rec_kind(r);
    size_t i, j;
    json_t *t, *k, *tracks = profile_section(p, "tracks");   /* once: the loop reads it per step */
    if (!kind) return NULL;
    json_array_foreach(tracks, i, t)
        json_array_foreach(json_object_get(t, "kinds"), j, k)
            if (json_is_string(k) && strcmp(json_string_value(k), kind) == 0)
                return json_string_value(json_object_get(t, "id"));
    return NULL;
}

const char *track_of(track_finder *tf, zrec *r, const char **how)
{
    const char *track = NULL;
    *how = "input";
    if (rec_text(r, "track", &track) == 1) return track;
    if (tf->triage && tf->triage->record) {
        tf->triage->record(tf->triage_st, r);
        *how = "triage";
        if (rec_text(r, "track", &track) == 1) return track;
    }
    *how = "kind";
    return kind_track(tf->p, r);
}
