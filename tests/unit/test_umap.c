/* Unit tests for reduce/umap: the a/b fit against scipy's curve_fit (the
 * values umap-learn's find_ab_params gives), smooth kNN distances, the
 * fuzzy union, the spectral start against LAPACK on the whole matrix, the
 * fast pow, and whole runs: clusters separated, the same seed the same map
 * for any thread count, disconnected graphs, cosine, placing new rows,
 * stopping, and argument errors. */
#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/rng.h"
#include "reduce/quality.h"
#include "reduce/umap.h"
#include "reduce/umap_impl.h"
#include "tests/tap.h"

/* n rows in d dimensions around c centres 20 apart, labelled. */
static Mat *blobs(size_t n, size_t d, size_t c, double spread, Rng *r)
{
    Mat *X = mat_new(n, d, NULL);
    mat_ensure_labels(X, NULL);
    double *ctr = malloc(c * d * sizeof *ctr);
    for (size_t i = 0; i < c * d; i++)
        ctr[i] = rng_normal(r) * 20;
    for (size_t i = 0; i < n; i++) {
        size_t g = i % c;
        X->labels[i] = (int)g;
        for (size_t j = 0; j < d; j++)
            MAT_AT(X, i, j) = (float)(ctr[g * d + j] + spread * rng_normal(r));
    }
    free(ctr);
    return X;
}

static int stop_after(void *user, const ProgressInfo *in)
{
    int *left = user;
    if (strcmp(in->task, "umap") != 0) return 0;
    return --*left <= 0;
}

static int stop_in_knn(void *user, const ProgressInfo *in)
{
    return strcmp(in->task, "umap neighbours") == 0;
}

static double max_diff(const Mat *A, const Mat *B)
{
    double m = 0;
    for (size_t i = 0; i < A->rows * A->cols; i++)
        m = fmax(m, fabs(A->data[i] - B->data[i]));
    return m;
}

int main(void)
{
    Err e = {0};
    Rng r;
    rng_seed(&r, 21);

    /* a and b: scipy.optimize.curve_fit on umap-learn's 300 points
     * (python3-scipy 1.10, written down when this test was made) */
    struct {
        double spread, min_dist, a, b;
    } ab[] = {{1, 0.1, 1.57694346, 0.89506088},   {1, 0.01, 1.89560587, 0.80063784},
              {1, 0.5, 0.58303002, 1.33416699},   {2, 0.1, 0.54466054, 0.84205543},
              {0.5, 0.25, 3.7062902, 1.33416725}, {1, 0, 1.9328084, 0.79049497}};
    for (size_t t = 0; t < sizeof ab / sizeof ab[0]; t++) {
        double a = 0, b = 0;
        int rc = umap_fit_ab(ab[t].spread, ab[t].min_dist, &a, &b, &e);
        ok(rc == 0 && fabs(a - ab[t].a) < 2e-5 * ab[t].a && fabs(b - ab[t].b) < 2e-5 * ab[t].b,
           "a, b for spread %g, min_dist %g: %.6f %.6f (scipy %.6f %.6f)", ab[t].spread,
           ab[t].min_dist, a, b, ab[t].a, ab[t].b);
    }
    double a, b;
    ok(umap_fit_ab(1, 1.5, &a, &b, &e) < 0 &&
           strcmp(e.msg, "umap: min_dist must be between 0 and spread (1), got 1.5") == 0,
       "min_dist above spread: %s", e.msg);
    ok(umap_fit_ab(0, 0, &a, &b, &e) < 0 &&
           strcmp(e.msg, "umap: spread must be above 0, got 0") == 0,
       "spread 0: %s", e.msg);

    /* smooth kNN distances: memberships add up to log2(k) */
    {
        float d[14];
        for (int j = 0; j < 14; j++)
            d[j] = (float)(0.5 + 0.3 * j + 0.01 * j * j);
        double rho, sigma, s = 0;
        umap_smooth_row(d, 14, 1, &rho, &sigma);
        for (int j = 0; j < 14; j++)
            s += d[j] - rho > 0 ? exp(-(d[j] - rho) / sigma) : 1;
        ok(rho == d[0] && fabs(s - log2(15)) < 1e-4,
           "smooth row: rho = nearest %.2f, sum %.6f = log2 15 = %.6f", rho, s, log2(15));
        float z[4] = {0, 0, 0.5f, 1};
        umap_smooth_row(z, 4, 1, &rho, &sigma);
        ok(rho == 0.5, "smooth row: rho skips distances 0 (%g)", rho);
        float zz[3] = {0, 0, 0};
        umap_smooth_row(zz, 3, 2, &rho, &sigma);
        ok(rho == 0 && fabs(sigma - 2e-3) < 1e-12,
           "all distances 0: sigma is 1e-3 of the mean over all rows (%g)", sigma);
    }

    /* the fuzzy union on three rows: w = a + b - ab both ways */
    {
        long idx[6] = {1, 2, 0, 2, 0, 1};
        float dist[6] = {1, 2, 1, 3, 2, 3};
        UmapGraph g;
        ok(umap_fuzzy_graph(idx, dist, 3, 2, 2, &g, &e) == 0, "fuzzy graph of 3 rows");
        /* row 0: rho 1, target log2 3; memberships 1 and exp(-1 / sigma0) */
        double rho, s0, s1, s2;
        umap_smooth_row(dist, 2, 2, &rho, &s0);
        umap_smooth_row(dist + 2, 2, 2, &rho, &s1);
        umap_smooth_row(dist + 4, 2, 2, &rho, &s2);
        double p02 = exp(-1 / s0), p12 = exp(-2 / s1), p20 = 1, p21 = exp(-1 / s2), p01 = 1,
               p10 = 1;
        double w01 = p01 + p10 - p01 * p10, w02 = p02 + p20 - p02 * p20,
               w12 = p12 + p21 - p12 * p21;
        int sym = g.row[3] == 6;
        for (size_t i = 0; i < 3 && sym; i++)
            for (size_t u = g.row[i]; u < g.row[i + 1]; u++) {
                size_t j = g.col[u];
                double want = (i + j == 1) ? w01 : (i + j == 2) ? w02 : w12;
                sym &= fabs(g.val[u] - want) < 1e-6;
            }
        ok(sym, "union weights: w01 %.4f w02 %.4f w12 %.4f", w01, w02, w12);
        umap_graph_free(&g);
    }

    /* fast pow */
    {
        double worst = 0;
        float ys[] = {-0.1049f, 0.8951f, 1.334f, -0.5f, 2};
        for (int t = 0; t < 5; t++)
            for (double x = 1e-9; x < 1e6; x *= 1.01) {
                double want = pow(x, ys[t]), got = umap_fast_pow((float)x, ys[t]);
                worst = fmax(worst, fabs(got - want) / want);
            }
        ok(worst < 1e-5, "fast pow: worst relative error %.2g", worst);
    }

    /* spectral start on a ring of 1200 rows with chords (Krylov path)
     * against LAPACK on the whole matrix */
    {
        size_t n = 1200, per = 4;
        long *idx = malloc(n * per * sizeof *idx);
        float *dist = malloc(n * per * sizeof *dist);
        for (size_t i = 0; i < n; i++) {
            long nb[4] = {(long)((i + 1) % n), (long)((i + n - 1) % n), (long)((i + 2) % n),
                          (long)((i * 7 + 3) % n)};
            if ((size_t)nb[3] == i || nb[3] == nb[0] || nb[3] == nb[1] || nb[3] == nb[2])
                nb[3] = (long)((i + 3) % n);
            for (size_t u = 0; u < per; u++) {
                idx[i * per + u] = nb[u];
                dist[i * per + u] = (float)(1 + 0.1 * u + 0.001 * (double)(i % 13));
            }
        }
        UmapGraph g;
        umap_fuzzy_graph(idx, dist, n, per, 2, &g, &e);
        double *Y = malloc(n * 2 * sizeof *Y), *A = calloc(n * n, sizeof *A),
               *w = malloc(n * sizeof *w);
        double *deg = calloc(n, sizeof *deg), *Z = malloc(n * 3 * sizeof *Z);
        size_t comps = 0;
        int rc = umap_spectral(&g, NULL, 2, 7, 2, NULL, Y, &comps, &e);
        ok(rc == 0 && comps == 1, "spectral start of a ring of %zu: one part", n);
        for (size_t i = 0; i < n; i++)
            for (size_t u = g.row[i]; u < g.row[i + 1]; u++)
                deg[i] += g.val[u];
        for (size_t i = 0; i < n; i++)
            for (size_t u = g.row[i]; u < g.row[i + 1]; u++)
                A[i * n + g.col[u]] = g.val[u] / sqrt(deg[i] * deg[g.col[u]]);
        lapack_int found;
        lapack_int *supp = malloc(6 * sizeof *supp);
        LAPACKE_dsyevr(LAPACK_COL_MAJOR, 'V', 'I', 'U', (lapack_int)n, A, (lapack_int)n, 0, 0,
                       (lapack_int)n - 2, (lapack_int)n, 0, &found, w, Z, (lapack_int)n, supp);
        /* the start is the 2nd and 3rd eigenvectors scaled (Z's columns 1
         * and 0: eigenvalues ascend); on a ring they come in equal pairs,
         * so compare subspaces: the share of each coordinate's length in
         * the span of the two */
        for (int c = 0; c < 2; c++) {
            double in = 0, all = 0, p0 = 0, p1 = 0;
            for (size_t i = 0; i < n; i++) {
                p0 += Y[i * 2 + c] * Z[i];
                p1 += Y[i * 2 + c] * Z[n + i];
                all += Y[i * 2 + c] * Y[i * 2 + c];
            }
            in = sqrt((p0 * p0 + p1 * p1) / all);
            ok(in > 0.999,
               "spectral coordinate %d lies in LAPACK's eigenvectors 2 and 3 (share %.6f; "
               "eigenvalues %.6f %.6f)",
               c, in, w[1], w[0]);
        }
        free(idx), free(dist), free(Y), free(A), free(w), free(deg), free(Z), free(supp);
        umap_graph_free(&g);
    }

    /* whole runs on 6 clusters in 20-D */
    {
        Mat *X = blobs(600, 20, 6, 1.0, &r);
        UmapOpts o;
        umap_default_opts(&o);
        o.k = 10;
        o.epochs = 200;
        o.seed = 3;
        o.threads = 1;
        UmapResult r1, r3, r2;
        ok(umap_run(X, &o, &r1, &e) == 0, "umap of 600 rows: runs");
        double acc = 0;
        knn_accuracy(r1.Y, 10, NULL, &acc, &e);
        ok(acc == 1.0, "6 separated clusters: 10-NN accuracy %.4f", acc);
        ok(r1.Y->labels && r1.Y->labels[5] == X->labels[5] && r1.Y->rows == 600 && r1.Y->cols == 2,
           "the map keeps the labels");
        ok(r1.epochs == 200 && !r1.stopped && r1.init == UMAP_INIT_SPECTRAL &&
               r1.knn == KNN_GRAPH_EXACT,
           "200 epochs, spectral start, exact neighbours");
        o.threads = 3;
        umap_run(X, &o, &r3, &e);
        ok(max_diff(r1.Y, r3.Y) == 0, "3 threads: the same map (largest difference %g)",
           max_diff(r1.Y, r3.Y));
        o.seed = 4;
        umap_run(X, &o, &r2, &e);
        ok(max_diff(r1.Y, r2.Y) > 0, "another seed: another map");
        umap_result_free(&r2);
        /* a map with more rows than a block, approximate neighbours, pca
         * start, two threads against one */
        Mat *B = blobs(3000, 12, 5, 1.0, &r);
        o.knn = KNN_GRAPH_APPROX;
        o.init = UMAP_INIT_PCA;
        o.epochs = 100;
        o.threads = 1;
        umap_run(B, &o, &r2, &e);
        o.threads = 2;
        UmapResult r4;
        umap_run(B, &o, &r4, &e);
        knn_accuracy(r2.Y, 10, NULL, &acc, &e);
        ok(acc == 1.0 && r2.knn == KNN_GRAPH_APPROX && max_diff(r2.Y, r4.Y) == 0,
           "3000 rows in 3 blocks, NN-descent, pca start: accuracy %.4f, 1 and 2 threads differ by "
           "%g",
           acc, max_diff(r2.Y, r4.Y));
        umap_result_free(&r2);
        umap_result_free(&r4);
        mat_free(B);

        /* new rows placed on the map */
        Mat *N = blobs(600, 20, 6, 1.0, &r); /* other draws around other centres: use X's */
        mat_free(N);
        Mat *Xa = mat_new(500, 20, &e), *Xb = mat_new(100, 20, &e);
        mat_ensure_labels(Xa, &e);
        mat_ensure_labels(Xb, &e);
        for (size_t i = 0; i < 600; i++) {
            Mat *T = i < 500 ? Xa : Xb;
            size_t t = i < 500 ? i : i - 500;
            memcpy(MAT_ROW(T, t), MAT_ROW(X, i), 20 * sizeof(float));
            T->labels[t] = X->labels[i];
        }
        o.seed = 3;
        o.knn = KNN_GRAPH_AUTO;
        o.init = UMAP_INIT_SPECTRAL;
        UmapResult ra;
        umap_run(Xa, &o, &ra, &e);
        Mat *P;
        int stopped;
        ok(umap_place(Xa, ra.Y, Xb, &o, ra.a, ra.b, 0, &P, &stopped, &e) == 0,
           "place 100 new rows");
        knn_accuracy_ref(P, ra.Y, 10, NULL, &acc, &e);
        ok(acc == 1.0 && P->labels[3] == Xb->labels[3],
           "placed rows land in their clusters (accuracy %.4f)", acc);
        mat_free(P);
        Mat *W = mat_new(3, 19, &e);
        ok(umap_place(Xa, ra.Y, W, &o, ra.a, ra.b, 0, &P, &stopped, &e) < 0 &&
               strcmp(e.msg, "place: the new rows have 19 columns, the map's data 20") == 0,
           "place: wrong columns: %s", e.msg);
        mat_free(W);
        umap_result_free(&ra);
        mat_free(Xa);
        mat_free(Xb);

        /* cosine: each row scaled by a random length, the same clusters */
        Mat *C = mat_clone(X, &e);
        for (size_t i = 0; i < C->rows; i++) {
            double f = 0.1 + 5 * rng_uniform(&r);
            for (size_t j = 0; j < C->cols; j++)
                MAT_AT(C, i, j) = (float)(MAT_AT(C, i, j) * f);
        }
        o.cosine = 1;
        UmapResult rc_;
        ok(umap_run(C, &o, &rc_, &e) == 0, "cosine metric: runs");
        knn_accuracy(rc_.Y, 10, NULL, &acc, &e);
        ok(acc == 1.0, "cosine metric ignores the lengths: accuracy %.4f", acc);
        umap_result_free(&rc_);
        mat_free(C);
        o.cosine = 0;

        /* stopping: after 5 epochs the map so far; in the neighbours, an error */
        int left = 5;
        Progress p = {stop_after, &left};
        o.progress = &p;
        UmapResult rs;
        int rcs = umap_run(X, &o, &rs, &e);
        ok(rcs == 0 && rs.stopped && rs.epochs == 5 && rs.Y,
           "a stop request at epoch 5 keeps the map (%d epochs)", rs.epochs);
        umap_result_free(&rs);
        Progress q = {stop_in_knn, NULL};
        o.progress = &q;
        o.knn = KNN_GRAPH_APPROX; /* (the exact search reports every 2048 rows) */
        err_clear(&e);
        ok(umap_run(X, &o, &rs, &e) < 0 && e.cancelled,
           "a stop request in the neighbour search: %s", e.msg);
        o.progress = NULL;
        o.knn = KNN_GRAPH_AUTO;

        /* errors */
        o.k = 601;
        ok(umap_run(X, &o, &rs, &e) < 0 &&
               strcmp(e.msg, "umap: k must be between 2 and 600 (the rows; k counts the row "
                             "itself), got 601") == 0,
           "k too large: %s", e.msg);
        o.k = 10;
        o.dims = 9;
        ok(umap_run(X, &o, &rs, &e) < 0 &&
               strcmp(e.msg, "umap: dims must be between 1 and 8, got 9") == 0,
           "dims 9: %s", e.msg);
        o.dims = 2;
        X->data[7 * 20 + 3] = NAN;
        ok(umap_run(X, &o, &rs, &e) < 0 &&
               strcmp(e.msg, "umap: X has a missing or infinite value at row 7, column 3") == 0,
           "NaN: %s", e.msg);
        umap_result_free(&r1);
        umap_result_free(&r3);
        mat_free(X);
    }

    /* a graph in two parts far apart, a third of isolated pairs, and 3-D */
    {
        Mat *X = mat_new(300, 5, &e);
        mat_ensure_labels(X, &e);
        for (size_t i = 0; i < 300; i++) {
            int g = i < 150 ? 0 : 1;
            X->labels[i] = g;
            for (size_t j = 0; j < 5; j++)
                MAT_AT(X, i, j) = (float)(rng_normal(&r) + (g ? 1000 : 0));
        }
        UmapOpts o;
        umap_default_opts(&o);
        o.k = 5;
        o.dims = 3;
        o.epochs = 100;
        o.threads = 2;
        UmapResult rr;
        double acc = 0;
        int rcr = umap_run(X, &o, &rr, &e);
        ok(rcr == 0 && rr.components == 2 && rr.Y->cols == 3,
           "two far parts: %zu parts in the graph, a 3-D map", rr.components);
        knn_accuracy(rr.Y, 10, NULL, &acc, &e);
        ok(acc == 1.0, "the parts stay apart: accuracy %.4f", acc);
        umap_result_free(&rr);
        mat_free(X);
    }
    return done_testing();
}
