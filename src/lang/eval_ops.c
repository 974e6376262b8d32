/* eval_ops.c — operators: arithmetic with NumPy-style broadcasting, '@',
 * '**', comparisons, and/or/not, unary minus, and the word origins that
 * word arithmetic carries (king - man + woman).
 *
 * A chain of binary operators (a + b + c ...) is a left-deep tree; it is
 * evaluated with a loop down its left spine, so a chain of any length
 * needs no more C stack than one operator. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/blas.h"
#include "lang/interp.h"
#include "lang/show.h"
#include "lang/words.h"

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

int origin_set_word(Value *r, Value *emb, const char *word, Err *e)
{
    r->origin = origin_new(emb, e);
    return r->origin && origin_add(r->origin, word, e) == 0 ? 0 : -1;
}

/* Merge the origins of a and b into r (for + - and scalar * /).  Words of
 * two embeddings do not mix: that is an error naming both. */
static int origin_merge(Session *s, const char *op, Value *r, const Value *a, const Value *b,
                        Err *e)
{
    const WordOrigin *oa = a->kind == VAL_MAT ? a->origin : NULL;
    const WordOrigin *ob = b && b->kind == VAL_MAT ? b->origin : NULL;
    if (!oa && !ob) return 0;
    if (oa && ob && oa->emb->u.mat != ob->emb->u.mat) {
        char f[16];
        snprintf(f, sizeof f, "'%s'", op);
        return words_mixed(&s->ctx, f, oa->emb->u.mat, ob->emb->u.mat, e);
    }
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

Value *word_vector(Value *emb, long row, const char *word, Err *e)
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
    if (origin_set_word(v, emb, word, e) < 0) {
        val_unref(v);
        return NULL;
    }
    return v;
}

/* ---- truth ---------------------------------------------------------- */

/* A condition is one value (man/sections/lang.man, Blocks): a number, a
 * 1x1 matrix, a string or list (true when not empty) or none (false).  A
 * matrix of several values, or of none, is refused as NumPy refuses an
 * array's truth value: whether any or every value is meant is the user's
 * to say. */
int eval_truth(Session *s, const Node *at, const Value *v, const char *what, int *out, Err *e)
{
    char buf[64];
    switch (v->kind) {
    case VAL_NONE:
        *out = 0;
        return 0;
    case VAL_NUM:
        *out = v->u.num != 0;
        return 0;
    case VAL_STR:
        *out = v->u.str[0] != '\0';
        return 0;
    case VAL_LIST:
        *out = v->u.list.n > 0;
        return 0;
    case VAL_MAT: {
        size_t r = v->u.mat->rows, c = v->u.mat->cols;
        if (r * c == 1) {
            *out = v->u.mat->data[0] != 0;
            return 0;
        }
        if (r * c == 0)
            err_set(e,
                    "%s must be one value, got an empty matrix (%zux%zu), neither true nor false",
                    what, r, c);
        else
            err_set(e,
                    "%s must be one value, got matrix %zux%zu (is any value meant? sum(M != 0) > "
                    "0; every one? sum(M == 0) == 0)",
                    what, r, c);
        fail_at(s, at);
        return -1;
    }
    default:
        break;
    }
    err_set(e, "%s must be a number, string, list or none, got %s", what,
            val_describe(v, buf, sizeof buf));
    fail_at(s, at);
    return -1;
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
    case '^': return pow(a, b);
    case '=': return a == b;
    case '!': return a != b;
    case '<': return a < b;
    case '>': return a > b;
    case 'l': return a <= b;
    case 'g': return a >= b;
    case '&': return a != 0 && b != 0;
    case '|': return a != 0 || b != 0;
    }
    return NAN;
}

static char op_code(const char *op)
{
    if (strcmp(op, "==") == 0) return '=';
    if (strcmp(op, "!=") == 0) return '!';
    if (strcmp(op, "<=") == 0) return 'l';
    if (strcmp(op, ">=") == 0) return 'g';
    if (strcmp(op, "**") == 0) return '^';
    if (strcmp(op, "and") == 0) return '&';
    if (strcmp(op, "or") == 0) return '|';
    return op[0];
}

static int is_cmp(char c)
{
    return c == '=' || c == '!' || c == '<' || c == '>' || c == 'l' || c == 'g' || c == '&' ||
           c == '|';
}

/* Elementwise a op b with NumPy-style broadcasting of 2-D shapes. */
static Value *mat_binop(Session *s, const Node *n, Value *va, Value *vb, char op, Err *e)
{
    const Mat *A = va->u.mat, *B = vb->u.mat;
    size_t r =
        A->rows == B->rows ? A->rows : (A->rows == 1 ? B->rows : (B->rows == 1 ? A->rows : 0));
    size_t c =
        A->cols == B->cols ? A->cols : (A->cols == 1 ? B->cols : (B->cols == 1 ? A->cols : 0));
    if ((A->rows != B->rows && A->rows != 1 && B->rows != 1) ||
        (A->cols != B->cols && A->cols != 1 && B->cols != 1)) {
        err_set(e, "shapes %zux%zu and %zux%zu do not match for '%s'", A->rows, A->cols, B->rows,
                B->cols, n->str);
        return fail_at(s, n);
    }
    char what[16]; /* a result too large is refused naming the operator */
    snprintf(what, sizeof what, "'%s'", n->str);
    if (mat_check_size(r, c, what, e) < 0) return fail_at(s, n);
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

static Value *concat_str(Value *a, Value *b, Err *e)
{
    char num[64];
    const char *bs = b->kind == VAL_STR ? b->u.str : show_number(b->u.num, num, sizeof num);
    size_t la = strlen(a->u.str), lb = strlen(bs);
    char *t = malloc(la + lb + 1);
    if (!t) {
        err_nomem(e, la + lb + 1, "string");
        return NULL;
    }
    memcpy(t, a->u.str, la);
    memcpy(t + la, bs, lb + 1);
    Value *r = val_str(t, e);
    free(t);
    return r;
}

static Value *matmul(Session *s, const Node *n, Value *a, Value *b, Err *e)
{
    Value *ma = as_mat(s, n, a, "@", e), *mb = ma ? as_mat(s, n, b, "@", e) : NULL, *r = NULL;
    if (ma && mb) {
        const Mat *A = ma->u.mat, *B = mb->u.mat;
        if (A->cols != B->rows) {
            err_set(e, "shapes %zux%zu and %zux%zu do not match for '@' (%zu columns vs %zu rows)",
                    A->rows, A->cols, B->rows, B->cols, A->cols, B->rows);
            fail_at(s, n);
        } else if (mat_check_size(A->rows, B->cols, "'@'", e) < 0) {
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
    return r;
}

static int is_numeric(const Value *v)
{
    return v->kind == VAL_MAT || v->kind == VAL_NUM || v->kind == VAL_LIST;
}

/* Are two lists the same, item by item (numbers, strings, matrices of one
 * shape with the same numbers, lists again)?  Nesting is bounded by the
 * list depth limit, so the recursion is too. */
static int list_items_equal(const Value *a, const Value *b)
{
    if (a->kind != b->kind) {
        if (a->kind == VAL_NUM && b->kind == VAL_MAT) return list_items_equal(b, a);
        return a->kind == VAL_MAT && b->kind == VAL_NUM && a->u.mat->rows * a->u.mat->cols == 1 &&
               a->u.mat->data[0] == b->u.num;
    }
    switch (a->kind) {
    case VAL_NONE: return 1;
    case VAL_NUM: return a->u.num == b->u.num;
    case VAL_STR: return strcmp(a->u.str, b->u.str) == 0;
    case VAL_MAT: {
        const Mat *x = a->u.mat, *y = b->u.mat;
        if (x->rows != y->rows || x->cols != y->cols) return 0;
        for (size_t i = 0; i < x->rows * x->cols; i++)
            if (x->data[i] != y->data[i]) return 0;
        return 1;
    }
    case VAL_LIST:
        if (a->u.list.n != b->u.list.n) return 0;
        for (size_t i = 0; i < a->u.list.n; i++)
            if (!list_items_equal(a->u.list.items[i], b->u.list.items[i])) return 0;
        return 1;
    default: return a == b; /* models, plots, functions: the same one */
    }
}

/* a op b for the N_BIN n (both borrowed). */
static Value *apply_binary(Session *s, const Node *n, Value *a, Value *b, Err *e)
{
    char op = op_code(n->str), buf1[64], buf2[64];
    Value *r = NULL;
    if (a->kind == VAL_NUM && b->kind == VAL_NUM) {
        double x = apply_op(op, a->u.num, b->u.num);
        r = is_cmp(op) ? val_bool(x != 0, e) : val_num(x, e);
        return r ? r : fail_at(s, n);
    }
    if (a->kind == VAL_STR && (b->kind == VAL_STR || b->kind == VAL_NUM) && op == '+') {
        r = concat_str(a, b, e);
        return r ? r : fail_at(s, n);
    }
    if (a->kind == VAL_STR && b->kind == VAL_STR && (op == '=' || op == '!')) {
        int eq = strcmp(a->u.str, b->u.str) == 0;
        r = val_bool(op == '=' ? eq : !eq, e);
        return r ? r : fail_at(s, n);
    }
    /* two lists (of strings: X.classes == ["a", "b"]), or none and anything,
     * are equal or not as a whole, as in Python; numbers alone are a
     * vector, compared number by number */
    if ((op == '=' || op == '!') && ((a->kind == VAL_LIST && b->kind == VAL_LIST) ||
                                      a->kind == VAL_NONE || b->kind == VAL_NONE)) {
        int eq = list_items_equal(a, b);
        r = val_bool(op == '=' ? eq : !eq, e);
        return r ? r : fail_at(s, n);
    }
    if (op == '@') return matmul(s, n, a, b, e);
    /* two lists joined, as in Python (captions = captions + [text]) */
    if (op == '+' && a->kind == VAL_LIST && b->kind == VAL_LIST) {
        size_t na = a->u.list.n, nb = b->u.list.n;
        if (!(r = val_list(na + nb, e))) return fail_at(s, n);
        for (size_t i = 0; i < na + nb; i++)
            val_list_set(r, i, val_ref(i < na ? a->u.list.items[i] : b->u.list.items[i - na]));
        return r;
    }
    if (is_numeric(a) && is_numeric(b)) {
        Value *ma = as_mat(s, n, a, n->str, e), *mb = ma ? as_mat(s, n, b, n->str, e) : NULL;
        if (ma && mb) {
            r = mat_binop(s, n, ma, mb, op, e);
            if (r && !is_cmp(op) && op != '^' && origin_merge(s, n->str, r, a, b, e) < 0) {
                val_unref(r);
                r = fail_at(s, n);
            }
        }
        val_unref(ma);
        val_unref(mb);
        return r;
    }
    err_set(e, "cannot apply '%s' to %s and %s", n->str, val_describe(a, buf1, sizeof buf1),
            val_describe(b, buf2, sizeof buf2));
    return fail_at(s, n);
}

static int is_mask_like(const Value *v)
{
    return v->kind == VAL_MAT && v->u.mat->rows * v->u.mat->cols != 1;
}

/* One step up the spine: acc (consumed) op the right operand of n. */
static Value *combine(Session *s, const Node *n, Value *acc, Err *e)
{
    char op = op_code(n->str);
    if ((op == '&' || op == '|') && !is_mask_like(acc)) {
        /* Truth values short-circuit: the right side runs only when needed. */
        int t;
        if (eval_truth(s, n->kids[0], acc,
                       n->str[0] == 'a' ? "the left side of 'and'" : "the left side of 'or'", &t,
                       e) < 0) {
            val_unref(acc);
            return NULL;
        }
        val_unref(acc);
        if (op == '&' ? !t : t) {
            Value *r = val_bool(t, e);
            return r ? r : fail_at(s, n);
        }
        Value *b = eval(s, n->kids[1], e);
        if (!b) return NULL;
        if (is_mask_like(b)) { /* true and mask is the mask, as booleans */
            Value *one = val_bool(1, e), *r = one ? apply_binary(s, n, one, b, e) : fail_at(s, n);
            val_unref(one);
            val_unref(b);
            return r;
        }
        int u;
        int rc = eval_truth(s, n->kids[1], b,
                            n->str[0] == 'a' ? "the right side of 'and'" : "the right side of 'or'",
                            &u, e);
        val_unref(b);
        if (rc < 0) return NULL;
        Value *r = val_bool(u, e);
        return r ? r : fail_at(s, n);
    }
    Value *b = eval(s, n->kids[1], e);
    if (!b) {
        val_unref(acc);
        return NULL;
    }
    Value *r = apply_binary(s, n, acc, b, e);
    val_unref(acc);
    val_unref(b);
    return r;
}

Value *eval_binary(Session *s, const Node *n, Err *e)
{
    const Node *small[32], **spine = small;
    size_t depth = 1;
    for (const Node *m = n; m->kids[0]->kind == N_BIN; m = m->kids[0]) depth++;
    if (depth > sizeof small / sizeof *small) {
        spine = malloc(depth * sizeof *spine);
        if (!spine) {
            err_nomem(e, depth * sizeof *spine, "operator chain");
            return fail_at(s, n);
        }
    }
    size_t k = 0;
    for (const Node *m = n;; m = m->kids[0]) {
        spine[k++] = m;
        if (m->kids[0]->kind != N_BIN) break;
    }
    Value *acc = eval(s, spine[depth - 1]->kids[0], e);
    for (size_t i = depth; acc && i > 0; i--) {
        if (session_interrupted) {
            val_unref(acc);
            err_cancelled(e);
            acc = fail_at(s, spine[i - 1]);
            break;
        }
        acc = combine(s, spine[i - 1], acc, e);
    }
    if (spine != small) free(spine);
    return acc;
}

Value *eval_neg(Session *s, const Node *n, Err *e)
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
        if (r && origin_merge(s, "-", r, a, NULL, e) < 0) {
            val_unref(r);
            r = NULL;
        }
    } else {
        err_set(e, "cannot negate %s", val_describe(a, buf, sizeof buf));
    }
    val_unref(a);
    return r ? r : fail_at(s, n);
}

Value *eval_not(Session *s, const Node *n, Err *e)
{
    Value *a = eval(s, n->kids[0], e), *r = NULL;
    if (!a) return NULL;
    if (is_mask_like(a)) { /* elementwise on a mask */
        Mat *m = mat_clone(a->u.mat, e);
        if (m)
            for (size_t i = 0; i < m->rows * m->cols; i++) m->data[i] = m->data[i] == 0;
        r = val_mat(m, e);
        if (r) r->is_bool = 1;
    } else {
        int t;
        if (eval_truth(s, n->kids[0], a, "the operand of 'not'", &t, e) < 0) {
            val_unref(a);
            return NULL;
        }
        r = val_bool(!t, e);
    }
    val_unref(a);
    return r ? r : fail_at(s, n);
}
