/* The learned-code models end to end (src/train/nnmodel.h, nnfit.h,
 * src/nn/dvm.h): a tiny autoencoder reconstructs 4-D data lying on a
 * plane; a classifier and a triplet embedding separate synthetic classes;
 * the same seed gives the same weights again at 1 and at 2 threads; save -> load
 * gives the same outputs bit for bit; damaged files are refused with one
 * clear message each; a stop request keeps a usable model. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "core/blas.h"
#include "core/rng.h"
#include "nn/dvm.h"
#include "train/nnfit.h"
#include "train/nnmodel.h"
#include "tests/tap.h"

static char tmpdir[] = "/tmp/dv-nn-XXXXXX";

/* n rows of 4 values on a 2-D plane through the origin, plus a little noise */
static Mat *plane(size_t n, Rng *r)
{
    Err e;
    Mat *X = mat_new(n, 4, &e);
    for (size_t i = 0; i < n; i++) {
        double a = rng_normal(r), b = rng_normal(r);
        float *x = MAT_ROW(X, i);
        x[0] = (float)(a + 0.5 * b);
        x[1] = (float)(-a + b);
        x[2] = (float)(0.3 * a - 0.8 * b);
        x[3] = (float)(a + b);
        for (int j = 0; j < 4; j++)
            x[j] += (float)(0.01 * rng_normal(r));
    }
    return X;
}

/* k Gaussian blobs in d dimensions, labelled, n rows each */
static Mat *blobs(size_t k, size_t n, size_t d, double spread, Rng *r)
{
    Err e;
    Mat *X = mat_new(k * n, d, &e);
    mat_ensure_labels(X, &e);
    double *centre = malloc(k * d * sizeof *centre);
    for (size_t i = 0; i < k * d; i++)
        centre[i] = 4 * rng_normal(r);
    for (size_t i = 0; i < k * n; i++) {
        size_t c = i % k;
        X->labels[i] = (int)c;
        for (size_t j = 0; j < d; j++)
            MAT_AT(X, i, j) = (float)(centre[c * d + j] + spread * rng_normal(r));
    }
    X->n_classes = k;
    free(centre);
    return X;
}

static int build(NnModel *m, const NnmSpec *s, const Mat *X, size_t classes, uint64_t seed)
{
    Err e;
    Rng r;
    rng_seed(&r, seed);
    int rc = nnm_build(m, s, (NnShape){1, 1, X->cols}, 0, classes, &r, &e);
    if (rc < 0) printf("# build: %s\n", e.msg);
    return rc;
}

static int fit(NnModel *m, const Mat *X, int epochs, int batch, double val, int threads,
               uint64_t seed)
{
    Err e;
    NnFitOpts o;
    nnfit_default_opts(&o);
    o.epochs = epochs;
    o.batch = batch;
    o.lr = 0.01f;
    o.validation = val;
    o.threads = threads;
    o.seed = seed;
    NnFitResult r;
    int rc = nnm_fit(m, X, X->labels, &o, &r, &e);
    if (rc < 0) printf("# fit: %s\n", e.msg);
    return rc;
}

static double mse(const Mat *A, const Mat *B)
{
    double s = 0;
    for (size_t i = 0; i < A->rows * A->cols; i++)
        s += ((double)A->data[i] - B->data[i]) * (A->data[i] - B->data[i]);
    return s / (double)(A->rows * A->cols);
}

static void test_autoencoder(void)
{
    Rng r;
    rng_seed(&r, 1);
    Mat *X = plane(400, &r);
    long w[] = {16, 2};
    NnmSpec s = {.kind = NNM_AUTOENCODER, .widths = w, .nwidths = 2, .act = NN_ACT_TANH};
    NnModel m;
    Err e;
    ok(build(&m, &s, X, 0, 7) == 0 && fit(&m, X, 200, 32, 0.1, 1, 7) == 0,
       "a 4-16-2-16-4 autoencoder trains");
    Mat *Z = nnm_encode(&m, X, &e), *R = Z ? nnm_decode(&m, Z, &e) : NULL;
    double var = 0;
    for (size_t i = 0; i < 1600; i++)
        var += (double)X->data[i] * X->data[i];
    var /= 1600;
    double err = R ? mse(R, X) : INFINITY;
    ok(Z && Z->cols == 2 && R && R->cols == 4 && err < 0.01 * var,
       "it reconstructs 4-D data on a plane through a 2-D code (mse %.5f, data variance %.3f)", err,
       var);
    ok(m.epochs == 200 && m.loss_val[199] < m.loss_val[0] && !isnan(m.loss_val[0]),
       "the validation loss is recorded each epoch and falls (%.4f -> %.4f)", m.loss_val[0],
       m.loss_val[199]);
    mat_free(Z);
    mat_free(R);
    nnm_free(&m);
    mat_free(X);
}

static double knn1_accuracy(const Mat *Y, const int *labels)
{
    size_t ok_ = 0;
    for (size_t i = 0; i < Y->rows; i++) {
        double best = INFINITY;
        size_t bj = 0;
        for (size_t j = 0; j < Y->rows; j++) {
            if (j == i) continue;
            double d = 0;
            for (size_t k = 0; k < Y->cols; k++)
                d += pow(MAT_AT(Y, i, k) - MAT_AT(Y, j, k), 2);
            if (d < best) best = d, bj = j;
        }
        ok_ += labels[bj] == labels[i];
    }
    return (double)ok_ / (double)Y->rows;
}

static void test_classifier_triplet(void)
{
    Err e;
    Rng r;
    rng_seed(&r, 2);
    Mat *X = blobs(4, 60, 10, 1.0, &r);
    long w[] = {16};
    NnmSpec s = {.kind = NNM_CLASSIFIER, .widths = w, .nwidths = 1, .act = NN_ACT_RELU};
    NnModel m;
    ok(build(&m, &s, X, 4, 3) == 0 && fit(&m, X, 30, 16, 0, 1, 3) == 0,
       "an MLP classifier trains on 4 blobs");
    Mat *P = nnm_predict_proba(&m, X, &e);
    size_t right = 0;
    for (size_t i = 0; P && i < X->rows; i++) {
        size_t best = 0;
        for (size_t j = 1; j < 4; j++)
            if (MAT_AT(P, i, j) > MAT_AT(P, i, best)) best = j;
        right += (int)best == X->labels[i];
    }
    ok(P && right == X->rows, "it classifies every row (%zu/%zu)", right, X->rows);
    Mat *F = nnm_features(&m, X, -2, &e);
    ok(F && F->cols == 16 && F->rows == X->rows && F->labels && F->labels[5] == X->labels[5],
       "features(layer=-2) are the hidden layer's 16 values, with X's labels");
    mat_free(F);
    F = nnm_features(&m, X, 5, &e);
    ok(!F &&
           strcmp(e.msg,
                  "features: layer 5 is not one of the 2 layers (0..1, or -1..-2 from the end)") ==
               0,
       "a layer out of range: %s", e.msg);
    mat_free(P);
    nnm_free(&m);

    /* triplet: blobs close together in 10-D, a 2-D embedding keeps them apart */
    Mat *Y = blobs(5, 40, 10, 2.5, &r);
    NnmSpec t = {.kind = NNM_TRIPLET,
                 .widths = (long[]){32},
                 .nwidths = 1,
                 .act = NN_ACT_RELU,
                 .dims = 2,
                 .margin = 0.2f,
                 .mining = NNM_MINE_SEMIHARD};
    ok(build(&m, &t, Y, 0, 4) == 0 && fit(&m, Y, 40, 40, 0, 1, 4) == 0,
       "a triplet embedding trains on 5 blobs");
    Mat *E = nnm_encode(&m, Y, &e);
    double norm_err = 0;
    for (size_t i = 0; E && i < E->rows; i++)
        norm_err = fmax(norm_err, fabs(hypot(MAT_AT(E, i, 0), MAT_AT(E, i, 1)) - 1));
    double acc = E ? knn1_accuracy(E, Y->labels) : 0, raw = knn1_accuracy(Y, Y->labels);
    ok(E && norm_err < 1e-5 && acc > 0.9 && acc >= raw - 0.02,
       "its 2-D embedding lies on the unit circle and keeps the classes apart (1-NN %.3f; raw 10-D "
       "%.3f)",
       acc, raw);
    mat_free(E);
    nnm_free(&m);
    mat_free(Y);
    mat_free(X);
}

/* Weights after training from a seed at a thread count. */
static float *weights(NnmKind kind, int threads, uint64_t seed, size_t *n)
{
    Rng r;
    rng_seed(&r, 9);
    Err e;
    Mat *X = blobs(3, 100, 36, 1.0, &r);
    X->img_h = X->img_w = 6;
    X->img_c = 1;
    NnModel m;
    NnmSpec s = {.kind = kind, .widths = (long[]){64, 32, 2}, .nwidths = 3, .act = NN_ACT_RELU};
    if (kind == NNM_CLASSIFIER) s.net = "conv(4,3) pool(2) dense(16) dropout(0.2)";
    Rng ir;
    rng_seed(&ir, seed);
    if (nnm_build(&m, &s, (NnShape){6, 6, 1}, 1, 3, &ir, &e) < 0 ||
        fit(&m, X, 3, 32, 0.2, threads, seed) < 0) {
        mat_free(X);
        return NULL;
    }
    float *w = malloc(m.P.total * sizeof *w);
    memcpy(w, m.P.data, m.P.total * sizeof *w);
    *n = m.P.total;
    nnm_free(&m);
    mat_free(X);
    return w;
}

static void test_determinism(void)
{
    NnmKind kinds[] = {NNM_AUTOENCODER, NNM_CLASSIFIER};
    for (int k = 0; k < 2; k++) {
        for (int th = 1; th <= 2; th++) {
            size_t n1 = 0, n2 = 0, n3 = 0;
            float *a = weights(kinds[k], th, 5, &n1), *b = weights(kinds[k], th, 5, &n2),
                  *c = weights(kinds[k], th, 6, &n3);
            ok(a && b && c && n1 == n2 && memcmp(a, b, n1 * sizeof *a) == 0,
               "%s: the same seed gives the same weights again at %d thread%s",
               nnm_kind_name(kinds[k]), th, th > 1 ? "s" : "");
            ok(a && c && memcmp(a, c, n1 * sizeof *a) != 0, "%s: another seed, other weights",
               nnm_kind_name(kinds[k]));
            free(a);
            free(b);
            free(c);
        }
    }
}

/* ---- files ------------------------------------------------------------- */

static int same_mat(const Mat *a, const Mat *b)
{
    return a && b && a->rows == b->rows && a->cols == b->cols &&
           memcmp(a->data, b->data, a->rows * a->cols * sizeof(float)) == 0;
}

static char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = malloc((size_t)len + 1);
    *n = fread(b, 1, (size_t)len, f);
    fclose(f);
    return b;
}

static void spit(const char *path, const char *b, size_t n)
{
    FILE *f = fopen(path, "wb");
    fwrite(b, 1, n, f);
    fclose(f);
}

static void test_files(void)
{
    Err e;
    Rng r;
    rng_seed(&r, 3);
    Mat *X = blobs(3, 30, 8, 1.0, &r);
    char path[256], bad[256];
    snprintf(path, sizeof path, "%s/m.dvm", tmpdir);
    snprintf(bad, sizeof bad, "%s/bad.dvm", tmpdir);
    NnmKind kinds[] = {NNM_AUTOENCODER, NNM_VAE, NNM_CLASSIFIER, NNM_TRIPLET};
    for (int k = 0; k < 4; k++) {
        NnmSpec s = {.kind = kinds[k],
                     .widths = (long[]){12, 3},
                     .nwidths = 2,
                     .act = NN_ACT_LEAKY,
                     .slope = 0.1f,
                     .loss = NNM_LOSS_MSE,
                     .latent = 2,
                     .dims = 3,
                     .margin = 0.3f,
                     .mining = NNM_MINE_HARD};
        NnModel m, l;
        int ok1 = build(&m, &s, X, 3, 11) == 0 && fit(&m, X, 2, 16, 0.2, 1, 11) == 0;
        if (kinds[k] == NNM_CLASSIFIER) {
            m.class_names = calloc(3, sizeof *m.class_names);
            for (int c = 0; c < 3; c++)
                m.class_names[c] = strdup((const char *[]){"ant", "bee", "cat"}[c]);
        }
        err_clear(&e);
        int ok2 = ok1 && nnm_save(&m, path, &e) == 0 && nnm_load(&l, path, &e) == 0;
        int same = 0;
        if (ok2) {
            Mat *a, *b;
            if (kinds[k] == NNM_CLASSIFIER) {
                a = nnm_predict_proba(&m, X, &e);
                b = nnm_predict_proba(&l, X, &e);
                same = same_mat(a, b) && l.class_names && strcmp(l.class_names[2], "cat") == 0 &&
                       strcmp(b->col_names[1], "bee") == 0;
            } else {
                a = nnm_encode(&m, X, &e);
                b = nnm_encode(&l, X, &e);
                same = same_mat(a, b);
                if (same && m.has_dec) {
                    Mat *c = nnm_decode(&m, a, &e), *d = nnm_decode(&l, b, &e);
                    same = same_mat(c, d);
                    mat_free(c);
                    mat_free(d);
                }
            }
            same = same && l.epochs == 2 && l.loss_train[1] == m.loss_train[1] &&
                   l.scale == m.scale && l.enc.spec.l[0].slope == 0.1f;
            if (kinds[k] == NNM_TRIPLET)
                same = same && l.margin == m.margin && l.mining == m.mining;
            mat_free(a);
            mat_free(b);
            nnm_free(&l);
        }
        ok(ok2 && same, "%s: save -> load gives the same outputs bit for bit%s%s",
           nnm_kind_name(kinds[k]), ok2 ? "" : ": ", ok2 ? "" : e.msg);
        nnm_free(&m);
    }
    mat_free(X);

    /* damaged files: the last one saved is a triplet model */
    size_t n = 0;
    char *b = slurp(path, &n);
    /* the first value of the first tensor: after the magic, version, the
     * description, the count, the tensor's name and shape */
    size_t first = 0;
    if (b && n > 20) {
        uint32_t ml, nl, nd;
        memcpy(&ml, b + 12, 4);
        memcpy(&nl, b + 16 + ml + 4, 4);
        memcpy(&nd, b + 16 + ml + 8 + nl, 4);
        first = 16 + ml + 8 + nl + 4 + 4 * nd;
    }
    struct {
        const char *what;
        size_t len;
        long flip; /* byte to change, or -1 */
        const char *append;
        const char *want;
    } cases[] = {
        {"empty", 0, -1, NULL, "empty file, not a dv model"},
        {"cut in the magic", 5, -1, NULL,
         "truncated model file (5 bytes; it ends inside the magic number)"},
        {"cut in the description", 30, -1, NULL,
         "truncated model file (30 bytes; it ends inside the description)"},
        {"cut in the weights", n - 40, -1, NULL, NULL},
        {"cut before the checksum", n - 4, -1, NULL, NULL},
        {"a weight altered", n, (long)first + 2, NULL,
         "checksum mismatch: the model file is damaged or was altered"},
        {"the description altered", n, 20, NULL,
         "checksum mismatch: the model file is damaged or was altered"},
        {"bytes after the end", n, -1, "xyz", "damaged model file (3 bytes after the checksum)"},
        {"another version", n, 8, NULL, "model file version 2; this dv reads version 1"},
        {"a CSV file", 0, -1, "a,b\n1,2\n", "not a dv model file (no .dvm magic number)"},
    };
    for (size_t i = 0; b && i < sizeof cases / sizeof *cases; i++) {
        char *c = malloc(n + 16);
        memcpy(c, b, n);
        size_t len = cases[i].len;
        if (cases[i].flip >= 0) c[cases[i].flip] ^= (cases[i].flip == 8 ? 3 : 0x40);
        if (cases[i].append) {
            memcpy(c + len, cases[i].append, strlen(cases[i].append));
            len += strlen(cases[i].append);
        }
        spit(bad, c, len);
        NnModel l;
        err_clear(&e);
        int rc = nnm_load(&l, bad, &e);
        char want[512];
        if (cases[i].want)
            snprintf(want, sizeof want, "%s: %s", bad, cases[i].want);
        else
            snprintf(want, sizeof want, "%s: truncated model file (%zu bytes; it ends inside the",
                     bad, len);
        ok(rc < 0 && strncmp(e.msg, want, strlen(want)) == 0, "%s: refused (%s)", cases[i].what,
           e.msg);
        if (rc == 0) nnm_free(&l);
        free(c);
    }
    free(b);
    unlink(bad);
    unlink(path);
}

/* A hook that asks to stop at the 5th report. */
static int stop_at_5(void *user, const ProgressInfo *in)
{
    int *calls = user;
    return ++*calls >= 5;
}

static void test_stop(void)
{
    Err e;
    Rng r;
    rng_seed(&r, 4);
    Mat *X = blobs(2, 2000, 20, 1.0, &r);
    NnModel m;
    NnmSpec s = {
        .kind = NNM_AUTOENCODER, .widths = (long[]){8, 2}, .nwidths = 2, .act = NN_ACT_RELU};
    int calls = 0;
    Progress p = {stop_at_5, &calls};
    NnFitOpts o;
    nnfit_default_opts(&o);
    o.epochs = 1000;
    o.batch = 1;
    o.progress = &p;
    NnFitResult res;
    int rc = build(&m, &s, X, 0, 1);
    /* reports come at most every 0.1 s: five of them stop a run of 1000 epochs early */
    rc = rc == 0 ? nnm_fit(&m, X, NULL, &o, &res, &e) : -1;
    Mat *Z = rc == 0 ? nnm_encode(&m, X, &e) : NULL;
    ok(rc == 0 && m.stopped && m.epochs < 1000 && calls == 5 && Z,
       "a stop request ends training with a usable model");
    mat_free(Z);
    nnm_free(&m);
    mat_free(X);
}

int main(void)
{
    if (!mkdtemp(tmpdir)) return 99;
    test_autoencoder();
    test_classifier_triplet();
    test_determinism();
    test_files();
    test_stop();
    rmdir(tmpdir);
    return done_testing();
}
