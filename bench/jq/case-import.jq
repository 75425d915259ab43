# case-import: parse and write each record back (the floor of any JSON filter)
.
