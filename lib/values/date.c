/* date.c: parsing, formatting and arithmetic of calendar dates.
 *
 * Days are counted from 1970-01-01 with the proleptic Gregorian rules
 * (Howard Hinnant's days_from_civil / civil_from_days): no mktime, no time
 * zone, no locale.  Every date is a China Standard Time wall-clock date. */
#include "date.h"

#include <stdio.h>
#include <string.h>

enum { MIN_YEAR = 1900, MAX_YEAR = 2199, NORM_MAX = 64 };

/* Marks the normaliser puts in place of 年 月 日 (bytes no date contains). */
enum { MARK_YEAR = 'Y', MARK_MONTH = 'M', MARK_DAY = 'D' };

static int is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int y, int m)
{
    static const int len[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    return m == 2 && is_leap(y) ? 29 : len[m - 1];
}

int32_t date_from_ymd(int y, int m, int d)
{
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;                                  /* 0..399 */
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1; /* 0..365 */
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;          /* 0..146096 */
    return (int32_t)(era * 146097 + doe - 719468);
}

void date_to_ymd(int32_t day, int *y, int *m, int *d)
{
    int32_t z = day + 719468;
    int32_t era = (z >= 0 ? z : z - 146096) / 146097;
    int32_t doe = z - era * 146097;                                   /* 0..146096 */
    int32_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365; /* 0..399 */
    int32_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);            /* 0..365 */
    int32_t mp = (5 * doy + 2) / 153;                                 /* 0..11 */
    int dd = (int)(doy - (153 * mp + 2) / 5 + 1);
    int mm = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400) + (mm <= 2);
    *m = mm;
    *d = dd;
}

int date_valid_ymd(int y, int m, int d)
{
    return y >= MIN_YEAR && y <= MAX_YEAR && m >= 1 && m <= 12
        && d >= 1 && d <= month_days(y, m);
}

int date_weekday(int32_t day)
{
    /* 1970-01-01 was a Thursday (3 when Monday is 0). */
    int r = (int)(day % 7);
    if (r < 0) r += 7;
    return (r + 3) % 7;
}

int32_t date_add_months(int32_t day, int n)
{
    int y, m, d;
    date_to_ymd(day, &y, &m, &d);
    long months = (long)y * 12 + (m - 1) + n;
    long ny = months >= 0 ? months / 12 : -((-months + 11) / 12);
    int nm = (int)(months - ny * 12) + 1;
    int last = month_days((int)ny, nm);
    return date_from_ymd((int)ny, nm, d > last ? last : d);
}

/* Two digits of v (0..99) at p. */
static char *two_digits(char *p, int v)
{
    static const char pairs[] =
        "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
        "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
        "8081828384858687888990919293949596979899";
    memcpy(p, pairs + 2 * v, 2);
    return p + 2;
}

size_t date_format(zdate d, char buf[24])
{
    int y, m, dd;
    date_to_ymd(d.day, &y, &m, &dd);
    if (y >= 0 && y <= 9999) {   /* by hand: this runs for every date written */
        char *p = buf;
        p = two_digits(p, y / 100);
        p = two_digits(p, y % 100);
        *p++ = '-';
        p = two_digits(p, m);
        *p++ = '-';
        p = two_digits(p, dd);
        if (d.min >= 0 && d.min < 1440) {
            *p++ = 'T';
            p = two_digits(p, d.min / 60);
            *p++ = ':';
            p = two_digits(p, d.min % 60);
        }
        *p = 0;
        return (size_t)(p - buf);
    }
    int n;
    if (d.min >= 0 && d.min < 1440)
        n = snprintf(buf, 24, "%04d-%02d-%02dT%02d:%02d", y, m, dd, d.min / 60, d.min % 60);
    else
        n = snprintf(buf, 24, "%04d-%02d-%02d", y, m, dd);
    return n < 0 ? 0 : (size_t)n;
}

int date_cmp(zdate a, zdate b)
{
    if (a.day != b.day) return a.day < b.day ? -1 : 1;
    if (a.min < 0 || b.min < 0 || a.min == b.min) return 0;
    return a.min < b.min ? -1 : 1;
}

/* ---- parsing ---- */

/* Copies s[0..n) into out as plain ASCII: full-width digits and
 * punctuation (－ ／ ． ： U+3000) folded, 年 月 日 replaced by marks,
 * surrounding ASCII blanks dropped.  Returns the length, or -1 when the text
 * holds anything else or is too long. */
static int normalise(const char *s, size_t n, char out[NORM_MAX])
{
    const unsigned char *p = (const unsigned char *)s, *end = p + n;
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')) p++;
    while (end > p && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r' || end[-1] == '\n')) end--;
    int len = 0;
    while (p < end) {
        char c;
        if (*p == 0) {
            return -1;                                                /* a NUL inside */
        } else if (*p < 0x80) {
            c = (char)*p++;
        } else if (end - p >= 3 && p[0] == 0xEF && p[1] == 0xBC && p[2] >= 0x90 && p[2] <= 0x99) {
            c = (char)('0' + (p[2] - 0x90)); p += 3;                 /* ０..９ */
        } else if (end - p >= 3 && p[0] == 0xEF && p[1] == 0xBC
                   && (p[2] == 0x8D || p[2] == 0x8E || p[2] == 0x8F || p[2] == 0x9A)) {
            c = p[2] == 0x8D ? '-' : p[2] == 0x8E ? '.' : p[2] == 0x8F ? '/' : ':';
            p += 3;
        } else if (end - p >= 3 && p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80) {
            c = ' '; p += 3;                                          /* U+3000 */
        } else if (end - p >= 3 && p[0] == 0xE5 && p[1] == 0xB9 && p[2] == 0xB4) {
            c = MARK_YEAR; p += 3;                                    /* 年 */
        } else if (end - p >= 3 && p[0] == 0xE6 && p[1] == 0x9C && p[2] == 0x88) {
            c = MARK_MONTH; p += 3;                                   /* 月 */
        } else if (end - p >= 3 && p[0] == 0xE6 && p[1] == 0x97 && p[2] == 0xA5) {
            c = MARK_DAY; p += 3;                                     /* 日 */
        } else {
            return -1;
        }
        if (len >= NORM_MAX - 1) return -1;
        out[len++] = c;
    }
    out[len] = 0;
    return len;
}

static int is_digit(char c) { return c >= '0' && c <= '9'; }

/* Reads between lo and hi digits at *p into *v; advances *p.  0 or -1. */
static int read_num(const char **p, int lo, int hi, int *v)
{
    int k = 0, x = 0;
    while (k < hi && is_digit((*p)[k])) x = x * 10 + ((*p)[k++] - '0');
    if (k < lo || is_digit((*p)[k])) return -1;
    *p += k;
    *v = x;
    return 0;
}

/* The date part at *p; advances *p past it.  0 or -1. */
static int parse_ymd(const char **p, int *y, int *m, int *d)
{
    const char *q = *p;
    if (read_num(&q, 4, 4, y) == 0) {
        char sep = *q;
        if (sep == '-' || sep == '/' || sep == '.') {
            q++;
            if (read_num(&q, 1, 2, m) < 0 || *q++ != sep || read_num(&q, 1, 2, d) < 0) return -1;
        } else if (sep == MARK_YEAR) {
            q++;
            if (read_num(&q, 1, 2, m) < 0 || *q++ != MARK_MONTH
                || read_num(&q, 1, 2, d) < 0 || *q++ != MARK_DAY) return -1;
        } else {
            return -1;
        }
    } else {
        q = *p;
        int all;
        if (read_num(&q, 8, 8, &all) < 0) return -1;
        *y = all / 10000; *m = all / 100 % 100; *d = all % 100;
    }
    *p = q;
    return 0;
}

/* The time part "HH:MM[:SS[.fff]]" filling the rest of p.  Minute of day, or -1. */
static int parse_hm(const char *p)
{
    int h, mi, sec;
    if (read_num(&p, 1, 2, &h) < 0 || *p++ != ':' || read_num(&p, 2, 2, &mi) < 0) return -1;
    if (*p == ':') {
        p++;
        if (read_num(&p, 2, 2, &sec) < 0 || sec > 59) return -1;
        if (*p == '.') {            /* fractions of a second, as Excel and databases write */
            p++;
            if (!is_digit(*p)) return -1;
            while (is_digit(*p)) p++;
        }
    }
    if (*p || h > 23 || mi > 59) return -1;
    return h * 60 + mi;
}

/* n digits at s as a number, or -1 when one is not a digit. */
static int digits(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (!is_digit(s[i])) return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

/* The forms the tools write themselves, "2023-03-01" and
 * "2023-03-01T09:30" (or with a blank for the T): read directly, as
 * date_parse would.  0, or -1 when s is not one of them (date_parse
 * then reads it the long way). */
static int parse_iso(const char *s, size_t n, zdate *out)
{
    if ((n != 10 && n != 16) || s[4] != '-' || s[7] != '-') return -1;
    int y = digits(s, 4), m = digits(s + 5, 2), d = digits(s + 8, 2), min = ZDATE_NOTIME;
    if (y < 0 || m < 0 || d < 0 || !date_valid_ymd(y, m, d)) return -1;
    if (n == 16) {
        int h = digits(s + 11, 2), mi = digits(s + 14, 2);
        if ((s[10] != 'T' && s[10] != ' ') || s[13] != ':' || h < 0 || mi < 0 || h > 23 || mi > 59) return -1;
        min = h * 60 + mi;
    }
    out->day = date_from_ymd(y, m, d);
    out->min = (int16_t)min;
    return 0;
}

int date_parse(const char *s, size_t n, zdate *out)
{
    if (s && parse_iso(s, n, out) == 0) return 0;
    char buf[NORM_MAX];
    if (!s || normalise(s, n, buf) <= 0) return -1;
    const char *p = buf;
    int y, m, d;
    if (parse_ymd(&p, &y, &m, &d) < 0 || !date_valid_ymd(y, m, d)) return -1;
    int min = ZDATE_NOTIME;
    if (*p) {
        int cjk = p[-1] == MARK_DAY;
        if (*p == 'T') p++;
        else if (*p == ' ') { while (*p == ' ') p++; }
        else if (!cjk) return -1;   /* "2023年3月1日9:30" needs no blank */
        if ((min = parse_hm(p)) < 0) return -1;
    }
    out->day = date_from_ymd(y, m, d);
    out->min = (int16_t)min;
    return 0;
}
