/* plot.h — plots as values: a Plot holds what to draw (data and options);
 * it is rendered to a cell grid at whatever size the front end has.
 * (Skeleton: the plot module owner grows this file; the two functions below
 * are the contract the language and front ends rely on.)
 */
#ifndef DV_PLOT_PLOT_H
#define DV_PLOT_PLOT_H

#include <stdio.h>

#include "core/err.h"

typedef struct Plot Plot;

void plot_free(Plot *p);

/* Render p at width x height cells and print it as text to out.
 * color: 0 = none, 8 or 256 (ANSI escapes); utf8: braille/blocks allowed. */
int plot_write_text(const Plot *p, FILE *out, int width, int height, int color, int utf8,
                    Err *e);

#endif
