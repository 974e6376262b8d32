#include "core/mat.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "core/strmap.h"

static size_t physical_memory(void)
{
    long pages = sysconf(_SC_PHYS_PAGES);
    long psize = sysconf(_SC_PAGESIZE);
    if (pages <= 0 || psize <= 0) return (size_t)1 << 34;
    return (size_t)pages * (size_t)psize;
}

static void human_bytes(double b, char *buf, size_t n)
{
    const char *u[] = {"bytes", "KB", "MB", "GB", "TB", "PB", "EB"};
    int i = 0;
    while (b >= 1024 && i < 6) {
        b /= 1024;
        i++;
    }
    snprintf(buf, n, i ? "%.1f %s" : "%.0f %s", b, u[i]);
}

/* DV_MEM_LIMIT (bytes, with an optional K/M/G suffix) caps one matrix below
 * the machine's memory, e.g. on a shared server. */
static double mem_limit(int *from_env)
{
    const char *s = getenv("DV_MEM_LIMIT");
    *from_env = 0;
    if (s && *s) {
        char *end;
        double v = strtod(s, &end);
        double mul = *end == 'K' || *end == 'k' ? 1024.0
                   : *end == 'M' || *end == 'm' ? 1048576.0
                   : *end == 'G' || *end == 'g' ? 1073741824.0
                                                : 1.0;
        if (v > 0) {
            *from_env = 1;
            return v * mul;
        }
    }
    return (double)physical_memory();
}

int mat_check_size(size_t rows, size_t cols, const char *what, Err *e)
{
    double bytes = (double)rows * (double)cols * sizeof(float);
    int from_env;
    double limit = mem_limit(&from_env);
    if ((cols && rows > SIZE_MAX / cols / sizeof(float)) || bytes > limit) {
        char need[32], have[32];
        human_bytes(bytes, need, sizeof need);
        human_bytes(limit, have, sizeof have);
        if (from_env)
            return err_set(e, "%s: a %zux%zu matrix needs %s, more than DV_MEM_LIMIT (%s)", what,
                           rows, cols, need, have);
        return err_set(e, "%s: a %zux%zu matrix needs %s, more than this machine's %s of memory",
                       what, rows, cols, need, have);
    }
    return 0;
}

int mat_check_bytes(double bytes, const char *what, Err *e)
{
    int from_env;
    double limit = mem_limit(&from_env);
    if (bytes <= limit) return 0;
    char need[32], have[32];
    human_bytes(bytes, need, sizeof need);
    human_bytes(limit, have, sizeof have);
    return err_set(e, "%s: %s of data is more than %s (%s)", what, need,
                   from_env ? "DV_MEM_LIMIT" : "this machine's memory", have);
}

float *mat_alloc_floats(size_t n, Err *e)
{
    size_t bytes = (n ? n : 1) * sizeof(float);
    bytes = (bytes + 63) & ~(size_t)63;
    void *p = NULL;
    if (posix_memalign(&p, 64, bytes) != 0) {
        err_nomem(e, bytes, "matrix");
        return NULL;
    }
    return p;
}

Mat *mat_new_uninit(size_t rows, size_t cols, Err *e)
{
    if (mat_check_size(rows, cols, "matrix", e) < 0) return NULL;
    Mat *m = calloc(1, sizeof *m);
    if (!m) {
        err_nomem(e, sizeof *m, "matrix");
        return NULL;
    }
    m->rows = rows;
    m->cols = cols;
    m->data = mat_alloc_floats(rows * cols, e);
    if (!m->data) {
        free(m);
        return NULL;
    }
    return m;
}

Mat *mat_new(size_t rows, size_t cols, Err *e)
{
    Mat *m = mat_new_uninit(rows, cols, e);
    if (m) memset(m->data, 0, rows * cols * sizeof(float));
    return m;
}

static void free_strings(char **s, size_t n)
{
    if (!s) return;
    for (size_t i = 0; i < n; i++) free(s[i]);
    free(s);
}

void mat_free(Mat *m)
{
    if (!m) return;
    if (m->map) munmap(m->map, m->map_len);
    else free(m->data);
    free_strings(m->row_names, m->rows);
    free_strings(m->col_names, m->cols);
    free(m->labels);
    free(m->row_ids);
    free_strings(m->label_names, m->n_classes);
    free(m->label_column);
    strmap_free(m->row_index);
    free(m);
}

static char **copy_strings(char **src, const size_t *idx, size_t n, Err *e)
{
    char **dst = calloc(n ? n : 1, sizeof *dst);
    if (!dst) {
        err_nomem(e, n * sizeof *dst, "names");
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        const char *s = src[idx ? idx[i] : i];
        if (!s) continue;
        dst[i] = strdup(s);
        if (!dst[i]) {
            free_strings(dst, i);
            err_nomem(e, strlen(s) + 1, "name");
            return NULL;
        }
    }
    return dst;
}

int mat_copy_label_names(Mat *dst, const Mat *src, Err *e)
{
    free_strings(dst->label_names, dst->n_classes);
    dst->label_names = NULL;
    dst->n_classes = src->n_classes;
    free(dst->label_column);
    dst->label_column = NULL;
    if (src->label_column && !(dst->label_column = strdup(src->label_column)))
        return err_nomem(e, strlen(src->label_column) + 1, "label column name");
    if (src->label_names) {
        dst->label_names = copy_strings(src->label_names, NULL, src->n_classes, e);
        if (!dst->label_names) {
            dst->n_classes = 0;
            return -1;
        }
    }
    return 0;
}

/* dst's rows are src's rows idx (or 0..n-1): keep their numbers in the
 * matrix they first came from, unless those are 0..n-1 anyway. */
static int copy_row_ids(Mat *dst, const Mat *src, const size_t *idx, size_t n, Err *e)
{
    int plain = 1;
    for (size_t i = 0; i < n && plain; i++) plain = mat_row_id(src, idx ? idx[i] : i) == i;
    free(dst->row_ids);
    dst->row_ids = NULL;
    if (plain) return 0;
    dst->row_ids = malloc(n * sizeof *dst->row_ids);
    if (!dst->row_ids) return err_nomem(e, n * sizeof *dst->row_ids, "row numbers");
    for (size_t i = 0; i < n; i++) dst->row_ids[i] = mat_row_id(src, idx ? idx[i] : i);
    return 0;
}

int mat_copy_row_meta(Mat *dst, const Mat *src, const size_t *idx, size_t n, Err *e)
{
    if (src->row_names) {
        free_strings(dst->row_names, dst->rows);
        dst->row_names = copy_strings(src->row_names, idx, n, e);
        if (!dst->row_names) return -1;
    }
    if (src->labels) {
        free(dst->labels);
        dst->labels = malloc((n ? n : 1) * sizeof *dst->labels);
        if (!dst->labels) return err_nomem(e, n * sizeof(int), "labels");
        for (size_t i = 0; i < n; i++) dst->labels[i] = src->labels[idx ? idx[i] : i];
    }
    if (src->labels || src->label_names) {
        if (mat_copy_label_names(dst, src, e) < 0) return -1;
        dst->n_classes = src->n_classes;
    }
    if (copy_row_ids(dst, src, idx, n, e) < 0) return -1;
    if (dst->cols == src->cols) {
        dst->img_h = src->img_h;
        dst->img_w = src->img_w;
        dst->img_c = src->img_c;
    }
    return 0;
}

int mat_copy_col_meta(Mat *dst, const Mat *src, const size_t *idx, size_t n, Err *e)
{
    if (!src->col_names) return 0;
    free_strings(dst->col_names, dst->cols);
    dst->col_names = copy_strings(src->col_names, idx, n, e);
    return dst->col_names ? 0 : -1;
}

Mat *mat_clone(const Mat *m, Err *e)
{
    Mat *c = mat_new_uninit(m->rows, m->cols, e);
    if (!c) return NULL;
    memcpy(c->data, m->data, m->rows * m->cols * sizeof(float));
    if (mat_copy_row_meta(c, m, NULL, m->rows, e) < 0 ||
        mat_copy_col_meta(c, m, NULL, m->cols, e) < 0) {
        mat_free(c);
        return NULL;
    }
    return c;
}

int mat_set_row_name(Mat *m, size_t i, const char *s, Err *e)
{
    if (!m->row_names) {
        m->row_names = calloc(m->rows ? m->rows : 1, sizeof *m->row_names);
        if (!m->row_names) return err_nomem(e, m->rows * sizeof(char *), "row names");
    }
    char *d = strdup(s);
    if (!d) return err_nomem(e, strlen(s) + 1, "row name");
    free(m->row_names[i]);
    m->row_names[i] = d;
    return 0;
}

int mat_set_col_name(Mat *m, size_t j, const char *s, Err *e)
{
    if (!m->col_names) {
        m->col_names = calloc(m->cols ? m->cols : 1, sizeof *m->col_names);
        if (!m->col_names) return err_nomem(e, m->cols * sizeof(char *), "column names");
    }
    char *d = strdup(s);
    if (!d) return err_nomem(e, strlen(s) + 1, "column name");
    free(m->col_names[j]);
    m->col_names[j] = d;
    return 0;
}

int mat_ensure_labels(Mat *m, Err *e)
{
    if (m->labels) return 0;
    m->labels = malloc((m->rows ? m->rows : 1) * sizeof *m->labels);
    if (!m->labels) return err_nomem(e, m->rows * sizeof(int), "labels");
    for (size_t i = 0; i < m->rows; i++) m->labels[i] = -1;
    return 0;
}

long mat_find_row(Mat *m, const char *name)
{
    if (!m->row_names) return -1;
    if (!m->row_index) {
        StrMap *ix = strmap_new(m->rows, NULL);
        if (!ix) { /* out of memory: fall back to a scan */
            for (size_t i = 0; i < m->rows; i++)
                if (m->row_names[i] && strcmp(m->row_names[i], name) == 0) return (long)i;
            return -1;
        }
        for (size_t i = 0; i < m->rows; i++)
            if (m->row_names[i] && strmap_put(ix, m->row_names[i], i, NULL, NULL) < 0) {
                strmap_free(ix);
                return -1;
            }
        m->row_index = ix;
    }
    size_t v;
    return strmap_get(m->row_index, name, &v) ? (long)v : -1;
}

long mat_find_col(const Mat *m, const char *name)
{
    if (!m->col_names) return -1;
    for (size_t j = 0; j < m->cols; j++)
        if (m->col_names[j] && strcmp(m->col_names[j], name) == 0) return (long)j;
    return -1;
}

const char *mat_class_name(const Mat *m, int c, char *buf, size_t n)
{
    if (m->label_names && c >= 0 && (size_t)c < m->n_classes && m->label_names[c])
        return m->label_names[c];
    snprintf(buf, n, "%d", c);
    return buf;
}

const char *mat_shape_str(const Mat *m, char *buf, size_t n)
{
    snprintf(buf, n, "%zux%zu", m->rows, m->cols);
    return buf;
}
