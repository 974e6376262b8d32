#!/bin/sh
# The session shown in README.md is what dv prints: the command on its
# "$ " line is run and its output compared with the lines under it (the
# README's picture had drifted from the plots dv draws).
: "${DV:=src/dv}" "${top_srcdir:=.}"
case $DV in /*) ;; *) DV=$(pwd)/$DV ;; esac
cd "$top_srcdir" || exit 99
tmp=${TMPDIR:-/tmp}/dv-readme.$$
mkdir -p "$tmp" || exit 99
trap 'rm -rf "$tmp"' EXIT
cmd=$(grep -m 1 '^\$ NO_COLOR=1 COLUMNS=72 LINES=16 src/dv ' README.md | sed 's/^\$ //')
[ -n "$cmd" ] || { echo "not ok 1 - README.md shows a session"; exit 1; }
sed -n '/^\$ NO_COLOR=1 COLUMNS=72 LINES=16 src\/dv /,/^```/p' README.md | sed '1d;$d' > "$tmp/want"
cmd=$(printf '%s\n' "$cmd" | sed "s|src/dv|\"$DV\"|")
eval "LC_ALL=C.UTF-8 $cmd" > "$tmp/got" 2>&1
echo "1..1"
if cmp -s "$tmp/want" "$tmp/got"; then echo "ok 1 - README.md's session is what dv prints"; else
    echo "not ok 1 - README.md's session is what dv prints"; diff "$tmp/want" "$tmp/got" | sed 's/^/# /'; exit 1; fi
