#!/bin/sh
# The ncurses screen through a real terminal (tmux): a statement and its
# result, a plot with its legend, a long job animating in the plot pane and
# stopped with Ctrl-C (the partial result kept), the plot in focus with the
# nearest point's class in the status bar, zoom, a resize down to 20x8 and
# back, and Ctrl-D leaving.
: "${DV:=src/dv}" "${top_srcdir:=.}"
command -v tmux >/dev/null 2>&1 || { echo "tmux not installed"; exit 77; }
sock=dv-screen-$$
tmp=${TMPDIR:-/tmp}/dv-screen.$$
mkdir -p "$tmp/state" || exit 99
t() { tmux -L "$sock" "$@"; }
cleanup() { t kill-server 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
fails=0
wait_for() { # wait_for TEXT: poll the pane for up to 60 s (sanitizer builds are slow)
    i=0
    while [ $i -lt 600 ]; do
        t capture-pane -p -t s > "$tmp/pane" 2>/dev/null
        grep -qF -- "$1" "$tmp/pane" && return 0
        sleep 0.1
        i=$((i + 1))
    done
    echo "not ok - timed out waiting for: $1"; cat "$tmp/pane"; fails=$((fails + 1))
    return 1
}
ok() { echo "ok - $1"; }

cd "$top_srcdir" || exit 99
t new-session -d -s s -x 80 -y 24 \
    "env LC_ALL=C.UTF-8 TERM=xterm-256color XDG_STATE_HOME=$tmp/state $DV; echo DV-EXITED; sleep 30"
wait_for "prompt (F2: plot)" && ok "the screen starts with a status bar"
t send-keys -t s 'print 6 * 7' Enter
wait_for "42" && ok "a statement's result in the console"
t send-keys -t s 'X = load("tests/data/iris.csv", label="species")' Enter 'scatter X[:, 2:4]' Enter
wait_for "setosa (50)" && ok "a scatter with its legend in the plot pane"
t send-keys -t s 'Y = tsne(X, iters=1000000, method="exact")' Enter
wait_for "Ctrl-C stops" && ok "a long job reports in the status bar"
wait_for "versicolor (50)" && ok "the job's map animates in the plot pane"
t send-keys -t s C-c
wait_for "interrupted (what was computed so far is kept)" && ok "Ctrl-C stops the job"
t send-keys -t s 'print Y.stopped, Y.iters > 0' Enter
wait_for "true true" && ok "the partial result is kept"
t send-keys -t s 'scatter X[:, 2:4]' Enter
wait_for "setosa (50)"
t send-keys -t s Tab
wait_for " PLOT |" && ok "Tab on an empty line moves to the plot"
t send-keys -t s Left Left Up
wait_for " class " && ok "the status bar names the nearest point's class"
t send-keys -t s '+'
wait_for " PLOT |" && ok "zoom in the plot"
t send-keys -t s q
wait_for "prompt (F2: plot)" && ok "q goes back to the prompt"
t resize-window -t s -x 20 -y 8
sleep 1
t send-keys -t s 'print 5 + 5' Enter
wait_for "10" && ok "still working at 20x8"
t resize-window -t s -x 80 -y 24
t send-keys -t s 'xlim 3, 5' Enter
wait_for "prompt (F2: plot)" && ok "xlim redraws the plot"
t send-keys -t s C-d
wait_for "DV-EXITED" && ok "Ctrl-D leaves"
grep -q 'print 6 \* 7' "$tmp/state/dv/history" && ok "history saved" || { echo "not ok - history saved"; fails=$((fails + 1)); }
[ $fails -eq 0 ]
