#!/bin/sh
# Long work in the screen: a job animates its map in the plot pane with
# its progress in the status bar, the prompt takes the next entries while
# it runs (queued), Ctrl-C stops it and keeps the partial result, a job
# that reports a curve animates the curve, queued entries run in order
# after a job, and Ctrl-D while a job runs stops it and leaves.
. "${top_srcdir:-.}/tests/screen/lib.sh"

# iters: the number in "demo_embed N/TOTAL" of the status bar
iters() { capture; sed -n 's/.*demo_embed \([0-9]*\)\/.*/\1/p' "$tmp/pane" | head -1; }

start 80 24
wait_for "F2 plot"
type_line 'seed 1'
type_line 'D = demo_embed(n=400, iters=10000000)'
wait_re 'demo_embed [0-9]+/10000000 iter' "the job's progress in the status bar"
wait_for "Ctrl-C stops" "the status bar says how to stop it"
wait_for "A (80)" "the job's map is drawn with its classes"
a=$(iters)
end=$(($(date +%s) + WAIT))
while b=$(iters); [ -n "$a" ] && [ "$b" = "$a" ] && [ "$(date +%s)" -lt $end ]; do sleep 0.2; done
[ -n "$a" ] && [ -n "$b" ] && [ "$b" -gt "$a" ] && ok "the job moves on while shown ($a, then $b iterations)" ||
    { not_ok "the job moves on while shown ('$a', then '$b')"; show_pane; }
capture
grep -q "$(printf '\342\243')" "$tmp/pane" && ok "the map is braille" || { not_ok "the map is braille"; show_pane; }

type_line 'print "typed while busy"'
wait_for "+1 queued" "an entry typed during a job waits in a queue"
keys C-c
wait_for "interrupted (what was computed so far is kept)" "Ctrl-C stops the job"
wait_for "(1 queued entry waits: Enter runs it, Ctrl-C drops it)" "the queued entry waits for the user's word"
wait_for "1 queued: Enter runs, Ctrl-C drops" "the status bar says so"
keys C-c
wait_for "(1 queued entry dropped: Ctrl-C)" "Ctrl-C drops it"
wait_for "F2 plot" "the prompt is back"
capture
grep -q '^typed while busy' "$tmp/pane" && not_ok "the dropped entry did not run" || ok "the dropped entry did not run"
type_line 'print D.stopped, D.iters > 0, D.iters < 10000000, shape(D.embedding)'
wait_for "true true true [400, 2]" "the partial result is kept"
type_line 'zoom 2'
wait_for "scatter, 400 points, zoom 2x" "the job's last map is the plot zoom acts on"

# a job whose report is a curve (a trainer's loss): the curve animates
type_line 'C = demo_embed(n=100, iters=10000000, curve=true)'
wait_for "spread" "a reported curve is drawn with its name"
wait_re 'demo_embed [0-9]+/10000000 iter.*spread' "its progress and metric in the status bar"
keys C-c
wait_for "F2 plot"
type_line 'print C.stopped'
wait_re '^true$' "the curve job stopped too"

# entries typed during a job run after it, in order
type_line 'E = demo_embed(n=50, iters=30)'
type_line 'print "first", E.iters'
type_line 'print "second", E.stopped'
wait_for "first 30" "a queued entry runs after the job"
wait_for "second false" "queued entries run in order"

# an error holds the entries queued behind it; Enter runs them
type_line 'H = demo_embed(n=2000, iters=200)'
type_line 'F = demo_embed(n=-1)'
type_line 'print "run after all"'
wait_for "+2 queued" "two entries queued behind a job"
wait_for "demo_embed: n must be between 1 and 20000, got -1" "a job's error in the console"
wait_for "(1 queued entry waits: Enter runs it, Ctrl-C drops it)" "an error holds the queue"
capture
grep -q "^run after all" "$tmp/pane" && not_ok "the held entry did not run yet" || ok "the held entry did not run yet"
keys Enter
wait_re "^run after all$" "Enter runs it"

# keys typed just before Ctrl-C are not thrown away with the job (NOFLSH)
type_line 'J = demo_embed(n=400, iters=10000000)'
wait_re 'demo_embed [0-9]+/10000000'
keys 'print 7 * 6' C-c
wait_for "interrupted (what was computed so far is kept)"
wait_for "dv> print 7 * 6" "keys typed before Ctrl-C stay on the line"
keys Enter
wait_re '^42$' "and run"

# Ctrl-D while a job runs: it stops, then dv leaves
type_line 'G = demo_embed(n=400, iters=10000000)'
wait_re 'demo_embed [0-9]+/10000000'
keys C-d
wait_for "DV-EXITED 0" "Ctrl-D during a job stops it and leaves"
[ -s "$tmp/stderr" ] && { not_ok "nothing on stderr"; sed 's/^/# /' "$tmp/stderr"; } || ok "nothing on stderr"
finish
