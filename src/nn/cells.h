/* cells.h — one time step of a recurrent cell, built from the tape's ops
 * (ops.h), so backpropagation through time is nn_backward's walk back
 * over the unrolled steps.
 *
 *   rnn   h' = tanh(xp + h Wh)                            (Elman 1990)
 *   gru   r = sig(xp_r + hh_r), z = sig(xp_z + hh_z),
 *         n = tanh(xp_n + r * hh_n), h' = (1 - z) n + z h  (Cho et al. 2014;
 *         hh = h Wh + bh, the reset gate applied after the product as in
 *         cuDNN and PyTorch)
 *   lstm  [i f g o] = xp + h Wh, c' = sig(f) c + sig(i) tanh(g),
 *         h' = sig(o) tanh(c')           (Hochreiter & Schmidhuber 1997,
 *                                         with the forget gate of Gers et al. 2000)
 *
 * xp is the step's input projection x Wx + b, [B, G H] for G gates (1, 3,
 * 4): the caller computes it, as the rows of Wx for one-hot characters or
 * words (nn_rows, no multiplication by a one-hot matrix) or nn_linear for
 * dense inputs.  Gates are laid out side by side in that order.
 *
 * The gradients of these steps, chained over several steps, are checked
 * against finite differences in tests/unit/test_nn_cells.c.
 */
#ifndef DV_NN_CELLS_H
#define DV_NN_CELLS_H

#include <stddef.h>

#include "nn/graph.h"

typedef enum { NN_CELL_RNN, NN_CELL_GRU, NN_CELL_LSTM } NnCellKind;

/* "rnn", "gru", "lstm" -> kind, or -1. */
int nn_cell_kind(const char *name);
const char *nn_cell_name(NnCellKind k);
/* Gates a step's projections hold: 1, 3, 4. */
size_t nn_cell_gates(NnCellKind k);

/* One step: xp [B, G H], h and (LSTM) c [B, H], Wh [H, G H], bh [G H] or
 * NULL (the GRU's recurrent bias; the others have theirs in xp).
 * Returns h' and, for an LSTM, sets *c_out to c' (other kinds: *c_out =
 * NULL).  NULL with the graph's error set on a shape mismatch. */
NnTensor *nn_cell_step(NnGraph *g, NnCellKind k, NnTensor *xp, NnTensor *h, NnTensor *c,
                       NnTensor *Wh, NnTensor *bh, NnTensor **c_out);

#endif
