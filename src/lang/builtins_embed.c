/* builtins_embed.c — tsne, sne, place and the embedding quality measures. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/progress.h"
#include "core/rng.h"
#include "lang/builtin.h"
#include "lang/builtins_umap.h"
#include "lang/ctx.h"
#include "reduce/quality.h"
#include "reduce/tsne.h"

/* What place() needs from a tsne model: the reference data and its map. */
typedef struct TsneModel {
    Mat *X, *Y;
    double perplexity;
} TsneModel;

static void tsne_model_free(void *p)
{
    TsneModel *m = p;
    if (!m) return;
    mat_free(m->X);
    mat_free(m->Y);
    free(m);
}

static int embed_model(const char *type, const Mat *X, const TsneOpts *o, TsneResult *r, Value **out, Err *e)
{
    Value *v = val_model(type, e);
    TsneModel *tm = NULL;
    if (!v) goto fail;
    if (strcmp(type, "tsne") == 0 && o->dims == 2) {
        if (!(tm = calloc(1, sizeof *tm))) {
            err_nomem(e, sizeof *tm, "tsne model");
            goto fail;
        }
        v->u.model->impl = tm;
        v->u.model->impl_free = tsne_model_free;
        tm->perplexity = o->perplexity;
        if (!(tm->X = mat_clone(X, e)) || !(tm->Y = mat_clone(r->Y, e))) goto fail;
    }
    int bad = val_model_set_mat(v, "embedding", r->Y, e) < 0;
    r->Y = NULL;
    /* .kl carries the iterations it was measured at as its column names,
     * so curve T.kl puts them on the x axis; .kl_iters has them as numbers */
    Mat *kx = mat_new_uninit(1, r->kl->cols, e);
    bad = bad || !kx;
    for (size_t j = 0; !bad && j < r->kl->cols; j++) {
        char name[32];
        kx->data[j] = (float)tsne_kl_iteration(j, o->iters);
        snprintf(name, sizeof name, "%d", tsne_kl_iteration(j, o->iters));
        bad = mat_set_col_name(r->kl, j, name, e) < 0;
    }
    bad = bad || val_model_set_mat(v, "kl", r->kl, e) < 0;
    r->kl = NULL;
    if (bad)
        mat_free(kx);
    else
        bad = val_model_set_mat(v, "kl_iters", kx, e) < 0; /* consumes kx */
    bad = bad || val_model_set_num(v, "iters", r->iters, e) < 0 ||
          val_model_set_num(v, "perplexity", o->perplexity, e) < 0 || val_model_set_num(v, "lr", r->lr, e) < 0 ||
          val_model_set_str(v, "method", tsne_method_name(r->method), e) < 0 ||
          val_model_set_str(v, "knn", knn_graph_method_name(r->knn), e) < 0 ||
          val_model_set_num(v, "setup_seconds", r->setup_seconds, e) < 0 ||
          val_model_set_num(v, "iter_seconds", r->iter_seconds, e) < 0 ||
          val_model_set(v, "stopped", val_bool(r->stopped, e), e) < 0;
    if (!bad && strcmp(type, "tsne") == 0)
        bad = val_model_set_num(v, "exaggeration", o->exaggeration, e) < 0 ||
              val_model_set_num(v, "theta", o->theta, e) < 0;
    if (bad) goto fail;
    tsne_result_free(r);
    *out = v;
    return 0;
fail:
    tsne_result_free(r);
    if (v) val_unref(v); /* frees tm through impl_free */
    else tsne_model_free(tm);
    return -1;
}

/* A perplexity of a third of the points or more makes every
 * neighbourhood most of the data (t-SNE's neighbour lists hold
 * 3 x perplexity points): legal, but the clusters blur.  Values the
 * algorithm refuses (the number of other points or more) are left to its
 * error. */
static void warn_perplexity(Ctx *ctx, const char *f, double perplexity, size_t n)
{
    if (n < 2 || !(perplexity >= (double)n / 3) || perplexity >= (double)(n - 1)) return;
    size_t ok = (n + 2) / 3 > 1 ? (n + 2) / 3 - 1 : 1; /* the largest whole number below n/3 */
    ctx_warn(ctx, "%s: perplexity %g is too high for %zu points: neighbourhoods cover most of the data and "
                  "clusters blur (keep it below rows/3 = %.3g, e.g. perplexity=%zu)",
             f, perplexity, n, (double)n / 3, ok);
}

static int bi_tsne(Ctx *ctx, Value **args, Value **out, Err *e)
{
    TsneOpts o;
    tsne_default_opts(&o);
    o.dims = arg_int32(args[1]);
    o.perplexity = arg_num(args[2]);
    o.iters = arg_int32(args[3]);
    o.exaggeration = arg_num(args[4]);
    o.exaggeration_iters = arg_int32(args[5]);
    if (args[6]->kind == VAL_NUM) {
        o.lr = arg_num(args[6]);
        if (!(o.lr > 0)) return err_param(e, 6, "tsne: lr must be above 0 or \"auto\", got %g", o.lr);
    } else if (args[6]->kind != VAL_STR || strcmp(args[6]->u.str, "auto") != 0) {
        return err_param(e, 6, "tsne: lr must be a number or \"auto\"");
    }
    const char *init = arg_str(args[7]), *method = arg_str(args[9]);
    if (strcmp(init, "pca") == 0) o.init_pca = 1;
    else if (strcmp(init, "random") == 0) o.init_pca = 0;
    else return err_param(e, 7, "tsne: init must be \"pca\" or \"random\", got \"%s\"", init);
    o.theta = arg_num(args[8]);
    if (strcmp(method, "auto") == 0) o.method = TSNE_AUTO;
    else if (strcmp(method, "exact") == 0) o.method = TSNE_EXACT;
    else if (strcmp(method, "bh") == 0) o.method = TSNE_BH;
    else if (strcmp(method, "fft") == 0) o.method = TSNE_FFT;
    else return err_param(e, 9, "tsne: method must be \"auto\", \"exact\", \"bh\" or \"fft\", got \"%s\"", method);
    if (!arg_is_none(args[10])) o.threads = arg_int32(args[10]);
    if (o.iters < 1) return err_param(e, 3, "tsne: iters must be at least 1, got %d", o.iters);
    if (o.exaggeration_iters < 0)
        return err_param(e, 5, "tsne: exaggeration_iters must be at least 0, got %d", o.exaggeration_iters);
    if (o.threads < 1 || o.threads > 64) return err_param(e, 10, "tsne: threads must be between 1 and 64, got %d", o.threads);
    const char *knn = arg_str(args[11]);
    if (strcmp(knn, "auto") == 0) o.knn = KNN_GRAPH_AUTO;
    else if (strcmp(knn, "exact") == 0) o.knn = KNN_GRAPH_EXACT;
    else if (strcmp(knn, "approx") == 0) o.knn = KNN_GRAPH_APPROX;
    else return err_param(e, 11, "tsne: knn must be \"auto\", \"exact\" or \"approx\", got \"%s\"", knn);
    o.seed = rng_u64(rng_global());
    o.progress = progress_global();
    TsneResult r;
    const Mat *X = arg_mat(args[0]);
    warn_perplexity(ctx, "tsne", o.perplexity, X->rows);
    if (o.iters <= o.exaggeration_iters && o.exaggeration != 1)
        ctx_warn(ctx, "tsne: iters=%d ends within the early exaggeration (exaggeration_iters=%d), so the map is "
                      "still compressed (use iters above %d)",
                 o.iters, o.exaggeration_iters, o.exaggeration_iters);
    if (tsne_run(X, &o, &r, e) < 0) return -1;
    return embed_model("tsne", X, &o, &r, out, e);
}

static int bi_sne(Ctx *ctx, Value **args, Value **out, Err *e)
{
    TsneOpts o;
    tsne_default_opts(&o);
    o.dims = arg_int32(args[1]);
    o.perplexity = arg_num(args[2]);
    o.iters = arg_int32(args[3]);
    if (o.iters < 1) return err_param(e, 3, "sne: iters must be at least 1, got %d", o.iters);
    o.seed = rng_u64(rng_global());
    o.progress = progress_global();
    TsneResult r;
    const Mat *X = arg_mat(args[0]);
    warn_perplexity(ctx, "sne", o.perplexity, X->rows);
    if (sne_run(X, &o, &r, e) < 0) return -1;
    return embed_model("sne", X, &o, &r, out, e);
}

static int bi_place(Ctx *ctx, Value **args, Value **out, Err *e)
{
    const Model *m = args[0]->u.model;
    if (strcmp(m->type, "umap") == 0 && m->impl) return umap_place_value(m, args, out, e);
    if (strcmp(m->type, "tsne") != 0 || !m->impl)
        return err_param(e, 0, "place: T must be a 2-D tsne model or a umap model, got a %s model", m->type);
    const TsneModel *tm = m->impl;
    TsnePlaceOpts o = {tm->perplexity, arg_is_none(args[2]) ? 250 : arg_int32(args[2]), 0, progress_global()};
    if (!arg_is_none(args[3])) o.perplexity = arg_num(args[3]);
    TsneOpts d;
    tsne_default_opts(&d);
    o.threads = arg_is_none(args[4]) ? d.threads : arg_int32(args[4]);
    if (o.iters < 0) return err_param(e, 2, "place: iters must be at least 0, got %d", o.iters);
    if (o.threads < 1 || o.threads > 64) return err_param(e, 4, "place: threads must be between 1 and 64, got %d", o.threads);
    warn_perplexity(ctx, "place", o.perplexity, tm->X->rows);
    Mat *Y;
    int stopped;
    if (tsne_place(tm->X, tm->Y, arg_mat(args[1]), &o, &Y, &stopped, e) < 0) return -1;
    *out = val_mat(Y, e);
    return *out ? 0 : -1;
}

static int number(double x, Value **out, Err *e)
{
    *out = val_num(x, e);
    return *out ? 0 : -1;
}

/* k for the measures; the upper bound is checked with the data's size. */
static int get_k(const char *f, Value *v, size_t *k, Err *e)
{
    long x = arg_int(v);
    if (x < 1) return err_param(e, builtin_param_index(f, "k"), "%s: k must be at least 1, got %ld", f, x);
    *k = (size_t)x;
    return 0;
}

static int bi_knn_preservation(Ctx *ctx, Value **args, Value **out, Err *e)
{
    double x = 0;
    size_t k = 0;
    if (get_k("knn_preservation", args[2], &k, e) < 0) return -1;
    if (knn_preservation(arg_mat(args[0]), arg_mat(args[1]), k, progress_global(), &x, e) < 0) return -1;
    return number(x, out, e);
}

static int bi_knn_accuracy(Ctx *ctx, Value **args, Value **out, Err *e)
{
    double x = 0;
    size_t k = 0;
    if (get_k("knn_accuracy", args[1], &k, e) < 0) return -1;
    if (arg_is_none(args[2]) ? knn_accuracy(arg_mat(args[0]), k, progress_global(), &x, e) < 0
                             : knn_accuracy_ref(arg_mat(args[0]), arg_mat(args[2]), k, progress_global(), &x, e) < 0)
        return -1;
    return number(x, out, e);
}

static int bi_trustworthiness(Ctx *ctx, Value **args, Value **out, Err *e)
{
    double x = 0;
    size_t k = 0;
    if (get_k("trustworthiness", args[2], &k, e) < 0) return -1;
    if (trustworthiness(arg_mat(args[0]), arg_mat(args[1]), k, progress_global(), &x, e) < 0) return -1;
    return number(x, out, e);
}

const Builtin builtins_embed[] = {
    {"tsne", bi_tsne,
     "t-SNE map of X's rows (exact, Barnes-Hut or FFT by size): .embedding .kl .iters; Ctrl-C keeps the map so far",
     "embed",
     {{"X", P_MAT, NULL},
      {"dims", P_INT, "2"},
      {"perplexity", P_NUM, "30"},
      {"iters", P_INT, "1000"},
      {"exaggeration", P_NUM, "12"},
      {"exaggeration_iters", P_INT, "250"},
      {"lr", P_ANY, "\"auto\""},
      {"init", P_STR, "\"pca\""},
      {"theta", P_NUM, "0.5"},
      {"method", P_STR, "\"auto\""},
      {"threads", P_INT, "none"},
      {"knn", P_STR, "\"auto\""}}, "T = tsne(X, perplexity=30)", 0},
    {"sne", bi_sne, "the original asymmetric SNE with Gaussian q (exact, at most 5000 rows)", "embed",
     {{"X", P_MAT, NULL}, {"dims", P_INT, "2"}, {"perplexity", P_NUM, "30"}, {"iters", P_INT, "500"}}, "S = sne(X[0:100], iters=200)", 0},
    {"place", bi_place,
     "put new rows on a tsne or umap map without moving it (openTSNE's and umap-learn's transform)", "embed",
     {{"T", P_MODEL, NULL},
      {"Xnew", P_MAT, NULL},
      {"iters", P_INT, "none"},
      {"perplexity", P_NUM, "none"},
      {"threads", P_INT, "none"}}, "T = tsne(X[0:100]); Y = place(T, X[100:150])", 0},
    {"knn_preservation", bi_knn_preservation, "mean share of each point's k nearest neighbours in X kept in Y",
     "embed", {{"X", P_MAT, NULL}, {"Y", P_MAT, NULL}, {"k", P_INT, "10"}}, "knn_preservation(X, pca(X, 2).scores, k=10)", 0},
    {"knn_accuracy", bi_knn_accuracy,
     "leave-one-out k-NN classification accuracy on Y with its labels (ref=: classify Y by ref's rows instead)",
     "embed", {{"Y", P_MAT, NULL}, {"k", P_INT, "10"}, {"ref", P_MAT, "none"}}, "knn_accuracy(pca(X, 2).scores, k=5)", 0},
    {"trustworthiness", bi_trustworthiness, "trustworthiness of Y's k nearest neighbours (Venna & Kaski)", "embed",
     {{"X", P_MAT, NULL}, {"Y", P_MAT, NULL}, {"k", P_INT, "10"}}, "trustworthiness(X, pca(X, 2).scores, k=10)", 0},
    {NULL, NULL, NULL, NULL, {{NULL, P_ANY, NULL}}, NULL, 0},
};
