/* deadline_rules.c: the kind "deadline" rules of a profile, checked and
 * compiled once at open (the keys are documented in deadline-check(1)).
 * The profile loader has already made node names and periods canonical;
 * this file checks what only deadline-check knows. */
#include "deadline_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fields.h"
#include "stage.h"

static const char *text_key(const rule *r, const char *key)
{
    return json_string_value(json_object_get(r->def, key));
}

/* A string or a list of strings into out[]; the count, or -1 when the value
 * is of another shape or too long. */
static int string_list(json_t *v, const char **out)
{
    if (json_is_string(v)) { out[0] = json_string_value(v); return 1; }
    if (!json_is_array(v) || json_array_size(v) == 0 || json_array_size(v) > DL_MAXN) return -1;
    size_t i;
    json_t *el;
    json_array_foreach(v, i, el) {
        if (!json_is_string(el)) return -1;
        out[i] = json_string_value(el);
    }
    return (int)json_array_size(v);
}

static int get_period(const rule *r, const char *key, period *p, char **err)
{
    json_t *v = json_object_get(r->def, key);
    if (!json_is_string(v) || period_parse(json_string_value(v), p) != 0)
        return rule_error(err, r, "bad or missing period in \"%s\"", key);
    return 0;
}

/* "from": NODE, NODE.ATTR or a list of nodes. */
static int compile_from(dl_rule *d, char **err)
{
    const rule *r = d->r;
    d->nfrom = string_list(json_object_get(r->def, "from"), d->from);
    if (d->nfrom < 0) return rule_error(err, r, "\"from\" must be a node or a list of nodes");
    for (int i = 0; i < d->nfrom; i++) {
        const char *dot = strchr(d->from[i], '.');
        if (!dot) continue;
        if (d->nfrom > 1) return rule_error(err, r, "\"from\": NODE.ATTR cannot be in a list");
        /* The loader has checked it is "node.attr"; split it.  The node part
         * is canonical, so node_canonical of a copy gives a lasting string. */
        char head[64];
        size_t len = (size_t)(dot - d->from[i]);
        if (len >= sizeof head) return rule_error(err, r, "\"from\": node name too long");
        memcpy(head, d->from[i], len);
        head[len] = 0;
        d->from[i] = node_canonical(head);
        d->from_attr = dot + 1;
        if (!d->from[i]) return rule_error(err, r, "unknown node '%s' in \"from\"", head);
    }
    const char *w = text_key(r, "from_which");
    if (!w || !strcmp(w, "first")) d->which = FROM_FIRST;
    else if (!strcmp(w, "last")) d->which = FROM_LAST;
    else if (!strcmp(w, "each")) d->which = FROM_EACH;
    else return rule_error(err, r, "\"from_which\" must be first, last or each, not '%s'", w);
    json_t *after = json_object_get(r->def, "from_after");
    if (after && (d->nafter = string_list(after, d->after)) < 0)
        return rule_error(err, r, "\"from_after\" must be a node or a list of nodes");
    for (int i = 0; i < d->nafter; i++) {
        const char *id = node_canonical(d->after[i]);
        if (!id) return rule_error(err, r, "unknown node '%s' in \"from_after\"", d->after[i]);
        d->after[i] = id;
    }
    return 0;
}

/* Appends name to the malloc'd list *names (count *n) unless it is there. */
static int add_name(const char ***names, int *n, const char *name)
{
    for (int i = 0; i < *n; i++)
        if (!strcmp((*names)[i], name)) return 0;
    const char **grown = realloc(*names, ((size_t)*n + 1) * sizeof *grown);
    if (!grown) return -1;
    grown[(*n)++] = name;
    *names = grown;
    return 0;
}

/* The names a handover's "to" may give the tracks listed under key
 * ("to_track", "done_to_track"): every name of each track's stage
 * (stage.h, the names triage(1) takes a case's stage from).  Into the
 * malloc'd *names; borrowed strings, which live as long as the profile. */
static int compile_track_names(const dl_rule *d, const stages *st, const char *key, const char ***names,
                               int *n, char **err)
{
    const char *ids[DL_MAXN];
    json_t *v = json_object_get(d->r->def, key);
    if (!v) return 0;
    int nids = string_list(v, ids);
    if (nids < 0) return rule_error(err, d->r, "\"%s\" must be a track id or a list of them", key);
    for (int i = 0; i < nids; i++) {
        json_t *list = stage_names(st, ids[i]), *name;
        size_t k;
        if (!list) return rule_error(err, d->r, "unknown track '%s' in \"%s\"", ids[i], key);
        json_array_foreach(list, k, name)
            if (add_name(names, n, json_string_value(name)) != 0) return rule_error(err, d->r, "out of memory");
    }
    return 0;
}

static int compile_one(dl_rule *d, const stages *st, char **err)
{
    const rule *r = d->r;
    d->id = r->id;
    d->name = text_key(r, "name");
    d->scope = text_key(r, "scope");
    d->exempt_reason = text_key(r, "exempt_reason");
    if (!json_object_get(r->def, "from")) return rule_error(err, r, "no \"from\" (the start node)");
    if (compile_from(d, err) != 0
        || compile_track_names(d, st, "to_track", &d->to_names, &d->nto, err) != 0
        || compile_track_names(d, st, "done_to_track", &d->done_to_names, &d->ndone_to, err) != 0)
        return -1;
    d->nnode = string_list(json_object_get(r->def, "node"), d->node);
    if (d->nnode < 0) return rule_error(err, r, "\"node\" (the done node) must be a node or a list of nodes");
    size_t used = 0;
    for (int i = 0; i < d->nnode; i++)
        used += (size_t)snprintf(d->node_label + used, sizeof d->node_label - used, "%s%s",
                                 i ? "|" : "", d->node[i]) ;
    if (used >= sizeof d->node_label) return rule_error(err, r, "\"node\": names too long");
    field_type ft;
    if ((d->done_attr = text_key(r, "done_attr")) && (!field_type_of(d->done_attr, &ft) || ft != FT_DATE))
        return rule_error(err, r, "\"done_attr\" '%s' is not a date field", d->done_attr);
    json_t *if_done = json_object_get(r->def, "if_done");
    if (if_done && !json_is_boolean(if_done)) return rule_error(err, r, "\"if_done\" must be true or false");
    d->if_done = json_is_true(if_done);
    const char *by = text_key(r, "by");
    if (by && !(d->by = node_canonical(by))) return rule_error(err, r, "unknown node '%s' in \"by\"", by);
    int has_every = json_object_get(r->def, "every") != NULL, has_for = json_object_get(r->def, "for") != NULL;
    if (has_every != has_for) return rule_error(err, r, "\"every\" and \"for\" go together");
    if (has_every) {
        d->repeating = 1;
        if (get_period(r, "every", &d->every, err) || get_period(r, "for", &d->span, err)) return -1;
        if (d->every.unit == PERIOD_SAMEDAY || d->every.unit == PERIOD_HOURS)
            return rule_error(err, r, "\"every\" must be days, weeks or months");
        if (d->which != FROM_FIRST) return rule_error(err, r, "a repeating rule starts from the first event");
    } else if (!d->by) {
        if (get_period(r, "period", &d->period, err) != 0) return -1;
    } else if (json_object_get(r->def, "period")) {
        return rule_error(err, r, "give \"by\" or \"period\", not both");
    }
    json_t *tr = json_object_get(r->def, "track");
    if (tr && (d->ntracks = string_list(tr, d->tracks)) < 0)
        return rule_error(err, r, "\"track\" must be a track id or a list of them");
    d->when = rule_expr(r, "when");
    d->exempt = rule_expr(r, "exempt_when");
    return 0;
}

/* The text every entry of d begins with. */
static int render_head(dl_rule *d)
{
    jbuf b = {0};
    jbuf_put(&b, "{\"rule\":", 8);
    json_fast_dump_string(d->id, strlen(d->id), &b);
    jbuf_put(&b, ",\"node\":", 8);
    json_fast_dump_string(d->node_label, strlen(d->node_label), &b);
    if (b.failed) { free(b.text); return -1; }
    d->head = b.text;
    d->headlen = b.len;
    return 0;
}

int dl_compile(const profile *p, dl_rule **out, char **err)
{
    size_t n = profile_nrules(p), k = 0;
    dl_rule *rules = calloc(n ? n : 1, sizeof *rules);
    stages st = {0};
    if (!rules || stages_load(&st, p, err) != 0) {
        if (!*err) *err = strdup("out of memory");
        stages_free(&st);
        free(rules);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        const rule *r = profile_rule(p, i);
        if (strcmp(r->kind, "deadline") != 0) continue;
        rules[k].r = r;
        if (compile_one(&rules[k], &st, err) != 0 || render_head(&rules[k]) != 0) {
            if (!*err) *err = strdup("out of memory");
            stages_free(&st);
            dl_free(rules, (int)k + 1);
            return -1;
        }
        dl_reasons_make(&rules[k]);
        k++;
    }
    stages_free(&st);
    *out = rules;
    return (int)k;
}

void dl_free(dl_rule *rules, int n)
{
    for (int i = 0; rules && i < n; i++) {
        free(rules[i].head);
        free(rules[i].to_names);
        free(rules[i].done_to_names);
        dl_reasons_free(&rules[i]);
    }
    free(rules);
}
