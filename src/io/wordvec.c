#include "io/wordvec.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "core/cnum.h"
#include "core/strmap.h"
#include "io/buffer.h"
#include "io/numparse.h"
#include "io/readall.h"

/* Longest word accepted (word2vec's own limit is 100 bytes). */
#define WV_MAX_WORD 1023

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

/* Tokens of one line [p, end), counted without copying. */
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

/* A decimal count at *p (below end), at most 2^62; advances *p. */
static int read_count(const char **p, const char *end, size_t *v)
{
    const char *q = *p;
    size_t x = 0;
    if (q >= end || *q < '0' || *q > '9') return 0;
    for (; q < end && *q >= '0' && *q <= '9'; q++) {
        if (x > ((size_t)1 << 62) / 10) return 0;
        x = x * 10 + (size_t)(*q - '0');
    }
    *v = x;
    *p = q;
    return 1;
}

/* "count dims" and nothing else on the line [p, end). */
static int header_line(const char *p, const char *end, size_t *count, size_t *dims)
{
    while (p < end && is_space(*p))
        p++;
    if (!read_count(&p, end, count)) return 0;
    if (p >= end || !is_space(*p)) return 0;
    while (p < end && is_space(*p))
        p++;
    if (!read_count(&p, end, dims)) return 0;
    while (p < end && is_space(*p))
        p++;
    return p == end;
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
    if (p == w || NUM_IS_NUMERAL(num_parse_float(w, (size_t)(p - w), &x)))
        return 0; /* first token is a number */
    while (p < le && is_space(*p)) p++;
    const char *t = p;
    while (p < le && !is_space(*p)) p++;
    return p > t && NUM_IS_NUMERAL(num_parse_float(t, (size_t)(p - t), &x));
}

/* Bytes in, from a file streamed through zlib (gzip or plain), or from
 * memory.  buf[lo..hi) holds what is read and not yet used; base is the
 * file offset (unpacked) of buf[0]. */
typedef struct Src {
    const char *path;
    gzFile g;  /* NULL: memory, all of it in buf */
    char *buf; /* owned when g is set */
    size_t cap, lo, hi, base;
    int eof;
    double bound; /* most bytes the source can hold (for sizing from a header) */
} Src;

static size_t src_off(const Src *s)
{
    return s->base + s->lo;
}

/* zlib's message for the stream without the "<fd:N>: " it puts first for a
 * stream opened with gzdopen (the user knows the file by its path). */
static const char *gz_message(gzFile g, int *ze)
{
    const char *msg = gzerror(g, ze);
    const char *colon = strncmp(msg, "<fd:", 4) == 0 ? strstr(msg, ": ") : NULL;
    return colon ? colon + 2 : msg;
}

static int gz_error(const Src *s, int ze, const char *msg, Err *e)
{
    if (ze == Z_ERRNO) return err_set(e, "cannot read '%s': %s", s->path, strerror(errno));
    return err_set(e, "%s: corrupt gzip data (%s)", s->path, msg);
}

/* Read more from the file; 1 when something came, 0 at its end, -1 on
 * error (a truncated or corrupt gzip stream is one). */
static int src_fill(Src *s, Err *e)
{
    if (!s->g || s->eof) return 0;
    if (s->lo > 0) {
        memmove(s->buf, s->buf + s->lo, s->hi - s->lo);
        s->hi -= s->lo;
        s->base += s->lo;
        s->lo = 0;
    }
    if (s->hi == s->cap) {
        size_t nc = s->cap * 2;
        if (mat_check_bytes((double)nc, s->path, e) < 0) return -1;
        char *nb = realloc(s->buf, nc);
        if (!nb) return err_nomem(e, nc, s->path);
        s->buf = nb;
        s->cap = nc;
    }
    size_t want = s->cap - s->hi < (1u << 30) ? s->cap - s->hi : (1u << 30);
    int r = gzread(s->g, s->buf + s->hi, (unsigned)want);
    int ze = Z_OK;
    const char *msg = gz_message(s->g, &ze);
    if (r < 0 || (ze != Z_OK && ze != Z_BUF_ERROR))
        return gz_error(s, ze, msg, e);
    if (r == 0) {
        s->eof = 1;
        /* zlib's soft "unexpected end of file": the stream stops before
         * its trailer, so the file is cut short. */
        if (ze == Z_BUF_ERROR)
            return err_set(
                e,
                "%s: truncated gzip data: the compressed stream stops before its end (%zu bytes "
                "unpacked)",
                s->path, s->base + s->hi);
        return 0;
    }
    s->hi += (size_t)r;
    return 1;
}

/* The next line [*line, *line + len), without its "\n" or "\r\n"; valid
 * until the next call.  Returns 1, 0 at the end, -1 on error. */
static int src_line(Src *s, const char **line, size_t *len, Err *e)
{
    size_t scan = s->lo;
    for (;;) {
        char *nl = memchr(s->buf + scan, '\n', s->hi - scan);
        if (nl) {
            *line = s->buf + s->lo;
            *len = (size_t)(nl - (s->buf + s->lo));
            s->lo = (size_t)(nl - s->buf) + 1;
            break;
        }
        size_t kept = s->hi - s->lo;
        int r = src_fill(s, e);
        if (r < 0) return -1;
        if (r == 0) {
            if (s->lo == s->hi) return 0;
            *line = s->buf + s->lo; /* the last line, without a newline */
            *len = s->hi - s->lo;
            s->lo = s->hi;
            break;
        }
        scan = s->lo + kept;
    }
    if (*len && (*line)[*len - 1] == '\r') (*len)--;
    return 1;
}

/* The next byte, or -1 at the end; -2 on error. */
static int src_getc(Src *s, Err *e)
{
    if (s->lo == s->hi) {
        int r = src_fill(s, e);
        if (r <= 0) return r < 0 ? -2 : -1;
    }
    return (unsigned char)s->buf[s->lo++];
}

/* Up to n bytes into dst: what is buffered, then straight from the file.
 * Returns the count (short at the end), or -1 on error. */
static long src_read(Src *s, void *dst, size_t n, Err *e)
{
    size_t have = s->hi - s->lo, k = have < n ? have : n;
    memcpy(dst, s->buf + s->lo, k);
    s->lo += k;
    while (k < n && s->g && !s->eof) {
        size_t want = n - k < (1u << 30) ? n - k : (1u << 30);
        int r = gzread(s->g, (char *)dst + k, (unsigned)want);
        int ze = Z_OK;
        const char *msg = gz_message(s->g, &ze);
        if (r < 0 || (ze != Z_OK && ze != Z_BUF_ERROR)) return gz_error(s, ze, msg, e);
        s->base += (size_t)(r > 0 ? r : 0);
        if (r == 0) {
            s->eof = 1;
            if (ze == Z_BUF_ERROR)
                return err_set(e,
                               "%s: truncated gzip data: the compressed stream stops before its "
                               "end (%zu bytes "
                               "unpacked)",
                               s->path, src_off(s) + k);
        }
        k += (size_t)(r > 0 ? r : 0);
    }
    return (long)k;
}

/* A file as a source: streamed, so memory stays near the floats' size.
 * bound: the file's size, or what its compressed bytes can unpack to. */
static int src_open(Src *s, const char *path, Err *e)
{
    struct stat st;
    *s = (Src){.path = path};
    if (stat(path, &st) != 0) return err_set(e, "cannot open '%s': %s", path, strerror(errno));
    if (S_ISDIR(st.st_mode)) return err_set(e, "cannot read '%s': it is a folder", path);
    int fd = open(path, O_RDONLY);
    if (fd < 0) return err_set(e, "cannot open '%s': %s", path, strerror(errno));
    unsigned char magic[2] = {0, 0};
    int gz = pread(fd, magic, 2, 0) == 2 && io_is_gzip(magic, 2);
    /* deflate packs at most ~1032:1; a pipe's size says nothing */
    s->bound = S_ISREG(st.st_mode) ? (double)st.st_size * (gz ? 1032.0 : 1.0) : 1e18;
    if (!(s->g = gzdopen(fd, "rb"))) {
        close(fd);
        return err_nomem(e, 65536, "gzip stream");
    }
    gzbuffer(s->g, 1 << 20);
    s->cap = 1 << 16;
    if (!(s->buf = malloc(s->cap))) {
        gzclose(s->g);
        s->g = NULL;
        return err_nomem(e, 1 << 16, path);
    }
    return 0;
}

static void src_close(Src *s)
{
    if (s->g) {
        gzclose(s->g);
        free(s->buf);
    }
}

/* Rows to allocate for a header's claim: never more than the bytes left
 * could hold at `min_row` bytes a row, so a short file claiming 10^9
 * words costs nothing; the matrix grows if the claim is true after all. */
static size_t rows_for_claim(const Src *s, size_t count, size_t min_row)
{
    double fit = (s->bound - (double)src_off(s)) / (double)min_row + 1;
    if (fit < 1) fit = 1;
    return (double)count < fit ? count : (size_t)fit;
}

/* Whether one vector of `dims` values (at least min_row bytes) can fit in
 * what is left of the source; if not, the header is wrong or the file cut
 * short, and nothing is allocated for it. */
static int fits_one_row(const Src *s, double min_row, size_t dims, Err *e)
{
    double left = s->bound - (double)src_off(s);
    if (min_row - 1 <= left) return 1; /* the last line may lack its newline */
    err_set(e, "%s: the header says %zu values a word, more than the %.0f bytes after it can hold",
            s->path, dims, left < 0 ? 0 : left);
    return 0;
}

/* m gets room for `want` rows (names included, new ones NULL). */
static int grow_rows(Mat *m, size_t *rows_cap, size_t want, const char *path, Err *e)
{
    if (want <= *rows_cap) return 0;
    if (mat_check_size(want, m->cols, path, e) < 0) return -1;
    float *d = realloc(m->data, want * m->cols * sizeof(float));
    if (!d) return err_nomem(e, want * m->cols * sizeof(float), path);
    m->data = d;
    char **rn = realloc(m->row_names, want * sizeof(char *));
    if (!rn) return err_nomem(e, want * sizeof(char *), path);
    memset(rn + *rows_cap, 0, (want - *rows_cap) * sizeof(char *));
    m->row_names = rn;
    *rows_cap = want;
    m->rows = want;
    return 0;
}

/* A new matrix of `rows` rows (none named yet) for dims-long vectors. */
static Mat *new_vectors(size_t rows, size_t dims, const char *path, StrMap **seen, Err *e)
{
    if (mat_check_size(rows, dims, path, e) < 0) return NULL;
    Mat *m = mat_new_uninit(rows, dims, e);
    if (!m) return NULL;
    m->row_names = calloc(rows ? rows : 1, sizeof(char *));
    if (!m->row_names || !(*seen = strmap_new(rows, e))) {
        err_nomem(e, rows * sizeof(char *), "words");
        mat_free(m);
        return NULL;
    }
    return m;
}

/* Give back the rows allocated beyond `rows` (in place: no second copy). */
static void finish(Mat *m, size_t rows)
{
    if (rows == m->rows) return;
    for (size_t i = rows; i < m->rows; i++) free(m->row_names[i]);
    float *d = realloc(m->data, (rows ? rows : 1) * m->cols * sizeof(float));
    char **rn = realloc(m->row_names, (rows ? rows : 1) * sizeof(char *));
    if (d) m->data = d; /* a failed shrink keeps the larger block */
    if (rn) m->row_names = rn;
    m->rows = rows;
}

/* Text formats, line by line: a word2vec/fastText "count dims" header
 * sizes the matrix (within what the file can hold); GloVe (no header)
 * grows it as it goes. */
static int load_text(Src *s, int glove, Mat **out, Err *e)
{
    const char *path = s->path;
    size_t count = 0, dims = 0, line = 0, r = 0, rows_cap = 0;
    Mat *m = NULL;
    StrMap *seen = NULL;
    int rc = -1, has_header = 0, got;
    const char *p, *end;
    size_t len;
    while ((got = src_line(s, &p, &len, e)) > 0) {
        line++;
        end = p + len;
        const char *nul = memchr(p, '\0', len);
        if (nul) {
            err_set(e, "%s:%zu: a NUL byte at byte offset %zu: not a text file", path, line,
                    s->base + (size_t)(nul - s->buf));
            goto done;
        }
        if (line == 1 && !glove && header_line(p, end, &count, &dims)) {
            if (dims == 0) {
                err_set(e, "%s: the header says 0 dimensions", path);
                goto done;
            }
            has_header = 1;
            /* a word, and a digit and a space per value */
            if (!fits_one_row(s, 2 + 2 * (double)dims, dims, e)) goto done;
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
            }
            /* a word, and a digit and a space per value */
            rows_cap = has_header ? rows_for_claim(s, count, 2 + 2 * dims) : 1024;
            if (!(m = new_vectors(rows_cap, dims, path, &seen, e))) goto done;
        }
        if (r == rows_cap) {
            if (has_header && r == count) {
                err_set(e, "%s:%zu: more words than the header's %zu", path, line, count);
                goto done;
            }
            size_t nc = rows_cap * 2;
            if (has_header && nc > count) nc = count;
            if (grow_rows(m, &rows_cap, nc, path, e) < 0) goto done;
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
            if (j < dims) {
                int v = num_parse_float(t, (size_t)(p - t), &row[j]);
                if (v == NUM_RANGE) {
                    err_set(e, "%s:%zu: '%.*s' is out of range for 32-bit floats (word '%.*s')",
                            path, line, (int)((p - t) > 30 ? 30 : (p - t)), t,
                            (int)(wl > 40 ? 40 : wl), w);
                    goto done;
                }
                if (v < 0) {
                    err_set(e, "%s:%zu: cannot read '%.*s' as a number (word '%.*s')", path, line,
                            (int)((p - t) > 30 ? 30 : (p - t)), t, (int)(wl > 40 ? 40 : wl), w);
                    goto done;
                }
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
            err_set(e, "%s:%zu: duplicate word '%.*s' (first on line %zu)", path, line,
                    (int)(wl > 40 ? 40 : wl), w, first);
            goto done;
        }
        char *copy = malloc(wl + 1);
        if (!copy) {
            err_nomem(e, wl, "word");
            goto done;
        }
        memcpy(copy, w, wl);
        copy[wl] = '\0';
        m->row_names[r++] = copy;
    }
    if (got < 0) goto done;
    if (!m) {
        err_set(e, "%s: no word vectors in the file", path);
        goto done;
    }
    if (has_header && r != count) {
        err_set(e, "%s: the header says %zu words, the file has %zu", path, count, r);
        goto done;
    }
    finish(m, r);
    *out = m;
    m = NULL;
    rc = 0;
done:
    mat_free(m); /* m->rows is the allocated count: every name slot is freed */
    strmap_free(seen);
    return rc;
}

/* word2vec binary: a "count dims" line, then per word the word, a space
 * and dims little-endian IEEE float32 (as every tool writes them on the
 * machines people use), each read straight into its row. */
static int load_binary(Src *s, Mat **out, Err *e)
{
    const char *path = s->path;
    char head[128], word[WV_MAX_WORD + 1];
    size_t count = 0, dims = 0, hl = 0, rows_cap = 0;
    Mat *m = NULL;
    StrMap *seen = NULL;
    int rc = -1, ch = 0;
    while (hl + 1 < sizeof head && (ch = src_getc(s, e)) >= 0 && ch != '\n')
        head[hl++] = (char)ch;
    if (ch == -2) goto done;
    head[hl] = '\0';
    if (ch != '\n' || !header_line(head, head + hl, &count, &dims) || dims == 0) {
        err_set(e, "%s: not a word2vec binary file (a \"count dims\" header line expected)", path);
        goto done;
    }
    if (count == 0) {
        err_set(e, "%s: the header says 0 words", path);
        goto done;
    }
    if (!fits_one_row(s, 2 + 4 * (double)dims, dims, e)) goto done;
    rows_cap = rows_for_claim(s, count, 2 + 4 * dims);
    if (!(m = new_vectors(rows_cap, dims, path, &seen, e))) goto done;
    for (size_t r = 0; r < count; r++) {
        while ((ch = src_getc(s, e)) == '\n' || ch == ' ') {
        } /* the newline after the previous vector */
        if (ch == -2) goto done;
        size_t w = src_off(s) - (ch >= 0), wl = 0;
        for (; ch >= 0 && ch != ' '; ch = src_getc(s, e)) {
            if (wl == WV_MAX_WORD) {
                err_set(e, "%s: word %zu at byte offset %zu is longer than %d bytes", path, r + 1,
                        w, WV_MAX_WORD);
                goto done;
            }
            if (ch == 0) {
                err_set(e, "%s: word %zu at byte offset %zu holds a NUL byte", path, r + 1, w);
                goto done;
            }
            word[wl++] = (char)ch;
        }
        if (ch == -2) goto done;
        word[wl] = '\0';
        if (r == rows_cap) {
            size_t nc = rows_cap * 2 < count ? rows_cap * 2 : count;
            if (grow_rows(m, &rows_cap, nc, path, e) < 0) goto done;
        }
        size_t want = dims * sizeof(float);
        long got = 0;
        if (ch == ' ' && (got = src_read(s, MAT_ROW(m, r), want, e)) < 0) goto done;
        if (ch < 0 || (size_t)got != want) { /* say where the file ends */
            err_set(e, "%s: truncated at byte offset %zu (word %zu of %zu)", path, src_off(s),
                    r + 1, count);
            goto done;
        }
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
    /* Nothing but line ends may follow the last vector. */
    while ((ch = src_getc(s, e)) == '\n' || ch == '\r' || ch == ' ') {
    }
    if (ch == -2) goto done;
    if (ch >= 0) {
        err_set(e, "%s: more data after the header's %zu words (at byte offset %zu)", path, count,
                src_off(s) - 1);
        goto done;
    }
    *out = m;
    m = NULL;
    rc = 0;
done:
    mat_free(m);
    strmap_free(seen);
    return rc;
}

static int load_src(Src *s, const char *format, Mat **out, Err *e)
{
    if (strcmp(format, "word2vec-bin") == 0) return load_binary(s, out, e);
    if (strcmp(format, "word2vec") == 0 || strcmp(format, "fasttext") == 0 ||
        strcmp(format, "glove") == 0)
        return load_text(s, strcmp(format, "glove") == 0, out, e);
    return err_set(e,
                   "%s: unknown word-vector format '%s' (word2vec, word2vec-bin, glove, fasttext)",
                   s->path, format);
}

int wordvec_load(const char *path, const char *format, Mat **out, Err *e)
{
    *out = NULL;
    if (!format || strcmp(format, "auto") == 0) format = io_has_ext(path, ".bin", 1) ? "word2vec-bin" : "word2vec";
    Src s;
    if (src_open(&s, path, e) < 0) return -1;
    int rc = load_src(&s, format, out, e);
    src_close(&s);
    return rc;
}

int wordvec_load_buffer(const char *name, const void *buf, size_t len, const char *format,
                        Mat **out, Err *e)
{
    if (!name) name = "(buffer)";
    if (!format || strcmp(format, "auto") == 0) format = "word2vec";
    *out = NULL;
    char *text = NULL;
    if (io_is_gzip(buf, len) && io_gunzip(name, buf, len, &text, &len, e) < 0) return -1;
    Src s = {.path = name,
             .buf = text ? text : (char *)(uintptr_t)buf, /* read only: no g, no refill */
             .cap = len,
             .hi = len,
             .eof = 1,
             .bound = (double)len};
    int rc = load_src(&s, format, out, e);
    free(text);
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
            for (size_t j = 0; j < m->cols; j++) { /* shortest exact decimals, C locale */
                char num[32];
                fputc(' ', f);
                fwrite(num, 1, (size_t)cnum_format_float(num, sizeof num, MAT_AT(m, i, j)), f);
            }
            fputc('\n', f);
        }
    }
    return io_atomic_commit(f, tmp, path, e);
}
