/* nndescent.h — approximate k nearest neighbours by NN-descent.
 *
 * NN-descent (Dong, Charikar & Li 2011, "Efficient k-nearest neighbor
 * graph construction for generic similarity measures") improves a guess of
 * every row's k neighbours by the rule "a neighbour of a neighbour is
 * likely a neighbour": each round, every row introduces the rows on its
 * list (and those that list it) to one another, and each pair closer than
 * the worse of its two current lists' k-th neighbours enters them.  As in
 * pynndescent (McInnes), the first guess comes from the leaves of a forest
 * of random-projection trees (core/rptree.h), each round samples at most
 * max_candidates new and old list entries per row (new: entered since the
 * last round; old pairs have met already), and the rounds stop when fewer
 * than delta * n * k entries changed.  Lists longer than 32 are picked
 * from the 32-lists' neighbours of neighbours (see nndescent.c).
 *
 * Threads: rounds run in blocks of rows; the pairs a block proposes are
 * collected per thread and then applied by row ranges, so no row's list is
 * written by two threads.  Lists order entries by (distance, index), and
 * the sampling draws from a hash of (seed, round, row, entry), so the
 * result does not depend on the number of threads.
 */
#ifndef DV_CORE_NNDESCENT_H
#define DV_CORE_NNDESCENT_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/mat.h"
#include "core/progress.h"

typedef struct NndOpts {
    size_t k;    /* neighbours per row, the row itself not counted */
    int cosine;  /* 0: Euclidean; 1: cosine distance 1 - cos */
    int threads; /* >= 1 */
    uint64_t seed;
    int trees;                /* random-projection trees; 0: 5 + n^(1/4), at most 32 */
    int max_iters;            /* rounds at most; 0: max(5, log2 n) */
    int max_candidates;       /* sampled per row and round; 0: min(60, k) */
    double delta;             /* stop below delta * n * k changes; < 0: 0.001 */
    const Progress *progress; /* may be NULL */
    const char *task;         /* task name for progress reports */
} NndOpts;

/* The defaults above for k neighbours (threads 1, seed 0, no progress). */
void nnd_default_opts(NndOpts *o, size_t k);

typedef struct NndStats {
    int trees, iters;
    size_t leaf_size;
    double seconds;
    size_t changes; /* entries changed in the last round */
} NndStats;

/* For each row of X, k approximate nearest other rows, ascending by
 * distance (ties by index): idx and dist are n x k arrays the caller
 * allocates.  dist holds squared Euclidean distances, or cosine distances
 * 1 - cos (1 when either row is all zeros), computed in double from X's
 * rows.  st may be NULL.  X must have at least k + 1 rows, all finite.
 * A stop request from the progress hook returns -1 with e cancelled. */
int nndescent(const Mat *X, const NndOpts *o, long *idx, float *dist, NndStats *st, Err *e);

/* Row-normalised (cosine) or plain copy of X with rows padded to a
 * multiple of 8 floats with zeros: *stride gets the padded width.
 * 64-byte aligned; caller frees with free().  Also used for the exact
 * search under the cosine metric. */
float *nnd_padded_copy(const Mat *X, int cosine, size_t *stride, Err *e);

#endif
