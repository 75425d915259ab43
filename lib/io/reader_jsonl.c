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
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fields.h"


enum { WITHIN, TOO_LONG_STRING, TOO_DEEP };

#define CANON_SLOTS 1024
typedef struct canon_slot {
    uint32_t hash;
    char *key;           /* malloc'd; NULL: a free slot */
    const char *canon;   /* fields.c's, lives as long as the process */
    int wanted;          /* member_wanted()'s answer; -1 not known yet */
} canon_slot;

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

/* A key's slot is one of CANON_PROBES in a row from its hash's: two keys of
 * a file whose hashes meet in one slot do not evict each other record
 * after record. */
#define CANON_PROBES 4

/* The slot remembering key (keylen bytes, or NUL-ended when keylen is
 * SIZE_MAX; hash h), or NULL. */
static canon_slot *canon_find(zreader *rd, const char *key, size_t keylen, uint32_t h)
{
    for (unsigned k = 0; rd->canon_cache && k < CANON_PROBES; k++) {
        canon_slot *c = &rd->canon_cache[(h + k) % CANON_SLOTS];
        if (!c->key) return NULL;   /* slots are never emptied: the key is in none further */
        if (c->hash == h && (keylen == SIZE_MAX ? !strcmp(c->key, key) : !strncmp(c->key, key, keylen) && !c->key[keylen]))
            return c;
    }
    return NULL;
}

/* The canonical name a top-level key (hash h: name_hash()) should be
 * renamed to, or NULL.  Remembered in a table by hash: a file has few
 * distinct keys. */
static const char *rename_to_hashed(zreader *rd, const char *key, uint32_t h)
{
    if (!rd->canon_cache) rd->canon_cache = calloc(CANON_SLOTS, sizeof *rd->canon_cache);
    canon_slot *c = rd->canon_cache ? &rd->canon_cache[h % CANON_SLOTS] : NULL;
    if (c && c->key && c->hash == h && strcmp(c->key, key) == 0) return c->canon;   /* most keys: their first slot */
    if ((c = canon_find(rd, key, SIZE_MAX, h)) != NULL) return c->canon;
    const char *canon = field_is_canonical(key) ? NULL : field_canonical_in(key, rd->scope ? rd->scope : FS_CASE);
    if (canon && strcmp(canon, key) == 0) canon = NULL;
    for (unsigned k = 0; rd->canon_cache && k < CANON_PROBES && !c; k++)   /* a free slot, */
        if (!rd->canon_cache[(h + k) % CANON_SLOTS].key) c = &rd->canon_cache[(h + k) % CANON_SLOTS];
    if (!c && rd->canon_cache) c = &rd->canon_cache[h % CANON_SLOTS];    /* else the first is given to this key */
    char *copy = c ? strdup(key) : NULL;
    if (copy) {
        free(c->key);
        *c = (canon_slot){h, copy, canon, -1};
    }
    return canon;
}

static const char *rename_to(zreader *rd, const char *key)
{
    return rename_to_hashed(rd, key, name_hash(key, strlen(key)));
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

/* json_fast_members()'s context: the reader and the record. */
typedef struct member_ctx {
    zreader *rd;
    zrec *rec;
} member_ctx;

/* 1 when a member named key (keylen bytes) is to be noted: every member,
 * or under reader_only_keys() one of the keys or an alias (renamed to its
 * field by members_rename()). */
static int member_wanted(zreader *rd, const char *key, size_t keylen)
{
    if (!rd->nonly || rd->whole) return 1;
    uint32_t h = name_hash(key, keylen);
    canon_slot *c = rd->canon_cache ? &rd->canon_cache[h % CANON_SLOTS] : NULL;
    if (!(c && c->key && c->hash == h && !strncmp(c->key, key, keylen) && !c->key[keylen]))   /* most keys: their first slot */
        c = canon_find(rd, key, keylen, h);
    if (c && c->wanted >= 0) return c->wanted;   /* a file has few distinct keys: known */
    char name[256];
    if (keylen >= sizeof name || memchr(key, 0, keylen)) return 1;
    memcpy(name, key, keylen);
    name[keylen] = 0;
    int wanted = rename_to_hashed(rd, name, h) != NULL;
    for (size_t k = 0; k < rd->nonly && !wanted; k++) wanted = rd->only_hash[k] == h && !strcmp(rd->only[k], name);
    if ((c = canon_find(rd, name, keylen, h)) != NULL) c->wanted = wanted;
    return wanted;
}

/* json_fast_members()'s callback: notes a member to build later. */
static int note_member(void *ctx, const char *key, size_t keylen, size_t off, size_t len)
{
    member_ctx *m = ctx;
    if (!member_wanted(m->rd, key, keylen)) return 0;
    return rec_member_add(m->rec, key, keylen, off, len) != 0;
}

/* Renames the members of rec that are aliases (rec_member_add() took
 * them all), in place: a canonical key present already keeps the alias
 * as it is, and of two aliases of one field the first is renamed.  0, or
 * -1 when out of memory. */
static int members_rename(zreader *rd, zrec *rec)
{
    for (int i = 0; i < rec->nlazy; i++) {
        const char *c = rename_to_hashed(rd, rec->lazy[i].key, rec->lazy[i].hash);
        if (c && rec_member_rename(rec, rec->lazy[i].key, c) < 0) return -1;
    }
    return 0;
}

/* The line as a record whose values are built when asked for (members
 * noted on rec): 1, or 0 when it must be built whole (not an object the
 * fast parser takes, a key holding a NUL). */
static int read_members(zreader *rd, zrec *rec, const char *text, size_t n, json_fast_info *fi)
{
    member_ctx m = {rd, rec};
    if (json_fast_members(text, n, fi, note_member, &m) && (rec->obj = json_object()) != NULL) {
        if (members_rename(rd, rec) == 0) return 1;
        json_decref(rec->obj);
        rec->obj = NULL;
    }
    rec_lazy_forget(rec);
    rec->dup_key = NULL;
    rec->modified = 0;
    return 0;
}

/* The names the tools write themselves, and what an input field of that
 * name is renamed to when it is not theirs (README, "Input"). */
static const char *const reserved[][2] = {
    {"errors", "input_errors"}, {"warnings", "input_warnings"}, {"_raw", "input_raw"},
};

/* 1 when v is a list the tools wrote: every entry an object with "tool"
 * and "message" strings. */
static int tools_list(json_t *v)
{
    size_t i;
    json_t *e;
    if (!json_is_array(v)) return 0;
    json_array_foreach(v, i, e)
        if (!json_is_string(json_object_get(e, "tool")) || !json_is_string(json_object_get(e, "message"))) return 0;
    return 1;
}

/* 1 when rec's field `name` (one of reserved[]) is the tools' own: an
 * errors or warnings list they wrote, or the text of a record a tool could
 * not read (its errors hold the reader's entry on "_raw"; later tools add
 * their own fields to it). */
static int tools_own(zrec *rec, const char *name)
{
    json_t *v = rec_get(rec, name), *errs, *e;
    if (strcmp(name, "_raw") != 0) return tools_list(v);
    if (!json_is_string(v) || !tools_list(errs = rec_get(rec, "errors"))) return 0;
    size_t i;
    json_array_foreach(errs, i, e)
        if (json_is_string(json_object_get(e, "field")) && strcmp(json_string_value(json_object_get(e, "field")), "_raw") == 0)
            return 1;
    return 0;
}

/* obj with key `from` named `to`, in its place (a new object; obj is
 * released). */
static json_t *object_rename(json_t *obj, const char *from, const char *to)
{
    json_t *out = json_object(), *v;
    const char *key;
    json_object_foreach(obj, key, v) json_object_set(out, strcmp(key, from) ? key : to, v);
    json_decref(obj);
    return out;
}

/* After a line is read: its input fields named as the tools' own fields
 * renamed (with a warning), and a warning for a key given twice. */
static void own_names_and_repeats(zrec *rec, int lazy, const char *dup_key)
{
    char names[sizeof reserved / sizeof *reserved][32] = {{0}};
    for (size_t i = 0; i < sizeof reserved / sizeof *reserved; i++) {   /* all renamed before a warning is added */
        const char *from = reserved[i][0];
        if (!rec_get(rec, from) || tools_own(rec, from)) continue;
        /* input_errors, else input_errors_2, _3 ...: a free name, so that nothing is overwritten */
        for (int k = 1; k < 100 && !names[i][0]; k++) {
            char to[32];
            snprintf(to, sizeof to, k == 1 ? "%s" : "%s_%d", reserved[i][1], k);
            if (rec_get(rec, to)) continue;
            if (lazy && rec_member_rename(rec, from, to) != 0) break;
            if (!lazy) {
                rec->obj = object_rename(rec->obj, from, to);
                rec->modified = 1;
            }
            memcpy(names[i], to, sizeof to);
        }
    }
    for (size_t i = 0; i < sizeof reserved / sizeof *reserved; i++)
        if (names[i][0])
            rec_warning(rec, names[i], "the input field \"%s\" is renamed \"%s\" (\"%s\" is the tools' own)",
                        reserved[i][0], names[i], reserved[i][0]);
    if (dup_key && *dup_key) {
        rec->modified = 1;   /* the text holds both: written anew, with one */
        rec_warning(rec, dup_key, "key given more than once: the last value is kept");
    }
}

int jsonl_next(zreader *rd, zrec *rec)
{
    zline l;
    int got;
    while ((got = lines_next(rd, &l)) == 1 && line_is_blank(&l)) {}
    if (got <= 0) return got;
    size_t n = l.len - l.endlen;
    if (l.toolong) {
        reader_broken(rd, rec, l.lineno, l.text, n,
                      "line of %lld bytes (line end included) is longer than %u bytes (ZX_MAX_RECORD_BYTES): _raw holds its first %zu bytes",
                      lines_long_size(rd), ZX_MAX_RECORD_BYTES, n);
        return 1;
    }
    if (l.bad) {
        if (l.bad_at < 0) reader_broken(rd, rec, l.lineno, l.text, n, "%s on this line", bad_kind_name(l.bad));
        else reader_broken(rd, rec, l.lineno, l.text, n, "%s at byte %lld", bad_kind_name(l.bad), l.bad_at);
        return 1;
    }
    json_error_t e;
    json_fast_info fi = {0};
    int canonical = 0, lazy = rd->lazy && read_members(rd, rec, l.text, n, &fi);
    json_t *obj = lazy ? rec->obj : json_fast_parse_info(l.text, n, &fi);
    if (obj) canonical = fi.canonical;
    /* the limits: read off the parse; a line the fast parser did not take
     * is scanned for them before jansson reads it */
    int limit = obj && fi.max_nesting <= ZX_MAX_JSON_DEPTH && fi.max_string <= ZX_MAX_FIELD_BYTES
                    ? WITHIN : over_limit(l.text, n);
    if (limit != WITHIN) {
        if (!lazy) json_decref(obj);
        rec_lazy_forget(rec);
        json_decref(rec->obj);
        rec->obj = NULL;
        if (limit == TOO_LONG_STRING)
            reader_broken(rd, rec, l.lineno, l.text, n, "string longer than %u bytes (ZX_MAX_FIELD_BYTES)",
                          ZX_MAX_FIELD_BYTES);
        else
            reader_broken(rd, rec, l.lineno, l.text, n, "nesting deeper than %d levels (ZX_MAX_JSON_DEPTH)",
                          ZX_MAX_JSON_DEPTH);
        return 1;
    }
    if (!obj) {
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
        reader_broken(rd, rec, l.lineno, l.text, n, "not a JSON object");
        return 1;
    }
    int renames = !lazy && renames_any(rd, obj);
    if (renames) rename_aliases(rd, &obj);
    rec->modified |= renames;
    rec->obj = obj;
    rec->file = rd->name;
    rec->line = l.lineno;
    rec->raw = l.text;
    rec->rawlen = n;
    own_names_and_repeats(rec, lazy, lazy ? rec->dup_key : fi.dup_key);
    rec->canonical = canonical && !rec->modified;
    return 1;
}

void jsonl_state_free(zreader *rd)
{
    for (size_t i = 0; rd->canon_cache && i < CANON_SLOTS; i++) free(rd->canon_cache[i].key);
    free(rd->canon_cache);
    rd->canon_cache = NULL;
}
