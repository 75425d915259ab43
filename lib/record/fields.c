/* fields.c: the alias tables of share/ (fields, nodes, fund kinds, flags).
 *
 * One process-wide table, loaded by fields_init() and freed by
 * fields_free(): the only global state of the library, documented in
 * fields.h.  Lookups normalise the name first (drop blanks, fold bracket
 * width and ASCII case) and probe an open-addressing hash. */
#include "fields.h"
#include "tsv.h"

#include "causes.h"
#include "record.h"
#include "warned.h"
#include "xalloc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    char *key;           /* normalised alias (the exact table: as written) */
    const char *canon;   /* canonical name (points into names[]) */
    int type;            /* field_type, or -1 for non-field tables */
    unsigned scope;      /* field table: FS_ bits of the file kinds it names a column of */
    char *shown;         /* field tables: the alias as the table writes it */
} alias;

typedef struct {
    alias *slots;
    size_t cap, len;
    char **names;        /* owned canonical names */
    size_t nnames, capnames;
} table;

/* T_EXACT: the field aliases as written (trimmed, not normalised), for
 * "the exact alias wins over a folded match".  T_FRAME: export.tsv's
 * footer words and header units (names[] only). */
enum { T_FIELD, T_NODE, T_FUND, T_FLAG, T_VALUE, T_EXACT, T_FRAME, T_COUNT };
static table tables[T_COUNT];

/* export.tsv: the units a header may carry in brackets, and the words a
 * footer row starts with. */
typedef struct { char *text; long scale; } unit_word;
static unit_word *units;
static size_t nunits;
static char **footers;
static size_t nfooters;
static unsigned char footer_first[256];   /* first bytes of the footer words */

/* The first alias fields.tsv gives each field (field_label()). */
typedef struct { const char *canon; char *alias; } field_first;
static field_first *labels;
static size_t nlabels;

/* The fields values.tsv lists (a handful): the text of any other field is
 * its own canonical value, without a look-up. */
static char **value_fields;
static size_t nvalue_fields;

/* The first bytes of value_fields: most fields are rejected on that byte
 * alone, without a strcmp (is_value_field runs for every text a rule reads). */
static unsigned char value_first[256];

static int is_value_field(const char *field)
{
    if (!value_first[(unsigned char)field[0]]) return 0;
    for (size_t i = 0; i < nvalue_fields; i++)
        if (value_fields[i][0] == field[0] && strcmp(value_fields[i], field) == 0) return 1;
    return 0;
}

/* Folded form of a name: ASCII blanks and U+3000 dropped, full-width ASCII
 * forms (U+FF01..U+FF5E: （ ） ／ Ａ １) and 【 】 folded to ASCII, ASCII
 * letters to lower case; '/' dropped too unless keep_slash.  Writes it to
 * out, which has room for strlen(s) + 1 bytes (the form is never longer). */
static void fold_to(const char *s, char *out, int keep_slash)
{
    char *o = out;
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') { p++; continue; }
        if (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80) { p += 3; continue; }      /* U+3000 */
        if (p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) { p += 3; continue; }      /* a BOM */
        int c = -1;
        if (p[0] == 0xEF && p[1] == 0xBC && p[2] >= 0x81 && p[2] <= 0xBF) c = p[2] - 0x81 + 0x21;   /* U+FF01.. */
        else if (p[0] == 0xEF && p[1] == 0xBD && p[2] >= 0x80 && p[2] <= 0x9E) c = p[2] - 0x80 + 0x60;
        else if (p[0] == 0xE3 && p[1] == 0x80 && (p[2] == 0x90 || p[2] == 0x91)) c = p[2] == 0x90 ? '[' : ']';
        if (c >= 0) p += 3;
        else c = *p++;
        if (c == '/' && !keep_slash) continue;
        *o++ = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : (char)c;
    }
    *o = 0;
}

static void normalise_to(const char *s, char *out) { fold_to(s, out, 0); }

/* The same, as a malloc'd string. */
static char *normalise(const char *s)
{
    char *out = xmalloc(strlen(s) + 1);
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
    t->slots = xcalloc(t->cap, sizeof *t->slots);
    for (size_t i = 0; i < oldcap; i++)
        if (old[i].key) *probe(t, old[i].key) = old[i];
    free(old);
}

/* Adds alias -> canon (key: name normalised, or as it is when raw); a
 * later definition of the same alias wins (so a user's --fields file can
 * redirect a header). */
/* lookup()'s answers, remembered: the same few names (an event's node, a
 * field's enumerated value) are looked up record after record.  A memo is
 * valid while memo_epoch is the one it was made in; every change to a table
 * (add_key, fields_free) starts a new epoch, so an answer never outlives
 * the table it came from. */
enum { MEMO_SLOTS = 64, MEMO_KEY = 48 };
typedef struct {
    unsigned long epoch;     /* 0: empty */
    size_t len;
    char key[MEMO_KEY];
    const alias *hit;        /* NULL: not in the table */
} memo_entry;
static memo_entry memos[T_COUNT][MEMO_SLOTS];
static unsigned long memo_epoch = 1;

static void add_key(table *t, const char *name, const char *canon, int type, unsigned scope, int raw)
{
    memo_epoch++;
    if ((t->len + 1) * 2 > t->cap) grow(t);
    char *key = raw ? xstrdup(name) : normalise(name);
    alias *a = probe(t, key);
    if (a->key) free(key);
    else {
        a->key = key;
        t->len++;
    }
    a->canon = canon;
    a->type = type;
    a->scope = scope;
    if (t == &tables[T_FIELD] || t == &tables[T_EXACT]) {
        free(a->shown);
        a->shown = xstrdup(name);
    }
}

static void add_alias(table *t, const char *name, const char *canon, int type)
{
    add_key(t, name, canon, type, FS_ALL, 0);
}

/* A field alias: in the field table (normalised) and as written. */
static void add_field_alias(const char *name, const char *canon, int type, unsigned scope)
{
    add_key(&tables[T_FIELD], name, canon, type, scope, 0);
    add_key(&tables[T_EXACT], name, canon, type, scope, 1);
}

/* The FS_ bits of a scope column ("case", "events,funds"); 0 when it names
 * something else. */
static unsigned parse_scope(const char *s)
{
    unsigned m = 0;
    while (*s) {
        size_t n = strcspn(s, ",");
        if (n == 4 && !strncmp(s, "case", 4)) m |= FS_CASE;
        else if (n == 6 && !strncmp(s, "events", 6)) m |= FS_EVENTS;
        else if (n == 5 && !strncmp(s, "funds", 5)) m |= FS_FUNDS;
        else return 0;
        s += n + (s[n] == ',');
    }
    return m;
}

static const char *add_name(table *t, const char *name)
{
    for (size_t i = 0; i < t->nnames; i++)
        if (strcmp(t->names[i], name) == 0) return t->names[i];
    if (t->nnames == t->capnames) {
        t->capnames = t->capnames ? t->capnames * 2 : 64;
        t->names = xrealloc(t->names, t->capnames * sizeof *t->names);
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

/* Reads one TSV table.  with_type: the second column is a field type.
 * 0, or -1 with *err. */
typedef struct tsv_ctx { table *t; const char *path; int with_type; } tsv_ctx;

static int tsv_line(void *cx, char *line, long lineno, char **err)
{
    tsv_ctx *c = cx;
    table *t = c->t;
    const char *path = c->path;
    int with_type = c->with_type;
    char *save = NULL;
    char *name = strtok_r(line, "\t", &save);
    int type = -1;
    if (with_type) {
        char *ty = strtok_r(NULL, "\t", &save);
        type = ty ? parse_type(ty) : -1;
        if (type < 0) {
            *err = xasprintf("%s:%ld: unknown field type '%s'", path, lineno, ty ? ty : "");
            return -1;
        }
    }
    const char *canon = add_name(t, name);
    char *aliases = strtok_r(NULL, "\t", &save);
    char *sc = aliases ? strtok_r(NULL, "\t", &save) : NULL;
    unsigned scope = sc ? parse_scope(sc) : FS_ALL;
    if (!with_type) {
        add_alias(t, canon, canon, type);
        if (aliases) {
            char *s2 = NULL;
            for (char *a = strtok_r(aliases, "|", &s2); a; a = strtok_r(NULL, "|", &s2))
                if (*a) add_alias(t, a, canon, type);
        }
        return 0;
    }
    if (!scope) {
        *err = xasprintf("%s:%ld: unknown file kind '%s' (want case, events, funds, comma-separated)", path, lineno, sc);
        return -1;
    }
    /* a canonical name is a column of every file kind */
    add_field_alias(canon, canon, type, FS_ALL);
    size_t li = 0;
    while (li < nlabels && labels[li].canon != canon) li++;
    if (li == nlabels && aliases && *aliases) {
        labels = xrealloc(labels, (nlabels + 1) * sizeof *labels);
        labels[nlabels++] = (field_first){canon, strndup(aliases, strcspn(aliases, "|"))};
    }
    if (aliases) {
        char *s2 = NULL;
        for (char *a = strtok_r(aliases, "|", &s2); a; a = strtok_r(NULL, "|", &s2))
            if (*a) add_field_alias(a, canon, type, scope);
    }
    return 0;
}

static int load_tsv(table *t, const char *path, int with_type, char **err)
{
    tsv_ctx c = {t, path, with_type};
    return tsv_each(path, tsv_line, &c, err);
}

/* Reads values.tsv: field, canonical value, aliases.  Keys are
 * "field\x1f<alias>" so one table serves every field.  0, or -1 with *err. */
typedef struct values_ctx { table *t; const char *path; } values_ctx;

static int values_line(void *cx, char *line, long lineno, char **err)
{
    values_ctx *c = cx;
    table *t = c->t;
    const char *path = c->path;
    char key[512];
    char *save = NULL;
    char *field = strtok_r(line, "\t", &save);
    char *value = strtok_r(NULL, "\t", &save);
    char *aliases = strtok_r(NULL, "\t", &save);
    if (!value) { *err = xasprintf("%s:%ld: want field, value, aliases", path, lineno); return -1; }
    const char *canon = add_name(t, value);
    if (!is_value_field(field)) {
        value_fields = xrealloc(value_fields, (nvalue_fields + 1) * sizeof *value_fields);
        value_fields[nvalue_fields++] = xstrdup(field);
        value_first[(unsigned char)field[0]] = 1;
    }
    snprintf(key, sizeof key, "%s\x1f%s", field, value);
    add_alias(t, key, canon, -1);
    char *s2 = NULL;
    for (char *a = aliases ? strtok_r(aliases, "|", &s2) : NULL; a; a = strtok_r(NULL, "|", &s2)) {
        snprintf(key, sizeof key, "%s\x1f%s", field, a);
        add_alias(t, key, canon, -1);
    }
    return 0;
}

static int load_values(table *t, const char *path, char **err)
{
    values_ctx c = {t, path};
    return tsv_each(path, values_line, &c, err);
}

/* One line of export.tsv: "unit<TAB>TEXT<TAB>SCALE" or "footer<TAB>WORD". */
static int export_line(void *cx, char *line, long lineno, char **err)
{
    const char *path = cx;
    char *save = NULL;
    char *kind = strtok_r(line, "\t", &save), *text = strtok_r(NULL, "\t", &save);
    char *scale = strtok_r(NULL, "\t", &save), *end = NULL;
    long sc = scale ? strtol(scale, &end, 10) : 0;
    if (kind && text && !strcmp(kind, "unit") && scale && !*end && sc > 0) {
        units = xrealloc(units, (nunits + 1) * sizeof *units);
        char *key = normalise(text);
        units[nunits++] = (unit_word){key, sc};
    } else if (kind && text && !strcmp(kind, "footer")) {
        footers = xrealloc(footers, (nfooters + 1) * sizeof *footers);
        footers[nfooters++] = xstrdup(text);
        footer_first[(unsigned char)text[0]] = 1;
    } else {
        *err = xasprintf("%s:%ld: want 'unit<TAB>TEXT<TAB>SCALE' or 'footer<TAB>WORD'", path, lineno);
        return -1;
    }
    return 0;
}

/* Reads export.tsv.  0, or -1 with *err. */
static int load_export(const char *path, char **err)
{
    return tsv_each(path, export_line, (void *)path, err);
}

int fields_init(const char *sharedir, const char *user_file, char **err)
{
    static const char *const files[T_COUNT] = {"fields.tsv", "nodes.tsv", "fundkinds.tsv", "flags.tsv", "values.tsv",
                                               NULL, "export.tsv"};
    fields_free();
    for (int i = 0; i < T_COUNT; i++) {
        if (!files[i]) continue;
        char *path = xasprintf("%s/%s", sharedir, files[i]);
        int rc = i == T_VALUE ? load_values(&tables[i], path, err)
               : i == T_FRAME ? load_export(path, err)
                              : load_tsv(&tables[i], path, i == T_FIELD, err);
        free(path);
        if (rc) return -1;
    }
    if (user_file && load_tsv(&tables[T_FIELD], user_file, 1, err)) return -1;
    char *cpath = xasprintf("%s/causes.tsv", sharedir);
    int crc = causes_load(cpath, err);
    free(cpath);
    return crc;
}

/* The values already warned of ("field\x1ftext"), the only other state. */
static warned_set value_warned;

void fields_free(void)
{
    memo_epoch++;
    causes_free();
    warned_clear(&value_warned);
    for (int i = 0; i < T_COUNT; i++) {
        table *t = &tables[i];
        for (size_t j = 0; j < t->cap; j++) {
            free(t->slots[j].key);
            free(t->slots[j].shown);
        }
        for (size_t j = 0; j < t->nnames; j++) free(t->names[j]);
        free(t->slots);
        free(t->names);
        memset(t, 0, sizeof *t);
    }
    for (size_t i = 0; i < nvalue_fields; i++) free(value_fields[i]);
    free(value_fields);
    value_fields = NULL;
    nvalue_fields = 0;
    memset(value_first, 0, sizeof value_first);
    for (size_t i = 0; i < nunits; i++) free(units[i].text);
    free(units);
    units = NULL;
    nunits = 0;
    for (size_t i = 0; i < nlabels; i++) free(labels[i].alias);
    free(labels);
    labels = NULL;
    nlabels = 0;
    for (size_t i = 0; i < nfooters; i++) free(footers[i]);
    free(footers);
    footers = NULL;
    nfooters = 0;
    memset(footer_first, 0, sizeof footer_first);
}

static const alias *lookup_table(table *t, const char *name);

/* lookup() through the memo of t (one of tables[]). */
static const alias *lookup(table *t, const char *name)
{
    if (!t->cap || !name) return NULL;
    size_t n = strlen(name);
    if (n == 0 || n >= MEMO_KEY) return lookup_table(t, name);
    size_t slot = (n * 131u + (unsigned char)name[0] * 31u + (unsigned char)name[n - 1] * 7u
                   + (unsigned char)name[n / 2]) & (MEMO_SLOTS - 1);
    memo_entry *m = &memos[t - tables][slot];
    if (m->epoch == memo_epoch && m->len == n && memcmp(m->key, name, n) == 0) return m->hit;
    const alias *a = lookup_table(t, name);
    m->epoch = memo_epoch;
    m->len = n;
    memcpy(m->key, name, n);
    m->hit = a;
    return a;
}

static const alias *lookup_table(table *t, const char *name)
{
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

const char *field_canonical_in(const char *name, unsigned scope)
{
    const alias *a = lookup(&tables[T_FIELD], name);
    return a && (a->scope & scope) ? a->canon : NULL;
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

int value_enumerated(const char *field)
{
    return tables[T_VALUE].cap && is_value_field(field);
}

void value_warn_unknown(const char *field, const char *text, const char *file, long line)
{
    if (zx_quiet) return;
    char *key = xasprintf("%s\x1f%s", field, text);
    int first = warned_first(&value_warned, key);
    free(key);
    const char *where = file ? file : "<stdin>";
    if (first < 0)
        fprintf(stderr, "%s:%ld: %s: warning: more values not in values.tsv; not reported one by one\n", where, line, field);
    if (first <= 0) return;
    fprintf(stderr, "%s:%ld: %s: warning: '%s' is not one of its values in values.tsv; rules naming a value of %s "
                    "match it only exactly (reported once)\n", where, line, field, text, field);
}

/* The header without blanks (ASCII, U+3000) at either end, into out (room
 * for strlen(header) + 1). */
static void trim_to(const char *header, char *out)
{
    const char *b = header, *e = header + strlen(header);
    for (;;) {
        if (b < e && (*b == ' ' || *b == '\t')) b++;
        else if (e - b >= 3 && !memcmp(b, "\xE3\x80\x80", 3)) b += 3;
        else break;
    }
    for (;;) {
        if (e > b && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r')) e--;
        else if (e - b >= 3 && !memcmp(e - 3, "\xE3\x80\x80", 3)) e -= 3;
        else break;
    }
    memcpy(out, b, (size_t)(e - b));
    out[e - b] = 0;
}

/* Fills m from alias a found for the header; 1 when it names a column of
 * this file kind. */
static int take(const alias *a, unsigned scope, field_match *m)
{
    if (!a || !a->key) return 0;
    if (!(a->scope & scope)) {
        if (!m->other) m->other = a->canon;
        return 0;
    }
    m->canon = a->canon;
    m->alias = a->shown ? a->shown : a->canon;
    m->type = (field_type)a->type;
    return 1;
}

/* A unit the header ends with, in brackets ("(万元)") or after a slash
 * ("/元"), in the folded form f (slashes kept): its table entry, and
 * *cut the length of f before it; NULL when none. */
static const unit_word *unit_suffix(const char *f, size_t *cut)
{
    size_t n = strlen(f);
    const char *u = NULL;
    size_t ulen = 0;
    if (n && (f[n - 1] == ')' || f[n - 1] == ']')) {
        const char *open = NULL;
        for (const char *p = f; p < f + n - 1; p++)
            if (*p == '(' || *p == '[') open = p;
        if (open) { u = open + 1; ulen = (size_t)(f + n - 1 - u); *cut = (size_t)(open - f); }
    } else {
        const char *slash = strrchr(f, '/');
        if (slash) { u = slash + 1; ulen = strlen(u); *cut = (size_t)(slash - f); }
    }
    if (!u || !*cut) return NULL;
    for (size_t i = 0; i < nunits; i++)
        if (strlen(units[i].text) == ulen && !memcmp(units[i].text, u, ulen)) return &units[i];
    return NULL;
}

int field_match_header(const char *header, unsigned scope, field_match *m)
{
    memset(m, 0, sizeof *m);
    m->scale = 1;
    table *t = &tables[T_FIELD];
    size_t n = header ? strlen(header) : 0;
    if (!t->cap || !n || n >= 512) return 0;
    char buf[512], key[512];
    trim_to(header, buf);
    if (take(probe(&tables[T_EXACT], buf), scope, m)) {
        m->exact = 1;
        return 1;
    }
    normalise_to(header, key);
    if (take(probe(t, key), scope, m)) return 1;
    fold_to(header, buf, 1);
    size_t cut = 0;
    const unit_word *u = unit_suffix(buf, &cut);
    if (!u) return 0;
    snprintf(m->unit, sizeof m->unit, "%s", buf + cut + 1);
    size_t ul = strlen(m->unit);
    if (ul && (m->unit[ul - 1] == ')' || m->unit[ul - 1] == ']')) m->unit[ul - 1] = 0;
    buf[cut] = 0;
    normalise_to(buf, key);
    if (!take(probe(t, key), scope, m)) {
        m->unit[0] = 0;
        return 0;
    }
    if (m->type == FT_MONEY) m->scale = u->scale;
    return 1;
}

const char *field_label(const char *canonical)
{
    for (size_t i = 0; i < nlabels; i++)
        if (!strcmp(labels[i].canon, canonical)) return labels[i].alias;
    return NULL;
}

const char *footer_word(const char *text)
{
    if (!footer_first[(unsigned char)*text]) return NULL;   /* a case number, most often */
    for (size_t i = 0; i < nfooters; i++)
        if (!strncmp(text, footers[i], strlen(footers[i]))) return footers[i];
    return NULL;
}
