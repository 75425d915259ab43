/* warn.h: the --warn DAYS option that deadline-check and payout-check
 * share: the window before a due date in which an open item is "due_soon"
 * (SPEC 5.2; 浉法〔2023〕30号 二(五)2 对即将到期的……提示, 二(六)5(2)
 * 发现即将超期). */
#ifndef ZX_WARN_H
#define ZX_WARN_H
#include <stdint.h>

enum { WARN_DEFAULT_DAYS = 2, WARN_MAX_DAYS = 3660 };

#define WARN_USAGE "      --warn DAYS         warning window for due_soon (default 2)\n"

/* Reads the argument of --warn into *days (0 to WARN_MAX_DAYS).  0, or -1
 * after printing "TOOL: invalid argument 'x' for option --warn (days, 0 to
 * 3660)" to standard error. */
int warn_parse(const char *tool, const char *arg, int *days);

/* 1 when a due day not yet past is within the window: as_of <= due <=
 * as_of + days. */
int warn_due_soon(int32_t due, int32_t as_of, int days);

#endif
