/* pca.h — principal component analysis and truncated SVD.
 *
 * pca_fit centres X (unless center is 0, which gives the truncated SVD of
 * X itself) and finds its top k singular triplets.  X is never modified
 * and never copied whole: centring is implicit (X^T X - n mu mu^T style
 * corrections, or centred copies of a few MB at a time), so the extra
 * memory stays well under the input's size.
 *
 *   exact       the Gram matrix of the smaller side (Xc Xc^T when
 *               rows <= cols, else Xc^T Xc), accumulated in double
 *               precision from exact float products, and its top k
 *               eigenpairs (LAPACK dsyevr); the other side follows by one
 *               product with X.  Singular values to ~1e-7 relative.
 *   randomized  Halko, Martinsson & Tropp, "Finding structure with
 *               randomness", SIAM Review 53(2), 2011: a random-sign
 *               sketch of width l = 2k + 10, subspace iterations with an
 *               orthonormalisation after every product with the Gram
 *               matrix (their Algorithm 4.4), then Rayleigh-Ritz on the
 *               small projected matrix (5.1).  Two ways to apply it,
 *               chosen by estimated cost (see rsvd.c):
 *                 "gram"    the float Gram matrix of the smaller side is
 *                           formed once (smaller side at most 8192);
 *                 "direct"  each iteration is one pass over X in blocks.
 *               Iterations stop when the error left in the first k Ritz
 *               values (lower bounds that rise to the singular values),
 *               extrapolated from their last two changes, is below tol,
 *               or after `power` iterations when that is set.  Singular
 *               values below about 2.4e-4 of the largest are lost to
 *               single-precision rounding.
 *
 * Signs: each component's largest-magnitude entry is positive (scores
 * flip with it).
 */
#ifndef DV_REDUCE_PCA_H
#define DV_REDUCE_PCA_H

#include "core/err.h"
#include "core/mat.h"
#include "core/progress.h"
#include "core/rng.h"

typedef enum { PCA_AUTO, PCA_EXACT, PCA_RANDOMIZED } PcaMethod;
typedef enum { PCA_SOLVER_AUTO, PCA_SOLVER_GRAM, PCA_SOLVER_DIRECT } PcaSolver;

typedef struct PcaOpts {
    PcaMethod method;  /* auto: randomized when X is larger than 500 on some side
                          and k < 0.8 min(rows, cols) (scikit-learn's rule) */
    int center;        /* 0: truncated SVD of X (mean zero) */
    int whiten;        /* scores scaled to unit variance */
    int power;         /* randomized: iterations; < 0 = until settled (at most 30) */
    double tol;        /* randomized: stop when the relative error left in the first
                          k singular values is estimated below this (0 = 1e-3 from
                          X, 1e-4 on the Gram matrix) */
    PcaSolver solver;  /* randomized: gram or direct (auto = by cost) */
    const Progress *progress; /* reported once per iteration (direct); may be NULL */
} PcaOpts;

#define PCA_OPTS_DEFAULT {PCA_AUTO, 1, 0, -1, 0, PCA_SOLVER_AUTO, NULL}

typedef struct Pca {
    size_t k, n, m;    /* components, rows and columns of the input */
    Mat *components;   /* k x m (rows orthonormal) */
    Mat *scores;       /* n x k: (X - mean) components^T (whitened: / (sigma / sqrt(n - 1))) */
    Mat *singular;     /* 1 x k, descending */
    Mat *explained;    /* 1 x k: share of the total variance */
    Mat *mean;         /* 1 x m (zeros when not centred) */
    int centered, whiten, randomized;
    int iterations;    /* power iterations run (randomized), 0 for exact */
    int stopped;       /* 1 when the user stopped the iterations (result is the estimate so far) */
    const char *solver; /* "gram-exact", "gram-randomized" or "randomized" (static string) */
    double total_ss;   /* ||X - 1 mean^T||_F^2 */
} Pca;

/* Fit; *out receives a new Pca (free with pca_free).  Random draws come
 * from rng.  Errors name the function ("pca", or "svd" without centring). */
int pca_fit_opts(const Mat *X, size_t k, const PcaOpts *o, Rng *rng, Pca **out, Err *e);
/* The same with the common options. */
int pca_fit(const Mat *X, size_t k, PcaMethod method, int center, int whiten, int power, Rng *rng,
            Pca **out, Err *e);
void pca_free(Pca *p);

/* (Xnew - mean) components[0:k]^T (divided by the singular values' scale
 * when whitened).  k = 0 means all.  New matrix, caller frees. */
Mat *pca_project(const Pca *p, const Mat *Xnew, size_t k, Err *e);
/* Back from the first k components to the input space: mean + scores
 * components[0:k].  New matrix, caller frees. */
Mat *pca_reconstruct(const Pca *p, const Mat *X, size_t k, Err *e);

#endif
