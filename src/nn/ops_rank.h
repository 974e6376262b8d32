/* ops_rank.h — the bidirectional margin ranking loss of a joint
 * embedding (Kiros, Salakhutdinov & Zemel 2014, "Unifying visual-semantic
 * embeddings with multimodal neural language models", eq. 1; VSE++'s
 * hardest negatives, Faghri et al. 2018).
 *
 * S [N, N] holds the scores s(a_i, b_j) of a batch of N matching pairs
 * (the cosines of the two maps' L2-normalised outputs, S = f(A) g(B)^T);
 * the diagonal holds the true pairs.  The loss, a mean over the N pairs:
 *
 *   sum_{j != i} [margin - S_ii + S_ij]_+  +  [margin - S_ii + S_ji]_+
 *
 * (every wrong sentence for an image, every wrong image for a sentence),
 * or with hardest set only the largest of each sum (the hardest negative
 * in the batch).
 */
#ifndef DV_NN_OPS_RANK_H
#define DV_NN_OPS_RANK_H

#include "nn/graph.h"

NnTensor *nn_rank_hinge(NnGraph *g, NnTensor *S, float margin, int hardest);

#endif
