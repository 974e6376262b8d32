/* lda.h — Fisher's linear discriminant analysis. */
#ifndef DV_REDUCE_LDA_H
#define DV_REDUCE_LDA_H

#include "core/err.h"
#include "core/mat.h"

/* Fisher LDA: the k directions maximising between-class over within-class
 * scatter, from the generalised symmetric eigenproblem Sb v = lambda Sw v
 * (LAPACK dsygvx for the top k; Sw gets a tiny ridge so it stays positive
 * definite).  The scatter matrices are summed in double by dsyrk over blocks
 * of class-centred rows.
 * Uses X's labels; k <= classes - 1.  *scores (n x k, X's labels and names),
 * *components (k x m) and *ratios (1 x k, eigenvalue shares) are new. */
int lda_fit(const Mat *X, size_t k, Mat **scores, Mat **components, Mat **ratios, Err *e);

#endif
