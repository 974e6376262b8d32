/* image.c — rows of a matrix as pictures, in a grid with captions.
 *
 * The fallback ladder for grey levels:
 *   256 colours + UTF-8   upper half blocks, foreground = top pixel and
 *                         background = bottom pixel (two pixels a cell)
 *   UTF-8                 braille dots by ordered (Bayer 4x4) dithering,
 *                         8 dots a cell; UTF-8 without braille: shades
 *   ASCII                 a 10-step character ramp
 * Each image is scaled to its tile by averaging the source pixels each
 * target pixel covers, and normalised to its own min..max. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "plot/plot_impl.h"

double raster_box(const float *img, size_t W, size_t H, size_t C, size_t ch, double x0, double x1, double y0,
                  double y1)
{
    size_t a0 = (size_t)x0, b0 = (size_t)y0, a1 = (size_t)ceil(x1), b1 = (size_t)ceil(y1);
    if (a0 >= W) a0 = W - 1;
    if (b0 >= H) b0 = H - 1;
    if (a1 <= a0) a1 = a0 + 1;
    if (b1 <= b0) b1 = b0 + 1;
    if (a1 > W) a1 = W;
    if (b1 > H) b1 = H;
    double s = 0;
    size_t n = 0;
    for (size_t y = b0; y < b1; y++)
        for (size_t x = a0; x < a1; x++) {
            float v = img[(y * W + x) * C + ch];
            if (!isnan(v)) s += v, n++;
        }
    return n ? s / (double)n : NAN;
}

typedef struct ImgLayout {
    int top, cap;        /* title row, caption rows under each image */
    int k, tw, th;       /* images per grid row, tile size in cells */
    size_t shown;        /* images drawn (the first ones) */
    int note;            /* 1 = the last row says how many are shown */
} ImgLayout;

static int tile_height(const Plot *p, int tw)
{
    /* a cell is as tall as two pixels are wide: th = tw * h / (2 w) */
    int th = (int)lround(tw * (double)p->data->img_h / (2.0 * (double)p->data->img_w));
    return th < 1 ? 1 : th;
}

/* Rows of tiles needed for n images k to a row, and the height they take. */
static int grid_height(const ImgLayout *L, size_t n, int th)
{
    int rows = (int)((n + (size_t)L->k - 1) / (size_t)L->k);
    return rows * (th + L->cap) + (L->cap ? 0 : rows - 1);
}

static void img_layout(const Plot *p, int w, int h, ImgLayout *L)
{
    const Mat *d = p->data;
    size_t n = d->rows;
    memset(L, 0, sizeof *L);
    L->top = p->title && h >= 5 ? 1 : 0;
    L->cap = (n > 1 || d->row_names || d->labels) && h >= 6;
    int avail = h - L->top;
    int kmin = p->cols > 0 ? p->cols : 1, kmax = p->cols > 0 ? p->cols : (int)(n < (size_t)w ? n : (size_t)w);
    for (int k = kmin; k <= kmax; k++) { /* the column count giving the largest tiles */
        ImgLayout t = *L;
        t.k = k;
        int tw = (w - (k - 1)) / k;
        if (tw > 4 * (int)d->img_w) tw = 4 * (int)d->img_w; /* at most 4 cells a pixel */
        while (tw >= 1 && grid_height(&t, n, tile_height(p, tw)) > avail) tw--;
        if (tw >= L->tw && tw > 0) { /* ties: more to a row, fewer rows */
            L->tw = tw;
            L->k = k;
        }
    }
    int tw_min = (int)d->img_w < 8 ? (int)d->img_w : 8;
    if (L->tw >= tw_min || L->tw >= w) {
        L->th = tile_height(p, L->tw);
        L->shown = n;
        return;
    }
    /* too many to show at a useful size: the first ones that fit, said so */
    L->note = 1;
    L->tw = tw_min < w ? tw_min : w;
    L->th = tile_height(p, L->tw);
    L->k = p->cols > 0 ? p->cols : (w + 1) / (L->tw + 1);
    if (L->k < 1) L->k = 1;
    if (p->cols > 0 && L->k * (L->tw + 1) - 1 > w) L->tw = (w - (L->k - 1)) / L->k > 0 ? (w - (L->k - 1)) / L->k : 1;
    int rows = 0;
    while (1) {
        ImgLayout t = *L;
        if (grid_height(&t, (size_t)(rows + 1) * (size_t)L->k, L->th) > avail - 1) break;
        rows++;
    }
    L->shown = (size_t)rows * (size_t)L->k;
    if (L->shown > n) L->shown = n;
}

static const char *base_name(const char *s)
{
    const char *b = strrchr(s, '/');
    return b ? b + 1 : s;
}

static void caption(const Mat *d, size_t m, char *buf, size_t n)
{
    char cb[64];
    if (d->labels && d->labels[m] >= 0) snprintf(buf, n, "%s", plot_class_name(d, d->labels[m], cb, sizeof cb));
    else if (d->row_names && d->row_names[m]) snprintf(buf, n, "%s", base_name(d->row_names[m]));
    else snprintf(buf, n, "%zu", m);
}

/* Draw image m as a tw x th tile at (gx, gy). */
static void draw_tile(const Plot *p, Grid *g, size_t m, int gx, int gy, int tw, int th, int color, int cs)
{
    static const char ramp[] = " .:-=+*#%@";
    static const uint32_t shade[5] = {' ', 0x2591, 0x2592, 0x2593, 0x2588};
    static const uint8_t bayer[4][4] = {{0, 8, 2, 10}, {12, 4, 14, 6}, {3, 11, 1, 9}, {15, 7, 13, 5}};
    const Mat *d = p->data;
    size_t IH = d->img_h, IW = d->img_w, C = d->img_c ? d->img_c : 1;
    const float *img = MAT_ROW(d, m);
    double lo = INFINITY, hi = -INFINITY;
    for (size_t i = 0; i < IH * IW * C; i++) {
        if (isnan(img[i])) continue;
        if (img[i] < lo) lo = img[i];
        if (img[i] > hi) hi = img[i];
    }
    double span = hi > lo ? hi - lo : 1, sx = (double)IW / tw, sy = (double)IH / th;
#define NORM(v) (isnan(v) ? 0.0 : ((v)-lo) / span)
    for (int cy = 0; cy < th; cy++)
        for (int cx = 0; cx < tw; cx++) {
            int X = gx + cx, Y = gy + cy;
            if (X < 0 || Y < 0 || X >= g->w || Y >= g->h) continue;
            Cell *c = grid_at(g, X, Y);
            if (color == 256 && cs != PLOT_ASCII) { /* two pixels a cell: upper half block */
                int col[2];
                for (int half = 0; half < 2; half++) {
                    double y0 = (cy + half * 0.5) * sy, y1 = y0 + 0.5 * sy;
                    if (C == 3) {
                        int q[3];
                        for (size_t k = 0; k < 3; k++) {
                            double v = NORM(raster_box(img, IW, IH, C, k, cx * sx, (cx + 1) * sx, y0, y1));
                            q[k] = (int)lround(v * 5);
                        }
                        col[half] = GRID_RGB(q[0], q[1], q[2]);
                    } else {
                        col[half] = grid_grey(NORM(raster_box(img, IW, IH, 1, 0, cx * sx, (cx + 1) * sx, y0, y1)));
                    }
                }
                c->ch = 0x2580;
                c->fg = (int16_t)col[0];
                c->bg = (int16_t)col[1];
                continue;
            }
            if (cs == PLOT_UTF8) { /* ordered dithering onto the 2 x 4 dots */
                uint8_t bits = 0;
                for (int dy = 0; dy < 4; dy++)
                    for (int dx = 0; dx < 2; dx++) {
                        double v = 0;
                        for (size_t k = 0; k < C; k++)
                            v += NORM(raster_box(img, IW, IH, C, k, (cx + dx / 2.0) * sx, (cx + (dx + 1) / 2.0) * sx,
                                                 (cy + dy / 4.0) * sy, (cy + (dy + 1) / 4.0) * sy));
                        v /= (double)C;
                        int bx = (cx * 2 + dx) & 3, by = (cy * 4 + dy) & 3;
                        if (v * 16 > bayer[by][bx] + 0.5) bits |= canvas_bit(dx, dy);
                    }
                c->ch = 0x2800u + bits;
                continue;
            }
            double v = 0;
            for (size_t k = 0; k < C; k++)
                v += NORM(raster_box(img, IW, IH, C, k, cx * sx, (cx + 1) * sx, cy * sy, (cy + 1) * sy));
            v /= (double)C;
            if (cs == PLOT_BLOCKS) c->ch = shade[(int)lround(v * 4)];
            else c->ch = (uint32_t)ramp[(int)lround(v * 9)];
        }
#undef NORM
}

Grid *render_images(const Plot *p, const PlotView *v, int w, int h, int color, int cs, Err *e)
{
    Grid *g = grid_new(w, h, e);
    if (!g) return NULL;
    ImgLayout L;
    img_layout(p, w, h, &L);
    const Mat *d = p->data;
    char buf[96];
    for (size_t m = 0; m < L.shown; m++) {
        int gx = (int)(m % (size_t)L.k) * (L.tw + 1);
        int gy = L.top + (int)(m / (size_t)L.k) * (L.th + (L.cap ? L.cap : 1));
        if (gy >= h) break;
        draw_tile(p, g, m, gx, gy, L.tw, L.th, color, cs);
        if (L.cap && gy + L.th < h) {
            caption(d, m, buf, sizeof buf);
            grid_text(g, gx, gy + L.th, buf, GRID_DEFAULT, L.tw);
        }
    }
    if (L.note) {
        snprintf(buf, sizeof buf, "showing the first %zu of %zu images", L.shown, d->rows);
        /* right under the last row of images */
        int rows = (int)((L.shown + (size_t)L.k - 1) / (size_t)L.k);
        int y = L.top + rows * (L.th + (L.cap ? L.cap : 1)) - (L.cap ? 0 : 1);
        grid_text(g, 0, y < h ? y : h - 1, buf, GRID_DEFAULT, w);
    }
    if (L.top) draw_title(p, g);
    return g;
}

long nearest_images(const Plot *p, const PlotView *v, int w, int h, int cx, int cy, PlotPoint *pt)
{
    ImgLayout L;
    img_layout(p, w, h, &L);
    if (L.shown == 0) return -1;
    int col = cx / (L.tw + 1), row = (cy - L.top) / (L.th + (L.cap ? L.cap : 1));
    if (col >= L.k) col = L.k - 1;
    if (row < 0) row = 0;
    size_t m = (size_t)row * (size_t)L.k + (size_t)col;
    if (m >= L.shown) m = L.shown - 1;
    const Mat *d = p->data;
    pt->cell_x = (int)(m % (size_t)L.k) * (L.tw + 1);
    pt->cell_y = L.top + (int)(m / (size_t)L.k) * (L.th + (L.cap ? L.cap : 1));
    pt->name = d->row_names ? d->row_names[m] : NULL;
    if (d->labels && d->labels[m] >= 0) {
        char cb[64];
        pt->label = d->labels[m];
        snprintf(pt->cls, sizeof pt->cls, "%s", plot_class_name(d, pt->label, cb, sizeof cb));
    }
    return (long)m;
}
