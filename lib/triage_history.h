/* triage_history.h: an index of past 終本 closures (triage --history FILE),
 * for 新密 二(7) and rules like it: "the respondent's previous case in this
 * court was closed by 终结本次执行程序".
 *
 * The index holds one entry per (court code, respondent) with the days of
 * its 终本 closures: it is sized to the history file, not to the input. */
#ifndef ZX_TRIAGE_HISTORY_H
#define ZX_TRIAGE_HISTORY_H
#include <stdint.h>

typedef struct term_history term_history;

/* Reads every record of path (any format the tools read) and keeps those
 * closed by 终结本次执行程序 (close_method, 终本 accepted) with a readable
 * closed_on, a readable case number (its court code) and a respondent_id or
 * respondent name.  *kept and *skipped (may be NULL) count the closures
 * indexed and the 终本 rows that could not be (no date, court or
 * respondent).  Returns the index (the caller frees it with
 * term_history_free) or NULL with *err (malloc'd, the caller frees). */
term_history *term_history_load(const char *path, long *kept, long *skipped, char **err);

/* The latest 终本 closure day on or before `limit` of the respondent in
 * court: looked up by id when id is non-NULL and non-empty, else by name.
 * 1 and *day when there is one, else 0. */
int term_history_latest(const term_history *h, const char *court, const char *id,
                        const char *name, int32_t limit, int32_t *day);

void term_history_free(term_history *h);

#endif
