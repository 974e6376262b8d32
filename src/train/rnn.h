/* rnn.h — a recurrent language model: one recurrent layer (rnn, gru or
 * lstm cell, nn/cells.h) over characters or words, trained to predict
 * the next token (the char-rnn of Karpathy 2015; Mikolov et al. 2010 for
 * words).
 *
 *   x_t  the token's row of Wx (a one-hot input times Wx) + b
 *   h_t  = cell(x_t, h_{t-1})
 *   y_t  = softmax(h_t Wy + by), the next token's distribution
 *
 * Tokens.  Characters: each UTF-8 character (an invalid byte is a token
 * of its own), newlines included.  Words: the runs of letters, digits,
 * apostrophes and non-ASCII bytes, lower-cased, apostrophes at the ends
 * dropped (corpus.h's rule), with "\n" an end-of-line token; the
 * vocabulary keeps the most frequent words (max_vocab) and the rest
 * become "<unk>" for training.  The vocabulary is ordered by frequency,
 * ties by first appearance, so it is the same on every run.
 *
 * encode: the final hidden state h_T after reading a text from h_0 = 0 (a
 * sentence vector).  sample: read a prefix, then draw tokens from
 * softmax(logits / temperature) one at a time (temperature 0: the most
 * likely token).
 *
 * Ownership: a model owns everything in it; rnn_free releases it.
 */
#ifndef DV_TRAIN_RNN_H
#define DV_TRAIN_RNN_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/mat.h"
#include "core/progress.h"
#include "core/rng.h"
#include "core/strmap.h"
#include "nn/cells.h"
#include "nn/dvm.h"
#include "nn/nn.h"

#define RNN_UNK "<unk>"
#define RNN_EOL "\n"

typedef struct RnnModel {
    NnCellKind cell;
    int words; /* 0: characters, 1: words */
    size_t hidden, vocab;
    char **tokens; /* vocab tokens; words: tokens[0] is RNN_UNK */
    StrMap *index; /* token -> id */
    NnParams P;    /* Wx [V, G H], b [G H], Wh [H, G H], bh [G H], Wy [H, V], by [V] */
    long iWx, ib, iWh, ibh, iWy, iby;
    /* the training history: perplexity per epoch on the training text
     * (the running mean over the epoch) and on the held-out text (NaN
     * when there is none) */
    float *ppl_train, *ppl_val;
    size_t epochs;
    int stopped;
    size_t train_tokens, val_tokens;
} RnnModel;

/* A text as token ids of m's vocabulary.  With unk_ok (training) a word
 * the vocabulary left out becomes <unk>; otherwise a token the model
 * does not know is an error naming it ("unknown word 'x'", "unknown
 * character 'x'"), its text also copied into unknown (64 bytes, may be
 * NULL).  *ids (caller frees) gets *n ids. */
int rnn_ids(const RnnModel *m, const char *text, size_t len, int unk_ok, uint32_t **ids, size_t *n,
            char *unknown, Err *e);

/* Build the vocabulary of text (len bytes) for a model of `words` level
 * keeping at most max_vocab tokens (0: all), then an untrained model with
 * weights from r.  *m is the caller's to release with rnn_free. */
int rnn_build(RnnModel *m, NnCellKind cell, int words, size_t hidden, const char *text, size_t len,
              size_t max_vocab, Rng *r, Err *e);
void rnn_free(RnnModel *m);

typedef struct RnnFitOpts {
    int epochs, batch, bptt; /* streams, steps unrolled */
    float lr, clip;          /* Adam's step; the largest gradient norm (Pascanu et al. 2013) */
    double validation;       /* share of the text held out (its end) */
    int threads;
    uint64_t seed;
    const Progress *progress;
    const char *task;
} RnnFitOpts;

void rnn_default_opts(RnnFitOpts *o);

/* Train on text (len bytes) by truncated backpropagation through time:
 * the training tokens are cut into `batch` streams read side by side,
 * bptt tokens at a time, the hidden state carried from one piece to the
 * next without gradient.  Perplexity exp(mean cross-entropy) per epoch.
 * Ctrl-C (progress) stops after the current piece (stopped set).
 * Returns 0, or -1 with e set. */
int rnn_fit(RnnModel *m, const char *text, size_t len, const RnnFitOpts *o, double *seconds,
            Err *e);

/* Perplexity of the model on text (every token predicted from the ones
 * before it, from h_0 = 0); unknown tokens are an error. */
int rnn_perplexity(const RnnModel *m, const char *text, double *ppl, Err *e);

/* The final hidden states of texts[0..n) as rows of a new matrix
 * (n x hidden).  Errors name the text (index) and the unknown token,
 * whose text also goes into unknown (64 bytes, may be NULL). */
Mat *rnn_encode(const RnnModel *m, const char *const *texts, size_t n, char *unknown, Err *e);

/* prefix and n tokens drawn after it (new string, caller frees); an
 * unknown token of the prefix as for rnn_encode. */
char *rnn_sample(const RnnModel *m, const char *prefix, size_t n, double temperature, Rng *r,
                 char *unknown, Err *e);

/* .dvm files (kind "rnn"). */
int rnn_save(const RnnModel *m, const char *path, Err *e);
int rnn_load(RnnModel *m, const DvmFile *f, const char *path, Err *e);

/* Read a text file (gzip or plain) whole, or its first limit bytes (0: all),
 * NUL-terminated (caller frees). */
char *rnn_read_text(const char *path, size_t limit, size_t *len, Err *e);

#endif
