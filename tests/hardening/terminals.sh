#!/bin/sh
# Terminals of every kind (issue 11, item 5): a vt100 (cursor addressing,
# no colours), TERM=dumb (no cursor addressing: the plain prompt), LANG=C
# with no LC_ variable (no UTF-8: ASCII plots), and windows of 20x8 and
# 300x100 from the start.  In each, a scatter is drawn the way the
# terminal can show it, a statement runs, and dv leaves with status 0 and
# the terminal's modes restored.  (Resizing down to 1x1 is in
# tests/screen/resize.sh; SIGTERM and SIGHUP in tests/screen/history.sh
# and basics.sh.)
. "${top_srcdir:-.}/tests/screen/lib.sh"
esc=$(printf '\033')

# scatter_iris: load iris and draw petal length against width
scatter_iris() {
    type_line 'X = load("tests/data/iris.csv", label="species")'
    type_line 'scatter X[:, 2:4]'
}
# leave WHAT: Ctrl-D, then status 0 and the modes restored
leave() {
    keys C-d
    wait_for "DV-EXITED 0" "$1: Ctrl-D leaves with status 0"
    # joined (-J): at 20 columns the line wraps
    end=$(($(date +%s) + WAIT))
    while capture -J; ! grep -qE 'TTY-MODES icanon echo *$' "$tmp/pane" && [ "$(date +%s)" -lt $end ]; do
        sleep 0.1
    done
    grep -qE 'TTY-MODES icanon echo *$' "$tmp/pane" && ok "$1: the terminal's modes are restored" ||
        { not_ok "$1: the terminal's modes are restored"; show_pane; }
}
# ascii_only WHAT: the pane (with escapes) holds no byte above 127
ascii_only() {
    t capture-pane -p -e -t "$on" > "$tmp/pane"
    if LC_ALL=C grep -q "$(printf '[\200-\377]')" "$tmp/pane"; then not_ok "$1"; show_pane; else ok "$1"; fi
}

# A vt100: the screen, without colours (classes told apart by letters)
start 80 24 TERM=vt100
wait_for "F2 plot" "TERM=vt100 gets the screen"
scatter_iris
wait_for "a setosa (50)" "TERM=vt100: the classes are letters in the legend"
t capture-pane -p -e -t s > "$tmp/pane"
grep -q "$esc\[\(3[0-7]\|38;5;[0-9]*\)m" "$tmp/pane" && { not_ok "TERM=vt100: no colour escapes"; show_pane; } ||
    ok "TERM=vt100: no colour escapes"
grep -q "scatter, 150 points .*F2 plot" "$tmp/pane" &&
    ok "TERM=vt100: the status bar" || { not_ok "TERM=vt100: the status bar"; show_pane; }
type_line 'print 6 * 7'
wait_re '^42$' "TERM=vt100: a statement runs"
leave "TERM=vt100"

# TERM=dumb: the plain prompt, which prints plots as text
start 80 24 TERM=dumb
wait_for "dv>"
scatter_iris
wait_for "a setosa (50)" "TERM=dumb: the scatter printed at the plain prompt"
capture
grep -q "petal_length" "$tmp/pane" && grep -q "petal_width" "$tmp/pane" && ok "TERM=dumb: with its axes named" ||
    { not_ok "TERM=dumb: with its axes named"; show_pane; }
grep -q "F2 plot" "$tmp/pane" && not_ok "TERM=dumb: no status bar" || ok "TERM=dumb: no status bar"
leave "TERM=dumb"

# LANG=C and no LC_ variable set: no UTF-8, so ASCII plots, box and prompt
t kill-server 2>/dev/null
sock=dv-$name-$$-lang
t new-session -d -s s -x 80 -y 24 \
    "env -u LC_ALL -u LC_CTYPE -u LC_NUMERIC -u LC_MESSAGES -u NO_COLOR LANG=C TERM=xterm-256color \
     XDG_STATE_HOME=$tmp/state HOME=$tmp $DV 2>$tmp/stderr; echo DV-EXITED \$?; \
     echo TTY-MODES \$(stty -a | tr ' ;' '\n\n' | grep -xE -- '-?(icanon|echo)' | tr '\n' ' '); sleep 600"
wait_for "F2 plot" "LANG=C gets the screen"
scatter_iris
wait_for "setosa (50)" "LANG=C: the scatter"
ascii_only "LANG=C: only ASCII on the screen"
capture
sed -n '1,/scatter, 150 points/p' "$tmp/pane" | grep -q -- '+---------+---------+' && ok "LANG=C: the axis drawn with + and -" ||
    { not_ok "LANG=C: the axis drawn with + and -"; show_pane; }
grep -q '[.:]' "$tmp/pane" && ok "LANG=C: points drawn with . and :" || { not_ok "LANG=C: points drawn with . and :"; show_pane; }
type_line 'print "naïve"'
wait_for "na" "LANG=C: a statement with a non-ASCII string runs"
leave "LANG=C"
[ -s "$tmp/stderr" ] && { not_ok "LANG=C: nothing on stderr"; sed 's/^/# /' "$tmp/stderr"; } || ok "LANG=C: nothing on stderr"

# 20x8 from the start: the banner wraps, the plot shrinks to what fits
start 20 8
wait_for "dv>" "a 20x8 window from the start: the prompt"
scatter_iris
wait_for " scatter, 150 point" "20x8: the status bar names the plot"
capture
[ "$(wc -l < "$tmp/pane" | tr -d ' ')" = 8 ] && ok "20x8: the pane is 8 rows" || { not_ok "20x8: the pane is 8 rows"; show_pane; }
[ "$(LC_ALL=C.UTF-8 wc -L < "$tmp/pane")" -le 20 ] && ok "20x8: no row wider than 20" ||
    { not_ok "20x8: no row wider than 20"; show_pane; }
type_line 'print 3 * 3'
wait_re '^9$' "20x8: a statement and its result"
[ "$(prompt_line)" = "dv>" ] && ok "20x8: the prompt on the last row" || { not_ok "20x8: the prompt on the last row"; show_pane; }
leave "20x8"
[ -s "$tmp/stderr" ] && { not_ok "20x8: nothing on stderr"; sed 's/^/# /' "$tmp/stderr"; } || ok "20x8: nothing on stderr"

# 300x100: the plot and the status bar use the whole width
start 300 100
wait_for "F2 plot" "a 300x100 window"
scatter_iris
wait_for "setosa (50)" "300x100: the scatter and its legend"
capture
status=$(grep -n "^ scatter, 150 points" "$tmp/pane" | cut -d: -f1)
[ -n "$status" ] && [ "$status" -gt 50 ] && ok "300x100: the plot takes the top of 100 rows (status bar on row $status)" ||
    { not_ok "300x100: the plot takes the top of 100 rows (status bar on row '$status')"; show_pane; }
grep "^ scatter, 150 points" "$tmp/pane" | grep -q "F2 plot  ^D quit *$" &&
    [ "$(grep "^ scatter, 150 points" "$tmp/pane" | sed 's/ *$//' | wc -c)" -gt 280 ] &&
    ok "300x100: the status bar spans the width" || { not_ok "300x100: the status bar spans the width"; show_pane; }
x_axis=$(sed -n "1,${status:-1}p" "$tmp/pane" | grep 'petal_length' | tail -1)
[ "$(printf '%s' "$x_axis" | sed 's/ *$//' | wc -c)" -gt 250 ] && ok "300x100: the x axis runs across the pane" ||
    { not_ok "300x100: the x axis runs across the pane"; show_pane; }
type_line 'print 5 + 5'
wait_re '^10$' "300x100: a statement runs"
leave "300x100"
finish
