/* assign.h: the assign tool (分案): a team, a handler and, where the
 * profile pairs one, a judge for every case, by the profile's route rules,
 * with rotation state kept between runs (assign(1)). */
#ifndef ZX_ASSIGN_H
#define ZX_ASSIGN_H
#include "tool.h"
extern const tool_spec assign_tool;
#endif
