/* fuzz_period: period_parse over arbitrary text; a parsed period formats
 * to text that parses back the same, and its due date from a fixed day on
 * the shipped calendar is not before the start. */
#include "calendar.h"
#include "fuzz_common.h"
#include "period.h"

static calendar *cal_once(void)
{
    static calendar *cal;
    if (cal) return cal;
    char dir[4096], *err = NULL;
    snprintf(dir, sizeof dir, "%s/calendar", fuzz_sharedir());
    cal = calendar_load_dir(dir, &err);
    if (!cal) {
        fprintf(stderr, "fuzz: calendar %s: %s\n", dir, err ? err : "?");
        abort();
    }
    return cal;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const calendar *cal = cal_once();
    char *s = fuzz_cstr(data, size);
    period p;
    if (period_parse(s, &p) == 0) {
        char buf[16];
        period_format(&p, buf);
        if (memchr(buf, 0, sizeof buf) == NULL) abort();
        period back;
        if (period_parse(buf, &back) != 0 || back.unit != p.unit || back.n != p.n || back.statutory != p.statutory)
            abort();
        /* Bounded periods only: a due date ten thousand years on is
         * computed (on weekends alone) but is not what this checks. */
        if (p.n >= 0 && p.n <= 3660) {
            zdate from = {date_from_ymd(2023, 9, 28), 9 * 60 + 30};
            int est = 0;
            zdate due = period_due(&p, from, cal, &est);
            if (due.day < from.day) abort();
            from.min = ZDATE_NOTIME;
            due = period_due(&p, from, cal, &est);
            if (due.day < from.day) abort();
        }
    }
    free(s);
    return 0;
}
