/* termaudit_history.h: an index of past 终本 closures by respondent, for
 * term-audit --history (执行权运行机制改革方案（试行） 一(一)1(1)B: screen the
 * same respondent's 终本 cases of the last three months).
 *
 * The index holds, for every 终本 closure of the history file, the
 * respondent's key, the closure day and the case number: memory in
 * proportion to the history, nothing per record looked up. */
#ifndef ZX_TERMAUDIT_HISTORY_H
#define ZX_TERMAUDIT_HISTORY_H
#include <stddef.h>
#include <stdint.h>
#include "record.h"

typedef struct closure_index closure_index;

/* Reads the past closures in path (any input the tools read: JSON lines or
 * CSV, UTF-8 or GB18030).  Records closed by 终结本次执行程序 with a readable
 * closed_on and a respondent_id or respondent are indexed, under the id and
 * under the name; a 终本 record without a readable closed_on or any
 * respondent is skipped with a warning "FILE:LINE: field: message" on
 * standard error (the reader reports unreadable lines itself).  Returns the
 * index (caller frees with closure_index_free) or NULL with *err (malloc'd,
 * caller frees). */
closure_index *closure_index_load(const char *path, char **err);
void closure_index_free(closure_index *h);

/* Number of closures indexed. */
size_t closure_index_count(const closure_index *h);

/* The latest closure of the respondent of r (by respondent_id when r has
 * one, else by respondent name) whose day is <= max_day (INT32_MAX for
 * any), other than r's own case number.  1 with *day and *case_no
 * (borrowed from the index), or 0 when there is none. */
int closure_index_latest(const closure_index *h, const zrec *r, int32_t max_day,
                        int32_t *day, const char **case_no);

#endif
