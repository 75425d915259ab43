/* record.c: fields, typed getters, node events and error entries of a record. */
#include "record.h"
#include "jalloc.h"

#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boolval.h"
#include "caseno.h"
#include "fields.h"
#include "json_fast.h"
#include "money.h"
#include "utf8.h"
#include "xalloc.h"

long zx_data_errors;
int zx_quiet;
int zx_defer_diagnostics;

/* 1 if this tool already set the field on this record. */
static int rec_was_set(const zrec *r, const char *field)
{
    size_t i;
    json_t *v;
    json_array_foreach(r->added, i, v)
        if (strcmp(json_string_value(v), field) == 0) return 1;
    return 0;
}

/* The keys of a record's lazy entries: chunks that do not move (entries
 * point into them), emptied for the next record, freed by rec_clear(). */
struct zkeys {
    struct zkeys *next;   /* an older, full chunk */
    size_t used, cap;
    char text[];
};

/* A NUL-ended copy of s[0..n) in r's key store, or NULL when out of memory. */
static const char *keys_copy(zrec *r, const char *s, size_t n)
{
    struct zkeys *k = r->keys;
    if (!k || k->cap - k->used < n + 1) {
        size_t cap = n + 1 > 4096 ? n + 1 : 4096;
        struct zkeys *c = malloc(sizeof *c + cap);
        if (!c) return NULL;
        *c = (struct zkeys){k, 0, cap};
        r->keys = k = c;
    }
    char *out = k->text + k->used;
    memcpy(out, s, n);
    out[n] = 0;
    k->used += n + 1;
    return out;
}

/* Empties r's key store, keeping its newest chunk (when keep) for the next record. */
static void keys_reset(zrec *r, int keep)
{
    struct zkeys *k = r->keys, *older = k ? k->next : NULL;
    if (!keep && k) { free(k); k = NULL; }
    if (k) { k->used = 0; k->next = NULL; }
    while (older) {
        struct zkeys *next = older->next;
        free(older);
        older = next;
    }
    r->keys = k;
}

uint32_t name_hash(const char *s, size_t n)
{
    const uint64_t k = 0xff51afd7ed558ccdull;
    uint64_t h = (n + 1) * 0x9E3779B97F4A7C15ull, w;
    for (; n >= 8; s += 8, n -= 8) {
        memcpy(&w, s, 8);
        h = (h ^ w) * k;
        h ^= h >> 32;
    }
    if (n) {   /* the last bytes, as memcpy would put them on a little-endian machine */
        w = 0;
        for (size_t i = 0; i < n; i++) w |= (uint64_t)(unsigned char)s[i] << (8 * i);
        h = (h ^ w) * k;
        h ^= h >> 32;
    }
    return (uint32_t)h;
}

/* The slot table holds every entry while there are few; past that, entries are scanned. */
static int slotted(const zrec *r) { return r->nlazy <= ZX_LAZY_SLOTS * 3 / 4; }

/* A new entry whose key k is stored already; -1 when out of memory
 * (nothing added). */
static inline int lazy_push_key(zrec *r, const char *k, uint32_t hash, int member, size_t off, size_t len, char *text,
                                int cell)
{
    if (r->nlazy == r->lazycap) {
        int cap = r->lazycap ? r->lazycap * 2 : 64;
        zlazy *v = realloc(r->lazy, (size_t)cap * sizeof *v);
        if (!v) return -1;
        r->lazy = v;
        r->lazycap = cap;
    }
    if (r->nlazy == 0) memset(r->slot, 0, sizeof r->slot);
    r->lazy[r->nlazy++] = (zlazy){k, off, len, text, hash, (unsigned char)member, 0, (unsigned char)cell};
    r->nlive++;
    r->nmembers += member;
    if (slotted(r)) {
        unsigned s = hash;
        while (r->slot[s % ZX_LAZY_SLOTS]) s++;
        r->slot[s % ZX_LAZY_SLOTS] = (uint16_t)r->nlazy;
    }
    return 0;
}

/* A new entry, its key copied into the record's key store; -1 when out
 * of memory (nothing added). */
static int lazy_push(zrec *r, const char *key, size_t keylen, uint32_t hash, int member, size_t off, size_t len,
                     char *text)
{
    const char *k = keys_copy(r, key, keylen);
    return k ? lazy_push_key(r, k, hash, member, off, len, text, ZCELL_NONE) : -1;
}

/* The first entry after *at (start at -1) whose key is field[0..n) with
 * hash h, or -1; *at is a cursor. */
static int lazy_next(const zrec *r, const char *field, size_t n, uint32_t h, int *at)
{
    if (slotted(r)) {
        for (unsigned s = h + (unsigned)(*at + 1); r->slot[s % ZX_LAZY_SLOTS]; s++) {
            (*at)++;
            const zlazy *z = &r->lazy[r->slot[s % ZX_LAZY_SLOTS] - 1];
            if (z->hash == h && strncmp(z->key, field, n) == 0 && !z->key[n]) return (int)(z - r->lazy);
        }
        return -1;
    }
    while (++*at < r->nlazy) {
        const zlazy *z = &r->lazy[*at];
        if (z->hash == h && strncmp(z->key, field, n) == 0 && !z->key[n]) return *at;
    }
    return -1;
}

/* The index of the entry not done yet whose key is field[0..n) (NUL-ended,
 * hash h), or -1. */
static int lazy_find_hashed(const zrec *r, const char *field, size_t n, uint32_t h)
{
    if (!r->nlive) return -1;
    int at = -1, i;
    while ((i = lazy_next(r, field, n, h, &at)) >= 0)
        if (!r->lazy[i].done) return i;
    return -1;
}

/* The index of field's entry not done yet, or -1. */
static int lazy_find(const zrec *r, const char *field)
{
    if (!r->nlive) return -1;
    size_t n = strlen(field);
    return lazy_find_hashed(r, field, n, name_hash(field, n));
}

/* 1 when field is a member of the JSON line (built or not). */
static int is_member(const zrec *r, const char *field)
{
    size_t n = strlen(field);
    uint32_t h = name_hash(field, n);
    int at = -1, i;
    while ((i = lazy_next(r, field, n, h, &at)) >= 0)
        if (r->lazy[i].member) return 1;
    return 0;
}

int rec_member_add(zrec *r, const char *key, size_t keylen, size_t off, size_t len)
{
    if (memchr(key, 0, keylen)) return 1;   /* not a name C can hold: the reader builds it whole */
    uint32_t h = name_hash(key, keylen);
    int at = -1, i;
    if (r->nlazy && (i = lazy_next(r, key, keylen, h, &at)) >= 0) {
        /* a repeated key: the last value wins, in the first one's place (as jq, Python, jansson) */
        r->lazy[i].off = off;
        r->lazy[i].len = len;
        if (!r->dup_key) r->dup_key = r->lazy[i].key;
        return 0;
    }
    return lazy_push(r, key, keylen, h, 1, off, len, NULL);
}

int rec_cell_add(zrec *r, const char *key, uint32_t hash, size_t off, size_t len)
{
    return lazy_push_key(r, key, hash, 1, off, len, NULL, ZCELL_TEXT);
}

/* Puts every entry back in the slot table (after a key changed). */
static void slots_rebuild(zrec *r)
{
    memset(r->slot, 0, sizeof r->slot);
    if (!slotted(r)) return;
    for (int i = 0; i < r->nlazy; i++) {
        unsigned s = r->lazy[i].hash;
        while (r->slot[s % ZX_LAZY_SLOTS]) s++;
        r->slot[s % ZX_LAZY_SLOTS] = (uint16_t)(i + 1);
    }
}

int rec_member_rename(zrec *r, const char *from, const char *to)
{
    if (is_member(r, to) || json_object_get(r->obj, to)) return 1;
    size_t n = strlen(from);
    uint32_t h = name_hash(from, n);
    int at = -1, i;
    while ((i = lazy_next(r, from, n, h, &at)) >= 0 && !r->lazy[i].member) {}
    if (i < 0) return 1;
    size_t tn = strlen(to);
    const char *k = keys_copy(r, to, tn);
    if (!k) return -1;
    r->lazy[i].key = k;
    r->lazy[i].hash = name_hash(to, tn);
    if (r->lazy[i].done) {   /* built already: move the value */
        json_t *v = json_object_get(r->obj, from);
        if (v) {
            json_object_set(r->obj, to, v);
            json_object_del(r->obj, from);
        }
    }
    slots_rebuild(r);
    r->modified = 1;
    return 0;
}

const char *rec_member_text(const zrec *r, const char *field, size_t *len)
{
    if (!r->nmembers) return NULL;
    size_t n = strlen(field);
    uint32_t h = name_hash(field, n);
    int at = -1, i;
    while ((i = lazy_next(r, field, n, h, &at)) >= 0)
        if (r->lazy[i].member && !r->lazy[i].cell) {
            *len = r->lazy[i].len;
            return r->raw + r->lazy[i].off;
        }
    return NULL;
}

const zlazy *rec_lazy_of(const zrec *r, const char *field)
{
    int i = lazy_find(r, field);
    return i < 0 ? NULL : &r->lazy[i];
}

void rec_lazy_forget(zrec *r)
{
    for (int i = 0; i < r->nlazy; i++) free(r->lazy[i].text);
    r->nlazy = r->nlive = r->nmembers = 0;
    keys_reset(r, 1);
}

/* Entry i is done: built, replaced or dropped. */
static void lazy_drop(zrec *r, int i)
{
    free(r->lazy[i].text);
    r->lazy[i].text = NULL;
    r->lazy[i].done = 1;
    r->nlive--;
}

/* The value of a member's text when it is a plain string or a word
 * (most are): a new reference, or NULL to parse it. */
static json_t *simple_value(const char *t, size_t n)
{
    switch (t[0]) {
    case '"':
        return n >= 2 && t[n - 1] == '"' && !memchr(t + 1, '\\', n - 2) ? json_stringn_nocheck(t + 1, n - 2) : NULL;
    case 't': return n == 4 ? json_true() : NULL;
    case 'f': return n == 5 ? json_false() : NULL;
    case 'n': return n == 4 ? json_null() : NULL;
    }
    size_t neg = t[0] == '-';
    if (n - neg == 0 || n - neg > 18) return NULL;   /* fits in an int64 */
    json_int_t v = 0;
    for (size_t i = neg; i < n; i++) {
        if (t[i] < '0' || t[i] > '9') return NULL;   /* a fraction or exponent: parsed */
        v = v * 10 + (t[i] - '0');
    }
    return json_integer(neg ? -v : v);
}

/* Entry i's value, built (a new reference), or NULL. */
static json_t *lazy_value(const zrec *r, int i)
{
    const zlazy *z = &r->lazy[i];
    const char *text = rec_lazy_text(r, z);
    if (z->cell) {   /* a CSV cell: a string, or a nested column's JSON when it parses */
        json_t *v = z->cell == ZCELL_NESTED ? json_fast_parse(text, z->len) : NULL;
        return v ? v : json_stringn_nocheck(text, z->len);
    }
    json_t *v = z->len ? simple_value(text, z->len) : NULL;   /* the text was checked (JSON, UTF-8) */
    if (!v) v = json_fast_parse_any(text, z->len);
    if (!v) v = json_loadb(text, z->len, JSON_DECODE_ANY, NULL);   /* checked by the reader or its maker: not reached */
    return v;
}

/* Builds entry i into the record: its value (borrowed), or NULL. */
static json_t *lazy_build(zrec *r, int i)
{
    json_t *v = lazy_value(r, i);
    const char *key = r->lazy[i].key;
    if (v && json_object_setn_new_nocheck(r->obj, key, strlen(key), v) != 0) v = NULL;
    lazy_drop(r, i);
    return v;
}

json_t *rec_get(const zrec *r, const char *field)
{
    int i = lazy_find(r, field);
    if (i >= 0) return lazy_build((zrec *)r, i);   /* logically const: the value was always there */
    return json_object_get(r->obj, field);
}

/* A JSON line's members into rec->obj in the line's order, followed by
 * the fields set since; entries with text (rec_set_text) stay when
 * keep_text. */
static void put_in_order(zrec *r, int keep_text)
{
    json_t *out = json_object();
    if (!out) return;
    for (int i = 0; i < r->nlazy; i++) {
        zlazy *z = &r->lazy[i];
        if (!z->member) continue;
        json_t *v = z->done ? json_incref(json_object_get(r->obj, z->key)) : lazy_value(r, i);
        if (!z->done) lazy_drop(r, i);
        if (v) json_object_set_new(out, z->key, v);
    }
    const char *key;
    json_t *v;
    json_object_foreach(r->obj, key, v)
        if (!json_object_get(out, key)) json_object_set(out, key, v);
    json_decref(r->obj);
    r->obj = out;
    for (int i = 0; i < r->nlazy; i++)
        if (!r->lazy[i].done && !(keep_text && r->lazy[i].text)) lazy_build(r, i);
}

void rec_materialise(zrec *r)
{
    if (r->nmembers) put_in_order(r, 0);
    for (int i = 0; i < r->nlazy; i++)
        if (!r->lazy[i].done) lazy_build(r, i);
}

void rec_materialise_read(zrec *r)
{
    if (r->cells) return;   /* a CSV row's cells are written from their bytes */
    if (r->nmembers) put_in_order(r, 1);
    for (int i = 0; i < r->nlazy; i++)
        if (!r->lazy[i].done && !r->lazy[i].text) lazy_build(r, i);
}

int rec_next_field(const zrec *r, zfield_iter *it, const char **key, json_t **v, const zlazy **z)
{
    while (it->i < r->nlazy) {   /* the line's members, in its order */
        const zlazy *m = &r->lazy[it->i++];
        if (!m->member) continue;
        *key = m->key;
        *z = m->done ? rec_lazy_of(r, m->key) : m;   /* replaced by text, or not built */
        *v = *z ? NULL : json_object_get(r->obj, m->key);
        if (*z || *v) return 1;
    }
    if (!it->started) {
        it->started = 1;
        it->iter = json_object_iter(r->obj);
    }
    for (; it->iter; it->iter = json_object_iter_next(r->obj, it->iter)) {   /* then the rest */
        const char *k = json_object_iter_key(it->iter);
        if (r->nmembers && is_member(r, k)) continue;
        *key = k;
        *v = json_object_iter_value(it->iter);
        *z = rec_lazy_of(r, k);
        if (*z) *v = NULL;
        it->iter = json_object_iter_next(r->obj, it->iter);
        return 1;
    }
    return 0;
}

void rec_set(zrec *r, const char *field, json_t *value)
{
    int i = lazy_find(r, field);
    int existed = (i >= 0 && r->lazy[i].member) || json_object_get(r->obj, field);
    if (i >= 0) lazy_drop(r, i);
    if (!r->added) r->added = json_array();
    if (!rec_was_set(r, field)) {
        if (existed) r->replaced = 1;
        json_array_append_new(r->added, json_string(field));
    }
    json_object_set_new(r->obj, field, value);
}

/* A lazy entry for field holding a copy of text[0..len).  0, or -1 when
 * out of memory (nothing added). */
static int lazy_add_text(zrec *r, const char *field, const char *text, size_t len)
{
    char *copy = strndup(text, len);
    size_t n = strlen(field);
    if (!copy || lazy_push(r, field, n, name_hash(field, n), 0, 0, len, copy) != 0) {
        free(copy);
        return -1;
    }
    return 0;
}

int rec_set_text(zrec *r, const char *field, const char *text, size_t len)
{
    rec_set(r, field, json_null());
    return lazy_add_text(r, field, text, len);
}

/* msg made valid UTF-8 in place or anew: a byte that is not part of a
 * valid sequence (jansson quotes its input cut at a byte count, in the
 * middle of a character) becomes the four characters \xHH, as the reader
 * writes unreadable bytes.  Takes msg; returns a malloc'd text or NULL. */
static char *utf8_message(char *msg)
{
    if (!msg) return NULL;
    size_t n = strlen(msg), bad = 0;
    for (size_t i = 0, k; i < n; i += k ? k : 1)
        if (!(k = utf8_seq_len((const unsigned char *)msg + i, n - i))) bad++;
    if (!bad) return msg;
    char *out = malloc(n + 3 * bad + 1), *o = out;
    for (size_t i = 0, k; out && i < n; i += k ? k : 1) {
        k = utf8_seq_len((const unsigned char *)msg + i, n - i);
        if (k) { memcpy(o, msg + i, k); o += k; }
        else o += sprintf(o, "\\x%02X", (unsigned char)msg[i]);
    }
    if (out) *o = 0;
    free(msg);
    return out;
}

/* "FILE:LINE: field: [warning: ]message" on standard error. */
static void print_entry(const zrec *r, const char *field, int warning, const char *msg)
{
    fprintf(stderr, "%s:%ld: %s: %s%s\n", r->file ? r->file : "<stdin>", r->line, field && *field ? field : "-",
            warning ? "warning: " : "", msg ? msg : "");
}

/* The entries added to the current record while zx_defer_diagnostics is
 * set (which list, and the place in it), printed by rec_flush_diagnostics(). */
static struct { int warning; size_t at; } *deferred;
static size_t ndeferred, deferred_cap;

static void defer(int warning, size_t at)
{
    if (ndeferred == deferred_cap) {
        deferred_cap = deferred_cap ? 2 * deferred_cap : 16;
        deferred = xrealloc(deferred, deferred_cap * sizeof *deferred);
    }
    deferred[ndeferred].warning = warning;
    deferred[ndeferred++].at = at;
}

/* Appends an entry to the list `list` ("errors" or "warnings") and prints it. */
static void add_entry(zrec *r, const char *list, const char *field, const char *fmt, va_list ap)
{
    char *msg = NULL;
    if (vasprintf(&msg, fmt, ap) < 0) msg = NULL;
    msg = utf8_message(msg);
    json_t *arr = rec_get(r, list);
    if (!json_is_array(arr)) {
        arr = json_array();
        rec_set(r, list, arr);
    } else if (!rec_was_set(r, list)) {
        rec_set(r, list, json_incref(arr));   /* the input's list, now grown */
    }
    json_t *e = json_pack("{s:s,s:s,s:s}", "tool", zx_tool_name, "field", field ? field : "",
                          "message", msg ? msg : "out of memory");
    /* the same finding from an earlier run of this tool is not added twice */
    size_t k, at = json_array_size(arr);
    json_t *old;
    json_array_foreach(arr, k, old)
        if (e && json_equal(old, e)) { json_decref(e); e = NULL; at = k; }
    if (e) json_array_append_new(arr, e);
    int warning = strcmp(list, "warnings") == 0;
    if (zx_quiet) {
    } else if (zx_defer_diagnostics) {
        defer(warning, at);
    } else {
        print_entry(r, field, warning, msg);
    }
    free(msg);
}

void rec_flush_diagnostics(zrec *r)
{
    for (size_t i = 0; r && i < ndeferred; i++) {
        json_t *e = json_array_get(json_object_get(r->obj, deferred[i].warning ? "warnings" : "errors"), deferred[i].at);
        print_entry(r, json_string_value(json_object_get(e, "field")), deferred[i].warning,
                    json_string_value(json_object_get(e, "message")));
    }
    ndeferred = 0;
}

void rec_error(zrec *r, const char *field, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    add_entry(r, "errors", field, fmt, ap);
    va_end(ap);
    r->nerrors++;
    zx_data_errors++;
}

void rec_warning(zrec *r, const char *field, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    add_entry(r, "warnings", field, fmt, ap);
    va_end(ap);
}

/* field's value as rec_get() gives it, except that a CSV cell not built
 * yet stays so: then NULL, and *s, *n are its bytes (a string).  Else *s
 * is NULL. */
static json_t *value_or_cell(const zrec *r, const char *field, const char **s, size_t *n)
{
    *s = NULL;
    int i = lazy_find(r, field);
    if (i < 0) return json_object_get(r->obj, field);
    if (r->lazy[i].cell != ZCELL_TEXT) return lazy_build((zrec *)r, i);   /* logically const, as rec_get */
    *s = r->cells + r->lazy[i].off;
    *n = r->lazy[i].len;
    return NULL;
}

/* v's text when it is a string, else NULL (a number kept as its text too). */
static const char *string_of(const json_t *v, size_t *len)
{
    if (!json_is_string(v) || json_rawnum_text(v, NULL)) return NULL;
    *len = json_string_length(v);
    return json_string_value(v);
}

/* The field's text when it is a string, else NULL. */
static const char *field_string(const zrec *r, const char *field, size_t *len)
{
    const char *s;
    json_t *v = value_or_cell(r, field, &s, len);
    return s ? s : string_of(v, len);
}

static int blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t') return 0;
    return 1;
}

int rec_text(const zrec *r, const char *field, const char **out)
{
    const char *s;
    size_t n;
    json_t *v = value_or_cell(r, field, &s, &n);
    if (!s) {
        if (!v || json_is_null(v)) return 0;
        if (!(s = string_of(v, &n))) return -1;
    }
    if (blank(s, n)) return 0;
    *out = value_canonical(field, s);
    if (*out == s && value_enumerated(field)) value_warn_unknown(field, s, r->file, r->line);
    return 1;
}

/* A money value that is a JSON number: 1 and *fen, -1 when it is not a
 * whole number of fen (or too large), 0 when v is not a number. */
static int money_number(const json_t *v, int64_t *fen)
{
    if (json_is_integer(v)) {
        json_int_t y = json_integer_value(v);
        if (y > INT64_MAX / 100 || y < INT64_MIN / 100) return -1;
        *fen = (int64_t)y * 100;
        return 1;
    }
    double raw;
    if (json_is_real(v) || json_rawnum_double(v, &raw)) {   /* a number kept as its text reads as its double */
        double f = (json_is_real(v) ? json_real_value(v) : raw) * 100.0, rf = nearbyint(f);
        /* a fraction of a fen is not money (as in text, money_parse), but a
         * double's own error is tolerated: about 1e-16 of the value, far
         * below 1e-12 of it */
        if (!isfinite(f) || fabs(f - rf) > 1e-12 * (fabs(f) > 1 ? fabs(f) : 1) || fabs(rf) > 9e15) return -1;
        *fen = (int64_t)rf;
        return 1;
    }
    return 0;
}

int rec_money(const zrec *r, const char *field, int64_t *fen)
{
    const char *s;
    size_t n;
    json_t *v = value_or_cell(r, field, &s, &n);
    if (!s) {
        if (!v || json_is_null(v)) return 0;
        int rc = money_number(v, fen);
        if (rc) return rc;
        if (!(s = string_of(v, &n))) return -1;
    }
    if (blank(s, n)) return 0;
    if (money_parse(s, n, fen) == 0) return 1;
    return money_is_empty(s, n) ? 0 : -1;   /* a dash alone: no amount */
}

int rec_date(const zrec *r, const char *field, zdate *out)
{
    const char *s;
    size_t n;
    json_t *v = value_or_cell(r, field, &s, &n);
    if (!s) {
        if (!v || json_is_null(v)) return 0;
        if (!(s = string_of(v, &n))) return -1;
    }
    if (blank(s, n)) return 0;
    return date_parse(s, n, out) == 0 ? 1 : -1;
}

int rec_bool(const zrec *r, const char *field, int *out)
{
    const char *s;
    size_t n;
    json_t *v = value_or_cell(r, field, &s, &n);
    if (!s) {
        if (!v || json_is_null(v)) return 0;
        if (json_is_boolean(v)) { *out = json_is_true(v); return 1; }
        if (json_is_integer(v)) {
            json_int_t i = json_integer_value(v);
            if (i != 0 && i != 1) return -1;
            *out = (int)i;
            return 1;
        }
        if (!(s = string_of(v, &n))) return -1;
    }
    if (blank(s, n)) return 0;
    return bool_parse(s, n, out) == 0 ? 1 : -1;
}

void rec_bad_field(zrec *r, const char *field, const char *what)
{
    json_t *errs = rec_get(r, "errors"), *e;
    size_t i;
    json_array_foreach(errs, i, e) {
        const char *t = json_string_value(json_object_get(e, "tool"));
        const char *f = json_string_value(json_object_get(e, "field"));
        if (t && f && strcmp(t, zx_tool_name) == 0 && strcmp(f, field) == 0) return;
    }
    json_t *v = rec_get(r, field);
    size_t rawlen;
    const char *raw = json_rawnum_text(v, &rawlen);
    char *text = raw ? strndup(raw, rawlen)
                 : json_is_string(v) ? strdup(json_string_value(v)) : json_dumps_malloc(v, JSON_COMPACT | JSON_ENCODE_ANY);
    rec_error(r, field, "invalid %s '%s'", what, text ? text : "");
    free(text);
}

int flag_next(const char **cursor, char *tag, size_t cap)
{
    static const char *const seps[] = {",", "，", ";", "；", "、", "|", " ", "\t", "\u3000"};
    const char *p = *cursor;
    while (*p) {
        size_t cut = strlen(p), skip = 0;
        for (size_t i = 0; i < sizeof seps / sizeof *seps; i++) {
            const char *q = strstr(p, seps[i]);
            if (q && (size_t)(q - p) < cut) { cut = (size_t)(q - p); skip = strlen(seps[i]); }
        }
        const char *start = p;
        p += cut + skip;
        if (cut == 0) continue;
        *cursor = p;
        if (cut >= cap) cut = cap - 1;
        memcpy(tag, start, cut);
        tag[cut] = 0;
        return 1;
    }
    *cursor = p;
    return 0;
}

static int text_has_flag(const char *s, const char *flag)
{
    char tag[256];
    while (flag_next(&s, tag, sizeof tag)) {
        const char *c = flag_canonical(tag);
        if (c && strcmp(c, flag) == 0) return 1;
    }
    return 0;
}

int rec_has_flag(const zrec *r, const char *flag)
{
    json_t *v = rec_get(r, "flags"), *e;
    size_t i;
    if (json_is_string(v)) return text_has_flag(json_string_value(v), flag);
    json_array_foreach(v, i, e) {
        const char *c = json_is_string(e) ? flag_canonical(json_string_value(e)) : NULL;
        if (c && strcmp(c, flag) == 0) return 1;
    }
    return 0;
}

const char *rec_kind(zrec *r)
{
    const char *k;
    if (rec_text(r, "kind", &k) == 1) return k;
    size_t n;
    const char *s = field_string(r, "case_no", &n);
    caseno c;
    if (!s || caseno_parse(s, n, &c) != 0) return NULL;
    snprintf(r->kindbuf, sizeof r->kindbuf, "%s", c.kind);
    return r->kindbuf;
}

static int64_t moment(zdate d)
{
    return (int64_t)d.day * 1440 + (d.min < 0 ? 0 : d.min);
}

static int cmp_events(const void *a, const void *b)
{
    const zevent *x = a, *y = b;
    int64_t mx = moment(x->at), my = moment(y->at);
    if (mx != my) return mx < my ? -1 : 1;
    return x < y ? -1 : x > y;   /* stable: keep input order */
}

/* Sorts ev[0..n) by moment, stably: a few events, mostly in order, by
 * insertion; many by qsort (cmp_events keeps the input order of ties). */
static void sort_events(zevent *ev, int n)
{
    if (n > 32) {
        qsort(ev, (size_t)n, sizeof *ev, cmp_events);
        return;
    }
    for (int i = 1; i < n; i++) {
        zevent e = ev[i];
        int64_t m = moment(e.at);
        int j = i;
        for (; j > 0 && moment(ev[j - 1].at) > m; j--) ev[j] = ev[j - 1];
        ev[j] = e;
    }
}

static zevent *push_event(zrec *r, int *cap, const char *node, zdate at, json_t *ev)
{
    if (r->nevents == *cap) {
        *cap = *cap ? *cap * 2 : 16;
        r->events = xrealloc(r->events, (size_t)*cap * sizeof *r->events);
    }
    zevent *e = &r->events[r->nevents++];
    *e = (zevent){node, at, ev, NULL, 0};
    return e;
}

/* A flat column "<node>_at" (or "<中文节点名>时间/日期") holding a date. */
static const char *flat_node(const char *key)
{
    static const char *const suffixes[] = {"_at", "时间", "日期"};
    char buf[256];
    size_t n = strlen(key);
    /* most keys end otherwise: "_at" in 't', "时间" in 0xB4, "日期" in 0x9F */
    unsigned char last = n ? (unsigned char)key[n - 1] : 0;
    if (last != 't' && last != 0xB4 && last != 0x9F) return NULL;
    for (size_t i = 0; i < sizeof suffixes / sizeof *suffixes; i++) {
        size_t m = strlen(suffixes[i]);
        if (n > m && n - m < sizeof buf && strcmp(key + n - m, suffixes[i]) == 0) {
            memcpy(buf, key, n - m);
            buf[n - m] = 0;
            const char *node = node_canonical(buf);
            if (node && strcmp(node, "filed") != 0 && strcmp(node, "closed") != 0) return node;
        }
    }
    return NULL;
}

/* Notes that an event of node (or "*": every node) could not be read. */
static void unread(zrec *r, const char *node)
{
    int n = r->nunread, cap = (int)(sizeof r->unread_nodes / sizeof *r->unread_nodes);
    for (int i = 0; i < n; i++)
        if (!strcmp(r->unread_nodes[i], node) || !strcmp(r->unread_nodes[i], "*")) return;
    if (n == cap) node = "*", n = cap - 1;   /* too many to list: say none can be trusted */
    r->unread_nodes[n] = node;
    r->nunread = n + 1;
}

int rec_event_unreadable(zrec *r, const char *node)
{
    const zevent *ev;
    if (!r->events_built) rec_events(r, &ev);
    for (int i = 0; i < r->nunread; i++) {
        if (!strcmp(r->unread_nodes[i], "*")) return 1;
        if (!strcmp(r->unread_nodes[i], node)) return 2;
    }
    return 0;
}

const char *rec_event_unreadable_why(int code, const char *node, char *buf, size_t cap)
{
    if (code == 1) snprintf(buf, cap, "not a list of node events");
    else snprintf(buf, cap, "a %s event's date cannot be read", node);
    return buf;
}

/* Listed event number k + 1 from its object ev: pushed, or an error on the
 * record.  When text (ev was parsed from text[0..len), owned): the event
 * keeps it, or it is freed. */
static void event_of_json(zrec *r, int *cap, size_t k, json_t *ev, const char *text, size_t len)
{
    zdate d;
    json_t *jn = json_object_get(ev, "node"), *ja = json_object_get(ev, "at");
    const char *node = json_is_string(jn) ? node_canonical(json_string_value(jn)) : NULL;
    if (!node) {
        rec_error(r, "events", "event %zu: unknown node '%s'", k + 1, json_is_string(jn) ? json_string_value(jn) : "");
    } else if (!json_is_string(ja) || date_parse(json_string_value(ja), json_string_length(ja), &d) != 0) {
        rec_error(r, "events", "event %zu (%s): invalid date '%s'", k + 1, node,
                  json_is_string(ja) ? json_string_value(ja) : "");
        unread(r, node);
    } else {
        zevent *e = push_event(r, cap, node, d, ev);
        if (text) { e->text = text; e->len = len; }
        return;
    }
    if (text) json_decref(ev);
}

static inline size_t skip_blank(const char *t, size_t n, size_t i)
{
    if (i < n && (unsigned char)t[i] > ' ') return i;   /* compact text: nothing to skip */
    while (i < n && (t[i] == ' ' || t[i] == '\t' || t[i] == '\n' || t[i] == '\r')) i++;
    return i;
}

/* The string at t[i] when it has no escape: 1, *s and *len (its bytes
 * between the quotes) and *end (past it); else 0. */
static inline int plain_string(const char *t, size_t n, size_t i, const char **s, size_t *len, size_t *end)
{
    if (i >= n || t[i] != '"') return 0;
    static unsigned char stop[256];   /* '"', '\\' and control characters end a plain run */
    if (!stop['"'])
        for (int c = 0; c < 256; c++) stop[c] = c == '"' || c == '\\' || c < 0x20;
    size_t j = i + 1;
    while (j < n && !stop[(unsigned char)t[j]]) j++;
    if (j >= n || t[j] != '"') return 0;
    *s = t + i + 1;
    *len = j - i - 1;
    *end = j + 1;
    return 1;
}

/* The event object at t[i] (in valid JSON text t[0..n)) when its "node"
 * and "at" are strings without escapes and no key has one: the index just
 * past it, and their bytes (the last of a repeated key, as jansson keeps;
 * NULL when absent); else 0. */
static size_t event_spans(const char *t, size_t n, size_t i, const char **node, size_t *nn, const char **at,
                          size_t *an)
{
    if (i >= n || t[i] != '{') return 0;
    *node = *at = NULL;
    *nn = *an = 0;
    for (i++;;) {
        i = skip_blank(t, n, i);
        if (i >= n) return 0;
        if (t[i] == '}') return i + 1;
        const char *k, *v;
        size_t kn, vn, end;
        if (!plain_string(t, n, i, &k, &kn, &end)) return 0;
        i = skip_blank(t, n, end);
        if (i >= n || t[i] != ':') return 0;
        i = skip_blank(t, n, i + 1);
        int is_node = kn == 4 && !memcmp(k, "node", 4), is_at = kn == 2 && !memcmp(k, "at", 2);
        if (is_node || is_at) {
            if (!plain_string(t, n, i, &v, &vn, &end)) return 0;
            if (is_node) { *node = v; *nn = vn; }
            else { *at = v; *an = vn; }
            i = end;
        } else {
            i = json_fast_skip(t, n, i);
        }
        i = skip_blank(t, n, i);
        if (i < n && t[i] == ',') i++;
    }
}

/* The events list of a record read from its JSON text t[0..n) (valid
 * JSON, a list), as event_of_json() reads each event, making jansson
 * values only of events that are not plain {"node", "at", ...} objects
 * (and of the others when event_obj() asks). */
static void events_of_text(zrec *r, int *cap, const char *t, size_t n)
{
    size_t i = skip_blank(t, n, 0) + 1;
    for (size_t k = 0;; k++) {
        size_t nn, an;
        const char *ns, *as;
        i = skip_blank(t, n, i);
        if (i >= n || t[i] == ']') break;
        size_t end = event_spans(t, n, i, &ns, &nn, &as, &an);
        char buf[256];
        zdate d;
        if (!end || (ns && (nn >= sizeof buf || memchr(ns, 0, nn)))) {
            if (!end) end = json_fast_skip(t, n, i);
            json_t *ev = json_fast_parse_any(t + i, end - i);
            if (!ev) ev = json_loadb(t + i, end - i, JSON_DECODE_ANY, NULL);   /* checked already: not reached */
            if (ev) event_of_json(r, cap, k, ev, t + i, end - i);
        } else {
            if (ns) { memcpy(buf, ns, nn); buf[nn] = 0; }
            const char *node = ns ? node_canonical(buf) : NULL;
            if (!node) {
                rec_error(r, "events", "event %zu: unknown node '%s'", k + 1, ns ? buf : "");
            } else if (!as || date_parse(as, an, &d) != 0) {
                rec_error(r, "events", "event %zu (%s): invalid date '%.*s'", k + 1, node, as ? (int)an : 0, as ? as : "");
                unread(r, node);
            } else {
                zevent *e = push_event(r, cap, node, d, NULL);
                e->text = t + i;
                e->len = end - i;
            }
        }
        i = skip_blank(t, n, end);
        if (i < n && t[i] == ',') i++;
    }
}

/* The events' JSON text when the list is not built yet and is in the
 * record's input (a JSON line's member, a nested CSV cell that parses): 1,
 * *t and *n; else 0 (it is read built). */
static int events_text(const zrec *r, const char **t, size_t *n)
{
    static uint32_t h;
    if (!h) h = name_hash("events", 6);
    int i = r->nlive ? lazy_find_hashed(r, "events", 6, h) : -1;
    if (i < 0) return 0;
    const zlazy *z = &r->lazy[i];
    if (z->text || z->cell == ZCELL_TEXT) return 0;
    const char *s = rec_lazy_text(r, z);
    size_t k = skip_blank(s, z->len, 0);
    json_fast_info fi;
    if (k >= z->len || s[k] != '[' || (z->cell == ZCELL_NESTED && !json_fast_check(s, z->len, &fi))) return 0;
    *t = s;
    *n = z->len;
    return 1;
}

/* The flat column key's event ("<node>_at" holding a date): pushed, or
 * an error; v (built) or z (not) is its value. */
static void flat_event(zrec *r, int *cap, const char *key, const char *node, json_t *v, const zlazy *z)
{
    int text = z ? (z->cell ? z->cell == ZCELL_TEXT : rec_lazy_text(r, z)[0] == '"') : json_is_string(v);
    if (!text) return;
    const char *s;
    size_t n;
    zdate d;
    if (z && z->cell) {   /* a CSV cell: read from its bytes */
        s = rec_lazy_text(r, z);
        n = z->len;
    } else {
        if (z) v = rec_get(r, key);   /* a member of a JSON line: built now */
        s = json_string_value(v);
        n = json_string_length(v);
    }
    if (blank(s, n)) return;
    if (date_parse(s, n, &d) != 0) {
        rec_bad_field(r, key, "date");
        unread(r, node);
        return;
    }
    push_event(r, cap, node, d, NULL);
}

int rec_events(zrec *r, const zevent **out)
{
    if (!r->events_built) {
        int cap = 0;
        r->events_built = 1;
        zdate d;
        if (rec_date(r, "filed_on", &d) == 1) push_event(r, &cap, "filed", d, NULL);
        if (rec_date(r, "closed_on", &d) == 1) push_event(r, &cap, "closed", d, NULL);
        const char *t;
        size_t tn;
        if (events_text(r, &t, &tn)) {
            events_of_text(r, &cap, t, tn);
        } else {
            json_t *list = rec_get(r, "events"), *ev;
            size_t i;
            /* text where the list should be (a 流程节点 cell): no event can be
             * read from it, and that is said, not passed over */
            if (list && !json_is_array(list) && !json_is_null(list) &&
                !(json_is_string(list) && blank(json_string_value(list), json_string_length(list)))) {
                rec_bad_field(r, "events", "list of node events");
                unread(r, "*");
            }
            json_array_foreach(list, i, ev) event_of_json(r, &cap, i, ev, NULL, 0);
        }
        /* the flat columns, in the record's order (as rec_next_field() gives
         * them): the input's members, then the fields set since */
        for (int i = 0; i < r->nlazy; i++) {
            const zlazy *m = &r->lazy[i];
            const char *node = m->member ? flat_node(m->key) : NULL;
            if (!node) continue;
            const zlazy *z = m->done ? rec_lazy_of(r, m->key) : m;
            json_t *v = z ? NULL : json_object_get(r->obj, m->key);
            if (z || v) flat_event(r, &cap, m->key, node, v, z);
        }
        const char *key;
        json_t *v;
        void *tmp;
        json_object_foreach_safe(r->obj, tmp, key, v) {
            const char *node = flat_node(key);
            if (!node || (r->nmembers && is_member(r, key))) continue;
            const zlazy *z = rec_lazy_of(r, key);
            flat_event(r, &cap, key, node, z ? NULL : v, z);
        }
        sort_events(r->events, r->nevents);
    }
    *out = r->events;
    return r->nevents;
}

json_t *event_obj(const zevent *e)
{
    if (!e->ev && e->text) {   /* logically const, as rec_get: the value was always there */
        json_t *ev = json_fast_parse_any(e->text, e->len);
        if (!ev) ev = json_loadb(e->text, e->len, JSON_DECODE_ANY, NULL);   /* checked already: not reached */
        ((zevent *)e)->ev = ev;
    }
    return e->ev;
}

const char *event_to(const zevent *e, char *buf, size_t cap)
{
    json_t *ev = event_obj(e);
    const char *s = ev ? json_string_value(json_object_get(ev, "to")) : NULL;
    if (!s || cap == 0) return NULL;
    while (*s == ' ' || *s == '\t') s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t')) n--;
    if (n >= cap) n = cap - 1;
    memcpy(buf, s, n);
    buf[n] = 0;
    return n ? buf : NULL;
}

/* Entry i (a member) is no longer a field of r: dropped, and out of the
 * input's order (a key set later goes after the others, as it would in
 * rec->obj). */
static void member_delete(zrec *r, int i)
{
    if (!r->lazy[i].done) lazy_drop(r, i);
    r->lazy[i].member = 0;
    r->nmembers--;
}

/* field is no longer a field of r: gone from rec->obj and from the
 * input's order. */
static void field_delete(zrec *r, const char *field)
{
    json_object_del(r->obj, field);
    if (!r->nmembers) return;
    size_t n = strlen(field);
    uint32_t h = name_hash(field, n);
    int at = -1, i;
    while ((i = lazy_next(r, field, n, h, &at)) >= 0)
        if (r->lazy[i].member) member_delete(r, i);
}

void rec_unflatten(zrec *r)
{
    /* the first LAZY_CELLS are large and each tool reads few of them: a
     * canonical one is checked now and built only when asked for */
    enum { LAZY_CELLS = 6 };
    static const char *const nested[] = {"events", "funds", "deadlines", "track_rules", "term_audit", "payout",
                                         "flags", "errors", "warnings", "_more", "_raw"};
    enum { NNESTED = sizeof nested / sizeof *nested, FLAGS = 6, MORE = 9 };   /* FLAGS, MORE: indexes of nested[] */
    static uint32_t hash[NNESTED];   /* their name_hash, once: looked up for every record */
    static size_t len[NNESTED];
    if (!len[0])
        for (size_t i = 0; i < NNESTED; i++) hash[i] = name_hash(nested[i], len[i] = strlen(nested[i]));
    for (size_t i = 0; i < NNESTED; i++) {
        int c = lazy_find_hashed(r, nested[i], len[i], hash[i]);
        zlazy *z = c >= 0 ? &r->lazy[c] : NULL;
        if (z && z->cell == ZCELL_TEXT && i != MORE) {
            /* a cell not built yet: parsed when first asked for (rec_get) */
            if (z->len == 0 && i != FLAGS) member_delete(r, c);
            else if (r->cells[z->off] == '[' || r->cells[z->off] == '{') z->cell = ZCELL_NESTED;
            continue;
        }
        if (z && !z->len && z->cell == ZCELL_TEXT) {   /* an empty _more cell */
            member_delete(r, c);
            continue;
        }
        json_t *v = z ? lazy_build(r, c) : json_object_size(r->obj) ? json_object_get(r->obj, nested[i]) : NULL;
        if (!json_is_string(v)) continue;
        const char *s = json_string_value(v);
        size_t n = json_string_length(v);
        if (n == 0 && strcmp(nested[i], "flags") != 0) {   /* also "_raw" below */
            field_delete(r, nested[i]);   /* an empty cell of a nested column */
            continue;
        }
        if (s[0] != '[' && s[0] != '{') continue;
        json_fast_info fi;
        if (i < LAZY_CELLS && json_fast_check(s, n, &fi) && fi.canonical && lazy_add_text(r, nested[i], s, n) == 0) {
            /* built when asked for (rec_get), written as the cell's text if not */
            json_object_set_new(r->obj, nested[i], json_null());
            continue;
        }
        json_t *parsed = json_fast_parse(s, n);
        if (!parsed) continue;
        if (strcmp(nested[i], "_more") == 0 && json_is_object(parsed)) {
            const char *k;
            json_t *x;
            json_object_foreach(parsed, k, x)   /* the fields the record has not */
                if (lazy_find(r, k) < 0 && !json_object_get(r->obj, k)) json_object_set_nocheck(r->obj, k, x);
            json_decref(parsed);
            field_delete(r, "_more");
        } else {
            json_object_set_new(r->obj, nested[i], parsed);
        }
    }
}

static void rec_free_parts(zrec *r)
{
    json_decref(r->obj);
    json_decref(r->added);
    for (int i = 0; i < r->nevents; i++)
        if (r->events[i].text) json_decref(r->events[i].ev);   /* built from text: the record's */
    free(r->events);
    for (int i = 0; i < r->nlazy; i++)
        if (r->lazy[i].text) free(r->lazy[i].text);
}

void rec_clear(zrec *r)
{
    rec_free_parts(r);
    free(r->lazy);
    keys_reset(r, 0);
    memset(r, 0, sizeof *r);
}

void rec_reset(zrec *r)
{
    rec_free_parts(r);
    zlazy *lazy = r->lazy;
    int cap = r->lazycap;
    keys_reset(r, 1);
    struct zkeys *keys = r->keys;
    memset(r, 0, sizeof *r);
    r->lazy = lazy;
    r->lazycap = cap;
    r->keys = keys;
}

int columns_lack(json_t *columns, const char *field)
{
    if (!columns || json_object_get(columns, field) || json_object_get(columns, "_more")) return 0;
    if (strcmp(field, "events") != 0) return 1;
    const char *k;
    json_t *v;
    json_object_foreach(columns, k, v) {
        size_t n = strlen(k);
        if (n > 3 && !strcmp(k + n - 3, "_at")) return 0;
    }
    return 1;
}

int rec_no_column(const zrec *r, const char *field)
{
    return r && r->columns && columns_lack(r->columns, field);
}
