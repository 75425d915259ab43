/* fuzz_expr: expr_compile on the fuzz input as JSON (with a few declared
 * tool variables), then expr_test, expr_date and expr_money on a fixed
 * record that has a value of every field type, events and funds, with a
 * trace. */
#include "calendar.h"
#include "expr.h"
#include "fuzz_common.h"
#include "record.h"

static const char *record_json =
    "{\"case_no\": \"（2023）豫0183执1234号\", \"filed_on\": \"2023-03-01\","
    " \"cause\": \"买卖合同纠纷\", \"amount\": \"8.5万\", \"subject\": \"money\","
    " \"applicant_kind\": \"company\", \"respondent\": \"张三\", \"respondent_kind\": \"person\","
    " \"respondent_local\": \"是\", \"respondent_employed\": false, \"respondent_missing\": \"abc\","
    " \"assets_cash\": 1200.5, \"needs_disposal\": \"否\", \"preserved\": 1,"
    " \"flags\": \"涉黑恶、old_case\", \"closed_on\": \"2023-13-45\", \"close_method\": \"终本\","
    " \"closed_amount\": \"abc\", \"waived_amount\": \"0\","
    " \"events\": [{\"node\": \"notice\", \"at\": \"2023-03-05\", \"served\": \"2023-03-07\"},"
    "   {\"node\": \"总对总查询\", \"at\": \"2023/3/2 09:30\"},"
    "   {\"node\": \"query_national\", \"at\": \"2023-06-01\"},"
    "   {\"node\": \"detention\", \"at\": \"2023-04-01\", \"until\": \"2023-04-15\"},"
    "   {\"node\": \"handover\", \"at\": \"2023-05-01\", \"to\": \"clue\"},"
    "   {\"node\": \"nosuch\", \"at\": \"x\"}],"
    " \"funds\": [{\"kind\": \"arrival\", \"on\": \"2023-04-01\", \"amount\": 5000, \"account\": \"main\"},"
    "   {\"kind\": \"payout\", \"on\": \"2023-05-20\", \"amount\": \"5,000\","
    "    \"approvals\": {\"submitted\": \"2023-05-02\", \"approved\": \"2023-05-10\"}}]}";

static const char *vars_json =
    "{\"history_term_closed_on\": \"date\", \"limit\": \"money\", \"n\": \"number\","
    " \"who\": \"text\", \"ok\": \"bool\", \"tags\": \"list\"}";
static const char *values_json =
    "{\"history_term_closed_on\": \"2022-12-01\", \"limit\": 100000, \"n\": 3,"
    " \"who\": \"李四\", \"ok\": true, \"tags\": [\"a\", \"b\"]}";

static calendar *cal;
static json_t *vars, *values;

static void init_once(void)
{
    if (cal) return;
    fuzz_fields_once();
    char dir[4096], *err = NULL;
    snprintf(dir, sizeof dir, "%s/calendar", fuzz_sharedir());
    cal = calendar_load_dir(dir, &err);
    vars = json_loads(vars_json, 0, NULL);
    values = json_loads(values_json, 0, NULL);
    if (!cal || !vars || !values) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    init_once();
    json_t *cond = json_loadb((const char *)data, size, JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL);
    if (!cond) return 0;
    char *err = NULL;
    expr *e = expr_compile_vars(cond, vars, &err);
    json_decref(cond);
    if (!e) {
        if (!err) abort();  /* the API promises a message */
        free(err);
        return 0;
    }
    zrec rec;
    memset(&rec, 0, sizeof rec);
    rec.obj = json_loads(record_json, 0, NULL);
    if (!rec.obj) abort();
    rec.file = "fuzz";
    rec.line = 1;
    rec.raw = record_json;
    rec.rawlen = strlen(record_json);
    evalctx cx;
    memset(&cx, 0, sizeof cx);
    cx.rec = &rec;
    cx.cal = cal;
    cx.as_of.day = date_from_ymd(2023, 11, 22);
    cx.as_of.min = ZDATE_NOTIME;
    cx.vars = values;
    cx.trace = json_array();
    tv t = expr_test(e, &cx);
    if (t != TV_TRUE && t != TV_FALSE && t != TV_UNKNOWN) abort();
    free(cx.why);
    cx.why = NULL;
    zdate d;
    expr_date(e, &cx, &d);
    free(cx.why);
    cx.why = NULL;
    int64_t fen;
    expr_money(e, &cx, &fen);
    free(cx.why);
    cx.why = NULL;
    json_decref(cx.trace);
    rec_clear(&rec);
    expr_free(e);
    return 0;
}
