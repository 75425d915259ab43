/* deadline_impl.h: private to deadline*.c.  A kind "deadline" rule of the
 * profile compiled once at open (deadline_rules.c), and its evaluation on
 * one record (deadline_eval.c). */
#ifndef ZX_DEADLINE_IMPL_H
#define ZX_DEADLINE_IMPL_H
#include <jansson.h>
#include "calendar.h"
#include "date.h"
#include "expr.h"
#include "json_fast.h"
#include "period.h"
#include "profile.h"
#include "record.h"

enum { DL_MAXN = 8 };

typedef enum { FROM_FIRST, FROM_LAST, FROM_EACH } dl_which;

/* Everything borrowed from the profile (lives as long as it does). */
typedef struct dl_rule {
    const rule *r;
    const char *id, *name;
    const char *scope;          /* "scope": shown when "when" is false */
    const char *exempt_reason;  /* "exempt_reason": shown when "exempt_when" holds */
    const char *from[DL_MAXN];  /* start nodes; the earliest event of any starts */
    int nfrom;
    const char *from_attr;      /* "until" of "detention.until", or NULL */
    const char *after[DL_MAXN]; /* "from_after": start events only at or after the first event of any */
    int nafter;
    const char **to_names;      /* malloc'd: "to_track", the names a start handover's "to" may hold */
    int nto;
    const char **done_to_names; /* malloc'd: "done_to_track", likewise for a done handover */
    int ndone_to;
    dl_which which;             /* "from_which": first (default), last, each */
    const char *node[DL_MAXN];  /* done nodes: the earliest of any is the done event */
    int nnode;
    const char *done_attr;      /* "done_attr": the done moment is this date of the done event */
    const char *by;             /* "by": due = this node's first event after the start */
    int if_done;                /* "if_done": only a done event is judged; none is n/a */
    period period;              /* "period" (absent for "by" rules) */
    int repeating;              /* "every" and "for" given */
    period every, span;
    const char *tracks[DL_MAXN];   /* "track": applies only to records on these tracks */
    int ntracks;
    const expr *when, *exempt;
    char node_label[160];       /* the "node" of entries: "handover|closed" */
    char *head;                 /* malloc'd: the start of its entries' text,
                                   {"rule":"<id>","node":"<node_label>" */
    size_t headlen;
    /* The n/a reasons that depend on the rule alone, made once at open
     * (dl_reasons_make) rather than for every record: each is the text the
     * evaluation would build, cut to valid UTF-8.  malloc'd. */
    struct {
        char *scope;        /* "out of scope: SCOPE" */
        char *exempt;       /* "exempt: REASON" */
        char *no_done;      /* if_done: "no A or B[ to X]" */
        char *no_after;     /* "no A or B event" (from_after) */
        char *no_from;      /* "no filed_on", "no A event to X" or "no A event" */
        char *no_from_attr; /* "no A event with ATTR" */
    } na;
} dl_rule;

/* Compiles the profile's kind "deadline" rules into *out (malloc'd array,
 * the caller frees it with dl_free()).  Returns the count, or -1 with *err
 * (malloc'd) naming the rule and the key. */
int dl_compile(const profile *p, dl_rule **out, char **err);
void dl_free(dl_rule *rules, int n);

/* Makes d->na (deadline_eval.c, beside the code that uses them); frees them. */
void dl_reasons_make(dl_rule *d);
void dl_reasons_free(dl_rule *d);

/* One entry of a record's "deadlines" (deadline-check(1) lists its keys).
 * Entries are made for every rule of every record, so they are plain
 * structs written out as text (dl_list_dump), not jansson values. */
typedef struct dl_entry {
    const dl_rule *d;       /* its "rule" and "node" */
    zdate from, due, done;
    unsigned has_from : 1, has_due : 1, has_done : 1, estimated : 1;
    unsigned reason_fixed : 1;  /* reason is the rule's (d->na) or static text: not freed */
    const char *status;     /* a string literal: "met", "late", ..., "n/a"; their first
                               bytes differ (deadline.c tells them apart by it) */
    long days_over;
    int seq;                /* the window of a repeating rule, 1-based; 0 none */
    char *reason;           /* malloc'd (unless reason_fixed), or NULL */
} dl_entry;

/* A record's entries; the array is kept from record to record. */
typedef struct dl_list {
    dl_entry *v;
    size_t n, cap;
} dl_list;

/* Empties the list for the next record (frees what its entries hold). */
void dl_list_reset(dl_list *l);
/* Frees the list. */
void dl_list_free(dl_list *l);
/* Appends the list as a JSON array, as json_dumps() would write the same
 * entries made as objects.  0, or -1 when out of memory. */
int dl_list_dump(const dl_list *l, jbuf *b);

/* What one record's evaluation needs besides the rule. */
typedef struct dl_ctx {
    zrec *rec;
    const calendar *cal;
    zdate as_of;
    int warn_days;
    json_t *explain;    /* --explain: the deadline_explain list, one entry per rule
                           (explain.h) appended by dl_eval; NULL without */
    char *why;          /* while a rule is evaluated with --explain: why it is blocked
                           (malloc'd, the first reason), or NULL */
    int closed_rc;      /* rec_date() of closed_on: 1 closed on the day in closed, 0 open, -1 unreadable */
    zdate closed;
    int estimated;      /* set to 1 when a due date went beyond the calendar */
    /* Looked up once per record, on first use (0: not yet). */
    int filed_known, filed_rc;      /* rec_date() of filed_on */
    int track_known, track_rc;      /* rec_text() of track, into track */
    const char *track;
    int kind_known;                 /* evalctx's kind cache (expr.h) */
    const char *kind;
    json_t *blocked;    /* field -> {"msg", "rules": [ids]}: unreadable values; made
                           when the first one is met (NULL until then) */
} dl_ctx;

/* Appends the entries of rule d for the record to list (one, or one per
 * start event or repeating window). */
void dl_eval(const dl_rule *d, dl_ctx *c, dl_list *list);

#endif
