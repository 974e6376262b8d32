#!/bin/sh
# Every lab's steps, as the script examples/labs/NAME.dv, run from the top
# of the source tree: each check must give the verdicts listed in
# examples/labs/NAME.checks (passing on right answers, failing with its
# message on wrong ones), the script must end with every exercise right
# (exit 0), and dv --check-lab NAME must grade the same script all right.
: "${DV:=src/dv}" "${top_srcdir:=.}"
cd "$top_srcdir" || exit 99
tmp=${TMPDIR:-/tmp}/dv-labs.$$
mkdir -p "$tmp/state" || exit 99
trap 'rm -rf "$tmp"' EXIT
export LC_ALL=C.UTF-8 NO_COLOR=1 COLUMNS=80 LINES=24 XDG_STATE_HOME="$tmp/state"
fails=0
ok() { echo "ok - $1"; }
bad() { echo "not ok - $1"; fails=$((fails + 1)); }
# verdicts: "Right: ..." / "Not yet: ..." with their indented continuation lines joined
verdicts() {
    awk '/^(Right|Not yet): /{ if (v != "") print v; v = $0; next }
         /^  / && v != "" { sub(/^  /, " "); v = v $0; next }
         { if (v != "") print v; v = "" }
         END { if (v != "") print v }'
}
for l in $("$DV" --lab-names); do
    s=examples/labs/$l.dv
    [ -f "$s" ] || { bad "$s exists"; continue; }
    "$DV" "$s" > "$tmp/$l.out" 2> "$tmp/$l.err"
    rc=$?
    if [ $rc -eq 0 ]; then ok "$s runs (exit 0)"; else bad "$s exits $rc"; tail -5 "$tmp/$l.err"; fi
    verdicts < "$tmp/$l.out" > "$tmp/$l.checks"
    if diff -u "examples/labs/$l.checks" "$tmp/$l.checks"; then ok "$s: the checks say what $l.checks says"
    else bad "$s: the checks say what $l.checks says"; fi
    grep -q '^Not yet: ' "$tmp/$l.checks" && ok "$s: a wrong answer fails" || bad "$s: a wrong answer fails"
    "$DV" --check-lab "$l" "$s" > "$tmp/$l.grade" 2>&1
    rc=$?
    n=$(grep -c '^step [0-9]* (.*): right: ' "$tmp/$l.grade")
    if [ $rc -eq 0 ] && grep -q "^lab $l: $n of $n exercises right\$" "$tmp/$l.grade"; then
        ok "dv --check-lab $l grades $s all right ($n exercises)"
    else bad "dv --check-lab $l $s (exit $rc)"; cat "$tmp/$l.grade"; fi
    [ -z "$(ls -A "$tmp/state")" ] && ok "$s leaves the progress file alone" ||
        bad "$s leaves the progress file alone"
done
[ $fails -eq 0 ]
