/* warn.c: see warn.h. */
#include "warn.h"

#include <stdio.h>
#include <stdlib.h>

int warn_parse(const char *tool, const char *arg, int *days)
{
    char *end;
    long n = strtol(arg, &end, 10);
    if (*arg == 0 || *end || n < 0 || n > WARN_MAX_DAYS) {
        fprintf(stderr, "%s: invalid argument '%s' for option --warn (days, 0 to %d)\n", tool, arg, WARN_MAX_DAYS);
        return -1;
    }
    *days = (int)n;
    return 0;
}

int warn_due_soon(int32_t due, int32_t as_of, int days)
{
    return due >= as_of && (int64_t)due <= (int64_t)as_of + days;
}
