/* ops.h — the ops of the tape (graph.h).  Each takes its inputs, runs its
 * forward pass, records itself, and returns its output, or NULL when an
 * input is NULL or it fails (the graph keeps the error).  Its backward
 * rule is checked against finite differences in tests/unit/test_nn_grad.c.
 *
 * Shapes are batch first.  "Rows" are the first dimension; a tensor of
 * more dimensions is read as rows of (product of the rest) values where
 * an op works on matrices.  Images are NHWC.  Losses are one value, the
 * mean over the batch (or over all elements where said), as PyTorch's
 * default reduction.
 */
#ifndef DV_NN_OPS_H
#define DV_NN_OPS_H

#include "nn/graph.h"

/* ---- dense (ops_dense.c) ------------------------------------------- */

/* op(a) op(b) for 2-D a, b (ta/tb: 1 = transposed); tensors of more
 * dimensions are read as [shape[0], rest]. */
NnTensor *nn_matmul(NnGraph *g, NnTensor *a, NnTensor *b, int ta, int tb);
/* x W + b: x [N, K] (or [N, ...] with K values a row), W [K, M], b [M]
 * or NULL.  One GEMM forward, two backward. */
NnTensor *nn_linear(NnGraph *g, NnTensor *x, NnTensor *W, NnTensor *b);
/* x + b with b [C] added along x's last dimension (dense or NHWC conv). */
NnTensor *nn_add_bias(NnGraph *g, NnTensor *x, NnTensor *b);
/* Elementwise on equal shapes. */
NnTensor *nn_add(NnGraph *g, NnTensor *a, NnTensor *b);
NnTensor *nn_sub(NnGraph *g, NnTensor *a, NnTensor *b);
NnTensor *nn_mul(NnGraph *g, NnTensor *a, NnTensor *b);
/* s a + c for numbers s, c (1 - z is nn_affine(g, z, -1, 1)). */
NnTensor *nn_affine(NnGraph *g, NnTensor *a, float s, float c);
/* Sum or mean of all values: one value. */
NnTensor *nn_sum(NnGraph *g, NnTensor *a);
NnTensor *nn_mean(NnGraph *g, NnTensor *a);

/* ---- activations (ops_act.c) --------------------------------------- */

NnTensor *nn_relu(NnGraph *g, NnTensor *x);
/* max(x, slope x) (Maas et al. 2013) */
NnTensor *nn_leaky_relu(NnGraph *g, NnTensor *x, float slope);
NnTensor *nn_tanh(NnGraph *g, NnTensor *x);
NnTensor *nn_sigmoid(NnGraph *g, NnTensor *x);
/* Softmax along the last dimension. */
NnTensor *nn_softmax(NnGraph *g, NnTensor *x);

/* ---- losses (ops_loss.c) ------------------------------------------- */

/* Mean squared error over all elements. */
NnTensor *nn_mse(NnGraph *g, NnTensor *pred, NnTensor *target);
/* Binary cross-entropy of probabilities p against targets in [0, 1],
 * mean over all elements; log clamped at -100 as PyTorch does. */
NnTensor *nn_bce(NnGraph *g, NnTensor *p, NnTensor *target);
/* The same on logits, computed stably: max(x,0) - x t + log(1 + e^-|x|). */
NnTensor *nn_bce_logits(NnGraph *g, NnTensor *logits, NnTensor *target);
/* Softmax cross-entropy of logits [N, C] against class labels (N ints in
 * 0..C-1, copied), mean over rows. */
NnTensor *nn_softmax_xent(NnGraph *g, NnTensor *logits, const int *labels);

/* ---- convolution and pooling (ops_conv.c) -------------------------- */

/* 2-D convolution (cross-correlation, as every framework): x [N, H, W, C],
 * W [k, k, C, F], b [F] or NULL -> [N, Ho, Wo, F] with
 * Ho = (H + 2 pad - k) / stride + 1.  im2col + one SGEMM (Chellapilla et
 * al. 2006). */
NnTensor *nn_conv2d(NnGraph *g, NnTensor *x, NnTensor *W, NnTensor *b, int stride, int pad);
/* Transposed convolution, the adjoint of nn_conv2d: x [N, H, W, C],
 * W [k, k, F, C], b [F] or NULL -> [N, Ho, Wo, F] with
 * Ho = (H - 1) stride - 2 pad + k (Dumoulin & Visin 2016). */
NnTensor *nn_conv2d_transpose(NnGraph *g, NnTensor *x, NnTensor *W, NnTensor *b, int stride,
                              int pad);
/* Max pooling over k x k windows, x [N, H, W, C] -> Ho = (H - k) / stride + 1. */
NnTensor *nn_maxpool(NnGraph *g, NnTensor *x, int k, int stride);

/* ---- shapes (ops_shape.c) ------------------------------------------ */

/* Same values, another shape (a view: no copy). */
NnTensor *nn_reshape(NnGraph *g, NnTensor *x, int nd, const size_t *shape);
/* [N, ...] -> [N, rest]. */
NnTensor *nn_flatten(NnGraph *g, NnTensor *x);
/* Join along the last dimension (the other dimensions equal): a
 * conditional input is nn_concat(g, x, c). */
NnTensor *nn_concat(NnGraph *g, NnTensor *a, NnTensor *b);
/* Columns start..start+len-1 of the last dimension (the gates of an LSTM,
 * the mean and log-variance halves of a VAE's encoder). */
NnTensor *nn_slice(NnGraph *g, NnTensor *x, size_t start, size_t len);
/* Rows idx[0..n-1] of x (copied): an embedding lookup when x is a
 * parameter, triplets picked from a batch otherwise.  Gradients of
 * repeated rows add up. */
NnTensor *nn_rows(NnGraph *g, NnTensor *x, const size_t *idx, size_t n);

/* ---- the rest (ops_misc.c) ----------------------------------------- */

/* Inverted dropout (Srivastava et al. 2014): in training mode each value
 * is zeroed with probability p and the rest scaled by 1 / (1 - p); in
 * evaluation mode x itself is returned. */
NnTensor *nn_dropout(NnGraph *g, NnTensor *x, float p);
/* Squared Euclidean distance of matching rows: [N, D], [N, D] -> [N, 1]. */
NnTensor *nn_rowdist2(NnGraph *g, NnTensor *a, NnTensor *b);
/* Each row divided by its Euclidean norm (FaceNet's embedding layer). */
NnTensor *nn_l2norm(NnGraph *g, NnTensor *x);
/* The VAE's reparameterisation (Kingma & Welling 2014):
 * z = mu + exp(logvar / 2) * eps with eps ~ N(0, 1) from the graph's Rng. */
NnTensor *nn_reparam(NnGraph *g, NnTensor *mu, NnTensor *logvar);
/* KL(N(mu, exp(logvar)) || N(0, 1)) summed over the latent dimensions,
 * mean over rows: -1/2 sum(1 + logvar - mu^2 - exp(logvar)) / N. */
NnTensor *nn_kl_normal(NnGraph *g, NnTensor *mu, NnTensor *logvar);

#endif
