/* assign: gives each case a team and a handler by the profile's rules (分案). */
#include "assign.h"

int main(int argc, char **argv) { return tool_main(&assign_tool, argc, argv); }
