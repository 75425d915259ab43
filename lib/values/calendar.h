/* calendar.h: China's working days: weekends, statutory days off, and the
 * adjusted working weekend days (调休上班), loaded from share/calendar/. */
#ifndef ZX_CALENDAR_H
#define ZX_CALENDAR_H
#include <stdint.h>

typedef struct calendar calendar;

/* Loads every YYYY.json in dir (the holiday-cn format: {"year": Y, "days":
 * [{"date": "YYYY-MM-DD", "isOffDay": bool, "name": ...}]}).  Returns a
 * calendar the caller frees with calendar_free, or NULL with *err set to a
 * malloc'd message the caller frees. */
calendar *calendar_load_dir(const char *dir, char **err);

/* Adds or replaces the year(s) in one file (--calendar FILE). 0, or -1 with *err. */
int calendar_add_file(calendar *cal, const char *path, char **err);

/* 1 if the day is a working day.  Beyond the covered years, weekends alone
 * decide and *estimated (if not NULL) is set to 1. */
int calendar_is_workday(const calendar *cal, int32_t day, int *estimated);

/* 1 if the calendar holds the year of this day. */
int calendar_covers(const calendar *cal, int32_t day);

void calendar_free(calendar *cal);

#endif
