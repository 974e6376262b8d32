/* builtins_plot.c — scatter, curve, line, bars, hist, show, heatmap.
 * Each returns a plot value; a statement whose value is a plot shows it
 * (through ctx_show_plot), so these never print. */
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
    if (X->cols < 2)
        return err_param(e, 0, "scatter: X needs at least 2 columns, got a %zux%zu matrix", X->rows, X->cols);
    if (strcmp(aspect, "auto") == 0) equal = X->col_names == NULL; /* embeddings have no column names */
    else if (strcmp(aspect, "equal") == 0) equal = 1;
    else if (strcmp(aspect, "fill") == 0) equal = 0;
    else return err_param(e, 4, "scatter: aspect must be \"auto\", \"equal\" or \"fill\", got \"%s\"", aspect);
    Plot *p;
    if (!arg_is_none(args[1])) {
        int *labels = NULL;
        Mat *names = mat_new(1, 1, e); /* holds the class names arg_labels finds */
        if (!names) return -1;
        if (arg_labels("scatter", args[1], X->rows, &labels, names, e) < 0) {
            free(labels);
            mat_free(names);
            return -1;
        }
        p = plot_scatter(X, labels, names->label_names, names->n_classes, e);
        free(labels);
        mat_free(names);
    } else {
        p = plot_scatter(X, NULL, NULL, 0, e);
    }
    if (!p) return -1;
    plot_set_point_labels(p, arg_num(args[2]) != 0);
    plot_set_equal(p, equal);
    return finish(p, args[3], out, e);
}

/* Append the series in v to a growing list: a vector is one series, a
 * matrix gives its rows, a list its items. */
typedef struct Series {
    size_t n, cap, len;
    const float **data;
    size_t *count;
} Series;

static int series_add(Series *s, const float *d, size_t n, Err *e)
{
    if (s->n == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 8;
        const float **nd = realloc(s->data, cap * sizeof *nd);
        if (!nd) return err_nomem(e, cap * sizeof *nd, "series");
        s->data = nd;
        size_t *nc = realloc(s->count, cap * sizeof *nc);
        if (!nc) return err_nomem(e, cap * sizeof *nc, "series");
        s->count = nc;
        s->cap = cap;
    }
    s->data[s->n] = d;
    s->count[s->n++] = n;
    if (n > s->len) s->len = n;
    return 0;
}

static int series_of(Series *s, Value *v, const char *what, Err *e)
{
    if (v->kind == VAL_MAT) {
        const Mat *m = v->u.mat;
        if (m->rows == 1 || m->cols == 1) return series_add(s, m->data, m->rows * m->cols, e);
        for (size_t i = 0; i < m->rows; i++)
            if (series_add(s, MAT_ROW(m, i), m->cols, e) < 0) return -1;
        return 0;
    }
    if (v->kind == VAL_LIST) {
        for (size_t i = 0; i < v->u.list.n; i++) {
            Value *it = v->u.list.items[i];
            if (it->kind != VAL_MAT) {
                char buf[64];
                return err_set(e, "curve: %s item %zu is a %s, not a vector", what, i, val_describe(it, buf, sizeof buf));
            }
            if (series_of(s, it, what, e) < 0) return -1;
        }
        return 0;
    }
    char buf[64];
    return err_set(e, "curve: %s must be a vector, a matrix or a list of vectors, got %s", what,
                   val_describe(v, buf, sizeof buf));
}

/* Series names from names= (a string or a list of strings), or the row
 * names of a matrix given as y. */
static int series_names(Value *names, size_t n, char ***out, Err *e)
{
    *out = NULL;
    if (arg_is_none(names)) return 0;
    size_t k = names->kind == VAL_LIST ? names->u.list.n : 1;
    if ((names->kind != VAL_LIST && names->kind != VAL_STR) || k != n)
        return err_param(e, 2, "curve: names must be a list of %zu strings, one per series", n);
    *out = calloc(n, sizeof **out);
    if (!*out) return err_nomem(e, n * sizeof **out, "names");
    for (size_t i = 0; i < n; i++) {
        Value *it = names->kind == VAL_LIST ? names->u.list.items[i] : names;
        if (it->kind != VAL_STR) return err_param(e, 2, "curve: names must be strings");
        (*out)[i] = it->u.str;
    }
    return 0;
}

static Plot *curve_plot(const Mat *x, Series *s, Value *y, Value *names, int logy, Err *e)
{
    char **nm = NULL;
    Plot *p = NULL;
    Mat *Y = mat_new_uninit(s->n, s->len, e);
    if (!Y) return NULL;
    for (size_t i = 0; i < s->n; i++)
        for (size_t j = 0; j < s->len; j++) MAT_AT(Y, i, j) = j < s->count[i] ? s->data[i][j] : NAN;
    /* a matrix of series keeps its row names as series names */
    if (y->kind == VAL_MAT && y->u.mat->row_names && y->u.mat->rows == s->n && y->u.mat->rows > 1)
        for (size_t i = 0; i < s->n; i++)
            if (y->u.mat->row_names[i] && mat_set_row_name(Y, i, y->u.mat->row_names[i], e) < 0) goto done;
    if (series_names(names, s->n, &nm, e) < 0) goto done;
    p = plot_curve(x, Y, nm, e);
    if (p) plot_set_logy(p, logy);
done:
    free(nm);
    mat_free(Y);
    return p;
}

/* The x values a matrix of series carries: column names that are all
 * numbers (t-SNE's .kl is named by the iterations it was measured at), or
 * NULL.  Caller frees. */
static Mat *x_from_names(const Value *y, size_t len, Err *e)
{
    if (y->kind != VAL_MAT || !y->u.mat->col_names || y->u.mat->cols != len) return NULL;
    const Mat *m = y->u.mat;
    Mat *x = mat_new_uninit(1, len, NULL);
    if (!x) return NULL;
    for (size_t j = 0; j < len; j++) {
        const char *nm = m->col_names[j];
        char *end;
        double v = nm ? strtod(nm, &end) : NAN;
        if (!nm || end == nm || *end || !isfinite(v)) {
            mat_free(x);
            return NULL;
        }
        x->data[j] = (float)v;
    }
    (void)e;
    return x;
}

static int bi_curve(Ctx *ctx, Value **args, Value **out, Err *e)
{
    Series s = {0};
    Plot *p = NULL;
    Mat *xn = NULL;
    const Mat *x = arg_is_none(args[5]) ? NULL : arg_mat(args[5]);
    if (series_of(&s, args[0], "y", e) == 0 && series_of(&s, args[1], "series", e) == 0) {
        if (s.len == 0) {
            err_set(e, "curve: no values to draw");
        } else if (x && x->rows * x->cols != s.len) {
            err_param(e, 5, "curve: x has %zu values, the longest series has %zu", x->rows * x->cols, s.len);
        } else {
            if (!x) x = xn = x_from_names(args[0], s.len, e);
            p = curve_plot(x, &s, args[0], args[2], arg_num(args[3]) != 0, e);
        }
    }
    mat_free(xn);
    free(s.data);
    free(s.count);
    return finish(p, args[4], out, e);
}

static int bi_line(Ctx *ctx, Value **args, Value **out, Err *e)
{
    Mat *x = arg_mat(args[0]);
    Series s = {0};
    Plot *p = NULL;
    if (series_of(&s, args[1], "y", e) == 0) {
        size_t nx = x->rows * x->cols, bad = s.n;
        for (size_t i = 0; i < s.n && bad == s.n; i++)
            if (s.count[i] != nx) bad = i;
        if (bad < s.n) err_param(e, 0, "line: x has %zu values, y has %zu", nx, s.count[bad]);
        else p = curve_plot(x, &s, args[1], args[2], arg_num(args[3]) != 0, e);
    }
    free(s.data);
    free(s.count);
    return finish(p, args[4], out, e);
}

static int bi_bars(Ctx *ctx, Value **args, Value **out, Err *e)
{
    Mat *v = arg_mat(args[0]);
    size_t n = v->rows * v->cols;
    char **names = NULL;
    if (!arg_is_none(args[1])) {
        Value *nm = args[1];
        if (nm->kind != VAL_LIST || nm->u.list.n != n)
            return err_param(e, 1, "bars: names must be a list of %zu strings, one per value", n);
        names = calloc(n ? n : 1, sizeof *names);
        if (!names) return err_nomem(e, n * sizeof *names, "names");
        for (size_t i = 0; i < n; i++) {
            Value *it = nm->u.list.items[i];
            if (it->kind != VAL_STR) {
                free(names);
                return err_param(e, 1, "bars: names must be strings (item %zu is not)", i);
            }
            names[i] = it->u.str;
        }
    } else if (v->rows == 1 && v->col_names) {
        names = v->col_names;
    } else if (v->cols == 1 && v->row_names) { /* e.g. a score per word */
        names = v->row_names;
    }
    Plot *p = plot_bars(v->data, n, names, e);
    if (names && names != v->col_names && names != v->row_names) free(names);
    return finish(p, args[2], out, e);
}

static int bi_hist(Ctx *ctx, Value **args, Value **out, Err *e)
{
    long bins = arg_int(args[1]);
    if (bins < 1 || bins > 10000) return err_param(e, 1, "hist: bins must be between 1 and 10000, got %ld", bins);
    return finish(plot_hist(arg_mat(args[0]), (int)bins, e), args[2], out, e);
}

static int bi_show(Ctx *ctx, Value **args, Value **out, Err *e)
{
    Mat *X = arg_mat(args[0]);
    size_t h = X->img_h, w = X->img_w, c = X->img_c ? X->img_c : 1;
    if (!arg_is_none(args[1])) {
        long s[3];
        int n = arg_ints(args[1], s, 3, "show", "shape", e);
        if (n < 0) return -1;
        if (n < 2 || s[0] < 1 || s[1] < 1 || (n == 3 && s[2] != 1 && s[2] != 3))
            return err_param(e, 1, "show: shape must be [height, width] or [height, width, 3]");
        h = (size_t)s[0];
        w = (size_t)s[1];
        c = n == 3 ? (size_t)s[2] : 1;
        /* In doubles: h * w * c in size_t can wrap around to X's width
         * (0 for an empty row) and pass with an image of 2^32 x 2^32. */
        double need = (double)h * (double)w * (double)c;
        if (need != (double)X->cols)
            return err_param(e, 1, "show: shape [%zu, %zu%s] needs %.0f values a row, X has %zu", h, w,
                             c == 3 ? ", 3" : "", need, X->cols);
    } else if (!h || !w || h * w * c != X->cols) {
        size_t r = (size_t)lround(sqrt((double)X->cols));
        if (r * r != X->cols)
            return err_set(e, "show: rows of %zu values have no image shape; give shape=[height, width]", X->cols);
        h = w = r;
        c = 1;
    }
    long cols = arg_is_none(args[2]) ? 0 : arg_int(args[2]);
    if (cols < 0 || cols > 1000) return err_param(e, 2, "show: cols must be between 1 and 1000, got %ld", cols);
    return finish(plot_images(X, h, w, c, (int)cols, e), args[3], out, e);
}

static int bi_heatmap(Ctx *ctx, Value **args, Value **out, Err *e)
{
    return finish(plot_heatmap(arg_mat(args[0]), e), args[1], out, e);
}

#define TITLE {"title", P_STR, "none"}
const Builtin builtins_plot[] = {
    {"scatter", bi_scatter, "braille scatter of the first two columns, coloured by class (by= overrides)", "plots",
     {{"X", P_MAT, NULL}, {"by", P_ANY, "none"}, {"labels", P_BOOL, "false"}, TITLE, {"aspect", P_STR, "\"auto\""}}, "scatter X[:, 2:4]", 0},
    {"curve", bi_curve,
     "line plot of one or more series against x= (default: the series' numeric column names, else 0, 1, ...)",
     "plots",
     {{"y", P_ANY, NULL}, {"...series", P_ANY, NULL}, {"names", P_ANY, "none"}, {"log", P_BOOL, "false"}, TITLE,
      {"x", P_MAT, "none"}},
     "curve [3, 2, 1.5, 1.2], [3.5, 2.8, 2.6, 2.7], names=[\"train\", \"valid\"], x=[10, 20, 40, 80]", 0},
    {"line", bi_line, "line plot of y (a vector, or matrix rows) against x", "plots",
     {{"x", P_MAT, NULL}, {"y", P_ANY, NULL}, {"names", P_ANY, "none"}, {"log", P_BOOL, "false"}, TITLE}, "line(range(10), range(10) * 2)", 0},
    {"bars", bi_bars, "bar chart of values (names= or the values' column or row names)", "plots",
     {{"values", P_MAT, NULL}, {"names", P_ANY, "none"}, TITLE}, "bars mean(X, axis=0)", 0},
    {"hist", bi_hist, "histogram of all values in equal bins", "plots",
     {{"x", P_MAT, NULL}, {"bins", P_INT, "20"}, TITLE}, "hist X[:, 2], bins=10", 0},
    {"show", bi_show, "rows as images (grey or RGB), several as a grid: show X[0:8], shape=[28, 28]", "plots",
     {{"X", P_MAT, NULL}, {"shape", P_LIST, "none"}, {"cols", P_INT, "none"}, TITLE}, "D = load(\"data:digits.csv\", label=\"label\"); show D[0:8], shape=[8, 8]", 0},
    {"heatmap", bi_heatmap, "a matrix's values as shaded cells with a colour scale", "plots",
     {{"X", P_MAT, NULL}, TITLE}, "heatmap X[0:10]", 0},
    {NULL, NULL, NULL, NULL, {{NULL, P_ANY, NULL}}, NULL, 0},
};
