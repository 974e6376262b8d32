#!/bin/sh
# Training in the screen: the autoencoder's training and validation loss
# curves redraw live with the epoch and samples/s in the status bar;
# Ctrl-C stops after the current batch and keeps a usable model; with
# live="code" the 2-D code is drawn as a moving map coloured by class, its loss curves beside it.
. "${top_srcdir:-.}/tests/screen/lib.sh"

start 80 24
wait_for "F2 plot"
type_line 'seed 1'
type_line 'D = load("examples/data/mnist/t10k-images-idx3-ubyte.gz")'
type_line 'ae = autoencoder(D, layers=[64, 2], epochs=1000, batch=32)'
wait_re '[0-9]+/1000 epoch' "the epoch in the status bar"
wait_re 'samples/s' "samples per second in the status bar"
wait_for "training" "the training loss is drawn as a curve"
wait_for "validation" "the validation loss beside it"
wait_re ' ([2-9]|[1-9][0-9]+)/1000 epoch' "the curves move on from epoch to epoch"
keys C-c
wait_for "interrupted (what was computed so far is kept)" "Ctrl-C stops the training"
wait_for "F2 plot" "the prompt is back"
type_line 'print ae.stopped, ae.epochs > 0, ae.epochs < 1000, shape(encode(ae, D[0:5])), shape(ae.codes)'
wait_for "true true true [5, 2] [10000, 2]" "the stopped model is kept and usable"

type_line 'A = autoencoder(D[0:3000], layers=[32, 2], epochs=1000, live="code")'
wait_re '■ 9 \([0-9]+\)' "live=\"code\": the code is drawn with the digits' classes (its loss curves beside)"
# a loaded machine may show the first report (a loss curve) before the first code map
braille() { capture; grep -q "$(printf '\342\243')" "$tmp/pane"; }
end=$(($(date +%s) + WAIT))
while ! braille && [ "$(date +%s)" -lt $end ]; do sleep 0.2; done
braille && ok "the code map is braille" || { not_ok "the code map is braille"; show_pane; }
keys C-c
wait_for "F2 plot"
type_line 'print A.stopped'
wait_re '^true$' "that training stopped too"
stop
[ -s "$tmp/stderr" ] && { not_ok "nothing on stderr"; sed 's/^/# /' "$tmp/stderr"; } || ok "nothing on stderr"
finish
