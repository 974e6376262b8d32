/* Finite-difference checks of every op's backward rule (src/nn/ops.h),
 * plus forward values against plain loops and the shape errors.
 *
 * Each check builds L = sum(w * op(inputs)) for fixed random weights w,
 * gets dL/dinput from nn_backward (seeded with w) and compares it with the
 * central difference (L(x + h) - L(x - h)) / 2h at every input value (or a
 * sample of them for big inputs).  Random ops (dropout, the VAE's
 * sampling) draw the same numbers at every evaluation: the graph's Rng is
 * re-seeded before each. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/rng.h"
#include "nn/nn.h"
#include "tests/tap.h"

#define MAXIN 3

typedef struct Case {
    int nin;
    int nd[MAXIN];
    size_t shape[MAXIN][NN_MAX_DIMS];
    float *x[MAXIN];
    size_t n[MAXIN];
    NnTensor *(*build)(NnGraph *g, NnTensor **in, const struct Case *c);
    int iarg[4];
    float farg[2];
    int *labels;
    size_t idx[16];
    size_t nidx;
} Case;

static Rng data_rng;
static Rng op_rng;
static NnGraph *G;

static double forward(Case *c, const float *w, NnTensor **out_in, NnTensor **out)
{
    nn_graph_reset(G);
    rng_seed(&op_rng, 1234);
    NnTensor *in[MAXIN];
    for (int i = 0; i < c->nin; i++)
        in[i] = nn_input_grad(G, c->x[i], c->nd[i], c->shape[i]);
    NnTensor *y = c->build(G, in, c);
    if (out_in)
        for (int i = 0; i < c->nin; i++)
            out_in[i] = in[i];
    if (out) *out = y;
    if (!y || !w) return NAN;
    double L = 0;
    for (size_t i = 0; i < y->n; i++)
        L += (double)w[i] * y->data[i];
    return L;
}

/* Compare analytic and numeric gradients; returns the worst relative error. */
static void check(const char *name, Case *c, double h, double tol)
{
    NnTensor *in[MAXIN], *y;
    forward(c, NULL, in, &y); /* the output's size */
    if (!y) {
        ok(0, "%s: forward failed: %s", name, nn_graph_err(G));
        return;
    }
    size_t ny = y->n;
    float *w = malloc(ny * sizeof *w);
    for (size_t i = 0; i < ny; i++)
        w[i] = (float)(rng_uniform(&data_rng) * 2 - 1);
    forward(c, w, in, &y);
    Err e;
    err_clear(&e);
    int rc = nn_backward(G, y, w, &e);
    if (rc < 0) {
        ok(0, "%s: backward failed: %s", name, e.msg);
        free(w);
        return;
    }
    float *ana[MAXIN];
    for (int i = 0; i < c->nin; i++) {
        ana[i] = malloc(c->n[i] * sizeof(float));
        memcpy(ana[i], in[i]->grad, c->n[i] * sizeof(float));
    }
    double worst = 0;
    size_t checked = 0;
    for (int i = 0; i < c->nin; i++) {
        size_t step = c->n[i] > 300 ? c->n[i] / 150 : 1;
        for (size_t j = 0; j < c->n[i]; j += step) {
            float keep = c->x[i][j];
            c->x[i][j] = keep + (float)h;
            double lp = forward(c, w, NULL, NULL);
            c->x[i][j] = keep - (float)h;
            double lm = forward(c, w, NULL, NULL);
            c->x[i][j] = keep;
            double num = (lp - lm) / (2 * h), a = ana[i][j];
            double err = fabs(num - a) / (fabs(num) + fabs(a) + 1e-2);
            if (err > worst) worst = err;
            checked++;
        }
    }
    ok(worst < tol,
       "%s: gradient matches finite differences (%zu values, worst relative error %.2g)", name,
       checked, worst);
    for (int i = 0; i < c->nin; i++)
        free(ana[i]);
    free(w);
}

/* A case with inputs of the given shapes filled with uniform values in
 * [lo, hi). */
static void setup(Case *c, int nin, const int *nd, const size_t shapes[][NN_MAX_DIMS], float lo,
                  float hi)
{
    memset(c, 0, sizeof *c);
    c->nin = nin;
    for (int i = 0; i < nin; i++) {
        c->nd[i] = nd[i];
        c->n[i] = 1;
        for (int d = 0; d < nd[i]; d++) {
            c->shape[i][d] = shapes[i][d];
            c->n[i] *= shapes[i][d];
        }
        c->x[i] = malloc(c->n[i] * sizeof(float));
        for (size_t j = 0; j < c->n[i]; j++)
            c->x[i][j] = lo + (hi - lo) * (float)rng_uniform(&data_rng);
    }
}

static void release(Case *c)
{
    for (int i = 0; i < c->nin; i++)
        free(c->x[i]);
}

/* Push values away from 0 by at least m (for relu's kink). */
static void away_from_zero(Case *c, int i, float m)
{
    for (size_t j = 0; j < c->n[i]; j++)
        if (fabsf(c->x[i][j]) < m) c->x[i][j] = c->x[i][j] < 0 ? -m - c->x[i][j] : m + c->x[i][j];
}

/* ---- builders --------------------------------------------------------- */

static NnTensor *b_matmul(NnGraph *g, NnTensor **in, const Case *c)
{
    return nn_matmul(g, in[0], in[1], c->iarg[0], c->iarg[1]);
}
static NnTensor *b_linear(NnGraph *g, NnTensor **in, const Case *c)
{
    return nn_linear(g, in[0], in[1], c->nin > 2 ? in[2] : NULL);
}
static NnTensor *b_bias(NnGraph *g, NnTensor **in, const Case *c)
{
    return nn_add_bias(g, in[0], in[1]);
}
static NnTensor *b_add(NnGraph *g, NnTensor **in, const Case *c)
{
    return nn_add(g, in[0], in[1]);
}
static NnTensor *b_sub(NnGraph *g, NnTensor **in, const Case *c)
{
    return nn_sub(g, in[0], in[1]);
}
static NnTensor *b_mul(NnGraph *g, NnTensor **in, const Case *c)
{
    return nn_mul(g, in[0], in[1]);
}
static NnTensor *b_affine(NnGraph *g, NnTensor **in, const Case *c)
{
    return nn_affine(g, in[0], c->farg[0], c->farg[1]);
}
static NnTensor *b_sum(NnGraph *g, NnTensor **in, const Case *c)
{
    return nn_sum(g, nn_mul(g, in[0], in[0]));
}
static NnTensor *b_mean(NnGraph *g, NnTensor **in, const Case *c)
{
    return nn_mean(g, nn_mul(g, in[0], in[0]));
}
static NnTensor *b_relu(NnGraph *g, NnTensor **in, const Case *c)
{
    return nn_relu(g, in[0]);
}
static NnTensor *b_lrelu(NnGraph *g, NnTensor **in, const Case *c)
{
    return nn_leaky_relu(g, in[0], 0.2f);
}
static NnTensor *b_tanh(NnGraph *g, NnTensor **in, const Case *c)
{
    return nn_tanh(g, in[0]);
}
static NnTensor *b_sigmoid(NnGraph *g, NnTensor **in, const Case *c)
{
    return nn_sigmoid(g, in[0]);
}
static NnTensor *b_softmax(NnGraph *g, NnTensor **in, const Case *c)
{
    return nn_softmax(g, in[0]);
}
static NnTensor *b_mse(NnGraph *g, NnTensor **in, const Case *c)
{
    return nn_mse(g, in[0], in[1]);
}
static NnTensor *b_bce(NnGraph *g, NnTensor **in, const Case *c)
{
    return nn_bce(g, in[0], in[1]);
}
static NnTensor *b_bcel(NnGraph *g, NnTensor **in, const Case *c)
{
    return nn_bce_logits(g, in[0], in[1]);
}
static NnTensor *b_xent(NnGraph *g, NnTensor **in, const Case *c)
{
    return nn_softmax_xent(g, in[0], c->labels);
}
static NnTensor *b_conv(NnGraph *g, NnTensor **in, const Case *c)
{
    return nn_conv2d(g, in[0], in[1], c->nin > 2 ? in[2] : NULL, c->iarg[0], c->iarg[1]);
}
static NnTensor *b_convt(NnGraph *g, NnTensor **in, const Case *c)
{
    return nn_conv2d_transpose(g, in[0], in[1], c->nin > 2 ? in[2] : NULL, c->iarg[0], c->iarg[1]);
}
static NnTensor *b_pool(NnGraph *g, NnTensor **in, const Case *c)
{
    return nn_maxpool(g, in[0], c->iarg[0], c->iarg[1]);
}
static NnTensor *b_reshape(NnGraph *g, NnTensor **in, const Case *c)
{
    /* a view, then an op reading it, so the gradient flows through the alias */
    NnTensor *r = nn_flatten(g, in[0]);
    return nn_tanh(g, nn_reshape(g, r, 2, (const size_t[]){r->n / 3, 3}));
}
static NnTensor *b_concat(NnGraph *g, NnTensor **in, const Case *c)
{
    return nn_tanh(g, nn_concat(g, in[0], in[1]));
}
static NnTensor *b_slice(NnGraph *g, NnTensor **in, const Case *c)
{
    return nn_slice(g, in[0], (size_t)c->iarg[0], (size_t)c->iarg[1]);
}
static NnTensor *b_rows(NnGraph *g, NnTensor **in, const Case *c)
{
    return nn_rows(g, in[0], c->idx, c->nidx);
}
static NnTensor *b_dropout(NnGraph *g, NnTensor **in, const Case *c)
{
    return nn_dropout(g, in[0], 0.3f);
}
static NnTensor *b_dist(NnGraph *g, NnTensor **in, const Case *c)
{
    return nn_rowdist2(g, in[0], in[1]);
}
static NnTensor *b_l2(NnGraph *g, NnTensor **in, const Case *c)
{
    return nn_l2norm(g, in[0]);
}
static NnTensor *b_reparam(NnGraph *g, NnTensor **in, const Case *c)
{
    return nn_reparam(g, in[0], in[1]);
}
static NnTensor *b_kl(NnGraph *g, NnTensor **in, const Case *c)
{
    return nn_kl_normal(g, in[0], in[1]);
}
/* three steps of h = tanh(x_t Wx + h Wh), output the last h: gradients
 * through time to Wx, Wh and every x_t */
static NnTensor *b_rnn(NnGraph *g, NnTensor **in, const Case *c)
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
static NnTensor *b_triplet(NnGraph *g, NnTensor **in, const Case *c)
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
            c.build = b_matmul;
            c.iarg[0] = ta;
            c.iarg[1] = tb;
            char name[64];
            snprintf(name, sizeof name, "matmul ta=%d tb=%d", ta, tb);
            check(name, &c, 1e-2, 1e-2);
            release(&c);
        }
    setup(&c, 3, ND(2, 2, 1), SH({6, 5}, {5, 4}, {4}), -1, 1);
    c.build = b_linear;
    check("linear", &c, 1e-2, 1e-2);
    c.nin = 2;
    check("linear without bias", &c, 1e-2, 1e-2);
    c.nin = 3;
    release(&c);
    setup(&c, 2, ND(4, 1), SH({2, 3, 3, 4}, {4}), -1, 1);
    c.build = b_bias;
    check("add_bias on NHWC", &c, 1e-2, 1e-2);
    release(&c);
    setup(&c, 2, ND(2, 2), SH({3, 4}, {3, 4}), -1, 1);
    c.build = b_add;
    check("add", &c, 1e-2, 1e-2);
    c.build = b_sub;
    check("sub", &c, 1e-2, 1e-2);
    c.build = b_mul;
    check("mul", &c, 1e-2, 1e-2);
    c.build = b_affine;
    c.farg[0] = -1.5f;
    c.farg[1] = 2;
    check("affine", &c, 1e-2, 1e-2);
    c.build = b_sum;
    check("sum", &c, 1e-2, 1e-2);
    c.build = b_mean;
    check("mean", &c, 1e-2, 1e-2);
    release(&c);

    setup(&c, 1, ND(2), SH({4, 5}), -2, 2);
    away_from_zero(&c, 0, 0.05f);
    c.build = b_relu;
    check("relu", &c, 1e-2, 1e-2);
    c.build = b_lrelu;
    check("leaky_relu", &c, 1e-2, 1e-2);
    c.build = b_tanh;
    check("tanh", &c, 1e-2, 1e-2);
    c.build = b_sigmoid;
    check("sigmoid", &c, 1e-2, 1e-2);
    c.build = b_softmax;
    check("softmax", &c, 1e-2, 1e-2);
    c.build = b_l2;
    check("l2norm", &c, 1e-2, 1e-2);
    c.build = b_dropout;
    check("dropout (training)", &c, 1e-2, 1e-2);
    release(&c);

    setup(&c, 2, ND(2, 2), SH({4, 3}, {4, 3}), -1, 1);
    c.build = b_mse;
    check("mse (both sides)", &c, 1e-2, 1e-2);
    c.build = b_bcel;
    check("bce_logits", &c, 1e-2, 1e-2);
    c.build = b_dist;
    check("rowdist2", &c, 1e-2, 1e-2);
    c.build = b_reparam;
    check("reparam", &c, 1e-2, 1e-2);
    c.build = b_kl;
    check("kl_normal", &c, 1e-2, 1e-2);
    release(&c);
    setup(&c, 2, ND(2, 2), SH({4, 3}, {4, 3}), 0.05f, 0.95f);
    c.build = b_bce;
    check("bce", &c, 1e-3, 1e-2);
    release(&c);
    setup(&c, 1, ND(2), SH({5, 4}), -2, 2);
    int labels[5] = {0, 3, 1, 1, 2};
    c.labels = labels;
    c.build = b_xent;
    check("softmax_xent", &c, 1e-2, 1e-2);
    release(&c);

    setup(&c, 3, ND(4, 4, 1), SH({2, 5, 6, 2}, {3, 3, 2, 3}, {3}), -1, 1);
    c.build = b_conv;
    c.iarg[0] = 1;
    c.iarg[1] = 0;
    check("conv2d stride 1 pad 0", &c, 1e-2, 1e-2);
    c.iarg[0] = 2;
    c.iarg[1] = 1;
    check("conv2d stride 2 pad 1", &c, 1e-2, 1e-2);
    c.nin = 2;
    check("conv2d without bias", &c, 1e-2, 1e-2);
    c.nin = 3;
    release(&c);
    setup(&c, 3, ND(4, 4, 1), SH({2, 3, 4, 2}, {3, 3, 3, 2}, {3}), -1, 1);
    c.build = b_convt;
    c.iarg[0] = 2;
    c.iarg[1] = 1;
    check("conv2d_transpose stride 2 pad 1", &c, 1e-2, 1e-2);
    c.iarg[0] = 1;
    c.iarg[1] = 0;
    check("conv2d_transpose stride 1 pad 0", &c, 1e-2, 1e-2);
    release(&c);
    setup(&c, 1, ND(4), SH({2, 6, 5, 3}), -1, 1);
    /* distinct values far apart, so the maximum does not switch under h */
    for (size_t j = 0; j < c.n[0]; j++)
        c.x[0][j] = (float)((j * 37) % c.n[0]) * 0.1f;
    c.build = b_pool;
    c.iarg[0] = 2;
    c.iarg[1] = 2;
    check("maxpool 2/2", &c, 1e-2, 1e-2);
    c.iarg[0] = 3;
    c.iarg[1] = 2;
    check("maxpool 3/2 (overlapping windows)", &c, 1e-2, 1e-2);
    c.build = b_reshape;
    check("reshape and flatten (views)", &c, 1e-2, 1e-2);
    c.build = b_slice;
    c.iarg[0] = 1;
    c.iarg[1] = 2;
    check("slice", &c, 1e-2, 1e-2);
    release(&c);
    setup(&c, 2, ND(4, 4), SH({2, 2, 3, 2}, {2, 2, 3, 3}), -1, 1);
    c.build = b_concat;
    check("concat", &c, 1e-2, 1e-2);
    release(&c);
    setup(&c, 1, ND(2), SH({4, 3}), -1, 1);
    c.build = b_rows;
    size_t idx[] = {2, 0, 2, 3, 2};
    memcpy(c.idx, idx, sizeof idx);
    c.nidx = 5;
    check("rows (repeated rows add up)", &c, 1e-2, 1e-2);
    release(&c);
    setup(&c, 3, ND(3, 2, 2), SH({2, 3, 4}, {4, 5}, {5, 5}), -1, 1);
    c.build = b_rnn;
    check("three unrolled tanh RNN steps (BPTT)", &c, 1e-2, 1e-2);
    release(&c);
    setup(&c, 1, ND(2), SH({6, 3}), -1, 1);
    c.build = b_triplet;
    check("triplet loss on L2-normalised rows", &c, 1e-3, 2e-2);
    release(&c);
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
    test_gradients();
    test_forward_values();
    test_errors();
    nn_graph_free(G);
    return done_testing();
}
