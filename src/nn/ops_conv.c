/* ops_conv.c — 2-D convolution, transposed convolution and max pooling
 * on NHWC tensors.
 *
 * A convolution is lowered to one matrix product (Chellapilla, Puri &
 * Simard 2006): im2col copies each output position's k x k x C input
 * patch into a row, so with the weights as a (k k C) x F matrix the output
 * [N Ho Wo, F] is already NHWC.  Its gradients are two more products and
 * col2im, the adjoint of im2col, which adds the rows back into the image.
 * In NHWC a patch row of k pixels is k C contiguous floats, so im2col
 * copies runs instead of single values.
 */
#include <cblas.h>
#include <stdint.h>

#include "nn/kernels.h"
#include "nn/op_impl.h"

typedef struct Geom {
    size_t N, H, W, C; /* the image side */
    size_t k, s, p;
    size_t Ho, Wo; /* the patch grid */
} Geom;

/* A patch row's run of k C floats: short runs (one channel) are cheaper
 * copied inline than by a call to memcpy. */
static inline void copy_run(float *restrict dst, const float *restrict src, size_t n)
{
    if (n > 16) {
        memcpy(dst, src, n * sizeof(float));
        return;
    }
    for (size_t i = 0; i < n; i++)
        dst[i] = src[i];
}

/* rows: N Ho Wo; each k k C values in (ky, kx, c) order */
static void im2col(const Geom *g, const float *x, float *cols)
{
    size_t K = g->k * g->k * g->C, run = g->k * g->C;
    for (size_t n = 0; n < g->N; n++)
        for (size_t oy = 0; oy < g->Ho; oy++)
            for (size_t ox = 0; ox < g->Wo; ox++) {
                float *row = cols + ((n * g->Ho + oy) * g->Wo + ox) * K;
                long ix0 = (long)(ox * g->s) - (long)g->p;
                for (size_t ky = 0; ky < g->k; ky++) {
                    long iy = (long)(oy * g->s + ky) - (long)g->p;
                    float *dst = row + ky * run;
                    if (iy < 0 || iy >= (long)g->H) {
                        memset(dst, 0, run * sizeof(float));
                        continue;
                    }
                    const float *src = x + ((n * g->H + (size_t)iy) * g->W) * g->C;
                    if (ix0 >= 0 && ix0 + (long)g->k <= (long)g->W) {
                        copy_run(dst, src + (size_t)ix0 * g->C, run);
                        continue;
                    }
                    for (size_t kx = 0; kx < g->k; kx++) {
                        long ix = ix0 + (long)kx;
                        if (ix < 0 || ix >= (long)g->W)
                            memset(dst + kx * g->C, 0, g->C * sizeof(float));
                        else
                            memcpy(dst + kx * g->C, src + (size_t)ix * g->C, g->C * sizeof(float));
                    }
                }
            }
}

/* the adjoint: x += each row's values at their pixels */
static void col2im(const Geom *g, const float *cols, float *x)
{
    size_t K = g->k * g->k * g->C, run = g->k * g->C;
    for (size_t n = 0; n < g->N; n++)
        for (size_t oy = 0; oy < g->Ho; oy++)
            for (size_t ox = 0; ox < g->Wo; ox++) {
                const float *row = cols + ((n * g->Ho + oy) * g->Wo + ox) * K;
                long ix0 = (long)(ox * g->s) - (long)g->p;
                for (size_t ky = 0; ky < g->k; ky++) {
                    long iy = (long)(oy * g->s + ky) - (long)g->p;
                    if (iy < 0 || iy >= (long)g->H) continue;
                    const float *src = row + ky * run;
                    float *dst = x + ((n * g->H + (size_t)iy) * g->W) * g->C;
                    if (ix0 >= 0 && ix0 + (long)g->k <= (long)g->W) {
                        nn_k_add(dst + (size_t)ix0 * g->C, src, run);
                        continue;
                    }
                    for (size_t kx = 0; kx < g->k; kx++) {
                        long ix = ix0 + (long)kx;
                        if (ix < 0 || ix >= (long)g->W) continue;
                        float *d = dst + (size_t)ix * g->C;
                        for (size_t c = 0; c < g->C; c++)
                            d[c] += src[kx * g->C + c];
                    }
                }
            }
}

static Geom geom_of(const NnTensor *t)
{
    Geom g;
    memcpy(&g, t->aux, sizeof g);
    return g;
}

/* aux: the Geom, then the cols matrix */
static float *cols_of(const NnTensor *t)
{
    return (float *)((char *)t->aux + ((sizeof(Geom) + 63) & ~(size_t)63));
}

static void *aux_new(NnGraph *g, const Geom *geo, size_t ncols)
{
    size_t head = (sizeof(Geom) + 63) & ~(size_t)63;
    char *a = nn_graph_alloc(g, head + ncols * sizeof(float));
    if (a) memcpy(a, geo, sizeof *geo);
    return a;
}

/* ---- conv2d ---------------------------------------------------------- */

static int conv_back(NnGraph *g, NnTensor *t)
{
    NnTensor *x = t->in[0], *W = t->in[1], *b = t->in[2];
    Geom geo = geom_of(t);
    size_t rows = geo.N * geo.Ho * geo.Wo, K = geo.k * geo.k * geo.C, F = W->shape[3];
    float *cols = cols_of(t);
    if (W->needs_grad)
        cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)K, (int)F, (int)rows, 1.0f, cols,
                    (int)K, t->grad, (int)F, 1.0f, W->grad, (int)F);
    if (b && b->needs_grad) nn_k_col_sums(t->grad, rows, F, b->grad);
    if (x->needs_grad) {
        /* the cols are not needed any more: reuse them for dcols */
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)rows, (int)K, (int)F, 1.0f,
                    t->grad, (int)F, W->data, (int)F, 0.0f, cols, (int)K);
        col2im(&geo, cols, x->grad);
    }
    (void)g;
    return 0;
}

static const NnOp op_conv = {"conv2d", conv_back};

static NnTensor *conv_check(NnGraph *g, const char *name, NnTensor *x, NnTensor *W, NnTensor *b,
                            int stride, int pad, size_t wc)
{
    char sx[64], sw[64];
    if (x->nd != 4)
        return nn_graph_fail(g, "%s: input must be images (NxHxWxC), got %s", name,
                             nn_shape_str(x, sx, sizeof sx));
    if (W->nd != 4 || W->shape[0] != W->shape[1] || W->shape[wc] != x->shape[3])
        return nn_graph_fail(g, "%s: weights %s do not fit input %s", name,
                             nn_shape_str(W, sw, sizeof sw), nn_shape_str(x, sx, sizeof sx));
    if (b && b->n != W->shape[wc == 2 ? 3 : 2]) return nn_fail_shapes(g, name, W, b);
    if (stride < 1 || pad < 0)
        return nn_graph_fail(g, "%s: stride %d, padding %d", name, stride, pad);
    return x;
}

NnTensor *nn_conv2d(NnGraph *g, NnTensor *x, NnTensor *W, NnTensor *b, int stride, int pad)
{
    if (nn_failed(g) || !x || !W) return NULL;
    if (!conv_check(g, "conv2d", x, W, b, stride, pad, 2)) return NULL;
    Geom geo = {x->shape[0], x->shape[1], x->shape[2],
                x->shape[3], W->shape[0], (size_t)stride,
                (size_t)pad, 0,           0};
    if (geo.H + 2 * geo.p < geo.k || geo.W + 2 * geo.p < geo.k) {
        char sx[64];
        return nn_graph_fail(g, "conv2d: a %zux%zu kernel does not fit %s images", geo.k, geo.k,
                             nn_shape_str(x, sx, sizeof sx));
    }
    geo.Ho = (geo.H + 2 * geo.p - geo.k) / geo.s + 1;
    geo.Wo = (geo.W + 2 * geo.p - geo.k) / geo.s + 1;
    size_t F = W->shape[3], rows = geo.N * geo.Ho * geo.Wo, K = geo.k * geo.k * geo.C;
    NnTensor *t = nn_tensor(g, &op_conv, 4, (const size_t[]){geo.N, geo.Ho, geo.Wo, F}, x, W, b);
    if (!t) return NULL;
    if (!(t->aux = aux_new(g, &geo, rows * K))) return NULL;
    float *cols = cols_of(t);
    im2col(&geo, x->data, cols);
    if (rows)
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)rows, (int)F, (int)K, 1.0f,
                    cols, (int)K, W->data, (int)F, 0.0f, t->data, (int)F);
    if (b) nn_k_add_rows(t->data, rows, F, b->data);
    return t;
}

/* ---- transposed conv2d ---------------------------------------------- */

/* Geom describes the output image (H, W, C = F) and the input's grid
 * (Ho, Wo = the input's H, W). */
static int convt_back(NnGraph *g, NnTensor *t)
{
    NnTensor *x = t->in[0], *W = t->in[1], *b = t->in[2];
    Geom geo = geom_of(t);
    size_t rows = geo.N * geo.Ho * geo.Wo, K = geo.k * geo.k * geo.C, Cin = x->shape[3];
    float *dcols = cols_of(t);
    im2col(&geo, t->grad, dcols);
    if (x->needs_grad)
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)rows, (int)Cin, (int)K, 1.0f,
                    dcols, (int)K, W->data, (int)Cin, 1.0f, x->grad, (int)Cin);
    if (W->needs_grad)
        cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)K, (int)Cin, (int)rows, 1.0f,
                    dcols, (int)K, x->data, (int)Cin, 1.0f, W->grad, (int)Cin);
    if (b && b->needs_grad) nn_k_col_sums(t->grad, t->n / geo.C, geo.C, b->grad);
    (void)g;
    return 0;
}

static const NnOp op_convt = {"conv2d_transpose", convt_back};

NnTensor *nn_conv2d_transpose(NnGraph *g, NnTensor *x, NnTensor *W, NnTensor *b, int stride,
                              int pad)
{
    if (nn_failed(g) || !x || !W) return NULL;
    if (!conv_check(g, "conv2d_transpose", x, W, b, stride, pad, 3)) return NULL;
    size_t k = W->shape[0], F = W->shape[2], H = x->shape[1], Wd = x->shape[2], Cin = x->shape[3];
    size_t s = (size_t)stride, p = (size_t)pad;
    if ((H - 1) * s + k <= 2 * p || (Wd - 1) * s + k <= 2 * p)
        return nn_graph_fail(g, "conv2d_transpose: padding %zu leaves no output", p);
    Geom geo = {x->shape[0], (H - 1) * s + k - 2 * p, (Wd - 1) * s + k - 2 * p, F, k, s, p, H, Wd};
    size_t rows = geo.N * H * Wd, K = k * k * F;
    NnTensor *t = nn_tensor(g, &op_convt, 4, (const size_t[]){geo.N, geo.H, geo.W, F}, x, W, b);
    if (!t) return NULL;
    if (!(t->aux = aux_new(g, &geo, rows * K))) return NULL;
    float *cols = cols_of(t);
    if (rows)
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)rows, (int)K, (int)Cin, 1.0f,
                    x->data, (int)Cin, W->data, (int)Cin, 0.0f, cols, (int)K);
    memset(t->data, 0, t->n * sizeof(float));
    col2im(&geo, cols, t->data);
    if (b) nn_k_add_rows(t->data, t->n / F, F, b->data);
    return t;
}

/* ---- max pooling ----------------------------------------------------- */

/* aux: for each output value, the index of the input value it took */
static int pool_back(NnGraph *g, NnTensor *t)
{
    NnTensor *x = t->in[0];
    const uint32_t *arg = t->aux;
    for (size_t i = 0; i < t->n; i++)
        x->grad[arg[i]] += t->grad[i];
    (void)g;
    return 0;
}

static const NnOp op_pool = {"maxpool", pool_back};

NnTensor *nn_maxpool(NnGraph *g, NnTensor *x, int k, int stride)
{
    if (nn_failed(g) || !x) return NULL;
    char sx[64];
    if (x->nd != 4)
        return nn_graph_fail(g, "maxpool: input must be images (NxHxWxC), got %s",
                             nn_shape_str(x, sx, sizeof sx));
    if (k < 1 || stride < 1) return nn_graph_fail(g, "maxpool: window %d, stride %d", k, stride);
    size_t N = x->shape[0], H = x->shape[1], W = x->shape[2], C = x->shape[3], K = (size_t)k,
           s = (size_t)stride;
    if (H < K || W < K)
        return nn_graph_fail(g, "maxpool: a %dx%d window does not fit %s images", k, k,
                             nn_shape_str(x, sx, sizeof sx));
    if (x->n > UINT32_MAX) return nn_graph_fail(g, "maxpool: input too large");
    size_t Ho = (H - K) / s + 1, Wo = (W - K) / s + 1;
    NnTensor *t = nn_tensor(g, &op_pool, 4, (const size_t[]){N, Ho, Wo, C}, x, NULL, NULL);
    if (!t) return NULL;
    uint32_t *arg = nn_graph_alloc(g, t->n * sizeof *arg);
    if (!arg) return NULL;
    t->aux = arg;
    for (size_t n = 0; n < N; n++)
        for (size_t oy = 0; oy < Ho; oy++)
            for (size_t ox = 0; ox < Wo; ox++) {
                size_t o = ((n * Ho + oy) * Wo + ox) * C;
                size_t first = ((n * H + oy * s) * W + ox * s) * C;
                nn_k_max_init(x->data + first, (uint32_t)first, t->data + o, arg + o, C);
                for (size_t ky = 0; ky < K; ky++)
                    for (size_t kx = 0; kx < K; kx++) {
                        if (ky == 0 && kx == 0) continue;
                        size_t base = ((n * H + oy * s + ky) * W + ox * s + kx) * C;
                        nn_k_max_step(x->data + base, (uint32_t)base, t->data + o, arg + o, C);
                    }
            }
    return t;
}
