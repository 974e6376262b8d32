/* nnmodel.h — the learned-code models: autoencoder, VAE, classifier
 * (MLP or CNN) and triplet embedding, built on the network core
 * (src/nn), trained by nnfit.h, saved as .dvm files.
 *
 *   autoencoder  encoder: the hidden widths then the code layer (linear);
 *                decoder: the hidden widths mirrored, then the input width
 *                (linear for loss "mse", sigmoid for "bce")
 *   vae          encoder: the hidden widths then 2 x latent values (the
 *                means and log-variances of q(z|x)); decoder as above;
 *                loss: reconstruction (summed over a row) + KL, mean over
 *                rows (Kingma & Welling 2014)
 *   classifier   the net (a description or widths) then one logit a class;
 *                softmax cross-entropy
 *   triplet      the net then `dims` linear outputs, L2-normalised;
 *                FaceNet's triplet loss (Schroff et al. 2015)
 *
 * Inputs are scaled once: when every value of the training data is >= 0
 * and some exceed 1 (pixels 0..255), rows are divided by the largest value,
 * and later calls (encode, predict, ...) divide by the same number; decode
 * multiplies back.
 *
 * Ownership: a model owns everything in it; nnm_free releases it.
 */
#ifndef DV_TRAIN_NNMODEL_H
#define DV_TRAIN_NNMODEL_H

#include <stddef.h>

#include "core/err.h"
#include "core/mat.h"
#include "core/rng.h"
#include "nn/nn.h"

typedef enum { NNM_AUTOENCODER, NNM_VAE, NNM_CLASSIFIER, NNM_TRIPLET } NnmKind;
typedef enum { NNM_LOSS_MSE, NNM_LOSS_BCE } NnmLoss;
typedef enum { NNM_MINE_SEMIHARD, NNM_MINE_HARD, NNM_MINE_RANDOM } NnmMining;

/* What to build: everything that fixes the architecture. */
typedef struct NnmSpec {
    NnmKind kind;
    const char *net;    /* a description (spec.h), or NULL for widths */
    const long *widths; /* hidden widths (autoencoder: the last is the code) */
    size_t nwidths;
    NnAct act;
    float slope;      /* leaky */
    NnmLoss loss;     /* autoencoder, vae */
    size_t latent;    /* vae */
    size_t dims;      /* triplet */
    float margin;     /* triplet */
    NnmMining mining; /* triplet */
} NnmSpec;

typedef struct NnModel {
    NnmKind kind;
    NnParams P;
    NnNet enc, dec; /* dec: autoencoder and vae only */
    int has_dec;
    NnShape in; /* one input row's shape */
    int in_image;
    size_t in_dim; /* values per input row */
    float scale;   /* inputs are divided by it */
    NnmLoss loss;
    size_t latent, dims;
    float margin;
    NnmMining mining;
    size_t n_classes;   /* classifier */
    char **class_names; /* n_classes names or NULL */
    /* the training history */
    float *loss_train, *loss_val; /* per epoch; NaN where there is no validation */
    size_t epochs;
    int stopped;
} NnModel;

/* Build an untrained model for rows of in (an image shape when in_image)
 * with n_classes classes (classifier) and initialise its weights from r.
 * Errors name the layer or option (e.g. "net: word 3 ...").  *m is the
 * caller's to release with nnm_free. */
int nnm_build(NnModel *m, const NnmSpec *s, NnShape in, int in_image, size_t n_classes, Rng *r,
              Err *e);
void nnm_free(NnModel *m);

/* The encoder's output width: code (autoencoder), latent (vae), classes
 * (classifier), dims (triplet). */
size_t nnm_out_dim(const NnModel *m);

/* ---- using a trained model ------------------------------------------ */

/* Rows of X through the model in batches (no gradients, no dropout).
 * X must have m->in_dim columns.  The results are new matrices (caller
 * frees) with X's row names, labels and class names. */
/* The code (autoencoder), the means of q(z|x) (vae), the L2-normalised
 * embedding (triplet). */
Mat *nnm_encode(const NnModel *m, const Mat *X, Err *e);
/* Codes or latent points back to rows in X's units (autoencoder, vae). */
Mat *nnm_decode(const NnModel *m, const Mat *Z, Err *e);
/* Class probabilities (classifier): rows x classes. */
Mat *nnm_predict_proba(const NnModel *m, const Mat *X, Err *e);
/* The activations after layer `layer` of the encoder (negative counts
 * from the end: -1 is the output, -2 the layer before). */
Mat *nnm_features(const NnModel *m, const Mat *X, long layer, Err *e);

/* ---- files ------------------------------------------------------------ */

/* Save to / load from a .dvm file (nn/dvm.h).  The loaded model gives the
 * same outputs bit for bit. */
int nnm_save(const NnModel *m, const char *path, Err *e);
int nnm_load(NnModel *m, const char *path, Err *e);

const char *nnm_kind_name(NnmKind k);

#endif
