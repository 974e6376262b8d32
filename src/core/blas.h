/* blas.h — BLAS/LAPACK access and OpenBLAS kernel choice.
 *
 * dv calls CBLAS and LAPACKE directly for dense work; this header brings
 * both in and adds what OpenBLAS needs around them: which kernel is active,
 * how many threads it uses, and the kernel this CPU should be using.
 *
 * Debian 12's OpenBLAS 0.3.21 does not recognise recent CPUs (AVX-512 with
 * BF16, e.g. AMD Zen 4) and falls back to its Prescott kernels, 5-10x
 * slower.  OPENBLAS_CORETYPE is read only when the library loads, so main.c
 * sets it and re-executes dv once (see blas_wanted_coretype).
 */
#ifndef DV_CORE_BLAS_H
#define DV_CORE_BLAS_H

#include <cblas.h>
#include <lapacke.h>

#include "core/mat.h"

/* The kernel OpenBLAS runs ("Haswell", "SkylakeX", "Prescott", ...). */
const char *blas_kernel(void);
int blas_threads(void);
void blas_set_threads(int n);

/* The OPENBLAS_CORETYPE this CPU should run, judged by cpuid, or NULL when
 * OpenBLAS's own choice is fine (or the user set OPENBLAS_CORETYPE).  Never
 * returns an AVX-512 kernel unless the CPU (as the program sees it, e.g.
 * under valgrind it does not) supports AVX-512. */
const char *blas_wanted_coretype(void);

/* If OpenBLAS runs a fallback kernel on a CPU that has a better one, set
 * OPENBLAS_CORETYPE and re-execute the program (argv as given) so the
 * library loads with the right kernel.  Returns only when no re-exec
 * happened (kernel fine, user's choice, running under valgrind, or exec
 * failed).  Call first thing in main(), before any BLAS call. */
void blas_choose_kernel(char **argv);
/* The kernel OpenBLAS picked by itself before dv re-executed, or NULL when
 * dv did not change it. */
const char *blas_detected_kernel(void);
/* "OpenBLAS 0.3.21 ..." configuration string. */
const char *blas_config(void);

/* C = alpha * op(A) op(B) + beta * C on whole matrices (shapes checked).
 * ta/tb: 0 = as is, 1 = transposed. */
int blas_gemm(const Mat *A, int ta, const Mat *B, int tb, float alpha, float beta, Mat *C, Err *e);

/* New matrix op(A) op(B).  Caller owns the result. */
Mat *blas_matmul(const Mat *A, int ta, const Mat *B, int tb, Err *e);

#endif
