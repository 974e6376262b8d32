/* matfield.c — see matfield.h. */
#include "lang/matfield.h"

#include <stdio.h>
#include <string.h>

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

static const MatField fields[] = {
    {"rows", "number of rows", f_rows},
    {"cols", "number of columns", f_cols},
    {"shape", "[rows, cols]", f_shape},
    {"labels", "class of each row as a vector (none when unlabelled)", f_labels},
    {"classes", "class names as a list of strings, or none", f_classes},
    {"names", "row names (words, file names) as a list of strings, or none", f_names},
    {"colnames", "column names as a list of strings, or none", f_colnames},
    {"T", "the transpose", f_T},
    {NULL, NULL, NULL},
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

Value *matfield_get(const Mat *m, const char *name, Err *e)
{
    const MatField *f = matfield_find(name);
    if (f) return f->get(m, e);
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
        err_set(e, "a matrix has no field '%s'; %s (fields: %s)", name, hint, list);
    else
        err_set(e, "a matrix has no field '%s' (fields: %s)", name, list);
    return NULL;
}
