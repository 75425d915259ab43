#!/bin/sh
# check-layers.sh [LIBDIR]: fails (exit 1) when a file of a lower layer of
# the library includes a header of a higher one, or lies in a folder that
# is not a layer.  The order is LIBDIR/LAYERS (default lib/LAYERS), lowest
# first; a header is placed by the folder that holds it.  Prints one line
# per offence: FILE: includes "H" (LAYER), above its layer LAYER.
set -u
lib=${1:-lib}
[ -r "$lib/LAYERS" ] || { echo "check-layers: $lib/LAYERS: cannot read" >&2; exit 2; }
layers=$(sed -n 's/^\([a-z][a-z-]*\)$/\1/p' "$lib/LAYERS")
rank() { n=0; for l in $layers; do n=$((n + 1)); [ "$l" = "$1" ] && { echo $n; return; }; done; echo 0; }
layer_of() { p=${1#"$lib"/}; echo "${p%%/*}"; }
bad=0
for f in $(find "$lib" -mindepth 2 -name '*.[ch]' | sort); do
  lf=$(layer_of "$f"); rf=$(rank "$lf")
  if [ "$rf" = 0 ]; then echo "$f: folder '$lf' is not a layer of $lib/LAYERS"; bad=1; continue; fi
  for h in $(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$f"); do
    at=$(find "$lib" -mindepth 2 -name "$(basename "$h")" | head -1)
    [ -n "$at" ] || continue        # not the library's (e.g. a system header in quotes)
    lh=$(layer_of "$at"); rh=$(rank "$lh")
    if [ "$rh" -gt "$rf" ]; then echo "$f: includes \"$h\" ($lh), above its layer $lf"; bad=1; fi
  done
done
exit $bad
