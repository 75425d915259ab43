/* assign_input.h: assign reads its input twice (assign_order.h): a first
 * reading here, before any record is written, then tool_main's.  Inputs
 * that cannot be read twice are copied first into unlinked temporary
 * files in $TMPDIR (default /tmp): standard input (then read from the
 * copy, which becomes file descriptor 0), a pipe or FIFO given as FILE
 * (/dev/fd/N of a shell's <(...) keeps its name; any other is read as
 * /dev/fd/N of its copy).  A regular file is read twice in place. */
#ifndef ZX_ASSIGN_INPUT_H
#define ZX_ASSIGN_INPUT_H
#include <stddef.h>

#include "assign_route.h"
#include "record.h"
#include "tool.h"

typedef struct input_copies {
    int *fds;        /* copies kept open for the second reading */
    char **names;    /* "/dev/fd/N" names put into o->files (malloc'd) */
    size_t n;
} input_copies;

/* What each() returns for a record it cannot route from the fields kept
 * (one with no track, which triage reads whole): the record is read
 * again with every field and given to each() once more, with whole 1. */
enum { INPUT_WHOLE = 1 };

/* Makes o's inputs readable twice (may replace entries of o->files), then
 * reads them all as tool_main will, calling each(arg, r, whole) for every
 * record that is not broken, in input order.  keys (an object whose keys
 * are field names; NULL: every field): the fields the records keep
 * (reader_only_keys); whole is 0 for such a record, 1 for one read with
 * every field.  Diagnostics are silent and the data-error count is kept
 * as it was: the second reading reports.  An input that cannot be opened
 * is passed over (the second reading says so).  Standard input is left at
 * its start.  0; -1 with *err (malloc'd) when a copy cannot be made; or
 * what each returned when neither 0 nor INPUT_WHOLE (it stops the
 * reading). */
int input_first_pass(const zopts *o, input_copies *ic, json_t *keys, int (*each)(void *arg, zrec *r, int whole),
                     void *arg, char **err);

/* The fields the first reading keeps for the route rules rs: what
 * has_assignment, track_of (when the record has a track), the rules'
 * "prior_teams", conditions and methods, and the roster variable read (the
 * case number, kind, handler, team, track, prior_team, prior_handler,
 * flags, filed_on, closed_on, _more, and every field a rule names).  A new
 * object (field -> true), the caller's to release; NULL when every field
 * must be read (a condition reads node events, which any column of a
 * node's date may hold) or out of memory. */
json_t *input_route_keys(const routes *rs);

/* Closes the copies and frees the names (after the second reading). */
void input_copies_free(input_copies *ic);

#endif
