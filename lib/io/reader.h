/* reader.h: records from CSV or JSON-lines input, in UTF-8 or GB18030.
 *
 * A zreader owns every record it returns: the zrec filled by reader_next()
 * is valid until the next reader_next() or reader_close(). */
#ifndef ZX_READER_H
#define ZX_READER_H
#include <stdio.h>
#include "record.h"

typedef enum { FMT_AUTO, FMT_CSV, FMT_JSONL } zformat;
typedef enum { ENC_AUTO, ENC_UTF8, ENC_GB18030 } zencoding;

/* Generous limits (documented in the README); passing one is an error entry
 * on that record, never a crash. */
#define ZX_MAX_FIELD_BYTES  (1u << 20)    /* one CSV cell or JSON string: 1 MiB */
#define ZX_MAX_RECORD_BYTES (8u << 20)    /* one record's text: 8 MiB */
#define ZX_MAX_FIELDS       10000u        /* CSV fields in one row */
#define ZX_MAX_JSON_DEPTH   64            /* nesting of one JSON line */

typedef struct zreader zreader;

/* Opens a file ("-" or NULL: standard input).  Returns a reader the caller
 * closes with reader_close(), or NULL with *err (malloc'd, caller frees):
 * "cannot open FILE: reason". */
zreader *reader_open(const char *path, zformat fmt, zencoding enc, char **err);

/* Reads the next record into *rec (previous record's memory is released).
 * Returns 1 for a record, 0 at the end, -1 on an I/O error (reported on
 * standard error by the reader as "NAME: read error: reason").  A record that cannot be read (broken JSON, ragged CSV row,
 * bad encoding, over a limit) is returned with rec->broken = 1 and
 * rec->obj = {"_raw": "<the text>", "errors": [{...}]}; those errors count
 * as rec->nerrors and have been reported on stderr. */
int reader_next(zreader *rd, zrec *rec);

/* The format the reader settled on (after FMT_AUTO, once the first record
 * was read). */
zformat reader_format(const zreader *rd);

/* CSV only: the header as written in the file (UTF-8), and its count;
 * NULL for JSON lines.  Valid until reader_close(). */
const char *const *reader_header(const zreader *rd, size_t *n);

/* CSV only: the key each column's value is stored under in rec->obj (the
 * canonical name of a known header, else the header itself; a second
 * column mapping to the same key keeps its own header as key). */
const char *const *reader_keys(const zreader *rd, size_t *n);

/* Records hold just the fields named by keys[0..n) (canonical names; a
 * first pass that needs a few fields need not note the others); n 0: all
 * fields, as by default.  CSV: the columns whose key is one of them, and
 * always the case-number column (a footer row is told by it); a JSON line
 * read by a lazy reader (reader_lazy): its members with one of these
 * names, or with a name that is an alias (renamed as usual); a JSON line
 * built whole keeps every member.  Which rows are records, and which are
 * broken, is as when every field is kept.  Call before the first
 * reader_next().  0, or -1 when out of memory. */
int reader_only_keys(zreader *rd, const char *const *keys, size_t n);

/* reader_only_keys() with the one key `key` (NULL: all fields). */
int reader_only(zreader *rd, const char *key);

/* The record reader_next() returned last (a record, not broken), read
 * again into *rec with every field, as if reader_only_keys() had not been
 * called; the next reader_next() goes on after it, keeping the keys.
 * Returns what reader_next() returns. */
int reader_again_whole(zreader *rd, zrec *rec);

/* CSV only: the field delimiter (',', '\t' or ';'), instead of the one
 * counted in the header row (the first line holding any of the three,
 * outside quotes: the most frequent; a tie goes to ',', then '\t').  Call
 * before the first reader_next(). */
void reader_delimiter(zreader *rd, char c);

/* CSV only: the keys of the last record's cells that may be Excel damage
 * (excel_cells.h), *n of them; NULL with *n 1 when there were too many to
 * note (look at every cell).  Valid until the next reader_next(). */
const char *const *reader_suspect_cells(const zreader *rd, size_t *n);

/* CSV only: the kind of file (FS_CASE, FS_EVENTS, FS_FUNDS of fields.h)
 * whose headers to read: a funds file's 到账金额 is a fund's amount, a
 * case file's is not a case field.  Default FS_CASE.  Call before the
 * first reader_next(). */
void reader_scope(zreader *rd, unsigned scope);

/* CSV only: the header is physical line n (1-based) instead of the line
 * found among the first ones (the one with a case-number column that
 * names the most known fields).  Call before the first reader_next(). */
void reader_header_row(zreader *rd, long n);

/* CSV only, once the header is read: an object, key -> {"col": N,
 * "header": TEXT, "field": CANON or null, "alias": TEXT, "exact": BOOL,
 * "unit": TEXT, "scale": N, "other": FIELD}, in column order; records
 * read from CSV point at it (rec->columns).  Borrowed; NULL for JSON
 * lines or before the header. */
json_t *reader_columns(const zreader *rd);

/* JSON lines: the lists and objects of each record are checked but built
 * only when asked for (rec_get, record.h).  For a tool's main input, whose
 * records are read through rec_get; other readers build records whole. */
void reader_lazy(zreader *rd);

/* The display name used in diagnostics ("<stdin>" for standard input). */
const char *reader_name(const zreader *rd);

/* Bytes of the input read so far, and its size (-1 when not a regular
 * file): for a progress line. */
long long reader_offset(const zreader *rd);
long long reader_size(const zreader *rd);

void reader_close(zreader *rd);

#endif
