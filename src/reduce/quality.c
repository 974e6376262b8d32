/* quality.c — how faithful an embedding is to its data: k-NN preservation,
 * leave-one-out k-NN accuracy and trustworthiness (Venna & Kaski 2001).
 * Neighbours come from core/knn (a vantage-point tree for low-dimensional
 * maps, BLAS tiles for the data); nothing here needs O(n^2) memory. */
#include "reduce/quality.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/blas.h"
#include "core/knn.h"

/* Threads for the neighbour searches: the answer does not depend on it. */
static int threads(void)
{
    long c = sysconf(_SC_NPROCESSORS_ONLN);
    return c < 1 ? 1 : c > 8 ? 8 : (int)c;
}

static int neighbours(const Mat *A, size_t k, const Progress *p, const char *task, long **idx, Err *e)
{
    float *d2 = malloc(A->rows * k * sizeof *d2);
    *idx = malloc(A->rows * k * sizeof **idx);
    if (!d2 || !*idx) {
        free(d2);
        free(*idx);
        return err_nomem(e, A->rows * k * 12, "neighbours");
    }
    int rc = knn_search_p(A, A, k, 1, KNN_AUTO, threads(), p, task, *idx, d2, e);
    free(d2);
    if (rc < 0) free(*idx);
    return rc;
}

static int check(const char *f, const Mat *X, const Mat *Y, size_t k, Err *e)
{
    if (Y && X->rows != Y->rows) return err_about(e, "X", "%s: X has %zu rows, Y %zu", f, X->rows, Y->rows);
    if (X->rows < 2) return err_set(e, "%s: needs at least 2 rows, got %zu", f, X->rows);
    if (k < 1 || k >= X->rows) return err_about(e, "k", "%s: k must be between 1 and %zu, got %zu", f, X->rows - 1, k);
    return 0;
}

int knn_preservation(const Mat *X, const Mat *Y, size_t k, const Progress *p, double *out, Err *e)
{
    if (check("knn_preservation", X, Y, k, e) < 0) return -1;
    long *a, *b;
    if (neighbours(X, k, p, "knn_preservation", &a, e) < 0) return -1;
    if (neighbours(Y, k, p, "knn_preservation", &b, e) < 0) {
        free(a);
        return -1;
    }
    size_t n = X->rows, hit = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t s = 0; s < k; s++)
            for (size_t t = 0; t < k; t++)
                if (a[i * k + s] == b[i * k + t]) {
                    hit++;
                    break;
                }
    *out = (double)hit / (double)(n * k);
    free(a);
    free(b);
    return 0;
}

/* Majority vote of each row's k neighbours (labels of R) against the
 * row's own label; the nearer class wins ties. */
static int vote(const Mat *Y, const Mat *R, const long *nb, size_t k, double *out, Err *e)
{
    size_t n = Y->rows, good = 0, used = 0;
    int C = (int)(R->n_classes > Y->n_classes ? R->n_classes : Y->n_classes);
    for (size_t i = 0; i < R->rows; i++)
        if (R->labels[i] >= C) C = R->labels[i] + 1;
    int *votes = calloc((size_t)C + 1, sizeof *votes);
    if (!votes) return err_nomem(e, (size_t)C * sizeof(int), "knn_accuracy");
    for (size_t i = 0; i < n; i++) {
        if (Y->labels[i] < 0) continue;
        memset(votes, 0, (size_t)C * sizeof *votes);
        int best = -1;
        for (size_t t = 0; t < k; t++) {
            int c = R->labels[nb[i * k + t]];
            if (c < 0) continue;
            votes[c]++;
            if (best < 0 || votes[c] > votes[best]) best = c; /* earlier (nearer) wins ties */
        }
        used++;
        if (best == Y->labels[i]) good++;
    }
    free(votes);
    *out = used ? (double)good / (double)used : 0;
    return 0;
}

int knn_accuracy(const Mat *Y, size_t k, const Progress *p, double *out, Err *e)
{
    if (!Y->labels) return err_about(e, "Y", "knn_accuracy: Y has no class labels");
    if (check("knn_accuracy", Y, NULL, k, e) < 0) return -1;
    long *b;
    if (neighbours(Y, k, p, "knn_accuracy", &b, e) < 0) return -1;
    int rc = vote(Y, Y, b, k, out, e);
    free(b);
    return rc;
}

int knn_accuracy_ref(const Mat *Y, const Mat *R, size_t k, const Progress *p, double *out, Err *e)
{
    if (!Y->labels) return err_about(e, "Y", "knn_accuracy: Y has no class labels");
    if (!R->labels) return err_about(e, "ref", "knn_accuracy: ref has no class labels");
    if (Y->cols != R->cols) return err_about(e, "Y", "knn_accuracy: Y has %zu columns, ref %zu", Y->cols, R->cols);
    if (k < 1 || k > R->rows) return err_about(e, "k", "knn_accuracy: k must be between 1 and %zu, got %zu", R->rows, k);
    long *b = malloc(Y->rows * k * sizeof *b);
    float *d2 = malloc(Y->rows * k * sizeof *d2);
    int rc = -1;
    if (!b || !d2) err_nomem(e, Y->rows * k * 12, "knn_accuracy");
    else if (knn_search_p(Y, R, k, 0, KNN_AUTO, threads(), p, "knn_accuracy", b, d2, e) == 0)
        rc = vote(Y, R, b, k, out, e);
    free(b);
    free(d2);
    return rc;
}

#define TW_BLOCK 256

/* T(k) = 1 - 2 / (n k (2n - 3k - 1)) sum_i sum_{j in N_k^Y(i) \ N_k^X(i)} (r_X(i, j) - k),
 * r_X(i, j) the rank of j among i's neighbours in X (1 = nearest).  The
 * ranks come from one block of rows of X's distance matrix at a time
 * (sgemm on column-centred data): r = 1 + the points strictly closer. */
int trustworthiness(const Mat *X, const Mat *Y, size_t k, const Progress *p, double *out, Err *e)
{
    if (check("trustworthiness", X, Y, k, e) < 0) return -1;
    size_t n = X->rows, d = X->cols;
    if (2 * n < 3 * k + 2) return err_about(e, "k", "trustworthiness: k must be below %zu for %zu points", (2 * n - 1) / 3, n);
    long *nx, *ny;
    if (neighbours(X, k, p, "trustworthiness", &nx, e) < 0) return -1;
    if (neighbours(Y, k, p, "trustworthiness", &ny, e) < 0) {
        free(nx);
        return -1;
    }
    double *mu = calloc(d ? d : 1, sizeof *mu);
    float *xc = malloc((n * d > 0 ? n * d : 1) * sizeof *xc), *norm = malloc(n * sizeof *norm);
    float *D = malloc((size_t)TW_BLOCK * n * sizeof *D);
    int rc = -1;
    if (!mu || !xc || !norm || !D) {
        err_nomem(e, (size_t)TW_BLOCK * n * sizeof *D + n * d * sizeof *xc, "trustworthiness");
        goto done;
    }
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < d; j++) mu[j] += MAT_AT(X, i, j);
    for (size_t j = 0; j < d; j++) mu[j] /= (double)n;
    for (size_t i = 0; i < n; i++) {
        double s = 0;
        for (size_t j = 0; j < d; j++) {
            float v = (float)(MAT_AT(X, i, j) - mu[j]);
            xc[i * d + j] = v;
            s += (double)v * v;
        }
        norm[i] = (float)s;
    }
    double pen = 0;
    for (size_t b0 = 0; b0 < n; b0 += TW_BLOCK) {
        size_t bh = n - b0 < TW_BLOCK ? n - b0 : TW_BLOCK;
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)bh, (int)n, (int)d, -2.0f, xc + b0 * d, (int)d, xc,
                    (int)d, 0.0f, D, (int)n);
        for (size_t a = 0; a < bh; a++) {
            size_t i = b0 + a;
            float *row = D + a * n;
            for (size_t l = 0; l < n; l++) row[l] += norm[i] + norm[l];
            for (size_t t = 0; t < k; t++) {
                long j = ny[i * k + t];
                int inx = 0;
                for (size_t s = 0; s < k && !inx; s++) inx = nx[i * k + s] == j;
                if (inx) continue;
                size_t closer = 0;
                float dj = row[j];
                for (size_t l = 0; l < n; l++) closer += l != i && row[l] < dj;
                if (closer + 1 > k) pen += (double)(closer + 1 - k);
            }
        }
        ProgressInfo info = {.task = "trustworthiness", .done = (double)(b0 + bh), .total = (double)n,
                             .unit = "rows", .note = "ranks in X"};
        if (progress_report(p, &info)) {
            err_cancelled(e);
            goto done;
        }
    }
    *out = 1 - 2.0 / ((double)n * k * (2.0 * n - 3.0 * k - 1)) * pen;
    rc = 0;
done:
    free(nx);
    free(ny);
    free(mu);
    free(xc);
    free(norm);
    free(D);
    return rc;
}
