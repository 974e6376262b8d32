/* ganfit.h — training a GAN (gan.h) by alternating steps: one Adam step
 * of the discriminator on a batch of real rows and as many generated
 * ones, then one of the generator through the frozen discriminator, with
 * the non-saturating loss (the generator maximises log D(G(z)),
 * Goodfellow et al. 2014, section 3).
 *
 * A conditional model's discriminator also sees real rows paired with a
 * wrong class's condition and learns to call them fake, so it judges the
 * match as well as the realism ("matching-aware" GAN-CLS, Reed et al.
 * 2016): its loss is log D(x, c) + (log(1 - D(x, c')) + log(1 -
 * D(G(z, c), c))) / 2.  Conditions are jittered with Gaussian noise while
 * training (StackGAN's conditioning augmentation, Zhang et al. 2017) so
 * that nearby vectors, words never trained on among them, give nearby
 * samples.
 *
 * Progress: the per-epoch losses of both nets as two curves, and with
 * live samples, 2-D data as a map of real rows and generated ones (from
 * fixed noise, so the map shows the generator moving), images as a grid
 * of generated ones.  Ctrl-C stops after the current batch and keeps the
 * model (stopped is set).
 *
 * Determinism: as nnfit.h: the seed fixes the order and the noise; one
 * thread count gives the same weights on every run.
 */
#ifndef DV_TRAIN_GANFIT_H
#define DV_TRAIN_GANFIT_H

#include <stdint.h>

#include "core/progress.h"
#include "train/gan.h"

typedef struct GanFitOpts {
    int epochs, batch;
    float lr_g, lr_d;   /* Adam's step sizes */
    float beta1, beta2; /* Adam's decay rates; GANs use 0.5, 0.999 (Radford et al. 2016) */
    float cond_noise;   /* std of the noise added to a condition (its length is sqrt(dims)) */
    int threads;        /* OpenBLAS threads while training; 0 = leave as is */
    uint64_t seed;
    int live; /* send samples with the reports */
    const Progress *progress;
    const char *task; /* name in progress reports */
} GanFitOpts;

void ganfit_default_opts(GanFitOpts *o);

typedef struct GanFitResult {
    double seconds, samples_per_sec;
} GanFitResult;

/* Train m on the rows of X (X->cols == m->dim).  A conditional model
 * needs labels: row i is conditioned on m->class_cond[labels[i]].  Sets
 * m's scaling (gan.h) first; the history goes into m.  Returns 0 (also
 * when stopped), or -1 with e set. */
int gan_fit(GanModel *m, const Mat *X, const int *labels, const GanFitOpts *o, GanFitResult *r,
            Err *e);

#endif
