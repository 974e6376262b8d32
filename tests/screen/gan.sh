#!/bin/sh
# A GAN trains live in the screen: its samples are redrawn over the real
# points (2-D data) or as a grid of images (digits), and both losses are
# drawn as curves beside them; the samples move from report to report;
# Ctrl-C stops and keeps the model.
. "${top_srcdir:-.}/tests/screen/lib.sh"

# map NAME: the samples' part of the plot pane into $tmp/NAME, with its
# colours (-e) for the images: the rows above the status bar, each cut
# where the curves beside it begin (their axis, and the ticks before it;
# their x ticks go with the last row)
map() {
    capture -e
    sed -n '1,\|/100000 epoch|p' "$tmp/pane" | sed '$d' | sed '$d' |
        sed -E 's/(.*)[│┤└].*/\1/; s/((\x1b\[[0-9;]*m)|[-0-9.e ])*$//' > "$tmp/$1"
}
# moved WHAT: until the map differs from the one in $tmp/map0
moved() {
    end=$(($(date +%s) + WAIT))
    while :; do
        map map1
        cmp -s "$tmp/map0" "$tmp/map1" && [ "$(date +%s)" -lt $end ] && { sleep 0.2; continue; }
        break
    done
    cmp -s "$tmp/map0" "$tmp/map1" && { not_ok "$1"; show_pane; } || ok "$1"
}

start 80 24
wait_for "F2 plot"
type_line 'seed 1'
type_line 'g = gan(rings(1024), epochs=100000)'
wait_re '[0-9]+/100000 epoch' "the epoch in the status bar"
wait_for "real (1000)" "the real points are drawn"
wait_for "generated (" "the samples over them"
wait_for "D loss" "the discriminator's loss is a curve"
wait_for "G loss" "the generator's beside it"
wait_for "losses" "the curves have their title"
map map0
moved "the samples move as the generator learns"
keys C-c
wait_for "interrupted (what was computed so far is kept)" "Ctrl-C stops the training"
wait_idle
type_line 'print g.stopped, g.epochs > 0, shape(sample(g, 5))'
wait_for "true true [5, 2]" "the stopped model is kept and samples"

# digits: the samples are a grid of images that change as it learns
type_line 'D = load("examples/data/mnist/t10k-images-idx3-ubyte.gz")[0:1000]'
type_line 'd = gan(D, epochs=100000, g_layers=[32], d_layers=[32])'
wait_re '[0-9]+/100000 epoch' "the digits' GAN trains"
wait_for "G loss" "its losses are curves"
wait_re '^ *gan ' "the samples are a grid of images titled gan"
map map0
moved "the images change as the generator learns"
keys C-c
wait_idle
type_line 'print d.stopped, shape(sample(d, 2))'
wait_for "true [2, 784]" "that model is kept too"
stop
[ -s "$tmp/stderr" ] && { not_ok "nothing on stderr"; sed 's/^/# /' "$tmp/stderr"; } || ok "nothing on stderr"
finish
