/* tsne.h — stochastic neighbour embeddings.
 *
 * t-SNE (van der Maaten & Hinton 2008) with the Barnes-Hut approximation of
 * the repulsive forces (van der Maaten 2014):
 *   - input similarities p_j|i from Gaussian kernels whose widths are found
 *     by bisection so each row's perplexity is `perplexity`, over the
 *     3 * perplexity nearest neighbours (exact, blocked BLAS distances);
 *     P symmetrised and kept sparse (CSR);
 *   - gradient 4 (exaggeration * F_attr - F_rep / Z), exact (O(N^2)), with
 *     a quadtree (theta) for the repulsion, or with the repulsion
 *     interpolated on a grid and convolved by FFT (tsne_fft.c, after
 *     Linderman et al. 2019); method auto: exact up to 1000 points,
 *     Barnes-Hut up to 5000, FFT above;
 *   - gradient descent with momentum 0.5 -> 0.8, delta-bar-delta gains,
 *     early exaggeration, learning rate max(N / exaggeration / 4, 50), PCA
 *     initialisation scaled to standard deviation 1e-4 (as FIt-SNE and
 *     openTSNE do).
 * SNE (Hinton & Roweis 2002): asymmetric p_j|i and Gaussian q_j|i, exact.
 */
#ifndef DV_REDUCE_TSNE_H
#define DV_REDUCE_TSNE_H

#include <stdint.h>

#include "core/err.h"
#include "core/mat.h"
#include "core/progress.h"

typedef enum { TSNE_AUTO, TSNE_EXACT, TSNE_BH, TSNE_FFT } TsneMethod;

typedef struct TsneOpts {
    int dims;
    double perplexity;
    int iters;
    double exaggeration;
    int exaggeration_iters;
    double lr; /* <= 0: automatic */
    int init_pca;
    double theta;
    TsneMethod method;
    int threads;
    uint64_t seed;
    const Progress *progress;
    int sne; /* the original asymmetric SNE */
} TsneOpts;

void tsne_default_opts(TsneOpts *o);

typedef struct TsneResult {
    Mat *Y;      /* N x dims, with X's labels and row names */
    Mat *kl;     /* 1 x n: KL(P||Q) every 50 iterations (and at the end) */
    int iters;   /* iterations done */
    int stopped; /* the progress hook asked to stop */
    TsneMethod method;
    double lr;
} TsneResult;

int tsne_run(const Mat *X, const TsneOpts *o, TsneResult *r, Err *e);
void tsne_result_free(TsneResult *r);

/* Sparse symmetric joint probabilities. */
typedef struct SparseP {
    size_t n;
    size_t *row; /* n + 1 */
    uint32_t *col;
    double *val;
} SparseP;
void sparse_free(SparseP *p);

/* Conditional p_j|i over one row's squared distances d2[0..k): the Gaussian
 * precision beta is found by bisection so that the entropy (nats) equals
 * log(perplexity) within tol.  Writes p, returns the entropy reached. */
double tsne_calibrate_row(const float *d2, size_t k, double perplexity, double tol, double *p, double *beta);

/* Symmetric P from X: kNN + calibration + (P + P^T) / 2N. */
int tsne_affinities(const Mat *X, double perplexity, SparseP *P, Err *e);

/* Gradient of KL(P||Q) at Y (n x dims, row-major double), exact, and its
 * value; and the Barnes-Hut gradient (dims = 2). */
double tsne_kl_exact(const SparseP *P, const double *Y, size_t n, int dims);
/* Attractive forces sum_j p_ij (y_i - y_j) / (1 + d_ij^2) for rows [a, b). */
void tsne_attractive(const SparseP *P, const double *Y, int dims, size_t a, size_t b, double *F);
void tsne_grad_exact(const SparseP *P, const double *Y, size_t n, int dims, double exag, double *grad);
int tsne_grad_bh(const SparseP *P, const double *Y, size_t n, double theta, double exag, int threads, double *grad,
                 double *zsum, Err *e);

#endif
