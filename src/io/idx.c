/* idx.c — IDX files (LeCun's MNIST format): a magic number 0 0 TYPE NDIM,
 * NDIM big-endian 32-bit sizes, then the data, big-endian. */
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/classes.h"
#include "io/buffer.h"
#include "io/images.h"
#include "io/readall.h"

/* The largest class number a labels file may hold. */
#define IDX_MAX_CLASS 100000

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int type_size(int t)
{
    switch (t) {
    case 0x08: case 0x09: return 1;
    case 0x0B: return 2;
    case 0x0C: case 0x0D: return 4;
    case 0x0E: return 8;
    }
    return 0;
}

int idx_sniff(const unsigned char *b, size_t n)
{
    return n >= 4 && b[0] == 0 && b[1] == 0 && type_size(b[2]) && b[3] >= 1 && b[3] <= 4;
}

static double idx_value(const unsigned char *p, int t)
{
    switch (t) {
    case 0x08: return p[0];
    case 0x09: return (int8_t)p[0];
    case 0x0B: return (int16_t)(p[0] << 8 | p[1]);
    case 0x0C: return (int32_t)be32(p);
    case 0x0D: {
        uint32_t u = be32(p);
        float f;
        memcpy(&f, &u, 4);
        return f;
    }
    default: {
        uint64_t u = (uint64_t)be32(p) << 32 | be32(p + 4);
        double d;
        memcpy(&d, &u, 8);
        return d;
    }
    }
}

/* Parse an IDX buffer into a matrix (rows = first dimension). */
static int idx_parse(const char *path, const unsigned char *b, size_t len, Mat **out, Err *e)
{
    if (!idx_sniff(b, len))
        return err_set(e, "%s: not an IDX file (wrong magic number: expected 00 00 TYPE NDIM, found %02x %02x %02x %02x)",
                       path, len > 0 ? b[0] : 0, len > 1 ? b[1] : 0, len > 2 ? b[2] : 0, len > 3 ? b[3] : 0);
    int t = b[2], nd = b[3], ts = type_size(t);
    if (len < 4 + 4 * (size_t)nd)
        return err_set(e, "%s: truncated IDX header: %d sizes end at byte offset %zu, the file has %zu bytes", path,
                       nd, 4 + 4 * (size_t)nd, len);
    /* The sizes are checked against the bytes present before anything is
     * allocated (products in double: four 32-bit sizes overflow size_t). */
    size_t dims[4], cols = 1;
    double values = 1;
    for (int i = 0; i < nd; i++) {
        dims[i] = be32(b + 4 + 4 * i);
        if (dims[i] == 0)
            return err_set(e, "%s: the IDX header gives dimension %d a size of 0", path, i + 1);
        values *= (double)dims[i];
    }
    size_t have = len - 4 - 4 * (size_t)nd;
    if (values * ts != (double)have)
        return err_set(
            e, "%s: the header says %.0f values (%.0f bytes) but the file has %zu bytes of data",
            path, values, values * ts, have);
    for (int i = 1; i < nd; i++)
        cols *= dims[i]; /* at most `have` now: no overflow */
    size_t rows = dims[0];
    if (mat_check_size(rows, cols, path, e) < 0) return -1;
    Mat *m = mat_new_uninit(rows, cols, e);
    if (!m) return -1;
    const unsigned char *p = b + 4 + 4 * nd;
    if (t == 0x08)
        for (size_t i = 0; i < rows * cols; i++) m->data[i] = p[i];
    else
        for (size_t i = 0; i < rows * cols; i++) m->data[i] = (float)idx_value(p + i * (size_t)ts, t);
    if (nd == 3) {
        m->img_h = dims[1];
        m->img_w = dims[2];
        m->img_c = 1;
    }
    *out = m;
    return 0;
}

/* MNIST and Fashion-MNIST use the same file names (train-images-idx3-ubyte,
 * t10k-...), so the first labels tell them apart (LeCun et al. 1998;
 * Xiao, Rasul and Vollgraf 2017, whose class names these are); failing
 * that, "fashion" or "mnist" in the path. */
static const char *const digit_names[10] = {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};
static const char *const fashion_names[10] = {"T-shirt/top", "Trouser",   "Pullover", "Dress",
                                              "Coat",        "Sandal",    "Shirt",    "Sneaker",
                                              "Bag",         "Ankle boot"};
static const struct {
    const char *set;
    int fashion;
    unsigned char first[10];
} known_sets[] = {
    {"the MNIST test set", 0, {7, 2, 1, 0, 4, 1, 4, 9, 5, 9}},
    {"the MNIST training set", 0, {5, 0, 4, 1, 9, 2, 1, 3, 1, 4}},
    {"the Fashion-MNIST test set", 1, {9, 2, 1, 1, 6, 1, 4, 6, 5, 7}},
    {"the Fashion-MNIST training set", 1, {9, 0, 0, 3, 0, 2, 7, 2, 5, 5}},
};

/* Class names for 28x28 images labelled 0..9 from a recognised set. */
static int name_known_classes(Mat *m, const char *path, const LoadOpts *o, Err *e)
{
    if (m->img_h != 28 || m->img_w != 28 || m->n_classes > 10 || m->rows < 10 || m->label_names)
        return 0;
    if (o && o->classes) return 0; /* the user names them */
    const char *set = NULL, *how = "its labels";
    int fashion = 0;
    for (size_t k = 0; !set && k < sizeof known_sets / sizeof *known_sets; k++) {
        size_t i = 0;
        while (i < 10 && m->labels[i] == known_sets[k].first[i])
            i++;
        if (i == 10) set = known_sets[k].set, fashion = known_sets[k].fashion;
    }
    if (!set && strcasestr(path, "fashion"))
        set = "Fashion-MNIST", fashion = 1, how = "its path";
    else if (!set && strcasestr(path, "mnist"))
        set = "MNIST", how = "its path";
    if (!set) return 0;
    const char *const *names = fashion ? fashion_names : digit_names;
    if (classes_name(m, names, 10, path, e) < 0) return -1;
    io_note(o, "%s: %s (recognised by %s): classes %s", path, set, how,
            fashion ? "T-shirt/top, Trouser, ... Ankle boot" : "\"0\" to \"9\"");
    return 0;
}

/* The labels file that belongs to an images file, if one exists. */
static int labels_path(const char *path, char *out, size_t n)
{
    const char *pat[][2] = {{"images-idx3", "labels-idx1"}, {"images.idx3", "labels.idx1"}};
    for (int k = 0; k < 2; k++) {
        const char *at = strstr(path, pat[k][0]);
        if (!at) continue;
        size_t pre = (size_t)(at - path);
        const char *rest = at + strlen(pat[k][0]);
        char base[PATH_MAX];
        snprintf(base, sizeof base, "%.*s%s%s", (int)pre, path, pat[k][1], rest);
        /* with or without .gz */
        struct stat st;
        if (stat(base, &st) == 0) {
            snprintf(out, n, "%s", base);
            return 1;
        }
        size_t l = strlen(base);
        if (l > 3 && strcmp(base + l - 3, ".gz") == 0) {
            base[l - 3] = '\0';
        } else {
            strncat(base, ".gz", sizeof base - l - 1);
        }
        if (stat(base, &st) == 0) {
            snprintf(out, n, "%s", base);
            return 1;
        }
    }
    return 0;
}

int idx_load_buffer(const char *name, const void *buf, size_t len, Mat **out, Err *e)
{
    if (!name) name = "(buffer)";
    *out = NULL;
    if (!io_is_gzip(buf, len)) return idx_parse(name, buf, len, out, e);
    char *text;
    size_t tlen;
    if (io_gunzip(name, buf, len, &text, &tlen, e) < 0) return -1;
    int rc = idx_parse(name, (unsigned char *)text, tlen, out, e);
    free(text);
    return rc;
}

int idx_load(const char *path, const LoadOpts *o, Mat **out, Err *e)
{
    char *buf;
    size_t len;
    *out = NULL;
    if (io_read_all(path, &buf, &len, e) < 0) return -1;
    Mat *m;
    int rc = idx_parse(path, (unsigned char *)buf, len, &m, e);
    free(buf);
    if (rc < 0) return -1;
    char lp[PATH_MAX];
    if (m->img_h && labels_path(path, lp, sizeof lp)) {
        if (io_read_all(lp, &buf, &len, e) < 0) {
            mat_free(m);
            return -1;
        }
        Mat *L;
        rc = idx_parse(lp, (unsigned char *)buf, len, &L, e);
        free(buf);
        if (rc < 0) {
            mat_free(m);
            return -1;
        }
        if (L->rows != m->rows || L->cols != 1) {
            err_set(e, "%s: %zu labels for the %zu images of %s", lp, L->rows, m->rows, path);
            mat_free(L);
            mat_free(m);
            return -1;
        }
        if (mat_ensure_labels(m, e) < 0) {
            mat_free(L);
            mat_free(m);
            return -1;
        }
        int maxc = -1;
        for (size_t i = 0; i < m->rows; i++) {
            float v = L->data[i];
            /* Whole numbers in range only: a float label file must not
             * turn into arbitrary (or undefined) ints. */
            if (!(v >= 0 && v <= IDX_MAX_CLASS && v == floorf(v))) {
                err_set(e, "%s: label %zu is %g; class numbers are whole numbers from 0 to %d", lp,
                        i, (double)v, IDX_MAX_CLASS);
                mat_free(L);
                mat_free(m);
                return -1;
            }
            m->labels[i] = (int)v;
            if (m->labels[i] > maxc) maxc = m->labels[i];
        }
        m->n_classes = (size_t)(maxc + 1);
        mat_free(L);
        if (name_known_classes(m, path, o, e) < 0) {
            mat_free(m);
            return -1;
        }
    }
    *out = m;
    return 0;
}
