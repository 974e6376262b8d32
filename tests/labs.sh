#!/bin/sh
# Every lab's steps, as the script examples/labs/NAME.dv, run from the top
# of the source tree: each check must give the verdicts listed in
# examples/labs/NAME.checks (passing on right answers, failing with its
# message on wrong ones), the script must end with every exercise right
# (exit 0), and dv --check-lab NAME must grade the same script all right.
# In NAME.checks a # stands for a number that depends on the BLAS kernel
# (t-SNE maps, trained networks: the last digits of sums change with the
# kernel, OPENBLAS_CORETYPE), a $ for a word that does (the class a
# trained network reads most often); every other number must be exact.
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
# same_verdicts WANT GOT: line by line, # in WANT matching one number, $ one word
same_verdicts() {
    awk 'NR == FNR { want[FNR] = $0; nw = FNR; next }
         { got[FNR] = $0; ng = FNR }
         END {
             if (nw != ng) exit 1
             for (i = 1; i <= nw; i++) {
                 w = want[i]; g = got[i]
                 while (match(w, /[#$]/)) {
                     k = RSTART; c = substr(w, k, 1)
                     if (substr(g, 1, k - 1) != substr(w, 1, k - 1)) exit 1
                     g = substr(g, k)
                     if (c == "#" && !match(g, /^-?[0-9]+(\.[0-9]+)?(e[-+]?[0-9]+)?/)) exit 1
                     if (c == "$" && !match(g, /^[A-Za-z]+/)) exit 1
                     g = substr(g, RLENGTH + 1); w = substr(w, k + 1)
                 }
                 if (g != w) exit 1
             }
         }' "$1" "$2"
}
for l in $("$DV" --lab-names); do
    s=examples/labs/$l.dv
    [ -f "$s" ] || { bad "$s exists"; continue; }
    "$DV" "$s" > "$tmp/$l.out" 2> "$tmp/$l.err"
    rc=$?
    if [ $rc -eq 0 ]; then ok "$s runs (exit 0)"; else bad "$s exits $rc"; tail -5 "$tmp/$l.err"; fi
    verdicts < "$tmp/$l.out" > "$tmp/$l.checks"
    if same_verdicts "examples/labs/$l.checks" "$tmp/$l.checks"; then ok "$s: the checks say what $l.checks says"
    else bad "$s: the checks say what $l.checks says"; diff -u "examples/labs/$l.checks" "$tmp/$l.checks"; fi
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
