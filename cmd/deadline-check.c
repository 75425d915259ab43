/* deadline-check: node deadlines (节点管控, 超期预警). */
#include "deadline.h"

int main(int argc, char **argv) { return tool_main(&deadline_tool, argc, argv); }
