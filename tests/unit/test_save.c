/* Unit tests for the savers: load(save(X)) gives X back exactly (numbers
 * bit for bit, row and column names, classes and the label column's name)
 * for every saver, with the shortest decimals in the text formats; file
 * permissions (the umask for a new file, the old file's mode when one is
 * replaced). */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/classes.h"
#include "io/load.h"
#include "io/readall.h"
#include "tests/tap.h"

static char dir[] = "/tmp/dv-test-save-XXXXXX";

/* Equal names (both NULL, or the same strings). */
static int same_names(char **a, char **b, size_t n)
{
    if (!a || !b) return a == b;
    for (size_t i = 0; i < n; i++)
        if (strcmp(a[i] ? a[i] : "", b[i] ? b[i] : "") != 0) return 0;
    return 1;
}

/* What differs between a and b ("" when nothing): numbers bit for bit
 * (NaN equal to NaN), names, labels and classes. */
static const char *differs(const Mat *a, const Mat *b)
{
    if (!a || !b) return "no matrix";
    if (a->rows != b->rows || a->cols != b->cols) return "shape";
    for (size_t i = 0; i < a->rows * a->cols; i++) {
        uint32_t x, y;
        memcpy(&x, &a->data[i], 4);
        memcpy(&y, &b->data[i], 4);
        if (x != y && !(isnan(a->data[i]) && isnan(b->data[i]))) return "numbers";
    }
    if (!same_names(a->row_names, b->row_names, a->rows)) return "row names";
    if (!same_names(a->col_names, b->col_names, a->cols)) return "column names";
    if (!a->labels != !b->labels) return "labels present";
    for (size_t i = 0; a->labels && i < a->rows; i++)
        if (a->labels[i] != b->labels[i]) return "labels";
    if (a->n_classes != b->n_classes) return "class count";
    if (!same_names(a->label_names, b->label_names, a->n_classes)) return "class names";
    if (a->label_column && (!b->label_column || strcmp(a->label_column, b->label_column) != 0))
        return "label column name";
    return "";
}

/* save then load (no options: everything found again by the loader). */
static Mat *round_trip(const Mat *m, const char *name, Err *e)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    Mat *b = NULL;
    if (io_save(m, path, NULL, e) < 0 || io_load(path, NULL, &b, e) < 0) return NULL;
    return b;
}

static Mat *build(size_t rows, size_t cols, const float *v, Err *e)
{
    Mat *m = mat_new(rows, cols, e);
    memcpy(m->data, v, rows * cols * sizeof(float));
    return m;
}

static void test_round_trips(void)
{
    Err e;
    /* names, column names, text classes under their own column name,
     * NaN, -0, a subnormal, the largest float, awkward decimals */
    float v[] = {5.1f, 3.5f,     NAN,      -0.0f,       1e-45f, 3.4028235e38f,
                 0.1f, 1.0f / 3, -2.5e-7f, 16777217.0f, 100,    0.3f};
    Mat *m = build(4, 3, v, &e);
    const char *rows[] = {"a", "b, c", "\"q\"", " d"}, *cols[] = {"x", "y", "z z"};
    for (int i = 0; i < 4; i++)
        mat_set_row_name(m, (size_t)i, rows[i], &e);
    for (int j = 0; j < 3; j++)
        mat_set_col_name(m, (size_t)j, cols[j], &e);
    /* classes numbered in order of first appearance, as loaders number them */
    int lab[] = {0, 1, -1, 0};
    m->labels = malloc(sizeof lab);
    memcpy(m->labels, lab, sizeof lab);
    m->n_classes = 2;
    m->label_names = calloc(2, sizeof(char *));
    m->label_names[0] = strdup("big dog");
    m->label_names[1] = strdup("cat");
    m->label_column = strdup("species");
    const char *exts[] = {"csv", "tsv", "csv.gz", "tsv.gz"};
    for (size_t k = 0; k < 4; k++) {
        char name[32];
        snprintf(name, sizeof name, "r.%s", exts[k]);
        Mat *b = round_trip(m, name, &e);
        const char *d = b ? differs(m, b) : e.msg;
        ok(!*d, ".%s: names, column names, classes, 'species', NaN, -0, subnormal, FLT_MAX: %s",
           exts[k], d);
        mat_free(b);
    }
    char path[256], *text = NULL;
    size_t len;
    snprintf(path, sizeof path, "%s/r.csv", dir);
    io_read_all(path, &text, &len, &e);
    ok(text && strcmp(text, "name,x,y,z z,species\n"
                            "a,5.1,3.5,,big dog\n"
                            "\"b, c\",-0,1e-45,3.4028235e+38,cat\n"
                            "\"\"\"q\"\"\",0.1,0.33333334,-2.5e-07,\n"
                            "\" d\",16777216,100,0.3,big dog\n") == 0,
       "the CSV as written: shortest decimals (5.1, not 5.0999999), the label column's name");
    if (text) printf("# %s\n", strtok(text, "\n")); /* its header, for the log */
    free(text);
    /* classes in another order come back with the same class on every
     * row, numbered by first appearance; classes= gives the order back */
    LoadOpts o = LOAD_OPTS_DEFAULT;
    const char *order[] = {"cat", "big dog"};
    if (classes_name(m, order, 2, "test", &e) == 0) {
        Mat *b = round_trip(m, "o.csv", &e);
        ok(b && m->labels[0] == 1 && b->labels[0] == 0 && b->labels[1] == 1 && b->labels[2] == -1 &&
               strcmp(b->label_names[0], "big dog") == 0 && strcmp(b->label_names[1], "cat") == 0,
           "classes out of first-appearance order: same class on each row");
        mat_free(b);
        o.classes = order;
        o.nclasses = 2;
        snprintf(path, sizeof path, "%s/o.csv", dir);
        const char *d = io_load(path, &o, &b, &e) == 0 ? differs(m, b) : e.msg;
        ok(!*d, "... and load(path, classes=[\"cat\", \"big dog\"]) gives X back: %s", d);
        mat_free(b);
    }

    /* numbered classes under a recognised name; no column names */
    Mat *n = build(3, 2, v, &e);
    int nl[] = {2, 0, 2};
    n->labels = malloc(sizeof nl);
    memcpy(n->labels, nl, sizeof nl);
    n->n_classes = 3;
    n->label_column = strdup("target");
    Mat *b = round_trip(n, "n.csv", &e);
    const char *d = b ? differs(n, b) : e.msg;
    ok(!*d, "numbered classes in a column 'target', no column names: %s", d);
    mat_free(b);
    free(n->label_column); /* no name: saved as "label", found again */
    n->label_column = NULL;
    b = round_trip(n, "n2.csv", &e);
    d = b ? differs(n, b) : e.msg;
    ok(!*d && b && b->label_column && strcmp(b->label_column, "label") == 0,
       "numbered classes, no column name: %s", d);
    mat_free(b);
    mat_free(n);

    /* row names that repeat, or read as numbers, stay row names */
    Mat *r = build(3, 2, v + 6, &e);
    const char *rn[] = {"1", "2", "1"};
    for (int i = 0; i < 3; i++)
        mat_set_row_name(r, (size_t)i, rn[i], &e);
    b = round_trip(r, "rn.csv", &e);
    d = b ? differs(r, b) : e.msg;
    ok(!*d, "row names that repeat and read as numbers: %s", d);
    mat_free(b);
    mat_free(r);

    /* 20000 random float bit patterns (finite) through CSV and TSV */
    Mat *x = mat_new(2000, 10, &e);
    uint32_t st = 2463534242u;
    for (size_t i = 0; i < 20000; i++) {
        uint32_t bits;
        do {
            st ^= st << 13, st ^= st >> 17, st ^= st << 5;
            bits = st;
        } while (((bits >> 23) & 0xFF) == 0xFF);
        memcpy(&x->data[i], &bits, 4);
    }
    b = round_trip(x, "x.csv", &e);
    d = b ? differs(x, b) : e.msg;
    ok(!*d, "20000 random floats through CSV: %s", d);
    mat_free(b);

    /* .npy: the numbers exactly; the note says what is left out */
    b = round_trip(x, "x.npy", &e);
    d = b ? differs(x, b) : e.msg;
    ok(!*d, ".npy: 20000 random floats: %s", d);
    mat_free(b);
    mat_free(x);
    char note[256];
    io_save_note(m, "m.npy", NULL, note, sizeof note);
    ok(strcmp(note, "m.npy: .npy keeps the numbers only; the row names, column names and classes "
                    "are not saved") == 0,
       "note for .npy: %s", note);
    io_save_note(m, "m.csv", NULL, note, sizeof note);
    ok(note[0] == '\0', "no note for .csv");

    /* word vectors: words and numbers exactly, text and binary */
    Mat *w = build(4, 3, v, &e);
    const char *words[] = {"king", "queen", "caf\xc3\xa9", "new_york"};
    for (int i = 0; i < 4; i++)
        mat_set_row_name(w, (size_t)i, words[i], &e);
    const char *wexts[] = {"vec", "bin", "vec.gz"};
    for (size_t k = 0; k < 3; k++) {
        char name[32];
        snprintf(name, sizeof name, "w.%s", wexts[k]);
        if (k == 2) {
            snprintf(path, sizeof path, "%s/w.vec", dir);
            char cmd[600];
            snprintf(cmd, sizeof cmd, "gzip -c '%s' > '%s/w.vec.gz'", path, dir);
            snprintf(path, sizeof path, "%s/w.vec.gz", dir);
            b = NULL;
            if (system(cmd) != 0 || io_load(path, NULL, &b, &e) < 0) b = NULL;
        } else {
            b = round_trip(w, name, &e);
        }
        d = b ? differs(w, b) : e.msg;
        ok(!*d, ".%s: words and numbers: %s", wexts[k], d);
        mat_free(b);
    }
    io_save_note(m, "m.vec", NULL, note, sizeof note);
    ok(strcmp(note, "m.vec: word2vec keeps words and numbers only; the column names and classes "
                    "are not saved") == 0,
       "note for .vec: %s", note);
    mat_free(w);
    mat_free(m);
}

static int mode_of(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (int)(st.st_mode & 07777) : -1;
}

static void test_modes(const Mat *m, const char *ext)
{
    Err e;
    char path[256];
    snprintf(path, sizeof path, "%s/m.%s", dir, ext);
    unlink(path);
    umask(077);
    ok(io_save(m, path, NULL, &e) == 0 && mode_of(path) == 0600,
       ".%s: a new file under umask 077 is 0600 (%o)", ext, mode_of(path));
    unlink(path);
    umask(022);
    ok(io_save(m, path, NULL, &e) == 0 && mode_of(path) == 0644,
       ".%s: a new file under umask 022 is 0644 (%o)", ext, mode_of(path));
    chmod(path, 0600);
    ok(io_save(m, path, NULL, &e) == 0 && mode_of(path) == 0600,
       ".%s: saving over a 0600 file keeps it 0600 (%o)", ext, mode_of(path));
    chmod(path, 0664);
    ok(io_save(m, path, NULL, &e) == 0 && mode_of(path) == 0664,
       ".%s: saving over a 0664 file keeps it 0664 (%o)", ext, mode_of(path));
}

int main(void)
{
    if (!mkdtemp(dir)) return 99;
    Err e;
    Mat *m = mat_new(2, 2, &e);
    mat_set_row_name(m, 0, "a", &e);
    mat_set_row_name(m, 1, "b", &e);
    const char *exts[] = {"csv", "tsv", "csv.gz", "npy", "vec", "bin"};
    for (size_t k = 0; k < sizeof exts / sizeof *exts; k++)
        test_modes(m, exts[k]);
    mat_free(m);
    umask(022);
    test_round_trips();
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) return 99;
    return done_testing();
}
