/* test_period: the calendar (lib/values/calendar.c) and period arithmetic
 * (lib/values/period.c), on the calendar in $ZHIXING_SHARE/calendar.
 *
 *   test_period                    runs the checks
 *   test_period --dump FROM TO     prints "YYYY-MM-DD W E" for every day:
 *                                  W 1 working day, E 1 estimated
 *
 * Every expected date below was worked out by hand from the year's JSON. */
#include "calendar.h"
#include "date.h"
#include "period.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int checks, failed;

static void check_str(const char *what, const char *got, const char *want)
{
    checks++;
    if (strcmp(got, want) != 0) {
        failed++;
        printf("not ok: %s (got %s, want %s)\n", what, got, want);
    }
}

static void check_int(const char *what, long got, long want)
{
    checks++;
    if (got != want) {
        failed++;
        printf("not ok: %s (got %ld, want %ld)\n", what, got, want);
    }
}

static zdate D(const char *s)
{
    zdate z;
    if (date_parse(s, strlen(s), &z) < 0) {
        fprintf(stderr, "test_period: bad date in the test: %s\n", s);
        exit(2);
    }
    return z;
}

/* Checks the due date of spec from `from`, and the estimated flag. */
static void due(const calendar *cal, const char *spec, const char *from,
                const char *want, int want_est)
{
    char what[128], buf[24];
    period p;
    snprintf(what, sizeof what, "%s from %s", spec, from);
    if (period_parse(spec, &p) < 0) {
        check_str(what, "(period rejected)", want);
        return;
    }
    int est = 0;
    date_format(period_due(&p, D(from), cal, &est), buf);
    check_str(what, buf, want);
    snprintf(what, sizeof what, "%s from %s: estimated", spec, from);
    check_int(what, est, want_est);
}

static void workday(const calendar *cal, const char *day, int want, int want_est)
{
    char what[96];
    int est = 0;
    snprintf(what, sizeof what, "is_workday %s", day);
    check_int(what, calendar_is_workday(cal, D(day).day, &est), want);
    snprintf(what, sizeof what, "is_workday %s: estimated", day);
    check_int(what, est, want_est);
}

static void parse_ok(const char *s, period_unit unit, int n, int statutory, const char *canon)
{
    char what[96], buf[16];
    period p;
    snprintf(what, sizeof what, "period_parse \"%s\"", s);
    if (period_parse(s, &p) < 0) {
        check_str(what, "(rejected)", canon);
        return;
    }
    check_int(what, p.unit, unit);
    check_int(what, p.n, n);
    check_int(what, p.statutory, statutory);
    check_str(what, period_format(&p, buf), canon);
}

static void parse_bad(const char *s)
{
    char what[96];
    period p;
    snprintf(what, sizeof what, "period_parse rejects \"%s\"", s);
    check_int(what, period_parse(s, &p), -1);
}

static void test_parse(void)
{
    parse_ok("10d", PERIOD_DAYS, 10, 0, "10d");
    parse_ok("10wd", PERIOD_WORKDAYS, 10, 0, "10wd");
    parse_ok("24h", PERIOD_HOURS, 24, 0, "24h");
    parse_ok("0d", PERIOD_SAMEDAY, 0, 0, "0d");
    parse_ok("same_day", PERIOD_SAMEDAY, 0, 0, "0d");
    parse_ok("same_day!", PERIOD_SAMEDAY, 0, 1, "0d!");
    parse_ok("6m", PERIOD_MONTHS, 6, 0, "6m");
    parse_ok("3w", PERIOD_WEEKS, 3, 0, "3w");
    parse_ok("10d!", PERIOD_DAYS, 10, 1, "10d!");
    parse_ok("15wd!", PERIOD_WORKDAYS, 15, 1, "15wd!");
    parse_ok("99999d", PERIOD_DAYS, 99999, 0, "99999d");
    parse_bad("");
    parse_bad("!");
    parse_bad("d");
    parse_bad("10");
    parse_bad("10x");
    parse_bad("10D");
    parse_bad("-1d");
    parse_bad("+1d");
    parse_bad("10 d");
    parse_bad(" 10d");
    parse_bad("10d!!");
    parse_bad("10wd!x");
    parse_bad("0wd");
    parse_bad("0h");
    parse_bad("0m");
    parse_bad("100000d");
    parse_bad("same_day2");
}

static void test_required(const calendar *cal)
{
    /* 2024-09-29 Sunday and 2024-10-12 Saturday were working days */
    due(cal, "10wd", "2024-09-27", "2024-10-16", 0);
    due(cal, "9wd", "2024-09-27", "2024-10-15", 0);
    /* 5-1..5-5 off, 5-11 Saturday working */
    due(cal, "3wd", "2024-04-30", "2024-05-08", 0);
    due(cal, "6wd", "2024-04-30", "2024-05-11", 0);
    due(cal, "7wd", "2024-04-30", "2024-05-13", 0);
    due(cal, "24h", "2024-03-01T09:30", "2024-03-02T09:30", 0);
    due(cal, "24h", "2024-03-01", "2024-03-02", 0);
    due(cal, "1m", "2024-01-31", "2024-02-29", 0);
    /* statutory: 10 days from 2024-09-21 end on 10-01, off until 10-07 */
    due(cal, "10d!", "2024-09-21", "2024-10-08", 0);
    due(cal, "10d", "2024-09-21", "2024-10-01", 0);
    due(cal, "10d!", "2024-09-20", "2024-09-30", 0);   /* ends Monday 09-30: stays */
}

static void test_units(const calendar *cal)
{
    due(cal, "10d", "2024-02-25", "2024-03-06", 0);
    due(cal, "10d", "2023-02-25", "2023-03-07", 0);
    due(cal, "1d", "2024-12-31", "2025-01-01", 0);
    due(cal, "10d", "2024-03-01T09:30", "2024-03-11", 0);  /* the time is dropped */
    due(cal, "3w", "2024-01-31", "2024-02-21", 0);
    due(cal, "6m", "2023-08-31", "2024-02-29", 0);
    due(cal, "3m", "2024-11-30", "2025-02-28", 0);
    due(cal, "0d", "2024-10-01T09:30", "2024-10-01", 0);
    due(cal, "same_day", "2024-03-01", "2024-03-01", 0);
    due(cal, "1h", "2024-03-01T23:30", "2024-03-02T00:30", 0);
    due(cal, "48h", "2024-03-01", "2024-03-03", 0);
    due(cal, "25h", "2024-03-01", "2024-03-03", 0);
    due(cal, "72h", "2024-02-28T12:00", "2024-03-02T12:00", 0);
    due(cal, "24h", "2024-12-31T00:00", "2025-01-01T00:00", 0);
    due(cal, "1wd", "2024-03-01", "2024-03-04", 0);        /* Friday to Monday */
    due(cal, "1wd", "2024-03-02", "2024-03-04", 0);        /* from a Saturday */
    due(cal, "5wd", "2024-03-04", "2024-03-11", 0);
}

static void test_statutory(const calendar *cal)
{
    due(cal, "10d!", "2024-03-06", "2024-03-18", 0);       /* Saturday 03-16 -> Monday */
    due(cal, "10d", "2024-03-06", "2024-03-16", 0);
    due(cal, "10d!", "2024-09-19", "2024-09-29", 0);       /* an adjusted working Sunday */
    due(cal, "10d!", "2024-03-01", "2024-03-11", 0);       /* a Monday stays */
    due(cal, "24h!", "2024-09-30T09:30", "2024-10-08", 0); /* runs to the whole next working day */
    due(cal, "24h", "2024-09-30T09:30", "2024-10-01T09:30", 0);
    due(cal, "24h!", "2024-03-01T09:30", "2024-03-04", 0);       /* Saturday 09:30 -> Monday */
    due(cal, "1m!", "2024-09-01", "2024-10-08", 0);
    due(cal, "1m", "2024-09-01", "2024-10-01", 0);
    due(cal, "1m!", "2024-01-31", "2024-02-29", 0);
    due(cal, "0d!", "2024-10-01", "2024-10-08", 0);
    due(cal, "3w!", "2024-09-10", "2024-10-08", 0);        /* 10-01 -> 10-08 */
    due(cal, "3wd!", "2024-04-30", "2024-05-08", 0);       /* a working-day due is never off */
    due(cal, "7d!", "2023-01-20", "2023-01-28", 0);        /* 01-27 off, 01-28 Saturday working */
    due(cal, "10d!", "2025-12-22", "2026-01-04", 0);       /* 2026-01-01..03 off, 01-04 Sunday working */
}

/* Spring Festival and National Day in several years. */
static void test_holidays(const calendar *cal)
{
    /* 2016: 02-06 Sat working, 02-07..13 off, 02-14 Sun working */
    due(cal, "1wd", "2016-02-05", "2016-02-06", 0);
    due(cal, "2wd", "2016-02-05", "2016-02-14", 0);
    due(cal, "3wd", "2016-02-05", "2016-02-15", 0);
    /* 2016: 10-01..07 off, 10-08 Sat and 10-09 Sun working */
    due(cal, "1wd", "2016-09-30", "2016-10-08", 0);
    due(cal, "3wd", "2016-09-30", "2016-10-10", 0);
    /* 2018: 02-11 Sun working, 02-15..21 off, 02-24 Sat working */
    due(cal, "1wd", "2018-02-09", "2018-02-11", 0);
    due(cal, "1wd", "2018-02-14", "2018-02-22", 0);
    due(cal, "3wd", "2018-02-14", "2018-02-24", 0);
    /* 2018: 09-29 Sat and 09-30 Sun working, 10-01..07 off */
    due(cal, "2wd", "2018-09-28", "2018-09-30", 0);
    due(cal, "3wd", "2018-09-28", "2018-10-08", 0);
    /* 2018-12-29 Sat working, 12-30..2019-01-01 off: listed in 2019.json */
    due(cal, "1wd", "2018-12-28", "2018-12-29", 0);
    due(cal, "2wd", "2018-12-28", "2019-01-02", 0);
    /* 2019: 02-02 Sat and 02-03 Sun working, 02-04..10 off */
    due(cal, "2wd", "2019-02-01", "2019-02-03", 0);
    due(cal, "3wd", "2019-02-01", "2019-02-11", 0);
    /* 2019: 09-29 Sun working, 10-01..07 off, 10-12 Sat working */
    due(cal, "1wd", "2019-09-27", "2019-09-29", 0);
    due(cal, "3wd", "2019-09-27", "2019-10-08", 0);
    /* 2020: 01-19 Sun working, 01-24..02-02 off */
    due(cal, "1wd", "2020-01-17", "2020-01-19", 0);
    due(cal, "1wd", "2020-01-23", "2020-02-03", 0);
    /* 2020: 09-27 Sun working, 10-01..08 off, 10-10 Sat working */
    due(cal, "1wd", "2020-09-25", "2020-09-27", 0);
    due(cal, "5wd", "2020-09-25", "2020-10-09", 0);
    due(cal, "6wd", "2020-09-25", "2020-10-10", 0);
    due(cal, "7wd", "2020-09-25", "2020-10-12", 0);
    /* 2021: 02-11..17 off, 02-20 Sat working */
    due(cal, "1wd", "2021-02-10", "2021-02-18", 0);
    due(cal, "3wd", "2021-02-10", "2021-02-20", 0);
    /* 2022-12-31 .. 2023-01-02 off (listed in 2023.json) */
    due(cal, "1wd", "2022-12-30", "2023-01-03", 0);
    /* 2023: 01-21..27 off, 01-28 Sat and 01-29 Sun working */
    due(cal, "1wd", "2023-01-20", "2023-01-28", 0);
    due(cal, "2wd", "2023-01-20", "2023-01-29", 0);
    due(cal, "3wd", "2023-01-20", "2023-01-30", 0);
    /* 2023: 09-29..10-06 off, 10-07 Sat and 10-08 Sun working */
    due(cal, "1wd", "2023-09-28", "2023-10-07", 0);
    due(cal, "3wd", "2023-09-28", "2023-10-09", 0);
    /* 2025: 01-26 Sun working, 01-28..02-04 off, 02-08 Sat working */
    due(cal, "1wd", "2025-01-24", "2025-01-26", 0);
    due(cal, "2wd", "2025-01-24", "2025-01-27", 0);
    due(cal, "3wd", "2025-01-24", "2025-02-05", 0);
    due(cal, "6wd", "2025-01-24", "2025-02-08", 0);
    /* 2025: 09-28 Sun working, 10-01..08 off, 10-11 Sat working */
    due(cal, "1wd", "2025-09-26", "2025-09-28", 0);
    due(cal, "1wd", "2025-09-30", "2025-10-09", 0);
    due(cal, "3wd", "2025-09-30", "2025-10-11", 0);
    /* 2026: 02-14 Sat working, 02-15..23 off, 02-28 Sat working */
    due(cal, "1wd", "2026-02-13", "2026-02-14", 0);
    due(cal, "2wd", "2026-02-13", "2026-02-24", 0);
    due(cal, "5wd", "2026-02-14", "2026-02-28", 0);
    /* 2026: 10-01..07 off, 10-10 Sat working */
    due(cal, "1wd", "2026-09-30", "2026-10-08", 0);
    due(cal, "3wd", "2026-09-30", "2026-10-10", 0);
}

static void test_beyond(const calendar *cal)
{
    check_int("covers 2016-01-01", calendar_covers(cal, D("2016-01-01").day), 1);
    check_int("covers 2026-12-31", calendar_covers(cal, D("2026-12-31").day), 1);
    check_int("covers 2015-12-31", calendar_covers(cal, D("2015-12-31").day), 0);
    check_int("covers 2027-01-01", calendar_covers(cal, D("2027-01-01").day), 0);
    workday(cal, "2024-09-29", 1, 0);
    workday(cal, "2024-10-01", 0, 0);
    workday(cal, "2024-10-13", 0, 0);
    workday(cal, "2024-10-14", 1, 0);
    workday(cal, "2027-01-01", 1, 1);   /* a Friday: weekends alone decide */
    workday(cal, "2027-01-02", 0, 1);
    workday(cal, "2015-10-01", 1, 1);   /* a Thursday */
    workday(cal, "2015-10-03", 0, 1);
    check_int("is_workday with no estimated pointer",
              calendar_is_workday(cal, D("2027-01-04").day, NULL), 1);
    check_int("is_workday with no calendar", calendar_is_workday(NULL, D("2024-10-01").day, NULL), 1);

    due(cal, "5wd", "2027-01-04", "2027-01-11", 1);
    due(cal, "2wd", "2015-12-25", "2015-12-29", 1);
    due(cal, "1wd", "2026-12-31", "2027-01-01", 1);
    due(cal, "1wd", "2015-12-31", "2016-01-04", 0);   /* the start day is not looked at; 2016-01-01 off */
    due(cal, "10d", "2027-03-01", "2027-03-11", 0);   /* calendar days: no calendar looked at */
    due(cal, "10d!", "2027-01-06", "2027-01-18", 1);  /* Saturday 01-16 -> Monday */
    due(cal, "10d!", "2027-01-01", "2027-01-11", 1);  /* a Monday, still looked at */
    due(cal, "10d!", "2015-12-22", "2016-01-04", 0);  /* ends 2016-01-01 (covered, off) */
    due(cal, "10d!", "2015-12-18", "2015-12-28", 1);  /* Monday 12-28, looked at */
}

/* Writes text to dir/name; returns the path (malloc'd, the caller frees). */
static char *write_file(const char *dir, const char *name, const char *text)
{
    char *path;
    if (asprintf(&path, "%s/%s", dir, name) < 0) exit(2);
    FILE *f = fopen(path, "w");
    if (!f) { perror(path); exit(2); }
    fputs(text, f);
    fclose(f);
    return path;
}

static void check_add(calendar *cal, const char *dir, const char *name, const char *text, int want)
{
    char what[128];
    char *err = NULL;
    char *path = write_file(dir, name, text);
    int r = calendar_add_file(cal, path, &err);
    snprintf(what, sizeof what, "calendar_add_file %s", name);
    check_int(what, r, want);
    snprintf(what, sizeof what, "calendar_add_file %s: message", name);
    check_int(what, err != NULL, want < 0);
    if (err && !strstr(err, path)) check_str("message names the file", err, path);
    free(err);
    unlink(path);
    free(path);
}

static void test_add_file(const char *share)
{
    char dirbuf[] = "/tmp/test_period.XXXXXX";
    char *dir = mkdtemp(dirbuf);
    if (!dir) { perror("mkdtemp"); exit(2); }
    char *caldir, *err = NULL;
    if (asprintf(&caldir, "%s/calendar", share) < 0) exit(2);
    calendar *cal = calendar_load_dir(caldir, &err);
    free(caldir);
    if (!cal) { printf("not ok: load (got %s, want a calendar)\n", err); free(err); exit(1); }

    /* a new year: 2027-01-01 off */
    check_add(cal, dir, "y2027.json",
              "{\"year\": 2027, \"days\": [{\"date\": \"2027-01-01\", \"isOffDay\": true}]}", 0);
    check_int("covers 2027 after adding it", calendar_covers(cal, D("2027-06-01").day), 1);
    due(cal, "1wd", "2026-12-31", "2027-01-04", 0);
    due(cal, "5wd", "2027-01-04", "2027-01-11", 0);

    /* replacing 2024: only 10-01 off now; 09-29 back to an ordinary Sunday */
    check_add(cal, dir, "y2024.json",
              "{\"year\": 2024, \"days\": [{\"date\": \"2024-10-01\", \"isOffDay\": true}]}", 0);
    workday(cal, "2024-09-29", 0, 0);
    workday(cal, "2024-10-01", 0, 0);
    workday(cal, "2024-10-02", 1, 0);
    workday(cal, "2024-02-12", 1, 0);
    workday(cal, "2023-10-02", 0, 0);   /* other years untouched */
    due(cal, "1wd", "2024-09-30", "2024-10-02", 0);

    check_add(cal, dir, "broken.json", "{\"year\": 2028, \"days\": [", -1);
    check_add(cal, dir, "noyear.json", "{\"days\": []}", -1);
    check_add(cal, dir, "strayear.json", "{\"year\": \"2028\", \"days\": []}", -1);
    check_add(cal, dir, "nodays.json", "{\"year\": 2028}", -1);
    check_add(cal, dir, "baddate.json",
              "{\"year\": 2028, \"days\": [{\"date\": \"2028-02-30\", \"isOffDay\": true}]}", -1);
    check_add(cal, dir, "faryear.json",
              "{\"year\": 2028, \"days\": [{\"date\": \"2030-01-01\", \"isOffDay\": true}]}", -1);
    check_add(cal, dir, "stroff.json",
              "{\"year\": 2028, \"days\": [{\"date\": \"2028-01-01\", \"isOffDay\": \"yes\"}]}", -1);
    check_add(cal, dir, "array.json", "[]", -1);
    check_int("a failed file adds nothing", calendar_covers(cal, D("2028-06-01").day), 0);
    err = NULL;
    check_int("calendar_add_file of a missing file",
              calendar_add_file(cal, "/nonexistent/2028.json", &err), -1);
    check_int("missing file: message", err != NULL, 1);
    free(err);
    calendar_free(cal);

    /* load_dir: a name that does not match its year, an empty dir, no dir */
    char *p = write_file(dir, "2030.json", "{\"year\": 2031, \"days\": []}");
    err = NULL;
    cal = calendar_load_dir(dir, &err);
    check_int("load_dir with 2030.json saying 2031", cal == NULL, 1);
    check_int("load_dir mismatch: message", err != NULL && strstr(err, "2030.json") != NULL, 1);
    free(err);
    calendar_free(cal);
    unlink(p);
    free(p);
    p = write_file(dir, "2030.json", "{\"year\": 2030, \"days\": []}");
    err = NULL;
    cal = calendar_load_dir(dir, &err);
    check_int("load_dir with one empty year", cal != NULL, 1);
    check_int("covers 2030", calendar_covers(cal, D("2030-01-01").day), 1);
    check_int("covers 2029", calendar_covers(cal, D("2029-12-31").day), 0);
    free(err);
    calendar_free(cal);
    unlink(p);
    free(p);
    err = NULL;
    cal = calendar_load_dir(dir, &err);
    check_int("load_dir of an empty dir", cal == NULL && err != NULL, 1);
    free(err);
    rmdir(dir);
    err = NULL;
    cal = calendar_load_dir(dir, &err);
    check_int("load_dir of a missing dir", cal == NULL && err != NULL, 1);
    free(err);
}

static int dump(const calendar *cal, const char *from, const char *to)
{
    char buf[24];
    for (int32_t d = D(from).day; d <= D(to).day; d++) {
        int est = 0;
        int w = calendar_is_workday(cal, d, &est);
        zdate z = { d, ZDATE_NOTIME };
        date_format(z, buf);
        printf("%s %d %d\n", buf, w, est);
    }
    return 0;
}

int main(int argc, char **argv)
{
    const char *share = getenv("ZHIXING_SHARE");
    if (!share || !*share) share = "share";
    char *caldir, *err = NULL;
    if (asprintf(&caldir, "%s/calendar", share) < 0) return 2;
    calendar *cal = calendar_load_dir(caldir, &err);
    free(caldir);
    if (!cal) {
        printf("not ok: calendar_load_dir (got %s, want a calendar)\n", err);
        free(err);
        return 1;
    }
    if (argc == 4 && strcmp(argv[1], "--dump") == 0) {
        int r = dump(cal, argv[2], argv[3]);
        calendar_free(cal);
        return r;
    }
    test_parse();
    test_required(cal);
    test_units(cal);
    test_statutory(cal);
    test_holidays(cal);
    test_beyond(cal);
    calendar_free(cal);
    test_add_file(share);
    if (failed) return 1;
    printf("ok %d checks\n", checks);
    return 0;
}
