/* profile.h: a court's rules as data (share/profiles/<id>.json).
 *
 * A profile owns everything it returns; it lives until profile_free(). */
#ifndef ZX_PROFILE_H
#define ZX_PROFILE_H
#include <jansson.h>
#include <stdio.h>
#include <stddef.h>

struct expr;

typedef struct rule {
    const char *id;       /* stable id, e.g. "yindu.track.fast.amount" */
    const char *kind;     /* "track", "route", "deadline", "term", "fund" */
    const char *source;   /* the clause it encodes: "殷法【2022】34号 一(一)1" */
    const char *profile;  /* id of the profile file that defined it */
    json_t *def;          /* the rule's JSON object, borrowed */
} rule;

typedef struct profile profile;

/* Loads a profile by id (share/profiles/<id>.json under sharedir) or by path
 * (anything containing '/' or ending in ".json"), with its "extends" chain,
 * validating every rule (see share/profiles/README).  Returns the profile
 * (caller frees with profile_free) or NULL with *err (malloc'd, caller
 * frees): "FILE: rule ID: what is wrong". */
profile *profile_load(const char *name_or_path, const char *sharedir, char **err);
void profile_free(profile *p);

const char *profile_id(const profile *p);
const char *profile_name(const profile *p);   /* the court's name */

/* Merged rules: the profile's own rules in file order, then its parent's
 * (recursively) minus those it overrides (same id) or lists in "disable". */
size_t profile_nrules(const profile *p);
const rule *profile_rule(const profile *p, size_t i);
const rule *profile_find_rule(const profile *p, const char *id);

/* The compiled condition under key (e.g. "when", "check", any key ending
 * in "_when") of a rule; NULL when the rule has no such key. */
const struct expr *rule_expr(const rule *r, const char *key);

/* A profile error (a message naming no rule) into *err (malloc'd, the
 * caller frees; NULL when out of memory).  Returns -1. */
int profile_error(char **err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* 1 when a is a non-empty list of non-empty strings (a rule's "kinds",
 * "handover_to" ...), else 0. */
int rule_string_list(const json_t *a);

/* The key table check of rules and of the report's indicators: 0 when
 * every key of obj is one of the NULL-ended lists keys and common (either
 * may be NULL).  Else -1 with *key the first other key (borrowed from obj)
 * and *list the keys that are, for the message "unknown key 'K' (... takes
 * LIST)": "a, b, and c, d" (keys a, b; common c, d), malloc'd, the caller
 * frees. */
int profile_keys_check(json_t *obj, const char *const *keys, const char *const *common, const char **key,
                       char **list);

/* The file (main or include, of any profile of the extends chain) whose
 * entry is `entry`, an element of the merged list section `section`
 * ("report", "tracks" ...): for a message that names it.  Borrowed; NULL
 * when no file holds it. */
const char *profile_entry_file(const profile *p, const char *section, const json_t *entry);

/* The file whose object section `section` gives the merged section its
 * member `key` (the one that wins: "report_settings", "chart"), or with
 * section NULL the profile's own main file: for a message that names it.
 * Borrowed; NULL when no file holds it. */
const char *profile_key_file(const profile *p, const char *section, const char *key);

/* A tool's error about rule r, in the loader's form "FILE: rule ID:
 * message" (FILE the profile file that holds the rule), into *err
 * (malloc'd, the caller frees; NULL when out of memory).  Returns -1. */
int rule_error(char **err, const rule *r, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* A top-level section ("tracks", "teams", "settings", ...), merged over the
 * extends chain: for arrays of objects with "id", the child's entry replaces
 * the parent's of the same id and new ones are appended; for objects, keys
 * of the child win.  Borrowed; NULL when absent everywhere. */
json_t *profile_section(const profile *p, const char *key);

/* The record fields the conditions of the profile's rules of kind (NULL:
 * every rule) read (expr_fields()): a new object, field -> [ids of the
 * rules that read it], the caller decrefs. */
json_t *profile_fields_read(const profile *p, const char *kind);

/* Prints every rule: "ID<TAB>KIND<TAB>SOURCE" a line (--list-rules). */
void profile_list_rules(const profile *p, FILE *out);

#endif
