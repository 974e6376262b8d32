#!/bin/sh
# Numbers are read and written the C way under a comma-decimal locale:
# `x = 0.5` is 0.5 (it used to never finish), `[1,2]` is two numbers (it
# was 1.2), and the lexer alone gets it right even when the process's
# LC_NUMERIC is German (tests/unit/test_session calls setlocale(LC_ALL, "")).
# The locale is built here with localedef, so the test needs no locale
# installed on the machine.
: "${DV:=src/dv}"
command -v localedef >/dev/null 2>&1 || { echo "SKIP: localedef is not installed"; exit 77; }
tmp=${TMPDIR:-/tmp}/dv-locale.$$
mkdir -p "$tmp/loc" || exit 99
trap 'rm -rf "$tmp"' EXIT
if ! localedef -i de_DE -f UTF-8 "$tmp/loc/de_DE.UTF-8" >/dev/null 2>&1 &&
    [ ! -d "$tmp/loc/de_DE.UTF-8" ]; then
    echo "SKIP: localedef could not build de_DE.UTF-8 (no locale sources?)"
    exit 77
fi
fails=0
check() { # check NAME EXPECTED ACTUAL
    if [ "$2" = "$3" ]; then echo "ok - $1"; else
        echo "not ok - $1"; echo "  expected: $2"; echo "  actual:   $3"; fails=$((fails + 1)); fi
}
de() { LOCPATH="$tmp/loc" LC_ALL=de_DE.UTF-8 NO_COLOR=1 "$@"; }

# The locale is really comma-decimal (else this test proves nothing).
check "the built locale uses a decimal comma" "0,5" "$(de env printf '%.1f' 0.5 2>/dev/null)"
check "a decimal literal" "0.5" "$(de timeout 10 "$DV" -e 'x = 0.5; print x')"
check "numbers in a list stay apart" "[1, 2] 2" "$(de "$DV" -e 'print [1,2], [1,2][1]')"
check "leading dot, exponent, arithmetic" "0.25 0.001 3.75" "$(de "$DV" -e 'print .25, 1e-3, 1.5 * 2.5')"
printf 'y = 2.5\nprint y * 2, [0.5, 1.5]\n' > "$tmp/s.dv"
check "a script file" "5 [0.5, 1.5]" "$(de "$DV" "$tmp/s.dv")"
unit=$(dirname "$DV")/../tests/unit/test_session
if [ -x "$unit" ]; then
    if de "$unit" > "$tmp/unit" 2>&1; then echo "ok - the lexer under LC_NUMERIC=de_DE"; else
        echo "not ok - the lexer under LC_NUMERIC=de_DE"; grep 'not ok' "$tmp/unit"; fails=$((fails + 1)); fi
fi
[ $fails -eq 0 ]
