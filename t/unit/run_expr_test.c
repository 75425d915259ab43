/* run_expr_test FILE...: runs the condition-language cases of a data file
 * (t/expr.test; its header describes the format) through lib/expr*, with
 * the field tables and the calendar of $ZHIXING_SHARE (default "share").
 *
 * Prints "not ok FILE:LINE: what (got X, want Y)" for each failed check and
 * ends with "ok N checks in M cases" when every check passed.
 * Exit status: 0 all passed, 1 some failed, 2 a malformed file or set-up. */
#include "calendar.h"
#include "date.h"
#include "expr.h"
#include "fields.h"
#include "record.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAXLINES = 64 };

/* One case: its lines (borrowed from the block) and where it starts. */
typedef struct {
    const char *file;
    int line;                       /* line of the condition */
    const char *vars, *values;      /* JSON text or NULL */
    const char *cond, *rec;         /* rec NULL for a compile result */
    const char *want;               /* the EXPECTED line */
    const char *why, *why_field;    /* NULL when not checked */
    const char *estimated;          /* "yes" or "no"; NULL when not checked */
    const char *trace[MAXLINES];
    int ntrace;
} tcase;

static int checks, failed, cases;
static calendar *cal;

static void check(const tcase *c, const char *what, const char *got, const char *want)
{
    checks++;
    if (strcmp(got, want) != 0) {
        failed++;
        printf("not ok %s:%d: %s %s (got %s, want %s)\n", c->file, c->line, what, c->cond, got, want);
    }
}

static const char *tv_text(tv t)
{
    return t == TV_TRUE ? "true" : t == TV_FALSE ? "false" : "unknown";
}

/* The JSON of a case's line; NULL and a message when it is not JSON. */
static json_t *load(const tcase *c, const char *text)
{
    json_error_t e;
    json_t *j = json_loads(text, JSON_DECODE_ANY, &e);
    if (!j) fprintf(stderr, "%s:%d: bad JSON in the test: %s: %s\n", c->file, c->line, text, e.text);
    return j;
}

static const char *after(const char *s, const char *prefix)
{
    size_t n = strlen(prefix);
    return strncmp(s, prefix, n) == 0 ? s + n : NULL;
}

/* "why:" alone is the empty reason; "why: TEXT" is TEXT. */
static const char *keyed(const char *s, const char *key)
{
    const char *v = after(s, key);
    if (!v) return NULL;
    return *v == ' ' ? v + 1 : *v == '\0' ? v : NULL;
}

/* Evaluates one case and checks it; 0, or 2 when its JSON is bad. */
static int run_case(const tcase *c)
{
    json_t *decl = c->vars ? load(c, c->vars) : NULL;
    json_t *cond = load(c, c->cond);
    json_t *obj = c->rec ? load(c, c->rec) : NULL;
    json_t *vals = c->values ? load(c, c->values) : NULL;
    if (!cond || (c->vars && !decl) || (c->rec && !obj) || (c->values && !vals)) {
        json_decref(decl); json_decref(cond); json_decref(obj); json_decref(vals);
        return 2;
    }
    cases++;
    char *err = NULL;
    expr *e = expr_compile_vars(cond, decl, &err);
    json_decref(cond);
    json_decref(decl);
    const char *werr = after(c->want, "error: ");
    if (werr || strcmp(c->want, "compiles") == 0) {
        check(c, "compile", e ? "compiles" : err, werr ? werr : "compiles");
    } else if (!e) {
        check(c, "compile", err, "compiles");
    } else {
        zrec r;
        memset(&r, 0, sizeof r);
        r.obj = obj;
        obj = NULL;   /* rec_clear frees it */
        json_t *trace = c->ntrace ? json_array() : NULL;
        evalctx cx = {.rec = &r, .cal = cal, .as_of = {0, ZDATE_NOTIME}, .vars = vals, .trace = trace};
        date_parse("2023-07-01", 10, &cx.as_of);
        char got[128];
        const char *w;
        if ((w = after(c->want, "date: "))) {
            zdate d;
            int st = expr_date(e, &cx, &d);
            if (st > 0) date_format(d, got);
            else snprintf(got, sizeof got, "%s", st == 0 ? "absent" : "unknown");
            check(c, "date of", got, w);
            if (c->estimated) check(c, "estimated of", cx.estimated ? "yes" : "no", c->estimated);
        } else if ((w = after(c->want, "fen: "))) {
            int64_t fen = 0;
            int st = expr_money(e, &cx, &fen);
            if (st > 0) snprintf(got, sizeof got, "%lld", (long long)fen);
            else snprintf(got, sizeof got, "%s", st == 0 ? "absent" : "unknown");
            check(c, "fen of", got, w);
        } else {
            check(c, "truth of", tv_text(expr_test(e, &cx)), c->want);
            if (c->why) check(c, "why of", cx.why ? cx.why : "", c->why);
            if (c->why_field) check(c, "why_field of", cx.why_field ? cx.why_field : "(null)", c->why_field);
            if (c->estimated) check(c, "estimated of", cx.estimated ? "yes" : "no", c->estimated);
            if (trace) {
                size_t n = json_array_size(trace);
                for (size_t i = 0; i < n || i < (size_t)c->ntrace; i++) {
                    char what[64];
                    snprintf(what, sizeof what, "trace line %zu of", i + 1);
                    check(c, what, i < n ? json_string_value(json_array_get(trace, i)) : "(none)",
                          i < (size_t)c->ntrace ? c->trace[i] : "(none)");
                }
            }
        }
        free(cx.why);
        json_decref(trace);
        rec_clear(&r);
    }
    expr_free(e);
    free(err);
    json_decref(obj);
    json_decref(vals);
    return 0;
}

static int is_truth(const char *s)
{
    return !strcmp(s, "true") || !strcmp(s, "false") || !strcmp(s, "unknown");
}

/* Splits a block (n lines, lineno[] their numbers) into a case and runs it;
 * 0, or 2 with a message when the block is malformed. */
static int run_block(const char *file, char **l, const int *lineno, int n)
{
    tcase c = {.file = file, .line = lineno[0]};
    int i = 0;
    const char *v;
    for (; i < n; i++) {
        if ((v = after(l[i], "vars: "))) c.vars = v;
        else if ((v = after(l[i], "values: "))) c.values = v;
        else break;
    }
    if (i + 1 >= n) {
        fprintf(stderr, "%s:%d: a case needs a condition and an expected result\n", file, lineno[0]);
        return 2;
    }
    c.line = lineno[i];
    c.cond = l[i++];
    if (l[i][0] == '{') c.rec = l[i++];
    if (i >= n) {
        fprintf(stderr, "%s:%d: the case has no expected result\n", file, c.line);
        return 2;
    }
    c.want = l[i++];
    int compile = after(c.want, "error: ") || !strcmp(c.want, "compiles");
    int value = after(c.want, "date: ") || after(c.want, "fen: ");
    if (!compile && !value && !is_truth(c.want)) {
        fprintf(stderr, "%s:%d: unknown expected result '%s'\n", file, lineno[i - 1], c.want);
        return 2;
    }
    if (compile == (c.rec != NULL)) {
        fprintf(stderr, "%s:%d: %s\n", file, c.line,
                compile ? "a compile result takes no record" : "the case needs a record (a JSON object)");
        return 2;
    }
    for (; i < n; i++) {
        if ((is_truth(c.want) || after(c.want, "date: ")) && (v = keyed(l[i], "estimated:"))) c.estimated = v;
        else if (is_truth(c.want) && (v = keyed(l[i], "why:"))) c.why = v;
        else if (is_truth(c.want) && (v = keyed(l[i], "why_field:"))) c.why_field = v;
        else if (is_truth(c.want) && (v = keyed(l[i], "trace:")) && c.ntrace < MAXLINES) c.trace[c.ntrace++] = v;
        else {
            fprintf(stderr, "%s:%d: unexpected line '%s'\n", file, lineno[i], l[i]);
            return 2;
        }
    }
    return run_case(&c);
}

/* Runs every case of a file; 0, 2 when it cannot be read or is malformed. */
static int run_file(const char *file)
{
    FILE *f = fopen(file, "r");
    if (!f) { perror(file); return 2; }
    char *lines[MAXLINES];
    int lineno[MAXLINES], n = 0, no = 0, rc = 0;
    char *buf = NULL;
    size_t cap = 0;
    ssize_t len;
    for (;;) {
        len = getline(&buf, &cap, f);
        if (len >= 0) {
            no++;
            while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == '\r')) buf[--len] = '\0';
            if (buf[0] == '#') continue;
            if (len > 0) {
                if (n == MAXLINES) { fprintf(stderr, "%s:%d: block too long\n", file, no); rc = 2; break; }
                lineno[n] = no;
                lines[n++] = strdup(buf);
                continue;
            }
        }
        if (n) rc = run_block(file, lines, lineno, n);
        while (n) free(lines[--n]);
        if (len < 0 || rc) break;
    }
    while (n) free(lines[--n]);
    free(buf);
    fclose(f);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc < 2) { fprintf(stderr, "usage: run_expr_test FILE...\n"); return 2; }
    const char *share = getenv("ZHIXING_SHARE");
    if (!share) share = "share";
    char *err = NULL;
    if (fields_init(share, NULL, &err) != 0) { fprintf(stderr, "fields_init: %s\n", err); free(err); return 2; }
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/calendar", share);
    cal = calendar_load_dir(dir, &err);
    if (!cal) { fprintf(stderr, "calendar: %s\n", err); free(err); fields_free(); return 2; }
    zx_quiet = 1;   /* the unknown-cause warning is tested by t/triage.bats */
    int rc = 0;
    for (int i = 1; i < argc && !rc; i++) rc = run_file(argv[i]);
    calendar_free(cal);
    fields_free();
    if (rc) return rc;
    if (failed) { printf("FAILED %d of %d checks\n", failed, checks); return 1; }
    printf("ok %d checks in %d cases\n", checks, cases);
    return 0;
}
