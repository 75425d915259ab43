/* triage_history.h: an index of past closures (triage --history FILE),
 * for 新密 二(7) and rules like it: "the respondent's previous case in this
 * court was closed by 终结本次执行程序".
 *
 * The index holds one entry per (court code, respondent) with the days of
 * its closures and whether each was by 终本: it is sized to the history
 * file, not to the input. */
#ifndef ZX_TRIAGE_HISTORY_H
#define ZX_TRIAGE_HISTORY_H
#include <stdint.h>

typedef struct term_history term_history;

/* Reads every record of path (any format the tools read) and keeps the
 * closures (a close_method) with a readable closed_on, a readable case
 * number (its court code) and a respondent_id or respondent name, noting
 * those by 终结本次执行程序 (终本 accepted).  *kept and *skipped (may be
 * NULL) count the 终本 closures indexed and the 终本 rows that could not be
 * (no date, court or respondent).  Returns the index (the caller frees it with
 * term_history_free) or NULL with *err (malloc'd, the caller frees). */
term_history *term_history_load(const char *path, long *kept, long *skipped, char **err);

/* The respondent's latest closure on or before `limit` in court (the
 * previous case): looked up by id when id is non-NULL and non-empty, else
 * by name.  1 with *day and *term (1 when it was by 终本; a 终本 closure
 * wins a tie on its day) when there is one, else 0. */
int term_history_latest(const term_history *h, const char *court, const char *id,
                        const char *name, int32_t limit, int32_t *day, int *term);

void term_history_free(term_history *h);

#endif
