/* date.h: calendar dates and date-times of China Standard Time.
 * A zdate is a value type: nothing to free. */
#ifndef ZX_DATE_H
#define ZX_DATE_H
#include <stddef.h>
#include <stdint.h>

typedef struct {
    int32_t day;  /* days since 1970-01-01 */
    int16_t min;  /* minute of the day 0..1439, or -1 when no time was given */
} zdate;

#define ZDATE_NOTIME (-1)

/* Parses "2023-03-01", "2023/3/1", "2023.3.1", "20230301", "2023年3月1日",
 * each optionally followed by a space or 'T' and "HH:MM[:SS]" (seconds dropped).
 * Leading/trailing ASCII blanks are ignored.  Returns 0, or -1 when the text
 * is not a valid date (2023-13-45, 2023-02-29). */
int date_parse(const char *s, size_t n, zdate *out);

int32_t date_from_ymd(int y, int m, int d);      /* no validation */
void date_to_ymd(int32_t day, int *y, int *m, int *d);
int date_valid_ymd(int y, int m, int d);          /* 1 if a real day, years 1900..2199 */
int date_weekday(int32_t day);                    /* 0 Monday .. 6 Sunday */
int32_t date_add_months(int32_t day, int n);      /* same day n months later, clamped to month end */

/* Writes "2023-03-01" or "2023-03-01T09:30" and a NUL; returns the length. */
size_t date_format(zdate d, char buf[24]);

/* Compares two moments: by day, then by minute when both have one; a zdate
 * without time compares equal to any time of its day.  <0, 0, >0. */
int date_cmp(zdate a, zdate b);

#endif
