/* umap.c — UMAP from neighbours to map, and new rows on a map (see
 * umap.h). */
#include "reduce/umap.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/blas.h"
#include "core/clock.h"
#include "core/knn.h"
#include "core/nndescent.h"
#include "core/rng.h"
#include "reduce/pca.h"
#include "reduce/umap_impl.h"

const char *umap_init_name(UmapInit i)
{
    return i == UMAP_INIT_PCA ? "pca" : i == UMAP_INIT_RANDOM ? "random" : "spectral";
}

void umap_default_opts(UmapOpts *o)
{
    memset(o, 0, sizeof *o);
    o->k = 15;
    o->dims = 2;
    o->min_dist = 0.1;
    o->spread = 1;
    o->epochs = 0;
    o->init = UMAP_INIT_SPECTRAL;
    o->knn = KNN_GRAPH_AUTO;
    o->lr = 1;
    o->negative_rate = 5;
    o->repulsion = 1;
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    o->threads = cpus < 1 ? 1 : cpus > 8 ? 8 : (int)cpus;
    o->seed = 42;
}

int umap_auto_epochs(size_t n)
{
    return n <= 10000 ? 500 : 200; /* umap-learn's and uwot's choice */
}

void umap_result_free(UmapResult *r)
{
    mat_free(r->Y);
    memset(r, 0, sizeof *r);
}

static int check_opts(const char *f, const Mat *X, const UmapOpts *o, Err *e)
{
    size_t n = X->rows;
    if (n < 3) return err_set(e, "%s: needs at least 3 rows, got %zu", f, n);
    if (o->k < 2 || (size_t)o->k > n)
        return err_set(
            e, "%s: k must be between 2 and %zu (the rows; k counts the row itself), got %d", f, n,
            o->k);
    if (o->dims < 1 || o->dims > UMAP_MAX_DIMS)
        return err_about(e, "dims", "%s: dims must be between 1 and %d, got %d", f, UMAP_MAX_DIMS,
                         o->dims);
    if (o->epochs < 0)
        return err_about(e, "epochs", "%s: epochs must be at least 1, got %d", f, o->epochs);
    if (!(o->lr > 0)) return err_about(e, "lr", "%s: lr must be above 0, got %g", f, o->lr);
    if (!(o->negative_rate >= 0))
        return err_about(e, "negative_rate", "%s: negative_rate must be 0 or more, got %g", f,
                         o->negative_rate);
    if (!(o->repulsion >= 0))
        return err_about(e, "repulsion", "%s: repulsion must be 0 or more, got %g", f,
                         o->repulsion);
    for (size_t i = 0; i < n * X->cols; i++)
        if (!isfinite(X->data[i]))
            return err_about(e, "X", "%s: X has a missing or infinite value at row %zu, column %zu",
                             f, i / X->cols, i % X->cols);
    return 0;
}

/* ---- starts ------------------------------------------------------------ */

static int pca_start(const Mat *X, int dims, uint64_t seed, double *Y, Err *e)
{
    size_t n = X->rows, k = (size_t)dims < X->cols ? (size_t)dims : X->cols;
    Rng r;
    rng_seed(&r, seed);
    Pca *p;
    int saved = blas_threads();
    blas_set_threads(1); /* the same numbers whatever the thread count */
    int rc = pca_fit(X, k, PCA_AUTO, 1, 0, -1, &r, &p, e);
    blas_set_threads(saved);
    if (rc < 0) return -1;
    for (size_t i = 0; i < n; i++)
        for (int c = 0; c < dims; c++)
            Y[i * (size_t)dims + (size_t)c] = (size_t)c < k ? MAT_AT(p->scores, i, c) : 0;
    pca_free(p);
    return 0;
}

/* Each coordinate to [0, 10], with a little noise first so that equal
 * rows do not start on top of each other (as umap-learn). */
static void scale_start(double *Y, size_t n, int dims, uint64_t seed)
{
    Rng r;
    rng_seed(&r, seed ^ 0x5ca1e);
    for (int c = 0; c < dims; c++) {
        double lo = INFINITY, hi = -INFINITY;
        for (size_t i = 0; i < n; i++) {
            double v = Y[i * (size_t)dims + (size_t)c];
            lo = fmin(lo, v);
            hi = fmax(hi, v);
        }
        double f = hi > lo ? 10 / (hi - lo) : 1;
        for (size_t i = 0; i < n; i++) {
            double *v = &Y[i * (size_t)dims + (size_t)c];
            *v = (*v - lo) * f + 1e-4 * rng_normal(&r);
        }
    }
}

/* ---- working order ------------------------------------------------------ */

typedef struct Keyed {
    uint64_t key;
    uint32_t idx;
} Keyed;

static int keyed_cmp(const void *a, const void *b)
{
    const Keyed *x = a, *y = b;
    if (x->key != y->key) return x->key < y->key ? -1 : 1;
    return (x->idx > y->idx) - (x->idx < y->idx);
}

/* Interleave the bits of x and y (21 each): the Morton (Z-order) code. */
static uint64_t morton(uint32_t x, uint32_t y)
{
    uint64_t m = 0;
    for (int b = 0; b < 21; b++)
        m |= (uint64_t)((x >> b) & 1u) << (2 * b) | (uint64_t)((y >> b) & 1u) << (2 * b + 1);
    return m;
}

/* perm[w] = the row at working position w: the rows in Z-order of the
 * start's first two coordinates, so that rows near each other on the map
 * are near in memory and in the same block of the descent. */
static int z_order(const double *Y, size_t n, int dims, uint32_t *perm, Err *e)
{
    Keyed *k = malloc(n * sizeof *k);
    if (!k) return err_nomem(e, n * sizeof *k, "umap");
    double lo[2] = {INFINITY, INFINITY}, hi[2] = {-INFINITY, -INFINITY};
    int dd = dims < 2 ? dims : 2;
    for (size_t i = 0; i < n; i++)
        for (int c = 0; c < dd; c++) {
            lo[c] = fmin(lo[c], Y[i * (size_t)dims + (size_t)c]);
            hi[c] = fmax(hi[c], Y[i * (size_t)dims + (size_t)c]);
        }
    for (size_t i = 0; i < n; i++) {
        uint32_t q[2] = {0, 0};
        for (int c = 0; c < dd; c++)
            q[c] = hi[c] > lo[c] ? (uint32_t)((Y[i * (size_t)dims + (size_t)c] - lo[c]) /
                                              (hi[c] - lo[c]) * 2097151.0)
                                 : 0;
        k[i] = (Keyed){dd == 1 ? q[0] : morton(q[0], q[1]), (uint32_t)i};
    }
    qsort(k, n, sizeof *k, keyed_cmp);
    for (size_t w = 0; w < n; w++)
        perm[w] = k[w].idx;
    free(k);
    return 0;
}

/* The edges to sample: the graph's rows renumbered by perm (heads; tails
 * by tail_inv, or kept when NULL), edges lighter than max / epochs left
 * out (they would be sampled less than once), eps = max / w. */
typedef struct Edges {
    size_t *row;
    uint32_t *col;
    float *eps;
} Edges;

static void edges_free(Edges *d)
{
    free(d->row);
    free(d->col);
    free(d->eps);
}

static int make_edges(const UmapGraph *g, const uint32_t *perm, const uint32_t *tail_inv,
                      int epochs, Edges *d, Err *e)
{
    size_t n = g->n, nnz = g->row[n];
    float mx = 0;
    for (size_t t = 0; t < nnz; t++)
        mx = g->val[t] > mx ? g->val[t] : mx;
    float cut = mx / (float)epochs;
    d->row = malloc((n + 1) * sizeof *d->row);
    d->col = malloc((nnz ? nnz : 1) * sizeof *d->col);
    d->eps = malloc((nnz ? nnz : 1) * sizeof *d->eps);
    if (!d->row || !d->col || !d->eps) {
        edges_free(d);
        return err_nomem(e, nnz * 8, "umap edges");
    }
    size_t z = 0;
    d->row[0] = 0;
    for (size_t w = 0; w < n; w++) {
        size_t i = perm ? perm[w] : w;
        for (size_t t = g->row[i]; t < g->row[i + 1]; t++) {
            if (!(g->val[t] >= cut) || g->val[t] <= 0) continue;
            d->col[z] = tail_inv ? tail_inv[g->col[t]] : g->col[t];
            d->eps[z++] = mx / g->val[t];
        }
        d->row[w + 1] = z;
    }
    return 0;
}

/* ---- the run ------------------------------------------------------------ */

typedef struct Live {
    const UmapOpts *o;
    Mat *snap; /* in X's order */
    const uint32_t *perm;
    int dims, epochs;
    char note[64];
} Live;

static void store(Mat *m, const float *Y, const uint32_t *perm, int dims)
{
    for (size_t w = 0; w < m->rows; w++)
        memcpy(m->data + (size_t)(perm ? perm[w] : w) * (size_t)dims, Y + w * (size_t)dims,
               (size_t)dims * sizeof *Y);
}

static int epoch_done(void *user, int done, const float *Y)
{
    Live *l = user;
    if (!l->o->progress || !l->o->progress->fn) return 0;
    store(l->snap, Y, l->perm, l->dims);
    snprintf(l->note, sizeof l->note, "learning rate %.3g",
             l->o->lr * (1 - (double)done / l->epochs));
    ProgressInfo info = {.task = "umap",
                         .done = done,
                         .total = l->epochs,
                         .unit = "epoch",
                         .note = l->note,
                         .snapshot = l->snap};
    return progress_report(l->o->progress, &info);
}

/* Neighbours of X's rows (k - 1 others each) as distances, not squared. */
static int neighbours(const Mat *X, const UmapOpts *o, const char *task, long **idx, float **dist,
                      KnnGraphMethod *used, Err *e)
{
    size_t n = X->rows, m = (size_t)o->k - 1;
    *idx = malloc(n * m * sizeof **idx);
    *dist = malloc(n * m * sizeof **dist);
    if (!*idx || !*dist)
        return err_nomem(e, n * m * (sizeof **idx + sizeof **dist), "umap neighbours");
    KnnGraphOpts ko = {o->knn, o->cosine, o->threads, o->seed, o->progress, task};
    if (knn_graph(X, m, &ko, *idx, *dist, used, e) < 0) return -1;
    if (!o->cosine)
        for (size_t t = 0; t < n * m; t++)
            (*dist)[t] = sqrtf((*dist)[t]);
    return 0;
}

int umap_run(const Mat *X, const UmapOpts *o, UmapResult *res, Err *e)
{
    size_t n = X->rows;
    int dims = o->dims;
    memset(res, 0, sizeof *res);
    if (check_opts("umap", X, o, e) < 0 ||
        umap_fit_ab(o->spread, o->min_dist, &res->a, &res->b, e) < 0)
        return -1;
    int epochs = o->epochs > 0 ? o->epochs : umap_auto_epochs(n);
    size_t nd = n * (size_t)dims;
    long *idx = NULL;
    float *dist = NULL, *Yf = NULL;
    double *Y = NULL;
    uint32_t *perm = NULL;
    UmapGraph g = {0};
    Edges ed = {0};
    Mat *snap = NULL;
    int rc = -1;

    double t0 = clock_now();
    if (neighbours(X, o, "umap neighbours", &idx, &dist, &res->knn, e) < 0) goto done;
    double t1 = clock_now();
    res->knn_seconds = t1 - t0;
    if (umap_fuzzy_graph(idx, dist, n, (size_t)o->k - 1, o->threads, &g, e) < 0) goto done;
    free(idx), idx = NULL;
    free(dist), dist = NULL;
    ProgressInfo gi = {.task = "umap graph", .done = 1, .total = 1, .unit = "step",
                       .note = "fuzzy simplicial set: smooth kNN distances, fuzzy union"};
    if (progress_report(o->progress, &gi)) {
        err_cancelled(e);
        goto done;
    }
    double t2 = clock_now();
    res->graph_seconds = t2 - t1;

    if (!(Y = malloc(nd * sizeof *Y))) {
        err_nomem(e, nd * sizeof *Y, "umap");
        goto done;
    }
    res->init = o->init;
    res->components = 1;
    if (o->init == UMAP_INIT_SPECTRAL) {
        if (umap_spectral(&g, X, dims, o->seed, o->threads, o->progress, Y, &res->components, e) <
            0)
            goto done;
    } else if (o->init == UMAP_INIT_PCA) {
        if (pca_start(X, dims, o->seed, Y, e) < 0) goto done;
    } else {
        Rng r;
        rng_seed(&r, o->seed);
        for (size_t t = 0; t < nd; t++)
            Y[t] = 20 * rng_uniform(&r) - 10;
    }
    scale_start(Y, n, dims, o->seed);
    double t3 = clock_now();
    res->init_seconds = t3 - t2;

    /* working order, edges, float positions */
    perm = malloc(n * sizeof *perm);
    uint32_t *inv = malloc(n * sizeof *inv);
    Yf = malloc(nd * sizeof *Yf);
    if (!perm || !inv || !Yf) {
        free(inv);
        err_nomem(e, n * 8 + nd * sizeof *Yf, "umap");
        goto done;
    }
    if (z_order(Y, n, dims, perm, e) < 0) {
        free(inv);
        goto done;
    }
    for (size_t w = 0; w < n; w++)
        inv[perm[w]] = (uint32_t)w;
    for (size_t w = 0; w < n; w++)
        for (int c = 0; c < dims; c++)
            Yf[w * (size_t)dims + (size_t)c] = (float)Y[(size_t)perm[w] * (size_t)dims + (size_t)c];
    int er = make_edges(&g, perm, inv, epochs, &ed, e);
    free(inv);
    if (er < 0) goto done;
    res->edges = ed.row[n];
    umap_graph_free(&g);
    free(Y), Y = NULL;

    if (!(snap = mat_new_uninit(n, (size_t)dims, e)) || mat_copy_row_meta(snap, X, NULL, n, e) < 0)
        goto done;
    snap->img_h = snap->img_w = snap->img_c = 0;
    Live live = {o, snap, perm, dims, epochs, ""};
    UmapSgd s = {n,
                 n,
                 dims,
                 ed.row,
                 ed.col,
                 ed.eps,
                 Yf,
                 NULL,
                 res->a,
                 res->b,
                 o->repulsion,
                 o->negative_rate,
                 o->lr,
                 epochs,
                 o->seed ^ 0x5eedULL,
                 o->threads,
                 epoch_done,
                 &live};
    if (umap_sgd(&s, &res->epochs, &res->stopped, e) < 0) goto done;
    res->sgd_seconds = clock_now() - t3;
    store(snap, Yf, perm, dims);
    res->Y = snap;
    snap = NULL;
    rc = 0;
done:
    free(idx);
    free(dist);
    free(Y);
    free(Yf);
    free(perm);
    umap_graph_free(&g);
    edges_free(&ed);
    mat_free(snap);
    return rc;
}

/* ---- new rows on a map -------------------------------------------------- */

/* Placing reports each epoch (no snapshot: the map does not move). */
typedef struct PlaceLive {
    const Progress *progress;
    int epochs;
} PlaceLive;

static int place_epoch_done(void *user, int done, const float *Y)
{
    const PlaceLive *l = user;
    (void)Y;
    if (!l->progress || !l->progress->fn) return 0;
    ProgressInfo info = {.task = "place", .done = done, .total = l->epochs, .unit = "epoch",
                         .note = "new rows on the fixed map"};
    return progress_report(l->progress, &info);
}

int umap_place(const Mat *X, const Mat *Y, const Mat *Xnew, const UmapOpts *o, double a, double b,
               int epochs, Mat **out, int *stopped, Err *e)
{
    size_t n = X->rows, m = Xnew->rows, k = (size_t)o->k - 1;
    int dims = (int)Y->cols;
    *out = NULL;
    *stopped = 0;
    if (Xnew->cols != X->cols)
        return err_about(e, "Xnew", "place: the new rows have %zu columns, the map's data %zu",
                         Xnew->cols, X->cols);
    if (Y->rows != n || dims < 1 || dims > UMAP_MAX_DIMS)
        return err_set(e, "place: the map has %zu rows for %zu rows of data", Y->rows, n);
    if (m == 0) return err_set(e, "place: no new rows");
    for (size_t i = 0; i < m * Xnew->cols; i++)
        if (!isfinite(Xnew->data[i]))
            return err_about(e, "Xnew",
                             "place: Xnew has a missing or infinite value at row %zu, column %zu",
                             i / Xnew->cols, i % Xnew->cols);
    if (epochs <= 0) epochs = umap_auto_epochs(n) / 3;
    long *idx = malloc(m * k * sizeof *idx);
    float *dist = malloc(m * k * sizeof *dist), *Yf = malloc(m * (size_t)dims * sizeof *Yf);
    float *T = malloc(n * (size_t)dims * sizeof *T);
    UmapGraph g = {0};
    Edges ed = {0};
    Mat *R = NULL;
    Mat U = {0}, V = {0};
    int rc = -1;
    if (!idx || !dist || !Yf || !T) {
        err_nomem(e, m * k * 12 + n * (size_t)dims * 4, "place");
        goto done;
    }
    /* the new rows' neighbours among X's rows (exact; cosine on unit rows) */
    if (o->cosine) {
        U.rows = n;
        V.rows = m;
        if (!(U.data = nnd_padded_copy(X, 1, &U.cols, e)) ||
            !(V.data = nnd_padded_copy(Xnew, 1, &V.cols, e)))
            goto done;
    }
    if (knn_search_ex(o->cosine ? &V : Xnew, o->cosine ? &U : X, k, 0, KNN_AUTO, o->threads, idx,
                      dist, e) < 0)
        goto done;
    for (size_t t = 0; t < m * k; t++)
        dist[t] = o->cosine ? dist[t] / 2 : sqrtf(dist[t]);
    /* memberships, one row per new row (no union: the map's rows do not
     * choose the new ones) */
    g.n = m;
    g.row = malloc((m + 1) * sizeof *g.row);
    g.col = malloc(m * k * sizeof *g.col);
    g.val = malloc(m * k * sizeof *g.val);
    if (!g.row || !g.col || !g.val) {
        err_nomem(e, m * k * 8, "place");
        goto done;
    }
    double mean_all = 0;
    for (size_t t = 0; t < m * k; t++)
        mean_all += dist[t];
    mean_all /= (double)(m * (k + 1));
    g.row[0] = 0;
    for (size_t i = 0; i < m; i++) {
        double rho, sigma, wsum = 0;
        umap_smooth_row(dist + i * k, k, mean_all, &rho, &sigma);
        for (int c = 0; c < dims; c++)
            Yf[i * (size_t)dims + (size_t)c] = 0;
        for (size_t t = 0; t < k; t++) {
            double x = dist[i * k + t] - rho, w = x <= 0 || sigma == 0 ? 1 : exp(-x / sigma);
            g.col[i * k + t] = (uint32_t)idx[i * k + t];
            g.val[i * k + t] = (float)w;
            wsum += w;
            for (int c = 0; c < dims; c++)
                Yf[i * (size_t)dims + (size_t)c] += (float)(w * MAT_AT(Y, idx[i * k + t], c));
        }
        for (int c = 0; c < dims; c++)
            Yf[i * (size_t)dims + (size_t)c] /= (float)wsum;
        g.row[i + 1] = (i + 1) * k;
    }
    if (make_edges(&g, NULL, NULL, epochs, &ed, e) < 0) goto done;
    memcpy(T, Y->data, n * (size_t)dims * sizeof *T);
    PlaceLive live = {o->progress, epochs};
    UmapSgd s = {m,
                 n,
                 dims,
                 ed.row,
                 ed.col,
                 ed.eps,
                 Yf,
                 T,
                 a,
                 b,
                 o->repulsion,
                 o->negative_rate,
                 o->lr / 4,
                 epochs,
                 o->seed ^ 0x91aceULL,
                 o->threads,
                 place_epoch_done,
                 &live};
    int done_epochs;
    if (umap_sgd(&s, &done_epochs, stopped, e) < 0) goto done;
    if (!(R = mat_new_uninit(m, (size_t)dims, e)) || mat_copy_row_meta(R, Xnew, NULL, m, e) < 0)
        goto done;
    R->img_h = R->img_w = R->img_c = 0;
    memcpy(R->data, Yf, m * (size_t)dims * sizeof *Yf);
    *out = R;
    R = NULL;
    rc = 0;
done:
    free(idx);
    free(dist);
    free(Yf);
    free(T);
    free(U.data);
    free(V.data);
    umap_graph_free(&g);
    edges_free(&ed);
    mat_free(R);
    return rc;
}
