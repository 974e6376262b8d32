/* pca.c — the PCA model, its shared numerical pieces and the exact solver
 * (see pca.h; the randomized solvers are in rsvd.c). */
#include "reduce/pca.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/blas.h"
#include "reduce/pca_impl.h"

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

int pca_check_finite(const Mat *X, const char *what, Err *e)
{
    size_t m = X->cols;
    for (size_t i = 0; i < X->rows * m; i++)
        if (!isfinite(X->data[i]))
            return err_about(e, "X", "%s: X has a missing or infinite value at row %zu, column %zu", what, i / m, i % m);
    return 0;
}

int pca_column_stats(const Mat *X, int center, double *mu, double *tss, const char *what, Err *e)
{
    size_t n = X->rows, m = X->cols;
    double *s = calloc(m, sizeof *s), *q = calloc(m, sizeof *q), *sh = calloc(m, sizeof *sh);
    if (!s || !q || !sh) {
        free(s);
        free(q);
        free(sh);
        return err_nomem(e, 3 * m * sizeof(double), what);
    }
    /* Sums of x - x0 (x0 = the first row): the variance no longer cancels
     * against mean^2 when the data sit far from zero. */
    if (center)
        for (size_t j = 0; j < m; j++) sh[j] = X->data[j];
    for (size_t i = 0; i < n; i++) {
        const float *r = MAT_ROW(X, i);
        for (size_t j = 0; j < m; j++) {
            double d = (double)r[j] - sh[j];
            s[j] += d;
            q[j] += d * d;
        }
    }
    double t = 0;
    for (size_t j = 0; j < m; j++) {
        mu[j] = center ? sh[j] + s[j] / (double)n : 0;
        t += center ? q[j] - s[j] * s[j] / (double)n : q[j];
    }
    free(s);
    free(q);
    free(sh);
    if (!isfinite(t)) return pca_check_finite(X, what, e); /* a NaN or infinity somewhere */
    *tss = t > 0 ? t : 0;
    return 0;
}

/* About 2 MB of doubles per centred block. */
#define BLOCK_ELEMS ((size_t)1 << 18)

/* The centred Gram matrix of the smaller side in double precision: wide
 * X, blocks of columns, G += B B^T; tall X, blocks of rows, G += B^T B;
 * B a centred copy of the block converted to double, so every product is
 * exact and only the sums round. */
static int gram_double(const Mat *X, const double *mu, double *G, Err *e)
{
    size_t n = X->rows, m = X->cols, wide = n <= m, s = wide ? n : m, len = wide ? m : n;
    size_t bl = BLOCK_ELEMS / s;
    if (bl < 64) bl = 64;
    if (bl > len) bl = len;
    double *B = malloc(bl * s * sizeof *B);
    if (!B) return err_nomem(e, bl * s * sizeof *B, "pca");
    for (size_t b0 = 0; b0 < len; b0 += bl) {
        size_t w = len - b0 < bl ? len - b0 : bl;
        if (wide) {
            for (size_t i = 0; i < n; i++) {
                const float *r = MAT_ROW(X, i) + b0;
                for (size_t j = 0; j < w; j++) B[i * w + j] = (double)r[j] - mu[b0 + j];
            }
            cblas_dsyrk(CblasRowMajor, CblasUpper, CblasNoTrans, (int)n, (int)w, 1.0, B, (int)w, b0 ? 1.0 : 0.0, G,
                        (int)n);
        } else {
            for (size_t i = 0; i < w; i++) {
                const float *r = MAT_ROW(X, b0 + i);
                for (size_t j = 0; j < m; j++) B[i * m + j] = (double)r[j] - mu[j];
            }
            cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, (int)m, (int)w, 1.0, B, (int)m, b0 ? 1.0 : 0.0, G,
                        (int)m);
        }
    }
    free(B);
    return 0;
}

Mat *pca_times(const Mat *X, const double *mu, const Mat *A, Err *e)
{
    Mat *R = blas_matmul(X, 0, A, 0, e);
    if (!R || !mu) return R;
    for (size_t c = 0; c < A->cols; c++) { /* minus 1 (mu^T A) */
        double s = 0;
        for (size_t j = 0; j < A->rows; j++) s += mu[j] * MAT_AT(A, j, c);
        for (size_t i = 0; i < R->rows; i++) MAT_AT(R, i, c) -= (float)s;
    }
    return R;
}

/* One Cholesky QR step, A := A U^-1 with U^T U = A^T A (U from LAPACK
 * dpotrf on the float Gram matrix widened to double); BLAS-3 only.  Returns
 * -1, leaving A alone, when A^T A is not numerically positive definite or
 * A's columns are too far from independent (diagonal of U spread over more
 * than 1e3, where a float Gram matrix keeps too few digits). */
static int cholqr_step(Mat *A, double *G, float *U)
{
    int r = (int)A->rows, c = (int)A->cols;
    cblas_ssyrk(CblasRowMajor, CblasUpper, CblasTrans, c, r, 1.0f, A->data, c, 0.0f, U, c);
    for (int i = 0; i < c; i++)
        for (int j = 0; j < c; j++) G[i * c + j] = j >= i ? U[i * c + j] : 0;
    if (LAPACKE_dpotrf(LAPACK_ROW_MAJOR, 'U', c, G, c) != 0) return -1;
    double lo = G[0], hi = G[0];
    for (int i = 1; i < c; i++) lo = fmin(lo, G[i * c + i]), hi = fmax(hi, G[i * c + i]);
    if (!(lo > 1e-3 * hi)) return -1;
    for (int i = 0; i < c * c; i++) U[i] = (float)G[i];
    cblas_strsm(CblasRowMajor, CblasRight, CblasUpper, CblasNoTrans, CblasNonUnit, r, c, 1.0f, U, c, A->data, c);
    return 0;
}

int pca_orthonormalize(Mat *A, Err *e)
{
    /* Cholesky QR twice (CholeskyQR2: Yamamoto, Nakatsukasa, Yanagisawa &
     * Fukaya, 2015): the second pass removes the first's loss of
     * orthogonality (eps kappa^2), and both are a few BLAS-3 calls, several
     * times faster than Householder QR at these sizes.  When the columns
     * are nearly dependent (rank below the sketch width), Householder QR. */
    int r = (int)A->rows, c = (int)A->cols;
    double *G = malloc((size_t)c * (size_t)c * sizeof *G);
    float *U = malloc((size_t)c * (size_t)c * sizeof *U);
    if (!G || !U) {
        free(G);
        free(U);
        return err_nomem(e, (size_t)c * (size_t)c * sizeof *G, "pca");
    }
    int done = cholqr_step(A, G, U) == 0 && cholqr_step(A, G, U) == 0;
    free(G);
    free(U);
    if (done) return 0;
    /* Householder.  Row-major A (r x c) is A^T in column-major order: its
     * LQ factorisation A^T = L Q' gives A = Q'^T L^T, and Q' (c x r,
     * column-major) is in memory exactly the r x c row-major Q with
     * orthonormal columns, without the transposed copies LAPACKE's
     * row-major QR would make. */
    float *tau = malloc((size_t)c * sizeof *tau);
    if (!tau) return err_nomem(e, (size_t)c * sizeof *tau, "pca");
    int info = LAPACKE_sgelqf(LAPACK_COL_MAJOR, c, r, A->data, c, tau);
    if (info == 0) info = LAPACKE_sorglq(LAPACK_COL_MAJOR, c, r, c, A->data, c, tau);
    free(tau);
    if (info != 0) return err_set(e, "pca: QR factorisation failed (LAPACK info %d)", info);
    return 0;
}

/* Singular values below this share of the largest are taken as zero when
 * dividing by them. */
#define SIGMA_FLOOR 1e-6

int pca_from_small_side(const Mat *X, const double *mu, const Mat *V, const Mat *AV, const Mat *XV,
                        const double *sigma, Pca *p, Err *e)
{
    size_t n = X->rows, m = X->cols, k = V->cols;
    for (size_t c = 0; c < k; c++) p->singular->data[c] = (float)sigma[c];
    if (n > m) { /* V: right singular vectors */
        for (size_t c = 0; c < k; c++)
            for (size_t j = 0; j < m; j++) MAT_AT(p->components, c, j) = MAT_AT(V, j, c);
        if (XV) {
            memcpy(p->scores->data, XV->data, n * k * sizeof(float));
            return 0;
        }
        Mat *S = pca_times(X, p->centered ? mu : NULL, V, e);
        if (!S) return -1;
        memcpy(p->scores->data, S->data, n * k * sizeof(float));
        mat_free(S);
        return 0;
    }
    /* V: left singular vectors.  components = V^T Xc / sigma, one GEMM
     * straight into the k x m rows, then the mean's share taken off. */
    Mat *C = p->components;
    if (XV) { /* Xc^T V, already centred: transpose into C */
        for (size_t j = 0; j < m; j++)
            for (size_t c = 0; c < k; c++) MAT_AT(C, c, j) = MAT_AT(XV, j, c);
    } else {
        cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)k, (int)m, (int)n, 1.0f, V->data, (int)k, X->data,
                    (int)m, 0.0f, C->data, (int)m);
    }
    for (size_t c = 0; c < k; c++) {
        double cs = 0, sg = sigma[c];
        if (p->centered && !XV)
            for (size_t i = 0; i < n; i++) cs += MAT_AT(V, i, c);
        float *row = MAT_ROW(C, c);
        if (!(sg > SIGMA_FLOOR * sigma[0])) {
            memset(row, 0, m * sizeof *row);
        } else {
            for (size_t j = 0; j < m; j++) row[j] = (float)((row[j] - cs * mu[j]) / sg);
        }
        for (size_t i = 0; i < n; i++)
            MAT_AT(p->scores, i, c) = AV ? (sg > SIGMA_FLOOR * sigma[0] ? (float)(MAT_AT(AV, i, c) / sg) : 0)
                                         : (float)(MAT_AT(V, i, c) * sg);
    }
    return 0;
}

/* Exact: the top k eigenpairs of the double-precision Gram matrix of the
 * smaller side (LAPACK dsyevr, only the wanted ones). */
static int fit_exact(const Mat *X, const char *what, double *mu, Pca *p, Err *e)
{
    size_t n = X->rows, m = X->cols, k = p->k, s = n <= m ? n : m;
    double *G = malloc(s * s * sizeof *G), *w = malloc(s * sizeof *w), *Z = malloc(s * k * sizeof *Z);
    double *sigma = malloc(k * sizeof *sigma);
    lapack_int *isup = malloc(2 * k * sizeof *isup);
    Mat *V = NULL;
    int rc = -1;
    if (!G || !w || !Z || !sigma || !isup) {
        err_nomem(e, s * s * sizeof(double), what);
        goto done;
    }
    if (pca_column_stats(X, p->centered, mu, &p->total_ss, what, e) < 0 || gram_double(X, mu, G, e) < 0) goto done;
    lapack_int found = 0;
    int info = LAPACKE_dsyevr(LAPACK_ROW_MAJOR, 'V', 'I', 'U', (int)s, G, (int)s, 0, 0, (int)(s - k + 1), (int)s, 0,
                              &found, w, Z, (int)k, isup);
    if (info != 0 || (size_t)found != k) {
        err_set(e, "%s: eigen-decomposition failed (LAPACK info %d)", what, info);
        goto done;
    }
    if (!(V = mat_new_uninit(s, k, e))) goto done;
    for (size_t c = 0; c < k; c++) { /* ascending: column k-1-c is the c-th largest */
        sigma[c] = sqrt(fmax(w[k - 1 - c], 0));
        for (size_t i = 0; i < s; i++) MAT_AT(V, i, c) = (float)Z[i * k + (k - 1 - c)];
    }
    rc = pca_from_small_side(X, mu, V, NULL, NULL, sigma, p, e);
done:
    mat_free(V);
    free(G);
    free(w);
    free(Z);
    free(sigma);
    free(isup);
    return rc;
}

/* Largest-magnitude entry of each component positive; scores flip too. */
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

int pca_fit_opts(const Mat *X, size_t k, const PcaOpts *o, Rng *rng, Pca **out, Err *e)
{
    size_t n = X->rows, m = X->cols, s = n < m ? n : m;
    const char *what = o->center ? "pca" : "svd";
    *out = NULL;
    if (n < 2 || m < 1) return err_set(e, "%s: needs at least 2 rows, got a %zux%zu matrix", what, n, m);
    if (k < 1 || k > s)
        return err_about(e, "k", "%s: k must be between 1 and %zu for a %zux%zu matrix, got %zu", what, s, n, m, k);
    PcaMethod method = o->method;
    if (method == PCA_AUTO) /* as scikit-learn: randomized when k is well below the size */
        method = (n > 500 || m > 500) && (double)k < 0.8 * (double)s ? PCA_RANDOMIZED : PCA_EXACT;
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
    p->centered = o->center;
    p->whiten = o->whiten;
    p->randomized = method == PCA_RANDOMIZED;
    if (!(p->components = mat_new_uninit(k, m, e)) || !(p->scores = mat_new_uninit(n, k, e)) ||
        !(p->singular = mat_new(1, k, e)) || !(p->explained = mat_new(1, k, e)) || !(p->mean = mat_new(1, m, e)))
        goto fail;
    int rc;
    if (method == PCA_EXACT) {
        p->solver = "gram-exact";
        rc = fit_exact(X, what, mu, p, e);
    } else {
        rc = rsvd_fit(X, o->solver == PCA_SOLVER_AUTO ? rsvd_pick(n, m, k) : o->solver, o, rng, mu, p, e);
    }
    if (rc < 0) goto fail;
    for (size_t j = 0; j < m; j++) p->mean->data[j] = (float)mu[j];
    fix_signs(p);
    for (size_t c = 0; c < k; c++) {
        double sg = p->singular->data[c];
        p->explained->data[c] = p->total_ss > 0 ? (float)(sg * sg / p->total_ss) : 0;
    }
    if (o->whiten) /* unit-variance scores: divide by sigma / sqrt(n - 1) */
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

int pca_fit(const Mat *X, size_t k, PcaMethod method, int center, int whiten, int power, Rng *rng, Pca **out,
            Err *e)
{
    PcaOpts o = PCA_OPTS_DEFAULT;
    o.method = method;
    o.center = center;
    o.whiten = whiten;
    o.power = power;
    return pca_fit_opts(X, k, &o, rng, out, e);
}

/* (X - mean) C^T for the first k components, scaled when whiten. */
static Mat *project_k(const Pca *p, const Mat *X, size_t k, int whiten, Err *e)
{
    Mat *R = mat_new_uninit(X->rows, k, e);
    if (!R) return NULL;
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)X->rows, (int)k, (int)p->m, 1.0f, X->data, (int)X->cols,
                p->components->data, (int)p->m, 0.0f, R->data, (int)k);
    for (size_t c = 0; c < k; c++) {
        double s = 0;
        const float *row = MAT_ROW(p->components, c);
        for (size_t j = 0; j < p->m; j++) s += (double)p->mean->data[j] * row[j];
        double sc = whiten ? p->singular->data[c] / sqrt((double)p->n - 1) : 1;
        if (!(sc > 0)) sc = 1;
        for (size_t i = 0; i < X->rows; i++) MAT_AT(R, i, c) = (float)((MAT_AT(R, i, c) - s) / sc);
    }
    return R;
}

Mat *pca_project(const Pca *p, const Mat *X, size_t k, Err *e)
{
    if (k == 0 || k > p->k) k = p->k;
    if (X->cols != p->m) {
        err_about(e, "X", "project: X has %zu columns, the model was fitted on %zu", X->cols, p->m);
        return NULL;
    }
    return project_k(p, X, k, p->whiten, e);
}

Mat *pca_reconstruct(const Pca *p, const Mat *X, size_t k, Err *e)
{
    if (k == 0 || k > p->k) {
        err_about(e, "k", "reconstruct: k must be between 1 and %zu, got %zu", p->k, k);
        return NULL;
    }
    if (X->cols != p->m) {
        err_about(e, "X", "reconstruct: X has %zu columns, the model was fitted on %zu", X->cols, p->m);
        return NULL;
    }
    Mat *S = project_k(p, X, k, 0, e); /* unscaled scores */
    Mat *R = S ? mat_new_uninit(X->rows, p->m, e) : NULL;
    if (!R) {
        mat_free(S);
        return NULL;
    }
    for (size_t i = 0; i < X->rows; i++) memcpy(MAT_ROW(R, i), p->mean->data, p->m * sizeof(float));
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)X->rows, (int)p->m, (int)k, 1.0f, S->data, (int)k,
                p->components->data, (int)p->m, 1.0f, R->data, (int)p->m);
    mat_free(S);
    return R;
}
