/* progress.h: records done, MB/s and an ETA on standard error while a tool
 * reads a file (issue 22): on when stderr is a terminal or with --progress,
 * never on standard output.  Redrawn at most four times a second; on a
 * terminal in place, otherwise one line each time (a log). */
#ifndef ZX_PROGRESS_H
#define ZX_PROGRESS_H

typedef struct zprogress {
    const char *tool, *name;   /* borrowed: the tool's name, the input's display name */
    long long size;            /* the input's size in bytes, or -1 (a pipe) */
    long long records;
    double t0, last;           /* seconds (monotonic): the start, the last redraw */
    int tty;                   /* stderr is a terminal: redraw in place */
} zprogress;

/* Starts counting one input. */
void progress_start(zprogress *p, const char *tool, const char *name, long long size, int tty);
/* After each record; bytes: the input read so far. */
void progress_tick(zprogress *p, long long bytes);
/* The final line ("..., done"), always written. */
void progress_end(zprogress *p, long long bytes);

#endif
