#!/bin/sh
# data:NAME file names: found from any directory (the source tree's
# examples/data for an uninstalled dv), DV_DATA folders first, clear
# errors; the examples run from another directory.
: "${DV:=src/dv}" "${top_srcdir:=.}"
case $DV in /*) ;; *) DV=$(pwd)/$DV ;; esac
top=$top_srcdir; case $top in /*) ;; *) top=$(cd "$top" && pwd) ;; esac # as configure compiled it in (a VPATH build keeps its "..")
tmp=${TMPDIR:-/tmp}/dv-datapath.$$
mkdir -p "$tmp/a" "$tmp/b" || exit 99
trap 'rm -rf "$tmp"' EXIT
export NO_COLOR=1 LC_ALL=C.UTF-8
unset DV_DATA
fails=0
n=0
check() { # check NAME EXPECTED ACTUAL
    n=$((n + 1))
    if [ "$2" = "$3" ]; then echo "ok $n - $1"; else
        echo "not ok $n - $1"; echo "#  want: $2"; echo "#  got:  $3"; fails=$((fails + 1)); fi
}
cd "$tmp" || exit 99

check "data:iris.csv from another directory" "[150, 4] 3" \
    "$("$DV" -e 'X = load("data:iris.csv"); print shape(X), len(X.classes)' 2>/dev/null | tail -n 1)"
check "a file in a subfolder: data:mnist/..." "[10000, 784]" \
    "$("$DV" -e 'print shape(load("data:mnist/t10k-images-idx3-ubyte.gz"))' 2>/dev/null | tail -n 1)"
check "an image folder: data:faces/orl" "[400, 10304]" \
    "$("$DV" -e 'print shape(load("data:faces/orl"))' 2>/dev/null)"

printf 'a,b\n1,2\n3,4\n' > "$tmp/a/iris.csv"
printf 'x,y\n5,6\n' > "$tmp/b/mine.csv"
check "DV_DATA folders come first, in order" "[2, 2] [1, 2]" \
    "$(DV_DATA="$tmp/a:$tmp/b" "$DV" -e 'print shape(load("data:iris.csv")), shape(load("data:mine.csv"))' 2>/dev/null)"
check "a name without data: is itself" "[2, 2]" "$("$DV" -e 'print shape(load("a/iris.csv"))' 2>/dev/null)"

err=$(DV_DATA="$tmp/b" "$DV" -e 'load("data:nope.csv")' 2>&1)
case $err in
"-e:1:6: error: load: no data file 'nope.csv' (looked in $tmp/b, "*"/data, $top/examples/data; DV_DATA adds folders)")
    check "a missing data file names the folders searched" ok ok ;;
*) check "a missing data file names the folders searched" "(the folders)" "$err" ;;
esac
check "data: alone names no file" "-e:1:6: error: load: 'data:' names no file: write data:NAME, e.g. data:iris.csv" \
    "$("$DV" -e 'load("data:")' 2>&1)"
check "word2vec resolves its corpus" "-e:1:10: error: word2vec: no data file 'none.txt' (looked in $tmp/a; DV_DATA adds folders)" \
    "$(DV_DATA="$tmp/a" "$DV" -e 'word2vec("data:none.txt")' 2>&1 | sed "s|, [^;]*/data, $top/examples/data;|;|")"
check "analogies resolves its file" "total:" \
    "$("$DV" -e 'E = load("data:glove.6B.100d.top10k.txt.gz"); analogies(E, "data:kjv-analogies.txt")' 2>/dev/null | grep -o '^total:')"

# Every example finds its data from any directory: none names a file by
# its place in the source tree (the longer ones are too slow to run here).
check "no example loads examples/data/... by a relative path" "" \
    "$(cd "$top" && grep -l '"examples/data/' examples/*.dv)"
"$DV" "$top/examples/tour.dv" > "$tmp/tour.out" 2>&1
check "examples/tour.dv runs from another directory" "0 setosa" "$? $(grep -o 'setosa' "$tmp/tour.out" | head -n 1)"
echo "1..$n"
[ $fails -eq 0 ]
