/* word2vec.h — training word vectors (Mikolov et al. 2013, "Efficient
 * estimation of word representations in vector space" and "Distributed
 * representations of words and phrases").
 *
 * The corpus is read once (gzip allowed) and tokenised: a word is a maximal
 * run of letters (ASCII letters and any non-ASCII UTF-8 byte), digits and
 * apostrophes, with ASCII letters lower-cased; every other character
 * separates words, and each line ends a sentence.  Words seen fewer than
 * min_count times are dropped.  Training follows the reference tool:
 * skip-gram or CBOW, negative sampling from the unigram^0.75 distribution
 * or hierarchical softmax over a Huffman tree, sub-sampling of frequent
 * words, a random window shrink, linear learning-rate decay, and lock-free
 * (Hogwild) threads each taking a slice of the corpus.
 */
#ifndef DV_TRAIN_WORD2VEC_H
#define DV_TRAIN_WORD2VEC_H

#include <stdint.h>

#include "core/err.h"
#include "core/mat.h"
#include "core/progress.h"

typedef struct W2vOpts {
    int dim, window, negative, hs, cbow, min_count, epochs, threads;
    double sample, alpha; /* alpha <= 0: 0.025 skip-gram, 0.05 CBOW */
    uint64_t seed;
    const Progress *progress;
} W2vOpts;

void w2v_default_opts(W2vOpts *o);

typedef struct W2vResult {
    Mat *vectors;        /* vocabulary x dim, row names = words, most frequent first */
    long long words;     /* corpus words (after min_count) */
    long long trained;   /* word positions processed over all epochs */
    double seconds;
    int stopped;
} W2vResult;

/* *r receives new vectors (caller frees r->vectors). */
int w2v_train(const char *corpus, const W2vOpts *o, W2vResult *r, Err *e);

#endif
