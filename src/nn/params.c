/* params.c — parameter store, initialisation, gradient norms (params.h). */
#include "nn/params.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void nn_params_init_store(NnParams *P)
{
    memset(P, 0, sizeof *P);
}

void nn_params_free(NnParams *P)
{
    if (!P) return;
    free(P->info);
    free(P->data);
    free(P->grad);
    memset(P, 0, sizeof *P);
}

static float *floats(size_t n)
{
    void *p = NULL;
    size_t bytes = ((n ? n : 1) * sizeof(float) + 63) & ~(size_t)63;
    if (posix_memalign(&p, 64, bytes) != 0) return NULL;
    return p;
}

/* Make room for `need` floats, keeping the values. */
static int reserve(NnParams *P, size_t need, Err *e)
{
    if (need <= P->alloc) return 0;
    size_t cap = P->alloc ? P->alloc : 1024;
    while (cap < need)
        cap *= 2;
    float *d = floats(cap), *g = floats(cap);
    if (!d || !g) {
        free(d);
        free(g);
        return err_nomem(e, cap * 2 * sizeof(float), "network parameters");
    }
    if (P->total) {
        memcpy(d, P->data, P->total * sizeof(float));
        memcpy(g, P->grad, P->total * sizeof(float));
    }
    memset(d + P->total, 0, (cap - P->total) * sizeof(float));
    memset(g + P->total, 0, (cap - P->total) * sizeof(float));
    free(P->data);
    free(P->grad);
    P->data = d;
    P->grad = g;
    P->alloc = cap;
    return 0;
}

long nn_params_add(NnParams *P, const char *name, int nd, const size_t *shape, Err *e)
{
    if (strlen(name) >= NN_PARAM_NAME_MAX) return err_set(e, "parameter name too long: %s", name);
    if (nd < 1 || nd > NN_MAX_DIMS)
        return err_set(e, "parameter %s: 1 to %d dimensions, got %d", name, NN_MAX_DIMS, nd);
    if (nn_params_find(P, name) >= 0) return err_set(e, "parameter %s declared twice", name);
    size_t n = 1;
    for (int i = 0; i < nd; i++) {
        if (shape[i] == 0) return err_set(e, "parameter %s has an empty dimension", name);
        if (n > ((size_t)1 << 40) / shape[i]) return err_set(e, "parameter %s is too large", name);
        n *= shape[i];
    }
    if (P->n == P->cap) {
        size_t cap = P->cap ? P->cap * 2 : 16;
        NnParamInfo *ni = realloc(P->info, cap * sizeof *ni);
        if (!ni) return err_nomem(e, cap * sizeof *ni, "network parameters");
        P->info = ni;
        P->cap = cap;
    }
    /* each tensor starts on a 64-byte boundary (16 floats) */
    size_t off = (P->total + 15) & ~(size_t)15;
    if (reserve(P, off + n, e) < 0) return -1;
    NnParamInfo *pi = &P->info[P->n];
    memset(pi, 0, sizeof *pi);
    strcpy(pi->name, name);
    pi->nd = nd;
    for (int i = 0; i < nd; i++)
        pi->shape[i] = shape[i];
    pi->off = off;
    pi->n = n;
    P->total = off + n;
    return (long)P->n++;
}

long nn_params_find(const NnParams *P, const char *name)
{
    for (size_t i = 0; i < P->n; i++)
        if (strcmp(P->info[i].name, name) == 0) return (long)i;
    return -1;
}

float *nn_params_at(NnParams *P, size_t idx)
{
    return P->data + P->info[idx].off;
}

void nn_params_init(NnParams *P, size_t idx, NnInit how, size_t fan_in, size_t fan_out,
                    double scale, Rng *r)
{
    float *w = nn_params_at(P, idx);
    size_t n = P->info[idx].n;
    switch (how) {
    case NN_INIT_ZERO:
        memset(w, 0, n * sizeof *w);
        break;
    case NN_INIT_HE: {
        double sd = sqrt(2.0 / (double)(fan_in ? fan_in : 1));
        for (size_t i = 0; i < n; i++)
            w[i] = (float)(sd * rng_normal(r));
        break;
    }
    case NN_INIT_XAVIER: {
        double a = sqrt(6.0 / (double)(fan_in + fan_out ? fan_in + fan_out : 1));
        for (size_t i = 0; i < n; i++)
            w[i] = (float)(a * (2.0 * rng_uniform(r) - 1.0));
        break;
    }
    case NN_INIT_NORMAL:
        for (size_t i = 0; i < n; i++)
            w[i] = (float)(scale * rng_normal(r));
        break;
    }
}

void nn_params_zero_grad(NnParams *P)
{
    if (P->total) memset(P->grad, 0, P->total * sizeof(float));
}

double nn_params_grad_norm(const NnParams *P)
{
    double s = 0;
    for (size_t i = 0; i < P->total; i++)
        s += (double)P->grad[i] * P->grad[i];
    return sqrt(s);
}

double nn_params_clip_grad(NnParams *P, double max_norm)
{
    double norm = nn_params_grad_norm(P);
    if (norm > max_norm && norm > 0) {
        float k = (float)(max_norm / norm);
        for (size_t i = 0; i < P->total; i++)
            P->grad[i] *= k;
    }
    return norm;
}

NnTensor *nn_param(NnGraph *g, NnParams *P, size_t idx)
{
    if (idx >= P->n) return nn_graph_fail(g, "no parameter %zu (the network has %zu)", idx, P->n);
    NnParamInfo *pi = &P->info[idx];
    NnTensor *t = nn_input(g, P->data + pi->off, pi->nd, pi->shape);
    if (!t) return NULL;
    if (!P->frozen) {
        t->needs_grad = 1;
        t->grad = P->grad + pi->off;
    }
    return t;
}

int nn_params_copy(NnParams *dst, const NnParams *src, Err *e)
{
    if (dst->n != src->n)
        return err_set(e, "parameters: %zu tensors where %zu expected", src->n, dst->n);
    for (size_t i = 0; i < src->n; i++) {
        const NnParamInfo *a = &src->info[i], *b = &dst->info[i];
        if (strcmp(a->name, b->name) != 0 || a->n != b->n)
            return err_set(e, "parameters: %s (%zu values) where %s (%zu values) expected", a->name,
                           a->n, b->name, b->n);
        memcpy(dst->data + b->off, src->data + a->off, a->n * sizeof(float));
    }
    return 0;
}
