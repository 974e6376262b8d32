#!/bin/sh
# examples/lecture.dv in its quick mode (DV_QUICK=1): it runs, prints every slide's
# heading in order with its numbers, gives the lecture's promised results
# (44 components for 80%, MDS equal to PCA, queen for the Bible's king),
# and prints exactly the same on a second run (it is seeded).
: "${DV:=src/dv}" "${top_srcdir:=.}"
cd "$top_srcdir" || exit 99
tmp=${TMPDIR:-/tmp}/dv-lecture.$$
mkdir -p "$tmp" || exit 99
trap 'rm -rf "$tmp"' EXIT
export LC_ALL=C.UTF-8 NO_COLOR=1 COLUMNS=80 LINES=24 DV_QUICK=1
fails=0
ok() { echo "ok - $1"; }
bad() { echo "not ok - $1"; fails=$((fails + 1)); }
"$DV" examples/lecture.dv > "$tmp/1" 2> "$tmp/err1"; rc=$?
[ $rc -eq 0 ] && ok "the lecture runs" || { bad "the lecture exits $rc"; tail -5 "$tmp/err1"; }
# (stderr has the loaders' notes, "...: the MNIST test set (recognised by its labels)")
grep -qE 'warning|error' "$tmp/err1" && bad "no warning or error on stderr: $(grep -E 'warning|error' "$tmp/err1" | head -3)" ||
    ok "no warning or error on stderr"
grep -o '^== [0-9]*\.' "$tmp/1" | tr -d '=. ' | tr '\n' ' ' > "$tmp/heads"
want=$(grep -o '^print "== [0-9]*\.' examples/lecture.dv | tr -dc '0-9\n' | tr '\n' ' ')
[ "$(cat "$tmp/heads")" = "$want" ] && ok "every slide's heading, in order ($want)" ||
    bad "headings: $(cat "$tmp/heads"), expected $want"
has() { grep -qF -- "$2" "$tmp/1" && ok "$1" || bad "$1: no '$2'"; }
has "components for 80% of the variance" "components for 80% of the variance: 44"
has "MDS is PCA" "largest difference between |MDS| and |PCA| scores: 0"
has "GloVe: king - man + woman is queen" "queen                 0.7834"
grep -A3 '^== 13\.' "$tmp/1" | grep -q '^0  queen ' && ok "the Bible's vectors: man is to woman as king is to queen" ||
    bad "the Bible's vectors: man is to woman as king is to queen"
"$DV" examples/lecture.dv > "$tmp/2" 2> "$tmp/err2"
cmp -s "$tmp/1" "$tmp/2" && ok "a second run prints the same" || { bad "a second run prints the same"; diff "$tmp/1" "$tmp/2" | head; }
[ $fails -eq 0 ]
