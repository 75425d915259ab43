/* money_json.c: see money_json.h. */
#include "money_json.h"

json_t *money_json(int64_t fen)
{
    if (fen % 100 == 0) return json_integer(fen / 100);
    return json_real((double)fen / 100.0);
}
