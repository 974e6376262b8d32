#!/bin/sh
# The layout at 80x24: with no plot the console has the rows; a plot takes
# two thirds; a ten-word answer makes the console grow so it can be read
# whole; a long answer (help) is shown from its start; F3 and the layout
# builtin fix the split, which is kept across resizes; the full-plot key
# lasts while the plot has the keys; multi-line entries are shown as they
# are typed.
. "${top_srcdir:-.}/tests/screen/lib.sh"

# status_row: the pane row (from 1) of the status bar
status_row() { capture; grep -nE 'F1 keys|q back|Ctrl-C stops' "$tmp/pane" | head -1 | cut -d: -f1; }
# wait_status_row N WHAT: until the status bar is on row N
wait_status_row() {
    end=$(($(date +%s) + WAIT))
    while [ "$(status_row)" != "$1" ] && [ "$(date +%s)" -lt $end ]; do sleep 0.1; done
    [ "$(status_row)" = "$1" ] && ok "$2 (status bar on row $1)" || { not_ok "$2 (status bar on row $(status_row), not $1)"; show_pane; }
}

start 80 24
wait_for "F2 plot"
wait_status_row 1 "no plot: the console has all the rows but the status bar's and the prompt's"
[ "$(capture; sed -n 24p "$tmp/pane")" = "dv>" ] && ok "the prompt is on the last row" || { not_ok "the prompt is on the last row"; show_pane; }

type_line 'help'
wait_re '^topics +syntax operators keys' "help is shown"
capture
grep -q 'more rows below' "$tmp/pane" && { not_ok "help fits 80x24 without scrolling"; show_pane; } || ok "help fits 80x24 without scrolling"
type_line 'help keys'
wait_re 'q Esc Tab F2 +back to the prompt' "help keys: the keys"
capture
grep -q '^dv> help keys$' "$tmp/pane" && ! grep -q 'more rows below' "$tmp/pane" && ok "help keys is read whole at 80x24" ||
    { not_ok "help keys is read whole at 80x24"; show_pane; }
type_line 'print range(60).T, all=true'
wait_row 2 '^dv> print range\(60\)\.T, all=true$' "a long answer (61 rows) is shown from its start, under the status bar"
wait_re 'more rows below: PgDn' "the status bar says there is more"

type_line 'X = load("tests/data/iris.csv", label="species")'
type_line 'scatter X[:, 2:4]'
wait_for "setosa (50)"
wait_status_row 15 "a plot takes two thirds of the 22 rows"

type_line 'E = load("examples/data/glove.6B.100d.top10k.txt.gz")'
type_line 'use E'
type_line 'king - man + woman'
wait_re '^wife +0\.6' "the answer arrives"
wait_status_row 12 "the console grows to the answer's 11 rows"
capture
grep -q '^dv> king - man + woman$' "$tmp/pane" && grep -q '^queen ' "$tmp/pane" && ok "the whole ten-word answer is on screen, with its entry" ||
    { not_ok "the whole ten-word answer is on screen"; show_pane; }
type_line 'print 1'
wait_status_row 15 "a short answer gives the plot its room back"

keys F3
wait_for "layout: the plot on 3/4 of the rows" "F3 says what it did"
wait_status_row 18 "F3: the plot on 3/4"
keys F3
wait_status_row 12 "F3 again: the plot on 1/2"
keys F3
wait_status_row 7 "F3 again: the plot on 1/4"
keys F3
wait_for "layout: automatic"
wait_status_row 15 "F3 again: automatic"

type_line 'layout 0.5'
wait_status_row 12 "layout 0.5: the plot on half the rows"
t resize-window -t s -x 100 -y 30
wait_status_row 15 "the split is kept across a resize (half of 28 rows)"
type_line 'layout 2'
wait_for "layout: plot must be a share of the rows from 0 to 1" "layout checks its argument"
type_line 'layout none'
wait_status_row 19 "layout none: automatic again (two thirds of 28 rows)"

# full plot: only while the plot has the keys
keys F2
wait_for "q back"
keys f
wait_status_row 29 "f: the plot takes the console's rows too"
keys q
wait_status_row 19 "leaving the plot gives the console back"
type_line 'print 8'
wait_re '^8$' "a result shows after the full plot"
keys F2 f Escape
wait_status_row 19 "Esc from the full plot gives the console back too"

# visible multi-line input
t resize-window -t s -x 80 -y 24
type_line 'M = [[1, 2, 3],'
wait_re '^dv> M = \[\[1, 2, 3\],$' "the first line of an entry stays visible"
wait_re '^\.\.\. *$' "the next line's prompt is under it"
type_line '[4, 5, 6],'
wait_re '^\.\.\. \[4, 5, 6\],$' "the second line too"
capture
[ "$(sed -n 24p "$tmp/pane")" = "..." ] && ok "the line being typed is on the last row" || { not_ok "the line being typed is on the last row"; show_pane; }
t send-keys -t s -l '[7, 8'
keys C-c
wait_re '^\.\.\. \[7, 8\^C$' "Ctrl-C shows all that was dropped"
wait_re '^dv> M = \[\[1, 2, 3\],$'
capture
[ "$(sed -n 24p "$tmp/pane")" = "dv>" ] && ok "and leaves an empty prompt" || { not_ok "and leaves an empty prompt"; show_pane; }
type_line 'print shape(M)'
wait_re "error: unknown (name|word) 'M'" "the dropped entry did not run"
keys C-d
wait_for "DV-EXITED 0"
[ -s "$tmp/stderr" ] && { not_ok "nothing on stderr"; sed 's/^/# /' "$tmp/stderr"; } || ok "nothing on stderr"
finish
