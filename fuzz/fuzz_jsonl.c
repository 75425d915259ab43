/* fuzz_jsonl: the reader (FMT_JSONL, ENC_AUTO) over arbitrary bytes; then,
 * on the same bytes as one line, the fast parser against jansson: lazy and
 * eager parses give equal values, checking accepts what parsing does, a
 * line called canonical is exactly what the dumper writes, and the dumper
 * writes what json_dumps() writes. */
#include <stdlib.h>
#include <string.h>
#include "fuzz_reader.h"
#include "json_fast.h"

static void note(void *ctx, const char *key, size_t off, size_t len)
{
    (void)key;
    size_t *spans = ctx;
    if (off + len > spans[0]) abort();   /* a span beyond the text */
}

static void differential(const char *text, size_t n)
{
    /* the precondition of the fast parser: valid UTF-8, no line end */
    json_error_t e;
    json_t *ref = json_loadb(text, n, 0, &e);
    int canonical = 0;
    size_t limit[1] = {n};
    json_fast_info info;
    json_t *lazy = json_fast_parse_lazy(text, n, &info, note, limit);
    json_t *eager = json_fast_parse_text(text, n, &canonical);
    if (lazy && !eager) abort();   /* lazy accepts no more than eager (it gives up on a repeated top-level key) */
    json_fast_info checked;
    int ok = json_fast_check(text, n, &checked);
    if (ok != (eager != NULL)) abort();          /* checking accepts what parsing does */
    if (ok && lazy && (checked.max_nesting != info.max_nesting || checked.max_string != info.max_string)) abort();
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
    json_decref(lazy);
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
