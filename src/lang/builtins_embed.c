/* builtins_embed.c — sne, tsne and the embedding quality measures. */
#include <string.h>

#include "core/progress.h"
#include "core/rng.h"
#include "lang/builtin.h"
#include "lang/ctx.h"
#include "reduce/quality.h"
#include "reduce/tsne.h"

static const char *method_name(TsneMethod m)
{
    return m == TSNE_BH ? "bh" : m == TSNE_FFT ? "fft" : m == TSNE_EXACT ? "exact" : "auto";
}

static int embed_model(const char *type, const TsneOpts *o, TsneResult *r, Value **out, Err *e)
{
    Value *v = val_model(type, e);
    if (!v) {
        tsne_result_free(r);
        return -1;
    }
    int bad = val_model_set_mat(v, "embedding", r->Y, e) < 0;
    r->Y = NULL;
    bad = bad || val_model_set_mat(v, "kl", r->kl, e) < 0;
    r->kl = NULL;
    bad = bad || val_model_set_num(v, "iters", r->iters, e) < 0 || val_model_set_num(v, "perplexity", o->perplexity, e) < 0 ||
          val_model_set_num(v, "lr", r->lr, e) < 0 || val_model_set_str(v, "method", method_name(r->method), e) < 0 ||
          val_model_set(v, "stopped", val_bool(r->stopped, e), e) < 0;
    if (!bad && !o->sne)
        bad = val_model_set_num(v, "exaggeration", o->exaggeration, e) < 0 || val_model_set_num(v, "theta", o->theta, e) < 0;
    if (bad) {
        val_unref(v);
        return -1;
    }
    *out = v;
    return 0;
}

static int bi_tsne(Ctx *ctx, Value **args, Value **out, Err *e)
{
    TsneOpts o;
    tsne_default_opts(&o);
    o.dims = (int)arg_int(args[1]);
    o.perplexity = arg_num(args[2]);
    o.iters = (int)arg_int(args[3]);
    o.exaggeration = arg_num(args[4]);
    o.exaggeration_iters = (int)arg_int(args[5]);
    if (args[6]->kind == VAL_NUM) o.lr = arg_num(args[6]);
    else if (args[6]->kind != VAL_STR || strcmp(args[6]->u.str, "auto") != 0)
        return err_set(e, "tsne: lr must be a number or \"auto\"");
    const char *init = arg_str(args[7]), *method = arg_str(args[9]);
    if (strcmp(init, "pca") == 0) o.init_pca = 1;
    else if (strcmp(init, "random") == 0) o.init_pca = 0;
    else return err_set(e, "tsne: init must be \"pca\" or \"random\", got \"%s\"", init);
    o.theta = arg_num(args[8]);
    if (strcmp(method, "auto") == 0) o.method = TSNE_AUTO;
    else if (strcmp(method, "exact") == 0) o.method = TSNE_EXACT;
    else if (strcmp(method, "bh") == 0) o.method = TSNE_BH;
    else if (strcmp(method, "fft") == 0) o.method = TSNE_FFT;
    else return err_set(e, "tsne: method must be \"auto\", \"exact\", \"bh\" or \"fft\", got \"%s\"", method);
    if (!arg_is_none(args[10])) o.threads = (int)arg_int(args[10]);
    if (o.iters < 1) return err_set(e, "tsne: iters must be at least 1, got %d", o.iters);
    if (o.threads < 1 || o.threads > 16) return err_set(e, "tsne: threads must be between 1 and 16, got %d", o.threads);
    o.seed = rng_u64(rng_global());
    o.progress = progress_global();
    TsneResult r;
    if (tsne_run(arg_mat(args[0]), &o, &r, e) < 0) return -1;
    return embed_model("tsne", &o, &r, out, e);
}

static int bi_sne(Ctx *ctx, Value **args, Value **out, Err *e)
{
    TsneOpts o;
    tsne_default_opts(&o);
    o.sne = 1;
    o.dims = (int)arg_int(args[1]);
    o.perplexity = arg_num(args[2]);
    o.iters = (int)arg_int(args[3]);
    o.exaggeration_iters = 0;
    if (o.iters < 1) return err_set(e, "sne: iters must be at least 1, got %d", o.iters);
    o.seed = rng_u64(rng_global());
    o.progress = progress_global();
    TsneResult r;
    if (tsne_run(arg_mat(args[0]), &o, &r, e) < 0) return -1;
    return embed_model("sne", &o, &r, out, e);
}

static int number(double x, int rc, Value **out, Err *e)
{
    if (rc < 0) return -1;
    *out = val_num(x, e);
    return *out ? 0 : -1;
}

static int bi_knn_preservation(Ctx *ctx, Value **args, Value **out, Err *e)
{
    double x = 0;
    return number(x, knn_preservation(arg_mat(args[0]), arg_mat(args[1]), (size_t)arg_int(args[2]), &x, e), out, e);
}

static int bi_knn_accuracy(Ctx *ctx, Value **args, Value **out, Err *e)
{
    double x = 0;
    return number(x, knn_accuracy(arg_mat(args[0]), (size_t)arg_int(args[1]), &x, e), out, e);
}

static int bi_trustworthiness(Ctx *ctx, Value **args, Value **out, Err *e)
{
    double x = 0;
    return number(x, trustworthiness(arg_mat(args[0]), arg_mat(args[1]), (size_t)arg_int(args[2]), &x, e), out, e);
}

const Builtin builtins_embed[] = {
    {"tsne", bi_tsne, "t-SNE (exact, Barnes-Hut or FFT by N): .embedding .kl .iters; Ctrl-C keeps the map so far", "embed",
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
      {"threads", P_INT, "none"}}},
    {"sne", bi_sne, "the original asymmetric SNE with Gaussian q (exact, small data)", "embed",
     {{"X", P_MAT, NULL}, {"dims", P_INT, "2"}, {"perplexity", P_NUM, "30"}, {"iters", P_INT, "500"}}},
    {"knn_preservation", bi_knn_preservation, "mean share of each point's k nearest neighbours in X kept in Y",
     "embed", {{"X", P_MAT, NULL}, {"Y", P_MAT, NULL}, {"k", P_INT, "10"}}},
    {"knn_accuracy", bi_knn_accuracy, "leave-one-out k-NN classification accuracy on Y with its labels", "embed",
     {{"Y", P_MAT, NULL}, {"k", P_INT, "10"}}},
    {"trustworthiness", bi_trustworthiness, "trustworthiness of Y's k nearest neighbours (Venna & Kaski)", "embed",
     {{"X", P_MAT, NULL}, {"Y", P_MAT, NULL}, {"k", P_INT, "10"}}},
    {NULL, NULL, NULL, NULL, {{NULL, P_ANY, NULL}}},
};
