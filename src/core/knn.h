/* knn.h — exact k nearest neighbours (squared Euclidean distances).
 *
 * Two exact methods, picked by the data's shape:
 *   brute    blocked BLAS distances: |x|^2 + |y|^2 - 2 x.y for a tile of
 *            query rows against a tile of reference rows with one sgemm
 *            (on column-centred copies, so float keeps its precision), each
 *            query row keeping its k smallest in a bounded max-heap; memory
 *            O(threads * tile + n * k).  Fast for many dimensions, where
 *            trees degenerate into a scan anyway.
 *   vptree   a vantage-point tree (Yianilos 1993): each node splits its
 *            points at the median distance to a vantage point; a query
 *            visits a subtree only when the ball of its current k-th
 *            distance reaches into it.  O(n log n) for low-dimensional data
 *            (2-D embeddings), where brute force would be O(n^2).
 * Both return the same neighbours (up to ties) with distances recomputed in
 * double precision from the input rows.
 */
#ifndef DV_CORE_KNN_H
#define DV_CORE_KNN_H

#include <stddef.h>

#include "core/err.h"
#include "core/mat.h"
#include "core/progress.h"

typedef enum { KNN_AUTO, KNN_BRUTE, KNN_VPTREE } KnnMethod;

/* For each row of Q, its k nearest rows of R (squared distances, ascending).
 * When self is set Q and R are the same matrix and each row skips itself.
 * idx and d2 are n x k arrays the caller allocates (n = Q->rows).  One
 * thread, method picked by shape (vptree for at most 16 columns). */
int knn_search(const Mat *Q, const Mat *R, size_t k, int self, long *idx, float *d2, Err *e);

/* The same with the method and the number of threads chosen (threads > 1
 * splits the query rows; OpenBLAS runs one thread meanwhile).  The result
 * does not depend on the number of threads. */
int knn_search_ex(const Mat *Q, const Mat *R, size_t k, int self, KnnMethod method, int threads, long *idx,
                  float *d2, Err *e);

/* The same, reporting to p (may be NULL) after each sixteenth or so of the
 * rows, as task `task` with note "nearest neighbours"; when p asks to stop,
 * returns -1 with e marked cancelled. */
int knn_search_p(const Mat *Q, const Mat *R, size_t k, int self, KnnMethod method, int threads, const Progress *p,
                 const char *task, long *idx, float *d2, Err *e);

/* The method KNN_AUTO picks for R. */
KnnMethod knn_auto_method(const Mat *R);

#endif
