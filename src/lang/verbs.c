/* verbs.c — argument and shape helpers for the NumPy-style builtins. */
#include "lang/verbs.h"

#include <math.h>

int verb_arg(const char *f, int index, const char *pname, Value *v, NumArg *a, Err *e)
{
    char buf[64];
    a->v = NULL;
    a->m = NULL;
    a->scalar = v->kind == VAL_NUM;
    if (v->kind == VAL_MODEL) {
        Value *main = val_model_main(v); /* a model stands for its main matrix */
        if (!main)
            return err_param(e, index, "%s: %s must be numbers, got a %s model with no main matrix", f, pname,
                             v->u.model->type);
        v = main;
    }
    if (v->kind != VAL_NUM && v->kind != VAL_MAT && v->kind != VAL_LIST)
        return err_param(e, index, "%s: %s must be a number or a matrix, got %s", f, pname,
                         val_describe(v, buf, sizeof buf));
    a->v = val_to_mat(v, f, e);
    if (!a->v) {
        e->param = index + 1;
        return -1;
    }
    a->m = a->v->u.mat;
    return 0;
}

void verb_arg_done(NumArg *a)
{
    val_unref(a->v);
    a->v = NULL;
    a->m = NULL;
}

int verb_result(Mat *m, int as_num, Value **out, Err *e)
{
    if (!m) return -1;
    if (as_num && m->rows == 1 && m->cols == 1) {
        double x = m->data[0];
        mat_free(m);
        return verb_number(x, out, e);
    }
    *out = val_mat(m, e);
    return *out ? 0 : -1;
}

int verb_number(double x, Value **out, Err *e)
{
    *out = val_num(x, e);
    return *out ? 0 : -1;
}

int verb_axis(const char *f, int index, Value *v, int *axis, Err *e)
{
    *axis = VERB_ALL;
    if (!v || v->kind == VAL_NONE) return 0;
    double a = v->kind == VAL_NUM ? v->u.num : NAN;
    if (a == -2) a = 0;
    if (a == -1) a = 1;
    if (a != 0 && a != 1) {
        if (v->kind == VAL_NUM)
            return err_param(e, index, "%s: axis must be 0 (columns), 1 (rows) or none, got %g", f, v->u.num);
        return err_param(e, index, "%s: axis must be 0 (columns), 1 (rows) or none", f);
    }
    *axis = (int)a;
    return 0;
}

int verb_broadcast(const char *f, const Mat *a, const Mat *b, size_t *rows, size_t *cols, Err *e)
{
    if ((a->rows != b->rows && a->rows != 1 && b->rows != 1) || (a->cols != b->cols && a->cols != 1 && b->cols != 1))
        return err_set(e, "%s: shapes %zux%zu and %zux%zu do not broadcast together", f, a->rows, a->cols, b->rows,
                       b->cols);
    *rows = a->rows == 1 ? b->rows : a->rows;
    *cols = a->cols == 1 ? b->cols : a->cols;
    return 0;
}

int verb_copy_meta(Mat *r, const Mat *a, const Mat *b, Err *e)
{
    const Mat *rm = a->rows == r->rows ? a : (b && b->rows == r->rows ? b : NULL);
    const Mat *cm = a->cols == r->cols ? a : (b && b->cols == r->cols ? b : NULL);
    if (rm && mat_copy_row_meta(r, rm, NULL, r->rows, e) < 0) return -1;
    if (cm && mat_copy_col_meta(r, cm, NULL, r->cols, e) < 0) return -1;
    if (!rm || !cm || r->cols != (rm ? rm->cols : 0)) r->img_h = r->img_w = r->img_c = 0;
    return 0;
}
