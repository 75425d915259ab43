/* writer.c: see writer.h. */
#include "writer.h"

#include "json_fast.h"
#include "xalloc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define DUMP_FLAGS (JSON_COMPACT | JSON_REAL_PRECISION(15) | JSON_ENCODE_ANY)

struct zwriter {
    FILE *out;
    zformat fmt;
    int bom, crlf, failed;
    const char *const *added;
    char **cols;        /* CSV: header cells as written */
    char **keys;        /* CSV: key of each column in the record object */
    size_t ncols;
    size_t nin;         /* CSV: the first nin columns are the reader's header */
    json_t *inkeys;     /* CSV: their keys, as a set */
    int more;           /* CSV from JSON lines: a "_more" column for keys outside the header */
    int started;
    jbuf cell;          /* a nested value as JSON text, for one CSV cell */
    jbuf buf;           /* output not yet handed to out */
};

/* Output is gathered in buf and handed to stdio in large writes: a record
 * is written in many small pieces, and each fwrite() takes the stream's
 * lock.  A larger pipe buffer on stdout (F_SETPIPE_SZ 256 KiB or 1 MiB)
 * was measured on the 100k chain (issue 22): a third of the voluntary
 * context switches, and no shorter wall time (longer in 5 runs of 5), so
 * the pipe keeps the kernel's size. */
#define WRITER_BUF (64u << 10)

zwriter *writer_open(FILE *out, zformat fmt, int bom, const char *const *added)
{
    zwriter *w = calloc(1, sizeof *w);
    if (!w) return NULL;
    w->out = out;
    w->fmt = fmt == FMT_CSV ? FMT_CSV : FMT_JSONL;
    w->bom = bom;
    w->crlf = bom;   /* Excel mode: BOM and CRLF line ends */
    w->added = added;
    return w;
}

static int flush_buf(zwriter *w)
{
    if (w->buf.failed) w->failed = 1;
    if (w->buf.len && !w->failed && fwrite(w->buf.text, 1, w->buf.len, w->out) != w->buf.len) w->failed = 1;
    w->buf.len = 0;
    return w->failed ? -1 : 0;
}

/* After each record: hands the buffer to stdio once it is large. */
static int maybe_flush(zwriter *w, int rc)
{
    if (w->buf.len >= WRITER_BUF || w->buf.failed) return flush_buf(w);
    return rc;
}

static int put(zwriter *w, const char *s, size_t n)
{
    return w->failed ? -1 : jbuf_put(&w->buf, s, n);
}

static int puts_(zwriter *w, const char *s) { return put(w, s, strlen(s)); }

/* A key and its colon. */
static int dump_key(zwriter *w, const char *key, size_t len)
{
    if (json_fast_dump_string(key, len, &w->buf) != 0) w->failed = 1;
    return put(w, ":", 1);
}

static int dump(zwriter *w, json_t *v)
{
    if (json_fast_dump(v, &w->buf) != 0) w->failed = 1;
    return w->failed ? -1 : 0;
}

/* The input text of a number member nothing changed (same value as its
 * text reads), so that CSV keeps 123456789.123456789, -0 and 1E2 as they
 * came; NULL otherwise. */
static const char *number_as_read(const zrec *r, const char *key, json_t *v, size_t *n)
{
    const char *t = r && json_is_number(v) ? rec_member_text(r, key, n) : NULL;
    if (!t || *n == 0 || *n > 400 || !(t[0] == '-' || (t[0] >= '0' && t[0] <= '9'))) return NULL;
    char buf[401], *end;
    memcpy(buf, t, *n);
    buf[*n] = 0;
    if (json_is_integer(v)) {
        long long i = strtoll(buf, &end, 10);
        return *end == 0 && i == json_integer_value(v) ? t : NULL;
    }
    double d = strtod(buf, &end);
    return *end == 0 && d == json_real_value(v) ? t : NULL;
}

/* JSON lines: the input text with the added fields spliced in, or NULL
 * when the record must be serialised whole. */
static int splice(zwriter *w, const zrec *r)
{
    size_t n = r->rawlen;
    while (n && (r->raw[n - 1] == ' ' || r->raw[n - 1] == '\t' || r->raw[n - 1] == '\r')) n--;
    if (!n || r->raw[n - 1] != '}') return 1;
    size_t body = n - 1, k = body;
    while (k && (r->raw[k - 1] == ' ' || r->raw[k - 1] == '\t')) k--;
    int empty = k && r->raw[k - 1] == '{';
    put(w, r->raw, body);
    size_t i;
    json_t *name;
    int comma = !empty;
    json_array_foreach(r->added, i, name) {
        const char *key = json_string_value(name);
        json_t *v = json_object_get(r->obj, key);
        if (!v) continue;
        if (comma) put(w, ",", 1);
        comma = 1;
        dump_key(w, key, strlen(key));
        const zlazy *z = rec_lazy_of(r, key);   /* set as text (rec_set_text) */
        if (z) put(w, rec_lazy_text(r, z), z->len);
        else dump(w, v);
    }
    return put(w, "}\n", 2);
}

/* 1 when text[0..n) is JSON text exactly as the writer writes its value. */
static int canonical_json(const char *text, size_t n)
{
    json_fast_info fi;
    return json_fast_check(text, n, &fi) && fi.canonical;
}

/* A value not built yet: its JSON text as it is; a CSV cell's bytes
 * written as a JSON string, with no value made of them; a nested
 * column's cell as its text when that is canonical JSON, else built. */
static void dump_lazy(zwriter *w, const zrec *r, const char *key, const zlazy *z)
{
    const char *t = rec_lazy_text(r, z);
    if (z->cell == ZCELL_TEXT) {
        if (json_fast_dump_string(t, z->len, &w->buf) != 0) w->failed = 1;
    } else if (z->cell == ZCELL_NESTED && !canonical_json(t, z->len)) {
        dump(w, rec_get(r, key));
    } else {
        put(w, t, z->len);
    }
}

/* The record's object, its values not built yet copied from the input
 * text as they are rather than built only to be written. */
static void dump_record(zwriter *w, const zrec *r)
{
    if (!r->nlazy) {
        dump(w, r->obj);
        return;
    }
    put(w, "{", 1);
    zfield_iter it = {0};
    const char *key;
    json_t *v;
    const zlazy *z;
    int first = 1;
    while (rec_next_field(r, &it, &key, &v, &z)) {
        if (!first) put(w, ",", 1);
        first = 0;
        dump_key(w, key, strlen(key));
        size_t tn;
        const char *t = z ? NULL : number_as_read(r, key, v, &tn);
        if (z) dump_lazy(w, r, key, z);
        else if (t) put(w, t, tn);
        else dump(w, v);
    }
    put(w, "}", 1);
}

static int put_jsonl(zwriter *w, zrec *r, const zreader *rd)
{
    if (!r->broken && !r->modified && !r->replaced && r->raw && rd && reader_format(rd) == FMT_JSONL) {
        int rc = splice(w, r);
        if (rc <= 0) return rc;
    }
    dump_record(w, r);
    return put(w, "\n", 1);
}

static int put_cell(zwriter *w, const char *s)
{
    if (!strpbrk(s, ",\"\r\n") && s[0] != ' ' && (!*s || s[strlen(s) - 1] != ' '))
        return puts_(w, s);
    put(w, "\"", 1);
    for (const char *q; (q = strchr(s, '"')); s = q + 1) {
        put(w, s, (size_t)(q - s));
        put(w, "\"\"", 2);
    }
    puts_(w, s);
    return put(w, "\"", 1);
}

/* A string's cell, s[0..n) with a NUL after it: a NUL inside (\u0000 in
 * JSON) cannot be held by a CSV cell a spreadsheet reads, so it is written
 * as the six characters \u0000 (README: Input, as the spreadsheets come). */
static int put_text_cell(zwriter *w, const char *s, size_t n)
{
    if (!memchr(s, 0, n)) return put_cell(w, s);
    w->cell.len = 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] ? jbuf_put(&w->cell, s + i, 1) : jbuf_put(&w->cell, "\\u0000", 6)) break;
    if (jbuf_put(&w->cell, "", 1) != 0) {
        w->failed = 1;
        return -1;
    }
    return put_cell(w, w->cell.text);
}

static int put_string_cell(zwriter *w, json_t *v)
{
    return put_text_cell(w, json_string_value(v), json_string_length(v));
}

static int put_value(zwriter *w, json_t *v)
{
    if (!v || json_is_null(v)) return 0;
    size_t rawlen;
    const char *raw = json_rawnum_text(v, &rawlen);
    if (raw) return put(w, raw, rawlen);   /* a number kept as written: no quoting needed */
    if (json_is_string(v)) return put_string_cell(w, v);
    w->cell.len = 0;
    if (json_fast_dump(v, &w->cell) != 0 || jbuf_put(&w->cell, "", 1) != 0) {
        w->failed = 1;
        return -1;
    }
    return put_cell(w, w->cell.text);
}

/* A value not built yet as a cell: a CSV cell's bytes as they are; JSON
 * text (canonical: a nested column's cell whose text is, or a value set as
 * text) as it is; a nested column's cell whose text is not, built. */
static int put_lazy_cell(zwriter *w, const zrec *r, const char *key, const zlazy *z)
{
    const char *t = rec_lazy_text(r, z);   /* NUL-ended */
    if (z->cell == ZCELL_TEXT) return put_text_cell(w, t, z->len);
    if (z->cell == ZCELL_NESTED && !canonical_json(t, z->len)) return put_value(w, rec_get(r, key));
    return put_cell(w, t);
}

static int has_key(const zwriter *w, const char *key)
{
    for (size_t i = 0; i < w->ncols; i++)
        if (strcmp(w->keys[i], key) == 0) return 1;
    return 0;
}

static void add_col(zwriter *w, const char *col, const char *key)
{
    w->cols = xrealloc(w->cols, (w->ncols + 1) * sizeof *w->cols);
    w->keys = xrealloc(w->keys, (w->ncols + 1) * sizeof *w->keys);
    w->cols[w->ncols] = xstrdup(col);
    w->keys[w->ncols] = xstrdup(key);
    w->ncols++;
}

static int put_eol(zwriter *w) { return w->crlf ? put(w, "\r\n", 2) : put(w, "\n", 1); }

static int start_csv(zwriter *w, json_t *first, const zreader *rd)
{
    size_t n = 0, nk = 0;
    const char *const *hdr = rd ? reader_header(rd, &n) : NULL;
    const char *const *keys = rd ? reader_keys(rd, &nk) : NULL;
    if (hdr && keys && n == nk) {
        for (size_t i = 0; i < n; i++)   /* a column the reader renamed input_errors ... is headed so */
            add_col(w, strncmp(keys[i], "input_", 6) == 0 && (!strcmp(hdr[i], "errors") || !strcmp(hdr[i], "warnings") ||
                                                              !strcmp(hdr[i], "_raw")) ? keys[i] : hdr[i], keys[i]);
        w->nin = n;
        w->inkeys = json_object();
        for (size_t i = 0; i < n; i++) json_object_set_new(w->inkeys, keys[i], json_true());
    } else if (first) {
        const char *key;
        json_t *v;
        json_object_foreach(first, key, v) {
            int is_added = 0;
            for (const char *const *a = w->added; a && *a; a++) is_added |= strcmp(*a, key) == 0;
            if (!is_added && strcmp(key, "errors") && strcmp(key, "warnings") && strcmp(key, "_raw"))
                add_col(w, key, key);
        }
        w->more = rd != NULL;
    }
    for (const char *const *a = w->added; a && *a; a++)
        if (!has_key(w, *a)) add_col(w, *a, *a);
    if (rd) {
        static const char *const tail[] = {"warnings", "errors", "_raw"};
        for (size_t i = 0; i < 3; i++)
            if (!has_key(w, tail[i])) add_col(w, tail[i], tail[i]);
    }
    if (w->more) add_col(w, "_more", "_more");
    if (w->bom) put(w, "\xEF\xBB\xBF", 3);
    for (size_t i = 0; i < w->ncols; i++) {
        if (i) put(w, ",", 1);
        put_cell(w, w->cols[i]);
    }
    w->started = 1;
    return put_eol(w);
}

/* 1 when a CSV record's input cells are as read, so its input text can be
 * written as it is: no value rewritten, no input column set by the tool. */
static int cells_as_read(const zwriter *w, const zrec *r, const zreader *rd)
{
    if (!r || r->broken || r->modified || r->replaced || !r->raw || !w->inkeys || !rd ||
        reader_format(rd) != FMT_CSV)
        return 0;
    size_t i;
    json_t *name;
    json_array_foreach(r->added, i, name)
        if (json_object_get(w->inkeys, json_string_value(name))) return 0;
    return 1;
}

static int put_csv(zwriter *w, const zrec *r, json_t *obj, const zreader *rd)
{
    if (!w->started) start_csv(w, json_object_get(obj, "_raw") && rd ? NULL : obj, rd);
    json_t *more = NULL;
    size_t first = 0;
    if (cells_as_read(w, r, rd)) {   /* the input text, then the added cells */
        put(w, r->raw, r->rawlen);
        first = w->nin;
    }
    for (size_t i = first; i < w->ncols; i++) {
        if (i) put(w, ",", 1);
        if (w->more && i == w->ncols - 1) {
            const char *key;
            json_t *v;
            json_object_foreach(obj, key, v)
                if (!has_key(w, key)) {
                    if (!more) more = json_object();
                    json_object_set(more, key, v);
                }
            if (more) put_value(w, more);
        } else {
            const zlazy *z = r ? rec_lazy_of(r, w->keys[i]) : NULL;   /* set as text, or a cell */
            json_t *v = z ? NULL : json_object_get(obj, w->keys[i]);
            size_t tn;
            const char *t = number_as_read(r, w->keys[i], v, &tn);
            if (z) put_lazy_cell(w, r, w->keys[i], z);
            else if (t) put(w, t, tn);
            else put_value(w, v);
        }
    }
    json_decref(more);
    return put_eol(w);
}

int writer_put(zwriter *w, zrec *r, const zreader *rd)
{
    /* CSV: a JSON-lines list is written as canonical JSON, so it is built;
     * values set as text (canonical already) are written as they are */
    if (w->fmt == FMT_CSV) rec_materialise_read(r);
    return maybe_flush(w, w->fmt == FMT_CSV ? put_csv(w, r, r->obj, rd) : put_jsonl(w, r, rd));
}

int writer_put_json(zwriter *w, json_t *obj)
{
    if (!w->started) w->added = NULL;   /* a summary row: its own keys make the header */
    if (w->fmt == FMT_CSV) return put_csv(w, NULL, obj, NULL);
    dump(w, obj);
    return put(w, "\n", 1);
}

int writer_close(zwriter *w)
{
    if (!w) return 0;
    flush_buf(w);
    if (fflush(w->out) != 0) w->failed = 1;
    int failed = w->failed;
    for (size_t i = 0; i < w->ncols; i++) {
        free(w->cols[i]);
        free(w->keys[i]);
    }
    free(w->cols);
    free(w->keys);
    json_decref(w->inkeys);
    free(w->buf.text);
    free(w->cell.text);
    free(w);
    return failed ? -1 : 0;
}
