/* tsne.c — the t-SNE optimiser, the exact and attractive forces, the
 * gradient and KL(P||Q).  The Barnes-Hut and FFT repulsions live in
 * tsne_bh.c and tsne_fft.c, P in tsne_affinity.c (see tsne.h). */
#include "reduce/tsne.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/blas.h"
#include "core/rng.h"
#include "core/simd.h"
#include "reduce/pca.h"
#include "reduce/tsne_impl.h"

/* auto: exact while N^2 is cheap, Barnes-Hut while its N log N tree walks
 * beat the FFT grid's fixed cost (at least 300 x 300 transforms an
 * iteration), the FFT beyond. */
#define AUTO_EXACT_MAX 250
#define AUTO_BH_MAX 1500
#define EXACT_MAX 20000 /* the exact method refuses more points */
#define MAX_STEP 5       /* longest move of a point in one iteration */

const char *tsne_method_name(TsneMethod m)
{
    switch (m) {
    case TSNE_EXACT: return "exact";
    case TSNE_BH: return "bh";
    case TSNE_FFT: return "fft";
    default: return "auto";
    }
}

TsneMethod tsne_auto_method(size_t n, int dims)
{
    if (dims != 2 || n <= AUTO_EXACT_MAX) return TSNE_EXACT;
    return n <= AUTO_BH_MAX ? TSNE_BH : TSNE_FFT;
}

void tsne_default_opts(TsneOpts *o)
{
    memset(o, 0, sizeof *o);
    o->dims = 2;
    o->perplexity = 30;
    o->iters = 1000;
    o->exaggeration = 12;
    o->exaggeration_iters = 250;
    o->lr = 0;
    o->init_pca = 1;
    o->theta = 0.5;
    o->method = TSNE_AUTO;
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    o->threads = cpus < 1 ? 1 : cpus > 8 ? 8 : (int)cpus;
    o->seed = 42;
}

void tsne_result_free(TsneResult *r)
{
    mat_free(r->Y);
    mat_free(r->kl);
    memset(r, 0, sizeof *r);
}

/* ---- forces -------------------------------------------------------- */

typedef struct Forces {
    const SparseP *P;
    const double *Y;
    const float *Yf; /* Y in float (2-D attractive forces) */
    size_t n;
    int dims, nt;
    double *F, *zi;
} Forces;

/* Eight neighbours at a time in float (GCC's vector extension, also in
 * clang; on x86-64 compiled for AVX2 and for SSE2, picked at load time):
 * the division and the gathers dominate, and float keeps seven digits of
 * forces whose sum is taken in double per point. */
SIMD_CLONES static void attractive_2d(const Forces *w, size_t a, size_t b)
{
    const SparseP *P = w->P;
    const float *Yf = w->Yf;
    const v8f zero = {0}, one = zero + 1;
    for (size_t i = a; i < b; i++) {
        float yx = Yf[2 * i], yy = Yf[2 * i + 1];
        v8f X = zero + yx, Yv = zero + yy, fx = zero, fy = zero;
        size_t s = P->row[i], end = P->row[i + 1];
        for (; s + 8 <= end; s += 8) {
            const uint32_t *c = P->col + s;
            v8f xj, yj, p;
            for (int k = 0; k < 8; k++) {
                xj[k] = Yf[2 * c[k]];
                yj[k] = Yf[2 * c[k] + 1];
            }
            memcpy(&p, P->val + s, sizeof p);
            v8f dx = X - xj, dy = Yv - yj, m = p / (one + dx * dx + dy * dy);
            fx += m * dx;
            fy += m * dy;
        }
        double sx = 0, sy = 0;
        for (int k = 0; k < 8; k++) sx += fx[k], sy += fy[k];
        for (; s < end; s++) {
            size_t j = P->col[s];
            float dx = yx - Yf[2 * j], dy = yy - Yf[2 * j + 1], m = P->val[s] / (1 + dx * dx + dy * dy);
            sx += m * dx;
            sy += m * dy;
        }
        w->F[2 * i] = sx;
        w->F[2 * i + 1] = sy;
    }
}

static void attractive_task(void *arg, int t)
{
    Forces *w = arg;
    const SparseP *P = w->P;
    const double *Y = w->Y;
    int dims = w->dims;
    size_t a = pool_split(w->n, t, w->nt), b = pool_split(w->n, t + 1, w->nt);
    if (dims == 2 && w->Yf) {
        attractive_2d(w, a, b);
        return;
    }
    for (size_t i = a; i < b; i++) {
        double f[8] = {0};
        for (size_t s = P->row[i]; s < P->row[i + 1]; s++) {
            size_t j = P->col[s];
            double diff[8], d = 0;
            for (int c = 0; c < dims; c++) {
                diff[c] = Y[i * dims + c] - Y[j * dims + c];
                d += diff[c] * diff[c];
            }
            double m = P->val[s] / (1 + d);
            for (int c = 0; c < dims; c++) f[c] += m * diff[c];
        }
        for (int c = 0; c < dims; c++) w->F[i * dims + c] = f[c];
    }
}

void tsne_attractive(const SparseP *P, const double *Y, float *Yf, int dims, Pool *pool, double *F)
{
    int nt = pool_threads(pool) * 4;
    if (dims == 2 && Yf)
        for (size_t i = 0; i < 2 * P->n; i++) Yf[i] = (float)Y[i];
    Forces w = {P, Y, dims == 2 ? Yf : NULL, P->n, dims, nt, F, NULL};
    pool_run(pool, nt, attractive_task, &w);
}

static void exact_task(void *arg, int t)
{
    Forces *w = arg;
    const double *Y = w->Y;
    int dims = w->dims;
    size_t n = w->n, a = pool_split(n, t, w->nt), b = pool_split(n, t + 1, w->nt);
    for (size_t i = a; i < b; i++) {
        double f[8] = {0}, z = 0;
        const double *yi = Y + i * dims;
        for (size_t j = 0; j < n; j++) {
            if (j == i) continue;
            const double *yj = Y + j * dims;
            double diff[8], d = 0;
            for (int c = 0; c < dims; c++) {
                diff[c] = yi[c] - yj[c];
                d += diff[c] * diff[c];
            }
            double q = 1 / (1 + d);
            z += q;
            for (int c = 0; c < dims; c++) f[c] += q * q * diff[c];
        }
        for (int c = 0; c < dims; c++) w->F[i * dims + c] = f[c];
        w->zi[i] = z;
    }
}

void tsne_repulsion_exact(const double *Y, size_t n, int dims, Pool *pool, double *R, double *zi, double *Z)
{
    int nt = pool_threads(pool) * 4;
    Forces w = {NULL, Y, NULL, n, dims, nt, R, zi};
    pool_run(pool, nt, exact_task, &w);
    double s = 0;
    for (size_t i = 0; i < n; i++) s += zi[i];
    *Z = s;
}

/* Everything one gradient evaluation needs, kept across iterations. */
typedef struct Engine {
    TsneMethod method;
    double theta;
    Pool *pool;
    TsneBh *bh;
    TsneFft *fft;
    double *A, *R, *zi; /* attractive, repulsive (n x dims), per-point Z */
    float *Yf;          /* Y in float for the attractive forces */
} Engine;

static void engine_free(Engine *g)
{
    tsne_bh_free(g->bh);
    tsne_fft_free(g->fft);
    pool_free(g->pool);
    free(g->A);
    free(g->R);
    free(g->zi);
    free(g->Yf);
    memset(g, 0, sizeof *g);
}

static int engine_init(Engine *g, TsneMethod m, double theta, int threads, size_t n, int dims, Err *e)
{
    memset(g, 0, sizeof *g);
    g->method = m;
    g->theta = theta;
    size_t nd = n * (size_t)dims;
    g->A = malloc(nd * sizeof *g->A);
    g->R = malloc(nd * sizeof *g->R);
    g->zi = malloc(n * sizeof *g->zi);
    g->Yf = malloc(nd * sizeof *g->Yf);
    if (!g->A || !g->R || !g->zi || !g->Yf) {
        engine_free(g);
        return err_nomem(e, nd * 2 * sizeof(double), "tsne");
    }
    if (!(g->pool = pool_new(threads, e)) || (m == TSNE_BH && !(g->bh = tsne_bh_new(e))) ||
        (m == TSNE_FFT && !(g->fft = tsne_fft_new(e)))) {
        engine_free(g);
        return -1;
    }
    return 0;
}

/* grad = 4 (exag * A - R / Z); returns Z through *zsum. */
static int engine_gradient(Engine *g, const SparseP *P, const double *Y, int dims, double exag, double *grad,
                           double *zsum, Err *e)
{
    size_t n = P->n, nd = n * (size_t)dims;
    double Z = 0;
    tsne_attractive(P, Y, g->Yf, dims, g->pool, g->A);
    if (g->method == TSNE_BH) {
        if (tsne_bh_repulsion(g->bh, Y, n, g->theta, g->pool, g->R, g->zi, &Z, e) < 0) return -1;
    } else if (g->method == TSNE_FFT) {
        if (tsne_fft_repulsion(g->fft, Y, n, g->pool, g->R, g->zi, &Z, e) < 0) return -1;
    } else {
        tsne_repulsion_exact(Y, n, dims, g->pool, g->R, g->zi, &Z);
    }
    if (!(Z > 0)) Z = 1e-300; /* every point on one spot: no repulsion to speak of */
    for (size_t i = 0; i < nd; i++) grad[i] = 4 * (exag * g->A[i] - g->R[i] / Z);
    if (zsum) *zsum = Z;
    return 0;
}

int tsne_gradient(const SparseP *P, const double *Y, size_t n, int dims, TsneMethod m, double theta, double exag,
                  int threads, double *grad, double *zsum, Err *e)
{
    if (m == TSNE_AUTO) m = tsne_auto_method(n, dims);
    if (m != TSNE_EXACT && dims != 2) return err_set(e, "tsne: the %s method needs dims = 2", tsne_method_name(m));
    Engine g;
    if (engine_init(&g, m, theta, threads, n, dims, e) < 0) return -1;
    int rc = engine_gradient(&g, P, Y, dims, exag, grad, zsum, e);
    engine_free(&g);
    return rc;
}

/* ---- KL ------------------------------------------------------------ */

/* KL(P||Q) = sum p log p - sum p log w + log Z (P sums to 1), with Z
 * known from the gradient at the same Y. */
/* sum_j p_ij log(1 + d_ij^2) for rows [a, b), one partial per row. */
typedef struct KlRows {
    const SparseP *P;
    const double *Y;
    int dims, precise, nt;
    double *part;
} KlRows;

static void kl_task(void *arg, int t)
{
    KlRows *k = arg;
    const SparseP *P = k->P;
    const double *Y = k->Y;
    int dims = k->dims;
    size_t a = pool_split(P->n, t, k->nt), b = pool_split(P->n, t + 1, k->nt);
    for (size_t i = a; i < b; i++) {
        double s = 0;
        for (size_t u = P->row[i]; u < P->row[i + 1]; u++) {
            size_t j = P->col[u];
            double d = 0;
            for (int c = 0; c < dims; c++) {
                double x = Y[i * dims + c] - Y[j * dims + c];
                d += x * x;
            }
            /* float while optimising: twice as fast, and the KL is reported
             * to 4 digits; double for tsne_kl_exact (finite differences) */
            s += P->val[u] * (k->precise ? log1p(d) : logf(1 + (float)d));
        }
        k->part[i] = s;
    }
}

/* part: n doubles of scratch; pool may be NULL (one thread). */
static double kl_with_z(const SparseP *P, const double *Y, int dims, double Z, double plogp, int precise,
                        Pool *pool, double *part)
{
    KlRows k = {P, Y, dims, precise, pool_threads(pool) * 4, part};
    pool_run(pool, k.nt, kl_task, &k);
    double s = 0, psum = 0;
    for (size_t i = 0; i < P->n; i++) s += part[i]; /* in order: the same for any thread count */
    for (size_t t = 0; t < P->row[P->n]; t++) psum += P->val[t];
    return plogp + s + psum * log(Z);
}

static double p_log_p(const SparseP *P)
{
    double s = 0;
    for (size_t t = 0; t < P->row[P->n]; t++)
        if (P->val[t] > 0) s += P->val[t] * log(P->val[t]);
    return s;
}

double tsne_kl_exact(const SparseP *P, const double *Y, size_t n, int dims)
{
    double Z = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            if (i == j) continue;
            double d = 0;
            for (int c = 0; c < dims; c++) {
                double x = Y[i * dims + c] - Y[j * dims + c];
                d += x * x;
            }
            Z += 1 / (1 + d);
        }
    double *part = malloc(n * sizeof *part);
    if (!part) return NAN;
    double kl = kl_with_z(P, Y, dims, Z, p_log_p(P), 1, NULL, part);
    free(part);
    return kl;
}

void tsne_bounds(const double *Y, size_t n, double b[4])
{
    double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
    int bad = 0;
    for (size_t i = 0; i < n; i++) {
        double x = Y[2 * i], y = Y[2 * i + 1];
        bad |= x != x || y != y;
        x0 = x < x0 ? x : x0;
        x1 = x > x1 ? x : x1;
        y0 = y < y0 ? y : y0;
        y1 = y > y1 ? y : y1;
    }
    b[0] = bad ? NAN : x0;
    b[1] = y0;
    b[2] = x1;
    b[3] = y1;
}

/* ---- initialisation and memory order --------------------------------- */

int tsne_initial_y(const Mat *X, int dims, int pca, uint64_t seed, double *Y, Err *e)
{
    size_t n = X->rows;
    Rng r;
    rng_seed(&r, seed);
    if (pca && X->cols >= (size_t)dims) {
        Pca *p;
        int saved = blas_threads();
        blas_set_threads(1); /* the same numbers whatever the thread count */
        int rc = pca_fit(X, (size_t)dims, PCA_AUTO, 1, 0, -1, &r, &p, e);
        blas_set_threads(saved);
        if (rc < 0) return -1;
        double s = 0, m = 0;
        for (size_t i = 0; i < n; i++) m += MAT_AT(p->scores, i, 0);
        m /= (double)n;
        for (size_t i = 0; i < n; i++) s += (MAT_AT(p->scores, i, 0) - m) * (MAT_AT(p->scores, i, 0) - m);
        s = sqrt(s / (double)n);
        for (size_t i = 0; i < n; i++)
            for (int c = 0; c < dims; c++) Y[i * dims + c] = s > 0 ? MAT_AT(p->scores, i, c) / s * 1e-4 : 0;
        pca_free(p);
        if (s > 0) return 0;
        /* constant data: PCA has no direction; fall through to random */
    }
    for (size_t i = 0; i < n * (size_t)dims; i++) Y[i] = rng_normal(&r) * 1e-4;
    return 0;
}

/* Interleave the bits of x and y (16 each): the Morton (Z-order) code. */
static uint32_t morton(uint32_t x, uint32_t y)
{
    uint32_t m = 0;
    for (int b = 0; b < 16; b++) m |= ((x >> b) & 1u) << (2 * b) | ((y >> b) & 1u) << (2 * b + 1);
    return m;
}

typedef struct Keyed {
    uint32_t key, idx;
} Keyed;

static int keyed_cmp(const void *a, const void *b)
{
    const Keyed *x = a, *y = b;
    if (x->key != y->key) return x->key < y->key ? -1 : 1;
    return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/* Renumber the points in Z-order of their current 2-D positions, so that
 * points near each other on the map are near in memory: the grid
 * spreading, the tree walks, the cell list and above all the attractive
 * sums (whose neighbours in P end up near on the map) then hit the cache.
 * Done at the start and every REORDER_EVERY iterations, as the map moves.
 * The n x 2 arrays arr[0..na) (Y first: the key) and P are rewritten in
 * the new order; perm (working index -> input row) is updated. */
#define REORDER_EVERY 150
static int reorder_points(SparseP *P, double **arr, int na, size_t n, uint32_t *perm, Err *e)
{
    size_t nnz = P->row[n];
    Keyed *k = malloc(n * sizeof *k);
    uint32_t *inv = malloc(n * sizeof *inv), *p2 = malloc(n * sizeof *p2);
    double *tmp = malloc(2 * n * sizeof *tmp);
    SparseP Q = {n, malloc((n + 1) * sizeof(size_t)), malloc((nnz ? nnz : 1) * sizeof(uint32_t)),
                 malloc((nnz ? nnz : 1) * sizeof(float))};
    if (!k || !inv || !p2 || !tmp || !Q.row || !Q.col || !Q.val) {
        free(k);
        free(inv);
        free(p2);
        free(tmp);
        sparse_free(&Q);
        return err_nomem(e, n * 40 + nnz * 8, "tsne");
    }
    const double *Y = arr[0];
    double b[4];
    tsne_bounds(Y, n, b);
    for (size_t i = 0; i < n; i++) {
        uint32_t q[2];
        for (int c = 0; c < 2; c++) {
            double lo = b[c], hi = b[c + 2];
            q[c] = hi > lo ? (uint32_t)((Y[2 * i + c] - lo) / (hi - lo) * 65535.0) : 0;
        }
        k[i] = (Keyed){morton(q[0], q[1]), (uint32_t)i};
    }
    qsort(k, n, sizeof *k, keyed_cmp);
    for (size_t r = 0; r < n; r++) inv[k[r].idx] = (uint32_t)r;
    size_t nz = 0;
    Q.row[0] = 0;
    for (size_t r = 0; r < n; r++) {
        size_t old = k[r].idx;
        for (size_t t = P->row[old]; t < P->row[old + 1]; t++) {
            Q.col[nz] = inv[P->col[t]];
            Q.val[nz++] = P->val[t];
        }
        Q.row[r + 1] = nz;
        p2[r] = perm[old];
    }
    for (int a = 0; a < na; a++) {
        for (size_t r = 0; r < n; r++) {
            tmp[2 * r] = arr[a][2 * k[r].idx];
            tmp[2 * r + 1] = arr[a][2 * k[r].idx + 1];
        }
        memcpy(arr[a], tmp, 2 * n * sizeof *tmp);
    }
    memcpy(perm, p2, n * sizeof *perm);
    sparse_free(P);
    *P = Q;
    free(k);
    free(inv);
    free(p2);
    free(tmp);
    return 0;
}

/* Copy Y (in the working order) into m in the input's order. */
static void store_y(Mat *m, const double *Y, const uint32_t *perm, size_t n, int dims)
{
    for (size_t r = 0; r < n; r++) {
        size_t i = perm ? perm[r] : r;
        for (int c = 0; c < dims; c++) m->data[i * (size_t)dims + (size_t)c] = (float)Y[r * (size_t)dims + (size_t)c];
    }
}

/* ---- the optimiser ---------------------------------------------------- */

/* One gradient-descent step for points [a, b): momentum, delta-bar-delta
 * gains (Jacobs 1988, as in the reference t-SNE) and the step clip. */
typedef struct Step {
    double *Y, *U, *gain;
    const double *G;
    size_t n;
    int dims;
    double lr, mom;
    int nt;
} Step;

static void step_task(void *arg, int t)
{
    Step *s = arg;
    int dims = s->dims;
    size_t a = pool_split(s->n, t, s->nt), b = pool_split(s->n, t + 1, s->nt);
    for (size_t p = a; p < b; p++) {
        double len = 0;
        for (int c = 0; c < dims; c++) {
            size_t i = p * (size_t)dims + (size_t)c;
            s->gain[i] = (s->G[i] > 0) != (s->U[i] > 0) ? s->gain[i] + 0.2 : s->gain[i] * 0.8;
            if (s->gain[i] < 0.01) s->gain[i] = 0.01;
            s->U[i] = s->mom * s->U[i] - s->lr * s->gain[i] * s->G[i];
            len += s->U[i] * s->U[i];
        }
        /* No point moves more than MAX_STEP in one iteration (as FIt-SNE
         * and openTSNE do): with the large learning rates of big data, a
         * few points could otherwise be flung far off, and the map's extent
         * (the grid's size) with them. */
        double scale = len > MAX_STEP * MAX_STEP ? MAX_STEP / sqrt(len) : 1;
        for (int c = 0; c < dims; c++) {
            size_t i = p * (size_t)dims + (size_t)c;
            s->U[i] *= scale;
            s->Y[i] += s->U[i];
        }
    }
}

static int check_input(const char *f, const Mat *X, int dims, double perplexity, Err *e)
{
    size_t n = X->rows;
    if (n < 4) return err_set(e, "%s: needs at least 4 rows, got %zu", f, n);
    if (dims < 1 || dims > 8) return err_about(e, "dims", "%s: dims must be between 1 and 8, got %d", f, dims);
    if (!(perplexity > 0) || perplexity >= (double)(n - 1))
        return err_about(e, "perplexity", "%s: perplexity must be above 0 and below %zu (the number of other points), got %g", f,
                       n - 1, perplexity);
    for (size_t i = 0; i < n * X->cols; i++)
        if (!isfinite(X->data[i]))
            return err_about(e, "X", "%s: X has a missing or infinite value at row %zu, column %zu", f, i / X->cols,
                           i % X->cols);
    return 0;
}

int tsne_run(const Mat *X, const TsneOpts *o, TsneResult *res, Err *e)
{
    size_t n = X->rows;
    int dims = o->dims;
    memset(res, 0, sizeof *res);
    if (check_input("tsne", X, dims, o->perplexity, e) < 0) return -1;
    if (o->iters < 0) return err_about(e, "iters", "tsne: iters must be at least 0, got %d", o->iters);
    if (!(o->exaggeration > 0)) return err_about(e, "exaggeration", "tsne: exaggeration must be above 0, got %g", o->exaggeration);
    if (!(o->theta >= 0)) return err_about(e, "theta", "tsne: theta must be 0 or more, got %g", o->theta);
    TsneMethod method = o->method == TSNE_AUTO ? tsne_auto_method(n, dims) : o->method;
    if (method != TSNE_EXACT && dims != 2)
        return err_set(e, "tsne: the %s method embeds in 2 dimensions; use dims=2 or method=\"exact\"",
                       tsne_method_name(method));
    if (method == TSNE_EXACT && n > EXACT_MAX)
        return err_set(e, "tsne: the exact method is O(N^2): at most %d points, got %zu (use method=\"fft\")",
                       EXACT_MAX, n);
    double lr = o->lr > 0 ? o->lr : fmax((double)n / o->exaggeration / 4, 50);
    res->method = method;
    res->knn = o->knn == KNN_GRAPH_AUTO ? knn_graph_auto(n, X->cols, (size_t)(3 * o->perplexity)) : o->knn;
    res->lr = lr;

    double t0 = clock_now();
    SparseP P = {0};
    Engine g = {0};
    uint32_t *perm = NULL;
    size_t nd = n * (size_t)dims;
    double *Y = malloc(nd * sizeof *Y), *G = calloc(nd, sizeof *G), *U = calloc(nd, sizeof *U);
    double *gain = malloc(nd * sizeof *gain);
    int nkl = o->iters / TSNE_KL_EVERY + 2, rc = -1, k = 0, it = 0;
    float *klv = malloc((size_t)nkl * sizeof *klv);
    Mat *snap = mat_new_uninit(n, (size_t)dims, e);
    int saved = blas_threads();
    if (!Y || !G || !U || !gain || !klv || !snap) {
        if (snap) err_nomem(e, nd * 32, "tsne");
        goto done;
    }
    if (mat_copy_row_meta(snap, X, NULL, n, e) < 0) goto done;
    snap->img_h = snap->img_w = snap->img_c = 0;
    for (size_t i = 0; i < nd; i++) gain[i] = 1;
    ProgressInfo info;
    /* A stop while P is being built leaves nothing to keep: that is an
     * error (cancelled), not a result. */
    if (engine_init(&g, method, o->theta, o->threads, n, dims, e) < 0 ||
        tsne_affinities_pool(X, o->perplexity, o->knn, o->seed, g.pool, o->progress, &P, e) < 0 ||
        tsne_initial_y(X, dims, o->init_pca, o->seed, Y, e) < 0)
        goto done;
    double *state[3] = {Y, U, gain};
    int reorder = dims == 2 && method != TSNE_EXACT;
    if (reorder) {
        if (!(perm = malloc(n * sizeof *perm))) {
            err_nomem(e, n * sizeof *perm, "tsne");
            goto done;
        }
        for (size_t i = 0; i < n; i++) perm[i] = (uint32_t)i;
        if (reorder_points(&P, state, 1, n, perm, e) < 0) goto done;
    }
    double plogp = p_log_p(&P), Z = 1, kl = NAN;
    blas_set_threads(1); /* our own threads do the work now */
    double t1 = clock_now();
    res->setup_seconds = t1 - t0;
    for (it = 0; it < o->iters; it++) {
        if (reorder && it > 0 && it % REORDER_EVERY == 0 && reorder_points(&P, state, 3, n, perm, e) < 0) goto done;
        int early = it < o->exaggeration_iters;
        double exag = early ? o->exaggeration : 1, mom = early ? 0.5 : 0.8;
        if (engine_gradient(&g, &P, Y, dims, exag, G, &Z, e) < 0) goto done;
        int last = it == o->iters - 1;
        if ((it + 1) % TSNE_KL_EVERY == 0 || last) {
            kl = kl_with_z(&P, Y, dims, Z, plogp, 0, g.pool, g.zi); /* at Y before this step, with its Z */
            if (k < nkl) klv[k++] = (float)kl;
        }
        Step st = {Y, U, gain, G, n, dims, lr, mom, pool_threads(g.pool) * 4};
        pool_run(g.pool, st.nt, step_task, &st);
        for (int c = 0; c < dims; c++) { /* keep the map centred */
            double m = 0;
            for (size_t i = 0; i < n; i++) m += Y[i * dims + c];
            m /= (double)n;
            for (size_t i = 0; i < n; i++) Y[i * dims + c] -= m;
        }
        if ((it + 1) % 10 == 0 || last) {
            store_y(snap, Y, perm, n, dims);
            info = (ProgressInfo){.task = "tsne", .done = it + 1, .total = o->iters, .unit = "iter",
                                  .metric = isnan(kl) ? NULL : "KL", .value = kl, .snapshot = snap, .curve = klv,
                                  .curve_len = (size_t)k};
            if (progress_report(o->progress, &info)) {
                res->stopped = 1;
                it++;
                break;
            }
        }
    }
    res->iter_seconds = it > 0 ? (clock_now() - t1) / it : 0;
    res->iters = it;
    store_y(snap, Y, perm, n, dims);
    res->Y = snap;
    snap = NULL;
    if (!(res->kl = mat_new_uninit(1, (size_t)k, e))) goto done;
    if (k) memcpy(res->kl->data, klv, (size_t)k * sizeof(float));
    rc = 0;
done:
    blas_set_threads(saved);
    if (rc < 0) tsne_result_free(res);
    engine_free(&g);
    mat_free(snap);
    sparse_free(&P);
    free(perm);
    free(Y);
    free(G);
    free(U);
    free(gain);
    free(klv);
    return rc;
}
