#!/bin/sh
# The history file over a day's work: two sessions open at once both keep
# their lines; a multi-line entry is stored as one and comes back as one
# after a restart; DV_HISTSIZE sets how many entries are kept; a file of
# plain lines (older versions) still loads; SIGTERM, in the screen and in
# the plain prompt, leaves with the terminal's modes restored and the
# history saved.
. "${top_srcdir:-.}/tests/screen/lib.sh"
hist=$tmp/state/dv/history

# two sessions at once, each typing a line, leaving in turn
start 80 24
start_also b 80 24
on=s wait_for "F2 plot"
on=b wait_for "F2 plot"
on=s type_line 'print "typed in the first"'
on=b type_line 'print "typed in the second"'
on=s wait_re '^typed in the first$'
on=b wait_re '^typed in the second$'
on=s type_line 'print "first again"'
on=s wait_re '^first again$'
on=s keys C-d
on=s wait_for "DV-EXITED 0"
on=b keys C-d
on=b wait_for "DV-EXITED 0"
on=s
for l in 'print "typed in the first"' 'print "typed in the second"' 'print "first again"'; do
    grep -qxF "$l" "$hist" && ok "both sessions' lines are kept: $l" || { not_ok "kept: $l"; cat "$hist"; }
done
# the next session recalls them, newest first, across both sessions
start 80 24
wait_for "F2 plot"
keys Up
wait_for 'dv> print "first again"' "Up recalls the last entry of either session"
keys Up
wait_for 'dv> print "typed in the second"' "Up again: the other session's line"
keys C-u C-d
wait_for "DV-EXITED 0"

# a multi-line entry is one entry, also after a restart
start 80 24
wait_for "F2 plot"
type_line 'm = [10,'
type_line '20,'
type_line '30]'
type_line 'print sum(m)'
wait_re '^60$'
keys C-d
wait_for "DV-EXITED 0"
grep -c '^#[0-9][0-9]*$' "$hist" > "$tmp/n"
start 80 24
wait_for "F2 plot"
keys Up Up
wait_for 'dv> m = [10,' "the multi-line entry comes back whole"
wait_re '^\.\.\. 20,$' "with its second line"
wait_re '^\.\.\. 30\]$' "and its third"
keys Enter
type_line 'print m'
wait_for "[10, 20, 30]" "and runs as one entry"
keys C-d
wait_for "DV-EXITED 0"
[ "$(grep -c '^#[0-9][0-9]*$' "$hist")" -gt "$(cat "$tmp/n")" ] && ok "the recalled entry is stored again" ||
    not_ok "the recalled entry is stored again"

# DV_HISTSIZE: how many entries are kept
{
    i=1
    while [ $i -le 40 ]; do printf '#%d\nprint %d\n' $((1700000000 + i)) $i; i=$((i + 1)); done
} > "$hist"
start 80 24 DV_HISTSIZE=5
wait_for "F2 plot"
keys Up
wait_for "dv> print 40" "the newest entry first"
keys Up Up Up Up Up Up Up
wait_for "dv> print 36" "only DV_HISTSIZE entries are loaded"
capture
grep -q "print 35" "$tmp/pane" && not_ok "older entries are not loaded" || ok "older entries are not loaded"
keys C-u C-d
wait_for "DV-EXITED 0"
[ "$(grep -c '^print' "$hist")" = 5 ] && ok "the file is trimmed to DV_HISTSIZE" || { not_ok "the file is trimmed"; cat "$hist"; }
grep -qx 'print 40' "$hist" && ok "the newest entries stay" || not_ok "the newest entries stay"

# a history file of plain lines (older versions): one entry per line
printf 'print "old one"\nprint "old two"\n' > "$hist"
start 80 24
wait_for "F2 plot"
keys Up
wait_for 'dv> print "old two"' "a file of plain lines loads"
keys Up
wait_for 'dv> print "old one"' "a line per entry"
keys C-u
# SIGTERM: the terminal's modes are restored, the history is kept
type_line 'print "before the kill"'
wait_re '^before the kill$'
kill -TERM "$(dv_pid)"
wait_for "DV-EXITED" "SIGTERM ends the screen"
wait_re 'TTY-MODES icanon echo *$' "SIGTERM restores the terminal's modes"
grep -qxF 'print "before the kill"' "$hist" && ok "the history has the entry" || not_ok "the history has the entry"

# SIGTERM while a job runs: the job stops, dv leaves with the terminal restored
start 80 24
wait_for "F2 plot"
type_line 'D = demo_embed(n=400, iters=10000000)'
wait_re 'demo_embed [0-9]+%'
kill -TERM "$(dv_pid)"
wait_for "DV-EXITED 143" "SIGTERM during a job: the job stops and dv leaves (status 143)"
wait_re 'TTY-MODES icanon echo *$' "with the terminal's modes restored"
grep -qxF 'D = demo_embed(n=400, iters=10000000)' "$hist" && ok "and the job's entry in the history" ||
    not_ok "and the job's entry in the history"

# SIGHUP to the plain prompt (its terminal went away)
start 80 24 -- --plain
wait_for "dv>"
type_line 'print "hup line"'
wait_re '^hup line$'
kill -HUP "$(dv_pid)"
wait_for "DV-EXITED 129" "SIGHUP ends the plain prompt"
wait_re 'TTY-MODES icanon echo *$' "with the terminal's modes restored"
grep -qxF 'print "hup line"' "$hist" && ok "its history has the entry" || not_ok "its history has the entry"

# the plain prompt: the same after SIGTERM
start 80 24 -- --plain
wait_for "dv>"
type_line 'print "plain line"'
wait_re '^plain line$'
t send-keys -t s -l 'half a line'
kill -TERM "$(dv_pid)"
wait_for "DV-EXITED 143" "SIGTERM ends the plain prompt"
wait_re 'TTY-MODES icanon echo *$' "and restores the terminal's modes"
grep -qxF 'print "plain line"' "$hist" && ok "the plain prompt's history has the entry" ||
    not_ok "the plain prompt's history has the entry"
[ -s "$tmp/stderr" ] && { not_ok "nothing on stderr"; sed 's/^/# /' "$tmp/stderr"; } || ok "nothing on stderr"
# XDG_STATE_HOME names folders that do not exist yet (a fresh account):
# they are made, and the first session's entry is kept without a word
start 80 24 XDG_STATE_HOME=$tmp/fresh/state
wait_for "F2 plot"
type_line 'print "fresh account"'
wait_re '^fresh account$'
grep -q 'cannot open' "$tmp/pane" && { not_ok "no 'cannot open' for a missing state folder"; show_pane; } ||
    ok "no 'cannot open' for a missing state folder"
keys C-d
wait_for "DV-EXITED 0"
grep -qxF 'print "fresh account"' "$tmp/fresh/state/dv/history" && ok "its folders are made and the entry kept" ||
    not_ok "its folders are made and the entry kept"
finish
