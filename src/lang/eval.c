/* eval.c — evaluating the AST against a session's variables.
 *
 * Each statement is parsed, then evaluated; values are reference counted
 * (value.h).  Errors carry the position of the node that failed. */
#include "lang/eval.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/blas.h"
#include "core/progress.h"
#include "lang/builtin.h"
#include "lang/env.h"
#include "lang/lab.h"
#include "lang/lex.h"
#include "lang/limits.h"
#include "lang/matfield.h"
#include "lang/parse.h"
#include "lang/show.h"
#include "lang/suggest.h"
#include "lang/words.h"

_Atomic int session_interrupted;

struct Session {
    Ctx ctx;
    int line, col;             /* position of the current error */
    unsigned long steps, step_limit; /* nodes evaluated in this run; limit (0 = none) */
};

void session_set_step_limit(Session *s, unsigned long steps)
{
    s->step_limit = steps;
}

/* The parser asks whether a bare name may start a command; that depends on
 * the session (a variable shadows a builtin), and evaluation is
 * single-threaded, so the current session is kept here. */
static Session *current;

static int is_command(const char *name)
{
    return builtin_find(name) && !(current && env_get(current->ctx.env, name));
}

Session *session_new(Err *e)
{
    Session *s = calloc(1, sizeof *s);
    if (!s) {
        err_nomem(e, sizeof *s, "session");
        return NULL;
    }
    s->ctx.env = env_new(e);
    if (!s->ctx.env) {
        free(s);
        return NULL;
    }
    s->ctx.session = s;
    s->ctx.width = 80;
    s->ctx.height = 24;
    s->ctx.utf8 = 1;
    s->ctx.args = val_list(0, e);
    if (!s->ctx.args) {
        env_free(s->ctx.env);
        free(s);
        return NULL;
    }
    return s;
}

void session_free(Session *s)
{
    if (!s) return;
    env_free(s->ctx.env);
    val_unref(s->ctx.use_emb);
    val_unref(s->ctx.args);
    val_unref(s->ctx.last_plot);
    lab_state_free(&s->ctx);
    if (current == s) current = NULL;
    free(s);
}

Ctx *session_ctx(Session *s)
{
    return &s->ctx;
}

static Value *fail_at(Session *s, const Node *n)
{
    s->line = n->line;
    s->col = n->col;
    return NULL;
}

static Value *eval(Session *s, const Node *n, Err *e);

/* ---- word vectors -------------------------------------------------- */

static WordOrigin *origin_new(Value *emb, Err *e)
{
    WordOrigin *o = calloc(1, sizeof *o);
    if (!o) {
        err_nomem(e, sizeof *o, "word origin");
        return NULL;
    }
    o->emb = val_ref(emb);
    return o;
}

static int origin_add(WordOrigin *o, const char *w, Err *e)
{
    for (size_t i = 0; i < o->n; i++)
        if (strcmp(o->words[i], w) == 0) return 0;
    char **v = realloc(o->words, (o->n + 1) * sizeof *v);
    if (!v) return err_nomem(e, 64, "word origin");
    o->words = v;
    if (!(o->words[o->n] = strdup(w))) return err_nomem(e, strlen(w), "word");
    o->n++;
    return 0;
}

static void origin_drop(WordOrigin *o)
{
    if (!o) return;
    val_unref(o->emb);
    for (size_t i = 0; i < o->n; i++) free(o->words[i]);
    free(o->words);
    free(o);
}

/* Merge the origins of a and b into r (for + - and scalar * /). */
static int origin_merge(Value *r, const Value *a, const Value *b, Err *e)
{
    const WordOrigin *oa = a->kind == VAL_MAT ? a->origin : NULL;
    const WordOrigin *ob = b && b->kind == VAL_MAT ? b->origin : NULL;
    if (!oa && !ob) return 0;
    if (oa && ob && oa->emb != ob->emb) return 0;
    if (r->kind != VAL_MAT || r->u.mat->rows != 1) return 0;
    WordOrigin *o = origin_new(oa ? oa->emb : ob->emb, e);
    if (!o) return -1;
    for (size_t i = 0; oa && i < oa->n; i++)
        if (origin_add(o, oa->words[i], e) < 0) goto fail;
    for (size_t i = 0; ob && i < ob->n; i++)
        if (origin_add(o, ob->words[i], e) < 0) goto fail;
    r->origin = o;
    return 0;
fail:
    origin_drop(o);
    return -1;
}

/* Row `row` of embedding value emb as a 1-row matrix remembering the word. */
static Value *word_vector(Value *emb, long row, const char *word, Err *e)
{
    const Mat *E = emb->u.mat;
    Mat *m = mat_new_uninit(1, E->cols, e);
    if (!m) return NULL;
    memcpy(m->data, MAT_ROW(E, row), E->cols * sizeof(float));
    if (mat_set_row_name(m, 0, word, e) < 0) {
        mat_free(m);
        return NULL;
    }
    Value *v = val_mat(m, e);
    if (!v) return NULL;
    v->origin = origin_new(emb, e);
    if (!v->origin || origin_add(v->origin, word, e) < 0) {
        val_unref(v);
        return NULL;
    }
    return v;
}

/* ---- names ---------------------------------------------------------- */

static Value *eval_name(Session *s, const Node *n, Err *e)
{
    const char *name = n->str;
    Value *v = env_get(s->ctx.env, name);
    if (v) return val_ref(v);
    if (strcmp(name, "true") == 0) return val_bool(1, e);
    if (strcmp(name, "false") == 0) return val_bool(0, e);
    if (strcmp(name, "none") == 0) return val_none();
    if (strcmp(name, "nan") == 0) return val_num(NAN, e);
    if (strcmp(name, "inf") == 0) return val_num(INFINITY, e);
    if (strcmp(name, "pi") == 0) return val_num(M_PI, e);
    if (strcmp(name, "args") == 0) return val_ref(s->ctx.args);
    Value *emb = s->ctx.use_emb;
    if (emb) {
        long row = mat_find_row(emb->u.mat, name);
        if (row >= 0) {
            Value *w = word_vector(emb, row, name, e);
            return w ? w : fail_at(s, n);
        }
    }
    if (builtin_find(name)) {
        err_set(e, "'%s' is a builtin; call it as %s(...)", name, name);
        return fail_at(s, n);
    }
    if (emb) {
        char hint[256];
        if (words_suggest(emb->u.mat, name, hint, sizeof hint))
            err_set(e, "unknown word '%s' (%s)", name, hint);
        else
            err_set(e, "unknown word '%s'", name);
    } else {
        err_set(e, "unknown name '%s'", name);
    }
    return fail_at(s, n);
}

/* ---- arithmetic ----------------------------------------------------- */

static Value *as_mat(Session *s, const Node *n, Value *v, const char *op, Err *e)
{
    char buf[64];
    if (v->kind == VAL_MAT) return val_ref(v);
    if (v->kind == VAL_NUM || v->kind == VAL_LIST) {
        Value *m = val_to_mat(v, op, e);
        return m ? m : fail_at(s, n);
    }
    err_set(e, "'%s' needs numbers or matrices, got %s", op, val_describe(v, buf, sizeof buf));
    return fail_at(s, n);
}

static double apply_op(char op, double a, double b)
{
    switch (op) {
    case '+': return a + b;
    case '-': return a - b;
    case '*': return a * b;
    case '/': return a / b;
    case '=': return a == b;
    case '!': return a != b;
    case '<': return a < b;
    case '>': return a > b;
    case 'l': return a <= b;
    case 'g': return a >= b;
    }
    return NAN;
}

static char op_code(const char *op)
{
    if (strcmp(op, "==") == 0) return '=';
    if (strcmp(op, "!=") == 0) return '!';
    if (strcmp(op, "<=") == 0) return 'l';
    if (strcmp(op, ">=") == 0) return 'g';
    return op[0];
}

static int is_cmp(char c)
{
    return c == '=' || c == '!' || c == '<' || c == '>' || c == 'l' || c == 'g';
}

/* Elementwise a op b with NumPy-style broadcasting of 2-D shapes. */
static Value *mat_binop(Session *s, const Node *n, Value *va, Value *vb, char op, Err *e)
{
    const Mat *A = va->u.mat, *B = vb->u.mat;
    size_t r = A->rows == B->rows ? A->rows : (A->rows == 1 ? B->rows : (B->rows == 1 ? A->rows : 0));
    size_t c = A->cols == B->cols ? A->cols : (A->cols == 1 ? B->cols : (B->cols == 1 ? A->cols : 0));
    if ((A->rows != B->rows && A->rows != 1 && B->rows != 1) ||
        (A->cols != B->cols && A->cols != 1 && B->cols != 1)) {
        err_set(e, "shapes %zux%zu and %zux%zu do not match for '%s'", A->rows, A->cols, B->rows,
                B->cols, n->str);
        return fail_at(s, n);
    }
    Mat *R = mat_new_uninit(r, c, e);
    if (!R) return fail_at(s, n);
    size_t ars = A->rows == 1 ? 0 : A->cols, acs = A->cols == 1 ? 0 : 1;
    size_t brs = B->rows == 1 ? 0 : B->cols, bcs = B->cols == 1 ? 0 : 1;
    for (size_t i = 0; i < r; i++) {
        const float *pa = A->data + i * ars, *pb = B->data + i * brs;
        float *pr = MAT_ROW(R, i);
        if (acs && bcs && op == '+')
            for (size_t j = 0; j < c; j++) pr[j] = pa[j] + pb[j];
        else if (acs && bcs && op == '-')
            for (size_t j = 0; j < c; j++) pr[j] = pa[j] - pb[j];
        else
            for (size_t j = 0; j < c; j++) pr[j] = (float)apply_op(op, pa[j * acs], pb[j * bcs]);
    }
    /* Rows keep the metadata of the operand that has all of them. */
    const Mat *meta = A->rows == r ? A : B;
    if (mat_copy_row_meta(R, meta, NULL, r, e) < 0 ||
        mat_copy_col_meta(R, A->cols == c ? A : B, NULL, c, e) < 0) {
        mat_free(R);
        return fail_at(s, n);
    }
    Value *v = val_mat(R, e);
    if (!v) return fail_at(s, n);
    if (is_cmp(op)) v->is_bool = 1;
    return v;
}

static Value *eval_binary(Session *s, const Node *n, Err *e)
{
    Value *a = eval(s, n->kids[0], e);
    if (!a) return NULL;
    Value *b = eval(s, n->kids[1], e);
    if (!b) {
        val_unref(a);
        return NULL;
    }
    char op = op_code(n->str), buf1[64], buf2[64];
    Value *r = NULL;
    if (a->kind == VAL_NUM && b->kind == VAL_NUM) {
        double x = apply_op(op, a->u.num, b->u.num);
        r = is_cmp(op) ? val_bool(x != 0, e) : val_num(x, e);
        if (!r) fail_at(s, n);
    } else if (a->kind == VAL_STR && (b->kind == VAL_STR || b->kind == VAL_NUM) && op == '+') {
        char num[64];
        const char *bs = b->kind == VAL_STR ? b->u.str : show_number(b->u.num, num, sizeof num);
        size_t la = strlen(a->u.str), lb = strlen(bs);
        char *t = malloc(la + lb + 1);
        if (t) {
            memcpy(t, a->u.str, la);
            memcpy(t + la, bs, lb + 1);
            r = val_str(t, e);
            free(t);
        } else {
            err_nomem(e, la + lb + 1, "string");
        }
        if (!r) fail_at(s, n);
    } else if (a->kind == VAL_STR && b->kind == VAL_STR && (op == '=' || op == '!')) {
        int eq = strcmp(a->u.str, b->u.str) == 0;
        r = val_bool(op == '=' ? eq : !eq, e);
        if (!r) fail_at(s, n);
    } else if (op == '@') {
        Value *ma = as_mat(s, n, a, "@", e), *mb = ma ? as_mat(s, n, b, "@", e) : NULL;
        if (ma && mb) {
            const Mat *A = ma->u.mat, *B = mb->u.mat;
            if (A->cols != B->rows) {
                err_set(e, "shapes %zux%zu and %zux%zu do not match for '@' (%zu columns vs %zu rows)",
                        A->rows, A->cols, B->rows, B->cols, A->cols, B->rows);
                fail_at(s, n);
            } else {
                Mat *C = blas_matmul(A, 0, B, 0, e);
                if (C && mat_copy_row_meta(C, A, NULL, A->rows, e) < 0) {
                    mat_free(C);
                    C = NULL;
                }
                r = C ? val_mat(C, e) : NULL;
                if (!r) fail_at(s, n);
            }
        }
        val_unref(ma);
        val_unref(mb);
    } else if ((a->kind == VAL_MAT || a->kind == VAL_NUM || a->kind == VAL_LIST) &&
               (b->kind == VAL_MAT || b->kind == VAL_NUM || b->kind == VAL_LIST)) {
        Value *ma = as_mat(s, n, a, n->str, e), *mb = ma ? as_mat(s, n, b, n->str, e) : NULL;
        if (ma && mb) {
            r = mat_binop(s, n, ma, mb, op, e);
            if (r && !is_cmp(op) && origin_merge(r, a, b, e) < 0) {
                val_unref(r);
                r = fail_at(s, n);
            }
        }
        val_unref(ma);
        val_unref(mb);
    } else {
        err_set(e, "cannot apply '%s' to %s and %s", n->str, val_describe(a, buf1, sizeof buf1),
                val_describe(b, buf2, sizeof buf2));
        fail_at(s, n);
    }
    val_unref(a);
    val_unref(b);
    return r;
}

static Value *eval_neg(Session *s, const Node *n, Err *e)
{
    Value *a = eval(s, n->kids[0], e), *r = NULL;
    char buf[64];
    if (!a) return NULL;
    if (a->kind == VAL_NUM) {
        r = val_num(-a->u.num, e);
    } else if (a->kind == VAL_MAT) {
        Mat *m = mat_clone(a->u.mat, e);
        if (m)
            for (size_t i = 0; i < m->rows * m->cols; i++) m->data[i] = -m->data[i];
        r = val_mat(m, e);
        if (r && origin_merge(r, a, NULL, e) < 0) {
            val_unref(r);
            r = NULL;
        }
    } else {
        err_set(e, "cannot negate %s", val_describe(a, buf, sizeof buf));
    }
    val_unref(a);
    return r ? r : fail_at(s, n);
}

/* A bracket literal of numbers is a vector ([1, 2, 3] is 1x3) and one of
 * equal-length vectors is a matrix ([[1, 2], [3, 4]] is 2x2, [king, queen]
 * stacks two word vectors, keeping their names); anything else is a list. */
static Value *stack_rows(Value *l, Err *e)
{
    size_t n = l->u.list.n, cols = 0;
    Value **it = l->u.list.items;
    int all_num = 1, all_rows = 1;
    for (size_t i = 0; i < n; i++) {
        if (it[i]->kind != VAL_NUM) all_num = 0;
        if (it[0]->kind != VAL_MAT || it[i]->kind != VAL_MAT || it[i]->u.mat->rows != 1 ||
            it[i]->u.mat->cols != it[0]->u.mat->cols)
            all_rows = 0;
    }
    if (n == 0 || (!all_num && !all_rows)) return l;
    Mat *m;
    if (all_num) {
        m = mat_new_uninit(1, n, e);
        if (!m) goto fail;
        for (size_t j = 0; j < n; j++) m->data[j] = (float)it[j]->u.num;
    } else {
        cols = it[0]->u.mat->cols;
        m = mat_new_uninit(n, cols, e);
        if (!m) goto fail;
        for (size_t i = 0; i < n; i++) {
            const Mat *r = it[i]->u.mat;
            memcpy(MAT_ROW(m, i), r->data, cols * sizeof(float));
            if (r->row_names && r->row_names[0] && mat_set_row_name(m, i, r->row_names[0], e) < 0) {
                mat_free(m);
                goto fail;
            }
        }
    }
    val_unref(l);
    return val_mat(m, e);
fail:
    val_unref(l);
    return NULL;
}

static Value *eval_list(Session *s, const Node *n, Err *e)
{
    Value *l = val_list(n->n, e);
    if (!l) return fail_at(s, n);
    for (size_t i = 0; i < n->n; i++) {
        Value *it = eval(s, n->kids[i], e);
        if (!it) {
            val_unref(l);
            return NULL;
        }
        val_list_set(l, i, it);
    }
    Value *v = stack_rows(l, e);
    return v ? v : fail_at(s, n);
}

/* ---- indexing ------------------------------------------------------- */

/* One axis of an index: a list of positions, and whether it was a single
 * position (which drops that axis when both are single). */
typedef struct Axis {
    size_t *idx;
    size_t n;
    int single;
} Axis;

static int axis_range(Axis *ax, size_t from, size_t to, Err *e)
{
    ax->n = to > from ? to - from : 0;
    ax->idx = malloc((ax->n ? ax->n : 1) * sizeof *ax->idx);
    if (!ax->idx) return err_nomem(e, ax->n * sizeof(size_t), "index");
    for (size_t i = 0; i < ax->n; i++) ax->idx[i] = from + i;
    return 0;
}

static int wrap_index(double x, size_t dim, const char *what, size_t *out, Err *e)
{
    if (x != floor(x)) return err_set(e, "index %g is not an integer", x);
    double i = x < 0 ? x + (double)dim : x;
    if (i < 0 || i >= (double)dim)
        return err_set(e, "index %g out of range for %zu %s", x, dim, what);
    *out = (size_t)i;
    return 0;
}

static long slice_bound(Session *s, const Node *n, size_t dim, long dflt, int *ok, Err *e)
{
    if (!n) return dflt;
    Value *v = eval(s, n, e);
    if (!v) {
        *ok = 0;
        return 0;
    }
    if (v->kind != VAL_NUM || v->u.num != floor(v->u.num)) {
        char buf[64];
        err_set(e, "slice bounds must be integers, got %s", val_describe(v, buf, sizeof buf));
        val_unref(v);
        fail_at(s, n);
        *ok = 0;
        return 0;
    }
    long x = (long)v->u.num;
    val_unref(v);
    if (x < 0) x += (long)dim;
    if (x < 0) x = 0;
    if (x > (long)dim) x = (long)dim;
    return x;
}

/* Resolve one index item along an axis of size dim (rows: names are row
 * names; cols: column names). */
static int eval_axis(Session *s, const Node *item, Mat *m, int is_row, Axis *ax, Err *e)
{
    size_t dim = is_row ? m->rows : m->cols;
    const char *what = is_row ? "rows" : "columns";
    memset(ax, 0, sizeof *ax);
    if (item->kind == N_SLICE) {
        int ok = 1;
        long a = slice_bound(s, item->kids[0], dim, 0, &ok, e);
        long b = ok ? slice_bound(s, item->kids[1], dim, (long)dim, &ok, e) : 0;
        if (!ok) return -1;
        if (axis_range(ax, (size_t)a, (size_t)(b > a ? b : a), e) < 0) return fail_at(s, item), -1;
        return 0;
    }
    Value *v = eval(s, item, e);
    if (!v) return -1;
    int r = 0;
    char buf[64];
    if (v->kind == VAL_NUM) {
        ax->single = 1;
        ax->n = 1;
        ax->idx = malloc(sizeof *ax->idx);
        if (!ax->idx)
            r = err_nomem(e, sizeof(size_t), "index");
        else
            r = wrap_index(v->u.num, dim, what, ax->idx, e);
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
            ax->single = 1;
            ax->n = 1;
            ax->idx = malloc(sizeof *ax->idx);
            if (!ax->idx)
                r = err_nomem(e, sizeof(size_t), "index");
            else
                ax->idx[0] = (size_t)k;
        }
    } else if (v->kind == VAL_MAT || v->kind == VAL_LIST) {
        Value *mv = val_to_mat(v, "index", e);
        if (!mv) {
            r = -1;
        } else {
            const Mat *im = mv->u.mat;
            size_t cnt = im->rows * im->cols;
            if (v->is_bool) { /* boolean mask */
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
                for (size_t i = 0; r == 0 && i < cnt; i++) r = wrap_index(im->data[i], dim, what, &ax->idx[i], e);
                ax->n = cnt;
            }
            val_unref(mv);
        }
    } else {
        r = err_set(e, "cannot index with %s", val_describe(v, buf, sizeof buf));
    }
    val_unref(v);
    if (r < 0) {
        free(ax->idx);
        ax->idx = NULL;
        fail_at(s, item);
    }
    return r;
}

static Value *index_matrix(Session *s, const Node *n, Value *obj, Err *e)
{
    Mat *m = obj->u.mat;
    Axis ra = {0}, ca = {0};
    Value *r = NULL;
    /* A vector (1 row) indexed by one item indexes its elements. */
    int vec = m->rows == 1 && n->n == 2 && !(n->kids[1]->kind == N_STR);
    if (vec) {
        if (axis_range(&ra, 0, 1, e) < 0) return fail_at(s, n);
        ra.single = 1;
        if (eval_axis(s, n->kids[1], m, 0, &ca, e) < 0) goto done;
    } else {
        if (eval_axis(s, n->kids[1], m, 1, &ra, e) < 0) goto done;
        if (n->n > 2) {
            if (eval_axis(s, n->kids[2], m, 0, &ca, e) < 0) goto done;
        } else if (axis_range(&ca, 0, m->cols, e) < 0) {
            fail_at(s, n);
            goto done;
        }
    }
    if (ra.single && ca.single) {
        r = val_num(MAT_AT(m, ra.idx[0], ca.idx[0]), e);
        if (!r) fail_at(s, n);
        goto done;
    }
    Mat *R = mat_new_uninit(ra.n, ca.n, e);
    if (!R) {
        fail_at(s, n);
        goto done;
    }
    for (size_t i = 0; i < ra.n; i++) {
        const float *src = MAT_ROW(m, ra.idx[i]);
        float *dst = MAT_ROW(R, i);
        for (size_t j = 0; j < ca.n; j++) dst[j] = src[ca.idx[j]];
    }
    if (mat_copy_row_meta(R, m, ra.idx, ra.n, e) < 0 || mat_copy_col_meta(R, m, ca.idx, ca.n, e) < 0) {
        mat_free(R);
        fail_at(s, n);
        goto done;
    }
    if (ca.n != m->cols) R->img_h = R->img_w = R->img_c = 0;
    r = val_mat(R, e);
    if (!r) fail_at(s, n);
done:
    free(ra.idx);
    free(ca.idx);
    return r;
}

static Value *eval_index(Session *s, const Node *n, Err *e)
{
    Value *obj = eval(s, n->kids[0], e), *r = NULL;
    char buf[64];
    if (!obj) return NULL;
    if (obj->kind == VAL_MAT) {
        r = index_matrix(s, n, obj, e);
        /* A word looked up by name in an embedding behaves like a bare word. */
        if (r && r->kind == VAL_MAT && n->n == 2 && n->kids[1]->kind == N_STR && obj->u.mat->row_names &&
            r->u.mat->rows == 1) {
            r->origin = origin_new(obj, e);
            if (!r->origin || origin_add(r->origin, n->kids[1]->str, e) < 0) {
                val_unref(r);
                r = fail_at(s, n);
            }
        }
    } else if (obj->kind == VAL_LIST) {
        if (n->n != 2 || n->kids[1]->kind == N_SLICE) {
            if (n->n == 2) {
                int ok = 1;
                long a = slice_bound(s, n->kids[1]->kids[0], obj->u.list.n, 0, &ok, e);
                long b = ok ? slice_bound(s, n->kids[1]->kids[1], obj->u.list.n, (long)obj->u.list.n, &ok, e) : 0;
                if (ok) {
                    size_t cnt = b > a ? (size_t)(b - a) : 0;
                    r = val_list(cnt, e);
                    for (size_t i = 0; r && i < cnt; i++)
                        val_list_set(r, i, val_ref(obj->u.list.items[a + (long)i]));
                    if (!r) fail_at(s, n);
                }
            } else {
                err_set(e, "a list takes one index");
                fail_at(s, n);
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
                err_set(e, "a list index must be a number, got %s", val_describe(iv, buf, sizeof buf));
                fail_at(s, n->kids[1]);
            }
            val_unref(iv);
        }
    } else if (obj->kind == VAL_MODEL && n->n == 2 && n->kids[1]->kind == N_STR) {
        Value *f = val_model_get(obj, n->kids[1]->str);
        if (f)
            r = val_ref(f);
        else {
            err_set(e, "%s model has no field '%s'", obj->u.model->type, n->kids[1]->str);
            fail_at(s, n);
        }
    } else {
        err_set(e, "cannot index %s", val_describe(obj, buf, sizeof buf));
        fail_at(s, n);
    }
    val_unref(obj);
    return r;
}

/* ---- fields --------------------------------------------------------- */

static Value *eval_field(Session *s, const Node *n, Err *e)
{
    Value *obj = eval(s, n->kids[0], e), *r = NULL;
    char buf[64];
    if (!obj) return NULL;
    if (obj->kind == VAL_MODEL) {
        Value *f = val_model_get(obj, n->str);
        if (f) {
            r = val_ref(f);
        } else {
            const Model *m = obj->u.model;
            char list[512] = "", hint[160];
            size_t used = 0;
            Suggest sg;
            suggest_init(&sg, n->str);
            for (size_t i = 0; i < m->n && used < sizeof list - 40; i++) {
                used += (size_t)snprintf(list + used, sizeof list - used, "%s%s", i ? ", " : "", m->names[i]);
                suggest_add(&sg, m->names[i]);
            }
            if (suggest_hint(&sg, hint, sizeof hint))
                err_set(e, "%s model has no field '%s'; %s (fields: %s)", m->type, n->str, hint, list);
            else
                err_set(e, "%s model has no field '%s' (fields: %s)", m->type, n->str, list);
        }
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

/* ---- calls ---------------------------------------------------------- */

static const char *type_name(ParamType t)
{
    switch (t) {
    case P_NUM: return "number";
    case P_INT: return "integer";
    case P_BOOL: return "true or false";
    case P_STR: return "string";
    case P_MAT: return "matrix";
    case P_LIST: return "list";
    case P_MODEL: return "model";
    case P_PLOT: return "plot";
    default: return "value";
    }
}

/* Convert/check v for parameter p of builtin b.  Consumes v; returns the
 * converted value or NULL with e set. */
static Value *convert_arg(const Builtin *b, const Param *p, Value *v, Err *e)
{
    char buf[64];
    if (v->kind == VAL_NONE) return v; /* none is allowed for every optional parameter */
    switch (p->type) {
    case P_ANY: return v;
    case P_NUM:
    case P_INT:
    case P_BOOL:
        if (v->kind == VAL_MAT && v->u.mat->rows * v->u.mat->cols == 1) {
            Value *x = val_num(v->u.mat->data[0], e);
            val_unref(v);
            v = x;
            if (!v) return NULL;
        }
        if (v->kind != VAL_NUM) break;
        if (p->type == P_INT && v->u.num != floor(v->u.num)) {
            err_set(e, "%s: %s must be an integer, got %g", b->name, p->name, v->u.num);
            val_unref(v);
            return NULL;
        }
        return v;
    case P_STR:
        if (v->kind == VAL_STR) return v;
        break;
    case P_MAT: {
        if (v->kind == VAL_MODEL) {
            Value *f = val_model_main(v); /* a model stands for its main matrix */
            if (!f) break;
            val_ref(f);
            val_unref(v);
            return f;
        }
        if (v->kind != VAL_MAT && v->kind != VAL_NUM && v->kind != VAL_LIST) break;
        Value *m = val_to_mat(v, b->name, e);
        val_unref(v);
        return m;
    }
    case P_LIST:
        if (v->kind == VAL_LIST || v->kind == VAL_MAT) return v; /* [1, 2] is a vector */
        break;
    case P_MODEL:
        if (v->kind == VAL_MODEL) return v;
        break;
    case P_PLOT:
        if (v->kind == VAL_PLOT) return v;
        break;
    }
    err_set(e, "%s: %s must be a %s, got %s", b->name, p->name, type_name(p->type),
            val_describe(v, buf, sizeof buf));
    val_unref(v);
    return NULL;
}

static Value *eval_source_expr(Session *s, const char *src, Err *e);

static Value *eval_call(Session *s, const Node *n, Err *e)
{
    const Node *callee = n->kids[0];
    char buf[64];
    if (callee->kind != N_NAME) {
        err_set(e, "only builtins can be called");
        return fail_at(s, n);
    }
    const Builtin *b = builtin_find(callee->str);
    if (!b) {
        Value *v = env_get(s->ctx.env, callee->str);
        if (v)
            err_set(e, "'%s' is a %s, not a builtin", callee->str, val_describe(v, buf, sizeof buf));
        else
            err_set(e, "unknown builtin '%s'", callee->str);
        return fail_at(s, callee);
    }
    size_t np = 0;
    int variadic = -1;
    while (np < BUILTIN_MAX_PARAMS && b->params[np].name) {
        if (strncmp(b->params[np].name, "...", 3) == 0) variadic = (int)np;
        np++;
    }
    Value *args[BUILTIN_MAX_PARAMS] = {0};
    Value *rest = NULL;
    const Node *where[BUILTIN_MAX_PARAMS] = {0};
    Value *result = NULL;
    size_t pos = 0;
    int name_args = (b->flags & BF_NAME_ARGS) != 0;
    for (size_t i = 1; i < n->n; i++) {
        const Node *an = n->kids[i];
        const char *kw = n->kw[i];
        Value *v;
        if (name_args && an->kind == N_NAME && !kw)
            v = val_str(an->str, e);
        else
            v = eval(s, an, e);
        if (!v) {
            if (!s->line) fail_at(s, an);
            goto done;
        }
        size_t slot;
        if (kw) {
            for (slot = 0; slot < np; slot++)
                if (strcmp(b->params[slot].name, kw) == 0) break;
            if (slot == np) {
                char list[256] = "";
                size_t used = 0;
                for (size_t k = 0; k < np && used < sizeof list - 40; k++)
                    used += (size_t)snprintf(list + used, sizeof list - used, "%s%s", k ? ", " : "",
                                             b->params[k].name);
                err_set(e, "%s: unknown keyword '%s' (parameters: %s)", b->name, kw, list);
                val_unref(v);
                fail_at(s, an);
                goto done;
            }
        } else if (variadic >= 0 && pos >= (size_t)variadic) {
            if (!rest && !(rest = val_list(0, e))) {
                val_unref(v);
                fail_at(s, an);
                goto done;
            }
            Value **items = realloc(rest->u.list.items, (rest->u.list.n + 1) * sizeof *items);
            if (!items) {
                val_unref(v);
                err_nomem(e, 64, "arguments");
                fail_at(s, an);
                goto done;
            }
            rest->u.list.items = items;
            items[rest->u.list.n++] = v;
            continue;
        } else {
            slot = pos++;
            if (slot >= np) {
                err_set(e, "%s: too many arguments (takes at most %zu)", b->name, np);
                val_unref(v);
                fail_at(s, an);
                goto done;
            }
        }
        if (args[slot]) {
            err_set(e, "%s: %s given twice", b->name, b->params[slot].name);
            val_unref(v);
            fail_at(s, an);
            goto done;
        }
        args[slot] = convert_arg(b, &b->params[slot], v, e);
        where[slot] = an;
        if (!args[slot]) {
            fail_at(s, an);
            goto done;
        }
    }
    for (size_t k = 0; k < np; k++) {
        if (args[k]) continue;
        if ((int)k == variadic) {
            args[k] = rest ? rest : val_list(0, e);
            rest = NULL;
            if (!args[k]) {
                fail_at(s, n);
                goto done;
            }
            continue;
        }
        const Param *p = &b->params[k];
        if (!p->def) {
            err_set(e, "%s: missing argument '%s'", b->name, p->name);
            fail_at(s, n);
            goto done;
        }
        Value *d = eval_source_expr(s, p->def, e);
        if (d) d = convert_arg(b, p, d, e);
        if (!d) {
            err_prefix(e, "default of %s.%s", b->name, p->name);
            fail_at(s, n);
            goto done;
        }
        args[k] = d;
    }
    Value *out = NULL;
    if (b->fn(&s->ctx, args, &out, e) < 0) {
        /* An error about one argument points at it: the handler said
         * which (err_param), or the code below named its input (err_about). */
        const Node *at = n;
        int k = e->param - 1;
        if (k < 0 && e->about[0]) /* code below the language names its input */
            for (size_t j = 0; j < np; j++)
                if (strcmp(b->params[j].name, e->about) == 0) k = (int)j;
        if (k >= 0 && (size_t)k < np && where[k]) at = where[k];
        fail_at(s, at);
        goto done;
    }
    result = out ? out : val_none();
done:
    for (size_t k = 0; k < np; k++) val_unref(args[k]);
    val_unref(rest);
    return result;
}

/* ---- dispatch ------------------------------------------------------- */

static Value *eval(Session *s, const Node *n, Err *e)
{
    if (session_interrupted) {
        err_cancelled(e);
        return fail_at(s, n);
    }
    if (s->step_limit && ++s->steps > s->step_limit) {
        err_set(e, "step limit reached (%lu steps)", s->step_limit);
        return fail_at(s, n);
    }
    switch (n->kind) {
    case N_NUM: {
        Value *v = val_num(n->num, e);
        return v ? v : fail_at(s, n);
    }
    case N_STR: {
        Value *v = val_str(n->str, e);
        return v ? v : fail_at(s, n);
    }
    case N_NAME: return eval_name(s, n, e);
    case N_LIST: return eval_list(s, n, e);
    case N_NEG: return eval_neg(s, n, e);
    case N_BIN: return eval_binary(s, n, e);
    case N_CALL: return eval_call(s, n, e);
    case N_INDEX: return eval_index(s, n, e);
    case N_FIELD: return eval_field(s, n, e);
    case N_SLICE:
        err_set(e, "a slice ':' is only allowed inside [ ]");
        return fail_at(s, n);
    case N_ASSIGN: {
        Value *v = eval(s, n->kids[0], e);
        if (!v) return NULL;
        /* A variable may shadow a builtin: `mean = 5` then `mean` is 5. */
        if (strcmp(n->str, "true") == 0 || strcmp(n->str, "false") == 0 || strcmp(n->str, "none") == 0) {
            val_unref(v);
            err_set(e, "cannot assign to '%s'", n->str);
            return fail_at(s, n);
        }
        if (env_set(s->ctx.env, n->str, v, e) < 0) return fail_at(s, n);
        return val_none();
    }
    }
    err_set(e, "internal error: unknown node");
    return fail_at(s, n);
}

/* Evaluate a short piece of source (a builtin's default) as an expression. */
static Value *eval_source_expr(Session *s, const char *src, Err *e)
{
    TokList t;
    Program p;
    int line, col;
    if (lex_tokenize(src, 1, &t, &line, &col, e) < 0) return NULL;
    if (parse_program(&t, NULL, &p, &line, &col, e) < 0) {
        lex_free(&t);
        return NULL;
    }
    Value *v = p.n == 1 ? eval(s, p.stmts[0], e) : (err_set(e, "bad default '%s'", src), NULL);
    parse_free(&p);
    lex_free(&t);
    return v;
}

int session_run(Session *s, const char *src, const char *file, int first_line, SrcPos *pos, Err *e)
{
    TokList t;
    int line = 0, col = 0;
    (void)file;
    err_clear(e);
    pos->line = pos->col = 0;
    current = s;
    s->steps = 0;
    if (lex_tokenize(src, first_line, &t, &line, &col, e) < 0) {
        pos->line = line;
        pos->col = col;
        return -1;
    }
    ParseState ps = {&t, 0};
    int rc = 0;
    for (;;) {
        Node *st;
        int r = parse_next_stmt(&ps, is_command, &st, &line, &col, e);
        if (r == 0) break;
        if (r < 0) {
            pos->line = line;
            pos->col = col;
            rc = -1;
            break;
        }
        s->line = s->col = 0;
        Value *v = eval(s, st, e);
        if (!v) {
            rc = -1;
            pos->line = s->line ? s->line : st->line;
            pos->col = s->line ? s->col : st->col;
        } else {
            /* Show the value of an expression statement (not of an
             * assignment, and not the none a command like print returns). */
            if (st->kind != N_ASSIGN && show_value(&s->ctx, v, e) < 0) {
                rc = -1;
                pos->line = st->line;
                pos->col = st->col;
            }
            val_unref(v);
            if (rc == 0 && session_interrupted) {
                err_cancelled(e);
                e->cancelled = 2; /* the statement finished: its (partial) result was kept */
                pos->line = st->line;
                pos->col = st->col;
                rc = -1;
            }
        }
        node_free(st);
        if (rc < 0) break;
    }
    lex_free(&t);
    return rc;
}

int session_incomplete(const char *src)
{
    TokList t;
    Err e;
    int line, col;
    /* Lexer errors before the end (a stray character) are for the run to
     * report; an error is never a reason to wait for more lines. */
    if (lex_tokenize_n(src, strlen(src), 1, LEX_PARTIAL, &t, &line, &col, &e) < 0) return 0;
    int more = 0;
    if (!t.failed) {
        if (t.open_brackets > 0 || t.continued) more = 1;
        /* The last token before the end: a binary operator, '=' or ','
         * wants its right-hand side on the next line. */
        size_t k = t.n - 1; /* T_EOF */
        while (k > 0 && t.v[k - 1].kind == T_NEWLINE && t.v[k - 1].text[0] == '\n') k--;
        if (!more && k > 0) {
            const Token *last = &t.v[k - 1];
            static const char *const ops[] = {"+", "-", "*", "/", "**", "@", "=", ",", "==", "!=",
                                              "<", ">", "<=", ">=", NULL};
            for (int i = 0; ops[i]; i++)
                if (tok_is(last, ops[i])) more = 1;
            if (tok_is_kw(last, "and") || tok_is_kw(last, "or") || tok_is_kw(last, "not")) more = 1;
        }
        if (!more) more = parse_open_blocks(&t) > 0;
    }
    lex_free(&t);
    return more;
}

/* ---- completion ------------------------------------------------------ */

typedef struct Cands {
    char **v;
    size_t n, cap;
} Cands;

static void cand_add(Cands *c, const char *prefix, size_t plen, const char *s, const char *suffix)
{
    if (strncmp(s, prefix, plen) != 0) return;
    for (size_t i = 0; i < c->n; i++) /* keep unique */
        if (strncmp(c->v[i], s, strlen(s)) == 0 && strlen(c->v[i]) == strlen(s) + strlen(suffix)) return;
    if (c->n + 2 > c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 32;
        char **v = realloc(c->v, cap * sizeof *v);
        if (!v) return;
        c->v = v;
        c->cap = cap;
    }
    size_t l = strlen(s), ls = strlen(suffix);
    char *d = malloc(l + ls + 1);
    if (!d) return;
    memcpy(d, s, l);
    memcpy(d + l, suffix, ls + 1);
    c->v[c->n++] = d;
    c->v[c->n] = NULL;
}

/* The builtin whose argument list the cursor is in, or NULL: the call
 * whose '(' is still open before the cursor, or the command (a builtin
 * called without parentheses) that starts the statement. */
static const Builtin *enclosing_call(const char *line, int start)
{
    TokList t;
    Err e;
    int l, c;
    if (lex_tokenize_n(line, (size_t)start, 1, LEX_PARTIAL, &t, &l, &c, &e) < 0) return NULL;
    const Builtin *b = NULL;
    size_t n = t.n - 1; /* without T_EOF */
    int depth = 0;
    size_t k = n;
    for (; k > 0; k--) {
        const Token *tk = &t.v[k - 1];
        if (tk->kind == T_NEWLINE) break;
        if (tok_is(tk, ")") || tok_is(tk, "]")) depth++;
        if (tok_is(tk, "[") && depth > 0) depth--;
        if (tok_is(tk, "(")) {
            if (depth > 0) {
                depth--;
                continue;
            }
            if (k >= 2 && t.v[k - 2].kind == T_IDENT && !tk->space_before) {
                char name[LIMIT_NAME_LENGTH + 1];
                size_t len = t.v[k - 2].len;
                memcpy(name, t.v[k - 2].text, len);
                name[len] = '\0';
                b = builtin_find(name);
            }
            goto done;
        }
    }
    /* A command without parentheses: the statement's first word, followed
     * by its first argument before the cursor. */
    if (k < n && t.v[k].kind == T_IDENT && k + 1 < n && t.v[k + 1].space_before) {
        char name[LIMIT_NAME_LENGTH + 1];
        memcpy(name, t.v[k].text, t.v[k].len);
        name[t.v[k].len] = '\0';
        b = builtin_find(name);
    } else if (k < n && t.v[k].kind == T_IDENT && k + 1 == n && start > 0 && line[start - 1] == ' ') {
        char name[LIMIT_NAME_LENGTH + 1];
        memcpy(name, t.v[k].text, t.v[k].len);
        name[t.v[k].len] = '\0';
        b = builtin_find(name);
    }
done:
    lex_free(&t);
    return b;
}

char **session_complete(Session *s, const char *line, int start, int end)
{
    Cands c = {0};
    char prefix[256];
    int plen = end - start < 255 ? end - start : 255;
    memcpy(prefix, line + start, (size_t)plen);
    prefix[plen] = '\0';
    /* Field names after "name." */
    if (start > 0 && line[start - 1] == '.') {
        int j = start - 1;
        while (j > 0 && (isalnum((unsigned char)line[j - 1]) || line[j - 1] == '_')) j--;
        char name[128];
        int len = start - 1 - j < 127 ? start - 1 - j : 127;
        memcpy(name, line + j, (size_t)len);
        name[len] = '\0';
        const Value *v = env_get(s->ctx.env, name);
        if (v && v->kind == VAL_MODEL)
            for (size_t i = 0; i < v->u.model->n; i++) cand_add(&c, prefix, (size_t)plen, v->u.model->names[i], "");
        if (v && v->kind == VAL_MAT)
            for (size_t i = 0; matfield_at(i); i++) cand_add(&c, prefix, (size_t)plen, matfield_at(i)->name, "");
        return c.v;
    }
    const Builtin *call = enclosing_call(line, start);
    for (int k = 0; call && k < BUILTIN_MAX_PARAMS && call->params[k].name; k++)
        if (call->params[k].def) cand_add(&c, prefix, (size_t)plen, call->params[k].name, "=");
    size_t nv;
    const char **names = env_names(s->ctx.env, &nv, NULL);
    for (size_t i = 0; names && i < nv; i++) cand_add(&c, prefix, (size_t)plen, names[i], "");
    free(names);
    for (size_t i = 0; builtin_at(i); i++) cand_add(&c, prefix, (size_t)plen, builtin_at(i)->name, "");
    static const char *kw[] = {"true", "false", "none", NULL};
    for (int i = 0; kw[i]; i++) cand_add(&c, prefix, (size_t)plen, kw[i], "");
    if (s->ctx.use_emb && plen > 0) {
        const Mat *E = s->ctx.use_emb->u.mat;
        size_t before = c.n;
        for (size_t i = 0; i < E->rows && c.n - before < 200; i++)
            if (E->row_names[i] && strncmp(E->row_names[i], prefix, (size_t)plen) == 0) {
                if (c.n + 2 > c.cap) {
                    size_t cap = c.cap ? c.cap * 2 : 32;
                    char **v = realloc(c.v, cap * sizeof *v);
                    if (!v) break;
                    c.v = v;
                    c.cap = cap;
                }
                char *d = strdup(E->row_names[i]);
                if (!d) break;
                c.v[c.n++] = d;
                c.v[c.n] = NULL;
            }
    }
    return c.v;
}
