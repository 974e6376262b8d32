/* umap_spectral.c — UMAP's spectral start: the eigenvectors of the fuzzy
 * graph's symmetric normalised Laplacian L = I - D^-1/2 W D^-1/2 for the
 * smallest eigenvalues after the trivial one (Belkin & Niyogi 2003,
 * "Laplacian eigenmaps"), as umap-learn's spectral_layout.
 *
 * They are the top eigenvectors of M = D^-1/2 W D^-1/2 orthogonal to
 * D^1/2 1 (eigenvalue 1).  Small graphs: M is formed and LAPACK's dsyevr
 * gives them exactly.  Large ones: a block Krylov subspace of M, kept
 * orthogonal to D^1/2 1 and to itself (Gram-Schmidt twice), Rayleigh-Ritz
 * on it, and thick restarts that keep the best half of the Ritz vectors
 * (Wu & Simon 2000, "Thick-restart Lanczos method for large symmetric
 * eigenvalue problems") until the wanted ones have residuals below 1e-4,
 * umap-learn's eigsh tolerance.
 *
 * A graph in several connected parts has eigenvalue 1 once per part: each
 * part gets its own spectrum, scaled into a ball around a centre; the
 * centres are the principal components of the parts' means in X (as
 * umap-learn's multi_component_layout places them by their data). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/blas.h"
#include "core/pool.h"
#include "core/rng.h"
#include "reduce/pca.h"
#include "reduce/umap.h"

#define DENSE_MAX 1000  /* parts up to this size: a dense eigensolver */
#define TOL 1e-4        /* residual of the wanted Ritz pairs */
#define MAX_MATVECS 800 /* then the best vectors so far will do for a start */
#define MAX_MATVECS_LARGE 240

/* The normalised adjacency of one part, in local numbering. */
typedef struct Op {
    size_t n;
    const size_t *row;
    const uint32_t *col;
    const float *val;
    double *isd; /* 1 / sqrt(degree) */
    const double *x;
    double *y;
    int nt;
} Op;

static void matvec_task(void *arg, int t)
{
    Op *o = arg;
    size_t a = pool_split(o->n, t, o->nt), b = pool_split(o->n, t + 1, o->nt);
    for (size_t i = a; i < b; i++) {
        double s = 0;
        for (size_t u = o->row[i]; u < o->row[i + 1]; u++)
            s += o->val[u] * o->isd[o->col[u]] * o->x[o->col[u]];
        o->y[i] = o->isd[i] * s;
    }
}

static void matvec(Op *o, Pool *pool, const double *x, double *y)
{
    o->x = x;
    o->y = y;
    pool_run(pool, o->nt, matvec_task, o);
}

/* Largest-magnitude entry positive: a fixed sign for each vector. */
static void fix_sign(double *v, size_t n)
{
    size_t m = 0;
    for (size_t i = 1; i < n; i++)
        if (fabs(v[i]) > fabs(v[m])) m = i;
    if (v[m] < 0)
        for (size_t i = 0; i < n; i++)
            v[i] = -v[i];
}

static void random_unit(double *v, size_t n, Rng *r)
{
    for (size_t i = 0; i < n; i++)
        v[i] = rng_normal(r);
}

/* Dense: all of M, the eigenvectors of the 2nd to (nev + 1)-th largest
 * eigenvalues into out (n x nev, column-major). */
static int dense_eigvecs(const Op *o, int nev, double *out, Err *e)
{
    size_t n = o->n;
    double *A = calloc(n * n, sizeof *A), *w = malloc(n * sizeof *w),
           *Z = malloc(n * (size_t)(nev + 1) * sizeof *Z);
    lapack_int *supp = malloc(2 * (size_t)(nev + 1) * sizeof *supp), found = 0;
    int rc = -1;
    if (!A || !w || !Z || !supp) {
        err_nomem(e, n * n * sizeof *A, "umap spectral start");
        goto done;
    }
    for (size_t i = 0; i < n; i++)
        for (size_t u = o->row[i]; u < o->row[i + 1]; u++)
            A[i * n + o->col[u]] = o->val[u] * o->isd[i] * o->isd[o->col[u]];
    lapack_int il = (lapack_int)n - nev, iu = (lapack_int)n; /* ascending: the nev + 1 largest */
    if (LAPACKE_dsyevr(LAPACK_COL_MAJOR, 'V', 'I', 'U', (lapack_int)n, A, (lapack_int)n, 0, 0, il,
                       iu, 0, &found, w, Z, (lapack_int)n, supp) != 0 ||
        found != nev + 1) {
        err_set(e, "umap: the spectral start's eigensolver failed (%zu rows); try init=\"pca\"", n);
        goto done;
    }
    for (int c = 0; c < nev; c++) /* largest after the top one first */
        memcpy(out + (size_t)c * n, Z + (size_t)(nev - 1 - c) * n, n * sizeof *out);
    rc = 0;
done:
    free(A);
    free(w);
    free(Z);
    free(supp);
    return rc;
}

/* ---- dense steps in fixed row chunks ------------------------------------
 * The long vectors are cut into a number of row chunks that depends on n
 * only; each chunk's part of a dot product is computed by one task and the
 * parts are added in chunk order, so the numbers do not depend on the
 * number of threads (OpenBLAS runs one thread meanwhile). */

typedef struct Dense {
    size_t n, nch;
    const double *A, *B; /* n x ca and n x cb, column-major */
    size_t ca, cb;
    const double *S; /* small matrix: ca x cb (combine) */
    double *out, *part;
} Dense;

static size_t chunks_for(size_t n)
{
    size_t c = n / 4096 + 1;
    return c > 64 ? 64 : c;
}

/* part[ch] = A[chunk]^T B[chunk] (ca x cb) */
static void cross_task(void *arg, int t)
{
    Dense *d = arg;
    size_t a = pool_split(d->n, t, (int)d->nch), b = pool_split(d->n, t + 1, (int)d->nch);
    double *p = d->part + (size_t)t * d->ca * d->cb;
    if (b == a) {
        memset(p, 0, d->ca * d->cb * sizeof *p);
        return;
    }
    cblas_dgemm(CblasColMajor, CblasTrans, CblasNoTrans, (int)d->ca, (int)d->cb, (int)(b - a), 1,
                d->A + a, (int)d->n, d->B + a, (int)d->n, 0, p, (int)d->ca);
}

/* out = A^T B (ca x cb, column-major), the chunks' parts added in order */
static void cross(Pool *pool, Dense *d, const double *A, size_t ca, const double *B, size_t cb,
                  double *out)
{
    d->A = A, d->ca = ca, d->B = B, d->cb = cb;
    pool_run(pool, (int)d->nch, cross_task, d);
    for (size_t x = 0; x < ca * cb; x++) {
        double s = 0;
        for (size_t ch = 0; ch < d->nch; ch++)
            s += d->part[ch * ca * cb + x];
        out[x] = s;
    }
}

/* out[chunk] = beta out[chunk] + A[chunk] S (rows independent) */
typedef struct Comb {
    Dense *d;
    double beta;
    size_t ldo;
} Comb;

static void combine_task(void *arg, int t)
{
    Comb *c = arg;
    Dense *d = c->d;
    size_t a = pool_split(d->n, t, (int)d->nch), b = pool_split(d->n, t + 1, (int)d->nch);
    if (b > a)
        cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, (int)(b - a), (int)d->cb, (int)d->ca,
                    1, d->A + a, (int)d->n, d->S, (int)d->ca, c->beta, d->out + a, (int)c->ldo);
}

/* out (n x cb, leading dimension ldo) = beta out + A S, A n x ca, S ca x cb */
static void combine(Pool *pool, Dense *d, const double *A, size_t ca, const double *S, size_t cb,
                    double beta, double *out, size_t ldo)
{
    d->A = A, d->ca = ca, d->S = S, d->cb = cb, d->out = out;
    Comb c = {d, beta, ldo};
    pool_run(pool, (int)d->nch, combine_task, &c);
}

/* w -= V (V^T w) over V's first c columns and v0, twice (classical
 * Gram-Schmidt needs the second pass); returns |w|. */
static double orthogonalise(Pool *pool, Dense *d, double *w, const double *V, size_t c,
                            const double *v0, double *tmp)
{
    for (int pass = 0; pass < 2; pass++) {
        double s0;
        cross(pool, d, v0, 1, w, 1, &s0);
        s0 = -s0;
        combine(pool, d, v0, 1, &s0, 1, 1, w, d->n);
        if (c) {
            cross(pool, d, V, c, w, 1, tmp);
            for (size_t x = 0; x < c; x++)
                tmp[x] = -tmp[x];
            combine(pool, d, V, c, tmp, 1, 1, w, d->n);
        }
    }
    double nn;
    cross(pool, d, w, 1, w, 1, &nn);
    return sqrt(nn);
}

/* Block Krylov with thick restarts (see the top of the file).  A block of
 * bs = nev + 1 starting vectors, because a single one would see only one
 * direction of an eigenvalue that comes several times (symmetric graphs:
 * rings, grids), and the rest only through rounding, slowly: column j's
 * product M v_j, orthogonalised, becomes column j + bs.  Stops when the
 * wanted Ritz pairs have residuals below TOL or after max_mv products
 * (then the best vectors so far make the start). */
static int krylov_eigvecs(Op *o, Pool *pool, const double *v0, int nev, Rng *r,
                          const Progress *prog, double *out, Err *e)
{
    size_t n = o->n, bs = (size_t)nev + 1;
    size_t m = (size_t)(4 * nev + 16), keep = m / 2;
    if (m + bs > n - 1) m = n - 1 - bs; /* room in the complement of v0 */
    if (keep + bs >= m) keep = m - bs - 1;
    if (keep < (size_t)nev) keep = (size_t)nev;
    /* past 200,000 rows a product costs enough that a start from fewer of
     * them will do (the descent takes it from there) */
    int max_mv = n > 200000 ? MAX_MATVECS_LARGE : MAX_MATVECS;
    Dense d = {n, chunks_for(n), NULL, NULL, 0, 0, NULL, NULL, NULL};
    double *V = malloc(n * (m + bs) * sizeof *V), *W = malloc(n * m * sizeof *W);
    double *Yr = malloc(n * keep * sizeof *Yr), *WY = malloc(n * keep * sizeof *WY);
    double *H = malloc(m * m * sizeof *H), *theta = malloc(m * sizeof *theta);
    double *tmp = malloc((m + bs) * sizeof *tmp), *S = malloc(m * keep * sizeof *S);
    d.part = malloc(d.nch * m * m * sizeof *d.part);
    int rc = -1;
    if (!V || !W || !Yr || !WY || !H || !theta || !tmp || !S || !d.part) {
        err_nomem(e, n * (2 * m + 2 * keep + bs) * sizeof *V, "umap spectral start");
        goto done;
    }
    for (size_t c = 0; c < bs; c++) {
        double *v = V + c * n, nv = 0;
        for (int tries = 0; nv < 1e-10 && tries < 4; tries++) {
            random_unit(v, n, r);
            nv = orthogonalise(pool, &d, v, V, c, v0, tmp);
        }
        cblas_dscal((int)n, 1 / nv, v, 1);
    }
    size_t have = 0; /* columns of V with W = M V computed */
    int matvecs = 0;
    char note[80];
    for (;;) {
        for (size_t j = have; j < m; j++) {
            matvec(o, pool, V + j * n, W + j * n);
            matvecs++;
            double *v = V + (j + bs) * n;
            memcpy(v, W + j * n, n * sizeof *v);
            double nrm = orthogonalise(pool, &d, v, V, j + bs, v0, tmp);
            for (int tries = 0; nrm < 1e-10 && tries < 3;
                 tries++) { /* an invariant subspace: go on elsewhere */
                random_unit(v, n, r);
                nrm = orthogonalise(pool, &d, v, V, j + bs, v0, tmp);
            }
            cblas_dscal((int)n, 1 / nrm, v, 1);
        }
        /* Rayleigh-Ritz: H = V^T M V on the first m columns */
        cross(pool, &d, V, m, W, m, H);
        for (size_t x = 0; x < m; x++)
            for (size_t y = x + 1; y < m; y++)
                H[x * m + y] = H[y * m + x] = (H[x * m + y] + H[y * m + x]) / 2;
        if (LAPACKE_dsyev(LAPACK_COL_MAJOR, 'V', 'U', (lapack_int)m, H, (lapack_int)m, theta) !=
            0) {
            err_set(e, "umap: the spectral start's eigensolver failed; try init=\"pca\"");
            goto done;
        }
        /* the keep largest Ritz pairs, largest first (H's columns ascend) */
        for (size_t c = 0; c < keep; c++)
            memcpy(S + c * m, H + (m - 1 - c) * m, m * sizeof *S);
        combine(pool, &d, V, m, S, keep, 0, Yr, n);
        combine(pool, &d, W, m, S, keep, 0, WY, n);
        double worst = 0;
        for (int c = 0; c < nev; c++) {
            double th = theta[m - 1 - (size_t)c], ss = 0;
            for (size_t i = 0; i < n; i++) {
                double x = WY[(size_t)c * n + i] - th * Yr[(size_t)c * n + i];
                ss += x * x;
            }
            worst = fmax(worst, sqrt(ss));
        }
        int last = worst < TOL || matvecs >= max_mv;
        snprintf(note, sizeof note, "spectral start: residual %.2g", worst);
        ProgressInfo info = {.task = "umap start",
                             .done = last ? max_mv : matvecs,
                             .total = max_mv,
                             .unit = "products",
                             .note = note};
        if (progress_report(prog, &info)) {
            err_cancelled(e);
            goto done;
        }
        if (last) break;
        /* restart: [Ritz vectors, the last block] */
        memmove(V + keep * n, V + m * n, n * bs * sizeof *V);
        memcpy(V, Yr, n * keep * sizeof *V);
        memcpy(W, WY, n * keep * sizeof *W);
        have = keep;
    }
    memcpy(out, Yr, n * (size_t)nev * sizeof *out);
    rc = 0;
done:
    free(V);
    free(W);
    free(Yr);
    free(WY);
    free(H);
    free(theta);
    free(tmp);
    free(S);
    free(d.part);
    return rc;
}

/* The spectral layout of one connected part (n >= nev + 2) into Y (n x
 * nev, row-major), scaled to at most 1 in absolute value. */
static int part_layout(Op *o, Pool *pool, int nev, Rng *r, const Progress *prog, double *Y, Err *e)
{
    size_t n = o->n;
    double *v0 = malloc(n * sizeof *v0), *ev = malloc(n * (size_t)nev * sizeof *ev), s = 0;
    int rc = -1;
    if (!v0 || !ev) {
        err_nomem(e, n * (size_t)(nev + 1) * sizeof *v0, "umap spectral start");
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        double deg = 0;
        for (size_t u = o->row[i]; u < o->row[i + 1]; u++)
            deg += o->val[u];
        o->isd[i] = deg > 0 ? 1 / sqrt(deg) : 0;
        v0[i] = sqrt(deg);
        s += deg;
    }
    for (size_t i = 0; i < n; i++)
        v0[i] /= sqrt(s);
    if ((n <= DENSE_MAX ? dense_eigvecs(o, nev, ev, e)
                        : krylov_eigvecs(o, pool, v0, nev, r, prog, ev, e)) < 0)
        goto done;
    double mx = 0;
    for (int c = 0; c < nev; c++) {
        fix_sign(ev + (size_t)c * n, n);
        for (size_t i = 0; i < n; i++)
            mx = fmax(mx, fabs(ev[(size_t)c * n + i]));
    }
    for (size_t i = 0; i < n; i++)
        for (int c = 0; c < nev; c++)
            Y[i * (size_t)nev + (size_t)c] = mx > 0 ? ev[(size_t)c * n + i] / mx : 0;
    rc = 0;
done:
    free(v0);
    free(ev);
    return rc;
}

static size_t find(size_t *p, size_t i)
{
    while (p[i] != i) {
        p[i] = p[p[i]];
        i = p[i];
    }
    return i;
}

/* Centres of the parts (nc x dims, row-major): the principal components
 * of the parts' means in X, at most 10 from 0; at random without X or
 * when the means do not spread. */
static int part_centres(const Mat *X, const size_t *part, size_t n, size_t nc, int dims, Rng *r,
                        double *C, Err *e)
{
    for (size_t i = 0; i < nc * (size_t)dims; i++)
        C[i] = 10 * (2 * rng_uniform(r) - 1);
    if (!X || nc < 2) return 0;
    size_t d = X->cols;
    Mat *Mn = mat_new(nc, d, e);
    double *cnt = calloc(nc, sizeof *cnt);
    if (!Mn || !cnt) {
        mat_free(Mn);
        free(cnt);
        return Mn ? err_nomem(e, nc * sizeof *cnt, "umap spectral start") : -1;
    }
    for (size_t i = 0; i < n; i++) {
        cnt[part[i]]++;
        for (size_t c = 0; c < d; c++)
            MAT_AT(Mn, part[i], c) += MAT_AT(X, i, c);
    }
    for (size_t p = 0; p < nc; p++)
        for (size_t c = 0; c < d; c++)
            MAT_AT(Mn, p, c) = (float)(MAT_AT(Mn, p, c) / cnt[p]);
    size_t k = (size_t)dims;
    if (k > nc - 1) k = nc - 1;
    if (k > d) k = d;
    Pca *p = NULL;
    Err pe = {0};
    if (k >= 1 && pca_fit(Mn, k, PCA_EXACT, 1, 0, -1, r, &p, &pe) == 0) {
        double mx = 0;
        for (size_t i = 0; i < nc * k; i++)
            mx = fmax(mx, fabs(p->scores->data[i]));
        if (mx > 0)
            for (size_t q = 0; q < nc; q++)
                for (int c = 0; c < dims; c++)
                    C[q * (size_t)dims + (size_t)c] =
                        (size_t)c < k ? 10 * MAT_AT(p->scores, q, c) / mx : 0;
        pca_free(p);
    }
    mat_free(Mn);
    free(cnt);
    return 0;
}

int umap_spectral(const UmapGraph *g, const Mat *X, int dims, uint64_t seed, int threads,
                  const Progress *progress, double *Y, size_t *components, Err *e)
{
    size_t n = g->n;
    Rng r;
    rng_seed(&r, seed);
    size_t *par = malloc(n * sizeof *par), *part = malloc(n * sizeof *part),
           *map = malloc(n * sizeof *map);
    size_t *size = NULL, *order = NULL, *first = NULL;
    double *C = NULL, *L = NULL, *isd = malloc(n * sizeof *isd);
    size_t *srow = NULL;
    uint32_t *scol = NULL;
    float *sval = NULL;
    Pool *pool = pool_new(threads, e);
    int rc = -1, saved = blas_threads();
    if (!par || !part || !map || !isd || !pool) {
        if (pool) err_nomem(e, n * 4 * sizeof *par, "umap spectral start");
        goto done;
    }
    for (size_t i = 0; i < n; i++)
        par[i] = i;
    for (size_t i = 0; i < n; i++)
        for (size_t u = g->row[i]; u < g->row[i + 1]; u++) {
            size_t a = find(par, i), b = find(par, g->col[u]);
            if (a != b) par[a < b ? b : a] = a < b ? a : b;
        }
    /* parts numbered in order of their first row */
    size_t nc = 0;
    for (size_t i = 0; i < n; i++)
        map[i] = (size_t)-1;
    for (size_t i = 0; i < n; i++) {
        size_t root = find(par, i);
        if (map[root] == (size_t)-1) map[root] = nc++;
        part[i] = map[root];
    }
    *components = nc;
    size = calloc(nc + 1, sizeof *size);
    order = malloc(n * sizeof *order);
    first = malloc((nc + 1) * sizeof *first);
    C = malloc(nc * (size_t)dims * sizeof *C);
    L = malloc(n * (size_t)dims * sizeof *L);
    srow = malloc((n + 1) * sizeof *srow);
    scol = malloc((g->row[n] ? g->row[n] : 1) * sizeof *scol);
    sval = malloc((g->row[n] ? g->row[n] : 1) * sizeof *sval);
    if (!size || !order || !first || !C || !L || !srow || !scol || !sval) {
        err_nomem(e, n * (size_t)dims * sizeof *L + g->row[n] * 8, "umap spectral start");
        goto done;
    }
    blas_set_threads(1); /* the same numbers whatever the thread count */
    /* rows of each part together, in order; local numbers */
    for (size_t i = 0; i < n; i++)
        size[part[i]]++;
    first[0] = 0;
    for (size_t p = 0; p < nc; p++)
        first[p + 1] = first[p] + size[p];
    memset(size, 0, nc * sizeof *size);
    for (size_t i = 0; i < n; i++) {
        map[i] = size[part[i]]++;
        order[first[part[i]] + map[i]] = i;
    }
    if (part_centres(X, part, n, nc, dims, &r, C, e) < 0) goto done;
    for (size_t p = 0; p < nc; p++) {
        size_t m = first[p + 1] - first[p], z = 0;
        const size_t *rows = order + first[p];
        double *Lp = L + first[p] * (size_t)dims;
        if (m < 2 * (size_t)dims ||
            m <= (size_t)dims + 1) { /* too small for a spectrum: at random */
            for (size_t i = 0; i < m * (size_t)dims; i++)
                Lp[i] = 2 * rng_uniform(&r) - 1;
            continue;
        }
        srow[0] = 0;
        for (size_t a = 0; a < m; a++) {
            size_t i = rows[a];
            for (size_t u = g->row[i]; u < g->row[i + 1]; u++, z++) {
                scol[z] = (uint32_t)map[g->col[u]];
                sval[z] = g->val[u];
            }
            srow[a + 1] = z;
        }
        Op o = {m, srow, scol, sval, isd, NULL, NULL, 4 * pool_threads(pool)};
        if (part_layout(&o, pool, dims, &r, progress, Lp, e) < 0) goto done;
    }
    /* each part in a ball around its centre, clear of the nearest other */
    for (size_t p = 0; p < nc; p++) {
        /* (past a few thousand parts, the typical spacing of nc points in
         * the box instead of the nearest one) */
        double near = nc > 4000 ? 20 / pow((double)nc, 1.0 / dims) : INFINITY;
        for (size_t q = 0; nc > 1 && nc <= 4000 && q < nc; q++) {
            if (q == p) continue;
            double s = 0;
            for (int c = 0; c < dims; c++) {
                double x = C[p * (size_t)dims + (size_t)c] - C[q * (size_t)dims + (size_t)c];
                s += x * x;
            }
            near = fmin(near, sqrt(s));
        }
        double rad = nc > 1 ? (near > 0 ? 0.4 * near : 0.1) : 10;
        for (size_t a = first[p]; a < first[p + 1]; a++)
            for (int c = 0; c < dims; c++)
                Y[order[a] * (size_t)dims + (size_t)c] =
                    (nc > 1 ? C[p * (size_t)dims + (size_t)c] : 0) +
                    rad * L[a * (size_t)dims + (size_t)c];
    }
    rc = 0;
done:
    blas_set_threads(saved);
    pool_free(pool);
    free(par);
    free(part);
    free(map);
    free(size);
    free(order);
    free(first);
    free(C);
    free(L);
    free(isd);
    free(srow);
    free(scol);
    free(sval);
    return rc;
}
