#!/bin/sh
# Exploring a plot: Tab (or F2) moves the keys to the plot; the arrows
# move a cursor and the status bar names the nearest point (row name,
# class, coordinates); + and - zoom, 0 resets, t shows names at points,
# Enter copies the point to the console, q and Esc go back; zoom, xlim
# and ylim change the same view from the language.
. "${top_srcdir:-.}/tests/screen/lib.sh"

# five named points: west (0, 5), east (10, 5), north (5, 10), south
# (5, 0) and centre (5, 5), in two classes
printf 'name,x,y,kind\nwest,0,5,edge\neast,10,5,edge\nnorth,5,10,middle\nsouth,5,0,middle\ncentre,5,5,middle\n' \
    > "$tmp/points.csv"
# plot_pane: the rows above the status bar
plot_pane() { capture; sed -n '1,/F2 plot\|q back/p' "$tmp/pane" | sed '$d'; }

start 80 24
wait_for "F2 plot"
type_line "P = load(\"$tmp/points.csv\", label=\"kind\")"
type_line 'scatter P'
wait_for "middle (3)" "the scatter is shown"

keys Tab
wait_for " PLOT " "Tab on an empty line moves the keys to the plot"
wait_for "#4 centre (middle) at 5, 5" "the cursor starts in the middle: the status bar names centre"
keys -N 60 Left
keys 0
wait_for "#0 west (edge) at 0, 5" "the cursor moves left to west"
keys -N 100 Right
keys 0
wait_for "#1 east (edge) at 10, 5" "and right to east"
keys Enter
wait_re '^#1 east \(edge\) at 10, 5$' "Enter copies the point into the console"
keys -N 60 h
keys 0
wait_for "#0 west (edge) at 0, 5" "h moves left (vi keys)"
keys -N 100 l
keys 0
wait_for "#1 east (edge) at 10, 5" "l moves right"
keys -N 30 h
keys -N 30 k
keys 0
wait_for "#2 north (middle) at 5, 10" "k moves up"
keys -N 30 j
keys 0
wait_for "#3 south (middle) at 5, 0" "j moves down"
keys H
wait_re '^ +-[0-9]' "H pans (to the left of 0)"
keys 0
keys -N 30 k
keys -N 5 j
keys -N 100 l
keys 0
wait_for "#1 east (edge) at 10, 5"
keys '?'
wait_for "Keys of the dv screen" "? shows the keys in the plot"
keys Escape
wait_gone "Keys of the dv screen"
wait_for " PLOT " "and the plot keeps the keys after it"

plot_pane | grep -q north && not_ok "no names at points at first" || ok "no names at points at first"
keys t
end=$(($(date +%s) + WAIT))
until plot_pane | grep -q north || [ "$(date +%s)" -ge $end ]; do sleep 0.1; done
plot_pane | grep -q north && ok "t shows the names at points" || { not_ok "t shows the names at points"; show_pane; }
keys t
end=$(($(date +%s) + WAIT))
while plot_pane | grep -q north && [ "$(date +%s)" -lt $end ]; do sleep 0.1; done
plot_pane | grep -q north && { not_ok "t again hides them"; show_pane; } || ok "t again hides them"

keys q
type_line 'scatter P, labels=true'
end=$(($(date +%s) + WAIT))
until plot_pane | grep -q north || [ "$(date +%s)" -ge $end ]; do sleep 0.1; done
plot_pane | grep -q north && ok "scatter labels=true names the points" || { not_ok "scatter labels=true names the points"; show_pane; }
keys Tab t
end=$(($(date +%s) + WAIT))
while plot_pane | grep -q north && [ "$(date +%s)" -lt $end ]; do sleep 0.1; done
plot_pane | grep -q north && { not_ok "t hides names the plot asked for"; show_pane; } || ok "t hides names the plot asked for"

keys +
wait_for "zoom 2x" "+ zooms in at the cursor"
keys +
wait_for "zoom 4x" "+ again zooms in more"
keys -
wait_gone "zoom 4x"
wait_for "zoom 2x" "- zooms out"
keys 0
wait_gone "zoom 2x" "0 resets the view"
keys q
wait_for "F2 plot" "q goes back to the prompt"
keys F2
wait_for " PLOT " "F2 moves the keys to the plot"
keys Escape
wait_for "F2 plot" "Esc goes back to the prompt"

type_line 'zoom 2'
wait_for "scatter, 5 points, zoom 2x" "zoom zooms the plot shown"
keys Tab +
wait_for "zoom 4x" "the keys go on from the language's zoom"
keys q
type_line 'zoom 2'
wait_for "scatter, 5 points, zoom 8x" "and the language from the keys'"
type_line 'zoom 0'
wait_for "scatter, 5 points  " "zoom 0 resets"

type_line 'xlim 4, 6'
wait_for "dv> xlim 4, 6"
keys Tab
keys -N 60 Left
wait_for "#4 centre (middle) at 5, 5" "xlim leaves west out: the leftmost point shown is centre"
keys q
type_line 'xlim none, none'
type_line 'ylim 8, 12'
wait_for "dv> ylim 8, 12"
keys Tab
wait_for "#2 north (middle) at 5, 10" "ylim leaves only north"
keys q
type_line 'ylim 9, 3'
wait_for "error: ylim: the upper limit must be above the lower" "limits are checked"
keys C-d
wait_for "DV-EXITED 0"
[ -s "$tmp/stderr" ] && { not_ok "nothing on stderr"; sed 's/^/# /' "$tmp/stderr"; } || ok "nothing on stderr"
finish
