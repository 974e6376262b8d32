/* Unit tests for SNE/t-SNE: perplexity calibration, the exact gradient
 * against finite differences, Barnes-Hut against exact, separated clusters,
 * and determinism. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/rng.h"
#include "reduce/quality.h"
#include "reduce/tsne.h"
#include "reduce/tsne_fft.h"
#include "tests/tap.h"

static Mat *clusters(size_t per, size_t dims, double sep, uint64_t seed)
{
    Rng r;
    rng_seed(&r, seed);
    Mat *X = mat_new(3 * per, dims, NULL);
    mat_ensure_labels(X, NULL);
    X->n_classes = 3;
    for (size_t i = 0; i < 3 * per; i++) {
        int c = (int)(i / per);
        X->labels[i] = c;
        for (size_t j = 0; j < dims; j++) MAT_AT(X, i, j) = (float)(rng_normal(&r) + (j == (size_t)c ? sep : 0));
    }
    return X;
}

int main(void)
{
    Rng r;
    rng_seed(&r, 5);
    /* calibration hits log(perplexity) within 1e-5 on random distances */
    float d2[90];
    double p[90], worst = 0;
    for (int t = 0; t < 50; t++) {
        for (int j = 0; j < 90; j++) d2[j] = (float)(rng_uniform(&r) * 50 + 0.1);
        double H = tsne_calibrate_row(d2, 90, 30, 1e-5, p, NULL);
        worst = fmax(worst, fabs(H - log(30.0)));
    }
    ok(worst < 1e-5, "perplexity calibration within 1e-5 nats (worst %.2g)", worst);
    double s = 0;
    for (int j = 0; j < 90; j++) s += p[j];
    is_near(s, 1.0, 1e-9, "calibrated row sums to 1");

    /* exact gradient = finite differences of KL */
    Mat *X = clusters(20, 5, 4, 1);
    SparseP P;
    Err e;
    ok(tsne_affinities(X, 5, &P, &e) == 0, "affinities");
    double tot = 0;
    for (size_t t = 0; t < P.row[P.n]; t++) tot += P.val[t];
    is_near(tot, 1.0, 1e-9, "P sums to 1");
    size_t n = X->rows;
    double *Y = malloc(2 * n * sizeof *Y), *G = malloc(2 * n * sizeof *G), *G2 = malloc(2 * n * sizeof *G2);
    for (size_t i = 0; i < 2 * n; i++) Y[i] = rng_normal(&r);
    tsne_grad_exact(&P, Y, n, 2, 1, G);
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
    ok(maxerr < 1e-5 * fmax(1, maxg) + 1e-7, "exact gradient matches finite differences (err %.2g)", maxerr);
    sparse_free(&P);
    mat_free(X);

    /* Barnes-Hut vs exact on 500 points: relative error of the gradient */
    X = clusters(167, 10, 10, 2);
    n = X->rows;
    ok(tsne_affinities(X, 30, &P, &e) == 0, "affinities for 500 points");
    Y = realloc(Y, 2 * n * sizeof *Y);
    G = realloc(G, 2 * n * sizeof *G);
    G2 = realloc(G2, 2 * n * sizeof *G2);
    for (size_t i = 0; i < 2 * n; i++) Y[i] = rng_normal(&r) * 5;
    tsne_grad_exact(&P, Y, n, 2, 1, G);
    double Z;
    ok(tsne_grad_bh(&P, Y, n, 0.5, 1, 2, G2, &Z, &e) == 0, "Barnes-Hut gradient");
    double num = 0, den = 0;
    for (size_t i = 0; i < 2 * n; i++) {
        num += (G[i] - G2[i]) * (G[i] - G2[i]);
        den += G[i] * G[i];
    }
    ok(sqrt(num / den) < 0.05, "BH (theta 0.5) within 5%% of the exact gradient (%.3f)", sqrt(num / den));
    TsneFft *fft = NULL;
    ok(tsne_grad_fft(&P, Y, n, 1, 2, &fft, G2, &Z, &e) == 0, "FFT-interpolated gradient");
    num = 0;
    for (size_t i = 0; i < 2 * n; i++) num += (G[i] - G2[i]) * (G[i] - G2[i]);
    /* the grid spacing (0.7) is tuned for converged maps, where points are
     * dense; on this spread-out random map the error is larger */
    ok(sqrt(num / den) < 0.10, "FFT gradient within 10%% of the exact one (%.3f)", sqrt(num / den));
    for (size_t i = 0; i < 2 * n; i++) Y[i] *= 0.2; /* a denser map */
    tsne_grad_exact(&P, Y, n, 2, 1, G);
    tsne_grad_fft(&P, Y, n, 1, 1, &fft, G2, &Z, &e);
    num = den = 0;
    for (size_t i = 0; i < 2 * n; i++) num += (G[i] - G2[i]) * (G[i] - G2[i]), den += G[i] * G[i];
    ok(sqrt(num / den) < 0.01, "FFT gradient within 1%% on a denser map (%.4f)", sqrt(num / den));
    tsne_fft_free(fft);
    for (size_t i = 0; i < 2 * n; i++) Y[i] *= 5;
    tsne_grad_exact(&P, Y, n, 2, 1, G);
    den = 0;
    for (size_t i = 0; i < 2 * n; i++) den += G[i] * G[i];
    ok(tsne_grad_bh(&P, Y, n, 0.0, 1, 1, G2, &Z, &e) == 0, "Barnes-Hut with theta 0");
    num = 0;
    for (size_t i = 0; i < 2 * n; i++) num += (G[i] - G2[i]) * (G[i] - G2[i]);
    ok(sqrt(num / den) < 1e-9, "theta 0 gives the exact gradient (%.2g)", sqrt(num / den));
    sparse_free(&P);

    /* three separated clusters come out separated */
    TsneOpts o;
    tsne_default_opts(&o);
    o.iters = 500;
    o.threads = 1;
    o.seed = 3;
    TsneResult a, b;
    ok(tsne_run(X, &o, &a, &e) == 0, "tsne on 500 points");
    double acc = 0;
    int krc = knn_accuracy(a.Y, 10, &acc, &e);
    ok(krc == 0 && acc == 1.0, "three clusters: 10-NN accuracy 1.0 (%.3f)", acc);
    ok(tsne_run(X, &o, &b, &e) == 0 && memcmp(a.Y->data, b.Y->data, n * 2 * sizeof(float)) == 0,
       "same seed, one thread: identical output");
    ok(a.kl->cols == 10 && a.kl->data[9] < a.kl->data[0], "KL recorded every 50 iterations and falling");
    tsne_result_free(&a);
    tsne_result_free(&b);
    o.method = TSNE_BH;
    o.iters = 300;
    krc = tsne_run(X, &o, &a, &e) == 0 ? knn_accuracy(a.Y, 10, &acc, &e) : -1;
    ok(krc == 0 && acc == 1.0, "Barnes-Hut: clusters separated too (%.3f)", acc);
    tsne_result_free(&a);
    o.method = TSNE_FFT;
    krc = tsne_run(X, &o, &a, &e) == 0 ? knn_accuracy(a.Y, 10, &acc, &e) : -1;
    ok(krc == 0 && acc == 1.0, "FFT: clusters separated too (%.3f)", acc);
    tsne_result_free(&a);

    /* SNE, small */
    Mat *S = clusters(15, 4, 5, 4);
    o.sne = 1;
    o.exaggeration_iters = 0; /* as the sne builtin */
    o.iters = 200;
    o.perplexity = 5;
    acc = 0;
    krc = tsne_run(S, &o, &a, &e) == 0 ? knn_accuracy(a.Y, 5, &acc, &e) : -1;
    ok(krc == 0 && acc > 0.9, "SNE separates clusters (%.2f)", acc);
    tsne_result_free(&a);
    o.sne = 0;
    o.perplexity = 200;
    ok(tsne_run(S, &o, &a, &e) < 0 && strstr(e.msg, "perplexity must be between 0 and"), "perplexity too large: %s", e.msg);
    mat_free(S);
    mat_free(X);
    free(Y);
    free(G);
    free(G2);
    return done_testing();
}
