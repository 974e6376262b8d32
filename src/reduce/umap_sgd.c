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
 * The negative samples that follow one positive sample are computed at the
 * same y_i and their moves added together, so that they run side by side
 * instead of each waiting for the last (umap-learn moves y_i after each).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/pool.h"
#include "reduce/umap_impl.h"
#include "core/simd.h"

#define ROWS_PER_BLOCK 1000
#define MAX_BLOCKS 256
#define NEG_BATCH 8 /* negative samples computed side by side */
#define LANES 4     /* heads whose samples take turns */
#define AHEAD 32    /* negative samples drawn ahead of use */

typedef struct Out {
    uint32_t j;
    float d[UMAP_MAX_DIMS];
} Out;

typedef struct OutBuf {
    Out *o;
    size_t n, cap;
    int oom;
} OutBuf;

/* An edge due this epoch: its number, its ends and its epochs per sample
 * (gathered in order, so that the samples read them in order). */
typedef struct Due {
    uint32_t e, head, col;
    float eps;
} Due;

typedef struct Run {
    const UmapSgd *s;
    const float *S; /* tails as the epoch began (a copy of Y), or T */
    float *next, *next_neg;
    Due *due; /* per block, in its range of edges: the edges due this epoch */
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

/* x^y for x > 0 as 2^(y log2 x), both by polynomials: about 20 flops and
 * a relative error below 1e-6 (tests/unit/test_umap checks), where powf
 * took half the time of the whole descent.  log2 on the mantissa folded
 * into [sqrt(1/2), sqrt(2)) with the series 2 atanh(t) / ln 2,
 * t = (m - 1) / (m + 1); 2^f for f in [-1/2, 1/2] by its Taylor series. */
static inline float fast_pow(float x, float y)
{
    uint32_t bits;
    x = x < 1e-30f ? 1e-30f : x;
    memcpy(&bits, &x, sizeof bits);
    int ex = (int)((bits >> 23) & 255) - 127;
    bits = (bits & 0x007fffffu) | 0x3f800000u;
    float m;
    memcpy(&m, &bits, sizeof m);
    if (m > 1.41421356f) {
        m *= 0.5f;
        ex++;
    }
    float t = (m - 1) / (m + 1), t2 = t * t;
    float l = (float)ex +
              t * (2.88539008f + t2 * (0.961796694f + t2 * (0.577078016f + t2 * 0.412198583f)));
    float z = y * l;
    z = z > 126 ? 126 : z < -126 ? -126 : z;
    float fi =
        (z + 12582912.0f) - 12582912.0f; /* round to nearest: 1.5 * 2^23 pushes out the fraction */
    float f = z - fi;
    /* 2^f = e^(f ln 2) */
    float p =
        1 + f * (0.693147181f +
                 f * (0.240226507f +
                      f * (0.0555041087f +
                           f * (0.00961812911f + f * (0.00133335581f + f * 0.000154035304f)))));
    uint32_t eb = (uint32_t)((int)fi + 127) << 23;
    float sc;
    memcpy(&sc, &eb, sizeof sc);
    return p * sc;
}

typedef int32_t v8i __attribute__((vector_size(32)));

/* m ? a : b, lane by lane (m: 0 or -1) */
#define V8SEL(m, a, b) ((v8f)(((v8i)(a) & (m)) | ((v8i)(b) & ~(m))))

/* *x = fast_pow(*x, y) on eight lanes (the same polynomials; by pointer,
 * so that no vector crosses a call boundary). */
static inline __attribute__((always_inline)) void fast_pow8(v8f *xp, float y)
{
    const v8f zero = {0}, one = zero + 1;
    v8f x = *xp;
    x = V8SEL(x < 1e-30f, zero + 1e-30f, x);
    v8i bits = (v8i)x;
    v8i ex = ((bits >> 23) & 255) - 127;
    v8f m = (v8f)((bits & 0x007fffff) | 0x3f800000);
    v8i big = m > 1.41421356f;
    m = V8SEL(big, m * 0.5f, m);
    ex -= big;
    v8f t = (m - 1) / (m + 1), t2 = t * t;
    v8f l = __builtin_convertvector(ex, v8f) +
            t * (2.88539008f + t2 * (0.961796694f + t2 * (0.577078016f + t2 * 0.412198583f)));
    v8f z = l * y;
    z = V8SEL(z > 126, zero + 126, z);
    z = V8SEL(z < -126, zero - 126, z);
    v8f fi = (z + 12582912.0f) - 12582912.0f, f = z - fi;
    v8f p =
        one + f * (0.693147181f +
                   f * (0.240226507f +
                        f * (0.0555041087f +
                             f * (0.00961812911f + f * (0.00133335581f + f * 0.000154035304f)))));
    v8i eb = (__builtin_convertvector(fi, v8i) + 127) << 23;
    *xp = p * (v8f)eb;
}

float umap_fast_pow(float x, float y)
{
    return fast_pow(x, y);
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

/* What a block's edges share during one epoch. */
typedef struct Blk {
    Run *r;
    const UmapSgd *s;
    int fit;
    size_t h0, h1;
    float a, b, bm1, two_ab, two_gb, alpha, epoch, rate;
    float *Y;
    const float *S;
    uint64_t st;
    OutBuf *ob;
    /* negative samples are drawn AHEAD draws before they are used, and
     * their rows asked for then: on a large map the rows are scattered
     * over more memory than the caches hold */
    uint32_t ahead[AHEAD];
    unsigned next;
} Blk;

static inline uint32_t draw_now(Blk *c)
{
    uint32_t k = (uint32_t)(((next_u64(&c->st) >> 32) * (uint64_t)c->s->n_tail) >> 32);
    __builtin_prefetch(c->S + (size_t)k * (size_t)c->s->dims);
    return k;
}

static void draws_start(Blk *c)
{
    for (unsigned q = 0; q < AHEAD; q++)
        c->ahead[q] = draw_now(c);
    c->next = 0;
}

/* A row drawn uniformly from the tails (from the ring of draws ahead). */
static inline uint32_t draw_row(Blk *c, size_t n)
{
    (void)n;
    uint32_t k = c->ahead[c->next];
    c->ahead[c->next] = draw_now(c);
    c->next = (c->next + 1) % AHEAD;
    return k;
}

/* The pull of one sample of edge e from head i (both ends move when
 * making a map); returns the number of negative samples that follow it.
 * Inlined with dims the constant 2 (the usual map) and with dims as
 * given. */
static inline __attribute__((always_inline)) int pull(Blk *c, const Due *u, int dims)
{
    Run *r = c->r;
    size_t i = u->head;
    float *yi = c->Y + i * (size_t)dims, delta[UMAP_MAX_DIMS];
    uint32_t j = u->col;
    int live = c->fit && j >= c->h0 && j < c->h1;
    float *yj = live ? c->Y + (size_t)j * (size_t)dims : (float *)(c->S + (size_t)j * (size_t)dims);
    float d2 = 0;
    for (int k = 0; k < dims; k++) {
        float x = yi[k] - yj[k];
        d2 += x * x;
    }
    float coef = 0;
    if (d2 > 0) {
        float p = fast_pow(d2, c->bm1);
        coef = -c->two_ab * p / (c->a * p * d2 + 1);
    }
    for (int k = 0; k < dims; k++) {
        float g = clip4(coef * (yi[k] - yj[k])) * c->alpha;
        yi[k] += g;
        delta[k] = -g;
    }
    if (c->fit) {
        if (live)
            for (int k = 0; k < dims; k++)
                yj[k] += delta[k];
        else
            out_push(c->ob, j, delta, dims);
    }
    float epn = u->eps / c->rate;
    int nneg = (int)((c->epoch - r->next_neg[u->e]) / epn);
    r->next_neg[u->e] += (float)nneg * epn;
    return nneg;
}

/* The push of nneg random rows (as the epoch began) on head i, in any
 * dimension. */
static void push_any(Blk *c, size_t i, int nneg, int dims)
{
    float *yi = c->Y + i * (size_t)dims;
    for (int q0 = 0; q0 < nneg; q0 += NEG_BATCH) {
        int nq = nneg - q0 < NEG_BATCH ? nneg - q0 : NEG_BATCH;
        const float *yk[NEG_BATCH];
        float d2v[NEG_BATCH], cf[NEG_BATCH], acc[UMAP_MAX_DIMS] = {0};
        for (int q = 0; q < nq; q++) {
            uint32_t k = draw_row(c, c->s->n_tail);
            yk[q] = c->S + (size_t)k * (size_t)dims;
            float z = 0;
            for (int d = 0; d < dims; d++) {
                float x = yi[d] - yk[q][d];
                z += x * x;
            }
            d2v[q] = c->fit && k == i ? -1 : z; /* a row is not its own negative */
        }
        for (int q = nq; q < NEG_BATCH; q++)
            d2v[q] = 1;
        v8f dv, pw; /* side by side: no dependence between them */
        memcpy(&dv, d2v, sizeof dv);
        pw = dv;
        fast_pow8(&pw, c->b);
        v8f cv = c->two_gb / ((0.001f + dv) * (c->a * pw + 1));
        memcpy(cf, &cv, sizeof cv);
        for (int q = 0; q < nq; q++) {
            if (d2v[q] > 0)
                for (int d = 0; d < dims; d++)
                    acc[d] += clip4(cf[q] * (yi[d] - yk[q][d]));
            else if (d2v[q] == 0) /* on top of each other: a fixed push */
                for (int d = 0; d < dims; d++)
                    acc[d] += 4;
        }
        for (int d = 0; d < dims; d++)
            yi[d] += acc[d] * c->alpha;
    }
}

/* ---- 2-D maps: eight heads side by side ----------------------------------
 *
 * The usual map gets its own loop.  A turn takes eight due edges, one a
 * vector lane (lane l walks the l-th eighth of the block's list, so the
 * eight heads differ), computes their eight pulls at once, then their
 * negative samples a vector at a time, lane l's u-th sample in lane l, so
 * each head's pushes add up in its own lane without leaving the
 * registers.  The positions a turn reads are those it began with, plus
 * each head's own pull; its moves are added lane by lane in order. */

typedef uint32_t v8u __attribute__((vector_size(32)));
typedef uint64_t v4q __attribute__((vector_size(32)));

/* Eight xoshiro128+ streams (Blackman & Vigna 2018), one a lane. */
typedef struct Rng8 {
    v8u s0, s1, s2, s3;
} Rng8;

static inline __attribute__((always_inline)) void rng8_next(Rng8 *g, v8u *out)
{
    v8u r = g->s0 + g->s3, t = g->s1 << 9;
    g->s2 ^= g->s0;
    g->s3 ^= g->s1;
    g->s1 ^= g->s2;
    g->s0 ^= g->s3;
    g->s2 ^= t;
    g->s3 = (g->s3 << 11) | (g->s3 >> 21);
    *out = r;
}

/* floor(r n / 2^32) lane by lane (Lemire's multiply-shift): rows drawn
 * uniformly below n from 32 random bits, the odd lanes' products landing
 * in the high halves of the 64-bit lanes. */
static inline __attribute__((always_inline)) void scale8(v8u *r, uint32_t n)
{
    const v4q lo = {0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu};
    v4q q = (v4q)*r, m = {n, n, n, n};
    v4q even = ((q & lo) * m) >> 32, odd = ((q >> 32) * m) & ~lo;
    *r = (v8u)(even | odd);
}

#define RING 4 /* vectors of negative samples drawn ahead of use */

typedef struct Neg8 {
    Rng8 g;
    v8u ring[RING];
    unsigned next;
    uint32_t n;
    int far; /* the tails outgrow the caches: ask for drawn rows early */
    const float *S;
} Neg8;

static inline __attribute__((always_inline)) void neg8_fresh(Neg8 *q, v8u *k)
{
    rng8_next(&q->g, k);
    scale8(k, q->n);
    if (q->far)
        for (int l = 0; l < 8; l++)
            __builtin_prefetch(q->S + 2 * (size_t)(*k)[l]);
}

static void neg8_start(Neg8 *q, uint64_t *st, uint32_t n, const float *S)
{
    uint32_t w[32];
    for (int t = 0; t < 16; t++) {
        uint64_t z = next_u64(st);
        w[2 * t] = (uint32_t)z;
        w[2 * t + 1] = (uint32_t)(z >> 32) | 1u; /* no lane all zeros */
    }
    memcpy(&q->g.s0, w, 32);
    memcpy(&q->g.s1, w + 8, 32);
    memcpy(&q->g.s2, w + 16, 32);
    memcpy(&q->g.s3, w + 24, 32);
    q->n = n;
    q->S = S;
    q->far = (size_t)n * 2 * sizeof(float) > ((size_t)1 << 20);
    for (int t = 0; t < RING; t++)
        neg8_fresh(q, &q->ring[t]);
    q->next = 0;
}

/* Eight rows drawn uniformly from the tails (from the ring drawn ahead). */
static inline __attribute__((always_inline)) void neg8_draw(Neg8 *q, uint32_t *k)
{
    memcpy(k, &q->ring[q->next], 8 * sizeof *k);
    neg8_fresh(q, &q->ring[q->next]);
    q->next = (q->next + 1) & (RING - 1);
}

/* The 2-D points of rows k[0..8) of P as x and y vectors. */
static inline __attribute__((always_inline)) void load8(const float *P, const uint32_t *k, v8f *x,
                                                        v8f *y)
{
    uint64_t w[8];
    for (int l = 0; l < 8; l++)
        memcpy(&w[l], P + 2 * (size_t)k[l], sizeof w[l]);
    v4q lo = {w[0], w[1], w[2], w[3]}, hi = {w[4], w[5], w[6], w[7]};
    v8f a = (v8f)lo, b = (v8f)hi;
    *x = __builtin_shufflevector(a, b, 0, 2, 4, 6, 8, 10, 12, 14);
    *y = __builtin_shufflevector(a, b, 1, 3, 5, 7, 9, 11, 13, 15);
}

static inline __attribute__((always_inline)) void clip8(v8f *g)
{
    const v8f four = (v8f){0} + 4;
    *g = V8SEL(*g > 4, four, *g);
    *g = V8SEL(*g < -4, -four, *g);
}

static inline __attribute__((always_inline)) void run_turns2(Blk *c, const Due *due, size_t nd)
{
    Run *r = c->r;
    const UmapSgd *s = c->s;
    float *Y = c->Y;
    const v8f zero = {0}, one = zero + 1, four = zero + 4;
    const v8i fitm = (v8i){0} - (c->fit ? 1 : 0);
    Neg8 ng;
    neg8_start(&ng, &c->st, (uint32_t)s->n_tail, c->S);
    size_t part = (nd + 7) / 8;
    for (size_t q = 0; q < part; q++) {
        uint32_t head[8], tail[8], live[8];
        int32_t nneg[8];
        const float *tp[8];
        int nl = 0;
        for (int l = 0; l < 8; l++) {
            size_t t = (size_t)l * part + q;
            if (t >= nd) break;
            const Due *u = &due[t];
            head[l] = u->head;
            tail[l] = u->col;
            live[l] = c->fit && u->col >= c->h0 && u->col < c->h1;
            tp[l] = live[l] ? Y : c->S;
            float epn = u->eps / c->rate;
            int m = (int)((c->epoch - r->next_neg[u->e]) / epn);
            r->next_neg[u->e] += (float)m * epn;
            nneg[l] = m;
            nl++;
        }
        for (int l = nl; l < 8; l++) { /* empty lanes: row 0 against itself, no moves */
            head[l] = tail[l] = live[l] = 0;
            tp[l] = c->S;
            nneg[l] = 0;
        }
        /* the pulls */
        v8f hx, hy, tx = zero, ty = zero;
        load8(Y, head, &hx, &hy);
        for (int l = 0; l < 8; l++) {
            tx[l] = tp[l][2 * (size_t)tail[l]];
            ty[l] = tp[l][2 * (size_t)tail[l] + 1];
        }
        v8f dx = hx - tx, dy = hy - ty, d2 = dx * dx + dy * dy;
        v8i pos = d2 > 0;
        v8f d2s = V8SEL(pos, d2, one), pw = d2s;
        fast_pow8(&pw, c->bm1);
        v8f coef = V8SEL(pos, -c->two_ab * pw / (c->a * pw * d2s + 1), zero);
        v8f gx = coef * dx, gy = coef * dy;
        clip8(&gx);
        clip8(&gy);
        gx *= c->alpha;
        gy *= c->alpha;
        for (int l = 0; l < nl; l++) {
            size_t i = head[l], j = tail[l];
            Y[2 * i] += gx[l];
            Y[2 * i + 1] += gy[l];
            if (!c->fit) continue;
            if (live[l]) {
                Y[2 * j] -= gx[l];
                Y[2 * j + 1] -= gy[l];
            } else {
                float dl[2] = {-gx[l], -gy[l]};
                out_push(c->ob, (uint32_t)j, dl, 2);
            }
        }
        /* the pushes, at each head's place after its pull */
        hx += gx;
        hy += gy;
        v8i nv, hv;
        memcpy(&nv, nneg, sizeof nv);
        memcpy(&hv, head, sizeof hv);
        int most = 0;
        for (int l = 0; l < nl; l++)
            most = nneg[l] > most ? nneg[l] : most;
        v8f ax = zero, ay = zero;
        for (int u = 0; u < most; u++) {
            uint32_t kk[8];
            neg8_draw(&ng, kk);
            v8i k;
            memcpy(&k, kk, sizeof k);
            v8f kx, ky;
            load8(c->S, kk, &kx, &ky);
            /* lane on: a sample due, and not the head itself */
            v8i on = (u < nv) & ~(fitm & (k == hv));
            v8f ex = hx - kx, ey = hy - ky, e2 = ex * ex + ey * ey;
            v8i ps = (e2 > 0) & on, same = (e2 <= 0) & on;
            v8f e2s = V8SEL(ps, e2, one), pe = e2s;
            fast_pow8(&pe, c->b);
            v8f cf = c->two_gb / ((0.001f + e2s) * (c->a * pe + 1));
            /* on top of each other: a fixed push */
            v8f px = cf * ex, py = cf * ey;
            clip8(&px);
            clip8(&py);
            ax += V8SEL(ps, px, V8SEL(same, four, zero));
            ay += V8SEL(ps, py, V8SEL(same, four, zero));
        }
        for (int l = 0; l < nl; l++) {
            Y[2 * (size_t)head[l]] += ax[l] * c->alpha;
            Y[2 * (size_t)head[l] + 1] += ay[l] * c->alpha;
        }
    }
}

/* One block's edges for one epoch, gathered first: the edges due this
 * epoch, with their heads, without a branch (most edges wait: a light
 * edge is due once in many epochs).  Other dimensions than 2: the heads
 * are dealt round to LANES lanes that take turns, one sample each, so
 * consecutive samples belong to different heads and do not wait for each
 * other (each sample's arithmetic is one long chain through y_i); the
 * negative samples of one sample are computed at the same y_i and their
 * pushes added (umap-learn moves y_i after each). */
static inline __attribute__((always_inline)) void run_block(Run *r, int blk, int dims)
{
    const UmapSgd *s = r->s;
    Blk c = {r,
             s,
             s->T == NULL,
             r->bstart[blk],
             r->bstart[blk + 1],
             (float)s->a,
             (float)s->b,
             (float)s->b - 1,
             (float)(2 * s->a * s->b),
             (float)(2 * s->gamma * s->b),
             r->alpha,
             (float)r->epoch,
             (float)s->negative_rate,
             s->Y,
             r->S,
             mix64(s->seed ^ mix64((uint64_t)r->epoch * 0x100000001b3ULL + (uint64_t)blk + 1)),
             &r->out[blk],
             {0},
             0};
    size_t e0 = s->row[c.h0], e1 = s->row[c.h1], nd = 0, i = c.h0, e = e0;
    Due *due = r->due + e0;
    /* eight edges at a time: compared side by side, and only the due ones
     * (a third, on the usual graph) written out, their heads found by
     * walking the rows forward */
    const v8f now = (v8f){0} + c.epoch;
    const v8i bit = {1, 2, 4, 8, 16, 32, 64, 128};
    for (; e + 8 <= e1; e += 8) {
        v8f nx, ps;
        memcpy(&nx, r->next + e, sizeof nx);
        memcpy(&ps, s->eps + e, sizeof ps);
        v8i m = nx <= now;
        nx += V8SEL(m, ps, (v8f){0});
        memcpy(r->next + e, &nx, sizeof nx);
        v8i b = m & bit;
        unsigned bits = (unsigned)(b[0] | b[1] | b[2] | b[3] | b[4] | b[5] | b[6] | b[7]);
        while (bits) {
            size_t t = e + (size_t)__builtin_ctz(bits);
            bits &= bits - 1;
            while (t >= s->row[i + 1])
                i++;
            due[nd++] = (Due){(uint32_t)t, (uint32_t)i, s->col[t], s->eps[t]};
        }
    }
    for (; e < e1; e++)
        if (r->next[e] <= c.epoch) {
            r->next[e] += s->eps[e];
            while (e >= s->row[i + 1])
                i++;
            due[nd++] = (Due){(uint32_t)e, (uint32_t)i, s->col[e], s->eps[e]};
        }
    if (dims == 2) {
        run_turns2(&c, due, nd);
        return;
    }
    draws_start(&c);
    size_t quarter = (nd + LANES - 1) / LANES;
    for (size_t q = 0; q < quarter; q++)
        for (int l = 0; l < LANES; l++) {
            size_t t = (size_t)l * quarter + q;
            if (t >= nd) break;
            if (t + 4 < nd) __builtin_prefetch(r->next_neg + due[t + 4].e);
            int nneg = pull(&c, &due[t], dims);
            push_any(&c, due[t].head, nneg, dims);
        }
}

SIMD_CLONES static void block_task(void *arg, int blk)
{
    Run *r = arg;
    if (r->s->dims == 2)
        run_block(r, blk, 2);
    else
        run_block(r, blk, r->s->dims);
}

int umap_sgd(const UmapSgd *s, int *done, int *stopped, Err *e)
{
    size_t nh = s->n_head, ne = s->row[nh], nd = nh * (size_t)s->dims;
    int fit = s->T == NULL;
    *done = 0;
    *stopped = 0;
    if (ne >= UINT32_MAX) return err_set(e, "umap: too many edges (%zu)", ne);
    Run r = {0};
    r.s = s;
    r.nb = nh / ROWS_PER_BLOCK;
    if (r.nb < 1) r.nb = 1;
    if (r.nb > MAX_BLOCKS) r.nb = MAX_BLOCKS;
    r.next = malloc((ne ? ne : 1) * sizeof *r.next);
    r.next_neg = malloc((ne ? ne : 1) * sizeof *r.next_neg);
    r.due = malloc((ne ? ne : 1) * sizeof *r.due);
    r.bstart = malloc((r.nb + 1) * sizeof *r.bstart);
    r.out = calloc(r.nb, sizeof *r.out);
    float *S = fit ? malloc((nd ? nd : 1) * sizeof *S) : NULL;
    Pool *pool = pool_new(s->threads, e);
    int rc = -1;
    if (!r.next || !r.next_neg || !r.due || !r.bstart || !r.out || (fit && !S) || !pool) {
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
    free(r.due);
    free(r.bstart);
    free(S);
    pool_free(pool);
    return rc;
}
