/* assign_input.h: assign reads its input twice (assign_order.h): a first
 * reading here, before any record is written, then tool_main's.  Inputs
 * that cannot be read twice are copied first into unlinked temporary
 * files in $TMPDIR (default /tmp): standard input (then read from the
 * copy, which becomes file descriptor 0), a pipe or FIFO given as FILE
 * (/dev/fd/N of a shell's <(...) keeps its name; any other is read as
 * /dev/fd/N of its copy).  A regular file is read twice in place. */
#ifndef ZX_ASSIGN_INPUT_H
#define ZX_ASSIGN_INPUT_H
#include <stddef.h>

#include "record.h"
#include "tool.h"

typedef struct input_copies {
    int *fds;        /* copies kept open for the second reading */
    char **names;    /* "/dev/fd/N" names put into o->files (malloc'd) */
    size_t n;
} input_copies;

/* Makes o's inputs readable twice (may replace entries of o->files), then
 * reads them all as tool_main will, calling each(arg, r) for every record
 * that is not broken, in input order.  Diagnostics are silent and the
 * data-error count is kept as it was: the second reading reports.  An
 * input that cannot be opened is passed over (the second reading says
 * so).  Standard input is left at its start.  0; -1 with *err (malloc'd)
 * when a copy cannot be made; or what each returned when not 0 (it
 * stops the reading). */
int input_first_pass(const zopts *o, input_copies *ic, int (*each)(void *arg, zrec *r), void *arg, char **err);

/* Closes the copies and frees the names (after the second reading). */
void input_copies_free(input_copies *ic);

#endif
