/* fuzz_jsonl: the reader (FMT_JSONL, ENC_AUTO) over arbitrary bytes; then,
 * on the same bytes as one line, the fast parser against jansson: a line
 * read member by member gives what the eager parse gives, checking accepts
 * what parsing does, a line called canonical is exactly what the dumper
 * writes, and the dumper writes what json_dumps() writes. */
#include <stdlib.h>
#include <string.h>
#include "fuzz_reader.h"
#include "json_fast.h"

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
    json_t *ref = json_loadb(text, n, 0, &e);
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
    if (members && !json_equal(mc.got, eager)) abort();
    json_decref(mc.got);
    /* checking misses only a repeated key inside an object: what it calls
     * not canonical, parsing does too */
    if (ok && !checked.canonical && canonical) abort();
    if (eager && !ref) abort();                       /* accepts only what jansson accepts */
    if (eager && !json_equal(eager, ref)) abort();
    if (ref) {
        char *want = json_dumps(ref, JSON_COMPACT | JSON_REAL_PRECISION(15) | JSON_ENCODE_ANY);
        jbuf got = {0};
        if (json_fast_dump(ref, &got) != 0 || !want || got.len != strlen(want) || memcmp(got.text, want, got.len))
            abort();
        if (eager && canonical && (got.len != n || memcmp(got.text, text, n))) abort();
        free(want);
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_reader_run(data, size, FMT_JSONL, ENC_AUTO);
    if (size < 4096 && valid_utf8_line(data, size)) differential((const char *)data, size);
    return 0;
}
