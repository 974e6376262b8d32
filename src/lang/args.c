/* args.c — helpers builtins use to read their (already type-checked) args. */
#include "lang/builtin.h"

#include <math.h>

double arg_num(Value *v)
{
    return v->kind == VAL_NUM ? v->u.num : NAN;
}

long arg_int(Value *v)
{
    return v->kind == VAL_NUM ? (long)v->u.num : 0;
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

int arg_ints(Value *v, long *out, int max, const char *fname, const char *pname, Err *e)
{
    int n = 0;
    if (v->kind == VAL_NUM) {
        if (max < 1) return err_set(e, "%s: %s= takes at most %d numbers", fname, pname, max);
        if (v->u.num != floor(v->u.num))
            return err_set(e, "%s: %s= must be an integer, got %g", fname, pname, v->u.num);
        out[0] = (long)v->u.num;
        return 1;
    }
    if (v->kind == VAL_LIST) {
        for (size_t i = 0; i < v->u.list.n; i++) {
            Value *it = v->u.list.items[i];
            if (it->kind != VAL_NUM || it->u.num != floor(it->u.num))
                return err_set(e, "%s: %s= must be a list of integers", fname, pname);
            if (n >= max) return err_set(e, "%s: %s= takes at most %d numbers", fname, pname, max);
            out[n++] = (long)it->u.num;
        }
        return n;
    }
    if (v->kind == VAL_MAT && v->u.mat->rows <= 1) {
        Mat *m = v->u.mat;
        for (size_t j = 0; j < m->cols; j++) {
            float x = m->data[j];
            if (x != floorf(x)) return err_set(e, "%s: %s= must be a list of integers", fname, pname);
            if (n >= max) return err_set(e, "%s: %s= takes at most %d numbers", fname, pname, max);
            out[n++] = (long)x;
        }
        return n;
    }
    return err_set(e, "%s: %s= must be a list of integers", fname, pname);
}
