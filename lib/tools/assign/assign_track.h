/* assign_track.h: the track a case is distributed by.  The record's
 * "track" (written by triage) when it has one; else triage is run on the
 * record first (its own state, the same profile), which also writes
 * "track" and "track_rules" into the output; else, when triage is not
 * built in or decides nothing, the track of the profile whose "kinds" list
 * the case kind (执 -> first, 执恢 -> resume, 执保/执协 -> preservation,
 * 执异/执复/执监 -> ruling). */
#ifndef ZX_ASSIGN_TRACK_H
#define ZX_ASSIGN_TRACK_H
#include "profile.h"
#include "record.h"
#include "tool.h"

typedef struct track_finder {
    const profile *p;
    const tool_spec *triage;   /* NULL when triage is not built in */
    void *triage_st;           /* its state, calloc'd here */
    zopts o;                   /* the run's options as triage sees them: no
                                  --only-flagged, no --explain */
} track_finder;

/* Starts triage on a copy of the run's options.  0, or -1 with *err (malloc'd). */
int track_finder_open(track_finder *tf, const zopts *o, char **err);
void track_finder_close(track_finder *tf);

/* The case's track (borrowed from the record or the profile), or NULL;
 * *how is "input", "triage" or "kind". */
const char *track_of(track_finder *tf, zrec *r, const char **how);

#endif
