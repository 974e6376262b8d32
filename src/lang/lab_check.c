/* lab_check.c — helpers for the labs' checks: the learner's variables and
 * the verdicts. */
#include "lang/lab_check.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "lang/builtins_nn.h"
#include "lang/env.h"
#include "train/nnmodel.h"

static void vsay(char *why, size_t n, const char *fmt, va_list ap)
{
    if (n) vsnprintf(why, n, fmt, ap);
}

int lab_yes(char *why, size_t n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsay(why, n, fmt, ap);
    va_end(ap);
    return 1;
}

int lab_no(char *why, size_t n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsay(why, n, fmt, ap);
    va_end(ap);
    return 0;
}

Value *lab_var(Ctx *ctx, const char *name)
{
    return env_get(ctx->env, name);
}

static int missing(const char *name, const char *make, char *why, size_t n)
{
    if (make) return lab_no(why, n, "there is no variable %s yet: %s makes it.", name, make);
    return lab_no(why, n, "there is no variable %s yet.", name);
}

static int wrong_kind(const char *name, const Value *v, const char *want, const char *make,
                      char *why, size_t n)
{
    char buf[64];
    val_describe(v, buf, sizeof buf);
    if (make)
        return lab_no(why, n, "%s is a %s; the exercise wants %s (%s).", name, buf, want, make);
    return lab_no(why, n, "%s is a %s; the exercise wants %s.", name, buf, want);
}

int lab_get_mat(Ctx *ctx, const char *name, const char *make, const Mat **m, char *why, size_t n)
{
    Value *v = lab_var(ctx, name);
    if (!v) return missing(name, make, why, n);
    if (v->kind == VAL_MODEL) {
        Value *f = val_model_main(v);
        if (f && f->kind == VAL_MAT) v = f;
    }
    if (v->kind != VAL_MAT) return wrong_kind(name, v, "a matrix", make, why, n);
    *m = v->u.mat;
    return 1;
}

int lab_get_model(Ctx *ctx, const char *name, const char *type, const char *make, Value **out,
                  char *why, size_t n)
{
    Value *v = lab_var(ctx, name);
    if (!v) return missing(name, make, why, n);
    char want[64];
    snprintf(want, sizeof want, "a %s model", type);
    if (v->kind != VAL_MODEL || strcmp(v->u.model->type, type) != 0)
        return wrong_kind(name, v, want, make, why, n);
    *out = v;
    return 1;
}

int lab_get_num(Ctx *ctx, const char *name, const char *make, double *x, char *why, size_t n)
{
    Value *v = lab_var(ctx, name);
    if (!v) return missing(name, make, why, n);
    if (v->kind == VAL_NUM) {
        *x = v->u.num;
        return 1;
    }
    if (v->kind == VAL_MAT && v->u.mat->rows * v->u.mat->cols == 1) {
        *x = v->u.mat->data[0];
        return 1;
    }
    return wrong_kind(name, v, "a number", make, why, n);
}

int lab_get_str(Ctx *ctx, const char *name, const char *make, const char **s, char *why, size_t n)
{
    Value *v = lab_var(ctx, name);
    if (!v) return missing(name, make, why, n);
    if (v->kind != VAL_STR) return wrong_kind(name, v, "a string", make, why, n);
    *s = v->u.str;
    return 1;
}

int lab_get_words(Ctx *ctx, const char *name, size_t count, const char *make, const char **words,
                  char *why, size_t n)
{
    Value *v = lab_var(ctx, name);
    if (!v) return missing(name, make, why, n);
    char want[64];
    snprintf(want, sizeof want, "a list of %zu words", count);
    if (v->kind != VAL_LIST || v->u.list.n != count) return wrong_kind(name, v, want, make, why, n);
    for (size_t i = 0; i < count; i++) {
        const Value *w = v->u.list.items[i];
        if (w->kind != VAL_STR)
            return lab_no(
                why, n,
                "%s[%zu] is not a word: write the words in quotes, [\"man\", \"woman\", ...].",
                name, i);
        words[i] = w->u.str;
    }
    return 1;
}

int lab_get_net(Ctx *ctx, const char *name, const char *type, const char *make, const Mat *X,
                const struct NnModel **net, char *why, size_t n)
{
    Value *v;
    if (!lab_get_model(ctx, name, type, make, &v, why, n)) return 0;
    if (!nn_value_is_model(v))
        return lab_no(why, n, "%s is not a trained network: %s makes one.", name, make);
    const NnModel *m = v->u.model->impl;
    if (m->in_dim != X->cols)
        return lab_no(
            why, n, "%s takes rows of %zu numbers, but these rows have %zu: train it on them (%s).",
            name, m->in_dim, X->cols, make);
    *net = m;
    return 1;
}

const Mat *lab_field(const Value *model, const char *field)
{
    const Value *f = val_model_get(model, field);
    return f && f->kind == VAL_MAT ? f->u.mat : NULL;
}

double lab_field_num(const Value *model, const char *field, double def)
{
    const Value *f = val_model_get(model, field);
    return f && f->kind == VAL_NUM ? f->u.num : def;
}

int lab_is_mean_of(const Mat *mean, const Mat *X)
{
    if (!mean || mean->rows != 1 || mean->cols != X->cols || X->rows == 0) return 0;
    double scale = 0;
    for (size_t i = 0; i < X->rows * X->cols; i++)
        if (fabs(X->data[i]) > scale) scale = fabs(X->data[i]);
    for (size_t j = 0; j < X->cols; j++) {
        double s = 0;
        for (size_t i = 0; i < X->rows; i++)
            s += MAT_AT(X, i, j);
        if (fabs(s / (double)X->rows - mean->data[j]) > 1e-5 * (scale > 0 ? scale : 1)) return 0;
    }
    return 1;
}

int lab_close(double a, double b, double rel, double abs_tol)
{
    if (!isfinite(a) || !isfinite(b)) return 0;
    double m = fabs(a) > fabs(b) ? fabs(a) : fabs(b);
    return fabs(a - b) <= rel * m || fabs(a - b) <= abs_tol;
}

const char *lab_num(double x, char *buf, size_t n)
{
    snprintf(buf, n, "%.4g", x);
    return buf;
}
