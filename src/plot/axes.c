#include "plot/axes.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Heckbert, "Nice numbers for graph labels", Graphics Gems (1990). */
static double nice_step(double range, int max)
{
    double raw = range / (max > 1 ? max - 1 : 1);
    double mag = pow(10, floor(log10(raw)));
    double f = raw / mag;
    double s = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
    return s * mag;
}

int axes_ticks(double lo, double hi, int max, double *t)
{
    if (max < 2 || !(hi > lo)) {
        t[0] = lo;
        return 1;
    }
    double step = nice_step(hi - lo, max);
    int n = 0;
    for (double v = ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9 && n < max + 2; v += step)
        t[n++] = fabs(v) < step * 1e-9 ? 0 : v;
    while (n > max) { /* too many: double the step */
        int k = 0;
        for (int i = 0; i < n; i += 2) t[k++] = t[i];
        n = k;
    }
    return n;
}

void axes_label(double v, double step, int logscale, char *buf, size_t n)
{
    if (logscale) {
        double p = pow(10, v);
        if (fabs(v - round(v)) < 1e-9) snprintf(buf, n, "1e%d", (int)round(v));
        else snprintf(buf, n, "%.2g", p);
        return;
    }
    double a = fabs(v);
    if (a != 0 && (a >= 1e6 || a < 1e-4)) {
        snprintf(buf, n, "%.2g", v);
        return;
    }
    int dec = step >= 1 ? 0 : (int)ceil(-log10(step) - 1e-9);
    if (dec > 6) dec = 6;
    snprintf(buf, n, "%.*f", dec, v);
}
