/* numparse.h — fast, exact-in-the-common-case number parsing for loaders. */
#ifndef DV_IO_NUMPARSE_H
#define DV_IO_NUMPARSE_H

#include <stddef.h>

/* What num_parse_float found. */
enum {
    NUM_OK = 0,     /* a number, stored */
    NUM_TINY = 1,   /* a nonzero number too small for a float: stored as
                       (signed) 0; callers say so once per file */
    NUM_BAD = -1,   /* not a number */
    NUM_RANGE = -2, /* a number too large for a float (beyond
                       3.4028235e38); *out is left alone */
};

/* Parse s[0..len) as a float, in the C locale whatever the user's.
 * Empty, "NA", "nan" (any case) give NaN; "inf"/"infinity" give
 * infinities.  Plain decimals with up to 19 significant digits and a power
 * of ten up to 22 are converted exactly (Clinger 1990, "How to read
 * floating point numbers accurately": the fast path) and rounded once to
 * float; other forms, of any length, go through strtof.  A NUL inside
 * s[0..len) makes it not a number.  Spaces and tabs around the number are
 * ignored.  Returns one of the codes above. */
int num_parse_float(const char *s, size_t len, float *out);

/* 1 when the code says s is written as a number (in range or not). */
#define NUM_IS_NUMERAL(code) ((code) != NUM_BAD)

#endif
