/* Unit tests for the corpus tokeniser and word2vec training on a tiny
 * generated corpus. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/rng.h"
#include "train/corpus.h"
#include "train/word2vec.h"
#include "tests/tap.h"

static double cosine(const Mat *E, long a, long b)
{
    double d = 0, na = 0, nb = 0;
    for (size_t j = 0; j < E->cols; j++) {
        d += (double)MAT_AT(E, a, j) * MAT_AT(E, b, j);
        na += (double)MAT_AT(E, a, j) * MAT_AT(E, a, j);
        nb += (double)MAT_AT(E, b, j) * MAT_AT(E, b, j);
    }
    return d / sqrt(na * nb);
}

/* A progress hook that asks to stop at the first report. */
static int stop_now(void *user, const ProgressInfo *info)
{
    int *calls = user;
    ++*calls;
    return info->done >= 0 && strcmp(info->unit, "words") == 0 && info->note && strncmp(info->note, "lr ", 3) == 0;
}

static void test_corpus(void)
{
    char path[] = "/tmp/dv-corpus-XXXXXX";
    int fd = mkstemp(path);
    FILE *f = fdopen(fd, "w");
    /* apostrophes at the ends go, inner ones stay; UTF-8 stays in words;
     * punctuation separates; lines are sentences; blank lines add nothing */
    fputs("The men's 'tis THE\n\n  caf\xc3\xa9, the-end 42 the\n'' x\n", f);
    fclose(f);
    Corpus c;
    Err e;
    ok(corpus_read(path, 1, &c, &e) == 0, "corpus: read");
    ok(c.n_vocab == 7 && c.n_tokens == 10 && c.n_words == 10 && c.n_distinct == 7, "corpus: 10 words, 7 distinct");
    ok(strcmp(c.words[0], "the") == 0 && c.count[0] == 4, "corpus: 'the' first, 4 times");
    ok(strcmp(c.words[1], "men's") == 0 && strcmp(c.words[2], "tis") == 0 && strcmp(c.words[3], "caf\xc3\xa9") == 0 &&
           strcmp(c.words[4], "end") == 0 && strcmp(c.words[5], "42") == 0 && strcmp(c.words[6], "x") == 0,
       "corpus: ties in order of first appearance; apostrophes, UTF-8, digits");
    /* ids: the men's tis the | cafe the end 42 the | x */
    uint32_t want[] = {0, 1, 2, 0, CORPUS_EOS, 3, 0, 4, 5, 0, CORPUS_EOS, 6};
    ok(c.n_ids == 12 && memcmp(c.ids, want, sizeof want) == 0, "corpus: ids with sentence ends (%zu ids)", c.n_ids);
    corpus_free(&c);
    ok(corpus_read(path, 2, &c, &e) == 0 && c.n_vocab == 1 && c.n_words == 4 && c.n_ids == 5,
       "corpus: min_count 2 keeps 'the' only, one sentence end between");
    corpus_free(&c);
    remove(path);
    ok(corpus_read("/nonexistent/x.txt", 1, &c, &e) < 0 && strstr(e.msg, "cannot open '/nonexistent/x.txt'"),
       "corpus: missing file: %s", e.msg);
}

int main(void)
{
    test_corpus();
    char path[] = "/tmp/dv-w2v-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0) return 99;
    FILE *f = fdopen(fd, "w");
    Rng r;
    rng_seed(&r, 1);
    /* "alpha" and "beta" always appear in the same contexts (animal words),
     * "gamma" in other ones (tool words). */
    const char *ctx1[] = {"Cat", "dog", "horse", "cow", "sheep"}, *ctx2[] = {"hammer", "saw", "drill", "nail", "screw"};
    for (int i = 0; i < 3000; i++) {
        const char *w = i % 3 == 0 ? "alpha" : i % 3 == 1 ? "beta" : "gamma";
        const char **c = i % 3 == 2 ? ctx2 : ctx1;
        fprintf(f, "%s %s %s %s %s\n", c[rng_below(&r, 5)], c[rng_below(&r, 5)], w, c[rng_below(&r, 5)],
                c[rng_below(&r, 5)]);
    }
    fclose(f);
    W2vOpts o;
    w2v_default_opts(&o);
    o.dim = 20;
    o.epochs = 10;
    o.min_count = 1;
    o.sample = 0;
    o.threads = 1;
    o.seed = 7;
    W2vResult a, b;
    Err e;
    ok(w2v_train(path, &o, &a, &e) == 0, "train on a tiny corpus");
    long al = mat_find_row(a.vectors, "alpha"), be = mat_find_row(a.vectors, "beta"), ga = mat_find_row(a.vectors, "gamma");
    ok(a.vectors->rows == 13 && al >= 0 && be >= 0 && ga >= 0 && mat_find_row(a.vectors, "cat") >= 0,
       "vocabulary of 13 lower-cased words");
    double s1 = cosine(a.vectors, al, be), s2 = cosine(a.vectors, al, ga);
    ok(s1 > 0.9, "words that share contexts: cosine %.3f > 0.9", s1);
    ok(s2 < s1, "a word with other contexts is farther (%.3f)", s2);
    ok(a.words == 15000, "corpus words counted (%lld)", a.words);
    ok(w2v_train(path, &o, &b, &e) == 0 && memcmp(a.vectors->data, b.vectors->data, 13 * 20 * sizeof(float)) == 0,
       "same seed, one thread: same vectors");
    mat_free(b.vectors);
    o.hs = 1;
    o.negative = 0;
    o.cbow = 1;
    ok(w2v_train(path, &o, &b, &e) == 0 && cosine(b.vectors, mat_find_row(b.vectors, "alpha"), mat_find_row(b.vectors, "beta")) > 0.8,
       "CBOW with hierarchical softmax learns it too");
    mat_free(b.vectors);
    o.hs = 0;
    o.negative = 5;
    o.cbow = 0;
    o.kernel = W2V_KERNEL_C;
    ok(w2v_train(path, &o, &b, &e) == 0 && strcmp(b.kernel, "c") == 0 &&
           cosine(b.vectors, mat_find_row(b.vectors, "alpha"), mat_find_row(b.vectors, "beta")) > 0.9,
       "the portable C loop learns it too");
    mat_free(b.vectors);
    o.kernel = W2V_KERNEL_AUTO;
    o.threads = 2;
    o.sample = 1e-3;
    ok(w2v_train(path, &o, &b, &e) == 0 && b.words == 15000 &&
           cosine(b.vectors, mat_find_row(b.vectors, "alpha"), mat_find_row(b.vectors, "beta")) > 0.9,
       "two threads with sub-sampling learn it too");
    mat_free(b.vectors);
    int calls = 0;
    Progress stop = {stop_now, &calls};
    o.progress = &stop;
    o.threads = 1;
    int rc = w2v_train(path, &o, &b, &e);
    ok(rc == 0 && b.stopped == 1 && calls == 1 && b.vectors && b.vectors->rows == 13 && b.trained < b.words * o.epochs,
       "a stop request keeps the vectors so far (%lld of %lld words)", b.trained, b.words * o.epochs);
    mat_free(b.vectors);
    o.progress = NULL;
    o.negative = 0;
    ok(w2v_train(path, &o, &b, &e) < 0 && strcmp(e.msg, "word2vec: give negative > 0 or hs=true (or both)") == 0,
       "no output layer: %s", e.msg);
    o.negative = 5;
    o.min_count = 100000;
    ok(w2v_train(path, &o, &b, &e) < 0 && strstr(e.msg, "no word occurs 100000 times or more"), "min_count too high: %s", e.msg);
    mat_free(a.vectors);
    remove(path);
    return done_testing();
}
