/* csv.h — CSV and TSV: loading through libcsv, and saving.
 *
 * csv_load reads a table of numbers with optional text columns:
 *  - header: the first row is a header when a non-blank, non-numeric cell
 *    of it stands over a numeric cell of the second row, or when all its
 *    non-blank cells are text; LoadOpts.header 1/0 forces it either way.
 *    Header cells become the column names, except c0, c1, ... in order
 *    (what csv_save writes for unnamed columns), which give none.
 *  - label: the column named o->label (or at that 0-based index, negative
 *    counting from the end) leaves the data and becomes the class labels.
 *    When every label is a whole number 0..100000, the classes are those
 *    numbers (label_names NULL); otherwise the labels are class names
 *    numbered in order of first appearance.  A blank label is class -1.
 *    Without o->label (and without o->no_label), the labels are: the one
 *    text column other than the row names; else a numeric column named
 *    label, labels, class, target or y (any case) holding only class
 *    numbers (for y, with two or more data columns left); else a first
 *    column of text whose values repeat.  Found labels get a note in o
 *    (io_note).  The label column's name goes to Mat.label_column.
 *  - row names: when the first column of the first data row is text (and
 *    is not the label), or the first column is headed "name", that column
 *    becomes the row names.
 *  - cells: empty, NA and nan (any case) are NaN; inf is read.  Numbers of
 *    any length are read in the C locale and rounded correctly to float;
 *    one beyond float's range is an error naming the cell; nonzero ones
 *    that round to 0 are counted in a note.
 *  - separator: o->sep (one character, or "\t"), else '\t' for .tsv/.tab
 *    and ',' otherwise.  Quoted fields (with "" for a quote), CRLF line
 *    ends, a UTF-8 byte-order mark and gzip (any file zlib recognises;
 *    its trailer is checked) are handled.  Blank lines are skipped.  A NUL
 *    byte anywhere is an error (not a text file).
 * Errors name the file and, for bad rows, the physical line: "F:4: row has
 * 3 fields, expected 4", "F:3: cannot read 'abc' as a number (column 2
 * 'sepal_width')" (columns counted from 1 in the file as written), "F: no
 * column named 'x' for label= (columns: a, b, c)".
 * csv_load_buffer (io/buffer.h) parses the same from memory.
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
 * a last column named m->label_column or "label" (class names when known).
 * Each float as the shortest decimal that reads back as the same float, in
 * the C locale (cnum_format_float); NaN as an empty cell.  So csv_load
 * gives m back.  Gzipped when path ends in .gz.  Atomic: a temporary file
 * beside path, fsync, rename. */
int csv_save(const Mat *m, const char *path, char sep, Err *e);

#endif
