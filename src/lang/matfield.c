/* matfield.c — see matfield.h. */
#include "lang/matfield.h"

#include <stdio.h>
#include <string.h>

#include <stdlib.h>

#include "core/strmap.h"
#include "lang/builtin.h"
#include "lang/suggest.h"

static Value *strings_to_list(char **names, size_t n, Err *e)
{
    Value *l = val_list(n, e);
    for (size_t i = 0; l && i < n; i++) {
        Value *s = val_str(names[i] ? names[i] : "", e);
        if (!s) {
            val_unref(l);
            return NULL;
        }
        val_list_set(l, i, s);
    }
    return l;
}

static Value *f_rows(const Mat *m, Err *e)
{
    return val_num((double)m->rows, e);
}

static Value *f_cols(const Mat *m, Err *e)
{
    return val_num((double)m->cols, e);
}

static Value *f_shape(const Mat *m, Err *e)
{
    Value *l = val_list(2, e);
    Value *a = l ? val_num((double)m->rows, e) : NULL, *b = a ? val_num((double)m->cols, e) : NULL;
    if (!b) {
        val_unref(a);
        val_unref(l);
        return NULL;
    }
    val_list_set(l, 0, a);
    val_list_set(l, 1, b);
    return l;
}

static Value *f_labels(const Mat *m, Err *e)
{
    if (!m->labels) return val_none();
    Mat *L = mat_new_uninit(1, m->rows, e);
    if (!L) return NULL;
    for (size_t i = 0; i < m->rows; i++) L->data[i] = (float)m->labels[i];
    if (mat_copy_label_names(L, m, e) < 0) {
        mat_free(L);
        return NULL;
    }
    return val_mat(L, e);
}

static Value *f_classes(const Mat *m, Err *e)
{
    return m->label_names ? strings_to_list(m->label_names, m->n_classes, e) : val_none();
}

static Value *f_names(const Mat *m, Err *e)
{
    return m->row_names ? strings_to_list(m->row_names, m->rows, e) : val_none();
}

static Value *f_colnames(const Mat *m, Err *e)
{
    return m->col_names ? strings_to_list(m->col_names, m->cols, e) : val_none();
}

static Value *f_T(const Mat *m, Err *e)
{
    Mat *t = mat_new_uninit(m->cols, m->rows, e);
    if (!t) return NULL;
    for (size_t i = 0; i < m->rows; i++)
        for (size_t j = 0; j < m->cols; j++) MAT_AT(t, j, i) = MAT_AT(m, i, j);
    return val_mat(t, e);
}

/* n strings from a list of strings (or none: *out = NULL).  what names
 * the field in errors. */
static int strings_from(const Value *v, size_t n, const char *what, char ***out, Err *e)
{
    char buf[64];
    *out = NULL;
    if (v->kind == VAL_NONE) return 0;
    if (v->kind != VAL_LIST)
        return err_set(e, "%s must be a list of %zu strings, got %s", what, n,
                       val_describe(v, buf, sizeof buf));
    if (v->u.list.n != n)
        return err_set(e, "%s must be a list of %zu strings, got %zu", what, n, v->u.list.n);
    char **s = calloc(n ? n : 1, sizeof *s);
    if (!s) return err_nomem(e, n * sizeof *s, what);
    for (size_t i = 0; i < n; i++) {
        const Value *it = v->u.list.items[i];
        if (it->kind != VAL_STR) {
            for (size_t k = 0; k < i; k++) free(s[k]);
            free(s);
            return err_set(e, "%s must be strings; item %zu is a %s", what, i,
                           val_describe(it, buf, sizeof buf));
        }
        if (!(s[i] = strdup(it->u.str))) {
            for (size_t k = 0; k < i; k++) free(s[k]);
            free(s);
            return err_nomem(e, strlen(it->u.str), what);
        }
    }
    *out = s;
    return 0;
}

static void free_strings(char **s, size_t n)
{
    for (size_t i = 0; s && i < n; i++) free(s[i]);
    free(s);
}

static int s_names(Mat *m, const Value *v, Err *e)
{
    char **s;
    if (strings_from(v, m->rows, "X.names", &s, e) < 0) return -1;
    free_strings(m->row_names, m->rows);
    m->row_names = s;
    strmap_free(m->row_index); /* the name index is rebuilt on the next lookup */
    m->row_index = NULL;
    return 0;
}

static int s_colnames(Mat *m, const Value *v, Err *e)
{
    char **s;
    if (strings_from(v, m->cols, "X.colnames", &s, e) < 0) return -1;
    free_strings(m->col_names, m->cols);
    m->col_names = s;
    return 0;
}

static int s_classes(Mat *m, const Value *v, Err *e)
{
    char buf[64];
    if (v->kind != VAL_NONE && v->kind != VAL_LIST)
        return err_set(e, "X.classes must be a list of class names, got %s",
                       val_describe(v, buf, sizeof buf));
    size_t n = v->kind == VAL_LIST ? v->u.list.n : 0;
    int top = -1;
    for (size_t i = 0; m->labels && i < m->rows; i++)
        if (m->labels[i] > top) top = m->labels[i];
    if (v->kind == VAL_LIST && (size_t)(top + 1) > n)
        return err_set(e,
                       "X.classes: the labels go up to class %d, so %d names are needed, got %zu",
                       top, top + 1, n);
    char **s;
    if (strings_from(v, n, "X.classes", &s, e) < 0) return -1;
    free_strings(m->label_names, m->n_classes);
    m->label_names = s;
    m->n_classes = s ? n : (size_t)(top + 1);
    return 0;
}

static int s_labels(Mat *m, const Value *v, Err *e)
{
    if (v->kind == VAL_NONE) {
        free(m->labels);
        free_strings(m->label_names, m->n_classes);
        m->labels = NULL;
        m->label_names = NULL;
        m->n_classes = 0;
        return 0;
    }
    Mat names = {0};
    int *labels = NULL;
    if (arg_labels("X.labels", (Value *)v, m->rows, &labels, &names, e) < 0) {
        free(labels);
        return -1;
    }
    free(m->labels);
    free_strings(m->label_names, m->n_classes);
    m->labels = labels;
    m->label_names = names.label_names;
    m->n_classes = names.n_classes;
    if (names.label_column) { /* labels from another matrix bring their column's name */
        free(m->label_column);
        m->label_column = names.label_column;
    }
    if (!m->label_names) {
        int top = -1;
        for (size_t i = 0; i < m->rows; i++)
            if (labels[i] > top) top = labels[i];
        m->n_classes = (size_t)(top + 1);
    }
    return 0;
}

static const MatField fields[] = {
    {"rows", "number of rows", f_rows, NULL},
    {"cols", "number of columns", f_cols, NULL},
    {"shape", "[rows, cols]", f_shape, NULL},
    {"labels", "class of each row as a vector (none when unlabelled); settable", f_labels,
     s_labels},
    {"classes", "class names as a list of strings, or none; settable", f_classes, s_classes},
    {"names", "row names (words, file names) as a list of strings, or none; settable", f_names,
     s_names},
    {"colnames", "column names as a list of strings, or none; settable", f_colnames, s_colnames},
    {"T", "the transpose", f_T, NULL},
    {NULL, NULL, NULL, NULL},
};

const MatField *matfield_at(size_t i)
{
    return i < sizeof fields / sizeof *fields - 1 ? &fields[i] : NULL;
}

const MatField *matfield_find(const char *name)
{
    for (const MatField *f = fields; f->name; f++)
        if (strcmp(f->name, name) == 0) return f;
    return NULL;
}

/* "a matrix has no field 'x'; did you mean 'y' (fields: ...)" */
static int unknown_field(const char *name, Err *e)
{
    char list[256] = "", hint[128];
    size_t used = 0;
    Suggest s;
    suggest_init(&s, name);
    for (const MatField *g = fields; g->name; g++) {
        used += (size_t)snprintf(list + used, sizeof list - used, "%s%s", g == fields ? "" : ", ",
                                 g->name);
        if (used >= sizeof list) used = sizeof list - 1;
        suggest_add(&s, g->name);
    }
    if (suggest_hint(&s, hint, sizeof hint))
        return err_set(e, "a matrix has no field '%s'; %s (fields: %s)", name, hint, list);
    return err_set(e, "a matrix has no field '%s' (fields: %s)", name, list);
}

Value *matfield_get(const Mat *m, const char *name, Err *e)
{
    const MatField *f = matfield_find(name);
    if (f) return f->get(m, e);
    unknown_field(name, e);
    return NULL;
}

int matfield_set(Mat *m, const char *name, const Value *v, Err *e)
{
    const MatField *f = matfield_find(name);
    if (!f) return unknown_field(name, e);
    if (!f->set)
        return err_set(
            e,
            "X.%s cannot be assigned (it follows from the data; settable: labels, classes, "
            "names, colnames)",
            name);
    return f->set(m, v, e);
}
