/* plot.h — plots as values: what to draw, drawn at any size.
 *
 * A Plot holds its own copy of the data it draws and its options; it
 * never refers to the caller's matrices, so it outlives them.  plot_render
 * draws a plot into a Grid (grid.h) of any size, so the same plot prints
 * in a script (plot_write_text), saves as text or SVG (plot_save) and
 * redraws in the ncurses screen after a resize, a zoom or a pan.
 *
 * Ownership: constructors copy their inputs (the caller keeps what it
 * passed) and return a new Plot freed with plot_free (val_plot takes it
 * over).  plot_render returns a new Grid freed with grid_free.  Strings a
 * PlotPoint points to are borrowed from the plot and live as long as it.
 *
 * Views: zoom, pan, limits, the cursor and the label toggle live in a
 * PlotView, not in the data.  Every plot has a default view (set by the
 * xlim/ylim builtins through plot_set_xlim/plot_set_ylim, used by scripts
 * and plot_save); a front end may keep its own PlotView per pane and pass
 * it to plot_render and plot_nearest_point.
 */
#ifndef DV_PLOT_PLOT_H
#define DV_PLOT_PLOT_H

#include <stddef.h>
#include <stdio.h>

#include "core/err.h"
#include "core/mat.h"
#include "plot/grid.h"

typedef struct Plot Plot;

/* plot_render's utf8 argument: the character set (fallback ladder). */
#define PLOT_ASCII 0  /* ASCII only */
#define PLOT_UTF8 1   /* braille dots, block and box characters */
#define PLOT_BLOCKS 2 /* UTF-8 without braille (2x2 quadrant blocks for dots) */

/* ---- constructors ------------------------------------------------------ */

/* Scatter of the first two columns of X (at least 2 columns).  Classes:
 * labels (X->rows ints, -1 = none) with class_names (n_classes of them,
 * may be NULL: classes shown as numbers), or when labels is NULL X's own
 * labels and label_names.  Row names of X are kept for labels at points
 * and the cursor; X's column names name the axes. */
Plot *plot_scatter(const Mat *X, const int *labels, char *const *class_names, size_t n_classes, Err *e);
/* Curves: each row of Y is a series (NaN = no value there; a series may
 * end early).  x: NULL for 0, 1, 2, ... or a vector of Y->cols values.
 * names: Y->rows series names, or NULL for Y's row names (legend). */
Plot *plot_curve(const Mat *x, const Mat *Y, char *const *names, Err *e);
/* Bars for n values; names: n strings (entries may be NULL) or NULL. */
Plot *plot_bars(const float *values, size_t n, char *const *names, Err *e);
/* Histogram of all (non-NaN) values of X in `bins` equal bins (1..10000). */
Plot *plot_hist(const Mat *X, int bins, Err *e);
/* Images: each row of X is one h x w x c image (c = 1 grey, or 3 = RGB,
 * interleaved as in PPM files: pixel (y, x) channel k at (y*w + x)*c + k).
 * cols: images per row of the grid, 0 = as fits best.  Row names and
 * labels of X become captions. */
Plot *plot_images(const Mat *X, size_t h, size_t w, size_t c, int cols, Err *e);
/* Heatmap of X's values; X's row and column names label the rows and
 * columns. */
Plot *plot_heatmap(const Mat *X, Err *e);

/* A deep copy (for a front end that keeps a plot longer than its value). */
Plot *plot_clone(const Plot *p, Err *e);
void plot_free(Plot *p);

/* ---- options ------------------------------------------------------------ */

/* What kind of plot it is ("scatter", "curve", "bars", "hist", "images",
 * "heatmap"), and what plot_size counts ("points", "values", ...). */
const char *plot_kind_name(const Plot *p);
const char *plot_item_name(const Plot *p);
/* Title shown above the plot (copied; NULL removes it). */
int plot_set_title(Plot *p, const char *title, Err *e);
const char *plot_title(const Plot *p); /* borrowed, may be NULL */
/* Axis names (copied; NULL = none). Scatter takes them from X's columns. */
int plot_set_axis_names(Plot *p, const char *xname, const char *yname, Err *e);
/* Scatter: print row names at points (overlapping names are skipped). */
void plot_set_point_labels(Plot *p, int on);
int plot_point_labels(const Plot *p); /* what plot_set_point_labels set */
/* Scatter: equal aspect (one data unit is as long across as up; right for
 * embeddings).  Off = fill the area. */
void plot_set_equal(Plot *p, int on);
/* Curve: logarithmic y axis (values <= 0 are not drawn). */
void plot_set_logy(Plot *p, int on);
/* Number of data items (points, values, images, matrix rows). */
size_t plot_size(const Plot *p);

/* ---- views ----------------------------------------------------------- */

typedef struct PlotView {
    double xlim[2], ylim[2]; /* shown data range; NaN = from the data */
    double zoom;             /* 1 = the whole range; 2 = twice as close ... */
    double cx, cy;           /* centre of the zoomed window in data units; NaN = centre of the range */
    int labels;              /* names at points: -1 = as the plot says, 0 = off, 1 = on */
    int cursor;              /* 1 = mark the cell (cur_x, cur_y) in reverse video */
    int cur_x, cur_y;        /* cursor cell in the grid */
} PlotView;

/* A view showing everything (no limits, zoom 1, no cursor, labels as the
 * plot says). */
void plot_view_init(PlotView *v);
/* The plot's default view (what plot_render uses when given NULL). */
PlotView *plot_default_view(Plot *p);
const PlotView *plot_get_view(const Plot *p);
/* Limits on the default view (for the xlim/ylim builtins); NaN, NaN
 * returns to the data's range.  Setting limits resets zoom and centre. */
void plot_set_xlim(Plot *p, double lo, double hi);
void plot_set_ylim(Plot *p, double lo, double hi);

/* The data window (x0, x1, y0, y1) a width x height rendering of p shows
 * through view v (NULL = default view), after limits, zoom, pan and equal
 * aspect.  For a log y axis, y0 and y1 are log10 values.  Returns 0, or
 * -1 for plots without x/y axes (images, heatmaps). */
int plot_window(const Plot *p, const PlotView *v, int width, int height, double win[4]);
/* Zoom by factor (2 = twice as close, 0.5 = back out) keeping the data
 * point under cell (cell_x, cell_y) in place; a cell outside the plot
 * area zooms around the centre. */
void plot_view_zoom(PlotView *v, const Plot *p, int width, int height, double factor, int cell_x, int cell_y);
/* Pan by fractions of the visible window (0.1 = a tenth of its width to
 * the right / of its height up). */
void plot_view_pan(PlotView *v, const Plot *p, int width, int height, double fx, double fy);
/* Back to everything (keeps the cursor and the label setting). */
void plot_view_reset(PlotView *v);

/* ---- rendering --------------------------------------------------------- */

/* Draw p through view (NULL = its default view) into a new width x height
 * grid.  color: 0 (classes told apart by letters), 8 or 256; utf8: one of
 * PLOT_ASCII, PLOT_UTF8, PLOT_BLOCKS.  Any size works (tiny ones drop
 * axes and legends).  Caller frees the grid with grid_free. */
Grid *plot_render(const Plot *p, const PlotView *view, int width, int height, int color, int utf8, Err *e);

/* Render at width x height through the default view and write it as text
 * to out (ANSI escapes only when color is 8 or 256). */
int plot_write_text(const Plot *p, FILE *out, int width, int height, int color, int utf8, Err *e);

/* What is drawn nearest to a cell: a point (scatter), a point of a
 * series (curve), a bar, a histogram bin, an image or a matrix entry. */
typedef struct PlotPoint {
    size_t index;       /* data row / point / bar / bin / image / matrix row */
    size_t series;      /* curve: the series; heatmap: the column; else 0 */
    const char *name;   /* row, series or bar name (borrowed), or NULL */
    int label;          /* class, -1 = none */
    char cls[64];       /* class name ("" when none) */
    double x, y;        /* data coordinates (scatter, curve), bin range (hist) */
    double value;       /* bar value, bin count or matrix entry (NaN otherwise) */
    int cell_x, cell_y; /* where it is drawn */
} PlotPoint;

/* The item nearest to cell (cell_x, cell_y) of a width x height rendering
 * through view (NULL = default); distance is measured on screen.  Returns
 * its index (also in pt->index) or -1 when nothing is shown. */
long plot_nearest_point(const Plot *p, const PlotView *view, int width, int height, int cell_x, int cell_y,
                        PlotPoint *pt);
/* pt (from plot_nearest_point) as one line for a status bar:
 * "#12 word (class) at 1.5, -2" (the tail depends on the kind).  Returns
 * the length written (at most n - 1). */
size_t plot_describe_point(const Plot *p, const PlotPoint *pt, char *buf, size_t n);
/* The cell where data point (x, y) is drawn (scatter and curve), or -1
 * when it is outside the window. */
int plot_cell_of(const Plot *p, const PlotView *view, int width, int height, double x, double y, int *cell_x,
                 int *cell_y);

/* ---- files ------------------------------------------------------------- */

/* Write an SVG picture of the same data (through the default view). */
int plot_write_svg(const Plot *p, FILE *out, Err *e);
/* Save by extension, atomically: .svg a vector picture; .ans text with
 * 256-colour ANSI escapes; anything else (.txt) plain UTF-8 text.  Text is
 * width x height cells. */
int plot_save(const Plot *p, const char *path, int width, int height, Err *e);

#endif
