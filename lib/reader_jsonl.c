/* reader_jsonl.c: JSON-lines records with jansson.
 *
 * Each non-blank line is one object.  Before parsing, one pass over the line
 * checks the limits: nesting deeper than ZX_MAX_JSON_DEPTH, or a string
 * written longer than ZX_MAX_FIELD_BYTES (escapes counted as written), is a
 * broken record.  Top-level keys that are aliases of a canonical field are
 * renamed to it (keeping the key order), unless the canonical key is present
 * too. */
#include "json_fast.h"
#include "reader_private.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "fields.h"

#define CANON_CACHE_MAX 4096

enum { WITHIN, TOO_LONG_STRING, TOO_DEEP };

/* Offset of the quote closing the string whose text starts at `from`
 * (n if none). */
static size_t string_end(const char *s, size_t n, size_t from)
{
    const char *q = s + from, *e = s + n;
    while (q < e && (q = memchr(q, '"', (size_t)(e - q)))) {
        size_t slashes = 0;
        while (q - slashes > s + from && q[-1 - (ptrdiff_t)slashes] == '\\') slashes++;
        if (slashes % 2 == 0) return (size_t)(q - s);
        q++;
    }
    return n;
}

/* WITHIN, or the limit the line passes. */
static int over_limit(const char *s, size_t n)
{
    int depth = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '"') {
            size_t end = string_end(s, n, i + 1);
            if (end - (i + 1) > ZX_MAX_FIELD_BYTES) return TOO_LONG_STRING;
            i = end;
        } else if (c == '{' || c == '[') {
            if (++depth > ZX_MAX_JSON_DEPTH) return TOO_DEEP;
        } else if (c == '}' || c == ']') {
            depth--;
        }
    }
    return WITHIN;
}

/* The canonical name a top-level key should be renamed to, or NULL. */
static const char *rename_to(zreader *rd, const char *key)
{
    if (!rd->canon_cache) rd->canon_cache = json_object();
    json_t *hit = json_object_get(rd->canon_cache, key);
    if (hit) {
        const char *c = json_string_value(hit);
        return *c ? c : NULL;
    }
    const char *c = field_canonical(key);
    if (c && strcmp(c, key) == 0) c = NULL;
    if (json_object_size(rd->canon_cache) < CANON_CACHE_MAX)
        json_object_set_new(rd->canon_cache, key, json_string(c ? c : ""));
    return c;
}

/* 1 when some key of obj is an alias to rename. */
static int renames_any(zreader *rd, json_t *obj)
{
    const char *key;
    json_t *v;
    json_object_foreach(obj, key, v) {
        const char *c = rename_to(rd, key);
        if (c && !json_object_get(obj, c)) return 1;
    }
    return 0;
}

/* Renames alias keys (renames_any() said there are some): *obj replaced. */
static void rename_aliases(zreader *rd, json_t **obj)
{
    const char *key;
    json_t *v;
    json_t *out = json_object();
    json_object_foreach(*obj, key, v) {
        const char *c = rename_to(rd, key);
        if (!c || json_object_get(*obj, c) || json_object_get(out, c)) c = key;
        json_object_set(out, c, v);
    }
    json_decref(*obj);
    *obj = out;
}

typedef struct lazy_ctx { zrec *rec; int failed; } lazy_ctx;

/* json_fast_parse_lazy()'s callback: notes a member to build later. */
static void lazy_member(void *ctx, const char *key, size_t off, size_t len)
{
    lazy_ctx *c = ctx;
    if (rec_lazy_add(c->rec, key, off, len) != 0) c->failed = 1;
}


int jsonl_next(zreader *rd, zrec *rec)
{
    zline l;
    int got;
    while ((got = lines_next(rd, &l)) == 1 && line_is_blank(&l)) {}
    if (got <= 0) return got;
    size_t n = l.len - l.endlen;
    if (l.toolong) {
        reader_broken(rd, rec, l.lineno, l.text, n, "line longer than %u bytes (ZX_MAX_RECORD_BYTES)",
                      ZX_MAX_RECORD_BYTES);
        return 1;
    }
    if (l.bad) {
        reader_broken(rd, rec, l.lineno, l.text, n, "%s at byte %lld", bad_kind_name(l.bad), l.bad_at);
        return 1;
    }
    json_error_t e;
    json_fast_info fi = {0};
    lazy_ctx lc = {rec, 0};
    json_t *obj = json_fast_parse_lazy(l.text, n, &fi, rd->lazy ? lazy_member : NULL, &lc);
    int canonical = obj ? fi.canonical : 0;
    /* the limits: read off the parse; a line the fast parser did not take
     * is scanned for them before jansson reads it */
    int limit = obj && fi.max_nesting <= ZX_MAX_JSON_DEPTH && fi.max_string <= ZX_MAX_FIELD_BYTES
                    ? WITHIN : over_limit(l.text, n);
    if (limit != WITHIN) {
        json_decref(obj);
        rec_lazy_forget(rec);
        if (limit == TOO_LONG_STRING)
            reader_broken(rd, rec, l.lineno, l.text, n, "string longer than %u bytes (ZX_MAX_FIELD_BYTES)",
                          ZX_MAX_FIELD_BYTES);
        else
            reader_broken(rd, rec, l.lineno, l.text, n, "nesting deeper than %d levels (ZX_MAX_JSON_DEPTH)",
                          ZX_MAX_JSON_DEPTH);
        return 1;
    }
    if (!obj || lc.failed) {
        json_decref(obj);
        rec_lazy_forget(rec);
        canonical = 0;
        obj = json_loadb(l.text, n, 0, &e);   /* jansson's verdict and message */
    }
    if (!obj) {
        /* jansson names its own flag here; say what is wrong instead */
        const char *why = strstr(e.text, "JSON_ALLOW_NUL") ? "a NUL character (\\u0000) in a string" : e.text;
        reader_broken(rd, rec, l.lineno, l.text, n, "invalid JSON at column %d: %s", e.column, why);
        return 1;
    }
    if (!json_is_object(obj)) {
        json_decref(obj);
        rec_lazy_forget(rec);
        reader_broken(rd, rec, l.lineno, l.text, n, "not a JSON object");
        return 1;
    }
    int renames = renames_any(rd, obj);
    if (renames && rec->nlazy) {   /* renamed keys: build it all, then rename */
        rec_lazy_forget(rec);
        json_decref(obj);
        obj = json_fast_parse_text(l.text, n, &canonical);
        if (!obj) obj = json_loadb(l.text, n, 0, &e);
    }
    if (renames) rename_aliases(rd, &obj);
    rec->modified = renames;
    rec->canonical = canonical && !rec->modified;
    rec->obj = obj;
    rec->file = rd->name;
    rec->line = l.lineno;
    rec->raw = l.text;
    rec->rawlen = n;
    return 1;
}

void jsonl_state_free(zreader *rd)
{
    json_decref(rd->canon_cache);
    rd->canon_cache = NULL;
}
