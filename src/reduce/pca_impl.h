/* pca_impl.h — pieces shared by pca.c (the model, the exact solver) and
 * rsvd.c (the randomized solver).  Not for use outside src/reduce.
 *
 * Centring is implicit throughout: X - 1 mu^T is never formed whole.  Gram
 * matrices are built from centred copies of a few MB at a time, and
 * products with X correct for the mean afterwards.
 */
#ifndef DV_REDUCE_PCA_IMPL_H
#define DV_REDUCE_PCA_IMPL_H

#include "core/err.h"
#include "core/mat.h"
#include "core/rng.h"
#include "reduce/pca.h"

/* Column means (zeros when !center) and the total sum of squares about
 * them, in one pass with sums shifted by the first row (in double, so a
 * large offset does not cancel away the variance).  Fails, naming the
 * first one, when X holds a missing or infinite value. */
int pca_column_stats(const Mat *X, int center, double *mu, double *tss, const char *what, Err *e);
/* The error for the first missing or infinite value of X (-1), or 0. */
int pca_check_finite(const Mat *X, const char *what, Err *e);

/* Xc A for A cols x c: a new rows x c matrix.  mu NULL: no centring. */
Mat *pca_times(const Mat *X, const double *mu, const Mat *A, Err *e);

/* Orthonormalise the columns of A (rows >= cols) in place: Householder QR
 * (LAPACK sgeqrf, sorgqr), A := Q. */
int pca_orthonormalize(Mat *A, Err *e);

/* Fill p->components, p->scores and p->singular from V (s x k): the top k
 * eigenvectors of the smaller side's Gram matrix A (s = min(rows, cols)),
 * with sigma their singular values.  Tall X (V right vectors):
 * components = V^T, scores = Xc V.  Wide X (V left vectors): components =
 * V^T Xc / sigma (a zero row where sigma is numerically zero), scores =
 * A V / sigma when AV is given (the rows projected on those components
 * exactly, even when V is approximate), else V sigma.  XV, when given, is
 * the product with X already made (Xc V when tall, Xc^T V when wide);
 * otherwise it takes one pass over X. */
int pca_from_small_side(const Mat *X, const double *mu, const Mat *V, const Mat *AV, const Mat *XV,
                        const double *sigma, Pca *p, Err *e);

/* The randomized solver (rsvd.c).  Fills mu (zeros when not centring),
 * p->total_ss, and the factors; solver is GRAM or DIRECT (not AUTO). */
int rsvd_fit(const Mat *X, PcaSolver solver, const PcaOpts *o, Rng *rng, double *mu, Pca *p, Err *e);
/* The solver rsvd_fit would pick for a rows x cols matrix and k. */
PcaSolver rsvd_pick(size_t rows, size_t cols, size_t k);

#endif
