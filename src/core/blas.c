#include "core/blas.h"

#include <stdio.h>

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

const char *blas_kernel(void)
{
    const char *n = openblas_get_corename();
    return n ? n : "unknown";
}

int blas_threads(void)
{
    return openblas_get_num_threads();
}

void blas_set_threads(int n)
{
    openblas_set_num_threads(n < 1 ? 1 : n);
}

/* Kernels OpenBLAS falls back to when it does not know the CPU. */
static int is_fallback_kernel(const char *k)
{
    static const char *slow[] = {"Prescott", "Core2", "Penryn", "Dunnington", "Nehalem",
                                 "Atom", "Katmai", "Coppermine", "Northwood", "Banias",
                                 "Athlon", "Opteron", "Barcelona", "Bobcat", NULL};
    for (int i = 0; slow[i]; i++)
        if (strcasecmp(k, slow[i]) == 0) return 1;
    return 0;
}

const char *blas_wanted_coretype(void)
{
    if (getenv("OPENBLAS_CORETYPE")) return NULL; /* the user decided */
    if (!is_fallback_kernel(blas_kernel())) return NULL;
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
        __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512dq"))
        return "SkylakeX";
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return "Haswell";
    if (__builtin_cpu_supports("avx")) return "Sandybridge";
    return NULL;
}

int blas_gemm(const Mat *A, int ta, const Mat *B, int tb, float alpha, float beta, Mat *C, Err *e)
{
    size_t m = ta ? A->cols : A->rows, k = ta ? A->rows : A->cols;
    size_t k2 = tb ? B->cols : B->rows, n = tb ? B->rows : B->cols;
    if (k != k2 || C->rows != m || C->cols != n)
        return err_set(e, "matrix product: shapes %zux%zu and %zux%zu do not match", m, k, k2, n);
    if (m == 0 || n == 0) return 0;
    if (k == 0) {
        for (size_t i = 0; i < m * n; i++) C->data[i] *= beta;
        return 0;
    }
    cblas_sgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans,
                (int)m, (int)n, (int)k, alpha, A->data, (int)A->cols, B->data, (int)B->cols, beta,
                C->data, (int)C->cols);
    return 0;
}

Mat *blas_matmul(const Mat *A, int ta, const Mat *B, int tb, Err *e)
{
    size_t m = ta ? A->cols : A->rows, k = ta ? A->rows : A->cols;
    size_t k2 = tb ? B->cols : B->rows, n = tb ? B->rows : B->cols;
    if (k != k2) {
        err_set(e, "matrix product: shapes %zux%zu and %zux%zu do not match", m, k, k2, n);
        return NULL;
    }
    Mat *C = mat_new(m, n, e);
    if (!C) return NULL;
    if (blas_gemm(A, ta, B, tb, 1.0f, 0.0f, C, e) < 0) {
        mat_free(C);
        return NULL;
    }
    return C;
}

static const char *detected;

void blas_choose_kernel(char **argv)
{
    const char *was = getenv("DV_BLAS_DETECTED");
    if (was) {
        /* We are the re-executed process: remember, and keep children clean. */
        static char buf[64];
        snprintf(buf, sizeof buf, "%s", was);
        detected = buf;
        unsetenv("DV_BLAS_DETECTED");
        return;
    }
    const char *pre = getenv("LD_PRELOAD");
    if (pre && strstr(pre, "vgpreload")) return; /* valgrind would lose the child */
    const char *want = blas_wanted_coretype();
    if (!want) return;
    setenv("DV_BLAS_DETECTED", blas_kernel(), 1);
    setenv("OPENBLAS_CORETYPE", want, 1);
    execv("/proc/self/exe", argv);
    /* exec failed: run on with the slow kernel rather than not at all. */
    unsetenv("DV_BLAS_DETECTED");
    unsetenv("OPENBLAS_CORETYPE");
}

const char *blas_detected_kernel(void)
{
    return detected;
}

const char *blas_config(void)
{
    const char *c = openblas_get_config();
    return c ? c : "OpenBLAS";
}
