/* mds.c — classical (Torgerson) multidimensional scaling. */
#include "reduce/mds.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/blas.h"
#include "reduce/pca.h"
#include "reduce/pca_impl.h"

#define MDS_MAX_ROWS 6000

/* Largest-magnitude entry of each column of S positive. */
static void fix_signs(Mat *S)
{
    for (size_t c = 0; c < S->cols; c++) {
        size_t best = 0;
        for (size_t i = 0; i < S->rows; i++)
            if (fabsf(MAT_AT(S, i, c)) > fabsf(MAT_AT(S, best, c))) best = i;
        if (MAT_AT(S, best, c) < 0)
            for (size_t i = 0; i < S->rows; i++) MAT_AT(S, i, c) = -MAT_AT(S, i, c);
    }
}

/* More rows than columns: for Euclidean distances B = -1/2 J D^2 J equals
 * Xc Xc^T (Xc = X minus its column means), whose nonzero eigenpairs are
 * those of the smaller Xc^T Xc.  So the coordinates V sqrt(lambda) are
 * Xc v for its top eigenvectors v, and lambda = sigma^2: exact PCA, with no
 * rows x rows matrix. */
static int mds_tall(const Mat *X, size_t k, Mat **scores, Mat **eig, Err *e)
{
    Pca *p;
    if (pca_fit(X, k, PCA_EXACT, 1, 0, -1, NULL, &p, e) < 0) return -1;
    Mat *E = mat_new_uninit(1, k, e);
    if (!E || mat_copy_row_meta(p->scores, X, NULL, X->rows, e) < 0) {
        mat_free(E);
        pca_free(p);
        return -1;
    }
    for (size_t c = 0; c < k; c++) E->data[c] = p->singular->data[c] * p->singular->data[c];
    p->scores->img_h = p->scores->img_w = p->scores->img_c = 0;
    fix_signs(p->scores);
    *scores = p->scores;
    p->scores = NULL;
    *eig = E;
    pca_free(p);
    return 0;
}

int mds_fit(const Mat *X, size_t k, Mat **scores, Mat **eig, Err *e)
{
    size_t n = X->rows, m = X->cols;
    *scores = *eig = NULL;
    if (n > m) {
        size_t top = m < n - 1 ? m : n - 1;
        if (k < 1 || k > top) return err_about(e, "k", "mds: k must be between 1 and %zu, got %zu", top, k);
        if (pca_check_finite(X, "mds", e) < 0) return -1;
        return mds_tall(X, k, scores, eig, e);
    }
    if (pca_check_finite(X, "mds", e) < 0) return -1;
    if (n > MDS_MAX_ROWS)
        return err_set(e, "mds: %zu rows need a %zux%zu distance matrix; at most %d rows (try pca, or fewer rows)", n, n,
                       n, MDS_MAX_ROWS);
    if (n < 2 || k < 1 || k >= n) return err_about(e, "k", "mds: k must be between 1 and %zu, got %zu", n > 1 ? n - 1 : 0, k);
    double *D = malloc(n * n * sizeof *D), *Xd = malloc(n * m * sizeof *Xd), *sq = malloc(n * sizeof *sq);
    double *w = malloc(n * sizeof *w), *Z = malloc(n * k * sizeof *Z);
    lapack_int *isup = malloc(2 * n * sizeof *isup);
    int rc = -1;
    if (!D || !Xd || !sq || !w || !Z || !isup) {
        err_nomem(e, n * n * sizeof(double), "mds");
        goto done;
    }
    for (size_t i = 0; i < n * m; i++) Xd[i] = X->data[i];
    /* squared distances: |xi|^2 + |xj|^2 - 2 xi.xj */
    cblas_dsyrk(CblasRowMajor, CblasUpper, CblasNoTrans, (int)n, (int)m, 1.0, Xd, (int)m, 0.0, D, (int)n);
    for (size_t i = 0; i < n; i++) sq[i] = D[i * n + i];
    for (size_t i = 0; i < n; i++)
        for (size_t j = i; j < n; j++) {
            double d2 = fmax(sq[i] + sq[j] - 2 * D[i * n + j], 0);
            D[i * n + j] = D[j * n + i] = d2;
        }
    /* B = -1/2 J D2 J: subtract row and column means, add the grand mean */
    double grand = 0;
    for (size_t i = 0; i < n; i++) {
        double s = 0;
        for (size_t j = 0; j < n; j++) s += D[i * n + j];
        sq[i] = s / (double)n;
        grand += s;
    }
    grand /= (double)n * (double)n;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) D[i * n + j] = -0.5 * (D[i * n + j] - sq[i] - sq[j] + grand);
    lapack_int found;
    int info = LAPACKE_dsyevr(LAPACK_ROW_MAJOR, 'V', 'I', 'U', (int)n, D, (int)n, 0, 0, (int)(n - k + 1), (int)n, 0,
                              &found, w, Z, (int)k, isup);
    if (info != 0 || (size_t)found != k) {
        err_set(e, "mds: eigen-decomposition failed (LAPACK info %d)", info);
        goto done;
    }
    Mat *S = mat_new_uninit(n, k, e), *E = mat_new_uninit(1, k, e);
    if (!S || !E) {
        mat_free(S);
        mat_free(E);
        goto done;
    }
    for (size_t c = 0; c < k; c++) { /* dsyevr gives ascending order */
        size_t col = k - 1 - c;
        double l = fmax(w[col], 0), sl = sqrt(l);
        size_t best = 0;
        for (size_t i = 0; i < n; i++)
            if (fabs(Z[i * k + col]) > fabs(Z[best * k + col])) best = i;
        double sg = Z[best * k + col] < 0 ? -1 : 1;
        for (size_t i = 0; i < n; i++) MAT_AT(S, i, c) = (float)(sg * Z[i * k + col] * sl);
        E->data[c] = (float)w[col];
    }
    if (mat_copy_row_meta(S, X, NULL, n, e) < 0) {
        mat_free(S);
        mat_free(E);
        goto done;
    }
    S->img_h = S->img_w = 0;
    *scores = S;
    *eig = E;
    rc = 0;
done:
    free(D);
    free(Xd);
    free(sq);
    free(w);
    free(Z);
    free(isup);
    return rc;
}
