/* rnn_step.h — the step of the recurrent language model shared by its
 * training loop (rnnfit.c) and its use (rnn.c); not for other callers. */
#ifndef DV_TRAIN_RNN_STEP_H
#define DV_TRAIN_RNN_STEP_H

#include "train/rnn.h"

#define RNN_SHAPE2(a, b) ((const size_t[]){(a), (b)})

/* Views of the model's six parameters in g: Wx, b, Wh, bh, Wy, by. */
void rnn_views(NnGraph *g, const RnnModel *m, NnTensor *pv[6]);
/* Read tokens ids[0..B) (one a stream) from state h (and c): the new h,
 * and the new c of an LSTM in *c2. */
NnTensor *rnn_step(NnGraph *g, const RnnModel *m, NnTensor *const pv[6], const size_t *ids,
                   size_t B, NnTensor *h, NnTensor *c, NnTensor **c2);

#endif
