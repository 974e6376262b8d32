/* cnum.c — C-locale number reading and writing (see cnum.h).
 *
 * One C locale object, made on first use, serves every thread: strtof_l
 * and strtod_l take it directly; formatting switches the calling thread to
 * it with uselocale for the duration of one call (a thread-local setting,
 * so other threads are not affected). */
#include "core/cnum.h"

#include <float.h>
#include <locale.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static locale_t c_locale;
static pthread_once_t c_once = PTHREAD_ONCE_INIT;

static void make_c_locale(void)
{
    c_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0);
}

/* The C locale, or (locale_t)0 when it could not be made (then the
 * process's locale is used, which main.c keeps at "C" for numbers). */
static locale_t cloc(void)
{
    pthread_once(&c_once, make_c_locale);
    return c_locale;
}

float cnum_strtof(const char *s, char **end)
{
    locale_t l = cloc();
    return l ? strtof_l(s, end, l) : strtof(s, end);
}

double cnum_strtod(const char *s, char **end)
{
    locale_t l = cloc();
    return l ? strtod_l(s, end, l) : strtod(s, end);
}

int cnum_vsnprintf(char *buf, size_t n, const char *fmt, va_list ap)
{
    locale_t l = cloc(), old = l ? uselocale(l) : (locale_t)0;
    int r = vsnprintf(buf, n, fmt, ap);
    if (l) uselocale(old);
    return r;
}

int cnum_snprintf(char *buf, size_t n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = cnum_vsnprintf(buf, n, fmt, ap);
    va_end(ap);
    return r;
}

/* The slow way: %.Pg for P = 6..9 (1..9 for subnormals) until the text
 * reads back as x, in the C locale. */
static int format_slow(char *buf, size_t n, float x)
{
    locale_t l = cloc(), old = l ? uselocale(l) : (locale_t)0;
    int r = 0;
    /* Subnormals carry fewer digits than FLT_DIG: start from one. */
    for (int p = fabsf(x) < FLT_MIN ? 1 : 6; p <= 9; p++) {
        r = snprintf(buf, n, "%.*g", p, (double)x);
        if (p == 9 || (r > 0 && (size_t)r < n && strtof(buf, NULL) == x)) break;
    }
    if (l) uselocale(old);
    return r;
}

static const double pow10_exact[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                     1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                     1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

/* m * 10^-k rounded to float, exactly as a correct decimal reader would
 * (Clinger 1990's fast path: m < 2^53 and 10^|k| exact in double, so the
 * double is correctly rounded; -1 when a second rounding to float could
 * go wrong, a double on a float midpoint). */
static int decimal_to_float(uint64_t m, int k, float *out)
{
    double d = k >= 0 ? (double)m / pow10_exact[k] : (double)m * pow10_exact[-k];
    uint64_t bits;
    memcpy(&bits, &d, sizeof bits);
    if ((bits & ((1ULL << 29) - 1)) == (1ULL << 28)) return -1;
    *out = (float)d;
    return 0;
}

int cnum_format_float(char *buf, size_t n, float x)
{
    if (isnan(x)) return snprintf(buf, n, "nan");
    if (isinf(x)) return snprintf(buf, n, x < 0 ? "-inf" : "inf");
    if (x == 0) return snprintf(buf, n, signbit(x) ? "-0" : "0");
    if (n < 32) return format_slow(buf, n, x);
    /* The fewest digits p whose nearest p-digit decimal reads back as x,
     * printed as %.Pg would (P = max(p, 6), or p for subnormals, as
     * format_slow prints them).  Scales beyond 10^22 take the slow way. */
    double v = fabs((double)x);
    int e10 = (int)floor(log10(v));
    double pe = pow(10.0, e10); /* log10 may be off by one next to a power of ten */
    if (v < pe)
        e10--;
    else if (v >= pe * 10)
        e10++;
    uint64_t m = 0;
    int p, found = 0;
    for (p = 1; p <= 9 && !found; p++) {
        int k = p - 1 - e10; /* v * 10^k has p digits before the point */
        if (k > 22 || k < -22) return format_slow(buf, n, x);
        double s = k >= 0 ? v * pow10_exact[k] : v / pow10_exact[-k];
        m = (uint64_t)nearbyint(s);
        float back;
        if (decimal_to_float(m, k, &back) < 0) return format_slow(buf, n, x);
        found = back == (float)v;
    }
    p--;
    if (!found) return format_slow(buf, n, x);
    if (m >= (uint64_t)pow10_exact[p]) { /* 9.99.. rounded up to 10 */
        m /= 10;
        e10++;
    }
    char dig[12];
    int nd = 0;
    for (uint64_t t = m; t; t /= 10)
        nd++;
    for (int i = nd - 1; i >= 0; i--, m /= 10)
        dig[i] = (char)('0' + m % 10);
    while (nd > 1 && dig[nd - 1] == '0')
        nd--; /* %g drops trailing zeros */
    int P = fabsf(x) < FLT_MIN ? p : (p > 6 ? p : 6), o = 0;
    if (x < 0) buf[o++] = '-';
    if (e10 < -4 || e10 >= P) { /* d.ddde+XX */
        buf[o++] = dig[0];
        if (nd > 1) {
            buf[o++] = '.';
            memcpy(buf + o, dig + 1, (size_t)nd - 1);
            o += nd - 1;
        }
        int ae = e10 < 0 ? -e10 : e10;
        buf[o++] = 'e';
        buf[o++] = e10 < 0 ? '-' : '+';
        if (ae >= 100) buf[o++] = (char)('0' + ae / 100);
        buf[o++] = (char)('0' + ae / 10 % 10);
        buf[o++] = (char)('0' + ae % 10);
        buf[o] = '\0';
    } else if (e10 >= 0) { /* ddd.ddd or ddd00 */
        for (int i = 0; i <= e10 || i < nd; i++) {
            if (i == e10 + 1) buf[o++] = '.';
            buf[o++] = i < nd ? dig[i] : '0';
        }
        buf[o] = '\0';
    } else { /* 0.000ddd */
        buf[o++] = '0';
        buf[o++] = '.';
        for (int i = 0; i < -e10 - 1; i++)
            buf[o++] = '0';
        memcpy(buf + o, dig, (size_t)nd);
        o += nd;
        buf[o] = '\0';
    }
    return o;
}
