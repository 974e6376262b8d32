#include "core/knn.h"

#include <float.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/blas.h"
#include "core/progress.h"
#include "core/rng.h"

#define KNN_MAX_THREADS 64
#define TILE_ROWS 128  /* query rows per sgemm */
#define TILE_COLS 4096 /* reference rows per sgemm: 128 x 4096 floats = 2 MB a thread */

KnnMethod knn_auto_method(const Mat *R)
{
    /* Trees pay off only in few dimensions; beyond that a VP tree visits
     * most of its nodes and the BLAS scan is much faster per distance. */
    return R->cols <= 16 && R->rows >= 256 ? KNN_VPTREE : KNN_BRUTE;
}

/* ---- candidates and exact finishing ------------------------------- */

typedef struct DistItem {
    float d;
    long i;
} DistItem;

static int item_cmp(DistItem a, DistItem b)
{
    if (a.d != b.d) return a.d < b.d ? -1 : 1;
    return a.i < b.i ? -1 : a.i > b.i;
}

static int item_qcmp(const void *a, const void *b)
{
    return item_cmp(*(const DistItem *)a, *(const DistItem *)b);
}

/* Quickselect with a three-way partition on the distance: put an s-th
 * smallest of a[0..n) at a[s], nothing larger before it and nothing
 * smaller after.  Ties go either way, but always the same way for the
 * same input, and finish_row orders them by index afterwards. */
static void select_nth(DistItem *a, size_t n, size_t s)
{
    size_t lo = 0, hi = n;
    while (hi - lo > 1) {
        float p = a[lo + (hi - lo) / 2].d;
        DistItem t;
        size_t lt = lo, i = lo, gt = hi;
        while (i < gt) {
            float d = a[i].d;
            if (d < p) {
                t = a[lt], a[lt] = a[i], a[i] = t;
                lt++, i++;
            } else if (d > p) {
                gt--;
                t = a[gt], a[gt] = a[i], a[i] = t;
            } else {
                i++;
            }
        }
        if (s < lt) hi = lt;
        else if (s >= gt) lo = gt;
        else return;
    }
}

/* One query's k neighbours (in any order) get exact distances (double,
 * from the input rows) and are sorted ascending, ties by index, so every
 * method and thread count gives the same answer.  tmp holds k items. */
static void finish_row(const float *q, const Mat *R, size_t k, long *idx, float *d2, DistItem *tmp)
{
    size_t d = R->cols;
    for (size_t t = 0; t < k; t++) {
        const float *r = MAT_ROW(R, idx[t]);
        double s = 0;
        for (size_t c = 0; c < d; c++) {
            double x = (double)q[c] - r[c];
            s += x * x;
        }
        tmp[t] = (DistItem){(float)s, idx[t]};
    }
    qsort(tmp, k, sizeof *tmp, item_qcmp);
    for (size_t t = 0; t < k; t++) {
        d2[t] = tmp[t].d;
        idx[t] = tmp[t].i;
    }
}

/* ---- brute force with BLAS tiles ----------------------------------- */

typedef struct Brute {
    const Mat *Q, *R;     /* the inputs (for the exact distances at the end) */
    const float *qc, *rc; /* column-centred copies */
    const float *qn, *rn; /* their squared norms */
    size_t n, m, d, k;
    int self;
    long *idx;
    float *d2;
} Brute;

/* Is row[t] + rn[t] < thr for any t < 16?  GCC's vector extension (also
 * in clang) makes this four SSE compares, where -O2 leaves a plain loop
 * scalar; most chunks fail once a row has k good candidates. */
typedef float v4f __attribute__((vector_size(16)));
typedef int v4i __attribute__((vector_size(16)));
static int chunk_has_below(const float *row, const float *rn, float thr)
{
    v4f a[4], b[4], t = {thr, thr, thr, thr};
    memcpy(a, row, sizeof a);
    memcpy(b, rn, sizeof b);
    v4i m = ((a[0] + b[0]) < t) | ((a[1] + b[1]) < t) | ((a[2] + b[2]) < t) | ((a[3] + b[3]) < t);
    return (m[0] | m[1] | m[2] | m[3]) != 0;
}

/* Rows [a0, a1) against every reference row, one tile of distances at a
 * time.  Each row collects the entries below its current k-th distance in
 * a buffer of 2k; when the buffer is full a quickselect keeps the k
 * smallest and lowers the threshold.  Amortised O(1) per candidate and no
 * per-candidate heap.  cand holds TILE_ROWS * 2k items. */
static void brute_rows(const Brute *b, size_t a0, size_t a1, float *D, DistItem *cand)
{
    size_t m = b->m, d = b->d, k = b->k, cap = 2 * k;
    size_t cnt[TILE_ROWS];
    float thr[TILE_ROWS];
    for (size_t r0 = a0; r0 < a1; r0 += TILE_ROWS) {
        size_t rh = a1 - r0 < TILE_ROWS ? a1 - r0 : TILE_ROWS;
        for (size_t a = 0; a < rh; a++) cnt[a] = 0, thr[a] = INFINITY;
        for (size_t c0 = 0; c0 < m; c0 += TILE_COLS) {
            size_t cw = m - c0 < TILE_COLS ? m - c0 : TILE_COLS;
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)rh, (int)cw, (int)d, -2.0f, b->qc + r0 * d,
                        (int)d, b->rc + c0 * d, (int)d, 0.0f, D, (int)cw);
            for (size_t a = 0; a < rh; a++) {
                size_t i = r0 + a, nc = cnt[a];
                DistItem *c = cand + a * cap;
                const float *row = D + a * cw, *rn = b->rn + c0;
                float qn = b->qn[i], t = thr[a] - qn;
                /* Columns arrive in increasing index, so rejecting a tie
                 * with the threshold agrees with ordering ties by index. */
                for (size_t j = 0; j < cw; j += 16) {
                    size_t end = j + 16 <= cw ? j + 16 : cw;
                    if (end - j == 16 && !chunk_has_below(row + j, rn + j, t)) continue;
                    for (size_t u = j; u < end; u++) {
                        float v = row[u] + rn[u];
                        if (!(v < t) || (b->self && c0 + u == i)) continue;
                        v += qn;
                        c[nc++] = (DistItem){v < 0 ? 0 : v, (long)(c0 + u)};
                        if (nc == cap) {
                            select_nth(c, nc, k - 1);
                            nc = k;
                            thr[a] = c[k - 1].d;
                            t = thr[a] - qn;
                        }
                    }
                }
                cnt[a] = nc;
            }
        }
        for (size_t a = 0; a < rh; a++) {
            size_t i = r0 + a, nc = cnt[a];
            DistItem *c = cand + a * cap;
            if (nc > k) select_nth(c, nc, k - 1);
            long *bi = b->idx + i * k;
            for (size_t u = 0; u < k; u++) bi[u] = c[u].i;
            finish_row(MAT_ROW(b->Q, i), b->R, k, bi, b->d2 + i * k, c);
        }
    }
}

/* ---- vantage-point tree ------------------------------------------- */

typedef struct VpNode {
    long item;
    float tau;         /* median distance from item to the points below */
    int inner, outer;  /* children (-1: none): distance < tau, >= tau */
} VpNode;

typedef struct VpTree {
    const Mat *R;
    VpNode *nodes;
    size_t n;
} VpTree;

static float dist_f(const float *a, const float *b, size_t d)
{
    float s = 0;
    for (size_t c = 0; c < d; c++) {
        float x = a[c] - b[c];
        s += x * x;
    }
    return sqrtf(s);
}

/* Build over items[lo..hi); returns the node index or -1.  Median splits
 * keep the depth at log2 n. */
static int vp_build(VpTree *t, DistItem *items, size_t lo, size_t hi, Rng *rng)
{
    if (lo >= hi) return -1;
    size_t d = t->R->cols;
    int id = (int)t->n++;
    size_t v = lo + (size_t)rng_below(rng, hi - lo);
    DistItem tmp = items[lo];
    items[lo] = items[v];
    items[v] = tmp;
    VpNode *nd = &t->nodes[id];
    nd->item = items[lo].i;
    nd->tau = 0;
    nd->inner = nd->outer = -1;
    if (hi - lo == 1) return id;
    const float *vp = MAT_ROW(t->R, items[lo].i);
    for (size_t j = lo + 1; j < hi; j++) items[j].d = dist_f(vp, MAT_ROW(t->R, items[j].i), d);
    size_t med = (lo + 1 + hi) / 2;
    select_nth(items + lo + 1, hi - lo - 1, med - lo - 1);
    float tau = items[med].d;
    int inner = vp_build(t, items, lo + 1, med, rng);
    int outer = vp_build(t, items, med, hi, rng);
    nd = &t->nodes[id];
    nd->tau = tau;
    nd->inner = inner;
    nd->outer = outer;
    return id;
}

/* The query's k best so far as a max-heap of distances (not squared). */
typedef struct VpQuery {
    const float *q;
    long self; /* index to skip, or -1 */
    size_t k, cnt;
    float *hd;
    long *hi;
} VpQuery;

static void heap_push(VpQuery *s, float d, long j)
{
    float *hd = s->hd;
    long *hi = s->hi;
    size_t i, k = s->k;
    if (s->cnt < k) {
        i = s->cnt++;
        while (i > 0 && hd[(i - 1) / 2] < d) {
            hd[i] = hd[(i - 1) / 2];
            hi[i] = hi[(i - 1) / 2];
            i = (i - 1) / 2;
        }
        hd[i] = d;
        hi[i] = j;
        return;
    }
    if (d >= hd[0]) return;
    i = 0; /* replace the root and sift down */
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, m = i;
        float dm = d;
        if (l < k && hd[l] > dm) m = l, dm = hd[l];
        if (r < k && hd[r] > dm) m = r;
        if (m == i) break;
        hd[i] = hd[m];
        hi[i] = hi[m];
        i = m;
    }
    hd[i] = d;
    hi[i] = j;
}

static void vp_search(const VpTree *t, int node, VpQuery *s)
{
    while (node >= 0) {
        const VpNode *nd = &t->nodes[node];
        float dist = dist_f(s->q, MAT_ROW(t->R, nd->item), t->R->cols);
        if (nd->item != s->self) heap_push(s, dist, nd->item);
        if (nd->inner < 0 && nd->outer < 0) return;
        float tau = s->cnt < s->k ? INFINITY : s->hd[0];
        /* The side the query lies in first; the other only if the ball of
         * radius tau crosses the boundary (checked again after the first
         * side has shrunk tau). */
        if (dist < nd->tau) {
            if (dist - tau <= nd->tau) vp_search(t, nd->inner, s);
            tau = s->cnt < s->k ? INFINITY : s->hd[0];
            node = dist + tau >= nd->tau ? nd->outer : -1;
        } else {
            if (dist + tau >= nd->tau) vp_search(t, nd->outer, s);
            tau = s->cnt < s->k ? INFINITY : s->hd[0];
            node = dist - tau <= nd->tau ? nd->inner : -1;
        }
    }
}

/* ---- threads ------------------------------------------------------ */

typedef struct Job {
    const Brute *b;
    const VpTree *t;
    size_t a0, a1;
    float *buf;     /* brute: one tile of distances */
    DistItem *cand; /* brute: TILE_ROWS * 2k candidates; vp tree: k */
} Job;

static void *brute_job(void *arg)
{
    Job *j = arg;
    brute_rows(j->b, j->a0, j->a1, j->buf, j->cand);
    return NULL;
}

static void *vp_job(void *arg)
{
    Job *j = arg;
    const Brute *b = j->b;
    for (size_t i = j->a0; i < j->a1; i++) {
        VpQuery s = {MAT_ROW(b->Q, i), b->self ? (long)i : -1, b->k, 0, b->d2 + i * b->k, b->idx + i * b->k};
        vp_search(j->t, 0, &s);
        finish_row(MAT_ROW(b->Q, i), b->R, b->k, s.hi, s.hd, j->cand);
    }
    return NULL;
}

static void run_jobs(Job *jobs, int nt, void *(*fn)(void *))
{
    pthread_t tid[KNN_MAX_THREADS];
    int started[KNN_MAX_THREADS] = {0};
    for (int t = 1; t < nt; t++) started[t] = pthread_create(&tid[t], NULL, fn, &jobs[t]) == 0;
    fn(&jobs[0]);
    for (int t = 1; t < nt; t++) {
        if (started[t]) pthread_join(tid[t], NULL);
        else fn(&jobs[t]); /* no thread to be had: do its share here */
    }
}

/* Column-centred float copy of A with mean mu, and squared row norms. */
static float *centred(const Mat *A, const double *mu, float *norms, Err *e)
{
    size_t n = A->rows, d = A->cols;
    float *c = mat_alloc_floats(n * d > 0 ? n * d : 1, e);
    if (!c) return NULL;
    for (size_t i = 0; i < n; i++) {
        double s = 0;
        for (size_t j = 0; j < d; j++) {
            float x = (float)(MAT_AT(A, i, j) - mu[j]);
            c[i * d + j] = x;
            s += (double)x * x;
        }
        norms[i] = (float)s;
    }
    return c;
}

/* Rows [0, n) in chunks of whole tiles, so that the caller's progress
 * hook hears of each chunk (from this thread) and can stop the search. */
static int run_chunks(Job *jobs, int threads, void *(*fn)(void *), size_t n, size_t align, const Progress *p,
                      const char *task, Err *e)
{
    size_t step = (n / 16 + align * (size_t)threads - 1) / (align * (size_t)threads) * (align * (size_t)threads);
    if (step < 2048) step = (2048 + align - 1) / align * align; /* a report per chunk is cheap; a chunk, not */
    for (size_t c0 = 0; c0 < n; c0 += step) {
        size_t c1 = n - c0 < step ? n : c0 + step, units = (c1 - c0 + align - 1) / align;
        for (int j = 0; j < threads; j++) {
            size_t a0 = c0 + units * (size_t)j / (size_t)threads * align;
            size_t a1 = c0 + units * (size_t)(j + 1) / (size_t)threads * align;
            jobs[j].a0 = a0 < c1 ? a0 : c1;
            jobs[j].a1 = a1 < c1 ? a1 : c1;
        }
        run_jobs(jobs, threads, fn);
        ProgressInfo info = {.task = task, .done = (double)c1, .total = (double)n, .unit = "rows", .note = "nearest neighbours"};
        /* the last chunk is reported too (so a progress line can say the
         * search is done); a stop asked then is left to the caller's next step */
        if (progress_report(p, &info) && c1 < n) return err_cancelled(e);
    }
    return 0;
}

static int vp_all(Brute *b, int threads, const Progress *p, const char *task, Err *e)
{
    size_t m = b->R->rows, n = b->n, k = b->k;
    VpTree t = {b->R, malloc(m * sizeof(VpNode)), 0};
    DistItem *items = malloc((m > k * (size_t)threads ? m : k * (size_t)threads) * sizeof *items);
    if (!t.nodes || !items) {
        free(t.nodes);
        free(items);
        return err_nomem(e, m * (sizeof(VpNode) + sizeof(DistItem)), "nearest neighbours (tree)");
    }
    for (size_t i = 0; i < m; i++) items[i] = (DistItem){0, (long)i};
    Rng rng;
    rng_seed(&rng, 0x5eed); /* fixed: the tree's shape never changes the answer */
    vp_build(&t, items, 0, m, &rng);
    Job jobs[KNN_MAX_THREADS];
    for (int j = 0; j < threads; j++) jobs[j] = (Job){b, &t, 0, 0, NULL, items + k * (size_t)j};
    int rc = run_chunks(jobs, threads, vp_job, n, 1, p, task, e);
    free(t.nodes);
    free(items);
    return rc;
}

static int brute_all(Brute *b, int threads, const Progress *p, const char *task, Err *e)
{
    const Mat *Q = b->Q, *R = b->R;
    size_t n = b->n, m = b->m, d = b->d, k = b->k;
    size_t per = (size_t)TILE_ROWS * TILE_COLS, nc = (size_t)TILE_ROWS * 2 * k;
    double *mu = calloc(d ? d : 1, sizeof *mu);
    float *qn = malloc(n * sizeof *qn), *rn = malloc(m * sizeof *rn);
    float *qc = NULL, *rc_ = NULL, *buf = NULL;
    DistItem *cand = malloc(nc * (size_t)threads * sizeof *cand);
    int rc = -1;
    if (!mu || !qn || !rn || !cand) {
        err_nomem(e, (n + m) * sizeof(float) + nc * (size_t)threads * sizeof *cand, "nearest neighbours");
        goto done;
    }
    /* Centre both on R's mean: distances do not change, but the norms
     * shrink, so |x|^2 + |y|^2 - 2 x.y loses less in float. */
    for (size_t i = 0; i < m; i++)
        for (size_t j = 0; j < d; j++) mu[j] += MAT_AT(R, i, j);
    for (size_t j = 0; j < d; j++) mu[j] /= (double)m;
    if (!(rc_ = centred(R, mu, rn, e))) goto done;
    if (b->self) {
        qc = rc_;
        memcpy(qn, rn, n * sizeof *qn);
    } else if (!(qc = centred(Q, mu, qn, e))) {
        goto done;
    }
    if (!(buf = mat_alloc_floats(per * (size_t)threads, e))) goto done;
    b->qc = qc;
    b->rc = rc_;
    b->qn = qn;
    b->rn = rn;
    int saved = blas_threads();
    blas_set_threads(1); /* our threads call sgemm side by side */
    /* Hand out whole tiles so every thread's rows start on a tile. */
    Job jobs[KNN_MAX_THREADS];
    for (int j = 0; j < threads; j++) jobs[j] = (Job){b, NULL, 0, 0, buf + per * (size_t)j, cand + nc * (size_t)j};
    if (run_chunks(jobs, threads, brute_job, n, TILE_ROWS, p, task, e) < 0) {
        blas_set_threads(saved);
        goto done;
    }
    blas_set_threads(saved);
    rc = 0;
done:
    free(mu);
    free(qn);
    free(rn);
    if (qc != rc_) free(qc);
    free(rc_);
    free(buf);
    free(cand);
    return rc;
}

/* Squared distances are kept in floats (and summed as |x|^2 + |y|^2 -
 * 2 x.y by the tiles): rows farther than sqrt(FLT_MAX / 4) from R's mean
 * could be an infinite distance apart, and a row whose every distance is
 * infinite gets no candidates at all (once read as garbage indices: a
 * crash for knn, tsne, umap on X * 1e20).  Refused, naming the row. */
static int distances_fit(const Mat *Q, const Mat *R, Err *e)
{
    size_t d = R->cols;
    double *mu = calloc(d ? d : 1, sizeof *mu);
    if (!mu) return err_nomem(e, d * sizeof *mu, "nearest neighbours");
    for (size_t i = 0; i < R->rows; i++)
        for (size_t j = 0; j < d; j++) mu[j] += MAT_AT(R, i, j);
    for (size_t j = 0; j < d; j++) mu[j] /= (double)R->rows;
    const Mat *A[2] = {R, Q};
    for (int w = 0; w < (Q == R ? 1 : 2); w++)
        for (size_t i = 0; i < A[w]->rows; i++) {
            double s = 0;
            for (size_t j = 0; j < d; j++) {
                double x = MAT_AT(A[w], i, j) - mu[j];
                s += x * x;
            }
            if (!(s <= FLT_MAX / 4)) {
                free(mu);
                return err_set(e, "knn: %s %zu is %.2g from the mean: squared distances would overflow 32-bit floats "
                                  "(at most about %.1g); scale the data down",
                               w ? "query row" : "row", i, sqrt(s), sqrt(FLT_MAX / 4));
            }
        }
    free(mu);
    return 0;
}

int knn_search_ex(const Mat *Q, const Mat *R, size_t k, int self, KnnMethod method, int threads, long *idx,
                  float *d2, Err *e)
{
    return knn_search_p(Q, R, k, self, method, threads, NULL, NULL, idx, d2, e);
}

int knn_search_p(const Mat *Q, const Mat *R, size_t k, int self, KnnMethod method, int threads, const Progress *p,
                 const char *task, long *idx, float *d2, Err *e)
{
    size_t n = Q->rows, m = R->rows, d = Q->cols;
    if (R->cols != d) return err_set(e, "knn: the queries have %zu columns, the reference rows %zu", d, R->cols);
    if (self && m < 2) return err_set(e, "knn: needs at least 2 rows, got %zu", m);
    if (k == 0 || k > m - (self ? 1 : 0))
        return err_about(e, "k", "knn: k must be between 1 and %zu, got %zu", m - (self ? 1 : 0), k);
    if (n == 0) return 0;
    if (distances_fit(Q, R, e) < 0) return -1;
    if (threads < 1) threads = 1;
    if (threads > KNN_MAX_THREADS) threads = KNN_MAX_THREADS;
    if ((size_t)threads > n) threads = (int)n;
    if (method == KNN_AUTO) method = knn_auto_method(R);
    Brute b = {Q, R, NULL, NULL, NULL, NULL, n, m, d, k, self, idx, d2};
    return method == KNN_VPTREE ? vp_all(&b, threads, p, task, e) : brute_all(&b, threads, p, task, e);
}

int knn_search(const Mat *Q, const Mat *R, size_t k, int self, long *idx, float *d2, Err *e)
{
    return knn_search_ex(Q, R, k, self, KNN_AUTO, 1, idx, d2, e);
}
