/* json_fast.c: see json_fast.h.  Recursive descent over a buffer; strings
 * without escapes go to jansson with one copy and no re-validation (the
 * reader validated the line's UTF-8 already). */
#include "json_fast.h"

#include <errno.h>
#include <stdio.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

typedef struct {
    const char *p, *end;
    char *buf;        /* scratch for escaped strings */
    size_t cap;
    int depth;
    int nest, max_nest;   /* arrays and objects open now, and at most */
    size_t max_string;    /* the longest string's text between its quotes */
    int noncanon;     /* the text differs from what json_fast_dump() writes */
    int build;        /* 0: check the syntax only, make no values (json_null() stands in) */
    const char *text; /* the whole input, for the offsets given to member() */
    json_fast_member_fn member;   /* json_fast_members(): each top-level member to it */
    void *member_ctx;
    int any;          /* the whole text may be any value, not only an array or object */
    char dup_key[64]; /* the first key the top-level object repeats (cut to fit), "" if none */
} parser;

static json_t *value(parser *P);
static int check_value(parser *P);
static json_t *parse_whole(parser *P, json_fast_info *info);

static void skip_blanks(parser *P)
{
    const char *p = P->p;
    while (P->p < P->end && (*P->p == ' ' || *P->p == '\t' || *P->p == '\n' || *P->p == '\r')) P->p++;
    if (P->p != p) P->noncanon = 1;
}

static inline void skip_ws(parser *P)
{
    if (P->p < P->end && (unsigned char)*P->p > ' ') return;   /* compact text: nothing to skip */
    skip_blanks(P);
}

static int hex4(const char *s, unsigned *out)
{
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        char c = s[i];
        v <<= 4;
        if (c >= '0' && c <= '9') v |= (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f') v |= (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F') v |= (unsigned)(c - 'A' + 10);
        else return -1;
    }
    *out = v;
    return 0;
}

static int put_utf8(parser *P, size_t *len, unsigned cp)
{
    if (*len + 4 > P->cap) return -1;
    char *o = P->buf + *len;
    if (cp < 0x80) { o[0] = (char)cp; *len += 1; }
    else if (cp < 0x800) { o[0] = (char)(0xC0 | cp >> 6); o[1] = (char)(0x80 | (cp & 0x3F)); *len += 2; }
    else if (cp < 0x10000) {
        o[0] = (char)(0xE0 | cp >> 12); o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (char)(0x80 | (cp & 0x3F)); *len += 3;
    } else {
        o[0] = (char)(0xF0 | cp >> 18); o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        o[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); o[3] = (char)(0x80 | (cp & 0x3F)); *len += 4;
    }
    return 0;
}

/* The end of the run of plain string bytes at q: the first '"', '\\' or
 * control character at or after q, or end.  Eight bytes at a time (the
 * bits of a word that equal a byte, or are below 0x20, found with
 * carry-free arithmetic); most of a record's text is such runs. */
static inline __attribute__((always_inline)) const char *plain_run(const char *q, const char *end)
{
#ifdef __SSE2__
    /* sixteen bytes at a time: '"', '\\', and a byte at most 0x1F (max(v, 0x1F) == 0x1F) */
    const __m128i vquote = _mm_set1_epi8('"'), vbslash = _mm_set1_epi8('\\'), vctl = _mm_set1_epi8(0x1F);
    while (end - q >= 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)q);
        __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, vquote), _mm_cmpeq_epi8(v, vbslash)),
                                   _mm_cmpeq_epi8(_mm_max_epu8(v, vctl), vctl));
        unsigned m = (unsigned)_mm_movemask_epi8(hit);
        if (m) return q + __builtin_ctz(m);
        q += 16;
    }
#endif
    const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
    while (end - q >= 8) {
        uint64_t w;
        memcpy(&w, q, 8);
        uint64_t quote = w ^ (ones * '"'), bslash = w ^ (ones * '\\');
        uint64_t hit = ((quote - ones) & ~quote) | ((bslash - ones) & ~bslash) | ((w - ones * 0x20) & ~w);
        hit &= highs;
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
        /* the lowest flagged byte is exact: a borrow runs on only from a byte flagged already */
        if (hit) return q + (__builtin_ctzll(hit) >> 3);
#else
        if (hit) break;   /* one of these 8 bytes ends the run: found below */
#endif
        q += 8;
    }
    while (q < end && *q != '"' && *q != '\\' && (unsigned char)*q >= 0x20) q++;
    return q;
}

/* A string at P->p (after the opening quote): sets *s and *n to its text
 * (either in the input or in P->buf).  0, or -1 to give up. */
static int string(parser *P, const char **s, size_t *n)
{
    const char *start = P->p, *q = plain_run(start, P->end);
    if (q >= P->end || (unsigned char)*q < 0x20) return -1;
    if (*q == '"') {
        *s = start;
        *n = (size_t)(q - start);
        if (*n > P->max_string) P->max_string = *n;
        P->p = q + 1;
        return 0;
    }
    size_t need = (size_t)(P->end - start);
    if (need > P->cap) {
        char *b = realloc(P->buf, need);
        if (!b) return -1;
        P->buf = b;
        P->cap = need;
    }
    size_t len = (size_t)(q - start);
    memcpy(P->buf, start, len);
    while (q < P->end) {
        char c = *q;
        if (c == '"') {
            *s = P->buf;
            *n = len;
            if ((size_t)(q - start) > P->max_string) P->max_string = (size_t)(q - start);
            P->p = q + 1;
            return 0;
        }
        if ((unsigned char)c < 0x20) return -1;
        if (c != '\\') { P->buf[len++] = c; q++; continue; }
        if (q + 1 >= P->end) return -1;
        char e = q[1];
        q += 2;
        if (e == '/' || e == 'u') P->noncanon = 1;   /* written back as the character itself */
        switch (e) {
        case '"': case '\\': case '/': P->buf[len++] = e; break;
        case 'b': P->buf[len++] = '\b'; break;
        case 'f': P->buf[len++] = '\f'; break;
        case 'n': P->buf[len++] = '\n'; break;
        case 'r': P->buf[len++] = '\r'; break;
        case 't': P->buf[len++] = '\t'; break;
        case 'u': {
            unsigned cp, lo;
            if (q + 4 > P->end || hex4(q, &cp)) return -1;
            q += 4;
            if (cp >= 0xDC00 && cp <= 0xDFFF) return -1;   /* \u0000 is valid JSON: kept, and written escaped */
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                if (q + 6 > P->end || q[0] != '\\' || q[1] != 'u' || hex4(q + 2, &lo) || lo < 0xDC00 || lo > 0xDFFF)
                    return -1;
                q += 6;
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            }
            if (put_utf8(P, &len, cp)) return -1;
            break;
        }
        default: return -1;
        }
    }
    return -1;
}

/* 1 when s[0..n), a JSON number with a fraction and no exponent, is
 * surely what dump_real() writes for it: at most 15 significant digits
 * (a double gives them back), no trailing zero but in ".0", and a size
 * "%.15g" writes without an exponent (at least 0.0001, below 1e15).  0:
 * not known, compare with what dump_real() writes. */
static int real_is_canonical(const char *s, size_t n)
{
    size_t i = s[0] == '-', point = i;
    while (point < n && s[point] != '.') point++;
    if (point == n || point + 1 == n) return 0;   /* an exponent, or no fraction */
    for (size_t k = point + 1; k < n; k++)
        if (s[k] < '0' || s[k] > '9') return 0;
    size_t whole = point - i, frac = n - point - 1, sig;
    if (whole == 1 && s[i] == '0') {   /* 0.xxx: zeros after the point do not count */
        size_t z = 0;
        while (z < frac && s[point + 1 + z] == '0') z++;
        if (z == frac) return frac == 1;   /* 0.0 */
        if (z > 3) return 0;               /* below 0.0001: "%.15g" writes 1e-05 */
        sig = frac - z;
    } else {
        if (whole > 15) return 0;
        sig = whole + frac;
    }
    if (sig > 15) return 0;
    if (s[n - 1] == '0') return frac == 1;   /* 5.0 is written 5.0; 5.10 is not */
    return 1;
}

static json_t *number(parser *P)
{
    const char *s = P->p, *q = s;
    int real = 0;
    if (q < P->end && *q == '-') q++;
    if (q >= P->end) return NULL;
    if (*q == '0') q++;
    else if (*q >= '1' && *q <= '9') while (q < P->end && *q >= '0' && *q <= '9') q++;
    else return NULL;
    if (q < P->end && *q == '.') {
        real = 1;
        q++;
        if (q >= P->end || *q < '0' || *q > '9') return NULL;
        while (q < P->end && *q >= '0' && *q <= '9') q++;
    }
    if (q < P->end && (*q == 'e' || *q == 'E')) {
        real = 1;
        q++;
        if (q < P->end && (*q == '+' || *q == '-')) q++;
        if (q >= P->end || *q < '0' || *q > '9') return NULL;
        while (q < P->end && *q >= '0' && *q <= '9') q++;
    }
    size_t len = (size_t)(q - s);
    if (real && !P->build && real_is_canonical(s, len)) {   /* checking only: no double needed */
        P->p = q;
        return json_null();
    }
    if (!real && !P->build && len < 19) {   /* checking only: fits in a long long */
        if (len == 2 && s[0] == '-' && s[1] == '0') P->noncanon = 1;
        P->p = q;
        return json_null();
    }
    P->p = q;
    char tmp[64];
    if (len >= sizeof tmp) return P->build ? json_rawnum(s, len) : json_null();   /* surely beyond a double's range or digits */
    memcpy(tmp, s, len);
    tmp[len] = 0;
    errno = 0;
    if (!real) {
        long long v = strtoll(tmp, NULL, 10);
        if (errno) return P->build ? json_rawnum(s, len) : json_null();   /* beyond 64 bits: kept as written */
        if (v == 0 && tmp[0] == '-') P->noncanon = 1;   /* -0 is written 0 */
        return P->build ? json_integer(v) : json_null();
    }
    double d = strtod(tmp, NULL);
    if (!isfinite(d)) return P->build ? json_rawnum(s, len) : json_null();   /* 1e400: kept as written */
    json_t *r = json_real(d);   /* an underflow is 0 or a subnormal, as jansson reads it */
    if (r && !real_is_canonical(s, len)) {   /* 1.50 is written 1.5, 1e3 as 1000.0 */
        jbuf b = {0};
        if (json_fast_dump(r, &b) != 0 || jbuf_put(&b, "", 1) != 0) P->noncanon = 1;
        else if (b.len - 1 != len || memcmp(b.text, tmp, len) != 0) {
            if (strtod(b.text, NULL) != d) {   /* more digits than 15 keep: kept as written */
                free(b.text);
                json_decref(r);
                return P->build ? json_rawnum(s, len) : json_null();
            }
            P->noncanon = 1;
        }
        free(b.text);
    }
    if (r && !P->build) {
        json_decref(r);
        return json_null();
    }
    return r;
}

int json_rawnum_double(const json_t *v, double *d)
{
    size_t n;
    const char *t = json_rawnum_text(v, &n);
    char buf[64];
    if (!t || n >= sizeof buf) return 0;
    memcpy(buf, t, n);
    buf[n] = 0;
    *d = strtod(buf, NULL);
    return isfinite(*d);
}

int json_fast_equal(const json_t *a, const json_t *b)
{
    double d;
    if (json_rawnum_text(a, NULL) && json_is_real(b)) return json_rawnum_double(a, &d) && d == json_real_value(b);
    if (json_is_array(a) && json_is_array(b)) {
        if (json_array_size(a) != json_array_size(b)) return 0;
        for (size_t i = 0; i < json_array_size(a); i++)
            if (!json_fast_equal(json_array_get(a, i), json_array_get(b, i))) return 0;
        return 1;
    }
    if (json_is_object(a) && json_is_object(b)) {
        const char *key;
        size_t keylen;
        json_t *v;
        if (json_object_size(a) != json_object_size(b)) return 0;
        json_object_keylen_foreach((json_t *)a, key, keylen, v)
            if (!json_fast_equal(v, json_object_getn(b, key, keylen))) return 0;
        return 1;
    }
    return json_equal(a, b);
}

json_t *json_rawnum(const char *text, size_t n)
{
    char buf[128], *t = n + 1 <= sizeof buf ? buf : malloc(n + 1);
    if (!t) return NULL;
    t[0] = (char)JSON_RAWNUM_MARK;
    memcpy(t + 1, text, n);
    json_t *v = json_stringn_nocheck(t, n + 1);
    if (t != buf) free(t);
    return v;
}

static const char *ck_value(parser *P, const char *p);
static const char *ck_ws(parser *P, const char *p);

/* json_fast_members(): the record's own members at P->p (after '{'),
 * each checked and given to P->member().  json_null(), or NULL. */
static json_t *members(parser *P)
{
    const char *p = ck_ws(P, P->p), *end = P->end;
    if (p < end && *p == '}') { P->p = p + 1; return json_null(); }
    for (;;) {
        p = ck_ws(P, p);
        if (p >= end || *p != '"') return NULL;
        p++;
        const char *k = p, *q = plain_run(p, end);
        size_t kn;
        char key[256], *heap = NULL;
        if (q < end && *q == '"') {   /* a key with no escape: in the text */
            kn = (size_t)(q - p);
            if (kn > P->max_string) P->max_string = kn;
            p = q + 1;
        } else {
            P->p = p;
            if (string(P, &k, &kn)) return NULL;   /* a raw control character fails there; \u0000 is a NUL in the key */
            p = P->p;
            /* unescaped in P->buf, which the value's own escapes may reuse */
            char *to = kn < sizeof key ? key : (heap = malloc(kn + 1));
            if (!to) return NULL;
            memcpy(to, k, kn);
            to[kn] = 0;
            k = to;
        }
        p = ck_ws(P, p);
        if (p >= end || *p != ':') { free(heap); return NULL; }
        const char *start = ck_ws(P, p + 1);
        p = ck_value(P, start);
        int bad = !p || P->member(P->member_ctx, k, kn, (size_t)(start - P->text), (size_t)(p - start)) != 0;
        free(heap);
        if (bad) return NULL;
        p = ck_ws(P, p);
        if (p < end && *p == ',') { p++; continue; }
        if (p < end && *p == '}') { P->p = p + 1; return json_null(); }
        return NULL;
    }
}

static json_t *object(parser *P)
{
    if (P->depth == 1 && P->member && !P->build) return members(P);
    json_t *obj = P->build ? json_object() : json_null();
    int top = P->depth == 1 && P->member;   /* the record's own members */
    skip_ws(P);
    if (P->p < P->end && *P->p == '}') { P->p++; return obj; }
    for (;;) {
        skip_ws(P);
        if (P->p >= P->end || *P->p != '"') break;
        P->p++;
        const char *k;
        size_t kn;
        if (string(P, &k, &kn)) break;   /* a raw control character fails there; \u0000 is a NUL in the key */
        char key[256], *heap = NULL;
        const char *kz = key;
        /* the key is needed when building, and by member() after the value,
         * whose own escapes may reuse P->buf where an escaped key is */
        if (!P->build && !(top && k == P->buf)) kz = top ? k : "";
        else if (kn < sizeof key) { memcpy(key, k, kn); key[kn] = 0; }
        else { heap = malloc(kn + 1); if (!heap) break; memcpy(heap, k, kn); heap[kn] = 0; kz = heap; }
        skip_ws(P);
        if (P->p >= P->end || *P->p != ':') { free(heap); break; }
        P->p++;
        json_t *v;
        skip_ws(P);
        if (top) {   /* checked now, built on demand */
            const char *start = P->p;
            v = check_value(P) ? NULL : json_null();
            if (v && P->member(P->member_ctx, kz, kn, (size_t)(start - P->text), (size_t)(P->p - start)) != 0)
                v = NULL;
        } else {
            v = value(P);
        }
        if (!v) { free(heap); break; }
        if (P->build) {
            size_t had = json_object_size(obj);
            json_object_setn_new_nocheck(obj, kz, kn, v);
            if (json_object_size(obj) == had) {   /* a repeated key: the last one is kept */
                P->noncanon = 1;
                if (P->depth == 1 && !P->dup_key[0]) snprintf(P->dup_key, sizeof P->dup_key, "%.*s", (int)strnlen(kz, kn), kz);
            }
        }
        free(heap);
        skip_ws(P);
        if (P->p < P->end && *P->p == ',') { P->p++; continue; }
        if (P->p < P->end && *P->p == '}') { P->p++; return obj; }
        break;
    }
    json_decref(obj);
    return NULL;
}

static json_t *array(parser *P)
{
    json_t *arr = P->build ? json_array() : json_null();
    skip_ws(P);
    if (P->p < P->end && *P->p == ']') { P->p++; return arr; }
    for (;;) {
        json_t *v = value(P);
        if (!v) break;
        if (P->build) json_array_append_new(arr, v);
        skip_ws(P);
        if (P->p < P->end && *P->p == ',') { P->p++; continue; }
        if (P->p < P->end && *P->p == ']') { P->p++; return arr; }
        break;
    }
    json_decref(arr);
    return NULL;
}

/* ---- checking only (P->build == 0): no value is made, no branch on
 * building is taken; the same verdicts, limits and canonical flag. ---- */

/* The cursor travels as an argument and a return value (NULL: not
 * valid), so that it stays in a register; P->p is set only around the
 * shared slow paths (escapes, blanks, numbers). */

/* p past blanks. */
static inline __attribute__((always_inline)) const char *ck_ws(parser *P, const char *p)
{
    if (p < P->end && (unsigned char)*p > ' ') return p;   /* compact text: nothing to skip */
    P->p = p;
    skip_blanks(P);
    return P->p;
}

/* A string at p (after the opening quote): just past its closing quote. */
static inline __attribute__((always_inline)) const char *ck_string(parser *P, const char *p)
{
    const char *q = plain_run(p, P->end);
    if (q < P->end && *q == '"') {
        if ((size_t)(q - p) > P->max_string) P->max_string = (size_t)(q - p);
        return q + 1;
    }
    const char *s;
    size_t n;
    P->p = p;
    return string(P, &s, &n) ? NULL : P->p;   /* escapes, and the errors */
}

static const char *ck_value(parser *P, const char *p);

/* An object's members at p (after '{'). */
static const char *ck_object(parser *P, const char *p)
{
    p = ck_ws(P, p);
    if (p < P->end && *p == '}') return p + 1;
    for (;;) {
        p = ck_ws(P, p);
        if (p >= P->end || *p != '"') return NULL;
        if (!(p = ck_string(P, p + 1))) return NULL;
        p = ck_ws(P, p);
        if (p >= P->end || *p != ':') return NULL;
        p++;
        if (p < P->end && *p == '"' && P->depth < 2048) p = ck_string(P, p + 1);   /* most values: no call */
        else p = ck_value(P, p);
        if (!p) return NULL;
        p = ck_ws(P, p);
        if (p < P->end && *p == ',') { p++; continue; }
        if (p < P->end && *p == '}') return p + 1;
        return NULL;
    }
}

/* An array's items at p (after '['). */
static const char *ck_array(parser *P, const char *p)
{
    p = ck_ws(P, p);
    if (p < P->end && *p == ']') return p + 1;
    for (;;) {
        if (!(p = ck_value(P, p))) return NULL;
        p = ck_ws(P, p);
        if (p < P->end && *p == ',') { p++; continue; }
        if (p < P->end && *p == ']') return p + 1;
        return NULL;
    }
}

/* 1 when p[0..n) is the word w and the text holds it. */
static inline int ck_word(parser *P, const char *p, const char *w, size_t n)
{
    return (size_t)(P->end - p) >= n && memcmp(p, w, n) == 0;
}

static const char *ck_value(parser *P, const char *p)
{
    p = ck_ws(P, p);
    if (p >= P->end || ++P->depth > 2048) return NULL;
    switch (*p) {
    case '"':
        p = ck_string(P, p + 1);
        break;
    case '{': case '[':
        if (++P->nest > P->max_nest) P->max_nest = P->nest;
        p = *p == '{' ? ck_object(P, p + 1) : ck_array(P, p + 1);
        P->nest--;
        break;
    case 't': p = ck_word(P, p, "true", 4) ? p + 4 : NULL; break;
    case 'f': p = ck_word(P, p, "false", 5) ? p + 5 : NULL; break;
    case 'n': p = ck_word(P, p, "null", 4) ? p + 4 : NULL; break;
    default: {
        /* an integer of 1 to 18 digits that does not start with 0: valid and
         * canonical as it stands (number() sees the rest: 0, -0, 1.5, 1e3) */
        const char *q = p + (*p == '-');
        if (q < P->end && *q >= '1' && *q <= '9') {
            while (++q < P->end && *q >= '0' && *q <= '9') {}
            if ((q == P->end || (*q != '.' && *q != 'e' && *q != 'E')) && q - p < 19) {
                p = q;
                break;
            }
        }
        P->p = p;
        p = number(P) ? P->p : NULL;   /* json_null() when checking: nothing to free */
    }
    }
    P->depth--;
    return p;
}

/* The value at P->p, checked: 0 (P->p past it), or -1. */
static int check_value(parser *P)
{
    const char *p = ck_value(P, P->p);
    if (!p) return -1;
    P->p = p;
    return 0;
}

static int word(parser *P, const char *w)
{
    size_t n = strlen(w);
    if ((size_t)(P->end - P->p) < n || memcmp(P->p, w, n) != 0) return 0;
    P->p += n;
    return 1;
}

static json_t *value(parser *P)
{
    if (!P->build && !P->member) return check_value(P) ? NULL : json_null();
    skip_ws(P);
    if (P->p >= P->end || ++P->depth > 2048) return NULL;
    json_t *v = NULL;
    char c = *P->p;
    if (c == '{' || c == '[') {
        if (++P->nest > P->max_nest) P->max_nest = P->nest;
        P->p++;
        v = c == '{' ? object(P) : array(P);
        P->nest--;
    }
    else if (c == '"') {
        const char *s;
        size_t n;
        P->p++;
        if (string(P, &s, &n) == 0) v = P->build ? json_stringn_nocheck(s, n) : json_null();
    }
    else if (word(P, "true")) v = json_true();
    else if (word(P, "false")) v = json_false();
    else if (word(P, "null")) v = json_null();
    else v = number(P);
    P->depth--;
    return v;
}

json_t *json_fast_parse(const char *text, size_t n) { return json_fast_parse_text(text, n, NULL); }

json_t *json_fast_parse_text(const char *text, size_t n, int *canonical)
{
    json_fast_info info;
    json_t *v = json_fast_parse_info(text, n, &info);
    if (canonical) *canonical = v && info.canonical;
    return v;
}

/* P's whole text as one array or object (jansson's rule) with nothing but
 * blanks after it: the value (json_null() when only checking), or NULL.
 * *info is set when it is not NULL. */
static json_t *parse_whole(parser *P, json_fast_info *info)
{
    json_t *v = NULL;
    skip_ws(P);
    if (P->p < P->end && (P->any || *P->p == '{' || *P->p == '[')) v = value(P);
    skip_ws(P);
    if (v && P->p != P->end) { json_decref(v); v = NULL; }
    free(P->buf);
    if (v && info) {
        *info = (json_fast_info){!P->noncanon, P->max_nest, P->max_string, {0}};
        memcpy(info->dup_key, P->dup_key, sizeof info->dup_key);
    }
    return v;
}

int json_fast_check(const char *text, size_t n, json_fast_info *info)
{
    parser P = {.p = text, .end = text + n, .build = 0, .text = text};
    return parse_whole(&P, info) != NULL;   /* json_null(): nothing to free */
}

json_t *json_fast_parse_info(const char *text, size_t n, json_fast_info *info)
{
    parser P = {.p = text, .end = text + n, .build = 1, .text = text};
    return parse_whole(&P, info);
}

int json_fast_members(const char *text, size_t n, json_fast_info *info, json_fast_member_fn member, void *ctx)
{
    parser P = {.p = text, .end = text + n, .build = 0, .text = text, .member = member, .member_ctx = ctx};
    skip_ws(&P);
    if (P.p >= P.end || *P.p != '{') return 0;
    return parse_whole(&P, info) != NULL;
}

size_t json_fast_skip(const char *t, size_t n, size_t i)
{
    while (i < n && (t[i] == ' ' || t[i] == '\t' || t[i] == '\n' || t[i] == '\r')) i++;
    if (i >= n) return n;
    int depth = 0;
    do {
        char c = t[i++];
        if (c == '"') {
            for (;;) {
                i = (size_t)(plain_run(t + i, t + n) - t);
                if (i >= n || t[i] == '"') break;
                i += t[i] == '\\' ? 2 : 1;
            }
            i++;
        } else if (c == '[' || c == '{') {
            depth++;
        } else if (c == ']' || c == '}') {
            depth--;
        } else if (!depth) {   /* a number or a word */
            while (i < n && t[i] != ',' && t[i] != ']' && t[i] != '}' && (unsigned char)t[i] > ' ') i++;
        }
    } while (depth > 0 && i < n);
    return i < n ? i : n;
}

json_t *json_fast_parse_any(const char *text, size_t n)
{
    parser P = {.p = text, .end = text + n, .build = 1, .text = text, .any = 1};
    return parse_whole(&P, NULL);
}

/* ---- writing ---- */

int jbuf_grow(jbuf *b, size_t n)
{
    if (b->failed) return -1;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + n) cap *= 2;
    char *t = realloc(b->text, cap);
    if (!t) {
        b->failed = 1;
        return -1;
    }
    b->text = t;
    b->cap = cap;
    return 0;
}

int json_fast_dump_string(const char *s, size_t n, jbuf *b)
{
    static const char hex[] = "0123456789ABCDEF";   /* jansson writes \u001F */
    if (jbuf_put(b, "\"", 1)) return -1;
    const char *end = s + n;
    for (;;) {
        const char *q = plain_run(s, end);   /* copied whole up to a byte to escape */
        if (q > s && jbuf_put(b, s, (size_t)(q - s))) return -1;
        if (q == end) break;
        unsigned char c = (unsigned char)*q;
        s = q + 1;
        char esc[6] = {'\\', 0};
        size_t len = 2;
        switch (c) {
        case '"': esc[1] = '"'; break;
        case '\\': esc[1] = '\\'; break;
        case '\b': esc[1] = 'b'; break;
        case '\f': esc[1] = 'f'; break;
        case '\n': esc[1] = 'n'; break;
        case '\r': esc[1] = 'r'; break;
        case '\t': esc[1] = 't'; break;
        default:
            esc[1] = 'u';
            esc[2] = '0';
            esc[3] = '0';
            esc[4] = hex[c >> 4];
            esc[5] = hex[c & 15];
            len = 6;
        }
        if (jbuf_put(b, esc, len)) return -1;
    }
    return jbuf_put(b, "\"", 1);
}

int json_fast_dump_integer(json_int_t v, jbuf *b)
{
    char buf[24], *p = buf + sizeof buf;
    unsigned long long u = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
    do *--p = (char)('0' + u % 10); while (u /= 10);
    if (v < 0) *--p = '-';
    return jbuf_put(b, p, (size_t)(buf + sizeof buf - p));
}

/* As jansson's jsonp_dtostr() with precision 15: "%.15g", a ".0" when it
 * would read as an integer, the exponent without '+' or leading zeros. */
static int dump_real(double v, jbuf *b)
{
    char buf[64];
    int n = snprintf(buf, sizeof buf - 2, "%.15g", v);
    if (n < 0 || (size_t)n >= sizeof buf - 2) return -1;
    if (!strchr(buf, '.') && !strchr(buf, 'e')) {
        buf[n++] = '.';
        buf[n++] = '0';
        buf[n] = 0;
    }
    char *e = strchr(buf, 'e');
    if (e) {
        char *start = e + 1, *end = start + 1;
        if (*start == '-') start++;
        while (*end == '0') end++;
        if (end != start) {
            memmove(start, end, (size_t)(buf + n + 1 - end));
            n -= (int)(end - start);
        }
    }
    return jbuf_put(b, buf, (size_t)n);
}

static int dump_value(const json_t *v, jbuf *b, int depth)
{
    if (depth > 2048) return -1;   /* jansson's own limit on nesting when dumping */
    switch (json_typeof(v)) {
    case JSON_OBJECT: {
        if (jbuf_put(b, "{", 1)) return -1;
        const char *key;
        size_t keylen;
        json_t *item;
        int first = 1;
        json_object_keylen_foreach((json_t *)v, key, keylen, item) {
            if (!first && jbuf_put(b, ",", 1)) return -1;
            first = 0;
            if (json_fast_dump_string(key, keylen, b) || jbuf_put(b, ":", 1) ||
                dump_value(item, b, depth + 1))
                return -1;
        }
        return jbuf_put(b, "}", 1);
    }
    case JSON_ARRAY: {
        if (jbuf_put(b, "[", 1)) return -1;
        size_t i;
        json_t *item;
        json_array_foreach(v, i, item) {
            if (i && jbuf_put(b, ",", 1)) return -1;
            if (dump_value(item, b, depth + 1)) return -1;
        }
        return jbuf_put(b, "]", 1);
    }
    case JSON_STRING: {
        size_t n;
        const char *raw = json_rawnum_text(v, &n);
        if (raw) return jbuf_put(b, raw, n);   /* a number kept as written */
        return json_fast_dump_string(json_string_value(v), json_string_length(v), b);
    }
    case JSON_INTEGER: return json_fast_dump_integer(json_integer_value(v), b);
    case JSON_REAL: return dump_real(json_real_value(v), b);
    case JSON_TRUE: return jbuf_put(b, "true", 4);
    case JSON_FALSE: return jbuf_put(b, "false", 5);
    case JSON_NULL: return jbuf_put(b, "null", 4);
    }
    return -1;
}

int json_fast_dump(const json_t *v, jbuf *b)
{
    return v ? dump_value(v, b, 0) : -1;
}
