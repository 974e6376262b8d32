/* umap_sgd.c — UMAP's optimisation (McInnes, Healy & Melville 2018,
 * section 3.2 and appendix C; the sampling scheme of umap-learn's
 * optimize_layout_euclidean).
 *
 * The map's rows move by stochastic gradient descent on the fuzzy
 * cross-entropy between the graph's weights w and the map's similarities
 * q = 1 / (1 + a d^2b):
 *   an edge (i, j), sampled in proportion to w_ij, pulls i and j together
 *   by the gradient of log q:  -2ab d^(2(b-1)) / (1 + a d^2b) (y_i - y_j);
 *   each sample is followed by negative_rate rows k drawn uniformly and
 *   pushed from i by the gradient of gamma log(1 - q):
 *   2 gamma b / ((0.001 + d^2)(1 + a d^2b)) (y_i - y_k);
 * every gradient coordinate clipped to [-4, 4], the learning rate falling
 * linearly from lr to 0 over the epochs.
 *
 * Threads without a race and without depending on their number: the heads
 * are cut into a fixed number of blocks (in the caller's order, which puts
 * rows near each other on the map near each other in number); one thread
 * runs a block's edges in order, moving the block's rows as it goes and
 * reading other rows as they were when the epoch began; the moves it owes
 * to other blocks' rows (the far ends of its edges) wait in an outbox
 * until the epoch ends, and are then added in block order.  The random
 * draws of block b in epoch n come from a stream seeded by (seed, n, b).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/pool.h"
#include "reduce/umap_impl.h"

#define ROWS_PER_BLOCK 1000
#define MAX_BLOCKS 256

typedef struct Out {
    uint32_t j;
    float d[UMAP_MAX_DIMS];
} Out;

typedef struct OutBuf {
    Out *o;
    size_t n, cap;
    int oom;
} OutBuf;

typedef struct Run {
    const UmapSgd *s;
    const float *S; /* tails as the epoch began (a copy of Y), or T */
    float *next, *next_neg;
    size_t nb;
    size_t *bstart;
    OutBuf *out;
    int epoch;
    float alpha;
} Run;

static inline uint64_t mix64(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* splitmix64 (Steele, Lea & Flood 2014): one add and a mix per draw. */
static inline uint64_t next_u64(uint64_t *st)
{
    return mix64(*st += 0x9e3779b97f4a7c15ULL);
}

static inline float clip4(float g)
{
    return g > 4 ? 4 : g < -4 ? -4 : g;
}

static void out_push(OutBuf *b, uint32_t j, const float *d, int dims)
{
    if (b->n == b->cap) {
        size_t cap = b->cap ? 2 * b->cap : 256;
        Out *o = realloc(b->o, cap * sizeof *o);
        if (!o) {
            b->oom = 1;
            return;
        }
        b->o = o;
        b->cap = cap;
    }
    Out *o = &b->o[b->n++];
    o->j = j;
    memcpy(o->d, d, (size_t)dims * sizeof *d);
}

static void block_task(void *arg, int blk)
{
    Run *r = arg;
    const UmapSgd *s = r->s;
    int dims = s->dims, fit = s->T == NULL;
    size_t h0 = r->bstart[blk], h1 = r->bstart[blk + 1];
    float a = (float)s->a, b = (float)s->b, bm1 = b - 1, two_ab = 2 * a * b,
          two_gb = (float)(2 * s->gamma) * b;
    float alpha = r->alpha, epoch = (float)r->epoch, rate = (float)s->negative_rate;
    float *Y = s->Y;
    const float *S = r->S;
    uint64_t st = mix64(s->seed ^ mix64((uint64_t)r->epoch * 0x100000001b3ULL + (uint64_t)blk + 1));
    OutBuf *ob = &r->out[blk];
    float delta[UMAP_MAX_DIMS];
    for (size_t i = h0; i < h1; i++) {
        float *yi = Y + i * (size_t)dims;
        for (size_t e = s->row[i]; e < s->row[i + 1]; e++) {
            if (r->next[e] > epoch) continue;
            uint32_t j = s->col[e];
            int live = fit && j >= h0 && j < h1;
            float *yj =
                live ? Y + (size_t)j * (size_t)dims : (float *)(S + (size_t)j * (size_t)dims);
            float d2 = 0;
            for (int c = 0; c < dims; c++) {
                float x = yi[c] - yj[c];
                d2 += x * x;
            }
            float coef = 0;
            if (d2 > 0) {
                float p = powf(d2, bm1);
                coef = -two_ab * p / (a * p * d2 + 1);
            }
            for (int c = 0; c < dims; c++) {
                float g = clip4(coef * (yi[c] - yj[c])) * alpha;
                yi[c] += g;
                delta[c] = -g;
            }
            if (fit) {
                if (live)
                    for (int c = 0; c < dims; c++)
                        yj[c] += delta[c];
                else
                    out_push(ob, j, delta, dims);
            }
            float eps = s->eps[e], epn = eps / rate;
            r->next[e] += eps;
            int nneg = (int)((epoch - r->next_neg[e]) / epn);
            for (int q = 0; q < nneg; q++) {
                uint32_t k = (uint32_t)(((next_u64(&st) >> 32) * (uint64_t)s->n_tail) >> 32);
                const float *yk = fit && k >= h0 && k < h1 ? Y + (size_t)k * (size_t)dims
                                                           : S + (size_t)k * (size_t)dims;
                d2 = 0;
                for (int c = 0; c < dims; c++) {
                    float x = yi[c] - yk[c];
                    d2 += x * x;
                }
                if (d2 > 0) {
                    coef = two_gb / ((0.001f + d2) * (a * powf(d2, b) + 1));
                    for (int c = 0; c < dims; c++)
                        yi[c] += clip4(coef * (yi[c] - yk[c])) * alpha;
                } else if (!(fit && k == i)) { /* on top of each other: a fixed push */
                    for (int c = 0; c < dims; c++)
                        yi[c] += 4 * alpha;
                }
            }
            r->next_neg[e] += (float)nneg * epn;
        }
    }
}

int umap_sgd(const UmapSgd *s, int *done, int *stopped, Err *e)
{
    size_t nh = s->n_head, ne = s->row[nh], nd = nh * (size_t)s->dims;
    int fit = s->T == NULL;
    *done = 0;
    *stopped = 0;
    Run r = {0};
    r.s = s;
    r.nb = nh / ROWS_PER_BLOCK;
    if (r.nb < 1) r.nb = 1;
    if (r.nb > MAX_BLOCKS) r.nb = MAX_BLOCKS;
    r.next = malloc((ne ? ne : 1) * sizeof *r.next);
    r.next_neg = malloc((ne ? ne : 1) * sizeof *r.next_neg);
    r.bstart = malloc((r.nb + 1) * sizeof *r.bstart);
    r.out = calloc(r.nb, sizeof *r.out);
    float *S = fit ? malloc((nd ? nd : 1) * sizeof *S) : NULL;
    Pool *pool = pool_new(s->threads, e);
    int rc = -1;
    if (!r.next || !r.next_neg || !r.bstart || !r.out || (fit && !S) || !pool) {
        if (pool) err_nomem(e, ne * 2 * sizeof(float) + nd * sizeof(float), "umap optimisation");
        goto done;
    }
    r.S = fit ? S : s->T;
    for (size_t t = 0; t <= r.nb; t++)
        r.bstart[t] = pool_split(nh, (int)t, (int)r.nb);
    for (size_t t = 0; t < ne; t++) {
        r.next[t] = s->eps[t];
        r.next_neg[t] = (float)(s->eps[t] / s->negative_rate);
    }
    for (int ep = 0; ep < s->epochs; ep++) {
        r.epoch = ep;
        r.alpha = (float)(s->lr * (1 - (double)ep / s->epochs));
        if (fit) memcpy(S, s->Y, nd * sizeof *S);
        pool_run(pool, (int)r.nb, block_task, &r);
        for (size_t b = 0; b < r.nb; b++) {
            OutBuf *o = &r.out[b];
            if (o->oom) {
                err_nomem(e, o->cap * 2 * sizeof(Out), "umap optimisation");
                goto done;
            }
            for (size_t t = 0; t < o->n; t++)
                for (int c = 0; c < s->dims; c++)
                    s->Y[(size_t)o->o[t].j * (size_t)s->dims + (size_t)c] += o->o[t].d[c];
            o->n = 0;
        }
        *done = ep + 1;
        if (s->epoch_done && s->epoch_done(s->user, ep + 1, s->Y)) {
            *stopped = ep + 1 < s->epochs;
            break;
        }
    }
    rc = 0;
done:
    if (r.out)
        for (size_t b = 0; b < r.nb; b++)
            free(r.out[b].o);
    free(r.out);
    free(r.next);
    free(r.next_neg);
    free(r.bstart);
    free(S);
    pool_free(pool);
    return rc;
}
