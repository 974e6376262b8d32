/* builtins_gen.c — models between spaces: toy data sets (rings, moons,
 * blobs) and how samples cover them (modes), GANs (gan, cgan, sample,
 * generate).  The models live in src/train (gan.h, ganfit.h); this file
 * turns arguments into options and results into model values. */
#include "lang/builtins_gen.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/progress.h"
#include "core/rng.h"
#include "lang/builtin.h"
#include "lang/builtins_seq.h"
#include "lang/ctx.h"
#include "lang/words.h"
#include "nn/dvm.h"
#include "train/gan.h"
#include "train/ganfit.h"
#include "train/phrase.h"
#include "train/toydata.h"

#define MAX_WIDTHS 64
#define SAMPLES_FIELD 1000 /* rows of a GAN's .samples */

/* ---- toy data ---------------------------------------------------------------- */

static int bi_rings(Ctx *ctx, Value **args, Value **out, Err *e)
{
    (void)ctx;
    long n, k;
    if (arg_count("rings", args[0], 0, 1, 10000000, "n", &n, e) < 0 ||
        arg_count("rings", args[1], 1, 1, 1000, "modes", &k, e) < 0)
        return -1;
    double radius = arg_num(args[2]), std = arg_num(args[3]);
    if (!(radius > 0 && radius < 1e6))
        return err_param(e, 2, "rings: radius must be positive, got %g", radius);
    if (!(std >= 0 && std < 1e6))
        return err_param(e, 3, "rings: std must be >= 0, got %g", std);
    return out_mat(toy_rings((size_t)n, (size_t)k, radius, std, rng_global(), e), out, e);
}

static int bi_moons(Ctx *ctx, Value **args, Value **out, Err *e)
{
    (void)ctx;
    long n;
    if (arg_count("moons", args[0], 0, 1, 10000000, "n", &n, e) < 0) return -1;
    double noise = arg_num(args[1]);
    if (!(noise >= 0 && noise < 1e6))
        return err_param(e, 1, "moons: noise must be >= 0, got %g", noise);
    return out_mat(toy_moons((size_t)n, noise, rng_global(), e), out, e);
}

static int bi_blobs(Ctx *ctx, Value **args, Value **out, Err *e)
{
    (void)ctx;
    long n, k, d;
    if (arg_count("blobs", args[0], 0, 1, 10000000, "n", &n, e) < 0 ||
        arg_count("blobs", args[1], 1, 1, 1000, "k", &k, e) < 0 ||
        arg_count("blobs", args[3], 3, 1, 4096, "dims", &d, e) < 0)
        return -1;
    double std = arg_num(args[2]), box = arg_num(args[4]);
    if (!(std >= 0 && std < 1e6)) return err_param(e, 2, "blobs: std must be >= 0, got %g", std);
    if (!(box >= 0 && box < 1e6)) return err_param(e, 4, "blobs: box must be >= 0, got %g", box);
    if (mat_check_size((size_t)n, (size_t)d, "blobs", e) < 0) return -1;
    return out_mat(toy_blobs((size_t)n, (size_t)k, (size_t)d, std, box, rng_global(), e), out, e);
}

static int bi_modes(Ctx *ctx, Value **args, Value **out, Err *e)
{
    (void)ctx;
    Mat *S = arg_mat(args[0]), *X = arg_mat(args[1]);
    double within = arg_num(args[2]);
    if (!(within > 0 && within < 1e6))
        return err_param(e, 2, "modes: within must be positive, got %g", within);
    ToyModes tm;
    if (toy_modes(S, X, within, &tm, "modes", e) < 0) return -1;
    Value *v = val_model("modes", e);
    Mat *counts = v ? mat_new_uninit(1, tm.k, e) : NULL;
    Mat *centres = counts ? mat_new_uninit(tm.k, X->cols, e) : NULL;
    int rc = -1;
    if (!centres) goto done;
    for (size_t q = 0; q < tm.k; q++) {
        counts->data[q] = (float)tm.counts[q];
        memcpy(MAT_ROW(centres, q), tm.centres + q * X->cols, X->cols * sizeof(float));
        char buf[64];
        const char *name = mat_class_name(X, tm.classes[q], buf, sizeof buf);
        if (mat_set_col_name(counts, q, name, e) < 0 || mat_set_row_name(centres, q, name, e) < 0)
            goto done;
    }
    if (val_model_set_num(v, "covered", (double)tm.covered, e) < 0 ||
        val_model_set_num(v, "modes", (double)tm.k, e) < 0 ||
        val_model_set_num(v, "quality", tm.quality, e) < 0)
        goto done;
    rc = val_model_set_mat(v, "counts", counts, e);
    counts = NULL;
    if (rc == 0) rc = val_model_set_mat(v, "centres", centres, e);
    centres = NULL;
done:
    mat_free(counts);
    mat_free(centres);
    toy_modes_free(&tm);
    if (rc < 0) {
        val_unref(v);
        return -1;
    }
    *out = v;
    return 0;
}

/* ---- GANs ------------------------------------------------------------------------ */

static void gan_impl_free(void *p)
{
    gan_free(p);
    free(p);
}

static GanModel *gan_of(const char *f, Value *v, Err *e)
{
    if (v->kind != VAL_MODEL || v->u.model->impl_free != gan_impl_free) {
        err_param(e, 0, "%s: m must be a GAN (from gan, cgan or a .dvm file), got a %s model", f,
                  v->u.model->type);
        return NULL;
    }
    return v->u.model->impl;
}

static int widths(const char *f, const char *pname, Value *v, int index, long *w, size_t *n,
                  Err *e)
{
    int k = arg_ints(v, w, MAX_WIDTHS, f, pname, e);
    if (k < 0) {
        e->param = index + 1;
        return -1;
    }
    for (int i = 0; i < k; i++)
        if (w[i] < 1 || w[i] > (1 << 20))
            return err_param(e, index, "%s: layer %d of %s has width %ld; widths are from 1 to %d",
                             f, i, pname, w[i], 1 << 20);
    *n = (size_t)k;
    return 0;
}

/* The samples of a model value's fields. */
static Mat *samples_of(const GanModel *m, size_t n, Err *e)
{
    Rng r;
    rng_seed(&r, 12345);
    Mat *S = gan_sample(m, n, NULL, 0, &r, e);
    if (!S || !m->cond_dim) return S;
    /* a conditional model's samples take the training classes in turn */
    if (mat_ensure_labels(S, e) < 0) goto fail;
    for (size_t i = 0; i < n; i++)
        S->labels[i] = (int)(i % m->n_classes);
    S->label_names = calloc(m->n_classes, sizeof *S->label_names);
    if (!S->label_names) {
        err_nomem(e, m->n_classes * sizeof(char *), "class names");
        goto fail;
    }
    S->n_classes = m->n_classes;
    for (size_t c = 0; c < m->n_classes; c++)
        if (!(S->label_names[c] = strdup(m->class_names[c] ? m->class_names[c] : ""))) {
            err_nomem(e, 16, "class names");
            goto fail;
        }
    return S;
fail:
    mat_free(S);
    return NULL;
}

/* A model value holding m (consumed: freed on failure too). */
static Value *gan_value(GanModel *m, Err *e)
{
    Value *v = val_model(m->cond_dim ? "cgan" : "gan", e);
    if (!v) {
        gan_impl_free(m);
        return NULL;
    }
    v->u.model->impl = m;
    v->u.model->impl_free = gan_impl_free;
    char net[4096];
    size_t E = m->epochs;
    Mat *ld = mat_of_floats(m->loss_d, E, e), *lg = ld ? mat_of_floats(m->loss_g, E, e) : NULL;
    Mat *pr = lg ? mat_of_floats(m->p_real, E, e) : NULL, *pf = pr ? mat_of_floats(m->p_fake, E, e) : NULL;
    if (!pf) {
        mat_free(ld);
        mat_free(lg);
        mat_free(pr);
        goto fail;
    }
    int rc = val_model_set_mat(v, "d_loss", ld, e);
    rc |= val_model_set_mat(v, "g_loss", lg, e);
    rc |= val_model_set_mat(v, "p_real", pr, e);
    rc |= val_model_set_mat(v, "p_fake", pf, e);
    if (rc) goto fail;
    nn_spec_format(&m->g.spec, net, sizeof net);
    if (val_model_set_str(v, "g_net", net, e) < 0) goto fail;
    nn_spec_format(&m->d.spec, net, sizeof net);
    if (val_model_set_str(v, "d_net", net, e) < 0 ||
        val_model_set_num(v, "latent", (double)m->latent, e) < 0 ||
        val_model_set_num(v, "epochs", (double)E, e) < 0 ||
        val_model_set(v, "stopped", val_bool(m->stopped, e), e) < 0 ||
        val_model_set_num(v, "params", (double)(m->G.total + m->D.total), e) < 0)
        goto fail;
    Mat *S = samples_of(m, SAMPLES_FIELD, e);
    if (!S || val_model_set_mat(v, "samples", S, e) < 0 ||
        val_model_set_main(v, "samples", e) < 0)
        goto fail;
    return v;
fail:
    val_unref(v);
    return NULL;
}

/* One sample's shape: X's image shape when it has one. */
static NnShape sample_shape(const Mat *X, int *image)
{
    if (X->img_h && X->img_w && X->img_h * X->img_w * (X->img_c ? X->img_c : 1) == X->cols) {
        *image = 1;
        return (NnShape){X->img_h, X->img_w, X->img_c ? X->img_c : 1};
    }
    *image = 0;
    return (NnShape){1, 1, X->cols};
}

/* Parameter indices of the options gan and cgan share. */
typedef struct GanArgs {
    int latent, g_layers, d_layers, g_net, d_net, pack, epochs, batch, lr, output, threads, live;
} GanArgs;

static int gan_spec(const char *f, Value **args, const GanArgs *ix, const Mat *X, GanSpec *s,
                    long *gw, long *dw, GanFitOpts *o, Err *e)
{
    long L = X->cols < 64 ? (long)X->cols : 64; /* as many as the data have, up to 64 */
    if (!arg_is_none(args[ix->latent]) &&
        arg_count(f, args[ix->latent], ix->latent, 1, 4096, "latent", &L, e) < 0)
        return -1;
    s->latent = (size_t)L;
    if (!arg_is_none(args[ix->g_net]))
        s->g_net = arg_str(args[ix->g_net]);
    else if (widths(f, "g_layers", args[ix->g_layers], ix->g_layers, gw, &s->g_nwidths, e) < 0)
        return -1;
    s->g_widths = gw;
    if (!arg_is_none(args[ix->d_net]))
        s->d_net = arg_str(args[ix->d_net]);
    else if (widths(f, "d_layers", args[ix->d_layers], ix->d_layers, dw, &s->d_nwidths, e) < 0)
        return -1;
    s->d_widths = dw;
    long pk;
    if (arg_count(f, args[ix->pack], ix->pack, 1, 16, "pack", &pk, e) < 0) return -1;
    s->pack = (size_t)pk;
    const char *out = arg_str(args[ix->output]);
    if (strcmp(out, "tanh") == 0)
        s->out = GAN_OUT_TANH;
    else if (strcmp(out, "linear") == 0)
        s->out = GAN_OUT_LINEAR;
    else if (strcmp(out, "auto") == 0)
        s->out = X->img_h && X->img_w ? GAN_OUT_TANH : GAN_OUT_LINEAR;
    else
        return err_param(e, ix->output,
                         "%s: output must be \"auto\", \"tanh\" or \"linear\", got \"%s\"", f, out);
    ganfit_default_opts(o);
    o->task = f;
    long ep, b;
    if (arg_count(f, args[ix->epochs], ix->epochs, 0, 100000, "epochs", &ep, e) < 0 ||
        arg_count(f, args[ix->batch], ix->batch, 1, 65536, "batch", &b, e) < 0)
        return -1;
    o->epochs = (int)ep;
    o->batch = (int)b;
    double lr = arg_num(args[ix->lr]);
    if (!(lr > 0 && lr < 1e3)) return err_param(e, ix->lr, "%s: lr must be positive, got %g", f, lr);
    o->lr_g = o->lr_d = (float)lr;
    long t;
    if (arg_count(f, args[ix->threads], ix->threads, 1, 64, "threads", &t, e) < 0) return -1;
    o->threads = (int)t;
    const char *lv = arg_str(args[ix->live]);
    if (strcmp(lv, "samples") == 0)
        o->live = 1;
    else if (strcmp(lv, "loss") != 0)
        return err_param(e, ix->live, "%s: live must be \"samples\" or \"loss\", got \"%s\"", f,
                         lv);
    o->seed = rng_u64(rng_global());
    o->progress = progress_global();
    if (X->rows < 2) return err_param(e, 0, "%s: X needs at least 2 rows, got %zu", f, X->rows);
    return 0;
}

/* Build (the spec's errors are about net_index's parameter), fill m's
 * conditions with fill (may be NULL), train and wrap. */
static int gan_train(const char *f, const GanSpec *s, const GanArgs *ix, const Mat *X,
                     const int *labels, const GanFitOpts *o,
                     int (*fill)(GanModel *m, void *u, Err *e), void *u, Value **out, Err *e)
{
    int image;
    NnShape shape = sample_shape(X, &image);
    Rng rng;
    rng_seed(&rng, o->seed ^ 0x9e3779b97f4a7c15ULL);
    GanModel *m = calloc(1, sizeof *m);
    if (!m) return err_nomem(e, sizeof *m, f);
    if (gan_build(m, s, shape, image, &rng, e) < 0) {
        free(m);
        err_prefix(e, "%s", f);
        if (strstr(e->msg, "latent"))
            e->param = ix->latent + 1;
        else if (strstr(e->msg, "d_net"))
            e->param = (s->d_net ? ix->d_net : ix->d_layers) + 1;
        else
            e->param = (s->g_net ? ix->g_net : ix->g_layers) + 1;
        return -1;
    }
    if (fill && fill(m, u, e) < 0) {
        gan_impl_free(m);
        return -1;
    }
    GanFitResult r;
    if (gan_fit(m, X, labels, o, &r, e) < 0) {
        gan_impl_free(m);
        if (!e->cancelled && !e->param) {
            if (strcmp(e->about, "epochs") == 0) e->param = ix->epochs + 1;
            else if (strcmp(e->about, "batch") == 0) e->param = ix->batch + 1;
            else if (strcmp(e->about, "lr") == 0) e->param = ix->lr + 1;
            else if (strcmp(e->about, "batch") == 0) e->param = ix->batch + 1;
            else e->param = 1;
            e->about[0] = '\0';
            if (strncmp(e->msg, f, strlen(f)) != 0) err_prefix(e, "%s", f);
        }
        return -1;
    }
    Value *v = gan_value(m, e);
    if (!v) return -1;
    if (val_model_set_num(v, "seconds", r.seconds, e) < 0 ||
        val_model_set_num(v, "samples_per_sec", r.samples_per_sec, e) < 0) {
        val_unref(v);
        return -1;
    }
    *out = v;
    return 0;
}

static int bi_gan(Ctx *ctx, Value **args, Value **out, Err *e)
{
    (void)ctx;
    /* X latent g_layers d_layers g_net d_net pack epochs batch lr output threads live */
    GanArgs ix = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
    Mat *X = arg_mat(args[0]);
    long gw[MAX_WIDTHS], dw[MAX_WIDTHS];
    GanSpec s = {0};
    GanFitOpts o;
    if (gan_spec("gan", args, &ix, X, &s, gw, dw, &o, e) < 0) return -1;
    return gan_train("gan", &s, &ix, X, NULL, &o, NULL, NULL, out, e);
}

/* ---- conditions ---------------------------------------------------------------- */

/* The vector of a word or phrase in E, with "did you mean" for an
 * unknown word.  f and index name the builtin and parameter. */
static int text_vector(Ctx *ctx, const char *f, int index, Mat *E, const char *text, float *out,
                       Err *e)
{
    return words_phrase(ctx, f, index, "", E, text, out, e);
}

typedef struct CondFill {
    Ctx *ctx;
    const Mat *X;
    Mat *E;
    float tau;
    size_t n_classes;
} CondFill;

/* The classes of X (n_classes of them), their words' vectors in E and
 * their conditions; the embedding goes with the model for generate. */
static int fill_classes(GanModel *m, void *u, Err *e)
{
    CondFill *cf = u;
    const Mat *X = cf->X, *E = cf->E;
    size_t nc = cf->n_classes, d = E->cols;
    m->n_classes = nc;
    m->embed_dim = d;
    m->tau = cf->tau;
    m->class_names = calloc(nc, sizeof *m->class_names);
    m->class_vec = malloc(nc * d * sizeof *m->class_vec);
    if (!m->class_names || !m->class_vec) return err_nomem(e, nc * d * sizeof(float), "cgan");
    for (size_t c = 0; c < nc; c++) {
        char buf[64];
        const char *name = mat_class_name(X, (int)c, buf, sizeof buf);
        if (!(m->class_names[c] = strdup(name))) return err_nomem(e, strlen(name) + 1, "cgan");
        float *v = m->class_vec + c * d;
        if (text_vector(cf->ctx, "cgan", 1, cf->E, name, v, e) < 0) {
            if (e->msg[0] && strstr(e->msg, "not a word"))
                return err_param(e, 0,
                                 "cgan: class %zu of X is \"%s\", which is no word of the "
                                 "embedding; name the classes with words (load(..., "
                                 "classes=[...]) or labeled(X, X.labels, classes=[...]))",
                                 c, name);
            return -1;
        }
        double n2 = 0;
        for (size_t j = 0; j < d; j++)
            n2 += (double)v[j] * v[j];
        if (!(n2 > 0) || !isfinite(n2))
            return err_param(e, 1, "cgan: the vector of class \"%s\" is %s", name,
                             n2 > 0 ? "not finite" : "zero");
        for (size_t j = 0; j < d; j++)
            v[j] = (float)(v[j] / sqrt(n2));
    }
    if (gan_class_conditions(m, e) < 0) return arg_blame(e, 1, "cgan");
    if (!(m->words = mat_new_uninit(E->rows, d, e))) return -1;
    memcpy(m->words->data, E->data, E->rows * d * sizeof(float));
    for (size_t i = 0; i < E->rows; i++)
        if (mat_set_row_name(m->words, i, E->row_names[i] ? E->row_names[i] : "", e) < 0)
            return -1;
    return 0;
}

static int bi_cgan(Ctx *ctx, Value **args, Value **out, Err *e)
{
    /* X embedding latent g_layers d_layers g_net d_net pack epochs batch lr noise tau output
     * threads live */
    GanArgs ix = {2, 3, 4, 5, 6, 7, 8, 9, 10, 13, 14, 15};
    Mat *X = arg_mat(args[0]), *E = arg_mat(args[1]);
    if (!X->labels)
        return err_param(e, 0, "cgan: X has no labels (load it with label=, or use labeled())");
    if (!E->row_names)
        return err_param(e, 1, "cgan: embedding must be word vectors (rows named by words)");
    size_t nc = X->label_names ? X->n_classes : 0;
    for (size_t i = 0; i < X->rows; i++) {
        if (X->labels[i] < 0) return err_param(e, 0, "cgan: row %zu of X has no label", i);
        if ((size_t)X->labels[i] + 1 > nc) nc = (size_t)X->labels[i] + 1;
    }
    if (nc < 2) return err_param(e, 0, "cgan: X needs at least 2 classes, got %zu", nc);
    long gw[MAX_WIDTHS], dw[MAX_WIDTHS];
    GanSpec s = {.cond_dim = E->cols};
    GanFitOpts o;
    if (gan_spec("cgan", args, &ix, X, &s, gw, dw, &o, e) < 0) return -1;
    double noise = arg_num(args[11]), tau = arg_num(args[12]);
    if (!(noise >= 0 && noise <= 10))
        return err_param(e, 11, "cgan: noise must be from 0 to 10, got %g", noise);
    if (!(tau >= 1e-4 && tau <= 100))
        return err_param(e, 12, "cgan: tau must be from 0.0001 to 100, got %g", tau);
    o.cond_noise = (float)noise;
    CondFill cf = {ctx, X, E, (float)tau, nc};
    return gan_train("cgan", &s, &ix, X, X->labels, &o, fill_classes, &cf, out, e);
}

/* ---- using a GAN ----------------------------------------------------------------- */

/* The condition c (a word, a phrase or a vector of the embedding's
 * space) as the nets take it, into out; *nearest is the class it is most
 * like. */
static int condition_arg(Ctx *ctx, const char *f, GanModel *m, Value *c, int index, float *out,
                         int *nearest, Err *e)
{
    float *v = malloc(m->embed_dim * sizeof *v);
    if (!v) return err_nomem(e, m->embed_dim * sizeof *v, f);
    int rc = -1;
    char buf[64];
    if (c->kind == VAL_STR) {
        if (!m->words) {
            err_param(e, index, "%s: the model has no embedding to look words up in; give a vector",
                      f);
            goto done;
        }
        if (text_vector(ctx, f, index, m->words, c->u.str, v, e) < 0) goto done;
    } else {
        Value *mv = c->kind == VAL_MAT || c->kind == VAL_LIST ? val_to_mat(c, "c", e) : NULL;
        if (!mv) {
            err_param(e, index, "%s: c must be a word, a phrase or a vector, got %s", f,
                      val_describe(c, buf, sizeof buf));
            goto done;
        }
        const Mat *M = mv->u.mat;
        if (M->rows * M->cols != m->embed_dim) {
            err_param(e, index, "%s: the model's embedding has %zu values a word, c is %zux%zu", f,
                      m->embed_dim, M->rows, M->cols);
            val_unref(mv);
            goto done;
        }
        memcpy(v, M->data, m->embed_dim * sizeof *v);
        val_unref(mv);
    }
    if (gan_condition(m, v, out, nearest, e) < 0) {
        arg_blame(e, index, f);
        goto done;
    }
    rc = 0;
done:
    free(v);
    return rc;
}

static int label_rows(Mat *S, const GanModel *m, int cls, Err *e)
{
    if (mat_ensure_labels(S, e) < 0) return -1;
    for (size_t i = 0; i < S->rows; i++)
        S->labels[i] = cls;
    S->label_names = calloc(m->n_classes, sizeof *S->label_names);
    if (!S->label_names) return err_nomem(e, m->n_classes * sizeof(char *), "class names");
    S->n_classes = m->n_classes;
    for (size_t c = 0; c < m->n_classes; c++)
        if (!(S->label_names[c] = strdup(m->class_names[c] ? m->class_names[c] : "")))
            return err_nomem(e, 16, "class names");
    return 0;
}

static int bi_generate(Ctx *ctx, Value **args, Value **out, Err *e)
{
    GanModel *m = gan_of("generate", args[0], e);
    if (!m) return -1;
    if (!m->cond_dim)
        return err_param(e, 0, "generate: m must be a conditional GAN (cgan); use sample(m, n)");
    long n;
    if (arg_count("generate", args[2], 2, 1, 1000000, "n", &n, e) < 0) return -1;
    float *c = malloc(m->cond_dim * sizeof *c);
    if (!c) return err_nomem(e, m->cond_dim * sizeof *c, "generate");
    int cls = 0;
    Mat *S = NULL;
    float keep = m->tau;
    if (!arg_is_none(args[3])) {
        double tau = arg_num(args[3]);
        if (!(tau >= 1e-4 && tau <= 100)) {
            free(c);
            return err_param(e, 3, "generate: tau must be from 0.0001 to 100, got %g", tau);
        }
        m->tau = (float)tau; /* for this call only */
    }
    if (condition_arg(ctx, "generate", m, args[1], 1, c, &cls, e) == 0)
        S = gan_sample(m, (size_t)n, c, 1, rng_global(), e);
    m->tau = keep;
    free(c);
    if (!S) return -1;
    if (label_rows(S, m, cls, e) < 0) {
        mat_free(S);
        return -1;
    }
    return out_mat(S, out, e);
}

static int bi_sample(Ctx *ctx, Value **args, Value **out, Err *e)
{
    (void)ctx;
    Value *mv = args[0];
    if (mv->u.model->impl_free == gan_impl_free) {
        GanModel *m = mv->u.model->impl;
        Value *w = args[1];
        long n = 16;
        if (!arg_is_none(w)) {
            if (w->kind != VAL_NUM)
                return err_param(e, 1, "sample: a GAN takes a number of samples, not a %s",
                                 val_kind_name(w->kind));
            if (arg_count("sample", w, 1, 1, 10000000, "n", &n, e) < 0) return -1;
        } else if (!arg_is_none(args[2]) &&
                   arg_count("sample", args[2], 2, 1, 10000000, "n", &n, e) < 0) {
            return -1;
        }
        Mat *S = gan_sample(m, (size_t)n, NULL, 0, rng_global(), e);
        if (!S) return -1;
        if (m->cond_dim) {
            if (label_rows(S, m, 0, e) < 0) {
                mat_free(S);
                return -1;
            }
            for (size_t i = 0; i < S->rows; i++)
                S->labels[i] = (int)(i % m->n_classes);
        }
        return out_mat(S, out, e);
    }
    if (seq_value_is_rnn(mv)) return seq_sample(ctx, args, out, e); /* builtins_seq.c */
    return err_param(e, 0, "sample: m must be a GAN or an RNN, got a %s model", mv->u.model->type);
}

/* ---- files -------------------------------------------------------------------------- */

int gen_value_is_model(const Value *v)
{
    return (v->kind == VAL_MODEL && v->u.model->impl && v->u.model->impl_free == gan_impl_free) ||
           seq_value_is_model(v);
}

int gen_value_save(const Value *v, const char *path, Err *e)
{
    if (v->u.model->impl_free == gan_impl_free) return gan_save(v->u.model->impl, path, e);
    if (seq_value_is_model(v)) return seq_value_save(v, path, e);
    return err_set(e, "save: this model cannot be saved");
}

int gen_value_load(const char *path, Value **out, Err *e)
{
    DvmFile f;
    if (dvm_load(path, &f, e) < 0) return -1;
    char kind[32] = "";
    dvm_meta_get(f.meta, "kind", kind, sizeof kind);
    int rc = seq_value_load(&f, path, out, e); /* rnn, joint (builtins_seq.c) */
    if (rc == 1 && (strcmp(kind, "gan") == 0 || strcmp(kind, "cgan") == 0)) {
        GanModel *m = calloc(1, sizeof *m);
        rc = -1;
        if (!m)
            err_nomem(e, sizeof *m, "model");
        else if (gan_load(m, &f, path, e) < 0)
            free(m);
        else if ((*out = gan_value(m, e)))
            rc = 0;
    }
    dvm_free(&f);
    return rc;
}

/* ---- the table ------------------------------------------------------------------------ */

#define GAN_NETS(latent, gl, dl)                                                                   \
    {"latent", P_INT, latent}, {"g_layers", P_LIST, gl}, {"d_layers", P_LIST, dl},                 \
        {"g_net", P_STR, "none"}, {"d_net", P_STR, "none"}, {                                      \
        "pack", P_INT, "2"                                                                         \
    }

const Builtin builtins_gen[] = {
    {"rings",
     bi_rings,
     "n points from `modes` Gaussians on a circle (the ring of 8 Gaussians), labelled by mode",
     "gen",
     {{"n", P_INT, NULL}, {"modes", P_INT, "8"}, {"radius", P_NUM, "2"}, {"std", P_NUM, "0.05"}},
     "R = rings(400, modes=8); scatter R",
     0},
    {"moons",
     bi_moons,
     "n points on two interleaving half circles (scikit-learn's make_moons), labelled by moon",
     "gen",
     {{"n", P_INT, NULL}, {"noise", P_NUM, "0.1"}},
     "scatter moons(300, noise=0.05)",
     0},
    {"blobs",
     bi_blobs,
     "n points from k Gaussian blobs with centres uniform in [-box, box] (make_blobs)",
     "gen",
     {{"n", P_INT, NULL},
      {"k", P_INT, "3"},
      {"std", P_NUM, "1"},
      {"dims", P_INT, "2"},
      {"box", P_NUM, "10"}},
     "B = blobs(300, k=4); scatter B",
     0},
    {"modes",
     bi_modes,
     "how samples S cover the classes of X as modes: .covered of .modes, .quality (share within "
     "3 sigma)",
     "gen",
     {{"S", P_MAT, NULL}, {"X", P_MAT, NULL}, {"within", P_NUM, "3"}},
     "R = rings(800); modes(R[0:400], R[400:800])",
     0},
    {"gan",
     bi_gan,
     "generative adversarial net on X's rows: .samples .d_loss .g_loss; sample(g, n) draws more",
     "gen",
     {{"X", P_MAT, NULL},
      GAN_NETS("none", "[128, 128]", "[128, 128]"),
      {"epochs", P_INT, "100"},
      {"batch", P_INT, "64"},
      {"lr", P_NUM, "0.001"},
      {"output", P_STR, "\"auto\""},
      {"threads", P_INT, "1"},
      {"live", P_STR, "\"samples\""}},
     "g = gan(rings(512), epochs=20); modes(sample(g, 500), rings(800)).covered",
     0},
    {"cgan",
     bi_cgan,
     "GAN conditioned on word vectors of X's class names (text to image): generate(m, \"seven\")",
     "gen",
     {{"X", P_MAT, NULL},
      {"embedding", P_MAT, NULL},
      GAN_NETS("32", "[256, 512]", "[512, 256]"),
      {"epochs", P_INT, "30"},
      {"batch", P_INT, "64"},
      {"lr", P_NUM, "0.0002"},
      {"noise", P_NUM, "0.2"},
      {"tau", P_NUM, "0.0005"},
      {"output", P_STR, "\"auto\""},
      {"threads", P_INT, "1"},
      {"live", P_STR, "\"samples\""}},
     "B = blobs(300, k=2); B = labeled(B, B.labels, classes=[\"cat\", \"dog\"]); "
     "c = cgan(B, E, epochs=2, g_layers=[16], d_layers=[16]); generate(c, \"horse\", n=3)",
     0},
    {"generate",
     bi_generate,
     "n samples of a conditional GAN for c: a word, a phrase (its words averaged) or a vector",
     "gen",
     {{"m", P_MODEL, NULL}, {"c", P_ANY, NULL}, {"n", P_INT, "16"}, {"tau", P_NUM, "none"}},
     "B = blobs(300, k=2); B = labeled(B, B.labels, classes=[\"cat\", \"dog\"]); "
     "c = cgan(B, E, epochs=2, g_layers=[16], d_layers=[16]); generate(c, E[\"dog\"] + E[\"small\"])",
     0},
    {"sample",
     bi_sample,
     "draw from a model: a GAN's n samples (sample(g, 500)); an rnn's text after a prefix",
     "gen",
     {{"m", P_MODEL, NULL}, {"what", P_ANY, "none"}, {"n", P_INT, "none"}, {"temperature", P_NUM, "1"}},
     "g = gan(moons(256), epochs=5); S = sample(g, 100)",
     0},
    {NULL, NULL, NULL, NULL, {{NULL, P_ANY, NULL}}, NULL, 0},
};
