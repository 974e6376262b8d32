/* tsne_fft.c — t-SNE's repulsion by polynomial interpolation on an
 * equispaced grid and FFT convolution (Linderman, Rachh, Hoskins,
 * Steinerberger & Kluger, "Fast interpolation-based t-SNE for improved
 * visualization of single-cell RNA-seq data", Nature Methods 2019), with
 * the kernel split into a near and a far part.
 *
 * The grid.  The map's bounding square is cut into nb x nb boxes (nb >= 50)
 * with 3 interpolation nodes per box and dimension, at 1/6, 1/2 and 5/6 of
 * the box, so the G = 3 nb nodes per dimension are equispaced and a kernel
 * between all pairs of nodes is a Toeplitz matrix, i.e. a convolution.  For
 * each point, the Lagrange weights of its box's 3 x 3 nodes spread its
 * charges onto the grid; the grid charges are convolved with the kernel by
 * zero-padded FFTs of size M >= 2G; the potentials are interpolated back
 * with the same weights.  Charges 1, x, y with the kernel w^2 (w = 1 / (1 +
 * d^2)) give the repulsion R_i = y_i phi_1 - (phi_x, phi_y).  Z = sum w
 * needs the kernel w with charge 1 summed over all points only, which by
 * Parseval is sum_k |C_1(k)|^2 W(k) / M^2 on the spectra: no inverse
 * transform, and no cancellation between large terms (as when Z is derived
 * from the w^2 potentials).
 *
 * The split.  Interpolating w^2 itself, whose width is one unit, needs
 * boxes well under a unit wide: FIt-SNE's one unit leaves errors of a few
 * per cent in the forces, and a large map then needs grids of a thousand
 * nodes a side.  So, as Ewald summation and particle-mesh methods do for
 * the Coulomb kernel, each kernel k is split with a smooth switch S (1 at
 * d = 0, 0 beyond d = b; tsne_near.c) into k S, summed exactly over the
 * pairs closer than b with a cell list, and k (1 - S), which is smooth on
 * the scale of b and so needs boxes only about b / 2 wide.  While the map
 * is small the plain kernel on the minimum grid is both accurate and
 * cheapest; as it grows, tsne_fft_repulsion picks the box width (and b) that
 * costs least for the accuracy wanted, counting the near pairs each choice
 * would visit.
 *
 * Kernel spectra depend only on the grid (box width quantised to powers of
 * 2^(1/16)) and are kept until it changes.  Each charge's spread, forward
 * FFT, product and inverse FFT is one task, run side by side with chunks of
 * the near field.  Float for the grid and FFTs (FFTW3 single precision),
 * double for weights, sums over points and forces.
 */
#include <fftw3.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "reduce/tsne_impl.h"

#define MIN_BOXES 50
#define NODES 3         /* interpolation nodes per box and dimension */
#define PURE_BOX 0.5    /* widest box for the unsplit kernel */
#define SPLIT_RATIO 2.4 /* near radius b = SPLIT_RATIO * box width */

enum { K2 = 0, K1 = 1, C1 = 0, CX = 1, CY = 2 };

struct TsneFft {
    /* grid */
    int nb, G, M, H; /* boxes and nodes a side, FFT size, M / 2 + 1 */
    double w, a, b;  /* box width; near split (b = 0: none) */
    float *kre[2];   /* M x M scratch for building the kernels */
    fftwf_complex *ksp[2]; /* kernel spectra (w^2, w) */
    int kvalid;
    float *cre[3];         /* M x M charges (only G x G nonzero) */
    fftwf_complex *csp[3]; /* their spectra */
    float *pot[3];         /* G x M potentials (rows beyond G are not needed) */
    fftwf_plan fwd;        /* 2-D r2c, for the kernels */
    fftwf_plan rows_f, cols_f, cols_b, rows_b; /* the pruned transforms, for the charges */
    /* forced settings (tests, experiments): box width and b, or 0 */
    double force_box, force_b;
    /* near field */
    TsneNear *near;
    double *Rn; /* near-field forces */
    /* points */
    size_t ncap;
    int *box;    /* 2 per point: box row and column */
    double *wts; /* 6 per point: 3 weights in x, 3 in y */
    /* this call */
    const double *Y;
    size_t n;
    double x0, y0, cx, cy;
    double *R, *zi;
    double z;
    int nt, nrows;
    int decided_at; /* calls since the last choice of grid */
    int calls;
};

TsneFft *tsne_fft_new(Err *e)
{
    TsneFft *f = calloc(1, sizeof *f);
    if (!f) err_nomem(e, sizeof *f, "tsne grid");
    return f;
}

void tsne_fft_set(TsneFft *f, double max_box, double b)
{
    f->force_box = max_box;
    f->force_b = b;
}

static void free_grid(TsneFft *f)
{
    for (int a = 0; a < 3; a++) {
        if (a < 2) {
            fftwf_free(f->kre[a]);
            fftwf_free(f->ksp[a]);
            f->kre[a] = NULL;
            f->ksp[a] = NULL;
        }
        fftwf_free(f->cre[a]);
        fftwf_free(f->csp[a]);
        fftwf_free(f->pot[a]);
        f->cre[a] = f->pot[a] = NULL;
        f->csp[a] = NULL;
    }
    fftwf_plan *plans[5] = {&f->fwd, &f->rows_f, &f->cols_f, &f->cols_b, &f->rows_b};
    for (int k = 0; k < 5; k++) {
        if (*plans[k]) fftwf_destroy_plan(*plans[k]);
        *plans[k] = NULL;
    }
    f->M = 0;
    f->kvalid = 0;
}

void tsne_fft_free(TsneFft *f)
{
    if (!f) return;
    free_grid(f);
    tsne_near_free(f->near);
    free(f->Rn);
    free(f->box);
    free(f->wts);
    free(f);
}

int tsne_fft_boxes(const TsneFft *f)
{
    return f->nb;
}

void tsne_fft_grid(const TsneFft *f, int *boxes, double *box_width, double *near_b, int *fft_size)
{
    *boxes = f->nb;
    *box_width = f->w;
    *near_b = f->b;
    *fft_size = f->M;
}

/* FFT sizes FFTW_ESTIMATE plans run fast on: 2^a times 1, 9/8, 5/4 or 3/2,
 * at most MAX_FFT (memory: twelve M x M float arrays; a map that wide gets
 * wider boxes instead). */
#define MAX_FFT 2048
static int fft_size(int need)
{
    if (need >= MAX_FFT) return MAX_FFT;
    for (int p = 64;; p *= 2) {
        static const int num[4] = {8, 9, 10, 12};
        for (int k = 0; k < 4; k++)
            if (p * num[k] / 8 >= need) return p * num[k] / 8;
    }
}

/* Arrays and plans for FFT size M. */
static int make_grid(TsneFft *f, int M, Err *e)
{
    if (f->M == M) return 0;
    free_grid(f);
    int H = M / 2 + 1, G = NODES * (M / (2 * NODES));
    size_t nr = (size_t)M * M, nc = (size_t)M * H;
    int bad = 0;
    for (int a = 0; a < 3; a++) {
        if (a < 2) bad |= !(f->kre[a] = fftwf_malloc(nr * sizeof(float))) || !(f->ksp[a] = fftwf_malloc(nc * sizeof(fftwf_complex)));
        bad |= !(f->cre[a] = fftwf_malloc(nr * sizeof(float)));
        bad |= !(f->csp[a] = fftwf_malloc(nc * sizeof(fftwf_complex)));
        bad |= !(f->pot[a] = fftwf_malloc((size_t)G * M * sizeof(float)));
    }
    if (bad) {
        free_grid(f);
        return err_nomem(e, 12 * nr * sizeof(float), "tsne FFT grid");
    }
    /* FFTW_ESTIMATE plans without touching the arrays, in microseconds,
     * and always the same way (FFTW_MEASURE would time alternatives and
     * could pick differently from run to run, changing the last bits).
     * The new-array execute functions then run one plan on any array of
     * the same size and alignment, from several threads at once. */
    f->fwd = fftwf_plan_dft_r2c_2d(M, M, f->cre[0], f->csp[0], FFTW_ESTIMATE);
    /* Charges fill only the first G rows and columns, and only the first G
     * rows of the potentials are read: the 2-D transforms are done as rows
     * then columns, transforming only the G rows that hold data (forward)
     * or are needed (inverse), a quarter less work. */
    f->rows_f = fftwf_plan_many_dft_r2c(1, &M, G, f->cre[0], NULL, 1, M, f->csp[0], NULL, 1, H, FFTW_ESTIMATE);
    f->cols_f = fftwf_plan_many_dft(1, &M, H, f->csp[0], NULL, H, 1, f->csp[0], NULL, H, 1, FFTW_FORWARD, FFTW_ESTIMATE);
    f->cols_b = fftwf_plan_many_dft(1, &M, H, f->csp[0], NULL, H, 1, f->csp[0], NULL, H, 1, FFTW_BACKWARD, FFTW_ESTIMATE);
    f->rows_b = fftwf_plan_many_dft_c2r(1, &M, G, f->csp[0], NULL, 1, H, f->pot[0], NULL, 1, M, FFTW_ESTIMATE);
    if (!f->fwd || !f->rows_f || !f->cols_f || !f->cols_b || !f->rows_b) {
        free_grid(f);
        return err_set(e, "tsne: FFTW could not plan a %dx%d transform", M, M);
    }
    for (int a = 0; a < 3; a++) memset(f->cre[a], 0, nr * sizeof(float));
    f->M = M;
    f->H = H;
    return 0;
}

/* Lagrange weights of the nodes at 1/6, 1/2, 5/6 for t in [0, 1]. */
static void lagrange(double t, double *w)
{
    double a = t - 1.0 / 6, b = t - 0.5, c = t - 5.0 / 6;
    w[0] = 4.5 * b * c;
    w[1] = -9 * a * c;
    w[2] = 4.5 * a * b;
}

static void weights_task(void *arg, int t)
{
    TsneFft *f = arg;
    size_t a = pool_split(f->n, t, f->nt), b = pool_split(f->n, t + 1, f->nt);
    for (size_t i = a; i < b; i++) {
        double u[2] = {(f->Y[2 * i] - f->x0) / f->w, (f->Y[2 * i + 1] - f->y0) / f->w};
        for (int d = 0; d < 2; d++) {
            int bx = (int)floor(u[d]);
            if (bx < 0) bx = 0;
            if (bx > f->nb - 1) bx = f->nb - 1;
            f->box[2 * i + d] = bx;
            lagrange(u[d] - bx, f->wts + 6 * i + 3 * d);
        }
    }
}

/* Kernel t (K2: w^2, K1: w; their far parts when split) on the node
 * offsets, laid out circularly (offset -a at M - a), then its spectrum.
 * The kernel is real and even, so the spectrum is real. */
static void kernel_task(void *arg, int t)
{
    TsneFft *f = arg;
    int G = f->G, M = f->M;
    double h = f->w / NODES, a2 = f->a * f->a, b2 = f->b * f->b;
    float *out = f->kre[t];
    memset(out, 0, (size_t)M * M * sizeof *out);
    for (int a = 0; a < G; a++)
        for (int b = 0; b < G; b++) {
            double d2 = h * h * ((double)a * a + (double)b * b), q = 1 / (1 + d2);
            double v = t == K2 ? q * q : q;
            if (f->b > 0) v *= 1 - tsne_switch(d2, a2, b2); /* the far part only */
            int ra = a ? M - a : 0, rb = b ? M - b : 0;
            out[(size_t)a * M + b] = (float)v;
            out[(size_t)ra * M + b] = (float)v;
            out[(size_t)a * M + rb] = (float)v;
            out[(size_t)ra * M + rb] = (float)v;
        }
    fftwf_execute_dft_r2c(f->fwd, out, f->ksp[t]);
}

/* Z by Parseval: sum over the full spectrum of |C_1|^2 W, the r2c half
 * counted twice except its first and (M even) last column. */
static double z_total(const TsneFft *f)
{
    int M = f->M, H = f->H;
    const fftwf_complex *c = f->csp[C1], *k = f->ksp[K1];
    double s = 0;
    for (int a = 0; a < M; a++) {
        double row = 0;
        for (int b = 0; b < H; b++) {
            size_t i = (size_t)a * H + b;
            double p = ((double)c[i][0] * c[i][0] + (double)c[i][1] * c[i][1]) * k[i][0];
            row += (b == 0 || b == M / 2) ? p : 2 * p;
        }
        s += row;
    }
    return s / ((double)M * M);
}

/* One charge from points to potentials: spread (charge q: 1, x or y of
 * every point onto its 3 x 3 nodes), transform, multiply by the w^2
 * kernel's spectrum, transform back. */
static void charge(TsneFft *f, int q)
{
    int M = f->M, G = f->G;
    float *g = f->cre[q];
    for (int r = 0; r < G; r++) memset(g + (size_t)r * M, 0, (size_t)G * sizeof *g); /* the rest stays 0 */
    for (size_t i = 0; i < f->n; i++) {
        double c = q == C1 ? 1 : q == CX ? f->Y[2 * i] - f->cx : f->Y[2 * i + 1] - f->cy;
        const double *wx = f->wts + 6 * i, *wy = wx + 3;
        float *base = g + (size_t)(NODES * f->box[2 * i]) * M + NODES * f->box[2 * i + 1];
        for (int k = 0; k < NODES; k++) {
            double ck = c * wx[k];
            for (int l = 0; l < NODES; l++) base[(size_t)k * M + l] += (float)(ck * wy[l]);
        }
    }
    fftwf_complex *s = f->csp[q];
    fftwf_execute_dft_r2c(f->rows_f, g, s);
    memset(s + (size_t)G * f->H, 0, (size_t)(M - G) * f->H * sizeof *s); /* the zero rows' transforms */
    fftwf_execute_dft(f->cols_f, s, s);
    if (q == C1) f->z = z_total(f);
    size_t nc = (size_t)M * f->H;
    const fftwf_complex *k = f->ksp[K2];
    for (size_t i = 0; i < nc; i++) {
        s[i][0] *= k[i][0];
        s[i][1] *= k[i][0];
    }
    fftwf_execute_dft(f->cols_b, s, s);
    fftwf_execute_dft_c2r(f->rows_b, s, f->pot[q]);
}

/* The main phase: tasks 0-2 are the charges, the rest the even rows of
 * the near field's cells; the pool hands them out in order.  The odd rows
 * follow in a phase of their own. */
static void main_task(void *arg, int t)
{
    TsneFft *f = arg;
    if (t < 3) charge(f, t);
    else tsne_near_row(f->near, 2 * (t - 3));
}

static void odd_rows_task(void *arg, int t)
{
    TsneFft *f = arg;
    tsne_near_row(f->near, 2 * t + 1);
}

static void gather_task(void *arg, int t)
{
    TsneFft *f = arg;
    size_t a = pool_split(f->n, t, f->nt), b = pool_split(f->n, t + 1, f->nt);
    int M = f->M;
    double norm = 1 / ((double)M * M); /* FFTW's transforms are unnormalised */
    if (f->b > 0) tsne_near_result(f->near, a, b, f->Rn, f->zi);
    for (size_t i = a; i < b; i++) {
        const double *wx = f->wts + 6 * i, *wy = wx + 3;
        size_t base = (size_t)(NODES * f->box[2 * i]) * M + NODES * f->box[2 * i + 1];
        double phi[3];
        for (int q = 0; q < 3; q++) {
            const float *g = f->pot[q] + base;
            double s = 0;
            for (int k = 0; k < NODES; k++) {
                double r = 0;
                for (int l = 0; l < NODES; l++) r += wy[l] * g[(size_t)k * M + l];
                s += wx[k] * r;
            }
            phi[q] = s * norm;
        }
        double rx = (f->Y[2 * i] - f->cx) * phi[0] - phi[1], ry = (f->Y[2 * i + 1] - f->cy) * phi[0] - phi[2];
        if (f->b > 0) rx += f->Rn[2 * i], ry += f->Rn[2 * i + 1];
        f->R[2 * i] = rx;
        f->R[2 * i + 1] = ry;
    }
}

/* Relative cost of one grid of FFT size M: six transforms of M^2 log M
 * (seconds, roughly, on one core), and of one near pair (candidate pairs
 * visited, four at a time). */
#define COST_FFT 5e-10
#define COST_PAIR 1.7e-9

static double grid_cost(int M)
{
    return 6 * COST_FFT * (double)M * M * log2((double)M);
}

/* Box width, FFT size and near radius for a map of this side. */
static void choose(TsneFft *f, double side, const double *Y, size_t n, const double box[4], double *w, int *M, double *b)
{
    /* the plain kernel, as long as its boxes are narrow enough (on a very
     * wide map the FFT size limit would make them too wide: split then) */
    double best = INFINITY;
    int nb = (int)ceil(side / PURE_BOX);
    if (nb < MIN_BOXES) nb = MIN_BOXES;
    *M = MAX_FFT;
    *w = side / (MAX_FFT / (2 * NODES));
    *b = SPLIT_RATIO * *w;
    int Mp = fft_size(2 * NODES * nb);
    double wp = side / (Mp / (2 * NODES));
    if (wp <= PURE_BOX * 1.001) {
        *M = Mp;
        *w = wp;
        *b = 0;
        best = grid_cost(Mp);
        if (side <= MIN_BOXES * PURE_BOX) return;
    }
    /* or split, with boxes from half a unit to eight units wide (wider when
     * the FFT size limit says so) */
    for (double bw = 0.5; bw <= 8 || isinf(best); bw *= 1.25) {
        int nbs = (int)ceil(side / bw);
        if (nbs < MIN_BOXES) nbs = MIN_BOXES;
        int Ms = fft_size(2 * NODES * nbs);
        double ws = side / (Ms / (2 * NODES)), bs = SPLIT_RATIO * ws;
        double cost = grid_cost(Ms);
        if (cost >= best) continue;
        cost += COST_PAIR * (double)tsne_near_pairs(f->near, Y, n, box, bs);
        if (cost < best) best = cost, *w = ws, *M = Ms, *b = bs;
    }
}

int tsne_fft_repulsion(TsneFft *f, const double *Y, size_t n, Pool *pool, double *R, double *zi, double *Z,
                       Err *e)
{
    double box[4];
    tsne_bounds(Y, n, box);
    double minx = box[0], miny = box[1], maxx = box[2], maxy = box[3];
    if (!isfinite(minx + maxx + miny + maxy)) return err_set(e, "tsne: the map diverged (a coordinate is not finite)");
    double side = fmax(fmax(maxx - minx, maxy - miny), 1e-9) * 1.0001;
    if (side > 1e5) return err_set(e, "tsne: the map diverged (width %g); try a smaller learning rate", side);
    if (!f->near && !(f->near = tsne_near_new(e))) return -1;
    if (n > f->ncap) {
        int *box = realloc(f->box, 2 * n * sizeof *box);
        if (box) f->box = box;
        double *wts = realloc(f->wts, 6 * n * sizeof *wts);
        if (wts) f->wts = wts;
        double *Rn = realloc(f->Rn, 2 * n * sizeof *Rn);
        if (Rn) f->Rn = Rn;
        if (!box || !wts || !Rn) return err_nomem(e, n * (2 * sizeof *box + 8 * sizeof *wts), "tsne grid");
        f->ncap = n;
    }
    /* The grid: forced, or chosen (again every 10 calls, or when the map
     * has outgrown it); box widths are quantised so the kernel spectra
     * can be kept from one call to the next. */
    double w, b;
    int M;
    if (f->force_box > 0) {
        int nb = (int)ceil(side / f->force_box);
        M = fft_size(2 * NODES * (nb < MIN_BOXES ? MIN_BOXES : nb));
        w = side / (M / (2 * NODES));
        b = f->force_b;
    } else if (f->M == 0 || f->calls - f->decided_at >= 10 || side > f->nb * f->w) {
        choose(f, side, Y, n, box, &w, &M, &b);
        f->decided_at = f->calls;
    } else {
        M = f->M;
        w = f->w;
        b = f->b;
    }
    f->calls++;
    double wq = exp2(ceil(log2(w) * 16) / 16); /* quantised up */
    int nb = M / (2 * NODES);
    while (nb * wq < side) wq *= exp2(1.0 / 16);
    if (b > 0 && f->force_box <= 0) b = SPLIT_RATIO * wq;
    if (make_grid(f, M, e) < 0) return -1;
    if (f->nb != nb || f->w != wq || f->b != b) f->kvalid = 0;
    f->nb = nb;
    f->G = NODES * nb;
    f->w = wq;
    f->b = b;
    f->a = 0;
    f->Y = Y;
    f->n = n;
    f->R = R;
    f->cx = (minx + maxx) / 2;
    f->cy = (miny + maxy) / 2;
    f->x0 = f->cx - nb * wq / 2;
    f->y0 = f->cy - nb * wq / 2;
    f->nt = pool_threads(pool) * 4;
    f->zi = zi;
    f->nrows = 0;
    if (b > 0) {
        if (tsne_near_prepare(f->near, Y, n, box, 0, b, e) < 0) return -1;
        f->nrows = tsne_near_rows(f->near);
    }
    pool_run(pool, f->nt, weights_task, f);
    if (!f->kvalid) {
        pool_run(pool, 2, kernel_task, f);
        f->kvalid = 1;
    }
    pool_run(pool, 3 + (f->nrows + 1) / 2, main_task, f);
    if (f->nrows > 1) pool_run(pool, f->nrows / 2, odd_rows_task, f);
    pool_run(pool, f->nt, gather_task, f);
    double zn = 0;
    if (b > 0)
        for (size_t i = 0; i < n; i++) zn += zi[i]; /* in order: the same for any thread count */
    /* the plain grid counts each point's w = 1 with itself; the split
     * grid's far kernel is 0 there and the near field leaves it out */
    *Z = f->z + zn - (b > 0 ? 0 : (double)n);
    return 0;
}
