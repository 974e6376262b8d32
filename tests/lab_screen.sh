#!/bin/sh
# The screen keeps the lab's current step in its status bar, and updates
# it after check and next.
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
keys C-d
wait_for "DV-EXITED 0" "Ctrl-D leaves"
finish
