/* progress.c: the progress line of a tool reading a file (progress.h). */
#include "progress.h"

#include <stdio.h>
#include <time.h>

enum { CHECK_EVERY = 64 };           /* records between looks at the clock */
static const double REDRAW = 0.25;   /* seconds between lines */
static const double PATIENCE = 1.0;  /* a patient run's first line after it */

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

void progress_start(zprogress *p, const char *tool, const char *name, long long size, int tty, int patient)
{
    *p = (zprogress){.tool = tool, .name = name, .size = size, .tty = tty, .patient = patient};
    p->t0 = p->last = now();
}

/* "tool: name: 12,345 records, 4.1 of 86.0 MB, 52.3 MB/s, ETA 0:01:32" */
static void draw(zprogress *p, long long bytes, double t, int done)
{
    p->drawn = 1;
    double secs = t - p->t0, mb = bytes / 1e6;
    double rate = secs > 0 ? mb / secs : 0;
    char recs[32], *q = recs + sizeof recs;
    long long r = p->records;
    int digits = 0;
    *--q = 0;
    do {   /* thousands separated by commas, as the README writes counts */
        if (digits && digits % 3 == 0) *--q = ',';
        *--q = (char)('0' + r % 10);
        r /= 10;
        digits++;
    } while (r);
    fprintf(stderr, "%s%s: %s: %s records, ", p->tty ? "\r" : "", p->tool, p->name, q);
    if (p->size >= 0) fprintf(stderr, "%.1f of %.1f MB, ", mb, p->size / 1e6);
    else fprintf(stderr, "%.1f MB, ", mb);
    fprintf(stderr, "%.1f MB/s", rate);
    if (done) {
        fprintf(stderr, ", %.2f s, done", secs);
    } else if (p->size >= 0 && rate > 0) {
        long eta = (long)((p->size / 1e6 - mb) / rate + 0.5);
        if (eta < 0) eta = 0;
        fprintf(stderr, ", ETA %ld:%02ld:%02ld", eta / 3600, eta / 60 % 60, eta % 60);
    }
    fputs(p->tty ? (done ? "\033[K\n" : "\033[K") : "\n", stderr);
    fflush(stderr);
}

void progress_tick(zprogress *p, long long bytes)
{
    if (++p->records % CHECK_EVERY) return;
    double t = now();
    if (t - p->last < REDRAW || (p->patient && t - p->t0 < PATIENCE)) return;
    p->last = t;
    draw(p, bytes, t, 0);
}

void progress_end(zprogress *p, long long bytes)
{
    if (p->patient && !p->drawn) return;
    draw(p, bytes, now(), 1);
}
