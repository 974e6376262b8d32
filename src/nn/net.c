/* net.c — sequential networks from descriptions (net.h). */
#include "nn/net.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nn/ops.h"

void nn_net_free(NnNet *net)
{
    nn_spec_free(&net->spec);
    free(net->out);
    free(net->image);
    free(net->w);
    free(net->b);
    memset(net, 0, sizeof *net);
}

/* "conv(16,5) (layer 3)" */
static const char *layer_name(const NnSpec *s, size_t i, char *buf, size_t n)
{
    NnLayerSpec l = s->l[i];
    l.act = NN_ACT_DEFAULT; /* the layer alone, without its activation */
    NnSpec one = {&l, 1, 1};
    char t[96];
    nn_spec_format(&one, t, sizeof t);
    snprintf(buf, n, "%s (layer %zu)", t, i + 1);
    return buf;
}

static long add_param(NnParams *P, const char *prefix, size_t i, const char *what, int nd,
                      const size_t *shape, Err *e)
{
    char name[NN_PARAM_NAME_MAX];
    snprintf(name, sizeof name, "%s.%zu.%s", prefix, i, what);
    return nn_params_add(P, name, nd, shape, e);
}

int nn_net_build(NnNet *net, const NnSpec *spec, NnShape in, int in_image, NnParams *P,
                 const char *prefix, Err *e)
{
    memset(net, 0, sizeof *net);
    size_t n = spec->n;
    net->spec.l = malloc((n ? n : 1) * sizeof *net->spec.l);
    net->out = calloc(n ? n : 1, sizeof *net->out);
    net->image = calloc(n ? n : 1, sizeof *net->image);
    net->w = malloc((n ? n : 1) * sizeof *net->w);
    net->b = malloc((n ? n : 1) * sizeof *net->b);
    if (!net->spec.l || !net->out || !net->image || !net->w || !net->b) {
        nn_net_free(net);
        return err_nomem(e, n * 64, "network");
    }
    memcpy(net->spec.l, spec->l, n * sizeof *spec->l);
    net->spec.n = net->spec.cap = n;
    net->in = in;
    net->in_image = in_image;
    net->P = P;
    NnShape cur = in;
    int image = in_image;
    char ln[128];
    for (size_t i = 0; i < n; i++) {
        const NnLayerSpec *l = &spec->l[i];
        net->w[i] = net->b[i] = -1;
        size_t k = (size_t)l->k, st = (size_t)l->stride, pd = (size_t)l->pad;
        int needs_image = l->kind == NN_L_CONV || l->kind == NN_L_DECONV || l->kind == NN_L_POOL;
        if (needs_image && !image) {
            nn_net_free(net);
            return err_set(e, "%s: needs images, but the rows have no image shape (%zu values)",
                           layer_name(spec, i, ln, sizeof ln), nn_shape_size(cur));
        }
        switch (l->kind) {
        case NN_L_DENSE: {
            size_t fan = nn_shape_size(cur);
            net->w[i] = add_param(P, prefix, i, "w", 2, (size_t[]){fan, (size_t)l->n}, e);
            net->b[i] =
                net->w[i] < 0 ? -1 : add_param(P, prefix, i, "b", 1, (size_t[]){(size_t)l->n}, e);
            cur = (NnShape){1, 1, (size_t)l->n};
            image = 0;
            break;
        }
        case NN_L_CONV:
            if (cur.h + 2 * pd < k || cur.w + 2 * pd < k) {
                nn_net_free(net);
                return err_set(e, "%s: a %zux%zu kernel does not fit %zux%zu images",
                               layer_name(spec, i, ln, sizeof ln), k, k, cur.h, cur.w);
            }
            net->w[i] = add_param(P, prefix, i, "w", 4, (size_t[]){k, k, cur.c, (size_t)l->n}, e);
            net->b[i] =
                net->w[i] < 0 ? -1 : add_param(P, prefix, i, "b", 1, (size_t[]){(size_t)l->n}, e);
            cur = (NnShape){(cur.h + 2 * pd - k) / st + 1, (cur.w + 2 * pd - k) / st + 1,
                            (size_t)l->n};
            break;
        case NN_L_DECONV:
            if ((cur.h - 1) * st + k <= 2 * pd || (cur.w - 1) * st + k <= 2 * pd) {
                nn_net_free(net);
                return err_set(e, "%s: padding %zu leaves no output",
                               layer_name(spec, i, ln, sizeof ln), pd);
            }
            net->w[i] = add_param(P, prefix, i, "w", 4, (size_t[]){k, k, (size_t)l->n, cur.c}, e);
            net->b[i] =
                net->w[i] < 0 ? -1 : add_param(P, prefix, i, "b", 1, (size_t[]){(size_t)l->n}, e);
            cur = (NnShape){(cur.h - 1) * st + k - 2 * pd, (cur.w - 1) * st + k - 2 * pd,
                            (size_t)l->n};
            break;
        case NN_L_POOL:
            if (cur.h < k || cur.w < k) {
                nn_net_free(net);
                return err_set(e, "%s: a %zux%zu window does not fit %zux%zu images",
                               layer_name(spec, i, ln, sizeof ln), k, k, cur.h, cur.w);
            }
            cur = (NnShape){(cur.h - k) / st + 1, (cur.w - k) / st + 1, cur.c};
            break;
        case NN_L_DROPOUT:
            break;
        case NN_L_FLATTEN:
            cur = (NnShape){1, 1, nn_shape_size(cur)};
            image = 0;
            break;
        case NN_L_RESHAPE: {
            NnShape to = {(size_t)l->shape[0], (size_t)l->shape[1], (size_t)l->shape[2]};
            if (nn_shape_size(to) != nn_shape_size(cur)) {
                nn_net_free(net);
                return err_set(e, "%s: %zu values do not make %zux%zux%zu images",
                               layer_name(spec, i, ln, sizeof ln), nn_shape_size(cur), to.h, to.w,
                               to.c);
            }
            cur = to;
            image = 1;
            break;
        }
        }
        if ((l->kind == NN_L_DENSE || l->kind == NN_L_CONV || l->kind == NN_L_DECONV) &&
            (net->w[i] < 0 || net->b[i] < 0)) {
            nn_net_free(net);
            return -1;
        }
        net->out[i] = cur;
        net->image[i] = image;
    }
    return 0;
}

void nn_net_init(NnNet *net, Rng *r)
{
    NnShape cur = net->in;
    for (size_t i = 0; i < net->spec.n; i++) {
        const NnLayerSpec *l = &net->spec.l[i];
        if (net->w[i] >= 0) {
            size_t fan_in, fan_out;
            if (l->kind == NN_L_DENSE) {
                fan_in = nn_shape_size(cur);
                fan_out = (size_t)l->n;
            } else {
                size_t kk = (size_t)l->k * (size_t)l->k;
                fan_in = kk * cur.c;
                fan_out = kk * (size_t)l->n;
            }
            int he = l->act == NN_ACT_RELU || l->act == NN_ACT_LEAKY;
            nn_params_init(net->P, (size_t)net->w[i], he ? NN_INIT_HE : NN_INIT_XAVIER, fan_in,
                           fan_out, 0, r);
            nn_params_init(net->P, (size_t)net->b[i], NN_INIT_ZERO, 0, 0, 0, r);
        }
        cur = net->out[i];
    }
}

size_t nn_net_width(const NnNet *net, size_t i)
{
    return nn_shape_size(net->out[i]);
}

size_t nn_net_out(const NnNet *net)
{
    return net->spec.n ? nn_shape_size(net->out[net->spec.n - 1]) : nn_shape_size(net->in);
}

NnTensor *nn_activate(NnGraph *g, NnTensor *x, NnAct act, float slope)
{
    switch (act) {
    case NN_ACT_RELU:
        return nn_relu(g, x);
    case NN_ACT_LEAKY:
        return nn_leaky_relu(g, x, slope);
    case NN_ACT_TANH:
        return nn_tanh(g, x);
    case NN_ACT_SIGMOID:
        return nn_sigmoid(g, x);
    default:
        return x;
    }
}

static NnTensor *as_image(NnGraph *g, NnTensor *x, NnShape s)
{
    if (!x || x->nd == 4) return x;
    return nn_reshape(g, x, 4, (const size_t[]){x->shape[0], s.h, s.w, s.c});
}

NnTensor *nn_net_forward(NnGraph *g, const NnNet *net, NnTensor *x, NnTensor **acts)
{
    if (!x) return NULL;
    size_t want = nn_shape_size(net->in), got = x->shape[0] ? x->n / x->shape[0] : 0;
    if (got != want) {
        char sx[64];
        return nn_graph_fail(g, "the network takes rows of %zu values, got %s", want,
                             nn_shape_str(x, sx, sizeof sx));
    }
    NnShape cur = net->in;
    for (size_t i = 0; i < net->spec.n; i++) {
        const NnLayerSpec *l = &net->spec.l[i];
        NnParams *P = net->P;
        switch (l->kind) {
        case NN_L_DENSE:
            if (x && x->nd != 2) x = nn_flatten(g, x);
            x = nn_linear(g, x, nn_param(g, P, (size_t)net->w[i]),
                          nn_param(g, P, (size_t)net->b[i]));
            break;
        case NN_L_CONV:
            x = nn_conv2d(g, as_image(g, x, cur), nn_param(g, P, (size_t)net->w[i]),
                          nn_param(g, P, (size_t)net->b[i]), l->stride, l->pad);
            break;
        case NN_L_DECONV:
            x = nn_conv2d_transpose(g, as_image(g, x, cur), nn_param(g, P, (size_t)net->w[i]),
                                    nn_param(g, P, (size_t)net->b[i]), l->stride, l->pad);
            break;
        case NN_L_POOL:
            x = nn_maxpool(g, as_image(g, x, cur), l->k, l->stride);
            break;
        case NN_L_DROPOUT:
            x = nn_dropout(g, x, l->p);
            break;
        case NN_L_FLATTEN:
            x = nn_flatten(g, x);
            break;
        case NN_L_RESHAPE:
            x = as_image(g, x && x->nd == 4 ? nn_flatten(g, x) : x, net->out[i]);
            break;
        }
        /* An increasing activation commutes with max pooling: pooling
         * first leaves the activation a quarter of the values (for 2x2
         * windows), with the same values and gradients.  Only when no
         * layer's output is asked for, as those must be the real ones. */
        int act_after_pool = !acts && l->kind == NN_L_CONV && i + 1 < net->spec.n &&
                             net->spec.l[i + 1].kind == NN_L_POOL &&
                             (l->act == NN_ACT_RELU || (l->act == NN_ACT_LEAKY && l->slope >= 0));
        if (act_after_pool) {
            const NnLayerSpec *pl = &net->spec.l[++i];
            x = nn_activate(g, nn_maxpool(g, x, pl->k, pl->stride), l->act, l->slope);
        } else if (l->kind == NN_L_DENSE || l->kind == NN_L_CONV || l->kind == NN_L_DECONV) {
            x = nn_activate(g, x, l->act, l->slope);
        }
        if (acts) acts[i] = x;
        cur = net->out[i];
    }
    return x;
}
