/* test_values.c: money, boolean and case-number parsers.
 * Usage: test_values [money|bool|caseno]  (no argument: all groups). */
#include "boolval.h"
#include "caseno.h"
#include "money.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static int checks, failures;

static void fail(const char *what, const char *got, const char *want)
{
    failures++;
    printf("not ok: %s (got %s, want %s)\n", what, got, want);
}

/* ---- money ---- */

static void money_is(const char *in, int64_t want)
{
    int64_t fen = 0;
    char what[160], got[48], exp[48];
    checks++;
    snprintf(what, sizeof what, "money_parse \"%s\"", in);
    snprintf(exp, sizeof exp, "%" PRId64 " fen", want);
    if (money_parse(in, strlen(in), &fen) != 0)
        fail(what, "-1", exp);
    else if (fen != want) {
        snprintf(got, sizeof got, "%" PRId64 " fen", fen);
        fail(what, got, exp);
    }
}

static void money_bad(const char *in)
{
    int64_t fen = 0;
    char what[160], got[48];
    checks++;
    snprintf(what, sizeof what, "money_parse \"%s\"", in);
    if (money_parse(in, strlen(in), &fen) == 0) {
        snprintf(got, sizeof got, "%" PRId64 " fen", fen);
        fail(what, got, "-1");
    }
}

static void format_is(int64_t fen, const char *want)
{
    char buf[32], what[80], got[48];
    checks++;
    size_t len = money_format(fen, buf);
    snprintf(what, sizeof what, "money_format %" PRId64, fen);
    if (strcmp(buf, want) != 0 || len != strlen(want)) {
        snprintf(got, sizeof got, "\"%s\" len %zu", buf, len);
        fail(what, got, want);
    }
}

/* Parse of the formatted text gives the fen back. */
static void round_trip(int64_t fen)
{
    char buf[32], what[80], got[48], exp[48];
    int64_t back = 0;
    checks++;
    money_format(fen, buf);
    snprintf(what, sizeof what, "round trip %" PRId64 " via \"%s\"", fen, buf);
    snprintf(exp, sizeof exp, "%" PRId64, fen);
    if (money_parse(buf, strlen(buf), &back) != 0 || back != fen) {
        snprintf(got, sizeof got, "%" PRId64, back);
        fail(what, got, exp);
    }
}

static void test_money(void)
{
    /* the forms of the spec */
    money_is("85000", 8500000);
    money_is("85,000.50", 8500050);
    money_is("85000.5元", 8500050);
    money_is("8.5万", 8500000);
    money_is("8.5万元", 8500000);
    money_is("-12.3", -1230);
    money_is("0", 0);
    money_is("-0", 0);
    money_is("0.01", 1);
    money_is("-0.01", -1);
    money_is("007", 700);
    /* boundaries around 100,000 yuan */
    money_is("99,999.99", 9999999);
    money_is("100,000", 10000000);
    money_is("100,000.01", 10000001);
    money_is("99999.99元", 9999999);
    money_is("10万", 10000000);
    money_is("10万元", 10000000);
    money_is("9.999999万", 9999999);
    money_is("10.000001万", 10000001);
    /* 万 with decimals: one 万 is 1,000,000 fen, six decimals still whole fen */
    money_is("1.2345万", 1234500);
    money_is("0.001万", 1000);
    money_is("1.23456万", 1234560);
    money_is("1.234567万", 1234567);
    money_bad("1.2345678万");
    money_is("1.2345670万", 1234567);
    /* 亿: one 亿 is 10^10 fen, ten decimals still whole fen */
    money_is("1.5亿", 15000000000LL);
    money_is("1.5亿元", 15000000000LL);
    money_is("0.99999999亿", 9999999900LL);
    money_is("1亿", 10000000000LL);
    money_is("1.0000000001亿", 10000000001LL);
    money_bad("1.00000000001亿");
    money_is("900000亿", 9000000000000000LL);
    money_bad("900000.0000000001亿");
    money_bad("1万亿");
    money_bad("1亿万");
    money_bad("亿");
    /* extra zero decimals are exact, so allowed */
    money_is("1.230", 123);
    money_is("1.2300000", 123);
    money_bad("1.234");
    money_bad("1.001");
    /* symbols, signs, widths, blanks */
    money_is("￥85000", 8500000);
    money_is("¥85,000", 8500000);
    money_is("-￥85", -8500);
    money_is("￥-85", -8500);
    money_is("－85", -8500);
    money_is("８５，０００．５０", 8500050);
    money_is("８．５万元", 8500000);
    money_is("  85000  ", 8500000);
    money_is("\t85000\r\n", 8500000);
    money_is("\u3000" "85000" "\u3000", 8500000);
    money_is("8.5 万 元", 8500000);
    money_is("85000 元", 8500000);
    /* commas: ignored when alone between digits of the whole part */
    money_is("85,00,0", 8500000);
    money_is("1,2,3", 12300);
    money_bad("85,,000");
    money_bad(",85000");
    money_bad("85000,");
    money_bad("85,000.5,0");
    money_bad("85,.5");
    /* invalid */
    money_bad("");
    money_bad("   ");
    money_bad("\u3000");
    money_bad("abc");
    money_bad("RMB85000");
    money_bad("85000RMB");
    money_bad("-");
    money_bad("元");
    money_bad("万");
    money_bad("万元");
    money_bad("8.5万万");
    money_bad("8.5元万");
    money_bad("8.5元元");
    money_bad("85.");
    money_bad(".5");
    money_bad("1.2.3");
    money_bad("--5");
    money_bad("-￥-5");
    money_bad("+5");
    money_bad("85 000");
    money_bad("8 5");
    money_bad("85000.5.");
    money_bad("0x10");
    money_bad("1e3");
    /* range: ±9e15 fen is 9e13 yuan, or 9e9 万 */
    money_is("90000000000000", 9000000000000000LL);
    money_is("-90000000000000", -9000000000000000LL);
    money_bad("90000000000000.01");
    money_bad("90000000000001");
    money_is("9000000000万", 9000000000000000LL);
    money_bad("9000000000.000001万");
    money_bad("99999999999999999999999999");
    money_bad("9223372036854775807");
    /* a dash alone or blanks: no amount (money_is_empty), still not a number */
    {
        static const char *const empty[] = {"", "  ", "-", " - ", "－", "—", "\u3000-\u3000"};
        static const char *const full[] = {"0", "--", "-5", "- 5", "—0", "abc"};
        for (size_t i = 0; i < sizeof empty / sizeof *empty; i++) {
            checks++;
            if (!money_is_empty(empty[i], strlen(empty[i]))) fail("money_is_empty", empty[i], "1");
        }
        for (size_t i = 0; i < sizeof full / sizeof *full; i++) {
            checks++;
            if (money_is_empty(full[i], strlen(full[i]))) fail("money_is_empty", full[i], "0");
        }
    }
    /* only the given n bytes count */
    {
        int64_t fen = 0;
        checks++;
        if (money_parse("851234", 2, &fen) != 0 || fen != 8500)
            fail("money_parse n=2 of \"851234\"", "other", "8500 fen");
    }

    format_is(8500000, "85000");
    format_is(8500050, "85000.5");
    format_is(8500005, "85000.05");
    format_is(-30, "-0.3");
    format_is(-3, "-0.03");
    format_is(-300, "-3");
    format_is(0, "0");
    format_is(1, "0.01");
    format_is(10, "0.1");
    format_is(9999999, "99999.99");
    format_is(10000000, "100000");
    format_is(10000001, "100000.01");
    format_is(9000000000000000LL, "90000000000000");
    format_is(INT64_MAX, "92233720368547758.07");
    format_is(INT64_MIN, "-92233720368547758.08");

    round_trip(0);
    round_trip(1);
    round_trip(-1);
    round_trip(30);
    round_trip(-30);
    round_trip(8500005);
    round_trip(9000000000000000LL);
    round_trip(-9000000000000000LL);
}

/* ---- booleans ---- */

static void bool_is(const char *in, int want)
{
    int v = -7;
    char what[120], got[16];
    checks++;
    snprintf(what, sizeof what, "bool_parse \"%s\"", in);
    if (bool_parse(in, strlen(in), &v) != 0)
        fail(what, "-1", want ? "1" : "0");
    else if (v != want) {
        snprintf(got, sizeof got, "%d", v);
        fail(what, got, want ? "1" : "0");
    }
}

static void bool_bad(const char *in)
{
    int v = -7;
    char what[120], got[16];
    checks++;
    snprintf(what, sizeof what, "bool_parse \"%s\"", in);
    if (bool_parse(in, strlen(in), &v) == 0) {
        snprintf(got, sizeof got, "%d", v);
        fail(what, got, "-1");
    }
}

static void test_bool(void)
{
    static const char *const yes[] = { "true", "TRUE", "True", "tRuE", "1", "是", "有",
                                       "Y", "y", "yes", "YES", "Yes", "真" };
    static const char *const no[] = { "false", "FALSE", "False", "0", "否", "无",
                                      "N", "n", "no", "NO", "No", "假" };
    for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
        bool_is(yes[i], 1);
    for (size_t i = 0; i < sizeof no / sizeof *no; i++)
        bool_is(no[i], 0);
    bool_is("  是  ", 1);
    bool_is("\u3000否\u3000", 0);
    bool_is("\ttrue\r\n", 1);
    bool_is(" N ", 0);

    bool_bad("");
    bool_bad("   ");
    bool_bad("2");
    bool_bad("-1");
    bool_bad("10");
    bool_bad("01");
    bool_bad("tru");
    bool_bad("truee");
    bool_bad("ye");
    bool_bad("yess");
    bool_bad("t");
    bool_bad("f");
    bool_bad("是否");
    bool_bad("不是");
    bool_bad("无无");
    bool_bad("on");
    bool_bad("off");
    bool_bad("y es");
    {
        int v = -7;
        checks++;
        if (bool_parse("noise", 2, &v) != 0 || v != 0)
            fail("bool_parse n=2 of \"noise\"", "other", "0");
        checks++;
        if (bool_parse("yes", 2, &v) == 0)
            fail("bool_parse n=2 of \"yes\"", "0", "-1");
    }
}

/* ---- case numbers ---- */

static void caseno_is(const char *in, int year, const char *court, const char *kind,
                      long seq, int sub)
{
    caseno c;
    char what[160], got[200], want[200];
    checks++;
    snprintf(what, sizeof what, "caseno_parse \"%s\"", in);
    snprintf(want, sizeof want, "%d|%s|%s|%ld|%d", year, court, kind, seq, sub);
    if (caseno_parse(in, strlen(in), &c) != 0) {
        fail(what, "-1", want);
        return;
    }
    snprintf(got, sizeof got, "%d|%s|%s|%ld|%d", c.year, c.court, c.kind, c.seq, c.sub);
    if (strcmp(got, want) != 0)
        fail(what, got, want);
}

static void caseno_bad(const char *in)
{
    caseno c;
    char what[160], got[200];
    checks++;
    snprintf(what, sizeof what, "caseno_parse \"%s\"", in);
    if (caseno_parse(in, strlen(in), &c) == 0) {
        snprintf(got, sizeof got, "%d|%s|%s|%ld|%d", c.year, c.court, c.kind, c.seq, c.sub);
        fail(what, got, "-1");
    }
}

/* caseno_cmp(a, b) is want (-1, 0, 1), and the reverse is -want. */
static void order_is(const char *a, const char *b, int want)
{
    caseno ca, cb;
    char what[200], got[16], exp[16];
    checks++;
    snprintf(what, sizeof what, "caseno_cmp \"%s\" \"%s\"", a, b);
    if (caseno_parse(a, strlen(a), &ca) != 0 || caseno_parse(b, strlen(b), &cb) != 0) {
        fail(what, "parse failure", "both parse");
        return;
    }
    int d = caseno_cmp(&ca, &cb), r = caseno_cmp(&cb, &ca);
    snprintf(exp, sizeof exp, "%d/%d", want, -want);
    snprintf(got, sizeof got, "%d/%d", d, r);
    if (d != want || r != -want)
        fail(what, got, exp);
}

static void test_caseno(void)
{
    caseno_is("（2023）豫0183执1234号", 2023, "豫0183", "执", 1234, 0);
    caseno_is("(2023)豫0183执恢12号", 2023, "豫0183", "执恢", 12, 0);
    caseno_is("（2023）豫0183执保3号之一", 2023, "豫0183", "执保", 3, 1);
    caseno_is("(2023)豫0183执恢12号之一", 2023, "豫0183", "执恢", 12, 1);
    caseno_is("(2015)密执字第00123号", 2015, "密", "执", 123, 0);
    caseno_is("(2015)新密执恢字第5号", 2015, "新密", "执恢", 5, 0);
    caseno_is("(2015)新密执第5号", 2015, "新密", "执", 5, 0);
    caseno_is("〔2021〕鄂1023执异7号", 2021, "鄂1023", "执异", 7, 0);
    caseno_is("[2021]鄂1023执复7号", 2021, "鄂1023", "执复", 7, 0);
    caseno_is("【2021】鄂1023执监7号", 2021, "鄂1023", "执监", 7, 0);
    caseno_is("(2021）豫01执协8号", 2021, "豫01", "执协", 8, 0);
    caseno_is("（2020）京执他1号", 2020, "京", "执他", 1, 0);
    caseno_is("（2022）最高法执监99号", 2022, "最高法", "执监", 99, 0);
    caseno_is("  （2023） 豫0183 执 1234 号  ", 2023, "豫0183", "执", 1234, 0);
    caseno_is("\u3000（２０２３）豫０１８３执１２３４号\u3000", 2023, "豫0183", "执", 1234, 0);
    caseno_is("（2023）豫0183执1234号之二", 2023, "豫0183", "执", 1234, 2);
    caseno_is("（2023）豫0183执1234号之九", 2023, "豫0183", "执", 1234, 9);
    caseno_is("（2023）豫0183执1234号之十", 2023, "豫0183", "执", 1234, 10);
    caseno_is("（2023）豫0183执000000000000001号", 2023, "豫0183", "执", 1, 0);

    caseno_bad("");
    caseno_bad("abc");
    caseno_bad("2023豫0183执1234号");
    caseno_bad("（2023）豫0183执1234");
    caseno_bad("（2023）豫0183执号");
    caseno_bad("（23）豫0183执1234号");
    caseno_bad("（20233）豫0183执1234号");
    caseno_bad("（2023）0183执1234号");
    caseno_bad("（2023）豫0183民初1234号");
    caseno_bad("（2023）执1234号");
    caseno_bad("（2023）豫0183执1234号之");
    caseno_bad("（2023）豫0183执1234号之十一");
    caseno_bad("（2023）豫0183执1234号x");
    caseno_bad("（2023）豫0183执1234号号");
    caseno_bad("（2023）豫0183执12a34号");
    caseno_bad("（2023）豫0183执1234567890123456号");
    caseno_bad("（2023）豫0183执恢字字第5号");
    caseno_bad("（2023）豫0183执\xff号");
    caseno_bad("（2023）豫一二三四五六七八九十一二三四五六七八九十执1号");   /* court > 31 bytes */
    {
        caseno c;
        const char *s = "（2023）豫0183执12号之一";
        checks++;
        /* the first n bytes stop after "12号": no sub */
        size_t n = strlen("（2023）豫0183执12号");
        if (caseno_parse(s, n, &c) != 0 || c.sub != 0 || c.seq != 12)
            fail("caseno_parse n stops before 之一", "other", "seq 12 sub 0");
    }

    /* order: year, court, kind (bytewise), seq as number, sub */
    order_is("（2023）豫0183执9号", "（2023）豫0183执10号", -1);
    order_is("（2023）豫0183执恢12号", "（2023）豫0183执9号", 1);
    order_is("（2023）豫0183执恢1号", "（2023）豫0183执999号", 1);
    order_is("（2022）豫0183执恢99号", "（2023）豫0183执1号", -1);
    order_is("（2023）豫0183执1号", "（2023）豫0184执1号", -1);
    order_is("（2023）豫01执5号", "（2023）豫0183执1号", -1);
    order_is("（2023）豫0183执12号", "（2023）豫0183执12号之一", -1);
    order_is("（2023）豫0183执12号之一", "（2023）豫0183执12号之二", -1);
    order_is("（2023）豫0183执12号之十", "（2023）豫0183执13号", -1);
    order_is("（2023）豫0183执12号", "(2023)豫0183执012号", 0);
    order_is("(2015)密执字第00123号", "（2015）密执123号", 0);
}

int main(int argc, char **argv)
{
    const char *group = argc > 1 ? argv[1] : "all";
    int all = strcmp(group, "all") == 0;
    if (!all && strcmp(group, "money") && strcmp(group, "bool") && strcmp(group, "caseno")) {
        fprintf(stderr, "usage: test_values [money|bool|caseno]\n");
        return 2;
    }
    if (all || strcmp(group, "money") == 0)
        test_money();
    if (all || strcmp(group, "bool") == 0)
        test_bool();
    if (all || strcmp(group, "caseno") == 0)
        test_caseno();
    if (failures > 0)
        return 1;
    printf("ok %d checks\n", checks);
    return 0;
}
