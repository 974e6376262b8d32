/* numparse.c — decimal text to float, correctly rounded (see numparse.h).
 *
 * Fast path (Clinger 1990, "How to read floating point numbers
 * accurately", PLDI): a decimal m * 10^k with m < 2^53 and |k| <= 22 has
 * m and 10^|k| exact in double, so one multiplication or division gives
 * the double nearest to the value.  Rounding that double to float is a
 * second rounding, which can only go wrong when the double lies exactly
 * halfway between two floats (any other double has the exact value on its
 * own side of every float midpoint, midpoints being doubles themselves);
 * that case, and everything outside the fast path, goes to strtof.
 */
#include "io/numparse.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/cnum.h"

static const double pow10_tab[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                   1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                   1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

/* Any nonzero digit in the significand (before an exponent)? */
static int nonzero_significand(const char *s, size_t len)
{
    int hex = 0;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c == 'x' || c == 'X') {
            hex = 1;
            continue;
        }
        if ((!hex && (c == 'e' || c == 'E')) || (hex && (c == 'p' || c == 'P'))) break;
        if ((c >= '1' && c <= '9') || (hex && ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))))
            return 1;
    }
    return 0;
}

static int slow_path(const char *s, size_t len, float *out)
{
    char small[128], *buf = small;
    if (memchr(s, '\0', len)) return NUM_BAD;
    if (len >= sizeof small && !(buf = malloc(len + 1))) return NUM_BAD;
    memcpy(buf, s, len);
    buf[len] = '\0';
    char *end;
    errno = 0;
    float x = cnum_strtof(buf, &end);
    int bad = end == buf || *end, range = errno == ERANGE;
    if (buf != small) free(buf);
    if (bad) return NUM_BAD;
    if (isinf(x) && range) return NUM_RANGE; /* a numeral, not "inf" */
    *out = x;
    return x == 0 && nonzero_significand(s, len) ? NUM_TINY : NUM_OK;
}

static int is_digit(char c)
{
    return (unsigned)(c - '0') < 10u;
}

int num_parse_float(const char *s, size_t len, float *out)
{
    while (len && (*s == ' ' || *s == '\t')) s++, len--;
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\r')) len--;
    const char *p = s, *end = s + len;
    int neg = 0;
    if (p < end && (*p == '-' || *p == '+')) neg = *p++ == '-';
    /* Digits go into mant while they fit 19 of them (leading zeros count,
     * which only sends the odd long number to the slow path). */
    uint64_t mant = 0;
    int ndig = 0, exp10 = 0;
    const char *d0 = p;
    while (p < end && is_digit(*p)) mant = mant * 10 + (uint64_t)(*p++ - '0');
    ndig = (int)(p - d0);
    if (p < end && *p == '.') {
        const char *f0 = ++p;
        while (p < end && is_digit(*p)) mant = mant * 10 + (uint64_t)(*p++ - '0');
        exp10 = -(int)(p - f0);
        ndig += (int)(p - f0);
    }
    if (ndig == 0) {
        if (len == 0 || (len == 2 && strncasecmp(s, "NA", 2) == 0) || (len == 3 && strncasecmp(s, "nan", 3) == 0)) {
            *out = NAN;
            return NUM_OK;
        }
        return slow_path(s, len, out); /* inf, infinity, nan(...), hex ... or not a number */
    }
    if (p < end && (*p == 'e' || *p == 'E')) {
        p++;
        int eneg = 0, ev = 0;
        if (p < end && (*p == '-' || *p == '+')) eneg = *p++ == '-';
        const char *e0 = p;
        while (p < end && is_digit(*p)) {
            if (ev < 100000) ev = ev * 10 + (*p - '0');
            p++;
        }
        if (p == e0) return NUM_BAD;
        exp10 += eneg ? -ev : ev;
    }
    if (p != end) return p < end && (*p == 'x' || *p == 'X') ? slow_path(s, len, out) : NUM_BAD;
    if (ndig > 19 || mant > (1ULL << 53) || exp10 < -22 || exp10 > 22) return slow_path(s, len, out);
    double x = (double)mant;
    x = exp10 < 0 ? x / pow10_tab[-exp10] : x * pow10_tab[exp10];
    uint64_t bits;
    memcpy(&bits, &x, sizeof bits);
    /* float keeps 23 of double's 52 fraction bits: a double whose other 29
     * bits are exactly 1000...0 is a float midpoint (see the top). */
    if ((bits & ((1ULL << 29) - 1)) == (1ULL << 28)) return slow_path(s, len, out);
    *out = (float)(neg ? -x : x);
    return NUM_OK;
}
