# assign: round robin over three teams in input order (no state file: the floor of the rule)
. + {team: (["首执第一团队", "首执第二团队", "首执第三团队"][(input_line_number % 3)])}
