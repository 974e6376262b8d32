/* corpus.h — a text corpus read once into memory as word ids, with its
 * vocabulary, for word2vec and other text trainers.
 *
 * Tokenising rule: a word is a maximal run of ASCII letters, digits,
 * apostrophes and non-ASCII bytes (so UTF-8 letters stay inside words),
 * with ASCII letters lower-cased and apostrophes at either end dropped
 * ("'Tis" -> "tis", "men's" stays); every other byte separates words, and
 * each line ends a sentence.  Words longer than 100 bytes are cut to 100.
 * The vocabulary keeps words seen at least min_count times, most frequent
 * first (ties: first seen first), so the result is the same on every run.
 */
#ifndef DV_TRAIN_CORPUS_H
#define DV_TRAIN_CORPUS_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

#define CORPUS_EOS UINT32_MAX /* sentence end in Corpus.ids */

typedef struct Corpus {
    size_t n_vocab;      /* kept words */
    char **words;        /* n_vocab words, most frequent first */
    long long *count;    /* their counts */
    uint32_t *ids;       /* the corpus as vocabulary ids, CORPUS_EOS between sentences */
    size_t n_ids;        /* length of ids */
    long long n_words;   /* ids that are words (the corpus size after min_count) */
    long long n_tokens;  /* all words before min_count */
    size_t n_distinct;   /* distinct words before min_count */
} Corpus;

/* Read path (gzip or plain).  On success *c owns its arrays (corpus_free).
 * Errors name the file; a min_count that keeps no word is an error. */
int corpus_read(const char *path, int min_count, Corpus *c, Err *e);
void corpus_free(Corpus *c);

#endif
