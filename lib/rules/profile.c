/* profile.c: loads a court's profile with its includes and its "extends"
 * chain, merges them (share/profiles/README), and answers lookups.
 *
 * A profile is a list of layers: [0] the file asked for, [n-1] the root of
 * its chain (spc).  Each layer owns the JSON of its main file and includes,
 * and its own rules; the merged rule list and the merged sections borrow
 * from the layers. */
#include "profile.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expr_impl.h"
#include "profile_impl.h"
#include "xalloc.h"

typedef struct layer {
    char *path;           /* as given or built from the share dir */
    char *real;           /* realpath, to see a cycle */
    const char *id;       /* borrowed from root */
    json_t *root;
    json_t **inc;         /* included files, in order */
    char **incpath;
    size_t ninc;
    zrule *rules;         /* own rules: main file's, then each include's */
    size_t nrules;
} layer;

struct profile {
    layer *layers;
    size_t nlayers;
    zrule **rules;        /* merged */
    size_t nrules;
    zrule **byid;         /* merged, sorted by id */
    json_t *sections;     /* merged sections */
};

/* Keys of a profile file that are not sections. */
static const char *const not_sections[] = {"id", "extends", "include", "disable", "rules", NULL};

static int in_set(const char *k, const char *const *set)
{
    for (; *set; set++)
        if (strcmp(k, *set) == 0) return 1;
    return 0;
}

int profile_error(char **err, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (vasprintf(err, fmt, ap) < 0) *err = NULL;
    va_end(ap);
    return -1;
}

static int is_path(const char *s)
{
    size_t n = strlen(s);
    return strchr(s, '/') || (n >= 5 && strcmp(s + n - 5, ".json") == 0);
}

/* rel taken relative to the directory of file (malloc'd). */
static char *beside(const char *file, const char *rel)
{
    const char *slash = strrchr(file, '/');
    char *out = NULL;
    if (rel[0] == '/' || !slash) out = strdup(rel);
    else if (asprintf(&out, "%.*s/%s", (int)(slash - file), file, rel) < 0) out = NULL;
    return out;
}

/* The file of a profile id under the share dir (malloc'd). */
static char *by_id(const char *id, const char *sharedir)
{
    char *out = NULL;
    if (asprintf(&out, "%s/profiles/%s.json", sharedir ? sharedir : "share", id) < 0) out = NULL;
    return out;
}

/* Parses one JSON object file.  NULL with *err "FILE:LINE:COL: text". */
static json_t *read_json(const char *path, char **err)
{
    FILE *f = fopen(path, "r");
    if (!f) { profile_error(err, "%s: %s", path, strerror(errno)); return NULL; }
    json_error_t je;
    json_t *root = json_loadf(f, JSON_REJECT_DUPLICATES, &je);
    fclose(f);
    if (!root) { profile_error(err, "%s:%d:%d: %s", path, je.line, je.column, je.text); return NULL; }
    if (!json_is_object(root)) {
        json_decref(root);
        profile_error(err, "%s: not a JSON object", path);
        return NULL;
    }
    return root;
}

/* Checks the shape of the sections every profile file may hold. */
static int check_shape(json_t *root, const char *path, int is_main, char **err)
{
    static const char *const main_only[] = {"id", "extends", "include", NULL};
    const char *key;
    json_t *v;
    json_object_foreach(root, key, v) {
        if (!is_main && in_set(key, main_only))
            return profile_error(err, "%s: \"%s\" belongs in the main profile file", path, key);
        if ((strcmp(key, "include") == 0 || strcmp(key, "disable") == 0)) {
            size_t i;
            json_t *s;
            if (!json_is_array(v)) return profile_error(err, "%s: \"%s\" must be a list of strings", path, key);
            json_array_foreach(v, i, s)
                if (!json_is_string(s)) return profile_error(err, "%s: \"%s\" must be a list of strings", path, key);
        } else if (strcmp(key, "rules") == 0 && !json_is_array(v)) {
            return profile_error(err, "%s: \"rules\" must be a list", path);
        } else if ((strcmp(key, "id") == 0 || strcmp(key, "extends") == 0 || strcmp(key, "name") == 0) &&
                   (!json_is_string(v) || json_string_length(v) == 0)) {
            return profile_error(err, "%s: \"%s\" must be a non-empty string", path, key);
        } else if (strcmp(key, "tracks") == 0 || strcmp(key, "teams") == 0) {
            size_t i;
            json_t *t;
            if (!json_is_array(v)) return profile_error(err, "%s: \"%s\" must be a list", path, key);
            json_array_foreach(v, i, t)
                if (!json_is_string(json_object_get(t, "id")))
                    return profile_error(err, "%s: %s #%zu: no id", path, key, i + 1);
        } else if (strcmp(key, "vars") == 0) {
            static const char *const types[] = {"date", "money", "number", "text", "bool", "list", NULL};
            const char *name;
            json_t *t;
            if (!json_is_object(v)) return profile_error(err, "%s: \"vars\" must be an object", path);
            json_object_foreach(v, name, t)
                if (!json_is_string(t) || !in_set(json_string_value(t), types))
                    return profile_error(err, "%s: vars: unknown type '%s' for '%s'", path,
                                json_is_string(t) ? json_string_value(t) : "?", name);
            if (tool_vars_check(v, path, err) != 0) return -1;
        }
    }
    if (is_main && !json_object_get(root, "id")) return profile_error(err, "%s: no \"id\"", path);
    return 0;
}

/* Appends the rules of one file to the layer. */
static void collect_rules(layer *L, json_t *root, const char *file)
{
    json_t *rules = json_object_get(root, "rules"), *def;
    size_t i;
    L->rules = xrealloc(L->rules, (L->nrules + json_array_size(rules) + 1) * sizeof *L->rules);
    json_array_foreach(rules, i, def) {
        zrule *r = &L->rules[L->nrules++];
        memset(r, 0, sizeof *r);
        r->pub.def = def;
        r->pub.profile = L->id;
        r->file = file;
        r->index = i;
        r->pub.id = json_string_value(json_object_get(def, "id"));
    }
}

/* Reads a main file and its includes into L.  0, or -1 with *err. */
static int load_layer(layer *L, const char *path, char **err)
{
    L->path = xstrdup(path);
    char *real = realpath(path, NULL);
    L->real = real ? real : xstrdup(path);
    if (!(L->root = read_json(path, err))) return -1;
    if (check_shape(L->root, path, 1, err) != 0) return -1;
    L->id = json_string_value(json_object_get(L->root, "id"));
    json_t *inc = json_object_get(L->root, "include"), *s;
    size_t i;
    L->ninc = json_array_size(inc);
    L->inc = xcalloc(L->ninc + 1, sizeof *L->inc);
    L->incpath = xcalloc(L->ninc + 1, sizeof *L->incpath);
    collect_rules(L, L->root, L->path);
    json_array_foreach(inc, i, s) {
        L->incpath[i] = beside(path, json_string_value(s));
        FILE *f = fopen(L->incpath[i], "r");
        if (!f) return profile_error(err, "%s: include '%s': %s", path, json_string_value(s), strerror(errno));
        fclose(f);
        if (!(L->inc[i] = read_json(L->incpath[i], err))) return -1;
        if (check_shape(L->inc[i], L->incpath[i], 0, err) != 0) return -1;
        collect_rules(L, L->inc[i], L->incpath[i]);
    }
    return 0;
}

static void free_layer(layer *L)
{
    for (size_t i = 0; i < L->nrules; i++) rule_release(&L->rules[i]);
    free(L->rules);
    for (size_t i = 0; i < L->ninc; i++) {
        json_decref(L->inc[i]);
        free(L->incpath[i]);
    }
    free(L->inc);
    free(L->incpath);
    json_decref(L->root);
    free(L->path);
    free(L->real);
}

/* "a -> b -> a" for layers from..n-1 and back to layer `from`. */
static char *cycle_text(const profile *p, size_t from)
{
    size_t len = 1;
    for (size_t i = from; i < p->nlayers; i++) len += strlen(p->layers[i].id) + 4;
    len += strlen(p->layers[from].id);
    char *s = calloc(1, len);
    if (!s) return NULL;
    for (size_t i = from; i < p->nlayers; i++) {
        strcat(s, p->layers[i].id);
        strcat(s, " -> ");
    }
    strcat(s, p->layers[from].id);
    return s;
}

/* Loads the file asked for and every profile it extends, in order. */
static int load_chain(profile *p, const char *name, const char *sharedir, char **err)
{
    char *path = is_path(name) ? strdup(name) : by_id(name, sharedir);
    if (!is_path(name)) {
        FILE *f = fopen(path, "r");
        if (!f && errno == ENOENT) {
            profile_error(err, "%s: unknown profile '%s'", path, name);
            free(path);
            return -1;
        }
        if (f) fclose(f);
    }
    while (path) {
        p->layers = xrealloc(p->layers, (p->nlayers + 1) * sizeof *p->layers);
        layer *L = &p->layers[p->nlayers++];
        memset(L, 0, sizeof *L);
        int rc = load_layer(L, path, err);
        free(path);
        path = NULL;
        if (rc) return -1;
        for (size_t i = 0; i + 1 < p->nlayers; i++)
            if (strcmp(p->layers[i].real, L->real) == 0 || strcmp(p->layers[i].id, L->id) == 0) {
                p->nlayers--;        /* drop the repeated layer; the one before it closes the loop */
                char *text = cycle_text(p, i);
                profile_error(err, "%s: extends cycle: %s", p->layers[p->nlayers - 1].path, text ? text : "?");
                free(text);
                free_layer(L);
                return -1;
            }
        json_t *ext = json_object_get(L->root, "extends");
        if (!ext) break;
        const char *e = json_string_value(ext);
        path = is_path(e) ? beside(L->path, e) : by_id(e, sharedir);
        FILE *f = fopen(path, "r");
        if (!f) {
            if (errno == ENOENT) profile_error(err, "%s: unknown profile '%s'", L->path, e);
            else profile_error(err, "%s: extends '%s': %s", L->path, e, strerror(errno));
            free(path);
            return -1;
        }
        fclose(f);
    }
    return 0;
}

/* Merges one file's section into the merged sections (section rules of
 * share/profiles/README): lists of {"id"} by id, objects by key. */
static void merge_section(json_t *sections, const char *key, json_t *v)
{
    json_t *old = json_object_get(sections, key);
    if (json_is_array(old) && json_is_array(v)) {
        json_t *m = json_copy(old), *el;
        size_t i;
        json_array_foreach(v, i, el) {
            const char *id = json_string_value(json_object_get(el, "id"));
            size_t j, at = (size_t)-1;
            json_t *cur;
            json_array_foreach(m, j, cur) {
                const char *cid = json_string_value(json_object_get(cur, "id"));
                if (id && cid && strcmp(id, cid) == 0) { at = j; break; }
            }
            if (at != (size_t)-1) json_array_set(m, at, el);
            else json_array_append(m, el);
        }
        json_object_set_new(sections, key, m);
    } else if (json_is_object(old) && json_is_object(v)) {
        json_t *m = json_copy(old);
        json_object_update(m, v);
        json_object_set_new(sections, key, m);
    } else {
        json_object_set(sections, key, v);
    }
}

static void merge_file_sections(json_t *sections, json_t *root)
{
    const char *key;
    json_t *v;
    json_object_foreach(root, key, v)
        if (!in_set(key, not_sections)) merge_section(sections, key, v);
}

static zrule *find_in(zrule **list, size_t n, const char *id)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(list[i]->pub.id, id) == 0) return list[i];
    return NULL;
}

/* Each file's "disable" list, checked against the parent's rules. */
static int collect_disabled(json_t *root, const char *file, zrule **parent, size_t np,
                            json_t *disabled, char **err)
{
    json_t *list = json_object_get(root, "disable"), *s;
    size_t i;
    json_array_foreach(list, i, s) {
        if (!find_in(parent, np, json_string_value(s)))
            return profile_error(err, "%s: unknown rule '%s' in \"disable\"", file, json_string_value(s));
        json_object_set_new(disabled, json_string_value(s), json_true());
    }
    return 0;
}

/* Checks layer L's rules and puts them before the parent's list. */
static int merge_layer_rules(profile *p, layer *L, char **err)
{
    zrule **parent = p->rules;
    size_t np = p->nrules;
    json_t *tracks = json_object_get(p->sections, "tracks");
    json_t *vars = json_object_get(p->sections, "vars");
    size_t plen = strlen(L->id);
    for (size_t i = 0; i < L->nrules; i++) {
        zrule *r = &L->rules[i];
        if (!json_is_object(r->pub.def)) return profile_error(err, "%s: rule #%zu: not an object", r->file, r->index + 1);
        if (!r->pub.id || !*r->pub.id) return profile_error(err, "%s: rule #%zu: no id", r->file, r->index + 1);
        for (size_t j = 0; j < i; j++)
            if (strcmp(L->rules[j].pub.id, r->pub.id) == 0)
                return profile_error(err, "%s: rule %s: duplicate id", r->file, r->pub.id);
        int own = strncmp(r->pub.id, L->id, plen) == 0 && r->pub.id[plen] == '.' && r->pub.id[plen + 1];
        if (!own && !find_in(parent, np, r->pub.id))
            return profile_error(err, "%s: rule %s: id must start with '%s.'", r->file, r->pub.id, L->id);
        if (rule_check(r, tracks, vars, err) != 0) return -1;
    }
    json_t *disabled = json_object();
    int rc = collect_disabled(L->root, L->path, parent, np, disabled, err);
    for (size_t k = 0; rc == 0 && k < L->ninc; k++)
        rc = collect_disabled(L->inc[k], L->incpath[k], parent, np, disabled, err);
    if (rc) { json_decref(disabled); return -1; }
    zrule **merged = xcalloc(L->nrules + np + 1, sizeof *merged);
    size_t n = 0;
    for (size_t i = 0; i < L->nrules; i++) merged[n++] = &L->rules[i];
    for (size_t i = 0; i < np; i++)
        if (!json_object_get(disabled, parent[i]->pub.id) && !find_in(merged, L->nrules, parent[i]->pub.id))
            merged[n++] = parent[i];
    json_decref(disabled);
    free(p->rules);
    p->rules = merged;
    p->nrules = n;
    return 0;
}

static int by_rule_id(const void *a, const void *b)
{
    return strcmp((*(zrule *const *)a)->pub.id, (*(zrule *const *)b)->pub.id);
}

profile *profile_load(const char *name_or_path, const char *sharedir, char **err)
{
    profile *p = xcalloc(1, sizeof *p);
    *err = NULL;
    p->sections = json_object();
    if (load_chain(p, name_or_path, sharedir, err) != 0) goto fail;
    for (size_t k = p->nlayers; k-- > 0;) {
        layer *L = &p->layers[k];
        merge_file_sections(p->sections, L->root);
        for (size_t i = 0; i < L->ninc; i++) merge_file_sections(p->sections, L->inc[i]);
    }
    for (size_t k = p->nlayers; k-- > 0;)
        if (merge_layer_rules(p, &p->layers[k], err) != 0) goto fail;
    p->byid = xcalloc(p->nrules + 1, sizeof *p->byid);
    memcpy(p->byid, p->rules, p->nrules * sizeof *p->byid);
    qsort(p->byid, p->nrules, sizeof *p->byid, by_rule_id);
    return p;
fail:
    if (!*err) *err = strdup("cannot load profile");
    profile_free(p);
    return NULL;
}

void profile_free(profile *p)
{
    if (!p) return;
    for (size_t i = 0; i < p->nlayers; i++) free_layer(&p->layers[i]);
    free(p->layers);
    free(p->rules);
    free(p->byid);
    json_decref(p->sections);
    free(p);
}

const char *profile_id(const profile *p)
{
    return p->layers[0].id;
}

const char *profile_name(const profile *p)
{
    const char *name = json_string_value(json_object_get(p->sections, "name"));
    return name ? name : profile_id(p);
}

size_t profile_nrules(const profile *p)
{
    return p->nrules;
}

const rule *profile_rule(const profile *p, size_t i)
{
    return i < p->nrules ? &p->rules[i]->pub : NULL;
}

const rule *profile_find_rule(const profile *p, const char *id)
{
    size_t lo = 0, hi = p->nrules;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(id, p->byid[mid]->pub.id);
        if (c == 0) return &p->byid[mid]->pub;
        if (c < 0) hi = mid;
        else lo = mid + 1;
    }
    return NULL;
}

json_t *profile_section(const profile *p, const char *key)
{
    return json_object_get(p->sections, key);
}

/* 1 when a file's list section holds entry (the same JSON value: merging
 * copies no entry). */
static int holds(json_t *root, const char *section, const json_t *entry)
{
    json_t *list = json_object_get(root, section), *el;
    size_t i;
    json_array_foreach(list, i, el)
        if (el == entry) return 1;
    return 0;
}

const char *profile_entry_file(const profile *p, const char *section, const json_t *entry)
{
    for (size_t k = 0; k < p->nlayers; k++) {
        const layer *L = &p->layers[k];
        for (size_t i = 0; i < L->ninc; i++)
            if (holds(L->inc[i], section, entry)) return L->incpath[i];
        if (holds(L->root, section, entry)) return L->path;
    }
    return NULL;
}

const char *profile_key_file(const profile *p, const char *section, const char *key)
{
    if (!section) return p->nlayers ? p->layers[0].path : NULL;
    for (size_t k = 0; k < p->nlayers; k++) {   /* merged last wins: the child, its last include first */
        const layer *L = &p->layers[k];
        for (size_t i = L->ninc; i-- > 0;)
            if (json_object_get(json_object_get(L->inc[i], section), key)) return L->incpath[i];
        if (json_object_get(json_object_get(L->root, section), key)) return L->path;
    }
    return NULL;
}

void profile_list_rules(const profile *p, FILE *out)
{
    for (size_t i = 0; i < p->nrules; i++) {
        const rule *r = &p->rules[i]->pub;
        fprintf(out, "%s\t%s\t%s\n", r->id, r->kind, r->source);
    }
}

typedef struct fields_acc { json_t *out; const char *id; } fields_acc;

static void note_field(const char *field, void *arg)
{
    fields_acc *a = arg;
    json_t *ids = json_object_get(a->out, field);
    if (!ids) json_object_set_new(a->out, field, ids = json_array());
    size_t n = json_array_size(ids);
    if (!n || strcmp(json_string_value(json_array_get(ids, n - 1)), a->id) != 0)
        json_array_append_new(ids, json_string(a->id));
}

json_t *profile_fields_read(const profile *p, const char *kind)
{
    fields_acc a = {json_object(), NULL};
    for (size_t i = 0; i < p->nrules; i++) {
        const zrule *r = p->rules[i];
        if (kind && strcmp(r->pub.kind, kind) != 0) continue;
        a.id = r->pub.id;
        for (size_t k = 0; k < r->nconds; k++) expr_fields(r->conds[k].e, note_field, &a);
        if (!strcmp(r->pub.kind, "fund")) note_field("funds", &a);   /* a fund rule tests the funds */
        if (strcmp(r->pub.kind, "deadline") != 0) continue;
        /* a deadline's nodes: filed_on, closed_on, else the events */
        static const char *const node_keys[] = {"from", "node", "by", "from_after"};
        for (size_t k = 0; k < sizeof node_keys / sizeof *node_keys; k++) {
            json_t *v = json_object_get(r->pub.def, node_keys[k]), *e;
            size_t j, n = json_is_array(v) ? json_array_size(v) : v ? 1 : 0;
            for (j = 0; j < n; j++) {
                e = json_is_array(v) ? json_array_get(v, j) : v;
                const char *node = json_string_value(e);
                if (!node) continue;
                size_t dot = strcspn(node, ".");   /* "detention.until" */
                note_field(!strncmp(node, "filed", dot) && dot == 5 ? "filed_on"
                           : !strncmp(node, "closed", dot) && dot == 6 ? "closed_on" : "events", &a);
            }
        }
    }
    return a.out;
}
