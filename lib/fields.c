/* fields.c: the alias tables of share/ (fields, nodes, fund kinds, flags).
 *
 * One process-wide table, loaded by fields_init() and freed by
 * fields_free(): the only global state of the library, documented in
 * fields.h.  Lookups normalise the name first (drop blanks, fold bracket
 * width and ASCII case) and probe an open-addressing hash. */
#include "fields.h"

#include "causes.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    char *key;           /* normalised alias */
    const char *canon;   /* canonical name (points into names[]) */
    int type;            /* field_type, or -1 for non-field tables */
} alias;

typedef struct {
    alias *slots;
    size_t cap, len;
    char **names;        /* owned canonical names */
    size_t nnames, capnames;
} table;

enum { T_FIELD, T_NODE, T_FUND, T_FLAG, T_VALUE, T_COUNT };
static table tables[T_COUNT];

/* The fields values.tsv lists (a handful): the text of any other field is
 * its own canonical value, without a look-up. */
static char **value_fields;
static size_t nvalue_fields;

static int is_value_field(const char *field)
{
    for (size_t i = 0; i < nvalue_fields; i++)
        if (strcmp(value_fields[i], field) == 0) return 1;
    return 0;
}

static char *xstrdup(const char *s)
{
    char *d = strdup(s);
    if (!d) { perror("zhixing"); exit(3); }
    return d;
}

/* Normalised form of a name: ASCII blanks and U+3000 dropped, full-width
 * brackets and ASCII letters folded.  Writes it to out, which has room for
 * strlen(s) + 1 bytes (the form is never longer). */
static void normalise_to(const char *s, char *out)
{
    char *o = out;
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') { p++; continue; }
        if (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80) { p += 3; continue; }      /* U+3000 */
        if (p[0] == 0xEF && p[1] == 0xBC && (p[2] == 0x88 || p[2] == 0x89)) {         /* （ ） */
            *o++ = p[2] == 0x88 ? '(' : ')'; p += 3; continue;
        }
        if (p[0] == 0xE3 && p[1] == 0x80 && (p[2] == 0x90 || p[2] == 0x91)) {         /* 【 】 */
            *o++ = p[2] == 0x90 ? '[' : ']'; p += 3; continue;
        }
        *o++ = (*p >= 'A' && *p <= 'Z') ? (char)(*p + 32) : (char)*p;
        p++;
    }
    *o = 0;
}

/* The same, as a malloc'd string. */
static char *normalise(const char *s)
{
    char *out = malloc(strlen(s) + 1);
    if (!out) { perror("zhixing"); exit(3); }
    normalise_to(s, out);
    return out;
}

static size_t hash(const char *s)
{
    size_t h = 1469598103934665603u;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

static alias *probe(table *t, const char *key)
{
    size_t i = hash(key) & (t->cap - 1);
    while (t->slots[i].key && strcmp(t->slots[i].key, key) != 0)
        i = (i + 1) & (t->cap - 1);
    return &t->slots[i];
}

static void grow(table *t)
{
    size_t oldcap = t->cap;
    alias *old = t->slots;
    t->cap = oldcap ? oldcap * 2 : 256;
    t->slots = calloc(t->cap, sizeof *t->slots);
    if (!t->slots) { perror("zhixing"); exit(3); }
    for (size_t i = 0; i < oldcap; i++)
        if (old[i].key) *probe(t, old[i].key) = old[i];
    free(old);
}

/* Adds alias -> canon; a later definition of the same alias wins (so a
 * user's --fields file can redirect a header). */
static void add_alias(table *t, const char *name, const char *canon, int type)
{
    if ((t->len + 1) * 2 > t->cap) grow(t);
    char *key = normalise(name);
    alias *a = probe(t, key);
    if (a->key) { free(key); a->canon = canon; a->type = type; return; }
    a->key = key; a->canon = canon; a->type = type;
    t->len++;
}

static const char *add_name(table *t, const char *name)
{
    for (size_t i = 0; i < t->nnames; i++)
        if (strcmp(t->names[i], name) == 0) return t->names[i];
    if (t->nnames == t->capnames) {
        t->capnames = t->capnames ? t->capnames * 2 : 64;
        t->names = realloc(t->names, t->capnames * sizeof *t->names);
        if (!t->names) { perror("zhixing"); exit(3); }
    }
    return t->names[t->nnames++] = xstrdup(name);
}

static int parse_type(const char *s)
{
    static const char *const names[] = {"text", "money", "date", "bool", "caseno", "list", "events", "funds"};
    for (int i = 0; i < (int)(sizeof names / sizeof *names); i++)
        if (strcmp(s, names[i]) == 0) return i;
    return -1;
}

static char *fmt_err(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = NULL;
    if (vasprintf(&s, fmt, ap) < 0) s = NULL;
    va_end(ap);
    return s;
}

/* Reads one TSV table.  with_type: the second column is a field type.
 * 0, or -1 with *err. */
static int load_tsv(table *t, const char *path, int with_type, char **err)
{
    FILE *f = fopen(path, "r");
    if (!f) { *err = fmt_err("cannot open %s: %s", path, strerror(errno)); return -1; }
    char *line = NULL;
    size_t cap = 0;
    long lineno = 0;
    ssize_t n;
    int rc = 0;
    while ((n = getline(&line, &cap, f)) >= 0) {
        lineno++;
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r')) line[--n] = 0;
        if (n == 0 || line[0] == '#') continue;
        char *save = NULL;
        char *name = strtok_r(line, "\t", &save);
        int type = -1;
        if (with_type) {
            char *ty = strtok_r(NULL, "\t", &save);
            type = ty ? parse_type(ty) : -1;
            if (type < 0) {
                *err = fmt_err("%s:%ld: unknown field type '%s'", path, lineno, ty ? ty : "");
                rc = -1;
                break;
            }
        }
        const char *canon = add_name(t, name);
        add_alias(t, canon, canon, type);
        char *aliases = strtok_r(NULL, "\t", &save);
        if (aliases) {
            char *s2 = NULL;
            for (char *a = strtok_r(aliases, "|", &s2); a; a = strtok_r(NULL, "|", &s2))
                if (*a) add_alias(t, a, canon, type);
        }
    }
    free(line);
    fclose(f);
    return rc;
}

/* Reads values.tsv: field, canonical value, aliases.  Keys are
 * "field\x1f<alias>" so one table serves every field.  0, or -1 with *err. */
static int load_values(table *t, const char *path, char **err)
{
    FILE *f = fopen(path, "r");
    if (!f) { *err = fmt_err("cannot open %s: %s", path, strerror(errno)); return -1; }
    char *line = NULL, key[512];
    size_t cap = 0;
    long lineno = 0;
    ssize_t n;
    int rc = 0;
    while ((n = getline(&line, &cap, f)) >= 0) {
        lineno++;
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r')) line[--n] = 0;
        if (n == 0 || line[0] == '#') continue;
        char *save = NULL;
        char *field = strtok_r(line, "\t", &save);
        char *value = strtok_r(NULL, "\t", &save);
        char *aliases = strtok_r(NULL, "\t", &save);
        if (!value) { *err = fmt_err("%s:%ld: want field, value, aliases", path, lineno); rc = -1; break; }
        const char *canon = add_name(t, value);
        if (!is_value_field(field)) {
            char **v = realloc(value_fields, (nvalue_fields + 1) * sizeof *v);
            if (!v) { perror("zhixing"); exit(3); }
            value_fields = v;
            value_fields[nvalue_fields++] = xstrdup(field);
        }
        snprintf(key, sizeof key, "%s\x1f%s", field, value);
        add_alias(t, key, canon, -1);
        char *s2 = NULL;
        for (char *a = aliases ? strtok_r(aliases, "|", &s2) : NULL; a; a = strtok_r(NULL, "|", &s2)) {
            snprintf(key, sizeof key, "%s\x1f%s", field, a);
            add_alias(t, key, canon, -1);
        }
    }
    free(line);
    fclose(f);
    return rc;
}

int fields_init(const char *sharedir, const char *user_file, char **err)
{
    static const char *const files[T_COUNT] = {"fields.tsv", "nodes.tsv", "fundkinds.tsv", "flags.tsv", "values.tsv"};
    fields_free();
    for (int i = 0; i < T_COUNT; i++) {
        if (i == T_VALUE) {
            char *vpath = fmt_err("%s/%s", sharedir, files[i]);
            int vrc = load_values(&tables[i], vpath, err);
            free(vpath);
            if (vrc) return -1;
            continue;
        }
        char *path = fmt_err("%s/%s", sharedir, files[i]);
        int rc = load_tsv(&tables[i], path, i == T_FIELD, err);
        free(path);
        if (rc) return -1;
    }
    if (user_file && load_tsv(&tables[T_FIELD], user_file, 1, err)) return -1;
    char *cpath = fmt_err("%s/causes.tsv", sharedir);
    int crc = causes_load(cpath, err);
    free(cpath);
    return crc;
}

void fields_free(void)
{
    causes_free();
    for (int i = 0; i < T_COUNT; i++) {
        table *t = &tables[i];
        for (size_t j = 0; j < t->cap; j++) free(t->slots[j].key);
        for (size_t j = 0; j < t->nnames; j++) free(t->names[j]);
        free(t->slots);
        free(t->names);
        memset(t, 0, sizeof *t);
    }
    for (size_t i = 0; i < nvalue_fields; i++) free(value_fields[i]);
    free(value_fields);
    value_fields = NULL;
    nvalue_fields = 0;
}

static const alias *lookup(table *t, const char *name)
{
    if (!t->cap || !name) return NULL;
    /* Most names are looked up as they are stored (canonical keys of JSON
     * lines): the stored keys are normalised, and normalising one changes
     * nothing, so finding name itself is the answer. */
    const alias *hit = probe(t, name);
    if (hit->key) return hit;
    char buf[512];   /* names are short; a long one is normalised on the heap */
    size_t n = strlen(name);
    char *key = n < sizeof buf ? buf : normalise(name);
    if (key == buf) normalise_to(name, buf);
    const alias *a = probe(t, key);
    if (key != buf) free(key);
    return a->key ? a : NULL;
}

const char *field_canonical(const char *header)
{
    const alias *a = lookup(&tables[T_FIELD], header);
    return a ? a->canon : NULL;
}

int field_is_canonical(const char *name)
{
    const table *t = &tables[T_FIELD];
    if (!t->cap || !name) return 0;
    const alias *hit = probe((table *)t, name);   /* stored as it is: no normalising */
    return hit->key && strcmp(hit->canon, name) == 0;
}

int field_type_of(const char *canonical, field_type *out)
{
    const alias *a = lookup(&tables[T_FIELD], canonical);
    if (!a || strcmp(a->canon, canonical) != 0) return 0;
    if (out) *out = (field_type)a->type;
    return 1;
}

const char *node_canonical(const char *name)
{
    const alias *a = lookup(&tables[T_NODE], name);
    return a ? a->canon : NULL;
}

const char *fundkind_canonical(const char *name)
{
    const alias *a = lookup(&tables[T_FUND], name);
    return a ? a->canon : NULL;
}

const char *flag_canonical(const char *name)
{
    const alias *a = lookup(&tables[T_FLAG], name);
    return a ? a->canon : NULL;
}

const char *value_canonical(const char *field, const char *text)
{
    if (!tables[T_VALUE].cap || !text || !is_value_field(field)) return text;
    char key[512];
    size_t nf = strlen(field), nt = strlen(text);
    if (nf + 1 + nt >= sizeof key) return text;   /* no enumerated value is that long */
    memcpy(key, field, nf);
    key[nf] = '\x1f';
    memcpy(key + nf + 1, text, nt + 1);
    const alias *a = lookup(&tables[T_VALUE], key);
    return a ? a->canon : text;
}
