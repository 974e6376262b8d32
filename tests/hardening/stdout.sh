#!/bin/sh
# Standard output that fails: a full disk (/dev/full) is an error with a
# message and a non-zero status, for scripts, -e, plots and the options
# that print; a reader that leaves early (dv script.dv | head -1) ends dv
# quietly and at once, also when the parent ignores SIGPIPE.
: "${DV:=src/dv}"
tmp=${TMPDIR:-/tmp}/dv-stdout.$$
mkdir -p "$tmp" || exit 99
trap 'rm -rf "$tmp"' EXIT
fails=0
check() { # check NAME EXPECTED ACTUAL
    if [ "$2" = "$3" ]; then echo "ok - $1"; else
        echo "not ok - $1"; echo "#   expected: $2"; echo "#   actual:   $3"; fails=$((fails + 1)); fi
}
export NO_COLOR=1 LC_ALL=C.UTF-8 DV_PROGRESS=none
full="dv: write error on standard output: No space left on device"

if [ -w /dev/full ]; then
    "$DV" -e 'print 1' > /dev/full 2> "$tmp/err"; rc=$?
    check "-e to /dev/full: status 1" 1 "$rc"
    check "-e to /dev/full: the message, once" "$full" "$(cat "$tmp/err")"

    printf 'x = 2\nprint x * 3\n' > "$tmp/s.dv"
    "$DV" "$tmp/s.dv" > /dev/full 2> "$tmp/err"; rc=$?
    check "script to /dev/full: status 1" 1 "$rc"
    check "script to /dev/full: the message" "$full" "$(cat "$tmp/err")"

    "$DV" -e 'scatter randn(200, 2)' > /dev/full 2> "$tmp/err"; rc=$?
    check "a plot to /dev/full: status 1" 1 "$rc"
    check "a plot to /dev/full: the message" "$full" "$(cat "$tmp/err")"

    # A loop of a million prints stops at the first failed write: the
    # statement after it never runs (it would create the file).
    "$DV" -e "for i in range(1000000) do print i end; save zeros(1, 1), \"$tmp/after.csv\"" \
        > /dev/full 2> "$tmp/err"; rc=$?
    check "a long loop to /dev/full: status 1" 1 "$rc"
    check "a long loop to /dev/full: the message" "$full" "$(cat "$tmp/err")"
    check "a long loop to /dev/full: stops there" no "$([ -e "$tmp/after.csv" ] && echo yes || echo no)"

    echo 'print 1' | "$DV" > /dev/full 2> "$tmp/err"; rc=$?
    check "stdin script to /dev/full: status 1" 1 "$rc"

    for opt in --help --version --reference; do
        "$DV" $opt > /dev/full 2> "$tmp/err"; rc=$?
        check "$opt to /dev/full: status 1" 1 "$rc"
        check "$opt to /dev/full: the message" "$full" "$(cat "$tmp/err")"
    done
else
    echo "ok - # SKIP /dev/full is not writable here"
fi

# A reader that goes away: head takes one line, dv stops quietly (no
# "Broken pipe", no error) instead of running the whole loop.
printf 'for i in range(1000000) do\nprint i\nend\nsave zeros(1, 1), "%s/after2.csv"\n' "$tmp" > "$tmp/loop.dv"
first=$( { "$DV" "$tmp/loop.dv" 2> "$tmp/err"; echo $? > "$tmp/rc"; } | head -n 1)
check "| head -1: the first line" 0 "$first"
check "| head -1: nothing on stderr" "" "$(cat "$tmp/err")"
check "| head -1: ended by SIGPIPE (status 141)" 141 "$(cat "$tmp/rc")"
check "| head -1: the rest of the script did not run" no "$([ -e "$tmp/after2.csv" ] && echo yes || echo no)"

# The same when the parent ignores SIGPIPE (as some job runners do): an
# ignored signal is inherited, and dv sets it back to the default.
first=$( (trap '' PIPE; { "$DV" "$tmp/loop.dv" 2> "$tmp/err"; echo $? > "$tmp/rc"; } | head -n 1) )
check "SIGPIPE ignored, | head -1: the first line" 0 "$first"
check "SIGPIPE ignored, | head -1: nothing on stderr" "" "$(cat "$tmp/err")"
check "SIGPIPE ignored, | head -1: ended by SIGPIPE" 141 "$(cat "$tmp/rc")"

# -e with a plot, piped into head: quiet as well.
first=$( { "$DV" -e 'scatter randn(500, 2); scatter randn(500, 2)' 2> "$tmp/err"; } | head -n 1)
check "a plot | head -1: nothing on stderr" "" "$(cat "$tmp/err")"

[ $fails -eq 0 ]
