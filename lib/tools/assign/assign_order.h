/* assign_order.h: the case-number order assign distributes a run's cases
 * in (SPEC 5.3; 执行权运行机制改革方案（试行） 二(一)2 按案号排序分案,
 * 二(二)1(2) 按案号依次分案), whatever their order in the input.
 *
 * A first reading of the input finds, for each case a route rule takes,
 * its case number and its place in the run, and the rule (with what the
 * rule's method needs, resolved against the roster: a ticket).  Sorted by
 * case number (SPEC 3.2: year, court code, kind, seq as a number, 之N),
 * the cases are then given their people one after the other, advancing
 * the state; the second reading writes each record in input order with
 * the pick made for its place.  Kept per case: that key, the place, the
 * rule, the ticket and the pick (about 64 bytes), never the record. */
#ifndef ZX_ASSIGN_ORDER_H
#define ZX_ASSIGN_ORDER_H
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "assign_route.h"

typedef struct order_case {
    int64_t seq;
    int32_t year;
    uint32_t court, kind;   /* interned text; after order_pick, their ranks */
    uint32_t pos;           /* the record's place among the run's records */
    uint32_t route;         /* index into the routes; ORDER_NO_ROUTE when the pick failed */
    uint16_t sub;           /* 之一 .. */
    uint8_t numbered;       /* 0: no readable case number: after the numbered cases */
    ticket tk;
    pick pk;
} order_case;

enum { ORDER_NO_ROUTE = UINT32_MAX };

typedef struct order {
    order_case *v;
    size_t n, cap;
    size_t next;            /* the second reading's place in v */
    json_t *courts, *kinds; /* text -> interned id */
} order;

/* Adds a case (its case number text, NULL when it has none).  0, or -1
 * when out of memory or past 2^32 records. */
int order_add(order *o, const char *case_no, size_t pos, size_t rule_ix, const ticket *tk);

/* Gives every case its people in case-number order (ties: input order)
 * with route_pick, then puts the cases back in input order for
 * order_take.  0, or -1 when out of memory. */
int order_pick(order *o, const routes *rs, const roster *ro, astate *st);

/* The case at place pos if the first reading found one there with the
 * same route (else NULL: the input changed between the readings).  Call
 * with increasing pos.  Borrowed. */
const order_case *order_take(order *o, size_t pos, size_t rule_ix);

void order_free(order *o);

#endif
