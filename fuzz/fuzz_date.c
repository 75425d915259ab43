/* fuzz_date: date_parse over arbitrary bytes; a parsed date is a real day
 * and formats to ISO text that parses back to the same moment. */
#include "fuzz_common.h"
#include "date.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    zdate d;
    if (date_parse((const char *)data, size, &d) != 0) return 0;
    int y, m, dd;
    date_to_ymd(d.day, &y, &m, &dd);
    if (!date_valid_ymd(y, m, dd)) abort();
    if (d.min < ZDATE_NOTIME || d.min > 1439) abort();
    char buf[24];
    size_t n = date_format(d, buf);
    if (n != strlen(buf)) abort();
    zdate back;
    if (date_parse(buf, n, &back) != 0 || back.day != d.day || back.min != d.min) abort();
    if (date_cmp(d, back) != 0) abort();
    date_weekday(d.day);
    date_add_months(d.day, 6);
    return 0;
}
