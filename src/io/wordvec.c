#include "io/wordvec.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/strmap.h"
#include "io/numparse.h"
#include "io/readall.h"

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

/* Tokens of one line [p, end): count them (up to max) without copying. */
static size_t count_tokens(const char *p, const char *end)
{
    size_t n = 0;
    while (p < end) {
        while (p < end && is_space(*p)) p++;
        if (p >= end) break;
        n++;
        while (p < end && !is_space(*p)) p++;
    }
    return n;
}

static int header_line(const char *p, const char *end, size_t *count, size_t *dims)
{
    char *q;
    unsigned long a = strtoul(p, &q, 10);
    if (q == p) return 0;
    while (q < end && is_space(*q)) q++;
    char *r;
    unsigned long b = strtoul(q, &r, 10);
    if (r == q) return 0;
    while (r < end && is_space(*r)) r++;
    if (r != end) return 0;
    *count = a;
    *dims = b;
    return 1;
}

int wordvec_sniff(const char *text, size_t len)
{
    const char *end = text + len, *nl = memchr(text, '\n', len);
    const char *le = nl ? nl : end;
    size_t c, d;
    if (header_line(text, le, &c, &d)) {
        if (!nl) return 0;
        text = nl + 1;
        nl = memchr(text, '\n', (size_t)(end - text));
        le = nl ? nl : end;
    }
    const char *p = text;
    while (p < le && is_space(*p)) p++;
    const char *w = p;
    while (p < le && !is_space(*p)) p++;
    float x;
    if (p == w || num_parse_float(w, (size_t)(p - w), &x) == 0) return 0; /* first token is a number */
    while (p < le && is_space(*p)) p++;
    const char *t = p;
    while (p < le && !is_space(*p)) p++;
    return p > t && num_parse_float(t, (size_t)(p - t), &x) == 0;
}

static Mat *finish(Mat *m, size_t rows, Err *e)
{
    if (rows == m->rows) return m;
    /* fewer rows than allocated: shrink */
    Mat *s = mat_new_uninit(rows, m->cols, e);
    if (!s) {
        mat_free(m);
        return NULL;
    }
    memcpy(s->data, m->data, rows * m->cols * sizeof(float));
    s->row_names = m->row_names;
    m->row_names = NULL;
    mat_free(m);
    return s;
}

static int load_text(const char *path, char *buf, size_t len, Mat **out, Err *e)
{
    const char *p = buf, *end = buf + len;
    size_t count = 0, dims = 0, line = 1;
    int has_header = 0;
    const char *nl = memchr(p, '\n', len);
    if (header_line(p, nl ? nl : end, &count, &dims)) {
        has_header = 1;
        p = nl ? nl + 1 : end;
        line = 2;
    } else {
        const char *le = nl ? nl : end;
        size_t t = count_tokens(p, le);
        if (t < 2) return err_set(e, "%s:1: not a word-vector line (a word followed by numbers expected)", path);
        dims = t - 1;
        /* GloVe: count lines for the size */
        count = 0;
        for (const char *q = p; q < end; q++) count += *q == '\n';
        if (len && end[-1] != '\n') count++;
    }
    if (dims == 0) return err_set(e, "%s: the header says 0 dimensions", path);
    if (mat_check_size(count, dims, path, e) < 0) return -1;
    Mat *m = mat_new_uninit(count, dims, e);
    if (!m) return -1;
    m->row_names = calloc(count ? count : 1, sizeof(char *));
    StrMap *seen = strmap_new(count, e);
    if (!m->row_names || !seen) {
        strmap_free(seen);
        mat_free(m);
        return err_nomem(e, count * sizeof(char *), "words");
    }
    size_t r = 0;
    int rc = 0;
    while (p < end && rc == 0) {
        const char *le = memchr(p, '\n', (size_t)(end - p));
        if (!le) le = end;
        const char *q = p;
        while (q < le && is_space(*q)) q++;
        if (q == le) { /* blank line */
            p = le + 1;
            line++;
            continue;
        }
        if (r >= count) {
            rc = err_set(e, "%s:%zu: more words than the header's %zu", path, line, count);
            break;
        }
        const char *w = q;
        while (q < le && !is_space(*q)) q++;
        size_t wl = (size_t)(q - w);
        float *row = MAT_ROW(m, r);
        size_t j = 0;
        while (q < le) {
            while (q < le && is_space(*q)) q++;
            if (q >= le) break;
            const char *t = q;
            while (q < le && !is_space(*q)) q++;
            if (j < dims && num_parse_float(t, (size_t)(q - t), &row[j]) < 0) {
                rc = err_set(e, "%s:%zu: cannot read '%.*s' as a number (word '%.*s')", path, line,
                             (int)((q - t) > 30 ? 30 : (q - t)), t, (int)(wl > 40 ? 40 : wl), w);
                break;
            }
            j++;
        }
        if (rc) break;
        if (j != dims) {
            rc = err_set(e, "%s:%zu: word '%.*s' has %zu values, expected %zu", path, line, (int)(wl > 40 ? 40 : wl),
                         w, j, dims);
            break;
        }
        size_t first;
        int dup = strmap_putn(seen, w, wl, line, &first, e);
        if (dup < 0) {
            rc = -1;
            break;
        }
        if (dup == 1) {
            rc = err_set(e, "%s:%zu: duplicate word '%.*s' (first on line %zu)", path, line, (int)(wl > 40 ? 40 : wl), w,
                         first);
            break;
        }
        if (!(m->row_names[r] = strndup(w, wl))) {
            rc = err_nomem(e, wl, "word");
            break;
        }
        r++;
        p = le + 1;
        line++;
    }
    strmap_free(seen);
    if (rc == 0 && has_header && r != count)
        rc = err_set(e, "%s: the header says %zu words, the file has %zu", path, count, r);
    if (rc < 0) {
        mat_free(m);
        return -1;
    }
    m = finish(m, r, e);
    if (!m) return -1;
    *out = m;
    return 0;
}

static int load_binary(const char *path, const char *buf, size_t len, Mat **out, Err *e)
{
    const char *nl = memchr(buf, '\n', len < 100 ? len : 100);
    size_t count, dims;
    if (!nl || !header_line(buf, nl, &count, &dims) || dims == 0)
        return err_set(e, "%s: not a word2vec binary file (a \"count dims\" header line expected)", path);
    if (mat_check_size(count, dims, path, e) < 0) return -1;
    Mat *m = mat_new_uninit(count, dims, e);
    if (!m) return -1;
    m->row_names = calloc(count ? count : 1, sizeof(char *));
    StrMap *seen = strmap_new(count, e);
    if (!m->row_names || !seen) {
        strmap_free(seen);
        mat_free(m);
        return err_nomem(e, count * sizeof(char *), "words");
    }
    size_t off = (size_t)(nl + 1 - buf);
    int rc = 0;
    for (size_t r = 0; r < count && rc == 0; r++) {
        while (off < len && (buf[off] == '\n' || buf[off] == ' ')) off++;
        size_t w = off;
        while (off < len && buf[off] != ' ') off++;
        if (off >= len || off + 1 + dims * 4 > len) {
            rc = err_set(e, "%s: truncated at byte offset %zu (word %zu of %zu)", path, w, r + 1, count);
            break;
        }
        size_t wl = off - w, first;
        int dup = strmap_putn(seen, buf + w, wl, r + 1, &first, e);
        if (dup == 1)
            rc = err_set(e, "%s: duplicate word '%.*s' at byte offset %zu (word %zu, first as word %zu)", path,
                         (int)(wl > 40 ? 40 : wl), buf + w, w, r + 1, first);
        if (dup) break;
        if (!(m->row_names[r] = strndup(buf + w, wl))) {
            rc = err_nomem(e, wl, "word");
            break;
        }
        memcpy(MAT_ROW(m, r), buf + off + 1, dims * 4);
        off += 1 + dims * 4;
    }
    strmap_free(seen);
    if (rc < 0 || !(rc == 0)) {
        mat_free(m);
        return -1;
    }
    *out = m;
    return 0;
}

int wordvec_load(const char *path, const char *format, Mat **out, Err *e)
{
    char *buf;
    size_t len;
    *out = NULL;
    if (io_read_all(path, &buf, &len, e) < 0) return -1;
    int binary = format && strcmp(format, "word2vec-bin") == 0;
    if (!format || strcmp(format, "auto") == 0) binary = io_has_ext(path, ".bin", 1);
    int rc = binary ? load_binary(path, buf, len, out, e) : load_text(path, buf, len, out, e);
    free(buf);
    return rc;
}

int wordvec_save(const Mat *m, const char *path, int binary, Err *e)
{
    if (!m->row_names) return err_set(e, "%s: word vectors need row names (words)", path);
    char tmp[PATH_MAX];
    FILE *f = io_atomic_open(path, tmp, e);
    if (!f) return -1;
    fprintf(f, "%zu %zu\n", m->rows, m->cols);
    for (size_t i = 0; i < m->rows; i++) {
        const char *w = m->row_names[i] ? m->row_names[i] : "";
        if (strchr(w, ' ') || strchr(w, '\n') || !*w) {
            io_atomic_abort(f, tmp);
            return err_set(e, "%s: word %zu ('%s') is empty or has a space or newline", path, i, w);
        }
        fputs(w, f);
        if (binary) {
            fputc(' ', f);
            fwrite(MAT_ROW(m, i), sizeof(float), m->cols, f);
            fputc('\n', f);
        } else {
            for (size_t j = 0; j < m->cols; j++) fprintf(f, " %.6g", (double)MAT_AT(m, i, j));
            fputc('\n', f);
        }
    }
    return io_atomic_commit(f, tmp, path, e);
}
