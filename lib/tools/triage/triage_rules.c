/* triage_rules.c: a profile's track rules and the handover stage of a case. */
#include "triage_rules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "explain.h"
#include "xalloc.h"

static int fail(char **err, const rule *r, const char *what)
{
    return r ? rule_error(err, r, "%s", what) : ((*err = strdup(what)), -1);
}

/* "[a, b]" of an array of strings: malloc'd, the caller frees. */
static char *list_desc(json_t *list)
{
    size_t len = 3, i;
    json_t *v;
    json_array_foreach(list, i, v) len += json_string_length(v) + 2;
    char *s = malloc(len), *p = s;
    if (!s) return NULL;
    *p++ = '[';
    json_array_foreach(list, i, v) p += sprintf(p, "%s%s", i ? ", " : "", json_string_value(v));
    strcpy(p, "]");
    return s;
}

/* The names of a rule's stage (stage.h): all the names of its track's stage. */
static int load_stage_names(track_rules *tr, track_rule *t, char **err)
{
    t->stage_names = stage_names(&tr->stages, t->track);
    t->names_desc = t->stage_names ? list_desc(t->stage_names) : NULL;
    return t->names_desc ? 0 : fail(err, t->r, "out of memory");
}

int track_rules_load(track_rules *tr, const profile *p, char **err)
{
    memset(tr, 0, sizeof *tr);
    if (stages_load(&tr->stages, p, err) != 0) return -1;
    tr->ignore = json_object_get(profile_section(p, "triage"), "handover_ignore");
    size_t n = profile_nrules(p);
    tr->v = calloc(n ? n : 1, sizeof *tr->v);
    if (!tr->v) return fail(err, NULL, "out of memory");
    for (size_t i = 0; i < n; i++) {
        const rule *r = profile_rule(p, i);
        if (strcmp(r->kind, "track") != 0) continue;
        track_rule *t = &tr->v[tr->n++];
        t->r = r;
        json_t *track = json_object_get(r->def, "track");
        if (!json_is_string(track)) return fail(err, r, "no \"track\"");
        t->track = json_string_value(track);
        t->when = rule_expr(r, "when");
        json_t *kinds = json_object_get(r->def, "kinds");
        if (kinds) {
            if (!rule_string_list(kinds)) return fail(err, r, "\"kinds\" must be a list of case kinds");
            t->kinds = kinds;
            t->kinds_desc = list_desc(kinds);
        }
        if (json_object_get(r->def, "handover_to") && load_stage_names(tr, t, err) != 0) return -1;
    }
    if (!tr->n) {
        if (asprintf(err, "profile %s has no track rules", profile_id(p)) < 0) *err = NULL;
        return -1;
    }
    return 0;
}

void track_rules_free(track_rules *tr)
{
    for (size_t i = 0; tr->v && i < tr->n; i++) {
        free(tr->v[i].kinds_desc);
        free(tr->v[i].names_desc);
    }
    free(tr->v);
    stages_free(&tr->stages);
    memset(tr, 0, sizeof *tr);
}

static int in_list(json_t *list, const char *s)
{
    size_t i;
    json_t *v;
    json_array_foreach(list, i, v)
        if (json_is_string(v) && strcmp(json_string_value(v), s) == 0) return 1;
    return 0;
}

void stage_find(const track_rules *tr, zrec *r, stage_seen *out)
{
    memset(out, 0, sizeof *out);
    if (!tr->stages.handover_to) return;
    const zevent *ev;
    int n = rec_events(r, &ev);
    out->unreadable = rec_event_unreadable(r, "handover");
    for (int i = 0; i < n; i++) {
        if (strcmp(ev[i].node, "handover") != 0) continue;
        char day[24], name[256];
        date_format(ev[i].at, day);
        if (!event_to(&ev[i], name, sizeof name)) {
            rec_warning(r, "events", "handover on %s without \"to\": no stage taken from it", day);
            continue;
        }
        if (stage_named(&tr->stages, name)) {
            memcpy(out->to, name, sizeof name);
            out->at = ev[i].at;
        } else if (!in_list(tr->ignore, name)) {
            rec_warning(r, "events", "handover on %s to '%s' names no stage: ignored", day, name);
        }
    }
}

tv track_rule_test(const track_rule *t, const char *kind, const stage_seen *sg, evalctx *cx)
{
    if (t->kinds) {
        int held = kind && in_list(t->kinds, kind);
        explain_trace(cx->trace, "kind %s in %s: %s", kind ? kind : "(absent)", t->kinds_desc, held ? "true" : "false");
        if (!held) return TV_FALSE;
    }
    if (t->stage_names && sg->unreadable) {
        explain_trace(cx->trace, "last handover in %s: unknown (a handover cannot be read)", t->names_desc);
        char why[128];
        if (!cx->why) cx->why = xasprintf("events: %s", rec_event_unreadable_why(sg->unreadable, "handover", why, sizeof why));
        cx->why_field = "events";
        return TV_UNKNOWN;
    }
    if (t->stage_names) {
        char day[24] = "";
        if (sg->to[0]) date_format(sg->at, day);
        int held = sg->to[0] && in_list(t->stage_names, sg->to);
        if (sg->to[0])
            explain_trace(cx->trace, "last handover to %s %s in %s: %s", sg->to, day, t->names_desc,
                          held ? "true" : "false");
        else explain_trace(cx->trace, "last handover to (absent) in %s: false", t->names_desc);
        if (!held) return TV_FALSE;
    }
    if (t->when) return expr_test(t->when, cx);
    if (!t->kinds && !t->stage_names) explain_trace(cx->trace, "(no condition): true");
    return TV_TRUE;
}
