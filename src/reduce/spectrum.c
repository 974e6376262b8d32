/* spectrum.c — the variances of X along all its principal axes. */
#include "reduce/spectrum.h"

#include <stdlib.h>

#include "core/blas.h"

int spectrum_variances(const Mat *X, double **eig, size_t *m, double *total, Err *e)
{
    *eig = NULL;
    *m = 0;
    *total = 0;
    size_t n = X->rows, d = X->cols;
    if (n < 2 || d < 1)
        return err_set(e, "spectrum: need at least 2 rows and 1 column, got %zux%zu", n, d);
    size_t s = n <= d ? n : d; /* side of the Gram matrix */
    double *mu = calloc(d, sizeof *mu), *Xc = malloc(n * d * sizeof *Xc),
           *G = malloc(s * s * sizeof *G), *w = malloc(s * sizeof *w);
    if (!mu || !Xc || !G || !w) {
        free(mu);
        free(Xc);
        free(G);
        free(w);
        return err_nomem(e, (n * d + s * s) * sizeof(double), "spectrum");
    }
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < d; j++)
            mu[j] += MAT_AT(X, i, j);
    for (size_t j = 0; j < d; j++)
        mu[j] /= (double)n;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < d; j++)
            Xc[i * d + j] = MAT_AT(X, i, j) - mu[j];
    if (n <= d) /* Xc Xc^T, n x n */
        cblas_dsyrk(CblasRowMajor, CblasUpper, CblasNoTrans, (int)n, (int)d, 1.0, Xc, (int)d, 0.0,
                    G, (int)n);
    else /* Xc^T Xc, d x d */
        cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, (int)d, (int)n, 1.0, Xc, (int)d, 0.0, G,
                    (int)d);
    int info = LAPACKE_dsyev(LAPACK_ROW_MAJOR, 'N', 'U', (int)s, G, (int)s, w);
    free(mu);
    free(Xc);
    free(G);
    if (info != 0) {
        free(w);
        return err_set(e, "spectrum: the eigenvalue solver failed (LAPACK dsyev info %d)", info);
    }
    /* ascending from dsyev: reverse, scale to variances, clip rounding
     * below zero */
    for (size_t i = 0; i < s / 2; i++) {
        double t = w[i];
        w[i] = w[s - 1 - i];
        w[s - 1 - i] = t;
    }
    for (size_t i = 0; i < s; i++) {
        w[i] = w[i] > 0 ? w[i] / (double)(n - 1) : 0;
        *total += w[i];
    }
    *eig = w;
    *m = s;
    return 0;
}
