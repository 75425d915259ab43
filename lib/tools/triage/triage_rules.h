/* triage_rules.h: the track rules of a profile (kind "track"), as triage
 * tries them, and the pipeline stage a case's handover events put it on.
 *
 * A track rule holds when all of its parts hold (share/man/man1/triage.1):
 *   "kinds"        the case kind (rec_kind) is one of these;
 *   "handover_to"  the case's last handover to a stage names this rule's
 *                  stage (stage.h: these names, or any other name of the
 *                  track's stage);
 *   "when"         the condition.
 * A rule with none of them always holds. */
#ifndef ZX_TRIAGE_RULES_H
#define ZX_TRIAGE_RULES_H
#include <jansson.h>
#include "expr.h"
#include "profile.h"
#include "record.h"
#include "stage.h"

typedef struct track_rule {
    const rule *r;
    const char *track;        /* the track it puts a case on (borrowed) */
    json_t *kinds;            /* array of kind strings (borrowed), or NULL */
    json_t *stage_names;      /* with "handover_to": the names of its stage (borrowed), else NULL */
    const struct expr *when;  /* NULL: no condition */
    char *kinds_desc;         /* "[执, 执恢]" for the explain trace (owned) */
    char *names_desc;         /* "[线下查控组, …]" (owned) */
} track_rule;

typedef struct track_rules {
    track_rule *v;            /* in merged order */
    size_t n;
    stages stages;            /* the names of the stages (owned) */
    json_t *ignore;           /* targets that are no stage, no warning (borrowed) */
} track_rules;

/* Reads the profile's track rules.  0, or -1 with *err (malloc'd):
 * "rule ID: ..." for a rule without "track", a bad "kinds" or
 * "handover_to", or one name given to two stages.  Free with
 * track_rules_free (also after a failure). */
int track_rules_load(track_rules *tr, const profile *p, char **err);
void track_rules_free(track_rules *tr);

/* The last handover event of r whose "to" names a stage. */
typedef struct stage_seen {
    char to[256];             /* its "to" without surrounding blanks; "" when none */
    zdate at;
    int unreadable;           /* rec_event_unreadable(r, "handover"): a handover
                                 that could not be read may be the last one */
} stage_seen;

/* Finds it; warns on r about handovers to something that is neither a
 * stage nor in the profile's triage.handover_ignore list. */
void stage_find(const track_rules *tr, zrec *r, stage_seen *out);

/* Tests one rule on a case of that kind (NULL when unknown).  When
 * cx->trace is set, appends one line per part looked at. */
tv track_rule_test(const track_rule *t, const char *kind, const stage_seen *sg, evalctx *cx);

#endif
