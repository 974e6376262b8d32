/* knn.h — exact k nearest neighbours by blocked BLAS distances.
 *
 * Squared Euclidean distances |x|^2 + |y|^2 - 2 x.y are computed a block of
 * rows at a time with sgemm, and each row keeps its k smallest in a bounded
 * max-heap; memory is O(block * n + n * k).  threads > 1 splits the rows.
 */
#ifndef DV_CORE_KNN_H
#define DV_CORE_KNN_H

#include "core/err.h"
#include "core/mat.h"

/* For each row of Q, its k nearest rows of R (squared distances, ascending).
 * When self is set Q and R are the same matrix and each row skips itself.
 * idx and d2 are n x k arrays the caller allocates (n = Q->rows). */
int knn_search(const Mat *Q, const Mat *R, size_t k, int self, long *idx, float *d2, Err *e);

#endif
