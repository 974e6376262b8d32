/* Finite-difference checks of every op's backward rule (src/nn/ops.h),
 * plus forward values against plain loops and the shape errors.  The
 * check itself (L = sum(w * op(inputs)) against central differences) is
 * tests/unit/gradcheck.h, shared with test_nn_cells.c. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/rng.h"
#include "nn/nn.h"
#include "tests/tap.h"
#include "tests/unit/gradcheck.h"

/* The ops' own parameters, read by the builders (GcCase first: the
 * builder's pointer is cast back). */
typedef struct Case {
    GcCase gc;
    int iarg[4];
    float farg[2];
    int *labels;
    size_t idx[16];
    size_t nidx;
} Case;
#define CASE(gc) ((const Case *)(gc))

static Rng data_rng;
static Rng op_rng;
static NnGraph *G;

static void setup(Case *c, int nin, const int *nd, const size_t shapes[][NN_MAX_DIMS], float lo,
                  float hi)
{
    memset(c, 0, sizeof *c);
    gc_setup(&c->gc, nin, nd, shapes, lo, hi);
}

/* Push values away from 0 by at least m (for relu's kink). */
static void away_from_zero(GcCase *c, int i, float m)
{
    for (size_t j = 0; j < c->n[i]; j++)
        if (fabsf(c->x[i][j]) < m) c->x[i][j] = c->x[i][j] < 0 ? -m - c->x[i][j] : m + c->x[i][j];
}

/* ---- builders --------------------------------------------------------- */

static NnTensor *b_matmul(NnGraph *g, NnTensor **in, const GcCase *gc)
{
    return nn_matmul(g, in[0], in[1], CASE(gc)->iarg[0], CASE(gc)->iarg[1]);
}
static NnTensor *b_linear(NnGraph *g, NnTensor **in, const GcCase *gc)
{
    return nn_linear(g, in[0], in[1], gc->nin > 2 ? in[2] : NULL);
}
static NnTensor *b_bias(NnGraph *g, NnTensor **in, const GcCase *gc)
{
    return nn_add_bias(g, in[0], in[1]);
}
static NnTensor *b_add(NnGraph *g, NnTensor **in, const GcCase *gc)
{
    return nn_add(g, in[0], in[1]);
}
static NnTensor *b_sub(NnGraph *g, NnTensor **in, const GcCase *gc)
{
    return nn_sub(g, in[0], in[1]);
}
static NnTensor *b_mul(NnGraph *g, NnTensor **in, const GcCase *gc)
{
    return nn_mul(g, in[0], in[1]);
}
static NnTensor *b_affine(NnGraph *g, NnTensor **in, const GcCase *gc)
{
    return nn_affine(g, in[0], CASE(gc)->farg[0], CASE(gc)->farg[1]);
}
static NnTensor *b_sum(NnGraph *g, NnTensor **in, const GcCase *gc)
{
    return nn_sum(g, nn_mul(g, in[0], in[0]));
}
static NnTensor *b_mean(NnGraph *g, NnTensor **in, const GcCase *gc)
{
    return nn_mean(g, nn_mul(g, in[0], in[0]));
}
static NnTensor *b_relu(NnGraph *g, NnTensor **in, const GcCase *gc)
{
    return nn_relu(g, in[0]);
}
static NnTensor *b_lrelu(NnGraph *g, NnTensor **in, const GcCase *gc)
{
    return nn_leaky_relu(g, in[0], 0.2f);
}
static NnTensor *b_tanh(NnGraph *g, NnTensor **in, const GcCase *gc)
{
    return nn_tanh(g, in[0]);
}
static NnTensor *b_sigmoid(NnGraph *g, NnTensor **in, const GcCase *gc)
{
    return nn_sigmoid(g, in[0]);
}
static NnTensor *b_softmax(NnGraph *g, NnTensor **in, const GcCase *gc)
{
    return nn_softmax(g, in[0]);
}
static NnTensor *b_mse(NnGraph *g, NnTensor **in, const GcCase *gc)
{
    return nn_mse(g, in[0], in[1]);
}
static NnTensor *b_bce(NnGraph *g, NnTensor **in, const GcCase *gc)
{
    return nn_bce(g, in[0], in[1]);
}
static NnTensor *b_bcel(NnGraph *g, NnTensor **in, const GcCase *gc)
{
    return nn_bce_logits(g, in[0], in[1]);
}
static NnTensor *b_xent(NnGraph *g, NnTensor **in, const GcCase *gc)
{
    return nn_softmax_xent(g, in[0], CASE(gc)->labels);
}
static NnTensor *b_conv(NnGraph *g, NnTensor **in, const GcCase *gc)
{
    return nn_conv2d(g, in[0], in[1], gc->nin > 2 ? in[2] : NULL, CASE(gc)->iarg[0],
                     CASE(gc)->iarg[1]);
}
static NnTensor *b_convt(NnGraph *g, NnTensor **in, const GcCase *gc)
{
    return nn_conv2d_transpose(g, in[0], in[1], gc->nin > 2 ? in[2] : NULL, CASE(gc)->iarg[0],
                               CASE(gc)->iarg[1]);
}
static NnTensor *b_pool(NnGraph *g, NnTensor **in, const GcCase *gc)
{
    return nn_maxpool(g, in[0], CASE(gc)->iarg[0], CASE(gc)->iarg[1]);
}
static NnTensor *b_reshape(NnGraph *g, NnTensor **in, const GcCase *gc)
{
    /* a view, then an op reading it, so the gradient flows through the alias */
    NnTensor *r = nn_flatten(g, in[0]);
    return nn_tanh(g, nn_reshape(g, r, 2, (const size_t[]){r->n / 3, 3}));
}
static NnTensor *b_concat(NnGraph *g, NnTensor **in, const GcCase *gc)
{
    return nn_tanh(g, nn_concat(g, in[0], in[1]));
}
static NnTensor *b_slice(NnGraph *g, NnTensor **in, const GcCase *gc)
{
    return nn_slice(g, in[0], (size_t)CASE(gc)->iarg[0], (size_t)CASE(gc)->iarg[1]);
}
static NnTensor *b_rows(NnGraph *g, NnTensor **in, const GcCase *gc)
{
    return nn_rows(g, in[0], CASE(gc)->idx, CASE(gc)->nidx);
}
static NnTensor *b_dropout(NnGraph *g, NnTensor **in, const GcCase *gc)
{
    return nn_dropout(g, in[0], 0.3f);
}
static NnTensor *b_dist(NnGraph *g, NnTensor **in, const GcCase *gc)
{
    return nn_rowdist2(g, in[0], in[1]);
}
static NnTensor *b_l2(NnGraph *g, NnTensor **in, const GcCase *gc)
{
    return nn_l2norm(g, in[0]);
}
static NnTensor *b_reparam(NnGraph *g, NnTensor **in, const GcCase *gc)
{
    return nn_reparam(g, in[0], in[1]);
}
static NnTensor *b_kl(NnGraph *g, NnTensor **in, const GcCase *gc)
{
    return nn_kl_normal(g, in[0], in[1]);
}
/* three steps of h = tanh(x_t Wx + h Wh), output the last h: gradients
 * through time to Wx, Wh and every x_t */
static NnTensor *b_rnn(NnGraph *g, NnTensor **in, const GcCase *gc)
{
    NnTensor *x = in[0], *Wx = in[1], *Wh = in[2], *h = NULL;
    size_t N = x->shape[0], T = x->shape[1], D = x->shape[2];
    for (size_t t = 0; t < T; t++) {
        NnTensor *xt = nn_slice(g, nn_reshape(g, x, 2, (const size_t[]){N, T * D}), t * D, D);
        NnTensor *a = nn_matmul(g, xt, Wx, 0, 0);
        if (h) a = nn_add(g, a, nn_matmul(g, h, Wh, 0, 0));
        h = nn_tanh(g, a);
    }
    return h;
}
/* triplet loss on L2-normalised rows: relu(|a-p|^2 - |a-n|^2 + margin) */
static NnTensor *b_triplet(NnGraph *g, NnTensor **in, const GcCase *gc)
{
    NnTensor *e = nn_l2norm(g, in[0]);
    NnTensor *a = nn_rows(g, e, (const size_t[]){0, 1, 2}, 3);
    NnTensor *p = nn_rows(g, e, (const size_t[]){3, 4, 5}, 3);
    NnTensor *n = nn_rows(g, e, (const size_t[]){4, 0, 1}, 3);
    return nn_mean(g, nn_relu(g, nn_affine(g, nn_sub(g, nn_rowdist2(g, a, p), nn_rowdist2(g, a, n)),
                                           1, 0.5f)));
}

#define ND(...) ((const int[]){__VA_ARGS__})
#define SH(...) ((const size_t[][NN_MAX_DIMS]){__VA_ARGS__})

static void test_gradients(void)
{
    Case c;
    for (int ta = 0; ta < 2; ta++)
        for (int tb = 0; tb < 2; tb++) {
            size_t M = 3, K = 4, N = 5;
            setup(&c, 2, ND(2, 2), SH({ta ? K : M, ta ? M : K}, {tb ? N : K, tb ? K : N}), -1, 1);
            c.gc.build = b_matmul;
            c.iarg[0] = ta;
            c.iarg[1] = tb;
            char name[64];
            snprintf(name, sizeof name, "matmul ta=%d tb=%d", ta, tb);
            gc_check(name, &c.gc, 1e-2, 1e-2);
            gc_release(&c.gc);
        }
    setup(&c, 3, ND(2, 2, 1), SH({6, 5}, {5, 4}, {4}), -1, 1);
    c.gc.build = b_linear;
    gc_check("linear", &c.gc, 1e-2, 1e-2);
    c.gc.nin = 2;
    gc_check("linear without bias", &c.gc, 1e-2, 1e-2);
    c.gc.nin = 3;
    gc_release(&c.gc);
    setup(&c, 2, ND(4, 1), SH({2, 3, 3, 4}, {4}), -1, 1);
    c.gc.build = b_bias;
    gc_check("add_bias on NHWC", &c.gc, 1e-2, 1e-2);
    gc_release(&c.gc);
    setup(&c, 2, ND(2, 2), SH({3, 4}, {3, 4}), -1, 1);
    c.gc.build = b_add;
    gc_check("add", &c.gc, 1e-2, 1e-2);
    c.gc.build = b_sub;
    gc_check("sub", &c.gc, 1e-2, 1e-2);
    c.gc.build = b_mul;
    gc_check("mul", &c.gc, 1e-2, 1e-2);
    c.gc.build = b_affine;
    c.farg[0] = -1.5f;
    c.farg[1] = 2;
    gc_check("affine", &c.gc, 1e-2, 1e-2);
    c.gc.build = b_sum;
    gc_check("sum", &c.gc, 1e-2, 1e-2);
    c.gc.build = b_mean;
    gc_check("mean", &c.gc, 1e-2, 1e-2);
    gc_release(&c.gc);

    setup(&c, 1, ND(2), SH({4, 5}), -2, 2);
    away_from_zero(&c.gc, 0, 0.05f);
    c.gc.build = b_relu;
    gc_check("relu", &c.gc, 1e-2, 1e-2);
    c.gc.build = b_lrelu;
    gc_check("leaky_relu", &c.gc, 1e-2, 1e-2);
    c.gc.build = b_tanh;
    gc_check("tanh", &c.gc, 1e-2, 1e-2);
    c.gc.build = b_sigmoid;
    gc_check("sigmoid", &c.gc, 1e-2, 1e-2);
    c.gc.build = b_softmax;
    gc_check("softmax", &c.gc, 1e-2, 1e-2);
    c.gc.build = b_l2;
    gc_check("l2norm", &c.gc, 1e-2, 1e-2);
    c.gc.build = b_dropout;
    gc_check("dropout (training)", &c.gc, 1e-2, 1e-2);
    gc_release(&c.gc);

    setup(&c, 2, ND(2, 2), SH({4, 3}, {4, 3}), -1, 1);
    c.gc.build = b_mse;
    gc_check("mse (both sides)", &c.gc, 1e-2, 1e-2);
    c.gc.build = b_bcel;
    gc_check("bce_logits", &c.gc, 1e-2, 1e-2);
    c.gc.build = b_dist;
    gc_check("rowdist2", &c.gc, 1e-2, 1e-2);
    c.gc.build = b_reparam;
    gc_check("reparam", &c.gc, 1e-2, 1e-2);
    c.gc.build = b_kl;
    gc_check("kl_normal", &c.gc, 1e-2, 1e-2);
    gc_release(&c.gc);
    setup(&c, 2, ND(2, 2), SH({4, 3}, {4, 3}), 0.05f, 0.95f);
    c.gc.build = b_bce;
    gc_check("bce", &c.gc, 1e-3, 1e-2);
    gc_release(&c.gc);
    setup(&c, 1, ND(2), SH({5, 4}), -2, 2);
    int labels[5] = {0, 3, 1, 1, 2};
    c.labels = labels;
    c.gc.build = b_xent;
    gc_check("softmax_xent", &c.gc, 1e-2, 1e-2);
    gc_release(&c.gc);

    setup(&c, 3, ND(4, 4, 1), SH({2, 5, 6, 2}, {3, 3, 2, 3}, {3}), -1, 1);
    c.gc.build = b_conv;
    c.iarg[0] = 1;
    c.iarg[1] = 0;
    gc_check("conv2d stride 1 pad 0", &c.gc, 1e-2, 1e-2);
    c.iarg[0] = 2;
    c.iarg[1] = 1;
    gc_check("conv2d stride 2 pad 1", &c.gc, 1e-2, 1e-2);
    c.gc.nin = 2;
    gc_check("conv2d without bias", &c.gc, 1e-2, 1e-2);
    c.gc.nin = 3;
    gc_release(&c.gc);
    setup(&c, 3, ND(4, 4, 1), SH({2, 3, 4, 2}, {3, 3, 3, 2}, {3}), -1, 1);
    c.gc.build = b_convt;
    c.iarg[0] = 2;
    c.iarg[1] = 1;
    gc_check("conv2d_transpose stride 2 pad 1", &c.gc, 1e-2, 1e-2);
    c.iarg[0] = 1;
    c.iarg[1] = 0;
    gc_check("conv2d_transpose stride 1 pad 0", &c.gc, 1e-2, 1e-2);
    gc_release(&c.gc);
    setup(&c, 1, ND(4), SH({2, 6, 5, 3}), -1, 1);
    /* distinct values far apart, so the maximum does not switch under h */
    for (size_t j = 0; j < c.gc.n[0]; j++)
        c.gc.x[0][j] = (float)((j * 37) % c.gc.n[0]) * 0.1f;
    c.gc.build = b_pool;
    c.iarg[0] = 2;
    c.iarg[1] = 2;
    gc_check("maxpool 2/2", &c.gc, 1e-2, 1e-2);
    c.iarg[0] = 3;
    c.iarg[1] = 2;
    gc_check("maxpool 3/2 (overlapping windows)", &c.gc, 1e-2, 1e-2);
    c.gc.build = b_reshape;
    gc_check("reshape and flatten (views)", &c.gc, 1e-2, 1e-2);
    c.gc.build = b_slice;
    c.iarg[0] = 1;
    c.iarg[1] = 2;
    gc_check("slice", &c.gc, 1e-2, 1e-2);
    gc_release(&c.gc);
    setup(&c, 2, ND(4, 4), SH({2, 2, 3, 2}, {2, 2, 3, 3}), -1, 1);
    c.gc.build = b_concat;
    gc_check("concat", &c.gc, 1e-2, 1e-2);
    gc_release(&c.gc);
    setup(&c, 1, ND(2), SH({4, 3}), -1, 1);
    c.gc.build = b_rows;
    size_t idx[] = {2, 0, 2, 3, 2};
    memcpy(c.idx, idx, sizeof idx);
    c.nidx = 5;
    gc_check("rows (repeated rows add up)", &c.gc, 1e-2, 1e-2);
    gc_release(&c.gc);
    setup(&c, 3, ND(3, 2, 2), SH({2, 3, 4}, {4, 5}, {5, 5}), -1, 1);
    c.gc.build = b_rnn;
    gc_check("three unrolled tanh RNN steps (BPTT)", &c.gc, 1e-2, 1e-2);
    gc_release(&c.gc);
    setup(&c, 1, ND(2), SH({6, 3}), -1, 1);
    c.gc.build = b_triplet;
    gc_check("triplet loss on L2-normalised rows", &c.gc, 1e-3, 2e-2);
    gc_release(&c.gc);
}

/* ---- forward values --------------------------------------------------- */

static void test_forward_values(void)
{
    Err e;
    /* conv2d against the definition, NHWC, stride 2, padding 1 */
    size_t N = 2, H = 5, W = 5, C = 2, F = 3, k = 3, s = 2, p = 1;
    size_t Ho = (H + 2 * p - k) / s + 1, Wo = (W + 2 * p - k) / s + 1;
    float x[2 * 5 * 5 * 2], w[3 * 3 * 2 * 3], b[3] = {0.5f, -1, 2};
    for (size_t i = 0; i < sizeof x / sizeof *x; i++)
        x[i] = (float)rng_uniform(&data_rng) - 0.5f;
    for (size_t i = 0; i < sizeof w / sizeof *w; i++)
        w[i] = (float)rng_uniform(&data_rng) - 0.5f;
    nn_graph_reset(G);
    NnTensor *y = nn_conv2d(G, nn_input(G, x, 4, (size_t[]){N, H, W, C}),
                            nn_input(G, w, 4, (size_t[]){k, k, C, F}),
                            nn_input(G, b, 1, (size_t[]){F}), (int)s, (int)p);
    double worst = 0;
    for (size_t n = 0; y && n < N; n++)
        for (size_t oy = 0; oy < Ho; oy++)
            for (size_t ox = 0; ox < Wo; ox++)
                for (size_t f = 0; f < F; f++) {
                    double acc = b[f];
                    for (size_t ky = 0; ky < k; ky++)
                        for (size_t kx = 0; kx < k; kx++)
                            for (size_t c = 0; c < C; c++) {
                                long iy = (long)(oy * s + ky) - (long)p,
                                     ix = (long)(ox * s + kx) - (long)p;
                                if (iy < 0 || ix < 0 || iy >= (long)H || ix >= (long)W) continue;
                                acc += (double)x[((n * H + (size_t)iy) * W + (size_t)ix) * C + c] *
                                       w[((ky * k + kx) * C + c) * F + f];
                            }
                    double d = fabs(acc - y->data[((n * Ho + oy) * Wo + ox) * F + f]);
                    if (d > worst) worst = d;
                }
    ok(y && y->shape[1] == Ho && y->shape[2] == Wo && y->shape[3] == F && worst < 1e-5,
       "conv2d equals the sum over its window (NHWC, stride 2, pad 1; max error %.2g)", worst);

    /* transposed conv is conv's adjoint: <conv(x), y> = <x, convT(y)> */
    nn_graph_reset(G);
    NnTensor *cx = nn_conv2d(G, nn_input(G, x, 4, (size_t[]){N, H, W, C}),
                             nn_input(G, w, 4, (size_t[]){k, k, C, F}), NULL, (int)s, (int)p);
    float *yy = malloc(cx->n * sizeof *yy);
    for (size_t i = 0; i < cx->n; i++)
        yy[i] = (float)rng_uniform(&data_rng) - 0.5f;
    NnTensor *ty =
        nn_conv2d_transpose(G, nn_input(G, yy, 4, cx->shape),
                            nn_input(G, w, 4, (size_t[]){k, k, C, F}), NULL, (int)s, (int)p);
    double l = 0, r = 0;
    for (size_t i = 0; i < cx->n; i++)
        l += (double)cx->data[i] * yy[i];
    /* (H + 2p - k) is a multiple of s, so convT(y) has conv's input shape */
    int shapes_ok = ty && ty->shape[1] == H && ty->shape[2] == W && ty->shape[3] == C;
    if (shapes_ok) {
        for (size_t i = 0; i < ty->n; i++)
            r += (double)x[i] * ty->data[i];
    }
    ok(shapes_ok && fabs(l - r) < 1e-4 * (fabs(l) + 1),
       "conv2d_transpose is the adjoint of conv2d (%g vs %g)", l, r);
    free(yy);

    /* max pooling picks window maxima */
    float px[16];
    for (int i = 0; i < 16; i++)
        px[i] = (float)((i * 7) % 16);
    nn_graph_reset(G);
    NnTensor *py = nn_maxpool(G, nn_input(G, px, 4, (size_t[]){1, 4, 4, 1}), 2, 2);
    ok(py && py->n == 4 && py->data[0] == fmaxf(fmaxf(px[0], px[1]), fmaxf(px[4], px[5])) &&
           py->data[3] == fmaxf(fmaxf(px[10], px[11]), fmaxf(px[14], px[15])),
       "maxpool takes the maximum of each window");

    /* softmax cross-entropy of equal logits is log(C) */
    float z[6] = {0};
    int lab[2] = {0, 2};
    nn_graph_reset(G);
    NnTensor *xe = nn_softmax_xent(G, nn_input(G, z, 2, (size_t[]){2, 3}), lab);
    ok(xe && fabs(xe->data[0] - log(3.0)) < 1e-6, "softmax_xent of equal logits is log 3");
    /* KL of the standard normal with itself is 0; of N(1, e) is
     * (e + 1 - 1 - 1) / 2; the mean over the two rows */
    float mu[2] = {0, 1}, lv[2] = {0, 1};
    nn_graph_reset(G);
    NnTensor *kl =
        nn_kl_normal(G, nn_input(G, mu, 2, (size_t[]){2, 1}), nn_input(G, lv, 2, (size_t[]){2, 1}));
    ok(kl && fabs(kl->data[0] - (exp(1.0) - 1) / 2 / 2) < 1e-6,
       "kl_normal: 0 for N(0,1), (e-1)/2 for N(1,e)");
    /* dropout passes through in evaluation mode */
    nn_graph_reset(G);
    nn_graph_set_train(G, 0);
    NnTensor *dx = nn_input(G, px, 2, (size_t[]){4, 4});
    ok(nn_dropout(G, dx, 0.5f) == dx, "dropout is the identity when not training");
    nn_graph_set_train(G, 1);
    NnTensor *dy = nn_dropout(G, nn_input(G, px, 2, (size_t[]){4, 4}), 0.5f);
    int zeros = 0, scaled = 1;
    for (int i = 0; dy && i < 16; i++) {
        if (dy->data[i] == 0 && px[i] != 0)
            zeros++;
        else if (dy->data[i] != 2 * px[i])
            scaled = 0;
    }
    ok(dy && zeros > 0 && zeros < 16 && scaled,
       "dropout zeroes some values and scales the rest by 1/(1-p)");
    err_clear(&e);
}

/* ---- errors ----------------------------------------------------------- */

static void test_errors(void)
{
    Err e;
    float a[12] = {0}, b[12] = {0};
    nn_graph_reset(G);
    NnTensor *y = nn_linear(G, nn_input(G, a, 2, (size_t[]){3, 4}),
                            nn_input(G, b, 2, (size_t[]){3, 4}), NULL);
    NnTensor *z = nn_relu(G, y);
    err_clear(&e);
    ok(!y && !z && nn_graph_failed(G, &e) < 0 &&
           strcmp(e.msg, "linear: shapes 3x4 and 3x4 do not match") == 0,
       "a shape mismatch names both shapes and later ops pass the failure on: %s", e.msg);
    nn_graph_reset(G);
    y = nn_conv2d(G, nn_input(G, a, 2, (size_t[]){3, 4}), nn_input(G, b, 4, (size_t[]){1, 1, 4, 3}),
                  NULL, 1, 0);
    err_clear(&e);
    nn_graph_failed(G, &e);
    ok(!y && strcmp(e.msg, "conv2d: input must be images (NxHxWxC), got 3x4") == 0,
       "conv2d on a matrix: %s", e.msg);
    nn_graph_reset(G);
    y = nn_maxpool(G, nn_input(G, a, 4, (size_t[]){1, 2, 2, 3}), 3, 1);
    err_clear(&e);
    nn_graph_failed(G, &e);
    ok(!y && strcmp(e.msg, "maxpool: a 3x3 window does not fit 1x2x2x3 images") == 0,
       "pool too large: %s", e.msg);
    nn_graph_reset(G);
    int lab[3] = {0, 4, 1};
    y = nn_softmax_xent(G, nn_input(G, a, 2, (size_t[]){3, 4}), lab);
    err_clear(&e);
    nn_graph_failed(G, &e);
    ok(!y && strcmp(e.msg, "softmax_xent: row 1 has label 4, outside 0..3") == 0,
       "label out of range: %s", e.msg);
    nn_graph_reset(G);
    y = nn_relu(G, nn_input(G, a, 2, (size_t[]){3, 4}));
    err_clear(&e);
    ok(nn_backward(G, y, NULL, &e) < 0 &&
           strcmp(e.msg, "backward: the loss must be one value, got a 3x4 tensor") == 0,
       "backward from a matrix without a seed: %s", e.msg);
    nn_graph_reset(G);
    ok(nn_graph_failed(G, &e) == 0, "reset clears the error");
}

int main(void)
{
    Err e;
    rng_seed(&data_rng, 42);
    G = nn_graph_new(&op_rng, &e);
    gc_init(G, &data_rng, &op_rng);
    test_gradients();
    test_forward_values();
    test_errors();
    nn_graph_free(G);
    return done_testing();
}
