/* report_html.c: the report as one self-contained HTML page (issue 21).
 *
 * Inline CSS and inline SVG only: no script, no font or image to fetch, so
 * the page reads offline and prints on A4 (@page, print rules).  Every text
 * from the data is escaped.  A figure reads as in -o text (report_cell_text:
 * money in 元 with thousands separators, percent and days with one
 * decimal; a change "+1.2pt"); an empty cell is "—".  A short mark (短板)
 * is a tinted cell with a "短" badge, so it survives black-and-white
 * printing.
 * A table wider than WIDE_COLS indicator columns is printed turned (one
 * line per indicator, one column per group) to fit the page. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "report.h"

enum {
    CHART_W = 680,   /* SVG user units; scaled to the page width */
    LABEL_W = 170,   /* row labels, right-aligned before the bars */
    BAR_X = 176,
    BAR_W = 420,     /* leaves room for the value after the longest bar */
    ROW_H = 22,
    BAR_H = 14,
    TOP = 26,        /* room for the scale's labels */
    LABEL_COLS = 26, /* display columns of a row label before it is cut */
    WIDE_COLS = 9
};

static const char *const CSS =
    "@page{size:A4;margin:14mm 12mm}\n"
    "body{font-family:\"Noto Sans CJK SC\",\"Noto Sans SC\",\"Source Han Sans SC\","
    "\"WenQuanYi Micro Hei\",\"WenQuanYi Zen Hei\",\"Microsoft YaHei\",\"PingFang SC\","
    "sans-serif;font-size:13px;line-height:1.45;color:#222;max-width:186mm;"
    "margin:0 auto;padding:8px}\n"
    "h1{font-size:22px;margin:0 0 4px}h2{font-size:16px;margin:22px 0 6px;"
    "border-left:4px solid #4e79a7;padding-left:8px}\n"
    ".meta{color:#444;margin:0}.legend,.notes{color:#555;font-size:11px;margin:4px 0}\n"
    "table{border-collapse:collapse;width:100%;margin:6px 0;font-size:12px}\n"
    "th,td{border:1px solid #bbb;padding:3px 5px;vertical-align:top}\n"
    "th{background:#eef2f7;font-weight:600;text-align:center}\n"
    "td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\n"
    "tr.total td{font-weight:700;background:#f6f6f6;border-top:2px solid #777}\n"
    "td.short{background:#fde2e1;color:#a50f15}\n"
    ".mark{display:inline-block;font-size:10px;line-height:1;padding:1px 2px;margin-left:3px;"
    "border:1px solid #a50f15;border-radius:2px;color:#a50f15;font-weight:400}\n"
    ".chg{display:block;font-size:10px;color:#666;font-weight:400}\n"
    ".tgt{display:block;font-size:10px;color:#666;font-weight:400}\n"
    "svg.chart{display:block;max-width:100%;height:auto;margin:6px 0}\n"
    "svg text{font-family:inherit}\n"
    "section{break-inside:auto}svg.chart,tr{break-inside:avoid}h2{break-after:avoid}\n"
    "thead{display:table-header-group}\n"
    "footer{margin-top:18px;color:#777;font-size:10px}\n"
    "@media print{body{max-width:none;padding:0}"
    "td.short,th,tr.total td{-webkit-print-color-adjust:exact;print-color-adjust:exact}}\n";

/* ---- text ---- */

static void put_esc(FILE *o, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '&': fputs("&amp;", o); break;
        case '<': fputs("&lt;", o); break;
        case '>': fputs("&gt;", o); break;
        case '"': fputs("&quot;", o); break;
        case '\'': fputs("&#39;", o); break;
        default:
            putc((unsigned char)*s < 0x20 && *s != '\t' && *s != '\n' ? ' ' : *s, o);
        }
    }
}

/* Display columns of s (report_display_width), 0 for NULL. */
static size_t width_of(const char *s)
{
    return s ? report_display_width(s) : 0;
}

/* s cut to at most cols display columns, with "…" when cut.  buf n bytes. */
static const char *cut_text(const char *s, size_t cols, char *buf, size_t n)
{
    if (width_of(s) <= cols) return s;
    size_t w = 0, j = 0;
    for (size_t i = 0; s[i]; ) {
        unsigned char c = (unsigned char)s[i];
        size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
        char one[5] = {0};
        memcpy(one, s + i, strnlen(s + i, len));
        size_t cw = width_of(one);
        if (w + cw > cols - 1 || j + len + 4 > n) break;
        memcpy(buf + j, s + i, len);
        j += len; i += len; w += cw;
    }
    memcpy(buf + j, "\xE2\x80\xA6", 4);   /* … and the NUL */
    return buf;
}

/* ---- numbers ---- */

/* whole.frac with thousands separators: whole and frac are not negative,
 * frac has d digits. */
static void put_grouped(char *out, size_t n, const char *sign,
                        unsigned long long whole, unsigned long long frac, int d)
{
    char digits[32], g[48];
    int len = snprintf(digits, sizeof digits, "%llu", whole);
    size_t j = 0;
    for (int i = 0; i < len; i++) {
        if (i > 0 && (len - i) % 3 == 0) g[j++] = ',';
        g[j++] = digits[i];
    }
    if (d > 0) {
        g[j++] = '.';
        for (int k = d - 1; k >= 0; k--, frac /= 10) g[j + (size_t)k] = (char)('0' + frac % 10);
        j += (size_t)d;
    }
    g[j] = 0;
    snprintf(out, n, "%s%s", sign, g);
}

static void fmt_double(double v, int d, int plus, char *out, size_t n)
{
    double scale = d == 2 ? 100 : d == 1 ? 10 : 1;
    unsigned long long r = (unsigned long long)llround(fabs(v) * scale);
    const char *sign = r == 0 ? "" : v < 0 ? "-" : plus ? "+" : "";
    put_grouped(out, n, sign, r / (unsigned long long)scale, r % (unsigned long long)scale, d);
}

/* A figure as -o text writes it (report_cell_text: one formatting for
 * every view), without its short mark; change (ccap bytes, may be NULL)
 * gets its change's text ("+1.2pt"), or "". */
static void figure_text(const report_column *c, const report_cell *x, char *buf, size_t cap,
                        char *change, size_t ccap)
{
    report_cell v = *x;
    v.short_mark = 0;
    report_cell_text(c, &v, buf, cap);
    if (change) change[0] = 0;
    char *p = strstr(buf, " (");
    if (!p) return;
    if (change) {
        snprintf(change, ccap, "%s", p + 2);
        size_t l = strlen(change);
        if (l && change[l - 1] == ')') change[l - 1] = 0;
    }
    *p = 0;
}

/* A lone number in the column's unit and scale (a target, a sum). */
static void number_text(const report_column *c, double v, char *buf, size_t cap)
{
    report_cell x = {.has_value = 1, .value = v, .fen = llround(v)};
    report_cell_text(c, &x, buf, cap);
}

/* The number a chart draws: yuan, percent points, days, count. */
static double chart_value(report_unit u, const report_cell *x)
{
    if (!x || !x->has_value) return 0;
    if (u == RU_MONEY) return x->fen / 100.0;
    if (!isfinite(x->value)) return 0;
    return u == RU_PERCENT ? x->value * 100 : x->value;
}

static int cell_empty(report_unit u, const report_cell *x)
{
    return !x->has_value || (u != RU_MONEY && u != RU_TEXT && !isfinite(x->value));
}

static void fmt_scale(report_unit u, double v, char *out, size_t n)
{
    if (u == RU_MONEY) fmt_double(v, 0, 0, out, n);
    else fmt_double(v, fabs(v - round(v)) > 1e-9 ? 1 : 0, 0, out, n);
    if (u == RU_PERCENT) strncat(out, "%", n - strlen(out) - 1);
}

static double nice_max(double m)
{
    if (!(m > 0)) return 1;
    double p = pow(10, floor(log10(m)));
    static const double f[] = {1, 2, 2.5, 5, 10};
    for (size_t i = 0; i < sizeof f / sizeof *f; i++)
        if (f[i] * p >= m * (1 - 1e-12)) return f[i] * p;
    return 10 * p;
}

/* ---- tables ---- */

static const report_cell *cell_at(const report_table *t, size_t i, size_t j)
{
    return &t->cells[i * t->ncol + j];
}

static int is_total(const report_table *t, size_t i)
{
    return t->row_is_total && t->row_is_total[i];
}

/* The row's text cells joined by " / ", "全院合计" for an unnamed total. */
static void row_label(const report_table *t, size_t i, char *buf, size_t n)
{
    buf[0] = 0;
    for (size_t j = 0; j < t->ncol; j++) {
        const report_cell *x = cell_at(t, i, j);
        if (t->cols[j].unit != RU_TEXT || !x->text || !*x->text) continue;
        if (buf[0]) strncat(buf, " / ", n - strlen(buf) - 1);
        strncat(buf, x->text, n - strlen(buf) - 1);
    }
    if (!buf[0]) snprintf(buf, n, is_total(t, i) ? "全院合计" : "第%zu行", i + 1);
}

static void put_head_cell(FILE *o, const report_column *c)
{
    fputs("<th", o);
    if (c->source) { fputs(" title=\"", o); put_esc(o, c->source); putc('"', o); }
    putc('>', o);
    put_esc(o, c->name ? c->name : c->id);
    if (c->unit == RU_MONEY && !(c->name && strstr(c->name, "元"))) fputs("（元）", o);
    if (c->unit == RU_DAYS && !(c->name && strstr(c->name, "天"))) fputs("（天）", o);
    if (c->has_target) {
        char b[64];
        number_text(c, c->target, b, sizeof b);
        fprintf(o, "<span class=\"tgt\">目标 %s</span>", b);
    }
    fputs("</th>", o);
}

static void put_cell(FILE *o, const report_column *c, const report_cell *x)
{
    char b[128], chg[64];
    if (c->unit == RU_TEXT) {
        fputs("<td class=\"text\">", o);
        if (x->has_value || x->text) put_esc(o, x->text);
        fputs("</td>", o);
        return;
    }
    fprintf(o, "<td class=\"num%s\">", x->short_mark ? " short" : "");
    figure_text(c, x, b, sizeof b, chg, sizeof chg);
    fputs(cell_empty(c->unit, x) ? "—" : b, o);
    if (x->short_mark) fputs("<span class=\"mark\" title=\"短板\">短</span>", o);
    if (chg[0]) fprintf(o, "<span class=\"chg\">(%s)</span>", chg);
    fputs("</td>", o);
}

static int has_change(const report_table *t)
{
    for (size_t k = 0; k < t->nrow * t->ncol; k++)
        if (t->cells[k].has_change) return 1;
    return 0;
}

static size_t figure_cols(const report_table *t)
{
    size_t n = 0;
    for (size_t j = 0; j < t->ncol; j++) n += t->cols[j].unit != RU_TEXT;
    return n;
}

static void put_table(FILE *o, const report_table *t)
{
    char lab[512];
    fputs("<table>\n<thead><tr>", o);
    for (size_t j = 0; j < t->ncol; j++) put_head_cell(o, &t->cols[j]);
    fputs("</tr></thead>\n<tbody>\n", o);
    for (size_t i = 0; i < t->nrow; i++) {
        fputs(is_total(t, i) ? "<tr class=\"total\">" : "<tr>", o);
        for (size_t j = 0; j < t->ncol; j++) {
            const report_cell *x = cell_at(t, i, j);
            if (t->cols[j].unit == RU_TEXT && is_total(t, i) && !(x->text && *x->text)) {
                row_label(t, i, lab, sizeof lab);
                fputs("<td class=\"text\">", o);
                put_esc(o, j == 0 ? lab : "");
                fputs("</td>", o);
            } else {
                put_cell(o, &t->cols[j], x);
            }
        }
        fputs("</tr>\n", o);
    }
    fputs("</tbody></table>\n", o);
}

/* Turned: a line per figure column, a column per row of the table. */
static void put_table_turned(FILE *o, const report_table *t)
{
    char lab[512];
    fputs("<table class=\"turned\">\n<thead><tr><th>指标</th>", o);
    for (size_t i = 0; i < t->nrow; i++) {
        row_label(t, i, lab, sizeof lab);
        fputs("<th>", o);
        put_esc(o, lab);
        fputs("</th>", o);
    }
    fputs("</tr></thead>\n<tbody>\n", o);
    for (size_t j = 0; j < t->ncol; j++) {
        if (t->cols[j].unit == RU_TEXT) continue;
        fputs("<tr>", o);
        put_head_cell(o, &t->cols[j]);
        for (size_t i = 0; i < t->nrow; i++) put_cell(o, &t->cols[j], cell_at(t, i, j));
        fputs("</tr>\n", o);
    }
    fputs("</tbody></table>\n", o);
}

static void put_sources(FILE *o, const report_table *t)
{
    int any = 0;
    for (size_t j = 0; j < t->ncol; j++) {
        const report_column *c = &t->cols[j];
        if (!c->source || !*c->source) continue;
        fputs(any ? "；" : "<p class=\"notes\">依据：", o);
        put_esc(o, c->name ? c->name : c->id);
        fputs("——", o);
        put_esc(o, c->source);
        any = 1;
    }
    if (any) fputs("</p>\n", o);
}

/* ---- charts ---- */

typedef struct { const char *id, *color; } id_color;
/* Deadline statuses keep their usual colours; other series take PALETTE. */
static const id_color STATUS_COLORS[] = {
    {"met", "#59a14f"}, {"overdue", "#e15759"}, {"late", "#f28e2b"},
    {"due_soon", "#edc948"}, {"pending", "#4e79a7"}, {"open", "#4e79a7"},
    {"na", "#bab0ac"}, {"n/a", "#bab0ac"},
};
static const char *const PALETTE[] = {
    "#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948",
    "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac",
};
#define BAR_COLOR "#4e79a7"
#define SHORT_COLOR "#e15759"
#define COURT_COLOR "#333333"
#define TARGET_COLOR "#f28e2b"

static const char *series_color(const char *id, size_t k)
{
    for (size_t i = 0; id && i < sizeof STATUS_COLORS / sizeof *STATUS_COLORS; i++)
        if (!strcmp(id, STATUS_COLORS[i].id)) return STATUS_COLORS[i].color;
    return PALETTE[k % (sizeof PALETTE / sizeof *PALETTE)];
}

static size_t chart_rows(const report_table *t)
{
    size_t n = 0;
    for (size_t i = 0; i < t->nrow; i++) n += !is_total(t, i);
    return n;
}

static void svg_open(FILE *o, const report_table *t, int h)
{
    fprintf(o, "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" "
               "viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" "
               "data-chart=\"%s\" aria-label=\"", CHART_W, h, CHART_W, h,
            t->chart == RC_BAR ? "bar" : t->chart == RC_BAR_VS ? "bar-vs"
            : t->chart == RC_STACKED ? "stacked" : "funnel");
    put_esc(o, t->title);
    fputs("\"><title>", o);
    put_esc(o, t->title);
    fputs("</title>\n", o);
}

static void svg_text(FILE *o, double x, double y, const char *anchor, const char *cls,
                     const char *s)
{
    fprintf(o, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%s\"%s>",
            x, y, anchor, cls && !strcmp(cls, "small") ? "10" : "12",
            cls && !strcmp(cls, "white") ? " fill=\"#fff\"" : " fill=\"#222\"");
    put_esc(o, s);
    fputs("</text>\n", o);
}

/* Is v 1, 2, 2.5 or 5 times a power of ten (and whole, for a count)? */
static int nice_step(double v, report_unit u)
{
    if (!(v > 0) || (u == RU_COUNT && (v < 1 || fabs(v - round(v)) > 1e-9))) return 0;
    double m = v / pow(10, floor(log10(v) + 1e-12));
    return fabs(m - 1) < 1e-9 || fabs(m - 2) < 1e-9 || fabs(m - 2.5) < 1e-9 || fabs(m - 5) < 1e-9;
}

/* Gridlines and their values from 0 to max (a nice_max), from y0 down h,
 * in the most of 5, 4 or 2 steps that are round numbers, else one. */
static void svg_scale(FILE *o, report_unit u, double max, int y0, int h)
{
    char b[64];
    static const int tries[] = {5, 4, 2};
    int parts = 1;
    for (size_t i = 0; i < sizeof tries / sizeof *tries && parts == 1; i++)
        if (nice_step(max / tries[i], u)) parts = tries[i];
    for (int k = 0; k <= parts; k++) {
        double x = BAR_X + BAR_W * k / (double)parts;
        fprintf(o, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>\n",
                x, y0 - 4, x, y0 + h);
        fmt_scale(u, max * k / parts, b, sizeof b);
        svg_text(o, x, y0 - 8, "middle", "small", b);
    }
}

/* A chart's row label from the first two text columns but a "source" (a
 * clause): both ("执行一团队 / 张三"); when they do not fit, the second
 * alone if it fits (a stage's Chinese name before its id), else the first
 * (a rule's id before its long requirement); a total unnamed. */
static void chart_label(const report_table *t, size_t i, char *buf, size_t n)
{
    const char *part[2] = {NULL, NULL};
    size_t used = 0;
    for (size_t j = 0; j < t->ncol && used < 2; j++) {
        const report_cell *x = cell_at(t, i, j);
        if (t->cols[j].unit != RU_TEXT || (t->cols[j].id && !strcmp(t->cols[j].id, "source")))
            continue;
        if (x->text && *x->text) part[used++] = x->text;
    }
    if (used == 0) { row_label(t, i, buf, n); return; }
    if (used == 2) snprintf(buf, n, "%s / %s", part[0], part[1]);
    if (used == 2 && width_of(buf) <= LABEL_COLS) return;
    snprintf(buf, n, "%s", used == 2 && width_of(part[1]) <= LABEL_COLS ? part[1] : part[0]);
}

static void svg_row_label(FILE *o, const report_table *t, size_t i, double y)
{
    char lab[512], cut[128];
    chart_label(t, i, lab, sizeof lab);
    svg_text(o, LABEL_W, y, "end", NULL, cut_text(lab, LABEL_COLS, cut, sizeof cut));
}

/* RC_BAR and RC_BAR_VS: a bar per row, the total row and the target as
 * lines (VS only). */
static void chart_bars(FILE *o, const report_table *t, int vs)
{
    size_t c = t->chart_col, n = chart_rows(t);
    const report_column *col = &t->cols[c];
    const report_cell *court = NULL;
    for (size_t i = 0; i < t->nrow; i++)
        if (is_total(t, i) && !cell_empty(col->unit, cell_at(t, i, c))) court = cell_at(t, i, c);
    double max = 0;
    for (size_t i = 0; i < t->nrow; i++)
        if (!is_total(t, i) && chart_value(col->unit, cell_at(t, i, c)) > max)
            max = chart_value(col->unit, cell_at(t, i, c));
    double vcourt = vs && court ? chart_value(col->unit, court) : 0;
    double vtarget = col->unit == RU_PERCENT ? col->target * 100
                   : col->unit == RU_MONEY ? col->target / 100 : col->target;
    int target = vs && col->has_target && isfinite(vtarget);
    if (vs && court && vcourt > max) max = vcourt;
    if (target && vtarget > max) max = vtarget;
    max = col->unit == RU_PERCENT && max <= 100 && max > 50 ? 100 : nice_max(max);
    if (col->unit == RU_COUNT) max = ceil(max);
    int legend = vs ? 22 : 0;
    int h = TOP + legend + (int)n * ROW_H + 8;
    svg_open(o, t, h);
    if (vs) {   /* legend */
        int x = BAR_X;
        fprintf(o, "<rect x=\"%d\" y=\"4\" width=\"12\" height=\"12\" fill=\"%s\"/>\n", x, BAR_COLOR);
        svg_text(o, x + 16, 14, "start", NULL, col->name ? col->name : col->id);
        x += 24 + (int)(width_of(col->name ? col->name : col->id) * 6.5);
        fprintf(o, "<rect x=\"%d\" y=\"4\" width=\"12\" height=\"12\" fill=\"%s\"/>\n", x, SHORT_COLOR);
        svg_text(o, x + 16, 14, "start", NULL, "短板");
        x += 56;
        char b[80], v[64];
        if (court) {
            fprintf(o, "<line x1=\"%d\" y1=\"10\" x2=\"%d\" y2=\"10\" stroke=\"%s\" "
                       "stroke-width=\"2\" stroke-dasharray=\"5,3\"/>\n", x, x + 18, COURT_COLOR);
            figure_text(col, court, v, sizeof v, NULL, 0);
            snprintf(b, sizeof b, "全院 %s", v);
            svg_text(o, x + 22, 14, "start", NULL, b);
            x += 34 + (int)(width_of(b) * 6.5);
        }
        if (target) {
            fprintf(o, "<line x1=\"%d\" y1=\"10\" x2=\"%d\" y2=\"10\" stroke=\"%s\" "
                       "stroke-width=\"2\"/>\n", x, x + 18, TARGET_COLOR);
            number_text(col, col->target, v, sizeof v);
            snprintf(b, sizeof b, "目标 %s", v);
            svg_text(o, x + 22, 14, "start", NULL, b);
        }
    }
    int y0 = TOP + legend;
    svg_scale(o, col->unit, max, y0, (int)n * ROW_H);
    size_t k = 0;
    char b[64];
    for (size_t i = 0; i < t->nrow; i++) {
        if (is_total(t, i)) continue;
        const report_cell *x = cell_at(t, i, c);
        double y = y0 + (double)k * ROW_H;
        svg_row_label(o, t, i, y + ROW_H / 2.0 + 4);
        if (cell_empty(col->unit, x)) {
            svg_text(o, BAR_X + 4, y + ROW_H / 2.0 + 4, "start", NULL, "—");
        } else {
            double v = chart_value(col->unit, x);
            double w = v > 0 ? BAR_W * v / max : 0;
            fprintf(o, "<rect x=\"%d\" y=\"%.1f\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>\n",
                    BAR_X, y + (ROW_H - BAR_H) / 2.0, w, BAR_H,
                    x->short_mark ? SHORT_COLOR : BAR_COLOR);
            figure_text(col, x, b, sizeof b, NULL, 0);
            /* inside the bar when it fits: at its end, or with the court
             * and target lines (drawn near the ends) at its start */
            if (w >= 7.0 * (double)strlen(b) + 8)
                svg_text(o, vs ? BAR_X + 4 : BAR_X + w - 4, y + ROW_H / 2.0 + 4,
                         vs ? "start" : "end", "white", b);
            else
                svg_text(o, BAR_X + w + 4, y + ROW_H / 2.0 + 4, "start", NULL, b);
        }
        k++;
    }
    int y1 = y0 + (int)n * ROW_H;
    if (vs && court) {
        double x = BAR_X + BAR_W * vcourt / max;
        fprintf(o, "<line class=\"court\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\" "
                   "stroke-width=\"2\" stroke-dasharray=\"5,3\"/>\n", x, y0 - 2, x, y1, COURT_COLOR);
    }
    if (target) {
        double x = BAR_X + BAR_W * (vtarget < 0 ? 0 : vtarget) / max;
        fprintf(o, "<line class=\"target\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\" "
                   "stroke-width=\"2\"/>\n", x, y0 - 2, x, y1, TARGET_COLOR);
    }
    fputs("</svg>\n", o);
}

static const report_column COUNT_COL = {.id = "sum", .unit = RU_COUNT};

/* RC_STACKED: a bar per row made of columns chart_col..ncol-1. */
static void chart_stacked(FILE *o, const report_table *t)
{
    size_t n = chart_rows(t), c0 = t->chart_col;
    double max = 0;
    for (size_t i = 0; i < t->nrow; i++) {
        if (is_total(t, i)) continue;
        double s = 0;
        for (size_t j = c0; j < t->ncol; j++) {
            double v = chart_value(t->cols[j].unit, cell_at(t, i, j));
            s += v > 0 ? v : 0;
        }
        if (s > max) max = s;
    }
    max = ceil(nice_max(max));
    /* the legend, wrapped to the chart's width */
    int lx = BAR_X, ly = 4, lines = 1;
    for (size_t j = c0; j < t->ncol; j++) {
        const char *name = t->cols[j].name ? t->cols[j].name : t->cols[j].id;
        int w = 30 + (int)(width_of(name) * 6.5);
        if (lx + w > CHART_W && lx > BAR_X) { lx = BAR_X; lines++; }
        lx += w;
    }
    int legend = lines * 18 + 4;
    int h = TOP + legend + (int)n * ROW_H + 8;
    svg_open(o, t, h);
    lx = BAR_X;
    for (size_t j = c0; j < t->ncol; j++) {
        const char *name = t->cols[j].name ? t->cols[j].name : t->cols[j].id;
        int w = 30 + (int)(width_of(name) * 6.5);
        if (lx + w > CHART_W && lx > BAR_X) { lx = BAR_X; ly += 18; }
        fprintf(o, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>\n",
                lx, ly, series_color(t->cols[j].id, j - c0));
        svg_text(o, lx + 16, ly + 10, "start", NULL, name);
        lx += w;
    }
    int y0 = TOP + legend;
    svg_scale(o, RU_COUNT, max, y0, (int)n * ROW_H);
    size_t k = 0;
    char b[64];
    for (size_t i = 0; i < t->nrow; i++) {
        if (is_total(t, i)) continue;
        double y = y0 + (double)k * ROW_H, x = BAR_X, sum = 0;
        svg_row_label(o, t, i, y + ROW_H / 2.0 + 4);
        for (size_t j = c0; j < t->ncol; j++) {
            double v = chart_value(t->cols[j].unit, cell_at(t, i, j));
            if (!(v > 0)) continue;
            double w = BAR_W * v / max;
            fprintf(o, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%d\" fill=\"%s\">"
                       "<title>", x, y + (ROW_H - BAR_H) / 2.0, w, BAR_H,
                    series_color(t->cols[j].id, j - c0));
            put_esc(o, t->cols[j].name ? t->cols[j].name : t->cols[j].id);
            figure_text(&t->cols[j], cell_at(t, i, j), b, sizeof b, NULL, 0);
            fprintf(o, " %s</title></rect>\n", b);
            if (w >= 8 * (double)strlen(b) + 4)
                svg_text(o, x + w / 2, y + ROW_H / 2.0 + 4, "middle", "white", b);
            x += w;
            sum += v;
        }
        number_text(&COUNT_COL, sum, b, sizeof b);
        svg_text(o, x + 4, y + ROW_H / 2.0 + 4, "start", NULL, b);
        k++;
    }
    fputs("</svg>\n", o);
}

/* RC_FUNNEL: rows in order, centred bars as wide as chart_col. */
static void chart_funnel(FILE *o, const report_table *t)
{
    size_t c = t->chart_col, n = chart_rows(t);
    const report_column *col = &t->cols[c];
    double max = 0;
    for (size_t i = 0; i < t->nrow; i++)
        if (!is_total(t, i) && chart_value(col->unit, cell_at(t, i, c)) > max)
            max = chart_value(col->unit, cell_at(t, i, c));
    if (!(max > 0)) max = 1;
    int h = 10 + (int)n * (ROW_H + 4) + 6;
    svg_open(o, t, h);
    size_t k = 0;
    char b[64];
    double mid = BAR_X + BAR_W / 2.0;
    for (size_t i = 0; i < t->nrow; i++) {
        if (is_total(t, i)) continue;
        const report_cell *x = cell_at(t, i, c);
        double y = 10 + (double)k * (ROW_H + 4);
        svg_row_label(o, t, i, y + ROW_H / 2.0 + 4);
        if (cell_empty(col->unit, x)) {
            svg_text(o, mid, y + ROW_H / 2.0 + 4, "middle", NULL, "—");
        } else {
            double v = chart_value(col->unit, x), w = v > 0 ? BAR_W * v / max : 0;
            fprintf(o, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>\n",
                    mid - w / 2, y, w, ROW_H, BAR_COLOR);
            figure_text(col, x, b, sizeof b, NULL, 0);
            svg_text(o, mid + w / 2 + 6, y + ROW_H / 2.0 + 4, "start", NULL, b);
        }
        k++;
    }
    fputs("</svg>\n", o);
}

static void put_chart(FILE *o, const report_table *t)
{
    if (t->chart == RC_NONE || t->nrow == 0 || t->chart_col >= t->ncol) return;
    if (chart_rows(t) == 0) return;
    switch (t->chart) {
    case RC_BAR: chart_bars(o, t, 0); break;
    case RC_BAR_VS: chart_bars(o, t, 1); break;
    case RC_STACKED: chart_stacked(o, t); break;
    case RC_FUNNEL: chart_funnel(o, t); break;
    default: break;
    }
}

/* ---- the page ---- */

static void put_heading(FILE *o, const zreport *r)
{
    fputs("<header><h1>", o);
    put_esc(o, r->court ? r->court : "");
    fputs("执行质效通报</h1>\n<p class=\"meta\">统计期间：", o);
    put_esc(o, r->period_from ? r->period_from : "—");
    fputs(" 至 ", o);
    put_esc(o, r->period_to ? r->period_to : "—");
    fputs("　截至：", o);
    put_esc(o, r->as_of ? r->as_of : "—");
    if (r->profile) { fputs("　方案：", o); put_esc(o, r->profile); }
    fputs("</p>\n", o);
    if (r->nunknown)
        fprintf(o, "<p class=\"legend unknown\">另有 %zu 条记录缺少指标所需的字段，"
                   "未计入相应指标（明细见运行时的错误输出）。</p>\n", r->nunknown);
    int change = 0;
    for (size_t k = 0; k < r->ntable; k++) change |= has_change(&r->tables[k]);
    fputs("<p class=\"legend\">标<span class=\"mark\">短</span>并着色的为短板"
          "（低于目标或低于全院数）；“—”为无数据或分母为零。", o);
    if (change) fputs("括号内为较上期的变化，百分比的变化以百分点计。", o);
    fputs("</p></header>\n", o);
}

int report_write_html(const zreport *r, FILE *out)
{
    fputs("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
          "<title>", out);
    put_esc(out, r->court ? r->court : "");
    fputs("执行质效通报 ", out);
    put_esc(out, r->period_from ? r->period_from : "");
    fputs("至", out);
    put_esc(out, r->period_to ? r->period_to : "");
    fprintf(out, "</title>\n<style>\n%s</style>\n</head>\n<body>\n", CSS);
    put_heading(out, r);
    for (size_t k = 0; k < r->ntable; k++) {
        const report_table *t = &r->tables[k];
        fputs("<section id=\"t-", out);
        put_esc(out, t->id ? t->id : "");
        fputs("\"><h2>", out);
        put_esc(out, t->title ? t->title : t->id);
        fputs("</h2>\n", out);
        put_chart(out, t);
        if (t->nrow == 0) fputs("<p class=\"notes\">本期无数据。</p>\n", out);
        else if (figure_cols(t) > WIDE_COLS && t->nrow < figure_cols(t)) put_table_turned(out, t);
        else put_table(out, t);
        put_sources(out, t);
        fputs("</section>\n", out);
    }
    fputs("<footer>由 zhixing report 生成。</footer>\n</body>\n</html>\n", out);
    if (fflush(out) != 0 || ferror(out)) return -1;
    return 0;
}
