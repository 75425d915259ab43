/* payout_rules.c: see payout_rules.h. */
#include "payout_rules.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const issue_kind_names[IK_COUNT] = {
    "unclaimed", "late_payout", "undisbursed", "approval_missing",
    "approval_order", "overpaid", "closed_with_balance", "due_soon",
};

static const char *const test_names[] = {
    "claim", "payout", "approvals", "approval_order", "mandate", "overpaid",
    "closed_with_balance", "escalation", "due_soon",
};

static int fail(char **err, const rule *r, const char *what, const char *arg)
{
    return rule_error(err, r, "%s%s%s%s", what, arg ? " '" : "", arg ? arg : "", arg ? "'" : "");
}

static int read_period(const rule *r, json_t *v, period *p, char **err)
{
    if (!json_is_string(v)) return fail(err, r, "needs a \"period\"", NULL);
    if (period_parse(json_string_value(v), p) != 0) return fail(err, r, "bad period", json_string_value(v));
    return 0;
}

static int read_steps(const rule *r, payout_rule *pr, char **err)
{
    json_t *s = json_object_get(r->def, "steps"), *e;
    size_t i;
    if (!json_is_array(s) || json_array_size(s) == 0 || json_array_size(s) > PR_MAX_STEPS)
        return fail(err, r, "\"steps\" must be a list of 1 to 12 approval step names", NULL);
    json_array_foreach(s, i, e) {
        if (!json_is_string(e) || !json_string_length(e)) return fail(err, r, "a step is not a name", NULL);
        pr->steps[pr->nsteps++] = json_string_value(e);
    }
    return 0;
}

static int read_levels(const rule *r, payout_rule *pr, char **err)
{
    json_t *ls = json_object_get(r->def, "levels"), *l;
    size_t i;
    if (!json_is_array(ls) || json_array_size(ls) == 0 || json_array_size(ls) > PR_MAX_LEVELS)
        return fail(err, r, "\"levels\" must be a list of 1 to 8 {\"level\", \"period\"}", NULL);
    json_array_foreach(ls, i, l) {
        json_t *n = json_object_get(l, "level");
        if (!json_is_string(n) || !json_string_length(n)) return fail(err, r, "a level has no \"level\" name", NULL);
        payout_level *pl = &pr->levels[pr->nlevels++];
        pl->name = json_string_value(n);
        if (read_period(r, json_object_get(l, "period"), &pl->p, err) != 0) return -1;
    }
    pr->open_issue = json_is_true(json_object_get(r->def, "open_issue"));
    json_t *ks = json_object_get(r->def, "issues"), *k;
    if (!ks) { pr->kinds = 1u << IK_UNDISBURSED; return 0; }
    if (!json_is_array(ks)) return fail(err, r, "\"issues\" must be a list of issue kinds", NULL);
    json_array_foreach(ks, i, k) {
        int found = -1;
        for (int j = 0; j < IK_COUNT; j++)
            if (json_is_string(k) && strcmp(json_string_value(k), issue_kind_names[j]) == 0) found = j;
        if (found < 0) return fail(err, r, "unknown issue kind", json_is_string(k) ? json_string_value(k) : "?");
        pr->kinds |= 1u << found;
    }
    return 0;
}

/* Reads one rule into pr.  0, or -1 with *err. */
static int read_rule(const rule *r, payout_rule *pr, char **err)
{
    memset(pr, 0, sizeof *pr);
    pr->r = r;
    pr->when = rule_expr(r, "when");
    json_t *t = json_object_get(r->def, "test");
    if (!json_is_string(t)) return fail(err, r, "needs a \"test\"", NULL);
    int found = -1;
    for (size_t i = 0; i < sizeof test_names / sizeof *test_names; i++)
        if (strcmp(json_string_value(t), test_names[i]) == 0) found = (int)i;
    if (found < 0) return fail(err, r, "unknown test", json_string_value(t));
    pr->test = (payout_test)found;
    switch (pr->test) {
    case PT_CLAIM:
        return read_period(r, json_object_get(r->def, "period"), &pr->p, err);
    case PT_PAYOUT: {
        json_t *from = json_object_get(r->def, "from");
        const char *f = json_is_string(from) ? json_string_value(from) : "arrival";
        if (strcmp(f, "arrival") && strcmp(f, "claim")) return fail(err, r, "\"from\" must be arrival or claim, not", f);
        pr->from_claim = strcmp(f, "claim") == 0;
        return read_period(r, json_object_get(r->def, "period"), &pr->p, err);
    }
    case PT_APPROVALS:
    case PT_APPROVAL_ORDER:
        return read_steps(r, pr, err);
    case PT_ESCALATION:
        return read_levels(r, pr, err);
    default:
        return 0;
    }
}

/* A due_soon rule's "limit_rule": the id of a payout rule of the same profile. */
static int find_limit(const payout_rules *rs, payout_rule *pr, char **err)
{
    json_t *v = json_object_get(pr->r->def, "limit_rule");
    const char *id = json_string_value(v);
    for (size_t i = 0; id && i < rs->n; i++)
        if (rs->v[i].test == PT_PAYOUT && strcmp(rs->v[i].r->id, id) == 0) {
            pr->limit = i;
            return 0;
        }
    return fail(err, pr->r, "\"limit_rule\" must be the id of a payout rule of the profile, not", id ? id : "?");
}

int payout_rules_load(const profile *p, payout_rules *out, char **err)
{
    size_t n = profile_nrules(p), k = 0;
    out->v = calloc(n ? n : 1, sizeof *out->v);
    out->n = 0;
    if (!out->v) {
        *err = strdup("out of memory");
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        const rule *r = profile_rule(p, i);
        if (strcmp(r->kind, "fund") != 0) continue;
        if (read_rule(r, &out->v[k], err) != 0) {
            payout_rules_free(out);
            return -1;
        }
        k++;
    }
    out->n = k;
    for (size_t i = 0; i < k; i++)
        if (out->v[i].test == PT_DUE_SOON && find_limit(out, &out->v[i], err) != 0) {
            payout_rules_free(out);
            return -1;
        }
    return 0;
}

void payout_rules_free(payout_rules *rs)
{
    free(rs->v);
    rs->v = NULL;
    rs->n = 0;
}
