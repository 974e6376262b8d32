/* csv.h — CSV (and TSV) through libcsv, and whitespace-separated text.
 *
 * csv_load: the first row is a header when it has a non-numeric cell in a
 * column whose next cell is numeric (or when every cell is non-numeric);
 * `header` forces it (1) or not (0).  The label column (by name or 0-based
 * index) leaves the data and becomes the class labels: string values are
 * class names numbered in order of first appearance; when every value is a
 * whole number >= 0 the classes are those numbers.  A non-numeric first
 * column that is not the label becomes the row names.  Empty cells, NA and
 * nan are NaN.  A UTF-8 byte-order mark, CRLF line ends, quoted fields and a
 * .gz suffix (zlib) are handled.
 */
#ifndef DV_IO_CSV_H
#define DV_IO_CSV_H

#include "core/err.h"
#include "core/mat.h"
#include "io/load.h"

/* *out receives a new matrix (caller frees). */
int csv_load(const char *path, const LoadOpts *o, Mat **out, Err *e);
/* Whitespace-separated numbers, one row per line, '#' comments. */
int text_load(const char *path, Mat **out, Err *e);

/* Write m as CSV (sep ',' or '\t'): a header of column names (c0, c1, ...
 * when unnamed), row names as a first column "name" when present, labels as
 * a last column "label" (class names when known).  Floats with %.9g, which
 * reads back to the same float.  Gzipped when path ends in .gz.  Atomic. */
int csv_save(const Mat *m, const char *path, char sep, Err *e);

#endif
