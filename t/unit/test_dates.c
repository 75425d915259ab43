/* test_dates: date parsing, formatting and arithmetic (lib/values/date.c). */
#include "date.h"

#include <stdio.h>
#include <string.h>

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

/* Parses s and checks the formatted result. */
static void parses(const char *s, const char *want)
{
    zdate z;
    char buf[24], what[128];
    snprintf(what, sizeof what, "parse \"%s\"", s);
    if (date_parse(s, strlen(s), &z) < 0) {
        check_str(what, "(rejected)", want);
        return;
    }
    date_format(z, buf);
    check_str(what, buf, want);
}

static void rejects(const char *s)
{
    zdate z = { 0, 0 };
    char buf[24], what[128];
    snprintf(what, sizeof what, "reject \"%s\"", s);
    if (date_parse(s, strlen(s), &z) == 0) {
        date_format(z, buf);
        check_str(what, buf, "(rejected)");
    } else {
        check_str(what, "(rejected)", "(rejected)");
    }
}

static const char *ymd(int32_t day, char buf[24])
{
    zdate z = { day, ZDATE_NOTIME };
    date_format(z, buf);
    return buf;
}

static void test_parse(void)
{
    parses("2023-03-01", "2023-03-01");
    parses("2023/3/1", "2023-03-01");
    parses("2023.3.1", "2023-03-01");
    parses("20230301", "2023-03-01");
    parses("2023年3月1日", "2023-03-01");
    parses("2023年03月01日", "2023-03-01");
    parses("2023-3-1", "2023-03-01");
    parses("2023/03/01", "2023-03-01");
    parses("  2023-03-01\t", "2023-03-01");
    parses("2023-03-01 09:30", "2023-03-01T09:30");
    parses("2023-03-01T09:30", "2023-03-01T09:30");
    parses("2023-03-01 09:30:59", "2023-03-01T09:30");
    parses("2023-03-01 9:05", "2023-03-01T09:05");
    parses("2023-03-01 09:30:00.0", "2023-03-01T09:30");
    parses("2023-03-01 00:00:00.000", "2023-03-01T00:00");
    parses("2023/3/1 23:59", "2023-03-01T23:59");
    parses("2023年3月1日 09:30", "2023-03-01T09:30");
    parses("2023年3月1日9:30", "2023-03-01T09:30");
    parses("20230301 09:30", "2023-03-01T09:30");
    parses("２０２３－０３－０１", "2023-03-01");
    parses("２０２３年３月１日", "2023-03-01");
    parses("2023-03-01　０９：３０", "2023-03-01T09:30");
    parses("2024-02-29", "2024-02-29");
    parses("2000-02-29", "2000-02-29");
    parses("1900-01-01", "1900-01-01");
    parses("2199-12-31", "2199-12-31");
    parses("2023-12-31", "2023-12-31");

    rejects("");
    rejects("   ");
    rejects("2023-13-45");
    rejects("2023-13-01");
    rejects("2023-00-10");
    rejects("2023-04-31");
    rejects("2023-01-00");
    rejects("2023-02-29");
    rejects("1900-02-29");
    rejects("2100-02-29");
    rejects("1899-12-31");
    rejects("2200-01-01");
    rejects("2023-03-01 24:00");
    rejects("2023-03-01 23:60");
    rejects("2023-03-01 09:30:60");
    rejects("2023-03-01 9");
    rejects("2023-03-01 09:3");
    rejects("2023-03-01 09:30:");
    rejects("2023-03-01 09:30:00.");
    rejects("2023-03-01x");
    rejects("2023-03/01");
    rejects("2023-003-01");
    rejects("23-03-01");
    rejects("2023301");
    rejects("202303011");
    rejects("20231301");
    rejects("2023年3月1");
    rejects("2023年3月1号");
    rejects("2023-03-01 09:30 +08:00");
    rejects("abc");
    rejects("2023-03-01T");
    {
        zdate z;
        check_int("reject a NUL inside", date_parse("2023-03-01\0x", 12, &z), -1);
        check_int("parse only n bytes", date_parse("2023-03-01 09:30", 10, &z), 0);
        check_int("parse only n bytes: no time", z.min, ZDATE_NOTIME);
        check_int("reject NULL", date_parse(NULL, 0, &z), -1);
    }
}

static void test_arith(void)
{
    char b[24];
    check_int("day of 1970-01-01", date_from_ymd(1970, 1, 1), 0);
    check_int("day of 2000-03-01", date_from_ymd(2000, 3, 1), 11017);
    check_int("day of 1900-01-01", date_from_ymd(1900, 1, 1), -25567);
    check_int("day of 2024-09-27", date_from_ymd(2024, 9, 27), 19993);
    check_str("day 19993", ymd(19993, b), "2024-09-27");
    check_str("day -1", ymd(-1, b), "1969-12-31");
    /* every day of 1900..2199 goes there and back */
    int bad = 0;
    for (int32_t d = date_from_ymd(1900, 1, 1); d <= date_from_ymd(2199, 12, 31); d++) {
        int y, m, dd;
        date_to_ymd(d, &y, &m, &dd);
        if (!date_valid_ymd(y, m, dd) || date_from_ymd(y, m, dd) != d) bad++;
        if (d > date_from_ymd(1900, 1, 1)) {
            int py, pm, pd;
            date_to_ymd(d - 1, &py, &pm, &pd);
            if (!(py < y || (py == y && (pm < m || (pm == m && pd + 1 == dd))))) bad++;
        }
    }
    check_int("round trips 1900..2199", bad, 0);

    check_int("weekday 1970-01-01 Thu", date_weekday(0), 3);
    check_int("weekday 2024-09-27 Fri", date_weekday(date_from_ymd(2024, 9, 27)), 4);
    check_int("weekday 2024-09-29 Sun", date_weekday(date_from_ymd(2024, 9, 29)), 6);
    check_int("weekday 2024-09-30 Mon", date_weekday(date_from_ymd(2024, 9, 30)), 0);
    check_int("weekday 1969-12-29 Mon", date_weekday(-3), 0);
    check_int("weekday 1900-01-01 Mon", date_weekday(date_from_ymd(1900, 1, 1)), 0);

    check_str("2024-01-31 + 1m", ymd(date_add_months(date_from_ymd(2024, 1, 31), 1), b), "2024-02-29");
    check_str("2023-01-31 + 1m", ymd(date_add_months(date_from_ymd(2023, 1, 31), 1), b), "2023-02-28");
    check_str("2024-03-31 + 1m", ymd(date_add_months(date_from_ymd(2024, 3, 31), 1), b), "2024-04-30");
    check_str("2024-01-30 + 1m", ymd(date_add_months(date_from_ymd(2024, 1, 30), 1), b), "2024-02-29");
    check_str("2024-01-28 + 1m", ymd(date_add_months(date_from_ymd(2024, 1, 28), 1), b), "2024-02-28");
    check_str("2023-08-31 + 6m", ymd(date_add_months(date_from_ymd(2023, 8, 31), 6), b), "2024-02-29");
    check_str("2023-11-15 + 3m", ymd(date_add_months(date_from_ymd(2023, 11, 15), 3), b), "2024-02-15");
    check_str("2024-02-29 + 12m", ymd(date_add_months(date_from_ymd(2024, 2, 29), 12), b), "2025-02-28");
    check_str("2024-03-31 - 1m", ymd(date_add_months(date_from_ymd(2024, 3, 31), -1), b), "2024-02-29");
    check_str("2024-01-15 - 1m", ymd(date_add_months(date_from_ymd(2024, 1, 15), -1), b), "2023-12-15");
    check_str("2024-05-10 + 0m", ymd(date_add_months(date_from_ymd(2024, 5, 10), 0), b), "2024-05-10");
}

static void test_format_cmp(void)
{
    char b[24];
    zdate t = { date_from_ymd(2023, 3, 1), 9 * 60 + 30 };
    check_int("format length with time", (long)date_format(t, b), 16);
    check_str("format with time", b, "2023-03-01T09:30");
    zdate n = { date_from_ymd(2023, 3, 1), ZDATE_NOTIME };
    check_int("format length without time", (long)date_format(n, b), 10);
    check_str("format without time", b, "2023-03-01");
    zdate midnight = { date_from_ymd(2023, 3, 1), 0 };
    date_format(midnight, b);
    check_str("format midnight", b, "2023-03-01T00:00");

    zdate later = { t.day, 9 * 60 + 31 }, next = { t.day + 1, ZDATE_NOTIME };
    check_int("cmp earlier time", date_cmp(t, later) < 0, 1);
    check_int("cmp later time", date_cmp(later, t) > 0, 1);
    check_int("cmp same time", date_cmp(t, t), 0);
    check_int("cmp no time equals any time of its day", date_cmp(n, t), 0);
    check_int("cmp time vs no time", date_cmp(later, n), 0);
    check_int("cmp next day", date_cmp(t, next) < 0, 1);
    check_int("cmp previous day", date_cmp(next, later) > 0, 1);
}

int main(void)
{
    test_parse();
    test_arith();
    test_format_cmp();
    if (failed) return 1;
    printf("ok %d checks\n", checks);
    return 0;
}
