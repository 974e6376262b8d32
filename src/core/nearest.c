/* nearest.c — see nearest.h. */
#include "core/nearest.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define NEAREST_X86 1
#endif

typedef struct Job {
    const Mat *E;
    const float *q;
    double qn;
    size_t from, to;
    const long *skip;
    size_t nskip;
    int k, found, avx2;
    long *idx;
    double *sim;
} Job;

/* Dot product with q and squared norm of one row, 8 partial sums each so
 * that the compiler may use SIMD lanes without -ffast-math. */
static void dots_c(const float *r, const float *q, size_t d, double *dot, double *nn)
{
    float a[8] = {0}, b[8] = {0};
    size_t j = 0;
    for (; j + 8 <= d; j += 8)
        for (int t = 0; t < 8; t++) {
            a[t] += r[j + t] * q[j + t];
            b[t] += r[j + t] * r[j + t];
        }
    float x = ((a[0] + a[1]) + (a[2] + a[3])) + ((a[4] + a[5]) + (a[6] + a[7]));
    float y = ((b[0] + b[1]) + (b[2] + b[3])) + ((b[4] + b[5]) + (b[6] + b[7]));
    for (; j < d; j++) {
        x += r[j] * q[j];
        y += r[j] * r[j];
    }
    *dot = x;
    *nn = y;
}

#ifdef NEAREST_X86
__attribute__((target("avx2,fma"))) static float hsum_avx2(__m256 v)
{
    __m128 x = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    x = _mm_add_ps(x, _mm_movehl_ps(x, x));
    x = _mm_add_ss(x, _mm_movehdup_ps(x));
    return _mm_cvtss_f32(x);
}

__attribute__((target("avx2,fma"))) static void dots_avx2(const float *r, const float *q, size_t d, double *dot,
                                                          double *nn)
{
    __m256 a0 = _mm256_setzero_ps(), a1 = _mm256_setzero_ps(), n0 = _mm256_setzero_ps(), n1 = _mm256_setzero_ps();
    size_t j = 0;
    for (; j + 16 <= d; j += 16) {
        __m256 x0 = _mm256_loadu_ps(r + j), x1 = _mm256_loadu_ps(r + j + 8);
        a0 = _mm256_fmadd_ps(x0, _mm256_loadu_ps(q + j), a0);
        a1 = _mm256_fmadd_ps(x1, _mm256_loadu_ps(q + j + 8), a1);
        n0 = _mm256_fmadd_ps(x0, x0, n0);
        n1 = _mm256_fmadd_ps(x1, x1, n1);
    }
    for (; j + 8 <= d; j += 8) {
        __m256 x0 = _mm256_loadu_ps(r + j);
        a0 = _mm256_fmadd_ps(x0, _mm256_loadu_ps(q + j), a0);
        n0 = _mm256_fmadd_ps(x0, x0, n0);
    }
    float x = hsum_avx2(_mm256_add_ps(a0, a1)), y = hsum_avx2(_mm256_add_ps(n0, n1));
    for (; j < d; j++) {
        x += r[j] * q[j];
        y += r[j] * r[j];
    }
    *dot = x;
    *nn = y;
}
#endif

/* Keep the k best in j->idx/j->sim, best first; an equal cosine does not
 * displace an earlier (lower) row. */
static void offer(Job *j, long row, double c)
{
    if (j->found == j->k && !(c > j->sim[j->k - 1])) return;
    for (size_t t = 0; t < j->nskip; t++)
        if (j->skip[t] == row) return;
    int pos = j->found < j->k ? j->found++ : j->k - 1;
    while (pos > 0 && j->sim[pos - 1] < c) {
        j->sim[pos] = j->sim[pos - 1];
        j->idx[pos] = j->idx[pos - 1];
        pos--;
    }
    j->sim[pos] = c;
    j->idx[pos] = row;
}

static void *scan(void *arg)
{
    Job *j = arg;
    size_t d = j->E->cols;
    for (size_t i = j->from; i < j->to; i++) {
        double dot, nn;
#ifdef NEAREST_X86
        if (j->avx2) dots_avx2(MAT_ROW(j->E, i), j->q, d, &dot, &nn);
        else
#endif
            dots_c(MAT_ROW(j->E, i), j->q, d, &dot, &nn);
        double c = nn > 0 ? dot / (sqrt(nn) * j->qn) : 0;
        if (c == c) offer(j, (long)i, c); /* a row with NaN cannot be ranked */
    }
    return NULL;
}

int nearest_cosine(const Mat *E, const float *q, size_t limit, const long *skip, size_t nskip, int k, long *idx,
                   double *sim, Err *e)
{
    if (k < 1) return err_about(e, "k", "nearest: k must be at least 1, got %d", k);
    size_t n = limit && limit < E->rows ? limit : E->rows, d = E->cols;
    double qn = 0;
    for (size_t j = 0; j < d; j++) qn += (double)q[j] * q[j];
    if (!(qn > 0)) return err_set(e, "the vector is all zeros; it has no nearest words");
    qn = sqrt(qn);
    int avx2 = 0;
#ifdef NEAREST_X86
    __builtin_cpu_init();
    avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#endif
    /* threads only pay for themselves on big matrices (a few MB) */
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    int nt = n * d >= ((size_t)1 << 21) ? (int)(cpus < 1 ? 1 : cpus > 8 ? 8 : cpus) : 1;
    Job job[8];
    long *ib = nt > 1 ? malloc((size_t)nt * (size_t)k * sizeof *ib) : NULL;
    double *sb = nt > 1 ? malloc((size_t)nt * (size_t)k * sizeof *sb) : NULL;
    if (nt > 1 && (!ib || !sb)) nt = 1; /* fall back to one thread */
    for (int t = 0; t < nt; t++)
        job[t] = (Job){E,     q,     qn, n * (size_t)t / (size_t)nt, n * (size_t)(t + 1) / (size_t)nt, skip, nskip, k, 0,
                       avx2, nt > 1 ? ib + (size_t)t * (size_t)k : idx, nt > 1 ? sb + (size_t)t * (size_t)k : sim};
    if (nt == 1) {
        scan(&job[0]);
    } else {
        pthread_t tid[8];
        int started[8] = {0};
        for (int t = 1; t < nt; t++) started[t] = pthread_create(&tid[t], NULL, scan, &job[t]) == 0;
        scan(&job[0]);
        for (int t = 1; t < nt; t++) {
            if (started[t]) pthread_join(tid[t], NULL);
            else scan(&job[t]);
        }
        /* merge in row order, so ties still go to the lower row */
        Job all = {.k = k, .idx = idx, .sim = sim};
        for (int t = 0; t < nt; t++)
            for (int i = 0; i < job[t].found; i++) offer(&all, job[t].idx[i], job[t].sim[i]);
        job[0].found = all.found;
    }
    free(ib);
    free(sb);
    return job[0].found;
}
