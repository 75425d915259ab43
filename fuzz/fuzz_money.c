/* fuzz_money: money_parse over arbitrary bytes; what parses must format to
 * a text that parses back to the same fen. */
#include "fuzz_common.h"
#include "money.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int64_t fen;
    if (money_parse((const char *)data, size, &fen) != 0) return 0;
    if (fen > 9000000000000000LL || fen < -9000000000000000LL) abort();
    char buf[32];
    size_t n = money_format(fen, buf);
    if (n != strlen(buf)) abort();
    int64_t back;
    if (money_parse(buf, n, &back) != 0 || back != fen) abort();
    return 0;
}
