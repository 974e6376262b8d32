/* umap.h — UMAP: uniform manifold approximation and projection (McInnes,
 * Healy & Melville 2018, arXiv:1802.03426).
 *
 *   1. neighbours: each row's k nearest rows, the row itself counted among
 *      them as umap-learn and uwot count it (core/knn_graph.h: exact for
 *      small inputs, NN-descent beyond), Euclidean or cosine;
 *   2. the fuzzy simplicial set: each row's distances to its neighbours
 *      become memberships exp(-(d - rho_i) / sigma_i), rho_i the distance
 *      to the nearest neighbour, sigma_i found by bisection so that the
 *      memberships add up to log2(k) ("smooth kNN distances"); the
 *      directed graph is symmetrised by the fuzzy union A + A^T - A o A^T;
 *   3. a start: the eigenvectors of the graph's normalised Laplacian for
 *      the smallest non-zero eigenvalues (spectral; each connected part on
 *      its own, the parts placed by the PCA of their means), the first
 *      principal components, or uniform noise; scaled to [0, 10];
 *   4. stochastic gradient descent on the fuzzy cross-entropy: each edge
 *      is sampled in proportion to its weight and pulls its ends together
 *      by the gradient of log(1 / (1 + a d^2b)), each sample followed by
 *      `negative_rate` random rows pushed away by that of
 *      log(1 - 1 / (1 + a d^2b)); gradients clipped at 4, learning rate
 *      falling linearly from lr to 0.  a and b are fitted to min_dist and
 *      spread by least squares (Levenberg-Marquardt), as umap-learn does.
 *
 * Threads: rows are renumbered along a Z-order curve of the start, cut
 * into a fixed number of blocks and each block's edges are run in order by
 * one thread; a block sees its own rows as they move and the others as
 * they were at the start of the epoch, and moves of other blocks' rows
 * wait until the end of the epoch.  So the map depends on the seed and
 * not on the number of threads.
 */
#ifndef DV_REDUCE_UMAP_H
#define DV_REDUCE_UMAP_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/knn_graph.h"
#include "core/mat.h"
#include "core/progress.h"

typedef enum { UMAP_INIT_SPECTRAL, UMAP_INIT_PCA, UMAP_INIT_RANDOM } UmapInit;

/* "spectral", "pca", "random". */
const char *umap_init_name(UmapInit i);

typedef struct UmapOpts {
    int k;           /* neighbours, the row itself included (>= 2) */
    int dims;        /* 1 to 8 */
    double min_dist; /* >= 0, at most spread */
    double spread;   /* > 0 */
    int epochs;      /* <= 0: 500 up to 10,000 rows, 200 above */
    UmapInit init;
    int cosine;           /* metric: 0 Euclidean, 1 cosine */
    KnnGraphMethod knn;   /* neighbour search */
    double lr;            /* learning rate at the start (1) */
    double negative_rate; /* negative samples per positive one (5) */
    double repulsion;     /* weight of the negative samples (1) */
    int threads;
    uint64_t seed;
    const Progress *progress;
} UmapOpts;

/* The umap builtin's defaults (threads: the processors online, at most 8). */
void umap_default_opts(UmapOpts *o);

/* Epochs the default picks for n rows. */
int umap_auto_epochs(size_t n);

typedef struct UmapResult {
    Mat *Y;      /* n x dims, with X's labels and row names */
    int epochs;  /* epochs done */
    int stopped; /* the progress hook asked to stop */
    double a, b;
    KnnGraphMethod knn; /* the neighbour search run */
    UmapInit init;      /* the start used */
    size_t components;  /* connected parts of the graph */
    size_t edges;       /* edges of the symmetric graph (each counted once a direction) */
    double knn_seconds, graph_seconds, init_seconds, sgd_seconds;
} UmapResult;

/* Embed X (rows = points).  On success r owns r->Y (free with
 * umap_result_free); a stop request during the epochs is a success with
 * r->stopped set (the map so far), before them an error (cancelled). */
int umap_run(const Mat *X, const UmapOpts *o, UmapResult *r, Err *e);
void umap_result_free(UmapResult *r);

/* Place new rows on a finished map (as umap-learn's transform): each new
 * row's memberships to its k nearest rows of X, a start at their
 * membership-weighted mean on the map, then epochs of the same descent
 * moving only the new rows, against the fixed map.  X and Y are the data
 * and map of a umap run with options o (k, metric, a, b, seed, threads);
 * epochs <= 0: a third of o's automatic epochs.  *out: new matrix
 * len(Xnew) x dims with Xnew's row metadata. */
int umap_place(const Mat *X, const Mat *Y, const Mat *Xnew, const UmapOpts *o, double a, double b,
               int epochs, Mat **out, int *stopped, Err *e);

/* ---- the pieces, exposed for tests ---------------------------------- */

/* a and b of the curve 1 / (1 + a x^2b) closest (least squares on 300
 * points of [0, 3 spread]) to 1 below min_dist and
 * exp(-(x - min_dist) / spread) above, as umap-learn's find_ab_params. */
int umap_fit_ab(double spread, double min_dist, double *a, double *b, Err *e);

/* Smooth kNN distances of one row: dist[0..m) are its distances to its
 * neighbours other than itself, ascending; *rho gets the nearest non-zero
 * one and *sigma the scale at which sum_j exp(-max(0, d_j - rho) / sigma)
 * = log2(m + 1) (bisection to 1e-5), at least 1e-3 times the mean
 * distance (mean_all: the mean over all rows, used when every distance is
 * zero). */
void umap_smooth_row(const float *dist, size_t m, double mean_all, double *rho, double *sigma);

/* The symmetric fuzzy graph in CSR form, rows sorted by column. */
typedef struct UmapGraph {
    size_t n;
    size_t *row; /* n + 1 */
    uint32_t *col;
    float *val;
} UmapGraph;
void umap_graph_free(UmapGraph *g);

/* The fuzzy union of the memberships of n rows to their m nearest other
 * rows (idx, dist: n x m, distances ascending, not squared). */
int umap_fuzzy_graph(const long *idx, const float *dist, size_t n, size_t m, int threads,
                     UmapGraph *g, Err *e);

/* Spectral start (n x dims, double, row-major) from the graph; the parts
 * of the graph are placed where the PCA of their means in X puts them (X
 * may be NULL: at random).  *components gets the number of parts.  The
 * eigensolver reports to progress (may be NULL) as task "umap start" and
 * stops when asked (-1, e cancelled). */
int umap_spectral(const UmapGraph *g, const Mat *X, int dims, uint64_t seed, int threads, const Progress *progress,
                  double *Y, size_t *components, Err *e);

#endif
