/* builtins_shape.c — NumPy's shape verbs: reshape, hstack, vstack,
 * concat, and the ranges range/arange, linspace, eye.
 *
 * Stacking keeps what the pieces know: vstack keeps every row's name and
 * label (classes with the same name become one class), hstack keeps every
 * column's name.  A row's number in the matrix it was sliced from is not
 * kept across a stack, since the rows now come from several matrices. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lang/builtin.h"
#include "lang/ctx.h"
#include "lang/verbs.h"

/* ---- reshape -------------------------------------------------------- */

/* The target shape from shape= (a number, or [rows, cols]) and cols=;
 * one of them may be -1, worked out from the number of values n. */
static int target_shape(Value *shape, Value *cols, size_t n, size_t *R, size_t *C, Err *e)
{
    long s[2];
    int k;
    if (shape->kind == VAL_NUM && !arg_is_none(cols)) {
        /* Checked as an integer within 2^53: (long)1e300 or (long)inf is
         * undefined. */
        double r = shape->u.num;
        if (r != floor(r) || fabs(r) > 0x1p53)
            return err_param(e, 1, "reshape: rows must be an integer (at most 2^53), got %g", r);
        s[0] = (long)r;
        s[1] = arg_int(cols);
        k = 2;
    } else {
        if (!arg_is_none(cols)) return err_param(e, 2, "reshape: give cols= only with a number of rows");
        k = arg_ints(shape, s, 2, "reshape", "shape", e);
        if (k < 0) {
            e->param = 2;
            return -1;
        }
        if (k == 0) return err_param(e, 1, "reshape: shape must be [rows, cols] or a number of values");
        if (k == 1) { /* NumPy's 1-D shape: dv's vector */
            s[1] = s[0];
            s[0] = 1;
            k = 2;
        }
    }
    int unknown = -1;
    for (int i = 0; i < 2; i++) {
        if (s[i] == -1) {
            if (unknown >= 0) return err_param(e, 1, "reshape: only one of rows and cols can be -1");
            unknown = i;
        } else if (s[i] < 0) {
            return err_param(e, 1, "reshape: sizes must be -1 or at least 0, got %ld", s[i]);
        }
    }
    if (unknown >= 0) {
        long other = s[1 - unknown];
        if (other == 0 || n % (size_t)other != 0)
            return unknown ? err_param(e, 1, "reshape: %zu values cannot be split into %ld rows", n, other)
                           : err_param(e, 1, "reshape: %zu values cannot be split into rows of %ld", n, other);
        s[unknown] = (long)(n / (size_t)other);
    }
    int fits = s[1] == 0 ? n == 0 : (size_t)s[0] <= n / (size_t)s[1] && (size_t)s[0] * (size_t)s[1] == n;
    if (!fits)
        return err_param(e, 1, "reshape: a %ldx%ld matrix holds %.0f values, X has %zu", s[0], s[1],
                         (double)s[0] * (double)s[1], n);
    *R = (size_t)s[0];
    *C = (size_t)s[1];
    return 0;
}

/* The same values in row-major order, rows x cols.  Names survive when
 * they still mean something: the same rows keep their names and labels,
 * the same columns theirs, and a column vector turned into a row vector
 * (or back) turns its row names into column names (or back). */
static int bi_reshape(Ctx *ctx, Value **args, Value **out, Err *e)
{
    NumArg a;
    if (verb_arg("reshape", 0, "X", args[0], &a, e) < 0) return -1;
    const Mat *X = a.m;
    size_t R = 0, C = 0, n = X->rows * X->cols;
    Mat *m = NULL;
    int rc = -1;
    if (target_shape(args[1], args[2], n, &R, &C, e) == 0 && (m = mat_new_uninit(R, C, e))) {
        memcpy(m->data, X->data, n * sizeof(float));
        rc = 0;
        if (R == X->rows) rc = mat_copy_row_meta(m, X, NULL, R, e);
        if (rc == 0 && C == X->cols) rc = mat_copy_col_meta(m, X, NULL, C, e);
        if (C != X->cols) m->img_h = m->img_w = m->img_c = 0;
        if (rc == 0 && X->cols == 1 && R == 1 && X->row_names)
            for (size_t j = 0; rc == 0 && j < C; j++)
                if (X->row_names[j]) rc = mat_set_col_name(m, j, X->row_names[j], e);
        if (rc == 0 && X->rows == 1 && C == 1 && X->col_names)
            for (size_t i = 0; rc == 0 && i < R; i++)
                if (X->col_names[i]) rc = mat_set_row_name(m, i, X->col_names[i], e);
    }
    verb_arg_done(&a);
    if (rc < 0) {
        mat_free(m);
        return -1;
    }
    return verb_result(m, 0, out, e);
}

/* ---- stacking ------------------------------------------------------- */

/* The pieces to stack: the arguments, or the items of one list argument
 * (hstack([A, B]) as in NumPy, when the list did not become a matrix). */
typedef struct Pieces {
    size_t n;
    NumArg *a;
} Pieces;

static void pieces_free(Pieces *p)
{
    for (size_t i = 0; i < p->n; i++) verb_arg_done(&p->a[i]);
    free(p->a);
}

static int pieces_of(const char *f, Value *rest, Pieces *p, Err *e)
{
    Value *l = rest;
    if (l->u.list.n == 1 && l->u.list.items[0]->kind == VAL_LIST) l = l->u.list.items[0];
    p->n = 0;
    p->a = NULL;
    if (l->u.list.n == 0) return err_set(e, "%s: give the matrices to stack", f);
    p->a = calloc(l->u.list.n, sizeof *p->a);
    if (!p->a) return err_nomem(e, l->u.list.n * sizeof *p->a, f);
    for (size_t i = 0; i < l->u.list.n; i++) {
        char what[32];
        snprintf(what, sizeof what, "argument %zu", i);
        if (verb_arg(f, 0, what, l->u.list.items[i], &p->a[i], e) < 0) {
            pieces_free(p);
            return -1;
        }
        p->n = i + 1;
    }
    return 0;
}

/* The class of m named as class c of x is, adding the name when m does
 * not have it yet; -1 when out of memory. */
static int class_index(Mat *m, const Mat *x, int c, Err *e)
{
    char buf[32];
    const char *name = mat_class_name(x, c, buf, sizeof buf);
    size_t g = 0;
    while (g < m->n_classes && strcmp(m->label_names[g], name) != 0) g++;
    if (g == m->n_classes) {
        char **nn = realloc(m->label_names, (g + 1) * sizeof *nn);
        if (!nn) return err_nomem(e, (g + 1) * sizeof *nn, "class names");
        m->label_names = nn;
        if (!(nn[g] = strdup(name))) return err_nomem(e, strlen(name) + 1, "class name");
        m->n_classes = g + 1;
    }
    return (int)g;
}

/* Class names for vstack: the classes of all pieces by name, in order of
 * first appearance; a piece whose classes have no names contributes its
 * class numbers as names when another piece has names. */
static int merge_classes(Mat *m, const Pieces *p, Err *e)
{
    int any_labels = 0, any_names = 0;
    for (size_t k = 0; k < p->n; k++) {
        any_labels |= p->a[k].m->labels != NULL;
        any_names |= p->a[k].m->label_names != NULL;
    }
    if (!any_labels) return 0;
    if (mat_ensure_labels(m, e) < 0) return -1;
    size_t row = 0;
    if (!any_names) { /* plain class numbers stay as they are */
        int maxc = -1;
        for (size_t k = 0; k < p->n; k++) {
            const Mat *x = p->a[k].m;
            for (size_t i = 0; i < x->rows; i++, row++) {
                m->labels[row] = x->labels ? x->labels[i] : -1;
                if (m->labels[row] > maxc) maxc = m->labels[row];
            }
        }
        m->n_classes = (size_t)(maxc + 1);
        return 0;
    }
    /* every piece's classes, in its own order, so that pieces of one
     * matrix keep their class numbers */
    for (size_t k = 0; k < p->n; k++) {
        const Mat *x = p->a[k].m;
        if (!x->labels) continue;
        size_t nc = x->n_classes;
        for (size_t i = 0; i < x->rows; i++)
            if (x->labels[i] >= 0 && (size_t)x->labels[i] >= nc) nc = (size_t)x->labels[i] + 1;
        for (size_t c = 0; c < nc; c++)
            if (class_index(m, x, (int)c, e) < 0) return -1;
    }
    for (size_t k = 0; k < p->n; k++) {
        const Mat *x = p->a[k].m;
        for (size_t i = 0; i < x->rows; i++, row++) {
            int c = x->labels ? x->labels[i] : -1;
            m->labels[row] = c < 0 ? -1 : class_index(m, x, c, e);
        }
    }
    return 0;
}

static Mat *vstack(const char *f, const Pieces *p, Err *e)
{
    size_t C = p->a[0].m->cols, R = 0;
    for (size_t k = 0; k < p->n; k++) {
        const Mat *x = p->a[k].m;
        if (x->cols != C) {
            err_set(e, "%s: argument %zu has %zu column%s, argument 0 has %zu", f, k, x->cols, x->cols == 1 ? "" : "s", C);
            return NULL;
        }
        R += x->rows;
    }
    if (mat_check_size(R, C, f, e) < 0) return NULL;
    Mat *m = mat_new_uninit(R, C, e);
    if (!m) return NULL;
    size_t row = 0;
    int rc = 0;
    for (size_t k = 0; k < p->n && rc == 0; k++) {
        const Mat *x = p->a[k].m;
        memcpy(MAT_ROW(m, row), x->data, x->rows * C * sizeof(float));
        for (size_t i = 0; x->row_names && i < x->rows && rc == 0; i++)
            if (x->row_names[i]) rc = mat_set_row_name(m, row + i, x->row_names[i], e);
        if (rc == 0 && !m->col_names && x->col_names) rc = mat_copy_col_meta(m, x, NULL, C, e);
        row += x->rows;
    }
    if (rc == 0) rc = merge_classes(m, p, e);
    const Mat *first = p->a[0].m;
    m->img_h = first->img_h;
    m->img_w = first->img_w;
    m->img_c = first->img_c;
    if (rc < 0) {
        mat_free(m);
        return NULL;
    }
    return m;
}

static Mat *hstack(const char *f, const Pieces *p, Err *e)
{
    size_t R = p->a[0].m->rows, C = 0;
    for (size_t k = 0; k < p->n; k++) {
        const Mat *x = p->a[k].m;
        if (x->rows != R) {
            err_set(e, "%s: argument %zu has %zu row%s, argument 0 has %zu", f, k, x->rows, x->rows == 1 ? "" : "s", R);
            return NULL;
        }
        C += x->cols;
    }
    if (mat_check_size(R, C, f, e) < 0) return NULL;
    Mat *m = mat_new_uninit(R, C, e);
    if (!m) return NULL;
    size_t col = 0;
    int rc = 0;
    for (size_t k = 0; k < p->n && rc == 0; k++) {
        const Mat *x = p->a[k].m;
        for (size_t i = 0; i < R; i++) memcpy(MAT_ROW(m, i) + col, MAT_ROW(x, i), x->cols * sizeof(float));
        for (size_t j = 0; x->col_names && j < x->cols && rc == 0; j++)
            if (x->col_names[j]) rc = mat_set_col_name(m, col + j, x->col_names[j], e);
        col += x->cols;
    }
    /* Row names and labels: each from the first piece that has them. */
    for (size_t k = p->n; k-- > 0 && rc == 0;) rc = mat_copy_row_meta(m, p->a[k].m, NULL, R, e);
    m->img_h = m->img_w = m->img_c = 0;
    if (rc < 0) {
        mat_free(m);
        return NULL;
    }
    return m;
}

static int stack(const char *f, int axis, Value *rest, Value **out, Err *e)
{
    Pieces p;
    if (pieces_of(f, rest, &p, e) < 0) return -1;
    Mat *m = NULL;
    if (axis == VERB_ALL) { /* every value, flattened, one after another */
        size_t n = 0;
        for (size_t k = 0; k < p.n; k++) n += p.a[k].m->rows * p.a[k].m->cols;
        if ((m = mat_new_uninit(1, n, e))) {
            size_t at = 0;
            for (size_t k = 0; k < p.n; k++) {
                size_t nk = p.a[k].m->rows * p.a[k].m->cols;
                memcpy(m->data + at, p.a[k].m->data, nk * sizeof(float));
                at += nk;
            }
        }
    } else {
        m = axis == 0 ? vstack(f, &p, e) : hstack(f, &p, e);
    }
    pieces_free(&p);
    return verb_result(m, 0, out, e);
}

static int bi_hstack(Ctx *ctx, Value **args, Value **out, Err *e)
{
    return stack("hstack", 1, args[0], out, e);
}

static int bi_vstack(Ctx *ctx, Value **args, Value **out, Err *e)
{
    return stack("vstack", 0, args[0], out, e);
}

static int bi_concat(Ctx *ctx, Value **args, Value **out, Err *e)
{
    int axis;
    if (verb_axis("concat", 1, args[1], &axis, e) < 0) return -1;
    return stack("concat", axis, args[0], out, e);
}

/* ---- ranges ----------------------------------------------------------- */

/* start, start + step, ... below stop (above it for a negative step);
 * NumPy's arange: ceil((stop - start) / step) values. */
static int bi_range(Ctx *ctx, Value **args, Value **out, Err *e)
{
    double a = arg_num(args[0]), b = arg_num(args[1]), st = arg_num(args[2]);
    if (arg_is_none(args[1])) {
        b = a;
        a = 0;
    }
    if (st == 0) return err_param(e, 2, "range: step must not be 0");
    if (!isfinite(a) || !isfinite(b) || !isfinite(st)) return err_set(e, "range: start, stop and step must be finite");
    double cnt = ceil((b - a) / st);
    if (!(cnt > 0)) cnt = 0;
    if (cnt > 1e15 || mat_check_size(1, (size_t)cnt, "range", e) < 0)
        return cnt > 1e15 ? err_set(e, "range: %g values are far too many", cnt) : -1;
    Mat *m = mat_new_uninit(1, (size_t)cnt, e);
    if (!m) return -1;
    for (size_t i = 0; i < (size_t)cnt; i++) m->data[i] = (float)(a + st * (double)i);
    return verb_result(m, 0, out, e);
}

/* num values evenly from start to stop (stop left out with
 * endpoint=false), as NumPy's linspace; the last is stop exactly. */
static int bi_linspace(Ctx *ctx, Value **args, Value **out, Err *e)
{
    double a = arg_num(args[0]), b = arg_num(args[1]);
    long num = arg_int(args[2]);
    int endpoint = arg_num(args[3]) != 0;
    if (num < 0) return err_param(e, 2, "linspace: num must be 0 or more, got %ld", num);
    if (mat_check_size(1, (size_t)num, "linspace", e) < 0) return -1;
    Mat *m = mat_new_uninit(1, (size_t)num, e);
    if (!m) return -1;
    double div = endpoint ? (double)(num - 1) : (double)num;
    double step = div > 0 ? (b - a) / div : 0;
    for (long i = 0; i < num; i++) m->data[i] = (float)(a + step * (double)i);
    if (endpoint && num > 1) m->data[num - 1] = (float)b;
    return verb_result(m, 0, out, e);
}

/* The n x m identity (m defaults to n). */
static int bi_eye(Ctx *ctx, Value **args, Value **out, Err *e)
{
    long n = arg_int(args[0]), c = arg_is_none(args[1]) ? n : arg_int(args[1]);
    if (n < 0) return err_param(e, 0, "eye: n must be 0 or more, got %ld", n);
    if (c < 0) return err_param(e, 1, "eye: m must be 0 or more, got %ld", c);
    if (mat_check_size((size_t)n, (size_t)c, "eye", e) < 0) return -1;
    Mat *m = mat_new((size_t)n, (size_t)c, e);
    if (!m) return -1;
    for (long i = 0; i < n && i < c; i++) MAT_AT(m, i, i) = 1;
    return verb_result(m, 0, out, e);
}

#define RANGE_PARAMS {{"start", P_NUM, NULL}, {"stop", P_NUM, "none"}, {"step", P_NUM, "1"}}
const Builtin builtins_shape[] = {
    {"reshape", bi_reshape, "the same values in row-major order as rows x cols (one of them may be -1)",
     "shape", {{"X", P_ANY, NULL}, {"shape", P_ANY, NULL}, {"cols", P_INT, "none"}},
     "reshape(X[0], [2, 2])", 0},
    {"hstack", bi_hstack, "matrices side by side (same number of rows)", "shape", {{"...arrays", P_ANY, NULL}},
     "hstack(X[:, 0:2], X[:, 3:4])", 0},
    {"vstack", bi_vstack, "matrices one above the other (same number of columns); classes merge by name",
     "shape", {{"...arrays", P_ANY, NULL}}, "vstack(X[0:5], X[100:105])", 0},
    {"concat", bi_concat, "join matrices along axis 0 (vstack), 1 (hstack) or none (all values in a row)",
     "shape", {{"...arrays", P_ANY, NULL}, {"axis", P_INT, "0"}}, "concat(X[:, 0:2], X[:, 2:4], axis=1)", BF_NONE_ARGS},
    {"range", bi_range, "vector start, start+step, ... below stop: range(5), range(2, 10, 2)", "shape",
     RANGE_PARAMS, "range(0, 1, 0.25)", 0},
    {"arange", bi_range, "NumPy's name for range", "shape", RANGE_PARAMS, "arange(5)", 0},
    {"linspace", bi_linspace, "num evenly spaced values from start to stop (endpoint=false leaves stop out)",
     "shape", {{"start", P_NUM, NULL}, {"stop", P_NUM, NULL}, {"num", P_INT, "50"}, {"endpoint", P_BOOL, "true"}},
     "linspace(0, 1, 5)", 0},
    {"eye", bi_eye, "identity matrix, n x n (or n x m)", "shape", {{"n", P_INT, NULL}, {"m", P_INT, "none"}},
     "eye(3)", 0},
    {NULL, NULL, NULL, NULL, {{NULL, P_ANY, NULL}}, NULL, 0},
};
