#!/bin/sh
# Progress lines in scripts (stderr not a terminal): DV_PROGRESS=lines=0
# prints one at every report and a last line saying how long it took; by
# default a job under a second prints nothing; DV_PROGRESS=none nothing.
# Rates, times and KL values vary, so they are replaced by R, T and K.
: "${DV:=src/dv}"
: "${top_srcdir:=.}"
export NO_COLOR=1 LC_ALL=C.UTF-8
fails=0
n=0
check() { # check NAME EXPECTED ACTUAL
    n=$((n + 1))
    if [ "$2" = "$3" ]; then echo "ok $n - $1"; else
        echo "not ok $n - $1"; printf '%s\n' "$2" | sed 's/^/#  want: /'; printf '%s\n' "$3" | sed 's/^/#  got:  /'
        fails=$((fails + 1)); fi
}
norm() {
    sed -e 's/, [0-9.]*[kM]* iter\/s/, R iter\/s/' -e 's/ ([0-9.]*[kM]* iter\/s)/ (R iter\/s)/' \
        -e 's/ETA [0-9:-]*/ETA T/' -e 's/ in [0-9:]*/ in T/' -e 's/KL [0-9.e+-]*/KL K/'
}
iris="X = load(\"$top_srcdir/tests/data/iris.csv\", label=\"species\")"

got=$(DV_PROGRESS=lines=0 "$DV" -e "$iris; S = sne(X, iters=40)" 2>&1 >/dev/null | norm)
check "sne: a line a report and a last line" "sne: 25% 10/40 iter, KL K
sne: 50% 20/40 iter, R iter/s, ETA T, KL K
sne: 75% 30/40 iter, R iter/s, ETA T, KL K
sne: 40/40 iter in T (R iter/s), KL K" "$got"

got=$(DV_PROGRESS=lines=0 "$DV" -e "$iris; seed 1; T = tsne(X, iters=20, exaggeration_iters=10)" 2>&1 >/dev/null | norm)
check "tsne: its neighbours, its affinities, then its iterations (KL from iteration 50 on)" "tsne neighbours: 150/150 rows in T, exact neighbours (BLAS scan)
tsne affinities: 150/150 rows in T, Gaussian kernels calibrated to the perplexity
tsne: 50% 10/20 iter
tsne: 20/20 iter in T (R iter/s), KL K" "$got"

got=$(unset DV_PROGRESS; "$DV" -e "$iris; S = sne(X[0:40], iters=20, perplexity=5)" 2>&1 >/dev/null)
check "a job under a second prints nothing" "" "$got"
got=$(DV_PROGRESS=none "$DV" -e "$iris; S = sne(X, iters=20)" 2>&1 >/dev/null)
check "DV_PROGRESS=none prints nothing" "" "$got"
got=$(DV_PROGRESS=lines=0 "$DV" -e "$iris; S = sne(X, iters=20); S = sne(X, iters=20)" 2>&1 >/dev/null | norm)
check "two jobs in a row are two jobs" "sne: 50% 10/20 iter, KL K
sne: 20/20 iter in T (R iter/s), KL K
sne: 50% 10/20 iter, KL K
sne: 20/20 iter in T (R iter/s), KL K" "$got"
blobs='seed 1; B = blobs(64, k=2)'
for t in gan cgan; do
    if [ $t = gan ]; then call="g = gan(B, epochs=2, g_layers=[8], d_layers=[8])"
    else call="E = [[1, 0], [0, 1]]; E.names = [\"cat\", \"dog\"]
B = labeled(B, B.labels, classes=[\"cat\", \"dog\"])
g = cgan(B, E, epochs=2, g_layers=[8], d_layers=[8])"; fi
    got=$(DV_PROGRESS=lines=0 "$DV" -e "$blobs; $call" 2>&1 >/dev/null |
        sed -E -e 's/[0-9.]+[kM]? (epoch|samples)\/s/R \1\/s/g' -e 's/ETA [0-9:]*/ETA T/' \
            -e 's/ in [0-9:]+ / in T /' -e 's/(loss|D\(x\)|D\(G\(z\)\)) [0-9.e+-]+/\1 L/g')
    check "$t: the epoch once a line (the line's n/N epoch), no loss before there is one" \
        "$t: 0% 0/2 epoch, R samples/s
$t: 50% 1/2 epoch, R epoch/s, ETA T, D loss L, R samples/s, G loss L, D(x) L, D(G(z)) L
$t: 2/2 epoch in T (R epoch/s), D loss L, R samples/s, G loss L, D(x) L, D(G(z)) L" "$got"
done
echo "1..$n"
[ $fails -eq 0 ]
