/* axes.c — nice tick values and their labels. */
#include "plot/axes.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Ticks k*step for k in [ceil(lo/step), floor(hi/step)], computed from k
 * (not by adding) so they do not drift; a tiny tolerance keeps ends that
 * are exact multiples. */
static int fill(double lo, double hi, double step, int max, double *t)
{
    double k0 = ceil(lo / step - 1e-9), k1 = floor(hi / step + 1e-9);
    int n = 0;
    for (double k = k0; k <= k1 && n < max; k++) {
        double v = k * step;
        t[n++] = fabs(v) < step * 1e-9 ? 0.0 : v;
    }
    return n;
}

int axes_ticks(double lo, double hi, int max, double *t, double *step)
{
    if (max > AXES_MAX_TICKS) max = AXES_MAX_TICKS;
    if (max < 1) max = 1;
    double range = hi - lo;
    if (!(range > 0) || !isfinite(range) || !isfinite(lo)) {
        t[0] = isfinite(lo) ? lo : 0;
        *step = 1;
        return 1;
    }
    static const double mult[] = {1, 2, 5};
    double mag = pow(10, floor(log10(range / max)) - 1);
    for (int d = 0; d < 40; d++, mag *= 10)
        for (int m = 0; m < 3; m++) {
            double s = mult[m] * mag;
            double count = floor(hi / s + 1e-9) - ceil(lo / s - 1e-9) + 1;
            if (count <= max) {
                *step = s;
                int n = fill(lo, hi, s, max, t);
                if (n == 0) { /* a step wider than the range: one tick at a round value inside */
                    t[0] = lo;
                    n = 1;
                }
                return n;
            }
        }
    t[0] = lo;
    *step = range;
    return 1;
}

int axes_log_ticks(double lo, double hi, int max, double *t)
{
    if (max > AXES_MAX_TICKS) max = AXES_MAX_TICKS;
    if (max < 1) max = 1;
    if (!(hi > lo) || !isfinite(hi - lo)) {
        t[0] = lo;
        return 1;
    }
    if (floor(hi + 1e-9) - ceil(lo - 1e-9) >= 1) { /* at least two powers of ten inside */
        /* 1, 2, 5 times each power when they all fit */
        static const double m125[3] = {1, 2, 5};
        int m = 0;
        for (double k = floor(lo) - 1; k <= ceil(hi) && m <= max; k++)
            for (int i = 0; i < 3; i++) {
                double v = k + log10(m125[i]);
                if (v >= lo - 1e-9 && v <= hi + 1e-9) {
                    if (m < max) t[m] = v;
                    m++;
                }
            }
        if (m <= max) return m;
        double step;
        int n = axes_ticks(ceil(lo - 1e-9), floor(hi + 1e-9), max, t, &step);
        if (step < 1) n = fill(lo, hi, 1, max, t);
        return n;
    }
    double lin[AXES_MAX_TICKS], step;
    int n = axes_ticks(pow(10, lo), pow(10, hi), max, lin, &step), k = 0;
    for (int i = 0; i < n; i++)
        if (lin[i] > 0) t[k++] = log10(lin[i]);
    return k;
}

/* "1.5e+06" -> "1.5e6", "2e-05" -> "2e-5". */
static void compact_exp(char *buf)
{
    char *e = strchr(buf, 'e');
    if (!e) return;
    char *p = e + 1, *q = e + 1;
    if (*p == '+') p++;
    else if (*p == '-') *q++ = *p++;
    while (*p == '0' && p[1]) p++;
    memmove(q, p, strlen(p) + 1);
}

void axes_format(double v, double step, char *buf, size_t n)
{
    if (fabs(v) < fabs(step) * 1e-9) v = 0; /* rounding noise around zero */
    double a = fabs(v);
    if (a != 0 && (a >= 1e6 || a < 1e-4 || step < 1e-5)) {
        int digits = (int)floor(log10(a)) - (int)floor(log10(step) + 1e-9);
        if (digits < 0) digits = 0;
        if (digits > 6) digits = 6;
        snprintf(buf, n, "%.*e", digits, v);
        /* drop zeros the step does not need: 2.50e6 -> 2.5e6 */
        char *e = strchr(buf, 'e'), *z = e;
        while (z > buf && z[-1] == '0') z--;
        if (z > buf && z[-1] == '.') z--;
        memmove(z, e, strlen(e) + 1);
        compact_exp(buf);
        return;
    }
    int dec = step >= 1 ? 0 : (int)ceil(-log10(step) - 1e-9);
    if (dec > 9) dec = 9;
    snprintf(buf, n, "%.*f", dec, v);
    if (strcmp(buf, "-0") == 0 || (buf[0] == '-' && strspn(buf + 1, "0.") == strlen(buf + 1)))
        memmove(buf, buf + 1, strlen(buf)); /* no "-0.0" */
}

void axes_format_log(double v, char *buf, size_t n)
{
    double x = pow(10, v);
    if (fabs(v - round(v)) < 1e-9 && (v >= 5 || v <= -4)) {
        snprintf(buf, n, "1e%d", (int)round(v));
        return;
    }
    if (x >= 1e-4 && x < 1e5) snprintf(buf, n, "%.6g", x);
    else snprintf(buf, n, "%.3g", x);
    compact_exp(buf);
}

void axes_format_value(double v, char *buf, size_t n)
{
    snprintf(buf, n, "%.4g", v);
    compact_exp(buf);
}
