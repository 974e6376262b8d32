/* builtins_plot.c — scatter, curve, line, bars, hist, show, heatmap.
 * Each returns a plot value; a statement that is a plot shows it. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lang/builtin.h"
#include "lang/ctx.h"
#include "plot/plot.h"

static int finish(Plot *p, Value *title, Value **out, Err *e)
{
    if (!p) return -1;
    if (!arg_is_none(title) && plot_set_title(p, arg_str(title), e) < 0) {
        plot_free(p);
        return -1;
    }
    *out = val_plot(p, e);
    return *out ? 0 : -1;
}

static int bi_scatter(Ctx *ctx, Value **args, Value **out, Err *e)
{
    Mat *X = arg_mat(args[0]);
    const char *aspect = arg_str(args[4]);
    int equal;
    if (strcmp(aspect, "auto") == 0) equal = X->col_names == NULL;
    else if (strcmp(aspect, "equal") == 0) equal = 1;
    else if (strcmp(aspect, "fill") == 0) equal = 0;
    else return err_set(e, "scatter: aspect must be \"auto\", \"equal\" or \"fill\", got \"%s\"", aspect);
    int *labels = NULL;
    Plot *p;
    if (!arg_is_none(args[1])) {
        Mat *tmp = mat_clone(X, e); /* X with the by= classes */
        if (!tmp) return -1;
        free(tmp->labels);
        tmp->labels = NULL;
        for (size_t c = 0; tmp->label_names && c < tmp->n_classes; c++) free(tmp->label_names[c]);
        free(tmp->label_names);
        tmp->label_names = NULL;
        tmp->n_classes = 0;
        if (arg_labels("scatter", args[1], X->rows, &labels, tmp, e) < 0) {
            free(labels);
            mat_free(tmp);
            return -1;
        }
        p = plot_scatter(tmp, labels, arg_num(args[2]) != 0, equal, e);
        free(labels);
        mat_free(tmp);
    } else {
        p = plot_scatter(X, NULL, arg_num(args[2]) != 0, equal, e);
    }
    return finish(p, args[3], out, e);
}

/* Series from a vector, a matrix (rows) or a list of vectors. */
static Mat *series_of(Value *v, Err *e)
{
    if (v->kind == VAL_MAT) return mat_clone(v->u.mat, e);
    if (v->kind == VAL_NUM) {
        Mat *m = mat_new_uninit(1, 1, e);
        if (m) m->data[0] = (float)v->u.num;
        return m;
    }
    if (v->kind != VAL_LIST) {
        err_set(e, "curve: y must be a vector, a matrix or a list of vectors");
        return NULL;
    }
    size_t n = v->u.list.n, len = 0;
    for (size_t i = 0; i < n; i++) {
        Value *it = v->u.list.items[i];
        if (it->kind != VAL_MAT) {
            err_set(e, "curve: item %zu of the list is not a vector", i);
            return NULL;
        }
        size_t l = it->u.mat->rows * it->u.mat->cols;
        if (l > len) len = l;
    }
    Mat *m = mat_new_uninit(n, len, e);
    if (!m) return NULL;
    for (size_t i = 0; i < n; i++) {
        const Mat *s = v->u.list.items[i]->u.mat;
        size_t l = s->rows * s->cols;
        for (size_t j = 0; j < len; j++) MAT_AT(m, i, j) = j < l ? s->data[j] : NAN;
    }
    return m;
}

static int set_series_names(Mat *Y, Value *names, Err *e)
{
    if (arg_is_none(names)) return 0;
    if (names->kind == VAL_STR) return Y->rows == 1 ? mat_set_row_name(Y, 0, names->u.str, e) : err_set(e, "curve: give one name per series");
    if (names->kind != VAL_LIST || names->u.list.n != Y->rows)
        return err_set(e, "curve: names must be a list of %zu strings", Y->rows);
    for (size_t i = 0; i < Y->rows; i++) {
        Value *it = names->u.list.items[i];
        if (it->kind != VAL_STR) return err_set(e, "curve: names must be strings");
        if (mat_set_row_name(Y, i, it->u.str, e) < 0) return -1;
    }
    return 0;
}

static int bi_curve(Ctx *ctx, Value **args, Value **out, Err *e)
{
    Mat *Y = series_of(args[0], e);
    if (!Y) return -1;
    if (Y->cols == 1 && Y->rows > 1) { /* a column vector is one series */
        Mat *t = mat_new_uninit(1, Y->rows, e);
        if (!t) {
            mat_free(Y);
            return -1;
        }
        memcpy(t->data, Y->data, Y->rows * sizeof(float));
        mat_free(Y);
        Y = t;
    }
    if (set_series_names(Y, args[1], e) < 0) {
        mat_free(Y);
        return -1;
    }
    Plot *p = plot_lines(NULL, Y, arg_num(args[2]) != 0, e);
    mat_free(Y);
    return finish(p, args[3], out, e);
}

static int bi_line(Ctx *ctx, Value **args, Value **out, Err *e)
{
    Mat *x = arg_mat(args[0]), *y = arg_mat(args[1]);
    Mat *Y = mat_new_uninit(1, y->rows * y->cols, e);
    if (!Y) return -1;
    memcpy(Y->data, y->data, Y->cols * sizeof(float));
    Plot *p = plot_lines(x, Y, arg_num(args[2]) != 0, e);
    mat_free(Y);
    return finish(p, args[3], out, e);
}

static int bi_bars(Ctx *ctx, Value **args, Value **out, Err *e)
{
    Mat *v = mat_clone(arg_mat(args[0]), e);
    if (!v) return -1;
    if (!arg_is_none(args[1])) {
        Value *nm = args[1];
        size_t n = v->rows * v->cols;
        if (nm->kind != VAL_LIST || nm->u.list.n != n) {
            mat_free(v);
            return err_set(e, "bars: names must be a list of %zu strings", n);
        }
        Mat *row = mat_new_uninit(1, n, e);
        if (!row) {
            mat_free(v);
            return -1;
        }
        memcpy(row->data, v->data, n * sizeof(float));
        mat_free(v);
        v = row;
        for (size_t i = 0; i < n; i++)
            if (nm->u.list.items[i]->kind == VAL_STR && mat_set_col_name(v, i, nm->u.list.items[i]->u.str, e) < 0) {
                mat_free(v);
                return -1;
            }
    }
    Plot *p = plot_bars(v, e);
    mat_free(v);
    return finish(p, args[2], out, e);
}

static int bi_hist(Ctx *ctx, Value **args, Value **out, Err *e)
{
    return finish(plot_hist(arg_mat(args[0]), (int)arg_int(args[1]), e), args[2], out, e);
}

static int bi_show(Ctx *ctx, Value **args, Value **out, Err *e)
{
    Mat *X = arg_mat(args[0]);
    size_t h = X->img_h, w = X->img_w;
    if (!arg_is_none(args[1])) {
        long s[2];
        int n = arg_ints(args[1], s, 2, "show", "shape", e);
        if (n < 0) return -1;
        if (n != 2 || s[0] < 1 || s[1] < 1) return err_set(e, "show: shape must be [height, width]");
        h = (size_t)s[0];
        w = (size_t)s[1];
    } else if (!h || !w || h * w != X->cols) {
        size_t r = (size_t)lround(sqrt((double)X->cols));
        if (r * r != X->cols)
            return err_set(e, "show: rows of %zu values have no image shape; give shape=[height, width]", X->cols);
        h = w = r;
    }
    long cols = arg_is_none(args[2]) ? 0 : arg_int(args[2]);
    if (cols < 0) return err_set(e, "show: cols must be >= 0, got %ld", cols);
    return finish(plot_images(X, h, w, (int)cols, e), args[3], out, e);
}

static int bi_heatmap(Ctx *ctx, Value **args, Value **out, Err *e)
{
    return finish(plot_heatmap(arg_mat(args[0]), e), args[1], out, e);
}

#define TITLE {"title", P_STR, "none"}
const Builtin builtins_plot[] = {
    {"scatter", bi_scatter, "braille scatter of the first two columns, coloured by class", "plots",
     {{"X", P_MAT, NULL}, {"by", P_ANY, "none"}, {"labels", P_BOOL, "false"}, TITLE, {"aspect", P_STR, "\"auto\""}}},
    {"curve", bi_curve, "line plot of a vector, or of several series (matrix rows or a list)", "plots",
     {{"y", P_ANY, NULL}, {"names", P_ANY, "none"}, {"log", P_BOOL, "false"}, TITLE}},
    {"line", bi_line, "line plot of y against x", "plots",
     {{"x", P_MAT, NULL}, {"y", P_MAT, NULL}, {"log", P_BOOL, "false"}, TITLE}},
    {"bars", bi_bars, "bar chart of values (names from the columns or names=)", "plots",
     {{"values", P_MAT, NULL}, {"names", P_ANY, "none"}, TITLE}},
    {"hist", bi_hist, "histogram of all values", "plots", {{"X", P_MAT, NULL}, {"bins", P_INT, "20"}, TITLE}},
    {"show", bi_show, "rows as images (grey levels), several as a grid: show X[0:8], shape=[28, 28]", "plots",
     {{"X", P_MAT, NULL}, {"shape", P_LIST, "none"}, {"cols", P_INT, "none"}, TITLE}},
    {"heatmap", bi_heatmap, "a matrix's values as shades", "plots", {{"X", P_MAT, NULL}, TITLE}},
    {NULL, NULL, NULL, NULL, {{NULL, P_ANY, NULL}}},
};
