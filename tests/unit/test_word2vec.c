/* Unit tests for word2vec training on a tiny generated corpus. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/rng.h"
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

int main(void)
{
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
    o.min_count = 100000;
    ok(w2v_train(path, &o, &b, &e) < 0 && strstr(e.msg, "no word occurs 100000 times or more"), "min_count too high: %s", e.msg);
    mat_free(a.vectors);
    remove(path);
    return done_testing();
}
