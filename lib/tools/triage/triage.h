/* triage.h: the triage tool (繁简分流): puts each case on a track of the
 * profile (a team kind, or 监利's pipeline stage) with the ids of the rules
 * that put it there (SPEC 2; share/man/man1/triage.1).
 *
 * Global state: the list of added fields the tool spec points at gains
 * "track_explain" when --explain is given (set once, in open). */
#ifndef ZX_TRIAGE_H
#define ZX_TRIAGE_H
#include "tool.h"
extern const tool_spec triage_tool;
#endif
