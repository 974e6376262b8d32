#!/bin/sh
# The lab engine from scripts and the command line: the list, starting a
# lab, hint, lab step, next and back at both ends, lab reset, errors with
# their positions, the exit status of a script that leaves an exercise
# wrong, and dv --check-lab grading (right, wrong, an answers script that
# stops at an error, an unknown lab, a missing file).  Runs from the top of
# the source tree (the labs load examples/data).
: "${DV:=src/dv}" "${top_srcdir:=.}"
cd "$top_srcdir" || exit 99
tmp=${TMPDIR:-/tmp}/dv-lab-engine.$$
mkdir -p "$tmp/state" || exit 99
trap 'rm -rf "$tmp"' EXIT
export LC_ALL=C.UTF-8 NO_COLOR=1 COLUMNS=80 LINES=24 XDG_STATE_HOME="$tmp/state"
fails=0
check() { # check NAME EXPECTED ACTUAL
    if [ "$2" = "$3" ]; then echo "ok - $1"; else
        echo "not ok - $1"; echo "  expected: $2"; echo "  actual:   $3"; fails=$((fails + 1)); fi
}
has() { # has NAME FILE LINE: FILE holds LINE exactly
    if grep -qxF -- "$3" "$2"; then echo "ok - $1"; else
        echo "not ok - $1: no line '$3' in"; sed 's/^/  | /' "$2"; fails=$((fails + 1)); fi
}

"$DV" -e 'lab' > "$tmp/list"; rc=$?
check "lab lists the labs" 0 $rc
has "the list names pca with its exercises" "$tmp/list" "  pca         6 exercises Eigenfaces: principal components of faces"
check "one line per lab" "$("$DV" --lab-names | wc -l)" "$(grep -c '^  [a-z0-9]* ' "$tmp/list")"

"$DV" -e 'lab nosuch' > "$tmp/out" 2> "$tmp/err"; rc=$?
check "unknown lab exits 1" 1 $rc
check "unknown lab names the labs" "-e:1:5: error: lab: no lab named 'nosuch' (labs: $("$DV" --lab-names | paste -sd, - | sed 's/,/, /g'))" "$(cat "$tmp/err")"
"$DV" -e 'check' 2> "$tmp/err"; rc=$?
check "check without a lab" "1 -e:1:1: error: check: no lab in progress; start one with lab NAME (lab lists them)" "$rc $(cat "$tmp/err")"
for b in hint next back; do
    "$DV" -e "$b" 2> "$tmp/err"
    check "$b without a lab" "-e:1:1: error: $b: no lab in progress; start one with lab NAME (lab lists them)" "$(cat "$tmp/err")"
done
"$DV" -e 'lab step' 2> "$tmp/err"
check "lab step without a lab" "-e:1:1: error: lab step: no lab in progress; start one with lab NAME" "$(cat "$tmp/err")"
"$DV" -e 'lab lda, pca' 2> "$tmp/err"
check "a second name only after reset" "-e:1:10: error: lab: a second argument only follows reset (lab reset, pca)" "$(cat "$tmp/err")"

"$DV" -e 'lab lda; back' > "$tmp/out" 2> "$tmp/err"; rc=$?
check "back at step 1 is an error" "1 -e:1:10: error: back: this is step 1 of lab lda already" "$rc $(cat "$tmp/err")"
has "lab prints the first step" "$tmp/out" "Step 1 of 4: Principal components ignore the labels"
has "lab says what it loaded" "$tmp/out" '  - `D`: 1797 handwritten digits of 8 x 8 pixels (grey levels 0 to 16), a 1797'

"$DV" -e 'lab lda; next; next; next; next; lab step; lab' > "$tmp/out" 2>&1; rc=$?
check "next past the end is not an error" 0 $rc
has "next past the end says so" "$tmp/out" "Step 4 was the last step of lab lda (0 of 4 exercises done); lab lists the others."
has "next notes an unchecked exercise" "$tmp/out" "(Step 1's exercise is not checked yet; back returns to it.)"
check "lab step shows the current step again" 2 "$(grep -c '^Step 4 of 4: Classical MDS is PCA$' "$tmp/out")"
has "the list marks the lab in progress" "$tmp/out" "* lda         0/4 done    Digits in 2-D: supervised against unsupervised maps"

"$DV" -e 'lab lda; hint' > "$tmp/out"
has "hint gives the step's nudge" "$tmp/out" "Hint for step 1:"
has "hint's text" "$tmp/out" "  P = pca(D, 2)"

"$DV" -e 'lab lda; P = pca(D, 2); check; next; lab reset; check' > "$tmp/out" 2>&1; rc=$?
has "a right answer" "$tmp/out" "Right: the first two components of D explain 28.5% of its variance."
has "and what comes next" "$tmp/out" "Step 1 done (1 of 4 exercises of lab lda). Type next for step 2."
has "lab reset goes back to step 1" "$tmp/out" "Lab lda is back at step 1 with nothing done."
check "lab reset then check: still right" 0 $rc

# Labs load data:NAME files, so they run from any directory.
(cd "$tmp" && "$DV" -e 'lab lda; P = pca(D, 2); check') > "$tmp/out" 2>&1
has "a lab runs from another directory" "$tmp/out" "Right: the first two components of D explain 28.5% of its variance."
(cd "$tmp" && DV_DATA="$tmp/nowhere" "$DV" -e 'lab pca') > /dev/null 2> "$tmp/err"
check "the lab's data is found beside DV_DATA's folders too" "" "$(cat "$tmp/err")"

# A script that leaves an exercise wrong exits 1 without an error message;
# a later right answer clears it.
"$DV" -e 'lab lda; P = pca(D[0:10], 2); check' > "$tmp/out" 2> "$tmp/err"; rc=$?
check "a wrong answer left standing: exit 1, stderr empty" "1 " "$rc $(cat "$tmp/err")"
has "the wrong answer's message" "$tmp/out" "Not yet: P was not fitted to all of D: its mean is not D's (P = pca(D, 2))."
has "how to go on" "$tmp/out" "Step 1 is not done yet: try again, then check (hint gives a nudge)."
"$DV" -e 'lab lda; P = pca(D[0:10], 2); check; P = pca(D, 2); check' > /dev/null 2>&1
check "a wrong answer put right: exit 0" 0 $?

# Grading
cat > "$tmp/wrong.dv" <<'DV'
P = pca(D, 2)
maxk = 64
acc_pca = 0.5
DV
"$DV" --check-lab lda "$tmp/wrong.dv" > "$tmp/out" 2> "$tmp/err"; rc=$?
check "grading wrong answers exits 1" 1 $rc
check "grading prints no errors" "" "$(cat "$tmp/err")"
has "a right step" "$tmp/out" "step 1 (Principal components ignore the labels): right: the first two components of D explain 28.5% of its variance."
has "a wrong step" "$tmp/out" "step 2 (Fisher's discriminants): not yet: maxk is 64, the number of pixels: the limit comes from the classes, through the rank of the between-class scatter S_B."
has "a missing variable" "$tmp/out" "step 3 (Which map separates the digits?): not yet: there is no variable L yet: L = lda(D, 2) makes it."
has "the total" "$tmp/out" "lab lda: 1 of 4 exercises right"
check "the answers' output is not shown" 5 "$(wc -l < "$tmp/out")"

printf 'P = pca(D, 2)\nprint "hello"\nnosuch + 1\nmaxk = 9\n' > "$tmp/stops.dv"
"$DV" --check-lab lda "$tmp/stops.dv" > "$tmp/out" 2> "$tmp/err"; rc=$?
check "an answers script that stops at an error: exit 1" 1 $rc
check "its error on stderr" "$tmp/stops.dv:3:1: error: unknown name 'nosuch'" "$(cat "$tmp/err")"
has "the grade says so" "$tmp/out" "$tmp/stops.dv stopped at an error (shown above); the grade covers what ran before it"
has "what ran is graded" "$tmp/out" "lab lda: 1 of 4 exercises right"

"$DV" --check-lab nosuch "$tmp/wrong.dv" 2> "$tmp/err"; rc=$?
check "grading an unknown lab exits 2" "2 dv: no lab named 'nosuch' (labs: $("$DV" --lab-names | paste -sd, - | sed 's/,/, /g'))" "$rc $(cat "$tmp/err")"
"$DV" --check-lab lda "$tmp/missing.dv" 2> "$tmp/err"; rc=$?
check "grading a missing file exits 2" "2 dv: cannot open '$tmp/missing.dv': No such file or directory" "$rc $(cat "$tmp/err")"
"$DV" --check-lab lda 2> "$tmp/err"; rc=$?
check "--check-lab needs two arguments" "2 dv: option '--check-lab' requires a lab name and a script" "$rc $(head -n 1 "$tmp/err")"

check "scripts leave the progress file alone" "" "$(ls -A "$tmp/state")"
[ $fails -eq 0 ]
