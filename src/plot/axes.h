/* axes.h — tick positions and labels (1-2-5 steps). */
#ifndef DV_PLOT_AXES_H
#define DV_PLOT_AXES_H

#include <stddef.h>

/* Up to max "nice" ticks in [lo, hi]: returns the count, values in t. */
int axes_ticks(double lo, double hi, int max, double *t);
/* Tick label for value v when ticks are step apart (log: v is a power). */
void axes_label(double v, double step, int logscale, char *buf, size_t n);

#endif
