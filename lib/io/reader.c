/* reader.c: opening an input, choosing its format, broken records.
 * The formats are read by reader_csv.c and reader_jsonl.c from the decoded
 * lines of reader_lines.c. */
#include "reader_private.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

zreader *reader_open(const char *path, zformat fmt, zencoding enc, char **err)
{
    int is_stdin = !path || strcmp(path, "-") == 0;
    FILE *fp = is_stdin ? stdin : fopen(path, "rb");
    struct stat st;
    if (fp && !is_stdin && fstat(fileno(fp), &st) == 0 && S_ISDIR(st.st_mode)) {
        fclose(fp);
        fp = NULL;
        errno = EISDIR;
    }
    if (!fp) {
        if (asprintf(err, "cannot open %s: %s", path, strerror(errno)) < 0) *err = NULL;
        return NULL;
    }
    zreader *rd = calloc(1, sizeof *rd);
    if (rd) {
        rd->name = strdup(is_stdin ? "<stdin>" : path);
        rd->dec = decoder_new(enc);
    }
    if (!rd || !rd->name || !rd->dec) {
        if (!is_stdin) fclose(fp);
        if (rd) {
            free(rd->name);
            decoder_free(rd->dec);
            free(rd);
        }
        *err = strdup("out of memory");
        return NULL;
    }
    rd->fp = fp;
    rd->own_fp = !is_stdin;
    rd->fmt = fmt;
    return rd;
}

/* FMT_AUTO: the first non-blank line starting with '{' means JSON lines. */
static int settle_format(zreader *rd)
{
    zline l;
    int got;
    while ((got = lines_next(rd, &l)) == 1 && line_is_blank(&l)) {}
    if (got <= 0) return got;
    size_t i = 0;
    while (i < l.len && (l.text[i] == ' ' || l.text[i] == '\t')) i++;
    rd->fmt = i < l.len && l.text[i] == '{' ? FMT_JSONL : FMT_CSV;
    lines_unget(rd);
    return 1;
}

int reader_next(zreader *rd, zrec *rec)
{
    rec_reset(rec);
    if (rd->ioerr) return -1;
    if (rd->fmt == FMT_AUTO) {
        int got = settle_format(rd);
        if (got <= 0) return got;
    }
    return rd->fmt == FMT_JSONL ? jsonl_next(rd, rec) : csv_next(rd, rec);
}

zformat reader_format(const zreader *rd) { return rd->fmt; }

const char *const *reader_header(const zreader *rd, size_t *n)
{
    int csv = rd->fmt == FMT_CSV && rd->header_state == 1;
    if (n) *n = csv ? rd->ncols : 0;
    return csv ? (const char *const *)rd->header : NULL;
}

const char *const *reader_keys(const zreader *rd, size_t *n)
{
    int csv = rd->fmt == FMT_CSV && rd->header_state == 1;
    if (n) *n = csv ? rd->ncols : 0;
    return csv ? (const char *const *)rd->keys : NULL;
}

const char *reader_name(const zreader *rd) { return rd->name; }

void reader_lazy(zreader *rd) { rd->lazy = 1; }

void reader_delimiter(zreader *rd, char c) { rd->delim = (unsigned char)c; }

const char *const *reader_suspect_cells(const zreader *rd, size_t *n)
{
    size_t k = rd->fmt == FMT_CSV ? rd->nsuspect : 0;
    *n = k > 16 ? 1 : k;
    return k > 16 ? NULL : rd->suspect;
}


long long reader_offset(const zreader *rd) { return rd->off; }

long long reader_size(const zreader *rd)
{
    struct stat st;
    return fstat(fileno(rd->fp), &st) == 0 && S_ISREG(st.st_mode) ? (long long)st.st_size : -1;
}

void reader_scope(zreader *rd, unsigned scope) { rd->scope = scope; }

void reader_header_row(zreader *rd, long n) { rd->header_row = n; }

json_t *reader_columns(const zreader *rd)
{
    return rd->fmt == FMT_CSV && rd->header_state == 1 ? rd->columns : NULL;
}

static void only_free(zreader *rd)
{
    for (size_t i = 0; i < rd->nonly; i++) free(rd->only[i]);
    free(rd->only);
    free(rd->only_hash);
    free(rd->keep);
    rd->only = NULL;
    rd->only_hash = NULL;
    rd->keep = NULL;
    rd->nonly = 0;
}

int reader_only_keys(zreader *rd, const char *const *keys, size_t n)
{
    only_free(rd);
    if (!n) return 0;
    rd->only = calloc(n, sizeof *rd->only);
    rd->only_hash = calloc(n, sizeof *rd->only_hash);
    if (!rd->only || !rd->only_hash) {
        only_free(rd);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        if (!(rd->only[i] = strdup(keys[i]))) {
            rd->nonly = i;
            only_free(rd);
            return -1;
        }
        rd->only_hash[i] = name_hash(keys[i], strlen(keys[i]));
    }
    rd->nonly = n;
    return 0;
}

int reader_only(zreader *rd, const char *key)
{
    return reader_only_keys(rd, &key, key ? 1 : 0);
}

int reader_again_whole(zreader *rd, zrec *rec)
{
    if (rd->fmt == FMT_CSV) {
        if (csv_again(rd) != 0) return -1;
    } else {
        lines_unget(rd);   /* a JSON line is one line: the last one read */
    }
    rd->whole = 1;
    int got = reader_next(rd, rec);
    rd->whole = 0;
    return got;
}

void reader_close(zreader *rd)
{
    if (!rd) return;
    if (rd->own_fp) fclose(rd->fp);
    csv_state_free(rd);
    jsonl_state_free(rd);
    lines_free(&rd->replay);
    lines_state_free(rd);
    decoder_free(rd->dec);
    free(rd->buf);
    free(rd->ioerr);
    only_free(rd);
    free(rd->name);
    free(rd);
}

void reader_broken(zreader *rd, zrec *rec, long line, const char *raw, size_t rawlen, const char *fmt, ...)
{
    char *msg = NULL;
    va_list ap;
    va_start(ap, fmt);
    if (vasprintf(&msg, fmt, ap) < 0) msg = NULL;
    va_end(ap);
    rec->obj = json_object();
    json_object_set_new_nocheck(rec->obj, "_raw", json_stringn(raw, rawlen));
    rec->file = rd->name;
    rec->line = line;
    rec->raw = raw;
    rec->rawlen = rawlen;
    rec->broken = 1;
    rec_error(rec, "_raw", "%s", msg ? msg : "out of memory");
    free(msg);
}

/* The reader stops at the next reader_next(); the message goes to stderr
 * because reader_next() has no way to return it. */
void reader_fail(zreader *rd, const char *msg)
{
    if (rd->ioerr) return;
    if (asprintf(&rd->ioerr, "%s: read error: %s", rd->name, msg) < 0) rd->ioerr = NULL;
    fprintf(stderr, "%s\n", rd->ioerr ? rd->ioerr : msg);
    if (!rd->ioerr) rd->ioerr = strdup(msg);
}
