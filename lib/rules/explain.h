/* explain.h: the one shape of --explain and the one wording of "cannot be
 * decided", for every tool (issue 20).
 *
 * A tool's --explain writes one list, named after its output
 * (track_explain, assign_explain, deadline_explain, term_explain,
 * payout_explain), of one entry per rule tried, in the order tried:
 *   {"rule": ID, "source": the rule's source, "result": STRING, "trace": [lines]}
 * "result" is the rule's outcome in the tool's own words, and in every tool
 * exactly EXPLAIN_UNDECIDED when the rule could not be decided; the trace
 * holds the condition lines (expr_eval), and for an undecided rule its last
 * line is rule_undecided()'s text. */
#ifndef ZX_EXPLAIN_H
#define ZX_EXPLAIN_H
#include <jansson.h>
#include "profile.h"

#define EXPLAIN_UNDECIDED "undecided"

/* "rule ID cannot be decided: WHY", the text of every errors entry,
 * warning, n/a reason and check detail that says a rule could not be
 * decided (a tool may put its consequence before it: "no track: ").  why
 * NULL: "a value it needs is unreadable".  Malloc'd (xasprintf): the caller
 * frees. */
char *rule_undecided(const char *id, const char *why);

/* One entry (above) for rule r.  Steals trace (NULL: an empty list).
 * A new reference. */
json_t *explain_entry(const rule *r, const char *result, json_t *trace);

/* The entry of a rule that could not be decided: result "undecided", and
 * rule_undecided(r->id, why) appended to trace as its last line.  Steals
 * trace (NULL: a new list).  A new reference. */
json_t *explain_undecided(const rule *r, const char *why, json_t *trace);

/* Appends one line, printf-formatted, to an explain trace (the condition
 * lines of expr_eval, a tool's own lines); nothing when trace is NULL (no
 * --explain). */
void explain_trace(json_t *trace, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
