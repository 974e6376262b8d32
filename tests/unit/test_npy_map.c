/* Unit tests for mapped .npy files (io/npy.c, npy_load_map): a mapped and
 * a read file give the same matrix; changing a mapped matrix never
 * changes the file; types other than float32 in C order, and data off a
 * 16-byte boundary, are converted from the mapping; gzip and bad files
 * take the reading path with the same messages. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/rng.h"
#include "io/images.h"
#include "tests/tap.h"

static int same(const Mat *a, const Mat *b)
{
    return a && b && a->rows == b->rows && a->cols == b->cols &&
           memcmp(a->data, b->data, a->rows * a->cols * sizeof(float)) == 0;
}

/* A .npy file by hand: version 1, dtype descr, the header padded to pad
 * bytes (10 + header a multiple of pad), data as given. */
static void write_npy(const char *path, const char *descr, size_t rows, size_t cols, int pad, const void *data,
                      size_t bytes)
{
    char head[256];
    int n = snprintf(head, sizeof head, "{'descr': '%s', 'fortran_order': False, 'shape': (%zu, %zu), }", descr,
                     rows, cols);
    int total = 10 + n + 1, extra = (pad - total % pad) % pad;
    memset(head + n, ' ', (size_t)extra);
    head[n + extra] = '\n';
    int hl = n + extra + 1;
    FILE *f = fopen(path, "wb");
    unsigned char pre[10] = {0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (unsigned char)(hl & 255), (unsigned char)(hl >> 8)};
    fwrite(pre, 1, 10, f);
    fwrite(head, 1, (size_t)hl, f);
    fwrite(data, 1, bytes, f);
    fclose(f);
}

int main(void)
{
    char dir[] = "/tmp/dv-test-npy-XXXXXX";
    if (!mkdtemp(dir)) return 99;
    char path[256], p64[256], podd[256], pcut[256], pgz[256];
    snprintf(path, sizeof path, "%s/x.npy", dir);
    snprintf(p64, sizeof p64, "%s/d.npy", dir);
    snprintf(podd, sizeof podd, "%s/odd.npy", dir);
    snprintf(pcut, sizeof pcut, "%s/cut.npy", dir);
    snprintf(pgz, sizeof pgz, "%s/x.npy.gz", dir);
    Err e = {0};
    Rng r;
    rng_seed(&r, 2);
    Mat *X = mat_new(300, 7, &e);
    for (size_t i = 0; i < 300 * 7; i++) X->data[i] = (float)rng_normal(&r);
    npy_save(X, path, &e);

    Mat *a = NULL, *b = NULL;
    int ma = -1, mb = -1;
    ok(npy_load_map(path, 0, &a, &ma, &e) == 0 && ma == 1, "a float32 file is mapped");
    ok(npy_load_map(path, SIZE_MAX, &b, &mb, &e) == 0 && mb == 0, "below the size it is read");
    ok(same(a, X) && same(b, X), "mapped and read: the same 300x7 matrix as saved");
    ok(((uintptr_t)a->data & 15) == 0, "the mapped data is 16-byte aligned");
    a->data[0] = 12345; /* private mapping: the page is copied */
    Mat *c = NULL;
    npy_load_map(path, 0, &c, &ma, &e);
    ok(c && c->data[0] == X->data[0] && a->data[0] == 12345, "changing a mapped matrix leaves the file as it was");
    mat_free(a);
    mat_free(b);
    mat_free(c);
    Mat *d = NULL;
    ok(npy_load(path, &d, &e) == 0 && same(d, X), "npy_load of a small file reads it");
    mat_free(d);

    /* float64: converted from the mapping */
    double *v = malloc(300 * 7 * sizeof *v);
    for (size_t i = 0; i < 300 * 7; i++) v[i] = X->data[i];
    write_npy(p64, "<f8", 300, 7, 64, v, 300 * 7 * sizeof *v);
    a = NULL;
    ok(npy_load_map(p64, 0, &a, &ma, &e) == 0 && ma == 0 && same(a, X), "a float64 file is converted from the mapping");
    mat_free(a);
    free(v);

    /* data off a 16-byte boundary (a header padded to 4): converted */
    write_npy(podd, "<f4", 300, 7, 4, X->data, 300 * 7 * sizeof(float));
    a = NULL;
    int rc = npy_load_map(podd, 0, &a, &ma, &e);
    ok(rc == 0 && ma == 0 && same(a, X), "float32 data at an odd offset is copied (%d)", rc);
    mat_free(a);

    /* a cut file: the same message mapped or read */
    write_npy(pcut, "<f4", 300, 7, 64, X->data, 100 * sizeof(float));
    Err e1 = {0}, e2 = {0};
    a = b = NULL;
    int r1 = npy_load_map(pcut, 0, &a, &ma, &e1), r2 = npy_load_map(pcut, SIZE_MAX, &b, &mb, &e2);
    char want[512];
    snprintf(want, sizeof want, "%s: truncated data: shape 300x7 needs 8400 bytes, found 400", pcut);
    ok(r1 < 0 && r2 < 0 && !a && !b && strcmp(e1.msg, want) == 0 && strcmp(e2.msg, e1.msg) == 0,
       "a cut file: one message either way (%s)", e1.msg);

    /* gzip: read and unpacked as before */
    char cmd[600];
    snprintf(cmd, sizeof cmd, "gzip -c %s > %s", path, pgz);
    if (system(cmd) == 0) {
        a = NULL;
        ok(npy_load_map(pgz, 0, &a, &ma, &e) == 0 && ma == 0 && same(a, X), "a .npy.gz is read and unpacked");
        mat_free(a);
    } else {
        ok(1, "# SKIP no gzip");
    }
    a = NULL;
    snprintf(want, sizeof want, "%s/none.npy", dir);
    ok(npy_load_map(want, 0, &a, &ma, &e) < 0 && strstr(e.msg, "none.npy") != NULL, "a missing file: %s", e.msg);

    mat_free(X);
    unlink(path), unlink(p64), unlink(podd), unlink(pcut), unlink(pgz);
    rmdir(dir);
    return done_testing();
}
