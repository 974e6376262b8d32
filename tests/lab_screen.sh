#!/bin/sh
# The screen keeps the lab's current step in its status bar, and updates
# it after check and next; beside a plot's note it keeps at least the
# step's number.
: "${top_srcdir:=.}"
. "$top_srcdir/tests/screen/lib.sh"
# the status bar: the row with the screen's key hints
status_line() { capture; grep -E 'F2 plot|Ctrl-C stops|q back' "$tmp/pane" | head -1; }

start 110 30
wait_for "F2 plot" "the screen is up"
type_line 'lab lda'
wait_for "Make \`P\`, the first two principal components of all of D." "lab lda shows step 1"
wait_for "lab lda 1/4: Principal components ignore the labels" "the status bar names the step"
case $(status_line) in *"lab lda 1/4: Principal components ignore the labels"*) ok "in the status bar itself" ;;
*) not_ok "in the status bar itself: $(status_line)" ;; esac
type_line 'P = pca(D, 2)'
type_line 'check'
wait_for "lab lda 1/4: Principal components ignore the labels (done)" "a passed check shows in the status bar"
type_line 'next'
wait_for "lab lda 2/4: Fisher's discriminants" "next updates the status bar"
# beside a plot's note too long for both, the step's number stays
type_line 'scatter D, title="the digits on their first two pixels"'
wait_re 'the digits on their first two pixels", 1797 points . lab lda 2/4 +F1 keys' \
    "beside a long plot note the status bar keeps the step's number"
keys C-d
wait_for "DV-EXITED 0" "Ctrl-D leaves"
finish
