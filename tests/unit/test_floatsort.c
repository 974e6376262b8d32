/* test_floatsort.c — core/floatsort against a stable comparison sort on
 * the same keys: ties, NaN, -0/+0, infinities, strides, both orders, and
 * sizes on both sides of the insertion-sort cut-over. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/floatsort.h"
#include "core/rng.h"
#include "tests/tap.h"

typedef struct Item {
    float v;
    size_t i;
} Item;

static int desc_order;

/* Ascending (or descending), NaN last, -0 == +0, ties by position. */
static int cmp(const void *pa, const void *pb)
{
    const Item *a = pa, *b = pb;
    int na = isnan(a->v), nb = isnan(b->v);
    if (na != nb) return na - nb;
    if (!na && a->v != b->v) return (a->v < b->v) != desc_order ? -1 : 1;
    return a->i < b->i ? -1 : a->i > b->i;
}

static int same_as_reference(const float *x, size_t n, size_t stride, int desc)
{
    Item *it = malloc((n + 1) * sizeof *it);
    size_t *perm = malloc((n + 1) * sizeof *perm);
    Err e;
    int ok_ = it && perm && floatsort_order(x, n, stride, desc, perm, &e) == 0;
    for (size_t i = 0; ok_ && i < n; i++) it[i] = (Item){x[i * stride], i};
    desc_order = desc;
    if (ok_) qsort(it, n, sizeof *it, cmp);
    for (size_t i = 0; ok_ && i < n; i++) ok_ = perm[i] == it[i].i;
    free(it);
    free(perm);
    return ok_;
}

int main(void)
{
    Rng r;
    rng_seed(&r, 7);
    static const size_t sizes[] = {0, 1, 2, 47, 48, 49, 1000, 100000};
    for (size_t s = 0; s < sizeof sizes / sizeof *sizes; s++) {
        size_t n = sizes[s];
        float *x = malloc((2 * n + 1) * sizeof *x);
        for (size_t i = 0; i < 2 * n; i++) {
            double u = rng_uniform(&r);
            /* few distinct values (ties), specials, and a wide range */
            x[i] = u < 0.05   ? NAN
                 : u < 0.08   ? -0.0f
                 : u < 0.11   ? 0.0f
                 : u < 0.13   ? INFINITY
                 : u < 0.15   ? -INFINITY
                 : u < 0.6    ? (float)floor(rng_normal(&r) * 3)
                              : (float)(rng_normal(&r) * pow(10, floor(rng_uniform(&r) * 20 - 10)));
        }
        ok(same_as_reference(x, n, 1, 0), "%zu values, ascending: the stable order, NaN last", n);
        ok(same_as_reference(x, n, 1, 1), "%zu values, descending: ties keep their order, NaN last", n);
        ok(same_as_reference(x, n, 2, 0), "%zu values with stride 2", n);
        free(x);
    }
    float all_nan[60];
    for (int i = 0; i < 60; i++) all_nan[i] = NAN;
    ok(same_as_reference(all_nan, 60, 1, 0), "all NaN: positions in order");
    float neg[100];
    for (int i = 0; i < 100; i++) neg[i] = -(float)(i % 10) - 0.5f;
    ok(same_as_reference(neg, 100, 1, 0) && same_as_reference(neg, 100, 1, 1), "negative numbers, both orders");
    /* floatsort_values: the same order, the values themselves */
    float v[500], w[500];
    for (int i = 0; i < 500; i++) {
        double u = rng_uniform(&r);
        v[i] = u < 0.1 ? NAN : u < 0.2 ? -INFINITY : u < 0.3 ? -0.0f : (float)floor(rng_normal(&r) * 5);
        w[i] = v[i];
    }
    Err e;
    int good = floatsort_values(w, 500, &e) == 0;
    for (int i = 1; good && i < 500; i++) good = isnan(w[i]) || (!isnan(w[i - 1]) && w[i - 1] <= w[i]);
    size_t nn = 0, mn = 0;
    for (int i = 0; i < 500; i++) nn += isnan(v[i]), mn += isnan(w[i]);
    ok(good && nn == mn && isnan(w[499]), "floatsort_values: ascending, the %zu NaNs last", nn);
    return done_testing();
}
