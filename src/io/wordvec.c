#include "io/wordvec.h"

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/strmap.h"
#include "io/numparse.h"
#include "io/readall.h"

#include <zlib.h>

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

/* Give back the rows allocated beyond `rows` (in place: no second copy). */
static Mat *finish(Mat *m, size_t rows, Err *e)
{
    (void)e;
    if (rows == m->rows) return m;
    for (size_t i = rows; i < m->rows; i++) free(m->row_names[i]);
    float *d = realloc(m->data, (rows ? rows : 1) * m->cols * sizeof(float));
    char **rn = realloc(m->row_names, (rows ? rows : 1) * sizeof(char *));
    if (d) m->data = d; /* a failed shrink keeps the larger block */
    if (rn) m->row_names = rn;
    m->rows = rows;
    return m;
}

/* One line from g into *buf (grown as needed); returns its length without
 * the newline, or -1 at the end of the file. */
static long read_line(gzFile g, char **buf, size_t *cap)
{
    size_t n = 0;
    for (;;) {
        if (!gzgets(g, *buf + n, (int)(*cap - n))) return n ? (long)n : -1;
        n += strlen(*buf + n);
        if (n && (*buf)[n - 1] == '\n') {
            (*buf)[--n] = '\0';
            if (n && (*buf)[n - 1] == '\r') (*buf)[--n] = '\0';
            return (long)n;
        }
        if (n + 1 < *cap) return (long)n; /* last line without a newline */
        char *nb = realloc(*buf, *cap * 2);
        if (!nb) return -2;
        *buf = nb;
        *cap *= 2;
    }
}

/* Text formats, streamed line by line so memory stays near the floats'
 * size: a word2vec/fastText "count dims" header fixes the size; GloVe (no
 * header) grows the matrix as it goes. */
static int load_text(const char *path, int glove, Mat **out, Err *e)
{
    gzFile g = gzopen(path, "rb");
    if (!g) return err_set(e, "cannot open '%s': %s", path, strerror(errno ? errno : ENOMEM));
    gzbuffer(g, 1 << 20);
    size_t cap = 1 << 16, count = 0, dims = 0, line = 0, r = 0, rows_cap = 0;
    char *buf = malloc(cap);
    Mat *m = NULL;
    StrMap *seen = NULL;
    int rc = -1, has_header = 0;
    if (!buf) {
        err_nomem(e, cap, path);
        goto done;
    }
    long len;
    while ((len = read_line(g, &buf, &cap)) >= 0) {
        line++;
        const char *p = buf, *end = buf + len;
        if (line == 1 && !glove && header_line(p, end, &count, &dims)) {
            if (dims == 0) {
                err_set(e, "%s: the header says 0 dimensions", path);
                goto done;
            }
            has_header = 1;
            continue;
        }
        while (p < end && is_space(*p)) p++;
        if (p == end) continue; /* blank line */
        if (!m) { /* first vector: size the matrix */
            if (!has_header) {
                dims = count_tokens(p, end) - 1;
                if (dims == 0) {
                    err_set(e, "%s:%zu: not a word-vector line (a word followed by numbers expected)", path, line);
                    goto done;
                }
                count = 1024;
            }
            if (mat_check_size(count, dims, path, e) < 0 || !(m = mat_new_uninit(count, dims, e))) goto done;
            rows_cap = count;
            m->row_names = calloc(count ? count : 1, sizeof(char *));
            if (!m->row_names || !(seen = strmap_new(count, e))) {
                err_nomem(e, count * sizeof(char *), "words");
                goto done;
            }
        }
        if (r == rows_cap) {
            if (has_header) {
                err_set(e, "%s:%zu: more words than the header's %zu", path, line, count);
                goto done;
            }
            size_t nc = rows_cap * 2;
            if (mat_check_size(nc, dims, path, e) < 0) goto done;
            float *d = realloc(m->data, nc * dims * sizeof(float));
            char **rn = d ? realloc(m->row_names, nc * sizeof(char *)) : NULL;
            if (d) m->data = d;
            if (!rn) {
                err_nomem(e, nc * dims * sizeof(float), path);
                goto done;
            }
            m->row_names = rn;
            memset(rn + rows_cap, 0, (nc - rows_cap) * sizeof(char *));
            rows_cap = nc;
            m->rows = nc;
        }
        const char *w = p;
        while (p < end && !is_space(*p)) p++;
        size_t wl = (size_t)(p - w), j = 0;
        float *row = MAT_ROW(m, r);
        while (p < end) {
            while (p < end && is_space(*p)) p++;
            if (p >= end) break;
            const char *t = p;
            while (p < end && !is_space(*p)) p++;
            if (j < dims && num_parse_float(t, (size_t)(p - t), &row[j]) < 0) {
                err_set(e, "%s:%zu: cannot read '%.*s' as a number (word '%.*s')", path, line,
                        (int)((p - t) > 30 ? 30 : (p - t)), t, (int)(wl > 40 ? 40 : wl), w);
                goto done;
            }
            j++;
        }
        if (j != dims) {
            err_set(e, "%s:%zu: word '%.*s' has %zu values, expected %zu", path, line, (int)(wl > 40 ? 40 : wl), w, j,
                    dims);
            goto done;
        }
        size_t first;
        int dup = strmap_putn(seen, w, wl, line, &first, e);
        if (dup < 0) goto done;
        if (dup == 1) {
            err_set(e, "%s:%zu: duplicate word '%.*s' (first on line %zu)", path, line, (int)(wl > 40 ? 40 : wl), w, first);
            goto done;
        }
        if (!(m->row_names[r] = strndup(w, wl))) {
            err_nomem(e, wl, "word");
            goto done;
        }
        r++;
    }
    if (len == -2) {
        err_nomem(e, cap, path);
        goto done;
    }
    int ze;
    gzerror(g, &ze);
    if (ze != Z_OK && ze != Z_BUF_ERROR) {
        err_set(e, "cannot read '%s': %s", path, gzerror(g, &ze));
        goto done;
    }
    if (!m) {
        err_set(e, "%s: no word vectors in the file", path);
        goto done;
    }
    if (has_header && r != count) {
        err_set(e, "%s: the header says %zu words, the file has %zu", path, count, r);
        goto done;
    }
    m->rows = rows_cap;
    if (!(m = finish(m, r, e))) goto done;
    *out = m;
    m = NULL;
    rc = 0;
done:
    if (m) {
        m->rows = rows_cap; /* free every allocated name slot */
        mat_free(m);
    }
    strmap_free(seen);
    free(buf);
    gzclose(g);
    return rc;
}

/* word2vec binary, streamed: each vector is read straight into its row, so
 * memory stays at the floats' size.  Floats are little-endian IEEE (as
 * every tool writes them on the machines people use). */
static int load_binary(const char *path, Mat **out, Err *e)
{
    gzFile g = gzopen(path, "rb");
    if (!g) return err_set(e, "cannot open '%s': %s", path, strerror(errno ? errno : ENOMEM));
    gzbuffer(g, 1 << 20);
    char head[128], word[1024];
    size_t count = 0, dims = 0, off = 0, hl = 0;
    Mat *m = NULL;
    StrMap *seen = NULL;
    int rc = -1, ch = 0;
    while (hl + 1 < sizeof head && (ch = gzgetc(g)) >= 0 && ch != '\n') head[hl++] = (char)ch;
    head[hl] = '\0';
    off = hl + 1;
    if (ch != '\n' || !header_line(head, head + hl, &count, &dims) || dims == 0) {
        err_set(e, "%s: not a word2vec binary file (a \"count dims\" header line expected)", path);
        goto done;
    }
    if (mat_check_size(count, dims, path, e) < 0 || !(m = mat_new_uninit(count, dims, e))) goto done;
    m->row_names = calloc(count ? count : 1, sizeof(char *));
    if (!m->row_names || !(seen = strmap_new(count, e))) {
        err_nomem(e, count * sizeof(char *), "words");
        goto done;
    }
    for (size_t r = 0; r < count; r++) {
        while ((ch = gzgetc(g)) == '\n' || ch == ' ') off++; /* the newline after the previous vector */
        size_t w = off, wl = 0;
        for (; ch >= 0 && ch != ' '; ch = gzgetc(g), off++)
            if (wl + 1 < sizeof word) word[wl++] = (char)ch;
        word[wl] = '\0';
        size_t want = dims * sizeof(float);
        int got = 0;
        if (ch == ' ') {
            off++;
            got = gzread(g, MAT_ROW(m, r), (unsigned)want);
        }
        if (ch < 0 || got < 0 || (size_t)got != want) { /* say where the file ends */
            err_set(e, "%s: truncated at byte offset %zu (word %zu of %zu)", path, off + (got > 0 ? (size_t)got : 0),
                    r + 1, count);
            goto done;
        }
        off += want;
        size_t first;
        int dup = strmap_putn(seen, word, wl, r + 1, &first, e);
        if (dup < 0) goto done;
        if (dup == 1) {
            err_set(e, "%s: duplicate word '%.*s' at byte offset %zu (word %zu, first as word %zu)", path,
                    (int)(wl > 40 ? 40 : wl), word, w, r + 1, first);
            goto done;
        }
        if (!(m->row_names[r] = strndup(word, wl))) {
            err_nomem(e, wl, "word");
            goto done;
        }
    }
    *out = m;
    m = NULL;
    rc = 0;
done:
    mat_free(m);
    strmap_free(seen);
    gzclose(g);
    return rc;
}

int wordvec_load(const char *path, const char *format, Mat **out, Err *e)
{
    *out = NULL;
    if (!format || strcmp(format, "auto") == 0) format = io_has_ext(path, ".bin", 1) ? "word2vec-bin" : "word2vec";
    if (strcmp(format, "word2vec-bin") == 0) return load_binary(path, out, e);
    if (strcmp(format, "word2vec") == 0 || strcmp(format, "fasttext") == 0 || strcmp(format, "glove") == 0)
        return load_text(path, strcmp(format, "glove") == 0, out, e);
    return err_set(e, "%s: unknown word-vector format '%s' (word2vec, word2vec-bin, glove, fasttext)", path, format);
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
        if (!*w || w[strcspn(w, " \t\n\r")]) {
            io_atomic_abort(f, tmp);
            return err_set(e, "%s: word %zu ('%s') is empty or has white space", path, i, w);
        }
        fputs(w, f);
        if (binary) {
            fputc(' ', f);
            fwrite(MAT_ROW(m, i), sizeof(float), m->cols, f);
            fputc('\n', f);
        } else {
            for (size_t j = 0; j < m->cols; j++) fprintf(f, " %.9g", (double)MAT_AT(m, i, j)); /* 9 digits: floats come back exact */
            fputc('\n', f);
        }
    }
    return io_atomic_commit(f, tmp, path, e);
}
