/* Unit tests for core/nndescent and core/rptree: recall against the exact
 * search on clustered and on uniform data, Euclidean and cosine; the same
 * answer for any number of threads; valid lists (no self, no repeats,
 * sorted, exact distances) with duplicate rows and tiny inputs; the
 * random-projection tree's leaves; argument errors and cancelling. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/knn.h"
#include "core/nndescent.h"
#include "core/rng.h"
#include "core/rptree.h"
#include "tests/tap.h"

/* n rows in d dimensions around c centres (c = 0: uniform in a cube). */
static Mat *blobs(size_t n, size_t d, size_t c, double spread, Rng *r)
{
    Mat *X = mat_new(n, d, NULL);
    double *ctr = malloc((c ? c : 1) * d * sizeof *ctr);
    for (size_t i = 0; i < c * d; i++)
        ctr[i] = rng_normal(r) * 10;
    for (size_t i = 0; i < n; i++) {
        size_t g = c ? (size_t)rng_below(r, c) : 0;
        for (size_t j = 0; j < d; j++)
            MAT_AT(X, i, j) = (float)(c ? ctr[g * d + j] + spread * rng_normal(r) : rng_uniform(r));
    }
    free(ctr);
    return X;
}

/* Share of exact neighbours found (as sets, per row). */
static double recall(const long *a, const long *b, size_t n, size_t k)
{
    size_t hit = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t u = 0; u < k; u++)
            for (size_t v = 0; v < k; v++)
                if (a[i * k + u] == b[i * k + v]) {
                    hit++;
                    break;
                }
    return (double)hit / (double)(n * k);
}

/* Lists are valid: in range, not self, no repeats, ascending, and the
 * distances are the exact ones. */
static int valid(const Mat *X, const long *idx, const float *dist, size_t k, int cosine)
{
    size_t n = X->rows, d = X->cols;
    for (size_t i = 0; i < n; i++)
        for (size_t u = 0; u < k; u++) {
            long j = idx[i * k + u];
            if (j < 0 || (size_t)j >= n || (size_t)j == i) return 0;
            for (size_t v = 0; v < u; v++)
                if (idx[i * k + v] == j) return 0;
            if (u > 0 && dist[i * k + u] < dist[i * k + u - 1]) return 0;
            double s = 0, na = 0, nb = 0;
            for (size_t c = 0; c < d; c++) {
                double x = MAT_AT(X, i, c), y = MAT_AT(X, j, c);
                s += cosine ? x * y : (x - y) * (x - y);
                na += x * x;
                nb += y * y;
            }
            if (cosine) s = na > 0 && nb > 0 ? 1 - s / sqrt(na * nb) : 1;
            if (fabs(s - dist[i * k + u]) > 1e-5 * (1 + fabs(s))) return 0;
        }
    return 1;
}

/* Exact cosine neighbours: the exact search on unit rows. */
static void exact_cosine(const Mat *X, size_t k, long *idx)
{
    Mat *U = mat_clone(X, NULL);
    for (size_t i = 0; i < U->rows; i++) {
        double s = 0;
        for (size_t c = 0; c < U->cols; c++)
            s += (double)MAT_AT(U, i, c) * MAT_AT(U, i, c);
        for (size_t c = 0; c < U->cols; c++)
            MAT_AT(U, i, c) = (float)(MAT_AT(U, i, c) / sqrt(s));
    }
    float *d2 = malloc(U->rows * k * sizeof *d2);
    knn_search(U, U, k, 1, idx, d2, NULL);
    free(d2);
    mat_free(U);
}

static int stop_at_once(void *user, const ProgressInfo *in)
{
    (*(int *)user)++;
    return 1;
}

int main(void)
{
    Rng r;
    rng_seed(&r, 5);
    Err e = {0};

    /* Recall on clustered and uniform data against the exact search. */
    struct {
        size_t n, d, c, k;
        double spread;
        const char *what;
    } cases[] = {{3000, 20, 12, 15, 1.0, "12 clusters in 20-D"},
                 {2000, 8, 0, 10, 0, "uniform in 8-D"},
                 {2500, 50, 5, 30, 3.0, "5 wide clusters in 50-D, k 30"},
                 {2000, 30, 8, 60, 2.0, "8 clusters in 30-D, k 60 (from 32-lists)"}};
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        size_t n = cases[c].n, k = cases[c].k;
        Mat *X = blobs(n, cases[c].d, cases[c].c, cases[c].spread, &r);
        long *ia = malloc(n * k * sizeof *ia), *ie = malloc(n * k * sizeof *ie);
        float *da = malloc(n * k * sizeof *da), *de = malloc(n * k * sizeof *de);
        NndOpts o;
        nnd_default_opts(&o, k);
        o.seed = 3;
        NndStats st = {0};
        int rc = nndescent(X, &o, ia, da, &st, &e);
        ok(rc == 0, "%s: runs (%d trees, %d rounds)", cases[c].what, st.trees, st.iters);
        knn_search(X, X, k, 1, ie, de, &e);
        double rec = recall(ia, ie, n, k);
        ok(rec >= 0.95, "%s: recall %.4f >= 0.95", cases[c].what, rec);
        ok(valid(X, ia, da, k, 0), "%s: lists valid, distances exact", cases[c].what);
        /* the same answer with 3 threads */
        long *i3 = malloc(n * k * sizeof *i3);
        float *d3 = malloc(n * k * sizeof *d3);
        o.threads = 3;
        nndescent(X, &o, i3, d3, NULL, &e);
        ok(memcmp(ia, i3, n * k * sizeof *ia) == 0 && memcmp(da, d3, n * k * sizeof *da) == 0,
           "%s: 3 threads give the same lists as 1", cases[c].what);
        /* another seed: another search, a similar answer */
        o.seed = 4;
        nndescent(X, &o, i3, d3, NULL, &e);
        ok(recall(i3, ie, n, k) >= 0.95, "%s: seed 4 recall %.4f", cases[c].what,
           recall(i3, ie, n, k));
        free(ia), free(ie), free(da), free(de), free(i3), free(d3);
        mat_free(X);
    }

    /* Cosine: directions matter, not lengths. */
    {
        size_t n = 2000, k = 10;
        Mat *X = blobs(n, 16, 8, 1.5, &r);
        for (size_t i = 0; i < n; i++) { /* random lengths: invisible to cosine */
            double f = 0.1 + 10 * rng_uniform(&r);
            for (size_t c = 0; c < X->cols; c++)
                MAT_AT(X, i, c) = (float)(MAT_AT(X, i, c) * f);
        }
        long *ia = malloc(n * k * sizeof *ia), *ie = malloc(n * k * sizeof *ie);
        float *da = malloc(n * k * sizeof *da);
        NndOpts o;
        nnd_default_opts(&o, k);
        o.cosine = 1;
        o.threads = 2;
        ok(nndescent(X, &o, ia, da, NULL, &e) == 0, "cosine: runs");
        exact_cosine(X, k, ie);
        double rc = recall(ia, ie, n, k);
        ok(rc >= 0.95, "cosine: recall %.4f >= 0.95 against exact cosine neighbours", rc);
        ok(valid(X, ia, da, k, 1), "cosine: lists valid, distances are 1 - cos");
        free(ia), free(ie), free(da);
        mat_free(X);
    }

    /* Duplicates: 600 rows that are 20 points repeated 30 times. */
    {
        size_t n = 600, k = 12;
        Mat *B = blobs(20, 5, 0, 0, &r), *X = mat_new(n, 5, NULL);
        for (size_t i = 0; i < n; i++)
            memcpy(MAT_ROW(X, i), MAT_ROW(B, i % 20), 5 * sizeof(float));
        long *ia = malloc(n * k * sizeof *ia);
        float *da = malloc(n * k * sizeof *da);
        NndOpts o;
        nnd_default_opts(&o, k);
        ok(nndescent(X, &o, ia, da, NULL, &e) == 0 && valid(X, ia, da, k, 0),
           "30 copies of 20 rows: valid lists");
        size_t zero = 0;
        for (size_t i = 0; i < n * k; i++)
            zero += da[i] == 0;
        ok(zero >= n * k * 95 / 100, "each row finds its copies (%zu of %zu entries at distance 0)",
           zero, n * k);
        free(ia), free(da);
        mat_free(B), mat_free(X);
    }

    /* Tiny inputs: k = n - 1 is every other row. */
    {
        Mat *X = blobs(7, 3, 0, 0, &r);
        long ia[42], ie[42];
        float da[42], de[42];
        NndOpts o;
        nnd_default_opts(&o, 6);
        ok(nndescent(X, &o, ia, da, NULL, &e) == 0 && valid(X, ia, da, 6, 0),
           "7 rows, k 6: runs, valid");
        knn_search(X, X, 6, 1, ie, de, &e);
        ok(memcmp(ia, ie, sizeof ia) == 0, "7 rows, k 6: the exact lists");
        o.k = 7;
        ok(nndescent(X, &o, ia, da, NULL, &e) < 0 &&
               strcmp(e.msg, "knn: k must be between 1 and 6, got 7") == 0,
           "k = n is an error: %s", e.msg);
        o.k = 0;
        ok(nndescent(X, &o, ia, da, NULL, &e) < 0, "k = 0 is an error: %s", e.msg);
        mat_free(X);
    }

    /* Cancelling at the first report. */
    {
        Mat *X = blobs(500, 4, 3, 1, &r);
        long *ia = malloc(500 * 5 * sizeof *ia);
        float *da = malloc(500 * 5 * sizeof *da);
        int calls = 0;
        Progress p = {stop_at_once, &calls};
        NndOpts o;
        nnd_default_opts(&o, 5);
        o.progress = &p;
        err_clear(&e);
        ok(nndescent(X, &o, ia, da, NULL, &e) < 0 && e.cancelled && calls == 1,
           "a stop request cancels (%s)", e.msg);
        free(ia), free(da);
        mat_free(X);
    }

    /* The tree: leaves partition the rows, none larger than asked. */
    {
        size_t n = 5000, stride = 8;
        Mat *X = blobs(n, stride, 6, 1, &r);
        RpTree t;
        int rc = rptree_build(X->data, n, stride, 20, 9, &t, &e);
        ok(rc == 0, "tree over 5000 rows: %zu leaves", t.nleaves);
        char *seen = calloc(n, 1);
        int okk = t.start[0] == 0 && t.start[t.nleaves] == n;
        size_t big = 0;
        for (size_t l = 0; l < t.nleaves; l++) {
            size_t m = t.start[l + 1] - t.start[l];
            okk &= m >= 1;
            big = m > big ? m : big;
        }
        for (size_t i = 0; i < n; i++) {
            okk &= !seen[t.items[i]];
            seen[t.items[i]] = 1;
        }
        ok(okk && big <= 20, "leaves partition the rows, the largest has %zu <= 20", big);
        /* rows of a leaf are near: mean in-leaf distance far below the mean distance */
        double in = 0, all = 0;
        size_t nin = 0;
        for (size_t l = 0; l < t.nleaves; l++)
            for (size_t a = t.start[l]; a + 1 < t.start[l + 1]; a++) {
                const float *x = MAT_ROW(X, t.items[a]), *y = MAT_ROW(X, t.items[a + 1]);
                double s = 0;
                for (size_t c = 0; c < stride; c++)
                    s += (x[c] - y[c]) * (x[c] - y[c]);
                in += sqrt(s), nin++;
            }
        for (size_t i = 0; i + 1 < n; i++) {
            const float *x = MAT_ROW(X, i), *y = MAT_ROW(X, i + 1);
            double s = 0;
            for (size_t c = 0; c < stride; c++)
                s += (x[c] - y[c]) * (x[c] - y[c]);
            all += sqrt(s);
        }
        in /= (double)nin;
        all /= (double)(n - 1);
        ok(in < all / 4, "rows in a leaf are near each other (%.2f against %.2f overall)", in, all);
        free(seen);
        rptree_free(&t);
        /* all rows equal: random halving still ends in small leaves */
        memset(X->data, 0, n * stride * sizeof(float));
        rc = rptree_build(X->data, n, stride, 20, 9, &t, &e);
        ok(rc == 0 && t.nleaves >= n / 20, "5000 equal rows: %zu leaves", t.nleaves);
        rptree_free(&t);
        mat_free(X);
    }
    return done_testing();
}
