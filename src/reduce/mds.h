/* mds.h — classical multidimensional scaling. */
#ifndef DV_REDUCE_MDS_H
#define DV_REDUCE_MDS_H

#include "core/err.h"
#include "core/mat.h"

/* Classical (Torgerson) MDS: double-centre the squared Euclidean distances,
 * B = -1/2 J D^2 J, and take the top k eigenpairs: scores = V sqrt(lambda).
 * *eig (1 x k) receives the eigenvalues. */
int mds_fit(const Mat *X, size_t k, Mat **scores, Mat **eig, Err *e);

#endif
