/* fuzz_caseno: caseno_parse over arbitrary bytes; a parsed number has
 * NUL-ended court and kind, a kind starting with 执, and compares equal to
 * itself. */
#include "caseno.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    caseno c;
    memset(&c, 0x55, sizeof c);
    if (caseno_parse((const char *)data, size, &c) != 0) return 0;
    if (memchr(c.court, 0, sizeof c.court) == NULL) abort();
    if (memchr(c.kind, 0, sizeof c.kind) == NULL) abort();
    if (strncmp(c.kind, "执", strlen("执")) != 0) abort();
    if (c.seq < 0 || c.sub < 0) abort();
    if (caseno_cmp(&c, &c) != 0) abort();
    return 0;
}
