/* numparse.h — fast, exact-in-the-common-case number parsing for loaders. */
#ifndef DV_IO_NUMPARSE_H
#define DV_IO_NUMPARSE_H

#include <stddef.h>

/* Parse s[0..len) as a float.  Empty, "NA", "nan" (any case) give NaN.
 * Plain decimals with up to 19 significant digits and a power of ten up to
 * 22 are converted exactly (Clinger 1990, "How to read floating point
 * numbers accurately": the fast path) and rounded once to float; other
 * forms go through strtof.  s must be followed by a NUL or a non-number
 * character.  Returns 0, or -1 when s is not a number. */
int num_parse_float(const char *s, size_t len, float *out);

#endif
