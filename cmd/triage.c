/* triage: put each case on a track of the court's profile (繁简分流). */
#include "triage.h"

int main(int argc, char **argv) { return tool_main(&triage_tool, argc, argv); }
