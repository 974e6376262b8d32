/* heatmap.c — a matrix as shaded cells with a colour scale.
 *
 * Entries become blocks of cells (or, for big matrices, cells average
 * blocks of entries).  Colour terminals get the viridis scale as cell
 * backgrounds, with the numbers written in when the blocks are wide enough
 * (a confusion matrix reads as a table); with more rows than lines, upper
 * half blocks show two rows a cell.  Without colour, shade characters.
 * Row and column names label the sides when they fit. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "plot/plot_impl.h"

typedef struct HeatLayout {
    int top, left;        /* area origin */
    int pw, ph;           /* cells available */
    int half;             /* two pixel rows a cell (upper half blocks) */
    int PW, PH;           /* pixel grid drawn: PW columns x PH pixel rows */
    int cw, rh;           /* cells (pixel rows) per entry when entries are enlarged, else 0 */
    int rows_used;        /* cell rows the pixels take */
    int scale, scale_x;   /* colour scale at the right */
    int rowlabels, collabels;
    int numbers;          /* values written in the cells */
    double lo, hi;
} HeatLayout;

static void heat_range(const Mat *d, double *lo, double *hi)
{
    *lo = INFINITY;
    *hi = -INFINITY;
    for (size_t i = 0; i < d->rows * d->cols; i++) {
        double v = d->data[i];
        if (!isfinite(v)) continue;
        if (v < *lo) *lo = v;
        if (v > *hi) *hi = v;
    }
    if (!(*lo <= *hi)) *lo = 0, *hi = 1;
}

static const char *row_label(const Mat *d, size_t i, char *buf, size_t n)
{
    if (d->row_names && d->row_names[i]) return d->row_names[i];
    if (d->labels && d->labels[i] >= 0) return plot_class_name(d, d->labels[i], buf, n);
    snprintf(buf, n, "%zu", i);
    return buf;
}

static void heat_layout(const Plot *p, int w, int h, int color, int cs, HeatLayout *L)
{
    const Mat *d = p->data;
    int R = (int)(d->rows < 100000 ? d->rows : 100000), C = (int)(d->cols < 100000 ? d->cols : 100000);
    memset(L, 0, sizeof *L);
    heat_range(d, &L->lo, &L->hi);
    L->top = p->title && h >= 5 ? 1 : 0;
    L->collabels = h - L->top >= 4;
    L->ph = h - L->top - L->collabels;
    if (L->ph < 1) L->ph = 1;
    char a[48], b[48];
    axes_format_value(L->lo, a, sizeof a);
    axes_format_value(L->hi, b, sizeof b);
    int sw = (int)(strlen(a) > strlen(b) ? strlen(a) : strlen(b));
    L->scale = w >= 24 && L->ph >= 2;
    int right = L->scale ? 1 + 2 + 1 + sw : 0;
    if (R <= L->ph && w >= 24) { /* one label per matrix row */
        int lw = 0;
        char buf[64];
        for (int i = 0; i < R; i++) {
            int l = grid_text_width(row_label(d, (size_t)i, buf, sizeof buf));
            if (l > lw) lw = l;
        }
        if (lw > w / 4) lw = w / 4;
        L->rowlabels = 1;
        L->left = lw + 1;
    }
    L->pw = w - L->left - right;
    if (L->pw < 1) {
        L->scale = L->rowlabels = L->left = 0;
        L->pw = w;
    }
    L->half = color && cs != PLOT_ASCII && R > L->ph;
    int avail = L->half ? 2 * L->ph : L->ph;
    if (C <= L->pw) {
        L->cw = L->pw / C;
        L->PW = C * L->cw;
    } else {
        L->PW = L->pw;
    }
    if (R <= avail) {
        L->rh = avail / R;
        if (!L->half && L->cw && L->rh > L->cw / 2) L->rh = L->cw / 2 > 0 ? L->cw / 2 : 1; /* squarish blocks */
        L->PH = R * L->rh;
    } else {
        L->PH = avail;
    }
    L->rows_used = L->half ? (L->PH + 1) / 2 : L->PH;
    L->scale_x = L->left + L->PW + 1; /* right beside the cells */
    L->numbers = color && !L->half && L->cw >= 5 && L->rh >= 1;
}

/* Fraction 0..1 of value v in the scale (NaN stays NaN). */
static double level(const HeatLayout *L, double v)
{
    return L->hi > L->lo ? (v - L->lo) / (L->hi - L->lo) : 0.5;
}

static double pixel(const Plot *p, const HeatLayout *L, int px, int py)
{
    const Mat *d = p->data;
    double x0 = (double)px * d->cols / L->PW, x1 = (double)(px + 1) * d->cols / L->PW;
    double y0 = (double)py * d->rows / L->PH, y1 = (double)(py + 1) * d->rows / L->PH;
    return raster_box(d->data, d->cols, d->rows, 1, 0, x0, x1, y0, y1);
}

static uint32_t mono_shade(double f, int cs)
{
    static const uint32_t shade[5] = {' ', 0x2591, 0x2592, 0x2593, 0x2588};
    static const char ramp[] = " .:-=+*#%@";
    /* blank is kept for missing values: the lowest value is the lightest shade */
    if (isnan(f)) return ' ';
    if (f < 0) f = 0;
    if (f > 1) f = 1;
    return cs == PLOT_ASCII ? (uint32_t)ramp[1 + (int)lround(f * 8)] : shade[1 + (int)lround(f * 3)];
}

static void draw_cells(const Plot *p, Grid *g, const HeatLayout *L, int color, int cs)
{
    for (int cy = 0; cy < L->rows_used; cy++)
        for (int px = 0; px < L->PW; px++) {
            Cell *c = grid_at(g, L->left + px, L->top + cy);
            if (L->half) {
                double a = pixel(p, L, px, 2 * cy);
                double b = 2 * cy + 1 < L->PH ? pixel(p, L, px, 2 * cy + 1) : NAN;
                /* upper half block: top pixel in the foreground, bottom in the
                 * background; a missing top pixel leaves the lower half block */
                if (!isnan(a)) {
                    c->ch = 0x2580;
                    c->fg = (int16_t)grid_heat(level(L, a));
                    c->bg = (int16_t)(isnan(b) ? GRID_DEFAULT : grid_heat(level(L, b)));
                } else if (!isnan(b)) {
                    c->ch = 0x2584;
                    c->fg = (int16_t)grid_heat(level(L, b));
                }
                continue;
            }
            double v = pixel(p, L, px, cy);
            if (color) {
                c->ch = ' ';
                c->bg = (int16_t)(isnan(v) ? GRID_DEFAULT : grid_heat(level(L, v)));
            } else {
                c->ch = mono_shade(level(L, v), cs);
            }
        }
    if (!L->numbers) return;
    const Mat *d = p->data;
    char buf[48];
    for (size_t i = 0; i < d->rows; i++)
        for (size_t j = 0; j < d->cols; j++) {
            double v = MAT_AT(d, i, j);
            if (isnan(v)) continue;
            axes_format_value(v, buf, sizeof buf);
            int l = (int)strlen(buf);
            if (l > L->cw - 1) {
                snprintf(buf, sizeof buf, "%.2g", v);
                l = (int)strlen(buf);
                if (l > L->cw - 1) continue;
            }
            int x = L->left + (int)j * L->cw + (L->cw - l) / 2, y = L->top + (int)i * L->rh + (L->rh - 1) / 2;
            /* dark text on the light end of the scale, light on the dark end */
            int fg = level(L, v) > 0.6 ? GRID_GREY(0) : GRID_GREY(GRID_NGREY - 1);
            for (int k = 0; k < l; k++) {
                Cell *c = grid_at(g, x + k, y);
                c->ch = (uint32_t)(unsigned char)buf[k];
                c->fg = (int16_t)fg;
            }
        }
}

static void draw_labels(const Plot *p, Grid *g, const HeatLayout *L)
{
    const Mat *d = p->data;
    char buf[64];
    if (L->rowlabels)
        for (size_t i = 0; i < d->rows; i++) {
            const char *s = row_label(d, i, buf, sizeof buf);
            int l = grid_text_width(s), y = L->top + (int)i * L->rh + (L->rh - 1) / 2;
            if (L->rh == 0) y = L->top + (int)i;
            if (l > L->left - 1) l = L->left - 1;
            grid_text(g, L->left - 1 - l, y, s, GRID_DEFAULT, L->left - 1);
        }
    if (!L->collabels) return;
    int row = L->top + L->rows_used, free_from = L->left;
    if (row >= g->h) return;
    /* names (cut to their blocks) when blocks hold at least 3 characters */
    int names_fit = d->col_names && L->cw >= 4;
    for (size_t j = 0; j < d->cols; j++) {
        int x = L->left + (L->cw ? (int)j * L->cw : (int)((double)j * L->PW / d->cols));
        if (names_fit) {
            if (d->col_names[j]) grid_text(g, x, row, d->col_names[j], GRID_DEFAULT, L->cw - 1);
            continue;
        }
        snprintf(buf, sizeof buf, "%zu", j);
        int l = (int)strlen(buf);
        if (x < free_from || x + l > L->left + L->PW) continue;
        grid_text(g, x, row, buf, GRID_DEFAULT, -1);
        free_from = x + l + 2;
    }
}

static void draw_scale(Grid *g, const HeatLayout *L, int color, int cs)
{
    if (!L->scale) return;
    int n = L->rows_used > 1 ? L->rows_used : L->ph;
    for (int r = 0; r < n; r++) {
        double f = n > 1 ? 1.0 - (double)r / (n - 1) : 1;
        for (int k = 0; k < 2; k++) {
            Cell *c = grid_at(g, L->scale_x + k, L->top + r);
            if (color) {
                c->ch = ' ';
                c->bg = (int16_t)grid_heat(f);
            } else {
                c->ch = mono_shade(f, cs);
            }
        }
    }
    char buf[48];
    axes_format_value(L->hi, buf, sizeof buf);
    grid_text(g, L->scale_x + 3, L->top, buf, GRID_DEFAULT, -1);
    axes_format_value(L->lo, buf, sizeof buf);
    grid_text(g, L->scale_x + 3, L->top + n - 1, buf, GRID_DEFAULT, -1);
}

Grid *render_heatmap(const Plot *p, const PlotView *v, int w, int h, int color, int cs, Err *e)
{
    Grid *g = grid_new(w, h, e);
    if (!g) return NULL;
    HeatLayout L;
    heat_layout(p, w, h, color, cs, &L);
    draw_cells(p, g, &L, color, cs);
    draw_labels(p, g, &L);
    draw_scale(g, &L, color, cs);
    if (L.top) draw_title(p, g);
    return g;
}

long nearest_heatmap(const Plot *p, const PlotView *v, int w, int h, int cx, int cy, PlotPoint *pt)
{
    /* the layout does not depend on colour except for half blocks; assume
     * the colour screen (256, UTF-8), where the cursor is used */
    HeatLayout L;
    heat_layout(p, w, h, 256, PLOT_UTF8, &L);
    const Mat *d = p->data;
    int px = cx - L.left, py = (cy - L.top) * (L.half ? 2 : 1);
    if (px < 0) px = 0;
    if (px >= L.PW) px = L.PW - 1;
    if (py < 0) py = 0;
    if (py >= L.PH) py = L.PH - 1;
    size_t j = (size_t)((double)px * d->cols / L.PW), i = (size_t)((double)py * d->rows / L.PH);
    if (j >= d->cols) j = d->cols - 1;
    if (i >= d->rows) i = d->rows - 1;
    pt->series = j;
    pt->value = MAT_AT(d, i, j);
    pt->name = d->row_names ? d->row_names[i] : NULL;
    pt->cell_x = L.left + px;
    pt->cell_y = L.top + (L.half ? py / 2 : py);
    if (d->labels && d->labels[i] >= 0) {
        char cb[64];
        pt->label = d->labels[i];
        snprintf(pt->cls, sizeof pt->cls, "%s", plot_class_name(d, pt->label, cb, sizeof cb));
    }
    return (long)i;
}
