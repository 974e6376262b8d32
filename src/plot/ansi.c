/* ansi.c — the text writer: a Grid as lines of UTF-8 (or ASCII) text with
 * ANSI SGR colour escapes only when colour is asked for.  Each line is
 * built in one buffer and written once. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "plot/grid.h"

/* SGR for a colour: 8-colour entries 8..15 are the bright forms (90-97). */
static int sgr_color(char *b, int c, int bg, int color)
{
    if (c < 0) return 0;
    if (color == 256) return sprintf(b, ";%d;5;%d", bg ? 48 : 38, grid_color_256(c));
    int k = grid_color_8(c);
    return sprintf(b, ";%d", (k >= 8 ? (bg ? 100 : 90) : (bg ? 40 : 30)) + (k & 7));
}

static size_t sgr(char *b, const Cell *c, int color)
{
    int n = sprintf(b, "\033[0");
    if (c->attr & GRID_BOLD) n += sprintf(b + n, ";1");
    if (c->attr & GRID_DIM) n += sprintf(b + n, ";2");
    if (c->attr & GRID_REVERSE) n += sprintf(b + n, ";7");
    n += sgr_color(b + n, c->fg, 0, color);
    n += sgr_color(b + n, c->bg, 1, color);
    return (size_t)(n + sprintf(b + n, "m"));
}

static int plain(const Cell *c)
{
    return c->fg < 0 && c->bg < 0 && !c->attr;
}

int grid_write_ansi(const Grid *g, FILE *out, int color, int utf8, Err *e)
{
    /* worst case per cell: an SGR of 4 + 3 attributes + two 256 colours
     * (about 40 bytes) plus 4 bytes of UTF-8 */
    char *line = malloc((size_t)g->w * 48 + 16);
    if (!line) return err_nomem(e, (size_t)g->w * 48, "plot text");
    for (int y = 0; y < g->h; y++) {
        const Cell *row = g->cells + (size_t)y * (size_t)g->w;
        int last = g->w - 1; /* drop trailing cells that show nothing */
        while (last >= 0 && (row[last].ch == ' ' || row[last].ch == 0) &&
               (!color || (row[last].bg < 0 && !(row[last].attr & GRID_REVERSE))))
            last--;
        size_t n = 0;
        /* escapes only where the terminal's attributes really change:
         * palette entries that map to one terminal colour share one SGR */
        char cur[64] = "", want[64];
        for (int x = 0; x <= last; x++) {
            const Cell *c = &row[x];
            if (c->ch == 0 && utf8) continue; /* right half of a wide character */
            if (color) {
                if (plain(c)) want[0] = '\0';
                else sgr(want, c, color);
                if (strcmp(want, cur) != 0) {
                    const char *s = want[0] ? want : "\033[0m";
                    size_t l = strlen(s);
                    memcpy(line + n, s, l);
                    n += l;
                    memcpy(cur, want, sizeof cur);
                }
            }
            uint32_t ch = c->ch;
            if (!utf8 && (ch >= 0x80 || ch == 0)) ch = '?';
            n += (size_t)utf8_encode(ch, line + n);
        }
        if (cur[0]) n += (size_t)sprintf(line + n, "\033[0m");
        line[n++] = '\n';
        if (fwrite(line, 1, n, out) != n) {
            free(line);
            return err_set(e, "cannot write the plot: %s", strerror(errno));
        }
    }
    free(line);
    return 0;
}
