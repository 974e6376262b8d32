# lib.sh — shared by the screen tests (sourced, not run): start dv in a
# detached tmux session on a private server, type into it, and poll the
# pane for what should appear.  Waits poll the pane rather than sleep, so
# the tests pass on a loaded machine and under sanitizers (long timeout).
: "${DV:=src/dv}" "${top_srcdir:=.}"
command -v tmux >/dev/null 2>&1 || { echo "tmux not installed"; exit 77; }
name=$(basename "$0" .sh)
sock=dv-$name-$$-0
nstart=0
tmp=${TMPDIR:-/tmp}/dv-$name.$$
mkdir -p "$tmp/state" || exit 99
# the tmux servers' sockets live in $tmp too, and go with it
TMUX_TMPDIR=$tmp
export TMUX_TMPDIR
unset TMUX
cd "$top_srcdir" || exit 99
fails=0
WAIT=${DV_SCREEN_WAIT:-60} # seconds
t() { tmux -L "$sock" -f /dev/null "$@"; }
cleanup() { t kill-server 2>/dev/null; rm -rf "$tmp"; }
# stop: end this tmux server (dv with it); the next start uses a new one
stop() { t kill-server 2>/dev/null; }
trap cleanup EXIT
ok() { echo "ok - $1"; }
not_ok() { echo "not ok - $1"; fails=$((fails + 1)); }
finish() { [ $fails -eq 0 ]; exit $?; }

# start W H [ENV=VALUE...] [-- DV ARGS]: dv in an W x H window; the pane
# stays after dv leaves and says DV-EXITED with its status, then how the
# terminal's modes were left (TTY-MODES: icanon echo when restored).
# The functions below act on the session named by $on (s by default).
on=s
start() {
    stop
    nstart=$((nstart + 1))
    sock=dv-$name-$$-$nstart
    on=s
    launch s "$@"
}
# start_also NAME W H [ENV=VALUE...] [-- DV ARGS]: a second dv beside the
# first, in session NAME of the same tmux server (on=NAME talks to it);
# its stderr goes to $tmp/stderr-NAME.
start_also() { launch "$@"; }
launch() {
    sess=$1 w=$2 h=$3
    shift 3
    err=$tmp/stderr
    [ "$sess" = s ] || err=$tmp/stderr-$sess
    envs="LC_ALL=C.UTF-8 TERM=xterm-256color"
    while [ $# -gt 0 ] && [ "$1" != "--" ]; do envs="$envs $1"; shift; done
    [ "$1" = "--" ] && shift
    t new-session -d -s "$sess" -x "$w" -y "$h" \
        "env -u NO_COLOR XDG_STATE_HOME=$tmp/state HOME=$tmp $envs $DV $* 2>$err; echo DV-EXITED \$?; \
         echo TTY-MODES \$(stty -a | tr ' ;' '\n\n' | grep -xE -- '-?(icanon|echo)' | tr '\n' ' '); sleep 600"
}
# dv_pid: the process id of dv in session $on, the child of the pane's
# shell, found in /proc (a fresh Debian has no ps: procps is not essential)
dv_pid() {
    _pane=$(t list-panes -t "$on" -F '#{pane_pid}')
    for _st in /proc/[0-9]*/stat; do
        # the fields after "(comm)": state, then the parent's id
        _pp=$(sed 's/.*) //' "$_st" 2>/dev/null | cut -d' ' -f2)
        [ "$_pp" = "$_pane" ] || continue
        _pid=${_st#/proc/}
        echo "${_pid%/stat}"
        return 0
    done
    echo "dv_pid: no child of the pane's shell $_pane" >&2
    return 1
}
keys() { t send-keys -t "$on" "$@"; }
# type TEXT: literal text, then Enter
type_line() { t send-keys -t "$on" -l -- "$1"; t send-keys -t "$on" Enter; }
capture() { t capture-pane -p -t "$on" "$@" > "$tmp/pane" 2>/dev/null; }
show_pane() { sed 's/^/# /' "$tmp/pane"; [ -s "$tmp/stderr" ] && sed 's/^/# stderr: /' "$tmp/stderr"; }
# wait_for TEXT [WHAT]: until the pane shows TEXT (a fixed string)
wait_for() {
    end=$(($(date +%s) + WAIT))
    while :; do
        capture
        grep -qF -- "$1" "$tmp/pane" && { [ -n "$2" ] && ok "$2"; return 0; }
        [ "$(date +%s)" -ge $end ] && break
        sleep 0.1
    done
    not_ok "${2:-wait for '$1'} (timed out waiting for '$1')"
    show_pane
    return 1
}
# wait_re REGEX [WHAT]: until a line of the pane matches the extended REGEX
wait_re() {
    end=$(($(date +%s) + WAIT))
    while :; do
        capture
        grep -qE -- "$1" "$tmp/pane" && { [ -n "$2" ] && ok "$2"; return 0; }
        [ "$(date +%s)" -ge $end ] && break
        sleep 0.1
    done
    not_ok "${2:-wait for /$1/} (timed out waiting for /$1/)"
    show_pane
    return 1
}
# wait_gone TEXT [WHAT]: until the pane no longer shows TEXT
wait_gone() {
    end=$(($(date +%s) + WAIT))
    while :; do
        capture
        grep -qF -- "$1" "$tmp/pane" || { [ -n "$2" ] && ok "$2"; return 0; }
        [ "$(date +%s)" -ge $end ] && break
        sleep 0.1
    done
    not_ok "${2:-wait for '$1' to go} (timed out: '$1' still shown)"
    show_pane
    return 1
}
# wait_row N REGEX [WHAT]: until row N (from 1) of the pane matches the
# extended REGEX (after a resize, a row in its new place tells a fresh
# picture from the old one that tmux reflowed)
wait_row() {
    end=$(($(date +%s) + WAIT))
    while :; do
        capture
        sed -n "$1p" "$tmp/pane" | grep -qE -- "$2" && { [ -n "$3" ] && ok "$3"; return 0; }
        [ "$(date +%s)" -ge $end ] && break
        sleep 0.1
    done
    not_ok "${3:-wait for /$2/ on row $1} (timed out waiting for /$2/ on row $1)"
    show_pane
    return 1
}
# wait_idle [WHAT]: until the status bar says no job runs (its idle key hints)
wait_idle() { wait_re 'F1 keys +F2 plot +\^D quit' "$@"; }
# the row of the pane that holds the prompt (the last line that is not empty)
prompt_line() { capture; grep -v '^ *$' "$tmp/pane" | tail -1; }
