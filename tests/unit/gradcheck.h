/* gradcheck.h — the finite-difference gradient check shared by the nn
 * unit tests (test_nn_grad.c, test_nn_cells.c; header-only, static
 * functions, because tap.h's counters are per program).
 *
 * A case is a few inputs and a builder that makes one tensor of them.
 * gc_check builds L = sum(w * build(inputs)) for fixed random weights w,
 * gets dL/dinput from nn_backward (seeded with w) and compares it with the
 * central difference (L(x + h) - L(x - h)) / 2h at every input value (about
 * 150 of them for inputs over 300 values), as ggml's test-backend-ops
 * does.  Random ops (dropout, the VAE's sampling) draw the same numbers at
 * every evaluation: the graph's Rng is re-seeded before each.
 *
 * Use: gc_init(graph, &data_rng, &graph_rng) once; gc_setup a case, set
 * its build, gc_check(name, &case, h, tol), gc_release.  A test that needs
 * its own parameters in the builder puts a GcCase first in its own struct
 * and casts the pointer the builder gets back. */
#ifndef DV_TESTS_GRADCHECK_H
#define DV_TESTS_GRADCHECK_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/rng.h"
#include "nn/nn.h"
#include "tests/tap.h"

#define GC_MAXIN 5

typedef struct GcCase GcCase;
struct GcCase {
    int nin;
    int nd[GC_MAXIN];
    size_t shape[GC_MAXIN][NN_MAX_DIMS];
    size_t n[GC_MAXIN];
    float *x[GC_MAXIN]; /* owned: gc_setup allocates, gc_release frees */
    NnTensor *(*build)(NnGraph *g, NnTensor **in, const GcCase *c);
};

static NnGraph *gc_graph;
static Rng *gc_data_rng; /* inputs and loss weights */
static Rng *gc_op_rng;   /* the graph's own, re-seeded per evaluation */

static void gc_init(NnGraph *g, Rng *data_rng, Rng *op_rng)
{
    gc_graph = g;
    gc_data_rng = data_rng;
    gc_op_rng = op_rng;
}

/* Evaluates the case; returns sum(w * output) (NAN without w or when the
 * builder fails); the input and output tensors go to out_in and out. */
static double gc_forward(const GcCase *c, const float *w, NnTensor **out_in, NnTensor **out)
{
    nn_graph_reset(gc_graph);
    rng_seed(gc_op_rng, 1234);
    NnTensor *in[GC_MAXIN];
    for (int i = 0; i < c->nin; i++)
        in[i] = nn_input_grad(gc_graph, c->x[i], c->nd[i], c->shape[i]);
    NnTensor *y = c->build(gc_graph, in, c);
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

/* One TAP line: the worst relative error |num - ana| / (|num| + |ana| +
 * 0.01) over the values checked is below tol (or says which of forward
 * and backward failed). */
static void gc_check(const char *name, GcCase *c, double h, double tol)
{
    NnTensor *in[GC_MAXIN], *y;
    gc_forward(c, NULL, in, &y); /* the output's size */
    if (!y) {
        ok(0, "%s: forward failed: %s", name, nn_graph_err(gc_graph));
        return;
    }
    size_t ny = y->n;
    float *w = malloc(ny * sizeof *w);
    for (size_t i = 0; i < ny; i++)
        w[i] = (float)(rng_uniform(gc_data_rng) * 2 - 1);
    gc_forward(c, w, in, &y);
    Err e;
    err_clear(&e);
    if (nn_backward(gc_graph, y, w, &e) < 0) {
        ok(0, "%s: backward failed: %s", name, e.msg);
        free(w);
        return;
    }
    float *ana[GC_MAXIN];
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
            double lp = gc_forward(c, w, NULL, NULL);
            c->x[i][j] = keep - (float)h;
            double lm = gc_forward(c, w, NULL, NULL);
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

/* Gives the case nin inputs of the given shapes filled with uniform values
 * in [lo, hi); clears the rest of the GcCase (not build). */
static void gc_setup(GcCase *c, int nin, const int *nd, const size_t shapes[][NN_MAX_DIMS],
                     float lo, float hi)
{
    c->nin = nin;
    for (int i = 0; i < nin; i++) {
        c->nd[i] = nd[i];
        c->n[i] = 1;
        for (int d = 0; d < NN_MAX_DIMS; d++) {
            c->shape[i][d] = d < nd[i] ? shapes[i][d] : 0;
            if (d < nd[i]) c->n[i] *= shapes[i][d];
        }
        c->x[i] = malloc(c->n[i] * sizeof(float));
        for (size_t j = 0; j < c->n[i]; j++)
            c->x[i][j] = lo + (hi - lo) * (float)rng_uniform(gc_data_rng);
    }
}

static void gc_release(GcCase *c)
{
    for (int i = 0; i < c->nin; i++)
        free(c->x[i]);
}

#endif
