#include "reduce/tsne.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "core/blas.h"
#include "core/knn.h"
#include "core/rng.h"
#include "reduce/pca.h"
#include "reduce/tsne_fft.h"

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
    o->threads = 2;
    o->seed = 42;
}

void sparse_free(SparseP *p)
{
    free(p->row);
    free(p->col);
    free(p->val);
    memset(p, 0, sizeof *p);
}

void tsne_result_free(TsneResult *r)
{
    mat_free(r->Y);
    mat_free(r->kl);
    memset(r, 0, sizeof *r);
}

double tsne_calibrate_row(const float *d2, size_t k, double perplexity, double tol, double *p, double *beta_out)
{
    double target = log(perplexity), beta = 1, lo = -INFINITY, hi = INFINITY, H = 0;
    double dmin = INFINITY;
    for (size_t j = 0; j < k; j++)
        if (d2[j] < dmin) dmin = d2[j];
    /* scale the starting precision to the data */
    double mean = 0;
    for (size_t j = 0; j < k; j++) mean += d2[j] - dmin;
    mean /= (double)k;
    beta = mean > 0 ? 1 / mean : 1;
    for (int it = 0; it < 200; it++) {
        double sum = 0, sdp = 0;
        for (size_t j = 0; j < k; j++) {
            double d = d2[j] - dmin; /* shift: exp(-beta d) stays <= 1 */
            p[j] = exp(-beta * d);
            sum += p[j];
            sdp += d * p[j];
        }
        H = log(sum) + beta * sdp / sum;
        for (size_t j = 0; j < k; j++) p[j] /= sum;
        double diff = H - target;
        if (fabs(diff) < tol) break;
        if (diff > 0) { /* entropy too high: narrower kernel */
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

typedef struct Entry {
    uint32_t i, j;
    double v;
} Entry;

static int entry_cmp(const void *a, const void *b)
{
    const Entry *x = a, *y = b;
    if (x->i != y->i) return x->i < y->i ? -1 : 1;
    if (x->j != y->j) return x->j < y->j ? -1 : 1;
    return 0;
}

int tsne_affinities(const Mat *X, double perplexity, SparseP *P, Err *e)
{
    size_t n = X->rows, k = (size_t)(3 * perplexity);
    memset(P, 0, sizeof *P);
    if (k > n - 1) k = n - 1;
    if (perplexity <= 0 || perplexity * 3 > (double)(n - 1) + 3 * perplexity - (double)k + 1e-9) {
        if (perplexity >= (double)n)
            return err_set(e, "tsne: perplexity %g is too large for %zu points (at most %zu)", perplexity, n,
                           (n - 1) / 3);
    }
    long *idx = malloc(n * k * sizeof *idx);
    float *d2 = malloc(n * k * sizeof *d2);
    double *p = malloc(k * sizeof *p);
    Entry *ent = malloc(2 * n * k * sizeof *ent);
    int rc = -1;
    if (!idx || !d2 || !p || !ent) {
        err_nomem(e, n * k * 40, "tsne affinities");
        goto done;
    }
    if (knn_search(X, X, k, 1, idx, d2, e) < 0) goto done;
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        tsne_calibrate_row(d2 + i * k, k, perplexity, 1e-5, p, NULL);
        for (size_t t = 0; t < k; t++) {
            double v = p[t] / (2.0 * (double)n);
            ent[m++] = (Entry){(uint32_t)i, (uint32_t)idx[i * k + t], v};
            ent[m++] = (Entry){(uint32_t)idx[i * k + t], (uint32_t)i, v};
        }
    }
    qsort(ent, m, sizeof *ent, entry_cmp);
    P->n = n;
    P->row = calloc(n + 1, sizeof *P->row);
    P->col = malloc(m * sizeof *P->col);
    P->val = malloc(m * sizeof *P->val);
    if (!P->row || !P->col || !P->val) {
        sparse_free(P);
        err_nomem(e, m * 12, "tsne affinities");
        goto done;
    }
    size_t nz = 0;
    for (size_t a = 0; a < m; a++) {
        if (nz > 0 && P->col[nz - 1] == ent[a].j && a > 0 && ent[a - 1].i == ent[a].i) {
            P->val[nz - 1] += ent[a].v; /* p_j|i and p_i|j meet */
            continue;
        }
        P->col[nz] = ent[a].j;
        P->val[nz] = ent[a].v;
        P->row[ent[a].i + 1] = ++nz;
    }
    for (size_t i = 1; i <= n; i++)
        if (P->row[i] < P->row[i - 1]) P->row[i] = P->row[i - 1];
    rc = 0;
done:
    free(idx);
    free(d2);
    free(p);
    free(ent);
    return rc;
}

/* ---- exact gradient ------------------------------------------------ */

double tsne_kl_exact(const SparseP *P, const double *Y, size_t n, int dims)
{
    double Z = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            if (i == j) continue;
            double d = 0;
            for (int c = 0; c < dims; c++) d += (Y[i * dims + c] - Y[j * dims + c]) * (Y[i * dims + c] - Y[j * dims + c]);
            Z += 1 / (1 + d);
        }
    double kl = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t t = P->row[i]; t < P->row[i + 1]; t++) {
            size_t j = P->col[t];
            double d = 0;
            for (int c = 0; c < dims; c++) d += (Y[i * dims + c] - Y[j * dims + c]) * (Y[i * dims + c] - Y[j * dims + c]);
            double q = 1 / (1 + d) / Z, pv = P->val[t];
            if (pv > 0) kl += pv * log(pv / q);
        }
    return kl;
}

/* Attractive forces sum_j p_ij (y_i - y_j) / (1 + d_ij^2) for rows [a, b). */
void tsne_attractive(const SparseP *P, const double *Y, int dims, size_t a, size_t b, double *F)
{
    for (size_t i = a; i < b; i++) {
        double f[8] = {0};
        for (size_t t = P->row[i]; t < P->row[i + 1]; t++) {
            size_t j = P->col[t];
            double diff[8], d = 0;
            for (int c = 0; c < dims; c++) {
                diff[c] = Y[i * dims + c] - Y[j * dims + c];
                d += diff[c] * diff[c];
            }
            double w = P->val[t] / (1 + d);
            for (int c = 0; c < dims; c++) f[c] += w * diff[c];
        }
        for (int c = 0; c < dims; c++) F[i * dims + c] = f[c];
    }
}

void tsne_grad_exact(const SparseP *P, const double *Y, size_t n, int dims, double exag, double *grad)
{
    double *rep = calloc(n * (size_t)dims, sizeof *rep), Z = 0;
    if (!rep) return;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            if (i == j) continue;
            double diff[8], d = 0;
            for (int c = 0; c < dims; c++) {
                diff[c] = Y[i * dims + c] - Y[j * dims + c];
                d += diff[c] * diff[c];
            }
            double q = 1 / (1 + d);
            Z += q;
            for (int c = 0; c < dims; c++) rep[i * dims + c] += q * q * diff[c];
        }
    tsne_attractive(P, Y, dims, 0, n, grad);
    for (size_t i = 0; i < n * (size_t)dims; i++) grad[i] = 4 * (exag * grad[i] - rep[i] / Z);
    free(rep);
}

/* ---- Barnes-Hut quadtree ------------------------------------------- */

typedef struct QNode {
    double cx, cy, hw;   /* cell centre and half width */
    double mx, my;       /* centre of mass */
    int count;
    int child;           /* index of the first of 4 children, or -1 (leaf) */
} QNode;

typedef struct QTree {
    QNode *nodes;
    size_t n, cap;
} QTree;

static int qt_new_node(QTree *t, double cx, double cy, double hw)
{
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 1024;
        QNode *nn = realloc(t->nodes, cap * sizeof *nn);
        if (!nn) return -1;
        t->nodes = nn;
        t->cap = cap;
    }
    t->nodes[t->n] = (QNode){cx, cy, hw, 0, 0, 0, -1};
    return (int)t->n++;
}

/* Leaves keep the position of their (first) point in mx, my while count is 1. */
static int qt_insert(QTree *t, int node, double x, double y, int depth)
{
    for (;;) {
        QNode *q = &t->nodes[node];
        if (q->child < 0) {
            if (q->count == 0) {
                q->mx = x;
                q->my = y;
                q->count = 1;
                return 0;
            }
            if (depth > 40 || (q->mx == x && q->my == y)) { /* duplicates share a leaf */
                q->count++;
                return 0;
            }
            /* split: move the resident point into a child */
            double px = q->mx, py = q->my, cx = q->cx, cy = q->cy, h = q->hw / 2;
            int pc = q->count;
            int first = -1;
            for (int c = 0; c < 4; c++) {
                int id = qt_new_node(t, cx + (c & 1 ? h : -h), cy + (c & 2 ? h : -h), h);
                if (id < 0) return -1;
                if (c == 0) first = id;
            }
            q = &t->nodes[node];
            q->child = first;
            int c = (px > cx) | ((py > cy) << 1);
            QNode *ch = &t->nodes[first + c];
            ch->mx = px;
            ch->my = py;
            ch->count = pc;
            /* q's centre of mass is recomputed below as points are added */
            q->mx = px * pc;
            q->my = py * pc;
            q->count = pc;
            goto internal;
        }
    internal:
        q = &t->nodes[node];
        /* running sums in internal nodes; divided after the build */
        q->mx += x;
        q->my += y;
        q->count++;
        int c = (x > q->cx) | ((y > q->cy) << 1);
        node = q->child + c;
        depth++;
    }
}

static void qt_finish(QTree *t)
{
    for (size_t i = 0; i < t->n; i++) {
        QNode *q = &t->nodes[i];
        if (q->child >= 0 && q->count > 0) {
            q->mx /= q->count;
            q->my /= q->count;
        }
    }
}

static int qt_build(QTree *t, const double *Y, size_t n)
{
    double minx = INFINITY, maxx = -INFINITY, miny = INFINITY, maxy = -INFINITY;
    for (size_t i = 0; i < n; i++) {
        minx = fmin(minx, Y[2 * i]);
        maxx = fmax(maxx, Y[2 * i]);
        miny = fmin(miny, Y[2 * i + 1]);
        maxy = fmax(maxy, Y[2 * i + 1]);
    }
    double hw = fmax(maxx - minx, maxy - miny) / 2 * 1.0001 + 1e-12;
    t->n = 0;
    if (qt_new_node(t, (minx + maxx) / 2, (miny + maxy) / 2, hw) < 0) return -1;
    for (size_t i = 0; i < n; i++)
        if (qt_insert(t, 0, Y[2 * i], Y[2 * i + 1], 0) < 0) return -1;
    qt_finish(t);
    return 0;
}

typedef struct BhJob {
    const QTree *t;
    const SparseP *P;
    const double *Y;
    size_t a, b;
    double theta2;
    double *rep, *att, z;
} BhJob;

static void *bh_work(void *arg)
{
    BhJob *j = arg;
    const QNode *nodes = j->t->nodes;
    int stack[512];
    double z = 0;
    for (size_t i = j->a; i < j->b; i++) {
        double yx = j->Y[2 * i], yy = j->Y[2 * i + 1], fx = 0, fy = 0;
        int sp = 0;
        stack[sp++] = 0;
        while (sp > 0) {
            const QNode *q = &nodes[stack[--sp]];
            if (q->count == 0) continue;
            double dx = yx - q->mx, dy = yy - q->my, d2 = dx * dx + dy * dy;
            double w = 2 * q->hw;
            if (q->child < 0 || w * w < j->theta2 * d2) {
                int cnt = q->count;
                if (d2 == 0) { /* the point itself (and exact duplicates) */
                    cnt -= 1;
                    if (cnt <= 0) continue;
                }
                double qq = 1 / (1 + d2);
                z += cnt * qq;
                double m = cnt * qq * qq;
                fx += m * dx;
                fy += m * dy;
            } else if (sp < 508) {
                for (int c = 0; c < 4; c++) stack[sp++] = q->child + c;
            }
        }
        j->rep[2 * i] = fx;
        j->rep[2 * i + 1] = fy;
    }
    tsne_attractive(j->P, j->Y, 2, j->a, j->b, j->att);
    j->z = z;
    return NULL;
}

int tsne_grad_bh(const SparseP *P, const double *Y, size_t n, double theta, double exag, int threads, double *grad,
                 double *zsum, Err *e)
{
    static __thread QTree tree; /* reused between iterations of one thread */
    double *rep = malloc(2 * n * sizeof *rep);
    if (!rep) return err_nomem(e, 2 * n * sizeof *rep, "tsne");
    if (qt_build(&tree, Y, n) < 0) {
        free(rep);
        return err_nomem(e, tree.cap * sizeof(QNode), "tsne quadtree");
    }
    if (threads < 1) threads = 1;
    if (threads > 16) threads = 16;
    BhJob jobs[16];
    pthread_t tid[16];
    for (int t = 0; t < threads; t++) {
        jobs[t] = (BhJob){&tree, P, Y, n * (size_t)t / (size_t)threads, n * (size_t)(t + 1) / (size_t)threads,
                          theta * theta, rep, grad, 0};
        if (t > 0 && pthread_create(&tid[t], NULL, bh_work, &jobs[t]) != 0) {
            bh_work(&jobs[t]); /* no thread: do it here */
            tid[t] = 0;
        }
    }
    bh_work(&jobs[0]);
    double Z = jobs[0].z;
    for (int t = 1; t < threads; t++) {
        if (tid[t]) pthread_join(tid[t], NULL);
        Z += jobs[t].z;
    }
    for (size_t i = 0; i < 2 * n; i++) grad[i] = 4 * (exag * grad[i] - rep[i] / Z);
    if (zsum) *zsum = Z;
    free(rep);
    return 0;
}

/* KL(P||Q) with Q's normaliser Z known (from the last gradient). */
static double kl_with_z(const SparseP *P, const double *Y, int dims, double Z)
{
    double kl = 0;
    for (size_t i = 0; i < P->n; i++)
        for (size_t t = P->row[i]; t < P->row[i + 1]; t++) {
            size_t j = P->col[t];
            double d = 0;
            for (int c = 0; c < dims; c++) d += (Y[i * dims + c] - Y[j * dims + c]) * (Y[i * dims + c] - Y[j * dims + c]);
            double q = 1 / (1 + d) / Z;
            if (P->val[t] > 0) kl += P->val[t] * log(P->val[t] / q);
        }
    return kl;
}

/* ---- SNE (asymmetric, Gaussian q) ------------------------------------ */

/* Dense conditional P (n x n) for SNE. */
static double *sne_affinities(const Mat *X, double perplexity, Err *e)
{
    size_t n = X->rows;
    long *idx = malloc(n * (n - 1) * sizeof *idx);
    float *d2 = malloc(n * (n - 1) * sizeof *d2);
    double *P = calloc(n * n, sizeof *P), *p = malloc(n * sizeof *p);
    if (!idx || !d2 || !P || !p || knn_search(X, X, n - 1, 1, idx, d2, e) < 0) {
        if (!idx || !d2 || !P || !p) err_nomem(e, n * n * 16, "sne");
        free(idx);
        free(d2);
        free(P);
        free(p);
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        tsne_calibrate_row(d2 + i * (n - 1), n - 1, perplexity, 1e-5, p, NULL);
        for (size_t t = 0; t < n - 1; t++) P[i * n + (size_t)idx[i * (n - 1) + t]] = p[t];
    }
    free(idx);
    free(d2);
    free(p);
    return P;
}

/* Gradient of sum_i KL(P_i||Q_i): 2 sum_j (p_j|i - q_j|i + p_i|j - q_i|j)(y_i - y_j). */
static double sne_grad(const double *P, const double *Y, size_t n, int dims, double *grad, double *Q)
{
    double kl = 0;
    for (size_t i = 0; i < n; i++) {
        double s = 0;
        for (size_t j = 0; j < n; j++) {
            if (i == j) {
                Q[i * n + j] = 0;
                continue;
            }
            double d = 0;
            for (int c = 0; c < dims; c++) d += (Y[i * dims + c] - Y[j * dims + c]) * (Y[i * dims + c] - Y[j * dims + c]);
            Q[i * n + j] = exp(-d);
            s += Q[i * n + j];
        }
        for (size_t j = 0; j < n; j++) {
            Q[i * n + j] /= s > 0 ? s : 1;
            double pv = P[i * n + j];
            if (pv > 0 && Q[i * n + j] > 0) kl += pv * log(pv / Q[i * n + j]);
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

/* ---- memory locality ------------------------------------------------- */

/* Interleave the bits of x and y (16 each): the Morton (Z-order) code. */
static uint32_t morton(uint32_t x, uint32_t y)
{
    uint32_t m = 0;
    for (int b = 0; b < 16; b++) m |= ((x >> b) & 1u) << (2 * b) | ((y >> b) & 1u) << (2 * b + 1);
    return m;
}

typedef struct Keyed {
    uint32_t key;
    uint32_t idx;
} Keyed;

static int keyed_cmp(const void *a, const void *b)
{
    const Keyed *x = a, *y = b;
    return x->key != y->key ? (x->key < y->key ? -1 : 1) : (x->idx < y->idx ? -1 : 1);
}

/* Renumber the points in Z-order of their initial 2-D positions, so that
 * points near each other in the map (and their neighbours in P) are near
 * each other in memory: the tree walks and the attractive sums then hit the
 * cache.  perm[new] = old.  P and Y are rewritten in the new order. */
static int reorder_points(SparseP *P, double *Y, size_t n, uint32_t **perm_out, Err *e)
{
    Keyed *k = malloc(n * sizeof *k);
    uint32_t *perm = malloc(n * sizeof *perm), *inv = malloc(n * sizeof *inv);
    double *Y2 = malloc(2 * n * sizeof *Y2);
    SparseP Q = {n, calloc(n + 1, sizeof(size_t)), malloc(P->row[n] * sizeof(uint32_t)), malloc(P->row[n] * sizeof(double))};
    if (!k || !perm || !inv || !Y2 || !Q.row || !Q.col || !Q.val) {
        free(k);
        free(perm);
        free(inv);
        free(Y2);
        sparse_free(&Q);
        return err_nomem(e, n * 40, "tsne");
    }
    double lo[2] = {INFINITY, INFINITY}, hi[2] = {-INFINITY, -INFINITY};
    for (size_t i = 0; i < n; i++)
        for (int c = 0; c < 2; c++) lo[c] = fmin(lo[c], Y[2 * i + c]), hi[c] = fmax(hi[c], Y[2 * i + c]);
    for (size_t i = 0; i < n; i++) {
        uint32_t q[2];
        for (int c = 0; c < 2; c++)
            q[c] = hi[c] > lo[c] ? (uint32_t)((Y[2 * i + c] - lo[c]) / (hi[c] - lo[c]) * 65535.0) : 0;
        k[i] = (Keyed){morton(q[0], q[1]), (uint32_t)i};
    }
    qsort(k, n, sizeof *k, keyed_cmp);
    for (size_t r = 0; r < n; r++) {
        perm[r] = k[r].idx;
        inv[k[r].idx] = (uint32_t)r;
    }
    size_t nz = 0;
    for (size_t r = 0; r < n; r++) {
        size_t old = perm[r];
        for (size_t t = P->row[old]; t < P->row[old + 1]; t++) {
            Q.col[nz] = inv[P->col[t]];
            Q.val[nz++] = P->val[t];
        }
        Q.row[r + 1] = nz;
        Y2[2 * r] = Y[2 * old];
        Y2[2 * r + 1] = Y[2 * old + 1];
    }
    memcpy(Y, Y2, 2 * n * sizeof *Y);
    sparse_free(P);
    *P = Q;
    free(k);
    free(inv);
    free(Y2);
    *perm_out = perm;
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

static int initial_y(const Mat *X, const TsneOpts *o, double *Y, Err *e)
{
    size_t n = X->rows;
    int dims = o->dims;
    Rng r;
    rng_seed(&r, o->seed);
    if (o->init_pca && X->cols >= (size_t)dims) {
        Pca *p;
        if (pca_fit(X, (size_t)dims, PCA_AUTO, 1, 0, -1, &r, &p, e) < 0) return -1;
        double s = 0, m = 0;
        for (size_t i = 0; i < n; i++) m += MAT_AT(p->scores, i, 0);
        m /= (double)n;
        for (size_t i = 0; i < n; i++) s += (MAT_AT(p->scores, i, 0) - m) * (MAT_AT(p->scores, i, 0) - m);
        s = sqrt(s / (double)n);
        for (size_t i = 0; i < n; i++)
            for (int c = 0; c < dims; c++) Y[i * dims + c] = s > 0 ? MAT_AT(p->scores, i, c) / s * 1e-4 : 0;
        pca_free(p);
    } else {
        for (size_t i = 0; i < n * (size_t)dims; i++) Y[i] = rng_normal(&r) * 1e-4;
    }
    return 0;
}

int tsne_run(const Mat *X, const TsneOpts *o, TsneResult *res, Err *e)
{
    size_t n = X->rows;
    int dims = o->dims;
    const char *f = o->sne ? "sne" : "tsne";
    memset(res, 0, sizeof *res);
    if (n < 4) return err_set(e, "%s: needs at least 4 rows, got %zu", f, n);
    if (dims < 1 || dims > 8) return err_set(e, "%s: dims must be between 1 and 8, got %d", f, dims);
    if (!(o->perplexity > 0) || 3 * o->perplexity > (double)(n - 1))
        return err_set(e, "%s: perplexity must be between 0 and %g for %zu points (3 * perplexity neighbours), got %g", f,
                       (double)(n - 1) / 3, n, o->perplexity);
    for (size_t i = 0; i < n * X->cols; i++)
        if (!isfinite(X->data[i])) return err_set(e, "%s: X has a missing or infinite value at row %zu", f, i / X->cols);
    TsneMethod method = o->method;
    if (o->sne) method = TSNE_EXACT;
    if (method == TSNE_AUTO) method = n <= 1000 || dims != 2 ? TSNE_EXACT : n <= 5000 ? TSNE_BH : TSNE_FFT;
    if ((method == TSNE_BH || method == TSNE_FFT) && dims != 2)
        return err_set(e, "tsne: the %s method works in 2 dimensions; use dims=2 or method=\"exact\"",
                        method == TSNE_BH ? "Barnes-Hut" : "FFT");
    if (method == TSNE_EXACT && n > 20000)
        return err_set(e, "%s: the exact method is O(N^2); %zu points are too many (use method=\"bh\")", f, n);
    if (o->sne && n > 5000) return err_set(e, "sne: the original SNE is exact and O(N^2): at most 5000 points, got %zu", n);
    double exag0 = o->sne ? 1 : o->exaggeration;
    double lr = o->lr > 0 ? o->lr : fmax((double)n / exag0 / 4, 50);
    if (o->sne && o->lr <= 0) lr = 0.1; /* Gaussian q: steep, so small steps (gains still grow them) */
    res->method = method;
    res->lr = lr;

    SparseP P = {0};
    uint32_t *perm = NULL;
    TsneFft *fft = NULL;
    double *Pd = NULL, *Qd = NULL;
    size_t nd = n * (size_t)dims;
    double *Y = malloc(nd * sizeof *Y), *G = calloc(nd, sizeof *G), *U = calloc(nd, sizeof *U), *gain = malloc(nd * sizeof *gain);
    int nkl = o->iters / 50 + 2, rc = -1;
    float *klv = malloc((size_t)nkl * sizeof *klv);
    Mat *snap = mat_new_uninit(n, (size_t)dims, e);
    if (!Y || !G || !U || !gain || !klv || !snap) {
        if (snap) err_nomem(e, nd * 32, f);
        goto done;
    }
    if (mat_copy_row_meta(snap, X, NULL, n, e) < 0) goto done;
    snap->img_h = snap->img_w = 0;
    for (size_t i = 0; i < nd; i++) gain[i] = 1;
    if (o->sne) {
        if (!(Pd = sne_affinities(X, o->perplexity, e))) goto done;
        if (!(Qd = malloc(n * n * sizeof *Qd))) {
            err_nomem(e, n * n * 8, f);
            goto done;
        }
    } else if (tsne_affinities(X, o->perplexity, &P, e) < 0) {
        goto done;
    }
    if (initial_y(X, o, Y, e) < 0) goto done;
    if (method != TSNE_EXACT && !o->sne && reorder_points(&P, Y, n, &perm, e) < 0) goto done;
    int saved = blas_threads();
    blas_set_threads(1); /* our own threads do the work now */
    int k = 0, it;
    double Z = 1, kl = NAN;
    for (it = 0; it < o->iters; it++) {
        int early = !o->sne && it < o->exaggeration_iters;
        double exag = early ? exag0 : 1, mom = it < o->exaggeration_iters ? 0.5 : 0.8;
        if (o->sne) kl = sne_grad(Pd, Y, n, dims, G, Qd);
        else if (method == TSNE_BH) {
            if (tsne_grad_bh(&P, Y, n, o->theta, exag, o->threads, G, &Z, e) < 0) break;
        } else if (method == TSNE_FFT) {
            if (tsne_grad_fft(&P, Y, n, exag, o->threads, &fft, G, &Z, e) < 0) break;
        } else
            tsne_grad_exact(&P, Y, n, dims, exag, G);
        for (size_t i = 0; i < nd; i++) {
            /* delta-bar-delta gains (Jacobs 1988), as in the reference t-SNE */
            gain[i] = (G[i] > 0) != (U[i] > 0) ? gain[i] + 0.2 : gain[i] * 0.8;
            if (gain[i] < 0.01) gain[i] = 0.01;
            U[i] = mom * U[i] - lr * gain[i] * G[i];
            Y[i] += U[i];
        }
        for (int c = 0; c < dims; c++) { /* keep the embedding centred */
            double m = 0;
            for (size_t i = 0; i < n; i++) m += Y[i * dims + c];
            m /= (double)n;
            for (size_t i = 0; i < n; i++) Y[i * dims + c] -= m;
        }
        int last = it == o->iters - 1;
        if ((it + 1) % 50 == 0 || last) {
            if (!o->sne) kl = method != TSNE_EXACT ? kl_with_z(&P, Y, dims, Z) : tsne_kl_exact(&P, Y, n, dims);
            if (k < nkl) klv[k++] = (float)kl;
        }
        if ((it + 1) % 10 == 0 || last) {
            store_y(snap, Y, perm, n, dims);
            ProgressInfo info = {f, it + 1, o->iters, "iter", "KL", kl, NULL, snap, klv, (size_t)k};
            if (progress_report(o->progress, &info)) {
                res->stopped = 1;
                it++;
                break;
            }
        }
    }
    blas_set_threads(saved);
    if (it < o->iters && !res->stopped) goto done; /* an error inside the loop */
    res->iters = it;
    store_y(snap, Y, perm, n, dims);
    res->Y = snap;
    snap = NULL;
    res->kl = mat_new_uninit(1, (size_t)k, e);
    if (!res->kl) goto done;
    memcpy(res->kl->data, klv, (size_t)k * sizeof(float));
    rc = 0;
done:
    if (rc < 0) tsne_result_free(res);
    mat_free(snap);
    sparse_free(&P);
    tsne_fft_free(fft);
    free(perm);
    free(Pd);
    free(Qd);
    free(Y);
    free(G);
    free(U);
    free(gain);
    free(klv);
    return rc;
}
