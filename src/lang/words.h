/* words.h — showing vectors that came from word arithmetic.
 *
 * When a statement's value is a vector made from words of an embedding
 * (`king - man + woman` after `use E`), the REPL shows its nearest words by
 * cosine instead of numbers, leaving out the words used in the expression
 * (as word2vec's word-analogy tool does). */
#ifndef DV_LANG_WORDS_H
#define DV_LANG_WORDS_H

#include "lang/ctx.h"
#include "lang/value.h"

/* Print the k nearest rows of v->origin->emb to the 1-row matrix v, skipping
 * the origin words.  Returns 0 or -1 with e set. */
int words_show_nearest(Ctx *ctx, const Value *v, int k, Err *e);

/* The k rows of E most similar to q (cosine), leaving out the rows listed
 * in skip (nskip of them).  Fills idx and sim (k entries, best first) and
 * returns how many were found, or -1 with e set.  Only the first `limit`
 * rows are searched (0 = all). */
int words_top_k(const Mat *E, const float *q, size_t limit, const long *skip, size_t nskip, int k, long *idx,
                double *sim, Err *e);

/* Suggest close words (edit distance <= 2) for an unknown word: writes
 * "did you mean 'abc', 'abd'" into buf and returns 1, or returns 0 when
 * nothing is close. */
int words_suggest(const Mat *E, const char *word, char *buf, size_t n);

/* The vector of a word or phrase (train/phrase.h) in E into out (E->cols
 * values).  A word E lacks is an error about argument index of f naming
 * every such word, with close spellings: "generate: 'sevn' is not a word
 * of E (did you mean 'seven')"; what (" (text 3)" or "") follows the
 * words.  Returns 0 or -1. */
int words_phrase(Ctx *ctx, const char *f, int index, const char *what, Mat *E, const char *text,
                 float *out, Err *e);

/* How messages name the embedding E: the variable that holds it ("G"), or
 * the model field ("C.vectors"), else "an embedding of N words". */
const char *words_embedding_name(Ctx *ctx, const Mat *E, char *buf, size_t n);

/* The error for a vector made of words of one embedding used with another
 * (f names the builtin or operator); returns -1. */
int words_mixed(Ctx *ctx, const char *f, const Mat *from, const Mat *with, Err *e);

#endif
