/* eval_index.c — indexing (X[i], X[a:b, c], X[mask], E["word"], L[i],
 * m["field"]), fields (P.scores, X.rows) and assignment into values
 * (X[i, j] = v, X[:, c] = col, X[mask] = 0, L[i] = v, m.field = v,
 * X.names = [...]).
 *
 * Assignment is copy-on-write: a value is changed in place only while the
 * variable is its only holder; otherwise the variable gets a changed copy
 * and every other holder keeps what it had. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/interp.h"
#include "lang/limits.h"
#include "lang/matfield.h"
#include "lang/suggest.h"
#include "lang/unsaved.h"
#include "lang/words.h"

/* One axis of an index: a list of positions, and whether it was a single
 * position (which drops that axis when both are single). */
typedef struct Axis {
    size_t *idx;
    size_t n;
    int single;
} Axis;

/* How an index selects from a matrix: rows and columns, or (a boolean
 * matrix of X's own shape) single elements. */
typedef struct Sel {
    Axis r, c;
    Value *mask; /* elementwise mask, or NULL */
} Sel;

static void sel_free(Sel *sel)
{
    free(sel->r.idx);
    free(sel->c.idx);
    val_unref(sel->mask);
    memset(sel, 0, sizeof *sel);
}

static int axis_range(Axis *ax, size_t from, size_t to, Err *e)
{
    ax->n = to > from ? to - from : 0;
    ax->idx = malloc((ax->n ? ax->n : 1) * sizeof *ax->idx);
    if (!ax->idx) return err_nomem(e, ax->n * sizeof(size_t), "index");
    for (size_t i = 0; i < ax->n; i++) ax->idx[i] = from + i;
    return 0;
}

/* The axis as one position (filled by the caller), which drops it. */
static int axis_single(Axis *ax, Err *e)
{
    ax->single = 1;
    ax->n = 1;
    ax->idx = malloc(sizeof *ax->idx);
    return ax->idx ? 0 : err_nomem(e, sizeof(size_t), "index");
}

/* x as a position along an axis of dim (negative counts from the end);
 * range-checked as a double before any conversion. */
static int wrap_index(double x, size_t dim, const char *what, size_t *out, Err *e)
{
    if (x != floor(x)) return err_set(e, "index %g is not an integer", x);
    double i = x < 0 ? x + (double)dim : x;
    if (!(i >= 0 && i < (double)dim))
        return err_set(e, "index %g out of range for %zu %s", x, dim, what);
    *out = (size_t)i;
    return 0;
}

/* A slice bound: an integer (any size: it is clamped to the axis before
 * it is converted), counted from the end when negative. */
static size_t slice_bound(Session *s, const Node *n, size_t dim, size_t dflt, int *ok, Err *e)
{
    if (!n) return dflt;
    Value *v = eval(s, n, e);
    if (!v) {
        *ok = 0;
        return 0;
    }
    double x = v->kind == VAL_NUM ? v->u.num : NAN;
    if (v->kind == VAL_MAT && v->u.mat->rows * v->u.mat->cols == 1) x = v->u.mat->data[0];
    if (x != floor(x)) { /* also NaN and non-numbers */
        char buf[64];
        err_set(e, "slice bounds must be integers, got %s", val_describe(v, buf, sizeof buf));
        val_unref(v);
        fail_at(s, n);
        *ok = 0;
        return 0;
    }
    val_unref(v);
    if (x < 0) x += (double)dim;
    if (x < 0) x = 0;
    if (x > (double)dim) x = (double)dim;
    return (size_t)x;
}

/* Resolve one index item (node, or v when already evaluated) along an
 * axis of m (rows: row names; columns: column names). */
static int resolve_axis(Session *s, const Node *item, Value *v, Mat *m, int is_row, Axis *ax,
                        Err *e)
{
    size_t dim = is_row ? m->rows : m->cols;
    const char *what = is_row ? "rows" : "columns";
    memset(ax, 0, sizeof *ax);
    if (item->kind == N_SLICE) {
        int ok = 1;
        size_t a = slice_bound(s, item->kids[0], dim, 0, &ok, e);
        size_t b = ok ? slice_bound(s, item->kids[1], dim, dim, &ok, e) : 0;
        if (!ok) return -1;
        if (axis_range(ax, a, b > a ? b : a, e) < 0) return fail_at(s, item), -1;
        return 0;
    }
    int r = 0;
    char buf[64];
    if (v->kind == VAL_NUM) {
        r = axis_single(ax, e);
        if (r == 0) r = wrap_index(v->u.num, dim, what, ax->idx, e);
    } else if (v->kind == VAL_STR) {
        long k = is_row ? mat_find_row(m, v->u.str) : mat_find_col(m, v->u.str);
        if (k < 0) {
            if (is_row && m->row_names) {
                char hint[256];
                if (words_suggest(m, v->u.str, hint, sizeof hint))
                    r = err_set(e, "unknown word '%s' (%s)", v->u.str, hint);
                else
                    r = err_set(e, "unknown word '%s'", v->u.str);
            } else {
                r = err_set(e, "no %s named '%s'", is_row ? "row" : "column", v->u.str);
            }
        } else {
            r = axis_single(ax, e);
            if (r == 0) ax->idx[0] = (size_t)k;
        }
    } else if (v->kind == VAL_MAT || v->kind == VAL_LIST) {
        Value *mv = val_to_mat(v, "index", e);
        if (!mv) {
            r = -1;
        } else {
            const Mat *im = mv->u.mat;
            size_t cnt = im->rows * im->cols;
            if (v->is_bool || mv->is_bool) { /* boolean mask */
                if (cnt != dim) {
                    r = err_set(e, "mask has %zu values for %zu %s", cnt, dim, what);
                } else {
                    ax->idx = malloc((dim ? dim : 1) * sizeof *ax->idx);
                    if (!ax->idx)
                        r = err_nomem(e, dim * sizeof(size_t), "index");
                    else
                        for (size_t i = 0; i < dim; i++)
                            if (im->data[i] != 0) ax->idx[ax->n++] = i;
                }
            } else {
                ax->idx = malloc((cnt ? cnt : 1) * sizeof *ax->idx);
                if (!ax->idx) r = err_nomem(e, cnt * sizeof(size_t), "index");
                for (size_t i = 0; r == 0 && i < cnt; i++)
                    r = wrap_index(im->data[i], dim, what, &ax->idx[i], e);
                ax->n = cnt;
            }
            val_unref(mv);
        }
    } else {
        r = err_set(e, "cannot index with %s", val_describe(v, buf, sizeof buf));
    }
    if (r < 0) {
        free(ax->idx);
        ax->idx = NULL;
        fail_at(s, item);
    }
    return r;
}

/* An index item's value (none for a slice, which resolve_axis reads). */
static Value *item_value(Session *s, const Node *item, Err *e)
{
    return item->kind == N_SLICE ? val_none() : eval(s, item, e);
}

/* What the index node n (an N_INDEX on a matrix) selects from m. */
static int select_in(Session *s, const Node *n, Mat *m, Sel *sel, Err *e)
{
    memset(sel, 0, sizeof *sel);
    const Node *i0 = n->kids[1];
    Value *v0 = item_value(s, i0, e);
    if (!v0) return -1;
    int rc = -1;
    if (n->n == 2 && v0->kind == VAL_MAT && v0->is_bool && m->rows > 1 &&
        v0->u.mat->rows == m->rows && v0->u.mat->cols == m->cols) {
        sel->mask = val_ref(v0); /* X[X > 0]: elements */
        rc = 0;
    } else if (m->rows == 1 && n->n == 2 && !(i0->kind == N_STR)) {
        /* A vector (1 row) indexed by one item indexes its elements. */
        if (axis_range(&sel->r, 0, 1, e) < 0) {
            fail_at(s, n);
        } else {
            sel->r.single = 1;
            rc = resolve_axis(s, i0, v0, m, 0, &sel->c, e);
        }
    } else if (resolve_axis(s, i0, v0, m, 1, &sel->r, e) == 0) {
        if (n->n > 2) {
            Value *v1 = item_value(s, n->kids[2], e);
            if (v1) {
                rc = resolve_axis(s, n->kids[2], v1, m, 0, &sel->c, e);
                val_unref(v1);
            }
        } else if (axis_range(&sel->c, 0, m->cols, e) < 0) {
            fail_at(s, n);
        } else {
            /* A column (sum(X, axis=1), argmax(X, axis=1)) indexed by one
             * number gives that number, as a vector's v[i] does and as
             * NumPy's 1-D result would: err[argmax(err)] is a number. */
            if (m->cols == 1 && sel->r.single && v0->kind == VAL_NUM) sel->c.single = 1;
            rc = 0;
        }
    }
    val_unref(v0);
    if (rc < 0) sel_free(sel);
    return rc;
}

static Value *index_matrix(Session *s, const Node *n, Value *obj, Err *e)
{
    Mat *m = obj->u.mat;
    Sel sel;
    Value *r = NULL;
    if (select_in(s, n, m, &sel, e) < 0) return NULL;
    if (sel.mask) { /* the selected elements, in row-major order, as a vector */
        const Mat *k = sel.mask->u.mat;
        size_t cnt = 0;
        for (size_t i = 0; i < m->rows * m->cols; i++) cnt += k->data[i] != 0;
        Mat *R = mat_new_uninit(1, cnt, e);
        if (R) {
            size_t j = 0;
            for (size_t i = 0; i < m->rows * m->cols; i++)
                if (k->data[i] != 0) R->data[j++] = m->data[i];
        }
        r = val_mat(R, e);
        if (!r) fail_at(s, n);
        sel_free(&sel);
        return r;
    }
    if (sel.r.single && sel.c.single) {
        r = val_num(MAT_AT(m, sel.r.idx[0], sel.c.idx[0]), e);
        if (!r) fail_at(s, n);
        sel_free(&sel);
        return r;
    }
    Mat *R = mat_new_uninit(sel.r.n, sel.c.n, e);
    if (!R) {
        fail_at(s, n);
        sel_free(&sel);
        return NULL;
    }
    for (size_t i = 0; i < sel.r.n; i++) {
        const float *src = MAT_ROW(m, sel.r.idx[i]);
        float *dst = MAT_ROW(R, i);
        for (size_t j = 0; j < sel.c.n; j++) dst[j] = src[sel.c.idx[j]];
    }
    if (mat_copy_row_meta(R, m, sel.r.idx, sel.r.n, e) < 0 ||
        mat_copy_col_meta(R, m, sel.c.idx, sel.c.n, e) < 0) {
        mat_free(R);
        fail_at(s, n);
        sel_free(&sel);
        return NULL;
    }
    if (sel.c.n != m->cols) R->img_h = R->img_w = R->img_c = 0;
    r = val_mat(R, e);
    if (!r) fail_at(s, n);
    sel_free(&sel);
    return r;
}

static Value *model_field(Session *s, const Node *at, Value *obj, const char *name, Err *e)
{
    Value *f = val_model_get(obj, name);
    if (f) return val_ref(f);
    const Model *m = obj->u.model;
    const char *why = unsaved_field_hint(m->type, name); /* a loaded model's */
    if (why) {
        err_set(e, "%s model has no field '%s': %s", m->type, name, why);
        return fail_at(s, at);
    }
    char list[512] = "", hint[160];
    size_t used = 0;
    Suggest sg;
    suggest_init(&sg, name);
    for (size_t i = 0; i < m->n && used < sizeof list - 40; i++) {
        used +=
            (size_t)snprintf(list + used, sizeof list - used, "%s%s", i ? ", " : "", m->names[i]);
        suggest_add(&sg, m->names[i]);
    }
    if (suggest_hint(&sg, hint, sizeof hint))
        err_set(e, "%s model has no field '%s'; %s (fields: %s)", m->type, name, hint, list);
    else
        err_set(e, "%s model has no field '%s' (fields: %s)", m->type, name, list);
    return fail_at(s, at);
}

Value *eval_index(Session *s, const Node *n, Err *e)
{
    Value *obj = eval(s, n->kids[0], e), *r = NULL;
    char buf[64];
    if (!obj) return NULL;
    if (obj->kind == VAL_MAT) {
        r = index_matrix(s, n, obj, e);
        /* A word looked up by name in an embedding behaves like a bare word. */
        if (r && r->kind == VAL_MAT && n->n == 2 && n->kids[1]->kind == N_STR &&
            obj->u.mat->row_names && r->u.mat->rows == 1 &&
            origin_set_word(r, obj, n->kids[1]->str, e) < 0) {
            val_unref(r);
            r = fail_at(s, n);
        }
    } else if (obj->kind == VAL_LIST) {
        if (n->n != 2) {
            err_set(e, "a list takes one index");
            fail_at(s, n);
        } else if (n->kids[1]->kind == N_SLICE) {
            int ok = 1;
            size_t len = obj->u.list.n;
            size_t a = slice_bound(s, n->kids[1]->kids[0], len, 0, &ok, e);
            size_t b = ok ? slice_bound(s, n->kids[1]->kids[1], len, len, &ok, e) : 0;
            if (ok) {
                size_t cnt = b > a ? b - a : 0;
                r = val_list(cnt, e);
                for (size_t i = 0; r && i < cnt; i++)
                    val_list_set(r, i, val_ref(obj->u.list.items[a + i]));
                if (!r) fail_at(s, n);
            }
        } else {
            Value *iv = eval(s, n->kids[1], e);
            size_t k;
            if (iv && iv->kind == VAL_NUM) {
                if (wrap_index(iv->u.num, obj->u.list.n, "items", &k, e) == 0)
                    r = val_ref(obj->u.list.items[k]);
                else
                    fail_at(s, n->kids[1]);
            } else if (iv) {
                err_set(e, "a list index must be a number, got %s",
                        val_describe(iv, buf, sizeof buf));
                fail_at(s, n->kids[1]);
            }
            val_unref(iv);
        }
    } else if (obj->kind == VAL_MODEL && n->n == 2 && n->kids[1]->kind == N_STR) {
        r = model_field(s, n, obj, n->kids[1]->str, e);
    } else {
        err_set(e, "cannot index %s", val_describe(obj, buf, sizeof buf));
        fail_at(s, n);
    }
    val_unref(obj);
    return r;
}

Value *eval_field(Session *s, const Node *n, Err *e)
{
    Value *obj = eval(s, n->kids[0], e), *r = NULL;
    char buf[64];
    if (!obj) return NULL;
    if (obj->kind == VAL_MODEL) {
        r = model_field(s, n, obj, n->str, e);
        val_unref(obj);
        return r;
    } else if (obj->kind == VAL_MAT) {
        r = matfield_get(obj->u.mat, n->str, e);
    } else if (obj->kind == VAL_LIST && strcmp(n->str, "length") == 0) {
        r = val_num((double)obj->u.list.n, e);
    } else {
        err_set(e, "%s has no field '%s'", val_describe(obj, buf, sizeof buf), n->str);
    }
    val_unref(obj);
    return r ? r : fail_at(s, n);
}

/* ---- assignment into values ------------------------------------------- */

/* obj (consumed) ready to change: itself when `alone` (the variable is its
 * only other holder), else a copy. */
static Value *writable(Value *obj, int alone, Err *e)
{
    if (alone && obj->refs == 2) { /* the variable's reference and ours */
        if (obj->kind == VAL_MAT && obj->origin) {
            /* a changed word vector is no longer the words it came from */
            WordOrigin *o = obj->origin;
            obj->origin = NULL;
            val_unref(o->emb);
            for (size_t i = 0; i < o->n; i++) free(o->words[i]);
            free(o->words);
            free(o);
        }
        return obj;
    }
    Value *c = obj->kind == VAL_MAT ? val_copy_mat(obj, e) : val_copy_shallow(obj, e);
    val_unref(obj);
    return c;
}

/* Put value v (borrowed) into the region sel of m. */
static int put_matrix(Session *s, const Node *at, Mat *m, const Sel *sel, Value *v, Err *e)
{
    char buf[64];
    Value *mv = NULL;
    if (v->kind == VAL_MODEL && val_model_main(v)) v = val_model_main(v);
    if (v->kind != VAL_NUM && v->kind != VAL_MAT && v->kind != VAL_LIST) {
        err_set(e, "cannot put %s into a matrix (numbers or matrices only)",
                val_describe(v, buf, sizeof buf));
        return fail_at(s, at), -1;
    }
    if (!(mv = val_to_mat(v, "assignment", e))) return fail_at(s, at), -1;
    const Mat *V = mv->u.mat;
    size_t cnt = V->rows * V->cols;
    if (sel->mask) {
        const Mat *k = sel->mask->u.mat;
        size_t want = 0;
        for (size_t i = 0; i < m->rows * m->cols; i++) want += k->data[i] != 0;
        if (cnt != 1 && cnt != want) {
            err_set(e, "the mask selects %zu elements, the value has %zu", want, cnt);
            val_unref(mv);
            return fail_at(s, at), -1;
        }
        for (size_t i = 0, j = 0; i < m->rows * m->cols; i++)
            if (k->data[i] != 0) m->data[i] = V->data[cnt == 1 ? 0 : j++];
        val_unref(mv);
        return 0;
    }
    size_t R = sel->r.n, C = sel->c.n;
    /* The value's shape: the region's, broadcastable to it (one row or
     * column repeated), or a vector filling a one-row or one-column region. */
    int fits = (V->rows == R || V->rows == 1) && (V->cols == C || V->cols == 1);
    int as_vector = !fits && (V->rows == 1 || V->cols == 1) && (R == 1 || C == 1) && cnt == R * C;
    if (!fits && !as_vector) {
        err_set(e, "shapes do not match: a %zux%zu value for %zu row%s and %zu column%s", V->rows,
                V->cols, R, R == 1 ? "" : "s", C, C == 1 ? "" : "s");
        val_unref(mv);
        return fail_at(s, at), -1;
    }
    for (size_t i = 0; i < R; i++)
        for (size_t j = 0; j < C; j++) {
            float x = as_vector
                          ? V->data[i * C + j]
                          : V->data[(V->rows == 1 ? 0 : i) * V->cols + (V->cols == 1 ? 0 : j)];
            MAT_AT(m, sel->r.idx[i], sel->c.idx[j]) = x;
        }
    val_unref(mv);
    return 0;
}

/* Set field `name` of model value obj (writable) to v (consumed).  A
 * model with C state keeps the fields its builtin made: project(P, X)
 * reads the state, not the fields, so changing them would lie. */
static int put_model_field(Session *s, const Node *at, Value *obj, const char *name, Value *v,
                           Err *e)
{
    Model *m = obj->u.model;
    if (m->n_own == 0) m->n_own = m->n ? m->n : (size_t)-1;
    for (size_t i = 0; m->impl && m->n_own != (size_t)-1 && i < m->n_own && i < m->n; i++)
        if (strcmp(m->names[i], name) == 0) {
            err_set(e,
                    "%s.%s cannot be changed: the %s model's own fields are read-only (new fields "
                    "can be added)",
                    m->type, name, m->type);
            val_unref(v);
            return fail_at(s, at), -1;
        }
    if (val_depth(v) + 1 > LIMIT_LIST_DEPTH) {
        err_set(e, "lists and models nested deeper than %d levels", LIMIT_LIST_DEPTH);
        val_unref(v);
        return fail_at(s, at), -1;
    }
    int d = val_depth(v) + 1;
    if (val_model_set(obj, name, v, e) < 0) return fail_at(s, at), -1;
    if (d > obj->depth) obj->depth = d;
    return 0;
}

/* The container the target t selects from, changed so that t holds v
 * (consumed); alone: the container is the variable's own value. */
static Value *put_one(Session *s, const Node *t, Value *obj, Value *v, int alone, Err *e)
{
    char buf[64];
    if (t->kind == N_FIELD) {
        if (obj->kind == VAL_MODEL) {
            if (!(obj = writable(obj, alone, e))) {
                val_unref(v);
                return fail_at(s, t);
            }
            if (put_model_field(s, t, obj, t->str, v, e) < 0) {
                val_unref(obj);
                return NULL;
            }
            return obj;
        }
        if (obj->kind == VAL_MAT) {
            if (!(obj = writable(obj, alone, e))) {
                val_unref(v);
                return fail_at(s, t);
            }
            int rc = matfield_set(obj->u.mat, t->str, v, e);
            val_unref(v);
            if (rc < 0) {
                val_unref(obj);
                return fail_at(s, t);
            }
            return obj;
        }
        err_set(e, "cannot set field '%s' of %s", t->str, val_describe(obj, buf, sizeof buf));
        val_unref(obj);
        val_unref(v);
        return fail_at(s, t);
    }
    /* N_INDEX */
    if (obj->kind == VAL_MAT) {
        Sel sel;
        if (select_in(s, t, obj->u.mat, &sel, e) < 0) {
            val_unref(obj);
            val_unref(v);
            return NULL;
        }
        obj = writable(obj, alone, e);
        int rc = obj ? put_matrix(s, t, obj->u.mat, &sel, v, e) : (fail_at(s, t), -1);
        sel_free(&sel);
        val_unref(v);
        if (rc < 0) {
            val_unref(obj);
            return NULL;
        }
        obj->is_bool = 0;
        return obj;
    }
    if (obj->kind == VAL_LIST && t->n == 2 && t->kids[1]->kind != N_SLICE) {
        Value *iv = eval(s, t->kids[1], e);
        size_t k = 0;
        int rc = -1;
        if (iv && iv->kind != VAL_NUM) {
            err_set(e, "a list index must be a number, got %s", val_describe(iv, buf, sizeof buf));
            fail_at(s, t->kids[1]);
        } else if (iv && wrap_index(iv->u.num, obj->u.list.n, "items", &k, e) < 0) {
            fail_at(s, t->kids[1]);
        } else if (iv && val_depth(v) + 1 > LIMIT_LIST_DEPTH) {
            err_set(e, "lists and models nested deeper than %d levels", LIMIT_LIST_DEPTH);
            fail_at(s, t);
        } else if (iv) {
            rc = 0;
        }
        val_unref(iv);
        if (rc < 0 || !(obj = writable(obj, alone, e))) {
            if (rc == 0) fail_at(s, t);
            val_unref(obj);
            val_unref(v);
            return NULL;
        }
        int d = val_depth(v) + 1;
        val_list_set(obj, k, v);
        if (d > obj->depth) obj->depth = d;
        return obj;
    }
    if (obj->kind == VAL_MODEL && t->n == 2 && t->kids[1]->kind == N_STR) {
        if (!(obj = writable(obj, alone, e))) {
            val_unref(v);
            return fail_at(s, t);
        }
        if (put_model_field(s, t, obj, t->kids[1]->str, v, e) < 0) {
            val_unref(obj);
            return NULL;
        }
        return obj;
    }
    if (obj->kind == VAL_LIST)
        err_set(e, "a list item is assigned with one number index (L[i] = v)");
    else
        err_set(e, "cannot assign into %s", val_describe(obj, buf, sizeof buf));
    val_unref(obj);
    val_unref(v);
    return fail_at(s, t);
}

/* The new value of the variable after target t gets v (consumed): the
 * container t selects from is read, changed (or copied) and put back
 * into its own container, up to the variable. */
static Value *rebuild(Session *s, const Node *t, Value *v, int own, Err *e)
{
    while (t->kind == N_INDEX || t->kind == N_FIELD) {
        const Node *obj_node = t->kids[0];
        Value *obj = eval(s, obj_node, e);
        if (!obj) {
            val_unref(v);
            return NULL;
        }
        v = put_one(s, t, obj, v, own && obj_node->kind == N_NAME, e);
        if (!v) return NULL;
        t = obj_node;
    }
    return v;
}

int assign_into(Session *s, const Node *a, Value *v, Err *e)
{
    const Node *t = a->kids[1], *root = t;
    while (root->kind == N_INDEX || root->kind == N_FIELD) root = root->kids[0];
    if (!scope_lookup(s, a->str)) { /* reports the unknown name with its hint */
        Value *x = eval(s, root, e);
        val_unref(v);
        val_unref(x);
        return -1;
    }
    /* In place only when the variable is in the scope the result goes to:
     * a function changing a session variable gets its own copy. */
    int own = !s->locals || env_get(s->locals, a->str) != NULL;
    Value *nv = rebuild(s, t, v, own, e);
    if (!nv) return -1;
    if (scope_set(s, a->str, nv, e) < 0) return fail_at(s, a), -1;
    return 0;
}
