#!/bin/sh
# Long work in the screen: a job animates its map in the plot pane with
# its progress in the status bar, the prompt takes the next entries while
# it runs (queued), Ctrl-C stops it and keeps the partial result, a job
# that reports a curve animates the curve, queued entries run in order
# after a job, and Ctrl-D while a job runs stops it and leaves.
. "${top_srcdir:-.}/tests/screen/lib.sh"

# iters: the number in "demo_embed N/TOTAL" of the status bar
iters() { capture; sed -n 's/.* \([0-9]*\)\/10000000 iter.*/\1/p' "$tmp/pane" | head -1; }

start 80 24
wait_for "F2 plot"
type_line 'seed 1'
type_line 'D = demo_embed(n=400, iters=10000)'
wait_re '^ demo_embed [0-9]+% │ spread [0-9.]+ │ ETA [0-9:]+ │ [0-9.]+k? iter/s │ [0-9]+/10000 iter' \
    "the job's progress in the status bar: how far, its metric, ETA, rate, steps"
keys F2
wait_re 'PLOT │ .* │ demo_embed [0-9]+%' "the progress stays in the status bar while the plot has the keys"
keys q C-c
wait_for "interrupted (what was computed so far is kept)"
type_line 'D = demo_embed(n=400, iters=10000000)'
wait_re '^ demo_embed [0-9]+% │ spread'
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
wait_row 23 '^dv> print "typed while busy"$' "it is shown above the prompt while it waits"
t capture-pane -p -e -t s | sed -n 23p | grep -q "$(printf '\033')\[\(0;\)\?2m.*dv> print" && ok "dimmed" ||
    { not_ok "dimmed"; t capture-pane -p -e -t s | sed -n 23p | cat -v; }
type_line 'y = [1, 2'
type_line '3]'
wait_for "<entry 5>:1:5: error: '[' is never closed" "a syntax error typed during a job is reported at once"
wait_for "(not queued)" "and the entry is not queued"
wait_for "+1 queued" "the job runs on meanwhile with the one good entry queued"
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
wait_re 'demo_embed [0-9]+% │ spread [0-9.]+ │ ETA' "its progress and metric in the status bar"
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

# an error holds the entries queued behind it; Enter runs them.  A call
# of a user function without parentheses passes the check when queued.
type_line 'fn twice(x) return 2 * x end'
type_line 'H = demo_embed(n=2000, iters=200)'
type_line 'F = demo_embed(n=-1)'
type_line 'twice 21'
type_line 'print "run after all"'
wait_for "+3 queued" "three entries queued behind a job (a user function called without parentheses among them)"
wait_for "demo_embed: n must be between 1 and 20000, got -1" "a job's error in the console"
wait_for "(2 queued entries wait: Enter runs them, Ctrl-C drops them)" "an error holds the queue"
capture
grep -q "^run after all" "$tmp/pane" && not_ok "the held entries did not run yet" || ok "the held entries did not run yet"
keys Enter
wait_re "^run after all$" "Enter runs them"
wait_re "^42$" "the user function's call too"

# keys typed just before Ctrl-C are not thrown away with the job (NOFLSH)
type_line 'J = demo_embed(n=400, iters=10000000)'
wait_re 'demo_embed [0-9]+% │'
keys 'print 7 * 6' C-c
wait_for "interrupted (what was computed so far is kept)"
wait_for "dv> print 7 * 6" "keys typed before Ctrl-C stay on the line"
keys Enter
wait_re '^42$' "and run"

# a job with a metric and no picture (word2vec's words/s) gets a live
# curve in place of the plot shown before
type_line 'scatter D'
wait_for "A (80)"
type_line 'W = word2vec("examples/data/kjv.txt.gz", dim=20, epochs=100, threads=1)'
wait_re 'word2vec [0-9]+% │ ETA [0-9:]+ │ [0-9.]+[kM]? words/s' "word2vec's progress with its rate and ETA"
capture
[ "$(grep 'word2vec [0-9]*% │' "$tmp/pane" | grep -o 'words/s' | wc -l)" -eq 1 ] &&
    ok "the rate it reports itself is shown once, not beside a computed one" ||
    { not_ok "the rate it reports itself is shown once, not beside a computed one"; show_pane; }
wait_re 'words/s +word2vec' "its live curve of words/s replaces the old plot"
capture
grep -q "A (80)" "$tmp/pane" && not_ok "the old plot is gone" || ok "the old plot is gone"
grep -q "e+0" "$tmp/pane" && { not_ok "rates read as 404k, not 4.039e+05"; show_pane; } || ok "rates read as 404k, not 4.039e+05"
keys C-c
wait_re '^ curve "word2vec", [0-9]+ (items|values)' "word2vec stops; its curve stays"

# a stop before the statement finished says that nothing was kept
type_line 'i = 0'
type_line 'while i >= 0 do i = i + 1 end'
wait_re '^ running while i >= 0 do i = i \+ 1 end, [0-9.]+ s +Ctrl-C stops *$' \
    "a job that does not report: what runs, for how long, and how to stop it"
keys C-c
wait_idle
wait_for "interrupted (what was computed so far is kept)" "a stop inside a loop keeps what its finished steps assigned"
type_line 'M = load("examples/data/mnist/t10k-images-idx3-ubyte.gz")'
type_line 'print shape(M)'
wait_for "[10000, 784]"
type_line 'T = tsne(M)'
wait_re '^ (running T = tsne|tsne:)'
keys C-c
wait_idle
capture
said=$(grep '^interrupted' "$tmp/pane" | tail -1)
type_line 'print shape(T)'
if [ "$said" = "interrupted (the statement did not finish)" ]; then
    wait_re "error: unknown name 'T'" "t-SNE stopped at once: it says it did not finish, and T is indeed unknown"
else
    wait_for "[10000, 2]" "t-SNE stopped later: it says the map so far is kept, and T is indeed there"
fi

# Ctrl-D while a job runs: it stops, then dv leaves
type_line 'G = demo_embed(n=400, iters=10000000)'
wait_re 'demo_embed [0-9]+% │'
keys C-d
wait_for "DV-EXITED 0" "Ctrl-D during a job stops it and leaves"
[ -s "$tmp/stderr" ] && { not_ok "nothing on stderr"; sed 's/^/# /' "$tmp/stderr"; } || ok "nothing on stderr"
finish
