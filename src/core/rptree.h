/* rptree.h — random-projection trees, to group nearby rows.
 *
 * A tree splits its rows in two by the hyperplane half-way between two
 * rows drawn at random (the normal is their difference), and each side
 * again, until a node holds at most leaf_size rows (Dasgupta & Freund
 * 2008, "Random projection trees and low dimensional manifolds"; the
 * two-point split is the one pynndescent uses).  Rows in the same leaf tend
 * to be near each other, so the pairs inside the leaves of a few trees make
 * a good first guess of every row's neighbours for NN-descent (core/ann.h).
 * Rows exactly on the hyperplane, and nodes whose split puts every row on
 * one side (duplicates), go to a side at random.
 */
#ifndef DV_CORE_RPTREE_H
#define DV_CORE_RPTREE_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

/* The leaves of one tree: items is a permutation of 0..n-1 in which leaf l
 * holds items[start[l] .. start[l + 1]). */
typedef struct RpTree {
    size_t n, nleaves;
    int32_t *items;
    size_t *start; /* nleaves + 1 */
} RpTree;

/* Build a tree over n rows of X (row i at X + i * stride; stride a
 * multiple of 8, rows padded with zeros) with leaves of at most leaf_size
 * rows (>= 2), drawing from seed.  n must be below 2^31.  On success t
 * owns new arrays (free with rptree_free). */
int rptree_build(const float *X, size_t n, size_t stride, size_t leaf_size, uint64_t seed,
                 RpTree *t, Err *e);
void rptree_free(RpTree *t);

#endif
