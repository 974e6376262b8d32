/* ops_dense.c — matrix products, bias, elementwise arithmetic, sums.
 * Products go to OpenBLAS's SGEMM; the gradients of C = A B are
 * dA = dC B^T and dB = A^T dC, accumulated (beta = 1). */
#include <cblas.h>

#include "nn/kernels.h"
#include "nn/op_impl.h"

/* ---- matmul ---------------------------------------------------------- */

/* rows/cols of op(t) where t is read as [shape[0], rest] */
static void op_dims(const NnTensor *t, int tr, size_t *r, size_t *c)
{
    size_t a = nn_rows_of(t), b = nn_cols_of(t);
    *r = tr ? b : a;
    *c = tr ? a : b;
}

static int matmul_back(NnGraph *g, NnTensor *t)
{
    NnTensor *a = t->in[0], *b = t->in[1];
    int ta = (int)t->iarg[0], tb = (int)t->iarg[1];
    size_t M = t->shape[0], N = t->shape[1], K = (size_t)t->iarg[2];
    int lda = (int)nn_cols_of(a), ldb = (int)nn_cols_of(b);
    if (a->needs_grad) {
        /* d op(A) = dC op(B)^T; for A^T stored, dA = op(B) dC^T */
        if (!ta)
            cblas_sgemm(CblasRowMajor, CblasNoTrans, tb ? CblasNoTrans : CblasTrans, (int)M, (int)K,
                        (int)N, 1.0f, t->grad, (int)N, b->data, ldb, 1.0f, a->grad, lda);
        else
            cblas_sgemm(CblasRowMajor, tb ? CblasTrans : CblasNoTrans, CblasTrans, (int)K, (int)M,
                        (int)N, 1.0f, b->data, ldb, t->grad, (int)N, 1.0f, a->grad, lda);
    }
    if (b->needs_grad) {
        /* d op(B) = op(A)^T dC; for B^T stored, dB = dC^T op(A) */
        if (!tb)
            cblas_sgemm(CblasRowMajor, ta ? CblasNoTrans : CblasTrans, CblasNoTrans, (int)K, (int)N,
                        (int)M, 1.0f, a->data, lda, t->grad, (int)N, 1.0f, b->grad, ldb);
        else
            cblas_sgemm(CblasRowMajor, CblasTrans, ta ? CblasTrans : CblasNoTrans, (int)N, (int)K,
                        (int)M, 1.0f, t->grad, (int)N, a->data, lda, 1.0f, b->grad, ldb);
    }
    (void)g;
    return 0;
}

static const NnOp op_matmul = {"matmul", matmul_back};

NnTensor *nn_matmul(NnGraph *g, NnTensor *a, NnTensor *b, int ta, int tb)
{
    if (nn_failed(g) || !a || !b) return NULL;
    size_t ar, ac, br, bc;
    op_dims(a, ta, &ar, &ac);
    op_dims(b, tb, &br, &bc);
    if (ac != br) return nn_fail_shapes(g, "matmul", a, b);
    NnTensor *t = nn_tensor(g, &op_matmul, 2, NN_SHAPE2(ar, bc), a, b, NULL);
    if (!t) return NULL;
    t->iarg[0] = (size_t)ta;
    t->iarg[1] = (size_t)tb;
    t->iarg[2] = ac;
    if (ar && bc && ac)
        cblas_sgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans,
                    (int)ar, (int)bc, (int)ac, 1.0f, a->data, (int)nn_cols_of(a), b->data,
                    (int)nn_cols_of(b), 0.0f, t->data, (int)bc);
    else
        memset(t->data, 0, t->n * sizeof(float));
    return t;
}

/* ---- linear ---------------------------------------------------------- */

static int linear_back(NnGraph *g, NnTensor *t)
{
    NnTensor *x = t->in[0], *W = t->in[1], *b = t->in[2];
    size_t N = t->shape[0], M = t->shape[1], K = W->shape[0];
    if (x->needs_grad)
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)N, (int)K, (int)M, 1.0f, t->grad,
                    (int)M, W->data, (int)M, 1.0f, x->grad, (int)K);
    if (W->needs_grad)
        cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)K, (int)M, (int)N, 1.0f, x->data,
                    (int)K, t->grad, (int)M, 1.0f, W->grad, (int)M);
    if (b && b->needs_grad) nn_k_col_sums(t->grad, N, M, b->grad);
    (void)g;
    return 0;
}

static const NnOp op_linear = {"linear", linear_back};

NnTensor *nn_linear(NnGraph *g, NnTensor *x, NnTensor *W, NnTensor *b)
{
    if (nn_failed(g) || !x || !W) return NULL;
    size_t N = nn_rows_of(x), K = nn_cols_of(x);
    if (W->nd != 2 || W->shape[0] != K) return nn_fail_shapes(g, "linear", x, W);
    size_t M = W->shape[1];
    if (b && b->n != M) return nn_fail_shapes(g, "linear bias", W, b);
    NnTensor *t = nn_tensor(g, &op_linear, 2, NN_SHAPE2(N, M), x, W, b);
    if (!t) return NULL;
    if (N && M)
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)N, (int)M, (int)K, 1.0f,
                    x->data, (int)K, W->data, (int)M, 0.0f, t->data, (int)M);
    if (b) nn_k_add_rows(t->data, N, M, b->data);
    return t;
}

/* ---- bias ------------------------------------------------------------ */

static int bias_back(NnGraph *g, NnTensor *t)
{
    NnTensor *x = t->in[0], *b = t->in[1];
    size_t C = b->n, rows = t->n / C;
    if (x->needs_grad) nn_k_add(x->grad, t->grad, t->n);
    if (b->needs_grad) nn_k_col_sums(t->grad, rows, C, b->grad);
    (void)g;
    return 0;
}

static const NnOp op_bias = {"add_bias", bias_back};

NnTensor *nn_add_bias(NnGraph *g, NnTensor *x, NnTensor *b)
{
    if (nn_failed(g) || !x || !b) return NULL;
    size_t C = b->n;
    if (b->nd != 1 || x->shape[x->nd - 1] != C) return nn_fail_shapes(g, "add_bias", x, b);
    NnTensor *t = nn_tensor(g, &op_bias, x->nd, x->shape, x, b, NULL);
    if (!t) return NULL;
    memcpy(t->data, x->data, x->n * sizeof(float));
    nn_k_add_rows(t->data, x->n / C, C, b->data);
    return t;
}

/* ---- elementwise ----------------------------------------------------- */

static int add_back(NnGraph *g, NnTensor *t)
{
    float sb = t->iarg[0] ? -1.0f : 1.0f; /* iarg[0]: subtraction */
    NnTensor *a = t->in[0], *b = t->in[1];
    if (a->needs_grad) nn_k_add(a->grad, t->grad, t->n);
    if (b->needs_grad) {
        if (sb > 0)
            nn_k_add(b->grad, t->grad, t->n);
        else
            for (size_t i = 0; i < t->n; i++)
                b->grad[i] -= t->grad[i];
    }
    (void)g;
    return 0;
}

static int mul_back(NnGraph *g, NnTensor *t)
{
    NnTensor *a = t->in[0], *b = t->in[1];
    if (a->needs_grad)
        for (size_t i = 0; i < t->n; i++)
            a->grad[i] += t->grad[i] * b->data[i];
    if (b->needs_grad)
        for (size_t i = 0; i < t->n; i++)
            b->grad[i] += t->grad[i] * a->data[i];
    (void)g;
    return 0;
}

static const NnOp op_add = {"add", add_back};
static const NnOp op_mul = {"mul", mul_back};

static NnTensor *binary(NnGraph *g, const char *name, const NnOp *op, NnTensor *a, NnTensor *b,
                        int kind)
{
    if (nn_failed(g) || !a || !b) return NULL;
    if (a->n != b->n || a->shape[0] != b->shape[0]) return nn_fail_shapes(g, name, a, b);
    NnTensor *t = nn_tensor(g, op, a->nd, a->shape, a, b, NULL);
    if (!t) return NULL;
    t->iarg[0] = kind == 1;
    const float *x = a->data, *y = b->data;
    float *z = t->data;
    if (kind == 0)
        for (size_t i = 0; i < t->n; i++)
            z[i] = x[i] + y[i];
    else if (kind == 1)
        for (size_t i = 0; i < t->n; i++)
            z[i] = x[i] - y[i];
    else
        for (size_t i = 0; i < t->n; i++)
            z[i] = x[i] * y[i];
    return t;
}

NnTensor *nn_add(NnGraph *g, NnTensor *a, NnTensor *b)
{
    return binary(g, "add", &op_add, a, b, 0);
}

NnTensor *nn_sub(NnGraph *g, NnTensor *a, NnTensor *b)
{
    return binary(g, "sub", &op_add, a, b, 1);
}

NnTensor *nn_mul(NnGraph *g, NnTensor *a, NnTensor *b)
{
    return binary(g, "mul", &op_mul, a, b, 2);
}

static int affine_back(NnGraph *g, NnTensor *t)
{
    float s = t->farg[0];
    NnTensor *a = t->in[0];
    for (size_t i = 0; i < t->n; i++)
        a->grad[i] += s * t->grad[i];
    (void)g;
    return 0;
}

static const NnOp op_affine = {"affine", affine_back};

NnTensor *nn_affine(NnGraph *g, NnTensor *a, float s, float c)
{
    if (nn_failed(g) || !a) return NULL;
    NnTensor *t = nn_tensor(g, &op_affine, a->nd, a->shape, a, NULL, NULL);
    if (!t) return NULL;
    t->farg[0] = s;
    for (size_t i = 0; i < t->n; i++)
        t->data[i] = s * a->data[i] + c;
    return t;
}

/* ---- reductions ------------------------------------------------------ */

static int sum_back(NnGraph *g, NnTensor *t)
{
    NnTensor *a = t->in[0];
    float d = t->grad[0] * t->farg[0]; /* farg[0]: 1 or 1/n */
    for (size_t i = 0; i < a->n; i++)
        a->grad[i] += d;
    (void)g;
    return 0;
}

static const NnOp op_sum = {"sum", sum_back};

static NnTensor *reduce(NnGraph *g, NnTensor *a, int mean)
{
    if (nn_failed(g) || !a) return NULL;
    NnTensor *t = nn_tensor(g, &op_sum, 1, (const size_t[]){1}, a, NULL, NULL);
    if (!t) return NULL;
    double s = 0;
    for (size_t i = 0; i < a->n; i++)
        s += a->data[i];
    t->farg[0] = mean && a->n ? 1.0f / (float)a->n : 1.0f;
    t->data[0] = (float)(s * t->farg[0]);
    return t;
}

NnTensor *nn_sum(NnGraph *g, NnTensor *a)
{
    return reduce(g, a, 0);
}

NnTensor *nn_mean(NnGraph *g, NnTensor *a)
{
    return reduce(g, a, 1);
}
