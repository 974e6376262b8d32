/* tsne_place.c — add new points to an existing t-SNE map without moving
 * the map (the idea of openTSNE's transform; Policar, Strazar & Zupan,
 * "openTSNE: a modular Python library for t-SNE dimensionality reduction
 * and embedding", 2019).
 *
 * A new point x gets a conditional distribution p_j|x over its
 * 3 * perplexity nearest reference points only (Gaussian, width by
 * perplexity), starts at the p-weighted mean of their map positions, and
 * then minimises its own KL(P_x || Q_x) with
 *   q_j|x = w_xj / sum_l w_xl,  w = 1 / (1 + |y_x - y_j|^2)
 * over all reference points, which stay fixed:
 *   grad = 2 sum_j p_j|x w_xj (y_x - y_j) - 2 sum_l w_xl^2 (y_x - y_l) / sum_l w_xl,
 * the repulsion from a Barnes-Hut tree built once over the fixed map.  New
 * points do not see each other, so each lands where the reference data
 * say it belongs, and the result does not depend on which points are
 * placed together.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/knn.h"
#include "reduce/tsne_impl.h"

#define PLACE_THETA 0.5
#define PLACE_LR 0.5 /* the per-point cost's curvature is about 2 sum_j p_j w_j <= 2 */

typedef struct Place {
    const double *Yref;
    const TsneBh *tree;
    const long *idx;
    const double *p; /* m x k */
    size_t m, k;
    double *Y, *U, *gain; /* m x 2 */
    double mom;
    int nt;
} Place;

static void step_task(void *arg, int t)
{
    Place *s = arg;
    size_t a = pool_split(s->m, t, s->nt), b = pool_split(s->m, t + 1, s->nt);
    for (size_t i = a; i < b; i++) {
        double x = s->Y[2 * i], y = s->Y[2 * i + 1], ax = 0, ay = 0, r[2], z;
        for (size_t t2 = 0; t2 < s->k; t2++) {
            const double *yj = s->Yref + 2 * s->idx[i * s->k + t2];
            double dx = x - yj[0], dy = y - yj[1], w = s->p[i * s->k + t2] / (1 + dx * dx + dy * dy);
            ax += w * dx;
            ay += w * dy;
        }
        tsne_bh_query(s->tree, x, y, PLACE_THETA, r, &z);
        double g[2] = {2 * (ax - r[0] / z), 2 * (ay - r[1] / z)};
        for (int c = 0; c < 2; c++) {
            size_t u = 2 * i + (size_t)c;
            s->gain[u] = (g[c] > 0) != (s->U[u] > 0) ? s->gain[u] + 0.2 : s->gain[u] * 0.8;
            if (s->gain[u] < 0.01) s->gain[u] = 0.01;
            s->U[u] = s->mom * s->U[u] - PLACE_LR * s->gain[u] * g[c];
            s->Y[u] += s->U[u];
        }
    }
}

int tsne_place(const Mat *X, const Mat *Yref, const Mat *Xnew, const TsnePlaceOpts *o, Mat **out, int *stopped,
               Err *e)
{
    size_t n = X->rows, m = Xnew->rows;
    *out = NULL;
    *stopped = 0;
    if (Yref->rows != n || Yref->cols != 2)
        return err_set(e, "place: the map must be %zux2 (one row per reference point), got %zux%zu", n, Yref->rows,
                       Yref->cols);
    if (Xnew->cols != X->cols)
        return err_set(e, "place: the new points have %zu columns, the map's data %zu", Xnew->cols, X->cols);
    if (!(o->perplexity > 0) || o->perplexity >= (double)n)
        return err_about(e, "perplexity", "place: perplexity must be above 0 and below %zu (the reference points), got %g", n,
                       o->perplexity);
    if (o->iters < 0) return err_about(e, "iters", "place: iters must be at least 0, got %d", o->iters);
    for (size_t i = 0; i < m * Xnew->cols; i++)
        if (!isfinite(Xnew->data[i]))
            return err_about(e, "Xnew", "place: Xnew has a missing or infinite value at row %zu, column %zu", i / Xnew->cols,
                           i % Xnew->cols);
    size_t k = (size_t)(3 * o->perplexity);
    if (k < 1) k = 1;
    if (k > n) k = n;
    Mat *Ynew = mat_new(m, 2, e);
    if (!Ynew) return -1;
    if (mat_copy_row_meta(Ynew, Xnew, NULL, m, e) < 0) {
        mat_free(Ynew);
        return -1;
    }
    Ynew->img_h = Ynew->img_w = Ynew->img_c = 0;
    if (m == 0) {
        *out = Ynew;
        return 0;
    }
    long *idx = malloc(m * k * sizeof *idx);
    float *d2 = malloc(m * k * sizeof *d2);
    double *p = malloc(m * k * sizeof *p), *Yr = malloc(2 * n * sizeof *Yr);
    double *Y = calloc(2 * m, sizeof *Y), *U = calloc(2 * m, sizeof *U), *gain = malloc(2 * m * sizeof *gain);
    TsneBh *tree = NULL;
    Pool *pool = NULL;
    int rc = -1;
    if (!idx || !d2 || !p || !Yr || !Y || !U || !gain) {
        err_nomem(e, m * k * 20 + (n + m) * 48, "place");
        goto done;
    }
    if (knn_search_ex(Xnew, X, k, 0, KNN_AUTO, o->threads, idx, d2, e) < 0) goto done;
    for (size_t i = 0; i < 2 * n; i++) Yr[i] = Yref->data[i];
    for (size_t i = 0; i < m; i++) {
        tsne_calibrate_row(d2 + i * k, k, o->perplexity, 1e-5, p + i * k, NULL);
        for (size_t t = 0; t < k; t++)
            for (int c = 0; c < 2; c++) Y[2 * i + c] += p[i * k + t] * Yr[2 * idx[i * k + t] + c];
    }
    for (size_t i = 0; i < 2 * m; i++) gain[i] = 1;
    if (!(tree = tsne_bh_new(e)) || tsne_bh_build(tree, Yr, n, e) < 0 || !(pool = pool_new(o->threads, e)))
        goto done;
    int nt = pool_threads(pool) * 4;
    Place s = {Yr, tree, idx, p, m, k, Y, U, gain, 0.5, nt};
    for (int it = 0; it < o->iters; it++) {
        s.mom = it < 100 ? 0.5 : 0.8;
        pool_run(pool, nt, step_task, &s);
        if ((it + 1) % 10 == 0 || it == o->iters - 1) {
            for (size_t i = 0; i < 2 * m; i++) Ynew->data[i] = (float)Y[i];
            ProgressInfo info = {.task = "place", .done = it + 1, .total = o->iters, .unit = "iter", .snapshot = Ynew};
            if (progress_report(o->progress, &info)) {
                *stopped = 1;
                break;
            }
        }
    }
    for (size_t i = 0; i < 2 * m; i++) Ynew->data[i] = (float)Y[i];
    *out = Ynew;
    Ynew = NULL;
    rc = 0;
done:
    mat_free(Ynew);
    tsne_bh_free(tree);
    pool_free(pool);
    free(idx);
    free(d2);
    free(p);
    free(Yr);
    free(Y);
    free(U);
    free(gain);
    return rc;
}
