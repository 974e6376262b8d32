/* screen_draw.h — the ncurses writer of plot grids, and colour pairs.
 *
 * The plot module renders every plot into a Grid (plot/grid.h); the ANSI
 * writer prints it for scripts and this one draws the same grid into the
 * screen, so both show one picture.  Only the UI thread calls these.
 */
#ifndef DV_UI_SCREEN_DRAW_H
#define DV_UI_SCREEN_DRAW_H

#include <curses.h>

#include "plot/grid.h"

/* After start_color (or without colour): color is 0, 8 or 256; defaults
 * says whether use_default_colors worked (-1 allowed). */
void draw_setup(int color, int defaults);
/* Forget every colour pair (they are made again on demand). */
void draw_reset_pairs(void);
/* Colour pair for terminal colours fg, bg (-1 = the terminal's own);
 * 0 when there is no colour or no pair left. */
short draw_pair(int fg, int bg);
/* Draw g with its top-left corner at (y, x) of stdscr, clipped to w x h
 * cells.  ascii: replace every non-ASCII character with '?'. */
void draw_grid(const Grid *g, int y, int x, int w, int h, int ascii);

#endif
