/* csv.h — CSV and TSV: loading through libcsv, and saving.
 *
 * csv_load reads a table of numbers with optional text columns:
 *  - header: the first row is a header when a non-blank, non-numeric cell
 *    of it stands over a numeric cell of the second row, or when all its
 *    non-blank cells are text; LoadOpts.header 1/0 forces it either way.
 *    Header cells become the column names.
 *  - label: the column named o->label (or at that 0-based index, negative
 *    counting from the end) leaves the data and becomes the class labels.
 *    When every label is a whole number 0..100000, the classes are those
 *    numbers (label_names NULL); otherwise the labels are class names
 *    numbered in order of first appearance.  A blank label is class -1.
 *  - row names: when the first column of the first data row is text (and
 *    is not the label), that column becomes the row names.
 *  - cells: empty, NA and nan (any case) are NaN; inf is read.  Numbers
 *    are rounded correctly to float.
 *  - separator: o->sep (one character, or "\t"), else '\t' for .tsv/.tab
 *    and ',' otherwise.  Quoted fields (with "" for a quote), CRLF line
 *    ends, a UTF-8 byte-order mark and gzip (any file zlib recognises)
 *    are handled.  Blank lines are skipped.
 * Errors name the file and, for bad rows, the physical line: "F:4: row has
 * 3 fields, expected 4", "F:3: cannot read 'abc' as a number (column 2
 * 'sepal_width')" (columns counted from 1 in the file as written), "F: no
 * column named 'x' for label= (columns: a, b, c)".
 */
#ifndef DV_IO_CSV_H
#define DV_IO_CSV_H

#include "core/err.h"
#include "core/mat.h"
#include "io/load.h"

/* *out receives a new matrix (caller frees).  o may be NULL (defaults). */
int csv_load(const char *path, const LoadOpts *o, Mat **out, Err *e);

/* The same with the number of parser threads chosen (0 = one per CPU for
 * files of 4 MB a thread or more, at most 8).  A file with a quote
 * character anywhere is read by one parser.  The result does not depend
 * on the number of threads. */
int csv_load_threads(const char *path, const LoadOpts *o, int threads, Mat **out, Err *e);

/* Write m as CSV (sep ',' or '\t'): a header of column names (c0, c1, ...
 * when unnamed), row names as a first column "name" when present, labels as
 * a last column "label" (class names when known).  Floats with %.9g, which
 * reads back to the same float; NaN as an empty cell.  Gzipped when path
 * ends in .gz.  Atomic: a temporary file beside path, fsync, rename. */
int csv_save(const Mat *m, const char *path, char sep, Err *e);

#endif
