/* plot_impl.h — the Plot record, shared by the plot module's files only. */
#ifndef DV_PLOT_IMPL_H
#define DV_PLOT_IMPL_H

#include "plot/plot.h"

struct Plot {
    PlotKind kind;
    char *title;
    Mat *data;        /* scatter: n x 2 with labels/names; lines: series x n; bars: 1 x n;
                         images: n x (h*w); heatmap: the matrix */
    Mat *x;           /* lines: 1 x n x values, or NULL */
    int logy;
    int show_labels;  /* names at points */
    int equal;        /* equal aspect */
    size_t img_h, img_w;
    int img_cols;
    double hist_lo, hist_hi; /* bars from a histogram: value range of the bins */
    int is_hist;
    double lim[4];    /* view: xlo, xhi, ylo, yhi (NaN = auto) */
};

/* Data range of the plot (before view limits) into r[4]. */
void plot_data_range(const Plot *p, double r[4]);
/* Effective view (limits, else data range padded). */
void plot_view(const Plot *p, double v[4]);

Grid *render_xy(const Plot *p, int w, int h, int color, int utf8, Err *e);
Grid *render_bars(const Plot *p, int w, int h, int color, int utf8, Err *e);
Grid *render_images(const Plot *p, int w, int h, int color, int utf8, Err *e);

/* Layout of an x/y plot area inside a w x h grid (shared by render and the
 * cursor lookup). */
typedef struct XYLayout {
    int top, left, pw, ph; /* plot area in cells */
    int legend_x, legend_w;
    double v[4];           /* view */
} XYLayout;
void xy_layout(const Plot *p, int w, int h, XYLayout *L);

int svg_write(const Plot *p, FILE *f, Err *e);

#endif
