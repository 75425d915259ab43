/* reader_csv.c: CSV records (RFC 4180, strict) with libcsv.
 *
 * Physical lines are fed to libcsv one at a time; the line end is fed only
 * when the quotes seen so far are balanced (then it ends the row), else it is
 * part of a quoted value.  So each record's text is the lines since the
 * previous record, and a record that fails keeps every byte:
 *   - a malformed line on its own (stray quote, text after a closing quote)
 *     is a broken record, and reading goes on at the next line;
 *   - a quoted value that is not closed properly (malformed quoting on a
 *     later line, the end of input, or more than ZX_MAX_RECORD_BYTES) makes
 *     only its FIRST line a broken record; the lines after it are read again
 *     with a fresh parser, so one stray quote cannot swallow the file.
 * Cells are kept exactly (no blank trimming).
 *
 * The header is the line, among the first HEADER_SCAN, with a case-number
 * column that names the most known fields (lines above it, a title or an
 * export time, are reported and skipped); a footer row (合计, 制表人 ...,
 * share/export.tsv) is reported and skipped. */
#include "reader_private.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "excel_cells.h"
#include "fields.h"

enum { HEADER_SCAN = 20, HEADER_MAX_BYTES = 64 * 1024 };

enum { R_ROW = 1, R_SYNTAX, R_OPEN_EOF, R_TOO_BIG, R_LONG_LINE, R_NOMEM };

static int no_blank(unsigned char c) { (void)c; return 0; }
static int lf_only(unsigned char c) { return c == '\n'; }

static int parser_reset(zreader *rd)
{
    if (rd->csv_ready) csv_free(&rd->csv);
    rd->csv_ready = 0;
    if (csv_init(&rd->csv, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) return -1;
    csv_set_space_func(&rd->csv, no_blank);
    csv_set_term_func(&rd->csv, lf_only);
    csv_set_delim(&rd->csv, rd->delim ? rd->delim : ',');
    /* libcsv grows a cell's buffer by this many bytes at a time (128 by
     * default): a megabyte cell would cost thousands of reallocs */
    csv_set_blk_size(&rd->csv, 64u << 10);
    rd->csv_ready = 1;
    return 0;
}

static void push_header(zreader *rd, const char *s, size_t len)
{
    if (rd->ncols == rd->hcap) {
        size_t cap = rd->hcap ? rd->hcap * 2 : 16;
        char **h = realloc(rd->header, cap * sizeof *h);
        if (!h) return;
        rd->header = h;
        rd->hcap = cap;
    }
    char *name = strndup(s, len);
    if (name) rd->header[rd->ncols++] = name;
}

/* A cell of a 万元 column: a bare number gets its unit ("5" -> "5万", read
 * as 50,000 yuan); a cell that writes its own unit ("5万", "50000元") or
 * is not a number is kept as written.  The bytes to keep: len, or the
 * number's without its trailing blanks, then 万 (*unit = 1). */
static size_t scaled_cell(const char *s, size_t len, int *unit)
{
    size_t n = len;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t')) n--;
    *unit = n && s[n - 1] >= '0' && s[n - 1] <= '9' && n <= 64;
    return *unit ? n : len;
}

/* Keeps column i's cell s[0..len) in rd->cells.  0, or -1 when out of memory. */
static int keep_cell(zreader *rd, size_t i, const char *s, size_t len)
{
    int unit = 0;
    if (rd->scale && rd->scale[i] > 1) len = scaled_cell(s, len, &unit);
    size_t need = rd->cellslen + len + 4;
    if (need > rd->cellscap) {
        size_t cap = rd->cellscap ? rd->cellscap : 4096;
        while (cap < need) cap *= 2;
        char *b = realloc(rd->cells, cap);
        if (!b) return -1;
        rd->cells = b;
        rd->cellscap = cap;
    }
    char *o = rd->cells + rd->cellslen;
    memcpy(o, s, len);
    if (unit) memcpy(o + len, "\xE4\xB8\x87", 3);   /* 万 */
    len += unit ? 3 : 0;
    o[len] = 0;
    rd->cell[rd->ncells++] = (struct zcell){i, rd->cellslen, len};
    rd->cellslen += len + 1;
    return 0;
}

static void on_field(void *s, size_t len, void *data)
{
    zreader *rd = data;
    size_t i = rd->nfields++;
    if (i >= ZX_MAX_FIELDS) return;
    if (len > ZX_MAX_FIELD_BYTES) {
        if (!rd->bigcell) rd->bigcell = i + 1;
        return;
    }
    if (rd->in_header)
        push_header(rd, s, len);
    else if (rd->in_row && i < rd->ncols && (!rd->keep || rd->whole || rd->keep[i])) {
        if (keep_cell(rd, i, s, len) != 0) {
            rd->nomem = 1;
            return;
        }
        if (excel_cell_suspect(s, len) && rd->nsuspect++ < 16) rd->suspect[rd->nsuspect - 1] = rd->keys[i];
    }
}

static void on_row(int c, void *data)
{
    (void)c;
    ((zreader *)data)->row_done = 1;
}

/* What one pass over a line's body finds: a CR, a blank (space or tab),
 * an '=', and whether its quotes are odd in number. */
enum { SCAN_CR = 1, SCAN_BLANK = 2, SCAN_EQ = 4, SCAN_ODD_QUOTES = 8 };

static unsigned scan_line(const char *p, size_t n)
{
    unsigned found = 0, quotes = 0;
    size_t i = 0;
#ifdef __SSE2__
    const __m128i cr = _mm_set1_epi8('\r'), sp = _mm_set1_epi8(' '), tab = _mm_set1_epi8('\t'),
                  eq = _mm_set1_epi8('='), qu = _mm_set1_epi8('"');
    __m128i acr = _mm_setzero_si128(), abl = acr, aeq = acr;
    for (; n - i >= 16; i += 16) {   /* sixteen bytes at once; the quotes' count kept as its parity */
        __m128i v = _mm_loadu_si128((const __m128i *)(p + i));
        acr = _mm_or_si128(acr, _mm_cmpeq_epi8(v, cr));
        abl = _mm_or_si128(abl, _mm_or_si128(_mm_cmpeq_epi8(v, sp), _mm_cmpeq_epi8(v, tab)));
        aeq = _mm_or_si128(aeq, _mm_cmpeq_epi8(v, eq));
        quotes ^= (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, qu));
    }
    found |= (_mm_movemask_epi8(acr) ? SCAN_CR : 0) | (_mm_movemask_epi8(abl) ? SCAN_BLANK : 0) |
             (_mm_movemask_epi8(aeq) ? SCAN_EQ : 0);
    quotes = (unsigned)__builtin_parity(quotes);
#endif
    for (; i < n; i++) {
        char c = p[i];
        if (c == '"') quotes ^= 1;
        else if (c == '\r') found |= SCAN_CR;
        else if (c == ' ' || c == '\t') found |= SCAN_BLANK;
        else if (c == '=') found |= SCAN_EQ;
    }
    return found | (quotes & 1 ? SCAN_ODD_QUOTES : 0);
}

/* Before the header, when find_header() found no header line to tell the
 * delimiter: the one counted in the first line holding one of ',' '\t'
 * ';' outside quotes.  The most frequent wins; ties go to ','. */
static const unsigned char DELIMS[] = {',', '\t', ';'};

static void detect_delimiter(zreader *rd, const char *p, size_t n)
{
    const unsigned char *cand = DELIMS;
    size_t count[3] = {0, 0, 0};
    int quoted = 0;
    for (size_t i = 0; i < n; i++) {
        if (p[i] == '"') quoted = !quoted;
        else if (!quoted)
            for (int k = 0; k < 3; k++) count[k] += (unsigned char)p[i] == cand[k];
    }
    int best = 0;
    for (int k = 1; k < 3; k++)
        if (count[k] > count[best]) best = k;
    if (!count[best]) return;
    rd->delim = cand[best];
    csv_set_delim(&rd->csv, rd->delim);
}

/* A line holding Excel's ="text" cells unquoted (as some systems export
 * them to keep Excel from reading a number): the line with each such cell
 * quoted as "=""text""" (malloc'd, *outn its length), so libcsv reads it
 * and excel_cells.c unwraps it with a warning; NULL when there is none or
 * the line's quoting is not one line's. */
static char *quote_formulas(const char *p, size_t n, char delim, size_t *outn)
{
    char *out = NULL, *o = NULL;
    size_t i = 0, copied = 0;
    while (i <= n) {
        size_t start = i;
        if (i < n && p[i] == '"') {   /* a quoted cell */
            for (i++; i < n && !(p[i] == '"' && (i + 1 >= n || p[i + 1] != '"')); i += p[i] == '"' ? 2 : 1) {}
            if (i >= n) break;
        } else if (i + 1 < n && p[i] == '=' && p[i + 1] == '"') {
            size_t k = i + 2;
            while (k < n && !(p[k] == '"' && (k + 1 >= n || p[k + 1] != '"'))) k += p[k] == '"' ? 2 : 1;
            if (k < n && (k + 1 == n || p[k + 1] == delim)) {
                if (!out && !(o = out = malloc(3 * n + 8))) return NULL;
                memcpy(o, p + copied, start - copied);
                o += start - copied;
                memcpy(o, "\"=\"\"", 4);
                o += 4;
                for (size_t j = i + 2; j < k; j++) {
                    *o++ = p[j];
                    if (p[j] == '"') *o++ = '"';
                }
                memcpy(o, "\"\"\"", 3);
                o += 3;
                copied = k + 1;
            }
            i = k;
        }
        while (i < n && p[i] != delim) i++;
        i++;
    }
    if (!out) return NULL;
    memcpy(o, p + copied, n - copied);
    *outn = (size_t)(o - out) + n - copied;
    return out;
}

/* Reads the lines of one record into rd->rec: an R_ code, 0 at the end of
 * input, -1 on a read error. */
static int read_record(zreader *rd, size_t *errpos)
{
    zline l;
    for (;;) {
        int got = lines_next(rd, &l);
        if (got < 0) return -1;
        if (got == 0) return rd->rec.n ? R_OPEN_EOF : 0;
        if (!rd->rec.n && line_is_blank(&l)) continue;
        if (lines_push(&rd->rec, &l) != 0) return R_NOMEM;
        if (l.toolong) return rd->rec.n == 1 ? R_LONG_LINE : R_TOO_BIG;
        size_t body = l.len - l.endlen;
        if (!rd->delim && rd->header_state == 0 && !rd->quote_open) detect_delimiter(rd, l.text, body);
        /* libcsv calls these two for nearly every byte; a line without a
         * CR (not a row end here) or a blank (kept, not trimmed) can use
         * libcsv's own tests, which then say the same */
        unsigned found = scan_line(l.text, body);
        csv_set_term_func(&rd->csv, found & SCAN_CR ? lf_only : NULL);
        csv_set_space_func(&rd->csv, found & SCAN_BLANK ? no_blank : NULL);
        size_t qn = 0;
        char *q = !rd->quote_open && found & SCAN_EQ
                      ? quote_formulas(l.text, body, rd->delim ? (char)rd->delim : ',', &qn) : NULL;
        size_t want = q ? qn : body;
        size_t done = csv_parse(&rd->csv, q ? q : l.text, want, on_field, on_row, rd);
        free(q);
        if (done != want) {
            *errpos = done < body ? done : body ? body - 1 : 0;   /* a rewritten line's column is near */
            return csv_error(&rd->csv) == CSV_EPARSE ? R_SYNTAX : R_NOMEM;
        }
        rd->quote_open ^= (found & SCAN_ODD_QUOTES) != 0;
        csv_set_term_func(&rd->csv, lf_only);   /* the line end: our own tests again */
        csv_set_space_func(&rd->csv, no_blank);
        if (rd->quote_open) {   /* the line end is part of a quoted value */
            if (csv_parse(&rd->csv, l.text + body, l.endlen, on_field, on_row, rd) != l.endlen)
                return R_NOMEM;
            if (rd->rec.len > ZX_MAX_RECORD_BYTES) return R_TOO_BIG;
            continue;
        }
        if (csv_parse(&rd->csv, "\n", 1, on_field, on_row, rd) != 1) return R_NOMEM;
        return R_ROW;
    }
}

/* Column (in characters, 1-based) of byte `pos` of a line. */
static size_t char_column(const char *s, size_t pos)
{
    size_t col = 1;
    for (size_t i = 0; i < pos; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80) col++;
    return col;
}

static void free_header(zreader *rd)
{
    for (size_t i = 0; i < rd->ncols; i++) {
        free(rd->header[i]);
        if (rd->keys) free(rd->keys[i]);
    }
    free(rd->header);
    free(rd->keys);
    free(rd->scale);
    free(rd->khash);
    free(rd->cell);
    free(rd->keep);
    rd->keep = NULL;
    json_decref(rd->columns);
    rd->header = rd->keys = NULL;
    rd->scale = NULL;
    rd->khash = NULL;
    rd->cell = NULL;
    rd->caseno_col = 0;
    rd->columns = NULL;
    rd->ncols = rd->hcap = 0;
}

/* "FILE:LINE: message" on stderr (unless zx_quiet): what the reader says
 * about the frame of a table (its header, title and footer rows), which
 * is no record's. */
static void frame_note(const zreader *rd, long line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void frame_note(const zreader *rd, long line, const char *fmt, ...)
{
    if (zx_quiet) return;
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "%s:%ld: ", rd->name, line);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

/* The key of column i when it does not name a field (or another column
 * took the field): the header, else "_colN", with _2, _3... until unused.
 * Returns a malloc'd string. */
static char *column_key(const char *name, size_t i, json_t *used)
{
    char *base = NULL, *key = NULL;
    if (*name) base = strdup(name);
    else if (asprintf(&base, "_col%zu", i + 1) < 0) base = NULL;
    if (!base || !json_object_get(used, base)) return base;
    for (int k = 2; !key; k++) {
        if (asprintf(&key, "%s_%d", base, k) < 0) break;
        if (json_object_get(used, key)) {
            free(key);
            key = NULL;
        }
    }
    free(base);
    return key;
}

static const char *const own_names[3] = {"errors", "warnings", "_raw"};
static const char *const own_renamed[3] = {"input_errors", "input_warnings", "input_raw"};

/* 1 when the header ends with the columns a tool writes last: warnings,
 * errors, _raw (and _more, from JSON lines): a CSV a tool wrote. */
static int tools_tail(const zreader *rd)
{
    size_t n = rd->ncols;
    if (n && !strcmp(rd->header[n - 1], "_more")) n--;
    return n >= 3 && !strcmp(rd->header[n - 3], "warnings") && !strcmp(rd->header[n - 2], "errors") &&
           !strcmp(rd->header[n - 1], "_raw");
}

/* Columns named errors, warnings or _raw outside a tool's tail are the
 * input's: keyed input_errors ... (input_errors_2 when taken), so that the
 * tools' own fields do not overwrite them (README, "Input").  0, or -1. */
static int rename_own_columns(zreader *rd, json_t *used)
{
    if (tools_tail(rd)) return 0;
    for (size_t i = 0; i < rd->ncols; i++)
        for (size_t k = 0; k < 3; k++) {
            if (strcmp(rd->keys[i], own_names[k]) != 0) continue;
            char *key = column_key(own_renamed[k], i, used);
            if (!key) return -1;
            json_t *info = json_incref(json_object_get(used, rd->keys[i]));   /* reader_columns() */
            json_object_del(used, rd->keys[i]);
            free(rd->keys[i]);
            rd->keys[i] = key;
            json_object_set_new(used, key, info ? info : json_true());
            rd->renamed_own[k] = i + 1;
        }
    return 0;
}

/* Which columns name a field: each known header's field, one column per
 * field.  When two name one field, an exact alias wins over a folded
 * match, else the first column; a warning names both.  Duplicate headers
 * are warned of.  Sets won[i] for the columns that read their field. */
static void pick_columns(zreader *rd, const field_match *m, char *won)
{
    for (size_t i = 0; i < rd->ncols; i++) {
        for (size_t j = 0; j < i; j++)
            if (*rd->header[i] && !strcmp(rd->header[i], rd->header[j])) {
                frame_note(rd, rd->header_line, "header: columns %zu and %zu are both '%s'", j + 1, i + 1, rd->header[i]);
                break;
            }
        if (!m[i].canon) continue;
        size_t j = 0;
        while (j < i && !(won[j] && !strcmp(m[j].canon, m[i].canon))) j++;
        if (j == i) { won[i] = 1; continue; }
        if (!strcmp(rd->header[i], rd->header[j])) continue;   /* warned of above */
        int later = m[i].exact && !m[j].exact;
        size_t w = later ? i : j, l = later ? j : i;
        frame_note(rd, rd->header_line,
                   "header: columns %zu '%s' and %zu '%s' both name %s; it is read from column %zu (%s), "
                   "column %zu is kept as it is", j + 1, rd->header[j], i + 1, rd->header[i], m[i].canon, w + 1,
                   later ? "the exact alias" : m[w].exact == m[l].exact ? "the first" : "the exact alias", l + 1);
        if (later) { won[j] = 0; won[i] = 1; }
    }
}

/* How column i is read, for reader_columns(). */
static json_t *column_info(const zreader *rd, size_t i, const field_match *m, int won)
{
    json_t *o = json_object();
    json_object_set_new(o, "col", json_integer((json_int_t)i + 1));
    json_object_set_new(o, "header", json_string(rd->header[i]));
    json_object_set_new(o, "field", won ? json_string(m->canon) : json_null());
    if (m->canon) {
        json_object_set_new(o, "alias", json_string(m->alias));
        json_object_set_new(o, "exact", json_boolean(m->exact));
    }
    if (won && *m->unit) json_object_set_new(o, "unit", json_string(m->unit));
    if (won && m->scale > 1) json_object_set_new(o, "scale", json_integer(m->scale));
    if (m->canon && !won) json_object_set_new(o, "other", json_string(m->canon));
    else if (m->other) json_object_set_new(o, "other", json_string(m->other));
    return o;
}

/* reader_only_keys(): which columns a row keeps (rd->keep), once the
 * keys are known: those of the keys asked for, and the case number's.
 * 0, or -1 when out of memory. */
static int keep_columns(zreader *rd)
{
    free(rd->keep);
    rd->keep = calloc(rd->ncols ? rd->ncols : 1, 1);
    if (!rd->keep) return -1;
    for (size_t i = 0; i < rd->ncols; i++) {
        rd->keep[i] = i + 1 == rd->caseno_col;
        for (size_t k = 0; k < rd->nonly && !rd->keep[i]; k++)
            rd->keep[i] = rd->khash[i] == rd->only_hash[k] && !strcmp(rd->keys[i], rd->only[k]);
    }
    return 0;
}

static int set_keys(zreader *rd)
{
    size_t n = rd->ncols ? rd->ncols : 1;
    field_match *m = calloc(n, sizeof *m);
    char *won = calloc(n, 1);
    rd->keys = calloc(n, sizeof *rd->keys);
    rd->columns = json_object();
    int rc = m && won && rd->keys && rd->columns ? 0 : -1;
    for (size_t i = 0; rc == 0 && i < rd->ncols; i++) {
        if (*rd->header[i]) field_match_header(rd->header[i], rd->scope ? rd->scope : FS_CASE, &m[i]);
        else m[i].scale = 1;
    }
    if (rc == 0) pick_columns(rd, m, won);
    for (size_t i = 0; rc == 0 && i < rd->ncols; i++)   /* the fields first: no header takes their name */
        if (won[i] && json_object_set_new(rd->columns, m[i].canon, json_null()) != 0) rc = -1;
    for (size_t i = 0; rc == 0 && i < rd->ncols; i++) {
        rd->keys[i] = won[i] ? strdup(m[i].canon) : column_key(rd->header[i], i, rd->columns);
        if (!rd->keys[i] || json_object_set_new(rd->columns, rd->keys[i], column_info(rd, i, &m[i], won[i])) != 0) {
            rc = -1;
            break;
        }
        if (won[i] && m[i].scale > 1) {
            if (!rd->scale) rd->scale = calloc(n, sizeof *rd->scale);
            if (!rd->scale) rc = -1;
            else rd->scale[i] = m[i].scale;
        }
    }
    free(m);
    free(won);
    if (rc == 0) rc = rename_own_columns(rd, rd->columns);
    /* each row's cells (at most one per column), and the keys' hashes */
    rd->cell = rc == 0 ? malloc(n * sizeof *rd->cell) : NULL;
    rd->khash = rc == 0 ? malloc(n * sizeof *rd->khash) : NULL;
    if (!rd->cell || !rd->khash) return -1;
    for (size_t i = 0; i < rd->ncols; i++) {
        rd->khash[i] = name_hash(rd->keys[i], strlen(rd->keys[i]));
        if (!rd->caseno_col && !strcmp(rd->keys[i], "case_no")) rd->caseno_col = i + 1;
    }
    return rd->nonly ? keep_columns(rd) : 0;
}

/* Header detection: how many cells of one line name a field. */
typedef struct hscore { unsigned scope; int score, caseno; } hscore;

static void score_cell(void *s, size_t len, void *data)
{
    hscore *h = data;
    field_match m;
    if (s && len && field_match_header(s, h->scope, &m)) {
        h->score++;
        h->caseno |= !strcmp(m.canon, "case_no");
    }
}

static void score_line(const zline *l, unsigned scope, unsigned char delim, hscore *h)
{
    struct csv_parser p;
    memset(h, 0, sizeof *h);
    h->scope = scope;
    /* a line this long is a record, not a header (and scoring it would
     * grow libcsv's cell buffer step by step, three times) */
    if (l->len > HEADER_MAX_BYTES) return;
    if (csv_init(&p, CSV_APPEND_NULL) != 0) return;
    csv_set_delim(&p, delim);
    csv_parse(&p, l->text, l->len - l->endlen, score_cell, NULL, h);
    csv_fini(&p, score_cell, NULL, h);
    csv_free(&p);
}

/* Finds the header line (--header-row, else the best of the first
 * HEADER_SCAN non-blank lines; none with a case-number column: the first
 * line, as a plain CSV file has it), reports the lines above it, and
 * queues the rest to be read as usual.  0, or -1 (reported). */
static int find_header(zreader *rd)
{
    zlines pre;
    memset(&pre, 0, sizeof pre);
    zline l;
    size_t none = (size_t)-1, best = none, first = none;
    int best_score = 0, nonblank = 0, got = 1;
    unsigned char best_delim = 0;
    unsigned scope = rd->scope ? rd->scope : FS_CASE;
    while ((rd->header_row || nonblank < HEADER_SCAN) && (got = lines_next(rd, &l)) == 1) {
        if (lines_push(&pre, &l) != 0) {
            got = -2;
            break;
        }
        if (line_is_blank(&l)) continue;
        nonblank++;
        size_t i = pre.n - 1;
        if (first == none) first = i;
        if (rd->header_row) {
            if (l.lineno >= rd->header_row) { best = i; break; }
            continue;
        }
        /* each delimiter in turn (the one given, else ',' '\t' ';'): a
         * title row above the header says nothing of the delimiter */
        for (int k = 0; k < 3; k++) {
            unsigned char d = rd->delim ? rd->delim : DELIMS[k];
            hscore h;
            score_line(&l, scope, d, &h);
            if (h.caseno && h.score > best_score) { best = i; best_score = h.score; best_delim = d; }
            if (rd->delim) break;
        }
    }
    if (!rd->delim && best_delim) {   /* the header row tells */
        rd->delim = best_delim;
        csv_set_delim(&rd->csv, rd->delim);
    }
    if (got == -2) reader_fail(rd, "out of memory");
    if (got < 0) {
        lines_free(&pre);
        return -1;
    }
    if (rd->header_row && (best == none || pre.v[best].lineno != rd->header_row))
        frame_note(rd, rd->header_row, "--header-row %ld: no such line, or a blank one; the header is line %ld",
                   rd->header_row, best != none ? pre.v[best].lineno : first != none ? pre.v[first].lineno : 0L);
    if (best == none) best = first;
    if (best == none) best = 0;
    for (size_t i = 0; i < best && i < pre.n; i++) {
        zline p = pre.v[i];
        p.text = pre.text + p.at;
        if (line_is_blank(&p)) continue;
        frame_note(rd, p.lineno, "not a record: above the header (line %ld): %.*s", pre.v[best].lineno,
                   (int)(p.len - p.endlen), p.text);
    }
    int rc = best < pre.n ? lines_replay(rd, &pre, best) : 0;
    lines_free(&pre);
    return rc;
}

/* Column col's cell of the row (NUL-ended, *len bytes), or NULL when it
 * was not kept. */
static const char *cell_of(const zreader *rd, size_t col, size_t *len)
{
    for (size_t k = 0; k < rd->ncells && rd->cell[k].col <= col; k++)
        if (rd->cell[k].col == col) {
            *len = rd->cell[k].len;
            return rd->cells + rd->cell[k].off;
        }
    return NULL;
}

/* A row after the header whose first cell starts with a footer word and
 * whose case-number cell is empty (or is that cell): the word, else NULL. */
static const char *footer_row(const zreader *rd)
{
    size_t n = 0;
    const char *cn = rd->caseno_col ? cell_of(rd, rd->caseno_col - 1, &n) : NULL;
    if (cn && n) return footer_word(cn);
    const char *p = rd->rec.text;
    while (*p == ',' || *p == '\t' || *p == ';' || *p == '"' || *p == ' ') p++;
    return footer_word(p);
}

static void start_record(zreader *rd)
{
    lines_clear(&rd->rec);
    rd->quote_open = 0;
    rd->nfields = rd->bigcell = 0;
    rd->nsuspect = 0;
    rd->row_done = 0;
    rd->in_header = rd->header_state == 0;
    rd->in_row = rd->header_state == 1;
    rd->ncells = rd->cellslen = 0;
}

/* The row's cells as rec's fields, in column order: noted, built when
 * asked for (a lazy reader), else built now.  0, or -1 when out of memory. */
static int row_fields(zreader *rd, zrec *rec)
{
    rec->obj = json_object();
    if (!rec->obj) return -1;
    for (size_t k = 0; k < rd->ncells; k++) {
        const struct zcell *c = &rd->cell[k];
        if (rd->lazy) {
            if (rec_cell_add(rec, rd->keys[c->col], rd->khash[c->col], c->off, c->len) != 0) return -1;
        } else if (json_object_set_new_nocheck(rec->obj, rd->keys[c->col],
                                               json_stringn_nocheck(rd->cells + c->off, c->len)) != 0) {
            return -1;
        }
    }
    if (rd->lazy) rec->cells = rd->cells ? rd->cells : "";
    return 0;
}

/* A record that did not end as a row: its first line is broken, the lines
 * after it are read again. */
static int fail_first_line(zreader *rd, zrec *rec, int why, size_t errpos)
{
    if (parser_reset(rd) != 0) {
        reader_fail(rd, "out of memory");
        return -1;
    }
    zline first = rd->rec.v[0];
    first.text = rd->rec.text + first.at;
    long last_line = rd->rec.v[rd->rec.n - 1].lineno;
    if (rd->rec.n > 1 && lines_replay(rd, &rd->rec, 1) != 0) return -1;
    size_t rawlen = first.len - first.endlen;
    ((char *)first.text)[rawlen] = '\0';
    const char *hdr = rd->header_state == 0 ? "header: " : "";
    if (rd->header_state == 0) {
        rd->header_state = -1;
        rd->header_line = first.lineno;
        free_header(rd);
    }
    if (first.toolong)
        reader_broken(rd, rec, first.lineno, first.text, rawlen,
                      "%sline of %lld bytes (line end included) is longer than %u bytes (ZX_MAX_RECORD_BYTES): _raw holds its first %zu bytes",
                      hdr, lines_long_size(rd), ZX_MAX_RECORD_BYTES, rawlen);
    else if (why == R_SYNTAX && rd->rec.n == 1)
        reader_broken(rd, rec, first.lineno, first.text, rawlen, "%smalformed CSV: %s at column %zu", hdr,
                      first.text[errpos] == '"' ? "stray quote in an unquoted field" : "text after a closing quote",
                      char_column(first.text, errpos));
    else if (why == R_SYNTAX)
        reader_broken(rd, rec, first.lineno, first.text, rawlen,
                      "%smalformed CSV: quoted field not closed properly (bad quoting on line %ld)", hdr, last_line);
    else if (why == R_OPEN_EOF)
        reader_broken(rd, rec, first.lineno, first.text, rawlen, "%smalformed CSV: quoted field not closed at end of input",
                      hdr);
    else
        reader_broken(rd, rec, first.lineno, first.text, rawlen,
                      "%smalformed CSV: quoted field not closed within %u bytes (ZX_MAX_RECORD_BYTES)", hdr,
                      ZX_MAX_RECORD_BYTES);
    return 1;
}

/* Why a complete row cannot be a record (a malloc'd message), or NULL. */
static char *row_problem(zreader *rd)
{
    char *msg = NULL;
    int rc = 0;
    for (size_t i = 0; i < rd->rec.n; i++) {
        const zline *l = &rd->rec.v[i];
        if (l->bad && l->bad_at < 0) return asprintf(&msg, "%s on this line", bad_kind_name(l->bad)) < 0 ? NULL : msg;
        if (l->bad) return asprintf(&msg, "%s at byte %lld", bad_kind_name(l->bad), l->bad_at) < 0 ? NULL : msg;
    }
    if (rd->nfields > ZX_MAX_FIELDS)
        rc = asprintf(&msg, "row has more than %u fields (ZX_MAX_FIELDS)", ZX_MAX_FIELDS);
    else if (rd->bigcell)
        rc = asprintf(&msg, "field %zu is longer than %u bytes (ZX_MAX_FIELD_BYTES)", rd->bigcell, ZX_MAX_FIELD_BYTES);
    else if (rd->header_state == -1)
        rc = asprintf(&msg, "no usable header (line %ld)", rd->header_line);
    else if (rd->header_state == 1 && rd->nfields != rd->ncols)
        rc = asprintf(&msg, "row has %zu fields, header has %zu", rd->nfields, rd->ncols);
    return rc < 0 ? NULL : msg;
}

int csv_next(zreader *rd, zrec *rec)
{
    if (!rd->csv_ready && parser_reset(rd) != 0) {
        reader_fail(rd, "out of memory");
        return -1;
    }
    if (!rd->detected) {
        rd->detected = 1;
        if (find_header(rd) != 0) return -1;
    }
    for (;;) {
        start_record(rd);
        size_t errpos = 0;
        int why = read_record(rd, &errpos);
        if (why <= 0) return why;
        if (why == R_NOMEM || rd->nomem) {
            reader_fail(rd, "out of memory");
            return -1;
        }
        if (why != R_ROW) return fail_first_line(rd, rec, why, errpos);
        long line = rd->rec.v[0].lineno;
        size_t rawlen = rd->rec.len - rd->rec.v[rd->rec.n - 1].endlen;
        rd->rec.text[rawlen] = '\0';
        const char *footer = rd->header_state == 1 ? footer_row(rd) : NULL;
        if (footer) {
            frame_note(rd, line, "footer row (%s), not a case: not written: %.*s", footer, (int)rawlen, rd->rec.text);
            continue;
        }
        char *msg = row_problem(rd);
        if (rd->header_state == 0) {
            rd->header_line = line;
            rd->header_state = msg ? -1 : 1;
            if (!msg && set_keys(rd) != 0) {
                reader_fail(rd, "out of memory");
                return -1;
            }
            if (!msg) continue;
            free_header(rd);
            reader_broken(rd, rec, line, rd->rec.text, rawlen, "header: %s", msg);
        } else if (msg) {
            reader_broken(rd, rec, line, rd->rec.text, rawlen, "%s", msg);
        } else {
            if (row_fields(rd, rec) != 0) {
                free(msg);
                reader_fail(rd, "out of memory");
                return -1;
            }
            rec->columns = json_object_get(rd->columns, "_more") ? NULL : rd->columns;
            rec->file = rd->name;
            rec->line = line;
            rec->raw = rd->rec.text;
            rec->rawlen = rawlen;
            for (size_t k = 0; k < 3; k++) {   /* a column of the input named as the tools' own */
                size_t c = rd->renamed_own[k], n = 0;
                if (c && cell_of(rd, c - 1, &n) && n)
                    rec_warning(rec, rd->keys[c - 1], "the input field \"%s\" is renamed \"%s\" (\"%s\" is the tools' own)",
                                own_names[k], rd->keys[c - 1], own_names[k]);
            }
        }
        free(msg);
        return 1;
    }
}

int csv_again(zreader *rd)
{
    if (!rd->rec.n) return 0;
    const zline *last = &rd->rec.v[rd->rec.n - 1];
    if (last->endlen)   /* csv_next() ended the row's text there */
        rd->rec.text[rd->rec.len - last->endlen] = last->endlen == 2 ? '\r' : (char)rd->eol;
    return lines_replay(rd, &rd->rec, 0);
}

void csv_state_free(zreader *rd)
{
    if (rd->csv_ready) csv_free(&rd->csv);
    rd->csv_ready = 0;
    free_header(rd);
    lines_free(&rd->rec);
    free(rd->cells);
    rd->cells = NULL;
    rd->cellslen = rd->cellscap = 0;
}
