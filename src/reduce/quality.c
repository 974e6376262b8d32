#include "reduce/quality.h"

#include <stdlib.h>
#include <string.h>

#include "core/knn.h"

static int neighbours(const Mat *A, size_t k, long **idx, Err *e)
{
    float *d2 = malloc(A->rows * k * sizeof *d2);
    *idx = malloc(A->rows * k * sizeof **idx);
    if (!d2 || !*idx) {
        free(d2);
        free(*idx);
        return err_nomem(e, A->rows * k * 12, "neighbours");
    }
    int rc = knn_search(A, A, k, 1, *idx, d2, e);
    free(d2);
    if (rc < 0) free(*idx);
    return rc;
}

static int check(const char *f, const Mat *X, const Mat *Y, size_t k, Err *e)
{
    if (Y && X->rows != Y->rows) return err_set(e, "%s: X has %zu rows, Y %zu", f, X->rows, Y->rows);
    if (k < 1 || k >= X->rows) return err_set(e, "%s: k must be between 1 and %zu, got %zu", f, X->rows - 1, k);
    return 0;
}

int knn_preservation(const Mat *X, const Mat *Y, size_t k, double *out, Err *e)
{
    if (check("knn_preservation", X, Y, k, e) < 0) return -1;
    long *a, *b;
    if (neighbours(X, k, &a, e) < 0) return -1;
    if (neighbours(Y, k, &b, e) < 0) {
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

int knn_accuracy(const Mat *Y, size_t k, double *out, Err *e)
{
    if (!Y->labels) return err_set(e, "knn_accuracy: Y has no class labels");
    if (check("knn_accuracy", Y, NULL, k, e) < 0) return -1;
    long *b;
    if (neighbours(Y, k, &b, e) < 0) return -1;
    size_t n = Y->rows, good = 0, used = 0;
    int C = (int)Y->n_classes;
    for (size_t i = 0; i < n; i++)
        if (Y->labels[i] >= C) C = Y->labels[i] + 1;
    int *votes = calloc((size_t)C + 1, sizeof *votes);
    if (!votes) {
        free(b);
        return err_nomem(e, (size_t)C * sizeof(int), "knn_accuracy");
    }
    for (size_t i = 0; i < n; i++) {
        if (Y->labels[i] < 0) continue;
        memset(votes, 0, (size_t)C * sizeof *votes);
        int best = -1;
        for (size_t t = 0; t < k; t++) {
            int c = Y->labels[b[i * k + t]];
            if (c < 0) continue;
            votes[c]++;
            if (best < 0 || votes[c] > votes[best]) best = c; /* earlier (nearer) wins ties */
        }
        used++;
        if (best == Y->labels[i]) good++;
    }
    free(votes);
    free(b);
    *out = used ? (double)good / (double)used : 0;
    return 0;
}

int trustworthiness(const Mat *X, const Mat *Y, size_t k, double *out, Err *e)
{
    if (check("trustworthiness", X, Y, k, e) < 0) return -1;
    size_t n = X->rows;
    if (2 * n < 3 * k + 2) return err_set(e, "trustworthiness: k must be below %zu for %zu points", (2 * n - 1) / 3, n);
    long *full, *b;
    /* ranks in X need every neighbour */
    if (neighbours(X, n - 1, &full, e) < 0) return -1;
    if (neighbours(Y, k, &b, e) < 0) {
        free(full);
        return -1;
    }
    long *rank = malloc(n * sizeof *rank);
    if (!rank) {
        free(full);
        free(b);
        return err_nomem(e, n * sizeof(long), "trustworthiness");
    }
    double s = 0;
    for (size_t i = 0; i < n; i++) {
        for (size_t t = 0; t < n - 1; t++) rank[full[i * (n - 1) + t]] = (long)t + 1;
        for (size_t t = 0; t < k; t++) {
            long r = rank[b[i * k + t]];
            if (r > (long)k) s += (double)(r - (long)k);
        }
    }
    *out = 1 - 2.0 / ((double)n * k * (2.0 * n - 3.0 * k - 1)) * s;
    free(rank);
    free(full);
    free(b);
    return 0;
}
