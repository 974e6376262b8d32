/* tsne_affinity.c — t-SNE's input similarities: the sparse symmetric P.
 *
 * Each point's conditional distribution p_j|i is a Gaussian over its
 * K = 3 * perplexity nearest neighbours (van der Maaten 2014: beyond that
 * the Gaussian is negligible; exact for small inputs, NN-descent for large
 * ones, as openTSNE and FIt-SNE use approximate neighbours), with the precision found by bisection so
 * that the entropy equals log(perplexity).  P = (P_cond + P_cond^T) / 2N
 * is assembled in CSR form by counting, without a global sort.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/knn_graph.h"
#include "reduce/tsne_impl.h"

void sparse_free(SparseP *p)
{
    free(p->row);
    free(p->col);
    free(p->val);
    memset(p, 0, sizeof *p);
}

double tsne_calibrate_row(const float *d2, size_t k, double perplexity, double tol, double *p, double *beta_out)
{
    double target = log(perplexity), lo = -INFINITY, hi = INFINITY, H = 0;
    double dmin = INFINITY, mean = 0;
    for (size_t j = 0; j < k; j++)
        if (d2[j] < dmin) dmin = d2[j];
    /* Start at the precision that suits the data's scale: the mean of the
     * distances (shifted by the smallest) is a fair first guess. */
    for (size_t j = 0; j < k; j++) mean += d2[j] - dmin;
    mean /= (double)k;
    double beta = mean > 0 ? 1 / mean : 1;
    for (int it = 0; it < 200; it++) {
        double sum = 0, sdp = 0;
        for (size_t j = 0; j < k; j++) {
            double d = d2[j] - dmin; /* the shift cancels in p but keeps exp() <= 1 */
            p[j] = exp(-beta * d);
            sum += p[j];
            sdp += d * p[j];
        }
        H = log(sum) + beta * sdp / sum;
        for (size_t j = 0; j < k; j++) p[j] /= sum;
        double diff = H - target;
        if (fabs(diff) < tol) break;
        if (diff > 0) { /* entropy too high: a narrower kernel */
            lo = beta;
            beta = isinf(hi) ? beta * 2 : (beta + hi) / 2;
        } else {
            hi = beta;
            beta = isinf(lo) ? beta / 2 : (beta + lo) / 2;
        }
    }
    if (beta_out) *beta_out = beta;
    return H;
}

typedef struct Calib {
    size_t n, k;
    double perplexity;
    float *d2;       /* n x k squared distances, replaced by p_j|i / 2N */
    double *scratch; /* k per task */
    size_t r0, r1;   /* the rows of this round */
    int nt;
} Calib;

static void calib_task(void *arg, int t)
{
    Calib *c = arg;
    size_t m = c->r1 - c->r0, a = c->r0 + pool_split(m, t, c->nt), b = c->r0 + pool_split(m, t + 1, c->nt);
    double *p = c->scratch + (size_t)t * c->k, scale = 1 / (2.0 * (double)c->n);
    for (size_t i = a; i < b; i++) {
        tsne_calibrate_row(c->d2 + i * c->k, c->k, c->perplexity, 1e-5, p, NULL);
        for (size_t j = 0; j < c->k; j++) c->d2[i * c->k + j] = (float)(p[j] * scale);
    }
}

typedef struct Entry {
    uint32_t col;
    float val;
} Entry;

static int entry_cmp(const void *a, const void *b)
{
    const Entry *x = a, *y = b;
    return x->col < y->col ? -1 : x->col > y->col;
}

typedef struct Merge {
    size_t n;
    const size_t *start; /* n + 1: where each row's raw entries begin */
    Entry *ent;
    size_t *len; /* entries left per row after merging duplicates */
    int nt;
} Merge;

/* Sort each row by column and add up the pairs p_j|i and p_i|j. */
static void merge_task(void *arg, int t)
{
    Merge *m = arg;
    size_t a = pool_split(m->n, t, m->nt), b = pool_split(m->n, t + 1, m->nt);
    for (size_t i = a; i < b; i++) {
        Entry *e = m->ent + m->start[i];
        size_t cnt = m->start[i + 1] - m->start[i], out = 0;
        qsort(e, cnt, sizeof *e, entry_cmp);
        for (size_t s = 0; s < cnt; s++) {
            if (out > 0 && e[out - 1].col == e[s].col) {
                e[out - 1].val = (float)((double)e[out - 1].val + e[s].val);
                continue;
            }
            e[out++] = e[s];
        }
        m->len[i] = out;
    }
}

int tsne_affinities_pool(const Mat *X, double perplexity, KnnGraphMethod knn, uint64_t seed, Pool *pool,
                         const Progress *progress, SparseP *P, Err *e)
{
    size_t n = X->rows, k = (size_t)(3 * perplexity);
    memset(P, 0, sizeof *P);
    if (k < 1) k = 1;
    if (k > n - 1) k = n - 1;
    int nt = pool_threads(pool) * 4; /* smaller tasks balance better */
    long *idx = malloc(n * k * sizeof *idx);
    float *d2 = malloc(n * k * sizeof *d2);
    size_t *start = NULL, *len = NULL, *fill = NULL;
    Entry *ent = NULL;
    double *scratch = malloc((size_t)nt * k * sizeof *scratch);
    int rc = -1;
    if (!idx || !d2 || !scratch) {
        err_nomem(e, n * k * (sizeof *idx + sizeof *d2), "tsne affinities");
        goto done;
    }
    KnnGraphOpts ko = {knn, 0, pool_threads(pool), seed, progress, "tsne neighbours"};
    if (knn_graph(X, k, &ko, idx, d2, NULL, e) < 0) goto done;
    /* p_j|i in place of the distances, in rounds that report */
    Calib c = {n, k, perplexity, d2, scratch, 0, 0, nt};
    size_t step = n / 20 > 4096 ? n / 20 : 4096;
    for (c.r0 = 0; c.r0 < n; c.r0 = c.r1) {
        c.r1 = n - c.r0 < step ? n : c.r0 + step;
        pool_run(pool, nt, calib_task, &c);
        ProgressInfo info = {.task = "tsne affinities", .done = (double)c.r1, .total = (double)n, .unit = "rows",
                             .note = "Gaussian kernels calibrated to the perplexity"};
        if (progress_report(progress, &info)) {
            err_cancelled(e);
            goto done;
        }
    }
    start = calloc(n + 1, sizeof *start);
    len = malloc(n * sizeof *len);
    ent = malloc(2 * n * k * sizeof *ent);
    if (!start || !len || !ent) {
        err_nomem(e, n * k * 2 * sizeof *ent, "tsne affinities");
        goto done;
    }
    /* Row i holds its own k entries and one for every j that has i among
     * its neighbours: count, then place. */
    for (size_t i = 0; i < n; i++) {
        start[i + 1] += k;
        for (size_t t = 0; t < k; t++) start[idx[i * k + t] + 1]++;
    }
    for (size_t i = 0; i < n; i++) start[i + 1] += start[i];
    if (!(fill = malloc(n * sizeof *fill))) {
        err_nomem(e, n * sizeof *fill, "tsne affinities");
        goto done;
    }
    memcpy(fill, start, n * sizeof *fill);
    for (size_t i = 0; i < n; i++)
        for (size_t t = 0; t < k; t++) {
            size_t j = (size_t)idx[i * k + t];
            float v = d2[i * k + t];
            ent[fill[i]++] = (Entry){(uint32_t)j, v};
            ent[fill[j]++] = (Entry){(uint32_t)i, v};
        }
    free(idx), idx = NULL;
    free(d2), d2 = NULL;
    Merge m = {n, start, ent, len, nt};
    pool_run(pool, nt, merge_task, &m);
    size_t nnz = 0;
    for (size_t i = 0; i < n; i++) nnz += len[i];
    P->n = n;
    P->row = malloc((n + 1) * sizeof *P->row);
    P->col = malloc((nnz ? nnz : 1) * sizeof *P->col);
    P->val = malloc((nnz ? nnz : 1) * sizeof *P->val);
    if (!P->row || !P->col || !P->val) {
        sparse_free(P);
        err_nomem(e, nnz * 8, "tsne affinities");
        goto done;
    }
    size_t z = 0;
    P->row[0] = 0;
    for (size_t i = 0; i < n; i++) {
        const Entry *r = ent + start[i];
        for (size_t s = 0; s < len[i]; s++, z++) {
            P->col[z] = r[s].col;
            P->val[z] = r[s].val;
        }
        P->row[i + 1] = z;
    }
    rc = 0;
done:
    free(idx);
    free(d2);
    free(start);
    free(len);
    free(fill);
    free(ent);
    free(scratch);
    return rc;
}

int tsne_affinities(const Mat *X, double perplexity, int threads, SparseP *P, Err *e)
{
    Pool *pool = pool_new(threads, e);
    if (!pool) return -1;
    int rc = tsne_affinities_pool(X, perplexity, KNN_GRAPH_AUTO, 0, pool, NULL, P, e);
    pool_free(pool);
    return rc;
}
