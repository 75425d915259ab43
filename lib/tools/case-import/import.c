/* import.c: case-import.  Normalises every known field of a case to its
 * canonical JSON form (money as exact numbers, dates ISO, booleans, flag
 * lists, enumerated values), and joins the companion files (节点, 案款)
 * by case number into "events" and "funds".
 *
 * The main file streams; the companion files are read alongside it as its
 * cases ask for their rows (companion.h), in flat memory when both list the
 * cases in the same order. */
#include "import.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "caseno.h"
#include "companion.h"
#include "fields.h"
#include "jalloc.h"
#include "money.h"
#include "money_json.h"
#include "profile.h"
#include "reader.h"
#include "writer.h"
#include "xalloc.h"

enum { OPT_EVENTS = 256, OPT_FUNDS, OPT_ORPHANS, OPT_COLUMNS };

typedef struct typed {   /* field_type_of() of the key last seen at a place */
    char key[48];
    int set, known;
    field_type ft;
} typed;

typedef struct import_state {
    const char *events_path, *funds_path, *orphans_path;
    companion *ev, *fu;
    FILE *orphans;       /* --orphans, opened before any work */
    int ioerr;           /* a companion file could not be read to its end */
    const zopts *o;
    /* --columns: how each input's columns are read, printed at the end */
    int columns;
    profile *own_profile;   /* loaded for --columns when -p did not load one */
    json_t *files;          /* [{"file", "columns": copy of reader_columns() with
                               "filled" and "sample" added, "rows"}] */
    const json_t *cur;      /* the reader columns the last survey entry is of */
    typed types[64];        /* type_at() */
} import_state;

/* Sets obj[key] to v (stolen) unless old, its value, is equal: 1 when it
 * changed, 0 when not.  A record none of whose values change is written
 * back as its input text (writer.h), which is much faster. */
static int replace(json_t *obj, const char *key, json_t *old, json_t *v)
{
    if (old && json_equal(old, v)) {
        json_decref(v);
        return 0;
    }
    json_object_set_new(obj, key, v);
    return 1;
}

/* Sets obj[key] to the text s[0..n) (UTF-8) unless old, its value, is
 * that text already: 1 when it changed.  Most values are canonical
 * already, and are then left without making a json_t. */
static int replace_text(json_t *obj, const char *key, json_t *old, const char *s, size_t n)
{
    if (json_is_string(old) && json_string_length(old) == n && memcmp(json_string_value(old), s, n) == 0) return 0;
    json_object_set_new(obj, key, json_stringn_nocheck(s, n));
    return 1;
}

/* s[0..n) is written "YYYY-MM-DD": once it reads as a date, it is that
 * date's canonical text already. */
static int iso_shaped(const char *s, size_t n)
{
    if (n != 10 || s[4] != '-' || s[7] != '-') return 0;
    for (size_t i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9')) return 0;
    return 1;
}

/* obj[key], whose value is v (NULL when missing), as an ISO date; 1 when
 * it changed.  An unreadable date is an error on field naming the item:
 * "event 2 (notice): invalid date ...". */
static int set_date_of(zrec *r, json_t *obj, const char *key, json_t *v, const char *field, size_t item,
                       const char *name)
{
    zdate d;
    if (!json_is_string(v) || !json_string_length(v)) return 0;
    const char *s = json_string_value(v);
    size_t len = json_string_length(v);
    if (date_parse(s, len, &d) != 0) {
        rec_error(r, field, "%s %zu (%s): invalid date '%s' in %s", !strcmp(field, "events") ? "event" : "fund", item,
                  name ? name : "?", s, key);
        return 0;
    }
    if (iso_shaped(s, len)) return 0;
    char buf[24];
    size_t n = date_format(d, buf);
    return replace_text(obj, key, v, buf, n);
}

static int set_date(zrec *r, json_t *obj, const char *key, const char *field, size_t item, const char *name)
{
    return set_date_of(r, obj, key, json_object_get(obj, key), field, item, name);
}

/* The warnings and errors a companion row got when read (Excel damage,
 * excel_cells.h): reported on standard error with the companion's file and
 * line, and not made part of the event or fund. */
static int skipped_key(const char *key) { return !strcmp(key, "warnings") || !strcmp(key, "errors"); }

/* The next field of a companion row to go into its event or fund: 1 with
 * *key and *v (a new reference) for every field but case_no, warnings,
 * errors and empty text; 0 at the end.  A CSV cell not built yet is made
 * the string it holds, once, here. */
static int row_next(zrec *row, zfield_iter *it, const char **key, json_t **v)
{
    const zlazy *z;
    while (rec_next_field(row, it, key, v, &z)) {
        if (strchr("cwe", **key) && (!strcmp(*key, "case_no") || skipped_key(*key))) continue;
        if (z && z->cell == ZCELL_TEXT) {
            if (!z->len) continue;
            *v = json_stringn_nocheck(rec_lazy_text(row, z), z->len);
            return 1;
        }
        if (!*v) *v = rec_get(row, *key);
        if (!*v || (json_is_string(*v) && !json_string_length(*v))) continue;
        json_incref(*v);
        return 1;
    }
    return 0;
}

/* An event row of the companion file as {"node", "at", ...}. */
static json_t *event_item(zrec *row)
{
    json_t *item = json_object(), *v;
    zfield_iter it = {0};
    const char *key;
    while (row_next(row, &it, &key, &v)) json_object_set_new_nocheck(item, key, v);
    return item;
}

/* A fund row as {"kind", "on", "amount", "approvals": {...}, ...}. */
static json_t *fund_item(zrec *row)
{
    static const char *const steps[] = {"submitted", "reviewed", "approved", "finance_checked", "paid"};
    json_t *item = json_object(), *approvals = json_object(), *v;
    zfield_iter it = {0};
    const char *key;
    while (row_next(row, &it, &key, &v)) {
        int step = 0;
        for (size_t i = 0; i < sizeof steps / sizeof *steps; i++) step |= !strcmp(key, steps[i]);
        if (step) json_object_set_new(approvals, key, v);
        else json_object_set_new(item, !strcmp(key, "at") ? "on" : key, v);
    }
    json_t *ja = rec_get(row, "approvals");
    if (json_is_object(ja)) json_object_update_missing(approvals, ja);
    if (json_object_size(approvals)) json_object_set_new(item, "approvals", approvals);
    else json_decref(approvals);
    return item;
}

static int import_option(void *st, int id, const char *arg)
{
    import_state *s = st;
    if (id == OPT_EVENTS) s->events_path = arg;
    else if (id == OPT_FUNDS) s->funds_path = arg;
    else if (id == OPT_ORPHANS) s->orphans_path = arg;
    else if (id == OPT_COLUMNS) s->columns = 1;
    else return -1;
    return 0;
}

static int import_open(void *st, const zopts *o, char **err)
{
    import_state *s = st;
    s->o = o;
    if (s->columns) {
        s->files = json_array();
        if (!o->profile && !(s->own_profile = profile_load(o->profile_name, o->sharedir, err))) return -1;
        return 0;
    }
    if (s->events_path && !(s->ev = companion_open(s->events_path, FS_EVENTS, err))) return -3;
    if (s->funds_path && !(s->fu = companion_open(s->funds_path, FS_FUNDS, err))) return -3;
    /* opened now, so a path that cannot be written stops the run before
     * any output, with the system's reason (exit 3, SPEC 4) */
    if (s->orphans_path && !(s->orphans = fopen(s->orphans_path, "w"))) {
        if (asprintf(err, "cannot write %s: %s", s->orphans_path, strerror(errno)) < 0) *err = NULL;
        return -3;
    }
    return 0;
}

/* Canonical node names and dates in events; the number of values changed. */
static int normalise_events(zrec *r, json_t *events)
{
    size_t i;
    json_t *ev;
    int changed = 0;
    json_array_foreach(events, i, ev) {
        /* the members read, found in one walk: an event has few */
        static const char *const names[] = {"node", "at", "served", "until"};
        json_t *m[4] = {NULL, NULL, NULL, NULL};
        for (void *it = json_object_iter(ev); it; it = json_object_iter_next(ev, it)) {
            const char *key = json_object_iter_key(it);
            for (size_t k = 0; k < 4; k++)   /* the names differ in their first letters */
                if (!m[k] && key[0] == names[k][0] && !strcmp(key, names[k])) m[k] = json_object_iter_value(it);
        }
        json_t *jn = m[0];
        const char *node = json_is_string(jn) ? node_canonical(json_string_value(jn)) : NULL;
        if (node) changed += replace_text(ev, "node", jn, node, strlen(node));
        else rec_error(r, "events", "event %zu: unknown node '%s'", i + 1, json_is_string(jn) ? json_string_value(jn) : "");
        for (size_t k = 1; k < 4; k++) changed += set_date_of(r, ev, names[k], m[k], "events", i + 1, node);
    }
    return changed;
}

/* Canonical kinds, dates, accounts and amounts in funds; the number of
 * values changed. */
static int normalise_funds(zrec *r, json_t *funds)
{
    size_t i;
    json_t *f;
    int changed = 0;
    json_array_foreach(funds, i, f) {
        json_t *jk = json_object_get(f, "kind");
        const char *kind = json_is_string(jk) ? fundkind_canonical(json_string_value(jk)) : NULL;
        if (kind) changed += replace_text(f, "kind", jk, kind, strlen(kind));
        else rec_error(r, "funds", "fund %zu: unknown fund kind '%s'", i + 1, json_is_string(jk) ? json_string_value(jk) : "");
        changed += set_date(r, f, "on", "funds", i + 1, kind);
        changed += set_date(r, f, "until", "funds", i + 1, kind);
        json_t *ap = json_object_get(f, "approvals");
        const char *key;
        json_t *v;
        json_object_foreach(ap, key, v) changed += set_date(r, ap, key, "funds", i + 1, kind);
        json_t *ja = json_object_get(f, "account");
        if (json_is_string(ja)) {
            const char *acct = value_canonical("account", json_string_value(ja));
            changed += replace_text(f, "account", ja, acct, strlen(acct));
        }
        json_t *jm = json_object_get(f, "amount");
        if (jm && !json_is_null(jm)) {
            zrec tmp = {.obj = f};
            int64_t fen;
            if (rec_money(&tmp, "amount", &fen) == 1) changed += replace(f, "amount", jm, money_json(fen));
            else rec_error(r, "funds", "fund %zu (%s): invalid money '%s' in amount", i + 1, kind ? kind : "?",
                           json_is_string(jm) ? json_string_value(jm) : "?");
        }
    }
    return changed;
}

/* Flags as a list of canonical tags (unknown tags kept, with a warning),
 * from text ("拒执、失信") or from a list. */
static void normalise_flags(zrec *r)
{
    json_t *v = json_object_get(r->obj, "flags");
    if (json_is_array(v)) {
        size_t i;
        json_t *e;
        json_array_foreach(v, i, e) {
            if (!json_is_string(e)) continue;
            const char *c = flag_canonical(json_string_value(e));
            if (!c) rec_warning(r, "flags", "unknown flag '%s' kept as written", json_string_value(e));
            else if (strcmp(c, json_string_value(e)) != 0) {
                json_array_set_new(v, i, json_string(c));
                r->modified = 1;
            }
        }
        return;
    }
    if (!json_is_string(v)) return;
    r->modified = 1;
    json_t *list = json_array();
    const char *cursor = json_string_value(v);
    char t[256];
    while (flag_next(&cursor, t, sizeof t)) {
        const char *c = flag_canonical(t);
        if (!c) rec_warning(r, "flags", "unknown flag '%s' kept as written", t);
        json_array_append_new(list, json_string(c ? c : t));
    }
    json_object_set_new(r->obj, "flags", list);
}

/* Moves flat "<node>_at" columns into events. */
static void flat_events(zrec *r, json_t *events)
{
    const char *key;
    json_t *v;
    void *tmp;
    const zevent *ev = NULL;
    int n = -1;   /* the events index, built at the first such column: most exports have none */
    json_object_foreach_safe(r->obj, tmp, key, v) {
        size_t len = strlen(key);
        if (len < 4 || strcmp(key + len - 3, "_at") != 0 || !json_is_string(v)) continue;
        if (n < 0) n = rec_events(r, &ev);
        char node[64];
        snprintf(node, sizeof node, "%.*s", (int)(len - 3), key);
        const char *canon = node_canonical(node);
        if (!canon) continue;
        for (int i = 0; i < n; i++)
            if (!event_obj(&ev[i]) && !strcmp(ev[i].node, canon)) {
                char buf[24];
                date_format(ev[i].at, buf);
                json_array_append_new(events, json_pack("{s:s,s:s}", "node", canon, "at", buf));
                json_object_del(r->obj, key);
                r->modified = 1;
                break;
            }
    }
}

typedef struct timed { json_t *ev; const char *at; size_t i; } timed;

static int by_at(const void *a, const void *b)
{
    const timed *x = a, *y = b;
    int c = strcmp(x->at, y->at);
    return c ? c : (x->i > y->i) - (x->i < y->i);   /* stable: keep file order */
}

/* Events in time order (ISO dates compare as text), file order on ties.
 * 1 when the order changed. */
static int sort_events(json_t *events)
{
    size_t n = json_array_size(events);
    if (n < 2) return 0;
    int sorted = 1;
    const char *a = json_string_value(json_object_get(json_array_get(events, 0), "at"));
    for (size_t i = 1; i < n && sorted; i++) {
        const char *b = json_string_value(json_object_get(json_array_get(events, i), "at"));
        sorted = strcmp(a ? a : "", b ? b : "") <= 0;
        a = b;
    }
    if (sorted) return 0;
    timed *v = malloc(n * sizeof *v);
    if (!v) return 0;
    for (size_t i = 0; i < n; i++) {
        json_t *ev = json_array_get(events, i);
        const char *at = json_string_value(json_object_get(ev, "at"));
        v[i] = (timed){json_incref(ev), at ? at : "", i};
    }
    qsort(v, n, sizeof *v, by_at);
    json_array_clear(events);
    for (size_t i = 0; i < n; i++) json_array_append_new(events, v[i].ev);
    free(v);
    return 1;
}

static void append_event(zrec *row, void *list) { json_array_append_new(list, event_item(row)); }
static void append_fund(zrec *row, void *list) { json_array_append_new(list, fund_item(row)); }

/* Appends the companion rows of case key to list; the number appended. */
static int attach(import_state *s, zrec *r, companion *c, const char *what, const char *key, json_t *list)
{
    if (!c) return 0;
    int again, n = companion_take(c, key, !strcmp(what, "events") ? append_event : append_fund, list, &again);
    if (n < 0) s->ioerr = 1;
    else if (again)
        rec_warning(r, what, "case number repeats an earlier record's; its %s rows went to that record", what);
    return n < 0 ? 0 : n;
}

/* An events or funds value that is not a list (text in a 流程节点 or 案款
 * column, say) is never dropped: an error, and the text stays as written
 * unless list, the rows from a companion file or <node>_at columns, has
 * items, when the text is kept in the error.  1 when the text stays. */
static int unreadable_list(zrec *r, const char *what, json_t *in, json_t *list)
{
    if (!in || json_is_array(in) || json_is_null(in)) return 0;
    char *text = json_is_string(in) ? strdup(json_string_value(in)) : json_dumps_malloc(in, JSON_COMPACT | JSON_ENCODE_ANY);
    int keep = !json_array_size(list);
    rec_error(r, what, "'%s' is not a list of %s: %s (give them as a JSON list, or in a companion file with --%s)",
              text ? text : "", !strcmp(what, "events") ? "node events" : "fund movements",
              keep ? "kept as written" : "replaced by the rows found for this case", what);
    free(text);
    return keep;
}

/* --columns: counts the filled cells of each column and keeps the first
 * value of each. */
static void survey(import_state *s, zrec *r)
{
    if (!r->columns || r->broken) return;
    json_t *f = json_array_get(s->files, json_array_size(s->files) - 1);
    if (r->columns != s->cur || !f) {
        s->cur = r->columns;
        f = json_pack("{s:s,s:o,s:i}", "file", r->file, "columns", json_deep_copy(r->columns), "rows", 0);
        json_array_append_new(s->files, f);
    }
    json_t *cols = json_object_get(f, "columns");
    json_object_set_new(f, "rows", json_integer(json_integer_value(json_object_get(f, "rows")) + 1));
    const char *key;
    json_t *c;
    json_object_foreach(cols, key, c) {
        json_t *v = rec_get(r, key);
        if (!json_is_string(v) || !json_string_length(v)) continue;
        json_object_set_new(c, "filled", json_integer(json_integer_value(json_object_get(c, "filled")) + 1));
        if (!json_object_get(c, "sample")) json_object_set(c, "sample", v);
    }
}

/* field_type_of(key), remembered by the key's place in the record: the
 * records of one file have the same keys in the same order. */
static int type_at(import_state *s, size_t place, const char *key, field_type *ft)
{
    typed *t = place < sizeof s->types / sizeof *s->types ? &s->types[place] : NULL;
    if (t && t->set && !strcmp(t->key, key)) {
        *ft = t->ft;
        return t->known;
    }
    int known = field_type_of(key, ft);
    size_t n = strlen(key);
    if (t && n < sizeof t->key) {
        memcpy(t->key, key, n + 1);
        t->set = 1;
        t->known = known;
        if (known) t->ft = *ft;
    }
    return known;
}

static int import_record(void *st, zrec *r)
{
    import_state *s = st;
    if (s->columns) {
        survey(s, r);
        return 0;
    }
    /* canonical JSON lines whose values need no change are written back as
     * read; any other text is written anew, in the canonical form */
    if (!r->canonical) r->modified = 1;
    rec_materialise(r);   /* every field is looked at */
    /* a snapshot of the members: reporting an error adds "errors" to the
     * object.  The pointers stay valid: each pass of the loop replaces its
     * own member's value only (errors and warnings have no field type), no
     * key is deleted until after the loop. */
    size_t nkeys = 0;
    const char *key;
    json_t *v;
    char case_kind[sizeof ((caseno *)0)->kind] = "";   /* the kind in case_no, parsed in the loop (rec_kind() would parse it again) */
    struct member { const char *key; json_t *v; } *keys = xmalloc((json_object_size(r->obj) + 1) * sizeof *keys);
    json_object_foreach(r->obj, key, v) keys[nkeys++] = (struct member){key, v};
    for (size_t ki = 0; ki < nkeys; ki++) {
        key = keys[ki].key;
        field_type ft;
        if (!type_at(s, ki, key, &ft)) continue;
        v = keys[ki].v;
        int64_t fen;
        zdate d;
        int b;
        const char *t;
        char buf[24];
        switch (ft) {
        case FT_MONEY: {
            int rc = rec_money(r, key, &fen);
            if (rc == 1) r->modified |= replace(r->obj, key, v, money_json(fen));
            else if (rc < 0) rec_bad_field(r, key, "money");
            else if (json_is_string(v) && money_is_empty(json_string_value(v), json_string_length(v)) &&
                     (strchr(json_string_value(v), '-') || strstr(json_string_value(v), "\xEF\xBC\x8D") ||
                      strstr(json_string_value(v), "\xE2\x80\x94")))   /* a dash, not blanks */
                rec_warning(r, key, "'%s' read as no amount, as an empty cell (not as 0)", json_string_value(v));
            break;
        }
        case FT_DATE: {
            int rc = rec_date(r, key, &d);
            if (rc == 1) r->modified |= replace_text(r->obj, key, v, buf, date_format(d, buf));
            else if (rc < 0) rec_bad_field(r, key, "date");
            break;
        }
        case FT_BOOL: {
            int rc = rec_bool(r, key, &b);
            if (rc == 1) r->modified |= replace(r->obj, key, v, json_boolean(b));
            else if (rc < 0) rec_bad_field(r, key, "boolean");
            break;
        }
        case FT_CASENO: {
            caseno c;
            if (!json_is_string(v) || !json_string_length(v)) break;
            if (caseno_parse(json_string_value(v), json_string_length(v), &c) != 0) rec_bad_field(r, key, "case number");
            else if (!strcmp(key, "case_no")) memcpy(case_kind, c.kind, sizeof case_kind);
            break;
        }
        case FT_TEXT:   /* a text holding a NUL (\u0000) is no enumerated value: kept whole */
            if (json_is_string(v) && !memchr(json_string_value(v), 0, json_string_length(v)) && rec_text(r, key, &t) == 1)
                r->modified |= replace_text(r->obj, key, v, t, strlen(t));
            break;
        default:
            break;
        }
    }
    free(keys);
    const char *cn, *kind;
    int has_cn = rec_text(r, "case_no", &cn) == 1;
    if (!has_cn) rec_error(r, "case_no", "missing case number");
    else if (!json_object_get(r->obj, "kind") && (kind = *case_kind ? case_kind : rec_kind(r)))
        rec_set(r, "kind", json_string(kind));
    normalise_flags(r);

    /* events and funds: set when new or changed (a list the input already
     * held in canonical form is left as it is, so the record stays as read) */
    json_t *in_ev = json_object_get(r->obj, "events"), *in_fu = json_object_get(r->obj, "funds");
    json_t *events = json_is_array(in_ev) ? json_incref(in_ev) : json_array();
    json_t *funds = json_is_array(in_fu) ? json_incref(in_fu) : json_array();
    size_t ev_before = json_array_size(events);
    flat_events(r, events);
    int ev_changed = json_array_size(events) != ev_before || (in_ev && !json_is_array(in_ev));
    int fu_changed = in_fu && !json_is_array(in_fu);
    if (has_cn) {
        char *k = case_key(cn);
        if (k) {
            ev_changed |= attach(s, r, s->ev, "events", k, events) > 0;
            fu_changed |= attach(s, r, s->fu, "funds", k, funds) > 0;
        }
        free(k);
    }
    ev_changed |= normalise_events(r, events) > 0;
    ev_changed |= sort_events(events);
    fu_changed |= normalise_funds(r, funds) > 0;
    if (unreadable_list(r, "events", in_ev, events)) json_decref(events);
    else if (ev_changed || (!in_ev && json_array_size(events))) rec_set(r, "events", events);
    else json_decref(events);
    if (unreadable_list(r, "funds", in_fu, funds)) json_decref(funds);
    else if (fu_changed || (!in_fu && json_array_size(funds))) rec_set(r, "funds", funds);
    else json_decref(funds);
    return 0;
}

static int by_col(const void *a, const void *b)
{
    json_int_t x = json_integer_value(json_object_get(*(json_t *const *)a, "col"));
    json_int_t y = json_integer_value(json_object_get(*(json_t *const *)b, "col"));
    return (x > y) - (x < y);
}

static const char *str_or(json_t *o, const char *key, const char *dflt)
{
    const char *v = json_string_value(json_object_get(o, key));
    return v ? v : dflt;
}

/* How a sample value is read: "50000 yuan" for money, the ISO date. */
static void reading(json_t *c, char *buf, size_t n)
{
    const char *field = json_string_value(json_object_get(c, "field"));
    json_t *v = json_object_get(c, "sample");
    field_type ft;
    buf[0] = 0;
    if (!field || !json_is_string(v) || !field_type_of(field, &ft)) return;
    zrec tmp = {.obj = json_pack("{s:O}", field, v)};
    int64_t fen;
    zdate d;
    int b;
    if (ft == FT_MONEY) {
        int rc = rec_money(&tmp, field, &fen);
        char m[32];
        if (rc == 1) snprintf(buf, n, "%.*s yuan", (int)money_format(fen, m), m);
        else snprintf(buf, n, "unreadable money");
    } else if (ft == FT_DATE) {
        if (rec_date(&tmp, field, &d) == 1) date_format(d, buf);
        else snprintf(buf, n, "unreadable date");
    } else if (ft == FT_BOOL) {
        int rc = rec_bool(&tmp, field, &b);
        snprintf(buf, n, "%s", rc == 1 ? (b ? "true" : "false") : "unreadable boolean");
    }
    json_decref(tmp.obj);
}

/* --columns: a table (TAB-separated) per input file, then the fields the
 * profile's rules read that no column supplies. */
/* --events and --funds supply the events and funds of every case. */
static int import_supplies(void *st, const char *field)
{
    const import_state *s = st;
    /* track: triage writes it, later in the chain */
    return (s->events_path && !strcmp(field, "events")) || (s->funds_path && !strcmp(field, "funds")) ||
           !strcmp(field, "track");
}

static void print_columns(import_state *s, FILE *out)
{
    const profile *p = s->o->profile ? s->o->profile : s->own_profile;
    json_t *need = profile_fields_read(p, NULL);
    size_t i;
    json_t *f;
    json_array_foreach(s->files, i, f) {
        json_t *cols = json_object_get(f, "columns");
        size_t n = json_object_size(cols), k = 0;
        json_t **v = xmalloc((n ? n : 1) * sizeof *v), *c;
        const char *key;
        json_object_foreach(cols, key, c) v[k++] = c;
        qsort(v, n, sizeof *v, by_col);
        fprintf(out, "# %s: %lld rows\ncol\theader\tfield\talias\tunit\tfilled\tsample\tread as\n",
                str_or(f, "file", "-"), (long long)json_integer_value(json_object_get(f, "rows")));
        for (k = 0; k < n; k++) {
            c = v[k];
            const char *field = json_string_value(json_object_get(c, "field"));
            const char *other = json_string_value(json_object_get(c, "other"));
            char unit[64] = "", note[96];
            json_int_t scale = json_integer_value(json_object_get(c, "scale"));
            if (*str_or(c, "unit", "")) snprintf(unit, sizeof unit, scale > 1 ? "%s (x%lld)" : "%s", str_or(c, "unit", ""), (long long)scale);
            if (field) reading(c, note, sizeof note);
            else if (other && json_object_get(cols, other) && json_object_get(c, "alias"))
                snprintf(note, sizeof note, "not read: column %lld supplies %s",
                         (long long)json_integer_value(json_object_get(json_object_get(cols, other), "col")), other);
            else if (other) snprintf(note, sizeof note, "not read: %s of another file kind (--events, --funds)", other);
            else snprintf(note, sizeof note, "not recognised: kept as it is");
            char alias[256] = "";
            if (json_object_get(c, "alias"))
                snprintf(alias, sizeof alias, "%s%s", str_or(c, "alias", ""), json_is_true(json_object_get(c, "exact")) ? "" : " (folded)");
            fprintf(out, "%lld\t%s\t%s\t%s\t%s\t%lld\t%s\t%s\n", (long long)json_integer_value(json_object_get(c, "col")),
                    str_or(c, "header", ""), field ? field : "-", field ? alias : "", unit,
                    (long long)json_integer_value(json_object_get(c, "filled")), str_or(c, "sample", ""), note);
        }
        free(v);
        const char *field;
        json_t *ids;
        int any = 0;
        json_object_foreach(need, field, ids) {
            if (!columns_lack(cols, field) || import_supplies(s, field)) continue;
            if (!any++) fprintf(out, "# no column for these fields the rules of profile %s read (those rules cannot be decided):\n", profile_id(p));
            const char *label = !strcmp(field, "events") ? "节点, or <node>_at columns" : field_label(field);
            fprintf(out, "%s\t%s\t", field, label ? label : "");
            size_t j;
            json_t *id;
            json_array_foreach(ids, j, id) fprintf(out, "%s%s", j ? ", " : "", json_string_value(id));
            fputc('\n', out);
        }
        if (!any) fprintf(out, "# every field the rules of profile %s read has a column\n", profile_id(p));
    }
    if (!json_array_size(s->files)) fprintf(out, "# no CSV header read (JSON lines have field names, not columns)\n");
    json_decref(need);
}

static int import_finish(void *st, struct zwriter *w, char **err)
{
    (void)w;
    import_state *s = st;
    if (s->columns) {
        print_columns(s, stdout);
        return 0;
    }
    FILE *out = s->orphans;
    s->orphans = NULL;
    if ((s->ev && companion_orphans(s->ev, "events", out) < 0) ||
        (s->fu && companion_orphans(s->fu, "funds", out) < 0))
        s->ioerr = 1;
    if (s->ioerr) {
        if (out) fclose(out);
        *err = strdup("a companion file could not be read to its end");
        return -1;
    }
    if (out && fclose(out) != 0) {
        if (asprintf(err, "write error on %s: %s", s->orphans_path, strerror(errno)) < 0) *err = NULL;
        return -1;
    }
    return 0;
}

static void import_free(void *st)
{
    import_state *s = st;
    companion_close(s->ev);
    companion_close(s->fu);
    if (s->orphans) fclose(s->orphans);
    json_decref(s->files);
    if (s->own_profile) profile_free(s->own_profile);
}

static int import_replaces(void *st) { return ((import_state *)st)->columns; }

static const struct option import_options[] = {
    {"events", required_argument, NULL, OPT_EVENTS},
    {"funds", required_argument, NULL, OPT_FUNDS},
    {"orphans", required_argument, NULL, OPT_ORPHANS},
    {"columns", no_argument, NULL, OPT_COLUMNS},
    {NULL, 0, NULL, 0},
};

static const char *const import_added[] = {"kind", "events", "funds", NULL};

const tool_spec import_tool = {
    .name = "case-import",
    .summary = "Turn national-system case exports (CSV or JSON lines, UTF-8 or GB18030,\n"
               "Chinese or canonical headers) into canonical JSON lines, joining the node\n"
               "and fund companion files by case number.",
    .usage = "      --events FILE       node events: 案号, 节点, 时间 (and 送达日期, 期满日期, 流转至)\n"
             "      --funds FILE        fund movements: 案号, 类型, 日期, 金额, 账户, 收款人, approvals\n"
             "      --orphans FILE      write companion rows whose case is not in the input here\n"
             "      --columns           print how each CSV column is read (field, alias, unit,\n"
             "                          filled cells, a sample) and which fields the rules of\n"
             "                          the profile (-p, default spc) read that no column has\n",
    .options = import_options,
    .added_fields = import_added,
    .state_size = sizeof(import_state),
    .reads_whole = 1,
    .rule_kind = "*",   /* with -p, a missing column of any tool's rules is warned of */
    .supplies = import_supplies,
    .option = import_option,
    .open = import_open,
    .record = import_record,
    .finish = import_finish,
    .replaces_output = import_replaces,
    .free = import_free,
};
