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
 * A function word the embedding lacks ("a", "the", "of": PHRASE_STOP_WORDS;
 * GloVe's 10,000 most frequent words have no "a") is left out, as its
 * weight would be near zero anyway; any other word the embedding lacks is
 * an error naming every such word, never dropped.
 */
#ifndef DV_TRAIN_PHRASE_H
#define DV_TRAIN_PHRASE_H

#include <stddef.h>

#include "core/err.h"
#include "core/mat.h"

#define PHRASE_SIF_A 1e-3

/* The function words a phrase may use that an embedding may lack, one
 * string, space-separated (for messages and the manual). */
#define PHRASE_STOP_WORDS                                                                          \
    "a an the of to and or in on at for with by from as is are was were be this that these "       \
    "those it its"

#define PHRASE_MISSING_MAX 4

/* The words of a phrase an embedding lacks. */
typedef struct PhraseMissing {
    int n;                             /* how many (all of them counted) */
    char word[PHRASE_MISSING_MAX][64]; /* the first few, as looked up last */
} PhraseMissing;

/* The weighted mean of the vectors of text's words in E (rows named by words)
 * into out (E->cols values).  Words E does not have that are not function
 * words are an error naming them; they are also listed in missing (may be
 * NULL) so the caller can suggest close words.  Returns the number of words
 * used, or -1 with e set (no words, a missing word). */
int phrase_vector(Mat *E, const char *text, float *out, PhraseMissing *missing, Err *e);

/* 1 when w (lower case) is one of PHRASE_STOP_WORDS. */
int phrase_is_stop_word(const char *w);

#endif
