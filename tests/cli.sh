#!/bin/sh
# Command-line behaviour of dv: options, -e, stdin, script files with
# arguments and a shebang line, exit statuses.
: "${DV:=src/dv}"
tmp=${TMPDIR:-/tmp}/dv-cli.$$
mkdir -p "$tmp" || exit 99
trap 'rm -rf "$tmp"' EXIT
fails=0
check() { # check NAME EXPECTED ACTUAL
    if [ "$2" = "$3" ]; then echo "ok - $1"; else
        echo "not ok - $1"; echo "  expected: $2"; echo "  actual:   $3"; fails=$((fails + 1)); fi
}
export NO_COLOR=1 LC_ALL=C.UTF-8

check "-e prints the value" "3" "$("$DV" -e '1 + 2')"
check "--eval= form" "6" "$("$DV" --eval='2 * 3')"
check "several statements" "$(printf '1\n2')" "$("$DV" -e 'print 1; print 2')"
check "stdin with -" "10" "$(echo 'x = 5; x * 2' | "$DV" -)"
check "stdin when not a terminal" "11" "$(echo 'x = 5; x * 2 + 1' | "$DV")"

printf '#!/usr/bin/env dv\n# arguments are the list args\nprint len(args), args[0]\n' > "$tmp/s.dv"
check "script file with arguments" "2 hello" "$("$DV" "$tmp/s.dv" hello world)"

out=$("$DV" -e 'print 1; nosuch + 1; print 2' 2>&1); rc=$?
check "error stops the script" "$(printf '1\n-e:1:10: error: unknown name '"'"'nosuch'"'"'')" "$out"
check "error exit status 1" 1 "$rc"

"$DV" --bogus >/dev/null 2>"$tmp/err"; rc=$?
check "unknown option exits 2" 2 "$rc"
check "unknown option message" "dv: unrecognized option '--bogus'" "$(head -n 1 "$tmp/err")"
"$DV" -e >/dev/null 2>&1; check "-e without argument exits 2" 2 "$?"
"$DV" "$tmp/missing.dv" 2>"$tmp/err"; rc=$?
check "missing script exits 2" 2 "$rc"
check "missing script message" "dv: cannot open '$tmp/missing.dv': No such file or directory" "$(cat "$tmp/err")"

check "--help starts with usage" "Usage: dv [OPTION]... [FILE [ARG]...]" "$("$DV" --help | head -n 1)"
"$DV" --version > "$tmp/v"
check "--version names the program" "dv 0.1.0" "$(head -n 1 "$tmp/v")"
grep -q '^BLAS kernel: [A-Za-z0-9]*.*, [0-9]* threads$' "$tmp/v"
check "--version names the BLAS kernel and threads" 0 $?

if [ $fails -eq 0 ]; then exit 0; else exit 1; fi
