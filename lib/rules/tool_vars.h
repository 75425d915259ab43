/* tool_vars.h: the names of the tool variables, each spelt once.
 *
 * profile_rule.c's kind_defs binds each name to the kind of rule (and so
 * the tool) whose conditions may read it, with its type; the tool that
 * supplies the value uses the same name from here, so that the two cannot
 * drift.  A profile declares the ones it uses in its "vars"
 * (share/profiles/README). */
#ifndef ZX_TOOL_VARS_H
#define ZX_TOOL_VARS_H

/* triage (date): the previous case in this court, when closed by 终本 */
#define VAR_PREVIOUS_TERM_CLOSED_ON "previous_term_closed_on"

/* assign (bool): the previous handler is on the roster */
#define VAR_PRIOR_HANDLER_ON_ROSTER "prior_handler_on_roster"

/* term-audit (termaudit_vars.h says what each is) */
#define VAR_AUDIT_ON "audit_on"                             /* date */
#define VAR_FUND_BALANCE "fund_balance"                     /* money */
#define VAR_HISTORY_TERM_CLOSED_ON "history_term_closed_on" /* date */
#define VAR_HISTORY_TERM_CASE_NO "history_term_case_no"     /* text */

#endif
