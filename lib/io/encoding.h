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
#include "utf8.h"

typedef enum { ZBAD_NONE, ZBAD_UTF8, ZBAD_GB18030, ZBAD_NUL, ZBAD_UTF16 } zbad_kind;

typedef struct zdecoded {
    const char *text;   /* UTF-8; borrowed from the input or the decoder, valid
                           until the next decoder_line() */
    size_t len;
    zbad_kind bad;      /* first unreadable byte's kind, ZBAD_NONE if none */
    long long bad_at;   /* its offset in the file, -1 if none or not known
                           (UTF-16 input, converted before decoding) */
} zdecoded;

typedef struct zdecoder zdecoder;

/* A decoder for one file.  ENC_AUTO: a UTF-8 BOM makes every line UTF-8;
 * without one each line is decided on its own: valid UTF-8 is UTF-8; a line
 * that is not is still UTF-8 (its bad bytes flagged "invalid UTF-8") when
 * it is mostly valid UTF-8 sequences or the file's earlier non-ASCII lines
 * were mostly UTF-8, else GB18030.  So one damaged line flags only itself.
 * Caller frees with decoder_free(); NULL when out of memory. */
zdecoder *decoder_new(zencoding enc);
void decoder_free(zdecoder *d);

/* Decodes the raw line `raw` (n bytes, line end included) that starts at
 * file offset `off`.  A UTF-8 BOM at offset 0 is dropped.  0, or -1 with
 * *err (malloc'd) when GB18030 conversion is not available. */
int decoder_line(zdecoder *d, const char *raw, size_t n, long long off, zdecoded *out, char **err);

/* The encoding the last line holding a non-ASCII byte was read in
 * (ENC_UTF8 or ENC_GB18030), ENC_AUTO before any. */
zencoding decoder_encoding(const zdecoder *d);

/* The reader converts UTF-16 input to UTF-8 before the decoder sees it:
 * every line is then UTF-8, and a byte that is not (the reader's mark for
 * a unit it could not convert) is "invalid UTF-16". */
void decoder_from_utf16(zdecoder *d);

/* "invalid UTF-8", "invalid GB18030", "NUL byte", "invalid UTF-16". */
const char *bad_kind_name(zbad_kind k);

/* utf8_seq_len(): utf8.h */

#endif
