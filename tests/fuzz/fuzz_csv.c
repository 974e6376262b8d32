/* fuzz_csv.c — libFuzzer target: the CSV/TSV loader on a buffer, by the
 * single-threaded parser and by the threaded one (which splits quote-free
 * text into parts), which must agree: both fail with the same message, or
 * both give the same matrix (values bit for bit, names, labels).  The
 * first byte picks the options (separator, header, label column), as a
 * user would on load().
 */
#include <stdint.h>
#include <string.h>

#include "io/buffer.h"
#include "tests/fuzz/loader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int same_strings(char **a, char **b, size_t n)
{
    if (!a || !b) return a == b;
    for (size_t i = 0; i < n; i++)
        if (strcmp(a[i], b[i]) != 0) return 0;
    return 1;
}

static void must_agree(int r1, const Mat *a, const Err *e1, int r2, const Mat *b, const Err *e2)
{
    if (r1 != r2) loader_fail("the threaded parser and the single one disagree on success");
    if (r1 < 0) {
        if (strcmp(e1->msg, e2->msg) != 0) {
            fprintf(stderr, "single: %s\nthreaded: %s\n", e1->msg, e2->msg);
            loader_fail("the threaded parser and the single one give different errors");
        }
        return;
    }
    if (a->rows != b->rows || a->cols != b->cols) loader_fail("the parsers disagree on the shape");
    if (memcmp(a->data, b->data, a->rows * a->cols * sizeof(float)) != 0)
        loader_fail("the parsers disagree on the values");
    if (!same_strings(a->row_names, b->row_names, a->rows) ||
        !same_strings(a->col_names, b->col_names, a->cols))
        loader_fail("the parsers disagree on the names");
    if (!a->labels != !b->labels || (a->labels && memcmp(a->labels, b->labels, a->rows * sizeof(int)) != 0) ||
        a->n_classes != b->n_classes ||
        !same_strings(a->label_names, b->label_names, a->label_names ? a->n_classes : 0))
        loader_fail("the parsers disagree on the labels");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    static const char *const seps[] = {NULL, ",", "\t", ";"};
    static const char *const labels[] = {NULL, "label", "0", "-1"};
    LoadOpts o = LOAD_OPTS_DEFAULT;
    o.sep = seps[data[0] & 3];
    o.header = (int)((data[0] >> 2) % 3) - 1; /* -1 detect, 0, 1 */
    o.label = labels[(data[0] >> 4) & 3];
    int threads = 2 + ((data[0] >> 6) & 1); /* 2 or 3 parts */
    data++, size--;
    Mat *a = NULL, *b = NULL;
    Err e1, e2;
    err_clear(&e1);
    err_clear(&e2);
    int r1 = csv_load_buffer("fuzz.csv", data, size, &o, 1, &a, &e1);
    int r2 = csv_load_buffer("fuzz.csv", data, size, &o, threads, &b, &e2);
    must_agree(r1, a, &e1, r2, b, &e2);
    loader_check(r1, a, &e1);
    loader_check(r2, b, &e2);
    return 0;
}
