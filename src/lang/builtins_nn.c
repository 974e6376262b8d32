/* builtins_nn.c — learned codes: autoencoder, vae, classifier, triplet
 * and the calls that use them (encode, decode, latent_grid, predict,
 * accuracy, confusion, features, embed).  The networks live in
 * src/train/nnmodel.h; this file turns arguments into options and
 * results into model values. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/progress.h"
#include "core/rng.h"
#include "lang/builtin.h"
#include "lang/builtins_gen.h"
#include "lang/builtins_nn.h"
#include "lang/builtins_seq.h"
#include "lang/ctx.h"
#include "train/nnfit.h"
#include "train/nnmodel.h"

#define MAX_WIDTHS 64

static void impl_free(void *p)
{
    nnm_free(p);
    free(p);
}

int nn_value_is_model(const Value *v)
{
    return v->kind == VAL_MODEL && v->u.model->impl && v->u.model->impl_free == impl_free;
}

/* The network of a model argument, or NULL with an error naming f. */
static NnModel *model_of(const char *f, Value *v, Err *e)
{
    if (!nn_value_is_model(v)) {
        err_param(e, 0,
                  "%s: m must be a network (from autoencoder, vae, classifier, triplet or a .dvm "
                  "file), got a %s model",
                  f, v->u.model->type);
        return NULL;
    }
    return v->u.model->impl;
}

/* Fields every network has; the history and the description. */
static int common_fields(Value *v, const NnModel *m, Err *e)
{
    char net[4096];
    nn_spec_format(&m->enc.spec, net, sizeof net);
    Mat *lt = mat_of_floats(m->loss_train, m->epochs, e),
        *lv = lt ? mat_of_floats(m->loss_val, m->epochs, e) : NULL;
    if (!lv) {
        mat_free(lt);
        return -1;
    }
    if (val_model_set_mat(v, "loss", lt, e) < 0) {
        mat_free(lv);
        return -1;
    }
    if (val_model_set_mat(v, "val_loss", lv, e) < 0 ||
        val_model_set_num(v, "epochs", (double)m->epochs, e) < 0 ||
        val_model_set(v, "stopped", val_bool(m->stopped, e), e) < 0 ||
        val_model_set_str(v, "net", net, e) < 0 ||
        val_model_set_num(v, "params", (double)m->P.total, e) < 0)
        return -1;
    if (m->has_dec) {
        nn_spec_format(&m->dec.spec, net, sizeof net);
        if (val_model_set_str(v, "decoder", net, e) < 0) return -1;
    }
    return 0;
}

/* A model value holding m (consumed: freed on failure too). */
static Value *model_value(NnModel *m, Err *e)
{
    Value *v = val_model(nnm_kind_name(m->kind), e);
    if (!v) {
        impl_free(m);
        return NULL;
    }
    v->u.model->impl = m;
    v->u.model->impl_free = impl_free;
    if (common_fields(v, m, e) < 0) {
        val_unref(v);
        return NULL;
    }
    return v;
}

/* ---- options -------------------------------------------------------------- */

static int parse_act(const char *f, Value *a, int index, NnAct *act, Err *e)
{
    const char *s = arg_str(a);
    int k = nn_act_parse(s);
    if (k < 0 || k == NN_ACT_NONE)
        return err_param(
            e, index,
            "%s: activation must be \"relu\", \"leaky\", \"tanh\" or \"sigmoid\", got \"%s\"", f,
            s);
    *act = (NnAct)k;
    return 0;
}

/* Indices of the common training parameters in a builtin's row. */
typedef struct FitArgs {
    int epochs, batch, lr, optimizer, weight_decay, validation, threads, live;
} FitArgs;

static int fit_opts(const char *f, Value **args, const FitArgs *ix, NnFitOpts *o, Err *e)
{
    nnfit_default_opts(o);
    o->task = f;
    long ep = arg_int(args[ix->epochs]), b = arg_int(args[ix->batch]);
    if (ep < 0 || ep > 100000)
        return err_param(e, ix->epochs, "%s: epochs must be from 0 to 100000, got %ld", f, ep);
    if (b < 1 || b > 65536)
        return err_param(e, ix->batch, "%s: batch must be from 1 to 65536, got %ld", f, b);
    o->epochs = (int)ep;
    o->batch = (int)b;
    double lr = arg_num(args[ix->lr]);
    if (!(lr > 0 && lr < 1e3))
        return err_param(e, ix->lr, "%s: lr must be positive, got %g", f, lr);
    o->lr = (float)lr;
    int k = nn_optim_kind(arg_str(args[ix->optimizer]));
    if (k < 0)
        return err_param(e, ix->optimizer,
                         "%s: optimizer must be \"adam\", \"sgd\" or \"momentum\", got \"%s\"", f,
                         arg_str(args[ix->optimizer]));
    o->optimizer = (NnOptKind)k;
    double wd = arg_num(args[ix->weight_decay]);
    if (!(wd >= 0 && wd < 1e3))
        return err_param(e, ix->weight_decay, "%s: weight_decay must be >= 0, got %g", f, wd);
    o->weight_decay = (float)wd;
    double va = arg_num(args[ix->validation]);
    if (!(va >= 0 && va <= 0.9))
        return err_param(e, ix->validation, "%s: validation must be a share from 0 to 0.9, got %g",
                         f, va);
    o->validation = va;
    if (!arg_is_none(args[ix->threads])) {
        long t = arg_int(args[ix->threads]);
        if (t < 1 || t > 64)
            return err_param(e, ix->threads, "%s: threads must be from 1 to 64, got %ld", f, t);
        o->threads = (int)t;
    } else {
        /* one thread unless asked: the same seed then gives the same
         * weights on every run (OpenBLAS sums some products in another
         * order at another thread count), and these small products gain
         * little from a second thread on a busy machine */
        o->threads = 1;
    }
    if (ix->live >= 0) {
        const char *lv = arg_str(args[ix->live]);
        if (strcmp(lv, "code") == 0)
            o->live_code = 1;
        else if (strcmp(lv, "loss") != 0)
            return err_param(e, ix->live, "%s: live must be \"loss\" or \"code\", got \"%s\"", f,
                             lv);
    }
    o->seed = rng_u64(rng_global());
    o->progress = progress_global();
    return 0;
}

/* One input row's shape: X's image shape when it has one. */
static NnShape input_shape(const Mat *X, int *image)
{
    if (X->img_h && X->img_w && X->img_h * X->img_w * (X->img_c ? X->img_c : 1) == X->cols) {
        *image = 1;
        return (NnShape){X->img_h, X->img_w, X->img_c ? X->img_c : 1};
    }
    *image = 0;
    return (NnShape){1, 1, X->cols};
}

static int widths(const char *f, Value *v, int index, long *w, size_t *n, Err *e)
{
    int k = arg_ints(v, w, MAX_WIDTHS, f, "layers", e);
    if (k < 0) {
        e->param = index + 1;
        return -1;
    }
    for (int i = 0; i < k; i++)
        if (w[i] < 1 || w[i] > (1 << 20))
            return err_param(e, index, "%s: layer %d has width %ld; widths are from 1 to %d", f, i,
                             w[i], 1 << 20);
    *n = (size_t)k;
    return 0;
}

/* "a classifier", "an autoencoder" */
static const char *a_kind(NnmKind k)
{
    return k == NNM_AUTOENCODER  ? "an autoencoder"
           : k == NNM_VAE        ? "a vae"
           : k == NNM_CLASSIFIER ? "a classifier"
                                 : "a triplet model";
}

/* Build, train and wrap a model.  labels may be NULL; class_names (n of
 * them, borrowed) name the classes of a classifier.  An error in building
 * the network is about parameter arch (net= or layers=). */
static int train(const char *f, const NnmSpec *s, int arch, const Mat *X, const int *labels,
                 size_t n_classes, char *const *class_names, const NnFitOpts *o, Value **out,
                 NnModel **mout, NnFitResult *r, Err *e)
{
    if (X->rows < 2) return err_param(e, 0, "%s: X needs at least 2 rows, got %zu", f, X->rows);
    int image;
    NnShape in = input_shape(X, &image);
    Rng rng;
    rng_seed(&rng, o->seed ^ 0x9e3779b97f4a7c15ULL);
    NnModel *m = calloc(1, sizeof *m);
    if (!m) return err_nomem(e, sizeof *m, f);
    if (nnm_build(m, s, in, image, n_classes, &rng, e) < 0) {
        free(m);
        if (!e->param) e->param = arch + 1;
        return -1;
    }
    if (class_names && n_classes) {
        m->class_names = calloc(n_classes, sizeof *m->class_names);
        for (size_t i = 0; m->class_names && i < n_classes; i++)
            m->class_names[i] = strdup(class_names[i] ? class_names[i] : "");
        if (!m->class_names) {
            impl_free(m);
            return err_nomem(e, n_classes * 8, "class names");
        }
    }
    if (nnm_fit(m, X, labels, o, r, e) < 0) {
        impl_free(m);
        if (!e->param && !e->cancelled) e->param = 1; /* about X's values or labels */
        return -1;
    }
    Value *v = model_value(m, e);
    if (!v) return -1;
    if (val_model_set_num(v, "seconds", r->seconds, e) < 0 ||
        val_model_set_num(v, "train_seconds", r->train_seconds, e) < 0 ||
        val_model_set_num(v, "samples_per_sec", r->samples_per_sec, e) < 0) {
        val_unref(v);
        return -1;
    }
    *out = v;
    *mout = m;
    return 0;
}

/* Set field name to m applied to X (encode) and make it the main field. */
static int code_field(Value *v, NnModel *m, const Mat *X, const char *name, Err *e)
{
    Mat *Z = nnm_encode(m, X, e);
    if (!Z) return -1;
    if (val_model_set_mat(v, name, Z, e) < 0) return -1;
    return val_model_set_main(v, name, e);
}

/* ---- trainers --------------------------------------------------------------- */

static int coder(const char *f, int vae, Value **args, Value **out, Err *e)
{
    /* autoencoder: X layers activation loss epochs batch lr optimizer weight_decay validation
     * threads live vae:         X latent layers activation loss epochs ... (one more, shifted) */
    int sh = vae ? 1 : 0;
    Mat *X = arg_mat(args[0]);
    long w[MAX_WIDTHS];
    NnmSpec s = {.kind = vae ? NNM_VAE : NNM_AUTOENCODER, .widths = w};
    if (vae) {
        long L = arg_int(args[1]);
        if (L < 1 || L > 4096)
            return err_param(e, 1, "vae: latent must be from 1 to 4096, got %ld", L);
        s.latent = (size_t)L;
    }
    if (widths(f, args[1 + sh], 1 + sh, w, &s.nwidths, e) < 0) return -1;
    if (!vae && s.nwidths < 1)
        return err_param(e, 1, "autoencoder: layers needs at least the code width");
    if (parse_act(f, args[2 + sh], 2 + sh, &s.act, e) < 0) return -1;
    s.slope = 0.01f;
    const char *loss = arg_str(args[3 + sh]);
    if (strcmp(loss, "mse") == 0)
        s.loss = NNM_LOSS_MSE;
    else if (strcmp(loss, "bce") == 0)
        s.loss = NNM_LOSS_BCE;
    else
        return err_param(e, 3 + sh, "%s: loss must be \"mse\" or \"bce\", got \"%s\"", f, loss);
    FitArgs ix = {4 + sh, 5 + sh, 6 + sh, 7 + sh, 8 + sh, 9 + sh, 10 + sh, 11 + sh};
    NnFitOpts o;
    if (fit_opts(f, args, &ix, &o, e) < 0) return -1;
    NnFitResult r;
    NnModel *m;
    Value *v;
    if (train(f, &s, 1 + sh, X, NULL, 0, NULL, &o, &v, &m, &r, e) < 0) return -1;
    if (code_field(v, m, X, "codes", e) < 0) {
        val_unref(v);
        return -1;
    }
    *out = v;
    return 0;
}

static int bi_autoencoder(Ctx *ctx, Value **args, Value **out, Err *e)
{
    return coder("autoencoder", 0, args, out, e);
}

static int bi_vae(Ctx *ctx, Value **args, Value **out, Err *e)
{
    return coder("vae", 1, args, out, e);
}

/* Labels and class names from X or from by=: *labels is malloc'd, and
 * *names a 1x1 matrix that carries the class names; the caller frees
 * both (also after an error). */
static int class_labels(const char *f, const Mat *X, Value *by, int by_index, int **labels,
                        size_t *n_classes, Mat **names_out, Err *e)
{
    *labels = NULL;
    Mat *names = *names_out = mat_new(1, 1, e);
    if (!names) return -1;
    if (!arg_is_none(by)) {
        if (arg_labels(f, by, X->rows, labels, names, e) < 0) {
            free(*labels);
            *labels = NULL;
            e->param = by_index + 1;
            return -1;
        }
    } else {
        if (!X->labels)
            return err_param(e, 0, "%s: X has no labels (load it with label=, or give by=)", f);
        *labels = malloc(X->rows * sizeof **labels);
        if (!*labels) return err_nomem(e, X->rows * sizeof(int), f);
        memcpy(*labels, X->labels, X->rows * sizeof **labels);
        if (X->label_names && mat_copy_label_names(names, X, e) < 0) return -1;
    }
    int mx = -1;
    for (size_t i = 0; i < X->rows; i++) {
        if ((*labels)[i] < 0)
            return err_param(e, arg_is_none(by) ? 0 : by_index, "%s: row %zu has no label", f, i);
        if ((*labels)[i] > mx) mx = (*labels)[i];
    }
    *n_classes =
        names->label_names && names->n_classes > (size_t)mx ? names->n_classes : (size_t)mx + 1;
    return 0;
}

/* net= wins over layers= when given */
static int net_or_layers(const char *f, Value *net, Value *layers, int layers_index, NnmSpec *s,
                         long *w, Err *e)
{
    if (!arg_is_none(net)) {
        s->net = arg_str(net);
        return 0;
    }
    s->widths = w;
    return widths(f, layers, layers_index, w, &s->nwidths, e);
}

static int bi_classifier(Ctx *ctx, Value **args, Value **out, Err *e)
{
    /* X net layers activation dropout epochs batch lr optimizer weight_decay validation threads by
     */
    Mat *X = arg_mat(args[0]);
    long w[MAX_WIDTHS];
    NnmSpec s = {.kind = NNM_CLASSIFIER, .slope = 0.01f};
    if (net_or_layers("classifier", args[1], args[2], 2, &s, w, e) < 0) return -1;
    if (parse_act("classifier", args[3], 3, &s.act, e) < 0) return -1;
    FitArgs ix = {4, 5, 6, 7, 8, 9, 10, -1};
    NnFitOpts o;
    if (fit_opts("classifier", args, &ix, &o, e) < 0) return -1;
    int *labels;
    size_t nc;
    Mat *names = NULL;
    int rc = -1;
    if (class_labels("classifier", X, args[11], 11, &labels, &nc, &names, e) < 0) goto done;
    if (nc < 2) {
        err_param(e, 0, "classifier: X needs at least 2 classes, got %zu", nc);
        goto done;
    }
    NnFitResult r;
    NnModel *m;
    Value *v;
    if (train("classifier", &s, s.net ? 1 : 2, X, labels, nc, names->label_names, &o, &v, &m, &r,
              e) < 0)
        goto done;
    if (val_model_set_num(v, "accuracy", r.train_accuracy, e) < 0 ||
        val_model_set_num(v, "val_accuracy", r.val_accuracy, e) < 0 ||
        val_model_set_num(v, "classes", (double)nc, e) < 0) {
        val_unref(v);
        goto done;
    }
    *out = v;
    rc = 0;
done:
    free(labels);
    mat_free(names);
    return rc;
}

static int bi_triplet(Ctx *ctx, Value **args, Value **out, Err *e)
{
    /* X layers net dims margin mining activation epochs batch lr optimizer weight_decay validation
     * threads by live */
    Mat *X = arg_mat(args[0]);
    long w[MAX_WIDTHS];
    NnmSpec s = {.kind = NNM_TRIPLET, .slope = 0.01f};
    if (net_or_layers("triplet", args[2], args[1], 1, &s, w, e) < 0) return -1;
    long dims = arg_int(args[3]);
    if (dims < 1 || dims > 4096)
        return err_param(e, 3, "triplet: dims must be from 1 to 4096, got %ld", dims);
    s.dims = (size_t)dims;
    double margin = arg_num(args[4]);
    if (!(margin >= 0 && margin <= 4))
        return err_param(e, 4, "triplet: margin must be from 0 to 4, got %g", margin);
    s.margin = (float)margin;
    const char *mining = arg_str(args[5]);
    if (strcmp(mining, "semihard") == 0)
        s.mining = NNM_MINE_SEMIHARD;
    else if (strcmp(mining, "hard") == 0)
        s.mining = NNM_MINE_HARD;
    else if (strcmp(mining, "random") == 0)
        s.mining = NNM_MINE_RANDOM;
    else
        return err_param(e, 5,
                         "triplet: mining must be \"semihard\", \"hard\" or \"random\", got \"%s\"",
                         mining);
    if (parse_act("triplet", args[6], 6, &s.act, e) < 0) return -1;
    FitArgs ix = {7, 8, 9, 10, 11, 12, 13, 15};
    NnFitOpts o;
    if (fit_opts("triplet", args, &ix, &o, e) < 0) return -1;
    int *labels;
    size_t nc;
    Mat *names = NULL;
    int rc = -1;
    if (class_labels("triplet", X, args[14], 14, &labels, &nc, &names, e) < 0) goto done;
    NnFitResult r;
    NnModel *m;
    Value *v;
    if (train("triplet", &s, s.net ? 2 : 1, X, labels, 0, NULL, &o, &v, &m, &r, e) < 0) goto done;
    if (code_field(v, m, X, "embedding", e) < 0) {
        val_unref(v);
        goto done;
    }
    *out = v;
    rc = 0;
done:
    free(labels);
    mat_free(names);
    return rc;
}

/* ---- using a model ------------------------------------------------------------- */

static int bi_encode(Ctx *ctx, Value **args, Value **out, Err *e)
{
    /* a recurrent model encodes texts (builtins_seq.c) */
    if (seq_value_is_rnn(args[0])) return seq_encode(ctx, args[0], args[1], out, e);
    NnModel *m = model_of("encode", args[0], e);
    if (!m) return -1;
    if (m->kind == NNM_CLASSIFIER)
        return err_param(e, 0, "encode: a classifier has no code; use features(m, X)");
    /* X is P_ANY for the texts of an rnn: convert as a P_MAT parameter would */
    Value *x = args[1], *xm = NULL;
    if (x->kind == VAL_MODEL) x = val_model_main(x);
    if (x && (x->kind == VAL_MAT || x->kind == VAL_NUM || x->kind == VAL_LIST))
        xm = val_to_mat(x, "encode", e);
    if (!xm) {
        char buf[64];
        if (!e->msg[0])
            err_param(e, 1, "encode: X must be a matrix, got %s", val_describe(args[1], buf, sizeof buf));
        return -1;
    }
    int rc = out_mat(nnm_encode(m, xm->u.mat, e), out, e);
    val_unref(xm);
    return rc;
}

static int bi_embed(Ctx *ctx, Value **args, Value **out, Err *e)
{
    NnModel *m = model_of("embed", args[0], e);
    if (!m) return -1;
    if (m->kind != NNM_TRIPLET)
        return err_param(e, 0, "embed: m must be a triplet model, got %s", a_kind(m->kind));
    return out_mat(nnm_encode(m, arg_mat(args[1]), e), out, e);
}

static int bi_decode(Ctx *ctx, Value **args, Value **out, Err *e)
{
    NnModel *m = model_of("decode", args[0], e);
    if (!m) return -1;
    if (!m->has_dec) return err_param(e, 0, "decode: %s has no decoder", a_kind(m->kind));
    Mat *Z = arg_mat(args[1]);
    size_t want = nn_shape_size(m->dec.in);
    if (Z->cols != want)
        return err_param(e, 1, "decode: the model's code has %zu values, Z is %zux%zu", want,
                         Z->rows, Z->cols);
    return out_mat(nnm_decode(m, Z, e), out, e);
}

/* The inverse of the standard normal CDF (Acklam's rational
 * approximation, relative error 1.15e-9). */
static double norm_ppf(double p)
{
    static const double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,
                               -2.759285104469687e+02, 1.383577518672690e+02,
                               -3.066479806614716e+01, 2.506628277459239e+00};
    static const double b[] = {-5.447609879822406e+01, 1.615858368580409e+02,
                               -1.556989798598866e+02, 6.680131188771972e+01,
                               -1.328068155288572e+01};
    static const double c[] = {-7.784894002430293e-03, -3.223964580411365e-01,
                               -2.400758277161838e+00, -2.549732539343734e+00,
                               4.374664141464968e+00,  2.938163982698783e+00};
    static const double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                               3.754408661907416e+00};
    double q, r;
    if (p < 0.02425) {
        q = sqrt(-2 * log(p));
        return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
               ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    }
    if (p > 1 - 0.02425) return -norm_ppf(1 - p);
    q = p - 0.5;
    r = q * q;
    return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
           (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

static int bi_latent_grid(Ctx *ctx, Value **args, Value **out, Err *e)
{
    NnModel *m = model_of("latent_grid", args[0], e);
    if (!m) return -1;
    if (m->kind != NNM_VAE || m->latent != 2)
        return err_param(e, 0,
                         "latent_grid: m must be a vae with latent=2, got %s with a %zu-value code",
                         a_kind(m->kind), nnm_out_dim(m));
    long n = arg_int(args[1]);
    if (n < 2 || n > 100)
        return err_param(e, 1, "latent_grid: n must be from 2 to 100, got %ld", n);
    Mat *Z = mat_new_uninit((size_t)(n * n), 2, e);
    if (!Z) return -1;
    /* Kingma & Welling's figure: a regular grid on the unit square mapped
     * through the inverse Gaussian CDF, so each cell holds the same prior
     * mass; rows top (z2 high) to bottom, columns left to right */
    for (long i = 0; i < n; i++)
        for (long j = 0; j < n; j++) {
            MAT_AT(Z, i * n + j, 0) = (float)norm_ppf((j + 0.5) / (double)n);
            MAT_AT(Z, i * n + j, 1) = (float)norm_ppf(1 - (i + 0.5) / (double)n);
        }
    return out_mat(Z, out, e);
}

/* Predicted classes of X's rows. */
static int *predicted(NnModel *m, const Mat *X, const char *f, Err *e)
{
    Mat *P = nnm_predict_proba(m, X, e);
    if (!P) {
        err_prefix(e, "%s", f);
        return NULL;
    }
    int *y = malloc((X->rows ? X->rows : 1) * sizeof *y);
    if (!y) {
        mat_free(P);
        err_nomem(e, X->rows * sizeof(int), f);
        return NULL;
    }
    for (size_t i = 0; i < X->rows; i++) {
        const float *r = MAT_ROW(P, i);
        size_t best = 0;
        for (size_t j = 1; j < P->cols; j++)
            if (r[j] > r[best]) best = j;
        y[i] = (int)best;
    }
    mat_free(P);
    return y;
}

static NnModel *classifier_of(const char *f, Value *v, Err *e)
{
    NnModel *m = model_of(f, v, e);
    if (m && m->kind != NNM_CLASSIFIER) {
        err_param(e, 0, "%s: m must be a classifier, got %s", f, a_kind(m->kind));
        return NULL;
    }
    return m;
}

static int bi_predict(Ctx *ctx, Value **args, Value **out, Err *e)
{
    NnModel *m = classifier_of("predict", args[0], e);
    if (!m) return -1;
    Mat *X = arg_mat(args[1]);
    if (arg_num(args[2]) != 0) return out_mat(nnm_predict_proba(m, X, e), out, e);
    int *y = predicted(m, X, "predict", e);
    if (!y) return -1;
    Mat *L = mat_new_uninit(1, X->rows, e);
    if (!L) {
        free(y);
        return -1;
    }
    for (size_t i = 0; i < X->rows; i++)
        L->data[i] = (float)y[i];
    free(y);
    if (m->class_names) {
        L->label_names = calloc(m->n_classes, sizeof *L->label_names);
        L->n_classes = m->n_classes;
        for (size_t c = 0; L->label_names && c < m->n_classes; c++)
            if (!(L->label_names[c] = strdup(m->class_names[c]))) break;
        if (!L->label_names) {
            mat_free(L);
            return err_nomem(e, m->n_classes * 8, "class names");
        }
    }
    return out_mat(L, out, e);
}

/* X's labels as the model's class numbers: by name when both have names
 * (a row whose class the model does not know gets -1), else as they are. */
static int *true_classes(const char *f, const NnModel *m, const Mat *X, Err *e)
{
    if (!X->labels) {
        err_param(e, 1, "%s: X has no labels to compare with", f);
        return NULL;
    }
    int *y = malloc((X->rows ? X->rows : 1) * sizeof *y);
    if (!y) {
        err_nomem(e, X->rows * sizeof(int), f);
        return NULL;
    }
    for (size_t i = 0; i < X->rows; i++) {
        int c = X->labels[i];
        if (c >= 0 && m->class_names && X->label_names && (size_t)c < X->n_classes) {
            int found = -1;
            for (size_t k = 0; k < m->n_classes; k++)
                if (X->label_names[c] && strcmp(X->label_names[c], m->class_names[k]) == 0)
                    found = (int)k;
            c = found;
        } else if (c >= (int)m->n_classes) {
            c = -1;
        }
        y[i] = c;
    }
    return y;
}

static int bi_accuracy(Ctx *ctx, Value **args, Value **out, Err *e)
{
    NnModel *m = classifier_of("accuracy", args[0], e);
    if (!m) return -1;
    Mat *X = arg_mat(args[1]);
    int *t = true_classes("accuracy", m, X, e);
    int *p = t ? predicted(m, X, "accuracy", e) : NULL;
    if (!p) {
        free(t);
        return -1;
    }
    size_t ok = 0, n = 0;
    for (size_t i = 0; i < X->rows; i++)
        if (X->labels[i] >= 0) {
            n++;
            ok += t[i] == p[i];
        }
    free(t);
    free(p);
    *out = val_num(n ? (double)ok / (double)n : NAN, e);
    return *out ? 0 : -1;
}

static int bi_confusion(Ctx *ctx, Value **args, Value **out, Err *e)
{
    NnModel *m = classifier_of("confusion", args[0], e);
    if (!m) return -1;
    Mat *X = arg_mat(args[1]);
    int *t = true_classes("confusion", m, X, e);
    int *p = t ? predicted(m, X, "confusion", e) : NULL;
    Mat *C = p ? mat_new(m->n_classes, m->n_classes, e) : NULL;
    int rc = -1;
    if (!C) goto done;
    for (size_t i = 0; i < X->rows; i++)
        if (t[i] >= 0) MAT_AT(C, t[i], p[i]) += 1;
    for (size_t c = 0; c < m->n_classes; c++) {
        char buf[32];
        const char *name =
            m->class_names ? m->class_names[c] : (snprintf(buf, sizeof buf, "%zu", c), buf);
        if (mat_set_row_name(C, c, name, e) < 0 || mat_set_col_name(C, c, name, e) < 0) goto done;
    }
    rc = out_mat(C, out, e);
    C = NULL;
done:
    mat_free(C);
    free(t);
    free(p);
    return rc;
}

static int bi_features(Ctx *ctx, Value **args, Value **out, Err *e)
{
    NnModel *m = model_of("features", args[0], e);
    if (!m) return -1;
    Mat *F = nnm_features(m, arg_mat(args[1]), arg_int(args[2]), e);
    if (!F && strstr(e->msg, "layer")) e->param = 3;
    return out_mat(F, out, e);
}

/* ---- files --------------------------------------------------------------------- */

int nn_value_save(const Value *v, const char *path, Err *e)
{
    return nnm_save(v->u.model->impl, path, e);
}

int nn_value_load(const char *path, Value **out, Err *e)
{
    int other = gen_value_load(path, out, e); /* a GAN, RNN or joint model (builtins_gen.c) */
    if (other <= 0) return other;
    NnModel *m = calloc(1, sizeof *m);
    if (!m) return err_nomem(e, sizeof *m, "model");
    if (nnm_load(m, path, e) < 0) {
        free(m);
        return -1;
    }
    Value *v = model_value(m, e);
    if (!v) return -1;
    /* what the file keeps of a trained model's fields (src/lang/unsaved.c
     * says how to get the rest) */
    if (m->kind == NNM_CLASSIFIER && val_model_set_num(v, "classes", (double)m->n_classes, e) < 0) {
        val_unref(v);
        return -1;
    }
    *out = v;
    return 0;
}

#define TRAIN_PARAMS(epochs, batch)                                                                \
    {"epochs", P_INT, epochs}, {"batch", P_INT, batch}, {"lr", P_NUM, "0.001"},                    \
        {"optimizer", P_STR, "\"adam\""}, {"weight_decay", P_NUM, "0"},                            \
        {"validation", P_NUM, "0.1"},                                                              \
    {                                                                                              \
        "threads", P_INT, "1"                                                                      \
    }

const Builtin builtins_nn[] = {
    {"autoencoder",
     bi_autoencoder,
     "learn a code of X's rows by reconstructing them: .codes .loss .val_loss; Ctrl-C keeps the "
     "model",
     "learn",
     {{"X", P_MAT, NULL},
      {"layers", P_LIST, "[256, 64, 2]"},
      {"activation", P_STR, "\"relu\""},
      {"loss", P_STR, "\"mse\""},
      TRAIN_PARAMS("20", "128"),
      {"live", P_STR, "\"loss\""}},
     "ae = autoencoder(X, layers=[8, 2], epochs=30); scatter ae",
     0},
    {"vae",
     bi_vae,
     "variational autoencoder: .codes (the means), decode() samples; latent_grid() to browse it",
     "learn",
     {{"X", P_MAT, NULL},
      {"latent", P_INT, "2"},
      {"layers", P_LIST, "[256]"},
      {"activation", P_STR, "\"relu\""},
      {"loss", P_STR, "\"bce\""},
      TRAIN_PARAMS("20", "128"),
      {"live", P_STR, "\"loss\""}},
     "V = vae(X, latent=2, layers=[16], epochs=30); V.val_loss",
     0},
    {"classifier",
     bi_classifier,
     "MLP (layers=) or CNN (net=\"conv(8,3) pool(2) dense(64)\") trained on X's labels: predict, "
     "accuracy, features",
     "learn",
     {{"X", P_MAT, NULL},
      {"net", P_STR, "none"},
      {"layers", P_LIST, "[128]"},
      {"activation", P_STR, "\"relu\""},
      TRAIN_PARAMS("10", "64"),
      {"by", P_ANY, "none"}},
     "C = classifier(X, net=\"dense(16) dropout(0.1) dense(8)\", epochs=30); C.val_accuracy",
     0},
    {"triplet",
     bi_triplet,
     "metric learning with FaceNet's triplet loss on L2-normalised outputs: .embedding; embed() "
     "for new rows",
     "learn",
     {{"X", P_MAT, NULL},
      {"layers", P_LIST, "[128]"},
      {"net", P_STR, "none"},
      {"dims", P_INT, "2"},
      {"margin", P_NUM, "0.2"},
      {"mining", P_STR, "\"semihard\""},
      {"activation", P_STR, "\"relu\""},
      TRAIN_PARAMS("20", "128"),
      {"by", P_ANY, "none"},
      {"live", P_STR, "\"loss\""}},
     "T = triplet(X, layers=[16], dims=2, margin=0.2, epochs=10); scatter T",
     0},
    {"encode",
     bi_encode,
     "the code of X's rows (autoencoder; vae: the means; triplet: the embedding; rnn: the final "
     "hidden state of each text)",
     "learn",
     {{"m", P_MODEL, NULL}, {"X", P_ANY, NULL}},
     "ae = autoencoder(X, layers=[8, 2], epochs=10); scatter encode(ae, X)",
     0},
    {"decode",
     bi_decode,
     "rows back from codes (autoencoder, vae), in X's units and image shape",
     "learn",
     {{"m", P_MODEL, NULL}, {"Z", P_MAT, NULL}},
     "ae = autoencoder(X, layers=[2], epochs=10); decode(ae, encode(ae, X[0:3]))",
     0},
    {"latent_grid",
     bi_latent_grid,
     "n x n points of a 2-D vae's latent plane (Gaussian quantiles) for decode",
     "learn",
     {{"m", P_MODEL, NULL}, {"n", P_INT, "15"}},
     "V = vae(X, epochs=10); decode(V, latent_grid(V, 3))",
     0},
    {"predict",
     bi_predict,
     "the classes a classifier gives X's rows (proba=true: the probabilities)",
     "learn",
     {{"m", P_MODEL, NULL}, {"X", P_MAT, NULL}, {"proba", P_BOOL, "false"}},
     "C = classifier(X, epochs=30); predict(C, X[0:5])",
     0},
    {"accuracy",
     bi_accuracy,
     "share of X's rows whose label the classifier predicts",
     "learn",
     {{"m", P_MODEL, NULL}, {"X", P_MAT, NULL}},
     "accuracy(classifier(X, epochs=30), X)",
     0},
    {"confusion",
     bi_confusion,
     "classes x classes counts: true class (rows) against predicted (columns)",
     "learn",
     {{"m", P_MODEL, NULL}, {"X", P_MAT, NULL}},
     "heatmap confusion(classifier(X, epochs=30), X)",
     0},
    {"features",
     bi_features,
     "a layer's activations for X's rows (layer=-2: the one before the output)",
     "learn",
     {{"m", P_MODEL, NULL}, {"X", P_MAT, NULL}, {"layer", P_INT, "-2"}},
     "scatter tsne(features(classifier(X, layers=[16, 8], epochs=30), X), perplexity=20)",
     0},
    {"embed",
     bi_embed,
     "a triplet model's L2-normalised embedding of X's rows",
     "learn",
     {{"m", P_MODEL, NULL}, {"X", P_MAT, NULL}},
     "T = triplet(X, epochs=10); embed(T, X[0:3])",
     0},
    {NULL, NULL, NULL, NULL, {{NULL, P_ANY, NULL}}, NULL, 0},
};
