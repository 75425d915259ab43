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
#include "xalloc.h"

typedef struct {
    zrule *r;
    json_t *tracks, *vars;
    int fund;        /* kind "fund": a "from" may name a fund movement kind */
    char *err;
} rctx;

static int bad(rctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int bad(rctx *c, const char *fmt, ...)
{
    char *msg = NULL;
    va_list ap;
    va_start(ap, fmt);
    if (vasprintf(&msg, fmt, ap) < 0) msg = NULL;
    va_end(ap);
    if (asprintf(&c->err, "%s: rule %s: %s", c->r->file, c->r->pub.id, msg ? msg : "out of memory") < 0)
        c->err = NULL;
    free(msg);
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
        else if (strcmp(key, "track") == 0) rc = check_track(c, v);
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

/* The keys a rule of each kind may have: those its tool reads (the loaders
 * of triage_rules.c, assign_route.c, deadline_rules.c, termaudit.c,
 * payout_rules.c), and id, kind, source, name, note.  Any other key is an
 * error: a misspelt key ("exempt_whn") would otherwise be a rule that runs
 * as if the key were absent. */
static const char *const common_keys[] = {"id", "kind", "source", "name", "note", NULL};
static const struct kind_keys {
    const char *kind;
    const char *const keys[20];
} kind_keys[] = {
    {"track", {"track", "kinds", "handover_to", "when", NULL}},
    {"route", {"tracks", "when", "method", "team", "teams", "team_from", "handler", "handlers", "roles",
               "judge_role", "prior_teams", "seed", NULL}},
    {"deadline", {"scope", "when", "exempt_when", "exempt_reason", "track", "from", "from_which", "from_after",
                  "to_track", "node", "done_to_track", "done_attr", "if_done", "by", "period", "every", "for",
                  NULL}},
    {"term", {"scope", "when", "check", "detail_vars", NULL}},
    {"fund", {"test", "when", "from", "period", "steps", "levels", "issues", "open_issue", "limit_rule", NULL}},
};

/* Every top-level key of the rule is one its kind takes. */
static int check_keys(rctx *c, const char *kind)
{
    const struct kind_keys *kk = NULL;
    for (size_t i = 0; i < sizeof kind_keys / sizeof *kind_keys; i++)
        if (!strcmp(kind_keys[i].kind, kind)) kk = &kind_keys[i];
    if (!kk) return 0;
    const char *key;
    json_t *v;
    json_object_foreach(c->r->pub.def, key, v) {
        if (is_one_of(key, common_keys) || is_one_of(key, kk->keys)) continue;
        char list[512];
        size_t used = 0;
        for (const char *const *k = kk->keys; *k && used < sizeof list; k++)
            used += (size_t)snprintf(list + used, sizeof list - used, "%s%s", used ? ", " : "", *k);
        return bad(c, "unknown key '%s' (a %s rule takes %s, and id, kind, source, name, note)", key, kind, list);
    }
    return 0;
}

int rule_error(char **err, const rule *r, const char *fmt, ...)
{
    char *msg = NULL;
    va_list ap;
    va_start(ap, fmt);
    if (vasprintf(&msg, fmt, ap) < 0) msg = NULL;
    va_end(ap);
    if (asprintf(err, "%s: rule %s: %s", ((const zrule *)r)->file, r->id, msg ? msg : "out of memory") < 0) *err = NULL;
    free(msg);
    return -1;
}

int rule_check(zrule *r, json_t *tracks, json_t *vars, char **err)
{
    static const char *const kinds[] = {"track", "route", "deadline", "term", "fund", NULL};
    rctx c = {r, tracks, vars, 0, NULL};
    json_t *def = r->pub.def;
    json_t *src = json_object_get(def, "source"), *kind = json_object_get(def, "kind");
    int rc = 0;
    if (!json_is_string(src) || json_string_length(src) == 0) rc = bad(&c, "no source");
    else if (!kind) rc = bad(&c, "no kind");
    else if (!json_is_string(kind) || !is_one_of(json_string_value(kind), kinds)) {
        char *s = shown(kind);
        rc = bad(&c, "unknown kind '%s'", s ? s : "?");
        free(s);
    } else {
        r->pub.source = json_string_value(src);
        r->pub.kind = json_string_value(kind);
        c.fund = strcmp(r->pub.kind, "fund") == 0;
        rc = check_keys(&c, r->pub.kind);
        if (!rc) rc = walk(&c, def, 1);
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
