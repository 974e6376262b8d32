/* plot_impl.h — the Plot record and the renderers, shared by the plot
 * module's files only. */
#ifndef DV_PLOT_IMPL_H
#define DV_PLOT_IMPL_H

#include "plot/axes.h"
#include "plot/canvas.h"
#include "plot/plot.h"

/* The kinds of plot: each is one row of the operations table
 * (plot_kinds.c), which says how it is drawn, found under the cursor,
 * written as SVG, counted and described; nothing outside this module
 * switches on the kind.  A new kind is a file with its functions, a value
 * here and a row there. */
typedef enum {
    PLOT_SCATTER, /* points, coloured by class */
    PLOT_CURVE,   /* one or more series of y values (against 0, 1, ... or given x) */
    PLOT_BARS,    /* one bar per value */
    PLOT_HIST,    /* histogram of values */
    PLOT_IMAGES,  /* rows of a matrix as images, in a grid */
    PLOT_HEATMAP, /* a matrix as shaded cells with a colour scale */
} PlotKind;

typedef struct PlotOps {
    const char *name;  /* "scatter" (the screen's status bar) */
    const char *items; /* what size counts: "points" */
    int xy;            /* an x/y data window: zoom, pan, limits, data coordinates */
    /* draw into a new w x h grid through view v (kinds without a data window ignore it) */
    Grid *(*render)(const Plot *p, const PlotView *v, int w, int h, int color, int cs, Err *e);
    /* the item nearest to cell (cx, cy): fills pt, returns its index or -1 */
    long (*nearest)(const Plot *p, const PlotView *v, int w, int h, int cx, int cy, PlotPoint *pt);
    /* the picture inside the <svg> element (svg.c writes the frame and title) */
    int (*svg)(const Plot *p, FILE *f, Err *e);
    size_t (*size)(const Plot *p);
    /* the kind's tail of plot_describe_point (" at 1.5, -2"), appended at buf */
    void (*describe)(const PlotPoint *pt, char *buf, size_t n);
} PlotOps;

/* The operations table, indexed by PlotKind. */
extern const PlotOps plot_kinds[];
#define PLOT_OPS(p) (&plot_kinds[(p)->kind])

/* What each kind keeps in `data` (all copies, owned by the plot):
 *   scatter  n x 2 points with the input's row names, labels, label names
 *   curve    series x points, row names = series names; x (cols values) or NULL
 *   bars     1 x n values, column names = bar names
 *   hist     1 x n finite values (binned when drawn), bins, lo, hi
 *   images   the input rows (row names, labels kept), img_h/img_w/img_c set
 *   heatmap  the input matrix (row and column names kept) */
struct Plot {
    PlotKind kind;
    char *title, *xname, *yname;
    Mat *data;
    float *x;
    int bins;
    double lo, hi;
    int cols;     /* images per row, 0 = as fits */
    int point_labels, equal, logy;
    size_t nan_skipped; /* points not drawn because a coordinate is NaN or infinite */
    PlotView view;
};

/* Letters that tell classes apart without colour: a-z then A-Z. */
#define PLOT_LETTERS "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
uint32_t plot_letter(int k);

/* Layout of an x/y plot (scatter, curve) inside a w x h grid; shared by
 * drawing, the cursor lookup and view arithmetic so they agree. */
typedef struct XYLayout {
    int axes;               /* 0 for tiny grids: the canvas fills the grid */
    int top, left, pw, ph;  /* plot area in cells */
    int legend;             /* 0 none, 1 at the right, 2 as one line at the bottom */
    int legend_x, legend_w, legend_y;
    int legend_n;           /* legend lines */
    double win[4];          /* data window x0, x1, y0, y1 (y in log10 for a log axis) */
} XYLayout;
void xy_layout(const Plot *p, const PlotView *v, int w, int h, XYLayout *L);
/* Data range before the view: x0, x1, y0, y1 (log10 y for a log axis). */
void xy_data_range(const Plot *p, double r[4]);
/* The window before equal aspect: limits or the data range, then zoom
 * and centre of view v. */
void xy_base_window(const Plot *p, const PlotView *v, double win[4]);
/* Dot coordinates (real) of data point (x, y); y already log10 if log. */
static inline void xy_to_dots(const XYLayout *L, double x, double y, double *dx, double *dy)
{
    *dx = (x - L->win[0]) / (L->win[1] - L->win[0]) * (2.0 * L->pw);
    *dy = (L->win[3] - y) / (L->win[3] - L->win[2]) * (4.0 * L->ph);
}
/* The dot (ix, iy) where data point (x, y) is drawn: the window is closed,
 * so a point on its far edge falls in the last dot.  Returns -1 outside
 * (and for NaN). */
static inline int xy_dot(const XYLayout *L, double x, double y, int *ix, int *iy)
{
    double dx, dy;
    xy_to_dots(L, x, y, &dx, &dy);
    int dw = 2 * L->pw, dh = 4 * L->ph;
    if (!(dx >= 0 && dx <= dw && dy >= 0 && dy <= dh)) return -1;
    *ix = (int)dx < dw ? (int)dx : dw - 1;
    *iy = (int)dy < dh ? (int)dy : dh - 1;
    return 0;
}

/* The kinds' operations (rows of plot_kinds): xy.c draws scatter and
 * curve, bars.c bars and hist, image.c images, heatmap.c heatmaps; svg.c
 * has their SVG pictures. */
Grid *render_xy(const Plot *p, const PlotView *v, int w, int h, int color, int cs, Err *e);
long nearest_xy(const Plot *p, const PlotView *v, int w, int h, int cx, int cy, PlotPoint *pt);
Grid *render_bars(const Plot *p, const PlotView *v, int w, int h, int color, int cs, Err *e);
long nearest_bars(const Plot *p, const PlotView *v, int w, int h, int cx, int cy, PlotPoint *pt);
Grid *render_images(const Plot *p, const PlotView *v, int w, int h, int color, int cs, Err *e);
long nearest_images(const Plot *p, const PlotView *v, int w, int h, int cx, int cy, PlotPoint *pt);
Grid *render_heatmap(const Plot *p, const PlotView *v, int w, int h, int color, int cs, Err *e);
long nearest_heatmap(const Plot *p, const PlotView *v, int w, int h, int cx, int cy, PlotPoint *pt);
int svg_xy(const Plot *p, FILE *f, Err *e);
int svg_bars(const Plot *p, FILE *f, Err *e);
int svg_images(const Plot *p, FILE *f, Err *e);
int svg_heatmap(const Plot *p, FILE *f, Err *e);

/* Mean of channel ch (of C, interleaved) of a W x H raster over source
 * pixels [x0, x1) x [y0, y1) (at least the pixel holding the corner); NaN
 * when all of them are NaN.  Images and heatmaps sample with it. */
double raster_box(const float *img, size_t W, size_t H, size_t C, size_t ch, double x0, double x1, double y0,
                  double y1);

/* Histogram counts of p (a PLOT_HIST) in nb equal bins over [lo, hi]. */
void hist_count(const Plot *p, int nb, double *counts);

/* The title centred on row 0 in bold (clipped to the width). */
void draw_title(const Plot *p, Grid *g);
/* Class name of class c of m into buf ("" when c < 0). */
const char *plot_class_name(const Mat *m, int c, char *buf, size_t n);

int svg_write(const Plot *p, FILE *f, Err *e);

#endif
