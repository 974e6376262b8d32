/* pca.h — principal component analysis and truncated SVD.
 *
 * pca_fit centres X (unless center is 0, which gives the truncated SVD)
 * and finds its top k singular triplets:
 *   exact       the small Gram (rows <= cols: X X^T) or covariance (X^T X)
 *               matrix, accumulated in double precision, eigen-decomposed
 *               with LAPACK dsyevd; the other side follows by one product.
 *   randomized  Halko, Martinsson & Tropp 2011, Algorithm 4.4: a Gaussian
 *               test matrix with oversampling 10, q power iterations each
 *               re-orthonormalised by QR, then an exact SVD of the small
 *               projected matrix.  When the smaller side has at most 4096
 *               entries the iterations run on that side's Gram matrix,
 *               formed with one BLAS-3 pass (see fit_randomized_gram).
 * Centring is implicit (X - 1 mu^T is never formed), so memory stays near
 * the input's size.  Signs: each component's largest-magnitude entry is
 * positive.
 */
#ifndef DV_REDUCE_PCA_H
#define DV_REDUCE_PCA_H

#include "core/err.h"
#include "core/mat.h"
#include "core/rng.h"

typedef enum { PCA_AUTO, PCA_EXACT, PCA_RANDOMIZED } PcaMethod;

typedef struct Pca {
    size_t k, n, m;    /* components, rows and columns of the input */
    Mat *components;   /* k x m (rows orthonormal) */
    Mat *scores;       /* n x k: (X - mean) components^T */
    Mat *singular;     /* 1 x k, descending */
    Mat *explained;    /* 1 x k: share of the total variance */
    Mat *mean;         /* 1 x m (zeros when not centred) */
    int centered, whiten, randomized;
    double total_ss; /* ||X - 1 mean^T||_F^2 */
} Pca;

/* Fit; *out receives a new Pca (free with pca_free).  power < 0 picks the
 * number of power iterations (7 when k < 0.1 min(n, m), else 4). */
int pca_fit(const Mat *X, size_t k, PcaMethod method, int center, int whiten, int power, Rng *rng,
            Pca **out, Err *e);
void pca_free(Pca *p);

/* (Xnew - mean) components[0:k]^T (divided by the singular values' scale
 * when whitened).  k = 0 means all.  New matrix, caller frees. */
Mat *pca_project(const Pca *p, const Mat *Xnew, size_t k, Err *e);
/* Back from the first k components to the input space. */
Mat *pca_reconstruct(const Pca *p, const Mat *X, size_t k, Err *e);

#endif
