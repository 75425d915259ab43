/* deadline_eval.c: one deadline rule on one record: does it apply, where
 * does it start, when is it due, when was it done, and so its status
 * (SPEC 5.2; the exact definitions are in deadline-check(1)). */
#include "deadline_impl.h"

#include "explain.h"
#include "utf8.h"
#include "warn.h"
#include "xalloc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A new entry, status n/a until judged.  The pointer lasts until the
 * next entry is added. */
static dl_entry *new_entry(dl_list *l, const dl_rule *d)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 32;
        l->v = xrealloc(l->v, cap * sizeof *l->v);
        l->cap = cap;
    }
    dl_entry *e = &l->v[l->n++];
    *e = (dl_entry){.d = d, .status = "n/a"};
    return e;
}

void dl_list_reset(dl_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        if (!l->v[i].reason_fixed) free(l->v[i].reason);
    }
    l->n = 0;
}

void dl_list_free(dl_list *l)
{
    dl_list_reset(l);
    free(l->v);
    l->v = NULL;
    l->cap = 0;
}

static void put_lit(jbuf *b, const char *s) { jbuf_put(b, s, strlen(s)); }
#define PUT(b, lit) jbuf_put(b, lit, sizeof lit - 1)

/* A date as a JSON string; memo keeps the last one written in its column
 * (entries of a record often share a start or a due date). */
typedef struct { zdate d; size_t n; char text[26]; } date_memo;

static void put_date(jbuf *b, int has, zdate d, date_memo *memo)
{
    if (!has) { PUT(b, "null"); return; }
    if (!memo->n || memo->d.day != d.day || memo->d.min != d.min) {
        memo->text[0] = '"';
        size_t n = date_format(d, memo->text + 1);   /* digits, '-', 'T' and ':': nothing to escape */
        memo->text[n + 1] = '"';
        memo->n = n + 2;
        memo->d = d;
    }
    jbuf_put(b, memo->text, memo->n);
}

int dl_list_dump(const dl_list *l, jbuf *b)
{
    date_memo from = {.n = 0}, due = {.n = 0}, done = {.n = 0};
    PUT(b, "[");
    for (size_t i = 0; i < l->n; i++) {
        const dl_entry *e = &l->v[i];
        if (i) PUT(b, ",");
        jbuf_put(b, e->d->head, e->d->headlen);
        PUT(b, ",\"from\":");
        put_date(b, e->has_from, e->from, &from);
        PUT(b, ",\"due\":");
        put_date(b, e->has_due, e->due, &due);
        PUT(b, ",\"done\":");
        put_date(b, e->has_done, e->done, &done);
        PUT(b, ",\"status\":\"");
        put_lit(b, e->status);
        PUT(b, "\",\"days_over\":");
        if (e->days_over == 0) PUT(b, "0");   /* most entries */
        else json_fast_dump_integer(e->days_over, b);
        if (e->reason) {
            PUT(b, ",\"reason\":");
            json_fast_dump_string(e->reason, strlen(e->reason), b);
        }
        if (e->seq) {
            PUT(b, ",\"seq\":");
            json_fast_dump_integer(e->seq, b);
        }
        if (e->estimated) PUT(b, ",\"estimated\":true");
        PUT(b, "}");
    }
    PUT(b, "]");
    return b->failed ? -1 : 0;
}

/* A copy of s without the bytes that are not UTF-8: a reason quotes the
 * record's text cut at a byte count ("%.100s"), which may split a
 * character. */
static char *utf8_copy(const char *s)
{
    size_t n = strlen(s), k = 0, i = 0;
    char *out = xmalloc(n + 1);
    while (i < n && (unsigned char)s[i] < 0x80) i++;   /* an ASCII start is copied whole */
    memcpy(out, s, i);
    k = i;
    while (i < n) {
        if ((unsigned char)s[i] < 0x80) { out[k++] = s[i++]; continue; }
        size_t len = utf8_seq_len((const unsigned char *)s + i, n - i);
        if (!len) { i++; continue; }
        memcpy(out + k, s + i, len);
        k += len;
        i += len;
    }
    out[k] = 0;
    return out;
}

static void not_applicable(dl_list *list, const dl_rule *d, const char *reason)
{
    dl_entry *e = new_entry(list, d);
    e->reason = utf8_copy(reason);
}

/* The same with one of the rule's reasons made at open (d->na), which
 * the entry borrows. */
static void na_fixed(dl_list *list, const dl_rule *d, char *reason)
{
    dl_entry *e = new_entry(list, d);
    e->reason = reason;
    e->reason_fixed = 1;
}

/* Records that an unreadable field blocks rule d; deadline.c reports each
 * field once per record, naming the rules it blocks. */
static void block(dl_ctx *c, const dl_rule *d, const char *field, const char *msg)
{
    if (!c->blocked) c->blocked = json_object();
    json_t *b = json_object_get(c->blocked, field);
    if (!b) {
        b = json_pack("{s:s, s:[]}", "msg", msg, "rules");
        json_object_set_new(c->blocked, field, b);
    }
    json_t *rules = json_object_get(b, "rules");
    size_t i;
    json_t *v;
    json_array_foreach(rules, i, v)
        if (!strcmp(json_string_value(v), d->id)) return;
    json_array_append_new(rules, json_string(d->id));
}

/* The n/a entry of a rule blocked by an unreadable field. */
static void blocked(dl_list *list, dl_ctx *c, const dl_rule *d, const char *field, const char *msg)
{
    char *reason = NULL;
    if (asprintf(&reason, "%s: %s", field, msg) < 0) reason = NULL;
    not_applicable(list, d, reason ? reason : msg);
    if (c->explain && !c->why) c->why = xstrdup(reason ? reason : msg);
    free(reason);
    block(c, d, field, msg);
}

/* Evaluates a condition; on unknown, adds the n/a entry and returns -1. */
static int test(const expr *x, dl_ctx *c, const dl_rule *d, json_t *trace, dl_list *list)
{
    evalctx cx = {.rec = c->rec, .cal = c->cal, .as_of = c->as_of, .trace = trace,
                  .kind_known = c->kind_known, .kind = c->kind};
    tv t = expr_test(x, &cx);
    c->kind_known = cx.kind_known;
    c->kind = cx.kind;
    if (t != TV_UNKNOWN) { free(cx.why); return t == TV_TRUE; }
    const char *field = cx.why_field ? cx.why_field : "deadlines";
    const char *msg = cx.why ? cx.why : "unreadable value";
    size_t fl = strlen(field);
    if (!strncmp(msg, field, fl) && !strncmp(msg + fl, ": ", 2)) msg += fl + 2;
    blocked(list, c, d, field, msg);
    free(cx.why);
    return -1;
}

static int is_one_of(const char *s, const char *const *set, int n)
{
    for (int i = 0; i < n; i++)
        if (s[0] == set[i][0] && !strcmp(s, set[i])) return 1;
    return 0;
}

/* Appends at most max bytes of s to buf[0..used) as snprintf would
 * ("%.<max>s"), cut to fit cap with its NUL; the new length. */
static size_t put_cut(char *buf, size_t cap, size_t used, const char *s, size_t max)
{
    size_t n = strnlen(s, max);
    if (n > cap - 1 - used) n = cap - 1 - used;
    memcpy(buf + used, s, n);
    buf[used + n] = 0;
    return used + n;
}

/* A date attribute of an event: 1 and *out, 0 absent, -1 unreadable. */
static int event_attr(const zevent *ev, const char *attr, zdate *out)
{
    json_t *v = json_object_get(event_obj(ev), attr);
    if (!json_is_string(v) || !json_string_length(v)) return 0;
    return date_parse(json_string_value(v), json_string_length(v), out) == 0 ? 1 : -1;
}

/* The canonical field that carries a pseudo-node's date, or NULL. */
static const char *node_field(const char *node)
{
    if (node[0] == 'f' && !strcmp(node, "filed")) return "filed_on";
    if (node[0] == 'c' && !strcmp(node, "closed")) return "closed_on";
    return NULL;
}

/* rec_date()'s result for field (filed_on or closed_on), looked up once
 * per record. */
static int node_date_rc(dl_ctx *c, const char *field)
{
    zdate tmp;
    if (strcmp(field, "filed_on") != 0) return c->closed_rc;
    if (!c->filed_known) {
        c->filed_rc = rec_date(c->rec, field, &tmp);
        c->filed_known = 1;
    }
    return c->filed_rc;
}

/* rec_text()'s result for the record's track (*track), looked up once. */
static int track_of(dl_ctx *c, const char **track)
{
    if (!c->track_known) {
        c->track_rc = rec_text(c->rec, "track", &c->track);
        c->track_known = 1;
    }
    *track = c->track;
    return c->track_rc;
}

/* A node the rule reads whose source (filed_on, closed_on, else the
 * events) has no column in the record's CSV input: the rule is blocked
 * (n/a, an error), as by an unreadable field, not judged as if the node
 * never happened (issue 18).  1 when blocked. */
static int lacks_column(const dl_rule *d, dl_ctx *c, dl_list *list)
{
    if (!c->rec->columns) {   /* JSON lines: every field is known (rec_no_column) */
        const zevent *ev;
        rec_events(c->rec, &ev);   /* built once a record; it notes the unreadable events */
        if (!c->rec->nunread) return 0;
    }
    const char *nodes[3 * DL_MAXN + 1];
    int n = 0;
    for (int i = 0; i < d->nfrom; i++) nodes[n++] = d->from[i];
    for (int i = 0; i < d->nnode; i++) nodes[n++] = d->node[i];
    if (d->by) nodes[n++] = d->by;
    for (int i = 0; i < d->nafter; i++) nodes[n++] = d->after[i];
    for (int i = 0; i < n; i++) {
        const char *f = node_field(nodes[i]);
        int of_events = !f;
        if (of_events) f = "events";
        if (rec_no_column(c->rec, f)) {
            blocked(list, c, d, f, "no column in the input");
            return 1;
        }
        /* an event of the node that could not be read may be the one that
         * starts or meets the deadline (SPEC 6) */
        if (!of_events) continue;
        const char *node = nodes[i];
        char cut[64];
        size_t len = strcspn(node, ".");
        if (node[len] || len >= sizeof cut) {   /* "node.attr", or too long: cut as before */
            snprintf(cut, sizeof cut, "%.*s", (int)len, node);
            node = cut;
        }
        int u = rec_event_unreadable(c->rec, node);
        if (u) {
            char why[128];
            blocked(list, c, d, "events", rec_event_unreadable_why(u, node, why, sizeof why));
            return 1;
        }
    }
    return 0;
}

/* A start: the moment deadlines count from, and the event it belongs to. */
typedef struct { zdate at; int idx; } dl_start;

/* 1 if event i is a candidate done event for the start s. */
static int after_start(const zevent *ev, int i, const dl_start *s, int own_ok)
{
    if (ev[i].node == ev[s->idx].node || !strcmp(ev[i].node, ev[s->idx].node)) return i > s->idx || (own_ok && i == s->idx);
    return date_cmp(ev[i].at, ev[s->idx].at) >= 0;
}

/* 1 if event e is a handover whose "to" is one of names[0..n). */
static int goes_to(const zevent *e, const char *const *names, int n)
{
    char to[256];
    return !strcmp(e->node, "handover") && event_to(e, to, sizeof to) && is_one_of(to, names, n);
}

/* 1 if event e can start rule d (node, "to_track"). */
static int is_start(const dl_rule *d, const zevent *e)
{
    if (!is_one_of(e->node, d->from, d->nfrom)) return 0;
    return !d->nto || goes_to(e, d->to_names, d->nto);
}

/* 1 if event e can complete rule d (node, "done_to_track" for a handover). */
static int is_done(const dl_rule *d, const zevent *e)
{
    if (!is_one_of(e->node, d->node, d->nnode)) return 0;
    return !d->ndone_to || strcmp(e->node, "handover") != 0 || goes_to(e, d->done_to_names, d->ndone_to);
}

/* "no A or B ..." of the n nodes, into buf (cap bytes); returns the length
 * written, at most cap - 1, so that a suffix can follow at buf + length. */
static size_t no_nodes(char *buf, size_t cap, const char *const *nodes, int n)
{
    size_t used = 0;
    buf[0] = 0;
    for (int i = 0; i < n && used < cap; i++)
        used += (size_t)snprintf(buf + used, cap - used, "%s%s", i ? " or " : "no ", nodes[i]);
    return used < cap ? used : cap - 1;
}

/* The done moment for start s: 1 and *out, 0 none yet, -1 blocked (entry added). */
static int find_done(const dl_rule *d, dl_ctx *c, const zevent *ev, int n, const dl_start *s,
                     zdate *out, dl_list *list)
{
    for (int i = 0; i < n; i++) {
        if (!is_done(d, &ev[i]) || !after_start(ev, i, s, d->from_attr || d->done_attr)) continue;
        if (!d->done_attr) { *out = ev[i].at; return 1; }
        int got = event_attr(&ev[i], d->done_attr, out);
        if (got == 1) return 1;
        if (got < 0) {
            char f[96];
            snprintf(f, sizeof f, "%s.%s", ev[i].node, d->done_attr);
            blocked(list, c, d, f, "invalid date");
            return -1;
        }
    }
    return 0;
}

/* Status, days over and the dates of an entry from due (NULL when not yet
 * known), done (NULL when not done), the start moment (from) and the day
 * the start happened (begun: the start event's, which for a NODE.ATTR
 * start is the event's own date, not the attribute's). */
static void judge(dl_entry *e, const dl_ctx *c, zdate from, int32_t begun, const zdate *due, const zdate *done)
{
    const char *status;
    long over = 0;
    e->from = from;
    e->has_from = 1;
    if (due) { e->due = *due; e->has_due = 1; }
    if (done) { e->done = *done; e->has_done = 1; }
    if (done) {
        if (!due || date_cmp(*done, *due) <= 0) status = "met";
        else {
            status = "late";
            over = (long)done->day - due->day;
            if (over < 1) over = 1;     /* late by hours within the due day */
        }
    } else if (!due || begun > c->as_of.day) {
        status = "pending";
    } else if (due->day < c->as_of.day) {
        status = "overdue";
        over = (long)c->as_of.day - due->day;
    } else if (warn_due_soon(due->day, c->as_of.day, c->warn_days)) {
        status = "due_soon";
    } else {
        status = "pending";
    }
    e->status = status;
    e->days_over = over;
}

static void mark_estimated(dl_entry *e, dl_ctx *c, int est)
{
    if (!est) return;
    e->estimated = 1;
    c->estimated = 1;
}

/* "invalid date '<text>'" of an unreadable date field, into buf. */
static void invalid_date(const dl_ctx *c, const char *field, char *buf, size_t cap)
{
    json_t *v = rec_get(c->rec, field);
    snprintf(buf, cap, "invalid date '%.100s'", json_is_string(v) ? json_string_value(v) : "?");
}

/* SPEC 5.3, closed cases: a deadline that started before the case closed
 * (at the earlier of its start event and the moment it counts from: a
 * detention's event, not its "until"; a start on the closing day without
 * a time to tell counts as before),
 * and whose node was not done by the closing day, ends at the closure:
 * n/a "closed before due" when the case closed on or before the due date
 * (or before a "by" due event), overdue when after, with days_over counted
 * to the closure.  A rule that starts at the closure, or after it, runs as
 * before.  1 when the closure decided the entry (added), 0 when not. */
static int judge_closed(const dl_rule *d, dl_ctx *c, int at_closure, zdate begun, zdate from, const zdate *due,
                        const zdate *done, int est, dl_list *list)
{
    if (at_closure || c->closed_rc == 0) return 0;
    if (c->closed_rc < 0) {
        if (done) return 0;     /* done as recorded; an open one depends on the closure */
        char msg[160];
        invalid_date(c, "closed_on", msg, sizeof msg);
        blocked(list, c, d, "closed_on", msg);
        return 1;
    }
    if (date_cmp(date_cmp(begun, from) < 0 ? begun : from, c->closed) > 0
        || (done && date_cmp(*done, c->closed) <= 0))
        return 0;
    dl_entry *e = new_entry(list, d);
    e->from = from;
    e->has_from = 1;
    if (due) { e->due = *due; e->has_due = 1; }
    mark_estimated(e, c, est);
    if (!due || date_cmp(c->closed, *due) <= 0) {
        static char closed_before_due[] = "closed before due";
        e->reason = closed_before_due;
        e->reason_fixed = 1;
        return 1;
    }
    e->status = "overdue";
    e->days_over = (long)c->closed.day - due->day;
    if (e->days_over < 1) e->days_over = 1;     /* closed hours after a due time on its day */
    return 1;
}

/* One entry for start s. */
static void eval_start(const dl_rule *d, dl_ctx *c, const zevent *ev, int n, const dl_start *s, dl_list *list)
{
    zdate done, due;
    int has_due = 1, est = 0;
    int got = find_done(d, c, ev, n, s, &done, list);
    if (got < 0) return;
    if (!got && d->if_done) {
        na_fixed(list, d, d->na.no_done);
        return;
    }
    if (d->by) {
        has_due = 0;
        for (int i = 0; i < n && !has_due; i++)
            if (!strcmp(ev[i].node, d->by) && after_start(ev, i, s, 0)) { due = ev[i].at; has_due = 1; }
    } else {
        due = period_due(&d->period, s->at, c->cal, &est);
    }
    if (judge_closed(d, c, !strcmp(ev[s->idx].node, "closed"), ev[s->idx].at, s->at, has_due ? &due : NULL,
                     got ? &done : NULL, est, list))
        return;
    dl_entry *e = new_entry(list, d);
    judge(e, c, s->at, ev[s->idx].at.day, has_due ? &due : NULL, got ? &done : NULL);
    mark_estimated(e, c, est);
}

/* The windows of a repeating rule ("every" within "for" after the start):
 * one entry for each window that has begun by --as-of.  A window is
 * (start of window, due]; the done event is the first one after the day
 * the window begins. */
static void eval_repeating(const dl_rule *d, dl_ctx *c, const zevent *ev, int n, const dl_start *s, dl_list *list)
{
    int est_end = 0;    /* the end of the span alone does not make an entry estimated */
    zdate end = period_due(&d->span, s->at, c->cal, &est_end);
    zdate begin = s->at;
    for (int k = 1; k <= 10000 && begin.day <= c->as_of.day; k++) {
        int est = 0;
        period p = d->every;
        p.n = d->every.n * k;
        zdate due = period_due(&p, s->at, c->cal, &est);
        if (due.day > end.day) break;
        zdate done;
        int got = 0;
        for (int i = 0; i < n && !got; i++)
            if (is_done(d, &ev[i]) && ev[i].at.day > begin.day) { done = ev[i].at; got = 1; }
        dl_entry *e = new_entry(list, d);
        judge(e, c, begin, begin.day, &due, got ? &done : NULL);
        e->seq = k;
        mark_estimated(e, c, est);
        begin = due;
    }
}


/* Collects the start events; the count, 0 none (entry added), -1 blocked. */
static int find_starts(const dl_rule *d, dl_ctx *c, const zevent *ev, int n, dl_start *starts, dl_list *list)
{
    for (int i = 0; i < d->nfrom; i++) {
        const char *field = node_field(d->from[i]);
        if (field && node_date_rc(c, field) < 0) {
            char msg[160];
            invalid_date(c, field, msg, sizeof msg);
            blocked(list, c, d, field, msg);
            return -1;
        }
    }
    int anchor = -1;
    if (d->nafter) {
        for (int i = 0; i < n && anchor < 0; i++)
            if (is_one_of(ev[i].node, d->after, d->nafter)) anchor = i;
        if (anchor < 0) {
            na_fixed(list, d, d->na.no_after);
            return 0;
        }
    }
    /* With "done_to_track" the rule is a stage's budget: a handover into the
     * stage while the case is still in it (no done event since the last
     * start) is not a new start. */
    int k = 0, missing_attr = 0, in_stage = 0;
    for (int i = 0; i < n; i++) {
        if (in_stage && is_done(d, &ev[i])) in_stage = 0;
        if (!is_start(d, &ev[i]) || in_stage) continue;
        if (anchor >= 0 && date_cmp(ev[i].at, ev[anchor].at) < 0) continue;
        dl_start s = {ev[i].at, i};
        if (d->from_attr) {
            int got = event_attr(&ev[i], d->from_attr, &s.at);
            if (got == 0) { missing_attr = 1; continue; }
            if (got < 0) {
                char f[96];
                snprintf(f, sizeof f, "%s.%s", ev[i].node, d->from_attr);
                blocked(list, c, d, f, "invalid date");
                return -1;
            }
        }
        if (d->which == FROM_LAST) k = 0;
        starts[k++] = s;
        in_stage = d->ndone_to > 0;
        if (d->which == FROM_FIRST) break;
    }
    if (k == 0) {
        int pseudo = d->nfrom == 1 && node_field(d->from[0]);
        if (!pseudo && missing_attr) {
            na_fixed(list, d, d->na.no_from_attr);
        } else if (!pseudo && !d->nto && anchor >= 0) {
            char reason[200];
            size_t used = no_nodes(reason, sizeof reason, d->from, d->nfrom);
            snprintf(reason + used, sizeof reason - used, " event on or after %s", ev[anchor].node);
            not_applicable(list, d, reason);
        } else {
            na_fixed(list, d, d->na.no_from);
        }
    }
    return k;
}

/* The texts find_starts, eval_start and applies give for n/a, made once. */
void dl_reasons_make(dl_rule *d)
{
    char reason[200];
    d->na.scope = xasprintf("out of scope: %s", d->scope ? d->scope : d->name ? d->name : d->id);
    d->na.exempt = xasprintf("exempt: %s", d->exempt_reason ? d->exempt_reason : "exempt_when holds");
    size_t used = no_nodes(reason, sizeof reason, d->node, d->nnode);
    if (d->ndone_to) snprintf(reason + used, sizeof reason - used, " to %s", d->done_to_names[0]);
    d->na.no_done = utf8_copy(reason);
    used = no_nodes(reason, sizeof reason, d->after, d->nafter);
    snprintf(reason + used, sizeof reason - used, " event");
    d->na.no_after = utf8_copy(reason);
    used = no_nodes(reason, sizeof reason, d->from, d->nfrom);
    snprintf(reason + used, sizeof reason - used, " event with %s", d->from_attr ? d->from_attr : "");
    d->na.no_from_attr = utf8_copy(reason);
    if (d->nfrom == 1 && node_field(d->from[0])) {
        snprintf(reason, sizeof reason, "no %s", node_field(d->from[0]));
    } else {
        used = no_nodes(reason, sizeof reason, d->from, d->nfrom);
        if (d->nto) snprintf(reason + used, sizeof reason - used, " event to %s", d->to_names[0]);
        else snprintf(reason + used, sizeof reason - used, " event");
    }
    d->na.no_from = utf8_copy(reason);
    /* scope and exempt quote the profile's text whole: cut them the same way */
    char *cut = utf8_copy(d->na.scope);
    free(d->na.scope);
    d->na.scope = cut;
    cut = utf8_copy(d->na.exempt);
    free(d->na.exempt);
    d->na.exempt = cut;
}

void dl_reasons_free(dl_rule *d)
{
    free(d->na.scope);
    free(d->na.exempt);
    free(d->na.no_done);
    free(d->na.no_after);
    free(d->na.no_from);
    free(d->na.no_from_attr);
}

/* Whether the rule applies: 1 yes, 0 no or blocked (entry added).  With
 * --explain, the trace of the conditions is appended to trace. */
static int applies(const dl_rule *d, dl_ctx *c, json_t *trace, dl_list *list)
{
    if (d->ntracks) {
        const char *track;
        char reason[160];
        if (track_of(c, &track) != 1) {
            not_applicable(list, d, "no track: run triage first");
            return 0;
        }
        if (!is_one_of(track, d->tracks, d->ntracks)) {
            /* "track %.100s: the rule is for %s%s", without printf's cost */
            size_t used = put_cut(reason, sizeof reason, 0, "track ", SIZE_MAX);
            used = put_cut(reason, sizeof reason, used, track, 100);
            used = put_cut(reason, sizeof reason, used, ": the rule is for ", SIZE_MAX);
            used = put_cut(reason, sizeof reason, used, d->tracks[0], SIZE_MAX);
            put_cut(reason, sizeof reason, used, d->ntracks > 1 ? " and others" : "", SIZE_MAX);
            not_applicable(list, d, reason);
            return 0;
        }
    }
    char *reason = NULL;
    int t = d->when ? test(d->when, c, d, trace, list) : 1;
    if (t == 0) reason = d->na.scope;
    if (t == 1 && d->exempt) {
        int x = test(d->exempt, c, d, trace, list);
        if (x == 1) reason = d->na.exempt;
        t = x == 0;
    }
    if (t == 0 && reason) na_fixed(list, d, reason);
    return t == 1;
}

/* The result of rule d's explain entry (explain.h) from its entries
 * v[0..n): their statuses, each once, in entry order, joined by ", "
 * ("met", "met, overdue"); "pending" when it made none (a repeating rule
 * whose first window begins after --as-of).  Malloc'd. */
static char *result_of(const dl_entry *v, size_t n)
{
    if (n == 0) return xstrdup("pending");
    size_t len = 1;
    for (size_t i = 0; i < n; i++) len += strlen(v[i].status) + 2;
    char *out = xmalloc(len), *o = out;
    *o = 0;
    for (size_t i = 0; i < n; i++) {
        size_t j = 0;
        while (j < i && strcmp(v[j].status, v[i].status) != 0) j++;
        if (j == i) o += sprintf(o, "%s%s", o == out ? "" : ", ", v[i].status);
    }
    return out;
}

void dl_eval(const dl_rule *d, dl_ctx *c, dl_list *list)
{
    size_t before = list->n;
    json_t *trace = c->explain ? json_array() : NULL;
    if (applies(d, c, trace, list) && !lacks_column(d, c, list)) {
        const zevent *ev;
        int n = rec_events(c->rec, &ev);
        dl_start few[32];   /* most records have fewer events */
        dl_start *starts = (size_t)n + 1 <= sizeof few / sizeof *few ? few : xmalloc(((size_t)n + 1) * sizeof *starts);
        int k = find_starts(d, c, ev, n, starts, list);
        for (int i = 0; i < k; i++) {
            if (d->repeating) eval_repeating(d, c, ev, n, &starts[i], list);
            else eval_start(d, c, ev, n, &starts[i], list);
        }
        if (starts != few) free(starts);
    }
    if (!c->explain) return;
    if (c->why) {
        json_array_append_new(c->explain, explain_undecided(d->r, c->why, trace));
        free(c->why);
        c->why = NULL;
    } else {
        char *result = result_of(list->v + before, list->n - before);
        json_array_append_new(c->explain, explain_entry(d->r, result, trace));
        free(result);
    }
}
