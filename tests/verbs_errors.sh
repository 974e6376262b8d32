#!/bin/sh
# The NumPy verbs' error messages, exactly, with the column the caret
# points at (the argument the error is about, or the call).
: "${DV:=src/dv}"
fails=0
n=0
export NO_COLOR=1 LC_ALL=C.UTF-8
X='X = [[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]]; '
# check STATEMENT EXPECTED-STDERR: runs "$X STATEMENT" (the statement starts at column 52)
check() {
    n=$((n + 1))
    got=$("$DV" -e "$X$1" 2>&1 >/dev/null)
    if [ "$got" = "$2" ]; then echo "ok $n - $1"; else
        echo "not ok $n - $1"; echo "#  expected: $2"; echo "#  actual:   $got"; fails=$((fails + 1)); fi
}
check 'sum(X, axis=2)' '-e:1:64: error: sum: axis must be 0 (columns), 1 (rows) or none, got 2'
check 'argmax(X, axis=-3)' '-e:1:67: error: argmax: axis must be 0 (columns), 1 (rows) or none, got -3'
check 'sort(X, axis=0.5)' '-e:1:65: error: sort: axis must be 0 (columns), 1 (rows) or none, got 0.5'
check 'concat(X, X, axis="x")' '-e:1:70: error: concat: axis must be an integer, got string'
check 'mean([])' '-e:1:57: error: mean: the matrix is empty (0x0)'
check 'min(zeros(0, 3))' '-e:1:56: error: min: the matrix is empty (0x3)'
check 'argmin(zeros(2, 0), axis=1)' '-e:1:59: error: argmin: the matrix is empty (2x0)'
check 'sum("a")' '-e:1:56: error: sum: X must be a number or a matrix, got string'
check 'log("x")' '-e:1:56: error: log: X must be a number or a matrix, got string'
check 'var(X, ddof=-1)' '-e:1:64: error: var: ddof must be 0 or more, got -1'
check 'round(X, decimals=99)' '-e:1:70: error: round: decimals must be between -30 and 30, got 99'
check 'clip(X)' '-e:1:52: error: clip: give lo, hi or both'
check 'clip(X, 3, 1)' '-e:1:63: error: clip: hi (1) is below lo (3)'
check 'maximum(X, [1, 2])' '-e:1:52: error: maximum: shapes 3x4 and 1x2 do not broadcast together'
check 'where(X > 0, X)' '-e:1:52: error: where: give both a and b (values where cond is true and false), or neither'
check 'where(X > 0, [1, 2], 0)' '-e:1:52: error: where: shapes 3x4 and 1x2 do not broadcast together'
check 'sort(X, by=7)' '-e:1:63: error: sort: by=7 is out of range for 4 columns'
check 'sort(X, by="nope")' "-e:1:63: error: sort: X has no column named 'nope'"
check 'argsort(X, by=1.5)' '-e:1:66: error: argsort: by must be a column number or name'
check 'unique(["a", 1])' '-e:1:59: error: unique: item 1 of the list is not a string (the first one is)'
check 'reshape(X, [5, -1])' '-e:1:63: error: reshape: 12 values cannot be split into 5 rows'
check 'reshape(X, [-1, 5])' '-e:1:63: error: reshape: 12 values cannot be split into rows of 5'
check 'reshape(X, [5, 3])' '-e:1:63: error: reshape: a 5x3 matrix holds 15 values, X has 12'
check 'reshape(X, [-1, -1])' '-e:1:63: error: reshape: only one of rows and cols can be -1'
check 'reshape(X, [2, -3])' '-e:1:63: error: reshape: sizes must be -1 or at least 0, got -3'
check 'reshape(X, [2, 6], cols=4)' '-e:1:76: error: reshape: give cols= only with a number of rows'
check 'hstack(X, [1, 2])' '-e:1:52: error: hstack: argument 1 has 1 row, argument 0 has 3'
check 'vstack(X, [1, 2])' '-e:1:52: error: vstack: argument 1 has 2 columns, argument 0 has 4'
check 'hstack(X, "a")' '-e:1:52: error: hstack: argument 1 must be a number or a matrix, got string'
check 'hstack()' '-e:1:52: error: hstack: give the matrices to stack'
check 'concat(X, X, axis=3)' '-e:1:70: error: concat: axis must be 0 (columns), 1 (rows) or none, got 3'
check 'range(1, 5, 0)' '-e:1:64: error: range: step must not be 0'
check 'linspace(0, 1, -2)' '-e:1:67: error: linspace: num must be 0 or more, got -2'
check 'eye(-1)' '-e:1:56: error: eye: n must be 0 or more, got -1'
check 'inv(X)' '-e:1:56: error: inv: A must be square, got 3x4'
check 'inv([[1, 2], [2, 4]])' '-e:1:56: error: inv: A is singular (not invertible)'
check 'inv([[1, 0/0], [0, 1]])' '-e:1:56: error: inv: A has a missing or infinite value at row 0, column 1'
check 'solve([[1, 2], [2, 4]], [1, 2])' '-e:1:58: error: solve: A is singular (no unique solution)'
check 'solve(eye(2), [1, 2, 3])' '-e:1:66: error: solve: b must have 2 rows (as A), got 1x3'
check 'det(zeros(2, 3))' '-e:1:56: error: det: A must be square, got 2x3'
check 'rank(X, tol=-1)' '-e:1:64: error: rank: tol must be 0 or more, got -1'
check 'curve [1, 2, 3], x=[1, 2]' '-e:1:71: error: curve: x has 2 values, the longest series has 3'
echo "1..$n"
[ $fails -eq 0 ]
