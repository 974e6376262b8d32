/* kernels.c — portable and AVX2 elementwise loops (kernels.h). */
#include "nn/kernels.h"

#include <math.h>

#if defined(__x86_64__) && defined(__GNUC__)
#define HAVE_X86 1
#include <immintrin.h>
#else
#define HAVE_X86 0
#endif

static void adam_c(float *restrict w, const float *restrict g, float *restrict m, float *restrict v,
                   size_t n, float b1, float b2, float step, float rc2, float eps, float wd)
{
    for (size_t i = 0; i < n; i++) {
        float gi = g[i] + wd * w[i];
        m[i] = b1 * m[i] + (1.0f - b1) * gi;
        v[i] = b2 * v[i] + (1.0f - b2) * gi * gi;
        w[i] -= step * m[i] / (sqrtf(v[i]) * rc2 + eps);
    }
}

static void relu_c(const float *restrict x, float *restrict y, size_t n, float slope)
{
    for (size_t i = 0; i < n; i++)
        y[i] = x[i] > 0 ? x[i] : slope * x[i];
}

static void relu_back_c(const float *restrict x, const float *restrict gy, float *restrict gx,
                        size_t n, float slope)
{
    for (size_t i = 0; i < n; i++)
        gx[i] += x[i] > 0 ? gy[i] : slope * gy[i];
}

static void add_c(float *restrict y, const float *restrict x, size_t n)
{
    for (size_t i = 0; i < n; i++)
        y[i] += x[i];
}

static void max_init_c(const float *v, uint32_t base, float *y, uint32_t *arg, size_t C)
{
    for (size_t c = 0; c < C; c++) {
        y[c] = v[c];
        arg[c] = base + (uint32_t)c;
    }
}

static void max_step_c(const float *v, uint32_t base, float *y, uint32_t *arg, size_t C)
{
    for (size_t c = 0; c < C; c++)
        if (v[c] > y[c]) {
            y[c] = v[c];
            arg[c] = base + (uint32_t)c;
        }
}

static void add_rows_c(float *y, size_t rows, size_t C, const float *b)
{
    for (size_t i = 0; i < rows; i++)
        for (size_t j = 0; j < C; j++)
            y[i * C + j] += b[j];
}

static void col_sums_c(const float *dy, size_t rows, size_t C, float *db)
{
    for (size_t i = 0; i < rows; i++)
        for (size_t j = 0; j < C; j++)
            db[j] += dy[i * C + j];
}

#if HAVE_X86
#define T_AVX2 __attribute__((target("avx2,fma")))

T_AVX2 static void adam_avx2(float *restrict w, const float *restrict g, float *restrict m,
                             float *restrict v, size_t n, float b1, float b2, float step, float rc2,
                             float eps, float wd)
{
    const __m256 B1 = _mm256_set1_ps(b1), C1 = _mm256_set1_ps(1.0f - b1), B2 = _mm256_set1_ps(b2),
                 C2 = _mm256_set1_ps(1.0f - b2), S = _mm256_set1_ps(step), R = _mm256_set1_ps(rc2),
                 E = _mm256_set1_ps(eps), WD = _mm256_set1_ps(wd);
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        __m256 wi = _mm256_loadu_ps(w + i);
        __m256 gi = _mm256_fmadd_ps(WD, wi, _mm256_loadu_ps(g + i));
        __m256 mi = _mm256_fmadd_ps(B1, _mm256_loadu_ps(m + i), _mm256_mul_ps(C1, gi));
        __m256 vi =
            _mm256_fmadd_ps(B2, _mm256_loadu_ps(v + i), _mm256_mul_ps(C2, _mm256_mul_ps(gi, gi)));
        __m256 den = _mm256_fmadd_ps(_mm256_sqrt_ps(vi), R, E);
        _mm256_storeu_ps(m + i, mi);
        _mm256_storeu_ps(v + i, vi);
        _mm256_storeu_ps(w + i, _mm256_sub_ps(wi, _mm256_div_ps(_mm256_mul_ps(S, mi), den)));
    }
    adam_c(w + i, g + i, m + i, v + i, n - i, b1, b2, step, rc2, eps, wd);
}

T_AVX2 static void relu_avx2(const float *restrict x, float *restrict y, size_t n, float slope)
{
    const __m256 Z = _mm256_setzero_ps(), K = _mm256_set1_ps(slope);
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        __m256 a = _mm256_loadu_ps(x + i);
        __m256 pos = _mm256_cmp_ps(a, Z, _CMP_GT_OQ);
        _mm256_storeu_ps(y + i, _mm256_blendv_ps(_mm256_mul_ps(K, a), a, pos));
    }
    relu_c(x + i, y + i, n - i, slope);
}

T_AVX2 static void relu_back_avx2(const float *restrict x, const float *restrict gy,
                                  float *restrict gx, size_t n, float slope)
{
    const __m256 Z = _mm256_setzero_ps(), K = _mm256_set1_ps(slope);
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        __m256 d = _mm256_loadu_ps(gy + i);
        __m256 pos = _mm256_cmp_ps(_mm256_loadu_ps(x + i), Z, _CMP_GT_OQ);
        __m256 s = _mm256_blendv_ps(_mm256_mul_ps(K, d), d, pos);
        _mm256_storeu_ps(gx + i, _mm256_add_ps(_mm256_loadu_ps(gx + i), s));
    }
    relu_back_c(x + i, gy + i, gx + i, n - i, slope);
}

T_AVX2 static void add_avx2(float *restrict y, const float *restrict x, size_t n)
{
    size_t i = 0;
    for (; i + 8 <= n; i += 8)
        _mm256_storeu_ps(y + i, _mm256_add_ps(_mm256_loadu_ps(y + i), _mm256_loadu_ps(x + i)));
    add_c(y + i, x + i, n - i);
}

T_AVX2 static void max_init_avx2(const float *v, uint32_t base, float *y, uint32_t *arg, size_t C)
{
    const __m256i step = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    size_t c = 0;
    for (; c + 8 <= C; c += 8) {
        _mm256_storeu_ps(y + c, _mm256_loadu_ps(v + c));
        _mm256_storeu_si256((__m256i *)(arg + c),
                            _mm256_add_epi32(_mm256_set1_epi32((int)(base + c)), step));
    }
    max_init_c(v + c, base + (uint32_t)c, y + c, arg + c, C - c);
}

T_AVX2 static void max_step_avx2(const float *v, uint32_t base, float *y, uint32_t *arg, size_t C)
{
    const __m256i step = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    size_t c = 0;
    for (; c + 8 <= C; c += 8) {
        __m256 a = _mm256_loadu_ps(v + c), b = _mm256_loadu_ps(y + c);
        __m256 gt = _mm256_cmp_ps(a, b, _CMP_GT_OQ);
        __m256i idx = _mm256_add_epi32(_mm256_set1_epi32((int)(base + c)), step);
        __m256 old = _mm256_castsi256_ps(_mm256_loadu_si256((const __m256i *)(arg + c)));
        _mm256_storeu_ps(y + c, _mm256_blendv_ps(b, a, gt));
        _mm256_storeu_si256((__m256i *)(arg + c), _mm256_castps_si256(_mm256_blendv_ps(
                                                      old, _mm256_castsi256_ps(idx), gt)));
    }
    max_step_c(v + c, base + (uint32_t)c, y + c, arg + c, C - c);
}

T_AVX2 static void add_rows_avx2(float *y, size_t rows, size_t C, const float *b)
{
    if (C < 8) {
        add_rows_c(y, rows, C, b);
        return;
    }
    for (size_t i = 0; i < rows; i++) {
        float *r = y + i * C;
        size_t j = 0;
        for (; j + 8 <= C; j += 8)
            _mm256_storeu_ps(r + j, _mm256_add_ps(_mm256_loadu_ps(r + j), _mm256_loadu_ps(b + j)));
        for (; j < C; j++)
            r[j] += b[j];
    }
}

T_AVX2 static void col_sums_avx2(const float *dy, size_t rows, size_t C, float *db)
{
    size_t j = 0;
    for (; j + 8 <= C; j += 8) {
        __m256 acc = _mm256_loadu_ps(db + j);
        for (size_t i = 0; i < rows; i++)
            acc = _mm256_add_ps(acc, _mm256_loadu_ps(dy + i * C + j));
        _mm256_storeu_ps(db + j, acc);
    }
    for (size_t i = 0; j < C && i < rows; i++)
        for (size_t jj = j; jj < C; jj++)
            db[jj] += dy[i * C + jj];
}

static int use_avx2(void)
{
    static int cached = -1;
    if (cached < 0) cached = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    return cached;
}
#else
static int use_avx2(void)
{
    return 0;
}
#endif

void nn_k_adam(float *w, const float *g, float *m, float *v, size_t n, float b1, float b2,
               float step, float rc2, float eps, float wd)
{
#if HAVE_X86
    if (use_avx2()) {
        adam_avx2(w, g, m, v, n, b1, b2, step, rc2, eps, wd);
        return;
    }
#endif
    adam_c(w, g, m, v, n, b1, b2, step, rc2, eps, wd);
}

void nn_k_relu(const float *x, float *y, size_t n, float slope)
{
#if HAVE_X86
    if (use_avx2()) {
        relu_avx2(x, y, n, slope);
        return;
    }
#endif
    relu_c(x, y, n, slope);
}

void nn_k_relu_back(const float *x, const float *gy, float *gx, size_t n, float slope)
{
#if HAVE_X86
    if (use_avx2()) {
        relu_back_avx2(x, gy, gx, n, slope);
        return;
    }
#endif
    relu_back_c(x, gy, gx, n, slope);
}

void nn_k_add(float *y, const float *x, size_t n)
{
#if HAVE_X86
    if (use_avx2()) {
        add_avx2(y, x, n);
        return;
    }
#endif
    add_c(y, x, n);
}

void nn_k_max_init(const float *v, uint32_t base, float *y, uint32_t *arg, size_t C)
{
#if HAVE_X86
    if (use_avx2()) {
        max_init_avx2(v, base, y, arg, C);
        return;
    }
#endif
    max_init_c(v, base, y, arg, C);
}

void nn_k_max_step(const float *v, uint32_t base, float *y, uint32_t *arg, size_t C)
{
#if HAVE_X86
    if (use_avx2()) {
        max_step_avx2(v, base, y, arg, C);
        return;
    }
#endif
    max_step_c(v, base, y, arg, C);
}

void nn_k_add_rows(float *y, size_t rows, size_t C, const float *b)
{
#if HAVE_X86
    if (use_avx2()) {
        add_rows_avx2(y, rows, C, b);
        return;
    }
#endif
    add_rows_c(y, rows, C, b);
}

void nn_k_col_sums(const float *dy, size_t rows, size_t C, float *db)
{
#if HAVE_X86
    if (use_avx2()) {
        col_sums_avx2(dy, rows, C, db);
        return;
    }
#endif
    col_sums_c(dy, rows, C, db);
}

const char *nn_kernels_name(void)
{
    return use_avx2() ? "avx2" : "c";
}
