/* mds.h — classical multidimensional scaling. */
#ifndef DV_REDUCE_MDS_H
#define DV_REDUCE_MDS_H

#include "core/err.h"
#include "core/mat.h"

/* Classical (Torgerson) MDS of the Euclidean distances between X's rows:
 * double-centre the squared distances, B = -1/2 J D^2 J, and take the top k
 * eigenpairs: scores = V sqrt(lambda), each column's largest-magnitude
 * entry positive.  With more rows than columns, B = Xc Xc^T's eigenpairs
 * come from the smaller Xc^T Xc instead (exact PCA), so the rows x rows
 * matrix (at most 6000 rows) is only formed for wide X.  *scores (n x k,
 * X's labels and names) and *eig (1 x k, the eigenvalues) are new. */
int mds_fit(const Mat *X, size_t k, Mat **scores, Mat **eig, Err *e);

#endif
