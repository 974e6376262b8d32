/* tsne_fft.c — t-SNE's repulsive forces by interpolation on a grid and FFT
 * convolution, after Linderman et al. 2019 ("Fast interpolation-based
 * t-SNE for improved visualization of single-cell RNA-seq data", FIt-SNE).
 *
 * With K(d) = 1 / (1 + d^2), the forces need, for every point i,
 *   sum_j K_ij^2,  sum_j K_ij^2 y_j  and  sum_j K_ij^2 |y_j|^2,
 * which are convolutions of the kernel K^2 with the charges 1, y_x, y_y and
 * |y|^2.  The charges are spread onto an equispaced grid with cubic
 * Lagrange weights, convolved with K^2 sampled on the grid by FFT (FFTW,
 * single precision, zero padding to twice the size so the convolution is
 * not circular), and the four potentials are interpolated back with the
 * same weights.  Then
 *   F_rep,i = y_i sum_j K^2 - sum_j K^2 y_j,
 *   Z = sum_i [(1 + |y_i|^2) sum_j K^2 - 2 y_i . sum_j K^2 y_j + sum_j K^2 |y_j|^2],
 * with each point's own term (K(0) = 1) taken out.  The cost per iteration
 * is O(N + G^2 log G) for a G x G grid instead of O(N log N).
 */
#include <fftw3.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "reduce/tsne.h"
#include "reduce/tsne_fft.h"

/* Grid spacing in embedding units: fine enough for a kernel of width ~1
 * with cubic interpolation (the gradient test checks the error). */
#define FFT_SPACING 0.7
#define FFT_MIN_GRID 32
#define FFT_MAX_GRID 640

struct TsneFft {
    int G;                 /* grid points per side */
    int M;                 /* padded FFT size per side (2G) */
    float *in;             /* M x M real */
    fftwf_complex *out;    /* M x (M/2+1) */
    fftwf_complex *kern;   /* kernel spectrum */
    float *pot[4];         /* G x G potentials */
    float *charge[4];      /* G x G charges */
    double *rep;           /* n x 2 repulsive forces of the last call */
    size_t nrep;
    fftwf_plan fwd, inv;
};

void tsne_fft_free(TsneFft *f)
{
    if (!f) return;
    if (f->fwd) fftwf_destroy_plan(f->fwd);
    if (f->inv) fftwf_destroy_plan(f->inv);
    fftwf_free(f->in);
    fftwf_free(f->out);
    fftwf_free(f->kern);
    free(f->rep);
    for (int c = 0; c < 4; c++) {
        free(f->pot[c]);
        free(f->charge[c]);
    }
    free(f);
}

static int fft_setup(TsneFft **fp, int G, Err *e)
{
    TsneFft *f = *fp;
    if (f && f->G == G) return 0;
    tsne_fft_free(f);
    *fp = f = calloc(1, sizeof *f); /* (the force buffer is made again on first use) */
    if (!f) return err_nomem(e, sizeof *f, "tsne grid");
    f->G = G;
    f->M = 2 * G;
    size_t M = (size_t)f->M, H = M / 2 + 1;
    f->in = fftwf_malloc(M * M * sizeof(float));
    f->out = fftwf_malloc(M * H * sizeof(fftwf_complex));
    f->kern = fftwf_malloc(M * H * sizeof(fftwf_complex));
    int ok = f->in && f->out && f->kern;
    for (int c = 0; c < 4 && ok; c++) {
        f->pot[c] = malloc((size_t)G * (size_t)G * sizeof(float));
        f->charge[c] = malloc((size_t)G * (size_t)G * sizeof(float));
        ok = f->pot[c] && f->charge[c];
    }
    if (ok) {
        f->fwd = fftwf_plan_dft_r2c_2d(f->M, f->M, f->in, f->out, FFTW_ESTIMATE);
        f->inv = fftwf_plan_dft_c2r_2d(f->M, f->M, f->out, f->in, FFTW_ESTIMATE);
        ok = f->fwd && f->inv;
    }
    if (!ok) {
        tsne_fft_free(f);
        *fp = NULL;
        return err_nomem(e, M * M * 16, "tsne grid");
    }
    return 0;
}

static int nice_size(int m)
{
    static const int primes[] = {2, 3, 5, 7};
    for (int i = 0; i < 4; i++)
        while (m % primes[i] == 0) m /= primes[i];
    return m == 1;
}

/* Cubic Lagrange weights for nodes -1, 0, 1, 2 at fraction t in [0, 1). */
static void lagrange4(double t, double w[4])
{
    w[0] = -t * (t - 1) * (t - 2) / 6;
    w[1] = (t + 1) * (t - 1) * (t - 2) / 2;
    w[2] = -(t + 1) * t * (t - 2) / 2;
    w[3] = (t + 1) * t * (t - 1) / 6;
}

static int fft_repulsion(const double *Y, size_t n, TsneFft **state, double *zsum, Err *e);

typedef struct AttJob {
    const SparseP *P;
    const double *Y;
    size_t a, b;
    double *F;
} AttJob;

static void *att_work(void *arg)
{
    AttJob *j = arg;
    tsne_attractive(j->P, j->Y, 2, j->a, j->b, j->F);
    return NULL;
}

int tsne_grad_fft(const SparseP *P, const double *Y, size_t n, double exag, int threads, TsneFft **state,
                  double *grad, double *zsum, Err *e)
{
    /* the attractive sums (the larger cost) run on other threads meanwhile */
    if (threads < 1) threads = 1;
    if (threads > 16) threads = 16;
    AttJob jobs[16];
    pthread_t tid[16];
    int started[16] = {0};
    for (int t = 0; t < threads; t++) {
        jobs[t] = (AttJob){P, Y, n * (size_t)t / (size_t)threads, n * (size_t)(t + 1) / (size_t)threads, grad};
        started[t] = pthread_create(&tid[t], NULL, att_work, &jobs[t]) == 0;
        if (!started[t]) att_work(&jobs[t]);
    }
    int rc = fft_repulsion(Y, n, state, zsum, e);
    for (int t = 0; t < threads; t++)
        if (started[t]) pthread_join(tid[t], NULL);
    if (rc < 0) return -1;
    double Z = *zsum;
    TsneFft *f = *state;
    for (size_t i = 0; i < 2 * n; i++) grad[i] = 4 * (exag * grad[i] - f->rep[i] / Z);
    return 0;
}

/* The repulsion: f->rep (n x 2) and Z. */
static int fft_repulsion(const double *Y, size_t n, TsneFft **state, double *zsum, Err *e)
{
    double lo[2] = {INFINITY, INFINITY}, hi[2] = {-INFINITY, -INFINITY};
    for (size_t i = 0; i < n; i++)
        for (int c = 0; c < 2; c++) lo[c] = fmin(lo[c], Y[2 * i + c]), hi[c] = fmax(hi[c], Y[2 * i + c]);
    double range = fmax(hi[0] - lo[0], hi[1] - lo[1]);
    int G = (int)ceil(range / FFT_SPACING) + 4; /* 4: room for the stencil at the edges */
    if (G < FFT_MIN_GRID) G = FFT_MIN_GRID;
    if (G > FFT_MAX_GRID) G = FFT_MAX_GRID;
    while (!nice_size(2 * G)) G++; /* FFTW is fastest on sizes with small prime factors */
    if (fft_setup(state, G, e) < 0) return -1;
    TsneFft *f = *state;
    double h = (range + 1e-9) / (G - 4), x0 = lo[0] - 1.5 * h, y0 = lo[1] - 1.5 * h;
    size_t GG = (size_t)G * (size_t)G, M = (size_t)f->M, H = M / 2 + 1;
    /* kernel K^2 at every grid offset, wrapped for a circular layout */
    memset(f->in, 0, M * M * sizeof(float));
    for (int a = -(G - 1); a < G; a++)
        for (int b = -(G - 1); b < G; b++) {
            double d2 = h * h * ((double)a * a + (double)b * b), k = 1 / (1 + d2);
            f->in[(size_t)((a + (int)M) % (int)M) * M + (size_t)((b + (int)M) % (int)M)] = (float)(k * k);
        }
    fftwf_execute_dft_r2c(f->fwd, f->in, f->kern);
    /* spread the charges */
    for (int c = 0; c < 4; c++) memset(f->charge[c], 0, GG * sizeof(float));
    int *bx = malloc(2 * n * sizeof *bx);
    double *wt = malloc(8 * n * sizeof *wt);
    if (!bx || !wt) {
        free(bx);
        free(wt);
        return err_nomem(e, n * 72, "tsne grid");
    }
    for (size_t i = 0; i < n; i++) {
        double u = (Y[2 * i] - x0) / h, v = (Y[2 * i + 1] - y0) / h;
        int iu = (int)floor(u), iv = (int)floor(v);
        bx[2 * i] = iu - 1;
        bx[2 * i + 1] = iv - 1;
        lagrange4(u - iu, wt + 8 * i);
        lagrange4(v - iv, wt + 8 * i + 4);
        double q[4] = {1, Y[2 * i], Y[2 * i + 1], Y[2 * i] * Y[2 * i] + Y[2 * i + 1] * Y[2 * i + 1]};
        for (int a = 0; a < 4; a++)
            for (int b = 0; b < 4; b++) {
                size_t g = (size_t)(bx[2 * i] + a) * (size_t)G + (size_t)(bx[2 * i + 1] + b);
                double w = wt[8 * i + a] * wt[8 * i + 4 + b];
                for (int c = 0; c < 4; c++) f->charge[c][g] += (float)(w * q[c]);
            }
    }
    /* convolve each charge grid with the kernel */
    float scale = 1.0f / (float)(M * M);
    for (int c = 0; c < 4; c++) {
        memset(f->in, 0, M * M * sizeof(float));
        for (int a = 0; a < G; a++) memcpy(f->in + (size_t)a * M, f->charge[c] + (size_t)a * G, (size_t)G * sizeof(float));
        fftwf_execute_dft_r2c(f->fwd, f->in, f->out);
        for (size_t t = 0; t < M * H; t++) {
            float re = f->out[t][0] * f->kern[t][0] - f->out[t][1] * f->kern[t][1];
            float im = f->out[t][0] * f->kern[t][1] + f->out[t][1] * f->kern[t][0];
            f->out[t][0] = re * scale;
            f->out[t][1] = im * scale;
        }
        fftwf_execute_dft_c2r(f->inv, f->out, f->in);
        for (int a = 0; a < G; a++) memcpy(f->pot[c] + (size_t)a * G, f->in + (size_t)a * M, (size_t)G * sizeof(float));
    }
    /* interpolate back, take out each point's own term, assemble */
    double Z = 0;
    if (f->nrep < n) {
        free(f->rep);
        f->rep = malloc(2 * n * sizeof *f->rep);
        f->nrep = f->rep ? n : 0;
        if (!f->rep) {
            free(bx);
            free(wt);
            return err_nomem(e, 2 * n * sizeof(double), "tsne");
        }
    }
    double *rep = f->rep;
    for (size_t i = 0; i < n; i++) {
        double phi[4] = {0, 0, 0, 0};
        for (int a = 0; a < 4; a++)
            for (int b = 0; b < 4; b++) {
                size_t g = (size_t)(bx[2 * i] + a) * (size_t)G + (size_t)(bx[2 * i + 1] + b);
                double w = wt[8 * i + a] * wt[8 * i + 4 + b];
                for (int c = 0; c < 4; c++) phi[c] += w * f->pot[c][g];
            }
        double x = Y[2 * i], y = Y[2 * i + 1], r2 = x * x + y * y;
        phi[0] -= 1;
        phi[1] -= x;
        phi[2] -= y;
        phi[3] -= r2;
        rep[2 * i] = x * phi[0] - phi[1];
        rep[2 * i + 1] = y * phi[0] - phi[2];
        Z += (1 + r2) * phi[0] - 2 * (x * phi[1] + y * phi[2]) + phi[3];
    }
    free(bx);
    free(wt);
    *zsum = Z;
    return 0;
}
