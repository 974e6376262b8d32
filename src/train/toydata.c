/* toydata.c — rings, moons, blobs and mode coverage (toydata.h). */
#include "train/toydata.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* An n x d matrix with labels, rows taking modes 0..k-1 in turn. */
static Mat *labelled(size_t n, size_t d, size_t k, Err *e)
{
    Mat *X = mat_new(n, d, e);
    if (!X) return NULL;
    if (mat_ensure_labels(X, e) < 0) {
        mat_free(X);
        return NULL;
    }
    for (size_t i = 0; i < n; i++)
        X->labels[i] = (int)(i % k);
    X->n_classes = k;
    return X;
}

Mat *toy_rings(size_t n, size_t k, double radius, double std, Rng *r, Err *e)
{
    Mat *X = labelled(n, 2, k, e);
    if (!X) return NULL;
    for (size_t i = 0; i < n; i++) {
        double a = 2 * M_PI * (double)(i % k) / (double)k;
        MAT_AT(X, i, 0) = (float)(radius * cos(a) + std * rng_normal(r));
        MAT_AT(X, i, 1) = (float)(radius * sin(a) + std * rng_normal(r));
    }
    return X;
}

Mat *toy_moons(size_t n, double noise, Rng *r, Err *e)
{
    Mat *X = labelled(n, 2, 2, e);
    if (!X) return NULL;
    size_t n0 = (n + 1) / 2, n1 = n / 2; /* rows of mode 0 (the upper moon) and 1 */
    for (size_t i = 0; i < n; i++) {
        size_t j = i / 2, m = i % 2 ? n1 : n0;
        double t = m > 1 ? M_PI * (double)j / (double)(m - 1) : 0;
        double x = i % 2 ? 1 - cos(t) : cos(t), y = i % 2 ? 0.5 - sin(t) : sin(t);
        MAT_AT(X, i, 0) = (float)(x + noise * rng_normal(r));
        MAT_AT(X, i, 1) = (float)(y + noise * rng_normal(r));
    }
    return X;
}

Mat *toy_blobs(size_t n, size_t k, size_t dims, double std, double box, Rng *r, Err *e)
{
    float *c = malloc(k * dims * sizeof *c);
    if (!c) return err_nomem(e, k * dims * sizeof *c, "blobs"), NULL;
    for (size_t i = 0; i < k * dims; i++)
        c[i] = (float)(box * (2 * rng_uniform(r) - 1));
    Mat *X = labelled(n, dims, k, e);
    for (size_t i = 0; X && i < n; i++)
        for (size_t j = 0; j < dims; j++)
            MAT_AT(X, i, j) = (float)(c[(i % k) * dims + j] + std * rng_normal(r));
    free(c);
    return X;
}

void toy_modes_free(ToyModes *m)
{
    free(m->counts);
    free(m->classes);
    free(m->centres);
    free(m->sigma);
    memset(m, 0, sizeof *m);
}

int toy_modes(const Mat *S, const Mat *X, double within, ToyModes *out, const char *f, Err *e)
{
    memset(out, 0, sizeof *out);
    if (!X->labels) return err_about(e, "X", "%s: X has no labels to tell its modes apart", f);
    if (S->cols != X->cols)
        return err_about(e, "S", "%s: the samples have %zu columns, X has %zu", f, S->cols,
                         X->cols);
    if (S->rows == 0) return err_about(e, "S", "%s: no samples", f);
    size_t d = X->cols, nc = 0;
    for (size_t i = 0; i < X->rows; i++)
        if (X->labels[i] >= 0 && (size_t)X->labels[i] + 1 > nc) nc = (size_t)X->labels[i] + 1;
    if (nc == 0) return err_about(e, "X", "%s: no row of X has a label", f);
    double *sum = calloc(nc * d, sizeof *sum), *ss = calloc(nc, sizeof *ss);
    size_t *cnt = calloc(nc, sizeof *cnt);
    int rc = -1;
    if (!sum || !ss || !cnt) {
        err_nomem(e, nc * d * sizeof *sum, f);
        goto done;
    }
    for (size_t i = 0; i < X->rows; i++) {
        int c = X->labels[i];
        if (c < 0) continue;
        cnt[c]++;
        for (size_t j = 0; j < d; j++)
            sum[(size_t)c * d + j] += MAT_AT(X, i, j);
    }
    size_t k = 0;
    for (size_t c = 0; c < nc; c++)
        k += cnt[c] > 0;
    out->k = k;
    out->counts = calloc(k, sizeof *out->counts);
    out->classes = malloc(k * sizeof *out->classes);
    out->centres = malloc(k * d * sizeof *out->centres);
    out->sigma = malloc(k * sizeof *out->sigma);
    if (!out->counts || !out->classes || !out->centres || !out->sigma) {
        err_nomem(e, k * d * sizeof(float), f);
        goto done;
    }
    size_t m = 0;
    long *cls_mode = malloc(nc * sizeof *cls_mode);
    if (!cls_mode) {
        err_nomem(e, nc * sizeof *cls_mode, f);
        goto done;
    }
    for (size_t c = 0; c < nc; c++) {
        cls_mode[c] = -1;
        if (!cnt[c]) continue;
        cls_mode[c] = (long)m;
        out->classes[m] = (int)c;
        for (size_t j = 0; j < d; j++)
            out->centres[m * d + j] = (float)(sum[c * d + j] / (double)cnt[c]);
        m++;
    }
    for (size_t i = 0; i < X->rows; i++) {
        int c = X->labels[i];
        if (c < 0) continue;
        const float *mu = out->centres + (size_t)cls_mode[c] * d;
        double s = 0;
        for (size_t j = 0; j < d; j++) {
            double t = (double)MAT_AT(X, i, j) - mu[j];
            s += t * t;
        }
        ss[c] += s;
    }
    for (size_t c = 0; c < nc; c++)
        if (cnt[c]) {
            float sg = (float)sqrt(ss[c] / ((double)cnt[c] * (double)d));
            out->sigma[cls_mode[c]] = sg > 0 ? sg : 1e-12f;
        }
    free(cls_mode);
    size_t good = 0;
    for (size_t i = 0; i < S->rows; i++) {
        const float *s = MAT_ROW(S, i);
        double best = INFINITY;
        size_t bm = 0;
        for (size_t q = 0; q < k; q++) {
            double t2 = 0;
            for (size_t j = 0; j < d; j++) {
                double t = (double)s[j] - out->centres[q * d + j];
                t2 += t * t;
            }
            double z = sqrt(t2) / out->sigma[q];
            if (z < best) best = z, bm = q;
        }
        if (best <= within) {
            out->counts[bm]++;
            good++;
        }
    }
    out->quality = (double)good / (double)S->rows;
    double need = 0.2 * (double)S->rows / (double)k;
    for (size_t q = 0; q < k; q++)
        out->covered += (double)out->counts[q] >= need && out->counts[q] > 0;
    rc = 0;
done:
    free(sum);
    free(ss);
    free(cnt);
    if (rc < 0) toy_modes_free(out);
    return rc;
}
