/* nearest.h — the rows of a matrix most similar to a query vector by
 * cosine, by brute force: one pass over the rows computing each row's dot
 * product and norm together (AVX2 when the CPU has it), split over threads
 * for large matrices.  400,000 x 300 floats take one read of 480 MB, so
 * no index is kept between queries. */
#ifndef DV_CORE_NEAREST_H
#define DV_CORE_NEAREST_H

#include <stddef.h>

#include "core/err.h"
#include "core/mat.h"

/* The k rows of E (E->cols values each) most similar to q by cosine,
 * leaving out the nskip rows listed in skip.  Only the first `limit` rows
 * are searched (0 = all).  Fills idx and sim (k entries each, best first;
 * ties go to the lower row) and returns how many were found (fewer than k
 * when E has fewer rows), or -1 with e set (q all zeros, k < 1, no memory).
 * A row of zeros has cosine 0 with everything. */
int nearest_cosine(const Mat *E, const float *q, size_t limit, const long *skip, size_t nskip, int k, long *idx,
                   double *sim, Err *e);

#endif
