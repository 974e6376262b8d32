/* graph.c — the tape, the arena and the reverse pass (see graph.h). */
#include "nn/graph.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_ALIGN 64
#define ARENA_MIN_BLOCK ((size_t)1 << 20)

typedef struct Block {
    struct Block *next;
    size_t size, used;
    unsigned char *mem;
} Block;

struct NnGraph {
    Block *blocks; /* newest first */
    size_t total;  /* bytes in all blocks */
    NnTensor **tape;
    size_t ntape, cap;
    int train;
    Rng *rng;
    int failed;
    Err err;
};

static Block *block_new(size_t size)
{
    Block *b = malloc(sizeof *b);
    if (!b) return NULL;
    void *p = NULL;
    if (posix_memalign(&p, ARENA_ALIGN, size) != 0) {
        free(b);
        return NULL;
    }
    b->mem = p;
    b->size = size;
    b->used = 0;
    b->next = NULL;
    return b;
}

static void blocks_free(Block *b)
{
    while (b) {
        Block *n = b->next;
        free(b->mem);
        free(b);
        b = n;
    }
}

NnGraph *nn_graph_new(Rng *rng, Err *e)
{
    NnGraph *g = calloc(1, sizeof *g);
    if (!g) {
        err_nomem(e, sizeof *g, "network graph");
        return NULL;
    }
    g->train = 1;
    g->rng = rng;
    return g;
}

void nn_graph_free(NnGraph *g)
{
    if (!g) return;
    blocks_free(g->blocks);
    free(g->tape);
    free(g);
}

void nn_graph_reset(NnGraph *g)
{
    /* Several blocks mean the last step outgrew the arena: replace them
     * with one block of their total size, so the next step fits in it. */
    if (g->blocks && g->blocks->next) {
        size_t total = g->total;
        blocks_free(g->blocks);
        g->blocks = block_new(total);
        g->total = g->blocks ? total : 0;
    }
    if (g->blocks) g->blocks->used = 0;
    g->ntape = 0;
    g->failed = 0;
    err_clear(&g->err);
}

void nn_graph_set_train(NnGraph *g, int train)
{
    g->train = train;
}

int nn_graph_train(const NnGraph *g)
{
    return g->train;
}

Rng *nn_graph_rng(NnGraph *g)
{
    return g->rng;
}

int nn_graph_failed(const NnGraph *g, Err *e)
{
    if (!g->failed) return 0;
    return err_set(e, "%s", g->err.msg);
}

const char *nn_graph_err(const NnGraph *g)
{
    return g->failed ? g->err.msg : NULL;
}

NnTensor *nn_graph_fail(NnGraph *g, const char *fmt, ...)
{
    if (g->failed) return NULL;
    g->failed = 1;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(g->err.msg, sizeof g->err.msg, fmt, ap);
    va_end(ap);
    return NULL;
}

size_t nn_graph_bytes(const NnGraph *g)
{
    return g->total;
}

void *nn_graph_alloc(NnGraph *g, size_t bytes)
{
    bytes = (bytes + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
    if (bytes == 0) bytes = ARENA_ALIGN;
    Block *b = g->blocks;
    if (!b || b->size - b->used < bytes) {
        size_t size = bytes > ARENA_MIN_BLOCK ? bytes : ARENA_MIN_BLOCK;
        if (b && size < b->size) size = b->size; /* grow geometrically-ish */
        Block *nb = block_new(size);
        if (!nb) {
            nn_graph_fail(g, "out of memory (%zu bytes for a network's activations)", size);
            return NULL;
        }
        nb->next = g->blocks;
        g->blocks = nb;
        g->total += size;
        b = nb;
    }
    void *p = b->mem + b->used;
    b->used += bytes;
    return p;
}

static int tape_push(NnGraph *g, NnTensor *t)
{
    if (g->ntape == g->cap) {
        size_t cap = g->cap ? g->cap * 2 : 256;
        NnTensor **nt = realloc(g->tape, cap * sizeof *nt);
        if (!nt) {
            nn_graph_fail(g, "out of memory (%zu bytes for a network's tape)", cap * sizeof *nt);
            return -1;
        }
        g->tape = nt;
        g->cap = cap;
    }
    g->tape[g->ntape++] = t;
    return 0;
}

static NnTensor *tensor_alloc(NnGraph *g, int nd, const size_t *shape, int with_data)
{
    if (g->failed) return NULL;
    if (nd < 1 || nd > NN_MAX_DIMS)
        return nn_graph_fail(g, "a tensor needs 1 to %d dimensions, got %d", NN_MAX_DIMS, nd);
    size_t n = 1;
    for (int i = 0; i < nd; i++) {
        if (shape[i] && n > SIZE_MAX / sizeof(float) / shape[i])
            return nn_graph_fail(g, "tensor too large");
        n *= shape[i];
    }
    NnTensor *t = nn_graph_alloc(g, sizeof *t);
    if (!t) return NULL;
    memset(t, 0, sizeof *t);
    t->nd = nd;
    for (int i = 0; i < nd; i++)
        t->shape[i] = shape[i];
    t->n = n;
    if (with_data) {
        t->data = nn_graph_alloc(g, n * sizeof(float));
        if (!t->data) return NULL;
    }
    return t;
}

NnTensor *nn_tensor(NnGraph *g, const NnOp *op, int nd, const size_t *shape, NnTensor *in0,
                    NnTensor *in1, NnTensor *in2)
{
    NnTensor *t = tensor_alloc(g, nd, shape, 1);
    if (!t) return NULL;
    t->op = op;
    t->in[0] = in0;
    t->in[1] = in1;
    t->in[2] = in2;
    t->needs_grad =
        (in0 && in0->needs_grad) || (in1 && in1->needs_grad) || (in2 && in2->needs_grad);
    if (tape_push(g, t) < 0) return NULL;
    return t;
}

NnTensor *nn_input(NnGraph *g, const float *data, int nd, const size_t *shape)
{
    NnTensor *t = tensor_alloc(g, nd, shape, 0);
    if (!t) return NULL;
    t->data = (float *)data; /* never written: leaves are read-only to ops */
    return t;
}

NnTensor *nn_input_grad(NnGraph *g, const float *data, int nd, const size_t *shape)
{
    NnTensor *t = nn_input(g, data, nd, shape);
    if (!t) return NULL;
    t->needs_grad = 1;
    /* on the tape so that nn_backward gives it a gradient buffer */
    if (tape_push(g, t) < 0) return NULL;
    return t;
}

NnTensor *nn_input_new(NnGraph *g, int nd, const size_t *shape)
{
    return tensor_alloc(g, nd, shape, 1);
}

int nn_backward(NnGraph *g, NnTensor *root, const float *seed, Err *e)
{
    if (g->failed) return err_set(e, "%s", g->err.msg);
    if (!root) return err_set(e, "backward: no loss");
    if (!seed && root->n != 1) {
        char buf[64];
        return err_set(e, "backward: the loss must be one value, got a %s tensor",
                       nn_shape_str(root, buf, sizeof buf));
    }
    if (!root->needs_grad) return 0; /* nothing to learn from this loss */
    size_t end = g->ntape;
    while (end > 0 && g->tape[end - 1] != root)
        end--;
    if (end == 0) return err_set(e, "backward: the loss was not made in this graph step");
    /* Gradient buffers, zeroed; a parameter's is its store's (set by
     * nn_param), a view's is its source's. */
    for (size_t i = 0; i < end; i++) {
        NnTensor *t = g->tape[i];
        if (!t->needs_grad) continue;
        if (t->alias) {
            t->grad = t->alias->grad;
            continue;
        }
        /* a second backward in one step starts from zero again */
        if (!t->grad && !(t->grad = nn_graph_alloc(g, t->n * sizeof(float))))
            return nn_graph_failed(g, e);
        memset(t->grad, 0, t->n * sizeof(float));
    }
    if (seed) {
        for (size_t i = 0; i < root->n; i++)
            root->grad[i] += seed[i];
    } else {
        root->grad[0] += 1.0f;
    }
    for (size_t i = end; i-- > 0;) {
        NnTensor *t = g->tape[i];
        if (!t->needs_grad || !t->op || !t->op->backward) continue;
        if (t->op->backward(g, t) < 0) return nn_graph_failed(g, e);
    }
    return 0;
}

const char *nn_shape_str(const NnTensor *t, char *buf, size_t n)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int i = 0; i < t->nd && used < n; i++) {
        int w = snprintf(buf + used, n - used, i ? "x%zu" : "%zu", t->shape[i]);
        if (w < 0) break;
        used += (size_t)w;
    }
    return buf;
}
