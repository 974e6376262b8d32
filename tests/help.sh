#!/bin/sh
# help fits the screen: the overview in 80x24 (at most 23 lines, none
# wider than 80 columns), every topic page no wider than 78 columns and
# at most 23 lines, and every section's and builtin's page no wider than
# 80 columns and at most 23 lines.  No page points into the source tree
# (src/...): a user who installed dv has none.
: "${DV:=src/dv}"
export NO_COLOR=1 LC_ALL=C.UTF-8 COLUMNS=80 LINES=24
fails=0
n=0
check() { # check NAME COMMAND-OUTPUT MAX-LINES MAX-WIDTH
    n=$((n + 1))
    lines=$(printf '%s\n' "$2" | wc -l)
    wide=$(printf '%s\n' "$2" | awk -v w="$4" 'length($0) > w' | head -n 1)
    src=$(printf '%s\n' "$2" | grep 'src/' | head -n 1)
    if [ "$lines" -le "$3" ] && [ -z "$wide" ] && [ -z "$src" ] && [ -n "$2" ]; then
        echo "ok $n - $1 ($lines lines)"; else
        echo "not ok $n - $1: $lines lines, wider than $4: $wide, a source path: $src"; fails=$((fails + 1)); fi
}
check "help overview" "$("$DV" -e 'help')" 23 80
for s in $("$DV" -e 'help' | sed -e '1d' -e '/^topics/,$d' | awk '/^[a-z]/ { print $1 }'); do
    check "help $s" "$("$DV" -e "help $s")" 23 80
done
for t in $("$DV" -e 'help' | sed -n 's/^topics *//p'); do
    check "help $t" "$("$DV" -e "help $t")" 23 78
done
# every builtin the overview lists (its lines between the first and the
# topics line; the first word of a line is the section)
for b in $("$DV" -e 'help' | sed -e '1d' -e '/^topics/,$d' | awk '{ for (i = ($0 ~ /^ /) ? 1 : 2; i <= NF; i++) print $i }'); do
    check "help $b" "$("$DV" -e "help $b" 2>&1)" 23 80
done
echo "1..$n"
[ $fails -eq 0 ]
