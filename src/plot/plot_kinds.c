/* plot_kinds.c — the operations table: one row per kind of plot, saying
 * how it is drawn (into a cell grid for text and the screen), found under
 * the cursor, written as SVG, counted and described in a status bar.
 * plot.c, svg.c and the screen call through these rows and never switch
 * on the kind; a new kind is its functions in a file and a row here. */
#include <math.h>
#include <stdio.h>

#include "plot/plot_impl.h"

static size_t size_rows(const Plot *p)
{
    return p->data->rows;
}

static size_t size_cols(const Plot *p)
{
    return p->data->cols;
}

static void at_xy(const PlotPoint *pt, char *buf, size_t n)
{
    snprintf(buf, n, " at %.4g, %.4g", pt->x, pt->y);
}

static void on_curve(const PlotPoint *pt, char *buf, size_t n)
{
    snprintf(buf, n, " x %.4g, y %.4g", pt->x, pt->y);
}

static void in_bin(const PlotPoint *pt, char *buf, size_t n)
{
    snprintf(buf, n, " [%.4g, %.4g): %.0f", pt->x, pt->y, pt->value);
}

static void in_column(const PlotPoint *pt, char *buf, size_t n)
{
    snprintf(buf, n, " column %zu: %.4g", pt->series, pt->value);
}

static void with_value(const PlotPoint *pt, char *buf, size_t n)
{
    if (!isnan(pt->value)) snprintf(buf, n, ": %.4g", pt->value);
    else if (n) buf[0] = '\0';
}

const PlotOps plot_kinds[] = {
    [PLOT_SCATTER] = {"scatter", "points", 1, render_xy, nearest_xy, svg_xy, size_rows, at_xy},
    [PLOT_CURVE] = {"curve", "values", 1, render_xy, nearest_xy, svg_xy, size_cols, on_curve},
    [PLOT_BARS] = {"bars", "bars", 0, render_bars, nearest_bars, svg_bars, size_cols, with_value},
    [PLOT_HIST] = {"hist", "values", 0, render_bars, nearest_bars, svg_bars, size_cols, in_bin},
    [PLOT_IMAGES] = {"images", "images", 0, render_images, nearest_images, svg_images, size_rows, with_value},
    [PLOT_HEATMAP] = {"heatmap", "rows", 0, render_heatmap, nearest_heatmap, svg_heatmap, size_rows, in_column},
};
