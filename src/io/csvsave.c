/* csvsave.c — write a matrix as CSV or TSV (see csv.h). */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "core/cnum.h"
#include "io/csv.h"
#include "io/readall.h"

/* Output goes to a gzip stream or a plain FILE; one writer for both. */
typedef struct Out {
    FILE *f;
    gzFile g;
} Out;

static void put_text(Out *o, const char *s, size_t n)
{
    if (o->g) gzwrite(o->g, s, (unsigned)n);
    else fwrite(s, 1, n, o->f);
}

/* One text cell, quoted (with doubled quotes) when it holds the separator,
 * a quote, a line end, or spaces at either end (which readers trim). */
static void put_cell(Out *o, const char *s, char sep)
{
    size_t len = strlen(s);
    int quote = strchr(s, sep) || strchr(s, '"') || strchr(s, '\n') || strchr(s, '\r') ||
                (len && (s[0] == ' ' || s[0] == '\t' || s[len - 1] == ' ' || s[len - 1] == '\t'));
    if (!quote) {
        put_text(o, s, len);
        return;
    }
    put_text(o, "\"", 1);
    for (const char *c = s; *c;) {
        const char *q = strchr(c, '"');
        size_t n = q ? (size_t)(q - c) : strlen(c);
        put_text(o, c, n);
        if (!q) break;
        put_text(o, "\"\"", 2);
        c = q + 1;
    }
    put_text(o, "\"", 1);
}

int csv_save(const Mat *m, const char *path, char sep, Err *e)
{
    char tmp[PATH_MAX];
    FILE *f = io_atomic_open(path, tmp, e);
    if (!f) return -1;
    Out o = {f, NULL};
    if (io_has_ext(path, ".gz", 0)) {
        int fd = dup(fileno(f));
        if (fd < 0 || !(o.g = gzdopen(fd, "wb6"))) {
            if (fd >= 0) close(fd);
            io_atomic_abort(f, tmp);
            return err_nomem(e, 65536, "gzip stream");
        }
        gzbuffer(o.g, 1 << 17);
    }
    const char s[2] = {sep, '\0'};
    char buf[64];
    int first = 1;
    if (m->row_names) {
        put_text(&o, "name", 4);
        first = 0;
    }
    for (size_t j = 0; j < m->cols; j++) {
        if (!first) put_text(&o, s, 1);
        first = 0;
        if (m->col_names && m->col_names[j]) put_cell(&o, m->col_names[j], sep);
        else put_text(&o, buf, (size_t)snprintf(buf, sizeof buf, "c%zu", j));
    }
    if (m->labels) { /* under the name the labels were loaded from */
        if (!first) put_text(&o, s, 1);
        put_cell(&o, m->label_column ? m->label_column : "label", sep);
    }
    put_text(&o, "\n", 1);
    for (size_t i = 0; i < m->rows; i++) {
        first = 1;
        if (m->row_names) {
            put_cell(&o, m->row_names[i] ? m->row_names[i] : "", sep);
            first = 0;
        }
        for (size_t j = 0; j < m->cols; j++) {
            if (!first) put_text(&o, s, 1);
            first = 0;
            float x = MAT_AT(m, i, j);
            /* The shortest decimal that reads back as x (5.1, not
             * 5.0999999), in the C locale; NaN is an empty cell. */
            int n = isnan(x) ? 0 : cnum_format_float(buf, sizeof buf, x);
            put_text(&o, buf, (size_t)n);
        }
        if (m->labels) {
            if (!first) put_text(&o, s, 1);
            if (m->labels[i] >= 0) put_cell(&o, mat_class_name(m, m->labels[i], buf, sizeof buf), sep);
        }
        put_text(&o, "\n", 1);
    }
    if (o.g && gzclose(o.g) != Z_OK) {
        io_atomic_abort(f, tmp);
        return err_set(e, "cannot write '%s': gzip error", path);
    }
    return io_atomic_commit(f, tmp, path, e);
}
