/* tool.h: the life cycle every tool shares (after Miller's mappers).
 *
 *   main() -> tool_main(&spec) : parse the command line, load the profile,
 *   open(), then record() for each record in input order, then finish(),
 *   then free().  Exit codes are SPEC 4's. */
#ifndef ZX_TOOL_H
#define ZX_TOOL_H
#include <getopt.h>
#include "calendar.h"
#include "date.h"
#include "reader.h"
#include "record.h"

enum { EXIT_OK = 0, EXIT_DATA = 1, EXIT_USAGE = 2, EXIT_IO = 3 };

struct profile;
struct zwriter;

typedef struct zopts {
    const char *tool;            /* program name */
    const char *profile_name;    /* -p, default "spc" */
    struct profile *profile;     /* loaded, owned by tool_main */
    calendar *cal;               /* loaded, owned by tool_main */
    const char *sharedir;        /* where share/ data lives */
    zdate as_of;                 /* --as-of, default today in CST */
    int only_flagged;            /* --only-flagged */
    int explain;                 /* --explain */
    char **files;                /* FILE operands (none: stdin) */
    int nfiles;
    zformat in_fmt;              /* -i, for a tool that reads its input twice */
    zencoding enc;               /* --encoding, likewise */
} zopts;

typedef struct tool_spec {
    const char *name;                    /* "triage" */
    const char *summary;                 /* one line for --help */
    const char *usage;                   /* the tool's own options, for --help */
    const struct option *options;        /* extra long options, {0} ended; val >= 256 */
    const char *const *added_fields;     /* fields it adds, NULL ended (CSV header) */
    size_t state_size;                   /* calloc'd and passed as st */
    int needs_profile;                   /* load -p */
    const char *rule_kind;               /* the kind of the profile's rules it applies
                                            ("track"), for the fields they read (a missing
                                            column is warned of); "*" every kind; NULL none */
    /* 1 when the tool itself supplies field whatever the input's columns
     * (case-import's --events and --funds): no missing-column warning for
     * it.  NULL: none. */
    int (*supplies)(void *st, const char *field);
    int reads_whole;                     /* looks at every value of every record: JSON
                                            lines are built whole as read, not on demand */
    /* An extra option; 0, or -1 for a usage error (message printed). */
    int (*option)(void *st, int id, const char *arg);
    /* After the profile is loaded; 0, or -1 with *err (malloc'd) for exit 2
     * (a usage or configuration error), or -3 for exit 3 (an input the
     * tool needs, such as a --history file, cannot be read). */
    int (*open)(void *st, const zopts *o, char **err);
    /* Adds fields to r; returns 1 when the record has a finding (for
     * --only-flagged), 0 when not.  Return -1 to suppress writing the record
     * (only for tools whose option says so, e.g. triage --track). */
    int (*record)(void *st, zrec *r);
    /* After the last record: may write extra output (a --summary) with
     * writer_put_json(); 0, or -1 with *err for exit 3 (state not saved). */
    int (*finish)(void *st, struct zwriter *w, char **err);
    /* 1 when the tool writes its own output in finish() instead of records. */
    int (*replaces_output)(void *st);
    void (*free)(void *st);
    /* When set, -o is the tool's own (report: text, md, csv, jsonl, html,
     * xlsx): its argument goes here instead; 0, or -1 for a usage error
     * (message printed). */
    int (*output_format)(void *st, const char *arg);
    /* Extra short options in getopt form ("O:"), passed to option() with
     * the option letter as id; NULL for none. */
    const char *short_options;
} tool_spec;

int tool_main(const tool_spec *spec, int argc, char **argv);

#endif
