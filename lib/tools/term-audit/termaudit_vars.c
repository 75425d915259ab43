/* termaudit_vars.c: audit_on, fund_balance and the history variables. */
#include "termaudit_vars.h"

#include <stdio.h>
#include <string.h>

#include "fields.h"
#include "money_json.h"
#include "tool_vars.h"

static json_t *date_json(zdate d)
{
    char buf[24];
    date_format(d, buf);
    return json_string(buf);
}

/* Why a fund movement cannot be counted, as a text (new reference). */
static json_t *bad_fund(size_t i, const char *key, json_t *v)
{
    char buf[160];
    const char *s = json_is_string(v) ? json_string_value(v) : "";
    snprintf(buf, sizeof buf, "funds[%zu].%s: '%.100s'", i, key, v ? s : "(missing)");
    json_t *j = json_string(buf);   /* NULL when the cut split a character */
    return j ? j : json_sprintf("funds[%zu].%s: unreadable", i, key);
}

/* Arrivals − payouts − refunds on or before day (the JSON of money), or a
 * text naming the movement that cannot be read.  New reference. */
static json_t *fund_balance(zrec *r, int32_t day)
{
    json_t *funds = rec_get(r, "funds");
    if (!funds || json_is_null(funds) || (json_is_string(funds) && !json_string_length(funds)))
        return money_json(0);
    if (!json_is_array(funds)) return json_string("funds: not a list");
    int64_t bal = 0;
    size_t i;
    json_t *f;
    json_array_foreach(funds, i, f) {
        json_t *jk = json_object_get(f, "kind");
        const char *kind = json_is_string(jk) ? fundkind_canonical(json_string_value(jk)) : NULL;
        int sign = !kind ? 0 : !strcmp(kind, "arrival") ? 1
                 : (!strcmp(kind, "payout") || !strcmp(kind, "refund")) ? -1 : 0;
        if (!sign) continue;   /* claims and holds move no money; case-import reports unknown kinds */
        json_t *jon = json_object_get(f, "on");
        zdate on;
        if (!json_is_string(jon) || date_parse(json_string_value(jon), json_string_length(jon), &on) != 0)
            return bad_fund(i, "on", jon);
        if (on.day > day) continue;
        zrec tmp = {.obj = f};
        int64_t fen;
        if (rec_money(&tmp, "amount", &fen) != 1) return bad_fund(i, "amount", json_object_get(f, "amount"));
        bal += sign * fen;
    }
    return money_json(bal);
}

json_t *termaudit_vars(zrec *r, zdate as_of, const closure_history *h)
{
    json_t *vars = json_object();
    zdate closed;
    int dc = rec_date(r, "closed_on", &closed);
    if (dc == 1) {
        json_object_set_new(vars, VAR_AUDIT_ON, date_json(closed));
        json_object_set_new(vars, VAR_FUND_BALANCE, fund_balance(r, closed.day));
    } else if (dc == 0) {
        json_object_set_new(vars, VAR_AUDIT_ON, date_json(as_of));
        json_object_set_new(vars, VAR_FUND_BALANCE, fund_balance(r, as_of.day));
    } else {
        /* unreadable: both stay unreadable, naming closed_on's text */
        json_t *raw = rec_get(r, "closed_on");
        json_object_set(vars, VAR_AUDIT_ON, raw);
        json_object_set_new(vars, VAR_FUND_BALANCE, json_string("closed_on unreadable"));
    }
    if (h) {
        zdate filed;
        int df = rec_date(r, "filed_on", &filed);
        int32_t day;
        const char *case_no;
        /* an unreadable filing date still gets the latest closure, so that
         * the screen is unknown rather than passed */
        if (df != 0 && closure_history_latest(h, r, NULL, 1, 1, df == 1 ? filed.day : INT32_MAX, &day, NULL, &case_no)) {
            json_object_set_new(vars, VAR_HISTORY_TERM_CLOSED_ON, date_json((zdate){.day = day, .min = ZDATE_NOTIME}));
            json_object_set_new(vars, VAR_HISTORY_TERM_CASE_NO, json_string(case_no));
        }
    }
    return vars;
}

const char *termaudit_var_field(const char *name, json_t *vars)
{
    if (!name) return NULL;
    if (!strcmp(name, VAR_AUDIT_ON)) return "closed_on";
    if (!strcmp(name, VAR_FUND_BALANCE)) {
        const char *s = json_string_value(json_object_get(vars, name));
        return s && !strncmp(s, "closed_on", 9) ? "closed_on" : "funds";
    }
    return name;
}
