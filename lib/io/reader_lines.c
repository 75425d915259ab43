/* reader_lines.c: the physical lines of the input, decoded to UTF-8.
 *
 * Reads with read(2) into one buffer (1 MiB, grown only for a line longer
 * than that) and finds line ends with memchr.  A line longer than
 * ZX_MAX_RECORD_BYTES is cut there: its start is returned with `toolong`
 * set and the rest of it is skipped, so memory stays bounded.  Lines queued
 * with lines_replay() are read again before the rest of the input. */
#include "reader_private.h"

#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CHUNK ((size_t)1 << 20)
#define LINE_LIMIT ((size_t)ZX_MAX_RECORD_BYTES)

/* read(2) into dst, at most room bytes: the count, 0 at the end, -1 on a
 * read error (reported). */
static ssize_t read_raw(zreader *rd, char *dst, size_t room)
{
    for (;;) {
        ssize_t got = read(fileno(rd->fp), dst, room);
        if (got >= 0) return got;
        if (errno == EINTR) continue;
        reader_fail(rd, strerror(errno));
        return -1;
    }
}

/* UTF-16 input: converts the raw bytes waiting in u16in to UTF-8 at the
 * end of buf.  A unit iconv cannot convert (a lone surrogate, an odd byte
 * at the end) becomes the byte 0xFF, never valid UTF-8, which the decoder
 * reports as "invalid UTF-16" on its line.  Output is at most 1.5 times the
 * input, which the caller left room for. */
static void u16_convert(zreader *rd, int at_end)
{
    char *in = rd->u16in, *out = rd->buf + rd->len;
    size_t inleft = rd->u16n, outleft = rd->cap - rd->len;
    while (inleft && outleft) {
        if (iconv((iconv_t)rd->u16, &in, &inleft, &out, &outleft) != (size_t)-1) break;
        if (errno == E2BIG || (errno == EINVAL && !at_end)) break;   /* the rest waits */
        size_t k = inleft < 2 ? inleft : 2;
        *out++ = (char)0xFF;
        outleft--;
        in += k;
        inleft -= k;
        iconv((iconv_t)rd->u16, NULL, NULL, NULL, NULL);
    }
    memmove(rd->u16in, in, inleft);
    rd->u16n = inleft;
    rd->len = (size_t)(out - rd->buf);
}

/* Reads UTF-16 input and converts it.  0, or -1 on a read error. */
static int u16_fill(zreader *rd)
{
    for (;;) {
        size_t before = rd->len, room = (rd->cap - rd->len) * 2 / 3;
        size_t want = room > CHUNK ? CHUNK : room;
        if (!rd->u16_eof && want > rd->u16n) {
            ssize_t got = read_raw(rd, rd->u16in + rd->u16n, want - rd->u16n);
            if (got < 0) return -1;
            if (got == 0) rd->u16_eof = 1;
            rd->u16n += (size_t)got;
        }
        u16_convert(rd, rd->u16_eof);
        if (rd->u16_eof && !rd->u16n) rd->eof = 1;
        if (rd->len > before || rd->eof) return 0;
    }
}

/* At the start of the input: a UTF-16 BOM (FF FE little-endian, FE FF
 * big-endian) turns on conversion of everything after it.  0, or -1. */
static int detect_utf16(zreader *rd)
{
    const unsigned char *b = (const unsigned char *)rd->buf;
    if (rd->len < 2 || !((b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF))) return 0;
    iconv_t cd = iconv_open("UTF-8", b[0] == 0xFF ? "UTF-16LE" : "UTF-16BE");
    rd->u16in = malloc(CHUNK);
    if (cd == (iconv_t)-1 || !rd->u16in) {
        reader_fail(rd, cd == (iconv_t)-1 ? "UTF-16 conversion not available" : "out of memory");
        if (cd != (iconv_t)-1) iconv_close(cd);
        return -1;
    }
    rd->u16 = cd;
    decoder_from_utf16(rd->dec);
    rd->u16n = rd->len - 2;
    memcpy(rd->u16in, rd->buf + 2, rd->u16n);
    rd->len = 0;
    rd->u16_eof = rd->eof;
    rd->eof = 0;
    return u16_fill(rd);
}

/* Reads more input after the unread bytes.  0, or -1 on a read error. */
static int fill(zreader *rd)
{
    int first = !rd->buf;
    if (rd->pos) {
        memmove(rd->buf, rd->buf + rd->pos, rd->len - rd->pos);
        rd->len -= rd->pos;
        rd->pos = 0;
    }
    if (rd->cap - rd->len < CHUNK / 4) {
        size_t cap = rd->cap ? rd->cap * 2 : CHUNK;
        char *b = realloc(rd->buf, cap);
        if (!b) {
            reader_fail(rd, "out of memory");
            return -1;
        }
        rd->buf = b;
        rd->cap = cap;
    }
    if (rd->u16) return u16_fill(rd);
    ssize_t got = read_raw(rd, rd->buf + rd->len, rd->cap - rd->len);
    if (got < 0) return -1;
    if (got == 0) rd->eof = 1;
    rd->len += (size_t)got;
    return first ? detect_utf16(rd) : 0;
}

/* Drops the next part of the rest of a line that was too long, counting
 * it in long_size.  0, or -1 on a read error. */
static int skip_step(zreader *rd)
{
    size_t avail = rd->len - rd->pos;
    char *nl = memchr(rd->buf + rd->pos, rd->eol, avail);
    size_t k = nl ? (size_t)(nl + 1 - (rd->buf + rd->pos)) : avail;
    rd->long_size += (long long)k;
    rd->pos += k;
    rd->off += (long long)k;
    rd->scanned = 0;
    if (nl || rd->eof) rd->skip_rest = 0;
    else if (fill(rd) < 0) return -1;
    return 0;
}

/* The next raw line: 1 with *p, *n (line end included) and *start (its
 * file offset), 0 at the end, -1 on a read error. */
static int raw_line(zreader *rd, const char **p, size_t *n, long long *start, int *toolong)
{
    *toolong = 0;
    if (!rd->buf && fill(rd) < 0) return -1;
    if (!rd->eol) {
        const char *b = rd->buf + rd->pos;
        size_t avail0 = rd->len - rd->pos;
        rd->eol = avail0 && !memchr(b, '\n', avail0) && memchr(b, '\r', avail0) ? '\r' : '\n';
    }
    for (;;) {
        size_t avail = rd->len - rd->pos;
        if (rd->skip_rest) {   /* the rest of a line that was too long */
            if (skip_step(rd) < 0) return -1;
            continue;
        }
        char *nl = memchr(rd->buf + rd->pos + rd->scanned, rd->eol, avail - rd->scanned);
        size_t skip = 0;   /* bytes of an over-long line after its kept start */
        if (nl) {
            *n = (size_t)(nl + 1 - (rd->buf + rd->pos));
            if (*n > LINE_LIMIT) {
                skip = *n - LINE_LIMIT;
                rd->long_size = (long long)*n;
                *n = LINE_LIMIT;
                *toolong = 1;
            }
        } else if (avail > LINE_LIMIT) {
            *n = LINE_LIMIT;
            *toolong = 1;
            rd->skip_rest = 1;
            rd->long_size = (long long)LINE_LIMIT;
        } else if (rd->eof) {
            if (!avail) return 0;
            *n = avail;
        } else {
            rd->scanned = avail;
            if (fill(rd) < 0) return -1;
            continue;
        }
        *p = rd->buf + rd->pos;
        *start = rd->off;
        rd->pos += *n + skip;
        rd->off += (long long)(*n + skip);
        rd->scanned = 0;
        return 1;
    }
}

int lines_next(zreader *rd, zline *out)
{
    if (rd->unget) {
        rd->unget = 0;
        *out = rd->last;
        return 1;
    }
    zlines *q = &rd->replay;
    if (q->n && q->next == q->n) lines_clear(q);
    if (q->next < q->n) {
        *out = q->v[q->next++];
        out->text = q->text + out->at;
        rd->last = *out;
        return 1;
    }
    const char *p;
    size_t n;
    long long start;
    int toolong;
    int got = raw_line(rd, &p, &n, &start, &toolong);
    if (got <= 0) return got;
    zdecoded d;
    char *err = NULL;
    if (decoder_line(rd->dec, p, n, start, &d, &err) != 0) {
        reader_fail(rd, err ? err : "out of memory");
        free(err);
        return -1;
    }
    memset(out, 0, sizeof *out);
    out->text = d.text;
    out->len = d.len;
    out->lineno = ++rd->lineno;
    out->bad = d.bad;
    out->bad_at = d.bad_at;
    out->toolong = toolong;
    if (!toolong && d.len && d.text[d.len - 1] == rd->eol)
        out->endlen = rd->eol == '\n' && d.len >= 2 && d.text[d.len - 2] == '\r' ? 2 : 1;
    out->size = toolong && !rd->skip_rest ? rd->long_size : -1;
    rd->last = *out;
    return 1;
}

void lines_unget(zreader *rd) { rd->unget = 1; }

int lines_push(zlines *l, const zline *line)
{
    if (l->len + line->len + 1 > l->cap) {
        size_t cap = l->cap ? l->cap : 4096;
        while (cap < l->len + line->len + 1) cap *= 2;
        char *t = realloc(l->text, cap);
        if (!t) return -1;
        l->text = t;
        l->cap = cap;
    }
    if (l->n == l->vcap) {
        size_t vcap = l->vcap ? l->vcap * 2 : 8;
        zline *v = realloc(l->v, vcap * sizeof *v);
        if (!v) return -1;
        l->v = v;
        l->vcap = vcap;
    }
    memcpy(l->text + l->len, line->text, line->len);
    zline *dst = &l->v[l->n++];
    *dst = *line;
    dst->at = l->len;
    dst->text = NULL;
    l->len += line->len;
    return 0;
}

void lines_clear(zlines *l)
{
    l->len = l->n = l->next = 0;
}

void lines_free(zlines *l)
{
    free(l->text);
    free(l->v);
    memset(l, 0, sizeof *l);
}

int lines_replay(zreader *rd, const zlines *from, size_t first)
{
    zlines q;
    memset(&q, 0, sizeof q);
    for (int pass = 0; pass < 2; pass++) {
        const zlines *src = pass ? &rd->replay : from;
        for (size_t i = pass ? src->next : first; i < src->n; i++) {
            zline l = src->v[i];
            l.text = src->text + l.at;
            if (lines_push(&q, &l) != 0) {
                lines_free(&q);
                reader_fail(rd, "out of memory");
                return -1;
            }
        }
    }
    lines_free(&rd->replay);
    rd->replay = q;
    return 0;
}

int line_is_blank(const zline *l)
{
    if (l->bad || l->toolong) return 0;
    for (size_t i = 0; i < l->len; i++) {
        char c = l->text[i];
        if (c != ' ' && c != '\t' && c != '\r' && c != '\n') return 0;
    }
    return 1;
}

long long lines_long_size(zreader *rd)
{
    while (rd->skip_rest)
        if (skip_step(rd) < 0) return -1;
    return rd->long_size;
}

void lines_state_free(zreader *rd)
{
    if (rd->u16) iconv_close((iconv_t)rd->u16);
    rd->u16 = NULL;
    free(rd->u16in);
    rd->u16in = NULL;
}
