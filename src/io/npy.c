/* npy.c — NumPy's .npy format (numpy/lib/format.py, versions 1.0-3.0):
 * "\x93NUMPY", version, header length, a Python dict literal with 'descr',
 * 'fortran_order' and 'shape', then the raw data.  Large files are mapped
 * into memory instead of read (npy_load_map). */
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io/buffer.h"
#include "io/images.h"
#include "io/readall.h"

/* Files from this size up are mapped rather than read (see
 * npy_load_map): a million rows of 50 floats are 200 MB that need not be
 * copied. */
#define NPY_MAP_MIN ((size_t)64 << 20)

static int npy_load_read(const char *path, Mat **out, Err *e);

static const char *dict_value(const char *h, const char *key)
{
    const char *k = strstr(h, key);
    if (!k) return NULL;
    k = strchr(k + strlen(key), ':');
    if (!k) return NULL;
    k++;
    while (*k == ' ') k++;
    return k;
}

/* What a .npy header says: the element type, the shape and where the
 * data begins. */
typedef struct NpyHead {
    char kind; /* 'f', 'i', 'u', 'b' */
    int size;  /* bytes per element */
    int swap;  /* big-endian */
    int fortran;
    size_t rows, cols, off;
} NpyHead;

/* Read and check the header of the .npy bytes b[0..len): the dtype is one
 * dv reads, the shape has at most 2 dimensions, and the data is all
 * there. */
static int npy_head(const char *path, const unsigned char *b, size_t len, NpyHead *hd, Err *e)
{
    const char *buf = (const char *)b;
    int rc = -1;
    if (len < 10 || memcmp(b, "\x93NUMPY", 6) != 0) {
        err_set(e, "%s: not a .npy file (expected the magic string \\x93NUMPY)", path);
        goto done;
    }
    int major = b[6];
    size_t hl, off;
    if (major == 1) {
        hl = (size_t)b[8] | (size_t)b[9] << 8;
        off = 10;
    } else if (major == 2 || major == 3) {
        if (len < 12) {
            err_set(e, "%s: truncated .npy header", path);
            goto done;
        }
        hl = (size_t)b[8] | (size_t)b[9] << 8 | (size_t)b[10] << 16 | (size_t)b[11] << 24;
        off = 12;
    } else {
        err_set(e, "%s: .npy version %d is not supported (1, 2 and 3 are)", path, major);
        goto done;
    }
    if (off + hl > len) {
        err_set(e, "%s: truncated .npy header: it ends at byte offset %zu, the file has %zu bytes", path, off + hl,
                len);
        goto done;
    }
    char *h = strndup(buf + off, hl);
    if (!h) {
        err_nomem(e, hl, "npy header");
        goto done;
    }
    const char *d = dict_value(h, "'descr'"), *fo = dict_value(h, "'fortran_order'"), *sh = dict_value(h, "'shape'");
    char endian = 0, kind = 0;
    int size = 0;
    if (d && (d[0] == '\'' || d[0] == '"') && strlen(d) >= 4) {
        endian = d[1];
        kind = d[2];
        size = atoi(d + 3);
    }
    int fortran = fo && strncmp(fo, "True", 4) == 0;
    size_t dims[2] = {1, 1};
    int nd = 0, badshape = !sh || *sh != '(';
    if (!badshape) {
        const char *p = sh + 1;
        while (*p && *p != ')') {
            while (*p == ' ' || *p == ',' || *p == '\n') p++;
            if (*p == ')' || !*p) break;
            char *end;
            /* strtoul would take "-2" as 2^64 - 2: digits only. */
            unsigned long v = *p >= '0' && *p <= '9' ? strtoul(p, &end, 10) : 0;
            if (!(*p >= '0' && *p <= '9')) {
                badshape = 1;
                break;
            }
            if (nd < 2) dims[nd] = v;
            nd++;
            p = end;
        }
    }
    free(h);
    if (badshape) {
        err_set(e, "%s: the .npy header has no shape of whole numbers (shape: (rows, cols) expected)", path);
        goto done;
    }
    int okkind = (kind == 'f' && (size == 4 || size == 8)) ||
                 ((kind == 'i' || kind == 'u') && (size == 1 || size == 2 || size == 4 || size == 8)) ||
                 (kind == 'b' && size == 1);
    if (!okkind) {
        err_set(e, "%s: unsupported dtype (float32/64, ints and bool are read)", path);
        goto done;
    }
    if (nd > 2) {
        err_set(e, "%s: a %d-dimensional array; dv reads 1-D and 2-D arrays", path, nd);
        goto done;
    }
    size_t rows = nd == 2 ? dims[0] : 1, cols = nd == 2 ? dims[1] : (nd == 1 ? dims[0] : 1);
    if (rows == 0 || cols == 0) {
        err_set(e, "%s: an empty array (shape %zux%zu)", path, rows, cols);
        goto done;
    }
    /* Against the bytes present first (in double: the product of two
     * sizes from the header can overflow), then against memory. */
    size_t have = len - off - hl;
    if ((double)rows * (double)cols * size > (double)have) {
        err_set(e, "%s: truncated data: shape %zux%zu needs %.0f bytes, found %zu", path, rows,
                cols, (double)rows * (double)cols * size, have);
        goto done;
    }
    if (mat_check_size(rows, cols, path, e) < 0) goto done;
    *hd = (NpyHead){kind, size, endian == '>', fortran, rows, cols, off + hl};
    rc = 0;
done:
    return rc;
}

/* Whether the data is float32 in the machine's order and in C order: the
 * bytes are the matrix as they are (x86 and ARM are little-endian). */
static int npy_native(const NpyHead *hd)
{
    return hd->kind == 'f' && hd->size == 4 && !hd->swap && !hd->fortran;
}

/* The data of a checked header into a new matrix *out. */
static int npy_convert(const NpyHead *hd, const unsigned char *b, Mat **out, Err *e)
{
    char kind = hd->kind;
    int size = hd->size, swap = hd->swap, fortran = hd->fortran;
    size_t rows = hd->rows, cols = hd->cols;
    Mat *m = mat_new_uninit(rows, cols, e);
    if (!m) return -1;
    const unsigned char *p = b + hd->off;
    if (npy_native(hd)) { /* the bytes as they are */
        memcpy(m->data, p, rows * cols * sizeof(float));
        *out = m;
        return 0;
    }
    for (size_t i = 0; i < rows * cols; i++) {
        unsigned char t[8];
        memcpy(t, p + i * (size_t)size, (size_t)size);
        if (swap)
            for (int a = 0, z = size - 1; a < z; a++, z--) {
                unsigned char c = t[a];
                t[a] = t[z];
                t[z] = c;
            }
        double v;
        if (kind == 'f' && size == 4) { float f; memcpy(&f, t, 4); v = f; }
        else if (kind == 'f') { double x; memcpy(&x, t, 8); v = x; }
        else if (kind == 'b' || (kind == 'u' && size == 1)) v = t[0];
        else if (kind == 'i' && size == 1) v = (int8_t)t[0];
        else if (kind == 'i' && size == 2) { int16_t x; memcpy(&x, t, 2); v = x; }
        else if (kind == 'u' && size == 2) { uint16_t x; memcpy(&x, t, 2); v = x; }
        else if (kind == 'i' && size == 4) { int32_t x; memcpy(&x, t, 4); v = x; }
        else if (kind == 'u' && size == 4) { uint32_t x; memcpy(&x, t, 4); v = x; }
        else if (kind == 'i') { int64_t x; memcpy(&x, t, 8); v = (double)x; }
        else { uint64_t x; memcpy(&x, t, 8); v = (double)x; }
        size_t r = fortran ? i % rows : i / cols, c = fortran ? i / rows : i % cols;
        MAT_AT(m, r, c) = (float)v;
    }
    *out = m;
    return 0;
}

/* A .npy file's bytes b[0..len) (unpacked) into *out. */
static int npy_parse(const char *path, const unsigned char *b, size_t len, Mat **out, Err *e)
{
    NpyHead hd;
    return npy_head(path, b, len, &hd, e) < 0 ? -1 : npy_convert(&hd, b, out, e);
}

int npy_load_buffer(const char *name, const void *buf, size_t len, Mat **out, Err *e)
{
    if (!name) name = "(buffer)";
    *out = NULL;
    if (!io_is_gzip(buf, len)) return npy_parse(name, buf, len, out, e);
    char *text;
    size_t tlen;
    if (io_gunzip(name, buf, len, &text, &tlen, e) < 0) return -1;
    int rc = npy_parse(name, (unsigned char *)text, tlen, out, e);
    free(text);
    return rc;
}

int npy_load_map(const char *path, size_t map_min, Mat **out, int *mapped, Err *e)
{
    *out = NULL;
    if (mapped) *mapped = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (size_t)st.st_size >= map_min &&
        st.st_size >= 10) {
        size_t len = (size_t)st.st_size;
        /* private and writable: the language may change the matrix in
         * place, which copies the pages it touches and never the file */
        unsigned char *b = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
        close(fd);
        fd = -1;
        if (b != MAP_FAILED && !io_is_gzip(b, len)) {
            NpyHead hd;
            int rc = npy_head(path, b, len, &hd, e);
            /* the data where it lies, when it is float32 in order and on a
             * 16-byte boundary (numpy pads the header to 64 bytes) */
            if (rc == 0 && npy_native(&hd) && hd.off % 16 == 0) {
                Mat *m = calloc(1, sizeof *m);
                if (!m) {
                    munmap(b, len);
                    return err_nomem(e, sizeof *m, "matrix");
                }
                m->rows = hd.rows;
                m->cols = hd.cols;
                m->data = (float *)(void *)(b + hd.off);
                m->map = b;
                m->map_len = len;
                *out = m;
                if (mapped) *mapped = 1;
                return 0;
            }
            if (rc == 0) rc = npy_convert(&hd, b, out, e);
            munmap(b, len);
            return rc;
        }
        if (b != MAP_FAILED) munmap(b, len);
    }
    if (fd >= 0) close(fd);
    return npy_load_read(path, out, e);
}

int npy_load(const char *path, Mat **out, Err *e)
{
    return npy_load_map(path, NPY_MAP_MIN, out, NULL, e);
}

static int npy_load_read(const char *path, Mat **out, Err *e)
{
    char *buf;
    size_t len;
    *out = NULL;
    if (io_read_all(path, &buf, &len, e) < 0) return -1;
    int rc = npy_parse(path, (unsigned char *)buf, len, out, e);
    free(buf);
    return rc;
}

int npy_save(const Mat *m, const char *path, Err *e)
{
    char tmp[PATH_MAX], head[256];
    int n = snprintf(head, sizeof head, "{'descr': '<f4', 'fortran_order': False, 'shape': (%zu, %zu), }", m->rows,
                     m->cols);
    /* pad with spaces so that magic + header is a multiple of 64 bytes */
    int total = 10 + n + 1;
    int pad = (64 - total % 64) % 64;
    memset(head + n, ' ', (size_t)pad);
    head[n + pad] = '\n';
    int hl = n + pad + 1;
    FILE *f = io_atomic_open(path, tmp, e);
    if (!f) return -1;
    unsigned char pre[10] = {0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (unsigned char)(hl & 0xFF), (unsigned char)(hl >> 8)};
    fwrite(pre, 1, 10, f);
    fwrite(head, 1, (size_t)hl, f);
    fwrite(m->data, sizeof(float), m->rows * m->cols, f); /* x86 and ARM are little-endian */
    return io_atomic_commit(f, tmp, path, e);
}
