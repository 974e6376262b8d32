#!/bin/sh
# Resizing the window (SIGWINCH) at any time: the layout and the plot
# follow, down to 20x8 and below without a crash, with the plot in focus,
# and while a job animates.
. "${top_srcdir:-.}/tests/screen/lib.sh"

lines() { capture; wc -l < "$tmp/pane" | tr -d ' '; }
iters() { capture; sed -n 's/.* \([0-9]*\)\/10000000 iter.*/\1/p' "$tmp/pane" | head -1; }

start 80 24
wait_for "F2 plot"
type_line 'X = load("tests/data/iris.csv", label="species")'
type_line 'scatter X[:, 2:4]'
wait_for "setosa (50)" "a scatter at 80x24"

t resize-window -t s -x 20 -y 8
wait_gone "setosa (50)" "at 20x8 the legend no longer fits"
wait_for " scatter, 150 point" "the status bar at 20x8"
[ "$(lines)" = 8 ] && ok "the pane is 8 rows" || { not_ok "the pane is 8 rows"; show_pane; }
type_line 'print 5 + 5'
wait_re '^10$' "a statement and its result at 20x8"
[ "$(prompt_line)" = "dv>" ] && ok "the prompt is on the last row at 20x8" || { not_ok "the prompt at 20x8"; show_pane; }
keys Tab
wait_for " PLOT " "the plot takes the keys at 20x8"
keys Left Left Up
wait_re '#[0-9]+ \(' "the cursor names a point at 20x8"

for size in "10 4" "5 3" "1 1" "3 2" "20 8"; do
    t resize-window -t s -x ${size% *} -y ${size#* }
    sleep 0.2
done
keys q
t resize-window -t s -x 100 -y 30
wait_for "setosa (50)" "back at 100x30 the plot fills the pane again"
wait_for "F2 plot" "the prompt has the keys again"
type_line 'print 6 + 6'
wait_re '^12$' "still working after tiny sizes"

type_line 'D = demo_embed(n=400, iters=10000000)'
wait_for "A (80)"
# the status bar is row 7 at 40x12 and row 17 at 90x26 (2/3 of the rows
# between it and the prompt go to the plot)
t resize-window -t s -x 40 -y 12
wait_row 7 '^ demo_embed [0-9]+%' "the job goes on at 40x12"
t resize-window -t s -x 90 -y 26
wait_row 17 '^ demo_embed [0-9]+%'
wait_re '[0-9]+/10000000 iter'
a=$(iters)
wait_for "A (80)" "the job's map fits the new size"
end=$(($(date +%s) + WAIT))
while b=$(iters); [ -n "$a" ] && [ "$b" = "$a" ] && [ "$(date +%s)" -lt $end ]; do sleep 0.2; done
[ -n "$a" ] && [ -n "$b" ] && [ "$b" -gt "$a" ] && ok "the map keeps moving after resizes ($a, then $b)" ||
    { not_ok "the map keeps moving after resizes ('$a', then '$b')"; show_pane; }
keys C-c
wait_for "interrupted (what was computed so far is kept)"
keys C-d
wait_for "DV-EXITED 0" "leaves normally"
[ -s "$tmp/stderr" ] && { not_ok "nothing on stderr"; sed 's/^/# /' "$tmp/stderr"; } || ok "nothing on stderr"
finish
