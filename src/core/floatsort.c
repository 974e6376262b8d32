/* floatsort.c — stable radix order of floats (floatsort.h). */
#include "core/floatsort.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Below this many values an insertion sort is quicker than four passes. */
#define SMALL 48

/* An unsigned key that orders like x: negative floats have their bits
 * flipped, others their sign bit set; -0 counts as +0; NaN is the largest
 * key.  Descending flips the keys of numbers (NaN stays last). */
static uint32_t key_of(float x, int descending)
{
    if (x != x) return UINT32_MAX;
    if (x == 0) x = 0; /* -0 == +0 */
    uint32_t u;
    memcpy(&u, &x, sizeof u);
    u = (u & 0x80000000u) ? ~u : (u | 0x80000000u);
    /* numbers lie in [0x007fffff (-inf), 0xff800000 (+inf)], and so do
     * their flips: none reaches NaN's key in either order */
    return descending ? ~u : u;
}

/* The float an ascending key came from. */
static float float_of(uint32_t k)
{
    if (k == UINT32_MAX) return NAN;
    uint32_t u = (k & 0x80000000u) ? (k & 0x7fffffffu) : ~k;
    float x;
    memcpy(&x, &u, sizeof x);
    return x;
}

/* Sort key[0..n) (and idx alongside when not NULL) by four stable passes
 * of one byte each, skipping a pass whose byte every key shares.  k2 and
 * i2 are scratch of n; the result ends in key/idx. */
static void radix(uint32_t *key, size_t *idx, size_t n, uint32_t *k2, size_t *i2)
{
    size_t count[4][256];
    memset(count, 0, sizeof count);
    for (size_t i = 0; i < n; i++)
        for (int b = 0; b < 4; b++) count[b][(key[i] >> (8 * b)) & 255]++;
    uint32_t *ks = key, *kd = k2;
    size_t *is = idx, *id = i2;
    for (int b = 0; b < 4; b++) {
        size_t *c = count[b], sum = 0;
        int skip = 0;
        for (int v = 0; v < 256 && !skip; v++) skip = c[v] == n;
        if (skip) continue;
        for (int v = 0; v < 256; v++) {
            size_t t = c[v];
            c[v] = sum;
            sum += t;
        }
        for (size_t i = 0; i < n; i++) {
            size_t at = c[(ks[i] >> (8 * b)) & 255]++;
            kd[at] = ks[i];
            if (is) id[at] = is[i];
        }
        uint32_t *kt = ks;
        ks = kd;
        kd = kt;
        size_t *it = is;
        is = id;
        id = it;
    }
    if (ks != key) memcpy(key, ks, n * sizeof *key);
    if (idx && is != idx) memcpy(idx, is, n * sizeof *idx);
}

int floatsort_order(const float *x, size_t n, size_t stride, int descending, size_t *perm, Err *e)
{
    if (n <= SMALL) { /* stable insertion sort on the keys */
        uint32_t k[SMALL];
        for (size_t i = 0; i < n; i++) {
            uint32_t ki = key_of(x[i * stride], descending);
            size_t j = i;
            for (; j > 0 && k[j - 1] > ki; j--) {
                k[j] = k[j - 1];
                perm[j] = perm[j - 1];
            }
            k[j] = ki;
            perm[j] = i;
        }
        return 0;
    }
    uint32_t *key = malloc(2 * n * sizeof *key);
    size_t *idx = malloc(n * sizeof *idx);
    if (!key || !idx) {
        free(key);
        free(idx);
        return err_nomem(e, n * (2 * sizeof *key + sizeof *idx), "sort");
    }
    for (size_t i = 0; i < n; i++) {
        key[i] = key_of(x[i * stride], descending);
        perm[i] = i;
    }
    radix(key, perm, n, key + n, idx);
    free(key);
    free(idx);
    return 0;
}

int floatsort_values(float *x, size_t n, Err *e)
{
    uint32_t *key = malloc(2 * (n ? n : 1) * sizeof *key);
    if (!key) return err_nomem(e, 2 * n * sizeof *key, "sort");
    for (size_t i = 0; i < n; i++) key[i] = key_of(x[i], 0);
    radix(key, NULL, n, key + n, NULL);
    for (size_t i = 0; i < n; i++) x[i] = float_of(key[i]);
    free(key);
    return 0;
}
