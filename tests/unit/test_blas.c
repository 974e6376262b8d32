/* BLAS under the kernel dv runs: the program re-executes itself with the
 * kernel dv would choose (as dv's main does), then checks sgemm and an
 * LAPACK eigen-solve against results computed here in double precision. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/blas.h"
#include "core/rng.h"
#include "tests/tap.h"

int main(int argc, char **argv)
{
    (void)argc;
    blas_choose_kernel(argv);
    printf("# kernel %s (OpenBLAS alone: %s), %d threads\n", blas_kernel(),
           blas_detected_kernel() ? blas_detected_kernel() : blas_kernel(), blas_threads());
    ok(blas_wanted_coretype() == NULL, "after the choice, no better kernel is wanted");

    Err e;
    Rng r;
    rng_seed(&r, 1);
    size_t m = 123, k = 77, n = 45;
    Mat *A = mat_new(m, k, &e), *B = mat_new(k, n, &e);
    for (size_t i = 0; i < m * k; i++) A->data[i] = (float)rng_normal(&r);
    for (size_t i = 0; i < k * n; i++) B->data[i] = (float)rng_normal(&r);
    Mat *C = blas_matmul(A, 0, B, 0, &e);
    double worst = 0;
    for (size_t i = 0; i < m; i++)
        for (size_t j = 0; j < n; j++) {
            double s = 0;
            for (size_t l = 0; l < k; l++) s += (double)MAT_AT(A, i, l) * MAT_AT(B, l, j);
            double d = fabs(s - MAT_AT(C, i, j));
            if (d > worst) worst = d;
        }
    ok(worst < 1e-4, "sgemm matches a double-precision product (max error %.2g)", worst);

    Mat *At = blas_matmul(A, 1, A, 0, &e); /* k x k Gram matrix */
    ok(At && At->rows == k && At->cols == k, "transposed product shape");
    Mat *bad = blas_matmul(A, 0, A, 0, &e);
    ok(!bad && strcmp(e.msg, "matrix product: shapes 123x77 and 123x77 do not match") == 0,
       "shape mismatch is an error: %s", e.msg);

    /* Symmetric eigenproblem: A^T A v = lambda v, checked by the residual. */
    float *w = malloc(k * sizeof *w);
    Mat *V = mat_clone(At, &e);
    int info = LAPACKE_ssyevd(LAPACK_ROW_MAJOR, 'V', 'U', (int)k, V->data, (int)k, w);
    ok(info == 0, "ssyevd succeeds");
    double res = 0;
    for (size_t c = 0; c < k; c++)
        for (size_t i = 0; i < k; i++) {
            double s = 0;
            for (size_t l = 0; l < k; l++) s += (double)MAT_AT(At, i, l) * MAT_AT(V, l, c);
            double d = fabs(s - w[c] * MAT_AT(V, i, c));
            if (d > res) res = d;
        }
    ok(res < 1e-2 * w[k - 1] * 1e-2, "eigenvectors satisfy A v = lambda v (residual %.2g)", res);
    int sorted = 1;
    for (size_t c = 1; c < k; c++) sorted &= w[c] >= w[c - 1];
    ok(sorted && w[0] > 0, "eigenvalues ascending and positive");

    free(w);
    mat_free(V);
    mat_free(At);
    mat_free(C);
    mat_free(A);
    mat_free(B);
    return done_testing();
}
