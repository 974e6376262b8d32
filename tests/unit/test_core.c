/* Unit tests for src/core: matrices and their metadata, the size guard,
 * the string map, the random generator, errors. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/mat.h"
#include "core/rng.h"
#include "core/strmap.h"
#include "tests/tap.h"

static void test_mat(void)
{
    Err e;
    Mat *m = mat_new(3, 2, &e);
    ok(m && m->rows == 3 && m->cols == 2, "mat_new 3x2");
    ok(((uintptr_t)m->data & 63) == 0, "data is 64-byte aligned");
    int zero = 1;
    for (size_t i = 0; i < 6; i++) zero &= m->data[i] == 0.0f;
    ok(zero, "mat_new zero-fills");
    for (size_t i = 0; i < 6; i++) m->data[i] = (float)i;
    ok(MAT_AT(m, 2, 1) == 5.0f && MAT_ROW(m, 1)[0] == 2.0f, "row-major layout");

    ok(mat_set_row_name(m, 0, "a", &e) == 0 && mat_set_row_name(m, 2, "c", &e) == 0, "row names");
    ok(mat_ensure_labels(m, &e) == 0 && m->labels[1] == -1, "labels start unknown");
    m->labels[0] = 1;
    m->labels[2] = 0;
    m->label_names = calloc(2, sizeof(char *));
    m->label_names[0] = strdup("cat");
    m->label_names[1] = strdup("dog");
    m->n_classes = 2;
    m->img_h = 1;
    m->img_w = 2;

    Mat *c = mat_clone(m, &e);
    ok(c && memcmp(c->data, m->data, 6 * sizeof(float)) == 0, "clone copies data");
    ok(c && c->row_names && strcmp(c->row_names[2], "c") == 0 && c->row_names[1] == NULL,
       "clone copies row names");
    ok(c && c->labels[0] == 1 && c->n_classes == 2 && strcmp(c->label_names[1], "dog") == 0,
       "clone copies labels and class names");
    ok(c && c->img_w == 2, "clone keeps the image shape");

    size_t idx[2] = {2, 0};
    Mat *s = mat_new(2, 2, &e);
    ok(mat_copy_row_meta(s, m, idx, 2, &e) == 0, "copy row meta for selected rows");
    ok(strcmp(s->row_names[0], "c") == 0 && s->labels[0] == 0 && s->labels[1] == 1,
       "selected rows keep their names and labels");
    char buf[16];
    ok(strcmp(mat_class_name(s, 1, buf, sizeof buf), "dog") == 0, "class name by number");
    ok(strcmp(mat_class_name(c, 7, buf, sizeof buf), "7") == 0, "unnamed class prints its number");

    ok(mat_find_row(m, "c") == 2 && mat_find_row(m, "zzz") == -1, "find row by name");
    ok(mat_set_col_name(m, 1, "y", &e) == 0 && mat_find_col(m, "y") == 1 && mat_find_col(m, "x") == -1,
       "find column by name");
    ok(strcmp(mat_shape_str(m, buf, sizeof buf), "3x2") == 0, "shape text");
    mat_free(s);
    mat_free(c);
    mat_free(m);
}

static void test_size_guard(void)
{
    Err e;
    err_clear(&e);
    unsetenv("DV_MEM_LIMIT");
    Mat *m = mat_new(1000000, 1000000, &e);
    ok(m == NULL, "a 1e6 x 1e6 matrix is refused");
    ok(strstr(e.msg, "1000000x1000000 matrix needs 3.6 TB") != NULL, "message names shape and size: %s", e.msg);
    ok(mat_check_size((size_t)1 << 62, (size_t)1 << 62, "zeros", &e) < 0, "overflowing size refused");
    setenv("DV_MEM_LIMIT", "1M", 1);
    ok(mat_check_size(1000, 1000, "zeros", &e) < 0 &&
           strcmp(e.msg, "zeros: a 1000x1000 matrix needs 3.8 MB, more than DV_MEM_LIMIT (1.0 MB)") == 0,
       "DV_MEM_LIMIT caps sizes: %s", e.msg);
    ok(mat_check_size(100, 100, "zeros", &e) == 0, "small sizes pass under the limit");
    unsetenv("DV_MEM_LIMIT");
}

static void test_strmap(void)
{
    Err e;
    StrMap *m = strmap_new(4, &e);
    char key[32];
    int okall = 1;
    for (size_t i = 0; i < 1000; i++) {
        snprintf(key, sizeof key, "w%zu", i);
        okall &= strmap_put(m, key, i * 3, NULL, &e) == 0;
    }
    ok(okall && strmap_count(m) == 1000, "1000 inserts grow the map");
    size_t v = 0, old = 0;
    ok(strmap_get(m, "w517", &v) && v == 1551, "lookup after growth");
    ok(!strmap_get(m, "w1000", &v), "missing key");
    ok(strmap_put(m, "w5", 99, &old, &e) == 1 && old == 15, "duplicate key reports the old value");
    ok(strmap_getn(m, "w12xyz", 3, &v) && v == 36, "lookup by length");
    strmap_free(m);
}

static void test_rng(void)
{
    Rng a, b;
    rng_seed(&a, 42);
    rng_seed(&b, 42);
    int same = 1;
    for (int i = 0; i < 100; i++) same &= rng_u64(&a) == rng_u64(&b);
    ok(same, "same seed, same stream");
    rng_seed(&b, 43);
    ok(rng_u64(&a) != rng_u64(&b), "different seed, different stream");
    double s = 0, ss = 0, lo = 1, hi = 0;
    int n = 200000;
    for (int i = 0; i < n; i++) {
        double x = rng_normal(&a);
        s += x;
        ss += x * x;
        double u = rng_uniform(&a);
        if (u < lo) lo = u;
        if (u > hi) hi = u;
    }
    is_near(s / n, 0.0, 0.01, "normal mean near 0");
    is_near(ss / n, 1.0, 0.02, "normal variance near 1");
    ok(lo >= 0.0 && hi < 1.0, "uniform stays in [0, 1)");
    int counts[3] = {0};
    for (int i = 0; i < 30000; i++) counts[rng_below(&a, 3)]++;
    ok(abs(counts[0] - 10000) < 400 && abs(counts[2] - 10000) < 400, "rng_below is uniform");
}

static void test_err(void)
{
    Err e;
    ok(err_set(&e, "bad %s at %d", "x", 3) == -1 && strcmp(e.msg, "bad x at 3") == 0, "err_set formats");
    err_prefix(&e, "file.csv");
    ok(strcmp(e.msg, "file.csv: bad x at 3") == 0, "err_prefix");
    ok(err_cancelled(&e) == -1 && e.cancelled == 1, "cancel marks the error");
    err_clear(&e);
    ok(e.msg[0] == '\0' && e.cancelled == 0, "err_clear");
}

int main(void)
{
    test_mat();
    test_size_guard();
    test_strmap();
    test_rng();
    test_err();
    return done_testing();
}
