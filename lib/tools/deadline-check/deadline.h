/* deadline.h: deadline-check, node deadlines (节点管控, 超期预警).
 *
 * Adds "deadlines" (one entry per deadline rule of the profile, or per
 * start event or repeating window) and "overdue" (how many are overdue)
 * to every record; --summary writes one row per team and handler instead.
 * The rule keys and the status semantics are in deadline-check(1). */
#ifndef ZX_DEADLINE_H
#define ZX_DEADLINE_H
#include "tool.h"
extern const tool_spec deadline_tool;
#endif
