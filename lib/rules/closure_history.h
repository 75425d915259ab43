/* closure_history.h: the one index of past closures (--history FILE) that
 * triage and term-audit read:
 *   triage (新密 二(7)): the respondent's previous case in this court, by
 *     any close method, and whether it was closed by 终本;
 *   term-audit (执行权运行机制改革方案（试行） 一(一)1(1)B): the same
 *     respondent's latest 终本 closure in any court.
 *
 * A respondent is known by respondent_id when the record has one, else by
 * the respondent name, each compared by party_key() (mask.h): blanks
 * (ASCII and U+3000) dropped, full-width ASCII folded, an id's letters in
 * upper case.  One entry a (respondent key, closure): memory in proportion
 * to the history, sorted once, a lookup is a binary search. */
#ifndef ZX_CLOSURE_HISTORY_H
#define ZX_CLOSURE_HISTORY_H
#include <stdint.h>
#include "record.h"

typedef struct closure_history closure_history;

/* Told of each 终本 row of the history that cannot be indexed whole:
 * field "closed_on" (why "missing" or "invalid date") or "respondent"
 * ("missing"): the row is left out; field "case_no" ("no court code"): the
 * row is kept, but no court's lookup finds it.  file and the strings are
 * borrowed for the call. */
typedef void history_skip_fn(void *arg, const char *file, long line, const char *field, const char *why);

/* Reads every record of path (any input the tools read) and indexes the
 * closures: a close_method, a readable closed_on and a respondent_id or
 * respondent.  skip (may be NULL) hears of the 终本 rows above.  Returns the
 * index (the caller frees it with closure_history_free) or NULL with *err
 * (malloc'd, the caller frees). */
closure_history *closure_history_load(const char *path, history_skip_fn *skip, void *arg, char **err);
void closure_history_free(closure_history *h);

/* The latest closure of r's respondent on or before max_day (INT32_MAX
 * for any): in court when court is not NULL, only those by 终本 when
 * term_only, and not r's own case number when skip_own.  A 终本 closure
 * wins a tie on its day.  1 with *day, *term (1: by 终本) and *case_no
 * (borrowed from the index; each may be NULL), or 0 when there is none. */
int closure_history_latest(const closure_history *h, const zrec *r, const char *court, int term_only,
                           int skip_own, int32_t max_day, int32_t *day, int *term, const char **case_no);

#endif
