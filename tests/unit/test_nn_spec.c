/* Network descriptions (src/nn/spec.h) and nets built from them
 * (src/nn/net.h): parsing, printing back, errors at the offending word,
 * shapes layer by layer, and a small CNN that learns. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/rng.h"
#include "nn/nn.h"
#include "tests/tap.h"

static void parse_ok(const char *text, const char *want)
{
    Err e;
    NnSpec s;
    err_clear(&e);
    char buf[256] = "";
    if (nn_spec_parse(text, "net", &s, &e) == 0) {
        nn_spec_format(&s, buf, sizeof buf);
        nn_spec_free(&s);
    }
    ok(strcmp(buf, want) == 0, "'%s' reads as '%s'%s%s", text, buf, e.msg[0] ? ": " : "", e.msg);
}

static void parse_err(const char *text, const char *want)
{
    Err e;
    NnSpec s;
    err_clear(&e);
    int rc = nn_spec_parse(text, "net", &s, &e);
    ok(rc < 0 && strcmp(e.msg, want) == 0, "'%s' is refused: %s", text, e.msg);
    if (rc == 0) nn_spec_free(&s);
}

static void test_parse(void)
{
    parse_ok("conv(8,3) pool(2) conv(16,3) pool(2) dense(64)",
             "conv(8,3) pool(2) conv(16,3) pool(2) dense(64)");
    parse_ok("  conv( 16 , 5, stride=2, pad=2 ) relu,pool(3, 2) dropout(0.25) dense(10) linear",
             "conv(16,5,2,2) relu pool(3,2) dropout(0.25) dense(10) linear");
    parse_ok("dense(392) reshape(7, 7, 8) deconv(4, k=4, stride=2, pad=1) tanh flatten",
             "dense(392) reshape(7,7,8) deconv(4,4,2,1) tanh flatten");
    parse_ok("dense(32) leaky(0.2) dense(8) lrelu dense(2) sigmoid",
             "dense(32) leaky(0.2) dense(8) leaky(0.01) dense(2) sigmoid");
    /* the printed text parses back to the same spec */
    parse_ok("conv(16,5,2,2) relu pool(3,2) dropout(0.25) dense(10) linear",
             "conv(16,5,2,2) relu pool(3,2) dropout(0.25) dense(10) linear");

    parse_err("conv(8,3) pool(2) cnv(16,3)",
              "net: word 3 'cnv(16,3)' (column 19): unknown layer 'cnv'; the layers are dense, "
              "conv, deconv, pool, "
              "dropout, flatten, reshape, relu, leaky, tanh, sigmoid, linear");
    parse_err("conv(8,3", "net: word 1 'conv(8,3' (column 1): missing ')'");
    parse_err("conv(8;3)", "net: word 1 'conv(8;3)' (column 1): expected ',' or ')'");
    parse_err("dense(x)", "net: word 1 'dense(x)' (column 1): expected a number or name=number");
    parse_err("dense(64) conv(8)", "net: word 2 'conv(8)' (column 11): missing 'k'");
    parse_err("dense(2.5)",
              "net: word 1 'dense(2.5)' (column 1): n must be a whole number from 1 to 1048576");
    parse_err(
        "conv(8,3,stride=0)",
        "net: word 1 'conv(8,3,stride=0)' (column 1): stride must be a whole number from 1 to 64");
    parse_err("conv(8,3,size=2)",
              "net: word 1 'conv(8,3,size=2)' (column 1): unknown argument 'size'");
    parse_err("conv(8,k=3,2)",
              "net: word 1 'conv(8,k=3,2)' (column 1): a positional argument after a named one");
    parse_err("relu dense(3)", "net: word 1 'relu' (column 1): an activation must follow a layer");
    parse_err("pool(2) relu",
              "net: word 2 'relu' (column 9): an activation must follow dense, conv or deconv");
    parse_err("dense(3) relu tanh",
              "net: word 3 'tanh' (column 15): a second activation for one layer");
    parse_err("dropout(1)", "net: word 1 'dropout(1)' (column 1): p must be in [0, 1)");
    parse_err("flatten(2)", "net: word 1 'flatten(2)' (column 1): 'flatten' takes no arguments");
    parse_err("dense(3)x", "net: word 2 'x' (column 9): expected a space between layers");
    parse_err("   ", "net: no layers in '   '");
    parse_err("dense(1,2,3,4,5)", "net: word 1 'dense(1,2,3,4,5)' (column 1): too many arguments");

    Err e;
    NnSpec s;
    long w[] = {256, 64, 2};
    ok(nn_spec_widths(w, 3, &s, &e) == 0 && s.n == 3 && s.l[1].n == 64 && s.l[1].kind == NN_L_DENSE,
       "a list of widths is dense layers");
    nn_spec_resolve(&s, NN_ACT_TANH, 0);
    char buf[128];
    nn_spec_format(&s, buf, sizeof buf);
    ok(strcmp(buf, "dense(256) tanh dense(64) tanh dense(2) tanh") == 0,
       "resolving gives each layer the net's activation");
    nn_spec_free(&s);
    long bad[] = {8, 0};
    err_clear(&e);
    ok(nn_spec_widths(bad, 2, &s, &e) < 0 &&
           strcmp(e.msg, "layer 1 has width 0; widths are from 1 to 1048576") == 0,
       "a zero width is refused: %s", e.msg);
}

static int build(const char *text, NnShape in, int image, NnNet *net, NnParams *P, Err *e)
{
    NnSpec s;
    nn_params_init_store(P);
    if (nn_spec_parse(text, "net", &s, e) < 0) return -1;
    nn_spec_resolve(&s, NN_ACT_RELU, 0);
    int rc = nn_net_build(net, &s, in, image, P, "net", e);
    nn_spec_free(&s);
    return rc;
}

static void test_shapes(void)
{
    Err e;
    NnNet net;
    NnParams P;
    int rc = build("conv(8,3) pool(2) conv(16,3) pool(2) dense(64)", (NnShape){28, 28, 1}, 1, &net,
                   &P, &e);
    ok(rc == 0 && net.out[0].h == 26 && net.out[1].h == 13 && net.out[2].h == 11 &&
           net.out[3].h == 5 && net.out[3].c == 16 && nn_net_out(&net) == 64,
       "MNIST CNN shapes: 26x26x8, 13x13x8, 11x11x16, 5x5x16, 64");
    ok(rc == 0 && P.n == 6 && nn_params_find(&P, "net.4.w") == 4 && P.info[4].shape[0] == 400 &&
           P.info[2].shape[2] == 8 && P.info[2].shape[3] == 16,
       "its parameters: conv 3x3x1x8, 3x3x8x16, dense 400x64, with biases");
    if (rc == 0) nn_net_free(&net);
    nn_params_free(&P);
    rc = build("dense(392) reshape(7,7,8) deconv(4,4,2,1) deconv(1,4,2,1) sigmoid",
               (NnShape){1, 1, 10}, 0, &net, &P, &e);
    ok(rc == 0 && net.out[2].h == 14 && net.out[2].c == 4 && net.out[3].h == 28 &&
           net.out[3].w == 28 && net.out[3].c == 1,
       "a transposed-conv generator doubles 7x7 to 14x14 to 28x28");
    if (rc == 0) nn_net_free(&net);
    nn_params_free(&P);

    err_clear(&e);
    rc = build("dense(8) conv(4,3)", (NnShape){28, 28, 1}, 1, &net, &P, &e);
    ok(rc < 0 &&
           strcmp(
               e.msg,
               "conv(4,3) (layer 2): needs images, but the rows have no image shape (8 values)") ==
               0,
       "conv after dense: %s", e.msg);
    nn_params_free(&P);
    err_clear(&e);
    rc = build("conv(4,3) pool(2) conv(4,5)", (NnShape){8, 8, 1}, 1, &net, &P, &e);
    ok(rc < 0 && strcmp(e.msg, "conv(4,5) (layer 3): a 5x5 kernel does not fit 3x3 images") == 0,
       "a kernel too large: %s", e.msg);
    nn_params_free(&P);
    err_clear(&e);
    rc = build("conv(4,3)", (NnShape){1, 1, 64}, 0, &net, &P, &e);
    ok(rc < 0 &&
           strcmp(
               e.msg,
               "conv(4,3) (layer 1): needs images, but the rows have no image shape (64 values)") ==
               0,
       "conv on rows without an image shape: %s", e.msg);
    nn_params_free(&P);
    err_clear(&e);
    rc = build("dense(10) reshape(3,3,1)", (NnShape){1, 1, 4}, 0, &net, &P, &e);
    ok(rc < 0 && strcmp(e.msg, "reshape(3,3,1) (layer 2): 10 values do not make 3x3x1 images") == 0,
       "a reshape of the wrong size: %s", e.msg);
    nn_params_free(&P);
}

/* 6x6 images of a horizontal or a vertical bar at a random place, with
 * noise: a CNN tells them apart. */
static void test_cnn_learns(void)
{
    Err e;
    NnNet net;
    NnParams P;
    Rng r;
    rng_seed(&r, 11);
    enum { N = 64 };
    int rc = build("conv(4,3,pad=1) pool(2) dense(16) dense(2) linear", (NnShape){6, 6, 1}, 1, &net,
                   &P, &e);
    ok(rc == 0, "the bar CNN builds");
    if (rc < 0) return;
    nn_net_init(&net, &r);
    float *X = malloc(N * 36 * sizeof *X);
    int y[N];
    for (int i = 0; i < N; i++) {
        y[i] = i % 2;
        int at = (int)rng_below(&r, 6);
        for (int p = 0; p < 36; p++) {
            int row = p / 6, col = p % 6;
            X[i * 36 + p] =
                (float)(0.2 * rng_uniform(&r)) + ((y[i] ? col : row) == at ? 1.0f : 0.0f);
        }
    }
    NnOptim o;
    nn_optim_init(&o, &P, NN_OPT_ADAM, 0.01f, &e);
    NnGraph *g = nn_graph_new(&r, &e);
    double first = 0, last = 0;
    int correct = 0;
    for (int it = 0; it < 150; it++) {
        nn_graph_reset(g);
        nn_params_zero_grad(&P);
        NnTensor *out = nn_net_forward(g, &net, nn_input(g, X, 2, (size_t[]){N, 36}), NULL);
        NnTensor *loss = nn_softmax_xent(g, out, y);
        if (nn_backward(g, loss, NULL, &e) < 0) break;
        nn_optim_step(&o);
        if (it == 0) first = loss->data[0];
        last = loss->data[0];
        correct = 0;
        for (int i = 0; i < N; i++)
            correct += (out->data[2 * i + 1] > out->data[2 * i]) == y[i];
    }
    ok(last < 0.1 * first && correct == N,
       "a CNN learns horizontal from vertical bars (loss %.3f -> %.4f, %d/%d)", first, last,
       correct, N);
    nn_graph_free(g);
    nn_optim_free(&o);
    nn_net_free(&net);
    nn_params_free(&P);
    free(X);
}

int main(void)
{
    test_parse();
    test_shapes();
    test_cnn_learns();
    return done_testing();
}
