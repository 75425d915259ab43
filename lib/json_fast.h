/* json_fast.h: a quick parser for the common case of one JSON object per
 * line, building jansson values.  It accepts only what jansson accepts and
 * gives the same values; anything it is not sure of (a number out of range,
 * \u0000, a lone surrogate, any syntax error) makes it return NULL, and the
 * caller parses the text with json_loadb() to get jansson's own verdict and
 * error message. */
#ifndef ZX_JSON_FAST_H
#define ZX_JSON_FAST_H
#include <jansson.h>
#include <stddef.h>

/* Parses text[0..n) (valid UTF-8, as the reader guarantees) as one JSON
 * value with nothing but blanks after it.  Returns a new reference the
 * caller owns, or NULL (see above). */
json_t *json_fast_parse(const char *text, size_t n);

/* The same, and *canonical = 1 when the text is exactly what
 * json_fast_dump() would write for the value (compact, numbers and
 * strings in jansson's form, no repeated key), else 0. */
json_t *json_fast_parse_text(const char *text, size_t n, int *canonical);

/* What json_fast_parse_lazy() found besides the value: the reader's
 * limits are checked from it without another pass over the line. */
typedef struct json_fast_info {
    int canonical;      /* as *canonical above */
    int max_nesting;    /* the deepest nesting of arrays and objects (a flat object: 1) */
    size_t max_string;  /* the longest string or key: bytes of its text between the quotes */
} json_fast_info;
/* The same, but the members of the top-level object whose values are
 * arrays or objects are only checked, not built: each is json_null() in
 * the result, and lazy(ctx, key, off, len) gives where its text is
 * (text[off..off+len)), to be parsed when it is needed (lazy NULL: build
 * everything).  When the parse fails (NULL), lazy() may have been called:
 * forget what it was told.  *info is set when the result is not NULL. */
typedef void (*json_fast_lazy_fn)(void *ctx, const char *key, size_t off, size_t len);
json_t *json_fast_parse_lazy(const char *text, size_t n, json_fast_info *info, json_fast_lazy_fn lazy, void *ctx);

/* Checks text[0..n) as json_fast_parse() would parse it, making no
 * values: 1 when it would give a value (with *info), else 0. */
int json_fast_check(const char *text, size_t n, json_fast_info *info);
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
