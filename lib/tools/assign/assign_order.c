/* assign_order.c: the cases of a run in case-number order (assign_order.h). */
#include "assign_order.h"

#include <stdlib.h>
#include <string.h>

#include "caseno.h"

/* The id of text in table (added when new); -1 when out of memory. */
static long intern(json_t **table, const char *text)
{
    if (!*table && !(*table = json_object())) return -1;
    json_t *v = json_object_get(*table, text);
    if (v) return (long)json_integer_value(v);
    long id = (long)json_object_size(*table);
    if (json_object_set_new(*table, text, json_integer(id)) != 0) return -1;
    return id;
}

int order_add(order *o, const char *case_no, size_t pos, size_t rule_ix, const ticket *tk)
{
    if (pos >= UINT32_MAX || rule_ix >= UINT32_MAX) return -1;
    if (o->n == o->cap) {
        size_t cap = o->cap ? o->cap * 2 : 1024;
        order_case *v = realloc(o->v, cap * sizeof *v);
        if (!v) return -1;
        o->v = v;
        o->cap = cap;
    }
    order_case *c = &o->v[o->n];
    memset(c, 0, sizeof *c);
    c->pos = (uint32_t)pos;
    c->route = (uint32_t)rule_ix;
    c->tk = *tk;
    caseno no;
    if (case_no && caseno_parse(case_no, strlen(case_no), &no) == 0) {
        long court = intern(&o->courts, no.court), kind = intern(&o->kinds, no.kind);
        if (court < 0 || kind < 0) return -1;
        c->numbered = 1;
        c->year = no.year;
        c->court = (uint32_t)court;
        c->kind = (uint32_t)kind;
        c->seq = no.seq;
        c->sub = (uint16_t)no.sub;
    }
    o->n++;
    return 0;
}

static int cmp_text(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* rank[id] = the place of the id's text in bytewise order (caseno_cmp's
 * order of court codes and kinds).  A malloc'd array the caller frees, or
 * NULL when out of memory (or the table is empty: *n = 0). */
static uint32_t *ranks(json_t *table, size_t *n)
{
    *n = json_object_size(table);
    if (!*n) return NULL;
    const char **text = calloc(*n, sizeof *text);
    uint32_t *rank = calloc(*n, sizeof *rank);
    if (!text || !rank) { free(text); free(rank); return NULL; }
    const char *k;
    json_t *v;
    size_t i = 0;
    json_object_foreach(table, k, v) text[i++] = k;
    qsort(text, *n, sizeof *text, cmp_text);
    for (i = 0; i < *n; i++) rank[json_integer_value(json_object_get(table, text[i]))] = (uint32_t)i;
    free(text);
    return rank;
}

#define CMP(a, b) ((a) < (b) ? -1 : (a) > (b))

static int by_case_no(const void *pa, const void *pb)
{
    const order_case *a = pa, *b = pb;
    int d = CMP(b->numbered, a->numbered);
    if (!d && a->numbered) {
        d = CMP(a->year, b->year);
        if (!d) d = CMP(a->court, b->court);
        if (!d) d = CMP(a->kind, b->kind);
        if (!d) d = CMP(a->seq, b->seq);
        if (!d) d = CMP(a->sub, b->sub);
    }
    return d ? d : CMP(a->pos, b->pos);
}

static int by_pos(const void *pa, const void *pb)
{
    const order_case *a = pa, *b = pb;
    return CMP(a->pos, b->pos);
}

int order_pick(order *o, const routes *rs, const roster *ro, astate *st)
{
    size_t nc = 0, nk = 0;
    uint32_t *court_rank = ranks(o->courts, &nc), *kind_rank = ranks(o->kinds, &nk);
    if ((nc && !court_rank) || (nk && !kind_rank)) { free(court_rank); free(kind_rank); return -1; }
    for (size_t i = 0; i < o->n; i++) {
        if (!o->v[i].numbered) continue;
        o->v[i].court = court_rank[o->v[i].court];
        o->v[i].kind = kind_rank[o->v[i].kind];
    }
    free(court_rank);
    free(kind_rank);
    if (o->n) qsort(o->v, o->n, sizeof *o->v, by_case_no);
    for (size_t i = 0; i < o->n; i++) {
        order_case *c = &o->v[i];
        if (!route_pick(&rs->v[c->route], ro, st, &c->tk, &c->pk)) c->route = ORDER_NO_ROUTE;
    }
    if (o->n) qsort(o->v, o->n, sizeof *o->v, by_pos);
    o->next = 0;
    return 0;
}

const order_case *order_take(order *o, size_t pos, size_t rule_ix)
{
    while (o->next < o->n && o->v[o->next].pos < pos) o->next++;
    if (o->next == o->n || o->v[o->next].pos != pos) return NULL;
    const order_case *c = &o->v[o->next++];
    return c->route == rule_ix ? c : NULL;
}

void order_free(order *o)
{
    free(o->v);
    json_decref(o->courts);
    json_decref(o->kinds);
    memset(o, 0, sizeof *o);
}
