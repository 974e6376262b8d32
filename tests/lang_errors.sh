#!/bin/sh
# The language's errors, each with its exact message and position (dv -e
# reports positions against "-e"), and the hardening cases of issue 11:
# limits instead of stack overflows, range-checked conversions, masks.
: "${DV:=src/dv}"
export NO_COLOR=1 LC_ALL=C.UTF-8
fails=0
n=0
# err NAME PROGRAM EXPECTED-STDERR: the program fails with exactly that
err() {
    n=$((n + 1))
    got=$("$DV" -e "$2" 2>&1 >/dev/null)
    rc=$?
    if [ "$got" = "$3" ] && [ $rc -eq 1 ]; then echo "ok $n - $1"; else
        echo "not ok $n - $1 (exit $rc)"; echo "#   expected: $3"; echo "#   actual:   $got"
        fails=$((fails + 1)); fi
}
# out NAME PROGRAM EXPECTED-STDOUT: the program runs and prints that
out() {
    n=$((n + 1))
    got=$("$DV" -e "$2" 2>&1)
    rc=$?
    if [ "$got" = "$3" ] && [ $rc -eq 0 ]; then echo "ok $n - $1"; else
        echo "not ok $n - $1 (exit $rc)"; echo "#   expected: $3"; echo "#   actual:   $got"
        fails=$((fails + 1)); fi
}
# outs NAME PROGRAM EXPECTED-STDOUT: the same with the program on standard
# input (too long for one command-line argument)
outs() {
    n=$((n + 1))
    got=$(printf '%s\n' "$2" | "$DV" - 2>&1)
    rc=$?
    if [ "$got" = "$3" ] && [ $rc -eq 0 ]; then echo "ok $n - $1"; else
        echo "not ok $n - $1 (exit $rc)"; echo "#   expected: $3"; echo "#   actual:   $got"
        fails=$((fails + 1)); fi
}
# repeat S N: S N times
repeat() { awk -v s="$1" -v n="$2" 'BEGIN { for (i = 0; i < n; i++) printf "%s", s }'; }

# ---- blocks and statements
err "for needs do" 'for p in [1] print p end' "-e:1:14: error: expected 'do' after what the loop goes over, got 'print'"
err "for needs a variable" 'for 1 in [1] do end' "-e:1:5: error: expected a loop variable after 'for', got '1'"
err "for needs in" 'for p [1] do end' "-e:1:7: error: expected 'in' after the loop variable, got '['"
err "while needs do" 'while 1 print 1 end' "-e:1:9: error: expected 'do' after the loop's condition, got 'print'"
err "if needs then" 'if 1 print 1 end' "-e:1:6: error: expected 'then' after the condition, got 'print'"
err "an if never closed" 'x = 1; if x then print 1' "-e:1:8: error: 'if' is never closed (expected 'end' before end of input)"
err "end without a block" 'x = 1; end' "-e:1:8: error: 'end' without a block to close"
err "end after a statement" 'x = 1 end' "-e:1:7: error: 'end' without a block to close"
err "else without if" 'else' "-e:1:1: error: 'else' outside an if block"
err "elif inside a loop" 'for i in [1] do elif 1 then end' "-e:1:17: error: 'elif' outside an if block"
err "break outside a loop" 'x = 1; break' "-e:1:8: error: 'break' outside a loop"
err "continue outside a loop" 'continue' "-e:1:1: error: 'continue' outside a loop"
err "break does not cross a function" 'for i in [1] do fn f() break end end' "-e:1:24: error: 'break' outside a loop"
err "return outside a function" 'return 1' "-e:1:1: error: 'return' outside a function"
err "fn needs a name" 'fn (x) end' "-e:1:4: error: expected a function name after 'fn', got '('"
err "fn needs parameters" 'fn f x end' "-e:1:6: error: expected '(' and the parameters after the function's name, got 'x'"
err "a parameter twice" 'fn f(a, a) end' "-e:1:9: error: parameter 'a' given twice"
err "required after default" 'fn f(a=1, b) end' "-e:1:11: error: parameter 'b' needs a default: it follows one with a default"
err "assign to an expression" 'x = 1; x + 1 = 3' "-e:1:14: error: cannot assign to this expression (only to a name, X[...] or X.field)"
err "assign to true" 'true = 1' "-e:1:1: error: cannot assign to 'true'"
err "a keyword is not a name" 'in = 3' "-e:1:1: error: expected an expression, got 'in'"

# ---- running blocks
err "for over a number" 'for i in 5 do end' "-e:1:10: error: a for loop goes over a list or a matrix, got number"
err "while on a matrix" 'while [1, 2] do end' "-e:1:7: error: the while condition must be one value, got matrix 1x2 (is any value meant? sum(M != 0) > 0; every one? sum(M == 0) == 0)"
err "if on an empty matrix (an empty mask)" 'X = [1, 2]; if X[X > 5] then end' "-e:1:17: error: the if condition must be one value, got an empty matrix (1x0), neither true nor false"
err "while on an empty matrix" 'while zeros(0, 3) do end' "-e:1:7: error: the while condition must be one value, got an empty matrix (0x3), neither true nor false"
err "if on a model" 'P = pca([[1, 2], [3, 5], [4, 4]], 1); if P then end' "-e:1:42: error: the if condition must be a number, string, list or none, got pca model"
err "and on a plot" 'p = hist([1, 2]); x = p and 1' "-e:1:23: error: the left side of 'and' must be a number, string, list or none, got plot"
out "none, an empty list and an empty string are false, as the man page says" 'for c in [none, [], "", [7], "a", 0, [[2]]] do if c then print 1 else print 0 end end' "0
0
0
1
1
0
1"

# ---- functions
err "missing argument" 'fn f(a) return a end; f()' "-e:1:23: error: f: missing argument 'a'"
err "too many arguments" 'fn f(a) return a end; f(1, 2)' "-e:1:28: error: f: too many arguments (takes at most 1)"
err "unknown keyword" 'fn f(a) return a end; f(b=1)' "-e:1:27: error: f: unknown keyword 'b' (parameters: a)"
err "a keyword, did you mean" 'fn f(alpha, beta=1) return alpha end; f(1, bta=2)' "-e:1:48: error: f: unknown keyword 'bta'; did you mean 'beta' (parameters: alpha, beta)"
err "given twice" 'fn f(a) return a end; f(1, a=2)' "-e:1:30: error: f: a given twice"
err "a number is not a function" 'x = 3; x(1)' "-e:1:8: error: 'x' is a number, not a function"
err "only functions are called" 'x = "s"(1)' "-e:1:5: error: only functions can be called, not string"
err "unknown function, did you mean" 'mena([1, 2])' "-e:1:1: error: unknown function 'mena'; did you mean 'mean'"
err "unknown function" 'xyzzy(1)' "-e:1:1: error: unknown function 'xyzzy' (help lists the builtins; fn defines one)"
err "a user function suggested" 'fn smooth(x) return x end; smoth(1)' "-e:1:28: error: unknown function 'smoth'; did you mean 'smooth'"
err "an error inside a function" 'fn f(x) return x + nosuch end; f(1)' \
    "$(printf '%s\n%s' "-e:1:20: error: unknown name 'nosuch'" "-e:1:20: in fn 'f' called from -e:1:32")"
err "an error in a default" 'fn f(x, k=x.rows) return k end; f(3)' \
    "$(printf '%s\n%s' "-e:1:12: error: number has no field 'rows'" "-e:1:12: in fn 'f' called from -e:1:33")"

out "help on a reserved word" 'help for' "for (a reserved word): loops over a list's items, a vector's numbers or a matrix's rows: for x in L do ... end"
err "a reserved word alone elsewhere is an unknown name" 'print for' "-e:1:7: error: unknown name 'for'"

# ---- names and fields: did you mean
err "unknown name, did you mean" 'count = 1; print cuont' "-e:1:18: error: unknown name 'cuont'; did you mean 'count'"
# other languages' spellings of the constants, and a name in the wrong case
err "NaN: did you mean nan" 'print [1, NaN]' "-e:1:11: error: unknown name 'NaN'; did you mean 'nan'"
err "True: did you mean true" 'x = True' "-e:1:5: error: unknown name 'True'; did you mean 'true'"
err "None, Inf" 'print None, Inf' "-e:1:7: error: unknown name 'None'; did you mean 'none'"
err "a constant misspelt" 'print tru' "-e:1:7: error: unknown name 'tru'; did you mean 'true'"
err "a builtin in capitals" 'SUM([1, 2])' "-e:1:1: error: unknown function 'SUM'; did you mean 'sum'"
err "unknown name, nothing close" 'print q' "-e:1:7: error: unknown name 'q'"
err "a builtin used as a value" 'x = mean' "-e:1:5: error: 'mean' is a builtin; call it as mean(...)"
err "matrix field, did you mean" 'X = [[1]]; X.shpae' \
    "-e:1:13: error: a matrix has no field 'shpae'; did you mean 'shape' (fields: rows, cols, shape, labels, classes, names, colnames, T)"
err "model field, did you mean; a copy keeps its fields" 'P = pca([[1, 2], [3, 5], [4, 4]], 1); Q = P; P.note = "x"; Q.note' \
    "-e:1:61: error: pca model has no field 'note' (fields: scores, components, singular, explained, cumulative, mean, k, method, whiten)"

# ---- assignment into values
err "a read-only matrix field" 'X = [[1]]; X.rows = 2' "-e:1:13: error: X.rows cannot be assigned (it follows from the data; settable: labels, classes, names, colnames)"
err "a model's own field" 'P = pca([[1, 2], [3, 5], [4, 4]], 1); P.scores = 1' "-e:1:40: error: pca.scores cannot be changed: the pca model's own fields are read-only (new fields can be added)"
err "shapes do not match" 'X = [[1, 2], [3, 4]]; X[:, 0] = [1, 2, 3]' "-e:1:24: error: shapes do not match: a 1x3 value for 2 rows and 1 column"
err "a string into a matrix" 'X = [[1, 2]]; X[0] = "a"' "-e:1:16: error: cannot put string into a matrix (numbers or matrices only)"
err "into a string" 's = "abc"; s[0] = "x"' "-e:1:13: error: cannot assign into string"
err "a list index out of range" 'L = [1, "a"]; L[5] = 1' "-e:1:17: error: index 5 out of range for 2 items"
err "into an unknown name" 'nosuch[0] = 1' "-e:1:1: error: unknown name 'nosuch'"
err "a mask of the wrong length" 'X = [[1, 2], [3, 4]]; X[[true, false, true]] = 0' "-e:1:25: error: mask has 3 values for 2 rows"
err "labels of the wrong length" 'X = [[1], [2], [3]]; X.labels = [0, 1]' "-e:1:23: error: X.labels: the labels have 2 values for 3 rows"
err "too few class names" 'X = [[1], [2]]; X.labels = [0, 1]; X.classes = ["a"]' "-e:1:37: error: X.classes: the labels go up to class 1, so 2 names are needed, got 1"
err "names of the wrong length" 'X = [[1], [2]]; X.names = ["a"]' "-e:1:18: error: X.names must be a list of 2 strings, got 1"

# ---- limits (issue 11): clean errors or results, never a crash
err "lists nested at run time" 'l = []; for i in range(300) do l = [l] end' "-e:1:36: error: lists and models nested deeper than 200 levels"
err "nested brackets" "x = $(repeat '[' 20000)1$(repeat ']' 20000)" "-e:1:205: error: expression nested deeper than 200 levels"
err "nested parentheses" "x = $(repeat '(' 20000)1$(repeat ')' 20000)" "-e:1:205: error: expression nested deeper than 200 levels"
err "a long chain of indexes" "x = [1]$(repeat '[0]' 300)" "-e:1:603: error: expression nested deeper than 200 levels"
err "a tower of powers" "x = 1$(repeat ' ** 1' 300)" "-e:1:1002: error: expression nested deeper than 200 levels"
out "20,000 additions" "print 1$(repeat ' + 1' 20000)" "20001"
out "20,000 unary minus signs" "print $(repeat '-' 20000)3, $(repeat '-' 20001)3" "3 -3"
outs "20,000 comparisons and ands" "print 1 < 2$(repeat ' and 1 < 2' 20000)" "true"
out "20,000 nots" "print $(repeat 'not ' 20000)true" "true"
err "blocks nested too deeply" "$(repeat 'if 1 then ' 150)x = 1$(repeat ' end' 150)" "-e:1:1001: error: blocks nested deeper than 100 levels"
err "runaway recursion stops" 'fn f(n) return f(n + 1) end; f(0)' \
    "$(printf '%s\n' "-e:1:16: error: calls nested deeper than 200 (does 'f' call itself without end?)"; \
       for i in 1 2 3 4 5 6; do echo "-e:1:16: in fn 'f' called from -e:1:16"; done; echo "... (192 more calls)"; \
       echo "-e:1:16: in fn 'f' called from -e:1:16"; printf '%s' "-e:1:16: in fn 'f' called from -e:1:30")"

# ---- numbers and conversions (issue 11)
err "1e999 is an error" 'x = 1e999' "-e:1:5: error: number 1e999 is too large (beyond about 1.8e308)"
out "1e-999 is 0" 'print 1e-999' "0"
err "head with a huge count" 'head([[1], [2]], 1e300)' "-e:1:18: error: head: n is out of range (at most 2^53), got 1e+300"
out "a huge slice bound is clamped" 'print [1, 2, 3][0:1e300], [1, 2, 3][-1e300:1]' "[1, 2, 3] [1]"
err "seed 1e300" 'seed 1e300' "-e:1:6: error: seed: n is out of range (at most 2^53), got 1e+300"
err "seed 2 ** 64" 'seed 2 ** 64' "-e:1:8: error: seed: n is out of range (at most 2^53), got 1.84467e+19"
err "an index that is not an integer" 'print [1, 2][0.5]' "-e:1:14: error: index 0.5 is not an integer"
err "a slice bound that is nan" 'print [1, 2][nan:1]' "-e:1:14: error: slice bounds must be integers, got number"
out "a list of booleans masks" 'x = [10, 20, 30]; print x[[true, false, true]], [[1, 2], [3, 4], [5, 6]][[false, true, false]]' "[10, 30] [3, 4]"
err "range past any size" 'range(0, 1e300)' "-e:1:1: error: range: 1e+300 values are far too many"
err "a class label far out of range" 'labeled([[1], [2]], [0, 1e30])' "-e:1:21: error: labeled: label 1 is 1e+30; classes are whole numbers from 0 to 100000 (-1: none)"
err "a class label far out of range in X.labels" 'X = [[1], [2]]; X.labels = [0, 1e30]' "-e:1:18: error: X.labels: label 1 is 1e+30; classes are whole numbers from 0 to 100000 (-1: none)"
err "an image shape far out of range" 'show([[1, 2, 3, 4]], shape=[1e300, 2])' "-e:1:28: error: show: shape= must be a list of integers"
err "** of a string" 'x = "a" ** 2' "-e:1:9: error: cannot apply '**' to string and number"

# ---- words resolve in the right embedding (issue 10, part 5)
T=${top_srcdir:-.}/tests/data
err "a used embedding's vector given to another" \
    "C = word2vec(\"$T/tiny-corpus.txt\", dim=3, min_count=1, epochs=1, threads=1); use C.vectors; E = load(\"$T/tiny.vec\"); v = sheep - horse; nearest(v, E=E)" \
    "-e:1:$((133 + 2 * ${#T})): error: nearest: a vector made of words of C.vectors used with E (words of one embedding mean nothing in another)"
err "words of two embeddings in arithmetic" \
    "E = load(\"$T/tiny.vec\"); F = E * [1, -1, 2]; use F; x = king - E[\"man\"]" \
    "-e:1:$((60 + ${#T})): error: '-': a vector made of words of F used with E (words of one embedding mean nothing in another)"
err "a word not in the call's embedding" \
    "E = load(\"$T/tiny.vec\"); axes(E, x=kingg - queen, y=man - woman)" \
    "-e:1:$((34 + ${#T})): error: unknown word 'kingg' in E (did you mean 'king')"

# ---- a NUL byte in a script is an error at its place, like any other
tmp=${TMPDIR:-/tmp}/dv-lang-errors.$$
mkdir -p "$tmp" || exit 99
trap 'rm -rf "$tmp"' EXIT
printf 'x = 1\ny = 2 \000 3\n' > "$tmp/nul.dv"
n=$((n + 1))
got=$("$DV" "$tmp/nul.dv" 2>&1)
rc=$?
if [ "$got" = "$tmp/nul.dv:2:7: error: NUL byte in the source (a script is text)" ] && [ $rc -eq 1 ]; then
    echo "ok $n - a NUL byte in a script"; else
    echo "not ok $n - a NUL byte in a script (exit $rc): $got"; fails=$((fails + 1)); fi

echo "1..$n"
[ $fails -eq 0 ]
