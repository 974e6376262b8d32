/* wordvec.h — word-vector files: word2vec text (a "count dims" header, then
 * a word and its numbers per line), word2vec binary (the same header, then
 * each word, a space and dims little-endian float32), GloVe text (no header)
 * and fastText .vec (word2vec text).  .gz is read transparently.  The
 * result is a matrix whose row names are the words. */
#ifndef DV_IO_WORDVEC_H
#define DV_IO_WORDVEC_H

#include "core/err.h"
#include "core/mat.h"

/* format: NULL/"auto" (binary for .bin, else text with or without a
 * header), "word2vec", "word2vec-bin", "glove".  Errors name the file and
 * the line (text) or byte offset (binary). */
int wordvec_load(const char *path, const char *format, Mat **out, Err *e);
/* 1 when a text buffer starts like a word-vector file (a word followed by
 * numbers, or a "count dims" header followed by such a line). */
int wordvec_sniff(const char *text, size_t len);
/* Save in word2vec text (binary = 0) or binary format, atomically.  m needs
 * row names. */
int wordvec_save(const Mat *m, const char *path, int binary, Err *e);

#endif
