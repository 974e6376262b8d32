/* bench-tsne-grid.c — how accurate the FFT t-SNE repulsion is on a large
 * map: the grid and near field of src/reduce/tsne_fft.c (the FFT size
 * capped at 2048 a side) against the exact sums, on a map saved by dv
 * (n x 2 .npy, e.g. the 1,000,000-point t-SNE map of scripts/bench-umap).
 * The exact sums over all n points are computed for SAMPLE rows drawn at
 * random (all n x n pairs would take hours at 1M):
 *   R_i = sum_j w_ij^2 (y_i - y_j),  Z = sum_i sum_j!=i w_ij,  w = 1 / (1 + d^2)
 * (van der Maaten 2014, eq. 5's repulsive term before the division by
 * Z).  Printed per scale of the map (1, 2 and 4 times as wide, to see the
 * margin as maps grow): the grid chosen (FFT size, boxes a side, box
 * width, near-field radius), the relative error of R over the
 * sampled rows (norm of the differences over norm of R), the worst row's
 * error over the rows' root mean square R (a row whose forces cancel has
 * a tiny R: its own relative error says little),
 * the relative error of Z against its estimate from the sampled rows (with
 * that estimate's relative standard error), and the seconds of one FFT
 * call.
 * Built and run by scripts/bench-tsne-grid. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/pool.h"
#include "core/rng.h"
#include "io/load.h"
#include "reduce/tsne_impl.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

typedef struct Exact {
    const double *Y;
    size_t n;
    const size_t *rows;
    size_t m;
    double *R, *z; /* m x 2, m */
} Exact;

/* The exact sums of sampled rows [t m / T, (t + 1) m / T). */
static void exact_task(void *arg, int t)
{
    Exact *x = arg;
    size_t q0 = pool_split(x->m, t, 64), q1 = pool_split(x->m, t + 1, 64);
    for (size_t q = q0; q < q1; q++) {
        size_t i = x->rows[q];
        double yx = x->Y[2 * i], yy = x->Y[2 * i + 1], rx = 0, ry = 0, z = 0;
        for (size_t j = 0; j < x->n; j++) {
            double dx = yx - x->Y[2 * j], dy = yy - x->Y[2 * j + 1],
                   w = 1 / (1 + dx * dx + dy * dy);
            z += j == i ? 0 : w;
            rx += w * w * dx;
            ry += w * w * dy;
        }
        x->R[2 * q] = rx;
        x->R[2 * q + 1] = ry;
        x->z[q] = z;
    }
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench-tsne-grid MAP.npy [SAMPLE [THREADS]]\n");
        return 2;
    }
    size_t m = argc > 2 ? (size_t)atol(argv[2]) : 2000;
    int threads = argc > 3 ? atoi(argv[3]) : 2;
    Err e = {0};
    LoadOpts o = LOAD_OPTS_DEFAULT;
    Mat *M = NULL;
    if (io_load(argv[1], &o, &M, &e) < 0 || M->cols != 2) {
        fprintf(stderr, "bench-tsne-grid: %s\n", M ? "the map must have 2 columns" : e.msg);
        return 1;
    }
    size_t n = M->rows;
    if (m > n) m = n;
    double *Y = malloc(2 * n * sizeof *Y), *R = malloc(2 * n * sizeof *R),
           *zi = malloc(n * sizeof *zi);
    double *Re = malloc(2 * m * sizeof *Re), *ze = malloc(m * sizeof *ze);
    size_t *rows = malloc(m * sizeof *rows);
    Pool *pool = pool_new(threads, &e);
    TsneFft *f = tsne_fft_new(&e);
    if (!Y || !R || !zi || !Re || !ze || !rows || !pool || !f) {
        fprintf(stderr, "bench-tsne-grid: out of memory\n");
        return 1;
    }
    Rng r;
    rng_seed(&r, 5);
    for (size_t q = 0; q < m; q++)
        rows[q] = (size_t)(rng_uniform(&r) * (double)n) % n;
    printf("%zu points, %zu rows sampled, %d threads\n", n, m, threads);
    printf("%5s %9s %6s %6s %8s %7s %9s %9s %9s %8s %7s\n", "scale", "side", "fft", "boxes",
           "box_w", "near_b", "R_relerr", "R_worst", "Z_relerr", "Z_se", "fft_s");
    static const double scales[3] = {1, 2, 4};
    for (int s = 0; s < 3; s++) {
        for (size_t i = 0; i < 2 * n; i++)
            Y[i] = (double)M->data[i] * scales[s];
        double box[4], Z;
        tsne_bounds(Y, n, box);
        double side = fmax(box[2] - box[0], box[3] - box[1]);
        double t0 = now();
        if (tsne_fft_repulsion(f, Y, n, pool, R, zi, &Z, &e) < 0) {
            fprintf(stderr, "bench-tsne-grid: %s\n", e.msg);
            return 1;
        }
        double t1 = now();
        Exact x = {Y, n, rows, m, Re, ze};
        pool_run(pool, 64, exact_task, &x);
        double num = 0, den = 0, worst = 0, zs = 0, zs2 = 0;
        for (size_t q = 0; q < m; q++) {
            size_t i = rows[q];
            double ex = R[2 * i] - Re[2 * q], ey = R[2 * i + 1] - Re[2 * q + 1];
            double nr = Re[2 * q] * Re[2 * q] + Re[2 * q + 1] * Re[2 * q + 1];
            num += ex * ex + ey * ey;
            den += nr;
            worst = fmax(worst, ex * ex + ey * ey);
            zs += ze[q];
            zs2 += ze[q] * ze[q];
        }
        int nb, M;
        double w, b;
        tsne_fft_grid(f, &nb, &w, &b, &M);
        /* Z = sum of all zi, estimated from the sampled rows, and that
         * estimate's standard error (relative) */
        double zmean = zs / (double)m, zsd = sqrt(fmax(zs2 / (double)m - zmean * zmean, 0));
        double zhat = zmean * (double)n, zse = zsd / (zmean * sqrt((double)m));
        printf("%5g %9.1f %6d %6d %8.3f %7.3f %9.2e %9.2e %+9.2e %8.1e %7.2f\n", scales[s], side, M,
               nb, w, b, sqrt(num / den), sqrt(worst / (den / (double)m)), (Z - zhat) / zhat, zse,
               t1 - t0);
    }
    tsne_fft_free(f);
    pool_free(pool);
    mat_free(M);
    free(Y);
    free(R);
    free(zi);
    free(Re);
    free(ze);
    free(rows);
    return 0;
}
