#!/bin/sh
# The examples run on a fresh clone (data shipped in examples/data) and say
# what they should.  Timings vary, so only stable lines are checked.
: "${DV:=src/dv}" "${top_srcdir:=.}"
cd "$top_srcdir" || exit 99
fails=0
run() { # run SCRIPT EXPECTED-LINE...
    script=$1
    shift
    out=$(NO_COLOR=1 COLUMNS=80 LINES=24 "$DV" "$script" 2>&1)
    rc=$?
    if [ $rc -ne 0 ]; then
        echo "not ok - $script exits $rc"; echo "$out" | tail -5; fails=$((fails + 1)); return
    fi
    for want in "$@"; do
        if printf '%s\n' "$out" | grep -qF -- "$want"; then echo "ok - $script: $want"
        else echo "not ok - $script: missing '$want'"; fails=$((fails + 1)); fi
    done
}
run examples/tour.dv "iris petals: length vs width" "setosa (50)" '["setosa", "versicolor", "virginica"]'
run examples/faces.dv "loaded 400 faces of 10304 pixels" "eigenfaces 1 to 8" "the same faces from 20 components" \
    "five people on components 1 and 2"
run examples/digits.dv "digits: Fisher LDA, discriminants 1 and 2" "MNIST on components 1 and 2" "0 (980)" \
    "1000 MNIST digits: classical MDS"
run examples/words.dv "queen" "aaron" "KJV: t-SNE of word vectors"
# issue 13's image to text (2 s; examples/rnn.dv takes a minute and is left out)
run examples/image2text.dv "1797 captions," "R@1/5/10 image to text:" "chance: [0.003367, 0.016835, 0.03367]" \
    "the best images for a sentence"
# issue 15's UMAP beside PCA and t-SNE, digits and MNIST (6 s)
run examples/umap.dv "digits: UMAP (k=15, min_dist=0.1)" \
    "UMAP of 1797 digits: exact neighbours, spectral start, 500 epochs" "10-NN accuracy:     0.646633" \
    "MNIST test set: PCA 50, then UMAP" "2000 new digits placed on the UMAP map of 8000"
# The GloVe vectors shipped with the examples: queen first, inputs left out.
out=$("$DV" -e 'E = load("examples/data/glove.6B.100d.top10k.txt.gz"); use E; king - man + woman' 2>&1)
first=$(printf '%s\n' "$out" | head -n 1 | cut -d' ' -f1)
if [ "$first" = queen ] && ! printf '%s\n' "$out" | grep -qE '^(king|man|woman) '; then
    echo "ok - GloVe: king - man + woman lists queen first, without king, man, woman"
else
    echo "not ok - GloVe analogy:"; echo "$out"; fails=$((fails + 1))
fi
[ $fails -eq 0 ]
