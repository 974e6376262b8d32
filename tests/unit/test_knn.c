/* Unit tests for core/knn: the BLAS scan and the vantage-point tree against
 * a plain double-precision scan, with and without self exclusion, one and
 * several threads, duplicates, and the argument checks. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/knn.h"
#include "core/rng.h"
#include "tests/tap.h"

static Mat *random_mat(size_t n, size_t d, double offset, Rng *r)
{
    Mat *X = mat_new(n, d, NULL);
    for (size_t i = 0; i < n * d; i++) X->data[i] = (float)(offset + rng_normal(r));
    return X;
}

/* Reference: every distance in double, neighbours sorted by (distance, index). */
static void naive(const Mat *Q, const Mat *R, size_t k, int self, long *idx, double *d2)
{
    size_t m = R->rows;
    double *all = malloc(m * sizeof *all);
    for (size_t i = 0; i < Q->rows; i++) {
        for (size_t j = 0; j < m; j++) {
            double s = 0;
            for (size_t c = 0; c < R->cols; c++) {
                double x = (double)MAT_AT(Q, i, c) - MAT_AT(R, j, c);
                s += x * x;
            }
            all[j] = self && j == i ? INFINITY : s;
        }
        for (size_t t = 0; t < k; t++) { /* selection: k is small */
            size_t best = 0;
            for (size_t j = 1; j < m; j++)
                if (all[j] < all[best]) best = j;
            idx[i * k + t] = (long)best;
            d2[i * k + t] = all[best];
            all[best] = INFINITY * 2;
        }
    }
    free(all);
}

/* Share of (query, rank) slots where the method found the naive neighbour,
 * and the largest relative error of its distances. */
static void compare(const long *ia, const float *da, const long *ib, const double *db, size_t nk, double *same,
                    double *derr)
{
    size_t hit = 0;
    *derr = 0;
    for (size_t t = 0; t < nk; t++) {
        hit += ia[t] == ib[t];
        double rel = fabs(da[t] - db[t]) / (db[t] > 1e-12 ? db[t] : 1);
        if (rel > *derr) *derr = rel;
    }
    *same = (double)hit / (double)nk;
}

int main(void)
{
    Rng r;
    rng_seed(&r, 11);
    Err e;
    struct {
        size_t n, m, d, k;
        double offset;
    } cases[] = {{300, 300, 2, 7, 0}, {500, 500, 50, 15, 0}, {200, 700, 3, 5, 0}, {400, 400, 20, 10, 1000}, {200, 5000, 6, 5, 0}};
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        size_t n = cases[c].n, m = cases[c].m, d = cases[c].d, k = cases[c].k;
        int self = n == m;
        Mat *R = random_mat(m, d, cases[c].offset, &r), *Q = self ? R : random_mat(n, d, cases[c].offset, &r);
        long *i0 = malloc(n * k * sizeof *i0), *i1 = malloc(n * k * sizeof *i1), *i2 = malloc(n * k * sizeof *i2);
        float *d1 = malloc(n * k * sizeof *d1), *d2 = malloc(n * k * sizeof *d2);
        double *d0 = malloc(n * k * sizeof *d0), same, derr;
        naive(Q, R, k, self, i0, d0);
        ok(knn_search_ex(Q, R, k, self, KNN_BRUTE, 1, i1, d1, &e) == 0, "brute %zux%zu against %zu rows", n, d, m);
        compare(i1, d1, i0, d0, n * k, &same, &derr);
        ok(same == 1.0 && derr < 1e-6, "brute = naive (offset %g): %.4f same, distance error %.2g",
           cases[c].offset, same, derr);
        ok(knn_search_ex(Q, R, k, self, KNN_VPTREE, 1, i2, d2, &e) == 0, "vp tree");
        compare(i2, d2, i0, d0, n * k, &same, &derr);
        ok(same == 1.0 && derr < 1e-6, "vp tree = naive: %.4f same, distance error %.2g", same, derr);
        ok(knn_search_ex(Q, R, k, self, KNN_BRUTE, 3, i2, d2, &e) == 0 && memcmp(i1, i2, n * k * sizeof *i1) == 0 &&
               memcmp(d1, d2, n * k * sizeof *d1) == 0,
           "brute with 3 threads gives identical output");
        if (Q != R) mat_free(Q);
        mat_free(R);
        free(i0), free(i1), free(i2), free(d0), free(d1), free(d2);
    }

    /* duplicates: distance 0, the point itself skipped but its twin kept */
    Mat *D = mat_new(300, 2, NULL);
    for (size_t i = 0; i < 300; i++) {
        MAT_AT(D, i, 0) = (float)(i / 2);
        MAT_AT(D, i, 1) = 1;
    }
    long id[600];
    float dd[600];
    ok(knn_search_ex(D, D, 2, 1, KNN_VPTREE, 2, id, dd, &e) == 0 && id[0] == 1 && dd[0] == 0 && id[2] == 0 &&
           dd[2] == 0 && dd[1] == 1 && id[2 * 299] == 298,
       "duplicates: the twin at distance 0 comes first (vp tree)");
    ok(knn_search_ex(D, D, 2, 1, KNN_BRUTE, 1, id, dd, &e) == 0 && id[0] == 1 && dd[0] == 0 && id[2] == 0,
       "duplicates: the twin at distance 0 comes first (brute)");

    /* errors */
    ok(knn_search(D, D, 300, 1, id, dd, &e) < 0 && strcmp(e.msg, "knn: k must be between 1 and 299, got 300") == 0,
       "k too large: %s", e.msg);
    Mat *W = mat_new(3, 5, NULL);
    ok(knn_search(W, D, 1, 0, id, dd, &e) < 0 &&
           strcmp(e.msg, "knn: the queries have 5 columns, the reference rows 2") == 0,
       "column mismatch: %s", e.msg);
    ok(knn_auto_method(D) == KNN_VPTREE && knn_auto_method(W) == KNN_BRUTE, "auto: tree for many low-d rows");
    mat_free(W);
    mat_free(D);
    return done_testing();
}
