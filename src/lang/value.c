#include "lang/value.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/parse.h"
#include "plot/plot.h"

static Value none_value = {.refs = 1 << 30, .kind = VAL_NONE};

Value *val_ref(Value *v)
{
    if (v && v != &none_value) v->refs++;
    return v;
}

static void origin_free(WordOrigin *o)
{
    if (!o) return;
    val_unref(o->emb);
    for (size_t i = 0; i < o->n; i++) free(o->words[i]);
    free(o->words);
    free(o);
}

static void model_free(Model *m)
{
    if (!m) return;
    for (size_t i = 0; i < m->n; i++) {
        free(m->names[i]);
        val_unref(m->fields[i]);
    }
    free(m->names);
    free(m->fields);
    if (m->impl_refs && --*m->impl_refs > 0) { /* a copy still uses the C state */
    } else {
        free(m->impl_refs);
        if (m->impl_free) m->impl_free(m->impl);
    }
    free(m->main_field);
    free(m->type);
    free(m);
}

void val_unref(Value *v)
{
    if (!v || v == &none_value) return;
    if (--v->refs > 0) return;
    switch (v->kind) {
    case VAL_STR: free(v->u.str); break;
    case VAL_MAT: mat_free(v->u.mat); break;
    case VAL_LIST:
        for (size_t i = 0; i < v->u.list.n; i++) val_unref(v->u.list.items[i]);
        free(v->u.list.items);
        break;
    case VAL_MODEL: model_free(v->u.model); break;
    case VAL_PLOT: plot_free(v->u.plot); break;
    case VAL_FN:
        node_free(v->u.fn->def);
        free(v->u.fn->name);
        free(v->u.fn->file);
        free(v->u.fn);
        break;
    default: break;
    }
    origin_free(v->origin);
    free(v);
}

static Value *val_alloc(ValKind k, Err *e)
{
    Value *v = calloc(1, sizeof *v);
    if (!v) {
        err_nomem(e, sizeof *v, "value");
        return NULL;
    }
    v->refs = 1;
    v->kind = k;
    return v;
}

Value *val_none(void)
{
    return &none_value;
}

Value *val_num(double x, Err *e)
{
    Value *v = val_alloc(VAL_NUM, e);
    if (v) v->u.num = x;
    return v;
}

Value *val_bool(int b, Err *e)
{
    Value *v = val_num(b ? 1 : 0, e);
    if (v) v->is_bool = 1;
    return v;
}

Value *val_strn(const char *s, size_t n, Err *e)
{
    Value *v = val_alloc(VAL_STR, e);
    if (!v) return NULL;
    v->u.str = malloc(n + 1);
    if (!v->u.str) {
        free(v);
        err_nomem(e, n + 1, "string");
        return NULL;
    }
    memcpy(v->u.str, s, n);
    v->u.str[n] = '\0';
    return v;
}

Value *val_str(const char *s, Err *e)
{
    return val_strn(s, strlen(s), e);
}

Value *val_mat(Mat *m, Err *e)
{
    if (!m) return NULL;
    Value *v = val_alloc(VAL_MAT, e);
    if (!v) {
        mat_free(m);
        return NULL;
    }
    v->u.mat = m;
    return v;
}

Value *val_list(size_t n, Err *e)
{
    Value *v = val_alloc(VAL_LIST, e);
    if (!v) return NULL;
    v->u.list.items = calloc(n ? n : 1, sizeof(Value *));
    if (!v->u.list.items) {
        free(v);
        err_nomem(e, n * sizeof(Value *), "list");
        return NULL;
    }
    for (size_t i = 0; i < n; i++) v->u.list.items[i] = val_none();
    v->u.list.n = n;
    return v;
}

void val_list_set(Value *list, size_t i, Value *item)
{
    val_unref(list->u.list.items[i]);
    list->u.list.items[i] = item;
}

Value *val_model(const char *type, Err *e)
{
    Value *v = val_alloc(VAL_MODEL, e);
    if (!v) return NULL;
    v->u.model = calloc(1, sizeof(Model));
    if (!v->u.model || !(v->u.model->type = strdup(type))) {
        if (v->u.model) free(v->u.model);
        free(v);
        err_nomem(e, sizeof(Model), "model");
        return NULL;
    }
    return v;
}

int val_model_set(Value *model, const char *name, Value *field, Err *e)
{
    if (!field) return -1;
    Model *m = model->u.model;
    for (size_t i = 0; i < m->n; i++)
        if (strcmp(m->names[i], name) == 0) {
            val_unref(m->fields[i]);
            m->fields[i] = field;
            return 0;
        }
    if (m->n == m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 8;
        char **names = realloc(m->names, cap * sizeof *names);
        if (!names) goto oom;
        m->names = names;
        Value **fields = realloc(m->fields, cap * sizeof *fields);
        if (!fields) goto oom;
        m->fields = fields;
        m->cap = cap;
    }
    m->names[m->n] = strdup(name);
    if (!m->names[m->n]) goto oom;
    m->fields[m->n++] = field;
    return 0;
oom:
    val_unref(field);
    return err_nomem(e, 64, "model field");
}

int val_model_set_mat(Value *model, const char *name, Mat *m, Err *e)
{
    Value *v = val_mat(m, e);
    return v ? val_model_set(model, name, v, e) : -1;
}

int val_model_set_num(Value *model, const char *name, double x, Err *e)
{
    Value *v = val_num(x, e);
    return v ? val_model_set(model, name, v, e) : -1;
}

int val_model_set_str(Value *model, const char *name, const char *s, Err *e)
{
    Value *v = val_str(s, e);
    return v ? val_model_set(model, name, v, e) : -1;
}

Value *val_model_get(const Value *model, const char *name)
{
    const Model *m = model->u.model;
    for (size_t i = 0; i < m->n; i++)
        if (strcmp(m->names[i], name) == 0) return m->fields[i];
    return NULL;
}

Value *val_plot(Plot *p, Err *e)
{
    if (!p) return NULL;
    Value *v = val_alloc(VAL_PLOT, e);
    if (!v) {
        plot_free(p);
        return NULL;
    }
    v->u.plot = p;
    return v;
}

Value *val_fn(const char *name, Node *def, const char *file, Err *e)
{
    Value *v = val_alloc(VAL_FN, e);
    if (!v) return NULL;
    Func *f = calloc(1, sizeof *f);
    if (!f || !(f->name = strdup(name)) || !(f->file = strdup(file ? file : ""))) {
        if (f) free(f->name);
        free(f);
        free(v);
        err_nomem(e, sizeof *f, "function");
        return NULL;
    }
    f->def = node_ref(def);
    v->u.fn = f;
    return v;
}

int val_depth(const Value *v)
{
    if (v->kind != VAL_LIST && v->kind != VAL_MODEL) return 0;
    return v->depth > 0 ? v->depth : 1;
}

Value *val_copy_mat(const Value *v, Err *e)
{
    Value *c = val_mat(mat_clone(v->u.mat, e), e);
    if (c) c->is_bool = v->is_bool;
    return c;
}

Value *val_copy_shallow(const Value *v, Err *e)
{
    if (v->kind == VAL_LIST) {
        Value *c = val_list(v->u.list.n, e);
        if (!c) return NULL;
        for (size_t i = 0; i < v->u.list.n; i++) val_list_set(c, i, val_ref(v->u.list.items[i]));
        c->depth = v->depth;
        return c;
    }
    if (v->kind == VAL_MODEL) {
        const Model *m = v->u.model;
        Value *c = val_model(m->type, e);
        if (!c) return NULL;
        for (size_t i = 0; i < m->n; i++)
            if (val_model_set(c, m->names[i], val_ref(m->fields[i]), e) < 0) goto fail;
        if (m->main_field && val_model_set_main(c, m->main_field, e) < 0) goto fail;
        c->u.model->n_own = m->n_own;
        if (m->impl) { /* the C state is shared; the last model to go frees it */
            Model *mm = (Model *)m;
            if (!mm->impl_refs) {
                if (!(mm->impl_refs = malloc(sizeof *mm->impl_refs))) {
                    err_nomem(e, sizeof(int), "model");
                    goto fail;
                }
                *mm->impl_refs = 1;
            }
            ++*mm->impl_refs;
            c->u.model->impl = m->impl;
            c->u.model->impl_free = m->impl_free;
            c->u.model->impl_refs = mm->impl_refs;
        }
        c->depth = v->depth;
        return c;
    fail:
        val_unref(c);
        return NULL;
    }
    return val_ref((Value *)v);
}

const char *val_kind_name(ValKind k)
{
    switch (k) {
    case VAL_NONE: return "none";
    case VAL_NUM: return "number";
    case VAL_STR: return "string";
    case VAL_MAT: return "matrix";
    case VAL_LIST: return "list";
    case VAL_MODEL: return "model";
    case VAL_PLOT: return "plot";
    case VAL_FN: return "function";
    }
    return "value";
}

const char *val_describe(const Value *v, char *buf, size_t n)
{
    switch (v->kind) {
    case VAL_MAT: snprintf(buf, n, "matrix %zux%zu", v->u.mat->rows, v->u.mat->cols); break;
    case VAL_MODEL: snprintf(buf, n, "%s model", v->u.model->type); break;
    case VAL_LIST: snprintf(buf, n, "list of %zu", v->u.list.n); break;
    case VAL_NUM: snprintf(buf, n, v->is_bool ? "boolean" : "number"); break;
    case VAL_FN: snprintf(buf, n, "function '%s'", v->u.fn->name); break;
    default: snprintf(buf, n, "%s", val_kind_name(v->kind)); break;
    }
    return buf;
}

int val_truthy(const Value *v)
{
    switch (v->kind) {
    case VAL_NONE: return 0;
    case VAL_NUM: return v->u.num != 0;
    case VAL_STR: return v->u.str[0] != '\0';
    case VAL_LIST: return v->u.list.n > 0;
    case VAL_MAT: return v->u.mat->rows * v->u.mat->cols > 0;
    default: return 1;
    }
}

Value *val_to_mat(Value *v, const char *what, Err *e)
{
    char buf[64];
    if (v->kind == VAL_MAT) return val_ref(v);
    if (v->kind == VAL_NUM) {
        Mat *m = mat_new_uninit(1, 1, e);
        if (!m) return NULL;
        m->data[0] = (float)v->u.num;
        return val_mat(m, e);
    }
    if (v->kind != VAL_LIST) {
        err_set(e, "%s: matrix expected, got %s", what, val_describe(v, buf, sizeof buf));
        return NULL;
    }
    size_t n = v->u.list.n;
    if (n == 0) return val_mat(mat_new(0, 0, e), e);
    Value **it = v->u.list.items;
    if (it[0]->kind == VAL_NUM) {
        Mat *m = mat_new_uninit(1, n, e);
        if (!m) return NULL;
        for (size_t j = 0; j < n; j++) {
            if (it[j]->kind != VAL_NUM) {
                mat_free(m);
                err_set(e, "%s: element %zu of the list is a %s, not a number", what, j,
                        val_describe(it[j], buf, sizeof buf));
                return NULL;
            }
            m->data[j] = (float)it[j]->u.num;
        }
        return val_mat(m, e);
    }
    /* A list of rows: each a number list or a 1-row matrix. */
    size_t cols = 0;
    Value **rows = calloc(n, sizeof *rows);
    if (!rows) {
        err_nomem(e, n * sizeof *rows, "list");
        return NULL;
    }
    Mat *m = NULL;
    for (size_t i = 0; i < n; i++) {
        rows[i] = val_to_mat(it[i], what, e);
        if (!rows[i]) goto fail;
        Mat *r = rows[i]->u.mat;
        if (r->rows != 1) {
            err_set(e, "%s: row %zu of the list is a %zux%zu matrix, not a vector", what, i,
                    r->rows, r->cols);
            goto fail;
        }
        if (i == 0) cols = r->cols;
        if (r->cols != cols) {
            err_set(e, "%s: row %zu has %zu values, row 0 has %zu", what, i, r->cols, cols);
            goto fail;
        }
    }
    m = mat_new_uninit(n, cols, e);
    if (!m) goto fail;
    for (size_t i = 0; i < n; i++)
        memcpy(MAT_ROW(m, i), rows[i]->u.mat->data, cols * sizeof(float));
    for (size_t i = 0; i < n; i++) val_unref(rows[i]);
    free(rows);
    return val_mat(m, e);
fail:
    for (size_t i = 0; i < n; i++) val_unref(rows[i]);
    free(rows);
    return NULL;
}

int val_model_set_main(Value *model, const char *field, Err *e)
{
    char *f = strdup(field);
    if (!f) return err_nomem(e, strlen(field) + 1, "model field name");
    free(model->u.model->main_field);
    model->u.model->main_field = f;
    return 0;
}

Value *val_model_main(const Value *model)
{
    const Model *m = model->u.model;
    if (m->main_field) {
        Value *f = val_model_get(model, m->main_field);
        return f && f->kind == VAL_MAT ? f : NULL;
    }
    /* Models made before main_field existed name it by convention. */
    static const char *conventional[] = {"embedding", "scores", "vectors", NULL};
    for (int i = 0; conventional[i]; i++) {
        Value *f = val_model_get(model, conventional[i]);
        if (f && f->kind == VAL_MAT) return f;
    }
    return NULL;
}
