/* kernels.h — the elementwise loops that dominate a small network's step
 * after the matrix products: the Adam update, ReLU forward and backward,
 * and gradient accumulation.  Each has a portable C version and an
 * AVX2+FMA one picked once at run time (as word2vec's kernels are), so
 * the default x86-64 build still runs 8 floats at a time where it can.
 * Results are the same from run to run on one machine; the two versions
 * may differ in the last bit (FMA rounds once). */
#ifndef DV_NN_KERNELS_H
#define DV_NN_KERNELS_H

#include <stddef.h>
#include <stdint.h>

/* Adam (Kingma & Ba 2015) with L2 weight decay wd, PyTorch's form:
 * g' = g + wd w; m = b1 m + (1 - b1) g'; v = b2 v + (1 - b2) g'^2;
 * w -= step m / (sqrt(v) rc2 + eps), step = lr / (1 - b1^t),
 * rc2 = 1 / sqrt(1 - b2^t). */
void nn_k_adam(float *w, const float *g, float *m, float *v, size_t n, float b1, float b2,
               float step, float rc2, float eps, float wd);
/* y = x > 0 ? x : slope x */
void nn_k_relu(const float *x, float *y, size_t n, float slope);
/* gx += x > 0 ? gy : slope gy */
void nn_k_relu_back(const float *x, const float *gy, float *gx, size_t n, float slope);
/* y += x */
void nn_k_add(float *y, const float *x, size_t n);

/* Max pooling over channel vectors: init sets y = v and arg = base + c;
 * step keeps the larger of y and v (the first one on ties) and its index
 * base + c. */
void nn_k_max_init(const float *v, uint32_t base, float *y, uint32_t *arg, size_t C);
void nn_k_max_step(const float *v, uint32_t base, float *y, uint32_t *arg, size_t C);
/* Add b (C values) to each row of y (rows x C). */
void nn_k_add_rows(float *y, size_t rows, size_t C, const float *b);
/* Add each row of dy (rows x C) into db. */
void nn_k_col_sums(const float *dy, size_t rows, size_t C, float *db);

/* "avx2" or "c": the kernels in use. */
const char *nn_kernels_name(void);

#endif
