/* verbs.h — what the NumPy-style builtins share (builtins_math.c,
 * builtins_order.c, builtins_shape.c, builtins_linalg.c): numeric
 * arguments that keep "a number in, a number out", NumPy's axis argument
 * for dv's two axes, and NumPy's broadcasting of two shapes.
 *
 * dv's matrices are always 2-D and a vector is a 1-row matrix, so NumPy's
 * rules are read this way: axis=0 reduces down the columns (a 1xC result
 * keeping the column names), axis=1 along the rows (an Rx1 result keeping
 * the row names, labels and row numbers), axis=none over every value (a
 * number).  A column vector (Rx1, e.g. X[:, 2]) is treated as NumPy treats
 * a 1-D array wherever "along its length" is what a user means (sort,
 * argsort, cumsum with no axis).
 */
#ifndef DV_LANG_VERBS_H
#define DV_LANG_VERBS_H

#include <stddef.h>

#include "core/err.h"
#include "core/mat.h"
#include "lang/value.h"

/* A numeric argument as a matrix.  m is borrowed from v (a reference the
 * argument holds); scalar is 1 when the argument was a plain number. */
typedef struct NumArg {
    Value *v;
    const Mat *m;
    int scalar;
} NumArg;

/* Read argument `index` (parameter `pname` of builtin `f`) as numbers: a
 * number, a matrix, a list of numbers (or of equal-length rows) or a
 * model's main matrix.  Returns 0, or -1 with e set (pointing at the
 * argument).  Release with verb_arg_done. */
int verb_arg(const char *f, int index, const char *pname, Value *v, NumArg *a, Err *e);
void verb_arg_done(NumArg *a);

/* *out = m as a value, or the number m holds when as_num and m is 1x1.
 * Consumes m (freed on failure too).  Returns 0 or -1. */
int verb_result(Mat *m, int as_num, Value **out, Err *e);
/* *out = the number x.  Returns 0 or -1. */
int verb_number(double x, Value **out, Err *e);

/* axis=: none gives VERB_ALL; 0 and 1 (and NumPy's -2 and -1) give 0 or
 * 1.  index is the parameter's position for the caret. */
#define VERB_ALL (-1)
int verb_axis(const char *f, int index, Value *v, int *axis, Err *e);

/* The shape of a op b under NumPy broadcasting (each dimension equal, or
 * 1 in one of them).  Returns 0, or -1 naming both shapes. */
int verb_broadcast(const char *f, const Mat *a, const Mat *b, size_t *rows, size_t *cols, Err *e);
/* Element (i, j) of m broadcast to a larger shape. */
static inline float verb_at(const Mat *m, size_t i, size_t j)
{
    return m->data[(m->rows == 1 ? 0 : i) * m->cols + (m->cols == 1 ? 0 : j)];
}
/* The same as strides for loops: element (i, j) is d[i * rs + j * cs]. */
typedef struct VerbStrides {
    const float *d;
    size_t rs, cs;
} VerbStrides;
static inline VerbStrides verb_strides(const Mat *m)
{
    VerbStrides s = {m->data, m->rows == 1 ? 0 : m->cols, m->cols == 1 ? 0 : 1};
    return s;
}
/* Row i of a broadcast operand as C contiguous values: the row itself, or
 * buf (C floats) filled with its one value, so loops over a row read
 * every operand in order (and vectorize). */
static inline const float *verb_row(VerbStrides s, size_t i, size_t C, float *buf)
{
    if (s.cs) return s.d + i * s.rs;
    for (size_t j = 0; j < C; j++) buf[j] = s.d[i * s.rs];
    return buf;
}
/* Copy the row metadata of whichever of a, b has rows x cols rows (and
 * column names likewise) into r, as the arithmetic operators do. */
int verb_copy_meta(Mat *r, const Mat *a, const Mat *b, Err *e);

/* 1 when m is a vector: one row or one column. */
static inline int verb_is_vector(const Mat *m)
{
    return m->rows == 1 || m->cols == 1;
}

#endif
