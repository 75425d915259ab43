/* writer.h: records out as JSON lines or CSV (SPEC 3.1).
 *
 * JSON lines: a record read from JSON lines whose input fields were not
 * changed is written as its input text with the added fields spliced in
 * before the closing brace, so what did not change is not re-serialised.
 * CSV: the input columns in their order, then the tool's added fields,
 * then "warnings", "errors" and "_raw"; a nested value is compact JSON. */
#ifndef ZX_WRITER_H
#define ZX_WRITER_H
#include <stdio.h>
#include <jansson.h>
#include "reader.h"
#include "record.h"

typedef struct zwriter zwriter;

/* Writes to out (not closed by the writer).  added: the tool's fields
 * (NULL-ended, may be NULL).  Returns a writer the caller frees with
 * writer_close(). */
zwriter *writer_open(FILE *out, zformat fmt, int bom, const char *const *added);

/* Writes one record; rd is the reader it came from (for the CSV header and
 * splicing).  Values not built yet are built when the record must be
 * written anew (rec_materialise).  0, or -1 on a write error (errno set). */
int writer_put(zwriter *w, zrec *r, const zreader *rd);

/* Writes a free-standing object (a --summary row).  For CSV the first
 * object's keys make the header.  0, or -1 on a write error. */
int writer_put_json(zwriter *w, json_t *obj);

/* Flushes and frees.  0, or -1 when any write failed (errno set). */
int writer_close(zwriter *w);

#endif
