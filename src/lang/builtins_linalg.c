/* builtins_linalg.c — numpy.linalg's inv, solve, det and matrix_rank,
 * through LAPACKE in double precision (dv's matrices are float; the
 * factorization is done on a double copy so that det and the solutions
 * lose no digits beyond those the float inputs already lack).
 *
 *   inv, solve  LU with partial pivoting (dgetrf/dgetri, dgesv)
 *   det         product of U's diagonal, sign from the row swaps
 *   rank        singular values above S_max * max(rows, cols) * eps, eps
 *               that of float as numpy.linalg.matrix_rank uses for
 *               float32 input (dgesdd, values only)
 */
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>

#include "core/blas.h"
#include "lang/builtin.h"
#include "lang/builtins_seq.h"
#include "lang/ctx.h"
#include "lang/verbs.h"

/* A row-major double copy of X, refusing missing values and sizes LAPACK's
 * int cannot hold.  Caller frees. */
static double *to_double(const char *f, const char *pname, int index, const Mat *X, Err *e)
{
    if (X->rows > INT_MAX / 2 || X->cols > INT_MAX / 2 || (X->cols && X->rows > (size_t)INT_MAX / X->cols)) {
        err_param(e, index, "%s: %s is too large for LAPACK (%zux%zu)", f, pname, X->rows, X->cols);
        return NULL;
    }
    size_t n = X->rows * X->cols;
    for (size_t i = 0; i < n; i++)
        if (!isfinite(X->data[i])) {
            err_param(e, index, "%s: %s has a missing or infinite value at row %zu, column %zu", f, pname,
                      i / X->cols, i % X->cols);
            return NULL;
        }
    double *d = malloc((n ? n : 1) * sizeof *d);
    if (!d) {
        err_nomem(e, n * sizeof *d, f);
        return NULL;
    }
    for (size_t i = 0; i < n; i++) d[i] = X->data[i];
    return d;
}

static int square(const char *f, const char *pname, int index, const Mat *A, Err *e)
{
    if (A->rows != A->cols)
        return err_param(e, index, "%s: %s must be square, got %zux%zu", f, pname, A->rows, A->cols);
    return 0;
}

static int bi_inv(Ctx *ctx, Value **args, Value **out, Err *e)
{
    NumArg a;
    if (verb_arg("inv", 0, "A", args[0], &a, e) < 0) return -1;
    const Mat *A = a.m;
    int scalar = a.scalar, n = (int)A->rows;
    double *d = NULL;
    lapack_int *piv = NULL;
    Mat *m = NULL;
    if (square("inv", "A", 0, A, e) < 0 || !(d = to_double("inv", "A", 0, A, e))) goto done;
    if (!(piv = malloc((size_t)(n ? n : 1) * sizeof *piv))) {
        err_nomem(e, (size_t)n * sizeof *piv, "inv");
        goto done;
    }
    if (n > 0) {
        lapack_int info = LAPACKE_dgetrf(LAPACK_ROW_MAJOR, n, n, d, n, piv);
        if (info > 0) {
            err_param(e, 0, "inv: A is singular (not invertible)");
            goto done;
        }
        if (info == 0) info = LAPACKE_dgetri(LAPACK_ROW_MAJOR, n, d, n, piv);
        if (info != 0) {
            err_set(e, "inv: LAPACK failed (info %d)", (int)info);
            goto done;
        }
    }
    if (!(m = mat_new_uninit((size_t)n, (size_t)n, e))) goto done;
    for (size_t i = 0; i < (size_t)n * (size_t)n; i++) m->data[i] = (float)d[i];
done:
    free(d);
    free(piv);
    verb_arg_done(&a);
    if (!m) return -1;
    return verb_result(m, scalar, out, e);
}

/* x with A x = b: b is n x k (k right-hand sides), or a vector of n
 * values in either orientation, and x has b's shape. */
static int bi_solve(Ctx *ctx, Value **args, Value **out, Err *e)
{
    NumArg a, b = {0};
    if (verb_arg("solve", 0, "A", args[0], &a, e) < 0) return -1;
    if (verb_arg("solve", 1, "b", args[1], &b, e) < 0) {
        verb_arg_done(&a);
        return -1;
    }
    const Mat *A = a.m, *B = b.m;
    int n = (int)A->rows, scalar = a.scalar && b.scalar;
    double *d = NULL, *rhs = NULL;
    lapack_int *piv = NULL;
    Mat *m = NULL;
    if (square("solve", "A", 0, A, e) < 0) goto done;
    /* a row vector of n values is one right-hand side */
    int as_row = B->rows == 1 && B->cols == (size_t)n && n != 1;
    size_t k = as_row ? 1 : B->cols;
    if (!as_row && B->rows != (size_t)n) {
        err_param(e, 1, "solve: b must have %d rows (as A), got %zux%zu", n, B->rows, B->cols);
        goto done;
    }
    if (!(d = to_double("solve", "A", 0, A, e)) || !(rhs = to_double("solve", "b", 1, B, e))) goto done;
    if (!(piv = malloc((size_t)(n ? n : 1) * sizeof *piv))) {
        err_nomem(e, (size_t)n * sizeof *piv, "solve");
        goto done;
    }
    if (n > 0 && k > 0) {
        lapack_int info = LAPACKE_dgesv(LAPACK_ROW_MAJOR, n, (int)k, d, n, piv, rhs, (int)k);
        if (info > 0) {
            err_param(e, 0, "solve: A is singular (no unique solution)");
            goto done;
        }
        if (info < 0) {
            err_set(e, "solve: LAPACK failed (info %d)", (int)info);
            goto done;
        }
    }
    if (!(m = mat_new_uninit(B->rows, B->cols, e))) goto done;
    for (size_t i = 0; i < B->rows * B->cols; i++) m->data[i] = (float)rhs[i];
    if (mat_copy_col_meta(m, B, NULL, B->cols, e) < 0) {
        mat_free(m);
        m = NULL;
    }
done:
    free(d);
    free(rhs);
    free(piv);
    verb_arg_done(&a);
    verb_arg_done(&b);
    if (!m) return -1;
    return verb_result(m, scalar, out, e);
}

static int bi_det(Ctx *ctx, Value **args, Value **out, Err *e)
{
    NumArg a;
    if (verb_arg("det", 0, "A", args[0], &a, e) < 0) return -1;
    const Mat *A = a.m;
    int n = (int)A->rows, rc = -1;
    double *d = NULL;
    lapack_int *piv = NULL;
    if (square("det", "A", 0, A, e) < 0 || !(d = to_double("det", "A", 0, A, e))) goto done;
    if (!(piv = malloc((size_t)(n ? n : 1) * sizeof *piv))) {
        err_nomem(e, (size_t)n * sizeof *piv, "det");
        goto done;
    }
    double det = 1;
    if (n > 0) {
        lapack_int info = LAPACKE_dgetrf(LAPACK_ROW_MAJOR, n, n, d, n, piv);
        if (info < 0) {
            err_set(e, "det: LAPACK failed (info %d)", (int)info);
            goto done;
        }
        /* info > 0: an exact zero on U's diagonal, and the product is 0 */
        for (int i = 0; i < n; i++) det *= d[(size_t)i * (size_t)n + (size_t)i] * (piv[i] != i + 1 ? -1 : 1);
    }
    rc = verb_number(det, out, e);
done:
    free(d);
    free(piv);
    verb_arg_done(&a);
    return rc;
}

static int bi_rank(Ctx *ctx, Value **args, Value **out, Err *e)
{
    /* rank(m, a, candidates, k) of a joint model (builtins_seq.c) */
    if (seq_value_is_joint(args[0])) return seq_rank(ctx, args, out, e);
    char buf[64];
    if (!arg_is_none(args[2]))
        return err_param(e, 0, "rank: ranking candidates needs a joint model, got %s",
                         val_describe(args[0], buf, sizeof buf));
    if (!arg_is_none(args[1]) && args[1]->kind != VAL_NUM)
        return err_param(e, 1, "rank: tol must be a number, got %s",
                         val_describe(args[1], buf, sizeof buf));
    NumArg a;
    if (verb_arg("rank", 0, "X", args[0], &a, e) < 0) return -1;
    const Mat *X = a.m;
    size_t m = X->rows, n = X->cols, k = m < n ? m : n;
    int rc = -1;
    double *d = NULL, *s = NULL, u = 0, vt = 0;
    if (!(d = to_double("rank", "X", 0, X, e))) goto done;
    if (!(s = malloc((k ? k : 1) * sizeof *s))) {
        err_nomem(e, k * sizeof *s, "rank");
        goto done;
    }
    size_t r = 0;
    if (k > 0) {
        /* row-major X is column-major X^T: same singular values */
        lapack_int info = LAPACKE_dgesdd(LAPACK_COL_MAJOR, 'N', (int)n, (int)m, d, (int)n, s, &u, 1, &vt, 1);
        if (info != 0) {
            err_set(e, "rank: the singular value decomposition failed (info %d)", (int)info);
            goto done;
        }
        double tol = arg_is_none(args[1]) ? s[0] * (double)(m > n ? m : n) * FLT_EPSILON : arg_num(args[1]);
        if (!(tol >= 0)) {
            err_param(e, 1, "rank: tol must be 0 or more, got %g", tol);
            goto done;
        }
        for (size_t i = 0; i < k; i++) r += s[i] > tol;
    }
    rc = verb_number((double)r, out, e);
done:
    free(d);
    free(s);
    verb_arg_done(&a);
    return rc;
}

const Builtin builtins_linalg[] = {
    {"inv", bi_inv, "inverse of a square matrix", "linalg", {{"A", P_ANY, NULL}}, "inv([[2, 1], [1, 3]])", 0},
    {"solve", bi_solve, "x with A @ x = b (b: a vector or one column per right-hand side)", "linalg",
     {{"A", P_ANY, NULL}, {"b", P_ANY, NULL}}, "solve([[2, 1], [1, 3]], [3, 5])", 0},
    {"det", bi_det, "determinant of a square matrix", "linalg", {{"A", P_ANY, NULL}}, "det([[2, 1], [1, 3]])", 0},
    {"rank", bi_rank, "numerical rank: singular values above tol (default S_max * max(rows, cols) * float eps); "
     "rank(m, a, candidates, k) of a joint model: the k candidates nearest to a",
     "linalg", {{"X", P_ANY, NULL}, {"tol", P_ANY, "none"}, {"candidates", P_ANY, "none"}, {"k", P_INT, "5"},
                {"from", P_STR, "\"auto\""}}, "rank(X)", 0},
    {NULL, NULL, NULL, NULL, {{NULL, P_ANY, NULL}}, NULL, 0},
};
