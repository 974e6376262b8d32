/* nn.h — dv's neural-network core, in one include.
 *
 *   graph.h   tensors, the tape of one step, nn_backward (start here)
 *   ops.h     the ops: dense, activations, losses, conv / transposed conv /
 *             max-pool, reshape / concat / slice / row gather, dropout,
 *             row distances, L2 normalisation, the VAE's sampling and KL
 *   params.h  parameters in one buffer (gradients in another), He/Xavier
 *             initialisation, gradient clipping, frozen stores
 *   optim.h   SGD, momentum, Adam, weight decay
 *   spec.h    network descriptions: "conv(8,3) pool(2) dense(64)"
 *   net.h     a sequential network built from a description
 *   dvm.h     .dvm model files (description, weights, CRC-32)
 *   kernels.h the elementwise loops with AVX2 versions
 *   cells.h   one step of an rnn, gru or lstm cell (composed of ops)
 *   ops_rank.h the bidirectional margin ranking loss of a joint embedding
 *
 * A whole training step of a two-layer net on a batch X (n x 4) with
 * targets Y (n x 1), every error checked once:
 *
 *     NnParams P;  nn_params_init_store(&P);
 *     long w1 = nn_params_add(&P, "w1", 2, (size_t[]){4, 8}, e), b1 = ...;
 *     nn_params_init(&P, w1, NN_INIT_HE, 4, 8, 0, rng);
 *     NnOptim opt;  nn_optim_init(&opt, &P, NN_OPT_ADAM, 1e-3f, e);
 *     NnGraph *g = nn_graph_new(rng, e);
 *     for (...) {
 *         nn_graph_reset(g);
 *         nn_params_zero_grad(&P);
 *         NnTensor *x = nn_input(g, X, 2, (size_t[]){n, 4});
 *         NnTensor *h = nn_relu(g, nn_linear(g, x, nn_param(g, &P, w1), nn_param(g, &P, b1)));
 *         NnTensor *loss = nn_mse(g, nn_linear(g, h, nn_param(g, &P, w2), NULL),
 *                                 nn_input(g, Y, 2, (size_t[]){n, 1}));
 *         if (nn_backward(g, loss, NULL, e) < 0) break;   // also reports op errors
 *         nn_optim_step(&opt);
 *     }
 *
 * Building other models on it:
 *   - a recurrent net: the same parameter views used at every time step
 *     (nn_cell_step in cells.h composes the rnn, gru and lstm steps from
 *     nn_slice, nn_mul, nn_sigmoid, nn_tanh; src/train/rnn*.c uses it);
 *     backward walks back through the unrolled steps (BPTT).  Truncated
 *     BPTT: copy the last hidden state's data out, reset the graph, feed
 *     it back with nn_input.  nn_params_clip_grad before the step.
 *   - a GAN: one store per network and one optimiser each; for the
 *     generator's step set the critic's store `frozen` so gradients flow
 *     through it to the fake rows without touching its weights;
 *     nn_bce_logits against a constant 0 or 1 target.
 *   - a conditional input: nn_concat(g, x, condition) before a layer;
 *     embedding lookups: nn_rows(g, nn_param(g, P, table), ids, n).
 *   - images out: dense, then "reshape(h,w,c) deconv(...)" (spec.h).
 *   - saving: nn/dvm.h takes any key=value description and any number of
 *     stores (their tensor names must differ); src/train/nnmodel.c shows
 *     how a model writes and rebuilds itself.
 *
 * Nothing here knows about the language or the screen (DESIGN.md); the
 * trainers in src/train/ use it.  Threads: matrix products run on
 * OpenBLAS's threads; everything else is single-threaded and
 * deterministic, so one seed gives the same weights on every run.
 */
#ifndef DV_NN_NN_H
#define DV_NN_NN_H

#include "nn/graph.h"
#include "nn/ops.h"
#include "nn/optim.h"
#include "nn/params.h"
#include "nn/spec.h"
#include "nn/net.h"
#include "nn/cells.h"
#include "nn/ops_rank.h"

#endif
