/* axes.h — tick positions and tick labels.
 *
 * Linear ticks are multiples of a 1-2-5 step (1, 2, 5, 10, 20, ...): the
 * smallest such step that puts at most `max` ticks inside [lo, hi], as in
 * Heckbert's "Nice numbers for graph labels" (Graphics Gems, 1990) but
 * with the count bounded instead of aimed at.
 */
#ifndef DV_PLOT_AXES_H
#define DV_PLOT_AXES_H

#include <stddef.h>

#define AXES_MAX_TICKS 64

/* Ticks inside [lo, hi] into t (at most max, max <= AXES_MAX_TICKS);
 * returns the count and the step into *step.  A degenerate range gives
 * one tick at lo. */
int axes_ticks(double lo, double hi, int max, double *t, double *step);
/* Ticks of a log10 axis: lo, hi and the ticks are log10 of the values.
 * Spans of a decade or more tick at powers of ten (every 1, 2, 5, ...
 * decades); shorter spans tick at 1-2-5 values. */
int axes_log_ticks(double lo, double hi, int max, double *t);
/* Label for tick v when ticks are step apart: as many decimals as the step
 * needs ("0.5", "2", "-0.25" never happens); very large or very small
 * values in exponent form without padding ("1e6", "2.5e-5"). */
void axes_format(double v, double step, char *buf, size_t n);
/* Label for a log10 tick v (the value is 10^v): "0.01", "1", "1000", "1e6". */
void axes_format_log(double v, char *buf, size_t n);
/* A value in 4 significant digits, compact exponent ("0.1235", "1.5e6"). */
void axes_format_value(double v, char *buf, size_t n);

#endif
