/* report_xlsx.c: the report as an Excel workbook, with libxlsxwriter
 * (issue 21).
 *
 * Sheet 1 "说明" holds the title, period, as-of, the legend and every
 * column's clause; then a sheet per table: Chinese headers in row 1
 * (frozen, with the label column when it is text), one row per group,
 * the court total last in bold.  Money is written in yuan as #,##0.00, a
 * percent as a ratio in 0.0%, days as 0.0,
 * counts as #,##0; an empty figure is a blank cell, never 0.  A short mark
 * (短板) is a red cell; where the report has a previous period, each such
 * column is followed by its "较上期" change.  Each table's chart hint is
 * drawn as a native Excel chart below the table: RC_BAR a bar chart,
 * RC_BAR_VS a column chart with the court figure and the target as columns
 * beside each group's (libxlsxwriter 1.1.4 has no combined bar-and-line
 * chart; their values are in columns headed "图表：…" right of the table),
 * RC_STACKED a stacked bar chart, RC_FUNNEL a bar chart in stage order. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <xlsxwriter.h>
#include "report.h"

enum { NUNIT = RU_TEXT + 1, MAX_SHEET = 31, MAX_COLS = 1000 };

typedef struct {
    lxw_workbook *wb;
    lxw_format *head, *title, *note;
    lxw_format *cell[NUNIT][2][2];   /* [unit][short][total] */
    lxw_format *chg[NUNIT][2];       /* [unit][total] */
} xbook;

static const char *const NUMFMT[NUNIT] = {
    [RU_COUNT] = "#,##0", [RU_MONEY] = "#,##0.00", [RU_PERCENT] = "0.0%",
    [RU_DAYS] = "0.0", [RU_TEXT] = "@",
};
/* A change: a sign always; a percent's change shown in percent points. */
static const char *const CHGFMT[NUNIT] = {
    [RU_COUNT] = "+#,##0;-#,##0;0", [RU_MONEY] = "+#,##0.00;-#,##0.00;0.00",
    [RU_PERCENT] = "+0.0%;-0.0%;0.0%", [RU_DAYS] = "+0.0;-0.0;0.0", [RU_TEXT] = "@",
};

static char *dupf(const char *fmt, const char *a, const char *b)
{
    size_t n = strlen(fmt) + strlen(a) + strlen(b) + 1;
    char *s = malloc(n);
    if (s) snprintf(s, n, fmt, a, b);
    return s;
}

static void make_formats(xbook *x)
{
    x->head = workbook_add_format(x->wb);
    format_set_bold(x->head);
    format_set_bg_color(x->head, 0xEEF2F7);
    format_set_border(x->head, LXW_BORDER_THIN);
    format_set_text_wrap(x->head);
    format_set_align(x->head, LXW_ALIGN_CENTER);
    format_set_align(x->head, LXW_ALIGN_VERTICAL_CENTER);
    x->title = workbook_add_format(x->wb);
    format_set_bold(x->title);
    format_set_font_size(x->title, 14);
    x->note = workbook_add_format(x->wb);
    format_set_font_color(x->note, 0x555555);
    for (int u = 0; u < NUNIT; u++)
        for (int s = 0; s < 2; s++)
            for (int t = 0; t < 2; t++) {
                lxw_format *f = workbook_add_format(x->wb);
                format_set_num_format(f, NUMFMT[u]);
                format_set_border(f, LXW_BORDER_THIN);
                if (s) { format_set_bg_color(f, 0xFDE2E1); format_set_font_color(f, 0xA50F15); }
                if (t) { format_set_bold(f); format_set_top(f, LXW_BORDER_MEDIUM); }
                x->cell[u][s][t] = f;
                if (s) continue;
                f = workbook_add_format(x->wb);
                format_set_num_format(f, CHGFMT[u]);
                format_set_border(f, LXW_BORDER_THIN);
                format_set_font_color(f, 0x666666);
                if (t) { format_set_bold(f); format_set_top(f, LXW_BORDER_MEDIUM); }
                x->chg[u][t] = f;
            }
}

/* Display columns of s (report_display_width), 0 for NULL. */
static size_t width_of(const char *s)
{
    return s ? report_display_width(s) : 0;
}

/* A sheet name from the title: Excel's forbidden []:*?/\ become "_", cut
 * to 31 characters; a clash gets "(2)", "(3)" ...  name: 128 bytes. */
static int sheet_name(lxw_workbook *wb, const char *title, const char *id, char *name)
{
    const char *s = title && *title ? title : id && *id ? id : "表";
    for (int k = 1; k < 100; k++) {
        char suffix[8] = "";
        if (k > 1) snprintf(suffix, sizeof suffix, "(%d)", k);
        size_t chars = 0, j = 0, room = MAX_SHEET - strlen(suffix);
        for (size_t i = 0; s[i] && chars < room; ) {
            unsigned char c = (unsigned char)s[i];
            size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
            if (j + len + sizeof suffix >= 128) break;
            if (len == 1 && strchr("[]:*?/\\'", c)) name[j++] = '_', i++;
            else { memcpy(name + j, s + i, len); j += len; i += len; }
            chars++;
        }
        strcpy(name + j, suffix);
        if (workbook_validate_sheet_name(wb, name) == LXW_NO_ERROR) return 0;
    }
    return -1;
}

static const report_cell *cell_at(const report_table *t, size_t i, size_t j)
{
    return &t->cells[i * t->ncol + j];
}

static int is_total(const report_table *t, size_t i)
{
    return t->row_is_total && t->row_is_total[i];
}

static int col_has_change(const report_table *t, size_t j)
{
    for (size_t i = 0; i < t->nrow; i++)
        if (cell_at(t, i, j)->has_change) return 1;
    return 0;
}

/* The header of a column: its name, the unit where the name lacks it, and
 * the target.  Returns a malloc'd string, the caller frees. */
static char *head_text(const report_column *c)
{
    const char *name = c->name ? c->name : c->id ? c->id : "";
    const char *unit = c->unit == RU_MONEY && !strstr(name, "元") ? "（元）"
                     : c->unit == RU_DAYS && !strstr(name, "天") ? "（天）" : "";
    char *h = dupf("%s%s", name, unit);
    if (!h || !c->has_target) return h;
    char tgt[64];   /* as -o text writes it */
    report_cell x = {.has_value = 1, .value = c->target, .fen = llround(c->target)};
    char *both = dupf("%s\n目标 %s", h, report_cell_text(c, &x, tgt, sizeof tgt));
    free(h);
    return both;
}

static void write_cell(lxw_worksheet *ws, xbook *x, lxw_row_t r, lxw_col_t c,
                       const report_column *col, const report_cell *v, int total)
{
    lxw_format *f = x->cell[col->unit][v->short_mark != 0][total];
    if (col->unit == RU_TEXT) {
        if (v->text && *v->text) worksheet_write_string(ws, r, c, v->text, f);
        else if (total && c == 0) worksheet_write_string(ws, r, c, "全院合计", f);
        else worksheet_write_blank(ws, r, c, f);
    } else if (!v->has_value) {
        worksheet_write_blank(ws, r, c, f);
    } else {
        worksheet_write_number(ws, r, c, col->unit == RU_MONEY ? v->fen / 100.0 : v->value, f);
    }
}

typedef struct {
    lxw_col_t *at;      /* sheet column of each table column */
    lxw_col_t ncols;    /* sheet columns used by the table */
    lxw_row_t first, last;   /* the chart's rows: the groups before any total */
    lxw_col_t helper;   /* RC_BAR_VS: first "图表：" column, else 0 */
} layout;

static void write_chart(xbook *x, lxw_worksheet *ws, const char *sheet,
                        const report_table *t, const layout *L);

/* Writes t on a new sheet; name (128 bytes) gets the sheet's name. */
static int write_table(xbook *x, const report_table *t, char *name, char **err)
{
    if (sheet_name(x->wb, t->title, t->id, name) < 0) {
        *err = dupf("xlsx: no usable sheet name for table %s%s", t->id ? t->id : "?", "");
        return -1;
    }
    lxw_worksheet *ws = workbook_add_worksheet(x->wb, name);
    layout L = {0};
    L.at = calloc(t->ncol ? t->ncol : 1, sizeof *L.at);
    size_t *width = calloc(t->ncol * 2 + 4, sizeof *width);
    if (!ws || !L.at || !width) {
        free(L.at); free(width);
        *err = dupf("xlsx: cannot add sheet %s%s", name, "");
        return -1;
    }
    size_t lines = 1;
    for (size_t j = 0; j < t->ncol && L.ncols < MAX_COLS; j++) {
        const report_column *c = &t->cols[j];
        L.at[j] = L.ncols;
        char *h = head_text(c);
        worksheet_write_string(ws, 0, L.ncols, h ? h : "", x->head);
        size_t w = c->unit == RU_MONEY ? 14 : c->unit == RU_TEXT ? 6 : 9;
        for (size_t i = 0; c->unit == RU_TEXT && i < t->nrow; i++) {
            const report_cell *v = cell_at(t, i, j);
            if (width_of(v->text) + 2 > w) w = width_of(v->text) + 2;
        }
        if (w > 40) w = 40;
        size_t hw = width_of(h) + 2;
        if (hw > w && w < 16) w = hw < 16 ? hw : 16;
        if ((hw + w - 1) / w > lines) lines = (hw + w - 1) / w;
        if (h && strchr(h, '\n') && lines < 2) lines = 2;
        width[L.ncols++] = w;
        free(h);
        if (c->unit != RU_TEXT && col_has_change(t, j)) {
            h = dupf("%s%s", c->name ? c->name : c->id ? c->id : "", " 较上期");
            worksheet_write_string(ws, 0, L.ncols, h ? h : "较上期", x->head);
            free(h);
            width[L.ncols++] = w < 10 ? 10 : w;
        }
    }
    L.first = 1;
    L.last = 0;
    for (size_t i = 0; i < t->nrow; i++) {
        int total = is_total(t, i);
        if (!total && L.last == i) L.last = (lxw_row_t)(i + 1);
        for (size_t j = 0; j < t->ncol && L.at[j] < MAX_COLS; j++) {
            const report_cell *v = cell_at(t, i, j);
            write_cell(ws, x, (lxw_row_t)(i + 1), L.at[j], &t->cols[j], v, total);
            if (t->cols[j].unit == RU_TEXT || !col_has_change(t, j)) continue;
            lxw_format *cf = x->chg[t->cols[j].unit][total];
            if (!v->has_change) worksheet_write_blank(ws, (lxw_row_t)(i + 1), L.at[j] + 1, cf);
            else worksheet_write_number(ws, (lxw_row_t)(i + 1), L.at[j] + 1,
                                        t->cols[j].unit == RU_MONEY ? v->change / 100 : v->change, cf);
        }
    }
    for (lxw_col_t c = 0; c < L.ncols; c++) worksheet_set_column(ws, c, c, (double)width[c], NULL);
    worksheet_set_row(ws, 0, 15.0 * (double)(lines > 4 ? 4 : lines) + 3, NULL);
    /* the header row, and the row labels when the first column is text */
    worksheet_freeze_panes(ws, 1, t->ncol > 0 && t->cols[0].unit == RU_TEXT ? 1 : 0);
    free(width);
    if (t->chart != RC_NONE && t->chart_col < t->ncol && L.last >= L.first)
        write_chart(x, ws, name, t, &L);
    free(L.at);
    return 0;
}

static void series_color(lxw_chart_series *s, lxw_color_t color)
{
    lxw_chart_fill fill = {.color = color};
    chart_series_set_fill(s, &fill);
}

/* Deadline statuses keep the colours the HTML page gives them. */
static lxw_color_t stack_color(const char *id, size_t k)
{
    static const struct { const char *id; lxw_color_t c; } known[] = {
        {"met", 0x59A14F}, {"overdue", 0xE15759}, {"late", 0xF28E2B}, {"due_soon", 0xEDC948},
        {"pending", 0x4E79A7}, {"open", 0x4E79A7}, {"na", 0xBAB0AC}, {"n/a", 0xBAB0AC},
    };
    static const lxw_color_t palette[] = {
        0x4E79A7, 0xF28E2B, 0x59A14F, 0xE15759, 0x76B7B2, 0xEDC948, 0xB07AA1, 0x9C755F,
    };
    for (size_t i = 0; id && i < sizeof known / sizeof *known; i++)
        if (!strcmp(id, known[i].id)) return known[i].c;
    return palette[k % (sizeof palette / sizeof *palette)];
}

/* Categories, as the HTML page labels its bars: the first column when it
 * is text, with the next as Excel's second level when that is short text
 * and not a clause ("source") (team then handler, kind then level); the
 * next alone when it is longer but fits (a stage's Chinese name); the
 * first alone when the next is long (a rule's requirement). */
static void set_categories(lxw_chart_series *s, const char *sheet, const report_table *t,
                           const layout *L)
{
    if (t->ncol == 0 || t->cols[0].unit != RU_TEXT) return;
    size_t from = 0, to = 0;
    if (t->ncol > 1 && t->cols[1].unit == RU_TEXT && !(t->cols[1].id && !strcmp(t->cols[1].id, "source"))) {
        size_t w = 0;
        for (size_t i = 0; i < t->nrow; i++)
            if (width_of(cell_at(t, i, 1)->text) > w) w = width_of(cell_at(t, i, 1)->text);
        if (w <= 12) to = 1;
        else if (w <= 26) from = to = 1;
    }
    chart_series_set_categories(s, sheet, L->first, L->at[from], L->last, L->at[to]);
}

static void add_values(lxw_chart *ch, const char *sheet, const report_table *t,
                       const layout *L, size_t j, lxw_color_t color, int mark_short)
{
    lxw_chart_series *s = chart_add_series(ch, NULL, NULL);
    set_categories(s, sheet, t, L);
    chart_series_set_values(s, sheet, L->first, L->at[j], L->last, L->at[j]);
    chart_series_set_name_range(s, sheet, 0, L->at[j]);
    series_color(s, color);
    if (!mark_short) return;
    size_t n = L->last - L->first + 1, any = 0;
    lxw_chart_fill red = {.color = 0xE15759}, blue = {.color = color};
    lxw_chart_point *pts = calloc(n, sizeof *pts);
    lxw_chart_point **pp = calloc(n + 1, sizeof *pp);
    for (size_t i = 0; pts && pp && i < n; i++) {
        int sh = cell_at(t, L->first - 1 + i, j)->short_mark;
        pts[i].fill = sh ? &red : &blue;
        pp[i] = &pts[i];
        any |= (size_t)sh;
    }
    if (pts && pp && any) chart_series_set_points(s, pp);   /* copied */
    free(pts);
    free(pp);
}

/* RC_BAR_VS's court figure and target, repeated per group in helper
 * columns right of the table, for the chart's second and third series. */
static void add_reference(xbook *x, lxw_worksheet *ws, lxw_chart *ch, const char *sheet,
                          const report_table *t, const layout *L)
{
    const report_column *col = &t->cols[t->chart_col];
    const report_cell *court = NULL;
    for (size_t i = 0; i < t->nrow; i++)
        if (is_total(t, i) && cell_at(t, i, t->chart_col)->has_value) court = cell_at(t, i, t->chart_col);
    lxw_col_t hc = L->ncols + 1;
    double vcourt = !court ? 0 : col->unit == RU_MONEY ? court->fen / 100.0 : court->value;
    struct { const char *head; int has; double v; lxw_color_t color; } ref[2] = {
        {"图表：全院", court != NULL, vcourt, 0x555555},
        {"图表：目标", col->has_target, col->unit == RU_MONEY ? col->target / 100 : col->target, 0xF28E2B},
    };
    for (int k = 0; k < 2; k++) {
        if (!ref[k].has) continue;
        worksheet_write_string(ws, 0, hc, ref[k].head, x->head);
        for (lxw_row_t r = L->first; r <= L->last; r++)
            worksheet_write_number(ws, r, hc, ref[k].v, x->cell[col->unit][0][0]);
        worksheet_set_column(ws, hc, hc, 11, NULL);
        lxw_chart_series *s = chart_add_series(ch, NULL, NULL);
        set_categories(s, sheet, t, L);
        chart_series_set_values(s, sheet, L->first, hc, L->last, hc);
        chart_series_set_name_range(s, sheet, 0, hc);
        series_color(s, ref[k].color);
        hc++;
    }
}

static void write_chart(xbook *x, lxw_worksheet *ws, const char *sheet,
                        const report_table *t, const layout *L)
{
    static const uint8_t type[] = {
        [RC_BAR] = LXW_CHART_BAR, [RC_BAR_VS] = LXW_CHART_COLUMN,
        [RC_STACKED] = LXW_CHART_BAR_STACKED, [RC_FUNNEL] = LXW_CHART_BAR,
    };
    lxw_chart *ch = workbook_add_chart(x->wb, type[t->chart]);
    if (!ch) return;
    const report_column *col = &t->cols[t->chart_col];
    chart_title_set_name(ch, t->title ? t->title : t->id);
    if (t->chart == RC_STACKED) {
        for (size_t j = t->chart_col; j < t->ncol; j++)
            if (t->cols[j].unit != RU_TEXT)
                add_values(ch, sheet, t, L, j, stack_color(t->cols[j].id, j - t->chart_col), 0);
        chart_set_series_overlap(ch, 100);
    } else {
        add_values(ch, sheet, t, L, t->chart_col, 0x4E79A7, t->chart == RC_BAR_VS || t->chart == RC_BAR);
        if (t->chart == RC_BAR_VS) add_reference(x, ws, ch, sheet, t, L);
    }
    if (t->chart != RC_STACKED && t->chart != RC_BAR_VS) chart_legend_set_position(ch, LXW_CHART_LEGEND_NONE);
    else chart_legend_set_position(ch, LXW_CHART_LEGEND_BOTTOM);
    /* A bar chart's category axis is its y axis: reversed, it lists the
     * first row at the top as the table does, its values still below. */
    lxw_chart_axis *cat = t->chart == RC_BAR_VS ? ch->x_axis : ch->y_axis;
    lxw_chart_axis *val = t->chart == RC_BAR_VS ? ch->y_axis : ch->x_axis;
    if (t->chart != RC_BAR_VS) {
        chart_axis_set_reverse(cat);
        chart_axis_set_crossing_max(cat);
    }
    if (t->chart != RC_STACKED && col->unit != RU_TEXT)
        chart_axis_set_num_format(val, NUMFMT[col->unit]);
    size_t n = L->last - L->first + 1;
    lxw_chart_options opt = {.x_scale = 1.5, .y_scale = n > 12 ? 1.0 + (double)(n - 12) / 15 : 1.0};
    worksheet_insert_chart_opt(ws, (lxw_row_t)(t->nrow + 2), 0, ch, &opt);
}

static void write_cover(xbook *x, lxw_worksheet *ws, const zreport *r, char (*names)[128])
{
    char *h = dupf("%s%s", r->court ? r->court : "", "执行质效通报");
    worksheet_write_string(ws, 0, 0, h ? h : "执行质效通报", x->title);
    free(h);
    lxw_row_t row = 2;
    const char *meta[][2] = {
        {"统计期间", NULL}, {"截至", r->as_of}, {"方案", r->profile},
    };
    char *period = dupf("%s 至 %s", r->period_from ? r->period_from : "—",
                        r->period_to ? r->period_to : "—");
    meta[0][1] = period;
    for (size_t k = 0; k < sizeof meta / sizeof *meta; k++, row++) {
        worksheet_write_string(ws, row, 0, meta[k][0], x->head);
        worksheet_write_string(ws, row, 1, meta[k][1] ? meta[k][1] : "—", NULL);
    }
    free(period);
    worksheet_write_string(ws, row, 0, "未计入记录", x->head);
    worksheet_write_number(ws, row++, 1, (double)r->nunknown, x->cell[RU_COUNT][0][0]);
    row++;
    worksheet_write_string(ws, row++, 0, "红底红字为短板（低于目标或低于全院数）；空白为无数据或分母为零；"
                           "“较上期”列为与上期之差，百分比之差以百分点计。", x->note);
    row++;
    worksheet_write_string(ws, row, 0, "工作表", x->head);
    worksheet_write_string(ws, row, 1, "表名／指标", x->head);
    worksheet_write_string(ws, row++, 2, "依据", x->head);
    for (size_t k = 0; k < r->ntable; k++) {
        const report_table *t = &r->tables[k];
        worksheet_write_string(ws, row, 0, names[k], NULL);
        worksheet_write_string(ws, row++, 1, t->title ? t->title : t->id ? t->id : "", NULL);
        for (size_t j = 0; j < t->ncol; j++) {
            if (!t->cols[j].source || !*t->cols[j].source) continue;
            worksheet_write_string(ws, row, 1, t->cols[j].name ? t->cols[j].name : t->cols[j].id, NULL);
            worksheet_write_string(ws, row++, 2, t->cols[j].source, NULL);
        }
    }
    worksheet_set_column(ws, 0, 0, 22, NULL);
    worksheet_set_column(ws, 1, 1, 28, NULL);
    worksheet_set_column(ws, 2, 2, 60, NULL);
}

/* Midnight UTC of an ISO date, or 1 (1970) when there is none. */
static time_t as_of_time(const char *iso)
{
    struct tm tm = {0};
    if (!iso || sscanf(iso, "%4d-%2d-%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday) != 3) return 1;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    time_t t = timegm(&tm);
    return t > 0 ? t : 1;
}

static int write_book(const zreport *r, const char *path, char **err)
{
    /* Tried first so that a bad path is one message of ours, not
     * libxlsxwriter's own line on stderr at workbook_close(). */
    FILE *probe = fopen(path, "wb");
    if (!probe || fclose(probe) != 0) {
        *err = dupf("%s: %s", path, strerror(errno));
        return -1;
    }
    xbook x = {0};
    x.wb = workbook_new(path);
    if (!x.wb) {
        *err = dupf("%s: cannot create the workbook: %s", path, strerror(errno));
        return -1;
    }
    /* Dated the as-of day, not the clock: the same report, the same file. */
    lxw_doc_properties props = {.title = "执行质效通报", .created = as_of_time(r->as_of)};
    workbook_set_properties(x.wb, &props);
    make_formats(&x);
    lxw_worksheet *cover = workbook_add_worksheet(x.wb, "说明");
    char (*names)[128] = calloc(r->ntable + 1, sizeof *names);
    int rc = cover && names ? 0 : -1;
    for (size_t k = 0; rc == 0 && k < r->ntable; k++)
        if (write_table(&x, &r->tables[k], names[k], err) < 0) rc = -1;
    if (rc == 0) write_cover(&x, cover, r, names);
    free(names);
    lxw_error e = workbook_close(x.wb);
    if (rc == 0 && e != LXW_NO_ERROR) {
        *err = dupf("%s: cannot write the workbook: %s", path, lxw_strerror(e));
        rc = -1;
    }
    if (rc != 0 && !*err) *err = dupf("%s: out of memory%s", path, "");
    return rc;
}

/* Copies the file at tmp to stdout.  0, or -1 on a read or write error. */
static int copy_out(const char *tmp)
{
    FILE *in = fopen(tmp, "rb");
    if (!in) return -1;
    char buf[65536];
    size_t n;
    int rc = 0;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0)
        if (fwrite(buf, 1, n, stdout) != n) { rc = -1; break; }
    if (ferror(in)) rc = -1;
    fclose(in);
    if (fflush(stdout) != 0) rc = -1;
    return rc;
}

int report_write_xlsx(const zreport *r, const char *path, char **err)
{
    *err = NULL;
    if (path && strcmp(path, "-") != 0) return write_book(r, path, err);
    if (isatty(STDOUT_FILENO)) {
        *err = dupf("xlsx is a binary file: not written to a terminal; use -O FILE%s%s", "", "");
        return -1;
    }
    const char *dir = getenv("TMPDIR");
    char *tmp = dupf("%s/%s", dir && *dir ? dir : "/tmp", "zhixing-report-XXXXXX.xlsx");
    int fd = tmp ? mkstemps(tmp, 5) : -1;
    if (fd < 0) {
        *err = dupf("xlsx: cannot make a temporary file: %s%s", strerror(errno), "");
        free(tmp);
        return -1;
    }
    close(fd);
    int rc = write_book(r, tmp, err);
    if (rc == 0 && copy_out(tmp) < 0) {
        *err = dupf("xlsx: cannot write to standard output: %s%s", strerror(errno), "");
        rc = -1;
    }
    unlink(tmp);
    free(tmp);
    return rc;
}
