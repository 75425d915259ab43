/* payout.h: payout-check, the audit of case funds (执行案款管理).
 * The rules are the profile's kind "fund" rules (payout_rules.h); the
 * matching of money is payout_eval.h's; the fields written are SPEC 2's
 * "payout" (payout-check(1)). */
#ifndef ZX_PAYOUT_H
#define ZX_PAYOUT_H
#include "tool.h"
extern const tool_spec payout_tool;
#endif
