#!/bin/sh
# The whole story of issue 3 in 80x24: start dv, load a data set, watch
# t-SNE animate, stop it, zoom into a cluster and read a point's label,
# then leave.
. "${top_srcdir:-.}/tests/screen/lib.sh"

start 80 24
wait_for "F2 plot" "dv starts in 80x24"
type_line 'seed 7'
type_line 'X = load("tests/data/iris.csv", label="species")'
type_line 'print shape(X)'
wait_for "[150, 4]" "a data set is loaded"
type_line 'Y = tsne(X, iters=100000000, method="exact")'
wait_re 'tsne [0-9]+% │ (KL [0-9.]+ │ )?ETA' "t-SNE reports its progress"
wait_for "virginica (50)" "its map animates, coloured by class"
keys C-c
wait_for "interrupted (what was computed so far is kept)" "Ctrl-C stops it"
type_line 'print Y.stopped, Y.iters > 0'
wait_for "true true" "the map so far is kept"
keys Tab
wait_for " PLOT " "the plot takes the keys"
keys n
wait_re 'PLOT .* #[0-9]+ \(' "n puts the cursor on the nearest point"
keys + +
wait_for "zoom 4x" "zoomed in around it"
wait_re 'PLOT .* #[0-9]+ \((setosa|versicolor|virginica)\) at -?[0-9.e+-]+, -?[0-9.e+-]+' \
    "the status bar reads the label and coordinates of the point under the cursor"
keys Enter q
wait_re '^#[0-9]+ \((setosa|versicolor|virginica)\) at ' "and it can be kept in the console"
keys C-d
wait_for "DV-EXITED 0" "Ctrl-D leaves"
[ -s "$tmp/stderr" ] && { not_ok "nothing on stderr"; sed 's/^/# /' "$tmp/stderr"; } || ok "nothing on stderr"
finish
