/* canvas.c — the dot canvas: allocation, clipped lines, majority class and
 * the braille / quadrant / ASCII glyph of a cell. */
#include "plot/canvas.h"

#include <math.h>
#include <stdlib.h>

int canvas_init(Canvas *c, int cw, int ch, int nclasses, Err *e)
{
    if (cw < 1) cw = 1;
    if (ch < 1) ch = 1;
    size_t cells = (size_t)cw * (size_t)ch;
    c->cw = cw;
    c->ch = ch;
    c->dw = 2 * cw;
    c->dh = 4 * ch;
    c->nslots = nclasses > CANVAS_MAX_SLOTS ? CANVAS_MAX_SLOTS : nclasses > 0 ? nclasses : 0;
    c->bits = calloc(cells, 1);
    c->count = calloc(cells, sizeof *c->count);
    c->cls = c->nslots ? calloc(cells * (size_t)c->nslots, sizeof *c->cls) : NULL;
    if (!c->bits || !c->count || (c->nslots && !c->cls)) {
        canvas_free(c);
        return err_nomem(e, cells * (5 + 4 * (size_t)c->nslots), "plot canvas");
    }
    return 0;
}

void canvas_free(Canvas *c)
{
    free(c->bits);
    free(c->count);
    free(c->cls);
    c->bits = NULL;
    c->count = c->cls = NULL;
}

/* Liang-Barsky: clip the segment p0 + t (p1 - p0), t in [0, 1], to the box
 * [0, w] x [0, h].  Returns 0 when nothing is left. */
static int clip(double *x0, double *y0, double *x1, double *y1, double w, double h)
{
    double dx = *x1 - *x0, dy = *y1 - *y0, t0 = 0, t1 = 1;
    double p[4] = {-dx, dx, -dy, dy}, q[4] = {*x0, w - *x0, *y0, h - *y0};
    for (int i = 0; i < 4; i++) {
        if (p[i] == 0) {
            if (q[i] < 0) return 0;
            continue;
        }
        double r = q[i] / p[i];
        if (p[i] < 0) {
            if (r > t1) return 0;
            if (r > t0) t0 = r;
        } else {
            if (r < t0) return 0;
            if (r < t1) t1 = r;
        }
    }
    double ax = *x0 + t0 * dx, ay = *y0 + t0 * dy, bx = *x0 + t1 * dx, by = *y0 + t1 * dy;
    *x0 = ax;
    *y0 = ay;
    *x1 = bx;
    *y1 = by;
    return 1;
}

void canvas_line(Canvas *c, double x0, double y0, double x1, double y1, int cls)
{
    if (isnan(x0) || isnan(y0) || isnan(x1) || isnan(y1)) return;
    /* dots are the unit squares [k, k+1); keep just inside the far edges */
    double w = c->dw - 1e-6, h = c->dh - 1e-6;
    if (!clip(&x0, &y0, &x1, &y1, w, h)) return;
    int ax = (int)x0, ay = (int)y0, bx = (int)x1, by = (int)y1;
    int dx = abs(bx - ax), dy = -abs(by - ay), sx = ax < bx ? 1 : -1, sy = ay < by ? 1 : -1;
    int err = dx + dy;
    for (;;) {
        canvas_dot(c, ax, ay, cls);
        if (ax == bx && ay == by) break;
        int e2 = 2 * err;
        if (e2 >= dy) {
            err += dy;
            ax += sx;
        }
        if (e2 <= dx) {
            err += dx;
            ay += sy;
        }
    }
}

int canvas_majority(const Canvas *c, size_t i)
{
    if (!c->cls) return -1;
    const uint32_t *k = c->cls + i * (size_t)c->nslots;
    uint32_t best = 0;
    int cls = -1;
    for (int s = 0; s < c->nslots; s++)
        if (k[s] > best) {
            best = k[s];
            cls = s;
        }
    return cls;
}

/* ASCII for a cell's dots: the shape where there is one (a horizontal,
 * vertical or diagonal stroke), else the amount of ink. */
static uint32_t ascii_glyph(uint8_t bits)
{
    int rows = 0, cols = 0, n = 0;
    for (int y = 0; y < 4; y++)
        for (int x = 0; x < 2; x++)
            if (bits & canvas_bit(x, y)) {
                rows |= 1 << y;
                cols |= 1 << x;
                n++;
            }
    if (n == 1) return '.';
    int one_band = rows == 1 || rows == 2 || rows == 4 || rows == 8 || rows == 3 || rows == 6 || rows == 12;
    if (cols == 3 && one_band) return rows >= 8 ? '_' : '-';
    if (cols != 3 && (rows == 15 || rows == 14 || rows == 7)) return '|';
    int tl = (bits & 0x03) != 0, tr = (bits & 0x18) != 0, bl = (bits & 0x44) != 0, br = (bits & 0xA0) != 0;
    if (tl && br && !tr && !bl) return '\\';
    if (tr && bl && !tl && !br) return '/';
    if (n == 2) return ':';
    return n <= 4 ? '*' : '#';
}

uint32_t canvas_glyph(uint8_t bits, int charset)
{
    if (!bits) return ' ';
    if (charset == CHARSET_BRAILLE) return 0x2800u + bits;
    if (charset == CHARSET_BLOCKS) {
        /* quadrants: dot rows 0-1 are the top half, 2-3 the bottom */
        static const uint32_t quad[16] = {' ',    0x2598, 0x259D, 0x2580, 0x2596, 0x258C, 0x259E, 0x259B,
                                          0x2597, 0x259A, 0x2590, 0x259C, 0x2584, 0x2599, 0x259F, 0x2588};
        int q = ((bits & 0x03) ? 1 : 0) | ((bits & 0x18) ? 2 : 0) | ((bits & 0x44) ? 4 : 0) | ((bits & 0xA0) ? 8 : 0);
        return quad[q];
    }
    return ascii_glyph(bits);
}
