/* optim.h — optimisers over one parameter store: SGD, SGD with momentum,
 * Adam (Kingma & Ba 2015), each with L2 weight decay (the gradient gets
 * weight_decay * w added, as PyTorch's weight_decay does).
 *
 *     NnOptim o;
 *     nn_optim_init(&o, &P, NN_OPT_ADAM, 1e-3, e);
 *     ... nn_params_zero_grad(&P); forward; nn_backward; nn_optim_step(&o);
 *     nn_optim_free(&o);
 *
 * Two networks trained in turn (a GAN) have two stores and two optimisers.
 * Ownership: the optimiser borrows the store and owns its moment buffers.
 */
#ifndef DV_NN_OPTIM_H
#define DV_NN_OPTIM_H

#include "core/err.h"
#include "nn/params.h"

typedef enum { NN_OPT_SGD, NN_OPT_MOMENTUM, NN_OPT_ADAM } NnOptKind;

typedef struct NnOptim {
    NnOptKind kind;
    float lr;
    float momentum;     /* NN_OPT_MOMENTUM; default 0.9 */
    float beta1, beta2; /* NN_OPT_ADAM; defaults 0.9, 0.999 */
    float eps;          /* NN_OPT_ADAM; default 1e-8 */
    float weight_decay; /* default 0 */
    long step;          /* steps taken */
    NnParams *P;
    float *m, *v; /* momentum / Adam moments, P->total floats each */
    size_t n;
} NnOptim;

/* Parse "sgd", "momentum", "adam"; returns -1 for anything else. */
int nn_optim_kind(const char *name);

/* Set the defaults above for kind and lr, with zeroed moments.  Returns 0,
 * or -1 with e set (out of memory).  Declare all parameters before. */
int nn_optim_init(NnOptim *o, NnParams *P, NnOptKind kind, float lr, Err *e);
/* One update of every parameter from its gradient. */
void nn_optim_step(NnOptim *o);
void nn_optim_free(NnOptim *o);

#endif
