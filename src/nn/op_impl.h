/* op_impl.h — helpers shared by the op files (ops_*.c); not for users. */
#ifndef DV_NN_OP_IMPL_H
#define DV_NN_OP_IMPL_H

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "nn/graph.h"
#include "nn/ops.h"

/* Has an op failed in this step?  Ops then return NULL at once, so a NULL
 * optional input (a bias) always means "none". */
static inline int nn_failed(const NnGraph *g)
{
    return nn_graph_err(g) != NULL;
}

/* Rows (first dimension) and values per row of t. */
static inline size_t nn_rows_of(const NnTensor *t)
{
    return t->shape[0];
}

static inline size_t nn_cols_of(const NnTensor *t)
{
    return t->shape[0] ? t->n / t->shape[0] : 0;
}

static inline int nn_same_shape(const NnTensor *a, const NnTensor *b)
{
    if (a->nd != b->nd) return 0;
    for (int i = 0; i < a->nd; i++)
        if (a->shape[i] != b->shape[i]) return 0;
    return 1;
}

/* Fail with "OP: shapes AxB and CxD do not match". */
static inline NnTensor *nn_fail_shapes(NnGraph *g, const char *op, const NnTensor *a,
                                       const NnTensor *b)
{
    char sa[64], sb[64];
    return nn_graph_fail(g, "%s: shapes %s and %s do not match", op, nn_shape_str(a, sa, sizeof sa),
                         nn_shape_str(b, sb, sizeof sb));
}

/* Zeroed scratch from the arena. */
static inline float *nn_scratch0(NnGraph *g, size_t n)
{
    float *p = nn_graph_alloc(g, n * sizeof(float));
    if (p) memset(p, 0, n * sizeof(float));
    return p;
}

/* The softmax of one row of C logits a into q, shifted by the row's
 * largest value (*mx) so exp cannot overflow; returns the sum
 * z = sum_j exp(a_j - mx), so that -log softmax(a)_j = log z - (a_j - mx).
 * Shared by the softmax op and the softmax cross-entropy loss. */
static inline double nn_softmax_row(const float *a, float *q, size_t C, float *mx)
{
    float m = a[0];
    for (size_t j = 1; j < C; j++)
        if (a[j] > m) m = a[j];
    double z = 0;
    for (size_t j = 0; j < C; j++)
        z += q[j] = expf(a[j] - m);
    float inv = (float)(1.0 / z);
    for (size_t j = 0; j < C; j++)
        q[j] *= inv;
    *mx = m;
    return z;
}

#define NN_SHAPE2(a, b) ((const size_t[]){(a), (b)})

#endif
