/* Unit tests for PCA, SVD, LDA and MDS against numbers computed by hand or,
 * once, by numpy (stored here as numbers). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/blas.h"
#include "core/rng.h"
#include "reduce/lda.h"
#include "reduce/mds.h"
#include "reduce/pca.h"
#include "reduce/pca_impl.h"
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

/* A 120 x 30 matrix with a flat tail in its spectrum, from a formula numpy
 * reproduces: x_ij = 5 + sin(0.37 i (j+1)) + (j mod 7) cos(0.11 i)
 * + 0.5 sin(1.3 (i+1) (j+2)), stored as float32. */
static Mat *formula(size_t n, size_t m, int transpose, float offset)
{
    Mat *X = mat_new(transpose ? m : n, transpose ? n : m, NULL);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < m; j++) {
            double v = 5 + sin(0.37 * (double)i * (double)(j + 1)) + (double)(j % 7) * cos(0.11 * (double)i) +
                       0.5 * sin(1.3 * (double)(i + 1) * (double)(j + 2));
            float f = (float)v + offset;
            if (transpose) MAT_AT(X, j, i) = f;
            else MAT_AT(X, i, j) = f;
        }
    return X;
}

/* numpy.linalg.svd in float64 of the float32 matrices above */
static const double sv_centred[] = {150.8720041265, 16.2526405975, 14.3064897914, 14.0556343663, 13.8847787556};
static const double sv_raw[] = {334.443125881, 79.4142333444, 16.0178303184, 14.2974800589, 14.0220598607};
static const double sv_t_centred[] = {88.2589734178, 16.0178407279, 14.2978058543, 14.0221146845, 13.8828332518};
static const double tss_centred = 24857.5490443128;

static double worst_rel(const Pca *p, const double *ref, size_t k)
{
    double w = 0;
    for (size_t c = 0; c < k; c++) w = fmax(w, fabs(p->singular->data[c] - ref[c]) / ref[c]);
    return w;
}

static double orth_err(const Mat *C)
{
    double w = 0;
    for (size_t a = 0; a < C->rows; a++)
        for (size_t b = 0; b < C->rows; b++) {
            double d = 0;
            for (size_t j = 0; j < C->cols; j++) d += (double)MAT_AT(C, a, j) * MAT_AT(C, b, j);
            w = fmax(w, fabs(d - (a == b)));
        }
    return w;
}

/* scores == (X - mean) components^T, checked directly */
static double scores_err(const Pca *p, const Mat *X)
{
    double w = 0, scale = p->singular->data[0];
    for (size_t i = 0; i < X->rows; i++)
        for (size_t c = 0; c < p->k; c++) {
            double d = 0;
            for (size_t j = 0; j < X->cols; j++)
                d += ((double)MAT_AT(X, i, j) - p->mean->data[j]) * MAT_AT(p->components, c, j);
            w = fmax(w, fabs(d - MAT_AT(p->scores, i, c)) / scale);
        }
    return w;
}

static void test_solvers(void)
{
    static const struct {
        PcaMethod method;
        PcaSolver solver;
        const char *name;
        double tol;
    } runs[] = {{PCA_EXACT, PCA_SOLVER_AUTO, "exact", 1e-6},
                {PCA_RANDOMIZED, PCA_SOLVER_GRAM, "randomized on the Gram matrix", 1e-4},
                {PCA_RANDOMIZED, PCA_SOLVER_DIRECT, "randomized from X", 1e-4}};
    Mat *X = formula(120, 30, 0, 0), *Xt = formula(120, 30, 1, 0), *Xo = formula(120, 30, 0, 1000);
    for (size_t r = 0; r < sizeof runs / sizeof *runs; r++) {
        PcaOpts o = PCA_OPTS_DEFAULT;
        o.method = runs[r].method;
        o.solver = runs[r].solver;
        o.tol = 1e-6; /* iterate to float precision; the default is checked below */
        Rng rng;
        rng_seed(&rng, 11);
        Pca *p = NULL, *t = NULL, *u = NULL, *f = NULL;
        Err e;
        size_t k = 3;
        ok(pca_fit_opts(X, k, &o, &rng, &p, &e) == 0, "%s: fit a tall 120x30 matrix", runs[r].name);
        ok(worst_rel(p, sv_centred, k) < runs[r].tol, "%s: singular values match numpy (rel err %.2g)", runs[r].name,
           worst_rel(p, sv_centred, k));
        is_near(p->total_ss, tss_centred, 1e-6 * tss_centred, "%s: total sum of squares", runs[r].name);
        ok(orth_err(p->components) < 1e-4, "%s: orthonormal components (%.2g)", runs[r].name, orth_err(p->components));
        ok(scores_err(p, X) < 1e-5, "%s: scores are the centred rows on the components (%.2g)", runs[r].name,
           scores_err(p, X));
        ok(strcmp(p->solver, runs[r].method == PCA_EXACT ? "gram-exact"
                             : runs[r].solver == PCA_SOLVER_GRAM ? "gram-randomized" : "randomized") == 0,
           "%s: solver %s", runs[r].name, p->solver);
        int fitted = pca_fit_opts(Xt, k, &o, &rng, &t, &e) == 0;
        ok(fitted && worst_rel(t, sv_t_centred, k) < runs[r].tol && orth_err(t->components) < 1e-4 &&
               scores_err(t, Xt) < 1e-5,
           "%s: a wide 30x120 matrix (rel err %.2g, orth %.2g, scores %.2g)", runs[r].name,
           fitted ? worst_rel(t, sv_t_centred, k) : -1, fitted ? orth_err(t->components) : -1,
           fitted ? scores_err(t, Xt) : -1);
        o.center = 0;
        fitted = pca_fit_opts(X, k, &o, &rng, &u, &e) == 0;
        ok(fitted && worst_rel(u, sv_raw, k) < runs[r].tol && u->mean->data[0] == 0,
           "%s: without centring, the SVD of X (rel err %.2g)", runs[r].name, fitted ? worst_rel(u, sv_raw, k) : -1);
        o.center = 1;
        /* 1000 added to every value: the centred problem is the same (up to
         * float rounding of the data, 6e-5 at 1000) */
        fitted = pca_fit_opts(Xo, k, &o, &rng, &f, &e) == 0;
        ok(fitted && worst_rel(f, sv_centred, k) < 1e-4 && fabs(f->mean->data[0] - 1000 - p->mean->data[0]) < 1e-3,
           "%s: an offset of 1000 does not cancel the variance away (rel err %.2g)", runs[r].name,
           fitted ? worst_rel(f, sv_centred, k) : -1);
        pca_free(p);
        pca_free(t);
        pca_free(u);
        pca_free(f);
        o.tol = 0;
        fitted = pca_fit_opts(X, k, &o, &rng, &p, &e) == 0;
        ok(fitted && worst_rel(p, sv_centred, k) < 1e-2, "%s: default tolerance, within 1%% (rel err %.2g, %d iterations)",
           runs[r].name, fitted ? worst_rel(p, sv_centred, k) : -1, fitted ? p->iterations : -1);
        pca_free(p);
    }
    mat_free(X);
    mat_free(Xt);
    mat_free(Xo);
}

static int stop_now(void *user, const ProgressInfo *info)
{
    (*(int *)user)++;
    return strcmp(info->task, "pca") == 0;
}

static void test_options(void)
{
    Mat *X = formula(120, 30, 0, 0);
    Rng rng;
    rng_seed(&rng, 5);
    Err e;
    PcaOpts o = PCA_OPTS_DEFAULT;
    o.method = PCA_RANDOMIZED;
    o.solver = PCA_SOLVER_DIRECT;
    int calls = 0;
    Progress pr = {stop_now, &calls};
    o.progress = &pr;
    Pca *p = NULL;
    ok(pca_fit_opts(X, 3, &o, &rng, &p, &e) == 0 && p->stopped == 1 && p->iterations == 0 && calls == 1 &&
           orth_err(p->components) < 1e-4 && p->singular->data[2] > 0 && p->singular->data[0] <= sv_centred[0] * 1.0001,
       "a stop request keeps the first estimate (orthonormal, singular values from below)");
    pca_free(p);
    o.progress = NULL;
    o.power = 2;
    ok(pca_fit_opts(X, 3, &o, &rng, &p, &e) == 0 && p->iterations == 2 && !p->stopped, "power = 2 runs 2 iterations");
    pca_free(p);
    o = (PcaOpts)PCA_OPTS_DEFAULT;
    o.whiten = 1;
    ok(pca_fit_opts(X, 3, &o, &rng, &p, &e) == 0, "whitened fit");
    double worst = 0;
    for (size_t c = 0; c < 3; c++) {
        double s = 0, q = 0;
        for (size_t i = 0; i < 120; i++) s += MAT_AT(p->scores, i, c), q += MAT_AT(p->scores, i, c) * MAT_AT(p->scores, i, c);
        worst = fmax(worst, fabs((q - s * s / 120) / 119 - 1));
    }
    ok(worst < 1e-4, "whitened scores have unit variance (err %.2g)", worst);
    Mat *S = pca_project(p, X, 0, &e);
    double d = 0;
    for (size_t i = 0; i < 360; i++) d = fmax(d, fabs(S->data[i] - p->scores->data[i]));
    ok(d < 1e-4, "project on a whitened model whitens too");
    mat_free(S);
    Mat *bad = mat_new(3, 31, NULL);
    ok(!pca_project(p, bad, 0, &e) && strcmp(e.msg, "project: X has 31 columns, the model was fitted on 30") == 0,
       "project: %s", e.msg);
    ok(!pca_reconstruct(p, X, 4, &e) && strcmp(e.msg, "reconstruct: k must be between 1 and 3, got 4") == 0,
       "reconstruct: %s", e.msg);
    mat_free(bad);
    pca_free(p);
    /* missing values, found by every solver */
    MAT_AT(X, 5, 7) = NAN;
    static const PcaSolver solvers[] = {PCA_SOLVER_AUTO, PCA_SOLVER_GRAM, PCA_SOLVER_DIRECT};
    for (int r = 0; r < 3; r++) {
        o = (PcaOpts)PCA_OPTS_DEFAULT;
        o.method = r ? PCA_RANDOMIZED : PCA_EXACT;
        o.solver = solvers[r];
        ok(pca_fit_opts(X, 2, &o, &rng, &p, &e) < 0 &&
               strcmp(e.msg, "pca: X has a missing or infinite value at row 5, column 7") == 0,
           "NaN (solver %d): %s", r, e.msg);
    }
    MAT_AT(X, 5, 7) = INFINITY;
    o.center = 0;
    ok(pca_fit_opts(X, 2, &o, &rng, &p, &e) < 0 && strcmp(e.msg, "svd: X has a missing or infinite value at row 5, column 7") == 0,
       "infinity without centring: %s", e.msg);
    Mat *one = mat_new(1, 4, NULL);
    ok(pca_fit(one, 1, PCA_AUTO, 1, 0, -1, &rng, &p, &e) < 0 && strcmp(e.msg, "pca: needs at least 2 rows, got a 1x4 matrix") == 0,
       "one row: %s", e.msg);
    mat_free(one);
    mat_free(X);
    /* which solver the randomized method picks (pca_impl.h) */
    ok(rsvd_pick(400, 10304, 50) == PCA_SOLVER_GRAM && rsvd_pick(10000, 784, 50) == PCA_SOLVER_GRAM &&
           rsvd_pick(10000, 784, 2) == PCA_SOLVER_DIRECT && rsvd_pick(100000, 9000, 100) == PCA_SOLVER_DIRECT,
       "solver by cost: Gram matrix for faces and MNIST k = 50, direct for MNIST k = 2 and sides over 8192");
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
    /* the same points with 6 zero columns: rows <= columns, so the squared
     * distances are double-centred (B = -1/2 J D^2 J) and eigen-decomposed;
     * the coordinates equal the ones found through the smaller side */
    Mat *W = mat_new(5, 8, NULL), *S2, *E2;
    for (int i = 0; i < 5; i++) MAT_AT(W, i, 0) = pts[2 * i], MAT_AT(W, i, 1) = pts[2 * i + 1];
    X = from(5, 2, pts);
    ok(mds_fit(X, 2, &S, &E, &e) == 0 && mds_fit(W, 2, &S2, &E2, &e) == 0, "mds of tall and wide forms");
    double d = 0;
    for (int i = 0; i < 10; i++) d = fmax(d, fabs(S->data[i] - S2->data[i]));
    ok(d < 1e-4 && fabs(E->data[0] - E2->data[0]) < 1e-3 * E->data[0],
       "distance matrix and Gram identity give the same map (err %.2g), eigenvalues %g and %g", d, E->data[0],
       E2->data[0]);
    mat_free(S);
    mat_free(E);
    mat_free(S2);
    mat_free(E2);
    ok(mds_fit(X, 3, &S, &E, &e) < 0 && strcmp(e.msg, "mds: k must be between 1 and 2, got 3") == 0, "mds k: %s", e.msg);
    mat_free(X);
    mat_free(W);
}

int main(void)
{
    test_known(PCA_EXACT, "exact");
    test_known(PCA_RANDOMIZED, "randomized");
    test_random();
    test_solvers();
    test_options();
    test_lda();
    test_mds();
    return done_testing();
}
