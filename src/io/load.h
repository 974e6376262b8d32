/* load.h — load any supported file into a matrix, and save one.
 *
 * io_load picks the format from the path: a folder (of PGM/PPM images),
 * the extension (.csv, .tsv, .txt, .npy, .vec, .bin, ...; a trailing .gz is
 * read transparently) and, where the extension is ambiguous, the first
 * bytes (IDX magic, a word-vector header line).  Each format lives in its
 * own file (csv.c, text.c, idx.c, imgdir.c, npy.c, wordvec.c); this file
 * only dispatches.
 */
#ifndef DV_IO_LOAD_H
#define DV_IO_LOAD_H

#include "core/err.h"
#include "core/mat.h"

typedef struct LoadOpts {
    const char *label;  /* label column by name or decimal index; NULL = found by the
                           loader (csv.h says how) */
    int no_label;       /* 1: no label column, every column is data (label=none) */
    const char *sep;    /* field separator for CSV, or NULL = by extension (',' / '\t') */
    int header;         /* -1 = detect, 0 = no header, 1 = header */
    const char *format; /* NULL or "auto" = detect; else "csv", "text", "idx", "images",
                           "npy", "word2vec", "word2vec-bin", "glove" */
    const char *const *classes; /* names for the classes (classes_name), or NULL */
    size_t nclasses;
    char *note;         /* out, or NULL: remarks for the user, one a line ("F: labels
                           from column 'species' (3 classes)"), appended */
    size_t note_size;   /* bytes at note */
} LoadOpts;

#define LOAD_OPTS_DEFAULT                                                                          \
    {                                                                                              \
        .header = -1                                                                               \
    }

/* Append one line to o->note (when o and o->note are set). */
void io_note(const LoadOpts *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Load path into a new matrix (*out, caller owns).  Errors name the file. */
int io_load(const char *path, const LoadOpts *o, Mat **out, Err *e);

/* Save m to path; the format comes from the extension or from `format`
 * (NULL = by extension).  Written atomically: temporary file + rename. */
int io_save(const Mat *m, const char *path, const char *format, Err *e);

/* What io_save(m, path, format) would leave out, as one line for the user
 * (".npy keeps the numbers only; the row names and classes are not
 * saved"), or "" when the file keeps everything. */
void io_save_note(const Mat *m, const char *path, const char *format, char *buf, size_t n);

#endif
