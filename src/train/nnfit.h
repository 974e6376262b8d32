/* nnfit.h — training the learned-code models (nnmodel.h) by minibatch
 * gradient descent, with a held-out validation share, loss curves, live
 * progress and stopping on request.
 *
 * Each epoch visits the training rows once in a fresh random order
 * (triplet models: batches of P classes x K rows, so every batch has
 * positive pairs).  A report goes to the progress hook every few batches:
 * the training loss so far, the per-epoch training and validation curves,
 * samples per second, and (live_code with a 2-D code) the code of up to
 * 2000 training rows as a moving map.  When the hook asks to stop, the
 * current batch finishes and the model is kept with `stopped` set.
 *
 * Determinism: the seed fixes the split, the order, dropout and the VAE's
 * samples, and every loop outside OpenBLAS is sequential, so the same seed
 * and the same thread count give the same weights on every run
 * (tests/unit/test_nn_train.c checks 1 and 2 threads).  Another thread
 * count may differ in the last bits: OpenBLAS splits some products
 * differently (a 128x784 by 784x256 SGEMM already does).
 */
#ifndef DV_TRAIN_NNFIT_H
#define DV_TRAIN_NNFIT_H

#include <stdint.h>

#include "core/progress.h"
#include "train/nnmodel.h"

typedef struct NnFitOpts {
    int epochs, batch;
    float lr;
    NnOptKind optimizer;
    float weight_decay;
    double validation; /* share of rows held out, 0 .. 0.9 */
    int threads;       /* OpenBLAS threads while training; 0 = leave as is */
    uint64_t seed;
    int live_code; /* report the code as a moving map (2-D codes only) */
    const Progress *progress;
    const char *task; /* name in progress reports */
} NnFitOpts;

void nnfit_default_opts(NnFitOpts *o);

typedef struct NnFitResult {
    double seconds;         /* all of it */
    double train_seconds;   /* the batches alone (no validation passes) */
    double samples_per_sec; /* training rows a second over the batches */
    size_t n_train, n_val;
    double train_accuracy, val_accuracy; /* classifier, last epoch; NaN otherwise */
} NnFitResult;

/* Train m on the rows of X (X->cols == m->in_dim) with labels (X->rows
 * ints, needed by classifier and triplet; classes 0..m->n_classes-1 for
 * a classifier).  Sets m->scale first (see nnmodel.h).  The loss history
 * goes into m->loss_train / m->loss_val (one value an epoch).  Returns 0
 * (also when stopped), or -1 with e set. */
int nnm_fit(NnModel *m, const Mat *X, const int *labels, const NnFitOpts *o, NnFitResult *r,
            Err *e);

#endif
