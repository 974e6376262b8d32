/* grid.h — a grid of terminal cells: what every plot renders to.
 *
 * Every plot is drawn into a Grid first; the ANSI text writer (ansi.c,
 * grid_write_ansi) and the ncurses writer (src/ui/) both draw the same
 * Grid, so scripts, saved .txt/.ans files and the screen show one picture.
 *
 * A cell holds one Unicode code point (0 marks the right half of a wide
 * character drawn in the cell to its left; writers skip such cells), a
 * foreground and a background colour and attributes.  Colours are not
 * terminal numbers but palette entries that grid_color_256/grid_color_8
 * translate, so one grid can be written for any terminal:
 *   GRID_DEFAULT (-1)  the terminal's own colour
 *   GRID_CLASS(k)      class/series colour k (k = 0.. wraps every GRID_NCLASS)
 *   GRID_GREY(k)       grey level k, 0 = black .. GRID_NGREY-1 = white
 *   GRID_HEAT(k)       sequential colour scale (viridis), 0 = low .. GRID_NHEAT-1
 *   GRID_RGB(r, g, b)  the 6x6x6 colour cube, r, g, b in 0..5
 *
 * Ownership: grid_new returns a grid the caller frees with grid_free.
 */
#ifndef DV_PLOT_GRID_H
#define DV_PLOT_GRID_H

#include <stdint.h>
#include <stdio.h>

#include "core/err.h"

#define GRID_DEFAULT (-1)
#define GRID_NCLASS 10
#define GRID_CLASS(k) ((k) % GRID_NCLASS)
#define GRID_NGREY 26
#define GRID_GREY(k) (100 + (k))
#define GRID_IS_GREY(c) ((c) >= 100 && (c) < 100 + GRID_NGREY)
#define GRID_NHEAT 16
#define GRID_HEAT(k) (200 + (k))
#define GRID_IS_HEAT(c) ((c) >= 200 && (c) < 200 + GRID_NHEAT)
#define GRID_RGB(r, g, b) (300 + 36 * (r) + 6 * (g) + (b))
#define GRID_IS_RGB(c) ((c) >= 300 && (c) < 516)

/* Attributes (bits of Cell.attr). */
#define GRID_BOLD 1
#define GRID_DIM 2
#define GRID_REVERSE 4

typedef struct Cell {
    uint32_t ch;    /* code point; 0 = right half of the wide character to the left */
    int16_t fg, bg; /* palette entries (see above) */
    uint8_t attr;   /* GRID_BOLD | GRID_DIM | GRID_REVERSE */
} Cell;

typedef struct Grid {
    int w, h;
    Cell *cells; /* h rows of w cells */
} Grid;

/* New w x h grid (at least 1 x 1) of spaces in default colours. */
Grid *grid_new(int w, int h, Err *e);
void grid_free(Grid *g);

static inline Cell *grid_at(Grid *g, int x, int y)
{
    return &g->cells[(size_t)y * (size_t)g->w + (size_t)x];
}
static inline const Cell *grid_cell(const Grid *g, int x, int y)
{
    return &g->cells[(size_t)y * (size_t)g->w + (size_t)x];
}

/* Put one character with colour fg (background and attributes kept);
 * clipped to the grid.  A wide character takes two cells (not put when
 * only one is left); overwriting half of one blanks the other half. */
void grid_put(Grid *g, int x, int y, uint32_t ch, int fg);
/* Put UTF-8 text from x on row y, at most max cells (max < 0: no limit);
 * clipped.  Returns the cells the text took. */
int grid_text(Grid *g, int x, int y, const char *s, int fg, int max);
/* Set attributes on cells [x, x+n) of row y (clipped). */
void grid_attr(Grid *g, int x, int y, int n, int attr);
/* Cells UTF-8 text takes on a terminal (wide characters count 2). */
int grid_text_width(const char *s);

/* Columns a code point takes: 0 (combining marks), 1 or 2 (East Asian
 * wide and emoji).  Independent of the locale, so output is reproducible. */
int grid_cp_width(uint32_t cp);
/* Decode one UTF-8 character at *s and advance; malformed bytes give
 * U+FFFD and advance one byte. */
uint32_t utf8_decode(const char **s);
/* Encode cp as UTF-8 into buf (>= 4 bytes); returns the length. */
int utf8_encode(uint32_t cp, char *buf);

/* Terminal colour for palette entry c: an xterm-256 index, or for an
 * 8-colour terminal 0..15, where 8..15 are the bright forms of 0..7 (SGR
 * 90-97; a curses front end with 8 colours draws them as k - 8 with
 * A_BOLD).  -1 for GRID_DEFAULT. */
int grid_color_256(int c);
int grid_color_8(int c);
/* 24-bit RGB of palette entry c (for SVG and other picture writers);
 * GRID_DEFAULT gives black. */
void grid_color_rgb(int c, unsigned char rgb[3]);
/* The heat/grey level for a fraction 0..1 (clamped; NaN gives 0). */
int grid_heat(double f);
int grid_grey(double f);

/* Write g as text, one line per row, trailing blank cells dropped.
 * color: 0 = no escape codes at all, 8 or 256 = ANSI SGR colours and
 * attributes.  utf8 = 0 replaces every non-ASCII character with '?' so
 * the output is pure ASCII.  Returns 0, or -1 with e set on a write error. */
int grid_write_ansi(const Grid *g, FILE *out, int color, int utf8, Err *e);

#endif
