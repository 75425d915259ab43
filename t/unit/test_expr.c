/* test_expr: the checks on the condition language (lib/rules/expr_compile.c,
 * lib/rules/expr_eval.c) that are not a condition, a record and a result: those
 * are data, in t/expr.test, run by t/unit/run_expr_test.c.  Uses the field
 * tables of $ZHIXING_SHARE (default "share"). */
#include "causes.h"
#include "expr.h"
#include "fields.h"
#include "record.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int checks, failed;

static void check_str(const char *what, const char *got, const char *want)
{
    checks++;
    if (strcmp(got, want) != 0) {
        failed++;
        printf("not ok: %s (got %s, want %s)\n", what, got, want);
    }
}

/* A catastrophic regex stops at PCRE2's match limit within a second (its
 * result, unknown with the reason, is a case in t/expr.test). */
static void regex_limit(void)
{
    json_error_t je;
    json_t *cond = json_loads("{\"match\": [{\"var\": \"note\"}, \"(a+)+$\"]}", 0, &je);
    char *err = NULL;
    expr *e = expr_compile(cond, &err);
    json_decref(cond);
    if (!e) { check_str("compile the catastrophic regex", err, "ok"); free(err); return; }
    zrec r;
    memset(&r, 0, sizeof r);
    r.obj = json_pack("{s:s}", "note", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaab");
    evalctx cx = {.rec = &r};
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    expr_test(e, &cx);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    check_str("catastrophic regex stops within 1 s", secs < 1.0 ? "yes" : "no", "yes");
    free(cx.why);
    rec_clear(&r);
    expr_free(e);
}

/* cause_under: the hierarchy of share/causes.tsv (民事案件案由规定 2020, SPEC 5.3). */
static void causes(void)
{
    check_str("cause_under unknown", cause_under("某某纠纷", "合同纠纷") < 0 ? "unknown" : "known", "unknown");
    check_str("cause_under", cause_under("信用卡纠纷", "合同、准合同纠纷") == 1 ? "under" : "not", "under");
}

int main(void)
{
    const char *share = getenv("ZHIXING_SHARE");
    if (!share) share = "share";
    char *err = NULL;
    if (fields_init(share, NULL, &err) != 0) { printf("not ok: fields_init: %s\n", err); free(err); return 1; }
    regex_limit();
    causes();
    fields_free();
    if (failed) return 1;
    printf("ok %d checks\n", checks);
    return 0;
}
