/* payout_eval.h: one case's funds checked against the fund rules.
 *
 * How money is matched (payout-check(1), MATCHING): arrivals are taken in
 * date order (input order within a day).  Claims consume the main-account
 * arrivals first in, first out; an arrival is claimed on the date of the
 * claim that completes it.  Payouts and refunds (the outflows), in date
 * order, consume all arrivals first in, first out; an arrival is disbursed
 * on the date of the outflow that completes it, and each part of it is paid
 * on the date of the outflow that took it.  What no arrival covers is
 * overpaid. */
#ifndef ZX_PAYOUT_EVAL_H
#define ZX_PAYOUT_EVAL_H
#include <jansson.h>
#include <stdint.h>
#include "calendar.h"
#include "date.h"
#include "payout_funds.h"
#include "payout_rules.h"
#include "record.h"

typedef struct payout_case {
    zrec *rec;                 /* the case (applicant, flags, closed_on; "when") */
    const fund_list *funds;    /* its movements, read */
    const calendar *cal;
    zdate as_of;
    int warn_days;             /* --warn: the due_soon window, days */
    json_t *explain;           /* --explain: the payout_explain list, one entry per rule
                                  (explain.h) appended by payout_eval; NULL without */
    json_t *trace;             /* private to payout_eval: the trace of the rule at work, or NULL */
} payout_case;

typedef struct payout_totals {
    int64_t balance;           /* arrived - paid out - refunded, fen */
    int64_t undisbursed;       /* fen not yet paid of arrivals with an undisbursed issue */
    int counts[IK_COUNT];      /* issues by kind */
    int blocked;               /* rules that could not run (an unreadable value) */
    int estimated;             /* a working-day due date lay beyond the calendar */
} payout_totals;

/* Runs every rule of rs on the case (with c->explain, appends each rule's
 * entry to it, in rule order).  Returns a new list of issues
 * {"rule", "kind", "due", "amount", "level", "on", "fund", ...}, which the
 * caller owns; fills *tot.  Rules that cannot run (a condition or
 * closed_on unreadable) are reported on the record with rec_error, naming
 * the rule, and counted in tot->blocked. */
json_t *payout_eval(const payout_rules *rs, payout_case *c, payout_totals *tot);

#endif
