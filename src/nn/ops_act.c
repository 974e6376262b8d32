/* ops_act.c — activation functions.  Backward rules use the saved output
 * where the derivative is a function of it (tanh' = 1 - y^2,
 * sigmoid' = y (1 - y)), so no input copy is kept. */
#include <math.h>

#include "nn/kernels.h"
#include "nn/op_impl.h"

static int relu_back(NnGraph *g, NnTensor *t)
{
    NnTensor *x = t->in[0];
    nn_k_relu_back(x->data, t->grad, x->grad, t->n, t->farg[0]);
    (void)g;
    return 0;
}

static const NnOp op_relu = {"relu", relu_back};

NnTensor *nn_leaky_relu(NnGraph *g, NnTensor *x, float slope)
{
    if (nn_failed(g) || !x) return NULL;
    NnTensor *t = nn_tensor(g, &op_relu, x->nd, x->shape, x, NULL, NULL);
    if (!t) return NULL;
    t->farg[0] = slope;
    nn_k_relu(x->data, t->data, t->n, slope);
    return t;
}

NnTensor *nn_relu(NnGraph *g, NnTensor *x)
{
    return nn_leaky_relu(g, x, 0.0f);
}

static int tanh_back(NnGraph *g, NnTensor *t)
{
    NnTensor *x = t->in[0];
    for (size_t i = 0; i < t->n; i++)
        x->grad[i] += t->grad[i] * (1.0f - t->data[i] * t->data[i]);
    (void)g;
    return 0;
}

static const NnOp op_tanh = {"tanh", tanh_back};

NnTensor *nn_tanh(NnGraph *g, NnTensor *x)
{
    if (nn_failed(g) || !x) return NULL;
    NnTensor *t = nn_tensor(g, &op_tanh, x->nd, x->shape, x, NULL, NULL);
    if (!t) return NULL;
    for (size_t i = 0; i < t->n; i++)
        t->data[i] = tanhf(x->data[i]);
    return t;
}

static int sigmoid_back(NnGraph *g, NnTensor *t)
{
    NnTensor *x = t->in[0];
    for (size_t i = 0; i < t->n; i++)
        x->grad[i] += t->grad[i] * t->data[i] * (1.0f - t->data[i]);
    (void)g;
    return 0;
}

static const NnOp op_sigmoid = {"sigmoid", sigmoid_back};

/* 1 / (1 + e^-x) without overflow for large |x| */
static inline float sigmoidf(float x)
{
    if (x >= 0) return 1.0f / (1.0f + expf(-x));
    float z = expf(x);
    return z / (1.0f + z);
}

NnTensor *nn_sigmoid(NnGraph *g, NnTensor *x)
{
    if (nn_failed(g) || !x) return NULL;
    NnTensor *t = nn_tensor(g, &op_sigmoid, x->nd, x->shape, x, NULL, NULL);
    if (!t) return NULL;
    for (size_t i = 0; i < t->n; i++)
        t->data[i] = sigmoidf(x->data[i]);
    return t;
}

/* dx = y * (dy - sum(dy * y)) along each row */
static int softmax_back(NnGraph *g, NnTensor *t)
{
    NnTensor *x = t->in[0];
    size_t C = t->shape[t->nd - 1];
    for (size_t r = 0; r < t->n; r += C) {
        const float *y = t->data + r, *dy = t->grad + r;
        double s = 0;
        for (size_t j = 0; j < C; j++)
            s += (double)dy[j] * y[j];
        for (size_t j = 0; j < C; j++)
            x->grad[r + j] += y[j] * (dy[j] - (float)s);
    }
    (void)g;
    return 0;
}

static const NnOp op_softmax = {"softmax", softmax_back};

NnTensor *nn_softmax(NnGraph *g, NnTensor *x)
{
    if (nn_failed(g) || !x) return NULL;
    NnTensor *t = nn_tensor(g, &op_softmax, x->nd, x->shape, x, NULL, NULL);
    if (!t) return NULL;
    size_t C = x->shape[x->nd - 1];
    for (size_t r = 0; r < x->n; r += C) {
        float mx;
        nn_softmax_row(x->data + r, t->data + r, C, &mx);
    }
    return t;
}
