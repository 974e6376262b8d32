#!/bin/sh
# Training a language model in the screen: the training and held-out
# perplexity curves redraw live with the epoch and tokens/s in the status
# bar; Ctrl-C stops after the current piece and keeps a usable model
# (encode, sample); a joint model's loss curve likewise.
. "${top_srcdir:-.}/tests/screen/lib.sh"

start 80 24
wait_for "F2 plot"
type_line 'seed 1'
type_line 'm = rnn("examples/data/kjv.txt.gz", hidden=32, kind="gru", epochs=1000, limit=20000, bptt=16)'
wait_re '[0-9]+/1000 epoch' "the epoch in the status bar"
wait_re 'tokens/s' "tokens per second in the status bar"
wait_for "training" "the training perplexity is drawn as a curve"
wait_for "held-out" "the held-out perplexity beside it"
wait_re ' ([2-9]|[1-9][0-9]+)/1000 epoch' "the curves move on from epoch to epoch"
keys C-c
wait_for "interrupted (what was computed so far is kept)" "Ctrl-C stops the training"
wait_for "F2 plot" "the prompt is back"
type_line 'print m.stopped, m.epochs > 0, m.epochs < 1000, shape(encode(m, "And God")), len(sample(m, "And", 5)) > 3'
wait_for "true true true [1, 32] true" "the stopped model is kept and usable"
type_line 'j = joint(randn(400, 8), randn(400, 5), epochs=100000)'
wait_for "ranking loss" "joint: the ranking loss is drawn as a curve"
keys C-c
wait_for "F2 plot"
type_line 'print j.stopped, j.epochs > 0'
wait_re '^true true$' "that training stopped too, its model kept"
stop
[ -s "$tmp/stderr" ] && { not_ok "nothing on stderr"; sed 's/^/# /' "$tmp/stderr"; } || ok "nothing on stderr"
finish
