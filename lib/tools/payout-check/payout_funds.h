/* payout_funds.h: a case's fund movements (SPEC 3.5) read into C values,
 * in input order, for payout-check.  Reading checks every movement once, so
 * what follows never meets an unreadable value. */
#ifndef ZX_PAYOUT_FUNDS_H
#define ZX_PAYOUT_FUNDS_H
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include "date.h"

typedef enum { FK_ARRIVAL, FK_CLAIM, FK_PAYOUT, FK_REFUND, FK_HOLD } fund_kind;

typedef struct fund_move {
    size_t index;           /* position in the record's "funds" list */
    fund_kind kind;
    zdate on;               /* "on" (a payout without one: approvals.paid) */
    int64_t amount;         /* fen; 0 for a hold without an amount */
    const char *account;    /* canonical account ("case", "main"), or NULL; borrowed */
    const char *payee;      /* payout: "payee" text, or NULL; borrowed */
    int mandate;            /* payout: "mandate" true (委托手续 on file) */
    int has_reason;         /* hold: a non-blank "reason" */
    int has_until;          /* hold: "until" given */
    zdate until;
    json_t *approvals;      /* payout: the "approvals" object or NULL; borrowed,
                               every value in it is a date or blank */
} fund_move;

typedef struct fund_list {
    fund_move *v;           /* malloc'd; the caller frees with free() */
    size_t n;
} fund_list;

/* Reads a record's "funds" value.  1 when read (out->v allocated, even
 * when n is 0), 0 when there are none (absent, null, or an empty list;
 * out->v NULL), -1 when a movement cannot be read: *why is set to a
 * malloc'd text the caller frees, "funds[2] amount: invalid money 'abc'". */
int funds_read(json_t *funds, fund_list *out, char **why);

/* The date of approval step `step` of a payout: 1 and *out, 0 when absent
 * or blank (funds_read has checked that the rest parse). */
int fund_step_date(const fund_move *m, const char *step, zdate *out);

#endif
