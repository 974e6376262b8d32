/* Unit tests for the top-k cosine search and the "did you mean" list. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/nearest.h"
#include "core/rng.h"
#include "lang/words.h"
#include "tests/tap.h"

static Mat *named(size_t rows, size_t cols, const float *v, const char **names)
{
    Err e;
    Mat *m = mat_new(rows, cols, &e);
    if (v) memcpy(m->data, v, rows * cols * sizeof(float));
    for (size_t i = 0; names && i < rows; i++) mat_set_row_name(m, i, names[i], &e);
    return m;
}

static void test_small(void)
{
    /* cosines with q = (1, 0.1): rows 0 and 5 point the same way (a tie),
     * then row 2, row 1, the zero row 3 (0), row 4 opposite */
    float v[] = {1, 0, 0, 1, 1, 1, 0, 0, -1, 0, 2, 0};
    Mat *E = named(6, 2, v, NULL);
    float q[] = {1, 0.1f};
    long idx[10];
    double sim[10];
    Err e;
    int n = nearest_cosine(E, q, 0, NULL, 0, 3, idx, sim, &e);
    double c0 = 1 / sqrt(1.01);
    ok(n == 3 && idx[0] == 0 && idx[1] == 5 && idx[2] == 2, "top 3: the tie goes to the lower row, then row 2");
    is_near(sim[0], c0, 1e-6, "cosine of row 0");
    is_near(sim[2], 1.1 / (sqrt(2) * sqrt(1.01)), 1e-6, "cosine of row 2");
    long skip[] = {0, 3};
    n = nearest_cosine(E, q, 0, skip, 2, 10, idx, sim, &e);
    ok(n == 4 && idx[0] == 5 && idx[1] == 2 && idx[2] == 1 && idx[3] == 4, "skip rows 0 and 3; k larger than what is left");
    is_near(sim[3], -c0, 1e-6, "the opposite row last, cosine -%.4f", c0);
    n = nearest_cosine(E, q, 3, NULL, 0, 10, idx, sim, &e);
    ok(n == 3 && idx[0] == 0 && idx[1] == 2 && idx[2] == 1, "limit 3 searches rows 0-2 only");
    n = nearest_cosine(E, q, 0, NULL, 0, 6, idx, sim, &e);
    ok(n == 6 && idx[4] == 3 && sim[4] == 0, "a row of zeros has cosine 0");
    float z[] = {0, 0};
    ok(nearest_cosine(E, z, 0, NULL, 0, 3, idx, sim, &e) < 0 &&
           strcmp(e.msg, "the vector is all zeros; it has no nearest words") == 0,
       "a zero query: %s", e.msg);
    ok(nearest_cosine(E, q, 0, NULL, 0, 0, idx, sim, &e) < 0 && strcmp(e.msg, "nearest: k must be at least 1, got 0") == 0,
       "k = 0: %s", e.msg);
    mat_free(E);
}

/* A matrix big enough for the threaded path, against a plain double loop. */
static void test_big(void)
{
    size_t n = 5000, d = 500; /* 2.5 M floats; d not a multiple of 8 or 16 */
    Mat *E = named(n, d, NULL, NULL);
    Rng r;
    rng_seed(&r, 3);
    for (size_t i = 0; i < n * d; i++) E->data[i] = (float)rng_normal(&r);
    float *q = malloc(d * sizeof *q);
    for (size_t j = 0; j < d; j++) q[j] = (float)rng_normal(&r);
    enum { K = 25 };
    long idx[K], ref[K];
    double sim[K], rsim[K];
    Err e;
    int n_found = nearest_cosine(E, q, 0, NULL, 0, K, idx, sim, &e);
    double qn = 0;
    for (size_t j = 0; j < d; j++) qn += (double)q[j] * q[j];
    int found = 0;
    for (size_t i = 0; i < n; i++) {
        double dot = 0, nn = 0;
        for (size_t j = 0; j < d; j++) dot += (double)MAT_AT(E, i, j) * q[j], nn += (double)MAT_AT(E, i, j) * MAT_AT(E, i, j);
        double c = dot / sqrt(nn * qn);
        if (found == K && c <= rsim[K - 1]) continue;
        int pos = found < K ? found++ : K - 1;
        while (pos > 0 && rsim[pos - 1] < c) rsim[pos] = rsim[pos - 1], ref[pos] = ref[pos - 1], pos--;
        rsim[pos] = c;
        ref[pos] = (long)i;
    }
    int same = n_found == K;
    double worst = 0;
    for (int i = 0; i < K && same; i++) {
        same = idx[i] == ref[i];
        if (fabs(sim[i] - rsim[i]) > worst) worst = fabs(sim[i] - rsim[i]);
    }
    ok(same && worst < 1e-5, "5000 x 500: the same top %d as a double-precision loop (largest cosine difference %.2g)",
       K, worst);
    free(q);
    mat_free(E);
}

static void test_suggest(void)
{
    const char *names[] = {"the", "king", "kings", "queen", "kind", "ring", "xylophone"};
    Mat *E = named(7, 1, NULL, names);
    char buf[256];
    ok(words_suggest(E, "kingg", buf, sizeof buf) == 1 && strcmp(buf, "did you mean 'king', 'kings', 'kind'") == 0,
       "kingg: %s", buf);
    ok(words_suggest(E, "quen", buf, sizeof buf) == 1 && strcmp(buf, "did you mean 'queen'") == 0, "quen: %s", buf);
    ok(words_suggest(E, "xylophne", buf, sizeof buf) == 1 && strcmp(buf, "did you mean 'xylophone'") == 0,
       "xylophne: %s", buf);
    ok(words_suggest(E, "zzzzzz", buf, sizeof buf) == 0, "nothing within 2 edits: 0");
    ok(words_suggest(E, "King", buf, sizeof buf) == 1 && strncmp(buf, "did you mean 'king'", 19) == 0,
       "capitalised: %s", buf);
    char small[20];
    ok(words_suggest(E, "kingg", small, sizeof small) == 1 && strlen(small) == 19, "a short buffer is cut, not overrun");
    mat_free(E);
    /* the three closest come first: distance 1 beats an earlier distance 2 */
    const char *n2[] = {"bat", "cat", "car", "cart"};
    E = named(4, 1, NULL, n2);
    ok(words_suggest(E, "cars", buf, sizeof buf) == 1 && strcmp(buf, "did you mean 'car', 'cart', 'cat'") == 0,
       "cars: %s", buf);
    mat_free(E);
}

int main(void)
{
    test_small();
    test_big();
    test_suggest();
    return done_testing();
}
