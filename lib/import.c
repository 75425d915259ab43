/* import.c: case-import.  Normalises every known field of a case to its
 * canonical JSON form (money as exact numbers, dates ISO, booleans, flag
 * lists, enumerated values), and joins the companion files (节点, 案款)
 * by case number into "events" and "funds".
 *
 * The main file streams; the companion files are read alongside it as its
 * cases ask for their rows (companion.h), in flat memory when both list the
 * cases in the same order. */
#include "import.h"

#include <stdlib.h>
#include <string.h>

#include "caseno.h"
#include "companion.h"
#include "fields.h"
#include "money_json.h"
#include "reader.h"
#include "writer.h"

enum { OPT_EVENTS = 256, OPT_FUNDS, OPT_ORPHANS };

typedef struct import_state {
    const char *events_path, *funds_path, *orphans_path;
    companion *ev, *fu;
    int ioerr;           /* a companion file could not be read to its end */
    const zopts *o;
} import_state;

static void set_date(zrec *r, json_t *obj, const char *key, const char *field)
{
    zdate d;
    json_t *v = json_object_get(obj, key);
    if (!json_is_string(v) || !json_string_length(v)) return;
    if (date_parse(json_string_value(v), json_string_length(v), &d) != 0) {
        rec_error(r, field, "invalid date '%s' in %s", json_string_value(v), key);
        return;
    }
    char buf[24];
    date_format(d, buf);
    json_object_set_new(obj, key, json_string(buf));
}

/* An event row of the companion file as {"node", "at", ...}. */
static json_t *event_item(json_t *row)
{
    json_t *item = json_object();
    const char *key;
    json_t *v;
    json_object_foreach(row, key, v) {
        if (!strcmp(key, "case_no") || (json_is_string(v) && !json_string_length(v))) continue;
        json_object_set(item, key, v);
    }
    return item;
}

/* A fund row as {"kind", "on", "amount", "approvals": {...}, ...}. */
static json_t *fund_item(json_t *row)
{
    static const char *const steps[] = {"submitted", "reviewed", "approved", "finance_checked", "paid"};
    json_t *item = json_object(), *approvals = json_object();
    const char *key;
    json_t *v;
    json_object_foreach(row, key, v) {
        if (!strcmp(key, "case_no") || (json_is_string(v) && !json_string_length(v))) continue;
        int step = 0;
        for (size_t i = 0; i < sizeof steps / sizeof *steps; i++) step |= !strcmp(key, steps[i]);
        if (step) json_object_set(approvals, key, v);
        else json_object_set(item, !strcmp(key, "at") ? "on" : key, v);
    }
    json_t *ja = json_object_get(row, "approvals");
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
    else return -1;
    return 0;
}

static int import_open(void *st, const zopts *o, char **err)
{
    import_state *s = st;
    s->o = o;
    if (s->events_path && !(s->ev = companion_open(s->events_path, err))) return -3;
    if (s->funds_path && !(s->fu = companion_open(s->funds_path, err))) return -3;
    return 0;
}

static void normalise_events(zrec *r, json_t *events)
{
    size_t i;
    json_t *ev;
    json_array_foreach(events, i, ev) {
        json_t *jn = json_object_get(ev, "node");
        const char *node = json_is_string(jn) ? node_canonical(json_string_value(jn)) : NULL;
        if (node) json_object_set_new(ev, "node", json_string(node));
        else rec_error(r, "events", "unknown node '%s'", json_is_string(jn) ? json_string_value(jn) : "");
        static const char *const dates[] = {"at", "served", "until"};
        for (size_t k = 0; k < 3; k++) set_date(r, ev, dates[k], "events");
    }
}

static void normalise_funds(zrec *r, json_t *funds)
{
    size_t i;
    json_t *f;
    json_array_foreach(funds, i, f) {
        json_t *jk = json_object_get(f, "kind");
        const char *kind = json_is_string(jk) ? fundkind_canonical(json_string_value(jk)) : NULL;
        if (kind) json_object_set_new(f, "kind", json_string(kind));
        else rec_error(r, "funds", "unknown fund kind '%s'", json_is_string(jk) ? json_string_value(jk) : "");
        set_date(r, f, "on", "funds");
        set_date(r, f, "until", "funds");
        json_t *ap = json_object_get(f, "approvals");
        const char *key;
        json_t *v;
        json_object_foreach(ap, key, v) set_date(r, ap, key, "funds");
        json_t *ja = json_object_get(f, "account");
        if (json_is_string(ja)) json_object_set_new(f, "account", json_string(value_canonical("account", json_string_value(ja))));
        json_t *jm = json_object_get(f, "amount");
        if (jm && !json_is_null(jm)) {
            zrec tmp = {.obj = f};
            int64_t fen;
            if (rec_money(&tmp, "amount", &fen) == 1) json_object_set_new(f, "amount", money_json(fen));
            else rec_error(r, "funds", "invalid money '%s' in amount", json_is_string(jm) ? json_string_value(jm) : "?");
        }
    }
}

/* Flags as a list of canonical tags (unknown tags kept, with a warning). */
static void normalise_flags(zrec *r)
{
    json_t *v = json_object_get(r->obj, "flags");
    if (!json_is_string(v)) return;
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
    const zevent *ev;
    int n = rec_events(r, &ev);
    const char *key;
    json_t *v;
    void *tmp;
    json_object_foreach_safe(r->obj, tmp, key, v) {
        size_t len = strlen(key);
        if (len < 4 || strcmp(key + len - 3, "_at") != 0 || !json_is_string(v)) continue;
        char node[64];
        snprintf(node, sizeof node, "%.*s", (int)(len - 3), key);
        const char *canon = node_canonical(node);
        if (!canon) continue;
        for (int i = 0; i < n; i++)
            if (!ev[i].ev && !strcmp(ev[i].node, canon)) {
                char buf[24];
                date_format(ev[i].at, buf);
                json_array_append_new(events, json_pack("{s:s,s:s}", "node", canon, "at", buf));
                json_object_del(r->obj, key);
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

/* Events in time order (ISO dates compare as text), file order on ties. */
static void sort_events(json_t *events)
{
    size_t n = json_array_size(events);
    if (n < 2) return;
    timed *v = malloc(n * sizeof *v);
    if (!v) return;
    for (size_t i = 0; i < n; i++) {
        json_t *ev = json_array_get(events, i);
        const char *at = json_string_value(json_object_get(ev, "at"));
        v[i] = (timed){json_incref(ev), at ? at : "", i};
    }
    qsort(v, n, sizeof *v, by_at);
    json_array_clear(events);
    for (size_t i = 0; i < n; i++) json_array_append_new(events, v[i].ev);
    free(v);
}

static void append_event(json_t *row, void *list) { json_array_append_new(list, event_item(row)); }
static void append_fund(json_t *row, void *list) { json_array_append_new(list, fund_item(row)); }

/* Appends the companion rows of case key to list. */
static void attach(import_state *s, zrec *r, companion *c, const char *what, const char *key, json_t *list)
{
    if (!c) return;
    int again;
    if (companion_take(c, key, !strcmp(what, "events") ? append_event : append_fund, list, &again) < 0)
        s->ioerr = 1;
    else if (again)
        rec_warning(r, what, "case number repeats an earlier record's; its %s rows went to that record", what);
}

static int import_record(void *st, zrec *r)
{
    import_state *s = st;
    r->modified = 1;
    /* a snapshot of the keys: reporting an error adds "errors" to the object */
    json_t *keys = json_array();
    const char *key;
    json_t *v;
    json_object_foreach(r->obj, key, v) json_array_append_new(keys, json_string(key));
    size_t ki;
    json_t *jkey;
    json_array_foreach(keys, ki, jkey) {
        key = json_string_value(jkey);
        v = json_object_get(r->obj, key);
        field_type ft;
        if (!field_type_of(key, &ft)) continue;
        int64_t fen;
        zdate d;
        int b;
        const char *t;
        char buf[24];
        switch (ft) {
        case FT_MONEY: {
            int rc = rec_money(r, key, &fen);
            if (rc == 1) json_object_set_new(r->obj, key, money_json(fen));
            else if (rc < 0) rec_bad_field(r, key, "money");
            break;
        }
        case FT_DATE: {
            int rc = rec_date(r, key, &d);
            if (rc == 1) { date_format(d, buf); json_object_set_new(r->obj, key, json_string(buf)); }
            else if (rc < 0) rec_bad_field(r, key, "date");
            break;
        }
        case FT_BOOL: {
            int rc = rec_bool(r, key, &b);
            if (rc == 1) json_object_set_new(r->obj, key, json_boolean(b));
            else if (rc < 0) rec_bad_field(r, key, "boolean");
            break;
        }
        case FT_CASENO: {
            caseno c;
            if (json_is_string(v) && json_string_length(v) &&
                caseno_parse(json_string_value(v), json_string_length(v), &c) != 0)
                rec_bad_field(r, key, "case number");
            break;
        }
        case FT_TEXT:
            if (json_is_string(v) && rec_text(r, key, &t) == 1 && strcmp(t, json_string_value(v)) != 0)
                json_object_set_new(r->obj, key, json_string(t));
            break;
        default:
            break;
        }
    }
    json_decref(keys);
    const char *cn;
    if (rec_text(r, "case_no", &cn) != 1) rec_error(r, "case_no", "missing case number");
    else if (!json_object_get(r->obj, "kind") && rec_kind(r)) rec_set(r, "kind", json_string(rec_kind(r)));
    normalise_flags(r);

    json_t *events = json_object_get(r->obj, "events");
    events = json_is_array(events) ? json_incref(events) : json_array();
    flat_events(r, events);
    json_t *funds = json_object_get(r->obj, "funds");
    funds = json_is_array(funds) ? json_incref(funds) : json_array();
    if (rec_text(r, "case_no", &cn) == 1) {
        char *k = case_key(cn);
        if (k) {
            attach(s, r, s->ev, "events", k, events);
            attach(s, r, s->fu, "funds", k, funds);
        }
        free(k);
    }
    normalise_events(r, events);
    sort_events(events);
    normalise_funds(r, funds);
    if (json_array_size(events) || json_object_get(r->obj, "events")) rec_set(r, "events", events);
    else json_decref(events);
    if (json_array_size(funds) || json_object_get(r->obj, "funds")) rec_set(r, "funds", funds);
    else json_decref(funds);
    return 0;
}

static int import_finish(void *st, struct zwriter *w, char **err)
{
    (void)w;
    import_state *s = st;
    FILE *out = NULL;
    if (s->orphans_path && !(out = fopen(s->orphans_path, "w"))) {
        if (asprintf(err, "cannot write %s", s->orphans_path) < 0) *err = NULL;
        return -1;
    }
    if ((s->ev && companion_orphans(s->ev, "events", out) < 0) ||
        (s->fu && companion_orphans(s->fu, "funds", out) < 0))
        s->ioerr = 1;
    if (s->ioerr) {
        if (out) fclose(out);
        *err = strdup("a companion file could not be read to its end");
        return -1;
    }
    if (out && fclose(out) != 0) {
        if (asprintf(err, "write error on %s", s->orphans_path) < 0) *err = NULL;
        return -1;
    }
    return 0;
}

static void import_free(void *st)
{
    import_state *s = st;
    companion_close(s->ev);
    companion_close(s->fu);
}

static const struct option import_options[] = {
    {"events", required_argument, NULL, OPT_EVENTS},
    {"funds", required_argument, NULL, OPT_FUNDS},
    {"orphans", required_argument, NULL, OPT_ORPHANS},
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
             "      --orphans FILE      write companion rows whose case is not in the input here\n",
    .options = import_options,
    .added_fields = import_added,
    .state_size = sizeof(import_state),
    .option = import_option,
    .open = import_open,
    .record = import_record,
    .finish = import_finish,
    .free = import_free,
};
