/* encoding.h: one physical input line (UTF-8, UTF-8 with BOM, or GB18030)
 * to UTF-8 text, with every byte that cannot be read kept visibly.
 *
 * A byte that is not part of a valid sequence of the line's encoding, and
 * every NUL byte, is written as the four characters \xHH (upper-case hex) in
 * the text, so nothing is silently lost; the line is then marked bad with the
 * file offset (0-based) of its first such byte. */
#ifndef ZX_ENCODING_H
#define ZX_ENCODING_H
#include <stddef.h>
#include "reader.h"

typedef enum { ZBAD_NONE, ZBAD_UTF8, ZBAD_GB18030, ZBAD_NUL } zbad_kind;

typedef struct zdecoded {
    const char *text;   /* UTF-8; borrowed from the input or the decoder, valid
                           until the next decoder_line() */
    size_t len;
    zbad_kind bad;      /* first unreadable byte's kind, ZBAD_NONE if none */
    long long bad_at;   /* its offset in the file, -1 if none */
} zdecoded;

typedef struct zdecoder zdecoder;

/* A decoder for one file: ENC_AUTO decides at a BOM (UTF-8) or at the first
 * line holding a non-ASCII byte (valid UTF-8: UTF-8, else GB18030) and keeps
 * that choice.  Caller frees with decoder_free(); NULL when out of memory. */
zdecoder *decoder_new(zencoding enc);
void decoder_free(zdecoder *d);

/* Decodes the raw line `raw` (n bytes, line end included) that starts at
 * file offset `off`.  A UTF-8 BOM at offset 0 is dropped.  0, or -1 with
 * *err (malloc'd) when GB18030 conversion is not available. */
int decoder_line(zdecoder *d, const char *raw, size_t n, long long off, zdecoded *out, char **err);

/* ENC_UTF8 or ENC_GB18030 once decided, else ENC_AUTO. */
zencoding decoder_encoding(const zdecoder *d);

/* "invalid UTF-8", "invalid GB18030", "NUL byte". */
const char *bad_kind_name(zbad_kind k);

/* Length (1-4) of the valid UTF-8 sequence at s (n bytes left), 0 if the
 * bytes there are not one; NUL counts as valid here. */
size_t utf8_seq_len(const unsigned char *s, size_t n);

#endif
