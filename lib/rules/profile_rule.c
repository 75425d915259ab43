/* profile_rule.c: checks one rule of a profile against the key conventions
 * of share/profiles/README and compiles its conditions.
 *
 * The conventions hold at any depth of a rule (a deadline rule's stages,
 * a payout rule's levels), except inside a condition, which the condition
 * compiler checks itself. */
#include "jalloc.h"
#include "profile_impl.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expr_impl.h"
#include "fields.h"
#include "period.h"
#include "tool_vars.h"
#include "xalloc.h"

/* A tool variable: its name and type, as a profile's "vars" declares it. */
typedef struct tool_var {
    const char *name, *type;
} tool_var;

/* Each kind of rule: the tool that applies it; the keys a rule of the kind
 * takes, those its tool reads (the loaders of triage_rules.c,
 * assign_route.c, deadline_rules.c, termaudit.c, payout_rules.c), and id,
 * kind, source, name, note; and the tool variables the tool supplies to the
 * kind's conditions (their names spelt once, in tool_vars.h: triage.c,
 * assign.c and termaudit_vars.c supply them by those names), NULL ended.  Any other key is an error: a misspelt key
 * ("exempt_whn") would otherwise be a rule that runs as if the key were
 * absent.  Any other variable too: a deadline rule naming triage's
 * variable would read it as absent on every case.  The engine's own
 * variables (kind, as_of, case_year, case_seq, court_code: expr_compile.c)
 * every condition may read.  A name means one thing: two tools that supply
 * it supply the same value, with the same type. */
static const char *const common_keys[] = {"id", "kind", "source", "name", "note", NULL};
static const struct kind_def {
    const char *kind, *tool;
    const char *const keys[20];
    const tool_var vars[5];
} kind_defs[] = {
    {"track", "triage", {"track", "kinds", "handover_to", "when", NULL},
     {{VAR_PREVIOUS_TERM_CLOSED_ON, "date"}, {NULL, NULL}}},
    {"route", "assign",
     {"tracks", "when", "method", "team", "teams", "team_from", "handler", "handlers", "roles", "judge_role",
      "prior_teams", "seed", NULL},
     {{VAR_PRIOR_HANDLER_ON_ROSTER, "bool"}, {NULL, NULL}}},
    {"deadline", "deadline-check",
     {"scope", "when", "exempt_when", "exempt_reason", "track", "from", "from_which", "from_after", "to_track",
      "node", "done_to_track", "done_attr", "if_done", "by", "period", "every", "for", NULL},
     {{NULL, NULL}}},
    {"term", "term-audit", {"scope", "when", "check", "detail_vars", NULL},
     {{VAR_AUDIT_ON, "date"}, {VAR_FUND_BALANCE, "money"}, {VAR_HISTORY_TERM_CLOSED_ON, "date"},
      {VAR_HISTORY_TERM_CASE_NO, "text"}, {NULL, NULL}}},
    {"fund", "payout-check",
     {"test", "when", "from", "period", "steps", "levels", "issues", "open_issue", "limit_rule", NULL},
     {{NULL, NULL}}},
};
enum { NKINDS = sizeof kind_defs / sizeof *kind_defs };

typedef struct {
    zrule *r;
    json_t *tracks, *vars;
    const struct kind_def *kd;   /* the rule's kind */
    int fund;        /* kind "fund": a "from" may name a fund movement kind */
    char *err;
} rctx;

/* rule_error() (profile.h) with a va_list: the one place that words an
 * error about a rule "FILE: rule ID: message". */
static int vrule_error(char **err, const rule *r, const char *fmt, va_list ap)
{
    char *msg = NULL;
    if (vasprintf(&msg, fmt, ap) < 0) msg = NULL;
    if (asprintf(err, "%s: rule %s: %s", ((const zrule *)r)->file, r->id, msg ? msg : "out of memory") < 0) *err = NULL;
    free(msg);
    return -1;
}

static int bad(rctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int bad(rctx *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vrule_error(&c->err, &c->r->pub, fmt, ap);
    va_end(ap);
    return -1;
}

static int is_one_of(const char *k, const char *const *set)
{
    for (; *set; set++)
        if (strcmp(k, *set) == 0) return 1;
    return 0;
}

static int is_cond_key(const char *k)
{
    size_t n = strlen(k);
    return strcmp(k, "when") == 0 || strcmp(k, "check") == 0 || (n > 5 && strcmp(k + n - 5, "_when") == 0);
}

/* The JSON text of a value for a message (malloc'd; the caller frees). */
static char *shown(json_t *v)
{
    if (json_is_string(v)) return strdup(json_string_value(v));
    char *s = json_dumps_malloc(v, JSON_COMPACT | JSON_ENCODE_ANY);
    return s ? s : strdup("?");
}

/* Canonical form of a node name, or of "NODE.ATTR" (attr a date field),
 * or for kind fund of a fund movement kind; NULL when none.  Malloc'd. */
static char *canonical_node(const char *s, int allow_attr, int fund)
{
    const char *n = node_canonical(s);
    if (n) return strdup(n);
    if (fund && allow_attr && (n = fundkind_canonical(s))) return strdup(n);
    const char *dot = allow_attr ? strrchr(s, '.') : NULL;
    if (!dot || dot == s) return NULL;
    char head[256];
    size_t len = (size_t)(dot - s);
    if (len >= sizeof head) return NULL;
    memcpy(head, s, len);
    head[len] = 0;
    field_type ft;
    const char *attr = field_type_of(dot + 1, &ft) ? dot + 1 : field_canonical(dot + 1);
    if (!(n = node_canonical(head)) || !attr || !field_type_of(attr, &ft) || ft != FT_DATE) return NULL;
    char *out = NULL;
    if (asprintf(&out, "%s.%s", n, attr) < 0) return NULL;
    return out;
}

/* One node value (a string) checked and made canonical; *slot replaced. */
static int check_node(rctx *c, const char *key, json_t *v, json_t **canon_out)
{
    char *canon = json_is_string(v) ? canonical_node(json_string_value(v), strcmp(key, "from") == 0, c->fund) : NULL;
    if (!canon) {
        char *s = shown(v);
        bad(c, "unknown node '%s' in \"%s\"", s ? s : "?", key);
        free(s);
        return -1;
    }
    *canon_out = json_string(canon);
    free(canon);
    return 0;
}

/* A node key's value: a node, or a list of nodes (rewritten in place). */
static int check_nodes(rctx *c, json_t *obj, const char *key, json_t *v)
{
    json_t *canon;
    if (json_is_array(v)) {
        size_t i;
        json_t *el;
        json_array_foreach(v, i, el) {
            if (check_node(c, key, el, &canon) != 0) return -1;
            json_array_set_new(v, i, canon);
        }
        return 0;
    }
    if (check_node(c, key, v, &canon) != 0) return -1;
    json_object_set_new(obj, key, canon);
    return 0;
}

static int check_period(rctx *c, const char *key, json_t *v)
{
    period p;
    if (json_is_string(v) && period_parse(json_string_value(v), &p) == 0) return 0;
    char *s = shown(v);
    bad(c, "bad period '%s' in \"%s\"", s ? s : "?", key);
    free(s);
    return -1;
}

/* 1 if id names a track of the profile or an spc kind track. */
static int known_track(rctx *c, const char *id)
{
    static const char *const kind_tracks[] = {"first", "resume", "preservation", "ruling", NULL};
    if (is_one_of(id, kind_tracks)) return 1;
    size_t i;
    json_t *t;
    json_array_foreach(c->tracks, i, t) {
        const char *tid = json_string_value(json_object_get(t, "id"));
        if (tid && strcmp(tid, id) == 0) return 1;
    }
    return 0;
}

static int check_track(rctx *c, json_t *v)
{
    if (json_is_array(v)) {
        size_t i;
        json_t *el;
        json_array_foreach(v, i, el)
            if (check_track(c, el) != 0) return -1;
        return 0;
    }
    if (json_is_string(v) && known_track(c, json_string_value(v))) return 0;
    char *s = shown(v);
    bad(c, "unknown track '%s'", s ? s : "?");
    free(s);
    return -1;
}

/* The entry of name in vars (NULL ended), or NULL. */
static const tool_var *supplied(const tool_var *vars, const char *name)
{
    for (; vars->name; vars++)
        if (strcmp(vars->name, name) == 0) return vars;
    return NULL;
}

/* "a, b" of the names in vars, or NULL when there are none.  Malloc'd. */
static char *var_names(const tool_var *vars)
{
    char *out = NULL;
    for (; vars->name; vars++) {
        char *s = xasprintf("%s%s%s", out ? out : "", out ? ", " : "", vars->name);
        free(out);
        out = s;
    }
    return out;
}

typedef struct var_scan {
    const tool_var *vars;
    const char *outside;   /* the first variable not in vars */
} var_scan;

static void note_var(const char *name, void *arg)
{
    var_scan *s = arg;
    if (!s->outside && !supplied(s->vars, name)) s->outside = name;
}

/* The error for a variable name (where: "" or " in \"KEY\"") that the
 * tool of the rule's kind does not supply. */
static int not_supplied(rctx *c, const char *name, const char *where)
{
    const char *tool = c->kd->tool;
    char *list = var_names(c->kd->vars);
    bad(c, "variable '%s'%s is not supplied by %s (rules of kind %s run in %s; it supplies%s%s)", name, where,
        tool, c->kd->kind, tool, list ? ": " : " none", list ? list : "");
    free(list);
    return -1;
}

/* Every tool variable the condition e reads is one the tool of the rule's
 * kind supplies. */
static int check_supplied(rctx *c, const expr *e)
{
    var_scan scan = {c->kd->vars, NULL};
    expr_tool_vars(e, c->vars, note_var, &scan);
    return scan.outside ? not_supplied(c, scan.outside, "") : 0;
}

/* A term rule's "detail_vars" (the variables a failed check's detail
 * shows) names variables its tool supplies: a misspelt one would never be
 * shown.  Its shape (a list) is term-audit's to check. */
static int check_detail_vars(rctx *c)
{
    json_t *list = json_object_get(c->r->pub.def, "detail_vars"), *v;
    size_t i;
    json_array_foreach(list, i, v)
        if (json_is_string(v) && !supplied(c->kd->vars, json_string_value(v)))
            return not_supplied(c, json_string_value(v), " in \"detail_vars\"");
    return 0;
}

static int add_cond(rctx *c, const char *key, json_t *v)
{
    char *err = NULL;
    expr *e = expr_compile_vars(v, c->vars, &err);
    if (!e) {
        bad(c, "%s", err ? err : "bad condition");
        free(err);
        return -1;
    }
    if (!expr_is_condition(e)) {
        expr_free(e);
        return bad(c, "\"%s\" is not a condition", key);
    }
    if (check_supplied(c, e) != 0) {
        expr_free(e);
        return -1;
    }
    zrule *r = c->r;
    r->conds = xrealloc(r->conds, (r->nconds + 1) * sizeof *r->conds);
    r->conds[r->nconds++] = (rule_cond){xstrdup(key), e};
    return 0;
}

static int walk(rctx *c, json_t *obj, int top)
{
    static const char *const node_keys[] = {"node", "nodes", "from", "start_node", "done_node", NULL};
    static const char *const period_keys[] = {"period", "every", "for", "window", "budget", "limit", NULL};
    const char *key;
    json_t *v;
    void *tmp;
    json_object_foreach_safe(obj, tmp, key, v) {
        int rc = 0;
        if (is_one_of(key, node_keys)) rc = check_nodes(c, obj, key, v);
        else if (is_one_of(key, period_keys)) rc = check_period(c, key, v);
        else if (is_cond_key(key) && !top)
            rc = bad(c, "\"%s\" inside another key is a condition no tool evaluates (only a rule's own "
                        "when, check and *_when are)", key);
        else if (is_cond_key(key)) rc = add_cond(c, key, v);
        else if (strcmp(key, "track") == 0 || strcmp(key, "tracks") == 0) rc = check_track(c, v);   /* tracks: a route's */
        else if (json_is_object(v)) rc = walk(c, v, 0);
        else if (json_is_array(v)) {
            size_t i;
            json_t *el;
            json_array_foreach(v, i, el)
                if (json_is_object(el) && (rc = walk(c, el, 0)) != 0) break;
        }
        if (rc) return -1;
    }
    return 0;
}

int profile_keys_check(json_t *obj, const char *const *keys, const char *const *common, const char **key,
                       char **list)
{
    const char *k;
    json_t *v;
    json_object_foreach(obj, k, v) {
        if ((keys && is_one_of(k, keys)) || (common && is_one_of(k, common))) continue;
        *key = k;
        *list = xstrdup("");
        for (int part = 0; part < 2; part++) {
            const char *const *w = part ? common : keys;
            for (size_t i = 0; w && w[i]; i++) {
                char *s = xasprintf("%s%s%s%s", *list, **list ? ", " : "", part && !i ? "and " : "", w[i]);
                free(*list);
                *list = s;
            }
        }
        return -1;
    }
    return 0;
}

/* Every top-level key of the rule is one its kind takes. */
static int check_keys(rctx *c)
{
    const char *key;
    char *list = NULL;
    if (profile_keys_check(c->r->pub.def, c->kd->keys, common_keys, &key, &list) == 0) return 0;
    bad(c, "unknown key '%s' (a %s rule takes %s)", key, c->kd->kind, list);
    free(list);
    return -1;
}

int tool_vars_check(json_t *vars, const char *file, char **err)
{
    const char *name;
    json_t *t;
    json_object_foreach(vars, name, t) {
        const tool_var *v = NULL;
        const struct kind_def *kd = NULL;
        for (size_t i = 0; i < NKINDS && !v; i++)
            if ((v = supplied(kind_defs[i].vars, name))) kd = &kind_defs[i];
        if (v && strcmp(v->type, json_string_value(t)) == 0) continue;
        if (v)
            return profile_error(err, "%s: vars: '%s' is supplied by %s as %s, not %s", file, name, kd->tool,
                                 v->type, json_string_value(t));
        char *all = NULL;
        for (size_t i = 0; i < NKINDS; i++) {
            char *list = var_names(kind_defs[i].vars);
            if (!list) continue;
            char *s = xasprintf("%s%s%s: %s", all ? all : "", all ? "; " : "", kind_defs[i].tool, list);
            free(all);
            free(list);
            all = s;
        }
        profile_error(err, "%s: vars: no tool supplies '%s' (%s)", file, name, all ? all : "none supplies any");
        free(all);
        return -1;
    }
    return 0;
}

int rule_error(char **err, const rule *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vrule_error(err, r, fmt, ap);
    va_end(ap);
    return -1;
}

int rule_check(zrule *r, json_t *tracks, json_t *vars, char **err)
{
    rctx c = {r, tracks, vars, NULL, 0, NULL};
    json_t *def = r->pub.def;
    json_t *src = json_object_get(def, "source"), *kind = json_object_get(def, "kind");
    for (size_t i = 0; i < NKINDS && json_is_string(kind); i++)
        if (strcmp(kind_defs[i].kind, json_string_value(kind)) == 0) c.kd = &kind_defs[i];
    int rc = 0;
    if (!json_is_string(src) || json_string_length(src) == 0) rc = bad(&c, "no source");
    else if (!kind) rc = bad(&c, "no kind");
    else if (!c.kd) {
        char *s = shown(kind);
        rc = bad(&c, "unknown kind '%s'", s ? s : "?");
        free(s);
    } else {
        r->pub.source = json_string_value(src);
        r->pub.kind = json_string_value(kind);
        c.fund = strcmp(r->pub.kind, "fund") == 0;
        rc = check_keys(&c);
        if (!rc) rc = walk(&c, def, 1);
        if (!rc) rc = check_detail_vars(&c);
    }
    if (rc) *err = c.err;
    return rc;
}

void rule_release(zrule *r)
{
    for (size_t i = 0; i < r->nconds; i++) {
        free(r->conds[i].key);
        expr_free(r->conds[i].e);
    }
    free(r->conds);
    r->conds = NULL;
    r->nconds = 0;
}

const struct expr *rule_expr(const rule *r, const char *key)
{
    const zrule *z = (const zrule *)r;
    for (size_t i = 0; i < z->nconds; i++)
        if (strcmp(z->conds[i].key, key) == 0) return z->conds[i].e;
    return NULL;
}

int rule_string_list(const json_t *a)
{
    size_t i;
    json_t *v;
    if (!json_is_array(a) || !json_array_size(a)) return 0;
    json_array_foreach(a, i, v)
        if (!json_is_string(v) || !json_string_length(v)) return 0;
    return 1;
}
