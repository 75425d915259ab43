/* payout_rules.h: a profile's fund rules (kind "fund"), read once when
 * payout-check opens.  The keys of each test are documented in
 * payout-check(1), section RULES. */
#ifndef ZX_PAYOUT_RULES_H
#define ZX_PAYOUT_RULES_H
#include <stddef.h>
#include "period.h"
#include "profile.h"

/* The issue kinds of SPEC 2, in the order of issue_kind_names. */
typedef enum {
    IK_UNCLAIMED, IK_LATE_PAYOUT, IK_UNDISBURSED, IK_APPROVAL_MISSING,
    IK_APPROVAL_ORDER, IK_OVERPAID, IK_CLOSED_WITH_BALANCE, IK_DUE_SOON, IK_COUNT
} issue_kind;
extern const char *const issue_kind_names[IK_COUNT];

typedef enum {
    PT_CLAIM,          /* main-account arrival claimed within period */
    PT_PAYOUT,         /* arrival paid out within period, unless held */
    PT_APPROVALS,      /* every step of the chain dated */
    PT_APPROVAL_ORDER, /* the steps in order, none after the payment */
    PT_MANDATE,        /* a payee other than the applicant needs a mandate */
    PT_OVERPAID,       /* paid out more than arrived */
    PT_CLOSED,         /* closed with a non-zero balance */
    PT_ESCALATION,     /* levels of an issue by days since its start */
    PT_DUE_SOON        /* unpaid money whose "limit_rule" due date is within --warn */
} payout_test;

enum { PR_MAX_STEPS = 12, PR_MAX_LEVELS = 8 };

typedef struct payout_level {
    const char *name;  /* "notify"; borrowed from the profile */
    period p;          /* reached when as_of >= due(start, p) */
} payout_level;

typedef struct payout_rule {
    const rule *r;
    payout_test test;
    const struct expr *when;       /* NULL: always */
    period p;                      /* claim, payout */
    int from_claim;                /* payout: main-account money counts from its claim */
    const char *steps[PR_MAX_STEPS];
    size_t nsteps;                 /* approvals, approval_order */
    payout_level levels[PR_MAX_LEVELS];
    size_t nlevels;                /* escalation */
    unsigned kinds;                /* escalation: bit (1u << issue_kind) per kind it grades */
    int open_issue;                /* escalation: a level reached opens an undisbursed issue */
    size_t limit;                  /* due_soon: the position in payout_rules.v of its "limit_rule",
                                      a payout rule of the profile */
} payout_rule;

typedef struct payout_rules {
    payout_rule *v;                /* malloc'd; payout_rules_free */
    size_t n;
} payout_rules;

/* Reads the profile's rules of kind "fund", in profile order.  0, or -1
 * with *err (malloc'd, the caller frees): "rule ID: unknown test 'x'". */
int payout_rules_load(const profile *p, payout_rules *out, char **err);
void payout_rules_free(payout_rules *rs);

#endif
