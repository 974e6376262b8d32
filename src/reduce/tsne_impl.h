/* tsne_impl.h — what the t-SNE files share among themselves (not a
 * public interface): the affinities and the repulsion engines; the
 * thread pool is core/pool.h. */
#ifndef DV_REDUCE_TSNE_IMPL_H
#define DV_REDUCE_TSNE_IMPL_H

#include <stddef.h>

#include "core/clock.h"
#include "core/err.h"
#include "core/knn_graph.h"
#include "core/pool.h"
#include "reduce/tsne.h"

/* P from X with the pool's threads (tsne_affinity.c), the neighbours
 * found by knn (seed: for the approximate search); the neighbour search
 * and the calibration report to progress (may be NULL) and stop when
 * asked (-1 with e cancelled). */
int tsne_affinities_pool(const Mat *X, double perplexity, KnnGraphMethod knn, uint64_t seed, Pool *pool,
                         const Progress *progress, SparseP *P, Err *e);

/* ---- forces ----------------------------------------------------------- */

/* Attractive forces F_i = sum_j p_ij (y_i - y_j) / (1 + d_ij^2) for every
 * i (tsne.c); Yf is scratch for n x dims floats (NULL: all in double). */
void tsne_attractive(const SparseP *P, const double *Y, float *Yf, int dims, Pool *pool, double *F);

/* Unnormalised repulsion R_i = sum_j w_ij^2 (y_i - y_j) with
 * w_ij = 1 / (1 + d_ij^2), and Z = sum_{i != j} w_ij.  Exact (tsne.c). */
void tsne_repulsion_exact(const double *Y, size_t n, int dims, Pool *pool, double *R, double *zi, double *Z);

/* Barnes-Hut (tsne_bh.c); the tree is kept between calls. */
typedef struct TsneBh TsneBh;
TsneBh *tsne_bh_new(Err *e);
void tsne_bh_free(TsneBh *b);
int tsne_bh_repulsion(TsneBh *b, const double *Y, size_t n, double theta, Pool *pool, double *R, double *zi,
                      double *Z, Err *e);
/* For placing points: build the tree over Y once, then ask for the
 * repulsion at any (x, y) that is not one of the tree's points:
 * r = sum_j w_j^2 ((x, y) - y_j), *z = sum_j w_j. */
int tsne_bh_build(TsneBh *b, const double *Y, size_t n, Err *e);
void tsne_bh_query(const TsneBh *b, double x, double y, double theta, double r[2], double *z);

/* FFT-accelerated interpolation (tsne_fft.c); grids and FFTW plans are
 * kept between calls and rebuilt when the grid size changes. */
typedef struct TsneFft TsneFft;
TsneFft *tsne_fft_new(Err *e);
void tsne_fft_free(TsneFft *f);
int tsne_fft_repulsion(TsneFft *f, const double *Y, size_t n, Pool *pool, double *R, double *zi, double *Z,
                       Err *e);
/* Boxes per dimension the last call used. */
int tsne_fft_boxes(const TsneFft *f);
/* The grid the last call used: boxes a side, box width, near-field radius
 * (0: the kernel was not split) and FFT size (scripts/bench-tsne-grid). */
void tsne_fft_grid(const TsneFft *f, int *boxes, double *box_width, double *near_b, int *fft_size);
/* Force the grid for the next calls (experiments and tests): boxes at most
 * max_box wide and near-field radius b (0: no split); max_box = 0 goes
 * back to choosing by cost (see tsne_fft.c). */
void tsne_fft_set(TsneFft *f, double max_box, double b);

/* Near field (tsne_near.c): R_i = sum_{d_ij < b} S w^2 (y_i - y_j) and
 * zi_i = sum_{j != i} S w (written, not added), *Z = sum zi; S is
 * tsne_switch(d^2, a^2, b^2).  box is the points' tsne_bounds. */
typedef struct TsneNear TsneNear;
TsneNear *tsne_near_new(Err *e);
void tsne_near_free(TsneNear *f);
int tsne_near_repulsion(TsneNear *f, const double *Y, size_t n, double a, double b, Pool *pool, double *R,
                        double *zi, double *Z, Err *e);
/* The same in pieces, to run beside other work: bin the points; run
 * tsne_near_row for every even row of cells (side by side), then every odd
 * row; then tsne_near_result writes R and zi of points [i0, i1). */
int tsne_near_prepare(TsneNear *f, const double *Y, size_t n, const double box[4], double a, double b, Err *e);
int tsne_near_rows(const TsneNear *f);
void tsne_near_row(TsneNear *f, int row);
void tsne_near_result(const TsneNear *f, size_t i0, size_t i1, double *R, double *zi);
/* Candidate pairs (padded to eights) the near field with radius b would
 * visit: its cost. */
size_t tsne_near_pairs(TsneNear *f, const double *Y, size_t n, const double box[4], double b);
double tsne_switch(double u, double a2, double b2);

/* Initial map (n x dims, double): the top principal components of X scaled
 * so the first has standard deviation 1e-4, or N(0, 1e-4^2) draws from
 * seed when pca is 0 (or X has fewer columns than dims) (tsne.c). */
int tsne_initial_y(const Mat *X, int dims, int pca, uint64_t seed, double *Y, Err *e);

/* Bounding box of n 2-D points: b = {min x, min y, max x, max y}; NaN
 * coordinates make it NaN (tsne.c). */
void tsne_bounds(const double *Y, size_t n, double b[4]);

#endif
