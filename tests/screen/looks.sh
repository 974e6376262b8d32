#!/bin/sh
# What the terminal can show decides how the screen looks: 256 colours,
# 8 colours or none (NO_COLOR, --color=never: classes told apart by
# letters) from terminfo, braille in a UTF-8 locale and ASCII otherwise;
# a TERM without a terminfo entry falls back to xterm-256color, saying so.
. "${top_srcdir:-.}/tests/screen/lib.sh"

# show_iris [ENV...]: dv with the iris scatter; the pane with escapes in $tmp/pane
show_iris() {
    start 80 24 "$@"
    wait_for "F2 plot"
    type_line 'X = load("tests/data/iris.csv", label="species")'
    type_line 'scatter X[:, 2:4]'
    wait_for "setosa (50)"
    t capture-pane -p -e -t s > "$tmp/pane"
}
esc=$(printf '\033')

show_iris TERM=xterm-256color
grep -q "$esc\[38;5;[0-9]*m.*setosa" "$tmp/pane" && ok "256 colours where terminfo says 256" ||
    { not_ok "256 colours where terminfo says 256"; show_pane; }
grep -q "^.*$(printf '\342\240').*" "$tmp/pane" && ok "braille in a UTF-8 locale" || not_ok "braille in a UTF-8 locale"

show_iris TERM=xterm
grep -q "$esc\[3[0-7]m.*setosa" "$tmp/pane" && ok "8 colours where terminfo says 8" ||
    { not_ok "8 colours where terminfo says 8"; show_pane; }
grep -q "38;5;" "$tmp/pane" && not_ok "no 256-colour codes on an 8-colour terminal" ||
    ok "no 256-colour codes on an 8-colour terminal"

show_iris TERM=xterm-256color NO_COLOR=1
grep -q "$esc\[3[0-7]m\|38;5;\|$esc\[4[0-7]m\|48;5;" "$tmp/pane" && { not_ok "no colour with NO_COLOR"; show_pane; } ||
    ok "no colour with NO_COLOR"
grep -q "a setosa (50)" "$tmp/pane" && ok "classes by letter without colour" || { not_ok "classes by letter without colour"; show_pane; }

show_iris TERM=xterm-256color -- --color=never
grep -q "$esc\[3[0-7]m\|38;5;\|$esc\[4[0-7]m\|48;5;" "$tmp/pane" && { not_ok "no colour with --color=never"; show_pane; } ||
    ok "no colour with --color=never"

# a TERM with no terminfo entry on this machine (a terminal's own, set on
# another machine): the screen says in one line what it uses instead
show_iris TERM=xterm-kitty-not-here
t capture-pane -p -t s > "$tmp/plain"
grep -q "^TERM=xterm-kitty-not-here has no terminfo entry on this machine: the screen uses$" "$tmp/plain" &&
    grep -q "^xterm-256color (install the entry for xterm-kitty-not-here, or set TERM; dv$" "$tmp/plain" &&
    ok "an unknown TERM: the screen says it uses xterm-256color" ||
    { not_ok "an unknown TERM: the screen says it uses xterm-256color"; show_pane; }
grep -q "$esc\[38;5;[0-9]*m.*setosa" "$tmp/pane" && ok "and draws with its 256 colours" ||
    { not_ok "and draws with its 256 colours"; show_pane; }
keys C-d
wait_for "DV-EXITED 0"
start 80 24 TERM=xterm-kitty-not-here -- --plain
wait_for "dv>"
type_line 'print 3 + 4'
wait_re '^7$' "the plain prompt works with an unknown TERM"
keys C-d
wait_for "DV-EXITED 0"
grep -qxF "dv: TERM=xterm-kitty-not-here has no terminfo entry on this machine; using xterm-256color" "$tmp/stderr" &&
    ok "and says which entry it uses" || { not_ok "and says which entry it uses"; cat "$tmp/stderr"; }

show_iris LC_ALL=C
LC_ALL=C grep -q "$(printf '[\200-\377]')" "$tmp/pane" && { not_ok "only ASCII in the C locale"; show_pane; } ||
    ok "only ASCII in the C locale"
t capture-pane -p -t s > "$tmp/pane"
sed -n '1,/F2 plot/p' "$tmp/pane" | grep -q '[^ |+-]' && ok "the scatter is drawn in ASCII" || { not_ok "the scatter is drawn in ASCII"; show_pane; }
keys C-d
wait_for "DV-EXITED 0"
finish
