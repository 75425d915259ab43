#!/usr/bin/env bats
# The library's layers (lib/LAYERS, lowest first: values < record < io <
# rules < tools): no file includes a header of a layer above its own
# (tools/check-layers.sh), and every folder of lib/ is a layer.
load helper
bats_require_minimum_version 1.5.0

@test "layers: no file of lib/ includes a header of a higher layer" {
  cd "$ZX_ROOT"
  run --separate-stderr sh tools/check-layers.sh lib
  assert_equal "$stderr" ""
  assert_output ''
  assert_success
}

# A small library of three layers to break.
mini() {
  L="$BATS_TEST_TMPDIR/lib"
  mkdir -p "$L/values" "$L/record" "$L/tools/triage"
  printf '# lowest first\nvalues\nrecord\ntools\n' > "$L/LAYERS"
  printf '#include "date.h"\n' > "$L/values/date.c"
  : > "$L/values/date.h"
  printf '#include "record.h"\n#include "date.h"\n#include <stdio.h>\n' > "$L/record/record.c"
  : > "$L/record/record.h"
  printf '#include "record.h"\n#include "date.h"\n' > "$L/tools/triage/triage.c"
}

@test "layers: a lower layer including a higher one fails, naming the file and the header" {
  mini
  run -0 sh "$ZX_ROOT/tools/check-layers.sh" "$L"
  assert_output ''
  printf '#include "date.h"\n#include "record.h"\n' > "$L/values/date.c"
  printf '#include "triage.c"\n' > "$L/record/record.h"
  run -1 sh "$ZX_ROOT/tools/check-layers.sh" "$L"
  assert_output "$L/record/record.h: includes \"triage.c\" (tools), above its layer record
$L/values/date.c: includes \"record.h\" (record), above its layer values"
}

@test "layers: a file in a folder that is not in LAYERS fails" {
  mini
  mkdir -p "$L/extra"
  printf '#include "date.h"\n' > "$L/extra/x.c"
  run -1 sh "$ZX_ROOT/tools/check-layers.sh" "$L"
  assert_output "$L/extra/x.c: folder 'extra' is not a layer of $L/LAYERS"
}

@test "layers: the Makefile builds from the folders lib/LAYERS names" {
  cd "$ZX_ROOT"
  run -0 make -s -n -p all
  assert_line --regexp '^LAYERS := values record io rules tools$'
}
