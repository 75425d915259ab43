/* payout-check: audit case funds (执行案款管理). */
#include "payout.h"

int main(int argc, char **argv) { return tool_main(&payout_tool, argc, argv); }
