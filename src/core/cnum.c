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
#include <stdlib.h>

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

int cnum_format_float(char *buf, size_t n, float x)
{
    if (isnan(x)) return snprintf(buf, n, "nan");
    if (isinf(x)) return snprintf(buf, n, x < 0 ? "-inf" : "inf");
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
