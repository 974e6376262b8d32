/* spectrum.h — every variance of a data matrix along its principal axes.
 *
 * The labs check answers about variance explained and reconstruction
 * error against the whole spectrum, computed here independently of pca():
 * the eigenvalues of the sample covariance Xc^T Xc / (n - 1), found from
 * whichever Gram matrix is smaller (Xc Xc^T when rows <= cols: the nonzero
 * eigenvalues of the two coincide, being the squared singular values of
 * Xc), accumulated and solved in double precision (LAPACK dsyev). */
#ifndef DV_REDUCE_SPECTRUM_H
#define DV_REDUCE_SPECTRUM_H

#include <stddef.h>

#include "core/err.h"
#include "core/mat.h"

/* *eig receives min(rows, cols) variances in descending order (caller
 * frees); *total their sum, the total variance (the trace of the
 * covariance).  X needs at least two rows.  -1 with e set on error. */
int spectrum_variances(const Mat *X, double **eig, size_t *m, double *total, Err *e);

#endif
