#!/bin/sh
# UMAP in the screen: the map is drawn while the descent runs and moves
# from one frame to the next, the status bar shows the epochs, and Ctrl-C
# stops it keeping the partial map (with its classes).
. "${top_srcdir:-.}/tests/screen/lib.sh"

# epochs: the number in "umap ... N/TOTAL epoch" of the status bar
epochs() { capture; sed -n 's/.* \([0-9]*\)\/100000 epoch.*/\1/p' "$tmp/pane" | head -1; }
# map: the braille rows of the pane (the drawing, without the status bar)
map() { capture; grep "$(printf '\342\243')" "$tmp/pane" | grep -v 'epoch' | md5sum; }

start 100 32
wait_for "F2 plot"
type_line 'X = load("examples/data/digits.csv", label="label")'
type_line 'seed 1'
type_line 'U = umap(X, epochs=100000)'
wait_re '^ umap [0-9]+% │.* [0-9]+/100000 epoch' "the descent's progress in the status bar: epochs done of all"
wait_for "0 (" "the map is drawn with its classes while it runs"
a=$(epochs) m1=$(map)
end=$(($(date +%s) + WAIT))
while b=$(epochs); m2=$(map); { [ "$b" = "$a" ] || [ "$m2" = "$m1" ]; } && [ "$(date +%s)" -lt $end ]; do sleep 0.3; done
[ -n "$a" ] && [ -n "$b" ] && [ "$b" -gt "$a" ] && ok "the descent moves on while shown (epoch $a, then $b)" ||
    { not_ok "the descent moves on while shown ('$a', then '$b')"; show_pane; }
[ "$m2" != "$m1" ] && ok "the map moves: the drawing changes between frames" ||
    { not_ok "the map moves: the drawing changes between frames"; show_pane; }
keys C-c
wait_for "interrupted (what was computed so far is kept)" "Ctrl-C stops the descent"
wait_for "F2 plot" "the prompt is back"
type_line 'print U.stopped, U.epochs > 0, U.epochs < 100000, shape(U.embedding), knn_accuracy(U) > 0.5'
wait_for "true true true [1797, 2] true" "the partial map is kept, with X's classes"
keys C-d
wait_for "DV-EXITED 0" "dv leaves"
[ -s "$tmp/stderr" ] && { not_ok "nothing on stderr"; sed 's/^/# /' "$tmp/stderr"; } || ok "nothing on stderr"
finish
