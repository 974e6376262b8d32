/* pnm.c — PGM/PPM images and folders of them. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "io/buffer.h"
#include "io/images.h"
#include "io/readall.h"

/* Next header integer, skipping whitespace and # comments. */
static int pnm_int(const unsigned char **p, const unsigned char *end, long *v)
{
    const unsigned char *q = *p;
    for (;;) {
        while (q < end && isspace(*q)) q++;
        if (q < end && *q == '#') {
            while (q < end && *q != '\n') q++;
            continue;
        }
        break;
    }
    if (q >= end || !isdigit(*q)) return -1;
    long x = 0;
    while (q < end && isdigit(*q) && x < 100000000) x = x * 10 + (*q++ - '0');
    *v = x;
    *p = q;
    return 0;
}

/* Decode a PNM image in buf into floats (caller frees *px). */
static int pnm_decode(const char *path, const unsigned char *buf, size_t len, float **px, size_t *h, size_t *w,
                      Err *e)
{
    if (len < 2 || buf[0] != 'P' || !strchr("2356", buf[1]))
        return err_set(e, "%s: not a PGM/PPM image (expected 'P2', 'P3', 'P5' or 'P6' at the start)", path);
    int kind = buf[1] - '0', color = kind == 3 || kind == 6, binary = kind >= 5;
    const unsigned char *p = buf + 2, *end = buf + len;
    long W, H, maxv;
    if (pnm_int(&p, end, &W) < 0 || pnm_int(&p, end, &H) < 0 || pnm_int(&p, end, &maxv) < 0 || W < 1 ||
        H < 1 || maxv < 1 || maxv > 65535)
        return err_set(e, "%s: bad PGM/PPM header (width, height and maximum value expected) at byte offset %zu",
                       path, (size_t)(p - buf));
    size_t n = (size_t)W * (size_t)H, ch = color ? 3 : 1, bps = maxv > 255 ? 2 : 1;
    /* Enough bytes for the pixels (binary), or at least one digit and one
     * space each (text), before allocating anything. */
    size_t avail = (size_t)(end - p), need = n * ch * (binary ? bps : 2);
    if (avail + (binary ? 0 : 1) < need || n > ((size_t)1 << 34)) {
        if (binary)
            return err_set(e, "%s: truncated image: %ldx%ld needs %zu bytes of pixels, found %zu", path, W, H, need,
                           avail > 0 ? avail - 1 : 0);
        return err_set(e, "%s: truncated image: expected %zu pixel values", path, n * ch);
    }
    float *out = malloc(n * sizeof *out);
    if (!out) return err_nomem(e, n * sizeof *out, path);
    if (binary) {
        p++; /* the single whitespace after maxval */
        if ((size_t)(end - p) < need) {
            free(out);
            return err_set(e, "%s: truncated image: %ldx%ld needs %zu bytes of pixels, found %zu", path, W, H, need,
                           (size_t)(end > p ? end - p : 0));
        }
        for (size_t i = 0; i < n; i++) {
            double s = 0;
            for (size_t c = 0; c < ch; c++) {
                const unsigned char *q = p + (i * ch + c) * bps;
                s += bps == 2 ? (q[0] << 8 | q[1]) : q[0];
            }
            out[i] = (float)(s / (double)ch);
        }
    } else {
        for (size_t i = 0; i < n; i++) {
            double s = 0;
            for (size_t c = 0; c < ch; c++) {
                long v;
                if (pnm_int(&p, end, &v) < 0) {
                    free(out);
                    return err_set(e, "%s: truncated image: expected %zu pixel values, found %zu (byte offset %zu)",
                                   path, n * ch, i * ch + c, (size_t)(p - buf));
                }
                s += (double)v;
            }
            out[i] = (float)(s / (double)ch);
        }
    }
    *px = out;
    *h = (size_t)H;
    *w = (size_t)W;
    return 0;
}

/* One image from buf[0..len) (unpacked) as a 1-row matrix. */
static int pnm_matrix(const char *path, const unsigned char *buf, size_t len, Mat **out, Err *e)
{
    size_t h, w;
    float *px;
    if (pnm_decode(path, buf, len, &px, &h, &w, e) < 0) return -1;
    Mat *m = mat_new_uninit(1, h * w, e);
    if (!m) {
        free(px);
        return -1;
    }
    memcpy(m->data, px, h * w * sizeof(float));
    free(px);
    m->img_h = h;
    m->img_w = w;
    m->img_c = 1;
    *out = m;
    return 0;
}

int pnm_load_buffer(const char *name, const void *buf, size_t len, Mat **out, Err *e)
{
    if (!name) name = "(buffer)";
    *out = NULL;
    if (!io_is_gzip(buf, len)) return pnm_matrix(name, buf, len, out, e);
    char *text;
    size_t tlen;
    if (io_gunzip(name, buf, len, &text, &tlen, e) < 0) return -1;
    int rc = pnm_matrix(name, (unsigned char *)text, tlen, out, e);
    free(text);
    return rc;
}

int pnm_load(const char *path, Mat **out, Err *e)
{
    char *buf;
    size_t len;
    *out = NULL;
    if (io_read_all(path, &buf, &len, e) < 0) return -1;
    int rc = pnm_matrix(path, (unsigned char *)buf, len, out, e);
    free(buf);
    return rc;
}

static int is_image_name(const char *n)
{
    static const char *ext[] = {".pgm", ".ppm", ".pnm", NULL};
    for (int i = 0; ext[i]; i++)
        if (io_has_ext(n, ext[i], 1)) return 1;
    return 0;
}

/* Natural order: digit runs compare as numbers (s2 < s10). */
static int natural_cmp(const void *a, const void *b)
{
    const char *x = *(char *const *)a, *y = *(char *const *)b;
    while (*x && *y) {
        if (isdigit((unsigned char)*x) && isdigit((unsigned char)*y)) {
            char *ex, *ey;
            unsigned long vx = strtoul(x, &ex, 10), vy = strtoul(y, &ey, 10);
            if (vx != vy) return vx < vy ? -1 : 1;
            x = ex;
            y = ey;
            continue;
        }
        if (*x != *y) return (unsigned char)*x - (unsigned char)*y;
        x++;
        y++;
    }
    return (unsigned char)*x - (unsigned char)*y;
}

typedef struct Names {
    char **v;
    size_t n, cap;
} Names;

static int names_add(Names *s, const char *name, Err *e)
{
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 64;
        char **v = realloc(s->v, cap * sizeof *v);
        if (!v) return err_nomem(e, cap * sizeof *v, "file list");
        s->v = v;
        s->cap = cap;
    }
    if (!(s->v[s->n] = strdup(name))) return err_nomem(e, strlen(name), "file name");
    s->n++;
    return 0;
}

static void names_free(Names *s)
{
    for (size_t i = 0; i < s->n; i++) free(s->v[i]);
    free(s->v);
}

/* cls[i] = c, growing the array as needed. */
static int class_add(int **cls, size_t *cap, size_t i, int c, Err *e)
{
    if (i >= *cap) {
        size_t nc = *cap ? *cap * 2 : 64;
        int *v = realloc(*cls, nc * sizeof *v);
        if (!v) return err_nomem(e, nc * sizeof *v, "image list");
        *cls = v;
        *cap = nc;
    }
    (*cls)[i] = c;
    return 0;
}

/* Entries of dir: image files into files, sub-folders into dirs. */
static int list_dir(const char *dir, Names *files, Names *dirs, Err *e)
{
    DIR *d = opendir(dir);
    if (!d) return err_set(e, "cannot open folder '%s': %s", dir, strerror(errno));
    struct dirent *de;
    int rc = 0;
    char path[4096];
    while (rc == 0 && (de = readdir(d))) {
        if (de->d_name[0] == '.') continue;
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        struct stat st;
        if (stat(path, &st) != 0) continue;
        if (S_ISDIR(st.st_mode)) {
            if (dirs) rc = names_add(dirs, de->d_name, e);
        } else if (is_image_name(de->d_name)) {
            rc = names_add(files, de->d_name, e);
        }
    }
    closedir(d);
    if (files && files->n > 1) qsort(files->v, files->n, sizeof(char *), natural_cmp);
    if (dirs && dirs->n > 1) qsort(dirs->v, dirs->n, sizeof(char *), natural_cmp);
    return rc;
}

int imgdir_load(const char *dir, Mat **out, Err *e)
{
    Names top = {0}, dirs = {0}, all = {0};
    int *cls = NULL;
    *out = NULL;
    if (list_dir(dir, &top, &dirs, e) < 0) goto fail;
    /* Relative paths of all images: top-level ones (no class, -1), then
     * one folder level (class = folder index). */
    size_t cap = 0;
    for (size_t i = 0; i < top.n; i++)
        if (names_add(&all, top.v[i], e) < 0 || class_add(&cls, &cap, all.n - 1, -1, e) < 0) goto fail;
    for (size_t d = 0; d < dirs.n; d++) {
        Names sub = {0};
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, dirs.v[d]);
        if (list_dir(path, &sub, NULL, e) < 0) {
            names_free(&sub);
            goto fail;
        }
        for (size_t i = 0; i < sub.n; i++) {
            snprintf(path, sizeof path, "%s/%s", dirs.v[d], sub.v[i]);
            if (names_add(&all, path, e) < 0 || class_add(&cls, &cap, all.n - 1, (int)d, e) < 0) {
                names_free(&sub);
                goto fail;
            }
        }
        names_free(&sub);
    }
    if (all.n == 0) {
        err_set(e, "%s: no PGM/PPM images in the folder or its sub-folders", dir);
        goto fail;
    }
    Mat *m = NULL;
    size_t h0 = 0, w0 = 0;
    for (size_t i = 0; i < all.n; i++) {
        char path[4096], *buf;
        size_t len, h, w;
        float *px;
        snprintf(path, sizeof path, "%s/%s", dir, all.v[i]);
        if (io_read_all(path, &buf, &len, e) < 0) goto fail_m;
        int rc = pnm_decode(path, (unsigned char *)buf, len, &px, &h, &w, e);
        free(buf);
        if (rc < 0) goto fail_m;
        if (!m) {
            h0 = h;
            w0 = w;
            if (!(m = mat_new_uninit(all.n, h * w, e))) {
                free(px);
                goto fail;
            }
        } else if (h != h0 || w != w0) {
            free(px);
            err_set(e, "%s: image is %zux%zu (width x height), the others %zux%zu", path, w, h, w0, h0);
            goto fail_m;
        }
        memcpy(MAT_ROW(m, i), px, h * w * sizeof(float));
        free(px);
        if (mat_set_row_name(m, i, all.v[i], e) < 0) goto fail_m;
    }
    m->img_h = h0;
    m->img_w = w0;
    m->img_c = 1;
    if (dirs.n > 0) {
        if (mat_ensure_labels(m, e) < 0) goto fail_m;
        for (size_t i = 0; i < all.n; i++) m->labels[i] = cls[i];
        m->label_names = calloc(dirs.n, sizeof(char *));
        if (!m->label_names) goto nomem_m;
        m->n_classes = dirs.n;
        for (size_t d = 0; d < dirs.n; d++)
            if (!(m->label_names[d] = strdup(dirs.v[d]))) goto nomem_m;
    }
    names_free(&top);
    names_free(&dirs);
    names_free(&all);
    free(cls);
    *out = m;
    return 0;
nomem_m:
    err_nomem(e, 64, "class names");
fail_m:
    mat_free(m);
fail:
    names_free(&top);
    names_free(&dirs);
    names_free(&all);
    free(cls);
    return -1;
}
