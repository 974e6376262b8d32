/* graph.h — tensors and the tape of one training step (reverse-mode
 * automatic differentiation, define-by-run).
 *
 * A step goes like this:
 *
 *     nn_graph_reset(g);                         // forget the last step
 *     NnTensor *x = nn_input(g, batch, 2, (size_t[]){n, 784});
 *     NnTensor *h = nn_relu(g, nn_linear(g, x, nn_param(g, P, w1), nn_param(g, P, b1)));
 *     ...
 *     NnTensor *loss = nn_mse(g, out, x);
 *     if (nn_backward(g, loss, e) < 0) ...       // gradients land in P's gradient buffer
 *     nn_optim_step(&opt, e);
 *
 * Every op runs its forward pass when called and appends its result to the
 * graph's tape; nn_backward walks the tape backwards and calls each op's
 * backward rule (ops.h lists the ops).  A recurrent net is the same ops
 * applied once per time step (backpropagation through time is the walk
 * back over the unrolled tape); two networks (a GAN) are two parameter
 * stores whose views meet in one graph; a frozen store passes gradients
 * through to its inputs without collecting any.
 *
 * Memory: tensors, their data, their gradients and ops' scratch come from
 * the graph's arena, which nn_graph_reset empties in one go.  After the
 * first step the arena is one block as large as a step needs, so the
 * training loop does not allocate.
 *
 * Errors: an op given a NULL input returns NULL, and an op that fails
 * (shapes, memory) records the first error in the graph and returns NULL,
 * so a forward pass is written as plain nested calls and checked once at
 * the end (nn_graph_failed / nn_graph_err).
 *
 * Layout: batch first, float32, row-major.  Images are NHWC
 * (batch, height, width, channels) so a row of a dv matrix with an image
 * shape is one sample as it is stored, and a convolution's output from
 * one GEMM is already NHWC.
 *
 * Ownership: the graph owns every tensor made in it; pointers stay valid
 * until the next nn_graph_reset or nn_graph_free.  nn_input borrows the
 * caller's data for the same time.
 */
#ifndef DV_NN_GRAPH_H
#define DV_NN_GRAPH_H

#include <stddef.h>

#include "core/err.h"
#include "core/rng.h"

#define NN_MAX_DIMS 4
#define NN_MAX_INPUTS 3

typedef struct NnGraph NnGraph;
typedef struct NnTensor NnTensor;
typedef struct NnOp NnOp;

struct NnTensor {
    int nd;                    /* number of dimensions, 1..NN_MAX_DIMS */
    size_t shape[NN_MAX_DIMS]; /* shape[0] is the batch */
    size_t n;                  /* product of the shape */
    float *data;               /* n values */
    float *grad;    /* dLoss/d(data): set by nn_backward, or the store's buffer for params */
    int needs_grad; /* a gradient flows to this tensor */
    const NnOp *op; /* the op that made it; NULL for leaves */
    NnTensor *in[NN_MAX_INPUTS]; /* the op's inputs */
    size_t iarg[6];              /* the op's integer arguments (stride, padding, ...) */
    float farg[2];               /* the op's real arguments (slope, margin, ...) */
    void *aux;                   /* the op's saved state for backward (arena) */
    NnTensor *alias;             /* a view: data and grad are alias's (reshape) */
};

/* One row of the op table: the backward rule of an op.  backward adds
 * t->grad's contribution into the gradients of t's inputs that need one;
 * it returns 0, or -1 with the graph's error set (out of memory). */
struct NnOp {
    const char *name;
    int (*backward)(NnGraph *g, NnTensor *t);
};

/* A new empty graph.  rng (borrowed, may be NULL when no op draws random
 * numbers) feeds dropout and the VAE's sampling.  Caller frees it with
 * nn_graph_free. */
NnGraph *nn_graph_new(Rng *rng, Err *e);
void nn_graph_free(NnGraph *g);

/* Forget the tensors of the last step (their memory is reused) and clear
 * the error. */
void nn_graph_reset(NnGraph *g);

/* Training mode: dropout drops (1, the default) or passes through (0). */
void nn_graph_set_train(NnGraph *g, int train);
int nn_graph_train(const NnGraph *g);
Rng *nn_graph_rng(NnGraph *g);

/* Did an op fail since the last reset?  Copy its message into e and
 * return -1, else return 0. */
int nn_graph_failed(const NnGraph *g, Err *e);
/* The recorded error, or NULL. */
const char *nn_graph_err(const NnGraph *g);
/* Record an error (the first one wins) and return NULL, for op code. */
NnTensor *nn_graph_fail(NnGraph *g, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Bytes the arena holds (for memory reports and tests). */
size_t nn_graph_bytes(const NnGraph *g);

/* Scratch memory from the arena (64-byte aligned, not zeroed), valid until
 * the next reset; NULL with the graph's error set when out of memory. */
void *nn_graph_alloc(NnGraph *g, size_t bytes);

/* A new tensor of the given shape made by op from inputs in0..in2 (NULL
 * for none); data uninitialised.  needs_grad is set when any input needs
 * one.  For op implementations (ops_*.c). */
NnTensor *nn_tensor(NnGraph *g, const NnOp *op, int nd, const size_t *shape, NnTensor *in0,
                    NnTensor *in1, NnTensor *in2);

/* A leaf wrapping data the caller keeps alive until the next reset (not
 * copied).  nn_input_grad asks for its gradient too (for gradient checks,
 * or the input of a generator's critic). */
NnTensor *nn_input(NnGraph *g, const float *data, int nd, const size_t *shape);
NnTensor *nn_input_grad(NnGraph *g, const float *data, int nd, const size_t *shape);
/* A leaf of the given shape whose data the caller fills. */
NnTensor *nn_input_new(NnGraph *g, int nd, const size_t *shape);

/* Reverse pass from root.  root must be one value (a loss), whose
 * gradient is 1, or seed gives root->n values of dL/droot (for a loss
 * computed outside the graph).  Gradients of parameters are added to
 * their store's gradient buffer (zero it between steps, params.h).
 * Returns 0, or -1 with e set. */
int nn_backward(NnGraph *g, NnTensor *root, const float *seed, Err *e);

/* "2x3x4" into buf. */
const char *nn_shape_str(const NnTensor *t, char *buf, size_t n);

#endif
