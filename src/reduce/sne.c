/* sne.c — the original Stochastic Neighbour Embedding (Hinton & Roweis,
 * "Stochastic Neighbor Embedding", NIPS 2002), exact, for teaching and
 * small data.
 *
 * Each point keeps its own conditional distributions: p_j|i over the input
 * (Gaussian, width by perplexity, over all other points) and
 * q_j|i = exp(-|y_i - y_j|^2) / sum_k exp(-|y_i - y_k|^2) on the map.  The
 * cost sum_i KL(P_i || Q_i) has the gradient
 *   dC/dy_i = 2 sum_j (p_j|i - q_j|i + p_i|j - q_i|j) (y_i - y_j).
 * No symmetrisation, no heavy tails: the contrast with t-SNE (crowding in
 * the middle of the map) is the point of having it.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/knn.h"
#include "reduce/tsne_impl.h"

#define SNE_MAX 5000

/* Dense conditional P (n x n, row i = p_.|i). */
static double *sne_affinities(const Mat *X, double perplexity, Err *e)
{
    size_t n = X->rows, k = n - 1;
    long *idx = malloc(n * k * sizeof *idx);
    float *d2 = malloc(n * k * sizeof *d2);
    double *P = calloc(n * n, sizeof *P), *p = malloc(k * sizeof *p);
    if (!idx || !d2 || !P || !p) {
        err_nomem(e, n * n * (sizeof *idx + sizeof *d2 + sizeof *P), "sne");
        goto fail;
    }
    if (knn_search(X, X, k, 1, idx, d2, e) < 0) goto fail;
    for (size_t i = 0; i < n; i++) {
        tsne_calibrate_row(d2 + i * k, k, perplexity, 1e-5, p, NULL);
        for (size_t t = 0; t < k; t++) P[i * n + (size_t)idx[i * k + t]] = p[t];
    }
    free(idx);
    free(d2);
    free(p);
    return P;
fail:
    free(idx);
    free(d2);
    free(P);
    free(p);
    return NULL;
}

/* Q (row i = q_.|i), the cost, and the gradient. */
static double sne_grad(const double *P, const double *Y, size_t n, int dims, double *grad, double *Q)
{
    double kl = 0;
    for (size_t i = 0; i < n; i++) {
        double s = 0, dmin = INFINITY;
        double *q = Q + i * n;
        for (size_t j = 0; j < n; j++) {
            double d = 0;
            for (int c = 0; c < dims; c++) {
                double x = Y[i * dims + c] - Y[j * dims + c];
                d += x * x;
            }
            q[j] = d;
            if (j != i && d < dmin) dmin = d;
        }
        for (size_t j = 0; j < n; j++) { /* shifted by the nearest: exp() cannot underflow to all zeros */
            q[j] = j == i ? 0 : exp(-(q[j] - dmin));
            s += q[j];
        }
        for (size_t j = 0; j < n; j++) {
            q[j] /= s;
            double pv = P[i * n + j];
            if (pv > 0) kl += pv * log(pv / fmax(q[j], 1e-300));
        }
    }
    memset(grad, 0, n * (size_t)dims * sizeof *grad);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            if (i == j) continue;
            double m = P[i * n + j] - Q[i * n + j] + P[j * n + i] - Q[j * n + i];
            for (int c = 0; c < dims; c++) grad[i * dims + c] += 2 * m * (Y[i * dims + c] - Y[j * dims + c]);
        }
    return kl;
}

int sne_run(const Mat *X, const TsneOpts *o, TsneResult *res, Err *e)
{
    size_t n = X->rows;
    int dims = o->dims;
    memset(res, 0, sizeof *res);
    if (n < 4) return err_set(e, "sne: needs at least 4 rows, got %zu", n);
    if (n > SNE_MAX)
        return err_set(e, "sne: the original SNE is exact and O(N^2): at most %d points, got %zu (use tsne)",
                       SNE_MAX, n);
    if (dims < 1 || dims > 8) return err_about(e, "dims", "sne: dims must be between 1 and 8, got %d", dims);
    if (!(o->perplexity > 0) || o->perplexity >= (double)(n - 1))
        return err_about(e, "perplexity", "sne: perplexity must be above 0 and below %zu (the number of other points), got %g",
                       n - 1, o->perplexity);
    for (size_t i = 0; i < n * X->cols; i++)
        if (!isfinite(X->data[i]))
            return err_about(e, "X", "sne: X has a missing or infinite value at row %zu, column %zu", i / X->cols,
                           i % X->cols);
    /* Gaussian q is steep: small steps, which the gains then grow. */
    double lr = o->lr > 0 ? o->lr : 0.1;
    res->method = TSNE_EXACT;
    res->lr = lr;
    double t0 = clock_now();
    size_t nd = n * (size_t)dims;
    double *P = NULL, *Q = malloc(n * n * sizeof *Q);
    double *Y = malloc(nd * sizeof *Y), *G = calloc(nd, sizeof *G), *U = calloc(nd, sizeof *U);
    double *gain = malloc(nd * sizeof *gain);
    int nkl = o->iters / TSNE_KL_EVERY + 2, rc = -1, k = 0, it;
    float *klv = malloc((size_t)nkl * sizeof *klv);
    Mat *snap = mat_new_uninit(n, (size_t)dims, e);
    if (!Q || !Y || !G || !U || !gain || !klv || !snap) {
        if (snap) err_nomem(e, n * n * sizeof *Q, "sne");
        goto done;
    }
    if (mat_copy_row_meta(snap, X, NULL, n, e) < 0) goto done;
    snap->img_h = snap->img_w = snap->img_c = 0;
    for (size_t i = 0; i < nd; i++) gain[i] = 1;
    if (!(P = sne_affinities(X, o->perplexity, e))) goto done;
    if (tsne_initial_y(X, dims, o->init_pca, o->seed, Y, e) < 0) goto done;
    double t1 = clock_now(), kl = NAN;
    res->setup_seconds = t1 - t0;
    for (it = 0; it < o->iters; it++) {
        double mom = it < 250 ? 0.5 : 0.8;
        kl = sne_grad(P, Y, n, dims, G, Q);
        int last = it == o->iters - 1;
        if (((it + 1) % TSNE_KL_EVERY == 0 || last) && k < nkl) klv[k++] = (float)kl;
        for (size_t i = 0; i < nd; i++) {
            gain[i] = (G[i] > 0) != (U[i] > 0) ? gain[i] + 0.2 : gain[i] * 0.8;
            if (gain[i] < 0.01) gain[i] = 0.01;
            U[i] = mom * U[i] - lr * gain[i] * G[i];
            Y[i] += U[i];
        }
        if ((it + 1) % 10 == 0 || last) {
            for (size_t i = 0; i < nd; i++) snap->data[i] = (float)Y[i];
            ProgressInfo info = {.task = "sne", .done = it + 1, .total = o->iters, .unit = "iter", .metric = "KL",
                                 .value = kl, .snapshot = snap, .curve = klv, .curve_len = (size_t)k};
            if (progress_report(o->progress, &info)) {
                res->stopped = 1;
                it++;
                break;
            }
        }
    }
    res->iter_seconds = it > 0 ? (clock_now() - t1) / it : 0;
    res->iters = it;
    for (size_t i = 0; i < nd; i++) snap->data[i] = (float)Y[i];
    res->Y = snap;
    snap = NULL;
    if (!(res->kl = mat_new_uninit(1, (size_t)k, e))) goto done;
    if (k) memcpy(res->kl->data, klv, (size_t)k * sizeof(float));
    rc = 0;
done:
    if (rc < 0) tsne_result_free(res);
    mat_free(snap);
    free(P);
    free(Q);
    free(Y);
    free(G);
    free(U);
    free(gain);
    free(klv);
    return rc;
}
