/* reader_private.h: the reader's state, shared by reader.c (open, close,
 * dispatch, broken records), reader_lines.c (physical lines, decoded),
 * reader_csv.c and reader_jsonl.c.  Not for use outside those files. */
#ifndef ZX_READER_PRIVATE_H
#define ZX_READER_PRIVATE_H
#include <csv.h>
#include <stdint.h>
#include <stdio.h>
#include "encoding.h"
#include "reader.h"

/* One physical line, decoded to UTF-8, its line end included. */
typedef struct zline {
    const char *text;   /* valid until the next lines_next() */
    size_t len;         /* bytes, line end included */
    size_t endlen;      /* line end: 0 (last line without one), 1 (\n), 2 (\r\n) */
    size_t at;          /* offset of the text in a zlines buffer */
    long lineno;        /* 1-based */
    zbad_kind bad;      /* first unreadable byte, see encoding.h */
    long long bad_at;
    int toolong;        /* longer than ZX_MAX_RECORD_BYTES: text is its start */
    long long size;     /* a toolong line's real size in bytes, its line end
                           included (as the limit counts it); -1 when not
                           toolong or not known yet (see lines_long_size()) */
} zline;

/* A run of lines kept in one buffer (a CSV record being read, or lines
 * queued to be read again). */
typedef struct zlines {
    char *text;
    size_t len, cap;
    zline *v;
    size_t n, vcap;
    size_t next;        /* replay queue: first line not yet read again */
} zlines;

struct zreader {
    char *name;             /* display name */
    FILE *fp;
    int own_fp;
    zformat fmt;
    zdecoder *dec;

    /* reader_lines.c: raw input buffer */
    char *buf;
    size_t cap, pos, len;   /* unread bytes are buf[pos..len) */
    size_t scanned;         /* bytes after pos known to hold no line end */
    char eol;               /* the line end: '\n', or '\r' in a file whose
                               first block has CRs and no LF (old Mac Excel) */
    long long off;          /* file offset of buf[pos] */
    int eof, skip_rest;
    long lineno;
    zline last;             /* the line lines_next() returned last */
    int unget;              /* return `last` again */
    zlines replay;
    char *ioerr;            /* message of a read error (malloc'd) */
    long long long_size;    /* bytes of the last toolong line so far */
    /* UTF-16 input (a BOM FF FE or FE FF): read raw into u16in and
     * converted to UTF-8 into buf, so everything after sees UTF-8 */
    void *u16;              /* iconv_t, NULL when the input is not UTF-16 */
    char *u16in;
    size_t u16n;            /* raw bytes waiting in u16in */
    int u16_eof;            /* the raw input has ended (eof: and u16in too) */

    /* reader_csv.c */
    struct csv_parser csv;
    int csv_ready;
    int header_state;       /* 0: not read yet, 1: read, -1: unusable */
    long header_line;
    char **header, **keys;
    size_t ncols, hcap;
    zlines rec;             /* lines of the record being read */
    int quote_open;         /* odd number of quotes so far in rec */
    int in_row;             /* reading a row after the header: its cells are kept */
    char *cells;            /* the row's cells, unescaped, each followed by a NUL */
    size_t cellslen, cellscap;
    struct zcell { size_t col, off, len; } *cell;   /* the cells kept, in column order */
    size_t ncells;
    uint32_t *khash;        /* per column: name_hash of its key */
    size_t caseno_col;      /* the case_no column: index + 1, or 0 */
    int nomem;              /* a cell could not be kept */
    size_t nfields, bigcell;
    int row_done, in_header;
    char **only;            /* reader_only_keys(): the keys to keep (malloc'd), nonly of them */
    size_t nonly;           /* 0: every field is kept */
    uint32_t *only_hash;    /* their name_hash */
    unsigned char *keep;    /* CSV, nonly > 0, after the header: per column, 1 when kept */
    int whole;              /* reader_again_whole(): the keys are set aside for one record */
    size_t renamed_own[3];  /* columns named errors, warnings, _raw that are the input's
                               (renamed input_*): index + 1, or 0 */
    unsigned char delim;    /* ',' '\t' ';', or 0 until the header row tells */
    const char *suspect[16];   /* keys of the row's cells excel_cell_suspect() */
    size_t nsuspect;           /* noted; more than 16: see reader_suspect_cells */
    unsigned scope;         /* reader_scope(): FS_ of fields.h (0: a case file) */
    long header_row;        /* reader_header_row(): the header's line, 0 to detect it */
    int detected;           /* the header line has been looked for */
    long *scale;            /* per column: its cells are in units of this many yuan
                               (a 万元 column: 10000); NULL when no column is */
    json_t *columns;        /* key -> how the column is read (reader_columns()) */
    int lazy;               /* reader_lazy(): values built on demand (JSON-lines members, CSV cells) */

    /* reader_jsonl.c: key -> the canonical name to rename it to (NULL: none) */
    struct canon_slot *canon_cache;   /* CANON_SLOTS of them, by key hash */
};

/* reader_lines.c */
int lines_next(zreader *rd, zline *out);   /* 1, 0 at the end, -1 read error */
void lines_unget(zreader *rd);             /* the last line comes again */
int lines_push(zlines *l, const zline *line);   /* 0, -1 out of memory */
void lines_clear(zlines *l);
void lines_free(zlines *l);
/* Queues from->v[first..] to be read again before anything else. */
int lines_replay(zreader *rd, const zlines *from, size_t first);
int line_is_blank(const zline *l);
/* The real size of the toolong line lines_next() returned last (its rest
 * is read and dropped now); -1 on a read error. */
long long lines_long_size(zreader *rd);
void lines_state_free(zreader *rd);

/* reader.c: fills rec as a broken record {"_raw": raw, "errors": [msg]}. */
void reader_broken(zreader *rd, zrec *rec, long line, const char *raw, size_t rawlen,
                   const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* Sets the message of a failure that ends reading (out of memory, I/O). */
void reader_fail(zreader *rd, const char *msg);

int csv_next(zreader *rd, zrec *rec);
/* The lines of the row csv_next() returned last, queued to be read again.
 * 0, or -1 (reported). */
int csv_again(zreader *rd);
void csv_state_free(zreader *rd);
int jsonl_next(zreader *rd, zrec *rec);
void jsonl_state_free(zreader *rd);

#endif
