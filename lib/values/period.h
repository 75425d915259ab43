/* period.h: deadlines as SPEC 5.1 counts them. */
#ifndef ZX_PERIOD_H
#define ZX_PERIOD_H
#include "calendar.h"
#include "date.h"

typedef enum {
    PERIOD_DAYS,      /* "N日/天内": "10d" */
    PERIOD_WORKDAYS,  /* "N个工作日内": "10wd" */
    PERIOD_HOURS,     /* "24小时内": "24h" */
    PERIOD_SAMEDAY,   /* "当日/即日": "0d" or "same_day" */
    PERIOD_MONTHS,    /* "N个月": "6m" */
    PERIOD_WEEKS      /* "N周": "3w" = 7N calendar days */
} period_unit;

typedef struct {
    period_unit unit;
    int n;
    int statutory;    /* a last day off runs to the next working day (民事诉讼法 第85条) */
} period;

/* Parses "10d", "10wd", "24h", "0d", "same_day", "6m", "3w"; a trailing "!"
 * ("10d!") marks the period statutory.  0, or -1. */
int period_parse(const char *s, period *out);

/* Due moment of a period started at `from`.  Days/weeks/months: from.day + N
 * (the start day not counted), no time.  Working days: the Nth working day
 * after from.day.  Hours: from + N h when from has a time, else the end of
 * the day ceil(N/24) days later (no time).  Same day: from.day.  When
 * p->statutory and the due day is off, moves to the next working day.
 * *estimated is set to 1 when any day looked at was beyond the calendar. */
zdate period_due(const period *p, zdate from, const calendar *cal, int *estimated);

/* Writes the canonical text of p ("10wd") into buf; returns buf. */
const char *period_format(const period *p, char buf[16]);

#endif
