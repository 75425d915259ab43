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

#endif
