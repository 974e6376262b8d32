/* bench-conv.c — a convolution layer two ways: dv's im2col + SGEMM
 * (src/nn/ops_conv.c) against a direct loop over the output (the same NHWC
 * layout, the filter taps innermost and the output channels vectorised by
 * the compiler), forward and backward, for the two conv layers of the
 * MNIST CNN in scripts/bench-nn (batch 64).  Built and run by
 * scripts/bench-conv. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/blas.h"
#include "core/rng.h"
#include "nn/nn.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* y[n, oy, ox, f] = b[f] + sum x[n, oy + ky, ox + kx, c] w[ky, kx, c, f] (stride 1, no padding) */
static void direct_fwd(const float *x, const float *w, const float *b, float *y, int N, int H,
                       int W, int C, int F, int k)
{
    int Ho = H - k + 1, Wo = W - k + 1;
    for (int n = 0; n < N; n++)
        for (int oy = 0; oy < Ho; oy++)
            for (int ox = 0; ox < Wo; ox++) {
                float acc[64];
                for (int f = 0; f < F; f++)
                    acc[f] = b[f];
                for (int ky = 0; ky < k; ky++)
                    for (int kx = 0; kx < k; kx++) {
                        const float *xp = x + (((size_t)n * H + oy + ky) * W + ox + kx) * C;
                        const float *wp = w + ((size_t)ky * k + kx) * C * F;
                        for (int c = 0; c < C; c++)
                            for (int f = 0; f < F; f++)
                                acc[f] += xp[c] * wp[c * F + f];
                    }
                memcpy(y + (((size_t)n * Ho + oy) * Wo + ox) * F, acc, F * sizeof(float));
            }
}

/* dw += x (*) dy, db += sum dy, dx += dy (*) w^T */
static void direct_bwd(const float *x, const float *w, const float *dy, float *dx, float *dw,
                       float *db, int N, int H, int W, int C, int F, int k)
{
    int Ho = H - k + 1, Wo = W - k + 1;
    for (int n = 0; n < N; n++)
        for (int oy = 0; oy < Ho; oy++)
            for (int ox = 0; ox < Wo; ox++) {
                const float *g = dy + (((size_t)n * Ho + oy) * Wo + ox) * F;
                for (int f = 0; f < F; f++)
                    db[f] += g[f];
                for (int ky = 0; ky < k; ky++)
                    for (int kx = 0; kx < k; kx++) {
                        size_t xo = (((size_t)n * H + oy + ky) * W + ox + kx) * C;
                        const float *xp = x + xo;
                        float *dxp = dx ? dx + xo : NULL;
                        float *dwp = dw + ((size_t)ky * k + kx) * C * F;
                        const float *wp = w + ((size_t)ky * k + kx) * C * F;
                        for (int c = 0; c < C; c++) {
                            float s = 0;
                            for (int f = 0; f < F; f++) {
                                dwp[c * F + f] += xp[c] * g[f];
                                s += wp[c * F + f] * g[f];
                            }
                            if (dxp) dxp[c] += s;
                        }
                    }
            }
}

static void layer(int N, int H, int C, int F, int k, int with_dx, int reps)
{
    Err e;
    Rng r;
    rng_seed(&r, 1);
    size_t nx = (size_t)N * H * H * C, nw = (size_t)k * k * C * F, Ho = (size_t)(H - k + 1),
           ny = (size_t)N * Ho * Ho * F;
    float *x = malloc(nx * 4), *w = malloc(nw * 4), *b = calloc(F, 4), *dy = malloc(ny * 4);
    float *y = malloc(ny * 4), *dx = calloc(nx, 4), *dw = calloc(nw, 4), *db = calloc(F, 4);
    for (size_t i = 0; i < nx; i++)
        x[i] = (float)rng_uniform(&r);
    for (size_t i = 0; i < nw; i++)
        w[i] = (float)rng_normal(&r) * 0.1f;
    for (size_t i = 0; i < ny; i++)
        dy[i] = (float)rng_normal(&r);
    NnGraph *g = nn_graph_new(&r, &e);
    NnParams P;
    nn_params_init_store(&P);
    long wi = nn_params_add(&P, "w", 4, (size_t[]){(size_t)k, (size_t)k, (size_t)C, (size_t)F}, &e);
    long bi = nn_params_add(&P, "b", 1, (size_t[]){(size_t)F}, &e);
    memcpy(nn_params_at(&P, (size_t)wi), w, nw * 4);
    double t0 = now(), tf = 0, tb = 0, max_diff = 0;
    for (int rep = 0; rep < reps; rep++) {
        nn_graph_reset(g);
        double a = now();
        NnTensor *xt =
            with_dx ? nn_input_grad(g, x, 4, (size_t[]){(size_t)N, (size_t)H, (size_t)H, (size_t)C})
                    : nn_input(g, x, 4, (size_t[]){(size_t)N, (size_t)H, (size_t)H, (size_t)C});
        NnTensor *yt =
            nn_conv2d(g, xt, nn_param(g, &P, (size_t)wi), nn_param(g, &P, (size_t)bi), 1, 0);
        double m = now();
        nn_backward(g, yt, dy, &e);
        tf += m - a;
        tb += now() - m;
        if (rep == 0) {
            direct_fwd(x, w, b, y, N, H, H, C, F, k);
            for (size_t i = 0; i < ny; i++)
                max_diff = fmax(max_diff, fabs(y[i] - yt->data[i]));
        }
    }
    (void)t0;
    double df = 0, dbk = 0;
    for (int rep = 0; rep < reps; rep++) {
        double a = now();
        direct_fwd(x, w, b, y, N, H, H, C, F, k);
        double m = now();
        direct_bwd(x, w, dy, with_dx ? dx : NULL, dw, db, N, H, H, C, F, k);
        df += m - a;
        dbk += now() - m;
    }
    printf("conv %2dx%2dx%-2d -> %2d filters %dx%d%s: im2col+sgemm fwd %6.2f ms bwd %6.2f ms | "
           "direct fwd %6.2f ms "
           "bwd %6.2f ms | direct/im2col %.2fx (outputs agree to %.1g)\n",
           H, H, C, F, k, k, with_dx ? ", with dx" : "", 1e3 * tf / reps, 1e3 * tb / reps,
           1e3 * df / reps, 1e3 * dbk / reps, (df + dbk) / (tf + tb), max_diff);
    nn_graph_free(g);
    nn_params_free(&P);
    free(x), free(w), free(b), free(dy), free(y), free(dx), free(dw), free(db);
}

int main(int argc, char **argv)
{
    int threads = argc > 1 ? atoi(argv[1]) : 1;
    blas_set_threads(threads);
    printf("batch 64, %d OpenBLAS thread%s (%s), NHWC, stride 1, no padding; mean of 20 runs\n",
           threads, threads > 1 ? "s" : "", blas_kernel());
    layer(64, 28, 1, 8, 3, 0, 20);  /* the first layer: its input needs no gradient */
    layer(64, 13, 8, 16, 3, 1, 20); /* the second */
    return 0;
}
