#!/bin/sh
# Numbers are read and written in the C locale whatever the user's: under
# a comma-decimal locale (de_DE.UTF-8, built here with localedef so the
# test needs no installed locales) dv parses 0.5 and [1,2] as written,
# saves CSV, word vectors and SVG exactly as under C.UTF-8, and the
# loaders and savers as a library (tests/unit/test_locale) do the same.
: "${DV:=src/dv}"
unit=$(dirname "$(dirname "$DV")")/tests/unit/test_locale
tmp=${TMPDIR:-/tmp}/dv-locale.$$
mkdir -p "$tmp" || exit 99
trap 'rm -rf "$tmp"' EXIT
if ! command -v localedef >/dev/null || [ ! -f /usr/share/i18n/locales/de_DE ] ||
    ! localedef -i de_DE -f UTF-8 "$tmp/de_DE.UTF-8" >/dev/null 2>&1; then
    echo "1..0 # SKIP cannot build de_DE.UTF-8 with localedef (Debian package: locales)"
    exit 0
fi
n=0 fails=0
check() { # check NAME EXPECTED ACTUAL
    n=$((n + 1))
    if [ "$2" = "$3" ]; then echo "ok $n - $1"; else
        echo "not ok $n - $1"; echo "#  expected: $2"; echo "#  actual:   $3"; fails=$((fails + 1)); fi
}
export NO_COLOR=1 COLUMNS=60 LINES=16
de() { LOCPATH="$tmp" LC_ALL=de_DE.UTF-8 "$@"; }

check "the locale is comma-decimal" "1,50" "$(de env printf '%.2f' 1.5)"
check "x = 0.5 under de_DE" "0.5" "$(de timeout 10 "$DV" -e 'x = 0.5; print x' 2>&1)"
check "[1,2] is a list of two under de_DE" "[1, 2]" "$(de timeout 10 "$DV" -e 'print [1,2]' 2>&1)"
script='X = [[5.1, 0.25], [-1.5, 3]]
save(X, "'"$tmp"'/X.csv")
Y = load("'"$tmp"'/X.csv")
print Y[0, 0] + Y[1, 1]
save(scatter(X), "'"$tmp"'/p.svg")'
de timeout 10 "$DV" -e "$script" > "$tmp/de.out" 2>&1
check "save and load CSV under de_DE" "8.1" "$(cat "$tmp/de.out")"
check "the saved CSV has decimal points" "$(printf 'c0,c1\n5.1,0.25\n-1.5,3')" "$(cat "$tmp/X.csv")"
mv "$tmp/p.svg" "$tmp/p-de.svg"
LC_ALL=C.UTF-8 timeout 10 "$DV" -e "$script" > /dev/null 2>&1
check "the SVG is the same under de_DE and C.UTF-8" "same" "$(cmp -s "$tmp/p.svg" "$tmp/p-de.svg" && echo same)"
if [ -x "$unit" ]; then
    out=$(de "$unit" 2>&1); rc=$?
    check "loaders and savers as a library under de_DE (test_locale)" "0" "$rc"
    [ $rc -ne 0 ] && echo "$out" | sed 's/^/# /'
fi
echo "1..$n"
[ $fails -eq 0 ]
