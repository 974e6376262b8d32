/* umap_graph.c — UMAP's fuzzy simplicial set: smooth kNN distances,
 * memberships, and their fuzzy union (McInnes, Healy & Melville 2018,
 * section 3.1, with the local connectivity 1 and bandwidth 1 of
 * umap-learn and uwot). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/pool.h"
#include "reduce/umap.h"

#define SMOOTH_TOL 1e-5 /* on the sum of memberships */
#define SMOOTH_ITERS 64
#define MIN_SCALE 1e-3 /* sigma at least this times the mean distance */

void umap_graph_free(UmapGraph *g)
{
    free(g->row);
    free(g->col);
    free(g->val);
    memset(g, 0, sizeof *g);
}

void umap_smooth_row(const float *dist, size_t m, double mean_all, double *rho_out,
                     double *sigma_out)
{
    /* rho: the nearest neighbour at a non-zero distance, so that every row
     * is fully connected to at least one other (local connectivity 1) */
    double rho = 0, mean = 0;
    for (size_t j = 0; j < m; j++) {
        mean += dist[j];
        if (rho == 0 && dist[j] > 0) rho = dist[j];
    }
    mean /= (double)(m + 1); /* the row itself, at distance 0, counts in umap-learn's mean */
    double target = log2((double)(m + 1)), lo = 0, hi = INFINITY, mid = 1;
    for (int it = 0; it < SMOOTH_ITERS; it++) {
        double s = 0;
        for (size_t j = 0; j < m; j++) {
            double d = dist[j] - rho;
            s += d > 0 ? exp(-d / mid) : 1;
        }
        if (fabs(s - target) < SMOOTH_TOL) break;
        if (s > target) {
            hi = mid;
            mid = (lo + hi) / 2;
        } else {
            lo = mid;
            mid = isinf(hi) ? mid * 2 : (lo + hi) / 2;
        }
    }
    double floor_ = MIN_SCALE * (rho > 0 ? mean : mean_all);
    *rho_out = rho;
    *sigma_out = mid < floor_ ? floor_ : mid;
}

typedef struct Entry {
    uint32_t col;
    float val;
} Entry;

typedef struct Build {
    const long *idx;
    const float *dist;
    size_t n, m;
    double mean_all;
    float *memb;         /* n x m memberships */
    const size_t *start; /* n + 1: where each row's entries begin */
    Entry *ent;
    size_t *len; /* entries per row after the union */
    int nt;
} Build;

static void memb_task(void *arg, int t)
{
    Build *b = arg;
    size_t m = b->m, i0 = pool_split(b->n, t, b->nt), i1 = pool_split(b->n, t + 1, b->nt);
    for (size_t i = i0; i < i1; i++) {
        const float *d = b->dist + i * m;
        double rho, sigma;
        umap_smooth_row(d, m, b->mean_all, &rho, &sigma);
        for (size_t j = 0; j < m; j++) {
            double x = d[j] - rho;
            b->memb[i * m + j] = x <= 0 || sigma == 0 ? 1.0f : (float)exp(-x / sigma);
        }
    }
}

static int entry_cmp(const void *a, const void *b)
{
    const Entry *x = a, *y = b;
    return (x->col > y->col) - (x->col < y->col);
}

/* Sort each row by column; a column met twice is an edge both ways:
 * w = a + b - a b (the fuzzy union, "probabilistic t-conorm").  Zeros go. */
static void union_task(void *arg, int t)
{
    Build *b = arg;
    size_t i0 = pool_split(b->n, t, b->nt), i1 = pool_split(b->n, t + 1, b->nt);
    for (size_t i = i0; i < i1; i++) {
        Entry *e = b->ent + b->start[i];
        size_t cnt = b->start[i + 1] - b->start[i], out = 0;
        qsort(e, cnt, sizeof *e, entry_cmp);
        for (size_t s = 0; s < cnt; s++) {
            if (out > 0 && e[out - 1].col == e[s].col) {
                double x = e[out - 1].val, y = e[s].val;
                e[out - 1].val = (float)(x + y - x * y);
                continue;
            }
            e[out++] = e[s];
        }
        size_t kept = 0;
        for (size_t s = 0; s < out; s++)
            if (e[s].val > 0) e[kept++] = e[s];
        b->len[i] = kept;
    }
}

int umap_fuzzy_graph(const long *idx, const float *dist, size_t n, size_t m, int threads,
                     UmapGraph *g, Err *e)
{
    memset(g, 0, sizeof *g);
    if (n > UINT32_MAX) return err_set(e, "umap: at most %u rows", UINT32_MAX);
    Pool *pool = pool_new(threads, e);
    if (!pool) return -1;
    Build b = {idx, dist, n, m, 0, NULL, NULL, NULL, NULL, 4 * pool_threads(pool)};
    size_t *start = calloc(n + 1, sizeof *start), *fill = malloc(n * sizeof *fill);
    b.memb = malloc(n * m * sizeof *b.memb);
    b.ent = malloc(2 * n * m * sizeof *b.ent);
    b.len = malloc(n * sizeof *b.len);
    int rc = -1;
    if (!start || !fill || !b.memb || !b.ent || !b.len) {
        err_nomem(e, n * m * (sizeof(float) + 2 * sizeof(Entry)), "umap graph");
        goto done;
    }
    double s = 0;
    for (size_t i = 0; i < n * m; i++)
        s += dist[i];
    b.mean_all = s / (double)(n * (m + 1));
    pool_run(pool, b.nt, memb_task, &b);
    /* Row i holds its own m entries and one for each row listing i. */
    for (size_t i = 0; i < n; i++) {
        start[i + 1] += m;
        for (size_t t = 0; t < m; t++)
            start[idx[i * m + t] + 1]++;
    }
    for (size_t i = 0; i < n; i++)
        start[i + 1] += start[i];
    memcpy(fill, start, n * sizeof *fill);
    for (size_t i = 0; i < n; i++)
        for (size_t t = 0; t < m; t++) {
            size_t j = (size_t)idx[i * m + t];
            float v = b.memb[i * m + t];
            b.ent[fill[i]++] = (Entry){(uint32_t)j, v};
            b.ent[fill[j]++] = (Entry){(uint32_t)i, v};
        }
    b.start = start;
    pool_run(pool, b.nt, union_task, &b);
    size_t nnz = 0;
    for (size_t i = 0; i < n; i++)
        nnz += b.len[i];
    g->n = n;
    g->row = malloc((n + 1) * sizeof *g->row);
    g->col = malloc((nnz ? nnz : 1) * sizeof *g->col);
    g->val = malloc((nnz ? nnz : 1) * sizeof *g->val);
    if (!g->row || !g->col || !g->val) {
        umap_graph_free(g);
        err_nomem(e, nnz * 8, "umap graph");
        goto done;
    }
    size_t z = 0;
    g->row[0] = 0;
    for (size_t i = 0; i < n; i++) {
        const Entry *r = b.ent + start[i];
        for (size_t t = 0; t < b.len[i]; t++, z++) {
            g->col[z] = r[t].col;
            g->val[z] = r[t].val;
        }
        g->row[i + 1] = z;
    }
    rc = 0;
done:
    free(start);
    free(fill);
    free(b.memb);
    free(b.ent);
    free(b.len);
    pool_free(pool);
    return rc;
}
