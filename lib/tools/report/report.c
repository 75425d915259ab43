/* report: the bulletin (通报) and the team assessments (考核) over the
 * annotated stream (share/man/man1/report.1). */
#include "report.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "profile.h"
#include "report_engine.h"

enum { OPT_PERIOD = 300, OPT_FROM, OPT_TO, OPT_BY, OPT_PREVIOUS };
enum { OUT_TEXT, OUT_MD, OUT_CSV, OUT_JSONL, OUT_HTML, OUT_XLSX };

static const struct { const char *name; int fmt; } formats[] = {
    {"text", OUT_TEXT}, {"md", OUT_MD}, {"csv", OUT_CSV}, {"jsonl", OUT_JSONL},
    {"json", OUT_JSONL}, {"html", OUT_HTML}, {"xlsx", OUT_XLSX},
};

typedef struct report_state {
    const char *period;          /* --period, or NULL */
    const char *from_arg, *to_arg;
    char *by_arg;                /* --by (owned copy) */
    const char *outfile;         /* -O, or NULL for standard output */
    const char *previous;        /* --previous */
    int fmt;
    report_params pp;
    report_engine *eng;
    json_t *prev;
} report_state;

static const struct option report_options[] = {
    {"period", required_argument, NULL, OPT_PERIOD},
    {"from", required_argument, NULL, OPT_FROM},
    {"to", required_argument, NULL, OPT_TO},
    {"by", required_argument, NULL, OPT_BY},
    {"previous", required_argument, NULL, OPT_PREVIOUS},
    {"output", required_argument, NULL, 'O'},
    {0, 0, 0, 0},
};

static int report_option(void *stp, int id, const char *arg)
{
    report_state *st = stp;
    switch (id) {
    case OPT_PERIOD:
        if (strcmp(arg, "week") && strcmp(arg, "month") && strcmp(arg, "quarter") && strcmp(arg, "year")) {
            fprintf(stderr, "report: invalid argument '%s' for option --period (week, month, quarter or year)\n", arg);
            return -1;
        }
        st->period = arg;
        return 0;
    case OPT_FROM: st->from_arg = arg; return 0;
    case OPT_TO: st->to_arg = arg; return 0;
    case OPT_BY:
        free(st->by_arg);
        st->by_arg = strdup(arg);
        return st->by_arg ? 0 : -1;
    case OPT_PREVIOUS: st->previous = arg; return 0;
    case 'O': st->outfile = arg; return 0;
    }
    return -1;
}

static int report_format(void *stp, const char *arg)
{
    report_state *st = stp;
    for (size_t i = 0; i < sizeof formats / sizeof *formats; i++)
        if (!strcmp(arg, formats[i].name)) { st->fmt = formats[i].fmt; return 0; }
    fprintf(stderr, "report: invalid argument '%s' for option -o (text, md, csv, jsonl, html or xlsx)\n", arg);
    return -1;
}

static int fail(char **err, const char *msg, const char *arg)
{
    if (asprintf(err, msg, arg) < 0) *err = NULL;
    return -1;
}

/* The period: --from/--to, else --period (default: the profile's
 * report_settings.period, else week) ending --as-of. */
static int set_period(report_state *st, const zopts *o, char **err)
{
    zdate a = o->as_of;
    a.min = ZDATE_NOTIME;
    if (st->from_arg || st->to_arg) {
        if (st->period) return fail(err, "--period and --from/--to exclude each other%s", "");
        if (!st->from_arg || !st->to_arg) return fail(err, "--from and --to go together%s", "");
        if (date_parse(st->from_arg, strlen(st->from_arg), &st->pp.from) != 0)
            return fail(err, "invalid date '%s' for --from", st->from_arg);
        if (date_parse(st->to_arg, strlen(st->to_arg), &st->pp.to) != 0)
            return fail(err, "invalid date '%s' for --to", st->to_arg);
        if (st->pp.from.day > st->pp.to.day) return fail(err, "--from is after --to%s", "");
        st->pp.from.min = st->pp.to.min = ZDATE_NOTIME;
        return 0;
    }
    const char *p = st->period;
    json_t *pv = p ? NULL : json_object_get(profile_section(o->profile, "report_settings"), "period");
    if (pv && !json_is_string(pv))
        return profile_error(err, "%s: report_settings.period is not week, month, quarter or year",
                             profile_key_file(o->profile, "report_settings", "period"));
    if (pv) p = json_string_value(pv);
    if (!p) p = "week";
    int y, m, d;
    date_to_ymd(a.day, &y, &m, &d);
    st->pp.to = a;
    st->pp.from = a;
    if (!strcmp(p, "week")) st->pp.from.day = a.day - 6;
    else if (!strcmp(p, "month")) st->pp.from.day = date_from_ymd(y, m, 1);
    else if (!strcmp(p, "quarter")) st->pp.from.day = date_from_ymd(y, (m - 1) / 3 * 3 + 1, 1);
    else if (!strcmp(p, "year")) st->pp.from.day = date_from_ymd(y, 1, 1);
    else return profile_error(err, "%s: report_settings.period '%s' is not week, month, quarter or year",
                              profile_key_file(o->profile, "report_settings", "period"), p);
    return 0;
}

static int set_by(report_state *st, const zopts *o, char **err)
{
    const char *by = st->by_arg;
    if (!by) by = json_string_value(json_object_get(profile_section(o->profile, "report_settings"), "by"));
    if (!by) by = "team";
    if (!strcmp(by, "court")) return 0;
    static char copy[128];
    snprintf(copy, sizeof copy, "%s", by);
    char *save = NULL;
    for (char *k = strtok_r(copy, ",", &save); k; k = strtok_r(NULL, ",", &save)) {
        if (strcmp(k, "team") && strcmp(k, "handler") && strcmp(k, "stage") && strcmp(k, "track"))
            return fail(err, "invalid --by '%s' (team, handler, stage, track, or court for none)", k);
        if (st->pp.nby == 4) return fail(err, "too many --by keys%s", "");
        for (size_t i = 0; i < st->pp.nby; i++)
            if (!strcmp(st->pp.by[i], k)) return fail(err, "--by '%s' given twice", k);
        st->pp.by[st->pp.nby++] = k;
    }
    return 0;
}

static int report_open(void *stp, const zopts *o, char **err)
{
    report_state *st = stp;
    if (set_period(st, o, err) != 0 || set_by(st, o, err) != 0) return -1;
    st->pp.as_of = o->as_of;
    if (st->previous && !(st->prev = report_previous_load(st->previous, err))) return -3;
    st->eng = report_engine_new(o->profile, o->cal, &st->pp, err);
    return st->eng ? 0 : -1;
}

static int report_record(void *stp, zrec *r)
{
    report_state *st = stp;
    report_engine_record(st->eng, r);
    return 0;
}

static int report_write(report_state *st, const zreport *z, FILE *out, char **err)
{
    switch (st->fmt) {
    case OUT_MD: return report_write_md(z, out);
    case OUT_CSV: return report_write_csv(z, out);
    case OUT_JSONL: return report_write_jsonl(z, out);
    case OUT_HTML: return report_write_html(z, out);
    case OUT_XLSX: return report_write_xlsx(z, st->outfile ? st->outfile : "-", err);
    default: return report_write_text(z, out);
    }
}

static int report_finish(void *stp, struct zwriter *w, char **err)
{
    (void)w;
    report_state *st = stp;
    zreport *z = report_engine_finish(st->eng, st->prev);
    FILE *out = stdout;
    if (st->outfile && st->fmt != OUT_XLSX && !(out = fopen(st->outfile, "w"))) {
        report_free(z);
        return fail(err, "cannot write %s: %m", st->outfile);
    }
    errno = 0;
    int rc = report_write(st, z, out, err);
    int e = errno;
    report_free(z);
    int to_file = out != stdout;
    if (to_file && fclose(out) != 0 && rc == 0) { rc = -1; e = errno; }
    else if (!to_file && fflush(stdout) != 0 && rc == 0) { rc = -1; e = errno; }
    if (rc != 0 && !*err) {
        if (e == ENOSYS) return fail(err, "-o %s is not built into this report (the html/xlsx writers)",
                                     st->fmt == OUT_HTML ? "html" : "xlsx");
        if (e == EPIPE) return 0;
        errno = e;
        return fail(err, "cannot write %s: %m", st->outfile ? st->outfile : "standard output");
    }
    return rc;
}

static int report_replaces_output(void *st) { (void)st; return 1; }

static void report_free_state(void *stp)
{
    report_state *st = stp;
    report_engine_free(st->eng);
    json_decref(st->prev);
    free(st->by_arg);
}

const tool_spec report_tool = {
    .name = "report",
    .summary = "Compute the bulletin (通报) and team assessments (考核) over the annotated stream.",
    .usage =
        "      --period P          week (default: the 7 days ending --as-of), month,\n"
        "                          quarter or year (from its first day to --as-of)\n"
        "      --from D --to D     the period, both days included\n"
        "      --by KEYS           group rows by team,handler | stage | track | court\n"
        "                          (default: the profile's, else team)\n"
        "  -o F                    text (default), md, csv, jsonl, html or xlsx\n"
        "  -O, --output FILE       write to FILE instead of standard output\n"
        "      --previous FILE     a previous period's `report -o jsonl`: adds the change\n",
    .options = report_options,
    .short_options = "O:",
    .state_size = sizeof(report_state),
    .needs_profile = 1,
    .option = report_option,
    .output_format = report_format,
    .open = report_open,
    .record = report_record,
    .finish = report_finish,
    .replaces_output = report_replaces_output,
    .free = report_free_state,
};
