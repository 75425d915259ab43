/* triage_history.c: past closures by court and respondent (an open
 * addressing hash table of keys "court\x1f" "i\x1f" id or "n\x1f" name,
 * each with its closures: the day, and whether it was by 终本). */
#include "triage_history.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "caseno.h"
#include "reader.h"
#include "record.h"

typedef struct closure {
    int32_t day;
    int term;           /* 1 if closed by 终本 */
} closure;

typedef struct hist_entry {
    char *key;          /* NULL: an empty slot */
    closure *v;
    size_t n, cap;
} hist_entry;

struct term_history {
    hist_entry *slots;
    size_t nslots, used;   /* nslots a power of two */
};

static const char TERM_METHOD[] = "终结本次执行程序";

static uint64_t hash_key(const char *s)
{
    uint64_t h = 1469598103934665603ULL;   /* FNV-1a */
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

static hist_entry *find_slot(hist_entry *slots, size_t nslots, const char *key)
{
    size_t i = (size_t)hash_key(key) & (nslots - 1);
    while (slots[i].key && strcmp(slots[i].key, key) != 0) i = (i + 1) & (nslots - 1);
    return &slots[i];
}

static int grow(term_history *h)
{
    size_t n = h->nslots ? h->nslots * 2 : 1024;
    hist_entry *s = calloc(n, sizeof *s);
    if (!s) return -1;
    for (size_t i = 0; i < h->nslots; i++)
        if (h->slots[i].key) *find_slot(s, n, h->slots[i].key) = h->slots[i];
    free(h->slots);
    h->slots = s;
    h->nslots = n;
    return 0;
}

/* The lookup key; a malloc'd string the caller frees, NULL when out of
 * memory.  Blanks around the value are dropped and ASCII letters of an id
 * upper-cased (身份证 ends in x or X). */
static char *make_key(const char *court, char tag, const char *value)
{
    while (*value == ' ' || *value == '\t') value++;
    size_t n = strlen(value);
    while (n && (value[n - 1] == ' ' || value[n - 1] == '\t')) n--;
    char *k = NULL;
    if (asprintf(&k, "%s\x1f%c\x1f%.*s", court, tag, (int)n, value) < 0) return NULL;
    if (tag == 'i')
        for (char *p = k + strlen(court) + 3; *p; p++) *p = (char)toupper((unsigned char)*p);
    return k;
}

static int add(term_history *h, const char *court, char tag, const char *value, closure cl)
{
    if ((h->used + 1) * 2 > h->nslots && grow(h) != 0) return -1;
    char *key = make_key(court, tag, value);
    if (!key) return -1;
    hist_entry *e = find_slot(h->slots, h->nslots, key);
    if (e->key) free(key);
    else { e->key = key; h->used++; }
    if (e->n == e->cap) {
        size_t cap = e->cap ? e->cap * 2 : 2;
        closure *v = realloc(e->v, cap * sizeof *v);
        if (!v) return -1;
        e->v = v;
        e->cap = cap;
    }
    e->v[e->n++] = cl;
    return 0;
}

static int nonblank(const char *s)
{
    for (; s && *s; s++)
        if (*s != ' ' && *s != '\t') return 1;
    return 0;
}

/* Indexes one history record: 1 a 终本 closure kept, 2 another closure
 * kept, 0 not a closure (no method) or another closure that cannot be
 * indexed, -1 a 终本 row that cannot be indexed, -2 out of memory. */
static int index_record(term_history *h, zrec *rec)
{
    const char *method, *cn, *id = NULL, *name = NULL;
    if (rec->broken || rec_text(rec, "close_method", &method) != 1) return 0;
    int term = strcmp(method, TERM_METHOD) == 0;
    zdate closed;
    caseno c;
    if (rec_date(rec, "closed_on", &closed) != 1 || rec_text(rec, "case_no", &cn) != 1 ||
        caseno_parse(cn, strlen(cn), &c) != 0)
        return term ? -1 : 0;
    int has_id = rec_text(rec, "respondent_id", &id) == 1 && nonblank(id);
    int has_name = rec_text(rec, "respondent", &name) == 1 && nonblank(name);
    if (!has_id && !has_name) return term ? -1 : 0;
    closure cl = {closed.day, term};
    if (has_id && add(h, c.court, 'i', id, cl) != 0) return -2;
    if (has_name && add(h, c.court, 'n', name, cl) != 0) return -2;
    return term ? 1 : 2;
}

term_history *term_history_load(const char *path, long *kept, long *skipped, char **err)
{
    long nk = 0, ns = 0;
    zreader *rd = reader_open(path, FMT_AUTO, ENC_AUTO, err);
    if (!rd) return NULL;
    term_history *h = calloc(1, sizeof *h);
    if (!h || grow(h) != 0) {
        free(h);
        reader_close(rd);
        if (asprintf(err, "%s: out of memory", path) < 0) *err = NULL;
        return NULL;
    }
    zrec rec;
    memset(&rec, 0, sizeof rec);
    int got, rc = 0;
    while (rc != -2 && (got = reader_next(rd, &rec)) == 1) {
        rc = index_record(h, &rec);
        if (rc == 1) nk++;
        else if (rc == -1) ns++;
    }
    rec_clear(&rec);
    reader_close(rd);
    if (rc == -2 || got < 0) {
        term_history_free(h);
        if (asprintf(err, "%s: %s", path, rc == -2 ? "out of memory" : "read error") < 0) *err = NULL;
        return NULL;
    }
    if (kept) *kept = nk;
    if (skipped) *skipped = ns;
    return h;
}

int term_history_latest(const term_history *h, const char *court, const char *id,
                        const char *name, int32_t limit, int32_t *day, int *term)
{
    char tag = nonblank(id) ? 'i' : 'n';
    const char *value = tag == 'i' ? id : name;
    if (!h || !court || !nonblank(value)) return 0;
    char *key = make_key(court, tag, value);
    if (!key) return 0;
    const hist_entry *e = find_slot(h->slots, h->nslots, key);
    free(key);
    const closure *best = NULL;     /* a 终本 closure wins a tie on its day */
    for (size_t i = 0; e->key && i < e->n; i++) {
        const closure *cl = &e->v[i];
        if (cl->day <= limit &&
            (!best || cl->day > best->day || (cl->day == best->day && cl->term > best->term)))
            best = cl;
    }
    if (best) {
        *day = best->day;
        *term = best->term;
    }
    return best != NULL;
}

void term_history_free(term_history *h)
{
    if (!h) return;
    for (size_t i = 0; i < h->nslots; i++) {
        free(h->slots[i].key);
        free(h->slots[i].v);
    }
    free(h->slots);
    free(h);
}
