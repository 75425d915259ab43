/* encoding.c: see encoding.h. */
#include "encoding.h"

#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

struct zdecoder {
    zencoding fixed;    /* --encoding, a BOM, or UTF-16 input: ENC_AUTO if none */
    zencoding enc;      /* the encoding of the last line holding a non-ASCII byte */
    int from_utf16;     /* the text was UTF-16, converted by the reader */
    long long utf8_lines, gb_lines;   /* non-ASCII lines read as each, so far */
    iconv_t cd;         /* GB18030 -> UTF-8, opened when first needed */
    int cd_open;
    char *buf;          /* decoded text of the last line when not borrowed */
    size_t cap;
};

zdecoder *decoder_new(zencoding enc)
{
    zdecoder *d = calloc(1, sizeof *d);
    if (d) d->fixed = d->enc = enc;
    return d;
}

void decoder_free(zdecoder *d)
{
    if (!d) return;
    if (d->cd_open) iconv_close(d->cd);
    free(d->buf);
    free(d);
}

zencoding decoder_encoding(const zdecoder *d) { return d->enc; }

void decoder_from_utf16(zdecoder *d)
{
    d->fixed = d->enc = ENC_UTF8;
    d->from_utf16 = 1;
}

const char *bad_kind_name(zbad_kind k)
{
    switch (k) {
    case ZBAD_UTF8: return "invalid UTF-8";
    case ZBAD_GB18030: return "invalid GB18030";
    case ZBAD_NUL: return "NUL byte";
    case ZBAD_UTF16: return "invalid UTF-16";
    default: return "unreadable byte";
    }
}

/* Scans the line: 1 if it holds a non-ASCII byte; *clean = 1 when every
 * byte is valid UTF-8 and none is NUL. */
static int scan_utf8(const unsigned char *s, size_t n, int *clean)
{
    const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
    int high = 0;
    *clean = 1;
    for (size_t i = 0; i < n;) {
#ifdef __SSE2__
        while (n - i >= 16) {   /* sixteen ASCII bytes, none of them NUL, at once */
            __m128i v = _mm_loadu_si128((const __m128i *)(s + i));
            unsigned m = (unsigned)_mm_movemask_epi8(_mm_or_si128(v, _mm_cmpeq_epi8(v, _mm_setzero_si128())));
            if (m) {   /* on to the first byte that is not: the ASCII before it is done */
                i += (size_t)__builtin_ctz(m);
                break;
            }
            i += 16;
        }
        if (i == n) break;
#endif
        if (n - i >= 8) {   /* eight ASCII bytes, none of them NUL, at once */
            uint64_t w;
            memcpy(&w, s + i, 8);
            if (!((w | ((w - ones) & ~w)) & highs)) { i += 8; continue; }
        }
        unsigned char c = s[i];
        if (c && c < 0x80) { i++; continue; }
        if (!c) { *clean = 0; i++; continue; }
        high = 1;
        /* most Chinese text: a run of three-byte sequences whose lead needs
         * no check of its second byte's range (not E0 or ED), taken one
         * after another without trying for ASCII between them */
        if (c > 0xE0 && c < 0xF0 && c != 0xED && n - i >= 3 && (s[i + 1] & 0xC0) == 0x80 &&
            (s[i + 2] & 0xC0) == 0x80) {
            i += 3;
            while (n - i >= 3 && (c = s[i]) > 0xE0 && c < 0xF0 && c != 0xED && (s[i + 1] & 0xC0) == 0x80 &&
                   (s[i + 2] & 0xC0) == 0x80)
                i += 3;
            continue;
        }
        size_t k = utf8_seq_len(s + i, n - i);
        if (!k) { *clean = 0; i++; } else i += k;
    }
    return high;
}

static int reserve(zdecoder *d, size_t need)
{
    if (need <= d->cap) return 0;
    size_t cap = d->cap ? d->cap : 4096;
    while (cap < need) cap *= 2;
    char *b = realloc(d->buf, cap);
    if (!b) return -1;
    d->buf = b;
    d->cap = cap;
    return 0;
}

static char *put_escape(char *o, unsigned char c)
{
    static const char hex[] = "0123456789ABCDEF";
    *o++ = '\\';
    *o++ = 'x';
    *o++ = hex[c >> 4];
    *o++ = hex[c & 15];
    return o;
}

static void note_bad(zdecoded *out, zbad_kind k, long long at)
{
    if (out->bad == ZBAD_NONE) {
        out->bad = k;
        out->bad_at = at;
    }
}

/* UTF-8 line with unreadable bytes: copy, escaping them. */
static void escape_utf8(zdecoder *d, const unsigned char *s, size_t n, long long off, zdecoded *out)
{
    char *o = d->buf;
    for (size_t i = 0; i < n;) {
        size_t k = s[i] ? utf8_seq_len(s + i, n - i) : 0;
        if (k) {
            memcpy(o, s + i, k);
            o += k;
            i += k;
            continue;
        }
        /* a UTF-16 file's offsets are not known here: the text was converted */
        note_bad(out, !s[i] ? ZBAD_NUL : d->from_utf16 ? ZBAD_UTF16 : ZBAD_UTF8, d->from_utf16 ? -1 : off + (long long)i);
        o = put_escape(o, s[i]);
        i++;
    }
    out->text = d->buf;
    out->len = (size_t)(o - d->buf);
}

/* Converts one NUL-free run of GB18030 into o; returns the new end. */
static char *convert_gb(zdecoder *d, const unsigned char *s, size_t n, long long off, char *o, zdecoded *out)
{
    char *in = (char *)s;
    size_t inleft = n, outleft = d->cap - (size_t)(o - d->buf);
    while (inleft) {
        if (iconv(d->cd, &in, &inleft, &o, &outleft) != (size_t)-1) break;
        /* EILSEQ or EINVAL (a sequence cut by the line end): keep one byte
         * visibly and go on after it.  E2BIG cannot happen: 4 bytes per
         * input byte were reserved. */
        note_bad(out, ZBAD_GB18030, off + (long long)((unsigned char *)in - s));
        o = put_escape(o, (unsigned char)*in);
        outleft -= 4;
        in++;
        inleft--;
        iconv(d->cd, NULL, NULL, NULL, NULL);
    }
    return o;
}

static int decode_gb(zdecoder *d, const unsigned char *s, size_t n, long long off, zdecoded *out, char **err)
{
    if (!d->cd_open) {
        d->cd = iconv_open("UTF-8", "GB18030");
        if (d->cd == (iconv_t)-1) {
            if (asprintf(err, "GB18030 conversion not available: %s", strerror(errno)) < 0) *err = NULL;
            return -1;
        }
        d->cd_open = 1;
    }
    char *o = d->buf;
    size_t i = 0;
    while (i < n) {
        const unsigned char *z = memchr(s + i, 0, n - i);
        size_t run = z ? (size_t)(z - (s + i)) : n - i;
        o = convert_gb(d, s + i, run, off + (long long)i, o, out);
        i += run;
        if (z) {
            note_bad(out, ZBAD_NUL, off + (long long)i);
            o = put_escape(o, 0);
            i++;
        }
    }
    out->text = d->buf;
    out->len = (size_t)(o - d->buf);
    /* A GB18030 BOM (84 31 95 33) decodes to U+FEFF: drop it too. */
    if (off == 0 && out->len >= 3 && memcmp(out->text, "\xEF\xBB\xBF", 3) == 0) {
        out->text += 3;
        out->len -= 3;
    }
    return 0;
}

/* A line that is not valid UTF-8, in auto mode: 1 when it is still read
 * as UTF-8 (its bad bytes flagged), 0 when as GB18030.  A line mostly made
 * of valid UTF-8 sequences is UTF-8 with a damaged byte (a character cut by
 * an export); one with none is GB18030, unless the file's earlier non-ASCII
 * lines were mostly UTF-8, when it is a bad line of a UTF-8 file. */
static int damaged_utf8(const zdecoder *d, const unsigned char *s, size_t n)
{
    size_t good = 0, bad = 0;
    for (size_t i = 0; i < n;) {
        if (s[i] < 0x80) { i++; continue; }
        size_t k = utf8_seq_len(s + i, n - i);
        if (k) { good++; i += k; }
        else { bad++; i++; }
    }
    if (good > bad) return 1;
    return d->utf8_lines > d->gb_lines;
}

int decoder_line(zdecoder *d, const char *raw, size_t n, long long off, zdecoded *out, char **err)
{
    const unsigned char *s = (const unsigned char *)raw;
    out->bad = ZBAD_NONE;
    out->bad_at = -1;
    if (off == 0 && n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
        s += 3;
        n -= 3;
        off = 3;
        if (d->fixed == ENC_AUTO) d->fixed = d->enc = ENC_UTF8;
    }
    out->text = (const char *)s;
    out->len = n;
    int clean;
    int high = scan_utf8(s, n, &clean);
    if (!high && clean) return 0;   /* ASCII: the same in every encoding */
    /* each line on its own (SPEC 3.1 "valid UTF-8, else GB18030" per line),
     * so one damaged line cannot turn the lines after it into mojibake */
    zencoding enc = d->fixed;
    if (enc == ENC_AUTO) enc = clean || damaged_utf8(d, s, n) ? ENC_UTF8 : ENC_GB18030;
    if (high) {
        d->enc = enc;
        if (enc == ENC_UTF8) d->utf8_lines++;
        else d->gb_lines++;
    }
    if (clean && enc == ENC_UTF8) return 0;   /* borrowed as is */
    if (reserve(d, 4 * n + 1) != 0) {
        *err = strdup("out of memory");
        return -1;
    }
    if (enc == ENC_GB18030) return decode_gb(d, s, n, off, out, err);
    escape_utf8(d, s, n, off, out);
    return 0;
}
