/* phrase.h — a word or a phrase as one vector of an embedding: the mean
 * of its words' vectors (the simplest sentence vector, and a strong
 * baseline: Mitchell & Lapata 2010), each weighted by a / (a + p(w)),
 * Arora et al. 2017's smooth inverse frequency, so that "the seven" is
 * mostly "seven".  p(w) comes from the word's rank r in the embedding
 * (rows most frequent first, as word vector files are) by Zipf's law,
 * 1 / (r H) with H the vocabulary's harmonic number; a = 1e-3.  A single
 * word's vector is its own.
 *
 * Words are runs of letters, digits, apostrophes and hyphens; they are
 * looked up as written, then lower-cased (GloVe's words are lower case).
 */
#ifndef DV_TRAIN_PHRASE_H
#define DV_TRAIN_PHRASE_H

#include <stddef.h>

#include "core/err.h"
#include "core/mat.h"

#define PHRASE_SIF_A 1e-3

/* The weighted mean of the vectors of text's words in E (rows named by words)
 * into out (E->cols values).  A word E does not have is an error naming
 * it; its text (at most 63 bytes) is also copied into unknown (64 bytes,
 * may be NULL) so the caller can suggest close words.  Returns the number
 * of words, or -1 with e set (no words, an unknown word). */
int phrase_vector(Mat *E, const char *text, float *out, char *unknown, Err *e);

#endif
