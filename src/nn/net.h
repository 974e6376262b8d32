/* net.h — a sequential network built from a description (spec.h): its
 * parameters in a store, the shape after every layer, and its forward
 * pass on a graph.
 *
 *     NnSpec s;  nn_spec_parse("conv(8,3) pool(2) dense(64)", "net", &s, e);
 *     nn_spec_resolve(&s, NN_ACT_RELU, 0);
 *     NnNet net;
 *     nn_net_build(&net, &s, (NnShape){28, 28, 1}, &P, "cnn", e);   // declares cnn.0.w ...
 *     nn_net_init(&net, rng);                                         // He or Xavier per layer
 *     NnTensor *y = nn_net_forward(g, &net, x, acts);                 // acts[i]: after layer i
 *
 * Rows of a flat input are read as images when the first layer that
 * needs images comes (conv, deconv, pool) and the input shape has h, w;
 * images are flattened before dense layers.
 *
 * Ownership: the net owns its copy of the spec and its shape table; the
 * parameter store is the caller's (several nets may share one store, an
 * encoder and its decoder).
 */
#ifndef DV_NN_NET_H
#define DV_NN_NET_H

#include "nn/graph.h"
#include "nn/params.h"
#include "nn/spec.h"

/* One sample's shape: h x w x c images, or h = w = 1 and c values. */
typedef struct NnShape {
    size_t h, w, c;
} NnShape;

static inline size_t nn_shape_size(NnShape s)
{
    return s.h * s.w * s.c;
}

typedef struct NnNet {
    NnSpec spec;
    NnShape in;
    int in_image; /* the input rows are images (in.h, in.w known) */
    NnShape *out; /* after each layer */
    int *image;   /* layer i's output is an image (not flat) */
    long *w, *b;  /* parameter indices per layer, -1 for none */
    NnParams *P;  /* borrowed */
} NnNet;

/* Check the shapes layer by layer and declare the parameters in P under
 * names "PREFIX.I.w" / "PREFIX.I.b".  in_image says whether in's h and w
 * are an image shape.  Returns 0, or -1 with e set naming the layer
 * (e.g. "conv(16,5) (layer 3): a 5x5 kernel does not fit 4x4 images"). */
int nn_net_build(NnNet *net, const NnSpec *spec, NnShape in, int in_image, NnParams *P,
                 const char *prefix, Err *e);
void nn_net_free(NnNet *net);

/* Initialise the weights: He for ReLU and leaky ReLU layers, Xavier
 * otherwise; biases zero. */
void nn_net_init(NnNet *net, Rng *r);

/* Values per sample after layer i (i = n - 1: the output). */
size_t nn_net_width(const NnNet *net, size_t i);
size_t nn_net_out(const NnNet *net);

/* The forward pass of x ([N, in values] or [N, h, w, c]).  acts, if not
 * NULL, receives the output of each layer (after its activation).
 * Returns the output ([N, out] or an image tensor), or NULL (graph
 * error). */
NnTensor *nn_net_forward(NnGraph *g, const NnNet *net, NnTensor *x, NnTensor **acts);

/* Apply an activation (for code outside nets, e.g. a decoder's output). */
NnTensor *nn_activate(NnGraph *g, NnTensor *x, NnAct act, float slope);

#endif
