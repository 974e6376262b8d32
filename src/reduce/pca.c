#include "reduce/pca.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/blas.h"

void pca_free(Pca *p)
{
    if (!p) return;
    mat_free(p->components);
    mat_free(p->scores);
    mat_free(p->singular);
    mat_free(p->explained);
    mat_free(p->mean);
    free(p);
}

/* Column means: one BLAS pass (X^T 1 / n). */
static int column_means(const Mat *X, double *mu, Err *e)
{
    float *ones = malloc(X->rows * sizeof *ones), *s = malloc(X->cols * sizeof *s);
    if (!ones || !s) {
        free(ones);
        free(s);
        return err_nomem(e, X->rows * sizeof(float), "pca");
    }
    for (size_t i = 0; i < X->rows; i++) ones[i] = 1.0f;
    cblas_sgemv(CblasRowMajor, CblasTrans, (int)X->rows, (int)X->cols, 1.0f / (float)X->rows, X->data,
                (int)X->cols, ones, 1, 0.0f, s, 1);
    for (size_t j = 0; j < X->cols; j++) mu[j] = s[j];
    free(ones);
    free(s);
    return 0;
}

/* ||X - 1 mu^T||_F^2 in double. */
static double total_ss(const Mat *X, const double *mu)
{
    double s = 0;
    for (size_t i = 0; i < X->rows; i++) {
        const float *r = MAT_ROW(X, i);
        for (size_t j = 0; j < X->cols; j++) {
            double d = r[j] - mu[j];
            s += d * d;
        }
    }
    return s;
}

#define BLOCK 256

/* G = Xc Xc^T (n x n, double), accumulated over blocks of columns. */
static int gram_rows(const Mat *X, const double *mu, double *G, Err *e)
{
    size_t n = X->rows, m = X->cols;
    double *B = malloc(n * BLOCK * sizeof *B);
    if (!B) return err_nomem(e, n * BLOCK * sizeof *B, "pca");
    memset(G, 0, n * n * sizeof *G);
    for (size_t j0 = 0; j0 < m; j0 += BLOCK) {
        size_t bw = m - j0 < BLOCK ? m - j0 : BLOCK;
        for (size_t i = 0; i < n; i++)
            for (size_t j = 0; j < bw; j++) B[i * bw + j] = (double)MAT_AT(X, i, j0 + j) - mu[j0 + j];
        cblas_dsyrk(CblasRowMajor, CblasUpper, CblasNoTrans, (int)n, (int)bw, 1.0, B, (int)bw, 1.0, G, (int)n);
    }
    free(B);
    return 0;
}

/* C = Xc^T Xc (m x m, double), accumulated over blocks of rows. */
static int gram_cols(const Mat *X, const double *mu, double *C, Err *e)
{
    size_t n = X->rows, m = X->cols;
    double *B = malloc(BLOCK * m * sizeof *B);
    if (!B) return err_nomem(e, BLOCK * m * sizeof *B, "pca");
    memset(C, 0, m * m * sizeof *C);
    for (size_t i0 = 0; i0 < n; i0 += BLOCK) {
        size_t bh = n - i0 < BLOCK ? n - i0 : BLOCK;
        for (size_t i = 0; i < bh; i++)
            for (size_t j = 0; j < m; j++) B[i * m + j] = (double)MAT_AT(X, i0 + i, j) - mu[j];
        cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, (int)m, (int)bh, 1.0, B, (int)m, 1.0, C, (int)m);
    }
    free(B);
    return 0;
}

/* Xc A where A is m x k (float): X A - 1 (mu^T A).  New n x k matrix. */
static Mat *centered_times(const Mat *X, const double *mu, const Mat *A, int center, Err *e)
{
    Mat *R = blas_matmul(X, 0, A, 0, e);
    if (!R || !center) return R;
    for (size_t c = 0; c < A->cols; c++) {
        double s = 0;
        for (size_t j = 0; j < A->rows; j++) s += mu[j] * MAT_AT(A, j, c);
        for (size_t i = 0; i < R->rows; i++) MAT_AT(R, i, c) -= (float)s;
    }
    return R;
}

/* Xc^T Q where Q is n x l: X^T Q - mu (1^T Q).  New m x l matrix. */
static Mat *centered_t_times(const Mat *X, const double *mu, const Mat *Q, int center, Err *e)
{
    Mat *R = blas_matmul(X, 1, Q, 0, e);
    if (!R || !center) return R;
    for (size_t c = 0; c < Q->cols; c++) {
        double s = 0;
        for (size_t i = 0; i < Q->rows; i++) s += MAT_AT(Q, i, c);
        for (size_t j = 0; j < R->rows; j++) MAT_AT(R, j, c) -= (float)(mu[j] * s);
    }
    return R;
}

/* Orthonormalise the columns of A in place (QR). */
static int orthonormalize(Mat *A, Err *e)
{
    int r = (int)A->rows, c = (int)A->cols, kk = r < c ? r : c;
    float *tau = malloc((size_t)kk * sizeof *tau);
    if (!tau) return err_nomem(e, (size_t)kk * sizeof *tau, "pca");
    int info = LAPACKE_sgeqrf(LAPACK_ROW_MAJOR, r, c, A->data, c, tau);
    if (info == 0) info = LAPACKE_sorgqr(LAPACK_ROW_MAJOR, r, kk, kk, A->data, c, tau);
    free(tau);
    if (info != 0) return err_set(e, "pca: QR factorisation failed (LAPACK info %d)", info);
    return 0;
}

/* Largest-magnitude entry of each component row positive; flips scores too. */
static void fix_signs(Pca *p)
{
    for (size_t c = 0; c < p->k; c++) {
        float *row = MAT_ROW(p->components, c);
        size_t best = 0;
        for (size_t j = 1; j < p->m; j++)
            if (fabsf(row[j]) > fabsf(row[best])) best = j;
        if (row[best] >= 0) continue;
        for (size_t j = 0; j < p->m; j++) row[j] = -row[j];
        for (size_t i = 0; i < p->n; i++) MAT_AT(p->scores, i, c) = -MAT_AT(p->scores, i, c);
    }
}

/* Exact: eigen-decomposition of the smaller Gram matrix. */
static int fit_exact(const Mat *X, const double *mu, int center, Pca *p, Err *e)
{
    size_t n = X->rows, m = X->cols, k = p->k, s = n <= m ? n : m;
    double *G = malloc(s * s * sizeof *G), *w = malloc(s * sizeof *w);
    if (!G || !w) {
        free(G);
        free(w);
        return err_nomem(e, s * s * sizeof(double), "pca");
    }
    int rc = n <= m ? gram_rows(X, mu, G, e) : gram_cols(X, mu, G, e);
    if (rc == 0) {
        double tr = 0;
        for (size_t i = 0; i < s; i++) tr += G[i * s + i];
        p->total_ss = tr;
        int info = LAPACKE_dsyevd(LAPACK_ROW_MAJOR, 'V', 'U', (int)s, G, (int)s, w);
        if (info != 0) rc = err_set(e, "pca: eigen-decomposition failed (LAPACK info %d)", info);
    }
    if (rc < 0) goto done;
    /* eigenvalues ascend: column s-1-c holds the c-th largest */
    for (size_t c = 0; c < k; c++) p->singular->data[c] = (float)sqrt(fmax(w[s - 1 - c], 0));
    Mat *V = mat_new_uninit(s, k, e);
    if (!V) {
        rc = -1;
        goto done;
    }
    for (size_t i = 0; i < s; i++)
        for (size_t c = 0; c < k; c++) MAT_AT(V, i, c) = (float)G[i * s + (s - 1 - c)];
    if (n > m) { /* V holds right singular vectors: components = V^T, scores = Xc V */
        for (size_t c = 0; c < k; c++)
            for (size_t j = 0; j < m; j++) MAT_AT(p->components, c, j) = MAT_AT(V, j, c);
        Mat *S = centered_times(X, mu, V, center, e);
        if (!S) rc = -1;
        else {
            memcpy(p->scores->data, S->data, n * k * sizeof(float));
            mat_free(S);
        }
    } else { /* V holds left singular vectors U: scores = U sigma, components = Xc^T U / sigma */
        Mat *Ct = centered_t_times(X, mu, V, center, e);
        if (!Ct) rc = -1;
        else {
            for (size_t c = 0; c < k; c++) {
                double sg = p->singular->data[c];
                for (size_t j = 0; j < m; j++) MAT_AT(p->components, c, j) = sg > 0 ? (float)(MAT_AT(Ct, j, c) / sg) : 0;
                for (size_t i = 0; i < n; i++) MAT_AT(p->scores, i, c) = (float)(MAT_AT(V, i, c) * sg);
            }
            mat_free(Ct);
        }
    }
    mat_free(V);
done:
    free(G);
    free(w);
    return rc;
}

/* Randomized on the small side's Gram matrix.  When min(rows, cols) is
 * small, one BLAS-3 pass (ssyrk) gives the s x s Gram matrix A of the
 * centred data, and Halko et al. 2011, Algorithm 4.4 (randomized subspace
 * iteration with QR after every product) runs on A, where each product
 * costs s^2 l instead of n m l.  The eigenpairs of the small projected
 * matrix Q^T A Q give the singular values (sqrt) and the small side's
 * singular vectors. */
#define GRAM_MAX_SIDE 4096

static int fit_randomized_gram(const Mat *X, const double *mu, int center, int power, Rng *rng, Pca *p, Err *e)
{
    /* Products with the s x s Gram matrix are cheap next to forming it, so
     * oversample more (2k + 10) and iterate more (at least 10) than on X:
     * slowly decaying spectra (faces) then still converge to < 1e-3. */
    size_t n = X->rows, m = X->cols, k = p->k, s = n <= m ? n : m, l = 2 * k + 10;
    if (l > s) l = s;
    if (power < 10) power = 10;
    int rc = -1;
    Mat *A = mat_new(s, s, e), *Om = NULL, *Y = NULL, *T = NULL, *B = NULL, *W = NULL;
    float *lam = NULL;
    if (!A) return -1;
    cblas_ssyrk(CblasRowMajor, CblasUpper, n <= m ? CblasNoTrans : CblasTrans, (int)s, (int)(n <= m ? m : n), 1.0f,
                X->data, (int)m, 0.0f, A->data, (int)s);
    for (size_t i = 0; i < s; i++) /* mirror the upper triangle */
        for (size_t j = 0; j < i; j++) MAT_AT(A, i, j) = MAT_AT(A, j, i);
    if (center) {
        if (n <= m) { /* X X^T - r 1^T - 1 r^T + (mu . mu), r = X mu */
            double c = 0;
            float *r = malloc(n * sizeof *r), *muf = malloc(m * sizeof *muf);
            if (!r || !muf) {
                free(r);
                free(muf);
                goto nomem;
            }
            for (size_t j = 0; j < m; j++) c += mu[j] * mu[j], muf[j] = (float)mu[j];
            cblas_sgemv(CblasRowMajor, CblasNoTrans, (int)n, (int)m, 1.0f, X->data, (int)m, muf, 1, 0.0f, r, 1);
            for (size_t i = 0; i < n; i++)
                for (size_t j = 0; j < n; j++) MAT_AT(A, i, j) = (float)(MAT_AT(A, i, j) - r[i] - r[j] + c);
            free(r);
            free(muf);
        } else { /* X^T X - n mu mu^T */
            for (size_t i = 0; i < m; i++)
                for (size_t j = 0; j < m; j++) MAT_AT(A, i, j) = (float)(MAT_AT(A, i, j) - (double)n * mu[i] * mu[j]);
        }
    }
    double tr = 0; /* trace of the centred Gram matrix = total sum of squares */
    for (size_t i = 0; i < s; i++) tr += MAT_AT(A, i, i);
    p->total_ss = tr;
    if (!(Om = mat_new_uninit(s, l, e))) goto done;
    for (size_t i = 0; i < s * l; i++) Om->data[i] = (float)rng_normal(rng);
    if (!(Y = blas_matmul(A, 0, Om, 0, e)) || orthonormalize(Y, e) < 0) goto done;
    for (int q = 0; q < power; q++) {
        mat_free(T);
        if (!(T = blas_matmul(A, 0, Y, 0, e))) goto done;
        memcpy(Y->data, T->data, s * l * sizeof(float));
        if (orthonormalize(Y, e) < 0) goto done;
    }
    mat_free(T);
    if (!(T = blas_matmul(A, 0, Y, 0, e)) || !(B = blas_matmul(Y, 1, T, 0, e))) goto done; /* l x l */
    lam = malloc(l * sizeof *lam);
    if (!lam) goto nomem;
    int info = LAPACKE_ssyevd(LAPACK_ROW_MAJOR, 'V', 'U', (int)l, B->data, (int)l, lam);
    if (info != 0) {
        err_set(e, "pca: eigen-decomposition failed (LAPACK info %d)", info);
        goto done;
    }
    if (!(W = blas_matmul(Y, 0, B, 0, e))) goto done; /* s x l, ascending columns */
    Mat *V = mat_new_uninit(s, k, e);
    if (!V) goto done;
    for (size_t c = 0; c < k; c++) {
        p->singular->data[c] = sqrtf(lam[l - 1 - c] > 0 ? lam[l - 1 - c] : 0);
        for (size_t i = 0; i < s; i++) MAT_AT(V, i, c) = MAT_AT(W, i, l - 1 - c);
    }
    if (n > m) {
        for (size_t c = 0; c < k; c++)
            for (size_t j = 0; j < m; j++) MAT_AT(p->components, c, j) = MAT_AT(V, j, c);
        Mat *S = centered_times(X, mu, V, center, e);
        if (S) {
            memcpy(p->scores->data, S->data, n * k * sizeof(float));
            mat_free(S);
            rc = 0;
        }
    } else {
        Mat *Ct = centered_t_times(X, mu, V, center, e);
        if (Ct) {
            for (size_t c = 0; c < k; c++) {
                double sg = p->singular->data[c];
                for (size_t j = 0; j < m; j++)
                    MAT_AT(p->components, c, j) = sg > 0 ? (float)(MAT_AT(Ct, j, c) / sg) : 0;
                for (size_t i = 0; i < n; i++) MAT_AT(p->scores, i, c) = (float)(MAT_AT(V, i, c) * sg);
            }
            mat_free(Ct);
            rc = 0;
        }
    }
    mat_free(V);
    goto done;
nomem:
    err_nomem(e, s * sizeof(double), "pca");
done:
    mat_free(A);
    mat_free(Om);
    mat_free(Y);
    mat_free(T);
    mat_free(B);
    mat_free(W);
    free(lam);
    return rc;
}

/* Randomized: Halko et al. 2011, Algorithms 4.4 (power iteration with QR)
 * and 5.1 (SVD of the small projected matrix). */
static int fit_randomized(const Mat *X, const double *mu, int center, int power, Rng *rng, Pca *p, Err *e)
{
    size_t n = X->rows, m = X->cols, k = p->k, l = k + 10;
    if (l > n) l = n;
    if (l > m) l = m;
    int rc = -1;
    Mat *Om = mat_new_uninit(m, l, e), *Y = NULL, *Z = NULL, *B = NULL;
    float *S = NULL, *U = NULL, *Vt = NULL, *sup = NULL;
    if (!Om) return -1;
    for (size_t i = 0; i < m * l; i++) Om->data[i] = (float)rng_normal(rng);
    if (!(Y = centered_times(X, mu, Om, center, e)) || orthonormalize(Y, e) < 0) goto done;
    for (int q = 0; q < power; q++) {
        mat_free(Z);
        if (!(Z = centered_t_times(X, mu, Y, center, e)) || orthonormalize(Z, e) < 0) goto done;
        mat_free(Y);
        if (!(Y = centered_times(X, mu, Z, center, e)) || orthonormalize(Y, e) < 0) goto done;
    }
    /* B = Q^T Xc is l x m; its SVD gives the factors of Xc ~ Q B. */
    mat_free(Z);
    if (!(Z = centered_t_times(X, mu, Y, center, e))) goto done; /* m x l = B^T */
    B = mat_new_uninit(l, m, e);
    S = malloc(l * sizeof *S);
    U = malloc(l * l * sizeof *U);
    Vt = malloc(l * m * sizeof *Vt);
    sup = malloc(l * sizeof *sup);
    if (!B || !S || !U || !Vt || !sup) {
        err_nomem(e, l * m * sizeof(float), "pca");
        goto done;
    }
    for (size_t i = 0; i < l; i++)
        for (size_t j = 0; j < m; j++) MAT_AT(B, i, j) = MAT_AT(Z, j, i);
    /* ldvt = m and ldu >= 1 even for thin output: see TOOLCHAIN gotcha 1 */
    int info = LAPACKE_sgesdd(LAPACK_ROW_MAJOR, 'S', (int)l, (int)m, B->data, (int)m, S, U, (int)l, Vt, (int)m);
    if (info != 0) {
        err_set(e, "pca: SVD failed (LAPACK info %d)", info);
        goto done;
    }
    for (size_t c = 0; c < k; c++) {
        p->singular->data[c] = S[c];
        memcpy(MAT_ROW(p->components, c), Vt + c * m, m * sizeof(float));
    }
    /* scores = Q U[:, :k] S */
    for (size_t i = 0; i < n; i++)
        for (size_t c = 0; c < k; c++) {
            double s = 0;
            for (size_t t = 0; t < l; t++) s += (double)MAT_AT(Y, i, t) * U[t * l + c];
            MAT_AT(p->scores, i, c) = (float)(s * S[c]);
        }
    rc = 0;
done:
    mat_free(Om);
    mat_free(Y);
    mat_free(Z);
    mat_free(B);
    free(S);
    free(U);
    free(Vt);
    free(sup);
    return rc;
}

int pca_fit(const Mat *X, size_t k, PcaMethod method, int center, int whiten, int power, Rng *rng,
            Pca **out, Err *e)
{
    size_t n = X->rows, m = X->cols, s = n < m ? n : m;
    const char *what = center ? "pca" : "svd";
    *out = NULL;
    if (n < 2 || m < 1) return err_set(e, "%s: needs at least 2 rows, got a %zux%zu matrix", what, n, m);
    if (k < 1 || k > s)
        return err_set(e, "%s: k must be between 1 and %zu for a %zux%zu matrix, got %zu", what, s, n, m, k);
    for (size_t i = 0; i < n * m; i++)
        if (!isfinite(X->data[i]))
            return err_set(e, "%s: X has a missing or infinite value at row %zu, column %zu", what, i / m, i % m);
    if (method == PCA_AUTO) /* as scikit-learn: randomized when k is well below the size */
        method = (n > 500 || m > 500) && k < 0.8 * (double)s ? PCA_RANDOMIZED : PCA_EXACT;
    Pca *p = calloc(1, sizeof *p);
    double *mu = calloc(m, sizeof *mu);
    if (!p || !mu) {
        free(p);
        free(mu);
        return err_nomem(e, m * sizeof(double), what);
    }
    p->k = k;
    p->n = n;
    p->m = m;
    p->centered = center;
    p->whiten = whiten;
    p->randomized = method == PCA_RANDOMIZED;
    if (!(p->components = mat_new(k, m, e)) || !(p->scores = mat_new(n, k, e)) ||
        !(p->singular = mat_new(1, k, e)) || !(p->explained = mat_new(1, k, e)) || !(p->mean = mat_new(1, m, e)))
        goto fail;
    if (center && column_means(X, mu, e) < 0) goto fail;
    for (size_t j = 0; j < m; j++) p->mean->data[j] = (float)mu[j];
    if (power < 0) power = k < 0.1 * (double)s ? 7 : 4;
    int rc;
    if (method == PCA_EXACT) rc = fit_exact(X, mu, center, p, e);
    else if (s <= GRAM_MAX_SIDE) rc = fit_randomized_gram(X, mu, center, power, rng, p, e);
    else rc = fit_randomized(X, mu, center, power, rng, p, e);
    if (rc < 0) goto fail;
    fix_signs(p);
    double tot = p->total_ss > 0 ? p->total_ss : total_ss(X, mu);
    for (size_t c = 0; c < k; c++) {
        double sg = p->singular->data[c];
        p->explained->data[c] = tot > 0 ? (float)(sg * sg / tot) : 0;
    }
    if (whiten) /* unit variance scores: divide by sigma / sqrt(n - 1) */
        for (size_t c = 0; c < k; c++) {
            double sc = p->singular->data[c] / sqrt((double)n - 1);
            for (size_t i = 0; i < n; i++) MAT_AT(p->scores, i, c) = sc > 0 ? (float)(MAT_AT(p->scores, i, c) / sc) : 0;
        }
    free(mu);
    *out = p;
    return 0;
fail:
    free(mu);
    pca_free(p);
    return -1;
}

Mat *pca_project(const Pca *p, const Mat *X, size_t k, Err *e)
{
    if (k == 0 || k > p->k) k = p->k;
    if (X->cols != p->m) {
        err_set(e, "project: X has %zu columns, the model was fitted on %zu", X->cols, p->m);
        return NULL;
    }
    Mat *R = mat_new_uninit(X->rows, k, e);
    Mat *C = mat_new_uninit(k, p->m, e);
    if (!R || !C) {
        mat_free(R);
        mat_free(C);
        return NULL;
    }
    memcpy(C->data, p->components->data, k * p->m * sizeof(float));
    blas_gemm(X, 0, C, 1, 1.0f, 0.0f, R, e);
    for (size_t c = 0; c < k; c++) {
        double s = 0;
        for (size_t j = 0; j < p->m; j++) s += (double)p->mean->data[j] * MAT_AT(C, c, j);
        double sc = p->whiten ? p->singular->data[c] / sqrt((double)p->n - 1) : 1;
        for (size_t i = 0; i < X->rows; i++) MAT_AT(R, i, c) = (float)((MAT_AT(R, i, c) - s) / (sc > 0 ? sc : 1));
    }
    mat_free(C);
    return R;
}

Mat *pca_reconstruct(const Pca *p, const Mat *X, size_t k, Err *e)
{
    if (k == 0 || k > p->k) {
        err_set(e, "reconstruct: k must be between 1 and %zu, got %zu", p->k, k);
        return NULL;
    }
    int whiten = p->whiten;
    ((Pca *)p)->whiten = 0; /* reconstruct from unscaled scores */
    Mat *S = pca_project(p, X, k, e);
    ((Pca *)p)->whiten = whiten;
    if (!S) return NULL;
    Mat *C = mat_new_uninit(k, p->m, e);
    Mat *R = C ? mat_new_uninit(X->rows, p->m, e) : NULL;
    if (!R) {
        mat_free(S);
        mat_free(C);
        return NULL;
    }
    memcpy(C->data, p->components->data, k * p->m * sizeof(float));
    for (size_t i = 0; i < X->rows; i++) memcpy(MAT_ROW(R, i), p->mean->data, p->m * sizeof(float));
    blas_gemm(S, 0, C, 0, 1.0f, 1.0f, R, e);
    mat_free(S);
    mat_free(C);
    return R;
}
