/* termaudit_history.c: past 终本 closures, sorted by (respondent key, day)
 * in one array over one string arena; a lookup is a binary search. */
#include "termaudit_history.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reader.h"

/* The canonical close_method of a 终本 closure (SPEC 3.3, share/values.tsv). */
#define TERM_METHOD "终结本次执行程序"

typedef struct hentry {
    size_t key;      /* offset of the key in the arena */
    size_t case_no;  /* offset of the case number */
    int32_t day;
} hentry;

struct closure_index {
    hentry *e;
    size_t n, cap;
    char *arena;
    size_t used, acap;
    size_t closures;  /* records indexed (each under one or two keys) */
};

/* Copies s into the arena; the offset, or (size_t)-1 when out of memory. */
static size_t arena_put(closure_index *h, const char *s)
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

/* Key of a respondent: "i:" + the id (blanks dropped, letters upper case)
 * or "n:" + the name (blanks dropped).  Writes into buf; 0 when the text
 * leaves nothing or does not fit. */
static int make_key(const char *s, int is_id, char *buf, size_t cap)
{
    size_t o = 0;
    buf[o++] = is_id ? 'i' : 'n';
    buf[o++] = ':';
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') continue;
        if (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80) { p += 2; continue; }  /* U+3000 */
        if (o + 1 >= cap) return 0;
        buf[o++] = (char)(is_id && *p >= 'a' && *p <= 'z' ? *p - 'a' + 'A' : *p);
    }
    buf[o] = 0;
    return o > 2;
}

/* The record's key: by id when it has one, else by name.  0 when neither. */
static int record_key(const zrec *r, int want_id, char *buf, size_t cap)
{
    const char *s;
    if (rec_text(r, want_id ? "respondent_id" : "respondent", &s) != 1) return 0;
    return make_key(s, want_id, buf, cap);
}

static int add_entry(closure_index *h, const char *key, size_t case_off, int32_t day)
{
    if (h->n == h->cap) {
        size_t cap = h->cap ? h->cap * 2 : 256;
        hentry *e = realloc(h->e, cap * sizeof *e);
        if (!e) return -1;
        h->e = e;
        h->cap = cap;
    }
    size_t k = arena_put(h, key);
    if (k == (size_t)-1) return -1;
    h->e[h->n++] = (hentry){.key = k, .case_no = case_off, .day = day};
    return 0;
}

static int cmp_entry(const void *a, const void *b, void *arena)
{
    const hentry *x = a, *y = b;
    int c = strcmp((const char *)arena + x->key, (const char *)arena + y->key);
    if (c) return c;
    return (x->day > y->day) - (x->day < y->day);
}

/* Indexes one history record; 0, or -1 when out of memory. */
static int index_record(closure_index *h, const zrec *r, const char *name)
{
    const char *method;
    if (rec_text(r, "close_method", &method) != 1 || strcmp(method, TERM_METHOD) != 0) return 0;
    zdate closed;
    int dc = rec_date(r, "closed_on", &closed);
    if (dc != 1) {
        fprintf(stderr, "%s:%ld: closed_on: %s; history closure skipped\n", name, r->line,
                dc == 0 ? "missing" : "invalid date");
        return 0;
    }
    char kid[512], kname[512];
    int has_id = record_key(r, 1, kid, sizeof kid), has_name = record_key(r, 0, kname, sizeof kname);
    if (!has_id && !has_name) {
        fprintf(stderr, "%s:%ld: respondent: missing; history closure skipped\n", name, r->line);
        return 0;
    }
    const char *cn = "";
    rec_text(r, "case_no", &cn);
    size_t case_off = arena_put(h, cn ? cn : "");
    if (case_off == (size_t)-1) return -1;
    if (has_id && add_entry(h, kid, case_off, closed.day) != 0) return -1;
    if (has_name && add_entry(h, kname, case_off, closed.day) != 0) return -1;
    h->closures++;
    return 0;
}

closure_index *closure_index_load(const char *path, char **err)
{
    zreader *rd = reader_open(path, FMT_AUTO, ENC_AUTO, err);
    if (!rd) return NULL;
    closure_index *h = calloc(1, sizeof *h);
    zrec rec;
    memset(&rec, 0, sizeof rec);
    int got, rc = h ? 0 : -1;
    while (rc == 0 && (got = reader_next(rd, &rec)) == 1)
        if (!rec.broken) rc = index_record(h, &rec, reader_name(rd));
    if (rc == 0 && got < 0) {
        if (asprintf(err, "history %s: read error", reader_name(rd)) < 0) *err = NULL;
        rc = -2;
    } else if (rc == -1) {
        if (asprintf(err, "history %s: out of memory", reader_name(rd)) < 0) *err = NULL;
    }
    rec_clear(&rec);
    reader_close(rd);
    if (rc != 0) {
        closure_index_free(h);
        return NULL;
    }
    if (h->n) qsort_r(h->e, h->n, sizeof *h->e, cmp_entry, h->arena);
    return h;
}

void closure_index_free(closure_index *h)
{
    if (!h) return;
    free(h->e);
    free(h->arena);
    free(h);
}

size_t closure_index_count(const closure_index *h)
{
    return h->closures;
}

int closure_index_latest(const closure_index *h, const zrec *r, int32_t max_day,
                        int32_t *day, const char **case_no)
{
    char key[512];
    if (!h->n || (!record_key(r, 1, key, sizeof key) && !record_key(r, 0, key, sizeof key))) return 0;
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
    if (rec_text(r, "case_no", &own) != 1) own = NULL;
    for (size_t i = lo; i-- > 0;) {
        const hentry *e = &h->e[i];
        if (strcmp(h->arena + e->key, key) != 0) break;
        if (own && strcmp(h->arena + e->case_no, own) == 0) continue;
        *day = e->day;
        *case_no = h->arena + e->case_no;
        return 1;
    }
    return 0;
}
