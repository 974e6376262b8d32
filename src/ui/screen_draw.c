/* screen_draw.c — drawing plot grids with ncurses (see screen_draw.h). */
#include "ui/screen_draw.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

static int d_color, d_defaults;
static short *d_pairs; /* (fg + 1) * 257 + (bg + 1) -> pair, 0 = not made yet */
static int d_npairs;

void draw_setup(int color, int defaults)
{
    d_color = color;
    d_defaults = defaults;
    draw_reset_pairs();
}

void draw_reset_pairs(void)
{
    free(d_pairs);
    d_pairs = NULL;
    d_npairs = 0;
}

short draw_pair(int fg, int bg)
{
    if (!d_color || (fg < 0 && bg < 0)) return 0;
    if (fg < -1 || fg > 255 || bg < -1 || bg > 255) return 0;
    if (!d_pairs && !(d_pairs = calloc(257 * 257, sizeof *d_pairs))) return 0;
    short *slot = &d_pairs[(fg + 1) * 257 + (bg + 1)];
    if (*slot) return *slot;
    int limit = COLOR_PAIRS - 1 < 32767 ? COLOR_PAIRS - 1 : 32767;
    if (d_npairs >= limit) return 0; /* out of pairs: the terminal's colours */
    int f = fg, b = bg;
    if (!d_defaults) { /* no "default colour" on this terminal */
        if (f < 0) f = COLOR_WHITE;
        if (b < 0) b = COLOR_BLACK;
    }
    if (init_pair((short)(d_npairs + 1), (short)f, (short)b) == ERR) return 0;
    *slot = (short)++d_npairs;
    return *slot;
}

/* Terminal colour and extra attribute for palette entry c. */
static int term_color(int c, attr_t *a, int fg)
{
    if (c == GRID_DEFAULT || !d_color) return -1;
    if (d_color == 256) return grid_color_256(c);
    int k = grid_color_8(c);
    if (k >= 8) { /* bright: bold foreground on 8-colour terminals */
        k -= 8;
        if (fg) *a |= A_BOLD;
    }
    return k;
}

void draw_grid(const Grid *g, int y, int x, int w, int h, int ascii)
{
    for (int r = 0; r < g->h && r < h; r++) {
        for (int c = 0; c < g->w && c < w; c++) {
            const Cell *cell = grid_cell(g, c, r);
            if (cell->ch == 0) continue; /* right half of a wide character */
            uint32_t ch = cell->ch;
            if (ch < 32 || ch == 127) ch = ' ';
            if (ascii && ch > 126) ch = '?';
            if (grid_cp_width(ch) == 2 && c + 1 >= w) ch = ' '; /* would not fit */
            attr_t a = 0;
            if (cell->attr & GRID_BOLD) a |= A_BOLD;
            if (cell->attr & GRID_DIM) a |= A_DIM;
            if (cell->attr & GRID_REVERSE) a |= A_REVERSE;
            int fg = term_color(cell->fg, &a, 1), bg = term_color(cell->bg, &a, 0);
            wchar_t wc[2] = {(wchar_t)ch, 0};
            cchar_t cc;
            setcchar(&cc, wc, a, draw_pair(fg, bg), NULL);
            mvadd_wch(y + r, x + c, &cc);
        }
    }
}
