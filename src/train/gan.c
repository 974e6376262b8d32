/* gan.c — building, sampling, saving and loading GANs (gan.h).
 * Training is in ganfit.c. */
#include "train/gan.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define APPLY_BATCH 256
#define D_SLOPE 0.2f     /* leaky ReLU in the discriminator (Radford et al. 2016) */
#define WORDS_CHUNK 3500 /* bytes of words one meta line holds (dvm_meta_put takes 4095) */

void gan_free(GanModel *m)
{
    nn_net_free(&m->g);
    nn_net_free(&m->d);
    nn_params_free(&m->G);
    nn_params_free(&m->D);
    free(m->shift);
    free(m->scale);
    if (m->class_names)
        for (size_t i = 0; i < m->n_classes; i++)
            free(m->class_names[i]);
    free(m->class_names);
    free(m->class_cond);
    free(m->class_vec);
    mat_free(m->words);
    free(m->loss_d);
    free(m->loss_g);
    free(m->p_real);
    free(m->p_fake);
    memset(m, 0, sizeof *m);
}

static int push_dense(NnSpec *s, size_t n, NnAct act, float slope, Err *e)
{
    NnLayerSpec l = {.kind = NN_L_DENSE, .n = (int)n, .act = act, .slope = slope};
    return nn_spec_push(s, &l, e);
}

/* The last weight layer of a description gets no activation of the
 * net's: the output (tanh, linear) is the model's. */
static void last_linear(NnSpec *s)
{
    for (size_t i = s->n; i-- > 0;) {
        NnLayerKind k = s->l[i].kind;
        if (k == NN_L_DENSE || k == NN_L_CONV || k == NN_L_DECONV) {
            if (s->l[i].act == NN_ACT_DEFAULT) s->l[i].act = NN_ACT_NONE;
            return;
        }
    }
}

/* A net's description from text or widths (unresolved). */
static int net_spec(const char *text, const long *w, size_t nw, const char *what, NnSpec *s,
                    Err *e)
{
    memset(s, 0, sizeof *s);
    if (text) return nn_spec_parse(text, what, s, e);
    if (nn_spec_widths(w, nw, s, e) < 0) return err_prefix(e, "%s", what);
    return 0;
}

/* Build the nets from resolved descriptions (also used when loading). */
static int build_nets(GanModel *m, const NnSpec *gs, const NnSpec *ds, Err *e)
{
    NnShape gin = {1, 1, m->latent + m->cond_dim};
    if (nn_net_build(&m->g, gs, gin, 0, &m->G, "g", e) < 0) return err_prefix(e, "g_net");
    if (nn_net_out(&m->g) != m->dim)
        return err_set(e, "g_net: the generator makes %zu values a sample, the data have %zu",
                       nn_net_out(&m->g), m->dim);
    /* a conditional discriminator reads rows [x, c]; an unconditional one
     * reads the samples as they are (images for a convolutional one) */
    NnShape din = m->cond_dim ? (NnShape){1, 1, m->dim + m->cond_dim} : m->shape;
    int dimg = m->cond_dim ? 0 : m->image;
    /* packing: pack rows joined (images stacked vertically) */
    if (dimg)
        din.h *= m->pack;
    else
        din = (NnShape){1, 1, m->pack * nn_shape_size(din)};
    if (nn_net_build(&m->d, ds, din, dimg, &m->D, "d", e) < 0) {
        if (m->cond_dim && strstr(e->msg, "needs images"))
            return err_set(e, "d_net: a conditional discriminator reads rows of samples and "
                              "conditions joined; give it dense layers");
        return err_prefix(e, "d_net");
    }
    if (nn_net_out(&m->d) != 1)
        return err_set(e, "d_net: the discriminator must end in one value, got %zu",
                       nn_net_out(&m->d));
    return 0;
}

static int alloc_norm(GanModel *m, Err *e)
{
    m->shift = calloc(m->dim, sizeof *m->shift);
    m->scale = malloc(m->dim * sizeof *m->scale);
    if (!m->shift || !m->scale) return err_nomem(e, m->dim * 8, "gan");
    for (size_t j = 0; j < m->dim; j++)
        m->scale[j] = 1;
    return 0;
}

int gan_build(GanModel *m, const GanSpec *s, NnShape shape, int image, Rng *r, Err *e)
{
    memset(m, 0, sizeof *m);
    nn_params_init_store(&m->G);
    nn_params_init_store(&m->D);
    m->latent = s->latent;
    m->dim = nn_shape_size(shape);
    m->cond_dim = s->cond_dim;
    m->shape = shape;
    m->image = image;
    m->out = s->out;
    m->pack = s->pack ? s->pack : 1;
    NnSpec gs = {0}, ds = {0};
    int rc = -1;
    if (s->latent < 1 || s->latent > 4096) {
        err_set(e, "latent must be from 1 to 4096, got %zu", s->latent);
        goto done;
    }
    if (alloc_norm(m, e) < 0) goto done;
    if (net_spec(s->g_net, s->g_widths, s->g_nwidths, "g_net", &gs, e) < 0 ||
        net_spec(s->d_net, s->d_widths, s->d_nwidths, "d_net", &ds, e) < 0)
        goto done;
    /* the generator's output layer, unless its description makes whole
     * samples already (a deconvolution's images) */
    NnShape gin = {1, 1, m->latent + m->cond_dim};
    size_t gout = 0;
    if (gs.n) {
        NnNet probe;
        NnParams tmp;
        nn_params_init_store(&tmp);
        int made = nn_net_build(&probe, &gs, gin, 0, &tmp, "g", e);
        if (made == 0) {
            gout = nn_net_out(&probe);
            nn_net_free(&probe);
        }
        nn_params_free(&tmp);
        if (made < 0) {
            err_prefix(e, "g_net");
            goto done;
        }
    }
    if (gout == m->dim)
        last_linear(&gs);
    else if (push_dense(&gs, m->dim, NN_ACT_NONE, 0, e) < 0)
        goto done;
    nn_spec_resolve(&gs, NN_ACT_RELU, 0);
    if (push_dense(&ds, 1, NN_ACT_NONE, 0, e) < 0) goto done;
    nn_spec_resolve(&ds, NN_ACT_LEAKY, D_SLOPE);
    if (build_nets(m, &gs, &ds, e) < 0) goto done;
    nn_net_init(&m->g, r);
    nn_net_init(&m->d, r);
    rc = 0;
done:
    nn_spec_free(&gs);
    nn_spec_free(&ds);
    if (rc < 0) gan_free(m);
    return rc;
}

int gan_condition(const GanModel *m, const float *v, float *out, int *nearest, Err *e)
{
    double nv = 0;
    for (size_t j = 0; j < m->embed_dim; j++)
        nv += (double)v[j] * v[j];
    if (!(nv > 0) || !isfinite(nv))
        return err_set(e, "the condition vector is %s", nv > 0 ? "not finite" : "zero");
    nv = sqrt(nv);
    /* the weights: a softmax of the cosines over tau (from the largest,
     * for stability) */
    size_t k = m->n_classes, arg = 0;
    double *w = malloc(k * sizeof *w), best = -INFINITY, sum = 0;
    if (!w) return err_nomem(e, k * sizeof *w, "condition");
    for (size_t c = 0; c < k; c++) {
        double s = 0;
        for (size_t j = 0; j < m->embed_dim; j++)
            s += (double)v[j] * m->class_vec[c * m->embed_dim + j];
        w[c] = s / nv / m->tau;
        if (w[c] > best) best = w[c], arg = c;
    }
    for (size_t c = 0; c < k; c++)
        sum += (w[c] = exp(w[c] - best));
    memset(out, 0, m->cond_dim * sizeof *out);
    for (size_t c = 0; c < k; c++)
        for (size_t j = 0; j < m->cond_dim; j++)
            out[j] += (float)(w[c] / sum) * m->class_cond[c * m->cond_dim + j];
    free(w);
    if (nearest) *nearest = (int)arg;
    return 0;
}

int gan_class_conditions(GanModel *m, Err *e)
{
    size_t k = m->n_classes, d = m->embed_dim;
    free(m->class_cond);
    m->class_cond = calloc(k * d, sizeof *m->class_cond);
    double *centre = calloc(d, sizeof *centre);
    if (!m->class_cond || !centre) {
        free(centre);
        return err_nomem(e, k * d * sizeof(float), "cgan");
    }
    for (size_t c = 0; c < k; c++)
        for (size_t j = 0; j < d; j++)
            centre[j] += m->class_vec[c * d + j] / (double)k;
    for (size_t c = 0; c < k; c++) {
        float *out = m->class_cond + c * d;
        double s = 0;
        for (size_t j = 0; j < d; j++) {
            out[j] = (float)(m->class_vec[c * d + j] - centre[j]);
            s += (double)out[j] * out[j];
        }
        if (!(s > 1e-12)) {
            free(centre);
            return err_set(e, "class %zu has the same vector as the classes' centre", c);
        }
        for (size_t j = 0; j < d; j++)
            out[j] = (float)(out[j] * sqrt((double)d / s));
    }
    free(centre);
    return 0;
}

NnTensor *gan_g_forward(NnGraph *g, const GanModel *m, NnTensor *zc)
{
    NnTensor *y = nn_net_forward(g, &m->g, zc, NULL);
    if (y && y->nd != 2) y = nn_flatten(g, y);
    return m->out == GAN_OUT_TANH ? nn_tanh(g, y) : y;
}

NnTensor *gan_d_forward(NnGraph *g, const GanModel *m, NnTensor *xc)
{
    if (!xc) return NULL;
    if (xc->shape[0] % m->pack)
        return nn_graph_fail(g, "gan: %zu rows do not make packs of %zu", xc->shape[0], m->pack);
    /* consecutive rows are one pack: the same memory read as wider rows */
    size_t n = xc->shape[0] / m->pack, w = xc->n / xc->shape[0] * m->pack;
    return nn_net_forward(g, &m->d, nn_reshape(g, xc, 2, (size_t[]){n, w}), NULL);
}

/* ---- sampling ------------------------------------------------------------ */

Mat *gan_sample(const GanModel *m, size_t n, const float *cond, int one_cond, Rng *r, Err *e)
{
    size_t w = m->latent + m->cond_dim;
    Mat *Y = mat_new_uninit(n, m->dim, e);
    float *buf = Y ? mat_alloc_floats(APPLY_BATCH * w, e) : NULL;
    NnGraph *g = buf ? nn_graph_new(r, e) : NULL;
    if (!g) goto fail;
    nn_graph_set_train(g, 0);
    for (size_t r0 = 0; r0 < n; r0 += APPLY_BATCH) {
        size_t nb = n - r0 < APPLY_BATCH ? n - r0 : APPLY_BATCH;
        for (size_t i = 0; i < nb; i++) {
            float *row = buf + i * w;
            for (size_t j = 0; j < m->latent; j++)
                row[j] = (float)rng_normal(r);
            if (!m->cond_dim) continue;
            const float *c = cond ? cond + (one_cond ? 0 : (r0 + i) * m->cond_dim)
                                  : m->class_cond + ((r0 + i) % m->n_classes) * m->cond_dim;
            memcpy(row + m->latent, c, m->cond_dim * sizeof *c);
        }
        nn_graph_reset(g);
        NnTensor *y = gan_g_forward(g, m, nn_input(g, buf, 2, (size_t[]){nb, w}));
        if (!y || nn_graph_failed(g, e) < 0) goto fail;
        for (size_t i = 0; i < nb; i++)
            for (size_t j = 0; j < m->dim; j++)
                MAT_AT(Y, r0 + i, j) = m->shift[j] + m->scale[j] * y->data[i * m->dim + j];
    }
    if (m->image) {
        Y->img_h = m->shape.h;
        Y->img_w = m->shape.w;
        Y->img_c = m->shape.c;
    }
    nn_graph_free(g);
    free(buf);
    return Y;
fail:
    nn_graph_free(g);
    free(buf);
    mat_free(Y);
    return NULL;
}

/* ---- files ------------------------------------------------------------ */

/* Add a tensor named name (values copied from src) to store P. */
static int put(NnParams *P, const char *name, int nd, const size_t *shape, const float *src,
               Err *e)
{
    long k = nn_params_add(P, name, nd, shape, e);
    if (k < 0) return -1;
    size_t n = 1;
    for (int i = 0; i < nd; i++)
        n *= shape[i];
    if (n) memcpy(nn_params_at(P, (size_t)k), src, n * sizeof(float));
    return 0;
}

/* The embedding's words as lines "words.K=w1<TAB>w2...", each under
 * WORDS_CHUNK bytes (a line a word would make loading quadratic). */
static int put_words(DvmMeta *meta, const Mat *W, Err *e)
{
    char chunk[WORDS_CHUNK + 256], key[32];
    size_t n = 0, k = 0;
    dvm_meta_put(meta, "words", "%zu", W->rows);
    for (size_t i = 0; i < W->rows; i++) {
        const char *w = W->row_names ? W->row_names[i] : NULL;
        size_t len = w ? strlen(w) : 0;
        if (len == 0 || len > 200 || strpbrk(w, "\t\n\r"))
            return err_set(e,
                           "word %zu of the embedding cannot be saved: empty, over 200 bytes, or "
                           "with a tab or a line break",
                           i);
        if (n && n + 1 + len > WORDS_CHUNK) {
            snprintf(key, sizeof key, "words.%zu", k++);
            dvm_meta_put(meta, key, "%s", chunk);
            n = 0;
        }
        if (n) chunk[n++] = '\t';
        memcpy(chunk + n, w, len + 1);
        n += len;
    }
    if (n) {
        snprintf(key, sizeof key, "words.%zu", k);
        dvm_meta_put(meta, key, "%s", chunk);
    }
    return 0;
}

/* The words put_words wrote, as W's row names. */
static int get_words(const DvmFile *f, Mat *W, const char *path, Err *e)
{
    char chunk[4096], key[32];
    size_t i = 0;
    for (size_t k = 0; i < W->rows; k++) {
        snprintf(key, sizeof key, "words.%zu", k);
        if (!dvm_meta_get(f->meta, key, chunk, sizeof chunk))
            return err_set(e, "%s: the model lacks words %zu.. of its embedding", path, i);
        for (char *p = chunk, *t; p && i < W->rows; p = t) {
            t = strchr(p, '\t');
            if (t) *t++ = '\0';
            if (mat_set_row_name(W, i++, p, e) < 0) return -1;
        }
    }
    return 0;
}

int gan_save(const GanModel *m, const char *path, Err *e)
{
    DvmMeta meta = {0};
    char gs[4096], ds[4096];
    nn_spec_format(&m->g.spec, gs, sizeof gs);
    nn_spec_format(&m->d.spec, ds, sizeof ds);
    dvm_meta_put(&meta, "kind", "%s", m->cond_dim ? "cgan" : "gan");
    dvm_meta_put(&meta, "shape", "%zu %zu %zu %d", m->shape.h, m->shape.w, m->shape.c, m->image);
    dvm_meta_put(&meta, "latent", "%zu", m->latent);
    dvm_meta_put(&meta, "cond_dim", "%zu", m->cond_dim);
    dvm_meta_put(&meta, "embed_dim", "%zu", m->embed_dim);
    uint32_t tb;
    memcpy(&tb, &m->tau, 4); /* a float's bits: exact, and the same in every locale */
    dvm_meta_put(&meta, "tau", "%08x", (unsigned)tb);
    dvm_meta_put(&meta, "output", "%s", m->out == GAN_OUT_TANH ? "tanh" : "linear");
    dvm_meta_put(&meta, "pack", "%zu", m->pack);
    dvm_meta_put(&meta, "g", "%s", gs);
    dvm_meta_put(&meta, "d", "%s", ds);
    dvm_meta_put(&meta, "epochs", "%zu", m->epochs);
    dvm_meta_put(&meta, "stopped", "%d", m->stopped);
    dvm_meta_put(&meta, "classes", "%zu", m->n_classes);
    for (size_t i = 0; m->class_names && i < m->n_classes; i++) {
        char key[32];
        snprintf(key, sizeof key, "class.%zu", i);
        dvm_meta_put(&meta, key, "%s", m->class_names[i] ? m->class_names[i] : "");
    }
    NnParams aux;
    nn_params_init_store(&aux);
    int rc = m->words ? put_words(&meta, m->words, e) : 0;
    if (rc == 0) rc = put(&aux, "norm.shift", 1, (size_t[]){m->dim}, m->shift, e);
    if (rc == 0) rc = put(&aux, "norm.scale", 1, (size_t[]){m->dim}, m->scale, e);
    if (rc == 0 && m->epochs) {
        size_t E = m->epochs;
        rc = put(&aux, "history.d", 1, (size_t[]){E}, m->loss_d, e);
        if (rc == 0) rc = put(&aux, "history.g", 1, (size_t[]){E}, m->loss_g, e);
        if (rc == 0) rc = put(&aux, "history.p_real", 1, (size_t[]){E}, m->p_real, e);
        if (rc == 0) rc = put(&aux, "history.p_fake", 1, (size_t[]){E}, m->p_fake, e);
    }
    if (rc == 0 && m->cond_dim)
        rc = put(&aux, "cond.classes", 2, (size_t[]){m->n_classes, m->embed_dim}, m->class_vec, e);
    if (rc == 0 && m->words)
        rc = put(&aux, "cond.words", 2, (size_t[]){m->words->rows, m->words->cols},
                 m->words->data, e);
    const NnParams *stores[3] = {&m->G, &m->D, &aux};
    if (rc == 0) rc = dvm_save(path, &meta, stores, 3, e);
    nn_params_free(&aux);
    dvm_meta_free(&meta);
    return rc;
}

static int meta_size(const DvmFile *f, const char *key, size_t *out, size_t max, const char *path,
                     Err *e)
{
    char buf[64], *end;
    if (!dvm_meta_get(f->meta, key, buf, sizeof buf))
        return err_set(e, "%s: the model does not say its %s", path, key);
    unsigned long long v = strtoull(buf, &end, 10);
    if (end == buf || *end || v > max)
        return err_set(e, "%s: bad %s '%s' in the model", path, key, buf);
    *out = (size_t)v;
    return 0;
}

/* The file's tensor called name with n values, or NULL with e set. */
static const float *tensor(const DvmFile *f, const char *name, size_t n, const char *path, Err *e)
{
    long k = nn_params_find(&f->tensors, name);
    if (k < 0) return err_set(e, "%s: the model has no tensor '%s'", path, name), NULL;
    if (f->tensors.info[k].n != n)
        return err_set(e, "%s: tensor '%s' has %zu values, the model needs %zu", path, name,
                       f->tensors.info[k].n, n),
               NULL;
    return f->tensors.data + f->tensors.info[k].off;
}

static float *copy_of(const float *src, size_t n, Err *e)
{
    float *d = malloc((n ? n : 1) * sizeof *d);
    if (!d) return err_nomem(e, n * sizeof *d, "model"), NULL;
    if (n) memcpy(d, src, n * sizeof *d);
    return d;
}

/* The history arrays of a loaded model. */
static int load_history(GanModel *m, const DvmFile *f, const char *path, Err *e)
{
    size_t E = m->epochs;
    const float *t;
    if (!E) return 0;
    if (!(t = tensor(f, "history.d", E, path, e)) || !(m->loss_d = copy_of(t, E, e)) ||
        !(t = tensor(f, "history.g", E, path, e)) || !(m->loss_g = copy_of(t, E, e)) ||
        !(t = tensor(f, "history.p_real", E, path, e)) || !(m->p_real = copy_of(t, E, e)) ||
        !(t = tensor(f, "history.p_fake", E, path, e)) || !(m->p_fake = copy_of(t, E, e)))
        return -1;
    return 0;
}

/* The classes, their conditions and the embedding of a loaded model. */
static int load_conditions(GanModel *m, const DvmFile *f, const char *path, Err *e)
{
    char text[4096], buf[64];
    const float *t;
    if (m->n_classes < 1) return err_set(e, "%s: a conditional model without classes", path);
    if (meta_size(f, "embed_dim", &m->embed_dim, 1 << 20, path, e) < 0) return -1;
    if (m->embed_dim != m->cond_dim)
        return err_set(e, "%s: conditions of %zu values from an embedding of %zu", path,
                       m->cond_dim, m->embed_dim);
    char *end;
    unsigned long tb = dvm_meta_get(f->meta, "tau", buf, sizeof buf) ? strtoul(buf, &end, 16) : 0;
    uint32_t tb32 = (uint32_t)tb;
    memcpy(&m->tau, &tb32, 4);
    if (!tb || *end || tb > 0xffffffffUL || !(m->tau > 0) || !isfinite(m->tau))
        return err_set(e, "%s: bad temperature in the model", path);
    size_t n = m->n_classes * m->embed_dim;
    if (!(t = tensor(f, "cond.classes", n, path, e)) || !(m->class_vec = copy_of(t, n, e)))
        return -1;
    if (gan_class_conditions(m, e) < 0) return err_prefix(e, "%s", path);
    if (!(m->class_names = calloc(m->n_classes, sizeof *m->class_names)))
        return err_nomem(e, m->n_classes * sizeof(char *), "class names");
    for (size_t i = 0; i < m->n_classes; i++) {
        char key[32];
        snprintf(key, sizeof key, "class.%zu", i);
        if (!dvm_meta_get(f->meta, key, text, sizeof text)) text[0] = '\0';
        if (!(m->class_names[i] = strdup(text)))
            return err_nomem(e, strlen(text) + 1, "class names");
    }
    if (!dvm_meta_get(f->meta, "words", buf, sizeof buf)) return 0;
    size_t nw;
    if (meta_size(f, "words", &nw, 10000000, path, e) < 0) return -1;
    if (!(t = tensor(f, "cond.words", nw * m->embed_dim, path, e))) return -1;
    if (!(m->words = mat_new_uninit(nw, m->embed_dim, e))) return -1;
    if (nw) memcpy(m->words->data, t, nw * m->embed_dim * sizeof(float));
    return get_words(f, m->words, path, e);
}

int gan_load(GanModel *m, const DvmFile *f, const char *path, Err *e)
{
    memset(m, 0, sizeof *m);
    nn_params_init_store(&m->G);
    nn_params_init_store(&m->D);
    char kind[32] = "", text[4096], buf[64];
    NnSpec gs = {0}, ds = {0};
    int rc = -1;
    size_t h, w, c, stopped;
    int img;
    dvm_meta_get(f->meta, "kind", kind, sizeof kind);
    if (!dvm_meta_get(f->meta, "shape", buf, sizeof buf) ||
        sscanf(buf, "%zu %zu %zu %d", &h, &w, &c, &img) != 4 || h == 0 || w == 0 || c == 0 ||
        h > 4096 || w > 4096 || c > 4096 || h * w * c > (1u << 24)) {
        err_set(e, "%s: bad sample shape in the model", path);
        goto done;
    }
    m->shape = (NnShape){h, w, c};
    m->image = img != 0;
    m->dim = h * w * c;
    if (meta_size(f, "latent", &m->latent, 4096, path, e) < 0 ||
        meta_size(f, "cond_dim", &m->cond_dim, 1 << 20, path, e) < 0 ||
        meta_size(f, "epochs", &m->epochs, 100000, path, e) < 0 ||
        meta_size(f, "stopped", &stopped, 1, path, e) < 0 ||
        meta_size(f, "classes", &m->n_classes, 100000, path, e) < 0 ||
        meta_size(f, "pack", &m->pack, 64, path, e) < 0)
        goto done;
    if (m->pack < 1) {
        err_set(e, "%s: bad pack '0' in the model", path);
        goto done;
    }
    m->stopped = (int)stopped;
    if ((strcmp(kind, "cgan") == 0) != (m->cond_dim > 0)) {
        err_set(e, "%s: a '%s' model with %zu condition values", path, kind, m->cond_dim);
        goto done;
    }
    m->out = dvm_meta_get(f->meta, "output", buf, sizeof buf) && strcmp(buf, "tanh") == 0
                 ? GAN_OUT_TANH
                 : GAN_OUT_LINEAR;
    if (!dvm_meta_get(f->meta, "g", text, sizeof text) || nn_spec_parse(text, "g", &gs, e) < 0 ||
        !dvm_meta_get(f->meta, "d", text, sizeof text) || nn_spec_parse(text, "d", &ds, e) < 0) {
        if (!e->msg[0])
            err_set(e, "%s: the model lacks a network description", path);
        else
            err_prefix(e, "%s", path);
        goto done;
    }
    if (build_nets(m, &gs, &ds, e) < 0) {
        err_prefix(e, "%s", path);
        goto done;
    }
    if (dvm_fill(f, &m->G, path, e) < 0 || dvm_fill(f, &m->D, path, e) < 0) goto done;
    const float *t;
    if (!(t = tensor(f, "norm.shift", m->dim, path, e)) || !(m->shift = copy_of(t, m->dim, e)) ||
        !(t = tensor(f, "norm.scale", m->dim, path, e)) || !(m->scale = copy_of(t, m->dim, e)))
        goto done;
    for (size_t j = 0; j < m->dim; j++)
        if (!(m->scale[j] != 0) || !isfinite(m->scale[j]) || !isfinite(m->shift[j])) {
            err_set(e, "%s: bad scaling of column %zu in the model", path, j);
            goto done;
        }
    if (load_history(m, f, path, e) < 0) goto done;
    if (m->cond_dim && load_conditions(m, f, path, e) < 0) goto done;
    rc = 0;
done:
    nn_spec_free(&gs);
    nn_spec_free(&ds);
    if (rc < 0) gan_free(m);
    return rc;
}
