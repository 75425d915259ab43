/* termaudit.h: term-audit (终本审核), the audit of 终本 closures and of
 * the key data of every closure against a profile's kind "term" rules. */
#ifndef ZX_TERMAUDIT_H
#define ZX_TERMAUDIT_H
#include "tool.h"

extern const tool_spec termaudit_tool;

#endif
