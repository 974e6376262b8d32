#!/bin/sh
# The error messages of the models between spaces (gan, cgan, generate,
# sample, modes, the toy sets), exactly, with the column the caret points
# at (the argument the error is about, or the call).
: "${DV:=src/dv}"
fails=0
n=0
export NO_COLOR=1 LC_ALL=C.UTF-8 DV_PROGRESS=none
P='seed 1; E = [[1, 0], [0, 1], [0.7, 0.7]]; E.names = ["cat", "dog", "pet"]; B = blobs(40, k=2); '
# check STATEMENT EXPECTED-STDERR: runs "$P STATEMENT" (the statement starts at column 98)
check() {
    n=$((n + 1))
    got=$("$DV" -e "$P$1" 2>&1 >/dev/null)
    if [ "$got" = "$2" ]; then echo "ok $n - $1"; else
        echo "not ok $n - $1"; echo "#  expected: $2"; echo "#  actual:   $got"; fails=$((fails + 1)); fi
}
check 'rings(0)' '-e:1:102: error: rings: n must be from 1 to 10000000, got 0'
check 'rings(10, modes=0)' '-e:1:112: error: rings: modes must be from 1 to 1000, got 0'
check 'moons(10, noise=-1)' '-e:1:112: error: moons: noise must be >= 0, got -1'
check 'blobs(10, k=3, dims=0)' '-e:1:116: error: blobs: dims must be from 1 to 4096, got 0'
check 'modes(B, B[:, 0])' '-e:1:102: error: modes: the samples have 2 columns, X has 1'
check 'modes(B, B.T.T * 1)' '-e:1:111: error: modes: X has no labels to tell its modes apart'
check 'modes(zeros(0, 2), B)' '-e:1:102: error: modes: no samples'
check 'modes(B, labeled(B, B.labels * 0 - 1))' '-e:1:105: error: modes: no row of X has a label'
check 'gan(B, latent=0)' '-e:1:110: error: gan: latent must be from 1 to 4096, got 0'
check 'gan(B, output="relu")' '-e:1:110: error: gan: output must be "auto", "tanh" or "linear", got "relu"'
check 'gan(B, live="code")' '-e:1:108: error: gan: live must be "samples" or "loss", got "code"'
check 'gan(B, epochs=-1)' '-e:1:110: error: gan: epochs must be from 0 to 100000, got -1'
check 'gan(B, g_layers=[0])' '-e:1:112: error: gan: layer 0 of g_layers has width 0; widths are from 1 to 1048576'
check 'gan(B, d_net="conv(4, 3)")' '-e:1:109: error: gan: d_net: conv(4,3) (layer 1): needs images, but the rows have no image shape (4 values)'
check 'gan(B, g_net="dense(4) wobble")' '-e:1:109: error: gan: g_net: word 2 '"'"'wobble'"'"' (column 10): unknown layer '"'"'wobble'"'"'; the layers are dense, conv, deconv, pool, dropout, flatten, reshape, relu, leaky, tanh, sigmoid, linear'
check 'gan(B, pack=0)' '-e:1:108: error: gan: pack must be from 1 to 16, got 0'
check 'gan(B[0:1])' '-e:1:101: error: gan: X needs at least 2 rows, got 1'
check 'gan(B, batch=1, pack=2)' '-e:1:109: error: gan: batch must hold at least one pack of 2 rows'
check 'gan(B, lr=0)' '-e:1:106: error: gan: lr must be positive, got 0'
check 'cgan(B, E)' '-e:1:101: error: cgan: class 0 of X is "0", which is no word of the embedding; name the classes with words (load(..., classes=[...]) or labeled(X, X.labels, classes=[...]))'
check 'cgan(labeled(B, B.labels, classes=["cat", "cow"]), E)' '-e:1:101: error: cgan: class 1 of X is "cow", which is no word of the embedding; name the classes with words (load(..., classes=[...]) or labeled(X, X.labels, classes=[...]))'
check 'cgan(labeled(B, B.labels, classes=["cat", "dog"]), B)' '-e:1:147: error: cgan: embedding must be word vectors (rows named by words)'
check 'cgan(labeled(B, B.labels, classes=["cat", "dog"]), E, tau=0)' '-e:1:154: error: cgan: tau must be from 0.0001 to 100, got 0'
check 'g = gan(B, epochs=1); generate(g, "cat")' '-e:1:127: error: generate: m must be a conditional GAN (cgan); use sample(m, n)'
check 'c = cgan(labeled(B, B.labels, classes=["cat", "dog"]), E, epochs=1); generate(c, "cow")' '-e:1:177: error: generate: '"'"'cow'"'"' is not a word of an embedding of 3 words (did you mean '"'"'cat'"'"', '"'"'dog'"'"')'
check 'c = cgan(labeled(B, B.labels, classes=["cat", "dog"]), E, epochs=1); generate(c, [1, 2, 3])' '-e:1:177: error: generate: the model'"'"'s embedding has 2 values a word, c is 1x3'
check 'c = cgan(labeled(B, B.labels, classes=["cat", "dog"]), E, epochs=1); generate(c, [0, 0])' '-e:1:177: error: generate: the condition vector is zero'
check 'c = cgan(labeled(B, B.labels, classes=["cat", "dog"]), E, epochs=1); generate(c, "cat", n=0)' '-e:1:186: error: generate: n must be from 1 to 1000000, got 0'
check 'g = gan(B, epochs=1); sample(g, "cat")' '-e:1:128: error: sample: a GAN takes a number of samples, not a string'
check 'g = gan(B, epochs=1); sample(g, 0)' '-e:1:128: error: sample: n must be from 1 to 10000000, got 0'
check 'sample(pca(B, 1), 3)' '-e:1:103: error: sample: m must be a GAN or an RNN, got a pca model'
echo "1..$n"
[ $fails -eq 0 ]
