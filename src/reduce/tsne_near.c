/* tsne_near.c — the near field of t-SNE's repulsion: exact sums over the
 * pairs closer than b on the map, found with a cell list.
 *
 * tsne_fft.c splits each kernel k(d) (w = 1 / (1 + d^2) and w^2) into
 *   k(d) S(d^2)        a near part, zero beyond d = b, summed here exactly;
 *   k(d) (1 - S(d^2))  a far part, zero inside d = a and smooth, which a
 *                      coarse interpolation grid represents well;
 * with S = 1 below a^2, 0 above b^2 and the quintic smootherstep between
 * (in d^2, so no square roots), the same split as Ewald summation and
 * particle-particle/particle-mesh methods use for the Coulomb kernel.  The
 * grid then needs a node spacing set by the far part's smoothness (about
 * b / 4) instead of by the kernel's unit width, which on a large map cuts
 * the FFTs by an order of magnitude while the near pairs are exact.
 *
 * Points are binned into square cells of side >= b, each cell's points
 * copied next to each other in float, and every point looks at the 3 x 3
 * cells around its own, four pairs at a time (SSE via GCC's vector
 * extension, also in clang).  A point's sums are its own, in a fixed
 * order, so the result does not depend on the number of threads.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "reduce/tsne_impl.h"

typedef float v4f __attribute__((vector_size(16)));
typedef int v4i __attribute__((vector_size(16)));

struct TsneNear {
    size_t ncap, ccap;
    int *cell;      /* per point: its cell */
    size_t *start;  /* per cell + 1: first point in the cell order */
    uint32_t *ord;  /* cell order -> point */
    float *xs, *ys; /* coordinates in cell order, padded to a multiple of 4 per cell */
    size_t *pstart; /* per cell + 1: first padded slot */
    size_t scap;    /* slots allocated in xs, ys */
    size_t *hist;   /* tsne_near_pairs' cell counts */
    size_t hcap;
    /* this call */
    const double *Y;
    size_t n;
    int ncx, ncy;
    double x0, y0, cs; /* cell grid origin and cell side */
    float a2, b2, inv;
    double *R, *zi;
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
    free(f->start);
    free(f->ord);
    free(f->xs);
    free(f->ys);
    free(f->pstart);
    free(f->hist);
    free(f);
}

static int grow(TsneNear *f, size_t n, size_t ncells, Err *e)
{
    if (n > f->ncap) {
        int *cell = realloc(f->cell, n * sizeof *cell);
        if (cell) f->cell = cell;
        uint32_t *ord = realloc(f->ord, n * sizeof *ord);
        if (ord) f->ord = ord;
        if (!cell || !ord) return err_nomem(e, n * 8, "tsne cell list");
        f->ncap = n;
    }
    if (ncells + 1 > f->ccap) {
        size_t *start = realloc(f->start, (ncells + 1) * sizeof *start);
        if (start) f->start = start;
        size_t *pstart = realloc(f->pstart, (ncells + 1) * sizeof *pstart);
        if (pstart) f->pstart = pstart;
        if (!start || !pstart) return err_nomem(e, ncells * 16, "tsne cell list");
        f->ccap = ncells + 1;
    }
    return 0;
}

/* Sums for the points of cell c against the 3 x 3 cells around it. */
static void cell_sums(TsneNear *f, int cx, int cy)
{
    int c = cy * f->ncx + cx;
    v4f a2 = {f->a2, f->a2, f->a2, f->a2}, inv = {f->inv, f->inv, f->inv, f->inv};
    v4f one = {1, 1, 1, 1}, zero = {0, 0, 0, 0}, six = {6, 6, 6, 6}, c15 = {15, 15, 15, 15}, ten = {10, 10, 10, 10};
    for (size_t s = f->start[c]; s < f->start[c + 1]; s++) {
        uint32_t i = f->ord[s];
        float xi = f->xs[f->pstart[c] + (s - f->start[c])], yi = f->ys[f->pstart[c] + (s - f->start[c])];
        v4f X = {xi, xi, xi, xi}, Yv = {yi, yi, yi, yi}, fx = zero, fy = zero, z = zero;
        for (int dy = -1; dy <= 1; dy++) {
            int ny = cy + dy;
            if (ny < 0 || ny >= f->ncy) continue;
            for (int dx = -1; dx <= 1; dx++) {
                int nx = cx + dx;
                if (nx < 0 || nx >= f->ncx) continue;
                int d = ny * f->ncx + nx;
                /* padded slots sit far away: their S is 0 */
                for (size_t t = f->pstart[d]; t < f->pstart[d + 1]; t += 4) {
                    v4f xj, yj;
                    memcpy(&xj, f->xs + t, sizeof xj);
                    memcpy(&yj, f->ys + t, sizeof yj);
                    v4f ddx = X - xj, ddy = Yv - yj, u = ddx * ddx + ddy * ddy;
                    v4f q = one / (one + u);
                    v4f tt = (u - a2) * inv;
                    v4i lo = tt < zero, hi = tt > one; /* clamp to [0, 1] with masks */
                    tt = (v4f)(((v4i)tt & ~(lo | hi)) | ((v4i)one & hi));
                    v4f sw = one - tt * tt * tt * (tt * (six * tt - c15) + ten);
                    v4f qs = q * sw;
                    z += qs;
                    v4f m = qs * q;
                    fx += m * ddx;
                    fy += m * ddy;
                }
            }
        }
        /* the point met itself once: w = 1, no force */
        f->R[2 * i] = (double)fx[0] + fx[1] + fx[2] + fx[3];
        f->R[2 * i + 1] = (double)fy[0] + fy[1] + fy[2] + fy[3];
        f->zi[i] = (double)z[0] + z[1] + z[2] + z[3] - 1;
    }
}

void tsne_near_chunk(TsneNear *f, int chunk, int nchunks)
{
    int a = (int)tsne_split((size_t)f->ncy, chunk, nchunks), b = (int)tsne_split((size_t)f->ncy, chunk + 1, nchunks);
    for (int cy = a; cy < b; cy++)
        for (int cx = 0; cx < f->ncx; cx++) cell_sums(f, cx, cy);
}

/* Cells of side b over the bounding box. */
static void cell_grid(const double box[4], double b, int *ncx, int *ncy)
{
    *ncx = (int)((box[2] - box[0]) / b) + 1;
    *ncy = (int)((box[3] - box[1]) / b) + 1;
}

static int cell_of(double x, double y, double x0, double y0, double b, int ncx, int ncy)
{
    int cx = (int)((x - x0) / b), cy = (int)((y - y0) / b);
    if (cx >= ncx) cx = ncx - 1;
    if (cy >= ncy) cy = ncy - 1;
    return cy * ncx + cx;
}

size_t tsne_near_pairs(TsneNear *f, const double *Y, size_t n, const double box[4], double b)
{
    double x0 = box[0], y0 = box[1];
    int ncx, ncy;
    cell_grid(box, b, &ncx, &ncy);
    size_t ncells = (size_t)ncx * (size_t)ncy;
    if (ncells > 4 * n + 64) return (size_t)-1 / 4; /* far more cells than points: b is tiny, say "too many" */
    if (ncells + 1 > f->hcap) {
        size_t *h = realloc(f->hist, (ncells + 1) * sizeof *h);
        if (!h) return (size_t)-1 / 4;
        f->hist = h;
        f->hcap = ncells + 1;
    }
    memset(f->hist, 0, ncells * sizeof *f->hist);
    for (size_t i = 0; i < n; i++) f->hist[cell_of(Y[2 * i], Y[2 * i + 1], x0, y0, b, ncx, ncy)]++;
    size_t pairs = 0;
    for (int cy = 0; cy < ncy; cy++)
        for (int cx = 0; cx < ncx; cx++) {
            size_t own = f->hist[cy * ncx + cx], around = 0;
            if (!own) continue;
            for (int dy = -1; dy <= 1; dy++)
                for (int dx = -1; dx <= 1; dx++) {
                    int x = cx + dx, y = cy + dy;
                    if (x >= 0 && x < ncx && y >= 0 && y < ncy) around += (f->hist[y * ncx + x] + 3) & ~(size_t)3;
                }
            pairs += own * around;
        }
    return pairs;
}

int tsne_near_prepare(TsneNear *f, const double *Y, size_t n, const double box[4], double a, double b, double *R,
                      double *zi, int nchunks, Err *e)
{
    double minx = box[0], miny = box[1];
    cell_grid(box, b, &f->ncx, &f->ncy);
    f->cs = b;
    size_t ncells = (size_t)f->ncx * (size_t)f->ncy;
    if (grow(f, n, ncells, e) < 0) return -1;
    f->x0 = minx;
    f->y0 = miny;
    memset(f->start, 0, (ncells + 1) * sizeof *f->start);
    for (size_t i = 0; i < n; i++) {
        f->cell[i] = cell_of(Y[2 * i], Y[2 * i + 1], minx, miny, b, f->ncx, f->ncy);
        f->start[f->cell[i] + 1]++;
    }
    f->pstart[0] = 0;
    for (size_t c = 0; c < ncells; c++) {
        f->pstart[c + 1] = f->pstart[c] + ((f->start[c + 1] + 3) & ~(size_t)3);
        f->start[c + 1] += f->start[c];
    }
    size_t slots = f->pstart[ncells];
    if (slots + 4 > f->scap) {
        float *xs = realloc(f->xs, (slots + 4) * sizeof *xs);
        if (xs) f->xs = xs;
        float *ys = realloc(f->ys, (slots + 4) * sizeof *ys);
        if (ys) f->ys = ys;
        if (!xs || !ys) return err_nomem(e, slots * 8, "tsne cell list");
        f->scap = slots + 4;
    }
    /* padding: a point so far away that S = 0 (coordinates are within
     * [0, side] and side < 1e5, checked by the caller) */
    for (size_t t = 0; t < slots; t++) f->xs[t] = f->ys[t] = 3e6f;
    for (size_t i = 0; i < n; i++) f->ord[f->start[f->cell[i]]++] = (uint32_t)i;
    /* start[c] now holds the old start[c + 1]: shift back */
    for (size_t c = ncells; c > 0; c--) f->start[c] = f->start[c - 1];
    f->start[0] = 0;
    for (size_t c = 0; c < ncells; c++)
        for (size_t s = f->start[c]; s < f->start[c + 1]; s++) {
            uint32_t i = f->ord[s];
            size_t slot = f->pstart[c] + (s - f->start[c]);
            f->xs[slot] = (float)(Y[2 * i] - minx);
            f->ys[slot] = (float)(Y[2 * i + 1] - miny);
        }
    f->Y = Y;
    f->n = n;
    f->a2 = (float)(a * a);
    f->b2 = (float)(b * b);
    f->inv = (float)(1 / (b * b - a * a));
    f->R = R;
    f->zi = zi;
    return nchunks < f->ncy ? nchunks : f->ncy;
}

typedef struct NearRun {
    TsneNear *f;
    int nchunks;
} NearRun;

static void near_task(void *arg, int t)
{
    NearRun *r = arg;
    tsne_near_chunk(r->f, t, r->nchunks);
}

int tsne_near_repulsion(TsneNear *f, const double *Y, size_t n, double a, double b, TsnePool *pool, double *R,
                        double *zi, double *Z, Err *e)
{
    double box[4];
    tsne_bounds(Y, n, box);
    int nc = tsne_near_prepare(f, Y, n, box, a, b, R, zi, tsne_pool_threads(pool) * 4, e);
    if (nc < 0) return -1;
    NearRun r = {f, nc};
    tsne_pool_run(pool, nc, near_task, &r);
    double s = 0;
    for (size_t i = 0; i < n; i++) s += zi[i];
    *Z = s;
    return 0;
}
