/* companion.c: see companion.h for the two passes and what is held. */
#include "companion.h"
#include "jalloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "excel_cells.h"
#include "json_fast.h"
#include "reader.h"
#include "record.h"

/* 16 bytes a case.  The hash is 64 bits because two case numbers with
 * one hash share a count: taking the first reads on to the second's last
 * row, holding everything between.  With 39 bits (tried, to make the slot
 * 8 bytes) about one pair collides among 1,000,000 cases, and case-import
 * held 1.5 GB of rows; with 64 bits, one in 10^7 runs of 10 million. */
typedef struct slot {
    uint64_t h;          /* hash of the key; 0: empty */
    uint32_t unread;     /* rows of this hash not read yet by the second pass */
    uint32_t taken;      /* a case took rows of this key */
} slot;

typedef struct held {
    long line;
    char *text;          /* the row as compact JSON; NULL once taken */
    int keyless;         /* broken, or no case number */
} held;

struct companion {
    zreader *rd;         /* the second pass */
    zrec rec;
    int eof, failed;
    slot *tab;
    size_t tabcap, tabn; /* capacity (a power of two), slots in use */
    held *held;          /* rows read ahead, in file order */
    size_t nheld, heldcap, nlive;
    json_t *by_key;      /* key -> [indexes into held] */
    unsigned scope;      /* FS_EVENTS or FS_FUNDS: how its headers are read */
    char *key;           /* row_key()'s buffer */
    size_t keycap;
};

/* Writes the join key of s into k, which has room for strlen(s) + 1
 * bytes (a key is never longer than the case number). */
static void fold_key(const char *s, char *k)
{
    char *o = k;
    /* Excel's text marks (excel_cells.h), so both passes over a companion
     * file agree with the main file's unwrapped case numbers */
    size_t n = strlen(s);
    if (n >= 3 && s[0] == '=' && s[1] == '"' && s[n - 1] == '"') {
        s += 2;
        n -= 3;
    } else if (s[0] == '\'') {
        s++;
        n--;
    }
    for (const unsigned char *p = (const unsigned char *)s, *e = p + n; p < e;) {
        if (*p < 0xE3) {   /* no lead byte of the folded marks: one test a byte */
            if (*p != ' ' && *p != '\t') *o++ = (char)*p;
            p++;
            continue;
        }
        if (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80) { p += 3; continue; }          /* 　 */
        if (p[0] == 0xEF && p[1] == 0xBC && (p[2] == 0x88 || p[2] == 0x89)) {              /* （） */
            *o++ = p[2] == 0x88 ? '(' : ')';
            p += 3;
            continue;
        }
        if (p[0] == 0xE3 && p[1] == 0x80 && (p[2] == 0x94 || p[2] == 0x95)) {              /* 〔〕 */
            *o++ = p[2] == 0x94 ? '(' : ')';
            p += 3;
            continue;
        }
        *o++ = (char)*p++;
    }
    *o = 0;
}

char *case_key(const char *s)
{
    char *k = malloc(strlen(s) + 1);
    if (k) fold_key(s, k);
    return k;
}

/* FNV-1a, then splitmix64's finaliser to spread the bits; never 0. */
static uint64_t key_hash(const char *key)
{
    uint64_t h = 0xcbf29ce484222325u;
    for (const unsigned char *p = (const unsigned char *)key; *p; p++) h = (h ^ *p) * 0x100000001b3u;
    h ^= h >> 30;
    h *= 0xbf58476d1ce4e5b9u;
    h ^= h >> 27;
    h *= 0x94d049bb133111ebu;
    h ^= h >> 31;
    return h ? h : 1;
}

/* The slot of h; when add, created if missing (NULL only when out of
 * memory); when not, NULL if missing. */
static slot *slot_of(companion *c, uint64_t h, int add)
{
    if (add && (c->tabn + 1) * 2 > c->tabcap) {
        size_t cap = c->tabcap ? c->tabcap * 2 : 1024;
        slot *t = calloc(cap, sizeof *t);
        if (!t) return NULL;
        for (size_t i = 0; i < c->tabcap; i++) {
            if (!c->tab[i].h) continue;
            size_t j = (size_t)c->tab[i].h & (cap - 1);
            while (t[j].h) j = (j + 1) & (cap - 1);
            t[j] = c->tab[i];
        }
        free(c->tab);
        c->tab = t;
        c->tabcap = cap;
    }
    if (!c->tabcap) return NULL;
    for (size_t j = (size_t)h & (c->tabcap - 1);; j = (j + 1) & (c->tabcap - 1)) {
        if (c->tab[j].h == h) return &c->tab[j];
        if (!c->tab[j].h) {
            if (!add) return NULL;
            c->tab[j].h = h;
            c->tabn++;
            return &c->tab[j];
        }
    }
}

/* The join key of a row read into rec, in c->key (valid until the next
 * row_key()): "" for a broken row or one without a case number; NULL when
 * out of memory.  A CSV cell not built yet is read in its bytes (NUL-ended
 * in the reader's buffer), as the string it would be built as. */
static const char *row_key(companion *c, const zrec *rec)
{
    if (rec->broken) return "";
    const zlazy *z = rec_lazy_of(rec, "case_no");
    const char *s;
    if (z && z->cell == ZCELL_TEXT) s = rec_lazy_text(rec, z);
    else {
        json_t *cn = rec_get(rec, "case_no");
        if (!json_is_string(cn)) return "";
        s = json_string_value(cn);
    }
    size_t n = strlen(s) + 1;
    if (n > c->keycap) {
        char *k = realloc(c->key, n);
        if (!k) return NULL;
        c->key = k;
        c->keycap = n;
    }
    fold_key(s, c->key);
    return c->key;
}

/* A reader of the file, its headers read as c->scope's; lazy (a CSV
 * cell is built only when asked for: row_key() reads the key in its
 * bytes, and case-import builds each event or fund once, from them). */
static zreader *open_rows(const companion *c, const char *path, char **err)
{
    zreader *rd = reader_open(path, FMT_AUTO, ENC_AUTO, err);
    if (rd) {
        reader_scope(rd, c->scope);
        reader_lazy(rd);
    }
    return rd;
}

/* The first pass: counts rows per key.  Diagnostics are the second
 * pass's to give, so this one is quiet. */
static int count_rows(companion *c, const char *path, char **err)
{
    zreader *rd = open_rows(c, path, err);
    if (!rd) return -1;
    if (reader_only(rd, "case_no") != 0) {
        reader_close(rd);
        *err = strdup("out of memory");
        return -1;
    }
    zrec rec;
    memset(&rec, 0, sizeof rec);
    long errors = zx_data_errors;
    int quiet = zx_quiet, got;
    zx_quiet = 1;
    while ((got = reader_next(rd, &rec)) == 1) {
        const char *key = row_key(c, &rec);
        slot *s = key && *key ? slot_of(c, key_hash(key), 1) : NULL;
        if (s) s->unread++;
        else if (!key || *key) {
            got = -2;
            break;
        }
    }
    zx_quiet = quiet;
    zx_data_errors = errors;
    rec_clear(&rec);
    reader_close(rd);
    if (got == -2) *err = strdup("out of memory");
    else if (got < 0 && asprintf(err, "cannot read %s", path) < 0) *err = NULL;
    return got < 0 ? -1 : 0;
}

/* Reads the next row of the second pass into c->rec.  1 with *key
 * (row_key()'s, "" when keyless), 0 at the end, -1 on an error. */
static int read_row(companion *c, const char **key)
{
    if (c->eof || c->failed) return c->failed ? -1 : 0;
    int got = reader_next(c->rd, &c->rec);
    if (got <= 0) {
        c->eof = 1;
        c->failed = got < 0;
        return got;
    }
    size_t ns;
    const char *const *sc = reader_suspect_cells(c->rd, &ns);
    if (!c->rec.broken && ns) excel_cells_fix(&c->rec, sc, ns);   /* reported here, not kept on the row */
    if (!(*key = row_key(c, &c->rec))) { c->failed = 1; return -1; }
    slot *s = **key ? slot_of(c, key_hash(*key), 0) : NULL;
    if (s && s->unread) s->unread--;
    return 1;
}

/* Keeps the row in c->rec for its case, to come. */
static int hold(companion *c, const char *key)
{
    if (c->nheld == c->heldcap) {
        size_t cap = c->heldcap ? c->heldcap * 2 : 256;
        held *v = realloc(c->held, cap * sizeof *v);
        if (!v) return -1;
        c->held = v;
        c->heldcap = cap;
    }
    rec_materialise(&c->rec);   /* a lazy row: every cell built, as read whole */
    char *text = json_dumps_malloc(c->rec.obj, JSON_COMPACT);
    if (!text) return -1;
    c->held[c->nheld] = (held){.line = c->rec.line, .text = text, .keyless = !*key};
    if (*key) {
        json_t *list = json_object_get(c->by_key, key);
        if (!list) json_object_set_new(c->by_key, key, list = json_array());
        json_array_append_new(list, json_integer((json_int_t)c->nheld));
    }
    c->nheld++;
    c->nlive++;
    return 0;
}

/* Reads the rest of the file into held rows.  0, or -1. */
static int hold_rest(companion *c)
{
    const char *key;
    int got;
    while ((got = read_row(c, &key)) == 1)
        if (hold(c, key) != 0) { c->failed = 1; return -1; }
    return got;
}

companion *companion_open(const char *path, unsigned scope, char **err)
{
    companion *c = calloc(1, sizeof *c);
    if (!c || !(c->by_key = json_object())) {
        free(c);
        *err = strdup("out of memory");
        return NULL;
    }
    c->scope = scope;
    struct stat st;
    int twice = stat(path, &st) == 0 && S_ISREG(st.st_mode);
    if ((twice && count_rows(c, path, err) != 0) || !(c->rd = open_rows(c, path, err)) ||
        (!twice && hold_rest(c) != 0)) {
        if (!twice && c->rd && asprintf(err, "cannot read %s", path) < 0) *err = NULL;
        companion_close(c);
        return NULL;
    }
    return c;
}

int companion_take(companion *c, const char *key, void (*emit)(zrec *row, void *arg), void *arg,
                   int *again)
{
    int n = 0;
    *again = 0;
    json_t *list = c->nlive ? json_object_get(c->by_key, key) : NULL, *ji;
    size_t i;
    json_array_foreach(list, i, ji) {
        held *h = &c->held[json_integer_value(ji)];
        json_t *row = json_fast_parse(h->text, strlen(h->text));
        if (!row) row = json_loads(h->text, 0, NULL);
        zrec held_row = {.obj = row};
        if (row) emit(&held_row, arg);
        json_decref(row);
        free(h->text);
        h->text = NULL;
        c->nlive--;
        n++;
    }
    if (list) json_object_del(c->by_key, key);
    if (!c->nlive) c->nheld = 0;
    slot *s = *key ? slot_of(c, key_hash(key), 0) : NULL;
    while (s && s->unread) {
        const char *k;
        int got = read_row(c, &k);
        if (got <= 0) break;
        if (!strcmp(k, key)) {
            emit(&c->rec, arg);
            n++;
        } else if (hold(c, k) != 0) {
            c->failed = 1;
            break;
        }
    }
    if (s && n) s->taken = 1;
    else if (s && s->taken) *again = 1;
    return c->failed ? -1 : n;
}

long companion_orphans(companion *c, const char *what, FILE *out)
{
    if (hold_rest(c) != 0) return -1;
    const char *file = reader_name(c->rd);
    long n = 0;
    for (size_t i = 0; i < c->nheld; i++) {
        held *h = &c->held[i];
        if (!h->text) continue;
        json_t *row = json_loads(h->text, 0, NULL);
        if (!row) continue;
        if (!h->keyless) {
            char *k = case_key(json_string_value(json_object_get(row, "case_no")));
            fprintf(stderr, "%s:%ld: case_no: no case '%s' in the main file for this %s row\n",
                    file, h->line, k ? k : "", what);
            free(k);
        } else if (!json_object_get(row, "_raw")) {
            fprintf(stderr, "%s:%ld: case_no: %s row without a case number\n", file, h->line, what);
        }
        zx_data_errors++;
        n++;
        if (out) {
            json_object_set_new(row, "_companion", json_string(what));
            json_object_set_new(row, "_line", json_integer(h->line));
            json_dumpf(row, out, JSON_COMPACT);
            fputc('\n', out);
        }
        json_decref(row);
    }
    return n;
}

void companion_close(companion *c)
{
    if (!c) return;
    rec_clear(&c->rec);
    reader_close(c->rd);
    for (size_t i = 0; i < c->nheld; i++) free(c->held[i].text);
    free(c->held);
    free(c->tab);
    free(c->key);
    json_decref(c->by_key);
    free(c);
}
