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
    int patient;               /* draw nothing for the first second (a run that
                                  ends sooner leaves the terminal as it was) */
    int drawn;                 /* a line has been drawn */
} zprogress;

/* Starts counting one input.  patient: shown only once the run has taken a
 * second (the default on a terminal; --progress shows every run). */
void progress_start(zprogress *p, const char *tool, const char *name, long long size, int tty, int patient);
/* After each record; bytes: the input read so far. */
void progress_tick(zprogress *p, long long bytes);
/* The final line ("..., done"), unless a patient run drew nothing. */
void progress_end(zprogress *p, long long bytes);

#endif
