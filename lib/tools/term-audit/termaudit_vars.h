/* termaudit_vars.h: the variables term-audit supplies to its rules'
 * conditions (declared in share/profiles/spc/term.json "vars"):
 *
 *   audit_on                the day the closure is judged for: closed_on,
 *                           or --as-of when the case has none (a closure
 *                           proposed for approval)
 *   fund_balance            arrivals − payouts − refunds of "funds" dated
 *                           on or before audit_on
 *   history_term_closed_on  with --history: the latest 终本 closure of the
 *   history_term_case_no    same respondent on or before filed_on, and its
 *                           case number
 *
 * A value that cannot be computed is supplied as a text the engine cannot
 * read as its type ("funds[2].amount: 'abc'"), so the conditions using it
 * are unknown with that reason. */
#ifndef ZX_TERMAUDIT_VARS_H
#define ZX_TERMAUDIT_VARS_H
#include <jansson.h>
#include "date.h"
#include "record.h"
#include "closure_history.h"

/* The variables of one record as a new object (caller decrefs); h may be
 * NULL (no --history). */
json_t *termaudit_vars(zrec *r, zdate as_of, const closure_history *h);

/* The record field an unreadable variable of vars comes from ("audit_on"
 * -> "closed_on", "fund_balance" -> "funds", or "closed_on" when that is
 * why), for error entries; other names unchanged. */
const char *termaudit_var_field(const char *name, json_t *vars);

#endif
