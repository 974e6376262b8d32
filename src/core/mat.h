/* mat.h — dv's one matrix type.
 *
 * Row-major float data, rows x cols, with optional metadata that rides
 * along through every operation that keeps rows:
 *   row_names   one string per row (words, file names), or NULL
 *   col_names   one string per column, or NULL
 *   labels      one int class per row (-1 = none), or NULL
 *   label_names names of classes 0..n_classes-1, or NULL (classes are then
 *               shown as their numbers)
 *   label_column the name of the column the labels came from ("species"),
 *               so that a saved file has it back; NULL = "label"
 *   img_h/img_w/img_c  shape of one row as an image (0 when unknown)
 *   row_ids     each row's number in the matrix it was selected from, or
 *               NULL for 0..rows-1; shown when the matrix is printed, so
 *               X[40:50] or a sort of X's rows still says which rows these are
 *
 * Ownership: a Mat owns all of its arrays and strings.  Functions that
 * return a Mat* hand the caller a new matrix to release with mat_free().
 * The data pointer is at least 16-byte aligned (64 when made by mat_new).
 */
#ifndef DV_CORE_MAT_H
#define DV_CORE_MAT_H

#include <stddef.h>

#include "core/err.h"

typedef struct StrMap StrMap;

typedef struct Mat {
    size_t rows, cols;
    float *data;
    char **row_names;
    char **col_names;
    int *labels;
    char **label_names;
    size_t n_classes;
    char *label_column;
    size_t img_h, img_w, img_c;
    size_t *row_ids;
    StrMap *row_index; /* lazily built name -> row map; see mat_find_row */
    void *map;         /* data lies in this private file mapping (a large .npy), or NULL */
    size_t map_len;    /* its length: mat_free unmaps it instead of freeing data */
} Mat;

/* Element access without bounds checks. */
#define MAT_AT(m, i, j) ((m)->data[(size_t)(i) * (m)->cols + (size_t)(j)])
#define MAT_ROW(m, i) ((m)->data + (size_t)(i) * (m)->cols)

/* Refuse sizes that overflow or exceed physical memory, before anything
 * is allocated.  what names the request in the message ("zeros"). */
int mat_check_size(size_t rows, size_t cols, const char *what, Err *e);
/* The same for a buffer of `bytes` bytes that is not a matrix (a file's
 * unpacked text): refused above DV_MEM_LIMIT or the machine's memory. */
int mat_check_bytes(double bytes, const char *what, Err *e);

/* New zero-filled rows x cols matrix, no metadata.  Caller owns it. */
Mat *mat_new(size_t rows, size_t cols, Err *e);
/* Same, but the data is left uninitialised (faster for outputs). */
Mat *mat_new_uninit(size_t rows, size_t cols, Err *e);
/* Deep copy with all metadata.  Caller owns it. */
Mat *mat_clone(const Mat *m, Err *e);
void mat_free(Mat *m);

/* Aligned float buffer helpers (64-byte aligned, checked). Free with free(). */
float *mat_alloc_floats(size_t n, Err *e);

/* Copy row metadata (row names, labels, label names, row numbers) for the
 * rows listed in idx (n of them; idx NULL means rows 0..n-1 of src) into
 * dst, which must have n rows.  Image shape is copied when dst->cols ==
 * src->cols.  The rows' numbers in src (or in the matrix src was selected
 * from) become dst's row_ids unless they are just 0..n-1. */
int mat_copy_row_meta(Mat *dst, const Mat *src, const size_t *idx, size_t n, Err *e);
/* Copy column names for columns listed in idx (n of them, NULL = 0..n-1). */
int mat_copy_col_meta(Mat *dst, const Mat *src, const size_t *idx, size_t n, Err *e);
/* Copy label names and the label column's name only (when labels are set
 * elsewhere). */
int mat_copy_label_names(Mat *dst, const Mat *src, Err *e);

/* Set row i's name (copies s).  Allocates the name array on first use. */
int mat_set_row_name(Mat *m, size_t i, const char *s, Err *e);
int mat_set_col_name(Mat *m, size_t j, const char *s, Err *e);
/* Allocate labels (all -1) if absent. */
int mat_ensure_labels(Mat *m, Err *e);

/* The number shown for row i: its row id, or i. */
static inline size_t mat_row_id(const Mat *m, size_t i)
{
    return m->row_ids ? m->row_ids[i] : i;
}

/* Row whose name is `name`, or -1.  Builds a hash index on first call and
 * keeps it until mat_free (names must not change after that). */
long mat_find_row(Mat *m, const char *name);
/* Index of column named `name`, or -1. */
long mat_find_col(const Mat *m, const char *name);

/* Label name of class c as text into buf (its name or its number). */
const char *mat_class_name(const Mat *m, int c, char *buf, size_t n);

/* "3x4" style shape text into buf. */
const char *mat_shape_str(const Mat *m, char *buf, size_t n);

#endif
