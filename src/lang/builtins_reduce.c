/* builtins_reduce.c — pca, svd, lda, mds, project, reconstruct. */
#include <float.h>
#include <string.h>

#include "core/progress.h"
#include "core/rng.h"
#include "lang/builtin.h"
#include "lang/ctx.h"
#include "reduce/lda.h"
#include "reduce/mds.h"
#include "reduce/pca.h"

static void pca_impl_free(void *p)
{
    pca_free(p);
}

/* Field matrices are copies, except the scores, which move into the model
 * (project and reconstruct need only the components, mean and singular
 * values, which the Pca keeps). */
static int set_copy(Value *model, const char *name, const Mat *m, Err *e)
{
    Mat *c = mat_clone(m, e);
    return c ? val_model_set_mat(model, name, c, e) : -1;
}

static int pca_model(const char *type, const Mat *X, Pca *p, Value **out, Err *e)
{
    Value *v = val_model(type, e);
    if (!v) {
        pca_free(p);
        return -1;
    }
    v->u.model->impl = p;
    v->u.model->impl_free = pca_impl_free;
    /* scores keep X's rows' names and labels; components keep its image shape */
    if (mat_copy_row_meta(p->scores, X, NULL, X->rows, e) < 0) goto fail;
    p->scores->img_h = p->scores->img_w = p->scores->img_c = 0;
    p->components->img_h = p->mean->img_h = X->img_h;
    p->components->img_w = p->mean->img_w = X->img_w;
    p->components->img_c = p->mean->img_c = X->img_c;
    if (mat_copy_col_meta(p->mean, X, NULL, X->cols, e) < 0) goto fail;
    Mat *cum = mat_new_uninit(1, p->k, e);
    if (!cum) goto fail;
    double s = 0;
    for (size_t c = 0; c < p->k; c++) cum->data[c] = (float)(s += p->explained->data[c]);
    int center = p->centered;
    if (!center) /* svd: U = scores / S, orthonormal columns */
        for (size_t c = 0; c < p->k; c++) {
            double sg = p->singular->data[c];
            for (size_t i = 0; i < p->n; i++)
                MAT_AT(p->scores, i, c) = sg > 0 ? (float)(MAT_AT(p->scores, i, c) / sg) : 0;
        }
    Mat *scores = p->scores;
    p->scores = NULL;
    if (val_model_set_mat(v, center ? "scores" : "U", scores, e) < 0 ||
        set_copy(v, center ? "components" : "Vt", p->components, e) < 0 ||
        set_copy(v, center ? "singular" : "S", p->singular, e) < 0 ||
        set_copy(v, "explained", p->explained, e) < 0 || val_model_set_mat(v, "cumulative", cum, e) < 0 ||
        (center && set_copy(v, "mean", p->mean, e) < 0) || val_model_set_num(v, "k", (double)p->k, e) < 0 ||
        val_model_set_str(v, "method", p->randomized ? "randomized" : "exact", e) < 0 ||
        (p->randomized && val_model_set_num(v, "iterations", p->iterations, e) < 0) ||
        (p->stopped && val_model_set(v, "stopped", val_bool(1, e), e) < 0))
        goto fail;
    if (center && val_model_set(v, "whiten", val_bool(p->whiten, e), e) < 0) goto fail;
    *out = v;
    return 0;
fail:
    val_unref(v);
    return -1;
}

/* Components beyond X's rank (singular values at rounding level, below
 * S_max * max(rows, cols) * float eps as numpy.linalg.matrix_rank) explain
 * nothing and point in arbitrary directions: say so. */
static void warn_rank(Ctx *ctx, const char *f, const Mat *X, const Pca *p)
{
    size_t k = p->k, r = 0, big = X->rows > X->cols ? X->rows : X->cols;
    const float *s = p->singular->data;
    double tol = k ? s[0] * (double)big * FLT_EPSILON : 0;
    while (r < k && s[r] > tol) r++;
    if (r == k) return;
    const char *what = p->centered ? "X (centred)" : "X";
    if (k - r == 1)
        ctx_warn(ctx, "%s: k=%zu is more than the rank of %s, %zu: component %zu explains nothing and its direction "
                      "is arbitrary",
                 f, k, what, r, r);
    else
        ctx_warn(ctx, "%s: k=%zu is more than the rank of %s, %zu: components %zu to %zu explain nothing and their "
                      "directions are arbitrary",
                 f, k, what, r, r, k - 1);
}

static int fit(Ctx *ctx, const char *f, Value **args, int center, int whiten, Value **out, Err *e)
{
    Mat *X = arg_mat(args[0]);
    long k = arg_int(args[1]);
    PcaOpts o = PCA_OPTS_DEFAULT;
    const char *m = arg_str(args[2]);
    if (strcmp(m, "auto") == 0) o.method = PCA_AUTO;
    else if (strcmp(m, "exact") == 0) o.method = PCA_EXACT;
    else if (strcmp(m, "randomized") == 0) o.method = PCA_RANDOMIZED;
    else return err_param(e, 2, "%s: method must be \"auto\", \"exact\" or \"randomized\", got \"%s\"", f, m);
    if (k < 1) return err_param(e, 1, "%s: k must be at least 1, got %ld", f, k);
    o.center = center;
    o.whiten = whiten;
    o.progress = progress_global();
    Pca *p;
    if (pca_fit_opts(X, (size_t)k, &o, rng_global(), &p, e) < 0) return -1;
    warn_rank(ctx, f, X, p);
    return pca_model(f, X, p, out, e);
}

static int bi_pca(Ctx *ctx, Value **args, Value **out, Err *e)
{
    return fit(ctx, "pca", args, 1, arg_num(args[3]) != 0, out, e);
}

static int bi_svd(Ctx *ctx, Value **args, Value **out, Err *e)
{
    return fit(ctx, "svd", args, 0, 0, out, e);
}

static Pca *pca_of(const char *f, Value *model, Err *e)
{
    Model *m = model->u.model;
    if (strcmp(m->type, "pca") != 0 && strcmp(m->type, "svd") != 0) {
        err_param(e, 0, "%s: P must be a pca or svd model (this one is %s)", f, m->type);
        return NULL;
    }
    return m->impl;
}

static int bi_project(Ctx *ctx, Value **args, Value **out, Err *e)
{
    Pca *p = pca_of("project", args[0], e);
    if (!p) return -1;
    Mat *X = arg_mat(args[1]);
    Mat *R = pca_project(p, X, 0, e);
    if (!R || mat_copy_row_meta(R, X, NULL, X->rows, e) < 0) {
        mat_free(R);
        return -1;
    }
    R->img_h = R->img_w = R->img_c = 0;
    *out = val_mat(R, e);
    return *out ? 0 : -1;
}

static int bi_reconstruct(Ctx *ctx, Value **args, Value **out, Err *e)
{
    Pca *p = pca_of("reconstruct", args[0], e);
    if (!p) return -1;
    Mat *X = arg_mat(args[1]);
    long k = arg_is_none(args[2]) ? (long)p->k : arg_int(args[2]);
    if (k < 1 || (size_t)k > p->k) return err_param(e, 2, "reconstruct: k must be between 1 and %zu, got %ld", p->k, k);
    Mat *R = pca_reconstruct(p, X, (size_t)k, e);
    if (!R || mat_copy_row_meta(R, X, NULL, X->rows, e) < 0 || mat_copy_col_meta(R, X, NULL, X->cols, e) < 0) {
        mat_free(R);
        return -1;
    }
    R->img_h = p->components->img_h;
    R->img_w = p->components->img_w;
    R->img_c = p->components->img_c;
    *out = val_mat(R, e);
    return *out ? 0 : -1;
}

static int bi_lda(Ctx *ctx, Value **args, Value **out, Err *e)
{
    Mat *S, *C, *R;
    long k = arg_int(args[1]);
    if (k < 1) return err_param(e, 1, "lda: k must be at least 1, got %ld", k);
    if (lda_fit(arg_mat(args[0]), (size_t)k, &S, &C, &R, e) < 0) return -1;
    Value *v = val_model("lda", e);
    if (!v || val_model_set_mat(v, "scores", S, e) < 0 || val_model_set_mat(v, "components", C, e) < 0 ||
        val_model_set_mat(v, "explained", R, e) < 0) {
        if (!v) {
            mat_free(S);
            mat_free(C);
            mat_free(R);
        }
        val_unref(v);
        return -1;
    }
    *out = v;
    return 0;
}

static int bi_mds(Ctx *ctx, Value **args, Value **out, Err *e)
{
    Mat *S, *E;
    long k = arg_int(args[1]);
    if (k < 1) return err_param(e, 1, "mds: k must be at least 1, got %ld", k);
    if (mds_fit(arg_mat(args[0]), (size_t)k, &S, &E, e) < 0) return -1;
    Value *v = val_model("mds", e);
    if (!v || val_model_set_mat(v, "scores", S, e) < 0 || val_model_set_mat(v, "eigenvalues", E, e) < 0) {
        if (!v) {
            mat_free(S);
            mat_free(E);
        }
        val_unref(v);
        return -1;
    }
    *out = v;
    return 0;
}

const Builtin builtins_reduce[] = {
    {"pca", bi_pca, "principal components: .scores .components .explained .cumulative .mean .singular", "reduce",
     {{"X", P_MAT, NULL}, {"k", P_INT, NULL}, {"method", P_STR, "\"auto\""}, {"whiten", P_BOOL, "false"}}, "P = pca(X, 2)", 0},
    {"svd", bi_svd, "truncated SVD without centring: .U .S .Vt", "reduce",
     {{"X", P_MAT, NULL}, {"k", P_INT, NULL}, {"method", P_STR, "\"auto\""}}, "S = svd(X, 2)", 0},
    {"project", bi_project, "scores of new rows on a pca model's components", "reduce",
     {{"P", P_MODEL, NULL}, {"X", P_MAT, NULL}}, "P = pca(X[0:100], 2); project(P, X[100:150])", 0},
    {"reconstruct", bi_reconstruct, "rows rebuilt from their first k components", "reduce",
     {{"P", P_MODEL, NULL}, {"X", P_MAT, NULL}, {"k", P_INT, "none"}}, "P = pca(X, 2); R = reconstruct(P, X, k=1)", 0},
    {"lda", bi_lda, "Fisher linear discriminants from X's labels: .scores .components .explained", "reduce",
     {{"X", P_MAT, NULL}, {"k", P_INT, "2"}}, "L = lda(X, 2)", 0},
    {"mds", bi_mds, "classical multidimensional scaling: .scores .eigenvalues", "reduce",
     {{"X", P_MAT, NULL}, {"k", P_INT, "2"}}, "M = mds(X, 2)", 0},
    {NULL, NULL, NULL, NULL, {{NULL, P_ANY, NULL}}, NULL, 0},
};
