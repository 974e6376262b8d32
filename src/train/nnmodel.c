/* nnmodel.c — building, using, saving and loading the learned-code
 * models (nnmodel.h).  Training is in nnfit.c. */
#include "train/nnmodel.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nn/dvm.h"

/* rows a forward pass takes at once when applying a model: small enough
 * that a CNN's im2col buffers stay a few MB */
#define APPLY_BATCH 256

const char *nnm_kind_name(NnmKind k)
{
    switch (k) {
    case NNM_AUTOENCODER:
        return "autoencoder";
    case NNM_VAE:
        return "vae";
    case NNM_CLASSIFIER:
        return "classifier";
    case NNM_TRIPLET:
        return "triplet";
    }
    return "?";
}

void nnm_free(NnModel *m)
{
    nn_net_free(&m->enc);
    nn_net_free(&m->dec);
    nn_params_free(&m->P);
    if (m->class_names)
        for (size_t i = 0; i < m->n_classes; i++)
            free(m->class_names[i]);
    free(m->class_names);
    free(m->loss_train);
    free(m->loss_val);
    memset(m, 0, sizeof *m);
}

size_t nnm_out_dim(const NnModel *m)
{
    return m->kind == NNM_VAE ? m->latent : nn_net_out(&m->enc);
}

static int push_dense(NnSpec *s, size_t n, NnAct act, float slope, Err *e)
{
    NnLayerSpec l = {.kind = NN_L_DENSE, .n = (int)n, .act = act, .slope = slope};
    return nn_spec_push(s, &l, e);
}

/* Encoder and decoder descriptions of an autoencoder or VAE. */
static int coder_specs(const NnmSpec *s, size_t in_dim, NnSpec *enc, NnSpec *dec, Err *e)
{
    memset(enc, 0, sizeof *enc);
    memset(dec, 0, sizeof *dec);
    const char *f = nnm_kind_name(s->kind);
    size_t hidden = s->kind == NNM_AUTOENCODER ? s->nwidths - 1 : s->nwidths;
    if (s->kind == NNM_AUTOENCODER && s->nwidths < 1)
        return err_set(e, "%s: layers needs at least the code width", f);
    for (size_t i = 0; i < s->nwidths; i++)
        if (s->widths[i] < 1 || s->widths[i] > (1 << 20))
            return err_set(e, "%s: layer %zu has width %ld; widths are from 1 to %d", f, i,
                           s->widths[i], 1 << 20);
    size_t code = s->kind == NNM_AUTOENCODER ? (size_t)s->widths[s->nwidths - 1] : 2 * s->latent;
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < hidden; i++)
        rc = push_dense(enc, (size_t)s->widths[i], s->act, s->slope, e);
    if (rc == 0) rc = push_dense(enc, code, NN_ACT_NONE, 0, e);
    for (size_t i = hidden; rc == 0 && i-- > 0;)
        rc = push_dense(dec, (size_t)s->widths[i], s->act, s->slope, e);
    if (rc == 0) rc = push_dense(dec, in_dim, NN_ACT_NONE, 0, e);
    if (rc < 0) {
        nn_spec_free(enc);
        nn_spec_free(dec);
    }
    return rc;
}

/* The nets from resolved descriptions (also used when loading). */
static int build_nets(NnModel *m, const NnSpec *enc, const NnSpec *dec, Err *e)
{
    if (nn_net_build(&m->enc, enc, m->in, m->in_image, &m->P, "enc", e) < 0) return -1;
    if (dec) {
        size_t code = m->kind == NNM_VAE ? m->latent : nn_net_out(&m->enc);
        if (nn_net_build(&m->dec, dec, (NnShape){1, 1, code}, 0, &m->P, "dec", e) < 0) return -1;
        m->has_dec = 1;
    }
    return 0;
}

int nnm_build(NnModel *m, const NnmSpec *s, NnShape in, int in_image, size_t n_classes, Rng *r,
              Err *e)
{
    memset(m, 0, sizeof *m);
    nn_params_init_store(&m->P);
    m->kind = s->kind;
    m->in = in;
    m->in_image = in_image;
    m->in_dim = nn_shape_size(in);
    m->scale = 1;
    m->loss = s->loss;
    m->latent = s->latent;
    m->dims = s->dims;
    m->margin = s->margin;
    m->mining = s->mining;
    m->n_classes = n_classes;
    const char *f = nnm_kind_name(s->kind);
    NnSpec enc = {0}, dec = {0};
    int rc = -1;
    if (s->kind == NNM_AUTOENCODER || s->kind == NNM_VAE) {
        if (s->net) {
            err_set(e,
                    "%s: give layers= (a list of widths); net= descriptions are for classifier and "
                    "triplet",
                    f);
            goto done;
        }
        if (s->kind == NNM_VAE && (s->latent < 1 || s->latent > 4096)) {
            err_set(e, "vae: latent must be from 1 to 4096, got %zu", s->latent);
            goto done;
        }
        if (coder_specs(s, m->in_dim, &enc, &dec, e) < 0) goto done;
    } else {
        if (s->net) {
            if (nn_spec_parse(s->net, "net", &enc, e) < 0) {
                err_prefix(e, "%s", f);
                goto done;
            }
        } else if (nn_spec_widths(s->widths, s->nwidths, &enc, e) < 0) {
            err_prefix(e, "%s", f);
            goto done;
        }
        nn_spec_resolve(&enc, s->act, s->slope);
        size_t out = s->kind == NNM_CLASSIFIER ? n_classes : s->dims;
        if (s->kind == NNM_TRIPLET && (out < 1 || out > 4096)) {
            err_set(e, "triplet: dims must be from 1 to 4096, got %zu", out);
            goto done;
        }
        if (push_dense(&enc, out, NN_ACT_NONE, 0, e) < 0) goto done;
    }
    if (build_nets(m, &enc, m->kind == NNM_AUTOENCODER || m->kind == NNM_VAE ? &dec : NULL, e) <
        0) {
        err_prefix(e, "%s", f);
        goto done;
    }
    nn_net_init(&m->enc, r);
    if (m->has_dec) nn_net_init(&m->dec, r);
    rc = 0;
done:
    nn_spec_free(&enc);
    nn_spec_free(&dec);
    if (rc < 0) nnm_free(m);
    return rc;
}

/* ---- applying --------------------------------------------------------- */

typedef enum { APPLY_ENCODE, APPLY_DECODE, APPLY_PROBA, APPLY_FEATURES } ApplyWhat;

/* The output of one batch x [n, width] (graph in evaluation mode). */
static NnTensor *apply_batch(const NnModel *m, NnGraph *g, ApplyWhat what, long layer, NnTensor *x,
                             NnTensor **acts)
{
    switch (what) {
    case APPLY_ENCODE: {
        NnTensor *y = nn_net_forward(g, &m->enc, x, NULL);
        if (m->kind == NNM_VAE) return nn_slice(g, y, 0, m->latent);
        if (m->kind == NNM_TRIPLET) return nn_l2norm(g, y);
        return y;
    }
    case APPLY_DECODE: {
        NnTensor *y = nn_net_forward(g, &m->dec, x, NULL);
        if (m->loss == NNM_LOSS_BCE) y = nn_sigmoid(g, y);
        return nn_affine(g, y, m->scale, 0);
    }
    case APPLY_PROBA:
        return nn_softmax(g, nn_net_forward(g, &m->enc, x, NULL));
    case APPLY_FEATURES:
        if (!nn_net_forward(g, &m->enc, x, acts)) return NULL;
        return nn_flatten(g, acts[layer]);
    }
    return NULL;
}

static Mat *apply(const NnModel *m, const Mat *X, ApplyWhat what, long layer, const char *f, Err *e)
{
    size_t in = what == APPLY_DECODE ? nn_shape_size(m->dec.in) : m->in_dim;
    if (X->cols != in)
        return err_set(e, "%s: the model takes rows of %zu values, got %zux%zu", f, in, X->rows,
                       X->cols),
               NULL;
    size_t out;
    switch (what) {
    case APPLY_ENCODE:
        out = nnm_out_dim(m);
        break;
    case APPLY_DECODE:
        out = m->in_dim;
        break;
    case APPLY_PROBA:
        out = nn_net_out(&m->enc);
        break;
    default:
        out = nn_net_width(&m->enc, (size_t)layer);
        break;
    }
    Mat *Y = mat_new_uninit(X->rows, out, e);
    float *buf = mat_alloc_floats(APPLY_BATCH * in, e);
    NnTensor **acts = calloc(m->enc.spec.n + 1, sizeof *acts);
    Rng r;
    rng_seed(&r, 1);
    NnGraph *g = Y && buf && acts ? nn_graph_new(&r, e) : NULL;
    if (!g) {
        if (Y && buf && !acts) err_nomem(e, m->enc.spec.n * sizeof *acts, f);
        goto fail;
    }
    nn_graph_set_train(g, 0);
    /* decode's inputs are codes, in the model's own units */
    float inv = what == APPLY_DECODE ? 1.0f : 1.0f / m->scale;
    for (size_t r0 = 0; r0 < X->rows; r0 += APPLY_BATCH) {
        size_t n = X->rows - r0 < APPLY_BATCH ? X->rows - r0 : APPLY_BATCH;
        const float *src = MAT_ROW(X, r0);
        for (size_t i = 0; i < n * in; i++)
            buf[i] = src[i] * inv;
        nn_graph_reset(g);
        NnTensor *y = apply_batch(m, g, what, layer, nn_input(g, buf, 2, (size_t[]){n, in}), acts);
        if (!y || nn_graph_failed(g, e) < 0) {
            err_prefix(e, "%s", f);
            goto fail;
        }
        memcpy(MAT_ROW(Y, r0), y->data, n * out * sizeof(float));
    }
    if (mat_copy_row_meta(Y, X, NULL, X->rows, e) < 0) goto fail;
    /* an image shape survives only where the output is images of the input's shape */
    if (what == APPLY_DECODE && m->in_image) {
        Y->img_h = m->in.h;
        Y->img_w = m->in.w;
        Y->img_c = m->in.c;
    } else if (what != APPLY_DECODE || !m->in_image) {
        Y->img_h = Y->img_w = Y->img_c = 0;
    }
    nn_graph_free(g);
    free(buf);
    free(acts);
    return Y;
fail:
    nn_graph_free(g);
    free(buf);
    free(acts);
    mat_free(Y);
    return NULL;
}

Mat *nnm_encode(const NnModel *m, const Mat *X, Err *e)
{
    return apply(m, X, APPLY_ENCODE, 0, m->kind == NNM_TRIPLET ? "embed" : "encode", e);
}

Mat *nnm_decode(const NnModel *m, const Mat *Z, Err *e)
{
    if (!m->has_dec) return err_set(e, "decode: a %s has no decoder", nnm_kind_name(m->kind)), NULL;
    return apply(m, Z, APPLY_DECODE, 0, "decode", e);
}

Mat *nnm_predict_proba(const NnModel *m, const Mat *X, Err *e)
{
    if (m->kind != NNM_CLASSIFIER)
        return err_set(e, "predict: a %s is not a classifier", nnm_kind_name(m->kind)), NULL;
    Mat *P = apply(m, X, APPLY_PROBA, 0, "predict", e);
    if (P && m->class_names) {
        for (size_t j = 0; j < P->cols; j++)
            if (mat_set_col_name(P, j, m->class_names[j], e) < 0) {
                mat_free(P);
                return NULL;
            }
    }
    return P;
}

Mat *nnm_features(const NnModel *m, const Mat *X, long layer, Err *e)
{
    long n = (long)m->enc.spec.n;
    long i = layer < 0 ? n + layer : layer;
    if (i < 0 || i >= n)
        return err_set(e,
                       "features: layer %ld is not one of the %ld layers (0..%ld, or -1..-%ld from "
                       "the end)",
                       layer, n, n - 1, n),
               NULL;
    return apply(m, X, APPLY_FEATURES, i, "features", e);
}

/* ---- files ------------------------------------------------------------ */

static const char *loss_name(NnmLoss l)
{
    return l == NNM_LOSS_BCE ? "bce" : "mse";
}

static const char *mining_name(NnmMining k)
{
    return k == NNM_MINE_HARD ? "hard" : k == NNM_MINE_RANDOM ? "random" : "semihard";
}

/* floats in meta as their bits, exact and the same in every locale */
static uint32_t bits(float v)
{
    uint32_t u;
    memcpy(&u, &v, 4);
    return u;
}

static float from_bits(uint32_t u)
{
    float v;
    memcpy(&v, &u, 4);
    return v;
}

int nnm_save(const NnModel *m, const char *path, Err *e)
{
    DvmMeta meta = {0};
    char enc[4096], dec[4096];
    nn_spec_format(&m->enc.spec, enc, sizeof enc);
    dvm_meta_put(&meta, "kind", "%s", nnm_kind_name(m->kind));
    dvm_meta_put(&meta, "input", "%zu %zu %zu %d", m->in.h, m->in.w, m->in.c, m->in_image);
    dvm_meta_put(&meta, "scale", "%08x", bits(m->scale));
    dvm_meta_put(&meta, "enc", "%s", enc);
    if (m->has_dec) {
        nn_spec_format(&m->dec.spec, dec, sizeof dec);
        dvm_meta_put(&meta, "dec", "%s", dec);
        dvm_meta_put(&meta, "loss", "%s", loss_name(m->loss));
    }
    if (m->kind == NNM_VAE) dvm_meta_put(&meta, "latent", "%zu", m->latent);
    if (m->kind == NNM_TRIPLET) {
        dvm_meta_put(&meta, "dims", "%zu", m->dims);
        dvm_meta_put(&meta, "margin", "%08x", bits(m->margin));
        dvm_meta_put(&meta, "mining", "%s", mining_name(m->mining));
    }
    if (m->kind == NNM_CLASSIFIER) {
        dvm_meta_put(&meta, "classes", "%zu", m->n_classes);
        for (size_t i = 0; m->class_names && i < m->n_classes; i++) {
            char key[32];
            snprintf(key, sizeof key, "class.%zu", i);
            dvm_meta_put(&meta, key, "%s", m->class_names[i] ? m->class_names[i] : "");
        }
    }
    dvm_meta_put(&meta, "epochs", "%zu", m->epochs);
    dvm_meta_put(&meta, "stopped", "%d", m->stopped);
    NnParams hist;
    nn_params_init_store(&hist);
    int rc = 0;
    if (m->epochs) {
        long a = nn_params_add(&hist, "history.train", 1, (size_t[]){m->epochs}, e);
        long b = a < 0 ? -1 : nn_params_add(&hist, "history.val", 1, (size_t[]){m->epochs}, e);
        if (b < 0)
            rc = -1;
        else {
            memcpy(nn_params_at(&hist, (size_t)a), m->loss_train, m->epochs * sizeof(float));
            memcpy(nn_params_at(&hist, (size_t)b), m->loss_val, m->epochs * sizeof(float));
        }
    }
    const NnParams *stores[2] = {&m->P, &hist};
    if (rc == 0) rc = dvm_save(path, &meta, stores, 2, e);
    nn_params_free(&hist);
    dvm_meta_free(&meta);
    return rc;
}

static int meta_size(const DvmFile *f, const char *key, size_t *out, const char *path, Err *e)
{
    char buf[64], *end;
    if (!dvm_meta_get(f->meta, key, buf, sizeof buf))
        return err_set(e, "%s: the model does not say its %s", path, key);
    unsigned long long v = strtoull(buf, &end, 10);
    if (end == buf || *end || v > (1ull << 40))
        return err_set(e, "%s: bad %s '%s' in the model", path, key, buf);
    *out = (size_t)v;
    return 0;
}

static int meta_float(const DvmFile *f, const char *key, float *out, const char *path, Err *e)
{
    char buf[64], *end;
    if (!dvm_meta_get(f->meta, key, buf, sizeof buf))
        return err_set(e, "%s: the model does not say its %s", path, key);
    unsigned long v = strtoul(buf, &end, 16);
    if (end == buf || *end || v > 0xffffffffUL)
        return err_set(e, "%s: bad %s '%s' in the model", path, key, buf);
    *out = from_bits((uint32_t)v);
    return 0;
}

int nnm_load(NnModel *m, const char *path, Err *e)
{
    memset(m, 0, sizeof *m);
    nn_params_init_store(&m->P);
    DvmFile f;
    if (dvm_load(path, &f, e) < 0) return -1;
    char kind[32], text[4096], buf[64];
    NnSpec enc = {0}, dec = {0};
    int rc = -1;
    if (!dvm_meta_get(f.meta, "kind", kind, sizeof kind)) {
        err_set(e, "%s: the model does not say its kind", path);
        goto done;
    }
    int k;
    for (k = 0; k < 4 && strcmp(kind, nnm_kind_name((NnmKind)k)) != 0; k++)
        continue;
    if (k == 4) {
        err_set(e, "%s: a '%s' model; this dv knows autoencoder, vae, classifier and triplet", path,
                kind);
        goto done;
    }
    m->kind = (NnmKind)k;
    size_t h, w, c;
    int img;
    if (!dvm_meta_get(f.meta, "input", buf, sizeof buf) ||
        sscanf(buf, "%zu %zu %zu %d", &h, &w, &c, &img) != 4 || h * w * c == 0) {
        err_set(e, "%s: bad input shape in the model", path);
        goto done;
    }
    m->in = (NnShape){h, w, c};
    m->in_image = img != 0;
    m->in_dim = h * w * c;
    if (meta_float(&f, "scale", &m->scale, path, e) < 0) goto done;
    if (meta_size(&f, "epochs", &m->epochs, path, e) < 0) goto done;
    size_t stopped;
    if (meta_size(&f, "stopped", &stopped, path, e) < 0) goto done;
    m->stopped = stopped != 0;
    if (m->kind == NNM_VAE && meta_size(&f, "latent", &m->latent, path, e) < 0) goto done;
    if (m->kind == NNM_TRIPLET) {
        if (meta_size(&f, "dims", &m->dims, path, e) < 0 ||
            meta_float(&f, "margin", &m->margin, path, e) < 0)
            goto done;
        if (dvm_meta_get(f.meta, "mining", buf, sizeof buf))
            m->mining = strcmp(buf, "hard") == 0     ? NNM_MINE_HARD
                        : strcmp(buf, "random") == 0 ? NNM_MINE_RANDOM
                                                     : NNM_MINE_SEMIHARD;
    }
    if (m->kind == NNM_CLASSIFIER) {
        if (meta_size(&f, "classes", &m->n_classes, path, e) < 0) goto done;
        if (m->n_classes > 100000) {
            err_set(e, "%s: bad class count in the model", path);
            goto done;
        }
        if (m->n_classes && dvm_meta_get(f.meta, "class.0", text, sizeof text)) {
            if (!(m->class_names = calloc(m->n_classes, sizeof *m->class_names))) {
                err_nomem(e, m->n_classes * sizeof(char *), "class names");
                goto done;
            }
            for (size_t i = 0; i < m->n_classes; i++) {
                char key[32];
                snprintf(key, sizeof key, "class.%zu", i);
                if (!dvm_meta_get(f.meta, key, text, sizeof text)) text[0] = '\0';
                if (!(m->class_names[i] = strdup(text))) {
                    err_nomem(e, strlen(text) + 1, "class names");
                    goto done;
                }
            }
        }
    }
    if (!dvm_meta_get(f.meta, "enc", text, sizeof text) ||
        nn_spec_parse(text, "enc", &enc, e) < 0) {
        if (!e->msg[0])
            err_set(e, "%s: the model has no encoder description", path);
        else
            err_prefix(e, "%s", path);
        goto done;
    }
    if (m->kind == NNM_AUTOENCODER || m->kind == NNM_VAE) {
        if (!dvm_meta_get(f.meta, "dec", text, sizeof text) ||
            nn_spec_parse(text, "dec", &dec, e) < 0) {
            if (!e->msg[0])
                err_set(e, "%s: the model has no decoder description", path);
            else
                err_prefix(e, "%s", path);
            goto done;
        }
        m->loss = dvm_meta_get(f.meta, "loss", buf, sizeof buf) && strcmp(buf, "bce") == 0
                      ? NNM_LOSS_BCE
                      : NNM_LOSS_MSE;
    }
    if (build_nets(m, &enc, m->kind == NNM_AUTOENCODER || m->kind == NNM_VAE ? &dec : NULL, e) <
        0) {
        err_prefix(e, "%s", path);
        goto done;
    }
    if (dvm_fill(&f, &m->P, path, e) < 0) goto done;
    if (m->epochs) {
        long a = nn_params_find(&f.tensors, "history.train"),
             b = nn_params_find(&f.tensors, "history.val");
        if (a < 0 || b < 0 || f.tensors.info[a].n != m->epochs ||
            f.tensors.info[b].n != m->epochs) {
            err_set(e, "%s: the model's loss history does not match its %zu epochs", path,
                    m->epochs);
            goto done;
        }
        m->loss_train = malloc(m->epochs * sizeof(float));
        m->loss_val = malloc(m->epochs * sizeof(float));
        if (!m->loss_train || !m->loss_val) {
            err_nomem(e, m->epochs * 8, "loss history");
            goto done;
        }
        memcpy(m->loss_train, nn_params_at(&f.tensors, (size_t)a), m->epochs * sizeof(float));
        memcpy(m->loss_val, nn_params_at(&f.tensors, (size_t)b), m->epochs * sizeof(float));
    }
    rc = 0;
done:
    nn_spec_free(&enc);
    nn_spec_free(&dec);
    dvm_free(&f);
    if (rc < 0) nnm_free(m);
    return rc;
}
