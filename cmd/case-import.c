/* case-import: national-system exports to canonical JSON lines. */
#include "import.h"

int main(int argc, char **argv) { return tool_main(&import_tool, argc, argv); }
