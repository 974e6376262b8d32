/* params.h — a network's parameters: one buffer of weights, one of
 * gradients (as llm.c keeps them), so an optimiser step is one loop over
 * floats and a model file is one write.
 *
 * Parameters are declared first (nn_params_add, each a named tensor of a
 * given shape) and initialised (nn_params_init); a graph step then takes
 * views of them with nn_param.  Adding a parameter may move the buffers,
 * so declare them all before the first step.
 *
 * A store can be frozen: its views pass gradients through to their
 * inputs but collect none (the critic of a GAN while the generator
 * learns).
 *
 * Ownership: the store owns its buffers and names; nn_params_free
 * releases them (the struct itself is the caller's).
 */
#ifndef DV_NN_PARAMS_H
#define DV_NN_PARAMS_H

#include <stddef.h>

#include "core/err.h"
#include "core/rng.h"
#include "nn/graph.h"

#define NN_PARAM_NAME_MAX 48

typedef struct NnParamInfo {
    char name[NN_PARAM_NAME_MAX]; /* "enc.0.w" */
    int nd;
    size_t shape[NN_MAX_DIMS];
    size_t off, n; /* where in the buffers, how many floats */
} NnParamInfo;

typedef struct NnParams {
    NnParamInfo *info;
    size_t n, cap;
    float *data; /* total floats, 64-byte aligned */
    float *grad; /* total floats, zeroed by nn_params_zero_grad */
    size_t total;
    size_t alloc; /* floats allocated in data and grad */
    int frozen;
} NnParams;

/* Initialisation schemes.  HE: normal with std sqrt(2 / fan_in), for
 * ReLU layers (He et al. 2015, "Delving deep into rectifiers").  XAVIER:
 * uniform on ±sqrt(6 / (fan_in + fan_out)), for tanh, sigmoid and linear
 * layers (Glorot & Bengio 2010).  NORMAL: normal with std `scale`
 * (embeddings).  ZERO: biases. */
typedef enum { NN_INIT_ZERO, NN_INIT_HE, NN_INIT_XAVIER, NN_INIT_NORMAL } NnInit;

void nn_params_init_store(NnParams *P);
void nn_params_free(NnParams *P);

/* Declare a parameter tensor (zero-filled).  Returns its index, or -1
 * with e set (duplicate name, out of memory). */
long nn_params_add(NnParams *P, const char *name, int nd, const size_t *shape, Err *e);
/* Index of the parameter called name, or -1. */
long nn_params_find(const NnParams *P, const char *name);
/* Fill parameter idx by a scheme, drawing from r. */
void nn_params_init(NnParams *P, size_t idx, NnInit how, size_t fan_in, size_t fan_out,
                    double scale, Rng *r);
/* Pointer to parameter idx's values (valid until the next add). */
float *nn_params_at(NnParams *P, size_t idx);

void nn_params_zero_grad(NnParams *P);
/* Euclidean norm of all gradients. */
double nn_params_grad_norm(const NnParams *P);
/* Scale the gradients so their norm is at most max_norm (gradient
 * clipping for recurrent nets, Pascanu et al. 2013); returns the norm
 * before clipping. */
double nn_params_clip_grad(NnParams *P, double max_norm);

/* A leaf view of parameter idx in graph g: its data, and (unless the store
 * is frozen) its gradient in the store's buffer. */
NnTensor *nn_param(NnGraph *g, NnParams *P, size_t idx);

/* Copy src's values into dst (same names and shapes).  Returns 0 or -1
 * with e set. */
int nn_params_copy(NnParams *dst, const NnParams *src, Err *e);

#endif
