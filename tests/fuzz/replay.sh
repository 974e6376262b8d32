#!/bin/sh
# Replays every fuzz target's seed corpus (tests/fuzz/corpus/NAME) and
# regression inputs (tests/fuzz/regress/NAME: inputs that once crashed,
# leaked or hung, each added with its fix) through the target built with
# the plain driver (standalone.c).  Under the sanitizer build of CI this is
# the fuzzers' findings kept as tests.  TAP output, one line per target.
: "${DV:=src/dv}" "${top_srcdir:=.}"
build=$(cd "$(dirname "$DV")/.." && pwd)
n=0 fails=0
for dir in "$top_srcdir"/tests/fuzz/corpus/*/; do
    t=$(basename "$dir")
    bin=$build/tests/fuzz/fuzz_$t
    n=$((n + 1))
    if [ ! -x "$bin" ]; then
        echo "not ok $n - fuzz_$t: $bin is not built"; fails=$((fails + 1)); continue
    fi
    set -- "$dir"
    [ -d "$top_srcdir/tests/fuzz/regress/$t" ] && set -- "$@" "$top_srcdir/tests/fuzz/regress/$t"
    if out=$("$bin" "$@" 2>&1); then
        echo "ok $n - $(echo "$out" | tail -n 1)"
    else
        echo "not ok $n - fuzz_$t failed on its corpus:"; echo "$out" | tail -n 30 | sed 's/^/# /'
        fails=$((fails + 1))
    fi
done
echo "1..$n"
[ $fails -eq 0 ]
