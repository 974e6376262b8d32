/* plot.h — plots as values.
 *
 * A Plot holds what to draw (its own copy of the data and the options);
 * plot_render draws it into a cell grid of any size, so the same plot
 * redraws after a resize, in a script (text) or in the screen (ncurses).
 * Ownership: constructors copy their inputs and return a new Plot the
 * caller frees with plot_free (or hands to val_plot).
 */
#ifndef DV_PLOT_PLOT_H
#define DV_PLOT_PLOT_H

#include <stdio.h>

#include "core/err.h"
#include "core/mat.h"
#include "plot/grid.h"

typedef struct Plot Plot;

typedef enum { PLOT_SCATTER, PLOT_LINES, PLOT_BARS, PLOT_IMAGES, PLOT_HEATMAP } PlotKind;

/* Scatter of the first two columns of X.  Colours come from labels (one
 * int per row, -1 = none; NULL = X's own labels) with class names from X.
 * labels_at_points prints row names at points (skipping overlaps); equal
 * gives both axes the same scale. */
Plot *plot_scatter(const Mat *X, const int *labels, int labels_at_points, int equal, Err *e);
/* Line plot: each row of Y is a series (NaN ends a series early); x is
 * NULL (0, 1, 2, ...) or a 1 x n vector.  Series names from Y's row names. */
Plot *plot_lines(const Mat *x, const Mat *Y, int logy, Err *e);
/* Vertical bars; names from values' column names (or NULL). */
Plot *plot_bars(const Mat *values, Err *e);
/* Histogram of all values of X in `bins` equal bins. */
Plot *plot_hist(const Mat *X, int bins, Err *e);
/* Images: each row of X is an h x w image (grey, row-major).  cols = images
 * per row of the grid (0 = as fits). */
Plot *plot_images(const Mat *X, size_t h, size_t w, int cols, Err *e);
/* Heatmap of a matrix's values. */
Plot *plot_heatmap(const Mat *X, Err *e);

void plot_free(Plot *p);
/* A deep copy (for a front end that keeps a plot after a statement ends). */
Plot *plot_clone(const Plot *p, Err *e);

int plot_set_title(Plot *p, const char *title, Err *e);
PlotKind plot_kind(const Plot *p);

/* View limits (NaN = automatic from the data). */
void plot_set_xlim(Plot *p, double lo, double hi);
void plot_set_ylim(Plot *p, double lo, double hi);
void plot_get_limits(const Plot *p, double lim[4]); /* current xlo, xhi, ylo, yhi */
/* Zoom by factor (2 = twice as close) around the centre of the view; pan
 * by a fraction of the view's width/height.  0 factor resets. */
void plot_zoom(Plot *p, double factor);
void plot_pan(Plot *p, double fx, double fy);
void plot_toggle_labels(Plot *p);

/* Draw p into a new width x height grid.  color 0/8/256 decides how
 * classes are told apart; utf8 = braille and block characters allowed.
 * Caller frees the grid. */
Grid *plot_render(const Plot *p, int width, int height, int color, int utf8, Err *e);

/* For a cursor at cell (cx, cy) of a width x height rendering: the nearest
 * data point (scatter only).  Returns its row index or -1; fills x, y and
 * *name (borrowed, may be NULL) and *label (-1 = none) and the class name
 * into cls. */
long plot_nearest(const Plot *p, int width, int height, int cx, int cy, double *x, double *y,
                  const char **name, char *cls, size_t ncls);
/* The cell where data point (x, y) is drawn, or -1 when outside. */
int plot_cell_of(const Plot *p, int width, int height, double x, double y, int *cx, int *cy);

/* Render at width x height and print as text to out. */
int plot_write_text(const Plot *p, FILE *out, int width, int height, int color, int utf8, Err *e);

/* Save: .svg (vector picture), .ans (text with ANSI colour), anything else
 * plain text.  Atomic. */
int plot_save(const Plot *p, const char *path, int width, int height, Err *e);

#endif
