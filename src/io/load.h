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
    const char *label;  /* label column by name or decimal index, or NULL */
    const char *sep;    /* field separator for CSV, or NULL = by extension (',' / '\t') */
    int header;         /* -1 = detect, 0 = no header, 1 = header */
    const char *format; /* NULL or "auto" = detect; else "csv", "text", "idx", "images",
                           "npy", "word2vec", "word2vec-bin", "glove" */
    char *note;         /* out, or NULL: remarks for the user, one a line ("F: 2 values
                           too small for 32-bit floats were read as 0 ..."), appended */
    size_t note_size;   /* bytes at note */
} LoadOpts;

#define LOAD_OPTS_DEFAULT                                                                          \
    {                                                                                              \
        NULL, NULL, -1, NULL, NULL, 0                                                              \
    }

/* Append one line to o->note (when o and o->note are set). */
void io_note(const LoadOpts *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Load path into a new matrix (*out, caller owns).  Errors name the file. */
int io_load(const char *path, const LoadOpts *o, Mat **out, Err *e);

/* Save m to path; the format comes from the extension or from `format`
 * (NULL = by extension).  Written atomically: temporary file + rename. */
int io_save(const Mat *m, const char *path, const char *format, Err *e);

#endif
