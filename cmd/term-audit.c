/* term-audit: 终本审核, the audit of 终本 closures. */
#include "termaudit.h"

int main(int argc, char **argv) { return tool_main(&termaudit_tool, argc, argv); }
