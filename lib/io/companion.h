/* companion.h: a companion file (节点 or 案款 rows keyed by 案号) joined to
 * the main file's cases as they stream past, in flat memory when the two
 * files list their cases in the same order.
 *
 * How: a first pass over the companion file counts its rows per case
 * number (a 64-bit hash of the key and a count: 16 bytes a case).  The
 * second pass reads rows only as the main file asks for them: taking case
 * K reads on until every row of K has been read; rows of other cases read
 * on the way are held (as compact JSON text) until their case comes.
 * Same order in both files: nothing is held.  Any other order: what is
 * held is what has been read ahead, at worst the whole file.  A companion
 * that is not a regular file (a pipe) cannot be read twice; it is read
 * whole, as compact text, at the first take.
 *
 * A hash collision between two case numbers makes it read further ahead
 * (and hold what it passes); rows always go to the case whose number they
 * name.
 *
 * Why the first pass stays, even for a file in the cases' order: taking a
 * case means knowing it has no more rows in the file.  Main file A, B;
 * companion rows "B" or "B, A": after reading the row of B, the two files
 * look the same, yet A has a row in one and none in the other.  Without
 * the counts, only reading on to the end (holding all it passes) tells,
 * and a case without rows (most cases have no 案款) is common.  A row
 * found after its case was written would be a silent wrong answer. */
#ifndef ZX_COMPANION_H
#define ZX_COMPANION_H
#include <jansson.h>
#include <stdio.h>
#include "record.h"

typedef struct companion companion;

/* The canonical join key of a case number: blanks dropped, full-width and
 * tortoise-shell brackets folded to ASCII.  Returns a malloc'd string the
 * caller frees (NULL when out of memory). */
char *case_key(const char *case_no);

/* Opens path, whose headers are those of file kind scope (FS_EVENTS or
 * FS_FUNDS, fields.h), and makes the first pass.  Returns a companion the caller
 * frees with companion_close(), or NULL with *err (malloc'd). */
companion *companion_open(const char *path, unsigned scope, char **err);

/* Calls emit(row, arg) for every row of case `key` (a case_key()), in file
 * order; the row is borrowed for the call, read as a tool's main input is
 * (reader_lazy: read it with rec_next_field() and rec_get(), a CSV cell
 * may be its bytes only, record.h).  Returns the number of
 * rows, or -1 on a read error (reported on stderr by the reader).
 * *again is set to 1 when the key's rows were already taken by an earlier
 * case with this number (so this one gets none), else 0. */
int companion_take(companion *c, const char *key, void (*emit)(zrec *row, void *arg),
                   void *arg, int *again);

/* After the main file: reports each row no case took on stderr as
 * "FILE:LINE: case_no: ..." (what: "events" or "funds"), counts each as a
 * data error, and when out is not NULL writes it there as a JSON line with
 * "_companion" and "_line" added.  Returns the number of such rows, or -1
 * on a read error. */
long companion_orphans(companion *c, const char *what, FILE *out);

void companion_close(companion *c);

#endif
