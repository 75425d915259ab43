/* report: the bulletin (通报) and team assessments (考核) over the annotated stream. */
#include "report.h"

int main(int argc, char **argv) { return tool_main(&report_tool, argc, argv); }
