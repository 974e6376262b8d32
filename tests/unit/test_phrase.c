/* test_phrase.c — phrases as vectors (train/phrase.c): a word is its own
 * vector; a phrase is the mean of its words' vectors weighted by smooth
 * inverse frequency, a / (a + p), p = 1 / (rank H) by Zipf's law (Arora
 * et al. 2017), the weights worked out here by hand; a function word the
 * embedding lacks is left out, any other unknown word is an error naming
 * every one; empty text is an error. */
#include <math.h>
#include <string.h>

#include "train/phrase.h"
#include "tests/tap.h"

int main(void)
{
    Err e;
    /* four words, most frequent first */
    const char *words[] = {"the", "of", "seven", "Paris"};
    const float vec[] = {1, 0, 1, 0, 2, 0, 3, 0, 0, 0, 4, 0}; /* the, of, seven, Paris */
    Mat *E = mat_new(4, 3, &e);
    if (!E) return 1;
    memcpy(E->data, vec, sizeof vec);
    for (size_t i = 0; i < 4; i++)
        if (mat_set_row_name(E, i, words[i], &e) < 0) return 1;
    float v[3];
    PhraseMissing unknown;

    ok(phrase_vector(E, "seven", v, &unknown, &e) == 1 && fabsf(v[0] - 3) < 1e-6f && v[1] == 0 &&
           v[2] == 0,
       "a word is its own vector");
    ok(phrase_vector(E, "SEVEN", v, &unknown, &e) == 1 && fabsf(v[0] - 3) < 1e-6f,
       "looked up in lower case too");
    ok(phrase_vector(E, "Paris", v, &unknown, &e) == 1 && fabsf(v[1] - 4) < 1e-6f,
       "as written first");

    /* "the seven": ranks 1 and 3 of 4; H = ln 4 + gamma */
    double H = log(4.0) + 0.5772156649, a = PHRASE_SIF_A;
    double w1 = a / (a + 1 / (1 * H)), w3 = a / (a + 1 / (3 * H));
    int n = phrase_vector(E, "the seven.", v, &unknown, &e);
    ok(n == 2, "two words, punctuation left out");
    is_near(v[0], (w1 * 1 + w3 * 3) / (w1 + w3), 1e-5, "x: the weighted mean");
    is_near(v[2], w1 * 1 / (w1 + w3), 1e-5, "z: the frequent word weighs less (%g vs %g)", w1, w3);
    ok(w1 < w3, "the first word (most frequent) has the smaller weight");

    ok(phrase_vector(E, "the cow", v, &unknown, &e) < 0 && unknown.n == 1 &&
           strcmp(unknown.word[0], "cow") == 0 && strstr(e.msg, "'cow' is not a word") != NULL,
       "an unknown word is an error naming it: %s", e.msg);
    ok(phrase_vector(E, "a cow of Kine", v, &unknown, &e) < 0 && unknown.n == 2 &&
           strcmp(unknown.word[0], "cow") == 0 && strcmp(unknown.word[1], "kine") == 0 &&
           strstr(e.msg, "'cow', 'kine'") != NULL,
       "every unknown word is named, not only the first: %s", e.msg);
    float v7[3];
    ok(phrase_vector(E, "seven", v7, NULL, &e) == 1 &&
           phrase_vector(E, "A seven", v, &unknown, &e) == 1 && unknown.n == 0 &&
           memcmp(v, v7, sizeof v) == 0,
       "a function word the embedding lacks ('a') is left out: 'A seven' is 'seven'");
    ok(phrase_vector(E, "an a", v, &unknown, &e) < 0 && strstr(e.msg, "only function words"),
       "only function words, none known, is an error: %s", e.msg);
    ok(phrase_is_stop_word("the") && phrase_is_stop_word("a") && !phrase_is_stop_word("seven") &&
           !phrase_is_stop_word("th") && !phrase_is_stop_word(""),
       "function words are whole words of the list");
    ok(phrase_vector(E, " ,. ", v, &unknown, &e) < 0 && strstr(e.msg, "no words") != NULL,
       "text without words is an error: %s", e.msg);
    mat_free(E);
    return done_testing();
}
