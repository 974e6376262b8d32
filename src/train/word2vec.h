/* word2vec.h — training word vectors (Mikolov et al. 2013, "Efficient
 * estimation of word representations in vector space" and "Distributed
 * representations of words and phrases").
 *
 * The corpus is read once into memory as word ids (train/corpus.h gives
 * the tokenising rule: lower-cased runs of letters, digits and inner
 * apostrophes; a line is a sentence; words seen fewer than min_count times
 * are dropped).  Training follows the reference tool: skip-gram or CBOW,
 * negative sampling from the unigram^0.75 distribution or hierarchical
 * softmax over a Huffman tree, sub-sampling of frequent words, a random
 * window shrink, linear learning-rate decay over all epochs, and lock-free
 * (Hogwild, Recht et al. 2011) threads each taking a slice of the corpus.
 * One thread and one seed give the same vectors on every run.
 */
#ifndef DV_TRAIN_WORD2VEC_H
#define DV_TRAIN_WORD2VEC_H

#include <stdint.h>

#include "core/err.h"
#include "core/mat.h"
#include "core/progress.h"

enum { W2V_KERNEL_AUTO, W2V_KERNEL_C, W2V_KERNEL_AVX2 };

typedef struct W2vOpts {
    int dim, window, negative, hs, cbow, min_count, epochs, threads;
    int kernel; /* W2V_KERNEL_*: AUTO = the fastest this CPU runs; the others for tests */
    double sample, alpha; /* alpha <= 0: 0.025 skip-gram, 0.05 CBOW */
    uint64_t seed;
    const Progress *progress;
} W2vOpts;

void w2v_default_opts(W2vOpts *o);

typedef struct W2vResult {
    Mat *vectors;        /* vocabulary x dim, row names = words, most frequent first */
    long long words;     /* corpus words (after min_count) */
    long long trained;   /* word positions processed over all epochs */
    double seconds;       /* all of it, reading the corpus included */
    double train_seconds; /* the training loop alone */
    int stopped;          /* progress hook asked to stop: vectors so far */
    const char *kernel;   /* "avx2" or "c" (static string) */
} W2vResult;

/* *r receives new vectors (caller frees r->vectors). */
int w2v_train(const char *corpus, const W2vOpts *o, W2vResult *r, Err *e);

#endif
