/* ops_misc.c — dropout, row distances, L2 normalisation, and the VAE's
 * sampling and KL term. */
#include <math.h>

#include "core/rng.h"
#include "nn/op_impl.h"

/* ---- dropout --------------------------------------------------------- */

/* aux: the mask, 0 or 1 / (1 - p) per value */
static int dropout_back(NnGraph *g, NnTensor *t)
{
    NnTensor *x = t->in[0];
    const float *m = t->aux;
    for (size_t i = 0; i < t->n; i++)
        x->grad[i] += t->grad[i] * m[i];
    (void)g;
    return 0;
}

static const NnOp op_dropout = {"dropout", dropout_back};

NnTensor *nn_dropout(NnGraph *g, NnTensor *x, float p)
{
    if (nn_failed(g) || !x) return NULL;
    if (!(p >= 0 && p < 1))
        return nn_graph_fail(g, "dropout: probability %g is not in [0, 1)", (double)p);
    if (!nn_graph_train(g) || p == 0) return x;
    Rng *r = nn_graph_rng(g);
    if (!r) return nn_graph_fail(g, "dropout: the graph has no random generator");
    NnTensor *t = nn_tensor(g, &op_dropout, x->nd, x->shape, x, NULL, NULL);
    float *m = t ? nn_graph_alloc(g, x->n * sizeof(float)) : NULL;
    if (!m) return NULL;
    t->aux = m;
    float keep = 1.0f / (1.0f - p);
    for (size_t i = 0; i < x->n; i++) {
        m[i] = rng_uniform(r) < (double)p ? 0.0f : keep;
        t->data[i] = x->data[i] * m[i];
    }
    return t;
}

/* ---- squared distance of matching rows ------------------------------ */

static int dist_back(NnGraph *g, NnTensor *t)
{
    NnTensor *a = t->in[0], *b = t->in[1];
    size_t N = t->shape[0], D = nn_cols_of(a);
    for (size_t i = 0; i < N; i++) {
        float k = 2.0f * t->grad[i];
        for (size_t j = 0; j < D; j++) {
            float d = k * (a->data[i * D + j] - b->data[i * D + j]);
            if (a->needs_grad) a->grad[i * D + j] += d;
            if (b->needs_grad) b->grad[i * D + j] -= d;
        }
    }
    (void)g;
    return 0;
}

static const NnOp op_dist = {"rowdist2", dist_back};

NnTensor *nn_rowdist2(NnGraph *g, NnTensor *a, NnTensor *b)
{
    if (nn_failed(g) || !a || !b) return NULL;
    if (a->n != b->n || a->shape[0] != b->shape[0]) return nn_fail_shapes(g, "rowdist2", a, b);
    size_t N = a->shape[0], D = nn_cols_of(a);
    NnTensor *t = nn_tensor(g, &op_dist, 2, NN_SHAPE2(N, 1), a, b, NULL);
    if (!t) return NULL;
    for (size_t i = 0; i < N; i++) {
        double s = 0;
        for (size_t j = 0; j < D; j++) {
            double d = (double)a->data[i * D + j] - b->data[i * D + j];
            s += d * d;
        }
        t->data[i] = (float)s;
    }
    return t;
}

/* ---- L2 normalisation of rows --------------------------------------- */

/* rows shorter than this are left unscaled (no division by ~0) */
#define L2_EPS 1e-12

/* y = x / |x|: dx = (dy - y (y . dy)) / |x|; aux: the norms */
static int l2_back(NnGraph *g, NnTensor *t)
{
    NnTensor *x = t->in[0];
    const float *norm = t->aux;
    size_t N = t->shape[0], D = nn_cols_of(t);
    for (size_t i = 0; i < N; i++) {
        const float *y = t->data + i * D, *dy = t->grad + i * D;
        double s = 0;
        for (size_t j = 0; j < D; j++)
            s += (double)y[j] * dy[j];
        float inv = 1.0f / norm[i];
        for (size_t j = 0; j < D; j++)
            x->grad[i * D + j] += (dy[j] - y[j] * (float)s) * inv;
    }
    (void)g;
    return 0;
}

static const NnOp op_l2 = {"l2norm", l2_back};

NnTensor *nn_l2norm(NnGraph *g, NnTensor *x)
{
    if (nn_failed(g) || !x) return NULL;
    size_t N = x->shape[0], D = nn_cols_of(x);
    NnTensor *t = nn_tensor(g, &op_l2, x->nd, x->shape, x, NULL, NULL);
    float *norm = t ? nn_graph_alloc(g, (N ? N : 1) * sizeof(float)) : NULL;
    if (!norm) return NULL;
    t->aux = norm;
    for (size_t i = 0; i < N; i++) {
        double s = 0;
        for (size_t j = 0; j < D; j++)
            s += (double)x->data[i * D + j] * x->data[i * D + j];
        double nr = sqrt(s);
        norm[i] = (float)(nr > L2_EPS ? nr : L2_EPS);
        for (size_t j = 0; j < D; j++)
            t->data[i * D + j] = x->data[i * D + j] / norm[i];
    }
    return t;
}

/* ---- VAE: reparameterisation and KL --------------------------------- */

/* aux: eps; dz/dmu = 1, dz/dlogvar = eps exp(logvar / 2) / 2 */
static int reparam_back(NnGraph *g, NnTensor *t)
{
    NnTensor *mu = t->in[0], *lv = t->in[1];
    const float *eps = t->aux;
    for (size_t i = 0; i < t->n; i++) {
        if (mu->needs_grad) mu->grad[i] += t->grad[i];
        if (lv->needs_grad) lv->grad[i] += t->grad[i] * eps[i] * 0.5f * expf(0.5f * lv->data[i]);
    }
    (void)g;
    return 0;
}

static const NnOp op_reparam = {"reparam", reparam_back};

NnTensor *nn_reparam(NnGraph *g, NnTensor *mu, NnTensor *logvar)
{
    if (nn_failed(g) || !mu || !logvar) return NULL;
    if (!nn_same_shape(mu, logvar)) return nn_fail_shapes(g, "reparam", mu, logvar);
    Rng *r = nn_graph_rng(g);
    if (!r) return nn_graph_fail(g, "reparam: the graph has no random generator");
    NnTensor *t = nn_tensor(g, &op_reparam, mu->nd, mu->shape, mu, logvar, NULL);
    float *eps = t ? nn_graph_alloc(g, mu->n * sizeof(float)) : NULL;
    if (!eps) return NULL;
    t->aux = eps;
    for (size_t i = 0; i < mu->n; i++) {
        eps[i] = (float)rng_normal(r);
        t->data[i] = mu->data[i] + expf(0.5f * logvar->data[i]) * eps[i];
    }
    return t;
}

static int kl_back(NnGraph *g, NnTensor *t)
{
    NnTensor *mu = t->in[0], *lv = t->in[1];
    float k = t->grad[0] / (float)mu->shape[0];
    for (size_t i = 0; i < mu->n; i++) {
        if (mu->needs_grad) mu->grad[i] += k * mu->data[i];
        if (lv->needs_grad) lv->grad[i] += k * 0.5f * (expf(lv->data[i]) - 1.0f);
    }
    (void)g;
    return 0;
}

static const NnOp op_kl = {"kl_normal", kl_back};

NnTensor *nn_kl_normal(NnGraph *g, NnTensor *mu, NnTensor *logvar)
{
    if (nn_failed(g) || !mu || !logvar) return NULL;
    if (!nn_same_shape(mu, logvar)) return nn_fail_shapes(g, "kl_normal", mu, logvar);
    NnTensor *t = nn_tensor(g, &op_kl, 1, (const size_t[]){1}, mu, logvar, NULL);
    if (!t) return NULL;
    double s = 0;
    for (size_t i = 0; i < mu->n; i++) {
        double m = mu->data[i], l = logvar->data[i];
        s += 1.0 + l - m * m - exp(l);
    }
    t->data[0] = (float)(-0.5 * s / (double)(mu->shape[0] ? mu->shape[0] : 1));
    return t;
}
