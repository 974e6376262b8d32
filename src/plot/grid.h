/* grid.h — a grid of terminal cells: what every plot renders to.
 *
 * Both the ANSI text writer (grid_write_ansi, here) and the ncurses writer
 * (src/ui/) draw a Grid, so scripts and the screen show the same picture.
 * Colours are palette indices: -1 = the terminal's default, 0..15 the
 * class colours of the palette, GRID_GREY(k) grey level k in 0..23.
 */
#ifndef DV_PLOT_GRID_H
#define DV_PLOT_GRID_H

#include <stdint.h>
#include <stdio.h>

#include "core/err.h"

#define GRID_GREY(k) (100 + (k)) /* 24 grey levels, 0 = black .. 23 = white */
#define GRID_IS_GREY(c) ((c) >= 100 && (c) < 124)
#define GRID_PALETTE 12

typedef struct Cell {
    uint32_t ch; /* Unicode code point */
    int16_t fg, bg;
    uint8_t bold, dim;
} Cell;

typedef struct Grid {
    int w, h;
    Cell *cells;
} Grid;

/* New w x h grid of spaces in default colours.  Free with grid_free. */
Grid *grid_new(int w, int h, Err *e);
void grid_free(Grid *g);
static inline Cell *grid_at(Grid *g, int x, int y)
{
    return &g->cells[(size_t)y * (size_t)g->w + (size_t)x];
}
/* Put one character (clipped). */
void grid_put(Grid *g, int x, int y, uint32_t ch, int fg);
/* Put UTF-8 text starting at x, y (clipped); returns cells used. */
int grid_text(Grid *g, int x, int y, const char *s, int fg);
/* Cells the UTF-8 text takes (one per code point). */
int grid_text_width(const char *s);

/* Terminal colour numbers for palette entry c in 8- or 256-colour mode. */
int grid_color_8(int c);
int grid_color_256(int c);

/* Write g as text: color 0 (plain), 8 or 256 (ANSI escapes); trailing
 * spaces of each line are dropped. */
int grid_write_ansi(const Grid *g, FILE *out, int color, Err *e);

/* Encode code point cp as UTF-8 into buf (>= 5 bytes); returns length. */
int utf8_encode(uint32_t cp, char *buf);

#endif
