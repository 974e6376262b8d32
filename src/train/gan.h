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
 * Packing (PacGAN, Lin et al. 2018): the discriminator judges `pack`
 * samples at once, all real or all generated, so a generator that makes
 * the same sample again and again (mode collapse) is easy to catch; rows
 * [x1, c1, x2, c2] (images stacked vertically for a convolutional one).
 *
 * Units: the nets work on scaled data.  For a tanh output (images, or any
 * bounded data) every value is mapped from the data's [lo, hi] onto
 * [-1, 1] (DCGAN's convention, Radford et al. 2016); for a linear output
 * each column is standardised.  Samples come back in the data's units.
 *
 * Conditions come from an embedding (word vectors).  A conditional
 * model is trained on rows of k classes whose names are words.  Class c
 * is conditioned on its word's vector taken from the centre of the k
 * classes' (unit) vectors, scaled to length sqrt(dims): related words
 * share a large common part (the GloVe vectors of "one" ... "nine" have
 * cosines of 0.7-0.9 with each other) and what tells them apart is what
 * is left when it goes, as when removing sentence vectors' common
 * component (Arora et al. 2017).  Any other vector v (a word never
 * trained on, a phrase, word arithmetic) is conditioned on the mix of the
 * classes' conditions weighted by the softmax of v's cosines with the
 * classes' vectors at temperature tau: ConSE's convex combination of seen
 * classes by semantic similarity (Norouzi et al. 2014), run the
 * generative way.  A class's own word gets (nearly) its own condition;
 * "seventh" gets mostly seven's, because of all ten it is most like
 * "seven" in the embedding.  The raw vector of a word far from every
 * class would put the generator where it never was trained.
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
    size_t cond_dim;          /* values of a condition (the embedding's); 0 = none */
    size_t pack;              /* samples the discriminator judges together (1 = none) */
} GanSpec;

typedef struct GanModel {
    size_t latent, dim, cond_dim;
    NnShape shape; /* one sample's shape */
    int image;     /* samples are images (shape.h, shape.w) */
    GanOut out;
    size_t pack;          /* rows the discriminator sees at once */
    float *shift, *scale; /* dim each: data = shift + scale * net output */
    NnParams G, D;
    NnNet g, d;
    /* conditional models: the classes trained on, their words' vectors
     * (n_classes x embed_dim, unit length), their conditions (n_classes x
     * cond_dim; cond_dim = embed_dim), and the embedding words and phrases
     * are looked up in (row names), or NULL */
    size_t n_classes, embed_dim;
    char **class_names;
    float *class_vec;
    float *class_cond;
    float tau;
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

/* A condition vector v (embed_dim values) as the nets take it (see
 * above) into out (cond_dim values).  *nearest (may be NULL) gets the
 * class v is most like.  Returns -1 with e set for a zero or non-finite
 * vector. */
int gan_condition(const GanModel *m, const float *v, float *out, int *nearest, Err *e);
/* Set the classes' conditions from their vectors (class_vec, n_classes,
 * embed_dim set; cond_dim == embed_dim).  Returns -1 with e set. */
int gan_class_conditions(GanModel *m, Err *e);

/* n samples in the data's units (with the image shape).  cond: NULL
 * (unconditional; or a conditional model's training classes in turn), or
 * n x cond_dim conditions (gan_condition), or 1 x cond_dim when
 * one_cond is set.  Noise from r.  New matrix, or NULL with e set. */
Mat *gan_sample(const GanModel *m, size_t n, const float *cond, int one_cond, Rng *r, Err *e);

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
/* D's logits ([n / pack, 1]) for rows x ([n, dim + cond_dim], net
 * units), n a multiple of pack. */
NnTensor *gan_d_forward(NnGraph *g, const GanModel *m, NnTensor *xc);

#endif
