/* spec.h — network descriptions.
 *
 * A dense net is a list of widths ([256, 64, 2]); anything else is a short
 * text of layer words separated by spaces (darknet describes nets in small
 * text files the same way):
 *
 *     conv(8,3) pool(2) conv(16,3) pool(2) dense(64)
 *
 *   dense(n)                  fully connected, n outputs
 *   conv(f, k, stride, pad)   f filters of k x k; stride 1, pad 0 by default
 *   deconv(f, k, stride, pad) transposed convolution (upsamples by stride)
 *   pool(k, stride)           max pooling; stride k by default
 *   dropout(p)                inverted dropout while training
 *   flatten                   images to rows (implied before dense)
 *   reshape(h, w, c)          rows to h x w x c images
 *   relu  leaky(slope)  tanh  sigmoid  linear
 *                             the activation of the layer before; dense,
 *                             conv and deconv layers take the net's
 *                             activation unless one of these follows them
 *                             (linear = none)
 *
 * Arguments after the first ones may be named: conv(16, 3, stride=2, pad=1).
 * A word that does not parse is reported with its position.
 */
#ifndef DV_NN_SPEC_H
#define DV_NN_SPEC_H

#include <stddef.h>

#include "core/err.h"

typedef enum {
    NN_L_DENSE,
    NN_L_CONV,
    NN_L_DECONV,
    NN_L_POOL,
    NN_L_DROPOUT,
    NN_L_FLATTEN,
    NN_L_RESHAPE
} NnLayerKind;

/* Activations; NN_ACT_DEFAULT stands for "the net's" until resolved. */
typedef enum {
    NN_ACT_DEFAULT = -1,
    NN_ACT_NONE,
    NN_ACT_RELU,
    NN_ACT_LEAKY,
    NN_ACT_TANH,
    NN_ACT_SIGMOID
} NnAct;

typedef struct NnLayerSpec {
    NnLayerKind kind;
    int n;              /* dense: outputs; conv/deconv: filters */
    int k, stride, pad; /* conv, deconv, pool */
    float p;            /* dropout */
    int shape[3];       /* reshape: h, w, c */
    NnAct act;          /* after the layer (dense, conv, deconv only) */
    float slope;        /* leaky */
} NnLayerSpec;

typedef struct NnSpec {
    NnLayerSpec *l;
    size_t n, cap;
} NnSpec;

/* Parse text into *s (which the caller frees with nn_spec_free).  what
 * names the text in errors ("net").  Returns 0, or -1 with e set. */
int nn_spec_parse(const char *text, const char *what, NnSpec *s, Err *e);
/* Dense layers of the given widths. */
int nn_spec_widths(const long *w, size_t n, NnSpec *s, Err *e);
/* Append one layer. */
int nn_spec_push(NnSpec *s, const NnLayerSpec *l, Err *e);
/* Replace NN_ACT_DEFAULT by act. */
void nn_spec_resolve(NnSpec *s, NnAct act, float slope);
void nn_spec_free(NnSpec *s);

/* The canonical text of s ("conv(8,3) pool(2) dense(64) relu"), which
 * nn_spec_parse reads back to the same spec; truncated to n bytes. */
void nn_spec_format(const NnSpec *s, char *buf, size_t n);

/* "relu" -> NN_ACT_RELU ... ("leaky" and "lrelu" are the same), or -2. */
int nn_act_parse(const char *name);
const char *nn_act_name(NnAct a);

#endif
