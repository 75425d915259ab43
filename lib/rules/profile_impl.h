/* profile_impl.h: a loaded rule with its file and compiled conditions,
 * shared by profile.c (loading, merging) and profile_rule.c (checking one
 * rule).  Private to the library. */
#ifndef ZX_PROFILE_IMPL_H
#define ZX_PROFILE_IMPL_H
#include <jansson.h>
#include <stddef.h>
#include "expr.h"
#include "profile.h"

/* A condition of a rule: its own key "when", "check" or "*_when" (a
 * condition inside a nested object is refused at load: no tool reads one). */
typedef struct rule_cond {
    char *key;
    expr *e;
} rule_cond;

typedef struct zrule {
    rule pub;              /* first, so a rule * is a zrule * */
    const char *file;      /* the file that holds it (borrowed from its layer) */
    size_t index;          /* its place in that file's "rules", 0-based */
    rule_cond *conds;
    size_t nconds;
} zrule;

/* Checks one rule past its id: source, kind, node and period keys (node
 * ids rewritten to their canonical form in place), conditions (compiled
 * with the declared vars), tracks (against tracks, an array of {"id"}).
 * 0, or -1 with *err (malloc'd): "FILE: rule ID: what is wrong". */
int rule_check(zrule *r, json_t *tracks, json_t *vars, char **err);

/* Checks a file's "vars" declaration (name -> type, the types already
 * checked) against the tool variables the tools supply (profile_rule.c's
 * kind table): each name is one a tool supplies, with that type.  0, or -1
 * with *err (malloc'd): "FILE: vars: ...". */
int tool_vars_check(json_t *vars, const char *file, char **err);

/* Frees what rule_check attached to r. */
void rule_release(zrule *r);

#endif
