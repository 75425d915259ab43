/* deadline_eval.c: one deadline rule on one record: does it apply, where
 * does it start, when is it due, when was it done, and so its status
 * (SPEC 5.2; the exact definitions are in deadline-check(1)). */
#include "deadline_impl.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A new entry with the fixed keys in their order; status n/a until set. */
/* Entries are made for every rule of every record: keys and texts that are
 * known to be UTF-8 (the profile's, checked at load; dates) skip jansson's
 * check. */
static json_t *new_entry(const dl_rule *d)
{
    json_t *e = json_object();
    json_object_set_new_nocheck(e, "rule", json_string_nocheck(d->id));
    json_object_set_new_nocheck(e, "node", json_string_nocheck(d->node_label));
    json_object_set_new_nocheck(e, "from", json_null());
    json_object_set_new_nocheck(e, "due", json_null());
    json_object_set_new_nocheck(e, "done", json_null());
    json_object_set_new_nocheck(e, "status", json_string_nocheck("n/a"));
    json_object_set_new_nocheck(e, "days_over", json_integer(0));
    return e;
}

static void set_date(json_t *e, const char *key, zdate d)
{
    char buf[24];
    size_t n = date_format(d, buf);
    json_object_set_new_nocheck(e, key, json_stringn_nocheck(buf, n));
}

static void not_applicable(json_t *list, const dl_rule *d, const char *reason)
{
    json_t *e = new_entry(d);
    json_object_set_new_nocheck(e, "reason", json_string(reason));
    json_array_append_new(list, e);
}

/* Records that an unreadable field blocks rule d; deadline.c reports each
 * field once per record, naming the rules it blocks. */
static void block(dl_ctx *c, const dl_rule *d, const char *field, const char *msg)
{
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
static void blocked(json_t *list, dl_ctx *c, const dl_rule *d, const char *field, const char *msg)
{
    char *reason = NULL;
    if (asprintf(&reason, "%s: %s", field, msg) < 0) reason = NULL;
    not_applicable(list, d, reason ? reason : msg);
    free(reason);
    block(c, d, field, msg);
}

/* Evaluates a condition; on unknown, adds the n/a entry and returns -1. */
static int test(const expr *x, dl_ctx *c, const dl_rule *d, json_t *trace, json_t *list)
{
    evalctx cx = {.rec = c->rec, .cal = c->cal, .as_of = c->as_of, .trace = trace};
    tv t = expr_test(x, &cx);
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
        if (!strcmp(s, set[i])) return 1;
    return 0;
}

/* A date attribute of an event: 1 and *out, 0 absent, -1 unreadable. */
static int event_attr(const zevent *ev, const char *attr, zdate *out)
{
    json_t *v = ev->ev ? json_object_get(ev->ev, attr) : NULL;
    if (!json_is_string(v) || !json_string_length(v)) return 0;
    return date_parse(json_string_value(v), json_string_length(v), out) == 0 ? 1 : -1;
}

/* The canonical field that carries a pseudo-node's date, or NULL. */
static const char *node_field(const char *node)
{
    if (!strcmp(node, "filed")) return "filed_on";
    if (!strcmp(node, "closed")) return "closed_on";
    return NULL;
}

/* A start: the moment deadlines count from, and the event it belongs to. */
typedef struct { zdate at; int idx; } dl_start;

/* 1 if event i is a candidate done event for the start s. */
static int after_start(const zevent *ev, int i, const dl_start *s, int own_ok)
{
    if (!strcmp(ev[i].node, ev[s->idx].node)) return i > s->idx || (own_ok && i == s->idx);
    return date_cmp(ev[i].at, ev[s->idx].at) >= 0;
}

/* The done moment for start s: 1 and *out, 0 none yet, -1 blocked (entry added). */
static int find_done(const dl_rule *d, dl_ctx *c, const zevent *ev, int n, const dl_start *s,
                     zdate *out, json_t *list)
{
    for (int i = 0; i < n; i++) {
        if (!is_one_of(ev[i].node, d->node, d->nnode) || !after_start(ev, i, s, d->from_attr || d->done_attr)) continue;
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
static void judge(json_t *e, const dl_ctx *c, zdate from, int32_t begun, const zdate *due, const zdate *done)
{
    const char *status;
    long over = 0;
    set_date(e, "from", from);
    if (due) set_date(e, "due", *due);
    if (done) set_date(e, "done", *done);
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
    } else if (due->day <= c->as_of.day + c->warn_days) {
        status = "due_soon";
    } else {
        status = "pending";
    }
    json_object_set_new(e, "status", json_string(status));
    json_object_set_new(e, "days_over", json_integer(over));
}

static void mark_estimated(json_t *e, dl_ctx *c, int est)
{
    if (!est) return;
    json_object_set_new(e, "estimated", json_true());
    c->estimated = 1;
}

/* One entry for start s. */
static void eval_start(const dl_rule *d, dl_ctx *c, const zevent *ev, int n, const dl_start *s, json_t *list)
{
    zdate done, due;
    int has_due = 1, est = 0;
    int got = find_done(d, c, ev, n, s, &done, list);
    if (got < 0) return;
    if (d->by) {
        has_due = 0;
        for (int i = 0; i < n && !has_due; i++)
            if (!strcmp(ev[i].node, d->by) && after_start(ev, i, s, 0)) { due = ev[i].at; has_due = 1; }
    } else {
        due = period_due(&d->period, s->at, c->cal, &est);
    }
    json_t *e = new_entry(d);
    judge(e, c, s->at, ev[s->idx].at.day, has_due ? &due : NULL, got ? &done : NULL);
    mark_estimated(e, c, est);
    json_array_append_new(list, e);
}

/* The windows of a repeating rule ("every" within "for" after the start):
 * one entry for each window that has begun by --as-of.  A window is
 * (start of window, due]; the done event is the first one after the day
 * the window begins. */
static void eval_repeating(const dl_rule *d, dl_ctx *c, const zevent *ev, int n, const dl_start *s, json_t *list)
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
            if (is_one_of(ev[i].node, d->node, d->nnode) && ev[i].at.day > begin.day) { done = ev[i].at; got = 1; }
        json_t *e = new_entry(d);
        judge(e, c, begin, begin.day, &due, got ? &done : NULL);
        json_object_set_new(e, "seq", json_integer(k));
        mark_estimated(e, c, est);
        json_array_append_new(list, e);
        begin = due;
    }
}

/* 1 if event i can start rule d (node, "to_track"). */
static int is_start(const dl_rule *d, const zevent *e)
{
    if (!is_one_of(e->node, d->from, d->nfrom)) return 0;
    if (!d->nto) return 1;
    const char *to = e->ev ? json_string_value(json_object_get(e->ev, "to")) : NULL;
    return to && is_one_of(to, d->to_names, d->nto);
}

/* Collects the start events; the count, 0 none (entry added), -1 blocked. */
static int find_starts(const dl_rule *d, dl_ctx *c, const zevent *ev, int n, dl_start *starts, json_t *list)
{
    for (int i = 0; i < d->nfrom; i++) {
        const char *field = node_field(d->from[i]);
        zdate tmp;
        if (field && rec_date(c->rec, field, &tmp) < 0) {
            json_t *v = rec_get(c->rec, field);
            char msg[160];
            snprintf(msg, sizeof msg, "invalid date '%.100s'", json_is_string(v) ? json_string_value(v) : "?");
            blocked(list, c, d, field, msg);
            return -1;
        }
    }
    int anchor = -1;
    if (d->from_after) {
        for (int i = 0; i < n && anchor < 0; i++)
            if (!strcmp(ev[i].node, d->from_after)) anchor = i;
        if (anchor < 0) {
            char reason[96];
            snprintf(reason, sizeof reason, "no %s event", d->from_after);
            not_applicable(list, d, reason);
            return 0;
        }
    }
    int k = 0, missing_attr = 0;
    for (int i = 0; i < n; i++) {
        if (!is_start(d, &ev[i])) continue;
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
        if (d->which == FROM_FIRST) break;
    }
    if (k == 0) {
        char reason[200];
        if (d->nfrom == 1 && node_field(d->from[0])) {
            snprintf(reason, sizeof reason, "no %s", node_field(d->from[0]));
            not_applicable(list, d, reason);
            return 0;
        }
        size_t used = (size_t)snprintf(reason, sizeof reason, "no %s", d->from[0]);
        for (int i = 1; i < d->nfrom; i++)
            used += (size_t)snprintf(reason + used, sizeof reason - used, " or %s", d->from[i]);
        if (used < sizeof reason) {
            if (missing_attr) snprintf(reason + used, sizeof reason - used, " event with %s", d->from_attr);
            else if (d->nto) snprintf(reason + used, sizeof reason - used, " event to %s", d->to_names[0]);
            else if (anchor >= 0) snprintf(reason + used, sizeof reason - used, " event on or after %s", d->from_after);
            else snprintf(reason + used, sizeof reason - used, " event");
        }
        not_applicable(list, d, reason);
    }
    return k;
}

/* Whether the rule applies: 1 yes, 0 no or blocked (entry added).  With
 * --explain, the trace of the conditions is appended to trace. */
static int applies(const dl_rule *d, dl_ctx *c, json_t *trace, json_t *list)
{
    if (d->ntracks) {
        const char *track;
        char reason[160];
        if (rec_text(c->rec, "track", &track) != 1) {
            not_applicable(list, d, "no track: run triage first");
            return 0;
        }
        if (!is_one_of(track, d->tracks, d->ntracks)) {
            snprintf(reason, sizeof reason, "track %.100s: the rule is for %s%s", track, d->tracks[0],
                     d->ntracks > 1 ? " and others" : "");
            not_applicable(list, d, reason);
            return 0;
        }
    }
    char *reason = NULL;
    int t = d->when ? test(d->when, c, d, trace, list) : 1;
    if (t == 0 && asprintf(&reason, "out of scope: %s", d->scope ? d->scope : d->name ? d->name : d->id) < 0)
        reason = NULL;
    if (t == 1 && d->exempt) {
        int x = test(d->exempt, c, d, trace, list);
        if (x == 1 && asprintf(&reason, "exempt: %s", d->exempt_reason ? d->exempt_reason : "exempt_when holds") < 0)
            reason = NULL;
        t = x == 0;
    }
    if (t == 0 && reason) not_applicable(list, d, reason);
    free(reason);
    return t == 1;
}

void dl_eval(const dl_rule *d, dl_ctx *c, json_t *list)
{
    size_t before = json_array_size(list);
    json_t *trace = c->explain ? json_array() : NULL;
    if (applies(d, c, trace, list)) {
        const zevent *ev;
        int n = rec_events(c->rec, &ev);
        dl_start *starts = malloc(((size_t)n + 1) * sizeof *starts);
        if (!starts) { perror("deadline-check"); exit(3); }
        int k = find_starts(d, c, ev, n, starts, list);
        for (int i = 0; i < k; i++) {
            if (d->repeating) eval_repeating(d, c, ev, n, &starts[i], list);
            else eval_start(d, c, ev, n, &starts[i], list);
        }
        free(starts);
    }
    if (trace && json_array_size(trace))
        for (size_t i = before; i < json_array_size(list); i++)
            json_object_set(json_array_get(list, i), "explain", trace);
    json_decref(trace);
}
