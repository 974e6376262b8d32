/* umap_impl.h — what the UMAP files share among themselves (not a public
 * interface): the stochastic gradient descent, used by umap_run to make a
 * map and by umap_place to put new rows on one. */
#ifndef DV_REDUCE_UMAP_IMPL_H
#define DV_REDUCE_UMAP_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

#define UMAP_MAX_DIMS 8

/* One run of the descent.  The edges go from heads (the rows that move)
 * to tails, in CSR form by head.  Making a map, the tails are the heads
 * (T NULL) and both ends of an edge move; placing rows, the tails are the
 * fixed map T and only heads move.  Epoch n (0-based) samples edge e when
 * n reaches its next time, which then grows by eps[e] (epochs per sample:
 * the heaviest edge 1, lighter ones in inverse proportion), and draws
 * negative_rate random tails per sample. */
typedef struct UmapSgd {
    size_t n_head, n_tail;
    int dims;
    const size_t *row;   /* n_head + 1 */
    const uint32_t *col; /* tails */
    const float *eps;    /* epochs per sample, >= 1 */
    float *Y;            /* n_head x dims, moved in place */
    const float *T;      /* n_tail x dims fixed tails, or NULL */
    double a, b, gamma, negative_rate, lr;
    int epochs;
    uint64_t seed;
    int threads;
    /* called after each epoch from the calling thread with Y as it is;
     * nonzero stops the run (may be NULL) */
    int (*epoch_done)(void *user, int epochs_done, const float *Y);
    void *user;
} UmapSgd;

/* x^y for x > 0 by the descent's polynomials (relative error below 1e-5;
 * for tests). */
float umap_fast_pow(float x, float y);

/* Run the epochs; *done gets the number run and *stopped whether
 * epoch_done asked to stop.  Returns -1 only when out of memory. */
int umap_sgd(const UmapSgd *s, int *done, int *stopped, Err *e);

#endif
