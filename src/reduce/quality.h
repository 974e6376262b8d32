/* quality.h — how faithful an embedding is to its data. */
#ifndef DV_REDUCE_QUALITY_H
#define DV_REDUCE_QUALITY_H

#include "core/err.h"
#include "core/mat.h"
#include "core/progress.h"

/* Each measure reports its neighbour searches (and trustworthiness its
 * ranks) to p, which may be NULL, as task `f` (its own name); when p asks
 * to stop it returns -1 with e marked cancelled. */

/* Mean fraction of each point's k nearest neighbours in X that are among
 * its k nearest in Y. */
int knn_preservation(const Mat *X, const Mat *Y, size_t k, const Progress *p, double *out, Err *e);
/* Leave-one-out k-NN classification accuracy on Y with Y's labels
 * (majority vote, ties to the nearest neighbour's class). */
int knn_accuracy(const Mat *Y, size_t k, const Progress *p, double *out, Err *e);
/* The same for new points: each row of Y classified by the majority class
 * of its k nearest rows of R (R's labels; Y's labels are the truth), as
 * for points placed on a map. */
int knn_accuracy_ref(const Mat *Y, const Mat *R, size_t k, const Progress *p, double *out, Err *e);
/* Trustworthiness (Venna & Kaski 2001): 1 - 2 / (n k (2n - 3k - 1)) *
 * sum over points of sum over Y-neighbours that are not X-neighbours of
 * (their rank in X - k). */
int trustworthiness(const Mat *X, const Mat *Y, size_t k, const Progress *p, double *out, Err *e);

#endif
