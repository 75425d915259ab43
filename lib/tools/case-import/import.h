/* import.h: case-import, national-system exports to canonical JSON lines. */
#ifndef ZX_IMPORT_H
#define ZX_IMPORT_H
#include "tool.h"
extern const tool_spec import_tool;
#endif
