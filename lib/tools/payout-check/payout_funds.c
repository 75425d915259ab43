/* payout_funds.c: see payout_funds.h. */
#include "payout_funds.h"
#include "jalloc.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fields.h"
#include "record.h"

static int blank(const char *s)
{
    for (; *s; s++)
        if (*s != ' ' && *s != '\t') return 0;
    return 1;
}

/* A value as text for a message; malloc'd, the caller frees. */
static char *shown(json_t *v)
{
    if (json_is_string(v)) return strdup(json_string_value(v));
    return json_dumps_malloc(v, JSON_COMPACT | JSON_ENCODE_ANY);
}

/* A date value: 1 and *out, 0 absent or blank, -1 unreadable. */
static int value_date(json_t *v, zdate *out)
{
    if (!v || json_is_null(v)) return 0;
    if (!json_is_string(v)) return -1;
    const char *s = json_string_value(v);
    if (blank(s)) return 0;
    return date_parse(s, json_string_length(v), out) == 0 ? 1 : -1;
}

/* Sets *why to "funds[i] key: invalid what 'value'" (or, without a
 * value, "funds[i] key: what") and returns -1. */
static int bad(char **why, size_t i, const char *key, const char *what, json_t *v)
{
    char *t = v ? shown(v) : NULL;
    int rc = v ? asprintf(why, "funds[%zu] %s: invalid %s '%s'", i, key, what, t ? t : "")
               : asprintf(why, "funds[%zu] %s: %s", i, key, what);
    if (rc < 0) *why = NULL;
    free(t);
    return -1;
}

static int read_approvals(json_t *ap, size_t i, char **why)
{
    if (!ap || json_is_null(ap)) return 0;
    if (!json_is_object(ap)) return bad(why, i, "approvals", "object", ap);
    const char *key;
    json_t *v;
    zdate d;
    json_object_foreach(ap, key, v) {
        if (value_date(v, &d) < 0) {
            char k[96];
            snprintf(k, sizeof k, "approvals.%s", key);
            return bad(why, i, k, "date", v);
        }
    }
    return 0;
}

/* Reads one movement into m.  0, or -1 with *why. */
static int read_move(json_t *f, size_t i, fund_move *m, char **why)
{
    memset(m, 0, sizeof *m);
    m->index = i;
    if (!json_is_object(f)) return bad(why, i, "kind", "movement", f);
    json_t *jk = json_object_get(f, "kind");
    const char *kind = json_is_string(jk) ? fundkind_canonical(json_string_value(jk)) : NULL;
    if (!kind) return bad(why, i, "kind", "fund kind", jk ? jk : json_null());
    static const char *const names[] = {"arrival", "claim", "payout", "refund", "hold"};
    for (size_t k = 0; k < sizeof names / sizeof *names; k++)
        if (strcmp(kind, names[k]) == 0) m->kind = (fund_kind)k;

    if (m->kind == FK_PAYOUT && read_approvals(json_object_get(f, "approvals"), i, why) != 0) return -1;
    if (m->kind == FK_PAYOUT) m->approvals = json_object_get(f, "approvals");

    json_t *jo = json_object_get(f, "on");
    int got = value_date(jo, &m->on);
    if (got < 0) return bad(why, i, "on", "date", jo);
    if (got == 0 && !(m->kind == FK_PAYOUT && fund_step_date(m, "paid", &m->on) == 1))
        return bad(why, i, "on", "no date", NULL);

    zrec tmp = {.obj = f};
    got = rec_money(&tmp, "amount", &m->amount);
    if (got < 0) return bad(why, i, "amount", "money", json_object_get(f, "amount"));
    if (got == 0 && m->kind != FK_HOLD) return bad(why, i, "amount", "no amount", NULL);
    if (got == 1 && m->amount < 0) return bad(why, i, "amount", "negative amount", NULL);

    const char *t;
    if (rec_text(&tmp, "account", &t) == 1) m->account = t;
    if (rec_text(&tmp, "payee", &t) == 1) m->payee = t;
    int b;
    got = rec_bool(&tmp, "mandate", &b);
    if (got < 0) return bad(why, i, "mandate", "boolean", json_object_get(f, "mandate"));
    m->mandate = got == 1 && b;
    json_t *jr = json_object_get(f, "reason");
    m->has_reason = json_is_string(jr) && !blank(json_string_value(jr));
    json_t *ju = json_object_get(f, "until");
    got = value_date(ju, &m->until);
    if (got < 0) return bad(why, i, "until", "date", ju);
    m->has_until = got == 1;
    return 0;
}

int funds_read(json_t *funds, fund_list *out, char **why)
{
    out->v = NULL;
    out->n = 0;
    *why = NULL;
    if (!funds || json_is_null(funds)) return 0;
    if (!json_is_array(funds)) {
        char *t = shown(funds);
        if (asprintf(why, "funds: invalid fund list '%s'", t ? t : "") < 0) *why = NULL;
        free(t);
        return -1;
    }
    size_t n = json_array_size(funds);
    if (n == 0) return 0;
    out->v = calloc(n, sizeof *out->v);
    if (!out->v) return -1;
    for (size_t i = 0; i < n; i++) {
        if (read_move(json_array_get(funds, i), i, &out->v[i], why) != 0) {
            free(out->v);
            out->v = NULL;
            return -1;
        }
    }
    out->n = n;
    return 1;
}

int fund_step_date(const fund_move *m, const char *step, zdate *out)
{
    return value_date(json_object_get(m->approvals, step), out) == 1;
}
