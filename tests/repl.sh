#!/bin/sh
# The plain REPL through a real terminal (tmux): results, errors with a
# caret, multi-line input, completion, Ctrl-C clearing the line, history,
# Ctrl-D leaving.
: "${DV:=src/dv}"
case $DV in /*) ;; *) DV=$(pwd)/$DV ;; esac
command -v tmux >/dev/null 2>&1 || { echo "tmux not installed"; exit 77; }
sock=dv-repl-$$
tmp=${TMPDIR:-/tmp}/dv-repl.$$
mkdir -p "$tmp/state" || exit 99
t() { tmux -L "$sock" "$@"; }
cleanup() { t kill-server 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
fails=0
# wait_for TEXT: poll the pane for up to 30 s
wait_for() {
    i=0
    while [ $i -lt 300 ]; do
        t capture-pane -p -t r > "$tmp/pane" 2>/dev/null
        grep -qF -- "$1" "$tmp/pane" && return 0
        sleep 0.1
        i=$((i + 1))
    done
    echo "not ok - timed out waiting for: $1"; cat "$tmp/pane"; fails=$((fails + 1))
    return 1
}
ok() { echo "ok - $1"; }

t new-session -d -s r -x 100 -y 30 \
    "cd '${top_srcdir:-.}' && env LC_ALL=C.UTF-8 NO_COLOR=1 XDG_STATE_HOME=$tmp/state TERM=xterm $DV --plain; echo DV-EXITED; sleep 30"
wait_for "dv>" && ok "prompt"
t send-keys -t r 'X = [[1, 2], [3, 4]]' Enter 'X @ X' Enter
wait_for "15  22" && ok "result of a statement"
t send-keys -t r 'y = foo + 1' Enter
wait_for "<entry 3>:1:5: error: unknown name 'foo'" && ok "error names the entry and its position"
wait_for "      ^" && ok "caret under the error"
t send-keys -t r 'z = [1,' Enter
wait_for "..." && ok "open bracket asks for more"
t send-keys -t r '2]' Enter 'print z' Enter
wait_for "[1, 2]" && ok "multi-line entry"
t send-keys -t r 'print norma' Tab
wait_for "print normalize" && ok "tab completion of a builtin"
t send-keys -t r C-u 'X = load("tests/data/ir' Tab
wait_for 'X = load("tests/data/iris.csv"' && ok "tab completion of a file name in a string"
t send-keys -t r C-u 'X = load("data:ir' Tab
wait_for 'X = load("data:iris.csv"' && ok "tab completion of a data: name"
t send-keys -t r C-u 'X = load("data:mn' Tab 't10k-la' Tab
wait_for 'X = load("data:mnist/t10k-labels-idx1-ubyte.gz"' && ok "tab completion into a data: folder"
t send-keys -t r C-u 'this is half a line' C-c
wait_for "^C" && ok "Ctrl-C clears the line"
t send-keys -t r 'print 40 + 2' Enter
wait_for "42" && ok "still usable after Ctrl-C"
t send-keys -t r C-d
wait_for "DV-EXITED" && ok "Ctrl-D leaves"
grep -q 'print 40 + 2' "$tmp/state/dv/history" && ok "history saved" ||
    { echo "not ok - history saved"; fails=$((fails + 1)); }
[ $fails -eq 0 ]
