/* test_json_fast: the fast JSON-lines parser against jansson.  For each
 * case (built in, then every line of each FILE argument): when the fast
 * parser accepts, jansson must accept and give an equal value; when jansson
 * rejects, the fast parser must reject too.  Also checks that the common
 * shapes do take the fast path.  And that json_fast_dump() writes every
 * value byte for byte as jansson's json_dumps() does. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "json_fast.h"

static int failures, checks;

/* The parser's precondition: the reader hands it valid UTF-8 only. */
static int valid_utf8(const unsigned char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        unsigned c = s[i], len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
        if (!len || i + len > n) return 0;
        for (unsigned k = 1; k < len; k++) if ((s[i + k] & 0xC0) != 0x80) return 0;
        i += len;
    }
    return 1;
}

/* The writer's dumper must give jansson's bytes. */
static void compare_dump(const json_t *v)
{
    checks++;
    char *want = json_dumps(v, JSON_COMPACT | JSON_REAL_PRECISION(15) | JSON_ENCODE_ANY);
    jbuf got = {0};
    if (json_fast_dump(v, &got) != 0 || jbuf_put(&got, "", 1) != 0 || !want || strcmp(want, got.text) != 0) {
        printf("not ok: json_fast_dump gives %s, jansson %s\n", got.text ? got.text : "(null)", want ? want : "(null)");
        failures++;
    }
    free(want);
    free(got.text);
}

static void compare(const char *s, size_t n, int must_be_fast)
{
    checks++;
    json_error_t e;
    json_t *fast = json_fast_parse(s, n);
    json_t *ref = json_loadb(s, n, JSON_ALLOW_NUL, &e);   /* \u0000 is valid JSON */
    /* a number jansson cannot hold, a NUL in a key: valid JSON, kept as it came */
    int rawnum = !ref && (strstr(e.text, "too big integer") || strstr(e.text, "real number overflow") ||
                          strstr(e.text, "NUL byte in object key"));
    if (fast && rawnum) {
        checks++;
        jbuf b = {0};
        if (json_fast_dump(fast, &b) != 0 || b.len != n || memcmp(b.text, s, n) != 0) {
            printf("not ok: a number jansson cannot hold is not written as it came: %.*s\n", (int)n, s);
            failures++;
        }
        free(b.text);
    } else if (fast && !ref) { printf("not ok: fast accepts what jansson rejects: %.*s\n", (int)n, s); failures++; }
    else if (fast && !json_fast_equal(fast, ref)) { printf("not ok: values differ: %.*s\n", (int)n, s); failures++; }
    else if (must_be_fast && !fast && ref) { printf("not ok: not on the fast path: %.*s\n", (int)n, s); failures++; }
    if (fast && ref && json_equal(fast, ref)) {   /* same types all the way down (json_equal treats 1 and 1.0 apart
                                                     already); a number kept as its text is a string to jansson */
        char *a = json_dumps(fast, JSON_COMPACT | JSON_ENCODE_ANY), *b = json_dumps(ref, JSON_COMPACT | JSON_ENCODE_ANY);
        if (strcmp(a, b) != 0) { printf("not ok: dumps differ: %s vs %s\n", a, b); failures++; }
        free(a);
        free(b);
    }
    if (ref) compare_dump(ref);
    int canonical = 0;
    json_t *again = json_fast_parse_text(s, n, &canonical);
    if (again && canonical) {   /* canonical: the text is what the dumper writes */
        checks++;
        jbuf b = {0};
        if (json_fast_dump(again, &b) != 0 || b.len != n || memcmp(b.text, s, n) != 0) {
            printf("not ok: called canonical but written differently: %.*s\n", (int)n, s);
            failures++;
        }
        free(b.text);
    }
    json_decref(again);
    json_decref(fast);
    json_decref(ref);
}

int main(int argc, char **argv)
{
    static const char *const fast_cases[] = {
        "{}", "[]", "{\"a\":1}", " { \"a\" : [1, 2.5, -3, 0, -0.0, 1e3, 1E-2, true, false, null] } ",
        "{\"s\":\"plain\",\"t\":\"esc \\\" \\\\ \\/ \\b \\f \\n \\r \\t\"}",
        "{\"u\":\"\\u4e2d\\u6587 \\ud83d\\ude00\"}", "{\"中文\":\"值\"}", "{\"a\":{\"b\":{\"c\":[{}]}}}",
        "{\"dup\":1,\"dup\":2}", "{\"big\":9223372036854775807}", "{\"neg\":-9223372036854775808}",
        "{\"r\":85000.5}", "{\"r\":0.30000000000000004}",
        "{\"r\":1.50}", "{\"r\":1e3}", "{\"z\":-0}", "{\"s\":\"a\\/b\"}", "{\"a\":1,\"a\":1}",
        /* valid JSON jansson (flags 0) refuses: a NUL, numbers beyond int64 and double */
        "{\"a\":\"\\u0000\"}", "{\"k\\u0000\":\"a\\u0000b\"}", "{\"big\":9223372036854775808}", "{\"a\":1e400}",
        "{\"acct\":[12345678901234567890,-1e999,1.5e-300]}",
    };
    static const char *const other_cases[] = {
        "", " ", "{", "}", "{\"a\"}", "{\"a\":}", "{\"a\":1,}", "[1,]", "{\"a\":1} x", "\"str\"", "1", "true",
        "{\"a\":01}", "{\"a\":1.}", "{\"a\":.5}", "{\"a\":1e}", "{\"a\":-}", "{\"a\":+1}",
        "{\"a\":\"\\ud800\"}",
        "{\"a\":\"\\udc00\"}", "{\"a\":\"\\x\"}", "{\"a\":\"tab\there\"}", "{\"a\":tru}", "{\"a\":nul}",
        "{'a':1}", "{\"a\":1 \"b\":2}", "[[[[[[[[[[]]]]]]]]]]", "{\"a\":\"\\u12\"}",
    };
    for (size_t i = 0; i < sizeof fast_cases / sizeof *fast_cases; i++) compare(fast_cases[i], strlen(fast_cases[i]), 1);
    for (size_t i = 0; i < sizeof other_cases / sizeof *other_cases; i++) compare(other_cases[i], strlen(other_cases[i]), 0);
    static const double reals[] = {0.0, -0.0, 1.0, 85000.5, 0.1 + 0.2, 1e20, 1e-5, 1.5e300, -2.5e-300,
                                   123456789012345678.0, 99999.99, 100000.01, 1e15, 1e16, 3.14159265358979};
    for (size_t i = 0; i < sizeof reals / sizeof *reals; i++) {
        json_t *r = json_real(reals[i]);
        compare_dump(r);
        json_decref(r);
    }
    static const char *const strings[] = {"", "\x01\x1f\x7f", "a\"b\\c/d", "\xe2\x80\xa8 line sep", "中文 \t\n\r\b\f"};
    for (size_t i = 0; i < sizeof strings / sizeof *strings; i++) {
        json_t *str = json_string(strings[i]);
        compare_dump(str);
        json_decref(str);
    }
    json_t *ints = json_pack("[I,I,I,I]", (json_int_t)0, (json_int_t)-1, (json_int_t)INT64_MAX, (json_int_t)INT64_MIN);
    compare_dump(ints);
    json_decref(ints);
    for (int f = 1; f < argc; f++) {
        FILE *in = fopen(argv[f], "r");
        if (!in) { printf("not ok: cannot open %s\n", argv[f]); return 1; }
        char *line = NULL;
        size_t cap = 0;
        ssize_t n;
        while ((n = getline(&line, &cap, in)) > 0) {
            while (n && (line[n - 1] == '\n' || line[n - 1] == '\r')) n--;
            if (valid_utf8((const unsigned char *)line, (size_t)n)) compare(line, (size_t)n, 0);
        }
        free(line);
        fclose(in);
    }
    if (failures) return 1;
    printf("ok %d checks\n", checks);
    return 0;
}
