#include "reduce/lda.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/blas.h"

#define LDA_MAX_COLS 4000

int lda_fit(const Mat *X, size_t k, Mat **scores, Mat **components, Mat **ratios, Err *e)
{
    size_t n = X->rows, m = X->cols;
    *scores = *components = *ratios = NULL;
    if (!X->labels) return err_set(e, "lda: X has no class labels (load it with label=, or give them with labeled(X, classes))");
    if (m > LDA_MAX_COLS)
        return err_set(e, "lda: X has %zu columns (at most %d); reduce it first, e.g. lda(pca(X, 100).scores, %zu)", m,
                       LDA_MAX_COLS, k);
    int C = 0;
    for (size_t i = 0; i < n; i++)
        if (X->labels[i] + 1 > C) C = X->labels[i] + 1;
    size_t *cnt = calloc((size_t)C + 1, sizeof *cnt);
    double *mu = calloc(m, sizeof *mu), *muc = calloc((size_t)C * m + 1, sizeof *muc);
    double *Sw = calloc(m * m, sizeof *Sw), *Sb = calloc(m * m, sizeof *Sb), *w = malloc(m * sizeof *w);
    int rc = -1;
    if (!cnt || !mu || !muc || !Sw || !Sb || !w) {
        err_nomem(e, m * m * 16, "lda");
        goto done;
    }
    size_t used = 0;
    for (size_t i = 0; i < n; i++) {
        int c = X->labels[i];
        if (c < 0) continue;
        cnt[c]++;
        used++;
        for (size_t j = 0; j < m; j++) {
            muc[(size_t)c * m + j] += MAT_AT(X, i, j);
            mu[j] += MAT_AT(X, i, j);
        }
    }
    int present = 0;
    for (int c = 0; c < C; c++) {
        if (!cnt[c]) continue;
        present++;
        if (cnt[c] < 2) {
            char buf[32];
            err_set(e, "lda: class '%s' has only one row (each class needs at least 2)",
                    mat_class_name(X, c, buf, sizeof buf));
            goto done;
        }
        for (size_t j = 0; j < m; j++) muc[(size_t)c * m + j] /= (double)cnt[c];
    }
    if (present < 2) {
        err_set(e, "lda: needs at least 2 classes, X has %d", present);
        goto done;
    }
    if (k < 1 || k > (size_t)present - 1) {
        err_set(e, "lda: k must be between 1 and %d (classes - 1), got %zu", present - 1, k);
        goto done;
    }
    for (size_t j = 0; j < m; j++) mu[j] /= (double)used;
    /* within-class scatter, a row at a time (dsyr) */
    double *d = malloc(m * sizeof *d);
    if (!d) {
        err_nomem(e, m * sizeof *d, "lda");
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        int c = X->labels[i];
        if (c < 0) continue;
        for (size_t j = 0; j < m; j++) d[j] = MAT_AT(X, i, j) - muc[(size_t)c * m + j];
        cblas_dsyr(CblasRowMajor, CblasUpper, (int)m, 1.0, d, 1, Sw, (int)m);
    }
    for (int c = 0; c < C; c++) {
        if (!cnt[c]) continue;
        for (size_t j = 0; j < m; j++) d[j] = muc[(size_t)c * m + j] - mu[j];
        cblas_dsyr(CblasRowMajor, CblasUpper, (int)m, (double)cnt[c], d, 1, Sb, (int)m);
    }
    free(d);
    double tr = 0;
    for (size_t j = 0; j < m; j++) tr += Sw[j * m + j];
    for (size_t j = 0; j < m; j++) Sw[j * m + j] += 1e-9 * (tr > 0 ? tr / (double)m : 1); /* ridge */
    int info = LAPACKE_dsygvd(LAPACK_ROW_MAJOR, 1, 'V', 'U', (int)m, Sb, (int)m, Sw, (int)m, w);
    if (info != 0) {
        err_set(e, "lda: the generalised eigenproblem failed (LAPACK info %d); are some columns constant?", info);
        goto done;
    }
    Mat *V = mat_new_uninit(m, k, e), *S = NULL, *Cm = NULL, *R = NULL;
    if (!V) goto done;
    double wsum = 0;
    for (size_t j = 0; j < m; j++) wsum += fmax(w[j], 0);
    for (size_t c = 0; c < k; c++) {
        /* signs: largest-magnitude entry positive */
        size_t best = 0;
        for (size_t j = 0; j < m; j++)
            if (fabs(Sb[j * m + (m - 1 - c)]) > fabs(Sb[best * m + (m - 1 - c)])) best = j;
        double sg = Sb[best * m + (m - 1 - c)] < 0 ? -1 : 1;
        for (size_t j = 0; j < m; j++) MAT_AT(V, j, c) = (float)(sg * Sb[j * m + (m - 1 - c)]);
    }
    S = mat_new_uninit(n, k, e);
    Cm = mat_new_uninit(k, m, e);
    R = mat_new_uninit(1, k, e);
    if (!S || !Cm || !R) goto fail_mats;
    for (size_t i = 0; i < n; i++)
        for (size_t c = 0; c < k; c++) {
            double s = 0;
            for (size_t j = 0; j < m; j++) s += (MAT_AT(X, i, j) - mu[j]) * MAT_AT(V, j, c);
            MAT_AT(S, i, c) = (float)s;
        }
    for (size_t c = 0; c < k; c++) {
        for (size_t j = 0; j < m; j++) MAT_AT(Cm, c, j) = MAT_AT(V, j, c);
        R->data[c] = wsum > 0 ? (float)(fmax(w[m - 1 - c], 0) / wsum) : 0;
    }
    if (mat_copy_row_meta(S, X, NULL, n, e) < 0) goto fail_mats;
    mat_free(V);
    *scores = S;
    *components = Cm;
    *ratios = R;
    rc = 0;
    goto done;
fail_mats:
    mat_free(V);
    mat_free(S);
    mat_free(Cm);
    mat_free(R);
done:
    free(cnt);
    free(mu);
    free(muc);
    free(Sw);
    free(Sb);
    free(w);
    return rc;
}
