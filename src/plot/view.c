/* view.c — views of x/y plots: limits, zoom about a point, pan, and the
 * mapping between data and cells.
 *
 * A view's window is computed, never stored: the base range (limits, or
 * the data's range), shrunk by the zoom around the centre (cx, cy), then
 * widened by equal aspect.  Zoom and pan only change zoom and centre, so
 * a view stays right after a resize or a new snapshot of the data. */
#include <math.h>

#include "plot/plot_impl.h"

void plot_view_init(PlotView *v)
{
    v->xlim[0] = v->xlim[1] = v->ylim[0] = v->ylim[1] = NAN;
    v->zoom = 1;
    v->cx = v->cy = NAN;
    v->labels = -1;
    v->cursor = 0;
    v->cur_x = v->cur_y = 0;
}

PlotView *plot_default_view(Plot *p)
{
    return &p->view;
}

const PlotView *plot_get_view(const Plot *p)
{
    return &p->view;
}

void plot_set_xlim(Plot *p, double lo, double hi)
{
    p->view.xlim[0] = lo;
    p->view.xlim[1] = hi;
    p->view.zoom = 1;
    p->view.cx = p->view.cy = NAN;
}

void plot_set_ylim(Plot *p, double lo, double hi)
{
    p->view.ylim[0] = lo;
    p->view.ylim[1] = hi;
    p->view.zoom = 1;
    p->view.cx = p->view.cy = NAN;
}

void plot_view_reset(PlotView *v)
{
    v->xlim[0] = v->xlim[1] = v->ylim[0] = v->ylim[1] = NAN;
    v->zoom = 1;
    v->cx = v->cy = NAN;
}

static int has_axes(const Plot *p)
{
    return PLOT_OPS(p)->xy;
}

int plot_window(const Plot *p, const PlotView *v, int width, int height, double win[4])
{
    if (!has_axes(p)) return -1;
    XYLayout L;
    xy_layout(p, v ? v : &p->view, width, height, &L);
    for (int i = 0; i < 4; i++) win[i] = L.win[i];
    return 0;
}

void plot_view_zoom(PlotView *v, const Plot *p, int width, int height, double factor, int cell_x, int cell_y)
{
    if (!(factor > 0) || !has_axes(p)) return;
    XYLayout L;
    xy_layout(p, v, width, height, &L);
    double *w = L.win, cx = (w[0] + w[1]) / 2, cy = (w[2] + w[3]) / 2, px = cx, py = cy;
    if (cell_x >= L.left && cell_x < L.left + L.pw && cell_y >= L.top && cell_y < L.top + L.ph) {
        px = w[0] + (cell_x - L.left + 0.5) / L.pw * (w[1] - w[0]);
        py = w[3] - (cell_y - L.top + 0.5) / L.ph * (w[3] - w[2]);
    }
    double z = v->zoom * factor;
    if (z < 1e-3 || z > 1e9) return; /* beyond any useful picture (and float precision) */
    v->zoom = z;
    v->cx = px + (cx - px) / factor; /* keep (px, py) under the same cell */
    v->cy = py + (cy - py) / factor;
}

void plot_view_pan(PlotView *v, const Plot *p, int width, int height, double fx, double fy)
{
    if (!has_axes(p)) return;
    XYLayout L;
    xy_layout(p, v, width, height, &L);
    v->cx = (L.win[0] + L.win[1]) / 2 + fx * (L.win[1] - L.win[0]);
    v->cy = (L.win[2] + L.win[3]) / 2 + fy * (L.win[3] - L.win[2]);
}

int plot_cell_of(const Plot *p, const PlotView *view, int width, int height, double x, double y, int *cell_x,
                 int *cell_y)
{
    if (!has_axes(p)) return -1;
    XYLayout L;
    xy_layout(p, view ? view : &p->view, width, height, &L);
    if (p->logy) {
        if (!(y > 0)) return -1;
        y = log10(y);
    }
    int dx, dy;
    if (xy_dot(&L, x, y, &dx, &dy) < 0) return -1;
    *cell_x = L.left + dx / 2;
    *cell_y = L.top + dy / 4;
    return 0;
}
