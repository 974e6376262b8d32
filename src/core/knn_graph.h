/* knn_graph.h — every row's k nearest other rows, exact or approximate.
 *
 * The one entry point for methods that need a neighbour graph (t-SNE,
 * UMAP, the knn builtin): it picks the exact search (core/knn.h: BLAS
 * tiles, or a vantage-point tree in few dimensions) for small inputs and
 * NN-descent (core/nndescent.h) above a measured size, under the Euclidean
 * or the cosine distance, and says which in the progress note.  The
 * quality measures (reduce/quality.h) keep calling the exact search
 * directly: they measure.
 */
#ifndef DV_CORE_KNN_GRAPH_H
#define DV_CORE_KNN_GRAPH_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/mat.h"
#include "core/progress.h"

typedef enum { KNN_GRAPH_AUTO, KNN_GRAPH_EXACT, KNN_GRAPH_APPROX } KnnGraphMethod;

typedef struct KnnGraphOpts {
    KnnGraphMethod method;
    int cosine; /* 0: Euclidean; 1: cosine distance 1 - cos */
    int threads;
    uint64_t seed; /* for the approximate search */
    const Progress *progress;
    const char *task;
} KnnGraphOpts;

/* "auto", "exact", "approx". */
const char *knn_graph_method_name(KnnGraphMethod m);

/* The method auto picks for n rows of d columns and k neighbours: exact
 * while it is as fast (few rows, or at most 16 columns, where the tree
 * search is O(n log n)), approximate beyond. */
KnnGraphMethod knn_graph_auto(size_t n, size_t d, size_t k);

/* For each row of X, its k nearest other rows, ascending (ties by index):
 * idx and dist are n x k arrays the caller allocates; dist holds squared
 * Euclidean distances, or cosine distances (1 when a row is all zeros).
 * *used (may be NULL) gets the method run.  X must be finite with more
 * than k rows. */
int knn_graph(const Mat *X, size_t k, const KnnGraphOpts *o, long *idx, float *dist,
              KnnGraphMethod *used, Err *e);

#endif
