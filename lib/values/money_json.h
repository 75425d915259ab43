/* money_json.h: money as an exact JSON number. */
#ifndef ZX_MONEY_JSON_H
#define ZX_MONEY_JSON_H
#include <jansson.h>
#include <stdint.h>

/* A new JSON number for an amount of fen: an integer for whole yuan, else
 * a real that prints back exactly with JSON_REAL_PRECISION(15) (the
 * writer's setting).  Caller owns the reference. */
json_t *money_json(int64_t fen);

#endif
