/* gan.h — generative adversarial networks: a generator G maps noise z
 * (and, for a conditional GAN, a condition vector c) to samples, and a
 * discriminator D tells real rows from generated ones (Goodfellow et al.
 * 2014).  The conditional form joins c to G's noise and to D's input
 * (Mirza & Osindero 2014); with word vectors as conditions it is text to
 * image in miniature (Reed et al. 2016, "Generative Adversarial Text to
 * Image Synthesis").
 *
 *   G: [z, c] -> the generator's layers (ReLU) -> dense(dims) -> tanh or
 *      linear output
 *   D: [x, c] -> the discriminator's layers (leaky ReLU 0.2) -> one logit
 *
 * Units: the nets work on scaled data.  For a tanh output (images, or any
 * bounded data) every value is mapped from the data's [lo, hi] onto
 * [-1, 1] (DCGAN's convention, Radford et al. 2016); for a linear output
 * each column is standardised.  Samples come back in the data's units.
 *
 * Conditions: a condition vector is used by its direction: it is scaled
 * to length sqrt(cond_dim) (so its values are about as large as the
 * noise's), which makes "seven" and 2 x "seven" the same condition and
 * phrases averaged from word vectors comparable to single words.
 *
 * Ownership: a model owns everything in it; gan_free releases it.
 */
#ifndef DV_TRAIN_GAN_H
#define DV_TRAIN_GAN_H

#include <stddef.h>

#include "core/err.h"
#include "core/mat.h"
#include "core/rng.h"
#include "nn/dvm.h"
#include "nn/nn.h"

typedef enum { GAN_OUT_LINEAR, GAN_OUT_TANH } GanOut;

/* What to build. */
typedef struct GanSpec {
    size_t latent;            /* noise values */
    const char *g_net;        /* a description (nn/spec.h), or NULL for widths */
    const long *g_widths;     /* the generator's hidden widths */
    size_t g_nwidths;
    const char *d_net;        /* the same for the discriminator */
    const long *d_widths;
    size_t d_nwidths;
    GanOut out;               /* the generator's output */
    size_t cond_dim;          /* values of a condition; 0 = unconditional */
} GanSpec;

typedef struct GanModel {
    size_t latent, dim, cond_dim;
    NnShape shape; /* one sample's shape */
    int image;     /* samples are images (shape.h, shape.w) */
    GanOut out;
    float *shift, *scale; /* dim each: data = shift + scale * net output */
    NnParams G, D;
    NnNet g, d;
    /* conditional models: the classes trained on and their conditions
     * (n_classes x cond_dim, already scaled), and the embedding words and
     * phrases are looked up in (row names), or NULL */
    size_t n_classes;
    char **class_names;
    float *class_cond;
    Mat *words;
    /* the training history: per epoch, the discriminator's loss (real +
     * generated), the generator's, and D's mean probability of "real" for
     * real rows and for generated ones */
    float *loss_d, *loss_g, *p_real, *p_fake;
    size_t epochs;
    int stopped;
} GanModel;

/* Build an untrained model for samples of the given shape (an image when
 * image is set) and initialise its weights from r.  Errors name the net
 * ("g_net: ...").  *m is the caller's to release with gan_free. */
int gan_build(GanModel *m, const GanSpec *s, NnShape shape, int image, Rng *r, Err *e);
void gan_free(GanModel *m);

/* Scale a condition vector (cond_dim values) as the model uses it (see
 * above) into out.  Returns -1 with e set for a zero vector. */
int gan_condition(const GanModel *m, const float *v, float *out, Err *e);

/* n samples in the data's units (with the image shape).  cond: NULL
 * (unconditional; or a conditional model's training classes in turn), or
 * n x cond_dim scaled conditions (gan_condition), or 1 x cond_dim when
 * one_cond is set.  Noise from r.  New matrix, or NULL with e set. */
Mat *gan_sample(const GanModel *m, size_t n, const float *cond, int one_cond, Rng *r, Err *e);

/* The discriminator's probability that each row of X is real (conditional
 * models: given its class's condition, labels[i] indexing the training
 * classes).  New 1 x rows matrix, or NULL with e set. */
Mat *gan_judge(const GanModel *m, const Mat *X, const int *labels, Err *e);

/* ---- files ------------------------------------------------------------ */

/* Save to / load from a .dvm file (kind "gan" or "cgan"); the embedding
 * of a conditional model goes with it. */
int gan_save(const GanModel *m, const char *path, Err *e);
/* Load from a file already read (nn/dvm.h) whose kind is "gan" or
 * "cgan"; path names it in errors. */
int gan_load(GanModel *m, const DvmFile *f, const char *path, Err *e);

/* ---- the net's forward passes, for the trainer ------------------------ */

/* G's output (net units, [n, dim]) for the input rows zc ([n, latent +
 * cond_dim]). */
NnTensor *gan_g_forward(NnGraph *g, const GanModel *m, NnTensor *zc);
/* D's logits ([n, 1]) for rows x ([n, dim + cond_dim], net units). */
NnTensor *gan_d_forward(NnGraph *g, const GanModel *m, NnTensor *xc);

#endif
