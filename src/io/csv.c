#include "io/csv.h"

#include <csv.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "core/strmap.h"
#include "io/numparse.h"
#include "io/readall.h"

typedef struct Field {
    char *s;
    size_t len;
} Field;

typedef struct Reader {
    const char *path;
    const LoadOpts *o;
    Err *e;
    int failed;
    /* The first two rows are kept as text until the header is decided. */
    Field *buf[2];
    size_t nbuf[2], capbuf[2];
    int nbuffered; /* rows held in buf */
    int decided;
    /* layout, known once decided */
    size_t nfields;
    long label_col, name_col;
    char **header; /* nfields names or NULL */
    /* current row */
    size_t field, line;
    /* output */
    float *data;
    size_t rows, cap, cols;
    float *rowbuf;
    StrMap *classes;
    char **class_names;
    size_t nclass, capclass;
    int *labels;
    char **names;
} Reader;

static int numeric(const char *s, size_t len)
{
    float x;
    return num_parse_float(s, len, &x) == 0;
}

static int is_blank(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (s[i] != ' ' && s[i] != '\t') return 0;
    return 1;
}

static int rd_fail(Reader *r)
{
    r->failed = 1;
    return -1;
}

static int grow_rows(Reader *r)
{
    if (r->rows < r->cap) return 0;
    size_t cap = r->cap ? r->cap * 2 : 1024;
    if (mat_check_size(cap, r->cols, r->path, r->e) < 0) {
        cap = r->cap + 1;
        if (mat_check_size(cap, r->cols, r->path, r->e) < 0) return rd_fail(r);
    }
    float *d = realloc(r->data, cap * (r->cols ? r->cols : 1) * sizeof *d);
    if (!d) return err_nomem(r->e, cap * r->cols * sizeof *d, r->path), rd_fail(r);
    r->data = d;
    if (r->label_col >= 0) {
        int *l = realloc(r->labels, cap * sizeof *l);
        if (!l) return err_nomem(r->e, cap * sizeof *l, r->path), rd_fail(r);
        r->labels = l;
    }
    if (r->name_col >= 0) {
        char **n = realloc(r->names, cap * sizeof *n);
        if (!n) return err_nomem(r->e, cap * sizeof *n, r->path), rd_fail(r);
        r->names = n;
    }
    r->cap = cap;
    return 0;
}

static int class_of(Reader *r, const char *s, size_t len, int *out)
{
    size_t v;
    if (strmap_getn(r->classes, s, len, &v)) {
        *out = (int)v;
        return 0;
    }
    if (r->nclass == r->capclass) {
        size_t cap = r->capclass ? r->capclass * 2 : 16;
        char **cn = realloc(r->class_names, cap * sizeof *cn);
        if (!cn) return err_nomem(r->e, cap * sizeof *cn, "classes"), rd_fail(r);
        r->class_names = cn;
        r->capclass = cap;
    }
    char *copy = strndup(s, len);
    if (!copy || strmap_putn(r->classes, s, len, r->nclass, NULL, r->e) < 0) {
        free(copy);
        return err_nomem(r->e, len, "class name"), rd_fail(r);
    }
    r->class_names[r->nclass] = copy;
    *out = (int)r->nclass++;
    return 0;
}

static const char *col_name(Reader *r, size_t j, char *buf, size_t n)
{
    if (r->header && r->header[j]) snprintf(buf, n, "column %zu '%s'", j + 1, r->header[j]);
    else snprintf(buf, n, "column %zu", j + 1);
    return buf;
}

/* One field of a data row. */
static int data_field(Reader *r, const char *s, size_t len)
{
    size_t j = r->field++;
    if (j >= r->nfields) return 0; /* counted and reported at the row's end */
    if (j == 0 && grow_rows(r) < 0) return -1;
    if ((long)j == r->label_col) {
        if (is_blank(s, len)) {
            r->labels[r->rows] = -1;
            return 0;
        }
        return class_of(r, s, len, &r->labels[r->rows]);
    }
    if ((long)j == r->name_col) {
        r->names[r->rows] = strndup(s, len);
        if (!r->names[r->rows]) return err_nomem(r->e, len, "row name"), rd_fail(r);
        return 0;
    }
    size_t k = j - ((r->label_col >= 0 && (long)j > r->label_col) ? 1 : 0) -
               ((r->name_col >= 0 && (long)j > r->name_col) ? 1 : 0);
    float x;
    if (num_parse_float(s, len, &x) < 0) {
        char cb[128];
        err_set(r->e, "%s:%zu: cannot read '%.*s' as a number (%s)", r->path, r->line,
                (int)(len > 40 ? 40 : len), s, col_name(r, j, cb, sizeof cb));
        return rd_fail(r);
    }
    r->data[r->rows * r->cols + k] = x;
    return 0;
}

static int data_row_end(Reader *r)
{
    if (r->field == 0) return 0;
    if (r->field != r->nfields) {
        err_set(r->e, "%s:%zu: row has %zu fields, expected %zu", r->path, r->line, r->field,
                r->nfields);
        return rd_fail(r);
    }
    if (r->name_col >= 0 && !r->names[r->rows]) r->names[r->rows] = NULL;
    r->rows++;
    r->field = 0;
    return 0;
}

/* Decide header, label and name columns from the buffered rows. */
static int decide(Reader *r)
{
    Field *r0 = r->buf[0], *r1 = r->nbuffered > 1 ? r->buf[1] : NULL;
    size_t n0 = r->nbuf[0];
    int header = r->o->header;
    if (header < 0) {
        int all_text = 1, text_over_number = 0;
        for (size_t j = 0; j < n0; j++) {
            int num = numeric(r0[j].s, r0[j].len) && !is_blank(r0[j].s, r0[j].len);
            if (num) all_text = 0;
            if (!num && r1 && j < r->nbuf[1] && numeric(r1[j].s, r1[j].len)) text_over_number = 1;
        }
        header = text_over_number || all_text;
    }
    r->nfields = n0;
    if (header) {
        r->header = calloc(n0 ? n0 : 1, sizeof *r->header);
        if (!r->header) return err_nomem(r->e, n0 * sizeof(char *), "header"), rd_fail(r);
        for (size_t j = 0; j < n0; j++) {
            r->header[j] = strndup(r0[j].s, r0[j].len);
            if (!r->header[j]) return err_nomem(r->e, r0[j].len, "header"), rd_fail(r);
        }
    }
    r->label_col = -1;
    r->name_col = -1;
    const char *lab = r->o->label;
    if (lab) {
        char *end;
        long idx = strtol(lab, &end, 10);
        for (size_t j = 0; header && j < n0; j++)
            if (strcmp(r->header[j], lab) == 0) r->label_col = (long)j;
        if (r->label_col < 0 && *lab && !*end) {
            if (idx < 0) idx += (long)n0;
            if (idx < 0 || idx >= (long)n0) {
                err_set(r->e, "%s: label column %s is out of range (the file has %zu columns)", r->path,
                        lab, n0);
                return rd_fail(r);
            }
            r->label_col = idx;
        }
        if (r->label_col < 0) {
            char list[512] = "";
            size_t used = 0;
            for (size_t j = 0; header && j < n0 && used < sizeof list - 60; j++)
                used += (size_t)snprintf(list + used, sizeof list - used, "%s%s", j ? ", " : "", r->header[j]);
            if (header)
                err_set(r->e, "%s: no column named '%s' for label= (columns: %s)", r->path, lab, list);
            else
                err_set(r->e, "%s: no column named '%s' for label= (the file has no header; give a column index)",
                        r->path, lab);
            return rd_fail(r);
        }
    }
    /* A text first column in the first data row: row names. */
    Field *first = header ? r1 : r0;
    if (first && n0 > 1 && r->label_col != 0 && !numeric(first[0].s, first[0].len)) r->name_col = 0;
    r->cols = n0 - (r->label_col >= 0) - (r->name_col >= 0);
    if (r->label_col >= 0 && !(r->classes = strmap_new(64, r->e))) return rd_fail(r);
    r->decided = 1;
    /* Replay the buffered data rows. */
    for (int b = header ? 1 : 0; b < r->nbuffered; b++) {
        r->line = (size_t)b + 1;
        r->field = 0;
        for (size_t j = 0; j < r->nbuf[b]; j++)
            if (data_field(r, r->buf[b][j].s, r->buf[b][j].len) < 0) return -1;
        if (data_row_end(r) < 0) return -1;
    }
    r->line = (size_t)r->nbuffered + 1; /* the line of the next row */
    return 0;
}

static void on_field(void *s, size_t len, void *data)
{
    Reader *r = data;
    if (r->failed) return;
    if (r->decided) {
        data_field(r, s, len);
        return;
    }
    int b = r->nbuffered;
    if (r->nbuf[b] == r->capbuf[b]) {
        size_t cap = r->capbuf[b] ? r->capbuf[b] * 2 : 16;
        Field *f = realloc(r->buf[b], cap * sizeof *f);
        if (!f) {
            err_nomem(r->e, cap * sizeof *f, "CSV row");
            rd_fail(r);
            return;
        }
        r->buf[b] = f;
        r->capbuf[b] = cap;
    }
    char *copy = strndup(s ? s : "", len);
    if (!copy) {
        err_nomem(r->e, len, "CSV field");
        rd_fail(r);
        return;
    }
    r->buf[b][r->nbuf[b]++] = (Field){copy, len};
}

static void on_row(int c, void *data)
{
    Reader *r = data;
    (void)c;
    if (r->failed) return;
    if (r->decided) {
        data_row_end(r);
        r->line++;
        return;
    }
    if (++r->nbuffered == 2) decide(r);
}

static void free_reader(Reader *r)
{
    for (int b = 0; b < 2; b++) {
        for (size_t j = 0; j < r->nbuf[b]; j++) free(r->buf[b][j].s);
        free(r->buf[b]);
    }
    if (r->header)
        for (size_t j = 0; j < r->nfields; j++) free(r->header[j]);
    free(r->header);
    free(r->data);
    free(r->labels);
    if (r->names)
        for (size_t i = 0; i < r->rows; i++) free(r->names[i]);
    free(r->names);
    for (size_t c = 0; c < r->nclass; c++) free(r->class_names[c]);
    free(r->class_names);
    strmap_free(r->classes);
}

/* Class names that are all whole numbers >= 0 become those numbers. */
static int numeric_classes(Reader *r, Mat *m, Err *e)
{
    int *map = malloc((r->nclass ? r->nclass : 1) * sizeof *map), maxc = -1;
    if (!map) return err_nomem(e, r->nclass * sizeof(int), "classes");
    for (size_t c = 0; c < r->nclass; c++) {
        char *end;
        long v = strtol(r->class_names[c], &end, 10);
        if (*end || end == r->class_names[c] || v < 0 || v > 100000) {
            free(map);
            return 1;
        }
        map[c] = (int)v;
        if (v > maxc) maxc = (int)v;
    }
    for (size_t i = 0; i < m->rows; i++)
        if (m->labels[i] >= 0) m->labels[i] = map[m->labels[i]];
    free(map);
    m->n_classes = (size_t)(maxc + 1);
    return 0;
}

int csv_load(const char *path, const LoadOpts *o, Mat **out, Err *e)
{
    char *text;
    size_t len;
    *out = NULL;
    if (io_read_all(path, &text, &len, e) < 0) return -1;
    Reader r = {.path = path, .o = o, .e = e, .line = 0};
    struct csv_parser p;
    if (csv_init(&p, CSV_APPEND_NULL) != 0) {
        free(text);
        return err_nomem(e, sizeof p, "CSV parser");
    }
    char sep = ',';
    if (o->sep && o->sep[0]) sep = o->sep[0] == '\\' && o->sep[1] == 't' ? '\t' : o->sep[0];
    else if (io_has_ext(path, ".tsv", 1) || io_has_ext(path, ".tab", 1)) sep = '\t';
    csv_set_delim(&p, (unsigned char)sep);
    const char *start = text;
    if (len >= 3 && (unsigned char)text[0] == 0xEF && (unsigned char)text[1] == 0xBB &&
        (unsigned char)text[2] == 0xBF)
        start += 3, len -= 3;
    size_t done = csv_parse(&p, start, len, on_field, on_row, &r);
    if (!r.failed && done != len)
        err_set(e, "%s: %s", path, csv_strerror(csv_error(&p))), r.failed = 1;
    if (!r.failed) csv_fini(&p, on_field, on_row, &r);
    if (!r.failed && csv_error(&p) == CSV_EPARSE)
        err_set(e, "%s:%zu: malformed quoted field", path, r.line), r.failed = 1;
    csv_free(&p);
    free(text);
    if (!r.failed && !r.decided) {
        if (r.nbuffered == 0) {
            err_set(e, "%s: no data (the file is empty)", path);
            r.failed = 1;
        } else {
            decide(&r);
        }
    }
    if (!r.failed && r.rows == 0) {
        err_set(e, "%s: no data rows (only a header)", path);
        r.failed = 1;
    }
    Mat *m = NULL;
    if (!r.failed && (m = mat_new_uninit(r.rows, r.cols, e)) == NULL) r.failed = 1;
    if (r.failed) {
        free_reader(&r);
        return -1;
    }
    memcpy(m->data, r.data, r.rows * r.cols * sizeof(float));
    int rc = 0;
    if (r.header) {
        size_t k = 0;
        for (size_t j = 0; j < r.nfields && rc == 0; j++)
            if ((long)j != r.label_col && (long)j != r.name_col) rc = mat_set_col_name(m, k++, r.header[j], e);
    }
    if (rc == 0 && r.label_col >= 0) {
        m->labels = r.labels;
        r.labels = NULL;
        int numeric = numeric_classes(&r, m, e);
        if (numeric < 0) rc = -1;
        else if (numeric == 1) {
            m->label_names = r.class_names;
            m->n_classes = r.nclass;
            r.class_names = NULL;
            r.nclass = 0;
        }
    }
    if (rc == 0 && r.name_col >= 0) {
        m->row_names = r.names;
        r.names = NULL;
    }
    free_reader(&r);
    if (rc < 0) {
        mat_free(m);
        return -1;
    }
    *out = m;
    return 0;
}

int text_load(const char *path, Mat **out, Err *e)
{
    char *text;
    size_t len;
    *out = NULL;
    if (io_read_all(path, &text, &len, e) < 0) return -1;
    size_t cols = 0, rows = 0, cap = 0, total = 0, line = 0;
    float *data = NULL;
    int rc = 0;
    for (char *p = text; *p && rc == 0;) {
        line++;
        char *eol = strchr(p, '\n');
        if (!eol) eol = p + strlen(p);
        char *hash = memchr(p, '#', (size_t)(eol - p));
        char *stop = hash ? hash : eol;
        size_t n = 0;
        for (char *q = p; q < stop && rc == 0;) {
            while (q < stop && (*q == ' ' || *q == '\t' || *q == '\r')) q++;
            if (q >= stop) break;
            char *t = q;
            while (q < stop && *q != ' ' && *q != '\t' && *q != '\r') q++;
            if (total + n + 1 > cap) {
                cap = cap ? cap * 2 : 4096;
                float *d = realloc(data, cap * sizeof *d);
                if (!d) {
                    rc = err_nomem(e, cap * sizeof *d, path);
                    break;
                }
                data = d;
            }
            if (num_parse_float(t, (size_t)(q - t), &data[total + n]) < 0)
                rc = err_set(e, "%s:%zu: cannot read '%.*s' as a number (column %zu)", path, line,
                             (int)((q - t) > 40 ? 40 : (q - t)), t, n + 1);
            n++;
        }
        if (rc == 0 && n > 0) {
            if (rows == 0) cols = n;
            if (n != cols)
                rc = err_set(e, "%s:%zu: row has %zu values, expected %zu", path, line, n, cols);
            total += n;
            rows++;
        }
        p = *eol ? eol + 1 : eol;
    }
    free(text);
    if (rc == 0 && rows == 0) rc = err_set(e, "%s: no numbers found", path);
    Mat *m = rc == 0 ? mat_new_uninit(rows, cols, e) : NULL;
    if (!m) {
        free(data);
        return -1;
    }
    memcpy(m->data, data, rows * cols * sizeof(float));
    free(data);
    *out = m;
    return 0;
}

/* Write one CSV cell, quoting when needed. */
static void put_cell(FILE *f, gzFile g, const char *s, char sep)
{
    char buf[1024];
    size_t n = 0;
    int quote = strchr(s, sep) || strchr(s, '"') || strchr(s, '\n') || strchr(s, '\r');
    if (quote) buf[n++] = '"';
    for (const char *c = s; *c && n < sizeof buf - 4; c++) {
        if (*c == '"') buf[n++] = '"';
        buf[n++] = *c;
    }
    if (quote) buf[n++] = '"';
    if (g) gzwrite(g, buf, (unsigned)n);
    else fwrite(buf, 1, n, f);
}

static void put_text(FILE *f, gzFile g, const char *s, size_t n)
{
    if (g) gzwrite(g, s, (unsigned)n);
    else fwrite(s, 1, n, f);
}

int csv_save(const Mat *m, const char *path, char sep, Err *e)
{
    char tmp[PATH_MAX];
    FILE *f = io_atomic_open(path, tmp, e);
    if (!f) return -1;
    gzFile g = NULL;
    if (io_has_ext(path, ".gz", 0)) {
        fflush(f);
        g = gzdopen(dup(fileno(f)), "wb6");
        if (!g) {
            io_atomic_abort(f, tmp);
            return err_nomem(e, 65536, "gzip stream");
        }
    }
    char s[2] = {sep, '\0'}, buf[64];
    int first = 1;
    if (m->row_names) {
        put_text(f, g, "name", 4);
        first = 0;
    }
    for (size_t j = 0; j < m->cols; j++) {
        if (!first) put_text(f, g, s, 1);
        first = 0;
        if (m->col_names && m->col_names[j]) put_cell(f, g, m->col_names[j], sep);
        else put_text(f, g, buf, (size_t)snprintf(buf, sizeof buf, "c%zu", j));
    }
    if (m->labels) put_text(f, g, first ? "label" : (sep == ',' ? ",label" : "\tlabel"), first ? 5 : 6);
    put_text(f, g, "\n", 1);
    for (size_t i = 0; i < m->rows; i++) {
        first = 1;
        if (m->row_names) {
            put_cell(f, g, m->row_names[i] ? m->row_names[i] : "", sep);
            first = 0;
        }
        for (size_t j = 0; j < m->cols; j++) {
            if (!first) put_text(f, g, s, 1);
            first = 0;
            float x = MAT_AT(m, i, j);
            int n = isnan(x) ? 0 : snprintf(buf, sizeof buf, "%.9g", (double)x);
            put_text(f, g, buf, (size_t)n);
        }
        if (m->labels) {
            if (!first) put_text(f, g, s, 1);
            if (m->labels[i] >= 0) put_cell(f, g, mat_class_name(m, m->labels[i], buf, sizeof buf), sep);
        }
        put_text(f, g, "\n", 1);
    }
    if (g && gzclose(g) != Z_OK) {
        io_atomic_abort(f, tmp);
        return err_set(e, "cannot write '%s': gzip error", path);
    }
    return io_atomic_commit(f, tmp, path, e);
}
