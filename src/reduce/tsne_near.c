/* tsne_near.c — the near field of t-SNE's repulsion: exact sums over the
 * pairs closer than b on the map, found with a cell list.
 *
 * tsne_fft.c splits each kernel k(d) (w = 1 / (1 + d^2) and w^2) into
 *   k(d) S(d^2)        a near part, zero beyond d = b, summed here exactly;
 *   k(d) (1 - S(d^2))  a far part, zero at d = 0 and smooth, which a coarse
 *                      interpolation grid represents well;
 * with S = 1 below a^2, 0 above b^2 and the quintic smootherstep between
 * (in d^2, so no square roots), the same split as Ewald summation and
 * particle-particle/particle-mesh methods use for the Coulomb kernel.
 *
 * Points are binned into square cells of side >= b and copied, cell by
 * cell, into float arrays padded to eights (the padding sits far away,
 * where S = 0).  Each pair is visited once (Newton's third law): a cell
 * meets its own points from both sides, and its east, north-east, north
 * and north-west neighbours once, adding the pair's terms to both points'
 * accumulators, eight pairs at a time (GCC's vector extension, also in
 * clang; on x86-64 compiled twice, for AVX2 and for plain SSE2, and picked
 * when the program loads).  A row of cells writes only to itself and the row above,
 * so the even rows run side by side, then the odd rows: each accumulator
 * receives its terms in the same order whatever the number of threads.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/simd.h"
#include "reduce/tsne_impl.h"

#define LANES 8
typedef int v8i __attribute__((vector_size(4 * LANES)));
#define PAD(c) (((c) + LANES - 1) & ~(size_t)(LANES - 1))

struct TsneNear {
    size_t ncap, ccap, scap, hcap;
    int *cell;       /* per point: its cell */
    size_t *slot;    /* per point: its slot in the cell order */
    size_t *start;   /* per cell + 1: first padded slot */
    size_t *count;   /* per cell: points */
    float *xs, *ys;  /* coordinates by slot */
    float *fx, *fy, *z; /* accumulators by slot */
    size_t *hist;    /* tsne_near_pairs' cell counts */
    /* this call */
    size_t n;
    int ncx, ncy;
    float a2, inv;
};

double tsne_switch(double u, double a2, double b2)
{
    if (u <= a2) return 1;
    if (u >= b2) return 0;
    double t = (u - a2) / (b2 - a2);
    return 1 - t * t * t * (t * (6 * t - 15) + 10);
}

TsneNear *tsne_near_new(Err *e)
{
    TsneNear *f = calloc(1, sizeof *f);
    if (!f) err_nomem(e, sizeof *f, "tsne cell list");
    return f;
}

void tsne_near_free(TsneNear *f)
{
    if (!f) return;
    free(f->cell);
    free(f->slot);
    free(f->start);
    free(f->count);
    free(f->xs);
    free(f->ys);
    free(f->fx);
    free(f->fy);
    free(f->z);
    free(f->hist);
    free(f);
}

/* Grow a buffer to hold n items of size sz; 0 or -1. */
static int grow_buf(void **p, size_t *cap, size_t n, size_t sz)
{
    if (n <= *cap) return 0;
    void *q = realloc(*p, n * sz);
    if (!q) return -1;
    *p = q;
    return 0;
}

/* Cells of side b over the bounding box. */
static void cell_grid(const double box[4], double b, int *ncx, int *ncy)
{
    *ncx = (int)((box[2] - box[0]) / b) + 1;
    *ncy = (int)((box[3] - box[1]) / b) + 1;
}

static int cell_of(double x, double y, const double box[4], double b, int ncx, int ncy)
{
    int cx = (int)((x - box[0]) / b), cy = (int)((y - box[1]) / b);
    if (cx >= ncx) cx = ncx - 1;
    if (cy >= ncy) cy = ncy - 1;
    return cy * ncx + cx;
}

/* The pair terms of the point (X, Yv) against the eight slots at t: the
 * offsets dx, dy, qs = S w and m = S w^2.  A macro, not a function: in a
 * function taking 32-byte vectors the SSE2 clone would need another ABI. */
#define TERMS(t)                                                                                                    \
    v8f xj, yj;                                                                                                    \
    memcpy(&xj, f->xs + (t), sizeof xj);                                                                           \
    memcpy(&yj, f->ys + (t), sizeof yj);                                                                           \
    v8f dx = X - xj, dy = Yv - yj, u = dx * dx + dy * dy, q = one / (one + u), tt = (u - a2) * inv;               \
    v8i lo = tt < zero, hi = tt > one; /* clamp to [0, 1] with masks */                                            \
    tt = (v8f)(((v8i)tt & ~(lo | hi)) | ((v8i)one & hi));                                                         \
    v8f qs = q * (one - tt * tt * tt * (tt * (6 * tt - 15) + 10)), m = qs * q

/* Cell c against itself (each point's own sums, both directions) and
 * against its E, NE, N and NW neighbours (both points of every pair). */
SIMD_CLONES static void cell_pairs(TsneNear *f, int cx, int cy)
{
    int c = cy * f->ncx + cx;
    size_t s0 = f->start[c], s1 = s0 + f->count[c], e0 = f->start[c + 1];
    int nb[4], nn = 0;
    if (cx + 1 < f->ncx) nb[nn++] = c + 1;
    if (cy + 1 < f->ncy) {
        if (cx + 1 < f->ncx) nb[nn++] = c + f->ncx + 1;
        nb[nn++] = c + f->ncx;
        if (cx > 0) nb[nn++] = c + f->ncx - 1;
    }
    const v8f zero = {0}, one = zero + 1, a2 = zero + f->a2, inv = zero + f->inv;
    for (size_t s = s0; s < s1; s++) {
        v8f X = zero + f->xs[s], Yv = zero + f->ys[s], fx = zero, fy = zero, z = zero;
        for (size_t t = s0; t < e0; t += LANES) { /* own cell: this point's side only */
            TERMS(t);
            z += qs;
            fx += m * dx;
            fy += m * dy;
        }
        for (int k = 0; k < nn; k++) {
            int d = nb[k];
            for (size_t t = f->start[d]; t < f->start[d + 1]; t += LANES) {
                TERMS(t);
                v8f mx = m * dx, my = m * dy, ox, oy, oz;
                z += qs;
                fx += mx;
                fy += my;
                /* the other point gets the same w and the opposite force */
                memcpy(&ox, f->fx + t, sizeof ox);
                memcpy(&oy, f->fy + t, sizeof oy);
                memcpy(&oz, f->z + t, sizeof oz);
                ox -= mx;
                oy -= my;
                oz += qs;
                memcpy(f->fx + t, &ox, sizeof ox);
                memcpy(f->fy + t, &oy, sizeof oy);
                memcpy(f->z + t, &oz, sizeof oz);
            }
        }
        float sx = 0, sy = 0, sz = 0;
        for (int k = 0; k < LANES; k++) sx += fx[k], sy += fy[k], sz += z[k];
        f->fx[s] += sx;
        f->fy[s] += sy;
        f->z[s] += sz;
    }
}

void tsne_near_row(TsneNear *f, int row)
{
    if (row < 0 || row >= f->ncy) return;
    for (int cx = 0; cx < f->ncx; cx++) cell_pairs(f, cx, row);
}

int tsne_near_rows(const TsneNear *f)
{
    return f->ncy;
}

void tsne_near_result(const TsneNear *f, size_t i0, size_t i1, double *R, double *zi)
{
    for (size_t i = i0; i < i1; i++) {
        size_t s = f->slot[i];
        R[2 * i] = f->fx[s];
        R[2 * i + 1] = f->fy[s];
        zi[i] = (double)f->z[s] - 1; /* the point met itself once: w = 1, no force */
    }
}

size_t tsne_near_pairs(TsneNear *f, const double *Y, size_t n, const double box[4], double b)
{
    int ncx, ncy;
    cell_grid(box, b, &ncx, &ncy);
    size_t ncells = (size_t)ncx * (size_t)ncy;
    if (ncells > 4 * n + 64) return (size_t)-1 / 4; /* far more cells than points: b is tiny, say "too many" */
    if (grow_buf((void **)&f->hist, &f->hcap, ncells, sizeof *f->hist) < 0) return (size_t)-1 / 4;
    f->hcap = f->hcap > ncells ? f->hcap : ncells;
    memset(f->hist, 0, ncells * sizeof *f->hist);
    for (size_t i = 0; i < n; i++) f->hist[cell_of(Y[2 * i], Y[2 * i + 1], box, b, ncx, ncy)]++;
    /* own cell from each point's side, four neighbours once */
    static const int off[5][2] = {{0, 0}, {1, 0}, {1, 1}, {0, 1}, {-1, 1}};
    size_t pairs = 0;
    for (int cy = 0; cy < ncy; cy++)
        for (int cx = 0; cx < ncx; cx++) {
            size_t own = f->hist[cy * ncx + cx], around = 0;
            if (!own) continue;
            for (int k = 0; k < 5; k++) {
                int x = cx + off[k][0], y = cy + off[k][1];
                if (x >= 0 && x < ncx && y < ncy) around += PAD(f->hist[y * ncx + x]);
            }
            pairs += own * around;
        }
    return pairs;
}

int tsne_near_prepare(TsneNear *f, const double *Y, size_t n, const double box[4], double a, double b, Err *e)
{
    int ncx, ncy;
    cell_grid(box, b, &ncx, &ncy);
    size_t ncells = (size_t)ncx * (size_t)ncy;
    size_t old = f->ncap;
    if (grow_buf((void **)&f->cell, &old, n, sizeof *f->cell) < 0 ||
        grow_buf((void **)&f->slot, &f->ncap, n, sizeof *f->slot) < 0)
        return err_nomem(e, n * 16, "tsne cell list");
    f->ncap = f->ncap > n ? f->ncap : n;
    old = f->ccap;
    if (grow_buf((void **)&f->start, &old, ncells + 1, sizeof *f->start) < 0 ||
        grow_buf((void **)&f->count, &f->ccap, ncells + 1, sizeof *f->count) < 0)
        return err_nomem(e, ncells * 16, "tsne cell list");
    f->ccap = f->ccap > ncells + 1 ? f->ccap : ncells + 1;
    f->ncx = ncx;
    f->ncy = ncy;
    memset(f->count, 0, ncells * sizeof *f->count);
    for (size_t i = 0; i < n; i++) {
        f->cell[i] = cell_of(Y[2 * i], Y[2 * i + 1], box, b, ncx, ncy);
        f->count[f->cell[i]]++;
    }
    f->start[0] = 0;
    for (size_t c = 0; c < ncells; c++) f->start[c + 1] = f->start[c] + PAD(f->count[c]);
    size_t slots = f->start[ncells];
    if (slots > f->scap) {
        size_t cap = slots + slots / 4 + 16, c0 = f->scap;
        float **arr[5] = {&f->xs, &f->ys, &f->fx, &f->fy, &f->z};
        for (int k = 0; k < 5; k++) {
            c0 = f->scap;
            if (grow_buf((void **)arr[k], &c0, cap, sizeof(float)) < 0) return err_nomem(e, cap * 20, "tsne cell list");
        }
        f->scap = cap;
    }
    /* padding: a point so far away that S = 0 (coordinates are within
     * [0, side] and side < 1e5, checked by the caller) */
    for (size_t t = 0; t < slots; t++) f->xs[t] = f->ys[t] = 3e6f;
    memset(f->fx, 0, slots * sizeof *f->fx);
    memset(f->fy, 0, slots * sizeof *f->fy);
    memset(f->z, 0, slots * sizeof *f->z);
    memset(f->count, 0, ncells * sizeof *f->count);
    for (size_t i = 0; i < n; i++) {
        int c = f->cell[i];
        size_t s = f->start[c] + f->count[c]++;
        f->slot[i] = s;
        f->xs[s] = (float)(Y[2 * i] - box[0]);
        f->ys[s] = (float)(Y[2 * i + 1] - box[1]);
    }
    f->n = n;
    f->a2 = (float)(a * a);
    f->inv = (float)(1 / (b * b - a * a));
    return 0;
}

typedef struct NearRun {
    TsneNear *f;
    int parity, nt;
    double *R, *zi;
} NearRun;

static void row_task(void *arg, int t)
{
    NearRun *r = arg;
    tsne_near_row(r->f, 2 * t + r->parity);
}

static void result_task(void *arg, int t)
{
    NearRun *r = arg;
    tsne_near_result(r->f, pool_split(r->f->n, t, r->nt), pool_split(r->f->n, t + 1, r->nt), r->R, r->zi);
}

int tsne_near_repulsion(TsneNear *f, const double *Y, size_t n, double a, double b, Pool *pool, double *R,
                        double *zi, double *Z, Err *e)
{
    double box[4];
    tsne_bounds(Y, n, box);
    if (tsne_near_prepare(f, Y, n, box, a, b, e) < 0) return -1;
    NearRun r = {f, 0, pool_threads(pool) * 4, R, zi};
    int rows = tsne_near_rows(f);
    pool_run(pool, (rows + 1) / 2, row_task, &r);
    r.parity = 1;
    pool_run(pool, rows / 2, row_task, &r);
    pool_run(pool, r.nt, result_task, &r);
    double s = 0;
    for (size_t i = 0; i < n; i++) s += zi[i];
    *Z = s;
    return 0;
}
