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

/* Writes v as json_dump_callback(v, put, data, JSON_COMPACT |
 * JSON_REAL_PRECISION(15) | JSON_ENCODE_ANY) would, byte for byte (the
 * writer's format), in fewer and larger pieces: runs of plain text go out
 * whole, numbers are formatted by hand.  Strings must be valid UTF-8 (all
 * jansson strings are).  0, or -1 when put() returned non-zero. */
int json_fast_dump(const json_t *v, json_dump_callback_t put, void *data);

#endif
