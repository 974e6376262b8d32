/* buffer.h — every loader's entry point on a memory buffer.
 *
 * Each takes the bytes a file would hold (gzip-compressed or not: a buffer
 * that starts with the gzip magic is gunzipped first, its CRC and length
 * checked, exactly as for files), a name to use in messages where the file
 * loaders put the path (NULL: "(buffer)"), and gives a new matrix in *out
 * (caller frees with mat_free) or returns -1 with e set.  None of them
 * reads the file system, keeps a pointer into buf, or needs buf to end
 * with a NUL.  They are what the file loaders run after reading the file,
 * so fuzzers and tests reach the same code without temporary files.
 *
 *   csv_load_buffer      CSV/TSV (csv.h); threads = 1 runs the
 *                        single-threaded parser, N > 1 splits quote-free
 *                        text into N parts (the result must not differ)
 *   text_load_buffer     whitespace-separated numbers (text.h)
 *   idx_load_buffer      IDX / MNIST (images.h); no labels file is sought
 *   pnm_load_buffer      one PGM/PPM image, P2/P3/P5/P6 (images.h)
 *   npy_load_buffer      NumPy .npy, versions 1-3 (images.h)
 *   wordvec_load_buffer  word2vec text and binary, GloVe, fastText; format
 *                        as for wordvec_load (wordvec.h), NULL = text
 *   io_gunzip            gzip data (one or more members) to its contents
 */
#ifndef DV_IO_BUFFER_H
#define DV_IO_BUFFER_H

#include <stddef.h>

#include "core/err.h"
#include "core/mat.h"
#include "io/load.h"

int csv_load_buffer(const char *name, const void *buf, size_t len, const LoadOpts *o, int threads,
                    Mat **out, Err *e);
int text_load_buffer(const char *name, const void *buf, size_t len, Mat **out, Err *e);
int idx_load_buffer(const char *name, const void *buf, size_t len, Mat **out, Err *e);
int pnm_load_buffer(const char *name, const void *buf, size_t len, Mat **out, Err *e);
int npy_load_buffer(const char *name, const void *buf, size_t len, Mat **out, Err *e);
int wordvec_load_buffer(const char *name, const void *buf, size_t len, const char *format,
                        Mat **out, Err *e);

/* Gunzip in[0..len) into a new buffer *out of *outlen bytes plus a NUL
 * (caller frees).  Concatenated members are joined (as gzip -d does);
 * bytes after the last member that are not a gzip member are ignored.
 * A stream cut short, a bad CRC or length in a trailer, or corrupt data is
 * an error naming `name` and the byte offset in the compressed data. */
int io_gunzip(const char *name, const void *in, size_t len, char **out, size_t *outlen, Err *e);

/* 1 when buf starts with the gzip magic bytes 1f 8b. */
int io_is_gzip(const void *buf, size_t len);

/* The text of a file's bytes: gunzipped when buf is gzip data, else a
 * copy; either way followed by a NUL (*text, caller frees). */
int io_decode(const char *name, const void *buf, size_t len, char **text, size_t *tlen, Err *e);

#endif
