/* ops_shape.c — reshape (a view), concatenation, column slices and row
 * gathers. */
#include "nn/op_impl.h"

/* A view has no backward rule: its gradient is its source's buffer. */
static const NnOp op_view = {"reshape", NULL};

NnTensor *nn_reshape(NnGraph *g, NnTensor *x, int nd, const size_t *shape)
{
    if (nn_failed(g) || !x) return NULL;
    size_t n = 1;
    for (int i = 0; i < nd; i++)
        n *= shape[i];
    if (nd < 1 || nd > NN_MAX_DIMS || n != x->n) {
        char sx[64];
        return nn_graph_fail(g, "reshape: %s has %zu values, the new shape %zu",
                             nn_shape_str(x, sx, sizeof sx), x->n, n);
    }
    /* made as a 1-value tensor so no data is allocated, then pointed at x's */
    NnTensor *t = nn_tensor(g, &op_view, 1, (const size_t[]){0}, x, NULL, NULL);
    if (!t) return NULL;
    t->nd = nd;
    for (int i = 0; i < nd; i++)
        t->shape[i] = shape[i];
    t->n = n;
    t->alias = x->alias ? x->alias : x;
    t->data = x->data;
    return t;
}

NnTensor *nn_flatten(NnGraph *g, NnTensor *x)
{
    if (nn_failed(g) || !x) return NULL;
    return nn_reshape(g, x, 2, NN_SHAPE2(x->shape[0], x->shape[0] ? x->n / x->shape[0] : 0));
}

/* ---- concat and slice along the last dimension ---------------------- */

static int concat_back(NnGraph *g, NnTensor *t)
{
    NnTensor *a = t->in[0], *b = t->in[1];
    size_t ca = a->shape[a->nd - 1], cb = b->shape[b->nd - 1], c = ca + cb, rows = t->n / c;
    for (size_t r = 0; r < rows; r++) {
        const float *d = t->grad + r * c;
        if (a->needs_grad)
            for (size_t j = 0; j < ca; j++)
                a->grad[r * ca + j] += d[j];
        if (b->needs_grad)
            for (size_t j = 0; j < cb; j++)
                b->grad[r * cb + j] += d[ca + j];
    }
    (void)g;
    return 0;
}

static const NnOp op_concat = {"concat", concat_back};

NnTensor *nn_concat(NnGraph *g, NnTensor *a, NnTensor *b)
{
    if (nn_failed(g) || !a || !b) return NULL;
    int ok = a->nd == b->nd;
    for (int i = 0; ok && i < a->nd - 1; i++)
        ok = a->shape[i] == b->shape[i];
    if (!ok) return nn_fail_shapes(g, "concat", a, b);
    size_t ca = a->shape[a->nd - 1], cb = b->shape[b->nd - 1], c = ca + cb;
    size_t shape[NN_MAX_DIMS];
    memcpy(shape, a->shape, sizeof shape);
    shape[a->nd - 1] = c;
    NnTensor *t = nn_tensor(g, &op_concat, a->nd, shape, a, b, NULL);
    if (!t) return NULL;
    size_t rows = ca ? a->n / ca : b->n / (cb ? cb : 1);
    for (size_t r = 0; r < rows; r++) {
        memcpy(t->data + r * c, a->data + r * ca, ca * sizeof(float));
        memcpy(t->data + r * c + ca, b->data + r * cb, cb * sizeof(float));
    }
    return t;
}

static int slice_back(NnGraph *g, NnTensor *t)
{
    NnTensor *x = t->in[0];
    size_t start = t->iarg[0], len = t->iarg[1], c = x->shape[x->nd - 1], rows = t->n / len;
    for (size_t r = 0; r < rows; r++)
        for (size_t j = 0; j < len; j++)
            x->grad[r * c + start + j] += t->grad[r * len + j];
    (void)g;
    return 0;
}

static const NnOp op_slice = {"slice", slice_back};

NnTensor *nn_slice(NnGraph *g, NnTensor *x, size_t start, size_t len)
{
    if (nn_failed(g) || !x) return NULL;
    size_t c = x->shape[x->nd - 1];
    if (len == 0 || start > c || len > c - start)
        return nn_graph_fail(g, "slice: columns %zu..%zu of %zu", start, start + len, c);
    size_t shape[NN_MAX_DIMS];
    memcpy(shape, x->shape, sizeof shape);
    shape[x->nd - 1] = len;
    NnTensor *t = nn_tensor(g, &op_slice, x->nd, shape, x, NULL, NULL);
    if (!t) return NULL;
    t->iarg[0] = start;
    t->iarg[1] = len;
    size_t rows = x->n / c;
    for (size_t r = 0; r < rows; r++)
        memcpy(t->data + r * len, x->data + r * c + start, len * sizeof(float));
    return t;
}

/* ---- row gather ------------------------------------------------------ */

static int rows_back(NnGraph *g, NnTensor *t)
{
    NnTensor *x = t->in[0];
    const size_t *idx = t->aux;
    size_t m = nn_cols_of(x);
    for (size_t i = 0; i < t->shape[0]; i++) {
        float *d = x->grad + idx[i] * m;
        const float *s = t->grad + i * m;
        for (size_t j = 0; j < m; j++)
            d[j] += s[j];
    }
    (void)g;
    return 0;
}

static const NnOp op_rows = {"rows", rows_back};

NnTensor *nn_rows(NnGraph *g, NnTensor *x, const size_t *idx, size_t n)
{
    if (nn_failed(g) || !x) return NULL;
    size_t R = x->shape[0], m = nn_cols_of(x);
    for (size_t i = 0; i < n; i++)
        if (idx[i] >= R)
            return nn_graph_fail(g, "rows: index %zu outside 0..%zu", idx[i], R ? R - 1 : 0);
    size_t shape[NN_MAX_DIMS];
    memcpy(shape, x->shape, sizeof shape);
    shape[0] = n;
    NnTensor *t = nn_tensor(g, &op_rows, x->nd, shape, x, NULL, NULL);
    if (!t) return NULL;
    size_t *keep = nn_graph_alloc(g, (n ? n : 1) * sizeof *keep);
    if (!keep) return NULL;
    memcpy(keep, idx, n * sizeof *keep);
    t->aux = keep;
    for (size_t i = 0; i < n; i++)
        memcpy(t->data + i * m, x->data + idx[i] * m, m * sizeof(float));
    return t;
}
