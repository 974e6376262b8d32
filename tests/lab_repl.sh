#!/bin/sh
# Lab progress at a real prompt (tmux): a learner starts a lab, passes a
# check and moves on, leaves, and resumes in a new session where they
# stopped; the list shows the progress; lab reset forgets it.  Progress is
# in $XDG_STATE_HOME/dv/labs.
: "${DV:=src/dv}" "${top_srcdir:=.}"
command -v tmux >/dev/null 2>&1 || { echo "tmux not installed"; exit 77; }
cd "$top_srcdir" || exit 99
run=1 # each session gets its own tmux server
tmp=${TMPDIR:-/tmp}/dv-lab-repl.$$
mkdir -p "$tmp/state" || exit 99
t() { tmux -L "dv-lab-repl-$$-$run" "$@"; }
cleanup() { t kill-server 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
fails=0
wait_for() { # wait_for TEXT: poll the pane for up to 60 s
    i=0
    while [ $i -lt 600 ]; do
        t capture-pane -p -S -200 -t r > "$tmp/pane" 2>/dev/null
        grep -qF -- "$1" "$tmp/pane" && return 0
        sleep 0.1
        i=$((i + 1))
    done
    echo "not ok - timed out waiting for: $1"; tail -20 "$tmp/pane"; fails=$((fails + 1))
    return 1
}
ok() { echo "ok - $1"; }
file_is() { # file_is NAME EXPECTED: the progress file holds EXPECTED within 10 s
    i=0
    while [ $i -lt 100 ]; do
        got=$(cat "$tmp/state/dv/labs" 2>/dev/null)
        [ "$got" = "$2" ] && break
        sleep 0.1
        i=$((i + 1))
    done
    if [ "$got" = "$2" ]; then ok "$1"; else
        echo "not ok - $1"; echo "  expected: $2"; echo "  actual:   $got"; fails=$((fails + 1)); fi
}
start() {
    t new-session -d -s r -x 100 -y 40 \
        "env LC_ALL=C.UTF-8 NO_COLOR=1 XDG_STATE_HOME=$tmp/state TERM=xterm $DV --plain; echo DV-EXITED; sleep 30"
    wait_for "dv>"
}

start && ok "prompt"
t send-keys -t r 'lab lda' Enter
wait_for "Step 1 of 4: Principal components ignore the labels" && ok "lab lda starts at step 1"
file_is "starting a lab saves its place" "lda 1 ."
t send-keys -t r 'P = pca(D, 2)' Enter 'check' Enter
wait_for "Right: the first two components of D explain" && ok "check passes"
file_is "a passed check is saved" "lda 1 +"
t send-keys -t r 'next' Enter
wait_for "Step 2 of 4: Fisher's discriminants" && ok "next"
file_is "next is saved" "lda 2 +"
t send-keys -t r C-d
wait_for "DV-EXITED" && ok "leave"
t kill-server 2>/dev/null
run=2

start
t send-keys -t r 'lab' Enter
wait_for "  lda         1/4 done    Digits in 2-D" && ok "a new session's list shows the progress"
t send-keys -t r 'lab lda' Enter
wait_for "Resuming at step 2 of 4 (1 of 4 exercises done)." && ok "lab lda resumes where the learner stopped"
wait_for "Step 2 of 4: Fisher's discriminants" && ok "and shows that step"
t send-keys -t r 'back' Enter
wait_for "Step 1 of 4: Principal components" && ok "back"
file_is "back is saved" "lda 1 +"
t send-keys -t r 'lab reset' Enter
wait_for "Lab lda is back at step 1 with nothing done." && ok "lab reset"
file_is "lab reset forgets the progress" "lda 1 ."
t send-keys -t r 'lab reset, pca' Enter
wait_for "Lab pca is back at step 1 with nothing done." && ok "lab reset, another lab"
t send-keys -t r C-d
wait_for "DV-EXITED" && ok "leave again"
[ $fails -eq 0 ]
