/* lab_data.c — loading a lab's data into the session's variables.
 *
 * A lab lists its data as rows of LabData: a file to load (with the
 * label column, as load(path, label=...) does), or the first rows of a
 * variable loaded before.  Done in C with the loaders (io/load.h), not
 * by evaluating dv source from inside a builtin. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/load.h"
#include "lang/datapath.h"
#include "lang/env.h"
#include "lang/lab.h"

/* Rows [start, end) of X, with their names, labels and column names. */
static Mat *row_range(const Mat *X, size_t start, size_t end, Err *e)
{
    if (end > X->rows) end = X->rows;
    if (start > end) start = end;
    size_t k = end - start;
    size_t *idx = malloc((k ? k : 1) * sizeof *idx);
    Mat *m = idx ? mat_new_uninit(k, X->cols, e) : NULL;
    if (!m) {
        free(idx);
        if (!idx) err_nomem(e, k * sizeof *idx, "lab data");
        return NULL;
    }
    for (size_t i = 0; i < k; i++)
        idx[i] = start + i;
    memcpy(m->data, X->data + start * X->cols, k * X->cols * sizeof *m->data);
    int bad =
        mat_copy_row_meta(m, X, idx, k, e) < 0 || mat_copy_col_meta(m, X, NULL, X->cols, e) < 0;
    free(idx);
    if (bad) {
        mat_free(m);
        return NULL;
    }
    return m;
}

/* The words of s (separated by spaces) into names, copied into buf;
 * returns how many (at most max). */
static size_t split_words(const char *s, char *buf, size_t n, const char **names, size_t max)
{
    snprintf(buf, n, "%s", s);
    size_t k = 0;
    for (char *w = strtok(buf, " "); w && k < max; w = strtok(NULL, " "))
        names[k++] = w;
    return k;
}

static int load_one(Ctx *ctx, const LabData *d, Err *e)
{
    Mat *m = NULL;
    if (d->from) {
        Value *src = env_get(ctx->env, d->from);
        if (!src || src->kind != VAL_MAT) return err_set(e, "%s is not loaded", d->from);
        if (!(m = row_range(src->u.mat, d->start, d->end, e))) return -1;
    } else {
        LoadOpts o = LOAD_OPTS_DEFAULT;
        if (d->label)
            o.label = d->label;
        else
            o.no_label = 1;
        char buf[4096], words[512];
        const char *names[64];
        if (d->classes) o.nclasses = split_words(d->classes, words, sizeof words, names, 64);
        o.classes = o.nclasses ? names : NULL;
        const char *path = datapath_resolve("lab", 0, d->path, buf, sizeof buf, e); /* data:NAME */
        if (!path || io_load(path, &o, &m, e) < 0) return -1;
    }
    Value *v = val_mat(m, e);
    return v ? env_set(ctx->env, d->var, v, e) : -1;
}

int lab_load_data(Ctx *ctx, const Lab *lab, Err *e)
{
    for (const LabData *d = lab->data; d && d->var; d++)
        if (load_one(ctx, d, e) < 0)
            return err_prefix(e, "lab %s: loading %s failed", lab->name, d->var);
    return 0;
}

void lab_data_statement(const LabData *d, char *buf, size_t n)
{
    if (d->from)
        snprintf(buf, n, "%s = %s[%zu:%zu]", d->var, d->from, d->start, d->end);
    else if (d->label)
        snprintf(buf, n, "%s = load(\"%s\", label=\"%s\")", d->var, d->path, d->label);
    else if (d->classes) {
        /* classes=["zero", "one", ...] */
        int k = snprintf(buf, n, "%s = load(\"%s\", classes=[", d->var, d->path);
        const char *w = d->classes;
        while (*w && k > 0 && (size_t)k < n) {
            size_t len = strcspn(w, " ");
            k += snprintf(buf + k, n - (size_t)k, "%s\"%.*s\"", w == d->classes ? "" : ", ",
                          (int)len, w);
            w += len + strspn(w + len, " ");
        }
        if (k > 0 && (size_t)k < n) snprintf(buf + k, n - (size_t)k, "])");
    } else
        snprintf(buf, n, "%s = load(\"%s\")", d->var, d->path);
}
