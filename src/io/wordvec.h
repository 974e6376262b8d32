/* wordvec.h — word-vector files: word2vec text (a "count dims" header, then
 * a word and its numbers per line), word2vec binary (the same header, then
 * each word, a space and dims little-endian float32), GloVe text (no header)
 * and fastText .vec (word2vec text).  .gz is read transparently.  The
 * result is a matrix whose row names are the words. */
#ifndef DV_IO_WORDVEC_H
#define DV_IO_WORDVEC_H

#include "core/err.h"
#include "core/mat.h"

/* format: NULL/"auto" (binary for .bin or .bin.gz, else text with or
 * without a header), "word2vec" and "fasttext" (text, header optional),
 * "glove" (text, the first line is never a header), "word2vec-bin".
 * *out receives a new matrix (caller frees).  Errors name the file and the
 * line (text) or byte offset (binary): duplicate words, lines with the
 * wrong number of values, truncated files, a header that disagrees. */
int wordvec_load(const char *path, const char *format, Mat **out, Err *e);
/* 1 when a text buffer starts like a word-vector file (a word followed by
 * numbers, or a "count dims" header followed by such a line). */
int wordvec_sniff(const char *text, size_t len);
/* Save in word2vec text (binary = 0; 9 significant digits, so floats come
 * back exact) or binary format, atomically (temporary file + rename).  m
 * needs row names without white space. */
int wordvec_save(const Mat *m, const char *path, int binary, Err *e);

#endif
