/* Unit tests of the network core's parameters, initialisation and
 * optimisers, and of whole training loops: an MLP learns XOR; the
 * same seed gives the same weights; a frozen store passes gradients on. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/rng.h"
#include "nn/nn.h"
#include "tests/tap.h"

static void test_store(void)
{
    Err e;
    NnParams P;
    nn_params_init_store(&P);
    long a = nn_params_add(&P, "w", 2, (size_t[]){3, 5}, &e);
    long b = nn_params_add(&P, "b", 1, (size_t[]){5}, &e);
    ok(a == 0 && b == 1 && P.info[1].off % 16 == 0 && P.total == 16 + 5,
       "parameters are packed on 64-byte boundaries");
    err_clear(&e);
    ok(nn_params_add(&P, "w", 1, (size_t[]){2}, &e) < 0 &&
           strcmp(e.msg, "parameter w declared twice") == 0,
       "a duplicate name is refused: %s", e.msg);
    ok(nn_params_find(&P, "b") == 1 && nn_params_find(&P, "c") == -1,
       "parameters are found by name");
    nn_params_free(&P);

    /* He: std sqrt(2/fan_in); Xavier: uniform on +-sqrt(6/(in+out)) */
    nn_params_init_store(&P);
    long w = nn_params_add(&P, "big", 2, (size_t[]){200, 100}, &e);
    Rng r;
    rng_seed(&r, 3);
    nn_params_init(&P, (size_t)w, NN_INIT_HE, 200, 100, 0, &r);
    double s = 0, s2 = 0;
    float *v = nn_params_at(&P, (size_t)w);
    for (size_t i = 0; i < 20000; i++) {
        s += v[i];
        s2 += (double)v[i] * v[i];
    }
    is_near(sqrt(s2 / 20000), sqrt(2.0 / 200), 0.003, "He initialisation has std sqrt(2 / fan_in)");
    is_near(s / 20000, 0, 0.003, "He initialisation has mean 0");
    nn_params_init(&P, (size_t)w, NN_INIT_XAVIER, 200, 100, 0, &r);
    float mx = 0;
    s2 = 0;
    for (size_t i = 0; i < 20000; i++) {
        if (fabsf(v[i]) > mx) mx = fabsf(v[i]);
        s2 += (double)v[i] * v[i];
    }
    double lim = sqrt(6.0 / 300);
    ok(mx <= lim && mx > 0.99 * lim, "Xavier initialisation fills +-sqrt(6 / (in + out))");
    is_near(s2 / 20000, lim * lim / 3, 0.0005, "Xavier's variance is 2 / (in + out)");
    nn_params_free(&P);
}

/* One parameter w = 1 with gradient g = 2 (from L = 2 w) at every step. */
static void run_opt(NnOptKind kind, float wd, int steps, float *out)
{
    Err e;
    NnParams P;
    nn_params_init_store(&P);
    nn_params_add(&P, "w", 1, (size_t[]){1}, &e);
    P.data[0] = 1;
    NnOptim o;
    nn_optim_init(&o, &P, kind, 0.1f, &e);
    o.weight_decay = wd;
    for (int i = 0; i < steps; i++) {
        P.grad[0] = 2;
        nn_optim_step(&o);
        out[i] = P.data[0];
    }
    nn_optim_free(&o);
    nn_params_free(&P);
}

static void test_optimisers(void)
{
    float w[3];
    run_opt(NN_OPT_SGD, 0, 2, w);
    ok(fabsf(w[0] - 0.8f) < 1e-6 && fabsf(w[1] - 0.6f) < 1e-6, "SGD: w -= lr g");
    run_opt(NN_OPT_SGD, 0.5f, 1, w);
    ok(fabsf(w[0] - (1 - 0.1f * 2.5f)) < 1e-6, "weight decay adds wd * w to the gradient");
    run_opt(NN_OPT_MOMENTUM, 0, 3, w);
    /* v = 2, 3.8, 5.42; w = 1 - 0.1 v cumulative */
    ok(fabsf(w[0] - 0.8f) < 1e-6 && fabsf(w[1] - 0.42f) < 1e-6 &&
           fabsf(w[2] - (0.42f - 0.542f)) < 1e-6,
       "momentum: v = 0.9 v + g, w -= lr v");
    run_opt(NN_OPT_ADAM, 0, 3, w);
    /* with a constant gradient Adam's bias-corrected step is lr every time
     * (m_hat = g, v_hat = g^2), up to eps */
    ok(fabsf(w[0] - 0.9f) < 1e-5 && fabsf(w[1] - 0.8f) < 1e-5 && fabsf(w[2] - 0.7f) < 1e-5,
       "Adam: bias-corrected steps of lr for a constant gradient (%.6f %.6f %.6f)", w[0], w[1],
       w[2]);
    ok(nn_optim_kind("adam") == NN_OPT_ADAM && nn_optim_kind("sgd") == NN_OPT_SGD &&
           nn_optim_kind("momentum") == NN_OPT_MOMENTUM && nn_optim_kind("rmsprop") == -1,
       "optimiser names");
}

/* A 2-8-1 tanh MLP on XOR with a sigmoid output and BCE; returns the final
 * loss and the weights' checksum. */
static double train_xor(uint64_t seed, NnOptKind kind, float lr, int epochs, float *pred,
                        double *sum)
{
    Err e;
    Rng r;
    rng_seed(&r, seed);
    NnParams P;
    nn_params_init_store(&P);
    long w1 = nn_params_add(&P, "w1", 2, (size_t[]){2, 8}, &e),
         b1 = nn_params_add(&P, "b1", 1, (size_t[]){8}, &e);
    long w2 = nn_params_add(&P, "w2", 2, (size_t[]){8, 1}, &e),
         b2 = nn_params_add(&P, "b2", 1, (size_t[]){1}, &e);
    nn_params_init(&P, (size_t)w1, NN_INIT_XAVIER, 2, 8, 0, &r);
    nn_params_init(&P, (size_t)w2, NN_INIT_XAVIER, 8, 1, 0, &r);
    NnOptim o;
    nn_optim_init(&o, &P, kind, lr, &e);
    NnGraph *g = nn_graph_new(&r, &e);
    static const float X[8] = {0, 0, 0, 1, 1, 0, 1, 1}, Y[4] = {0, 1, 1, 0};
    double loss = NAN;
    for (int it = 0; it < epochs; it++) {
        nn_graph_reset(g);
        nn_params_zero_grad(&P);
        NnTensor *x = nn_input(g, X, 2, (size_t[]){4, 2});
        NnTensor *h =
            nn_tanh(g, nn_linear(g, x, nn_param(g, &P, (size_t)w1), nn_param(g, &P, (size_t)b1)));
        NnTensor *z = nn_linear(g, h, nn_param(g, &P, (size_t)w2), nn_param(g, &P, (size_t)b2));
        NnTensor *l = nn_bce_logits(g, z, nn_input(g, Y, 2, (size_t[]){4, 1}));
        if (nn_backward(g, l, NULL, &e) < 0) break;
        nn_optim_step(&o);
        loss = l->data[0];
        for (int i = 0; i < 4; i++)
            pred[i] = 1.0f / (1.0f + expf(-z->data[i]));
    }
    *sum = 0;
    for (size_t i = 0; i < P.total; i++)
        *sum += P.data[i] * (double)(i + 1);
    nn_graph_free(g);
    nn_optim_free(&o);
    nn_params_free(&P);
    return loss;
}

static void test_xor(void)
{
    float p[4];
    double s1, s2, s3;
    double l = train_xor(1, NN_OPT_ADAM, 0.05f, 500, p, &s1);
    ok(l < 0.05 && p[0] < 0.1 && p[1] > 0.9 && p[2] > 0.9 && p[3] < 0.1,
       "an MLP learns XOR with Adam (loss %.4f; %.2f %.2f %.2f %.2f)", l, p[0], p[1], p[2], p[3]);
    l = train_xor(1, NN_OPT_MOMENTUM, 0.2f, 1000, p, &s2);
    ok(l < 0.05 && p[0] < 0.1 && p[1] > 0.9 && p[2] > 0.9 && p[3] < 0.1,
       "an MLP learns XOR with momentum SGD (loss %.4f)", l);
    train_xor(1, NN_OPT_ADAM, 0.05f, 500, p, &s2);
    train_xor(2, NN_OPT_ADAM, 0.05f, 500, p, &s3);
    ok(s1 == s2 && s1 != s3, "the same seed gives the same weights, another seed other weights");
}

/* A frozen store: its views collect no gradient but pass it to inputs. */
static void test_frozen(void)
{
    Err e;
    Rng r;
    rng_seed(&r, 5);
    NnParams G, D;
    nn_params_init_store(&G);
    nn_params_init_store(&D);
    long gw = nn_params_add(&G, "g", 2, (size_t[]){2, 3}, &e),
         dw = nn_params_add(&D, "d", 2, (size_t[]){3, 1}, &e);
    nn_params_init(&G, (size_t)gw, NN_INIT_XAVIER, 2, 3, 0, &r);
    nn_params_init(&D, (size_t)dw, NN_INIT_XAVIER, 3, 1, 0, &r);
    D.frozen = 1;
    NnGraph *g = nn_graph_new(&r, &e);
    float z[4] = {0.5f, -1, 2, 0.25f}, one[2] = {1, 1};
    NnTensor *fake =
        nn_linear(g, nn_input(g, z, 2, (size_t[]){2, 2}), nn_param(g, &G, (size_t)gw), NULL);
    NnTensor *score = nn_linear(g, fake, nn_param(g, &D, (size_t)dw), NULL);
    NnTensor *loss = nn_bce_logits(g, score, nn_input(g, one, 2, (size_t[]){2, 1}));
    nn_params_zero_grad(&G);
    nn_params_zero_grad(&D);
    int rc = nn_backward(g, loss, NULL, &e);
    ok(rc == 0 && nn_params_grad_norm(&G) > 0 && nn_params_grad_norm(&D) == 0,
       "gradients pass through a frozen network to the one that learns");
    G.grad[0] = 3;
    G.grad[1] = 4;
    for (size_t i = 2; i < G.total; i++)
        G.grad[i] = 0;
    double before = nn_params_clip_grad(&G, 1.0);
    ok(before == 5 && fabs(nn_params_grad_norm(&G) - 1) < 1e-6,
       "gradient clipping scales the norm down to the limit");
    nn_graph_free(g);
    nn_params_free(&G);
    nn_params_free(&D);
}

/* After the first step the arena is one block and does not grow. */
static void test_arena(void)
{
    Err e;
    NnGraph *g = nn_graph_new(NULL, &e);
    float *x = calloc(100000, sizeof *x);
    size_t sizes[3];
    for (int step = 0; step < 3; step++) {
        nn_graph_reset(g);
        NnTensor *t = nn_input(g, x, 2, (size_t[]){1000, 100});
        for (int i = 0; i < 8; i++)
            t = nn_tanh(g, t); /* 8 x 400 KB: more than one block */
        sizes[step] = nn_graph_bytes(g);
    }
    ok(sizes[1] == sizes[0] && sizes[2] == sizes[0],
       "the arena keeps its size from step to step (%zu bytes)", sizes[0]);
    free(x);
    nn_graph_free(g);
}

int main(void)
{
    test_store();
    test_optimisers();
    test_xor();
    test_frozen();
    test_arena();
    return done_testing();
}
