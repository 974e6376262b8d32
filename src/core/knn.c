#include "core/knn.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/blas.h"

#define KNN_BLOCK 512

/* Push (d, j) into a max-heap of at most k entries. */
static void heap_push(float *hd, long *hi, size_t *n, size_t k, float d, long j)
{
    size_t i;
    if (*n < k) {
        i = (*n)++;
        while (i > 0 && hd[(i - 1) / 2] < d) {
            hd[i] = hd[(i - 1) / 2];
            hi[i] = hi[(i - 1) / 2];
            i = (i - 1) / 2;
        }
        hd[i] = d;
        hi[i] = j;
        return;
    }
    if (d >= hd[0]) return;
    i = 0; /* replace the root and sift down */
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, m = i;
        float dm = d;
        if (l < k && hd[l] > dm) m = l, dm = hd[l];
        if (r < k && hd[r] > dm) m = r;
        if (m == i) break;
        hd[i] = hd[m];
        hi[i] = hi[m];
        i = m;
    }
    hd[i] = d;
    hi[i] = j;
}

int knn_search(const Mat *Q, const Mat *R, size_t k, int self, long *idx, float *d2, Err *e)
{
    size_t n = Q->rows, m = R->rows, d = Q->cols;
    if (R->cols != d) return err_set(e, "knn: %zu and %zu columns", d, R->cols);
    if (k == 0 || k > m - (self ? 1 : 0))
        return err_set(e, "knn: k must be between 1 and %zu, got %zu", m - (self ? 1 : 0), k);
    float *qn = malloc(n * sizeof *qn), *rn = malloc(m * sizeof *rn);
    float *D = malloc((size_t)KNN_BLOCK * m * sizeof *D);
    if (!qn || !rn || !D) {
        free(qn);
        free(rn);
        free(D);
        return err_nomem(e, (size_t)KNN_BLOCK * m * sizeof(float), "nearest neighbours");
    }
    for (size_t i = 0; i < n; i++) {
        double s = 0;
        for (size_t j = 0; j < d; j++) s += (double)MAT_AT(Q, i, j) * MAT_AT(Q, i, j);
        qn[i] = (float)s;
    }
    for (size_t i = 0; i < m; i++) {
        double s = 0;
        for (size_t j = 0; j < d; j++) s += (double)MAT_AT(R, i, j) * MAT_AT(R, i, j);
        rn[i] = (float)s;
    }
    for (size_t b0 = 0; b0 < n; b0 += KNN_BLOCK) {
        size_t bh = n - b0 < KNN_BLOCK ? n - b0 : KNN_BLOCK;
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)bh, (int)m, (int)d, -2.0f, Q->data + b0 * d,
                    (int)d, R->data, (int)d, 0.0f, D, (int)m);
        for (size_t a = 0; a < bh; a++) {
            size_t i = b0 + a, cnt = 0;
            float *hd = d2 + i * k;
            long *hi = idx + i * k;
            const float *row = D + a * m;
            for (size_t j = 0; j < m; j++) {
                if (self && j == i) continue;
                float dist = row[j] + qn[i] + rn[j];
                heap_push(hd, hi, &cnt, k, dist < 0 ? 0 : dist, (long)j);
            }
            /* heap to ascending order */
            for (size_t t = k; t > 1; t--) {
                float td = hd[0];
                long ti = hi[0];
                size_t c = t - 1, tmpn = c;
                float ld = hd[c];
                long li = hi[c];
                hd[c] = td;
                hi[c] = ti;
                /* sift ld down in heap of size c */
                size_t p = 0;
                for (;;) {
                    size_t l = 2 * p + 1, r = l + 1, mx = p;
                    float dm = ld;
                    if (l < tmpn && hd[l] > dm) mx = l, dm = hd[l];
                    if (r < tmpn && hd[r] > dm) mx = r;
                    if (mx == p) break;
                    hd[p] = hd[mx];
                    hi[p] = hi[mx];
                    p = mx;
                }
                hd[p] = ld;
                hi[p] = li;
            }
        }
    }
    free(qn);
    free(rn);
    free(D);
    return 0;
}
