/* floatsort.h — the order of n floats, stable, NaN last: what sort,
 * argsort and unique (src/lang/builtins_order.c) and any other sort of
 * float keys need.
 *
 * A least-significant-digit radix sort on the floats' bits (Knuth, TAOCP
 * 5.2.5; the sign trick of Herf, "Radix Tricks", 2001): each float becomes
 * an unsigned key that orders like the number, -0 and +0 equal, NaN above
 * everything; four stable passes of one byte each (a pass whose byte is
 * the same for every key is skipped).  O(n), where a comparison sort is
 * O(n log n).  Equal values keep their order, so argsort is NumPy's
 * kind="stable". */
#ifndef DV_CORE_FLOATSORT_H
#define DV_CORE_FLOATSORT_H

#include <stddef.h>

#include "core/err.h"

/* perm[0..n) receives the positions of x[0], x[stride], ... in ascending
 * order (descending with descending = 1; NaN last either way).  Returns 0,
 * or -1 with e set when out of memory. */
int floatsort_order(const float *x, size_t n, size_t stride, int descending, size_t *perm, Err *e);

/* Sort x[0..n) in place, ascending, NaN last (-0 comes back as +0).
 * Returns 0, or -1 with e set when out of memory. */
int floatsort_values(float *x, size_t n, Err *e);

#endif
