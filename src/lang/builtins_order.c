/* builtins_order.c — sort, argsort and unique, as in NumPy, plus sorting
 * whole rows by one column (by=), which NumPy users write as
 * X[argsort(X[:, c])].
 *
 * Sorts are stable (equal values keep their order) and put NaN last, as
 * NumPy's do; core/floatsort does them in linear time.  Where a sort keeps rows together (a column vector, or rows
 * sorted by a column) the row names, labels and row numbers move with
 * their rows, so sort(norm(X, axis=1)) still says whose norm is whose. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/floatsort.h"
#include "lang/builtin.h"
#include "lang/ctx.h"
#include "lang/verbs.h"

/* by=: a column number (negative counts from the end) or a column name. */
static int by_column(const char *f, Value *by, const Mat *X, size_t *col, Err *e)
{
    if (by->kind == VAL_STR) {
        long c = mat_find_col(X, by->u.str);
        if (c < 0) return err_param(e, 2, "%s: X has no column named '%s'", f, by->u.str);
        *col = (size_t)c;
        return 0;
    }
    if (by->kind != VAL_NUM || by->u.num != floor(by->u.num))
        return err_param(e, 2, "%s: by must be a column number or name", f);
    double c = by->u.num < 0 ? by->u.num + (double)X->cols : by->u.num;
    if (c < 0 || c >= (double)X->cols)
        return err_param(e, 2, "%s: by=%g is out of range for %zu columns", f, by->u.num, X->cols);
    *col = (size_t)c;
    return 0;
}

/* Rows of X in the order perm, with their names, labels and numbers. */
static Mat *take_rows(const Mat *X, const size_t *perm, Err *e)
{
    Mat *m = mat_new_uninit(X->rows, X->cols, e);
    if (!m) return NULL;
    for (size_t i = 0; i < X->rows; i++) memcpy(MAT_ROW(m, i), MAT_ROW(X, perm[i]), X->cols * sizeof(float));
    if (mat_copy_row_meta(m, X, perm, X->rows, e) < 0 || mat_copy_col_meta(m, X, NULL, X->cols, e) < 0) {
        mat_free(m);
        return NULL;
    }
    return m;
}

/* An index vector perm as a 1xn matrix of numbers. */
static Mat *index_vector(const size_t *perm, size_t n, Err *e)
{
    Mat *m = mat_new_uninit(1, n, e);
    if (!m) return NULL;
    for (size_t i = 0; i < n; i++) m->data[i] = (float)perm[i];
    return m;
}

/* sort (want_index 0) or argsort (1) of X along axis, or of whole rows
 * by a column. */
static Mat *sorted(const char *f, const Mat *X, int axis, Value *by, int reverse, int want_index, Err *e)
{
    size_t R = X->rows, C = X->cols, n = R * C;
    size_t *perm = malloc((n ? n : 1) * sizeof *perm);
    Mat *m = NULL;
    if (!perm) {
        err_nomem(e, n * sizeof *perm, f);
        goto done;
    }
    if (!arg_is_none(by)) { /* whole rows by one column */
        size_t col = 0;
        if (by_column(f, by, X, &col, e) < 0) goto done;
        if (floatsort_order(X->data + col, R, C, reverse, perm, e) < 0) goto done;
        m = want_index ? index_vector(perm, R, e) : take_rows(X, perm, e);
        goto done;
    }
    if (axis == VERB_ALL) { /* all values, flattened in row-major order */
        if (floatsort_order(X->data, n, 1, reverse, perm, e) < 0) goto done;
        if (!(m = index_vector(perm, n, e)) || want_index) goto done;
        for (size_t i = 0; i < n; i++) m->data[i] = X->data[perm[i]];
        goto done;
    }
    if (axis == 1 && C == 1 && R > 1) axis = 0; /* a column vector sorts down its length */
    if (axis == 0 && C == 1) {                  /* whole rows move: names ride along */
        if (floatsort_order(X->data, R, 1, reverse, perm, e) < 0) goto done;
        if (want_index) { /* positions in the column's shape */
            if ((m = mat_new_uninit(R, 1, e)))
                for (size_t i = 0; i < R; i++) m->data[i] = (float)perm[i];
        } else {
            m = take_rows(X, perm, e);
        }
        goto done;
    }
    if (!(m = mat_new_uninit(R, C, e))) goto done;
    size_t lines = axis == 0 ? C : R, len = axis == 0 ? R : C, stride = axis == 0 ? C : 1;
    for (size_t l = 0; l < lines; l++) {
        const float *p = X->data + (axis == 0 ? l : l * C);
        float *q = m->data + (axis == 0 ? l : l * C);
        if (floatsort_order(p, len, stride, reverse, perm, e) < 0) {
            mat_free(m);
            m = NULL;
            goto done;
        }
        for (size_t i = 0; i < len; i++) q[i * stride] = want_index ? (float)perm[i] : p[perm[i] * stride];
    }
    if (want_index) goto done;
    /* Sorting along rows keeps each row (its name and label) but moves
     * values between columns; down columns the reverse.  A single row or
     * column keeps the names that moved with its values. */
    int rc = 0;
    if (axis == 1) {
        rc = mat_copy_row_meta(m, X, NULL, R, e);
        if (rc == 0 && R == 1) rc = mat_copy_col_meta(m, X, perm, C, e);
    } else {
        rc = mat_copy_col_meta(m, X, NULL, C, e);
    }
    m->img_h = m->img_w = m->img_c = 0;
    if (rc < 0) {
        mat_free(m);
        m = NULL;
    }
done:
    free(perm);
    return m;
}

static int sort_verb(const char *f, int want_index, Value **args, Value **out, Err *e)
{
    int axis;
    if (verb_axis(f, 1, args[1], &axis, e) < 0) return -1;
    NumArg a;
    if (verb_arg(f, 0, "X", args[0], &a, e) < 0) return -1;
    Mat *m = sorted(f, a.m, axis, args[2], arg_num(args[3]) != 0, want_index, e);
    int scalar = a.scalar;
    verb_arg_done(&a);
    return verb_result(m, scalar, out, e);
}

static int bi_sort(Ctx *ctx, Value **args, Value **out, Err *e)
{
    return sort_verb("sort", 0, args, out, e);
}

static int bi_argsort(Ctx *ctx, Value **args, Value **out, Err *e)
{
    return sort_verb("argsort", 1, args, out, e);
}

/* ---- unique --------------------------------------------------------- */

static int cmp_str(const void *pa, const void *pb)
{
    return strcmp(*(char *const *)pa, *(char *const *)pb);
}

/* [values, counts] as a list when counts were asked for, else values.
 * Consumes values and cnt (cnt may be NULL). */
static int unique_result(Value *values, Mat *cnt, int counts, Value **out, Err *e)
{
    if (!values) {
        mat_free(cnt);
        return -1;
    }
    if (!counts) {
        mat_free(cnt);
        *out = values;
        return 0;
    }
    Value *c = val_mat(cnt, e), *l = c ? val_list(2, e) : NULL;
    if (!l) {
        val_unref(c);
        val_unref(values);
        return -1;
    }
    val_list_set(l, 0, values);
    val_list_set(l, 1, c);
    *out = l;
    return 0;
}

/* The distinct strings of a list, sorted. */
static int unique_strings(Value *l, int counts, Value **out, Err *e)
{
    size_t n = l->u.list.n, k = 0;
    char **s = malloc((n ? n : 1) * sizeof *s);
    Mat *cnt = mat_new(1, n, e);
    if (!s || !cnt) {
        free(s);
        mat_free(cnt);
        return cnt ? err_nomem(e, n * sizeof *s, "unique") : -1;
    }
    for (size_t i = 0; i < n; i++) s[i] = l->u.list.items[i]->u.str;
    qsort(s, n, sizeof *s, cmp_str);
    for (size_t i = 0; i < n; i++) {
        if (k == 0 || strcmp(s[k - 1], s[i]) != 0) s[k++] = s[i];
        cnt->data[k - 1] += 1;
    }
    cnt->cols = k;
    Value *v = val_list(k, e);
    for (size_t i = 0; v && i < k; i++) {
        Value *it = val_str(s[i], e);
        if (!it) {
            val_unref(v);
            v = NULL;
        } else {
            val_list_set(v, i, it);
        }
    }
    free(s);
    return unique_result(v, cnt, counts, out, e);
}

/* The distinct values of X (all of them, or the strings of a list),
 * sorted, NaNs counted as one as NumPy does; counts=true also gives how
 * often each occurs. */
static int bi_unique(Ctx *ctx, Value **args, Value **out, Err *e)
{
    Value *x = args[0];
    int counts = arg_num(args[1]) != 0;
    if (x->kind == VAL_LIST && x->u.list.n > 0 && x->u.list.items[0]->kind == VAL_STR) {
        for (size_t i = 0; i < x->u.list.n; i++)
            if (x->u.list.items[i]->kind != VAL_STR)
                return err_param(e, 0, "unique: item %zu of the list is not a string (the first one is)", i);
        return unique_strings(x, counts, out, e);
    }
    NumArg a;
    if (verb_arg("unique", 0, "X", x, &a, e) < 0) return -1;
    size_t n = a.m->rows * a.m->cols, k = 0;
    Mat *v = mat_new_uninit(1, n, e), *cnt = v ? mat_new(1, n, e) : NULL;
    if (cnt) memcpy(v->data, a.m->data, n * sizeof(float));
    if (cnt && floatsort_values(v->data, n, e) < 0) {
        mat_free(cnt);
        cnt = NULL;
    }
    if (cnt) {
        for (size_t i = 0; i < n; i++) {
            float y = v->data[i];
            int same = k > 0 && (v->data[k - 1] == y || (isnan(v->data[k - 1]) && isnan(y)));
            if (!same) v->data[k++] = y;
            cnt->data[k - 1] += 1;
        }
        v->cols = cnt->cols = k;
    }
    verb_arg_done(&a);
    if (!cnt) {
        mat_free(v);
        return -1;
    }
    return unique_result(val_mat(v, e), cnt, counts, out, e);
}

#define SORT_PARAMS {{"X", P_ANY, NULL}, {"axis", P_ANY, "-1"}, {"by", P_ANY, "none"}, {"reverse", P_BOOL, "false"}}
const Builtin builtins_order[] = {
    {"sort", bi_sort,
     "sorted values along each row (axis=-1), column (0) or of all (none); a column vector down its length; "
     "by=COLUMN sorts whole rows",
     "stats", SORT_PARAMS, "sort(X, by=\"petal_length\", reverse=true)", BF_NONE_ARGS},
    {"argsort", bi_argsort, "positions that would sort X (as sort; by=COLUMN gives the order of the rows)", "stats",
     SORT_PARAMS, "X[argsort(X[:, 2])]", BF_NONE_ARGS},
    {"unique", bi_unique, "sorted distinct values (or strings of a list); counts=true gives [values, counts]",
     "stats", {{"X", P_ANY, NULL}, {"counts", P_BOOL, "false"}}, "unique(X.labels, counts=true)", 0},
    {NULL, NULL, NULL, NULL, {{NULL, P_ANY, NULL}}, NULL, 0},
};
