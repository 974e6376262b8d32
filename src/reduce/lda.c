#include "reduce/lda.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/blas.h"
#include "reduce/pca_impl.h"

#define LDA_MAX_COLS 4000

int lda_fit(const Mat *X, size_t k, Mat **scores, Mat **components, Mat **ratios, Err *e)
{
    size_t n = X->rows, m = X->cols;
    *scores = *components = *ratios = NULL;
    if (!X->labels) return err_about(e, "X", "lda: X has no class labels (load it with label=, or give them with labeled(X, classes))");
    if (m == 0) /* the scatter blocks below are sized by dividing by m */
        return err_about(e, "X", "lda: X has no columns (%zux0)", n);
    if (m > LDA_MAX_COLS)
        return err_about(e, "X", "lda: X has %zu columns (at most %d); reduce it first, e.g. lda(pca(X, 100).scores, %zu)", m,
                       LDA_MAX_COLS, k);
    int C = 0;
    for (size_t i = 0; i < n; i++)
        if (X->labels[i] + 1 > C) C = X->labels[i] + 1;
    size_t *cnt = calloc((size_t)C + 1, sizeof *cnt);
    double *mu = calloc(m, sizeof *mu), *muc = calloc((size_t)C * m + 1, sizeof *muc);
    double *Sw = calloc(m * m, sizeof *Sw), *Sb = calloc(m * m, sizeof *Sb), *w = malloc(m * sizeof *w);
    Mat *V = NULL, *S = NULL, *Cm = NULL, *R = NULL;
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
        err_about(e, "k", "lda: k must be between 1 and %d (classes - 1), got %zu", present - 1, k);
        goto done;
    }
    for (size_t j = 0; j < m; j++) mu[j] /= (double)used;
    for (size_t j = 0; j < m; j++)
        if (!isfinite(mu[j])) {
            pca_check_finite(X, "lda", e);
            goto done;
        }
    /* within-class scatter: blocks of rows minus their class means, in
     * double, added in by dsyrk (BLAS-3; about 2 MB a block) */
    size_t bl = ((size_t)1 << 18) / m;
    if (bl < 16) bl = 16;
    if (bl > used) bl = used;
    double *d = malloc((bl > 1 ? bl : 1) * m * sizeof *d);
    if (!d) {
        err_nomem(e, bl * m * sizeof *d, "lda");
        goto done;
    }
    for (size_t i = 0, h = 0; i < n; i++) {
        int c = X->labels[i];
        if (c >= 0) {
            for (size_t j = 0; j < m; j++) d[h * m + j] = MAT_AT(X, i, j) - muc[(size_t)c * m + j];
            h++;
        }
        if (h == bl || (i + 1 == n && h > 0)) {
            cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, (int)m, (int)h, 1.0, d, (int)m, 1.0, Sw, (int)m);
            h = 0;
        }
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
    /* the k largest eigenpairs only (dsygvx): the reduction to standard
     * form is the same, but only k vectors are found and back-transformed */
    double *Z = malloc(m * k * sizeof *Z);
    lapack_int *ifail = malloc(m * sizeof *ifail), found = 0;
    if (!Z || !ifail) {
        free(Z);
        free(ifail);
        err_nomem(e, m * k * sizeof *Z, "lda");
        goto done;
    }
    int info = LAPACKE_dsygvx(LAPACK_ROW_MAJOR, 1, 'V', 'I', 'U', (int)m, Sb, (int)m, Sw, (int)m, 0, 0,
                              (int)(m - k + 1), (int)m, 0, &found, w, Z, (int)k, ifail);
    free(ifail);
    if (info != 0 || (size_t)found != k) {
        free(Z);
        err_set(e, "lda: the generalised eigenproblem failed (LAPACK info %d); are some columns constant?", info);
        goto done;
    }
    /* All eigenvalues sum to trace(Sw^-1 Sb) = sum_c n_c |U^-T d_c|^2, with
     * Sw = U^T U (dsygvx leaves U in Sw) and d_c = class mean - mean. */
    double wsum = 0, *y = malloc(m * sizeof *y);
    if (!y || !(V = mat_new_uninit(m, k, e))) {
        if (!y) err_nomem(e, m * sizeof *y, "lda");
        free(y);
        free(Z);
        goto done;
    }
    for (int c = 0; c < C; c++) {
        if (!cnt[c]) continue;
        for (size_t j = 0; j < m; j++) y[j] = muc[(size_t)c * m + j] - mu[j];
        cblas_dtrsv(CblasRowMajor, CblasUpper, CblasTrans, CblasNonUnit, (int)m, Sw, (int)m, y, 1);
        wsum += (double)cnt[c] * cblas_ddot((int)m, y, 1, y, 1);
    }
    free(y);
    for (size_t c = 0; c < k; c++) { /* ascending: column k-1-c is the c-th largest */
        const double *z = Z + (k - 1 - c);
        size_t best = 0; /* signs: largest-magnitude entry positive */
        for (size_t j = 0; j < m; j++)
            if (fabs(z[j * k]) > fabs(z[best * k])) best = j;
        double sg = z[best * k] < 0 ? -1 : 1;
        for (size_t j = 0; j < m; j++) MAT_AT(V, j, c) = (float)(sg * z[j * k]);
    }
    free(Z);
    S = mat_new_uninit(n, k, e);
    Cm = mat_new_uninit(k, m, e);
    R = mat_new_uninit(1, k, e);
    if (!S || !Cm || !R) goto fail_mats;
    /* scores = (X - 1 mu^T) V = X V - 1 (mu^T V) */
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)n, (int)k, (int)m, 1.0f, X->data, (int)m, V->data,
                (int)k, 0.0f, S->data, (int)k);
    for (size_t c = 0; c < k; c++) {
        double s = 0;
        for (size_t j = 0; j < m; j++) s += mu[j] * MAT_AT(V, j, c);
        for (size_t i = 0; i < n; i++) MAT_AT(S, i, c) -= (float)s;
    }
    for (size_t c = 0; c < k; c++) {
        for (size_t j = 0; j < m; j++) MAT_AT(Cm, c, j) = MAT_AT(V, j, c);
        R->data[c] = wsum > 0 ? (float)(fmax(w[k - 1 - c], 0) / wsum) : 0;
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
