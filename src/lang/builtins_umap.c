/* builtins_umap.c — umap and knn, and place() for umap models. */
#include "lang/builtins_umap.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/knn_graph.h"
#include "core/progress.h"
#include "core/rng.h"
#include "lang/builtin.h"
#include "lang/ctx.h"
#include "reduce/umap.h"

/* What place() needs from a umap model: the data (a reference to the
 * argument's value, not a copy: values do not change), the map and the
 * options it was made with. */
typedef struct UmapModel {
    Value *X;
    Mat *Y;
    UmapOpts o;
    double a, b;
} UmapModel;

static void umap_model_free(void *p)
{
    UmapModel *m = p;
    if (!m) return;
    val_unref(m->X);
    mat_free(m->Y);
    free(m);
}

static int metric_arg(const char *f, Value *v, int index, int *cosine, Err *e)
{
    const char *s = arg_str(v);
    if (strcmp(s, "euclidean") == 0)
        *cosine = 0;
    else if (strcmp(s, "cosine") == 0)
        *cosine = 1;
    else
        return err_param(e, index, "%s: metric must be \"euclidean\" or \"cosine\", got \"%s\"", f,
                         s);
    return 0;
}

static int knn_method_arg(const char *f, const char *pname, Value *v, int index, KnnGraphMethod *m,
                          Err *e)
{
    const char *s = arg_str(v);
    if (strcmp(s, "auto") == 0)
        *m = KNN_GRAPH_AUTO;
    else if (strcmp(s, "exact") == 0)
        *m = KNN_GRAPH_EXACT;
    else if (strcmp(s, "approx") == 0)
        *m = KNN_GRAPH_APPROX;
    else
        return err_param(e, index, "%s: %s must be \"auto\", \"exact\" or \"approx\", got \"%s\"",
                         f, pname, s);
    return 0;
}

static int threads_arg(const char *f, Value *v, int index, int *threads, Err *e)
{
    if (arg_is_none(v)) return 0;
    long t = arg_int(v);
    if (t < 1 || t > 64)
        return err_param(e, index, "%s: threads must be between 1 and 64, got %ld", f, t);
    *threads = (int)t;
    return 0;
}

/* ---- umap ------------------------------------------------------------ */

static int bi_umap(Ctx *ctx, Value **args, Value **out, Err *e)
{
    UmapOpts o;
    umap_default_opts(&o);
    const Mat *X = arg_mat(args[0]);
    long k = arg_int(args[1]), dims = arg_int(args[2]);
    if (k < 2 || (size_t)k > X->rows)
        return err_param(
            e, 1, "umap: k must be between 2 and %zu (the rows; k counts the row itself), got %ld",
            X->rows, k);
    if (dims < 1 || dims > 8)
        return err_param(e, 2, "umap: dims must be between 1 and 8, got %ld", dims);
    o.k = (int)k;
    o.dims = (int)dims;
    o.min_dist = arg_num(args[3]);
    o.spread = arg_num(args[4]);
    if (!(o.spread > 0) || !isfinite(o.spread))
        return err_param(e, 4, "umap: spread must be above 0, got %g", o.spread);
    if (!(o.min_dist >= 0) || o.min_dist > o.spread)
        return err_param(e, 3, "umap: min_dist must be between 0 and spread (%g), got %g", o.spread,
                         o.min_dist);
    if (args[5]->kind == VAL_NUM) {
        double ep = arg_num(args[5]);
        if (!(ep >= 1) || ep != floor(ep) || ep > 1e6)
            return err_param(
                e, 5, "umap: epochs must be a whole number from 1 to 1000000 or \"auto\", got %g",
                ep);
        o.epochs = (int)ep;
    } else if (args[5]->kind != VAL_STR || strcmp(args[5]->u.str, "auto") != 0) {
        return err_param(e, 5, "umap: epochs must be a number or \"auto\"");
    }
    const char *init = arg_str(args[6]);
    if (strcmp(init, "spectral") == 0)
        o.init = UMAP_INIT_SPECTRAL;
    else if (strcmp(init, "pca") == 0)
        o.init = UMAP_INIT_PCA;
    else if (strcmp(init, "random") == 0)
        o.init = UMAP_INIT_RANDOM;
    else
        return err_param(e, 6, "umap: init must be \"spectral\", \"pca\" or \"random\", got \"%s\"",
                         init);
    if (metric_arg("umap", args[7], 7, &o.cosine, e) < 0 ||
        knn_method_arg("umap", "knn", args[8], 8, &o.knn, e) < 0)
        return -1;
    o.lr = arg_num(args[9]);
    if (!(o.lr > 0) || !isfinite(o.lr))
        return err_param(e, 9, "umap: lr must be above 0, got %g", o.lr);
    o.negative_rate = arg_num(args[10]);
    if (!(o.negative_rate >= 0) || o.negative_rate > 1000)
        return err_param(e, 10, "umap: negative_rate must be between 0 and 1000, got %g",
                         o.negative_rate);
    if (threads_arg("umap", args[11], 11, &o.threads, e) < 0) return -1;
    o.seed = rng_u64(rng_global());
    o.progress = progress_global();

    UmapResult r;
    if (umap_run(X, &o, &r, e) < 0) return -1;
    Value *v = val_model("umap", e);
    UmapModel *um = calloc(1, sizeof *um);
    if (!v || !um) {
        if (v) err_nomem(e, sizeof *um, "umap model");
        free(um);
        umap_result_free(&r);
        val_unref(v);
        return -1;
    }
    v->u.model->impl = um;
    v->u.model->impl_free = umap_model_free;
    um->X = val_ref(args[0]);
    um->o = o;
    um->o.progress = NULL;
    um->a = r.a;
    um->b = r.b;
    if (!(um->Y = mat_clone(r.Y, e))) goto fail;
    int bad = val_model_set_mat(v, "embedding", r.Y, e) < 0;
    r.Y = NULL;
    bad =
        bad || val_model_set_main(v, "embedding", e) < 0 || val_model_set_num(v, "k", o.k, e) < 0 ||
        val_model_set_num(v, "min_dist", o.min_dist, e) < 0 ||
        val_model_set_num(v, "spread", o.spread, e) < 0 || val_model_set_num(v, "a", r.a, e) < 0 ||
        val_model_set_num(v, "b", r.b, e) < 0 || val_model_set_num(v, "epochs", r.epochs, e) < 0 ||
        val_model_set_str(v, "init", umap_init_name(r.init), e) < 0 ||
        val_model_set_str(v, "metric", o.cosine ? "cosine" : "euclidean", e) < 0 ||
        val_model_set_str(v, "knn", knn_graph_method_name(r.knn), e) < 0 ||
        val_model_set_num(v, "components", (double)r.components, e) < 0 ||
        val_model_set_num(v, "edges", (double)r.edges, e) < 0 ||
        val_model_set_num(v, "knn_seconds", r.knn_seconds, e) < 0 ||
        val_model_set_num(v, "graph_seconds", r.graph_seconds, e) < 0 ||
        val_model_set_num(v, "init_seconds", r.init_seconds, e) < 0 ||
        val_model_set_num(v, "sgd_seconds", r.sgd_seconds, e) < 0 ||
        val_model_set(v, "stopped", val_bool(r.stopped, e), e) < 0;
    if (bad) goto fail;
    umap_result_free(&r);
    *out = v;
    return 0;
fail:
    umap_result_free(&r);
    val_unref(v);
    return -1;
}

int umap_place_value(const Model *m, Value **args, Value **out, Err *e)
{
    const UmapModel *um = m->impl;
    long ep = arg_is_none(args[2]) ? 0 : arg_int(args[2]);
    if (!arg_is_none(args[3]))
        return err_param(e, 3, "place: perplexity is for tsne maps; a umap map has k");
    UmapOpts o = um->o;
    if (threads_arg("place", args[4], 4, &o.threads, e) < 0) return -1;
    if (ep < 0) return err_param(e, 2, "place: iters must be at least 0, got %ld", ep);
    const Mat *X = arg_mat(um->X), *Xnew = arg_mat(args[1]);
    if (Xnew->cols != X->cols)
        return err_param(e, 1, "place: the new rows have %zu columns, the map's data %zu",
                         Xnew->cols, X->cols);
    Mat *Y;
    int stopped;
    /* iters is tsne's name for the steps; for a umap map they are epochs
     * (0: a third of the map's automatic epochs) */
    if (umap_place(X, um->Y, Xnew, &o, um->a, um->b, (int)ep, &Y, &stopped, e) < 0) return -1;
    *out = val_mat(Y, e);
    return *out ? 0 : -1;
}

/* ---- knn ------------------------------------------------------------- */

static int bi_knn(Ctx *ctx, Value **args, Value **out, Err *e)
{
    const Mat *X = arg_mat(args[0]);
    long k = arg_int(args[1]);
    size_t n = X->rows;
    if (n < 2) return err_param(e, 0, "knn: X needs at least 2 rows, got %zu", n);
    if (k < 1 || (size_t)k > n - 1)
        return err_param(e, 1, "knn: k must be between 1 and %zu, got %ld", n - 1, k);
    KnnGraphOpts o = {KNN_GRAPH_AUTO, 0, 1, rng_u64(rng_global()), progress_global(), "knn"};
    UmapOpts d;
    umap_default_opts(&d);
    o.threads = d.threads;
    if (knn_method_arg("knn", "method", args[2], 2, &o.method, e) < 0 ||
        metric_arg("knn", args[3], 3, &o.cosine, e) < 0 ||
        threads_arg("knn", args[4], 4, &o.threads, e) < 0)
        return -1;
    for (size_t i = 0; i < n * X->cols; i++)
        if (!isfinite(X->data[i]))
            return err_param(e, 0, "knn: X has a missing or infinite value at row %zu, column %zu",
                             i / X->cols, i % X->cols);
    size_t nk = n * (size_t)k;
    long *idx = malloc(nk * sizeof *idx);
    Mat *I = mat_new_uninit(n, (size_t)k, e), *D = I ? mat_new_uninit(n, (size_t)k, e) : NULL;
    Value *v = NULL;
    KnnGraphMethod used;
    if (!idx || !I || !D) {
        if (D) err_nomem(e, nk * sizeof *idx, "knn");
        goto fail;
    }
    double t0 = clock_now();
    if (knn_graph(X, (size_t)k, &o, idx, D->data, &used, e) < 0) goto fail;
    double secs = clock_now() - t0;
    for (size_t t = 0; t < nk; t++) {
        I->data[t] = (float)idx[t];
        if (!o.cosine) D->data[t] = sqrtf(D->data[t]);
    }
    free(idx), idx = NULL;
    if (mat_copy_row_meta(I, X, NULL, n, e) < 0 || mat_copy_row_meta(D, X, NULL, n, e) < 0)
        goto fail;
    I->img_h = I->img_w = I->img_c = D->img_h = D->img_w = D->img_c = 0;
    if (!(v = val_model("knn", e))) goto fail;
    int bad = val_model_set_mat(v, "indices", I, e) < 0;
    I = NULL;
    bad = bad || val_model_set_mat(v, "distances", D, e) < 0;
    D = NULL;
    bad = bad || val_model_set_main(v, "indices", e) < 0 ||
          val_model_set_num(v, "k", (double)k, e) < 0 ||
          val_model_set_str(v, "method", knn_graph_method_name(used), e) < 0 ||
          val_model_set_str(v, "metric", o.cosine ? "cosine" : "euclidean", e) < 0 ||
          val_model_set_num(v, "seconds", secs, e) < 0;
    if (bad) goto fail;
    *out = v;
    return 0;
fail:
    free(idx);
    mat_free(I);
    mat_free(D);
    val_unref(v);
    return -1;
}

const Builtin builtins_umap[] = {
    {"umap",
     bi_umap,
     "UMAP map of X's rows (fuzzy kNN graph, spectral start, SGD): .embedding .a .b .knn; Ctrl-C "
     "keeps the map so far",
     "embed",
     {{"X", P_MAT, NULL},
      {"k", P_INT, "15"},
      {"dims", P_INT, "2"},
      {"min_dist", P_NUM, "0.1"},
      {"spread", P_NUM, "1"},
      {"epochs", P_ANY, "\"auto\""},
      {"init", P_STR, "\"spectral\""},
      {"metric", P_STR, "\"euclidean\""},
      {"knn", P_STR, "\"auto\""},
      {"lr", P_NUM, "1"},
      {"negative_rate", P_NUM, "5"},
      {"threads", P_INT, "none"}},
     "U = umap(X, k=15, min_dist=0.1)",
     0},
    {"knn",
     bi_knn,
     "each row's k nearest other rows (exact, or NN-descent for large inputs): .indices .distances "
     ".method",
     "embed",
     {{"X", P_MAT, NULL},
      {"k", P_INT, "15"},
      {"method", P_STR, "\"auto\""},
      {"metric", P_STR, "\"euclidean\""},
      {"threads", P_INT, "none"}},
     "N = knn(X, 10, method=\"approx\")",
     0},
    {NULL, NULL, NULL, NULL, {{NULL, P_ANY, NULL}}, NULL, 0},
};
