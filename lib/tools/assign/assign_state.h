/* assign_state.h: what assign remembers between runs (--state FILE).
 *
 * The state is a JSON object
 *   {"version": 1, "profile": "reform2023",
 *    "cursors": {"rule:ID" | "team:TEAM" | "judge:TEAM": "the last one given a case"},
 *    "loads":   {"handler name": cases assigned so far},
 *    "bags":    {"rule:ID": {"rng": "16 hex digits", "left": [names still to draw]}}}
 * read at start and written at the end atomically (a temporary file in the
 * same directory, fsync, rename, fsync of the directory), with its keys
 * sorted so the same state is the same bytes. */
#ifndef ZX_ASSIGN_STATE_H
#define ZX_ASSIGN_STATE_H
#include <jansson.h>
#include <stdint.h>

typedef struct astate {
    json_t *root;
    json_t *cursors, *loads, *bags;   /* borrowed from root */
} astate;

/* Loads path into st; a path that does not exist gives a fresh state.
 * profile_id: the profile of this run; a state written for another
 * profile is refused.  0, or -1 with *err (malloc'd): "state file PATH:
 * what is wrong". */
int astate_load(astate *st, const char *path, const char *profile_id, char **err);
/* A fresh state for profile_id (path NULL). */
int astate_fresh(astate *st, const char *profile_id);
void astate_free(astate *st);

/* Writes the state to path atomically.  0, or -1 with *err (malloc'd). */
int astate_save(const astate *st, const char *path, char **err);

/* The last name recorded under key, or NULL.  Borrowed until the next set. */
const char *astate_cursor(const astate *st, const char *key);
void astate_set_cursor(astate *st, const char *key, const char *name);

long long astate_load_of(const astate *st, const char *name);
void astate_add_load(astate *st, const char *name);

/* The bag of a random-even rule: its generator state (seeded with seed
 * when new) and the names left to draw (a JSON array, borrowed, which the
 * caller may change). */
json_t *astate_bag(astate *st, const char *key, uint64_t seed, uint64_t *rng);
void astate_set_rng(astate *st, const char *key, uint64_t rng);

#endif
