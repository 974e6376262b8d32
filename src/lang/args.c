/* args.c — helpers builtins use to read their (already type-checked) args. */
#include "lang/builtin.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/strmap.h"

double arg_num(Value *v)
{
    return v->kind == VAL_NUM ? v->u.num : NAN;
}

long arg_int(Value *v)
{
    /* P_INT arguments are checked integers; for others (a P_ANY or P_NUM
     * read as an integer) saturate, so the conversion is always defined. */
    if (v->kind != VAL_NUM || isnan(v->u.num)) return 0;
    if (v->u.num >= 0x1p63) return LONG_MAX;
    if (v->u.num <= -0x1p63) return LONG_MIN;
    return (long)v->u.num;
}

int arg_int32(Value *v)
{
    long x = arg_int(v);
    return x > INT_MAX ? INT_MAX : x < INT_MIN ? INT_MIN : (int)x;
}

int arg_is_none(Value *v)
{
    return !v || v->kind == VAL_NONE;
}

const char *arg_str(Value *v)
{
    return v->kind == VAL_STR ? v->u.str : NULL;
}

Mat *arg_mat(Value *v)
{
    return v->kind == VAL_MAT ? v->u.mat : NULL;
}

/* An integer that converts to long without undefined behaviour. */
static int is_int(double x)
{
    return x == floor(x) && fabs(x) <= 0x1p53;
}

int builtin_param_index(const char *fname, const char *pname)
{
    const Builtin *b = builtin_find(fname);
    for (size_t k = 0; b && k < builtin_nparams(b); k++)
        if (strcmp(b->params[k].name, pname) == 0) return (int)k;
    return -1;
}

int arg_ints(Value *v, long *out, int max, const char *fname, const char *pname, Err *e)
{
    int n = 0;
    if (v->kind == VAL_NUM) {
        if (max < 1)
            return err_param(e, builtin_param_index(fname, pname),
                             "%s: %s= takes at most %d numbers", fname, pname, max);
        if (!is_int(v->u.num))
            return err_param(e, builtin_param_index(fname, pname),
                             "%s: %s= must be an integer, got %g", fname, pname, v->u.num);
        out[0] = (long)v->u.num;
        return 1;
    }
    if (v->kind == VAL_LIST) {
        for (size_t i = 0; i < v->u.list.n; i++) {
            Value *it = v->u.list.items[i];
            if (it->kind != VAL_NUM || !is_int(it->u.num))
                return err_param(e, builtin_param_index(fname, pname),
                                 "%s: %s= must be a list of integers", fname, pname);
            if (n >= max)
                return err_param(e, builtin_param_index(fname, pname),
                                 "%s: %s= takes at most %d numbers", fname, pname, max);
            out[n++] = (long)it->u.num;
        }
        return n;
    }
    if (v->kind == VAL_MAT && v->u.mat->rows <= 1) {
        Mat *m = v->u.mat;
        for (size_t j = 0; j < m->cols; j++) {
            float x = m->data[j];
            if (!is_int(x))
                return err_param(e, builtin_param_index(fname, pname),
                                 "%s: %s= must be a list of integers", fname, pname);
            if (n >= max)
                return err_param(e, builtin_param_index(fname, pname),
                                 "%s: %s= takes at most %d numbers", fname, pname, max);
            out[n++] = (long)x;
        }
        return n;
    }
    return err_param(e, builtin_param_index(fname, pname), "%s: %s= must be a list of integers",
                     fname, pname);
}

/* by=: a vector of class numbers (with names when it came from .labels) or
 * a list of strings; fills labels (n of them) and, for strings, names. */
int arg_labels(const char *f, Value *by, size_t n, int **labels, Mat *names_into, Err *e)
{
    *labels = malloc((n ? n : 1) * sizeof **labels);
    if (!*labels) return err_nomem(e, n * sizeof(int), "labels");
    if (by->kind == VAL_MAT) {
        const Mat *m = by->u.mat;
        if (m->rows * m->cols != n)
            return err_set(e, "%s: the labels have %zu values for %zu rows", f, m->rows * m->cols,
                           n);
        for (size_t i = 0; i < n; i++) {
            float x = m->data[i];
            if (isnan(x) || x == -1) { /* no class */
                (*labels)[i] = -1;
                continue;
            }
            if (!(x >= 0 && x <= 100000) || x != floorf(x)) /* as labeled() says it */
                return err_set(
                    e, "%s: label %zu is %g; classes are whole numbers from 0 to 100000 (-1: none)",
                    f, i, x);
            (*labels)[i] = (int)x;
        }
        if (m->label_names && mat_copy_label_names(names_into, m, e) < 0) return -1;
        return 0;
    }
    if (by->kind == VAL_LIST) {
        if (by->u.list.n != n)
            return err_set(e, "%s: the labels have %zu values for %zu rows", f, by->u.list.n, n);
        StrMap *map = strmap_new(16, e);
        if (!map) return -1;
        size_t k = 0;
        char **names = NULL;
        for (size_t i = 0; i < n; i++) {
            Value *it = by->u.list.items[i];
            if (it->kind != VAL_STR) {
                strmap_free(map);
                for (size_t c = 0; c < k; c++) free(names[c]);
                free(names);
                return err_set(e, "%s: labels must be numbers or strings", f);
            }
            size_t c;
            if (!strmap_get(map, it->u.str, &c)) {
                char **nn = realloc(names, (k + 1) * sizeof *nn);
                if (!nn || strmap_put(map, it->u.str, k, NULL, e) < 0) {
                    free(nn ? nn : names);
                    strmap_free(map);
                    return err_nomem(e, 64, "classes");
                }
                names = nn;
                names[k] = strdup(it->u.str);
                c = k++;
            }
            (*labels)[i] = (int)c;
        }
        strmap_free(map);
        names_into->label_names = names;
        names_into->n_classes = k;
        return 0;
    }
    return err_set(e, "%s: labels must be a vector of classes or a list of strings", f);
}

int arg_count(const char *f, Value *v, int index, long lo, long hi, const char *what, long *out,
              Err *e)
{
    long n = arg_int(v);
    *out = n;
    if (n < lo || n > hi)
        return err_param(e, index, "%s: %s must be from %ld to %ld, got %ld", f, what, lo, hi, n);
    return 0;
}

int arg_blame(Err *e, int index, const char *f)
{
    char msg[ERR_MSG_MAX];
    snprintf(msg, sizeof msg, "%s", e->msg);
    return err_param(e, index, "%s: %s", f, msg);
}

int out_mat(Mat *M, Value **out, Err *e)
{
    if (!M) return -1;
    *out = val_mat(M, e);
    return *out ? 0 : -1;
}

Mat *mat_of_floats(const float *x, size_t n, Err *e)
{
    Mat *m = mat_new_uninit(1, n, e);
    if (m && n) memcpy(m->data, x, n * sizeof *x);
    return m;
}
