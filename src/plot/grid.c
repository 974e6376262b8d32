#include "plot/grid.h"

#include <stdlib.h>
#include <string.h>

Grid *grid_new(int w, int h, Err *e)
{
    if (w < 1) w = 1;
    if (h < 1) h = 1;
    Grid *g = malloc(sizeof *g);
    Cell *c = calloc((size_t)w * (size_t)h, sizeof *c);
    if (!g || !c) {
        free(g);
        free(c);
        err_nomem(e, (size_t)w * (size_t)h * sizeof *c, "plot grid");
        return NULL;
    }
    g->w = w;
    g->h = h;
    g->cells = c;
    for (size_t i = 0; i < (size_t)w * (size_t)h; i++) c[i] = (Cell){' ', -1, -1, 0, 0};
    return g;
}

void grid_free(Grid *g)
{
    if (!g) return;
    free(g->cells);
    free(g);
}

void grid_put(Grid *g, int x, int y, uint32_t ch, int fg)
{
    if (x < 0 || y < 0 || x >= g->w || y >= g->h) return;
    Cell *c = grid_at(g, x, y);
    c->ch = ch;
    c->fg = (int16_t)fg;
}

static uint32_t utf8_next(const char **s)
{
    const unsigned char *p = (const unsigned char *)*s;
    uint32_t c = *p++;
    int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
    if (extra) c &= 0x3F >> extra;
    while (extra-- > 0 && (*p & 0xC0) == 0x80) c = (c << 6) | (*p++ & 0x3F);
    *s = (const char *)p;
    return c;
}

int grid_text(Grid *g, int x, int y, const char *s, int fg)
{
    int n = 0;
    while (*s) {
        grid_put(g, x + n, y, utf8_next(&s), fg);
        n++;
    }
    return n;
}

int grid_text_width(const char *s)
{
    int n = 0;
    while (*s) {
        utf8_next(&s);
        n++;
    }
    return n;
}

int utf8_encode(uint32_t cp, char *b)
{
    if (cp < 0x80) {
        b[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        b[0] = (char)(0xC0 | (cp >> 6));
        b[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        b[0] = (char)(0xE0 | (cp >> 12));
        b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        b[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    b[0] = (char)(0xF0 | (cp >> 18));
    b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    b[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    b[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Class colours: distinguishable on dark and light backgrounds. */
static const int pal256[GRID_PALETTE] = {33, 208, 40, 160, 135, 136, 205, 44, 142, 245, 27, 202};
static const int pal8[GRID_PALETTE] = {4, 3, 2, 1, 5, 6, 4, 3, 2, 1, 5, 6};

int grid_color_8(int c)
{
    if (GRID_IS_GREY(c)) return c - 100 < 12 ? 0 : 7;
    return c < 0 ? -1 : pal8[c % GRID_PALETTE];
}

int grid_color_256(int c)
{
    if (GRID_IS_GREY(c)) return 232 + (c - 100);
    return c < 0 ? -1 : pal256[c % GRID_PALETTE];
}

static int sgr(char *b, int fg, int bg, int bold, int dim, int color)
{
    int n = sprintf(b, "\033[0");
    if (bold) n += sprintf(b + n, ";1");
    if (dim) n += sprintf(b + n, ";2");
    if (fg >= 0) {
        if (color == 256) n += sprintf(b + n, ";38;5;%d", grid_color_256(fg));
        else n += sprintf(b + n, ";%d", 30 + grid_color_8(fg));
    }
    if (bg >= 0) {
        if (color == 256) n += sprintf(b + n, ";48;5;%d", grid_color_256(bg));
        else n += sprintf(b + n, ";%d", 40 + grid_color_8(bg));
    }
    return n + sprintf(b + n, "m");
}

int grid_write_ansi(const Grid *g, FILE *out, int color, Err *e)
{
    char *line = malloc((size_t)g->w * 40 + 16);
    if (!line) return err_nomem(e, (size_t)g->w * 40, "plot text");
    int rows = g->h; /* blank rows at the bottom are left out */
    while (rows > 1) {
        const Cell *row = g->cells + (size_t)(rows - 1) * (size_t)g->w;
        int blank = 1;
        for (int x = 0; x < g->w && blank; x++) blank = row[x].ch == ' ' && row[x].bg < 0;
        if (!blank) break;
        rows--;
    }
    for (int y = 0; y < rows; y++) {
        const Cell *row = g->cells + (size_t)y * (size_t)g->w;
        int last = g->w - 1;
        while (last >= 0 && row[last].ch == ' ' && (color == 0 || row[last].bg < 0)) last--;
        size_t n = 0;
        int cf = -1, cb = -1, cbold = 0, cdim = 0;
        for (int x = 0; x <= last; x++) {
            const Cell *c = &row[x];
            if (color && (c->fg != cf || c->bg != cb || c->bold != cbold || c->dim != cdim)) {
                n += (size_t)sgr(line + n, c->fg, c->bg, c->bold, c->dim, color);
                cf = c->fg;
                cb = c->bg;
                cbold = c->bold;
                cdim = c->dim;
            }
            n += (size_t)utf8_encode(c->ch, line + n);
        }
        if (color && (cf >= 0 || cb >= 0 || cbold || cdim)) n += (size_t)sprintf(line + n, "\033[0m");
        line[n++] = '\n';
        if (fwrite(line, 1, n, out) != n) {
            free(line);
            return err_set(e, "cannot write the plot");
        }
    }
    free(line);
    return 0;
}
