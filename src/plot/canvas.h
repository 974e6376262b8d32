/* canvas.h — a dot canvas over a block of cells, 2 x 4 dots per cell.
 *
 * Each cell keeps the braille bits of its dots, how many items (points or
 * line dots) fell into it and, per class, how many of them had that class,
 * because a cell shows only one colour: it is painted in its majority
 * class (as VisiData does).  Points are binned in O(n); drawing afterwards
 * is O(cells), so a million points cost one pass.
 *
 * The same 2 x 4 dots are shown as braille (U+2800 + bits), as 2 x 2
 * quadrant blocks (UTF-8 without braille fonts) or as ASCII.
 */
#ifndef DV_PLOT_CANVAS_H
#define DV_PLOT_CANVAS_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

/* Character sets, the fallback ladder (plot_render's utf8 argument). */
#define CHARSET_ASCII 0
#define CHARSET_BRAILLE 1
#define CHARSET_BLOCKS 2

/* At most this many classes are counted per cell; class k counts in slot
 * k % CANVAS_MAX_SLOTS (colours repeat long before that). */
#define CANVAS_MAX_SLOTS 64

typedef struct Canvas {
    int cw, ch;       /* cells */
    int dw, dh;       /* dots: 2 * cw, 4 * ch */
    uint8_t *bits;    /* braille bits per cell */
    uint32_t *count;  /* items per cell */
    uint32_t *cls;    /* nslots counts per cell, or NULL */
    int nslots;
} Canvas;

/* Canvas of cw x ch cells counting nclasses classes (0 = none).  Free its
 * arrays with canvas_free.  Returns 0, or -1 with e set. */
int canvas_init(Canvas *c, int cw, int ch, int nclasses, Err *e);
void canvas_free(Canvas *c);

/* The braille bit of dot (x, y) inside its cell: rows of (0x01, 0x08),
 * (0x02, 0x10), (0x04, 0x20), (0x40, 0x80). */
static inline uint8_t canvas_bit(int x, int y)
{
    static const uint8_t bits[4][2] = {{0x01, 0x08}, {0x02, 0x10}, {0x04, 0x20}, {0x40, 0x80}};
    return bits[y & 3][x & 1];
}

/* Set dot (x, y) (ignored outside) for an item of class cls (-1 = none). */
static inline void canvas_dot(Canvas *c, int x, int y, int cls)
{
    if (x < 0 || y < 0 || x >= c->dw || y >= c->dh) return;
    size_t cell = (size_t)(y >> 2) * (size_t)c->cw + (size_t)(x >> 1);
    c->bits[cell] |= canvas_bit(x, y);
    c->count[cell]++;
    if (c->cls && cls >= 0) c->cls[cell * (size_t)c->nslots + (size_t)(cls % c->nslots)]++;
}

/* A line between dot positions (x0, y0) and (x1, y1) (real numbers, may
 * lie far outside: the segment is clipped to the canvas first, Liang and
 * Barsky 1984, then drawn with Bresenham's algorithm). */
void canvas_line(Canvas *c, double x0, double y0, double x1, double y1, int cls);

/* The class with the most items in cell i (ties: the smaller class), or -1
 * when the cell has no classed items. */
int canvas_majority(const Canvas *c, size_t i);

/* The character for a cell's dot bits in a character set. */
uint32_t canvas_glyph(uint8_t bits, int charset);

#endif
