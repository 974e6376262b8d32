/* rsvd.c — randomized PCA after Halko, Martinsson & Tropp, "Finding
 * structure with randomness: probabilistic algorithms for constructing
 * approximate matrix decompositions", SIAM Review 53(2), 2011:
 * randomized subspace iteration (their Algorithm 4.4) followed by the
 * factorisation of the small projected problem (Algorithm 5.1, here as
 * Rayleigh-Ritz on Q^T A Q).
 *
 * The iteration runs on A = Xc^T Xc or Xc Xc^T, whichever is smaller
 * (s x s, s = min(rows, cols)):
 *
 *   Z = orth(random signs, s x l)
 *   repeat:  W = A Z;  B = Z^T W;  the Ritz values of B estimate sigma^2
 *            stop when the first k estimates have settled;  Z = orth(W)
 *   V = Z (top k eigenvectors of B);  the other side follows.
 *
 * A is applied in one of two ways, whichever costs less (rsvd_pick):
 *   gram    A is formed once in single precision (one ssyrk on X, the
 *           mean taken off afterwards, or from centred copies when the
 *           mean dominates), and each product is an s x s by s x l GEMM;
 *           the other side takes one more product with X;
 *   direct  A is never formed: each product is one pass over X in blocks
 *           of rows (columns when X is wide), Xc_b^T (Xc_b Z) summed over
 *           the blocks, so the block is still in cache for its second
 *           product (a skinny GEMM spends most of its time packing X);
 *           the last pass's Xc Z gives the other side.
 *
 * Algorithm 4.4 re-orthonormalises after each product with X and with
 * X^T; here that happens after each product with A = X^T X.  In single
 * precision this loses the directions whose singular values are below
 * about sqrt(eps) = 2.4e-4 of the largest, which a Gram matrix in floats
 * loses anyway; such components explain under 1e-7 of the variance
 * (method "exact" works in double precision).
 *
 * The sketch is l = 2k + 10 wide rather than k + 10: each iteration then
 * converges faster (the rate is (sigma_{l+1} / sigma_k)^2, and spectra
 * such as faces' decay slowly: sigma_50 / sigma_60 = 1.12 but
 * sigma_50 / sigma_110 = 1.64), and wider products run nearer BLAS peak.
 * Instead of a fixed number of iterations, the Ritz values (lower bounds
 * that rise to the singular values) are compared from one iteration to
 * the next, and the loop stops when the error left in the first k,
 * extrapolated from their last two changes, is below tol (1e-4 on the
 * Gram matrix, whose iterations are cheap; 1e-3 from X).  Orthonormal
 * bases come from CholeskyQR2 (pca_orthonormalize).
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/blas.h"
#include "reduce/pca_impl.h"

#define MAX_ITERS 30
#define GRAM_MAX_SIDE 8192
/* About 1 MB of floats per block of X. */
#define BLOCK_ELEMS ((size_t)1 << 18)

static size_t width(size_t k, size_t s)
{
    size_t l = 2 * k + 10;
    return l < s ? l : s;
}

static size_t block_len(size_t other, size_t total)
{
    size_t b = BLOCK_ELEMS / (other ? other : 1);
    if (b < 64) b = 64;
    return b < total ? b : total;
}

/* Forming A costs s^2 max(rows, cols) flops in one efficient BLAS-3
 * call; applying it from X costs 4 rows cols l flops a pass, with about
 * four passes, and narrow products (l < 64) run at a fraction of the
 * speed (measured: 0.45 at l = 14, 0.9 at l = 56). */
PcaSolver rsvd_pick(size_t n, size_t m, size_t k)
{
    size_t s = n < m ? n : m;
    if (s > GRAM_MAX_SIDE) return PCA_SOLVER_DIRECT;
    double l = (double)width(k, s), eff = l >= 64 ? 1 : 0.2 + 0.8 * l / 64;
    double gram = (double)n * (double)m * (double)s, direct = 4 * 4 * (double)n * (double)m * l / eff;
    return gram <= direct ? PCA_SOLVER_GRAM : PCA_SOLVER_DIRECT;
}

typedef struct Op {
    const Mat *X;
    const double *mu; /* NULL when not centring */
    Mat *G;           /* gram: the s x s matrix */
    size_t bl;        /* direct: block length (rows, or columns when X is wide) */
    float *T;         /* direct: Xc Z (tall, rows x l) or Xc^T Z (wide, cols x l) of the last pass */
    float *B, *mub;   /* direct, centred copies: one block of X, the means as floats */
    float *ones;      /* direct, centred copies: bl or rows ones */
    double *acc;      /* direct: 2 l sums */
} Op;

/* W = Xc^T Xc Z (tall) or Xc Xc^T Z (wide), in blocks along the long side:
 * W = sum_b Xc_b^T (Xc_b Z), the block still in cache for its second
 * product.  Centring is by corrections after each product (the products
 * run on X itself), or, when op->B is set (data far from zero, where the
 * corrections would cancel most digits), on a centred copy of the block. */
static void apply_direct(Op *op, const Mat *Z, Mat *W)
{
    const Mat *X = op->X;
    const double *mu = op->B ? NULL : op->mu;
    size_t n = X->rows, m = X->cols, l = Z->cols;
    double *acc = op->acc, *zs = acc + l;
    memset(acc, 0, 2 * l * sizeof *acc);
    if (n > m) {
        /* Tb = Xc_b Z = X_b Z - 1 (mu^T Z);  W = sum_b X_b^T Tb - mu (1^T T) */
        if (mu)
            for (size_t c = 0; c < l; c++)
                for (size_t j = 0; j < m; j++) zs[c] += mu[j] * MAT_AT(Z, j, c);
        for (size_t i0 = 0; i0 < n; i0 += op->bl) {
            size_t h = n - i0 < op->bl ? n - i0 : op->bl;
            const float *Xb = MAT_ROW(X, i0);
            float *T = op->T + i0 * l;
            if (op->B) {
                memcpy(op->B, Xb, h * m * sizeof *op->B);
                cblas_sger(CblasRowMajor, (int)h, (int)m, -1.0f, op->ones, 1, op->mub, 1, op->B, (int)m);
                Xb = op->B;
            }
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)h, (int)l, (int)m, 1.0f, Xb, (int)m, Z->data,
                        (int)l, 0.0f, T, (int)l);
            if (mu)
                for (size_t i = 0; i < h; i++)
                    for (size_t c = 0; c < l; c++) {
                        T[i * l + c] -= (float)zs[c];
                        acc[c] += T[i * l + c];
                    }
            cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)m, (int)l, (int)h, 1.0f, Xb, (int)m, T, (int)l,
                        i0 ? 1.0f : 0.0f, W->data, (int)l);
        }
        if (mu)
            for (size_t j = 0; j < m; j++)
                for (size_t c = 0; c < l; c++) MAT_AT(W, j, c) -= (float)(mu[j] * acc[c]);
    } else {
        /* Tb = Xc_b^T Z = X_b^T Z - mu_b (1^T Z);  W = sum_b X_b Tb - 1 sum_b (mu_b^T Tb) */
        if (mu)
            for (size_t i = 0; i < n; i++)
                for (size_t c = 0; c < l; c++) zs[c] += MAT_AT(Z, i, c);
        for (size_t j0 = 0; j0 < m; j0 += op->bl) {
            size_t w = m - j0 < op->bl ? m - j0 : op->bl, ld = m;
            const float *Xb = X->data + j0;
            float *T = op->T + j0 * l;
            if (op->B) {
                for (size_t i = 0; i < n; i++) memcpy(op->B + i * w, MAT_ROW(X, i) + j0, w * sizeof *op->B);
                cblas_sger(CblasRowMajor, (int)n, (int)w, -1.0f, op->ones, 1, op->mub + j0, 1, op->B, (int)w);
                Xb = op->B;
                ld = w;
            }
            cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)w, (int)l, (int)n, 1.0f, Xb, (int)ld, Z->data,
                        (int)l, 0.0f, T, (int)l);
            if (mu)
                for (size_t j = 0; j < w; j++)
                    for (size_t c = 0; c < l; c++) {
                        T[j * l + c] -= (float)(mu[j0 + j] * zs[c]);
                        acc[c] += mu[j0 + j] * T[j * l + c];
                    }
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)n, (int)l, (int)w, 1.0f, Xb, (int)ld, T, (int)l,
                        j0 ? 1.0f : 0.0f, W->data, (int)l);
        }
        if (mu)
            for (size_t i = 0; i < n; i++)
                for (size_t c = 0; c < l; c++) MAT_AT(W, i, c) -= (float)acc[c];
    }
}

/* The centred Gram matrix of the smaller side in single precision from
 * centred copies of blocks, with the column means and the total sum of
 * squares (its trace) found in the same pass.  Each block is copied
 * (memcpy), its column sums taken with sgemv and the mean removed with
 * sger before ssyrk adds it in.  Wide X: blocks of columns hold every row,
 * so each block is centred on its own exact means.  Tall X: blocks of rows
 * are centred on the first block's means, and the small difference d to
 * the true means is taken off at the end (A -= n d d^T). */
static int gram_float_blocks(const Mat *X, int center, double *mu, float *G, double *tss, const char *what, Err *e)
{
    size_t n = X->rows, m = X->cols, wide = n <= m, s = wide ? n : m, len = wide ? m : n;
    size_t bl = block_len(s, len);
    float *B = malloc(bl * s * sizeof *B), *ones = malloc((bl > s ? bl : s) * sizeof *ones);
    float *sums = malloc((bl > s ? bl : s) * sizeof *sums), *shift = calloc(s, sizeof *shift);
    int rc = -1;
    if (!B || !ones || !sums || !shift) {
        err_nomem(e, bl * s * sizeof *B, what);
        goto done;
    }
    for (size_t i = 0; i < (bl > s ? bl : s); i++) ones[i] = 1.0f;
    for (size_t j = 0; j < m; j++) mu[j] = 0;
    for (size_t b0 = 0; b0 < len; b0 += bl) {
        size_t w = len - b0 < bl ? len - b0 : bl;
        if (wide) { /* B: n x w, the columns b0 .. b0+w of every row */
            for (size_t i = 0; i < n; i++) memcpy(B + i * w, MAT_ROW(X, i) + b0, w * sizeof *B);
            if (center) {
                cblas_sgemv(CblasRowMajor, CblasTrans, (int)n, (int)w, 1.0f / (float)n, B, (int)w, ones, 1, 0.0f,
                            sums, 1);
                for (size_t j = 0; j < w; j++) mu[b0 + j] = sums[j];
                cblas_sger(CblasRowMajor, (int)n, (int)w, -1.0f, ones, 1, sums, 1, B, (int)w);
            }
            cblas_ssyrk(CblasRowMajor, CblasUpper, CblasNoTrans, (int)n, (int)w, 1.0f, B, (int)w, b0 ? 1.0f : 0.0f, G,
                        (int)n);
        } else { /* B: w x m, the rows b0 .. b0+w */
            memcpy(B, MAT_ROW(X, b0), w * m * sizeof *B);
            if (center) {
                cblas_sgemv(CblasRowMajor, CblasTrans, (int)w, (int)m, 1.0f, B, (int)m, ones, 1, 0.0f, sums, 1);
                if (b0 == 0)
                    for (size_t j = 0; j < m; j++) shift[j] = sums[j] / (float)w;
                for (size_t j = 0; j < m; j++) mu[j] += sums[j];
                cblas_sger(CblasRowMajor, (int)w, (int)m, -1.0f, ones, 1, shift, 1, B, (int)m);
            }
            cblas_ssyrk(CblasRowMajor, CblasUpper, CblasTrans, (int)m, (int)w, 1.0f, B, (int)m, b0 ? 1.0f : 0.0f, G,
                        (int)m);
        }
    }
    if (center && !wide) { /* A -= n d d^T, d = mean - shift */
        for (size_t j = 0; j < m; j++) mu[j] /= (double)n;
        for (size_t i = 0; i < m; i++)
            for (size_t j = i; j < m; j++)
                G[i * m + j] = (float)(G[i * m + j] - (double)n * (mu[i] - shift[i]) * (mu[j] - shift[j]));
    }
    double t = 0;
    for (size_t i = 0; i < s; i++) {
        t += G[i * s + i];
        for (size_t j = 0; j < i; j++) G[i * s + j] = G[j * s + i];
    }
    if (!isfinite(t)) { /* a NaN or infinity somewhere */
        pca_check_finite(X, what, e);
        goto done;
    }
    *tss = t > 0 ? t : 0;
    rc = 0;
done:
    free(B);
    free(ones);
    free(sums);
    free(shift);
    return rc;
}

/* The centred Gram matrix of the smaller side in single precision, its
 * column means and trace.  Usually one ssyrk straight on X and one sgemv
 * for the means, then the centring as a correction: X X^T - r 1^T -
 * 1 r^T + (mu . mu) 1 1^T with r = X mu = (X X^T) 1 / n (wide), or
 * X^T X - n mu mu^T (tall).  The correction cancels about
 * log10(1 + n |mu|^2 / ||Xc||^2) of the float's seven digits, so when that
 * ratio exceeds 16 (data far from zero) the matrix is built again from
 * centred copies (gram_float_blocks). */
static int gram_float(const Mat *X, int center, double *mu, float *G, double *tss, const char *what, Err *e)
{
    size_t n = X->rows, m = X->cols, wide = n <= m, s = wide ? n : m;
    float *ones = malloc(n * sizeof *ones), *muf = malloc(m * sizeof *muf);
    double *r = malloc(s * sizeof *r);
    int rc = -1;
    if (!ones || !muf || !r) {
        err_nomem(e, m * sizeof *muf, what);
        goto done;
    }
    cblas_ssyrk(CblasRowMajor, CblasUpper, wide ? CblasNoTrans : CblasTrans, (int)s, (int)(wide ? m : n), 1.0f,
                X->data, (int)m, 0.0f, G, (int)s);
    for (size_t i = 0; i < s; i++) /* mirror */
        for (size_t j = 0; j < i; j++) G[i * s + j] = G[j * s + i];
    double msq = 0;
    for (size_t j = 0; j < m; j++) mu[j] = 0;
    if (center) {
        for (size_t i = 0; i < n; i++) ones[i] = 1.0f;
        cblas_sgemv(CblasRowMajor, CblasTrans, (int)n, (int)m, 1.0f / (float)n, X->data, (int)m, ones, 1, 0.0f, muf, 1);
        for (size_t j = 0; j < m; j++) mu[j] = muf[j], msq += mu[j] * mu[j];
        if (wide) {
            double c = 0;
            for (size_t i = 0; i < n; i++) {
                double t = 0;
                for (size_t j = 0; j < n; j++) t += G[i * n + j];
                r[i] = t / (double)n;
                c += r[i];
            }
            c /= (double)n; /* 1^T X X^T 1 / n^2 = mu . mu */
            for (size_t i = 0; i < n; i++)
                for (size_t j = 0; j < n; j++) G[i * n + j] = (float)(G[i * n + j] - r[i] - r[j] + c);
        } else {
            for (size_t i = 0; i < m; i++)
                for (size_t j = 0; j < m; j++) G[i * m + j] = (float)(G[i * m + j] - (double)n * mu[i] * mu[j]);
        }
    }
    double t = 0;
    for (size_t i = 0; i < s; i++) t += G[i * s + i];
    if (!isfinite(t) || !isfinite(msq)) { /* a NaN or infinity somewhere */
        pca_check_finite(X, what, e);
        goto done;
    }
    *tss = t > 0 ? t : 0;
    rc = center && (double)n * msq > 16 * *tss ? gram_float_blocks(X, center, mu, G, tss, what, e) : 0;
done:
    free(ones);
    free(muf);
    free(r);
    return rc;
}

/* The test matrix: random signs (Rademacher) rather than Gaussian numbers,
 * 64 entries from one draw; sub-Gaussian test matrices serve subspace
 * iteration as well (Halko et al., section 4.6), and drawing 44,000
 * normals cost more than a QR here. */
static void random_signs(Mat *O, Rng *rng)
{
    uint64_t bits = 0;
    for (size_t i = 0; i < O->rows * O->cols; i++) {
        if (i % 64 == 0) bits = rng_u64(rng);
        O->data[i] = bits & 1 ? 1.0f : -1.0f;
        bits >>= 1;
    }
}

/* The error left in the first k estimates, judged from their last two
 * changes.  Subspace iteration converges geometrically, so with d_now and
 * d_before the relative changes of one estimate in the last two
 * iterations, rho = d_now / d_before estimates the rate and the error left
 * is about d_now rho / (1 - rho) (Aitken's extrapolation).  With only one
 * change yet (before == NULL), the error is taken as the change itself
 * (rho = 1/2).  A change below noise * sigma_0^2 / sigma_c is rounding in
 * the single-precision products (errors of eps ||A|| in sigma_c^2), not
 * progress, and counts as none. */
static double error_left(const double *est, const double *prev, double *d, const double *before, size_t k,
                         double noise)
{
    double worst = 0;
    for (size_t c = 0; c < k; c++) {
        double dd = fabs(est[c] - prev[c]), floor = est[c] > 0 ? noise * est[0] * est[0] / est[c] : 0;
        d[c] = !(est[c] > 0) || dd <= floor ? 0 : dd / est[c];
        double r = d[c];
        if (before && d[c] > 0) {
            double rho = before[c] > 0 ? d[c] / before[c] : 0.99;
            if (rho > 0.99) rho = 0.99;
            r = d[c] * rho / (1 - rho);
        }
        if (r > worst) worst = r;
    }
    return worst;
}

static int report(const PcaOpts *o, int it, double left)
{
    if (!o->progress) return 0;
    ProgressInfo info = {0};
    info.task = "pca";
    info.done = it + 1;
    info.total = o->power >= 0 ? o->power + 1 : MAX_ITERS;
    info.unit = "iter";
    info.metric = "error";
    info.value = left;
    return progress_report(o->progress, &info);
}

int rsvd_fit(const Mat *X, PcaSolver solver, const PcaOpts *o, Rng *rng, double *mu, Pca *p, Err *e)
{
    size_t n = X->rows, m = X->cols, k = p->k, s = n < m ? n : m, l = width(k, s);
    const char *what = o->center ? "pca" : "svd";
    int gram = solver == PCA_SOLVER_GRAM && s <= GRAM_MAX_SIDE;
    double tol = o->tol > 0 ? o->tol : gram ? 1e-4 : 1e-3;
    Op op = {X, o->center ? mu : NULL, NULL, 0, NULL, NULL, NULL, NULL, NULL};
    Mat *Z = NULL, *W = NULL, *Bm = NULL, *V = NULL, *AV = NULL, *XV = NULL;
    double *B = malloc(l * l * sizeof *B), *Bv = malloc(l * l * sizeof *Bv), *w = malloc(l * sizeof *w);
    double *est = malloc(l * sizeof *est), *prev = calloc(l, sizeof *prev), *d = malloc(2 * k * sizeof *d);
    float *Wv = malloc(l * k * sizeof *Wv);
    int rc = -1;
    if (!B || !Bv || !w || !est || !prev || !d || !Wv) {
        err_nomem(e, l * l * sizeof *B, what);
        goto done;
    }
    p->solver = gram ? "gram-randomized" : "randomized";
    if (gram) {
        if (!(op.G = mat_new_uninit(s, s, e)) || gram_float(X, o->center, mu, op.G->data, &p->total_ss, what, e) < 0)
            goto done;
    } else {
        if (pca_column_stats(X, o->center, mu, &p->total_ss, what, e) < 0) goto done;
        op.bl = block_len(s, n > m ? n : m);
        op.acc = malloc(2 * l * sizeof *op.acc);
        if (!op.acc || !(op.T = mat_alloc_floats((n > m ? n : m) * l, e))) {
            if (!op.acc) err_nomem(e, 2 * l * sizeof *op.acc, what);
            goto done;
        }
        /* Corrections for the mean cancel about log10(1 + ||1 mu^T||^2 /
         * ||Xc||^2) digits: beyond one, centre copies of the blocks. */
        double msq = 0;
        for (size_t j = 0; o->center && j < m; j++) msq += mu[j] * mu[j];
        if ((double)n * msq > 16 * p->total_ss) {
            size_t nb = n > m ? op.bl : n, no = n > m ? op.bl : n;
            op.B = mat_alloc_floats(op.bl * s, e);
            op.mub = malloc(m * sizeof *op.mub);
            op.ones = malloc((nb > no ? nb : no) * sizeof *op.ones);
            if (!op.B || !op.mub || !op.ones) {
                if (op.B) err_nomem(e, m * sizeof *op.mub, what);
                goto done;
            }
            for (size_t j = 0; j < m; j++) op.mub[j] = (float)mu[j];
            for (size_t i = 0; i < (nb > no ? nb : no); i++) op.ones[i] = 1.0f;
        }
    }
    if (!(Z = mat_new_uninit(s, l, e)) || !(W = mat_new_uninit(s, l, e))) goto done;
    random_signs(Z, rng);
    if (pca_orthonormalize(Z, e) < 0) goto done;
    for (int it = 0;; it++) {
        if (gram) cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)s, (int)l, (int)s, 1.0f, op.G->data,
                              (int)s, Z->data, (int)l, 0.0f, W->data, (int)l);
        else apply_direct(&op, Z, W);
        /* Rayleigh-Ritz on span(Z): the eigenvalues of Z^T A Z estimate sigma^2 from below */
        mat_free(Bm);
        if (!(Bm = blas_matmul(Z, 1, W, 0, e))) goto done;
        for (size_t i = 0; i < l; i++)
            for (size_t j = 0; j < l; j++) B[i * l + j] = Bv[i * l + j] = 0.5 * ((double)MAT_AT(Bm, i, j) + MAT_AT(Bm, j, i));
        int info = LAPACKE_dsyevd(LAPACK_ROW_MAJOR, 'N', 'U', (int)l, B, (int)l, w);
        if (info != 0) {
            err_set(e, "%s: eigen-decomposition failed (LAPACK info %d)", what, info);
            goto done;
        }
        for (size_t c = 0; c < l; c++) est[c] = sqrt(fmax(w[l - 1 - c], 0));
        /* d[0..k) this iteration's relative changes, d[k..2k) the last ones */
        double left = 1;
        if (it > 0) {
            memcpy(d + k, d, k * sizeof *d);
            left = error_left(est, prev, d, it > 1 ? d + k : NULL, k, 1e-6);
        }
        p->iterations = it;
        int last = o->power >= 0 ? it >= o->power : (left <= tol || it + 1 >= MAX_ITERS);
        if (!last && !gram && report(o, it, left)) last = p->stopped = 1;
        if (last) break;
        memcpy(prev, est, l * sizeof *est);
        memcpy(Z->data, W->data, s * l * sizeof(float));
        if (pca_orthonormalize(Z, e) < 0) goto done;
    }
    int info = LAPACKE_dsyevd(LAPACK_ROW_MAJOR, 'V', 'U', (int)l, Bv, (int)l, w);
    if (info != 0) {
        err_set(e, "%s: eigen-decomposition failed (LAPACK info %d)", what, info);
        goto done;
    }
    /* the top k Ritz vectors V = Z Wv (eigenvalues ascend: column l-1-c is the c-th) */
    for (size_t c = 0; c < k; c++) {
        est[c] = sqrt(fmax(w[l - 1 - c], 0));
        for (size_t t = 0; t < l; t++) Wv[t * k + c] = (float)Bv[t * l + (l - 1 - c)];
    }
    /* and A V = W Wv, so that wide X's scores (A V / sigma) are exactly
     * its rows projected on the components (V^T Xc / sigma) */
    if (!(V = mat_new_uninit(s, k, e)) || !(AV = mat_new_uninit(s, k, e))) goto done;
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)s, (int)k, (int)l, 1.0f, Z->data, (int)l, Wv, (int)k,
                0.0f, V->data, (int)k);
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)s, (int)k, (int)l, 1.0f, W->data, (int)l, Wv, (int)k,
                0.0f, AV->data, (int)k);
    /* direct: the last pass left Xc Z (tall) or Xc^T Z (wide) in T, so the
     * other side, Xc V or Xc^T V, is T Wv without another pass over X */
    if (!gram) {
        size_t big = n > m ? n : m;
        if (!(XV = mat_new_uninit(big, k, e))) goto done;
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)big, (int)k, (int)l, 1.0f, op.T, (int)l, Wv,
                    (int)k, 0.0f, XV->data, (int)k);
    }
    rc = pca_from_small_side(X, mu, V, AV, XV, est, p, e);
done:
    mat_free(op.G);
    free(op.T);
    free(op.B);
    free(op.mub);
    free(op.ones);
    free(op.acc);
    mat_free(Z);
    mat_free(W);
    mat_free(Bm);
    mat_free(V);
    mat_free(AV);
    mat_free(XV);
    free(B);
    free(Bv);
    free(w);
    free(est);
    free(prev);
    free(d);
    free(Wv);
    return rc;
}
