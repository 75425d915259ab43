/* fuzz_jsonl: the reader (FMT_JSONL, ENC_AUTO) over arbitrary bytes; then,
 * on the same bytes as one line, the fast parser against jansson: a line
 * read member by member gives what the eager parse gives, checking accepts
 * what parsing does, a line called canonical is exactly what the dumper
 * writes, and the dumper writes what json_dumps() writes.  And a valid
 * JSON object passes through unchanged: read and written back (reader,
 * writer), its values compared with jansson's reading of the input. */
#include <stdlib.h>
#include <string.h>
#include "fuzz_reader.h"
#include "json_fast.h"
#include "fields.h"
#include "writer.h"

/* json_fast_members()'s callback: each member's value parses alone; the
 * members, set in order (the last of a repeated key kept), are the object
 * the eager parse gives. */
typedef struct members_ctx { const char *text; size_t n; json_t *got; } members_ctx;

static int note(void *ctx, const char *key, size_t keylen, size_t off, size_t len)
{
    members_ctx *c = ctx;
    if (off + len > c->n) abort();   /* a span beyond the text */
    json_t *v = json_fast_parse_any(c->text + off, len);
    if (!v) abort();                 /* checked as part of the line, so it parses alone */
    json_object_setn_new_nocheck(c->got, key, keylen, v);
    return 0;
}

static void differential(const char *text, size_t n)
{
    /* the precondition of the fast parser: valid UTF-8, no line end */
    json_error_t e;
    json_t *ref = json_loadb(text, n, JSON_ALLOW_NUL, &e);   /* \u0000 is valid JSON */
    /* what jansson cannot hold is valid JSON all the same, and kept as written */
    int beyond = !ref && (strstr(e.text, "too big integer") || strstr(e.text, "real number overflow") ||
                          strstr(e.text, "NUL byte in object key"));
    int canonical = 0;
    json_t *eager = json_fast_parse_text(text, n, &canonical);
    json_fast_info checked, info;
    int ok = json_fast_check(text, n, &checked);
    if (ok != (eager != NULL)) abort();          /* checking accepts what parsing does */
    /* members: taken exactly when parsing gives an object; the same limits */
    members_ctx mc = {text, n, json_object()};
    int members = json_fast_members(text, n, &info, note, &mc);
    if (members != (eager && json_is_object(eager))) abort();
    if (members && (checked.max_nesting != info.max_nesting || checked.max_string != info.max_string ||
                    checked.canonical != info.canonical))
        abort();
    if (members && !json_fast_equal(mc.got, eager)) abort();   /* jansson's json_equal misreads a key holding a NUL */
    json_decref(mc.got);
    /* checking misses only a repeated key inside an object: what it calls
     * not canonical, parsing does too */
    if (ok && !checked.canonical && canonical) abort();
    if (eager && !ref && !beyond) abort();            /* accepts only what jansson accepts, and those */
    if (eager && ref && !json_fast_equal(eager, ref)) abort();
    if (ref) {
        char *want = json_dumps(ref, JSON_COMPACT | JSON_REAL_PRECISION(15) | JSON_ENCODE_ANY);
        jbuf got = {0};
        if (json_fast_dump(ref, &got) != 0 || !want || got.len != strlen(want) || memcmp(got.text, want, got.len))
            abort();
        free(want);
        free(got.text);
    }
    if (eager && canonical) {   /* called canonical: the dumper writes the text as it is */
        jbuf got = {0};
        if (json_fast_dump(eager, &got) != 0 || got.len != n || memcmp(got.text, text, n)) abort();
        free(got.text);
    }
    json_decref(eager);
    json_decref(ref);
}

static int valid_utf8_line(const uint8_t *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        unsigned c = s[i], len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
        if (!len || i + len > n || c == '\n' || c == '\r') return 0;
        for (unsigned k = 1; k < len; k++) if ((s[i + k] & 0xC0) != 0x80) return 0;
        if (len == 2 && c < 0xC2) return 0;
        if (len == 3 && ((c == 0xE0 && s[i + 1] < 0xA0) || (c == 0xED && s[i + 1] >= 0xA0))) return 0;
        if (len == 4 && ((c == 0xF0 && s[i + 1] < 0x90) || c > 0xF4 || (c == 0xF4 && s[i + 1] >= 0x90))) return 0;
        i += len;
    }
    return 1;
}

/* 1 when key is one the reader renames: an alias of a canonical field,
 * or a name the tools write themselves. */
static int renamed_key(const char *key)
{
    if (!strcmp(key, "errors") || !strcmp(key, "warnings") || !strcmp(key, "_raw")) return 1;
    const char *c = field_is_canonical(key) ? NULL : field_canonical(key);
    return c && strcmp(c, key) != 0;
}

/* A valid JSON object (jansson reads it: ref) read by the reader as a
 * tool reads its input, and written by the writer: the output is one
 * line, an object with the same members in the same order and equal
 * values (a key renamed only when renamed_key() says so), then at most
 * the reader's "warnings". */
static void passthrough(const char *text, size_t n, json_t *ref, const json_fast_info *fi)
{
    if (!json_is_object(ref) || fi->max_nesting > ZX_MAX_JSON_DEPTH) return;
    char path[64], *out = NULL;
    size_t outlen = 0;
    int fd = fuzz_memfd((const uint8_t *)text, n, path);
    if (fd < 0) return;
    char *err = NULL;
    zreader *rd = reader_open(path, FMT_JSONL, ENC_UTF8, &err);
    if (!rd) abort();
    reader_lazy(rd);
    FILE *mem = open_memstream(&out, &outlen);
    zwriter *w = writer_open(mem, FMT_JSONL, 0, NULL);
    zrec rec;
    memset(&rec, 0, sizeof rec);
    int nrec = 0;
    zx_quiet = 1;
    while (reader_next(rd, &rec) == 1) {
        if (rec.broken) abort();   /* a valid object within the limits is never _raw */
        if (writer_put(w, &rec, rd) != 0) abort();
        nrec++;
    }
    zx_quiet = 0;
    writer_close(w);
    fclose(mem);
    rec_clear(&rec);
    reader_close(rd);
    close(fd);
    if (nrec != 1 || !outlen || out[outlen - 1] != '\n' || memchr(out, '\n', outlen - 1)) abort();
    json_error_t e;
    json_t *got = json_loadb(out, outlen - 1, JSON_ALLOW_NUL, &e);
    if (!json_is_object(got)) abort();
    void *a = json_object_iter(ref), *b = json_object_iter(got);
    for (; a; a = json_object_iter_next(ref, a), b = json_object_iter_next(got, b)) {
        if (!b) abort();
        const char *ka = json_object_iter_key(a), *kb = json_object_iter_key(b);
        if (strcmp(ka, kb) != 0 && !renamed_key(ka)) abort();
        json_t *va = json_object_iter_value(a), *vb = json_object_iter_value(b);
        if (!strcmp(ka, "warnings") && !strcmp(kb, "warnings") && json_is_array(va) && json_is_array(vb) &&
            json_array_size(vb) > json_array_size(va)) {   /* the tools' own list, grown by the reader's warning */
            for (size_t i = 0; i < json_array_size(va); i++)
                if (!json_equal(json_array_get(va, i), json_array_get(vb, i))) abort();
            continue;
        }
        if (!json_fast_equal(va, vb)) abort();
    }
    if (b && (strcmp(json_object_iter_key(b), "warnings") != 0 || json_object_iter_next(got, b))) abort();
    json_decref(got);
    free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_reader_run(data, size, FMT_JSONL, ENC_AUTO);
    if (size < 4096 && valid_utf8_line(data, size)) {
        differential((const char *)data, size);
        json_fast_info fi;
        json_t *ref = json_loadb((const char *)data, size, JSON_ALLOW_NUL, NULL);
        if (ref && json_fast_check((const char *)data, size, &fi)) passthrough((const char *)data, size, ref, &fi);
        json_decref(ref);
    }
    return 0;
}
