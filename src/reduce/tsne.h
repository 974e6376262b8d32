/* tsne.h — stochastic neighbour embeddings: t-SNE, SNE, and placing new
 * points on an existing t-SNE map.
 *
 * t-SNE (van der Maaten & Hinton 2008):
 *   - input similarities p_j|i from Gaussian kernels whose precisions are
 *     found by bisection so each row's entropy is log(perplexity) (within
 *     1e-5 nats), over the 3 * perplexity nearest neighbours
 *     (core/knn_graph: exact, or NN-descent for large inputs);
 *     P = (P_cond + P_cond^T) / 2N kept sparse (CSR);
 *   - KL(P||Q) with the Student-t kernel q_ij ~ 1 / (1 + |y_i - y_j|^2);
 *     gradient 4 (exaggeration * sum_j p_ij q_ij Z (y_i - y_j)
 *                 - sum_j q_ij^2 Z^2 (y_i - y_j) / Z),
 *     the repulsion (second term) three ways:
 *       exact  O(N^2), any dimension;
 *       bh     Barnes-Hut on a quadtree with opening angle theta (van der
 *              Maaten 2014), 2-D;
 *       fft    interpolation on an equispaced grid plus FFT convolution
 *              (Linderman, Rachh, Hoskins, Steinerberger & Kluger 2019,
 *              "FIt-SNE"), 2-D, with the kernel split Ewald-style into an
 *              exact near field (cell list) and a smooth far field, so the
 *              grid stays coarse as the map grows (tsne_fft.c);
 *       auto picks by N (exact to 250, Barnes-Hut to 1500, FFT above);
 *   - gradient descent with momentum 0.5 -> 0.8, delta-bar-delta gains
 *     (Jacobs 1988), early exaggeration, learning rate
 *     max(N / exaggeration / 4, 50), steps clipped at 5 units, PCA
 *     initialisation scaled to standard deviation 1e-4 (as scikit-learn,
 *     openTSNE and FIt-SNE do); points renumbered along a Z-order curve of
 *     the map now and then, for the caches.
 * SNE (Hinton & Roweis 2002): asymmetric p_j|i, Gaussian q_j|i, exact.
 * Placing (as openTSNE's transform): new points get p_j|i over their
 * nearest reference points only and move on the fixed reference map.
 *
 * Threads: the result does not depend on the number of threads (every sum
 * is taken in a fixed order), so a seed makes runs reproducible.
 */
#ifndef DV_REDUCE_TSNE_H
#define DV_REDUCE_TSNE_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/knn_graph.h"
#include "core/mat.h"
#include "core/progress.h"

typedef enum { TSNE_AUTO, TSNE_EXACT, TSNE_BH, TSNE_FFT } TsneMethod;

/* "auto", "exact", "bh", "fft". */
const char *tsne_method_name(TsneMethod m);
/* The method auto picks for n points in dims dimensions. */
TsneMethod tsne_auto_method(size_t n, int dims);

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
    KnnGraphMethod knn; /* neighbour search: auto (exact, or NN-descent for large inputs), exact, approx */
    int threads;
    uint64_t seed;
    const Progress *progress;
} TsneOpts;

/* The defaults of the tsne builtin (threads: the processors online, at
 * most 8). */
void tsne_default_opts(TsneOpts *o);

/* KL(P||Q) is measured every TSNE_KL_EVERY iterations and after the last
 * one: value j of TsneResult.kl belongs to iteration tsne_kl_iteration(j,
 * iters) (counting from 1) of a run of `iters` iterations. */
#define TSNE_KL_EVERY 50
static inline int tsne_kl_iteration(size_t j, int iters)
{
    size_t it = TSNE_KL_EVERY * (j + 1);
    return it < (size_t)iters ? (int)it : iters;
}

typedef struct TsneResult {
    Mat *Y;      /* N x dims, with X's labels and row names */
    Mat *kl;     /* 1 x n: KL(P||Q) every TSNE_KL_EVERY iterations (and at the end) */
    int iters;   /* iterations done */
    int stopped; /* the progress hook asked to stop */
    TsneMethod method;
    KnnGraphMethod knn; /* the neighbour search run */
    double lr;
    double setup_seconds; /* neighbours, P and initialisation */
    double iter_seconds;  /* mean wall time of one iteration */
} TsneResult;

/* Embed X (rows = points).  On success r owns new matrices (free with
 * tsne_result_free); a stop request is a success with r->stopped set. */
int tsne_run(const Mat *X, const TsneOpts *o, TsneResult *r, Err *e);
void tsne_result_free(TsneResult *r);

/* The original SNE with its own optimiser (exact, at most 5000 points);
 * uses dims, perplexity, iters, lr (<= 0: 0.1 with gains), seed,
 * progress; fills r as tsne_run does (method exact). */
int sne_run(const Mat *X, const TsneOpts *o, TsneResult *r, Err *e);

/* Place Xnew (columns as X) on the map Y of X (N x 2): each new point's
 * p_j|i over its 3 * perplexity nearest rows of X, started at the
 * p-weighted mean of those rows' positions, then moved for iters steps
 * with Y fixed, minimising its own KL(P_i || Q_i) against the reference
 * points.  *out: new matrix len(Xnew) x 2 with Xnew's row metadata. */
typedef struct TsnePlaceOpts {
    double perplexity;
    int iters;
    int threads;
    const Progress *progress;
} TsnePlaceOpts;
int tsne_place(const Mat *X, const Mat *Y, const Mat *Xnew, const TsnePlaceOpts *o, Mat **out, int *stopped,
               Err *e);

/* ---- the pieces, exposed for tests ---------------------------------- */

/* Sparse joint probabilities in CSR form (rows sorted by column). */
typedef struct SparseP {
    size_t n;
    size_t *row; /* n + 1 */
    uint32_t *col;
    float *val;
} SparseP;
void sparse_free(SparseP *p);

/* Conditional p_j|i over one row's squared distances d2[0..k): the Gaussian
 * precision beta is found by bisection so that the entropy (nats) equals
 * log(perplexity) within tol.  Writes p (sums to 1), returns the entropy
 * reached; *beta (may be NULL) gets the precision. */
double tsne_calibrate_row(const float *d2, size_t k, double perplexity, double tol, double *p, double *beta);

/* Symmetric P from X: kNN + calibration + (P + P^T) / 2N. */
int tsne_affinities(const Mat *X, double perplexity, int threads, SparseP *P, Err *e);

/* KL(P||Q) at Y (n x dims, row-major double), exact. */
double tsne_kl_exact(const SparseP *P, const double *Y, size_t n, int dims);

/* Gradient of KL(P||Q) (with P scaled by exag in the attractive term) at Y
 * by the given method (exact, bh or fft; bh and fft need dims = 2); *zsum
 * (may be NULL) gets the normaliser Z = sum_{i != j} 1 / (1 + d_ij^2). */
int tsne_gradient(const SparseP *P, const double *Y, size_t n, int dims, TsneMethod m, double theta, double exag,
                  int threads, double *grad, double *zsum, Err *e);

#endif
