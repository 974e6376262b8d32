/* Unit tests for PCA, SVD, LDA and MDS against numbers computed by hand or,
 * once, by numpy (stored here as numbers). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/blas.h"
#include "core/rng.h"
#include "reduce/lda.h"
#include "reduce/pca.h"
#include "tests/tap.h"

static Mat *from(size_t r, size_t c, const float *v)
{
    Mat *m = mat_new(r, c, NULL);
    memcpy(m->data, v, r * c * sizeof(float));
    return m;
}

static void test_known(PcaMethod method, const char *name)
{
    /* numpy: singular values of the centred matrix, and V^T */
    static const float x[] = {1, 2, 3, 4, 5, 6, 7, 8, 10, 2, 1, 0};
    static const double sv[] = {10.13277481, 1.74588574, 0.16958094};
    static const double vt[3][3] = {{0.42908319, 0.54017161, 0.72394906},
                                    {0.82862349, 0.08363065, -0.55352418},
                                    {-0.35954238, 0.83738912, -0.41171438}};
    static const double expl[] = {9.70904258e-01, 2.88238016e-02, 2.71940390e-04};
    Mat *X = from(4, 3, x);
    Rng r;
    rng_seed(&r, 1);
    Pca *p;
    Err e;
    ok(pca_fit(X, 3, method, 1, 0, -1, &r, &p, &e) == 0, "%s: fit", name);
    double worst = 0, worstc = 0, worste = 0;
    for (int c = 0; c < 3; c++) {
        worst = fmax(worst, fabs(p->singular->data[c] - sv[c]) / sv[c]);
        worste = fmax(worste, fabs(p->explained->data[c] - expl[c]));
        /* sign convention: largest-magnitude entry positive (numpy's rows 1, 2 differ in sign) */
        int big = 0;
        for (int j = 1; j < 3; j++)
            if (fabs(vt[c][j]) > fabs(vt[c][big])) big = j;
        double sg = vt[c][big] < 0 ? -1 : 1;
        for (int j = 0; j < 3; j++) worstc = fmax(worstc, fabs(MAT_AT(p->components, c, j) - sg * vt[c][j]));
    }
    ok(worst < 1e-4, "%s: singular values match numpy (rel err %.2g)", name, worst);
    ok(worstc < 1e-3, "%s: components match numpy up to the stated sign convention (err %.2g)", name, worstc);
    ok(worste < 1e-5, "%s: explained variance ratios", name);
    Mat *R = pca_reconstruct(p, X, 3, &e);
    double rerr = 0;
    for (size_t i = 0; i < 12; i++) rerr = fmax(rerr, fabs(R->data[i] - x[i]));
    ok(rerr < 1e-4, "%s: reconstruct with k = rank gives X back (err %.2g)", name, rerr);
    Mat *S = pca_project(p, X, 0, &e);
    double serr = 0;
    for (size_t i = 0; i < 12; i++) serr = fmax(serr, fabs(S->data[i] - p->scores->data[i]));
    ok(serr < 1e-4, "%s: project(X) equals the scores", name);
    mat_free(R);
    mat_free(S);
    pca_free(p);
    mat_free(X);
}

static void test_random(void)
{
    Rng r;
    rng_seed(&r, 7);
    size_t n = 300, m = 40;
    Mat *X = mat_new(n, m, NULL);
    for (size_t i = 0; i < n; i++) /* decaying spectrum */
        for (size_t j = 0; j < m; j++) MAT_AT(X, i, j) = (float)(rng_normal(&r) * exp(-0.1 * (double)j) + 3);
    Pca *a, *b;
    Err e;
    ok(pca_fit(X, 10, PCA_EXACT, 1, 0, -1, &r, &a, &e) == 0 && pca_fit(X, 10, PCA_RANDOMIZED, 1, 0, -1, &r, &b, &e) == 0,
       "exact and randomized fits");
    Mat *CC = blas_matmul(a->components, 0, a->components, 1, &e);
    double off = 0;
    for (size_t i = 0; i < 10; i++)
        for (size_t j = 0; j < 10; j++) off = fmax(off, fabs(MAT_AT(CC, i, j) - (i == j)));
    ok(off < 1e-4, "components are orthonormal (err %.2g)", off);
    double d = 0;
    for (size_t c = 0; c < 10; c++) d = fmax(d, fabs(a->singular->data[c] - b->singular->data[c]) / a->singular->data[c]);
    ok(d < 1e-3, "randomized singular values within 0.1%% of exact (%.2g)", d);
    int desc = 1;
    for (size_t c = 1; c < 10; c++) desc &= a->singular->data[c] <= a->singular->data[c - 1];
    ok(desc, "singular values descend");
    Pca *s;
    ok(pca_fit(X, 3, PCA_EXACT, 0, 0, -1, &r, &s, &e) == 0 && s->mean->data[0] == 0 && s->singular->data[0] > a->singular->data[0],
       "svd (no centring) keeps the mean in the first singular value");
    Pca *bad;
    ok(pca_fit(X, 50, PCA_EXACT, 1, 0, -1, &r, &bad, &e) < 0 &&
           strcmp(e.msg, "pca: k must be between 1 and 40 for a 300x40 matrix, got 50") == 0,
       "k too large: %s", e.msg);
    mat_free(CC);
    pca_free(a);
    pca_free(b);
    pca_free(s);
    mat_free(X);
}

static void test_lda(void)
{
    /* two classes that differ along y only, with a large spread along x */
    Rng r;
    rng_seed(&r, 3);
    size_t n = 200;
    Mat *X = mat_new(n, 3, NULL);
    mat_ensure_labels(X, NULL);
    X->n_classes = 2;
    for (size_t i = 0; i < n; i++) {
        int c = i % 2;
        X->labels[i] = c;
        MAT_AT(X, i, 0) = (float)(rng_normal(&r) * 10);
        MAT_AT(X, i, 1) = (float)(rng_normal(&r) * 0.3 + (c ? 2 : 0));
        MAT_AT(X, i, 2) = (float)(rng_normal(&r));
    }
    Mat *S, *C, *R;
    Err e;
    ok(lda_fit(X, 1, &S, &C, &R, &e) == 0, "lda fit");
    ok(fabs(MAT_AT(C, 0, 1)) > 0.9 * sqrt(MAT_AT(C, 0, 0) * MAT_AT(C, 0, 0) + MAT_AT(C, 0, 1) * MAT_AT(C, 0, 1) +
                                           MAT_AT(C, 0, 2) * MAT_AT(C, 0, 2)),
       "the discriminant points along y, not the high-variance x");
    double max0 = -1e9, min1 = 1e9, min0 = 1e9, max1 = -1e9;
    for (size_t i = 0; i < n; i++) {
        double s = S->data[i];
        if (X->labels[i] == 0) max0 = fmax(max0, s), min0 = fmin(min0, s);
        else min1 = fmin(min1, s), max1 = fmax(max1, s);
    }
    ok(max0 < min1 || max1 < min0, "the two classes are separated on the discriminant");
    mat_free(S);
    mat_free(C);
    mat_free(R);
    ok(lda_fit(X, 2, &S, &C, &R, &e) < 0 && strcmp(e.msg, "lda: k must be between 1 and 1 (classes - 1), got 2") == 0,
       "k above classes - 1");
    X->labels[5] = 2;
    X->n_classes = 3;
    ok(lda_fit(X, 1, &S, &C, &R, &e) < 0 && strcmp(e.msg, "lda: class '2' has only one row (each class needs at least 2)") == 0,
       "a class with one row: %s", e.msg);
    free(X->labels);
    X->labels = NULL;
    ok(lda_fit(X, 1, &S, &C, &R, &e) < 0 && strstr(e.msg, "lda: X has no class labels"), "no labels");
    mat_free(X);
}

static void test_mds(void)
{
    static const float pts[] = {0, 0, 3, 0, 0, 4, 3, 4, 1, 1};
    Mat *X = from(5, 2, pts), *S, *E;
    Err e;
    ok(mds_fit(X, 2, &S, &E, &e) == 0, "mds fit");
    double worst = 0;
    for (int i = 0; i < 5; i++)
        for (int j = 0; j < 5; j++) {
            double dx = pts[2 * i] - pts[2 * j], dy = pts[2 * i + 1] - pts[2 * j + 1];
            double ex = MAT_AT(S, i, 0) - MAT_AT(S, j, 0), ey = MAT_AT(S, i, 1) - MAT_AT(S, j, 1);
            worst = fmax(worst, fabs(sqrt(dx * dx + dy * dy) - sqrt(ex * ex + ey * ey)));
        }
    ok(worst < 1e-4, "2-D MDS of 2-D points keeps every distance (err %.2g)", worst);
    mat_free(S);
    mat_free(E);
    mat_free(X);
}

int main(void)
{
    test_known(PCA_EXACT, "exact");
    test_known(PCA_RANDOMIZED, "randomized");
    test_random();
    test_lda();
    test_mds();
    return done_testing();
}
