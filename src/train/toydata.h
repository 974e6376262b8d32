/* toydata.h — the classic 2-D sets generative models are shown on, and
 * the mode-coverage figures used to judge samples drawn to imitate them.
 *
 *   rings   k Gaussians spaced evenly on a circle (the "ring of 8
 *           Gaussians" of Metz et al. 2017, "Unrolled GANs")
 *   moons   two interleaving half circles (scikit-learn's make_moons)
 *   blobs   k isotropic Gaussians with centres drawn uniformly in a box
 *           (scikit-learn's make_blobs)
 *
 * Each row's class is the mode it was drawn from; rows take the modes in
 * turn (row i has mode i mod k), so the classes are as balanced as n
 * allows.  Every draw comes from the Rng given, so a seed fixes the set.
 *
 * Ownership: the returned matrices are new (mat_free); toy_modes fills a
 * caller's struct whose arrays it allocates (toy_modes_free).
 */
#ifndef DV_TRAIN_TOYDATA_H
#define DV_TRAIN_TOYDATA_H

#include <stddef.h>

#include "core/err.h"
#include "core/mat.h"
#include "core/rng.h"

/* n points of k modes on a circle of the given radius, each mode a
 * Gaussian of standard deviation std in both coordinates. */
Mat *toy_rings(size_t n, size_t k, double radius, double std, Rng *r, Err *e);
/* n points on two half circles with Gaussian noise of std `noise`. */
Mat *toy_moons(size_t n, double noise, Rng *r, Err *e);
/* n points of k Gaussians (std `std`) in `dims` dimensions with centres
 * uniform in [-box, box] in every coordinate. */
Mat *toy_blobs(size_t n, size_t k, size_t dims, double std, double box, Rng *r, Err *e);

/* How samples S cover the modes of labelled data X (same columns): each
 * class of X is a mode with centre its mean and spread sigma, the root
 * mean square distance of its rows to the centre over the coordinates
 * (the standard deviation of an isotropic Gaussian).  A sample is good
 * ("high quality") when it lies within `within` sigmas of its nearest
 * mode (Srivastava et al. 2017, VEEGAN, use 3); a mode is covered when
 * at least 20% of the samples a fair share would give it (n / k) are
 * good samples of that mode (PacGAN's rule, Lin et al. 2018: fewer than
 * 20 of 2500 samples on one of 25 modes means it was dropped). */
typedef struct ToyModes {
    size_t k;        /* modes (classes of X present) */
    size_t covered;  /* modes covered */
    double quality;  /* share of samples that are good */
    size_t *counts;  /* k: good samples nearest each mode */
    int *classes;    /* k: the class of X each mode is */
    float *centres;  /* k x cols */
    float *sigma;    /* k */
} ToyModes;

/* f names the caller in errors ("modes"). */
int toy_modes(const Mat *S, const Mat *X, double within, ToyModes *out, const char *f, Err *e);
void toy_modes_free(ToyModes *m);

#endif
