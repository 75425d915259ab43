/* report_write.c: the bulletin as text, Markdown, CSV and JSON lines
 * (report.h). */
#include "report.h"

#include <jansson.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "jalloc.h"
#include "money_json.h"
#include "report_engine.h"

static int wide(uint32_t c)
{
    return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0x303E) || (c >= 0x3041 && c <= 0x33FF) ||
           (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xA000 && c <= 0xA4CF) ||
           (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F) ||
           (c >= 0xFF00 && c <= 0xFF60) || (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x20000 && c <= 0x3FFFD);
}

size_t report_display_width(const char *s)
{
    size_t w = 0;
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        uint32_t c = *p;
        int n = c < 0x80 ? 0 : c < 0xE0 ? 1 : c < 0xF0 ? 2 : 3;
        if (n) c &= 0x3F >> n;
        p++;
        for (int i = 0; i < n && (*p & 0xC0) == 0x80; i++) c = (c << 6) | (*p++ & 0x3F);
        w += wide(c) ? 2 : 1;
    }
    return w;
}

/* Yuan with thousands separators: "1,234,567.50". */
static void yuan(long long fen, char *buf, size_t cap)
{
    unsigned long long a = fen < 0 ? -(unsigned long long)fen : (unsigned long long)fen;
    char digits[32];
    int n = snprintf(digits, sizeof digits, "%llu", a / 100);
    char out[48];
    size_t o = 0;
    if (fen < 0) out[o++] = '-';
    for (int i = 0; i < n; i++) {
        out[o++] = digits[i];
        if ((n - i - 1) % 3 == 0 && i != n - 1) out[o++] = ',';
    }
    snprintf(out + o, sizeof out - o, ".%02llu", a % 100);
    snprintf(buf, cap, "%s", out);
}

static void figure(report_unit u, double v, long long fen, int change, char *buf, size_t cap)
{
    switch (u) {
    case RU_MONEY: yuan(fen, buf, cap); break;
    case RU_PERCENT: snprintf(buf, cap, change ? "%.1fpt" : "%.1f%%", v * 100); break;
    case RU_DAYS: snprintf(buf, cap, "%.1f", v); break;
    default: snprintf(buf, cap, "%.0f", v); break;
    }
    if (change && buf[0] != '-' && cap > 1) {
        memmove(buf + 1, buf, strnlen(buf, cap - 2) + 1);
        buf[0] = '+';
    }
}

const char *report_cell_text(const report_column *c, const report_cell *x, char *buf, size_t cap)
{
    if (!x->has_value) { snprintf(buf, cap, "-"); return buf; }
    if (c->unit == RU_TEXT) { snprintf(buf, cap, "%s", x->text ? x->text : ""); return buf; }
    figure(c->unit, x->value, x->fen, 0, buf, cap);
    if (x->has_change) {
        char ch[48];
        figure(c->unit, x->change, (long long)llround(x->change), 1, ch, sizeof ch);
        size_t l = strlen(buf);
        snprintf(buf + l, cap - l, " (%s)", ch);
    }
    if (x->short_mark) {
        size_t l = strlen(buf);
        snprintf(buf + l, cap - l, " *");
    }
    return buf;
}

static void title_line(const zreport *r, FILE *out, const char *prefix)
{
    fprintf(out, "%s%s 执行质效通报  %s 至 %s（截至 %s）\n", prefix, r->court, r->period_from,
            r->period_to, r->as_of);
}

static int has_short(const zreport *r)
{
    for (size_t i = 0; i < r->nrow; i++)
        if (r->rows[i].short_mark) return 1;
    return 0;
}

/* Columns c0..c1 (after the leading text columns 0..nlead) of one table. */
static void text_block(const report_table *tb, size_t nlead, size_t c0, size_t c1, FILE *out)
{
    char buf[512];
    size_t w[64] = {0};
    size_t ncol = 0, cols[64];
    for (size_t c = 0; c < nlead && ncol < 64; c++) cols[ncol++] = c;
    for (size_t c = c0; c < c1 && ncol < 64; c++) cols[ncol++] = c;
    for (size_t k = 0; k < ncol; k++) {
        const report_column *col = &tb->cols[cols[k]];
        w[k] = report_display_width(col->name ? col->name : col->id);
        for (size_t i = 0; i < tb->nrow; i++) {
            size_t x = report_display_width(report_cell_text(col, &tb->cells[i * tb->ncol + cols[k]], buf, sizeof buf));
            if (x > w[k]) w[k] = x;
        }
    }
    for (size_t i = 0; i <= tb->nrow; i++) {
        for (size_t k = 0; k < ncol; k++) {
            const report_column *col = &tb->cols[cols[k]];
            const char *s = i == 0 ? (col->name ? col->name : col->id)
                                   : report_cell_text(col, &tb->cells[(i - 1) * tb->ncol + cols[k]], buf, sizeof buf);
            size_t pad = w[k] - report_display_width(s);
            int left = col->unit == RU_TEXT;
            if (k) fputs("  ", out);
            if (!left) fprintf(out, "%*s", (int)pad, "");
            fputs(s, out);
            if (left && k + 1 < ncol) fprintf(out, "%*s", (int)pad, "");
        }
        fputc('\n', out);
    }
}

/* A table of many figures is cut into blocks of at most TEXT_FIGURES
 * columns, each repeating the leading text columns (the group). */
enum { TEXT_FIGURES = 6 };

int report_write_text(const zreport *r, FILE *out)
{
    title_line(r, out, "");
    for (size_t t = 0; t < r->ntable; t++) {
        const report_table *tb = &r->tables[t];
        size_t nlead = 0;
        while (nlead < tb->ncol && tb->cols[nlead].unit == RU_TEXT) nlead++;
        int cut = tb->ncol - nlead > TEXT_FIGURES + 2;
        fprintf(out, "\n%s\n", tb->title);
        if (!cut) { text_block(tb, 0, 0, tb->ncol, out); continue; }
        for (size_t c = nlead; c < tb->ncol; c += TEXT_FIGURES) {
            if (c > nlead) fputc('\n', out);
            text_block(tb, nlead, c, c + TEXT_FIGURES < tb->ncol ? c + TEXT_FIGURES : tb->ncol, out);
        }
    }
    if (has_short(r)) fputs("\n* 短板：低于目标值或全院水平\n", out);
    if (r->nunknown) fprintf(out, "\n有 %zu 件记录缺少指标所需字段，未计入相应指标（见标准错误输出）\n", r->nunknown);
    return ferror(out) ? -1 : 0;
}

static void md_text(FILE *out, const char *s)
{
    for (; *s; s++) {
        if (*s == '|') fputs("\\|", out);
        else fputc(*s, out);
    }
}

int report_write_md(const zreport *r, FILE *out)
{
    title_line(r, out, "# ");
    char buf[512];
    for (size_t t = 0; t < r->ntable; t++) {
        const report_table *tb = &r->tables[t];
        fprintf(out, "\n## %s\n\n|", tb->title);
        for (size_t c = 0; c < tb->ncol; c++) {
            fputc(' ', out);
            md_text(out, tb->cols[c].name ? tb->cols[c].name : tb->cols[c].id);
            fputs(" |", out);
        }
        fputs("\n|", out);
        for (size_t c = 0; c < tb->ncol; c++) fputs(tb->cols[c].unit == RU_TEXT ? " --- |" : " ---: |", out);
        fputc('\n', out);
        for (size_t i = 0; i < tb->nrow; i++) {
            fputc('|', out);
            for (size_t c = 0; c < tb->ncol; c++) {
                const char *s = report_cell_text(&tb->cols[c], &tb->cells[i * tb->ncol + c], buf, sizeof buf);
                fputs(tb->row_is_total[i] ? " **" : " ", out);
                md_text(out, s);
                fputs(tb->row_is_total[i] ? "** |" : " |", out);
            }
            fputc('\n', out);
        }
    }
    if (has_short(r)) fputs("\n\\* 短板：低于目标值或全院水平\n", out);
    return ferror(out) ? -1 : 0;
}

static const char *unit_word(report_unit u)
{
    switch (u) {
    case RU_MONEY: return "money";
    case RU_PERCENT: return "percent";
    case RU_DAYS: return "days";
    case RU_TEXT: return "text";
    default: return "count";
    }
}

/* A figure as JSON: money in yuan (exact), rates to 6 decimals, days and
 * other numbers to 2, whole numbers as integers. */
static json_t *num_json(double v, int money)
{
    if (money) return money_json((int64_t)llround(v));
    double r = report_round(RU_DAYS, v);
    if (r == nearbyint(r) && fabs(r) < 9e15) return json_integer((json_int_t)r);
    return json_real(r);
}

static json_t *value_json(const struct report_row *w, double v)
{
    if (w->unit == RU_PERCENT) return json_real(report_round(RU_PERCENT, v));
    return num_json(v, w->unit == RU_MONEY);
}

static json_t *row_json(const struct report_row *w, int with_change)
{
    json_t *g = json_object();
    if (w->team) json_object_set_new(g, "team", json_string(w->team));
    if (w->handler) json_object_set_new(g, "handler", json_string(w->handler));
    if (w->stage) json_object_set_new(g, "stage", json_string(w->stage));
    if (w->track) json_object_set_new(g, "track", json_string(w->track));
    json_t *o = json_object();
    json_object_set_new(o, "group", g);
    json_object_set_new(o, "indicator", json_string(w->indicator));
    json_object_set_new(o, "name", json_string(w->name));
    json_object_set_new(o, "unit", json_string(unit_word(w->unit)));
    json_object_set_new(o, "value", w->has_value ? value_json(w, w->value) : json_null());
    json_object_set_new(o, "numerator", w->has_num ? num_json(w->numerator, w->money_terms) : json_null());
    json_object_set_new(o, "denominator", w->has_den ? num_json(w->denominator, w->den_money) : json_null());
    json_object_set_new(o, "target", w->has_target ? json_real(w->target) : json_null());
    json_object_set_new(o, "short", json_boolean(w->short_mark));
    if (with_change) json_object_set_new(o, "change", w->has_change ? value_json(w, w->change) : json_null());
    return o;
}

static int any_change(const zreport *r)
{
    for (size_t i = 0; i < r->nrow; i++)
        if (r->rows[i].has_change) return 1;
    return 0;
}

int report_write_jsonl(const zreport *r, FILE *out)
{
    int ch = any_change(r);
    for (size_t i = 0; i < r->nrow; i++) {
        json_t *o = row_json(&r->rows[i], ch);
        char *s = json_dumps_malloc(o, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
        json_decref(o);
        if (!s) return -1;
        fputs(s, out);
        fputc('\n', out);
        free(s);
    }
    return ferror(out) ? -1 : 0;
}

static void csv_field(FILE *out, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) { fputs(s, out); return; }
    fputc('"', out);
    for (; *s; s++) {
        if (*s == '"') fputc('"', out);
        fputc(*s, out);
    }
    fputc('"', out);
}

int report_write_csv(const zreport *r, FILE *out)
{
    int ch = any_change(r);
    static const char *const keys[] = {"indicator", "name", "unit", "value", "numerator",
                                       "denominator", "target", "short", "change"};
    fputs("team,handler,stage,track", out);
    for (size_t k = 0; k < 8 + (size_t)ch; k++) fprintf(out, ",%s", keys[k]);
    fputc('\n', out);
    for (size_t i = 0; i < r->nrow; i++) {
        const struct report_row *w = &r->rows[i];
        const char *g[4] = {w->team, w->handler, w->stage, w->track};
        for (int k = 0; k < 4; k++) {
            if (k) fputc(',', out);
            if (g[k]) csv_field(out, g[k]);
        }
        json_t *o = row_json(w, ch);
        for (size_t k = 0; k < 8 + (size_t)ch; k++) {
            json_t *v = json_object_get(o, keys[k]);
            fputc(',', out);
            if (json_is_string(v)) csv_field(out, json_string_value(v));
            else if (json_is_boolean(v)) fputs(json_is_true(v) ? "true" : "false", out);
            else if (!json_is_null(v)) {
                char *s = json_dumps_malloc(v, JSON_ENCODE_ANY | JSON_REAL_PRECISION(15));
                if (s) fputs(s, out);
                free(s);
            }
        }
        json_decref(o);
        fputc('\n', out);
    }
    return ferror(out) ? -1 : 0;
}
