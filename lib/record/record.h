/* record.h: one case record as it streams through a tool.
 *
 * Ownership (stated once, for the whole library): a zrec is owned by the
 * stream that read it.  A tool's record() callback borrows it: it reads
 * fields with rec_get() and the getters below (a lazy reader's record holds
 * in rec->obj only the values built or set so far: a JSON line's members
 * and a CSV row's cells are built on first use) and adds fields with
 * rec_set(), which takes (steals) the json_t it is given, the way
 * jansson's json_object_set_new() does.  Anything a getter below returns is
 * borrowed from the record and lives until the next record. */
#ifndef ZX_RECORD_H
#define ZX_RECORD_H
#include <jansson.h>
#include <stdint.h>
#include "date.h"

typedef struct zevent {
    const char *node;   /* canonical node id ("notice"), borrowed */
    zdate at;           /* when it happened */
    json_t *ev;         /* the event object (borrowed), for "served", "until", "to"...:
                           read it with event_obj(), which builds it from text */
    const char *text;   /* the event's JSON text (borrowed from the record) when ev is
                           built from it (event_obj(): the record owns ev then); NULL
                           when ev is the record's own value or NULL */
    size_t len;
} zevent;

/* A value of a record not built yet: a top-level member of a JSON-lines
 * record or a cell of a CSV row (member = 1: rec->obj does not hold it
 * until it is built), or a value a tool set as JSON text (rec_set_text)
 * (member = 0: rec->obj holds null under its key meanwhile). */
enum {
    ZCELL_NONE = 0,     /* JSON text */
    ZCELL_TEXT = 1,     /* a CSV cell: a string whose bytes are cells[off..off+len) */
    ZCELL_NESTED = 2    /* a CSV cell of a nested column (rec_unflatten): the value of
                           its JSON text when that parses, else the string */
};
typedef struct zlazy {
    const char *key;    /* NUL-ended; in the record's key store (a CSV cell's: the
                           reader's header, borrowed) */
    size_t off, len;    /* its text: raw[off..off+len), cells[off..off+len) (cell),
                           or text[0..len) */
    char *text;         /* NULL: in the record's input text; else malloc'd, NUL-ended,
                           compact and canonical (what the writer writes for it) */
    uint32_t hash;      /* of key (name_hash) */
    unsigned char member;  /* an input member of a JSON line or a CSV cell: its place
                              in the input's order */
    unsigned char done;    /* built, replaced or dropped: rec->obj has what is left of it */
    unsigned char cell;    /* ZCELL_: what the bytes are */
} zlazy;

#define ZX_LAZY_SLOTS 256
typedef struct zrec {
    json_t *obj;        /* the record's fields, canonical names; owned by the stream */
    const char *file;   /* input name for diagnostics ("-" is "<stdin>") */
    long line;          /* first input line of the record, 1-based */
    const char *raw;    /* the record's input text (UTF-8), without line end */
    size_t rawlen;
    const char *cells;  /* CSV (a lazy reader): the row's cells, unescaped, each
                           followed by a NUL (the reader's buffer); NULL otherwise */
    int broken;         /* 1 when the input could not be read as a record */
    int nerrors;        /* errors added to this record by this tool */
    /* lazily built by rec_events(); private to record.c */
    zevent *events;
    int nevents, events_built;
    /* nodes with an event rec_events() could not read (an invalid date);
     * "*": the events value is not a list, or more nodes than fit */
    const char *unread_nodes[4];
    int nunread;
    json_t *added;      /* names of fields this tool set, in order; private */
    int replaced;       /* a set field existed in the input; private */
    int canonical;      /* JSON lines: rec->raw is byte for byte what the writer would
                           write for rec->obj (compact, canonical numbers); set by the reader */
    int modified;       /* rec->obj no longer matches rec->raw (keys renamed, values
                           rewritten); set by readers and tools that do so.  Not set
                           by rec_unflatten(): a CSV cell made JSON is still the
                           same value */
    const char *dup_key;   /* JSON lines: the first key given twice (the last value kept), or NULL */
    json_t *columns;    /* CSV: the input's columns by key (reader_columns(),
                           borrowed), so that a field with no column is unknown
                           to a rule, not absent; NULL for JSON lines */
    char kindbuf[32];   /* private to rec_kind() */
    /* The values of a JSON line, and the cells of a CSV row, are built
     * when first asked for (rec_get): a tool that never looks at
     * "deadlines" does not build them.  The entries stay, in the input's
     * order, once done.  Private. */
    zlazy *lazy;
    int nlazy, lazycap;
    int nlive;          /* entries not done */
    int nmembers;       /* entries with member = 1 */
    struct zkeys *keys; /* the entries' keys; private to record.c */
    uint16_t slot[ZX_LAZY_SLOTS];   /* entries by key hash (index + 1, 0: free) while
                                       nlazy <= ZX_LAZY_SLOTS * 3 / 4; private */
} zrec;

/* The two process-wide values the library keeps: the name tools put in
 * "errors" entries and diagnostics (set once by tool_main), and the count
 * of data errors reported so far (decides exit status 1). */
extern const char *zx_tool_name;
extern long zx_data_errors;
/* When set, rec_error() and rec_warning() record but do not print: for a
 * first pass over a file whose second pass gives the diagnostics. */
extern int zx_quiet;
/* When set (by tool_main under --mask), rec_error() and rec_warning() record
 * and keep what they would print until rec_flush_diagnostics(): the record
 * is masked in between, so that standard error shows no personal data. */
extern int zx_defer_diagnostics;

/* Prints the record's entries kept since zx_defer_diagnostics was set, as
 * they read now (masked), and forgets them; r NULL: forgets them unprinted. */
void rec_flush_diagnostics(zrec *r);

/* The value of a field (borrowed), or NULL when absent.  Every read of a
 * record's field goes through here (or the typed getters below, which do):
 * it builds a list or object of a JSON line on first use. */
json_t *rec_get(const zrec *r, const char *field);

/* Builds every value not built yet: before rec->obj is walked whole
 * (written out anew, masked, normalised). */
void rec_materialise(zrec *r);

/* Builds the values still in the record's input text; values a tool set
 * as text (rec_set_text) stay text, and so do a CSV row's cells (the
 * writer writes them from their bytes). */
void rec_materialise_read(zrec *r);

/* For the JSON-lines reader: the line's next member, key[0..keylen) with
 * its value at raw[off..off+len), built on first use (rec_get).  A key
 * given already keeps its place and takes this value (the last wins);
 * r->dup_key names the first such key.  0; 1 when the key holds a NUL
 * (the reader builds such a line whole); -1 when out of memory. */
int rec_member_add(zrec *r, const char *key, size_t keylen, size_t off, size_t len);

/* For the CSV reader: the row's next cell, in column order, a string
 * whose bytes are r->cells[off..off+len) (set r->cells once the row is
 * read), built on first use (rec_get).  key (NUL-ended, its name_hash
 * hash) is borrowed: it outlives the record (the reader's header); a
 * row's keys are distinct.  0, or -1 when out of memory. */
int rec_cell_add(zrec *r, const char *key, uint32_t hash, size_t off, size_t len);

/* For the JSON-lines reader: the member `from` is named `to` from now on,
 * in its place (an alias, a name the tools write themselves); the record
 * is modified.  0; 1 when there is no such member or `to` is taken; -1
 * when out of memory. */
int rec_member_rename(zrec *r, const char *from, const char *to);

/* A quick hash of the name s[0..n) (the entries are found by it). */
uint32_t name_hash(const char *s, size_t n);

/* The record's fields in its order: a JSON line's members as they came,
 * then the fields set since (for a CSV record: its columns, then those).
 * Start with a zeroed iterator; 1 while there is a field: *key, and either
 * *v (built) or *z (not built: its text).  Building a value (rec_get) on
 * the way is allowed; setting a field is not. */
typedef struct zfield_iter { int i, started; void *iter; } zfield_iter;
int rec_next_field(const zrec *r, zfield_iter *it, const char **key, json_t **v, const zlazy **z);

/* The input text of field's value when field is a member of the JSON
 * line (not a CSV cell), built or not (borrowed from r->raw, *len bytes), else NULL.  For
 * the writer: a number nothing changed is written as it came. */
const char *rec_member_text(const zrec *r, const char *field, size_t *len);

/* field's entry while its value is not built yet (borrowed), else NULL. */
const zlazy *rec_lazy_of(const zrec *r, const char *field);

/* The text of a value not built yet (borrowed, z->len bytes): JSON text,
 * or a CSV cell's bytes when z->cell (a string; ZCELL_NESTED: maybe JSON). */
static inline const char *rec_lazy_text(const zrec *r, const zlazy *z)
{
    return z->text ? z->text : (z->cell ? r->cells : r->raw) + z->off;
}

/* Sets field (as rec_set does) to the value whose JSON text is
 * text[0..len), copied: compact and canonical, as the writer would write
 * it.  The value is built only if someone asks for it (rec_get); the
 * writer copies the text.  For a large value a tool makes only to be
 * written (deadline-check's "deadlines"), so that no jansson value is
 * made of it.  0, or -1 when out of memory. */
int rec_set_text(zrec *r, const char *field, const char *text, size_t len);

/* Forgets every value not built yet (the reader builds the record whole
 * instead). */
void rec_lazy_forget(zrec *r);

/* Sets a field (steals value).  Replaces an existing field of that name. */
void rec_set(zrec *r, const char *field, json_t *value);

/* Appends {"tool", "field", "message"} to the record's "errors" and prints
 * "FILE:LINE: field: message" to standard error.  The run will exit 1. */
void rec_error(zrec *r, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Same for "warnings"; the exit status is not changed. */
void rec_warning(zrec *r, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Typed getters by canonical field name.  They accept either the canonical
 * JSON type (number, "YYYY-MM-DD", true) or the text a spreadsheet holds
 * ("8.5万", "2023年3月1日", "是").  Return 1 when present and parsed, 0 when
 * absent, null or empty, -1 when present but unparsable (the caller decides
 * whether that is an error worth reporting; rec_bad_field() reports once). */
int rec_text(const zrec *r, const char *field, const char **out);  /* enumerated fields canonicalised (values.tsv) */
int rec_money(const zrec *r, const char *field, int64_t *fen);
int rec_date(const zrec *r, const char *field, zdate *out);
int rec_bool(const zrec *r, const char *field, int *out);

/* Reports "field: invalid <what> 'text'" once per record and field. */
void rec_bad_field(zrec *r, const char *field, const char *what);

/* 1 if the record's flags (a JSON list, or text separated by , ， ; ； 、 | or
 * blanks; Chinese tag names accepted) contain the canonical flag. */
int rec_has_flag(const zrec *r, const char *flag);

/* Splits flag text at , ， ; ； 、 | and blanks: copies the next tag into
 * tag (truncated to cap) and advances *cursor; 0 when none is left. */
int flag_next(const char **cursor, char *tag, size_t cap);

/* Case kind ("执", "执恢", ...): the "kind" field, else parsed from case_no.
 * NULL when neither gives one. */
const char *rec_kind(zrec *r);

/* Node events of the record: the "events" list plus flat "<node>_at" fields,
 * plus "filed" (filed_on) and "closed" (closed_on); sorted by time, stable.
 * Events with an unreadable node or date get an error once and are skipped. */
int rec_events(zrec *r, const zevent **out);

/* 0 when every event of node (canonical) could be read; 1 when the
 * record's events are not a list of node events (none can be read); 2 when
 * an event of that node has a date that cannot be read.  The rules reading
 * that node cannot be decided (SPEC 6): rec_events() has put the error on
 * the record.  Builds the events (rec_events) if need be. */
int rec_event_unreadable(zrec *r, const char *node);

/* Why a rule reading node cannot be decided when rec_event_unreadable()
 * gave code (1 or 2), the one wording: "not a list of node events" or "a
 * NODE event's date cannot be read", written into buf (cap bytes), which
 * is returned.  Said of the field "events". */
const char *rec_event_unreadable_why(int code, const char *node, char *buf, size_t cap);

/* The event object of a listed event (borrowed: it lives as long as the
 * record), built from its text on first use; NULL for a flat column's
 * event ("<node>_at") and for "filed" and "closed". */
json_t *event_obj(const zevent *e);

/* The event's "to" (a handover's target) without surrounding blanks, copied
 * into buf (cap bytes, cut to fit); NULL when it has none, or only blanks. */
const char *event_to(const zevent *e, char *buf, size_t cap);

/* For a record read from CSV: cells holding nested values that a CSV
 * writer flattened to JSON text (events, funds, flags and the fields tools
 * add: a cell starting with '[' or '{' whose text parses) become JSON
 * again, an empty one is no field, and a "_more" cell's keys are put back
 * on the record.  A cell not built yet (a lazy reader's) stays so: it is
 * parsed when first asked for (rec_get), as JSON lines' lists are, and a
 * writer writes canonical text as it is. */
void rec_unflatten(zrec *r);

/* 1 when a CSV file whose columns (reader_columns()) are these has none for
 * field: for "events", neither an events column nor a "<node>_at" one; a
 * "_more" column may hold any field, so never.  A field without a column
 * is not known to be absent: the rules reading it cannot be decided. */
int columns_lack(json_t *columns, const char *field);
/* The same for the record's own input (0 for JSON lines). */
int rec_no_column(const zrec *r, const char *field);

/* Frees what the record holds and zeroes it. */
void rec_clear(zrec *r);
/* The same, keeping its buffers for the next record (the reader's). */
void rec_reset(zrec *r);

#endif
