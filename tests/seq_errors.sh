#!/bin/sh
# The error messages of the sequence and joint-space builtins (rnn,
# encode and sample of an rnn, phrases, joint, rank, recall_at), exactly,
# with the column the caret points at (the argument the error is about,
# or the call).
: "${DV:=src/dv}"
fails=0
n=0
export NO_COLOR=1 LC_ALL=C.UTF-8 DV_PROGRESS=none
P='seed 1; m = rnn("abcabcabd", hidden=4, epochs=1, validation=0); A = randn(20, 3); B = randn(20, 4); j = joint(A, B, dims=2, epochs=1); '
# check STATEMENT EXPECTED-STDERR: runs "$P STATEMENT" (the statement starts at column 136)
check() {
    n=$((n + 1))
    got=$("$DV" -e "$P$1" 2>&1 >/dev/null)
    if [ "$got" = "$2" ]; then echo "ok $n - $1"; else
        echo "not ok $n - $1"; echo "#  expected: $2"; echo "#  actual:   $got"; fails=$((fails + 1)); fi
}
check 'rnn("abc", kind="rnm")' '-e:1:152: error: rnn: kind must be "rnn", "gru" or "lstm", got "rnm"'
check 'rnn("abc", level="byte")' '-e:1:153: error: rnn: level must be "char" or "word", got "byte"'
check 'rnn("abc", hidden=0)' '-e:1:154: error: rnn: hidden must be from 1 to 4096, got 0'
check 'rnn("abc", epochs=-1)' '-e:1:154: error: rnn: epochs must be from 0 to 100000, got -1'
check 'rnn("abc", bptt=0)' '-e:1:152: error: rnn: bptt must be from 1 to 4096, got 0'
check 'rnn("abc", lr=0)' '-e:1:150: error: rnn: lr must be positive, got 0'
check 'rnn("abc", clip=0)' '-e:1:152: error: rnn: clip must be positive, got 0'
check 'rnn("abc", validation=0.9)' '-e:1:158: error: rnn: validation must be a share from 0 to 0.5, got 0.9'
check 'rnn("abc", max_vocab=1)' '-e:1:157: error: rnn: max_vocab must be from 2 to 1048576, got 1'
check 'rnn(42)' '-e:1:140: error: rnn: expected a string or a list of strings, got number'
check 'rnn(["ab", 3])' '-e:1:140: error: rnn: item 1 of the list is number, not a string'
check 'rnn([])' '-e:1:140: error: rnn: the list of texts is empty'
check 'rnn([[1, 0.5]])' '-e:1:140: error: rnn: a sequence'"'"'s symbols must be integers from 0 to 1e9; row 0, column 1 is 0.5'
check 'rnn("")' '-e:1:140: error: rnn: the text has no characters'
check 'rnn("a", validation=0)' '-e:1:140: error: rnn: the text has 1 token to train on; at least 2 are needed'
check 'rnn("... ,,,", level="word")' '-e:1:140: error: rnn: the text has no words'
check 'encode(m, "abz")' "-e:1:146: error: encode: unknown character 'z' (not in the model's vocabulary of 4)"
check 'encode(m, ["ab", "xyz"])' "-e:1:146: error: encode: text 1: unknown character 'x' (not in the model's vocabulary of 4)"
check 'encode(m, "")' '-e:1:146: error: encode: the text has no characters'
check 'encode(m, 3)' '-e:1:146: error: encode: expected a string or a list of strings, got number'
check 'encode(j, A)' '-e:1:143: error: encode: m must be a network (from autoencoder, vae, classifier, triplet or a .dvm file), got a joint model'
check 'sample(m, "abq", 5)' "-e:1:146: error: sample: unknown character 'q' (not in the model's vocabulary of 4)"
check 'sample(m, 5)' '-e:1:146: error: sample: an RNN takes a prefix string, got number'
check 'sample(m, "ab", -1)' '-e:1:152: error: sample: n must be from 0 to 1000000, got -1'
check 'sample(m, "ab", 5, temperature=-1)' '-e:1:167: error: sample: temperature must be from 0 to 100, got -1'
check 'sample(j, 3)' '-e:1:143: error: sample: m must be a GAN or an RNN, got a joint model'
check 'w = rnn("the king and the queen", level="word", epochs=1, validation=0); sample(w, "the kong")' \
    "-e:1:219: error: sample: unknown word 'kong' (not in the model's vocabulary of 5; did you mean 'king')"
check 'phrases(A, ["x"])' '-e:1:144: error: phrases: E must be word vectors (rows named by words)'
check 'E = [[1, 0], [0, 1]]; E.names = ["cat", "dog"]; phrases(E, ["cat", "the cow"])' "-e:1:195: error: phrases: 'cow' (text 1) is not a word of E (did you mean 'cat', 'dog')"
check 'E = [[1, 0], [0, 1]]; E.names = ["cat", "dog"]; phrases(E, ["cat", "a cow of mouse"])' "-e:1:195: error: phrases: 'cow' and 'mouse' (text 1) are not words of E (cow: did you mean 'cat', 'dog')"
check 'joint(A, B[0:10])' '-e:1:146: error: joint: A and B must have the same rows (pairs), got 20 and 10'
check 'joint(A, B, dims=0)' '-e:1:153: error: joint: dims must be from 1 to 4096, got 0'
check 'joint(A, B, margin=0)' '-e:1:155: error: joint: margin must be from 0 to 2 (cosines), got 0'
check 'joint(A, B, negatives="some")' '-e:1:158: error: joint: negatives must be "all" or "hardest", got "some"'
check 'joint(A, B, layers=[0])' '-e:1:155: error: joint: layer 0 has width 0; widths are from 1 to 65536'
check 'joint(A, B, batch=1)' '-e:1:154: error: joint: batch must be from 2 to 65536, got 1'
check 'joint(A[0:1], B[0:1])' '-e:1:143: error: joint: A and B need at least 2 pairs, got 1'
check 'joint(A / 0, B)' '-e:1:144: error: joint: A has an infinity at row 0, column 0'
check 'rank(j, A[0], A, 2)' '-e:1:145: error: rank: the model pairs rows of 3 values (A) with rows of 4 (B); a has 3 values and the candidates 3'
check 'rank(j, A[0:2], B, 2)' '-e:1:145: error: rank: a must be one row, got 2x3'
check 'rank(j, A[0], B, 0)' '-e:1:153: error: rank: k must be from 1 to 1000000, got 0'
check 'rank(j, A[0], B, from="c")' '-e:1:158: error: rank: from must be "auto", "a" or "b", got "c"'
check 'rank(j, A[0])' '-e:1:136: error: rank: give a joint model the candidates'
check 'rank(j, "cat", B)' '-e:1:144: error: rank: a must be a matrix, got string'
check 'rank(m, A[0], B)' '-e:1:141: error: rank: ranking candidates needs a joint model, got rnn model'
check 'rank(A, 0.1, B)' '-e:1:141: error: rank: ranking candidates needs a joint model, got matrix 20x3'
check 'rank(A, A)' '-e:1:144: error: rank: tol must be a number, got matrix 20x3'
check 'recall_at(j, A, B[0:5])' '-e:1:153: error: recall_at: A and B must have the same rows (pairs), got 20 and 5'
check 'recall_at(j, B, A)' '-e:1:149: error: recall_at: the model pairs rows of 3 values (A) with rows of 4 (B); got 4 and 3'
check 'recall_at(j, A, B, k=[0])' '-e:1:157: error: recall_at: k must be at least 1, got 0'
check 'recall_at(m, A, B)' '-e:1:146: error: recall_at: m must be a joint model (from joint or a .dvm file), got a rnn model'
# model files: a truncated or altered rnn or joint model is refused
tmp=${TMPDIR:-/tmp}/dv-seq-errors.$$
mkdir -p "$tmp" || exit 99
trap 'rm -rf "$tmp"' EXIT
"$DV" -e "$P"'save(m, "'"$tmp"'/m.dvm"); save(j, "'"$tmp"'/j.dvm")' 2>/dev/null
for f in m j; do
    n=$((n + 1))
    head -c 300 "$tmp/$f.dvm" > "$tmp/t.dvm"
    got=$("$DV" -e "load(\"$tmp/t.dvm\")" 2>&1 >/dev/null)
    want="-e:1:1: error: $tmp/t.dvm: truncated model file (300 bytes; it ends inside "
    if [ "${got#"$want"}" != "$got" ]; then echo "ok $n - a truncated $f.dvm is refused"; else
        echo "not ok $n - a truncated $f.dvm is refused"; echo "#  actual: $got"; fails=$((fails + 1)); fi
    n=$((n + 1))
    size=$(wc -c < "$tmp/$f.dvm")
    { head -c $((size - 30)) "$tmp/$f.dvm"; printf 'X'; tail -c 29 "$tmp/$f.dvm"; } > "$tmp/c.dvm"
    got=$("$DV" -e "load(\"$tmp/c.dvm\")" 2>&1 >/dev/null)
    want="-e:1:1: error: $tmp/c.dvm: checksum mismatch: the model file is damaged or was altered"
    if [ "$got" = "$want" ]; then echo "ok $n - an altered $f.dvm is refused"; else
        echo "not ok $n - an altered $f.dvm is refused"; echo "#  actual: $got"; fails=$((fails + 1)); fi
done
echo "1..$n"
[ $fails -eq 0 ]
