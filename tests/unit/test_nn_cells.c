/* Recurrent cells (src/nn/cells.h) and the ranking loss (ops_rank.h):
 * gradients through several unrolled steps (BPTT) against central
 * finite differences, for every input, weight and bias; the forward
 * values of one step against the formulas written out by hand; the
 * ranking loss against a plain double loop; shape errors.  The gradient
 * check is tests/unit/gradcheck.h, shared with test_nn_grad.c. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/rng.h"
#include "nn/cells.h"
#include "nn/nn.h"
#include "nn/ops_rank.h"
#include "tests/tap.h"
#include "tests/unit/gradcheck.h"

/* The builders' own parameters (GcCase first: the builder's pointer is
 * cast back). */
typedef struct Case {
    GcCase gc;
    NnCellKind kind;
    size_t T;
    float margin;
    int hardest;
} Case;
#define CASE(gc) ((const Case *)(gc))

static NnGraph *G;
static Rng rng, op_rng;

/* T steps of a cell: in = xs [B, T*G*H] (each step's input projection),
 * h0 [B, H], c0 [B, H], Wh [H, G*H], bh [1, G*H]; the output is every
 * step's h side by side, so the loss reaches back through each step */
static NnTensor *b_cell(NnGraph *g, NnTensor **in, const GcCase *gc)
{
    const Case *c = CASE(gc);
    size_t H = in[1]->shape[1], GH = nn_cell_gates(c->kind) * H;
    NnTensor *h = in[1], *cs = in[2], *bh = nn_reshape(g, in[4], 1, (const size_t[]){GH});
    NnTensor *out = NULL;
    for (size_t t = 0; t < c->T; t++) {
        NnTensor *xp = nn_slice(g, in[0], t * GH, GH), *c2;
        h = nn_cell_step(g, c->kind, xp, h, cs, in[3], c->kind == NN_CELL_GRU ? bh : NULL, &c2);
        if (c->kind == NN_CELL_LSTM) cs = c2;
        out = out ? nn_concat(g, out, h) : h;
    }
    return out;
}

static NnTensor *b_rank(NnGraph *g, NnTensor **in, const GcCase *gc)
{
    NnTensor *a = nn_l2norm(g, in[0]), *b = nn_l2norm(g, in[1]);
    return nn_rank_hinge(g, nn_matmul(g, a, b, 0, 1), CASE(gc)->margin, CASE(gc)->hardest);
}

/* nin 2-D inputs, rows[i] x cols[i], uniform in [-scale, scale) */
static void setup(Case *c, int nin, const size_t *rows, const size_t *cols, float scale)
{
    size_t shapes[GC_MAXIN][NN_MAX_DIMS] = {{0}};
    int nd[GC_MAXIN];
    for (int i = 0; i < nin; i++) {
        shapes[i][0] = rows[i];
        shapes[i][1] = cols[i];
        nd[i] = 2;
    }
    gc_setup(&c->gc, nin, nd, (const size_t(*)[NN_MAX_DIMS])shapes, -scale, scale);
}

static void test_cell_gradients(void)
{
    for (int k = 0; k < 3; k++) {
        size_t B = 2, H = 3, T = 4, GH = nn_cell_gates(k) * H;
        Case c = {.gc.build = b_cell, .kind = k, .T = T};
        setup(&c, 5, (const size_t[]){B, B, B, H, 1}, (const size_t[]){T * GH, H, H, GH, GH}, 1.0f);
        char name[64];
        snprintf(name, sizeof name, "%s cell, %zu steps (BPTT)", nn_cell_name(k), T);
        gc_check(name, &c.gc, 1e-2, 1e-2);
        gc_release(&c.gc);
    }
}

static float sig(float x)
{
    return 1.0f / (1.0f + expf(-x));
}

/* one step of each cell against its formula, element by element */
static void test_cell_values(void)
{
    const size_t B = 2, H = 2;
    for (int k = 0; k < 3; k++) {
        size_t GH = nn_cell_gates(k) * H;
        float xp[2 * 8], h[4], cs[4], Wh[2 * 8], bh[8];
        for (size_t i = 0; i < B * GH; i++)
            xp[i] = (float)(rng_uniform(&rng) * 2 - 1);
        for (size_t i = 0; i < H * GH; i++)
            Wh[i] = (float)(rng_uniform(&rng) * 2 - 1);
        for (size_t i = 0; i < GH; i++)
            bh[i] = (float)(rng_uniform(&rng) * 2 - 1);
        for (size_t i = 0; i < B * H; i++)
            h[i] = (float)(rng_uniform(&rng) * 2 - 1), cs[i] = (float)(rng_uniform(&rng) * 2 - 1);
        nn_graph_reset(G);
        NnTensor *c2, *y = nn_cell_step(
                          G, k, nn_input(G, xp, 2, (const size_t[]){B, GH}),
                          nn_input(G, h, 2, (const size_t[]){B, H}),
                          nn_input(G, cs, 2, (const size_t[]){B, H}),
                          nn_input(G, Wh, 2, (const size_t[]){H, GH}),
                          k == NN_CELL_GRU ? nn_input(G, bh, 1, (const size_t[]){GH}) : NULL, &c2);
        double worst = y ? 0 : 1;
        for (size_t b = 0; y && b < B; b++) {
            float hh[8], want[2];
            for (size_t j = 0; j < GH; j++) {
                hh[j] = k == NN_CELL_GRU ? bh[j] : 0;
                for (size_t q = 0; q < H; q++)
                    hh[j] += h[b * H + q] * Wh[q * GH + j];
            }
            for (size_t u = 0; u < H; u++) {
                const float *a = xp + b * GH;
                if (k == NN_CELL_RNN)
                    want[u] = tanhf(a[u] + hh[u]);
                else if (k == NN_CELL_GRU) {
                    float r = sig(a[u] + hh[u]), z = sig(a[H + u] + hh[H + u]);
                    float n = tanhf(a[2 * H + u] + r * hh[2 * H + u]);
                    want[u] = (1 - z) * n + z * h[b * H + u];
                } else {
                    float i = sig(a[u] + hh[u]), f = sig(a[H + u] + hh[H + u]);
                    float gg = tanhf(a[2 * H + u] + hh[2 * H + u]),
                          o = sig(a[3 * H + u] + hh[3 * H + u]);
                    float cn = f * cs[b * H + u] + i * gg;
                    want[u] = o * tanhf(cn);
                    worst = fmax(worst, fabs(c2->data[b * H + u] - cn));
                }
                worst = fmax(worst, fabs(y->data[b * H + u] - want[u]));
            }
        }
        ok(worst < 1e-5, "%s cell: one step matches its formula (worst difference %.2g)",
           nn_cell_name(k), worst);
    }
}

static float val(size_t k, double s)
{
    return (float)(sin(0.7 * (double)k + s) * 0.8);
}

/* One step of each cell against PyTorch 1.13's GRUCell, LSTMCell and
 * RNNCell (tanh) with the same weights (Debian's python3-torch, double
 * precision; weight_ih = Wx^T, weight_hh = Wh^T, bias_ih = b, bias_hh =
 * the GRU's bh, zero for the others), x 2x3, h and c 2x2, every value
 * sin(0.7 k + s) * 0.8. */
static void test_cell_torch(void)
{
    static const double want[3][4] = {
        {0.889973116, 0.778056841, 0.918161237, 0.982351264},     /* rnn */
        {0.0539540759, 0.177228596, 0.756507914, 0.390308187},    /* gru */
        {0.0720045165, 0.021171724, 0.0396736441, -0.0509684389}, /* lstm */
    };
    static const double want_c[4] = {0.532597018, 0.201774632, 0.518134838, -0.420985262};
    const size_t B = 2, D = 3, H = 2;
    float x[6], h[4], c[4], Wx[3 * 8], Wh[2 * 8], b[8], bh[8];
    for (size_t i = 0; i < B * D; i++)
        x[i] = val(i, 0.1);
    for (size_t i = 0; i < B * H; i++)
        h[i] = val(i, 0.2), c[i] = val(i, 0.3);
    for (int k = 0; k < 3; k++) {
        size_t GH = nn_cell_gates(k) * H;
        for (size_t i = 0; i < D * GH; i++)
            Wx[i] = val(i, 0.4);
        for (size_t i = 0; i < H * GH; i++)
            Wh[i] = val(i, 0.5);
        for (size_t i = 0; i < GH; i++)
            b[i] = val(i, 0.6), bh[i] = val(i, 0.7);
        nn_graph_reset(G);
        NnTensor *xp = nn_linear(G, nn_input(G, x, 2, (const size_t[]){B, D}),
                                 nn_input(G, Wx, 2, (const size_t[]){D, GH}),
                                 nn_input(G, b, 1, (const size_t[]){GH}));
        NnTensor *c2, *y = nn_cell_step(
                          G, k, xp, nn_input(G, h, 2, (const size_t[]){B, H}),
                          nn_input(G, c, 2, (const size_t[]){B, H}),
                          nn_input(G, Wh, 2, (const size_t[]){H, GH}),
                          k == NN_CELL_GRU ? nn_input(G, bh, 1, (const size_t[]){GH}) : NULL, &c2);
        double worst = y ? 0 : 1;
        for (size_t i = 0; y && i < B * H; i++) {
            worst = fmax(worst, fabs(y->data[i] - want[k][i]));
            if (k == NN_CELL_LSTM) worst = fmax(worst, fabs(c2->data[i] - want_c[i]));
        }
        ok(worst < 1e-6, "%s cell: one step matches PyTorch's %s (worst difference %.2g)",
           nn_cell_name(k),
           k == 0   ? "RNNCell"
           : k == 1 ? "GRUCell"
                    : "LSTMCell",
           worst);
    }
}

static void test_rank(void)
{
    for (int hard = 0; hard < 2; hard++) {
        Case c = {.gc.build = b_rank, .margin = 0.2f, .hardest = hard};
        setup(&c, 2, (const size_t[]){5, 5}, (const size_t[]){3, 3}, 1.0f);
        gc_check(hard ? "ranking loss, hardest negatives" : "ranking loss, all negatives", &c.gc,
                 1e-3, 2e-2);
        gc_release(&c.gc);
    }
    /* values: a plain double loop over a fixed score matrix */
    float S[9] = {0.9f, 0.8f, 0.1f, 0.2f, 0.5f, 0.6f, -0.3f, 0.7f, 0.4f};
    double sum = 0, hardsum = 0, m = 0.2;
    for (int i = 0; i < 3; i++) {
        double br = 0, bc = 0;
        for (int j = 0; j < 3; j++) {
            if (j == i) continue;
            double r = fmax(0, m - S[i * 3 + i] + S[i * 3 + j]),
                   q = fmax(0, m - S[i * 3 + i] + S[j * 3 + i]);
            sum += r + q;
            br = fmax(br, r);
            bc = fmax(bc, q);
        }
        hardsum += br + bc;
    }
    nn_graph_reset(G);
    NnTensor *L = nn_rank_hinge(G, nn_input(G, S, 2, (const size_t[]){3, 3}), 0.2f, 0);
    NnTensor *Lh = nn_rank_hinge(G, nn_input(G, S, 2, (const size_t[]){3, 3}), 0.2f, 1);
    is_near(L ? L->data[0] : NAN, sum / 3, 1e-6, "ranking loss value (all negatives) %.6f",
            sum / 3);
    is_near(Lh ? Lh->data[0] : NAN, hardsum / 3, 1e-6, "ranking loss value (hardest) %.6f",
            hardsum / 3);
}

static void test_errors(void)
{
    float buf[64] = {0};
    nn_graph_reset(G);
    NnTensor *y = nn_cell_step(G, NN_CELL_GRU, nn_input(G, buf, 2, (const size_t[]){2, 6}),
                               nn_input(G, buf, 2, (const size_t[]){2, 3}), NULL,
                               nn_input(G, buf, 2, (const size_t[]){3, 9}), NULL, NULL);
    ok(!y && strcmp(nn_graph_err(G), "gru cell: input projection 2x6, state 2x3, Wh 3x9 do not "
                                     "fit (3 gates)") == 0,
       "a projection of the wrong width is refused: %s", nn_graph_err(G));
    nn_graph_reset(G);
    y = nn_rank_hinge(G, nn_input(G, buf, 2, (const size_t[]){2, 3}), 0.2f, 0);
    ok(!y && strstr(nn_graph_err(G), "square"), "a non-square score matrix is refused: %s",
       nn_graph_err(G));
}

int main(void)
{
    Err e;
    rng_seed(&rng, 7);
    G = nn_graph_new(&op_rng, &e);
    gc_init(G, &rng, &op_rng);
    test_cell_gradients();
    test_cell_values();
    test_cell_torch();
    test_rank();
    test_errors();
    nn_graph_free(G);
    return done_testing();
}
