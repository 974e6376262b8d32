#!/bin/sh
# Ctrl-C during every long builtin returns to the prompt, with the partial
# result kept where the builtin has one (.stopped is true; place gives the
# map so far), and the
# session goes on.  Each job is given far more work than it can finish, is
# stopped once the status bar says it runs, and the prompt must come back.
. "${top_srcdir:-.}/tests/screen/lib.sh"
WAIT=${DV_SCREEN_WAIT:-120}

start 100 30
wait_for "F2 plot"
type_line 'seed 1; D = load("examples/data/digits.csv", label=-1); R = randn(30000, 20)'
type_line 'K = randn(100000, 30)' # exact 15-NN: minutes of work
type_line 'print "ready", D.rows, R.rows, K.rows'
wait_re '^ready 1797 30000 100000$' "the data is loaded"

# busy: the status bar says a job runs ("running STATEMENT, 1.2 s" before
# its first report, then "TASK 12% ..." or "TASK 1.2M words ..."; a long
# note may push the key hints out of the bar, so they are not what tells)
busy_re='^ (running |[a-z_0-9]+ [0-9]+% |[a-z_0-9]+ [0-9.]+[kM]? [a-z])'
busy() { capture; grep -qE -- "$busy_re" "$tmp/pane"; }

# stop_job NAME [REGEX]: Ctrl-C once the status bar says the job runs (and
# matches REGEX: the phase worth stopping), then wait until it has ended
stop_job() {
    wait_re "$busy_re" "$1 runs" || return 1
    [ -n "$2" ] && { wait_re "$2" "$1 is in its main phase" || return 1; }
    keys C-c
    end=$(($(date +%s) + WAIT))
    while busy && [ "$(date +%s)" -lt $end ]; do sleep 0.2; done
    if busy; then not_ok "Ctrl-C stops $1 (still running)"; show_pane; threads; return 1; fi
    ok "Ctrl-C stops $1, the prompt is back"
}

# threads: where dv's threads are (when gdb is there), to tell a hang
threads() {
    command -v gdb >/dev/null 2>&1 || return 0
    gdb -batch -p "$(dv_pid)" -ex "thread apply all bt 12" 2>/dev/null |
        grep -E '^Thread|^#[0-9]+ ' | sed 's/^/# /'
}

# job NAME STATEMENT CHECK EXPECTED [PHASE]: run STATEMENT, stop it (in
# PHASE), then CHECK (a print) must show EXPECTED
job() {
    type_line "$2"
    stop_job "$1" "$5" || return
    type_line "$3"
    wait_re "$4" "$1: the partial result is kept"
}

job tsne 'Y = tsne(D, iters=10000000)' \
    'print "tsne", Y.stopped, shape(Y.embedding), Y.iters < 10000000' '^tsne true \[1797, 2\] true$' \
    '[0-9]+/10000000 iter'
job sne 'Y = sne(D[0:1000], iters=10000000)' \
    'print "sne", Y.stopped, shape(Y.embedding)' '^sne true \[1000, 2\]$'
type_line 'T = tsne(D[0:200], iters=300); print "map", shape(T.embedding)'
wait_re '^map' "a small map to place on"
job place 'Y = place(T, D[200:1797], iters=10000000)' \
    'print "place", shape(Y)' '^place \[1597, 2\]$'
job umap 'Y = umap(D, epochs=100000)' \
    'print "umap", Y.stopped, shape(Y.embedding)' '^umap true \[1797, 2\]$' '[0-9]+/100000 epoch'
job word2vec 'W = word2vec("examples/data/kjv.txt.gz", dim=20, epochs=100000)' \
    'print "word2vec", W.stopped' '^word2vec true$'
# the trainers are stopped once an epoch count shows: a Ctrl-C before the
# first batch (a loaded machine) keeps nothing and says so
job autoencoder 'A = autoencoder(D, layers=[32, 2], epochs=100000)' \
    'print "autoencoder", A.stopped, shape(A.codes)' '^autoencoder true \[1797, 2\]$' \
    '[0-9]+/100000 epoch'
job vae 'A = vae(D, layers=[32], epochs=100000)' \
    'print "vae", A.stopped, shape(A.codes)' '^vae true \[1797, 2\]$' \
    '[0-9]+/100000 epoch'
job classifier 'C = classifier(D, layers=[32], epochs=100000)' \
    'print "classifier", C.stopped' '^classifier true$' \
    '[0-9]+/100000 epoch'
job triplet 'A = triplet(D, layers=[32], epochs=100000)' \
    'print "triplet", A.stopped' '^triplet true$' \
    '[0-9]+/100000 epoch'
job demo_embed 'Y = demo_embed(n=500, iters=10000000)' \
    'print "demo_embed", Y.stopped' '^demo_embed true$'

# Builtins that give a number have no partial result: the statement is
# stopped and nothing is assigned; the session goes on.
type_line 'q = 0'
type_line 'q = knn_preservation(R, R[:, 0:2], k=10)'
stop_job knn_preservation
type_line 'print "knn_preservation", q'
wait_re '^knn_preservation 0$' "knn_preservation: stopped, nothing assigned"
type_line 'q = trustworthiness(R, R[:, 0:2], k=10)'
stop_job trustworthiness
type_line 'print "trustworthiness", q'
wait_re '^trustworthiness 0$' "trustworthiness: stopped, nothing assigned"
type_line 'q = knn_accuracy(labeled(K, K[:, 0] > 0), 10)'
stop_job knn_accuracy
type_line 'print "knn_accuracy", q'
wait_re '^knn_accuracy 0$' "knn_accuracy: stopped, nothing assigned"
# nor has a neighbour graph
type_line 'G = 0'
type_line 'G = knn(K, 15, method="exact")'
stop_job knn
type_line 'print "knn", G'
wait_re '^knn 0$' "knn: stopped, nothing assigned"

# A loop of the language stops like a job.
type_line 'n = 0; while true do n = n + 1 end'
stop_job "a while loop"
type_line 'print "loop", n > 0'
wait_re '^loop true$' "a loop: its variables are as Ctrl-C left them"

type_line 'print "still here", 6 * 7'
wait_re '^still here 42$' "the session goes on"
keys C-d
wait_for "DV-EXITED 0" "Ctrl-D leaves with status 0"
finish
