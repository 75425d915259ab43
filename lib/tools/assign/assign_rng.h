/* assign_rng.h: the small reproducible generator behind random-even
 * distribution (监法（2022）19号 第三组1): splitmix64, so a bag drawn
 * from a state file comes out the same on every machine. */
#ifndef ZX_ASSIGN_RNG_H
#define ZX_ASSIGN_RNG_H
#include <stddef.h>
#include <stdint.h>

/* Advances *state and returns the next 64-bit value. */
uint64_t rng_next(uint64_t *state);

/* A value in [0, n) without modulo bias (n > 0). */
uint64_t rng_below(uint64_t *state, uint64_t n);

/* A stable seed from text (FNV-1a, 64 bits): a rule's id when it names
 * no "seed". */
uint64_t rng_seed_of(const char *text);

#endif
