/* rptree.c — random-projection trees (see rptree.h). */
#include "core/rptree.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/mat.h"
#include "core/rng.h"
#include "core/simd.h"

#define MAX_DEPTH 200 /* a node this deep becomes a leaf whatever its size */

void rptree_free(RpTree *t)
{
    free(t->items);
    free(t->start);
    memset(t, 0, sizeof *t);
}

typedef struct Node {
    size_t lo, hi;
    int depth;
} Node;

/* a . b over d floats (d a multiple of 8: rows are padded with zeros) */
static inline __attribute__((always_inline)) float dot(const float *a, const float *b, size_t d)
{
    v8f s = {0}, x, y;
    for (size_t c = 0; c < d; c += 8) {
        memcpy(&x, a + c, sizeof x);
        memcpy(&y, b + c, sizeof y);
        s += x * y;
    }
    return ((s[0] + s[4]) + (s[1] + s[5])) + ((s[2] + s[6]) + (s[3] + s[7]));
}

/* Split items[lo, hi) by the hyperplane between two random rows; returns
 * the first index of the right side (lo < mid < hi).  side and tmp hold
 * hi - lo entries; normal holds dims floats. */
SIMD_CLONES static size_t split(const float *X, size_t stride, int32_t *items, size_t lo, size_t hi,
                                Rng *r, unsigned char *side, int32_t *tmp, float *normal)
{
    size_t m = hi - lo;
    size_t a = (size_t)rng_below(r, m), b = (size_t)rng_below(r, m - 1);
    if (b >= a) b++;
    const float *xa = X + (size_t)items[lo + a] * stride, *xb = X + (size_t)items[lo + b] * stride;
    double off = 0;
    for (size_t c = 0; c < stride; c++) {
        normal[c] = xa[c] - xb[c];
        off -= (double)normal[c] * ((double)xa[c] + xb[c]) / 2;
    }
    size_t nleft = 0;
    for (size_t i = 0; i < m; i++) {
        /* the rows are scattered in memory: ask for one a few ahead */
        if (i + 8 < m)
            for (size_t c = 0; c < stride; c += 16)
                __builtin_prefetch(X + (size_t)items[lo + i + 8] * stride + c);
        double g = dot(normal, X + (size_t)items[lo + i] * stride, stride) + off;
        /* on the plane (or a zero normal, for duplicate rows): either side */
        side[i] = fabs(g) < 1e-8 ? (unsigned char)(rng_u64(r) & 1) : g > 0;
        nleft += !side[i];
    }
    if (nleft == 0 || nleft == m) { /* everything on one side: halve at random */
        nleft = 0;
        for (size_t i = 0; i < m; i++) {
            side[i] = (unsigned char)(rng_u64(r) & 1);
            nleft += !side[i];
        }
        if (nleft == 0 || nleft == m) {
            for (size_t i = 0; i < m; i++)
                side[i] = i >= m / 2;
            nleft = m / 2;
        }
    }
    size_t l = 0, rr = nleft;
    for (size_t i = 0; i < m; i++)
        tmp[side[i] ? rr++ : l++] = items[lo + i];
    memcpy(items + lo, tmp, m * sizeof *tmp);
    return lo + nleft;
}

int rptree_build(const float *X, size_t n, size_t stride, size_t leaf_size, uint64_t seed,
                 RpTree *t, Err *e)
{
    memset(t, 0, sizeof *t);
    if (leaf_size < 2) leaf_size = 2;
    size_t maxleaves =
        n / (leaf_size / 2) + 2 + MAX_DEPTH; /* leaves hold more than leaf_size / 2 rows, but a
                                              * random halving may leave fewer: grown below */
    t->n = n;
    t->items = malloc((n ? n : 1) * sizeof *t->items);
    t->start = malloc((maxleaves + 1) * sizeof *t->start);
    int32_t *tmp = malloc((n ? n : 1) * sizeof *tmp);
    unsigned char *side = malloc(n ? n : 1);
    float *normal = mat_alloc_floats(stride, e);
    Node *stack = malloc((2 * MAX_DEPTH + 2) * sizeof *stack);
    int rc = -1;
    if (!t->items || !t->start || !tmp || !side || !normal || !stack) {
        if (normal) err_nomem(e, n * 9 + maxleaves * sizeof(size_t), "random-projection tree");
        goto done;
    }
    for (size_t i = 0; i < n; i++)
        t->items[i] = (int32_t)i;
    Rng r;
    rng_seed(&r, seed);
    size_t top = 0;
    stack[top++] = (Node){0, n, 0};
    /* Depth first, left before right: leaves come out in item order, and a
     * node small enough to sit in the cache is finished while it does. */
    while (top > 0) {
        Node nd = stack[--top];
        if (nd.hi - nd.lo <= leaf_size || nd.depth >= MAX_DEPTH) {
            if (nd.hi == nd.lo) continue;
            if (t->nleaves == maxleaves) {
                size_t *s = realloc(t->start, (2 * maxleaves + 1) * sizeof *s);
                if (!s) {
                    err_nomem(e, 2 * maxleaves * sizeof *s, "random-projection tree");
                    goto done;
                }
                t->start = s;
                maxleaves *= 2;
            }
            t->start[t->nleaves++] = nd.lo;
            continue;
        }
        size_t mid = split(X, stride, t->items, nd.lo, nd.hi, &r, side, tmp, normal);
        stack[top++] = (Node){mid, nd.hi, nd.depth + 1};
        stack[top++] = (Node){nd.lo, mid, nd.depth + 1};
    }
    t->start[t->nleaves] = n;
    rc = 0;
done:
    if (rc < 0) rptree_free(t);
    free(tmp);
    free(side);
    free(normal);
    free(stack);
    return rc;
}
