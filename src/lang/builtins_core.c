/* builtins_core.c — matrices and the session: zeros, ones, randn, center,
 * normalize, t, dot, norm, cosine, shape, head, print, help, vars, rm,
 * seed, use, clock.  (NumPy's functions and reductions are in
 * builtins_math.c, sorting in builtins_order.c, shapes and ranges in
 * builtins_shape.c, linear algebra in builtins_linalg.c.) */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/rng.h"
#include "lang/builtin.h"
#include "lang/ctx.h"
#include "lang/env.h"
#include "lang/help.h"
#include "lang/show.h"

/* ---- constructors ---------------------------------------------------- */

/* rows x cols from (rows, cols); a single size n gives a 1 x n vector. */
static int dims(const char *f, Value **args, size_t *r, size_t *c, Err *e)
{
    double a = arg_num(args[0]), b = arg_num(args[1]);
    if (arg_is_none(args[1])) {
        b = a;
        a = 1;
    }
    if (!(a >= 0) || !(b >= 0) || a != floor(a) || b != floor(b))
        return err_set(e, "%s: sizes must be whole numbers >= 0, got %g and %g", f, a, b);
    if (a > 1e15 || b > 1e15 || a * b > 1e18) {
        *r = *c = 0;
        return err_set(e, "%s: a %gx%g matrix is far too large", f, a, b);
    }
    *r = (size_t)a;
    *c = (size_t)b;
    return mat_check_size(*r, *c, f, e);
}

static int fill_const(Value **args, Value **out, Err *e, const char *f, float x)
{
    size_t r, c;
    if (dims(f, args, &r, &c, e) < 0) return -1;
    Mat *m = mat_new_uninit(r, c, e);
    if (!m) return -1;
    for (size_t i = 0; i < r * c; i++) m->data[i] = x;
    *out = val_mat(m, e);
    return *out ? 0 : -1;
}

static int bi_zeros(Ctx *ctx, Value **args, Value **out, Err *e)
{
    return fill_const(args, out, e, "zeros", 0.0f);
}

static int bi_ones(Ctx *ctx, Value **args, Value **out, Err *e)
{
    return fill_const(args, out, e, "ones", 1.0f);
}

static int bi_randn(Ctx *ctx, Value **args, Value **out, Err *e)
{
    size_t r, c;
    if (dims("randn", args, &r, &c, e) < 0) return -1;
    Mat *m = mat_new_uninit(r, c, e);
    if (!m) return -1;
    Rng *g = rng_global();
    for (size_t i = 0; i < r * c; i++) m->data[i] = (float)rng_normal(g);
    *out = val_mat(m, e);
    return *out ? 0 : -1;
}

static int bi_rand(Ctx *ctx, Value **args, Value **out, Err *e)
{
    size_t r, c;
    if (dims("rand", args, &r, &c, e) < 0) return -1;
    Mat *m = mat_new_uninit(r, c, e);
    if (!m) return -1;
    Rng *g = rng_global();
    for (size_t i = 0; i < r * c; i++) m->data[i] = (float)rng_uniform(g);
    *out = val_mat(m, e);
    return *out ? 0 : -1;
}

/* ---- reductions ------------------------------------------------------ */

static int axis_arg(const char *f, Value *v, int *axis, Err *e)
{
    *axis = -1;
    if (arg_is_none(v)) {
        *axis = -1;
        return 0;
    }
    long a = arg_int(v);
    if (a != 0 && a != 1) return err_param(e, builtin_param_index(f, "axis"), "%s: axis must be 0 (columns), 1 (rows) or none, got %ld", f, a);
    *axis = (int)a;
    return 0;
}

/* ---- transformations -------------------------------------------------- */

static int bi_center(Ctx *ctx, Value **args, Value **out, Err *e)
{
    const Mat *X = arg_mat(args[0]);
    Mat *m = mat_clone(X, e);
    if (!m) return -1;
    double *mu = calloc(X->cols ? X->cols : 1, sizeof *mu);
    if (!mu) {
        mat_free(m);
        return err_nomem(e, X->cols * sizeof(double), "center");
    }
    for (size_t i = 0; i < X->rows; i++)
        for (size_t j = 0; j < X->cols; j++) mu[j] += MAT_AT(X, i, j);
    for (size_t j = 0; j < X->cols && X->rows; j++) mu[j] /= (double)X->rows;
    for (size_t i = 0; i < X->rows; i++)
        for (size_t j = 0; j < X->cols; j++) MAT_AT(m, i, j) = (float)(MAT_AT(X, i, j) - mu[j]);
    free(mu);
    *out = val_mat(m, e);
    return *out ? 0 : -1;
}

static int bi_normalize(Ctx *ctx, Value **args, Value **out, Err *e)
{
    const Mat *X = arg_mat(args[0]);
    Mat *m = mat_clone(X, e);
    if (!m) return -1;
    for (size_t i = 0; i < m->rows; i++) {
        float *r = MAT_ROW(m, i);
        double s = 0;
        for (size_t j = 0; j < m->cols; j++) s += (double)r[j] * r[j];
        if (s > 0) {
            float inv = (float)(1.0 / sqrt(s));
            for (size_t j = 0; j < m->cols; j++) r[j] *= inv;
        }
    }
    *out = val_mat(m, e);
    return *out ? 0 : -1;
}

static int bi_t(Ctx *ctx, Value **args, Value **out, Err *e)
{
    const Mat *X = arg_mat(args[0]);
    Mat *m = mat_new_uninit(X->cols, X->rows, e);
    if (!m) return -1;
    for (size_t i = 0; i < X->rows; i++)
        for (size_t j = 0; j < X->cols; j++) MAT_AT(m, j, i) = MAT_AT(X, i, j);
    /* Row names become column names and back. */
    for (size_t i = 0; X->row_names && i < X->rows; i++)
        if (X->row_names[i] && mat_set_col_name(m, i, X->row_names[i], e) < 0) goto fail;
    for (size_t j = 0; X->col_names && j < X->cols; j++)
        if (X->col_names[j] && mat_set_row_name(m, j, X->col_names[j], e) < 0) goto fail;
    *out = val_mat(m, e);
    return *out ? 0 : -1;
fail:
    mat_free(m);
    return -1;
}

/* ---- vectors ----------------------------------------------------------- */

static int same_size(const char *f, const Mat *a, const Mat *b, Err *e)
{
    if (a->rows * a->cols != b->rows * b->cols)
        return err_set(e, "%s: sizes differ (%zux%zu and %zux%zu)", f, a->rows, a->cols, b->rows, b->cols);
    return 0;
}

static int bi_dot(Ctx *ctx, Value **args, Value **out, Err *e)
{
    const Mat *a = arg_mat(args[0]), *b = arg_mat(args[1]);
    if (same_size("dot", a, b, e) < 0) return -1;
    double s = 0;
    for (size_t i = 0; i < a->rows * a->cols; i++) s += (double)a->data[i] * b->data[i];
    *out = val_num(s, e);
    return *out ? 0 : -1;
}

static int bi_norm(Ctx *ctx, Value **args, Value **out, Err *e)
{
    const Mat *X = arg_mat(args[0]);
    int axis;
    if (axis_arg("norm", args[1], &axis, e) < 0) return -1;
    if (axis == -1) {
        double s = 0;
        for (size_t i = 0; i < X->rows * X->cols; i++) s += (double)X->data[i] * X->data[i];
        *out = val_num(sqrt(s), e);
        return *out ? 0 : -1;
    }
    Mat *m = axis == 1 ? mat_new(X->rows, 1, e) : mat_new(1, X->cols, e);
    if (!m) return -1;
    double *acc = calloc((axis == 1 ? X->rows : X->cols) + 1, sizeof *acc);
    if (!acc) {
        mat_free(m);
        return err_nomem(e, X->rows * sizeof(double), "norm");
    }
    for (size_t i = 0; i < X->rows; i++)
        for (size_t j = 0; j < X->cols; j++) acc[axis == 1 ? i : j] += (double)MAT_AT(X, i, j) * MAT_AT(X, i, j);
    for (size_t k = 0; k < m->rows * m->cols; k++) m->data[k] = (float)sqrt(acc[k]);
    free(acc);
    if (axis == 1 && mat_copy_row_meta(m, X, NULL, X->rows, e) < 0) {
        mat_free(m);
        return -1;
    }
    *out = val_mat(m, e);
    return *out ? 0 : -1;
}

static int bi_cosine(Ctx *ctx, Value **args, Value **out, Err *e)
{
    const Mat *a = arg_mat(args[0]), *b = arg_mat(args[1]);
    if (same_size("cosine", a, b, e) < 0) return -1;
    double d = 0, na = 0, nb = 0;
    for (size_t i = 0; i < a->rows * a->cols; i++) {
        d += (double)a->data[i] * b->data[i];
        na += (double)a->data[i] * a->data[i];
        nb += (double)b->data[i] * b->data[i];
    }
    if (na == 0 || nb == 0) return err_param(e, 0, "cosine: a vector is all zeros");
    *out = val_num(d / sqrt(na * nb), e);
    return *out ? 0 : -1;
}

static int bi_shape(Ctx *ctx, Value **args, Value **out, Err *e)
{
    Value *v = args[0];
    Value *l = val_list(2, e);
    if (!l) return -1;
    double r = 0, c = 0;
    if (v->kind == VAL_MAT) {
        r = (double)v->u.mat->rows;
        c = (double)v->u.mat->cols;
    } else if (v->kind == VAL_LIST) {
        r = 1;
        c = (double)v->u.list.n;
    } else if (v->kind == VAL_NUM) {
        r = c = 1;
    } else {
        char buf[64];
        val_unref(l);
        return err_param(e, 0, "shape: X must be a matrix or list, got %s", val_describe(v, buf, sizeof buf));
    }
    Value *a = val_num(r, e), *b = a ? val_num(c, e) : NULL;
    if (!b) {
        val_unref(a);
        val_unref(l);
        return -1;
    }
    val_list_set(l, 0, a);
    val_list_set(l, 1, b);
    *out = l;
    return 0;
}

static int bi_head(Ctx *ctx, Value **args, Value **out, Err *e)
{
    const Mat *X = arg_mat(args[0]);
    long n = arg_int(args[1]);
    if (n < 0) return err_param(e, 1, "head: n must be >= 0, got %ld", n);
    size_t k = (size_t)n < X->rows ? (size_t)n : X->rows;
    Mat *m = mat_new_uninit(k, X->cols, e);
    if (!m) return -1;
    memcpy(m->data, X->data, k * X->cols * sizeof(float));
    if (mat_copy_row_meta(m, X, NULL, k, e) < 0 || mat_copy_col_meta(m, X, NULL, X->cols, e) < 0) {
        mat_free(m);
        return -1;
    }
    *out = val_mat(m, e);
    return *out ? 0 : -1;
}

/* As many as a for loop goes over: a vector's numbers (a 1-row matrix,
 * as [1, 2, 3] and T.kl are), else a matrix's rows; so range(len(v))
 * indexes v. */
static int bi_len(Ctx *ctx, Value **args, Value **out, Err *e)
{
    Value *v = args[0];
    const Mat *m = v->kind == VAL_MAT ? v->u.mat : NULL;
    double n = v->kind == VAL_LIST ? (double)v->u.list.n
             : m                   ? (double)(m->rows == 1 ? m->cols : m->rows)
             : v->kind == VAL_STR  ? (double)strlen(v->u.str)
                                   : 1;
    *out = val_num(n, e);
    return *out ? 0 : -1;
}

/* ---- session ----------------------------------------------------------- */

static int bi_print(Ctx *ctx, Value **args, Value **out, Err *e)
{
    Value *l = args[0];
    int at_line_start = 1; /* a block value (table, plot) ends its own line */
    for (size_t i = 0; i < l->u.list.n; i++) {
        Value *v = l->u.list.items[i];
        int block = v->kind == VAL_PLOT || v->kind == VAL_MODEL ||
                    (v->kind == VAL_MAT && !(v->u.mat->rows == 1 && v->u.mat->cols <= 16));
        if (block) {
            if (!at_line_start) ctx_printf(ctx, "\n");
            if (show_value_all(ctx, v, arg_num(args[1]) != 0, e) < 0) return -1;
            at_line_start = 1;
            continue;
        }
        if (!at_line_start) ctx_printf(ctx, " ");
        show_inline(ctx, v);
        at_line_start = 0;
    }
    if (!at_line_start || l->u.list.n == 0) ctx_printf(ctx, "\n");
    *out = val_none();
    return 0;
}

static int bi_help(Ctx *ctx, Value **args, Value **out, Err *e)
{
    *out = val_none();
    return help_print(ctx, arg_is_none(args[0]) ? NULL : arg_str(args[0]), e);
}

static int bi_vars(Ctx *ctx, Value **args, Value **out, Err *e)
{
    size_t n;
    const char **names = env_names(ctx->env, &n, e);
    if (!names) return -1;
    char buf[64];
    for (size_t i = 0; i < n; i++) {
        const Value *v = env_get(ctx->env, names[i]);
        ctx_printf(ctx, "%-16s %s\n", names[i], val_describe(v, buf, sizeof buf));
    }
    if (n == 0) ctx_printf(ctx, "(no variables)\n");
    free(names);
    *out = val_none();
    return 0;
}

static int bi_rm(Ctx *ctx, Value **args, Value **out, Err *e)
{
    Value *l = args[0];
    for (size_t i = 0; i < l->u.list.n; i++) {
        Value *v = l->u.list.items[i];
        if (v->kind != VAL_STR) return err_set(e, "rm: give variable names (rm X, Y)");
        if (!env_get(ctx->env, v->u.str)) return err_set(e, "rm: no variable named '%s'", v->u.str);
    }
    for (size_t i = 0; i < l->u.list.n; i++) env_remove(ctx->env, l->u.list.items[i]->u.str);
    *out = val_none();
    return 0;
}

static int bi_seed(Ctx *ctx, Value **args, Value **out, Err *e)
{
    double s = arg_num(args[0]);
    if (s < 0) return err_param(e, 0, "seed: n must be >= 0, got %g", s);
    rng_seed(rng_global(), (uint64_t)s);
    *out = val_none();
    return 0;
}

static int bi_use(Ctx *ctx, Value **args, Value **out, Err *e)
{
    Value *v = args[0];
    if (v->kind == VAL_NONE) {
        val_unref(ctx->use_emb);
        ctx->use_emb = NULL;
        *out = val_none();
        return 0;
    }
    if (v->kind == VAL_MODEL) {
        Value *f = val_model_get(v, "vectors");
        if (f && f->kind == VAL_MAT) v = f;
    }
    char buf[64];
    if (v->kind != VAL_MAT || !v->u.mat->row_names)
        return err_param(e, 0, "use: E must be an embedding (a matrix whose rows are named words), got %s",
                       val_describe(v, buf, sizeof buf));
    val_unref(ctx->use_emb);
    ctx->use_emb = val_ref(v);
    mat_find_row(v->u.mat, ""); /* build the word index now, not on the first word */
    *out = val_none();
    return 0;
}

static int bi_clock(Ctx *ctx, Value **args, Value **out, Err *e)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    *out = val_num((double)ts.tv_sec + ts.tv_nsec * 1e-9, e);
    return *out ? 0 : -1;
}

/* Resident and peak resident memory of this process in MB, from
 * /proc/self/status; reset=true restarts the peak (Linux clear_refs). */
static int bi_memory(Ctx *ctx, Value **args, Value **out, Err *e)
{
    if (arg_num(args[0]) != 0) {
        FILE *c = fopen("/proc/self/clear_refs", "w");
        if (c) {
            fputs("5", c);
            fclose(c);
        }
    }
    FILE *f = fopen("/proc/self/status", "r");
    if (!f) return err_set(e, "memory: /proc/self/status is not readable on this system");
    char line[256];
    double rss = 0, hwm = 0;
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, "VmRSS:", 6) == 0) rss = atof(line + 6) / 1024;
        if (strncmp(line, "VmHWM:", 6) == 0) hwm = atof(line + 6) / 1024;
    }
    fclose(f);
    Value *l = val_list(2, e), *a = l ? val_num(rss, e) : NULL, *b = a ? val_num(hwm, e) : NULL;
    if (!b) {
        val_unref(a);
        val_unref(l);
        return -1;
    }
    val_list_set(l, 0, a);
    val_list_set(l, 1, b);
    *out = l;
    return 0;
}

static int bi_getenv(Ctx *ctx, Value **args, Value **out, Err *e)
{
    const char *v = getenv(arg_str(args[0]));
    *out = v ? val_str(v, e) : val_none();
    return *out ? 0 : -1;
}

#define X_MAT {"X", P_MAT, NULL}
const Builtin builtins_core[] = {
    {"help", bi_help, "the builtins by section; help NAME for a builtin, section or topic (syntax, keys)",
     "session", {{"name", P_STR, "none"}}, "help pca", BF_NAME_ARGS},
    {"print", bi_print, "print values on one line (all=true prints matrices whole)", "session",
     {{"...values", P_ANY, NULL}, {"all", P_BOOL, "false"}}, "print X[0:3], all=true", 0},
    {"vars", bi_vars, "list variables with their kinds and shapes", "session", {{NULL, 0, NULL}}, "vars", 0},
    {"rm", bi_rm, "remove variables: rm X, Y", "session", {{"...names", P_ANY, NULL}}, "Y = X[0:10]; rm Y", BF_NAME_ARGS},
    {"seed", bi_seed, "seed the random generator (reproducible scripts)", "session", {{"n", P_INT, NULL}}, "seed 42", 0},
    {"use", bi_use, "make bare unknown names words of embedding E (use none to stop)", "session",
     {{"E", P_ANY, NULL}}, "use E; king - man + woman", 0},
    {"clock", bi_clock, "seconds on a monotonic clock (t = clock(); ...; print clock() - t)", "session",
     {{NULL, 0, NULL}}, "t = clock(); P = pca(X, 2); print clock() - t", 0},
    {"memory", bi_memory, "[resident, peak resident] memory in MB; reset=true restarts the peak", "session",
     {{"reset", P_BOOL, "false"}}, "print memory()", 0},
    {"getenv", bi_getenv, "an environment variable as a string, or none", "session", {{"name", P_STR, NULL}}, "getenv(\"HOME\")", 0},
    {"zeros", bi_zeros, "rows x cols matrix of zeros", "matrices", {{"rows", P_NUM, NULL}, {"cols", P_NUM, "none"}}, "zeros(2, 3)", 0},
    {"ones", bi_ones, "rows x cols matrix of ones", "matrices", {{"rows", P_NUM, NULL}, {"cols", P_NUM, "none"}}, "ones(3)", 0},
    {"randn", bi_randn, "rows x cols matrix of standard normal numbers", "matrices",
     {{"rows", P_NUM, NULL}, {"cols", P_NUM, "none"}}, "N = randn(100, 2)", 0},
    {"rand", bi_rand, "rows x cols matrix of uniform numbers in [0, 1)", "matrices",
     {{"rows", P_NUM, NULL}, {"cols", P_NUM, "none"}}, "rand(2, 2)", 0},
    {"center", bi_center, "subtract each column's mean", "matrices", {X_MAT}, "C = center(X)", 0},
    {"normalize", bi_normalize, "scale each row to unit length", "matrices", {X_MAT}, "N = normalize(X)", 0},
    {"t", bi_t, "transpose", "matrices", {X_MAT}, "t([[1, 2], [3, 4]])", 0},
    {"dot", bi_dot, "dot product of two vectors of the same size", "matrices",
     {{"a", P_MAT, NULL}, {"b", P_MAT, NULL}}, "dot([1, 2], [3, 4])", 0},
    {"norm", bi_norm, "Euclidean norm of all values, or per column (axis=0) or row (axis=1)", "matrices",
     {X_MAT, {"axis", P_INT, "none"}}, "norm(X, axis=1)", 0},
    {"cosine", bi_cosine, "cosine similarity of two vectors", "matrices", {{"a", P_MAT, NULL}, {"b", P_MAT, NULL}}, "cosine(E[\"king\"], E[\"queen\"])", 0},
    {"shape", bi_shape, "[rows, cols] of a matrix", "matrices", {{"X", P_ANY, NULL}}, "shape(X)", 0},
    {"len", bi_len, "rows of a matrix, numbers of a vector, items of a list, characters of a string", "matrices",
     {{"x", P_ANY, NULL}}, "len(X)", 0},
    {"head", bi_head, "the first n rows", "matrices", {X_MAT, {"n", P_INT, "5"}}, "head(X, 3)", 0},
    {NULL, NULL, NULL, NULL, {{NULL, P_ANY, NULL}}, NULL, 0},
};
