/* json_fast.h: a quick parser for the common case of one JSON object per
 * line, building jansson values.  It accepts what jansson accepts with
 * JSON_ALLOW_NUL (\u0000 in a string or key) and gives the same values,
 * and more: a number jansson cannot hold (an integer beyond 64 bits, a
 * 20-digit bank account, 1e400) or not exactly (more digits than the 15
 * it writes back: 123456789.123456789, 0.30000000000000004) is valid JSON
 * and is kept as its text (json_rawnum below).  Anything else it is not sure of (a lone surrogate,
 * any syntax error) makes it return NULL, and the caller parses the text
 * with json_loadb() to get jansson's own verdict and error message. */
#ifndef ZX_JSON_FAST_H
#define ZX_JSON_FAST_H
#include <jansson.h>
#include <stddef.h>

/* A number kept as its text: a jansson string whose first byte is 0xFF
 * (never in valid UTF-8, so never a string of the input) followed by the
 * number's JSON text.  json_fast_dump() and the CSV writer write the text
 * as it came; typed getters read it as a number or say it is unreadable.
 * json_rawnum() returns a new reference (NULL when out of memory);
 * json_rawnum_text() the text (borrowed, *n bytes) or NULL when v is not
 * one. */
#define JSON_RAWNUM_MARK 0xFF
json_t *json_rawnum(const char *text, size_t n);
static inline const char *json_rawnum_text(const json_t *v, size_t *n)
{
    if (!json_is_string(v)) return NULL;
    const char *s = json_string_value(v);
    if ((unsigned char)s[0] != JSON_RAWNUM_MARK) return NULL;
    if (n) *n = json_string_length(v) - 1;
    return s + 1;
}

/* 1 and *d when v is a number kept as its text that a double holds
 * (with fewer digits: 123456789.123456789), else 0 (1e400, not one). */
int json_rawnum_double(const json_t *v, double *d);

/* json_equal(), where a number kept as its text equals the double it
 * reads as (for tests against jansson, which holds the double). */
int json_fast_equal(const json_t *a, const json_t *b);

/* Parses text[0..n) (valid UTF-8, as the reader guarantees) as one JSON
 * value with nothing but blanks after it.  Returns a new reference the
 * caller owns, or NULL (see above). */
json_t *json_fast_parse(const char *text, size_t n);

/* The same, and *canonical = 1 when the text is exactly what
 * json_fast_dump() would write for the value (compact, numbers and
 * strings in jansson's form, no repeated key), else 0. */
json_t *json_fast_parse_text(const char *text, size_t n, int *canonical);

/* What a parse found besides the value: the reader's limits are checked
 * from it without another pass over the line. */
typedef struct json_fast_info {
    int canonical;      /* as *canonical above */
    int max_nesting;    /* the deepest nesting of arrays and objects (a flat object: 1) */
    size_t max_string;  /* the longest string or key: bytes of its text between the quotes */
    char dup_key[64];   /* building: the first key the top-level object gives twice (the
                           last value is kept), cut to fit; "" when none */
} json_fast_info;

/* json_fast_parse(), and *info when the result is not NULL. */
json_t *json_fast_parse_info(const char *text, size_t n, json_fast_info *info);

/* Checks text[0..n) as json_fast_check() does, as one object, making no
 * values, and gives each of its members, in order, to member(ctx, key,
 * keylen, off, len): the key unescaped (borrowed for the call, may hold a
 * NUL) and where the value's text is (text[off..off+len)).  1 when the
 * text is an object json_fast_parse() would take and every call returned
 * 0 (with *info), else 0: calls may have been made, forget what they said.
 * A repeated key is not noticed here: member() sees both. */
typedef int (*json_fast_member_fn)(void *ctx, const char *key, size_t keylen, size_t off, size_t len);
int json_fast_members(const char *text, size_t n, json_fast_info *info, json_fast_member_fn member, void *ctx);

/* Parses text[0..n) as one JSON value of any type (a member's value).  A
 * new reference, or NULL as json_fast_parse(). */
json_t *json_fast_parse_any(const char *text, size_t n);

/* Checks text[0..n) as json_fast_parse() would parse it, making no
 * values: 1 when it would give a value (with *info), else 0. */
int json_fast_check(const char *text, size_t n, json_fast_info *info);

/* For text[0..n) known to be valid JSON (checked already): the index just
 * past the value that starts at text[i] (blanks before it skipped), or n
 * when the text ends first.  Makes no values, checks nothing. */
size_t json_fast_skip(const char *text, size_t n, size_t i);
/* A growable text buffer (the writer's output, a CSV cell).  Zero it to
 * start; free(text) when done.  On out of memory, failed is set and what
 * follows is dropped. */
typedef struct jbuf {
    char *text;
    size_t len, cap;
    int failed;
} jbuf;

/* Appends s[0..n).  0, or -1 when out of memory. */
int jbuf_grow(jbuf *b, size_t n);
static inline int jbuf_put(jbuf *b, const char *s, size_t n)
{
    if (b->len + n > b->cap && jbuf_grow(b, n) != 0) return -1;
    __builtin_memcpy(b->text + b->len, s, n);
    b->len += n;
    return 0;
}

/* Appends v to b as json_dumps(v, JSON_COMPACT | JSON_REAL_PRECISION(15) |
 * JSON_ENCODE_ANY) would write it, byte for byte (the writer's format),
 * faster: runs of plain text are copied whole, numbers formatted by hand.
 * Strings must be valid UTF-8 (all jansson strings are).  0, or -1. */
int json_fast_dump(const json_t *v, jbuf *b);

/* Appends s[0..n) (UTF-8) as a JSON string, as json_fast_dump() writes
 * one (an object's key, without making a json_t of it).  0, or -1. */
int json_fast_dump_string(const char *s, size_t n, jbuf *b);
/* Appends v as json_fast_dump() writes an integer.  0, or -1. */
int json_fast_dump_integer(json_int_t v, jbuf *b);

#endif
