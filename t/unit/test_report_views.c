/* test_report_views: writes a hand-built zreport as HTML or xlsx, for
 * t/report-views.bats to read back (Chromium, openpyxl).
 *   test_report_views html FILE|-     test_report_views xlsx FILE|-
 * Exit 0, or 1 with the writer's error on stderr. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "report.h"

#define T(s) {.has_value = 1, .text = (s)}
#define N(v) {.has_value = 1, .value = (v)}
#define NS(v) {.has_value = 1, .value = (v), .short_mark = 1}
#define NC(v, c) {.has_value = 1, .value = (v), .has_change = 1, .change = (c)}
#define NSC(v, c) {.has_value = 1, .value = (v), .short_mark = 1, .has_change = 1, .change = (c)}
#define M(f) {.has_value = 1, .fen = (f)}
#define MC(f, c) {.has_value = 1, .fen = (f), .has_change = 1, .change = (c)}
#define E {0}

/* Indicators by team: the court total last, an empty rate (zero
 * denominator), short marks, changes, a team name that needs escaping. */
static report_column ind_cols[] = {
    {.id = "team", .name = "团队", .unit = RU_TEXT},
    {.id = "received", .name = "收案", .unit = RU_COUNT, .source = "浉河 一(二)"},
    {.id = "closed", .name = "结案", .unit = RU_COUNT},
    {.id = "close_rate", .name = "结案率", .unit = RU_PERCENT},
    {.id = "recovered", .name = "执行到位金额", .unit = RU_MONEY},
    {.id = "mean_days", .name = "平均结案用时", .unit = RU_DAYS},
    {.id = "query_rate", .name = "网络查控发起率", .unit = RU_PERCENT,
     .source = "001 一(一)1(4)5", .has_target = 1, .target = 1.0},
};
static report_cell ind_cells[] = {
    T("执行一团队"), NC(1234, 34), N(1000), NC(0.8103727714748784, 0.012), MC(9999999, 150000), N(45.25), N(1.0),
    T("执行二团队"), N(20), N(12), NSC(0.6, -0.05), M(10000000), N(61.0), NS(0.95),
    T("速执<团队>&'\""), N(0), N(0), E, M(10000001), E, E,
    E, NC(1254, 30), N(1012), NC(0.8070175438596491, 0.01), MC(30000000, -2500), N(45.47), N(0.975),
};
static int ind_total[] = {0, 0, 0, 1};

static report_column od_cols[] = {
    {.id = "team", .name = "团队", .unit = RU_TEXT},
    {.id = "overdue", .name = "超期节点", .unit = RU_COUNT, .source = "001 一(一)2(1)B"},
    {.id = "overdue_rate", .name = "超期率", .unit = RU_PERCENT},
};
static report_cell od_cells[] = {
    T("执行一团队"), N(7), N(0.07),
    T("执行二团队"), NS(19), NS(0.19),
    T("速执<团队>&'\""), N(0), E,
    T("全院"), N(26), N(0.104),
};
static int od_total[] = {0, 0, 0, 1};

static report_column st_cols[] = {
    {.id = "team", .name = "团队", .unit = RU_TEXT},
    {.id = "met", .name = "按期", .unit = RU_COUNT},
    {.id = "overdue", .name = "超期", .unit = RU_COUNT},
    {.id = "open", .name = "未到期", .unit = RU_COUNT},
    {.id = "na", .name = "无法判断", .unit = RU_COUNT},
};
static report_cell st_cells[] = {
    T("执行一团队"), N(80), N(7), N(10), N(3),
    T("执行二团队"), N(50), N(19), N(25), N(6),
    T("全院"), N(130), N(26), N(35), N(9),
};
static int st_total[] = {0, 0, 1};

static report_column sg_cols[] = {
    {.id = "stage", .name = "阶段", .unit = RU_TEXT},
    {.id = "received", .name = "收案", .unit = RU_COUNT, .source = "监利 第七组3"},
    {.id = "passed", .name = "移送", .unit = RU_COUNT},
    {.id = "closed", .name = "结案", .unit = RU_COUNT},
    {.id = "over_budget", .name = "超阶段期限", .unit = RU_COUNT},
};
static report_cell sg_cells[] = {
    T("线索查控组"), N(120), N(70), N(40), N(5),
    T("财产处置组"), N(70), N(20), N(45), N(3),
    T("拒执打击组"), N(20), N(0), N(12), NS(4),
};

static report_column fi_cols[] = {
    {.id = "kind", .name = "问题", .unit = RU_TEXT},
    {.id = "level", .name = "级别", .unit = RU_TEXT},
    {.id = "count", .name = "笔数", .unit = RU_COUNT},
    {.id = "amount", .name = "金额", .unit = RU_MONEY},
};
static report_cell fi_cells[] = {
    T("逾期未发放"), T("即日"), N(3), M(9999999),
    T("逾期未发放"), T("三日"), N(1), M(10000000),
    T("未认领"), T("七日"), N(2), M(123456789012),
    E, E, N(6), M(123476789011),
};
static int fi_total[] = {0, 0, 0, 1};

static report_column empty_cols[] = {
    {.id = "team", .name = "团队", .unit = RU_TEXT},
    {.id = "n", .name = "件数", .unit = RU_COUNT},
};

/* Twelve figures for three groups: printed turned. */
static report_column wide_cols[] = {
    {.id = "team", .name = "团队", .unit = RU_TEXT},
    {.id = "w1", .name = "指标一", .unit = RU_COUNT}, {.id = "w2", .name = "指标二", .unit = RU_COUNT},
    {.id = "w3", .name = "指标三", .unit = RU_COUNT}, {.id = "w4", .name = "指标四", .unit = RU_COUNT},
    {.id = "w5", .name = "指标五", .unit = RU_COUNT}, {.id = "w6", .name = "指标六", .unit = RU_COUNT},
    {.id = "w7", .name = "指标七", .unit = RU_COUNT}, {.id = "w8", .name = "指标八", .unit = RU_COUNT},
    {.id = "w9", .name = "指标九", .unit = RU_COUNT}, {.id = "w10", .name = "指标十", .unit = RU_PERCENT},
    {.id = "w11", .name = "指标十一", .unit = RU_MONEY}, {.id = "w12", .name = "指标十二", .unit = RU_DAYS},
};
static report_cell wide_cells[] = {
    T("一队"), N(1), N(2), N(3), N(4), N(5), N(6), N(7), N(8), N(9), N(0.5), M(100), N(1.5),
    T("二队"), N(2), N(3), N(4), N(5), N(6), N(7), N(8), N(9), N(10), NS(0.25), M(200), N(2.5),
};

static report_table tables[] = {
    {.id = "indicators", .title = "各团队质效指标", .ncol = 7, .nrow = 4, .cols = ind_cols,
     .cells = ind_cells, .row_is_total = ind_total, .chart = RC_BAR_VS, .chart_col = 6},
    {.id = "overdue_by_team", .title = "各团队超期节点", .ncol = 3, .nrow = 4, .cols = od_cols,
     .cells = od_cells, .row_is_total = od_total, .chart = RC_BAR, .chart_col = 1},
    {.id = "deadline_status", .title = "节点状态（按团队）", .ncol = 5, .nrow = 3, .cols = st_cols,
     .cells = st_cells, .row_is_total = st_total, .chart = RC_STACKED, .chart_col = 1},
    {.id = "stages", .title = "各阶段案件", .ncol = 5, .nrow = 3, .cols = sg_cols,
     .cells = sg_cells, .row_is_total = NULL, .chart = RC_FUNNEL, .chart_col = 1},
    {.id = "funds_issues", .title = "案款问题", .ncol = 4, .nrow = 4, .cols = fi_cols,
     .cells = fi_cells, .row_is_total = fi_total, .chart = RC_BAR, .chart_col = 3},
    {.id = "empty", .title = "空表", .ncol = 2, .nrow = 0, .cols = empty_cols,
     .cells = NULL, .row_is_total = NULL, .chart = RC_BAR, .chart_col = 1},
    {.id = "wide", .title = "宽表", .ncol = 13, .nrow = 2, .cols = wide_cols,
     .cells = wide_cells, .row_is_total = NULL, .chart = RC_NONE},
};

static zreport report = {
    .court = "测试<法院>", .profile = "spc", .period_from = "2026-11-16",
    .period_to = "2026-11-22", .as_of = "2026-11-22",
    .ntable = sizeof tables / sizeof *tables, .tables = tables, .nunknown = 2,
};

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: test_report_views html|xlsx FILE|-\n");
        return 2;
    }
    if (!strcmp(argv[1], "html")) {
        FILE *out = strcmp(argv[2], "-") ? fopen(argv[2], "w") : stdout;
        if (!out) { perror(argv[2]); return 1; }
        int rc = report_write_html(&report, out);
        if (out != stdout && fclose(out) != 0) rc = -1;
        if (rc < 0) { fprintf(stderr, "test_report_views: %s: write error\n", argv[2]); return 1; }
        return 0;
    }
    if (!strcmp(argv[1], "xlsx")) {
        char *err = NULL;
        if (report_write_xlsx(&report, argv[2], &err) < 0) {
            fprintf(stderr, "test_report_views: %s\n", err ? err : "?");
            free(err);
            return 1;
        }
        return 0;
    }
    fprintf(stderr, "test_report_views: unknown view %s\n", argv[1]);
    return 2;
}
