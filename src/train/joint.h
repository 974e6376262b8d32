/* joint.h — a joint embedding of two kinds of rows (images and sentence
 * vectors): two maps f (for A's rows) and g (for B's) into one space of
 * `dims` values, L2-normalised, trained so that the cosine of a matching
 * pair beats every mismatched one in the batch by a margin, both ways
 * (the bidirectional ranking loss of Kiros et al. 2014, nn/ops_rank.h;
 * VSE++'s hardest negatives, Faghri et al. 2018, as an option).
 *
 *   f: standardised A -> the hidden widths (ReLU) -> dense(dims) -> L2 norm
 *   g: standardised B -> the same widths          -> dense(dims) -> L2 norm
 *
 * Columns are standardised with the training rows' means and standard
 * deviations (kept in the model, so later rows are mapped alike).
 *
 * Ownership: a model owns everything in it; joint_free releases it.
 */
#ifndef DV_TRAIN_JOINT_H
#define DV_TRAIN_JOINT_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/mat.h"
#include "core/progress.h"
#include "core/rng.h"
#include "nn/dvm.h"
#include "nn/nn.h"

typedef struct JointModel {
    size_t da, db, dims;
    NnParams P;
    NnNet fa, fb;
    NnParams S; /* "joint.mean_a", "joint.std_a", "joint.mean_b", "joint.std_b" */
    float margin;
    int hardest;
    float *loss; /* per epoch */
    size_t epochs;
    int stopped;
} JointModel;

/* An untrained model for rows of da and db values.  Errors name the
 * option. */
int joint_build(JointModel *m, size_t da, size_t db, size_t dims, const long *widths, size_t nw,
                float margin, int hardest, Rng *r, Err *e);
void joint_free(JointModel *m);

typedef struct JointFitOpts {
    int epochs, batch;
    float lr;
    int threads;
    uint64_t seed;
    const Progress *progress;
} JointFitOpts;

/* Train on pairs (row i of A with row i of B): shuffled batches, Adam.
 * Returns 0 (also when stopped), or -1 with e set. */
int joint_fit(JointModel *m, const Mat *A, const Mat *B, const JointFitOpts *o, Err *e);

/* Rows of X (A's side when side is 0, B's when 1) in the joint space
 * (unit rows); new matrix with X's row names and labels. */
Mat *joint_map(const JointModel *m, const Mat *X, int side, Err *e);

/* Recall at k of matching pairs: for each row i of A, is B's row i among
 * the k nearest of B's rows (a_to_b), and the other way.  ks[0..nk).
 * Rows that score the same as the partner (duplicate captions) are
 * ordered at random: the pair counts with its chance of landing in the
 * top k (Cooper 1968's expected search length, at a cut-off). */
int joint_recall(const JointModel *m, const Mat *A, const Mat *B, const long *ks, size_t nk,
                 double *a_to_b, double *b_to_a, Err *e);

int joint_save(const JointModel *m, const char *path, Err *e);
int joint_load(JointModel *m, const DvmFile *f, const char *path, Err *e);

#endif
