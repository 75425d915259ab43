/* summary.h: the --summary table of deadline-check and payout-check: one
 * row per team and handler (the record's "team" and "handler", null when
 * absent), sorted by team then handler (bytes, null first), each row
 * {"team", "handler", "cases", then the tool's columns}.
 *
 * With --only-flagged a case is counted when --only-flagged alone would
 * write it: flagged by the tool, or given an errors entry by it (a case
 * that cannot be decided is not left out of the count). */
#ifndef ZX_SUMMARY_H
#define ZX_SUMMARY_H
#include <jansson.h>
#include <stdint.h>
#include "record.h"
#include "writer.h"

typedef enum { SUM_COUNT, SUM_MONEY } sum_type;   /* an integer; fen written as yuan */

typedef struct sum_col {
    const char *name;
    sum_type type;
} sum_col;

typedef struct summary summary;

/* A table of the columns cols[0..ncols) (borrowed: they must outlive it).
 * Returns it (the caller frees it with summary_free) or NULL when out of
 * memory. */
summary *summary_new(const sum_col *cols, size_t ncols, int only_flagged);
void summary_free(summary *s);

/* Counts r (after the tool's record(): flagged as it returned) in its row:
 * "cases" + 1.  Returns the row's ncols counters for the caller to add to
 * (valid until the next summary_add), or NULL when r is not counted
 * (--only-flagged).  Out of memory: exits 3 (xalloc.h). */
int64_t *summary_add(summary *s, const zrec *r, int flagged);

/* Writes the rows.  0, or -1 with *err (malloc'd). */
int summary_write(summary *s, zwriter *w, char **err);

#endif
