#!/bin/sh
# The screen's basics through a real terminal (tmux): the layout, a
# statement and its result, a plot with its legend, an error with a caret,
# Tab completion, Ctrl-C clearing the line, PageUp scrolling back, Ctrl-D
# leaving with the history saved; --plain and TERM=dumb give the plain
# prompt instead.
. "${top_srcdir:-.}/tests/screen/lib.sh"

start 80 24
wait_for "F2 plot" "the screen starts with a status bar"
wait_row 1 'F1 keys +F2 plot' "with no plot the console has the rows: the status bar is on top"
[ "$(prompt_line)" = "dv>" ] && ok "the prompt is on the last line" || { not_ok "the prompt is on the last line"; show_pane; }

keys F2
wait_for "no plot yet: scatter, curve, bars, hist, show or heatmap draw one" "F2 with no plot says why nothing happens"
keys F1
wait_for "Keys of the dv screen" "F1 shows the keys"
wait_for "In the plot" "with the plot's keys too"
keys x
wait_gone "Keys of the dv screen" "any key closes the help"
wait_for "F2 plot"
type_line 'print 6 * 7'
wait_re '^42$' "a statement's result in the console"
wait_for "dv> print 6 * 7" "the statement is echoed above its result"

type_line 'X = load("tests/data/iris.csv", label="species")'
type_line 'scatter X[:, 2:4]'
wait_for "setosa (50)" "a scatter with its legend in the plot pane"
wait_for "scatter, 150 points" "the status bar names the plot"
capture
grep -q "$(printf '\342\240')" "$tmp/pane" && ok "braille dots in a UTF-8 locale" || not_ok "braille dots in a UTF-8 locale"

type_line 'y = foo + 1'
wait_for "<entry 4>:1:5: error: unknown name 'foo'" "an error names the entry and its position"
wait_re '^      \^$' "a caret under the error"

keys 'print norma' Tab
wait_for "dv> print normalize" "Tab completes a builtin"
keys C-u 'me' Tab Tab
wait_re '^mean +memory' "Tab twice lists the choices"
keys C-u 'Z = load("examples/da' Tab
wait_for 'dv> Z = load("examples/data/' "Tab in a string completes a folder"
keys 'iri' Tab
wait_for 'dv> Z = load("examples/data/iris.csv"' "and a file name, closing the string"
mkdir -p "$tmp/files/gamma" && : > "$tmp/files/alpha.csv" && : > "$tmp/files/beta.csv"
keys C-u "Z = load(\"$tmp/files/" Tab Tab
wait_re '^alpha\.csv +beta\.csv +gamma/ *$' "Tab twice lists the files by their names, folders with a /"
keys C-u

t send-keys -t s -l 'this is half a line'
keys C-c
wait_for "dv> this is half a line^C" "Ctrl-C drops the line"
[ "$(prompt_line)" = "dv>" ] && ok "the prompt is empty after Ctrl-C" || { not_ok "the prompt is empty after Ctrl-C"; show_pane; }

type_line 'z = [1,'
wait_for "..." "an open bracket asks for more"
type_line '2]'
type_line 'print z'
wait_for "[1, 2]" "a two-line entry runs"

type_line 'print range(60).T, all=true'
wait_for "60x1 matrix" "a long answer is shown from its start"
wait_re '^dv> print range\(60\)\.T, all=true$' "with the entry above it"
wait_re 'more rows below: PgDn' "the status bar says there is more below"
keys NPage NPage NPage NPage NPage NPage NPage NPage NPage NPage NPage NPage NPage NPage NPage NPage NPage NPage NPage NPage
wait_for "59  59" "PageDown reads on to the end of the answer"
wait_gone "more rows below" "and the status bar says no more"
keys PPage PPage
wait_for "more rows below" "PageUp scrolls the console back"
type_line 'print 3 * 3'
wait_re '^9$' "a new entry brings the view back to the end"

keys C-l
wait_gone "dv> print 3 * 3" "Ctrl-L clears the console"
keys PPage
wait_for "dv> print 3 * 3" "PageUp still shows what was there"
keys C-d
wait_for "DV-EXITED 0" "Ctrl-D leaves with status 0"
grep -q 'print 6 \* 7' "$tmp/state/dv/history" && ok "the history is saved" || not_ok "the history is saved"
[ -s "$tmp/stderr" ] && { not_ok "nothing on stderr"; sed 's/^/# /' "$tmp/stderr"; } || ok "nothing on stderr"

# The terminal going away (ssh dropped): dv has the history saved and leaves.
start 80 24
wait_for "F2 plot"
type_line 'print "before the hangup"'
wait_re '^before the hangup$'
pid=$(dv_pid) || not_ok "dv's process id"
stop
end=$(($(date +%s) + WAIT))
while kill -0 "$pid" 2>/dev/null && [ "$(date +%s)" -lt $end ]; do sleep 0.1; done
kill -0 "$pid" 2>/dev/null && not_ok "a hangup ends dv" || ok "a hangup ends dv"
grep -q 'before the hangup' "$tmp/state/dv/history" 2>/dev/null && ok "the history is saved after a hangup" ||
    not_ok "the history is saved after a hangup"

# The plain prompt: --plain, and a terminal that cannot address the cursor.
start 80 24 -- --plain
wait_for "dv>"
type_line 'print 1 + 1'
wait_re '^2$'
capture
grep -q "F2 plot" "$tmp/pane" && not_ok "--plain gives the plain prompt" || ok "--plain gives the plain prompt"
keys C-d
wait_for "DV-EXITED 0"

start 80 24 TERM=dumb
wait_for "dv>"
type_line 'print 2 + 2'
wait_re '^4$'
capture
grep -q "F2 plot" "$tmp/pane" && not_ok "TERM=dumb gives the plain prompt" || ok "TERM=dumb gives the plain prompt"
keys C-d
wait_for "DV-EXITED 0"
finish
