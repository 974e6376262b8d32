/* Unit tests for SNE/t-SNE: perplexity calibration, the exact gradient
 * against finite differences, Barnes-Hut and FFT gradients against the
 * exact one, separated clusters, determinism (seed; thread count), SNE,
 * placing new points, and argument errors. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/rng.h"
#include "reduce/quality.h"
#include "reduce/tsne.h"
#include "tests/tap.h"

/* 3 Gaussian clusters of `per` points in `dims` dimensions, centre c at
 * sep along axis c, labelled 0, 1, 2. */
static Mat *clusters(size_t per, size_t dims, double sep, uint64_t seed)
{
    Rng r;
    rng_seed(&r, seed);
    Mat *X = mat_new(3 * per, dims, NULL);
    mat_ensure_labels(X, NULL);
    X->n_classes = 3;
    for (size_t i = 0; i < 3 * per; i++) {
        int c = (int)(i % 3);
        X->labels[i] = c;
        for (size_t j = 0; j < dims; j++) MAT_AT(X, i, j) = (float)(rng_normal(&r) + (j == (size_t)c ? sep : 0));
    }
    return X;
}

/* A progress hook that asks to stop at its n-th report (counting from 1). */
typedef struct StopAt {
    int calls, at;
    double done;
    const char *note;
} StopAt;

static int stop_at(void *user, const ProgressInfo *info)
{
    StopAt *s = user;
    s->done = info->done;
    s->note = info->note;
    return ++s->calls >= s->at;
}

static double rel_err(const double *a, const double *b, size_t n)
{
    double num = 0, den = 0;
    for (size_t i = 0; i < n; i++) {
        num += (a[i] - b[i]) * (a[i] - b[i]);
        den += b[i] * b[i];
    }
    return sqrt(num / den);
}

int main(void)
{
    Rng r;
    rng_seed(&r, 5);
    Err e;
    /* calibration hits log(perplexity) within 1e-5 on random distances */
    float d2[90];
    double p[90], worst = 0;
    for (int t = 0; t < 50; t++) {
        double scale = t % 2 ? 1e-3 : 1e3; /* any scale of distances */
        for (int j = 0; j < 90; j++) d2[j] = (float)((rng_uniform(&r) * 50 + 0.1) * scale);
        double H = tsne_calibrate_row(d2, 90, 30, 1e-5, p, NULL);
        double Hp = 0;
        for (int j = 0; j < 90; j++)
            if (p[j] > 0) Hp -= p[j] * log(p[j]);
        worst = fmax(worst, fmax(fabs(H - log(30.0)), fabs(Hp - log(30.0))));
    }
    ok(worst < 1e-5, "perplexity calibration: entropy of p within 1e-5 nats of log 30 (worst %.2g)", worst);
    double s = 0;
    for (int j = 0; j < 90; j++) s += p[j];
    is_near(s, 1.0, 1e-9, "calibrated row sums to 1");

    /* P: symmetric, sums to 1 */
    Mat *X = clusters(20, 5, 4, 1);
    SparseP P;
    ok(tsne_affinities(X, 5, 2, &P, &e) == 0, "affinities");
    double tot = 0, asym = 0;
    for (size_t i = 0; i < P.n; i++)
        for (size_t t = P.row[i]; t < P.row[i + 1]; t++) {
            tot += P.val[t];
            size_t j = P.col[t];
            double back = 0;
            for (size_t u = P.row[j]; u < P.row[j + 1]; u++)
                if (P.col[u] == i) back = P.val[u];
            asym = fmax(asym, fabs(back - P.val[t]));
        }
    is_near(tot, 1.0, 1e-5, "P sums to 1");
    ok(asym == 0, "P is symmetric");

    /* exact gradient = finite differences of KL */
    size_t n = X->rows;
    double *Y = malloc(2 * n * sizeof *Y), *G = malloc(2 * n * sizeof *G), *G2 = malloc(2 * n * sizeof *G2);
    for (size_t i = 0; i < 2 * n; i++) Y[i] = rng_normal(&r);
    double Z;
    int rc = tsne_gradient(&P, Y, n, 2, TSNE_EXACT, 0, 1, 1, G, &Z, &e);
    ok(rc == 0, "exact gradient");
    double maxerr = 0, maxg = 0;
    for (size_t i = 0; i < 2 * n; i += 7) {
        double h = 1e-5, y0 = Y[i];
        Y[i] = y0 + h;
        double a = tsne_kl_exact(&P, Y, n, 2);
        Y[i] = y0 - h;
        double b = tsne_kl_exact(&P, Y, n, 2);
        Y[i] = y0;
        maxerr = fmax(maxerr, fabs((a - b) / (2 * h) - G[i]));
        maxg = fmax(maxg, fabs(G[i]));
    }
    ok(maxerr < 1e-6 * fmax(1, maxg), "exact gradient matches finite differences (err %.2g of %.2g)", maxerr, maxg);
    sparse_free(&P);
    mat_free(X);

    /* Barnes-Hut and FFT against exact on 501 points, on a spread-out map
     * (as after early exaggeration) and a small one (the start) */
    X = clusters(167, 10, 10, 2);
    n = X->rows;
    ok(tsne_affinities(X, 30, 2, &P, &e) == 0, "affinities for %zu points", n);
    Y = realloc(Y, 2 * n * sizeof *Y);
    G = realloc(G, 2 * n * sizeof *G);
    G2 = realloc(G2, 2 * n * sizeof *G2);
    double scales[2] = {10, 0.01};
    for (int sc = 0; sc < 2; sc++) {
        for (size_t i = 0; i < 2 * n; i++) Y[i] = rng_normal(&r) * scales[sc] + (i % 2 ? 0 : (i / 2 % 3) * scales[sc] * 3);
        double Ze, Zb, Zf;
        tsne_gradient(&P, Y, n, 2, TSNE_EXACT, 0, 1, 2, G, &Ze, &e);
        ok(tsne_gradient(&P, Y, n, 2, TSNE_BH, 0.5, 1, 2, G2, &Zb, &e) == 0, "Barnes-Hut gradient");
        double eb = rel_err(G2, G, 2 * n);
        ok(eb < 0.02, "BH (theta 0.5) within 2%% of the exact gradient (map scale %g: %.4f)", scales[sc], eb);
        ok(fabs(Zb - Ze) / Ze < 0.01, "BH Z within 1%% (%.5f)", fabs(Zb - Ze) / Ze);
        ok(tsne_gradient(&P, Y, n, 2, TSNE_FFT, 0, 1, 2, G2, &Zf, &e) == 0, "FFT gradient");
        double ef = rel_err(G2, G, 2 * n);
        ok(ef < 0.01, "FFT within 1%% of the exact gradient (map scale %g: %.2g)", scales[sc], ef);
        ok(fabs(Zf - Ze) / Ze < 1e-3, "FFT Z within 0.1%% (%.2g)", fabs(Zf - Ze) / Ze);
    }
    /* a map far wider than the largest FFT grid (boxes of 12 units): the
     * near field must carry the short range */
    for (size_t i = 0; i < 2 * n; i++) Y[i] = rng_normal(&r) * 1000;
    double Ze, Zf;
    tsne_gradient(&P, Y, n, 2, TSNE_EXACT, 0, 1, 2, G, &Ze, &e);
    rc = tsne_gradient(&P, Y, n, 2, TSNE_FFT, 0, 1, 2, G2, &Zf, &e);
    ok(rc == 0 && rel_err(G2, G, 2 * n) < 0.01 && fabs(Zf - Ze) / Ze < 0.01,
       "FFT on a map 6000 units wide: gradient within 1%% (%.2g), Z within 1%% (%.2g)", rel_err(G2, G, 2 * n),
       fabs(Zf - Ze) / Ze);
    for (size_t i = 0; i < 2 * n; i++) Y[i] /= 100; /* back to a scale of 10 for theta 0 */
    tsne_gradient(&P, Y, n, 2, TSNE_EXACT, 0, 1, 2, G, &Ze, &e);
    ok(tsne_gradient(&P, Y, n, 2, TSNE_BH, 0.0, 1, 1, G2, &Z, &e) == 0, "Barnes-Hut with theta 0");
    ok(rel_err(G2, G, 2 * n) < 1e-9, "theta 0 gives the exact gradient (%.2g)", rel_err(G2, G, 2 * n));
    sparse_free(&P);

    /* three separated clusters come out separated, every method */
    TsneOpts o;
    tsne_default_opts(&o);
    o.iters = 300;
    o.threads = 1;
    o.seed = 3;
    TsneResult a, b;
    TsneMethod methods[3] = {TSNE_EXACT, TSNE_BH, TSNE_FFT};
    for (int m = 0; m < 3; m++) {
        o.method = methods[m];
        double acc = 0;
        rc = tsne_run(X, &o, &a, &e);
        if (rc == 0) rc = knn_accuracy(a.Y, 10, NULL, &acc, &e);
        ok(rc == 0 && acc == 1.0, "%s: three clusters, 10-NN accuracy 1.0 (%.3f)", tsne_method_name(methods[m]), acc);
        ok(rc == 0 && a.kl->cols == 6 && a.kl->data[5] < a.kl->data[0] && a.iters == 300 && !a.stopped,
           "%s: KL every 50 iterations, falling (%.3f -> %.3f)", tsne_method_name(methods[m]),
           a.kl ? a.kl->data[0] : NAN, a.kl && a.kl->cols ? a.kl->data[a.kl->cols - 1] : NAN);
        ok(rc == 0 && a.Y->labels && a.Y->labels[4] == X->labels[4], "%s: the map keeps X's labels",
           tsne_method_name(methods[m]));
        /* same seed, one thread: identical; and two threads give the same numbers */
        o.threads = m == 0 ? 1 : 2;
        rc = tsne_run(X, &o, &b, &e);
        ok(rc == 0 && memcmp(a.Y->data, b.Y->data, n * 2 * sizeof(float)) == 0,
           "%s: same seed, %d thread(s): identical output", tsne_method_name(methods[m]), o.threads);
        o.threads = 1;
        tsne_result_free(&a);
        tsne_result_free(&b);
    }

    /* a stop request keeps the map so far ... */
    StopAt sa = {0, 5, 0, NULL}; /* the neighbour search's report, the calibration's, then iterations 10, 20, 30 */
    Progress prog = {stop_at, &sa};
    o.method = TSNE_AUTO;
    o.progress = &prog;
    rc = tsne_run(X, &o, &a, &e);
    ok(rc == 0 && a.stopped && a.iters == 30 && a.Y && a.kl->cols == 0 && isfinite(a.Y->data[0]),
       "stopped at the fifth report: iteration %d of %d kept", a.iters, o.iters);
    tsne_result_free(&a);
    /* ... and while the neighbours are searched there is nothing to keep */
    Mat *W = mat_new(2100, 3, NULL);
    for (size_t i = 0; i < W->rows * W->cols; i++) W->data[i] = (float)rng_normal(&r);
    sa = (StopAt){0, 1, 0, NULL};
    rc = tsne_run(W, &o, &a, &e);
    ok(rc < 0 && e.cancelled && sa.note && strncmp(sa.note, "exact neighbours", 16) == 0 && sa.done < 2100,
       "stopped while searching neighbours: cancelled (%s at row %g)", sa.note ? sa.note : "-", sa.done);
    mat_free(W);
    o.progress = NULL;

    /* place: hold out every 10th point, place it on the map of the rest */
    size_t nr = 0, nn = 0;
    Mat *Xr = mat_new(n - n / 10 - 1, X->cols, NULL), *Xn = mat_new(n / 10 + 1, X->cols, NULL);
    mat_ensure_labels(Xr, NULL);
    mat_ensure_labels(Xn, NULL);
    for (size_t i = 0; i < n; i++) {
        Mat *D = i % 10 == 0 ? Xn : Xr;
        size_t row = i % 10 == 0 ? nn++ : nr++;
        memcpy(MAT_ROW(D, row), MAT_ROW(X, i), X->cols * sizeof(float));
        D->labels[row] = X->labels[i];
    }
    o.method = TSNE_AUTO;
    ok(tsne_run(Xr, &o, &a, &e) == 0, "map of %zu reference points", nr);
    TsnePlaceOpts po = {30, 250, 2, NULL};
    Mat *Yn = NULL;
    int stopped = 1;
    ok(tsne_place(Xr, a.Y, Xn, &po, &Yn, &stopped, &e) == 0 && Yn->rows == nn && !stopped, "place %zu points", nn);
    /* each placed point's nearest reference point on the map is of its class */
    size_t good = 0;
    for (size_t i = 0; i < nn; i++) {
        double best = INFINITY;
        int cls = -1;
        for (size_t j = 0; j < nr; j++) {
            double dx = MAT_AT(Yn, i, 0) - MAT_AT(a.Y, j, 0), dy = MAT_AT(Yn, i, 1) - MAT_AT(a.Y, j, 1);
            if (dx * dx + dy * dy < best) best = dx * dx + dy * dy, cls = a.Y->labels[j];
        }
        good += cls == Xn->labels[i];
    }
    ok(good == nn, "placed points land in their own cluster (%zu of %zu)", good, nn);
    ok(Yn->labels && Yn->labels[3] == Xn->labels[3], "placed points keep Xnew's labels");
    mat_free(Yn);
    Mat *bad = mat_new(3, 4, NULL);
    ok(tsne_place(Xr, a.Y, bad, &po, &Yn, &stopped, &e) < 0 &&
           strcmp(e.msg, "place: the new points have 4 columns, the map's data 10") == 0,
       "place checks columns: %s", e.msg);
    mat_free(bad);
    tsne_result_free(&a);
    mat_free(Xr);
    mat_free(Xn);

    /* SNE, small */
    Mat *S = clusters(15, 4, 5, 4);
    o.iters = 200;
    o.perplexity = 5;
    double acc = 0;
    int krc = sne_run(S, &o, &a, &e) == 0 ? knn_accuracy(a.Y, 5, NULL, &acc, &e) : -1;
    ok(krc == 0 && acc > 0.9, "SNE separates clusters (%.2f)", acc);
    ok(krc == 0 && a.kl->cols == 4 && a.kl->data[3] < a.kl->data[0], "SNE's KL falls (%.3f -> %.3f)",
       a.kl ? a.kl->data[0] : NAN, a.kl && a.kl->cols ? a.kl->data[a.kl->cols - 1] : NAN);
    tsne_result_free(&a);

    /* errors */
    o.perplexity = 44;
    ok(tsne_run(S, &o, &a, &e) < 0 &&
           strcmp(e.msg, "tsne: perplexity must be above 0 and below 44 (the number of other points), got 44") == 0,
       "perplexity too large: %s", e.msg);
    o.perplexity = 5;
    o.dims = 3;
    o.method = TSNE_FFT;
    ok(tsne_run(S, &o, &a, &e) < 0 &&
           strcmp(e.msg, "tsne: the fft method embeds in 2 dimensions; use dims=2 or method=\"exact\"") == 0,
       "fft in 3-D: %s", e.msg);
    o.method = TSNE_AUTO;
    o.iters = 20;
    ok(tsne_run(S, &o, &a, &e) == 0 && a.Y->cols == 3 && a.method == TSNE_EXACT, "auto in 3-D runs exact");
    tsne_result_free(&a);
    MAT_AT(S, 7, 2) = NAN;
    ok(tsne_run(S, &o, &a, &e) < 0 && strcmp(e.msg, "tsne: X has a missing or infinite value at row 7, column 2") == 0,
       "missing value: %s", e.msg);
    mat_free(S);
    mat_free(X);
    free(Y);
    free(G);
    free(G2);
    return done_testing();
}
