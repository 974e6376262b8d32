/* ops_loss.c — losses: MSE, binary cross-entropy (on probabilities and on
 * logits), softmax cross-entropy.  Each is one value, the mean as PyTorch
 * reduces by default; sums are accumulated in double. */
#include <math.h>

#include "nn/op_impl.h"

static NnTensor *scalar(NnGraph *g, const NnOp *op, NnTensor *a, NnTensor *b)
{
    return nn_tensor(g, op, 1, (const size_t[]){1}, a, b, NULL);
}

/* ---- MSE ------------------------------------------------------------- */

static int mse_back(NnGraph *g, NnTensor *t)
{
    NnTensor *p = t->in[0], *y = t->in[1];
    float k = 2.0f * t->grad[0] / (float)p->n;
    if (p->needs_grad)
        for (size_t i = 0; i < p->n; i++)
            p->grad[i] += k * (p->data[i] - y->data[i]);
    if (y->needs_grad)
        for (size_t i = 0; i < p->n; i++)
            y->grad[i] -= k * (p->data[i] - y->data[i]);
    (void)g;
    return 0;
}

static const NnOp op_mse = {"mse", mse_back};

NnTensor *nn_mse(NnGraph *g, NnTensor *pred, NnTensor *target)
{
    if (nn_failed(g) || !pred || !target) return NULL;
    if (pred->n != target->n || pred->shape[0] != target->shape[0])
        return nn_fail_shapes(g, "mse", pred, target);
    NnTensor *t = scalar(g, &op_mse, pred, target);
    if (!t) return NULL;
    double s = 0;
    for (size_t i = 0; i < pred->n; i++) {
        double d = (double)pred->data[i] - target->data[i];
        s += d * d;
    }
    t->data[0] = (float)(s / (double)(pred->n ? pred->n : 1));
    return t;
}

/* ---- BCE on probabilities -------------------------------------------- */

/* PyTorch clamps log(p) at -100; the gradient uses p clamped the same way */
#define BCE_EPS 1e-12f

static int bce_back(NnGraph *g, NnTensor *t)
{
    NnTensor *p = t->in[0], *y = t->in[1];
    float k = t->grad[0] / (float)p->n;
    for (size_t i = 0; i < p->n; i++) {
        float q = p->data[i], c = y->data[i];
        float lo = q < BCE_EPS ? BCE_EPS : q, hi = 1.0f - q < BCE_EPS ? BCE_EPS : 1.0f - q;
        if (p->needs_grad) p->grad[i] += k * (-c / lo + (1.0f - c) / hi);
        if (y->needs_grad) y->grad[i] += k * (logf(hi) - logf(lo));
    }
    (void)g;
    return 0;
}

static const NnOp op_bce = {"bce", bce_back};

NnTensor *nn_bce(NnGraph *g, NnTensor *p, NnTensor *target)
{
    if (nn_failed(g) || !p || !target) return NULL;
    if (p->n != target->n || p->shape[0] != target->shape[0])
        return nn_fail_shapes(g, "bce", p, target);
    NnTensor *t = scalar(g, &op_bce, p, target);
    if (!t) return NULL;
    double s = 0;
    for (size_t i = 0; i < p->n; i++) {
        double q = p->data[i], c = target->data[i];
        double lq = q > 0 ? log(q) : -100, l1 = q < 1 ? log(1 - q) : -100;
        if (lq < -100) lq = -100;
        if (l1 < -100) l1 = -100;
        s -= c * lq + (1 - c) * l1;
    }
    t->data[0] = (float)(s / (double)(p->n ? p->n : 1));
    return t;
}

/* ---- BCE on logits --------------------------------------------------- */

static inline float sigm(float x)
{
    if (x >= 0) return 1.0f / (1.0f + expf(-x));
    float z = expf(x);
    return z / (1.0f + z);
}

static int bcel_back(NnGraph *g, NnTensor *t)
{
    NnTensor *x = t->in[0], *y = t->in[1];
    float k = t->grad[0] / (float)x->n;
    for (size_t i = 0; i < x->n; i++) {
        if (x->needs_grad) x->grad[i] += k * (sigm(x->data[i]) - y->data[i]);
        if (y->needs_grad) y->grad[i] -= k * x->data[i];
    }
    (void)g;
    return 0;
}

static const NnOp op_bcel = {"bce_logits", bcel_back};

NnTensor *nn_bce_logits(NnGraph *g, NnTensor *logits, NnTensor *target)
{
    if (nn_failed(g) || !logits || !target) return NULL;
    if (logits->n != target->n || logits->shape[0] != target->shape[0])
        return nn_fail_shapes(g, "bce_logits", logits, target);
    NnTensor *t = scalar(g, &op_bcel, logits, target);
    if (!t) return NULL;
    double s = 0;
    for (size_t i = 0; i < logits->n; i++) {
        double x = logits->data[i], c = target->data[i];
        s += (x > 0 ? x : 0) - x * c + log1p(exp(-fabs(x)));
    }
    t->data[0] = (float)(s / (double)(logits->n ? logits->n : 1));
    return t;
}

/* ---- softmax cross-entropy ------------------------------------------- */

/* aux: the softmax probabilities (n floats) then the labels (N ints) */
static int xent_back(NnGraph *g, NnTensor *t)
{
    NnTensor *x = t->in[0];
    size_t N = x->shape[0], C = x->n / N;
    const float *p = t->aux;
    const int *lab = (const int *)(p + x->n);
    float k = t->grad[0] / (float)N;
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < C; j++)
            x->grad[i * C + j] += k * (p[i * C + j] - ((int)j == lab[i] ? 1.0f : 0.0f));
    (void)g;
    return 0;
}

static const NnOp op_xent = {"softmax_xent", xent_back};

NnTensor *nn_softmax_xent(NnGraph *g, NnTensor *logits, const int *labels)
{
    if (nn_failed(g) || !logits) return NULL;
    size_t N = logits->shape[0], C = N ? logits->n / N : 0;
    if (logits->nd != 2 || C < 1)
        return nn_graph_fail(g, "softmax_xent: logits must be rows x classes");
    for (size_t i = 0; i < N; i++)
        if (labels[i] < 0 || (size_t)labels[i] >= C)
            return nn_graph_fail(g, "softmax_xent: row %zu has label %d, outside 0..%zu", i,
                                 labels[i], C - 1);
    NnTensor *t = scalar(g, &op_xent, logits, NULL);
    if (!t) return NULL;
    float *p = nn_graph_alloc(g, logits->n * sizeof(float) + N * sizeof(int));
    if (!p) return NULL;
    int *lab = (int *)(p + logits->n);
    memcpy(lab, labels, N * sizeof(int));
    t->aux = p;
    double s = 0;
    for (size_t i = 0; i < N; i++) {
        const float *a = logits->data + i * C;
        float mx;
        double z = nn_softmax_row(a, p + i * C, C, &mx);
        /* -log softmax = log z - (a - max) */
        s += log(z) - (double)(a[lab[i]] - mx);
    }
    t->data[0] = (float)(s / (double)(N ? N : 1));
    return t;
}
