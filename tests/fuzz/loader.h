/* loader.h — what the loader fuzz targets share: a loaded matrix must be
 * whole (every row name, column name and class name there, every label a
 * class or -1, an image shape that matches the columns), and every value
 * is read so that ASan sees a short buffer; a failed load must say why.
 * Anything else aborts: libFuzzer keeps the input as a finding.
 */
#ifndef DV_TESTS_FUZZ_LOADER_H
#define DV_TESTS_FUZZ_LOADER_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/mat.h"

static void loader_fail(const char *what)
{
    fprintf(stderr, "loaded matrix is inconsistent: %s\n", what);
    abort();
}

/* Check m (may be NULL when rc < 0) and free it.  rc is the loader's. */
static void loader_check(int rc, Mat *m, const Err *e)
{
    if (rc < 0) {
        if (!e->msg[0]) loader_fail("an error without a message");
        if (m) loader_fail("an error with a matrix");
        return;
    }
    if (!m) loader_fail("success without a matrix");
    if (m->rows && m->cols && !m->data) loader_fail("no data");
    volatile float sum = 0;
    for (size_t i = 0; i < m->rows * m->cols; i++) sum += m->data[i];
    for (size_t i = 0; m->row_names && i < m->rows; i++)
        if (!m->row_names[i]) loader_fail("a row without a name");
    for (size_t j = 0; m->col_names && j < m->cols; j++)
        if (!m->col_names[j]) loader_fail("a column without a name");
    for (size_t c = 0; m->label_names && c < m->n_classes; c++)
        if (!m->label_names[c]) loader_fail("a class without a name");
    for (size_t i = 0; m->labels && i < m->rows; i++) {
        if (m->labels[i] < -1) loader_fail("a label below -1");
        if (m->label_names && m->labels[i] >= (int)m->n_classes) loader_fail("a label past the classes");
    }
    if (m->img_h && m->img_h * m->img_w * (m->img_c ? m->img_c : 1) != m->cols)
        loader_fail("an image shape that does not match the columns");
    mat_free(m);
}

#endif
