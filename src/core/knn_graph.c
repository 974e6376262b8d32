/* knn_graph.c — exact or approximate neighbour graphs (see knn_graph.h). */
#include "core/knn_graph.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/knn.h"
#include "core/nndescent.h"

/* Measured on 50-D digits with 2 threads (scripts/bench-umap): the BLAS
 * scan and NN-descent take about the same time at 10,000-20,000 rows for
 * k = 15 and for k = 90 (NN-descent finds long lists from 32-lists); the
 * scan grows as n^2, NN-descent as n. */
#define EXACT_MAX_ROWS 20000

const char *knn_graph_method_name(KnnGraphMethod m)
{
    return m == KNN_GRAPH_EXACT ? "exact" : m == KNN_GRAPH_APPROX ? "approx" : "auto";
}

KnnGraphMethod knn_graph_auto(size_t n, size_t d, size_t k)
{
    (void)k;
    return d <= 16 || n <= EXACT_MAX_ROWS ? KNN_GRAPH_EXACT : KNN_GRAPH_APPROX;
}

typedef struct Item {
    double d;
    long i;
} Item;

static int item_cmp(const void *a, const void *b)
{
    const Item *x = a, *y = b;
    if (x->d != y->d) return x->d < y->d ? -1 : 1;
    return (x->i > y->i) - (x->i < y->i);
}

/* Cosine distances from X for lists found on unit rows, re-sorted (rows of
 * zeros, at distance 1 from everything, can move). */
static int cosine_finish(const Mat *X, size_t k, long *idx, float *dist, Err *e)
{
    size_t n = X->rows, d = X->cols;
    double *norm = malloc(n * sizeof *norm);
    Item *it = malloc(k * sizeof *it);
    if (!norm || !it) {
        free(norm);
        free(it);
        return err_nomem(e, n * sizeof *norm, "knn");
    }
    for (size_t i = 0; i < n; i++) {
        double s = 0;
        for (size_t c = 0; c < d; c++)
            s += (double)MAT_AT(X, i, c) * MAT_AT(X, i, c);
        norm[i] = sqrt(s);
    }
    for (size_t i = 0; i < n; i++) {
        for (size_t u = 0; u < k; u++) {
            long j = idx[i * k + u];
            double s = 0, nm = norm[i] * norm[j];
            for (size_t c = 0; c < d; c++)
                s += (double)MAT_AT(X, i, c) * MAT_AT(X, j, c);
            it[u] = (Item){nm > 0 ? 1 - s / nm : 1, j};
        }
        qsort(it, k, sizeof *it, item_cmp);
        for (size_t u = 0; u < k; u++) {
            idx[i * k + u] = it[u].i;
            dist[i * k + u] = (float)it[u].d;
        }
    }
    free(norm);
    free(it);
    return 0;
}

/* The exact search's reports, with a note that says it is exact and how. */
typedef struct Relabel {
    const Progress *inner;
    const char *note;
} Relabel;

static int relabel(void *user, const ProgressInfo *in)
{
    const Relabel *r = user;
    ProgressInfo c = *in;
    c.note = r->note;
    return progress_report(r->inner, &c);
}

int knn_graph(const Mat *X, size_t k, const KnnGraphOpts *o, long *idx, float *dist,
              KnnGraphMethod *used, Err *e)
{
    size_t n = X->rows;
    if (n < 2) return err_set(e, "knn: needs at least 2 rows, got %zu", n);
    if (k < 1 || k > n - 1)
        return err_about(e, "k", "knn: k must be between 1 and %zu, got %zu", n - 1, k);
    KnnGraphMethod m = o->method == KNN_GRAPH_AUTO ? knn_graph_auto(n, X->cols, k) : o->method;
    if (used) *used = m;
    if (m == KNN_GRAPH_APPROX) {
        NndOpts no;
        nnd_default_opts(&no, k);
        no.cosine = o->cosine;
        no.threads = o->threads;
        no.seed = o->seed;
        no.progress = o->progress;
        no.task = o->task;
        return nndescent(X, &no, idx, dist, NULL, e);
    }
    Relabel rl = {o->progress, knn_auto_method(X) == KNN_VPTREE
                                   ? "exact neighbours (vantage-point tree)"
                                   : "exact neighbours (BLAS scan)"};
    Progress wrap = {relabel, &rl};
    const Progress *p = o->progress ? &wrap : NULL;
    if (!o->cosine) return knn_search_p(X, X, k, 1, KNN_AUTO, o->threads, p, o->task, idx, dist, e);
    /* cosine: the exact Euclidean search on unit rows, whose order is that
     * of 1 - cos */
    Mat U = {0};
    U.rows = n;
    if (!(U.data = nnd_padded_copy(X, 1, &U.cols, e))) return -1;
    int rc = knn_search_p(&U, &U, k, 1, KNN_AUTO, o->threads, p, o->task, idx, dist, e);
    free(U.data);
    return rc < 0 ? -1 : cosine_finish(X, k, idx, dist, e);
}
