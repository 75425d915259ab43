/* closure_history.c: past closures, sorted by (respondent key, day, 终本
 * last) in one array over one string arena. */
#include "closure_history.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "caseno.h"
#include "mask.h"
#include "reader.h"

/* The canonical close_method of a 终本 closure (SPEC 3.3, share/values.tsv). */
#define TERM_METHOD "终结本次执行程序"

typedef struct hentry {
    size_t key;      /* offsets in the arena: respondent key, */
    size_t court;    /* court code ("" when the case number is unreadable), */
    size_t case_no;  /* case number */
    int32_t day;
    int term;        /* 1 when closed by 终本 */
} hentry;

struct closure_history {
    hentry *e;
    size_t n, cap;
    char *arena;
    size_t used, acap;
};

/* Copies s into the arena; the offset, or (size_t)-1 when out of memory. */
static size_t arena_put(closure_history *h, const char *s)
{
    size_t len = strlen(s) + 1;
    if (h->used + len > h->acap) {
        size_t cap = h->acap ? h->acap : 4096;
        while (h->used + len > cap) cap *= 2;
        char *a = realloc(h->arena, cap);
        if (!a) return (size_t)-1;
        h->arena = a;
        h->acap = cap;
    }
    memcpy(h->arena + h->used, s, len);
    h->used += len;
    return h->used - len;
}

/* r's respondent key by id (is_id 1: "i:" + party_key of respondent_id)
 * or by name ("n:" + that of respondent).  A malloc'd string the caller
 * frees; NULL with *oom 0 when r has none that leaves something, 1 when
 * out of memory. */
static char *party_of(const zrec *r, int is_id, int *oom)
{
    const char *s;
    *oom = 0;
    if (rec_text(r, is_id ? "respondent_id" : "respondent", &s) != 1) return NULL;
    size_t n = strlen(s);
    char *k = malloc(n + 8);
    if (!k) { *oom = 1; return NULL; }
    k[0] = is_id ? 'i' : 'n';
    k[1] = ':';
    if (party_key(is_id, s, n, k + 2, n + 6)) return k;
    free(k);
    return NULL;
}

/* The key a case is looked up by: its id's when it has one, else its name's. */
static char *record_key(const zrec *r, int *oom)
{
    char *k = party_of(r, 1, oom);
    return k || *oom ? k : party_of(r, 0, oom);
}

static int add_entry(closure_history *h, hentry e)
{
    if (h->n == h->cap) {
        size_t cap = h->cap ? h->cap * 2 : 256;
        hentry *v = realloc(h->e, cap * sizeof *v);
        if (!v) return -1;
        h->e = v;
        h->cap = cap;
    }
    h->e[h->n++] = e;
    return 0;
}

static int cmp_entry(const void *a, const void *b, void *arena)
{
    const hentry *x = a, *y = b;
    int c = strcmp((const char *)arena + x->key, (const char *)arena + y->key);
    if (c) return c;
    if (x->day != y->day) return (x->day > y->day) - (x->day < y->day);
    return x->term - y->term;
}

/* Indexes one history record; 0, or -1 when out of memory. */
static int index_record(closure_history *h, const zrec *r, const char *file, history_skip_fn *skip, void *arg)
{
    const char *method;
    if (r->broken || rec_text(r, "close_method", &method) != 1) return 0;
    int term = strcmp(method, TERM_METHOD) == 0;
    zdate closed;
    int dc = rec_date(r, "closed_on", &closed);
    if (dc != 1) {
        if (term && skip) skip(arg, file, r->line, "closed_on", dc == 0 ? "missing" : "invalid date");
        return 0;
    }
    int oom_id, oom_name;
    char *kid = party_of(r, 1, &oom_id), *kname = party_of(r, 0, &oom_name);
    if (oom_id || oom_name || (!kid && !kname)) {
        free(kid);
        free(kname);
        if (term && skip && !oom_id && !oom_name) skip(arg, file, r->line, "respondent", "missing");
        return oom_id || oom_name ? -1 : 0;
    }
    const char *cn = NULL;
    caseno c;
    int has_court = rec_text(r, "case_no", &cn) == 1 && caseno_parse(cn, strlen(cn), &c) == 0;
    int rc = 0;
    if (has_court || term) {   /* else of use only to a court's lookup */
        hentry e = {.court = arena_put(h, has_court ? c.court : ""), .case_no = arena_put(h, cn ? cn : ""),
                    .day = closed.day, .term = term};
        rc = e.court == (size_t)-1 || e.case_no == (size_t)-1 ? -1 : 0;
        /* under the id and under the name: a case is looked up by either */
        for (int i = 0; i < 2 && rc == 0; i++) {
            const char *key = i ? kname : kid;
            if (!key) continue;
            e.key = arena_put(h, key);
            if (e.key == (size_t)-1 || add_entry(h, e) != 0) rc = -1;
        }
        if (rc == 0 && !has_court && skip) skip(arg, file, r->line, "case_no", "no court code");
    }
    free(kid);
    free(kname);
    return rc;
}

closure_history *closure_history_load(const char *path, history_skip_fn *skip, void *arg, char **err)
{
    zreader *rd = reader_open(path, FMT_AUTO, ENC_AUTO, err);
    if (!rd) return NULL;
    closure_history *h = calloc(1, sizeof *h);
    zrec rec;
    memset(&rec, 0, sizeof rec);
    int got = 0, rc = h ? 0 : -1;
    while (rc == 0 && (got = reader_next(rd, &rec)) == 1) rc = index_record(h, &rec, reader_name(rd), skip, arg);
    if (rc == 0 && got < 0) {
        if (asprintf(err, "%s: read error", reader_name(rd)) < 0) *err = NULL;
        rc = -2;
    } else if (rc == -1) {
        if (asprintf(err, "%s: out of memory", reader_name(rd)) < 0) *err = NULL;
    }
    rec_clear(&rec);
    reader_close(rd);
    if (rc != 0) {
        closure_history_free(h);
        return NULL;
    }
    if (h->n) qsort_r(h->e, h->n, sizeof *h->e, cmp_entry, h->arena);
    return h;
}

void closure_history_free(closure_history *h)
{
    if (!h) return;
    free(h->e);
    free(h->arena);
    free(h);
}

int closure_history_latest(const closure_history *h, const zrec *r, const char *court, int term_only,
                           int skip_own, int32_t max_day, int32_t *day, int *term, const char **case_no)
{
    int oom;
    char *key = h && h->n ? record_key(r, &oom) : NULL;
    if (!key) return 0;
    /* first entry with this key and a day > max_day: the candidates end there */
    size_t lo = 0, hi = h->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const hentry *m = &h->e[mid];
        int c = strcmp(h->arena + m->key, key);
        if (c < 0 || (c == 0 && m->day <= max_day)) lo = mid + 1;
        else hi = mid;
    }
    const char *own = NULL;
    if (!skip_own || rec_text(r, "case_no", &own) != 1) own = NULL;
    int found = 0;
    for (size_t i = lo; i-- > 0;) {
        const hentry *e = &h->e[i];
        if (strcmp(h->arena + e->key, key) != 0) break;
        if ((term_only && !e->term) || (court && strcmp(h->arena + e->court, court) != 0) ||
            (own && strcmp(h->arena + e->case_no, own) == 0))
            continue;
        if (day) *day = e->day;
        if (term) *term = e->term;
        if (case_no) *case_no = h->arena + e->case_no;
        found = 1;
        break;
    }
    free(key);
    return found;
}
