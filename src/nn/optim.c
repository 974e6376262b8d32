/* optim.c — SGD, momentum and Adam updates (optim.h). */
#include "nn/optim.h"

#include "nn/kernels.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int nn_optim_kind(const char *name)
{
    if (strcmp(name, "sgd") == 0) return NN_OPT_SGD;
    if (strcmp(name, "momentum") == 0) return NN_OPT_MOMENTUM;
    if (strcmp(name, "adam") == 0) return NN_OPT_ADAM;
    return -1;
}

int nn_optim_init(NnOptim *o, NnParams *P, NnOptKind kind, float lr, Err *e)
{
    memset(o, 0, sizeof *o);
    o->kind = kind;
    o->lr = lr;
    o->momentum = 0.9f;
    o->beta1 = 0.9f;
    o->beta2 = 0.999f;
    o->eps = 1e-8f;
    o->P = P;
    o->n = P->total;
    if (kind == NN_OPT_SGD) return 0;
    size_t n = o->n ? o->n : 1;
    o->m = calloc(n, sizeof(float));
    if (kind == NN_OPT_ADAM) o->v = calloc(n, sizeof(float));
    if (!o->m || (kind == NN_OPT_ADAM && !o->v)) {
        nn_optim_free(o);
        return err_nomem(e, n * 2 * sizeof(float), "optimiser state");
    }
    return 0;
}

void nn_optim_step(NnOptim *o)
{
    float *restrict w = o->P->data;
    const float *restrict g = o->P->grad;
    float *restrict m = o->m, *restrict v = o->v;
    const float lr = o->lr, wd = o->weight_decay;
    size_t n = o->n;
    o->step++;
    switch (o->kind) {
    case NN_OPT_SGD:
        for (size_t i = 0; i < n; i++)
            w[i] -= lr * (g[i] + wd * w[i]);
        break;
    case NN_OPT_MOMENTUM: {
        /* v = mu v + g; w -= lr v (PyTorch's form of Polyak momentum) */
        const float mu = o->momentum;
        for (size_t i = 0; i < n; i++) {
            m[i] = mu * m[i] + g[i] + wd * w[i];
            w[i] -= lr * m[i];
        }
        break;
    }
    case NN_OPT_ADAM: {
        /* bias corrections of Algorithm 1, folded into the step size and
         * the denominator as in PyTorch */
        const double c1 = 1.0 - pow((double)o->beta1, (double)o->step);
        const double c2 = 1.0 - pow((double)o->beta2, (double)o->step);
        nn_k_adam(w, g, m, v, n, o->beta1, o->beta2, (float)(lr / c1), (float)(1.0 / sqrt(c2)),
                  o->eps, wd);
        break;
    }
    }
}

void nn_optim_free(NnOptim *o)
{
    free(o->m);
    free(o->v);
    o->m = o->v = NULL;
}
