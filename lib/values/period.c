/* period.c: deadlines as SPEC 5.1 counts them.
 *
 * `estimated` only ever gets set to 1, never cleared: the caller starts it
 * at 0 and may carry it across several periods, as calendar_is_workday does. */
#include "period.h"

#include <stdio.h>
#include <string.h>

enum { PERIOD_MAX_N = 99999 };

int period_parse(const char *s, period *out)
{
    if (!s) return -1;
    size_t len = strlen(s);
    int statutory = len > 0 && s[len - 1] == '!';
    if (statutory) len--;
    if (len == 8 && memcmp(s, "same_day", 8) == 0) {
        out->unit = PERIOD_SAMEDAY; out->n = 0; out->statutory = statutory;
        return 0;
    }
    size_t i = 0;
    int n = 0;
    while (i < len && s[i] >= '0' && s[i] <= '9') {
        n = n * 10 + (s[i] - '0');
        if (++i > 5) return -1;                  /* at most PERIOD_MAX_N */
    }
    if (i == 0) return -1;
    const char *u = s + i;
    size_t ulen = len - i;
    period p = { PERIOD_DAYS, n, statutory };
    if (ulen == 1 && *u == 'd') p.unit = n == 0 ? PERIOD_SAMEDAY : PERIOD_DAYS;
    else if (ulen == 2 && memcmp(u, "wd", 2) == 0) p.unit = PERIOD_WORKDAYS;
    else if (ulen == 1 && *u == 'h') p.unit = PERIOD_HOURS;
    else if (ulen == 1 && *u == 'm') p.unit = PERIOD_MONTHS;
    else if (ulen == 1 && *u == 'w') p.unit = PERIOD_WEEKS;
    else return -1;
    if (n == 0 && p.unit != PERIOD_SAMEDAY) return -1;   /* "0wd", "0h": say "0d" */
    *out = p;
    return 0;
}

/* The first working day on or after day. */
static int32_t next_workday(const calendar *cal, int32_t day, int *estimated)
{
    while (!calendar_is_workday(cal, day, estimated)) day++;
    return day;
}

zdate period_due(const period *p, zdate from, const calendar *cal, int *estimated)
{
    zdate due = { from.day, ZDATE_NOTIME };
    switch (p->unit) {
    case PERIOD_DAYS:    due.day = from.day + p->n; break;
    case PERIOD_WEEKS:   due.day = from.day + 7 * p->n; break;
    case PERIOD_MONTHS:  due.day = date_add_months(from.day, p->n); break;
    case PERIOD_SAMEDAY: break;
    case PERIOD_WORKDAYS:
        for (int k = 0; k < p->n; k++) due.day = next_workday(cal, due.day + 1, estimated);
        break;
    case PERIOD_HOURS:
        if (from.min >= 0) {
            long m = (long)from.min + 60L * p->n;
            due.day = from.day + (int32_t)(m / 1440);
            due.min = (int16_t)(m % 1440);
        } else {
            due.day = from.day + (p->n + 23) / 24;  /* the end of that day */
        }
        break;
    }
    if (p->statutory && !calendar_is_workday(cal, due.day, estimated)) {
        /* runs to the whole of the next working day (民事诉讼法 第85条) */
        due.day = next_workday(cal, due.day + 1, estimated);
        due.min = ZDATE_NOTIME;
    }
    return due;
}

const char *period_format(const period *p, char buf[16])
{
    static const char *const unit[] = {
        [PERIOD_DAYS] = "d", [PERIOD_WORKDAYS] = "wd", [PERIOD_HOURS] = "h",
        [PERIOD_SAMEDAY] = "d", [PERIOD_MONTHS] = "m", [PERIOD_WEEKS] = "w",
    };
    int n = p->unit == PERIOD_SAMEDAY ? 0 : p->n;
    snprintf(buf, 16, "%d%s%s", n, unit[p->unit], p->statutory ? "!" : "");
    return buf;
}
