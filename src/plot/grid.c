/* grid.c — the cell grid every plot renders to, text placement with
 * wide characters, and the colour palette. */
#include "plot/grid.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

Grid *grid_new(int w, int h, Err *e)
{
    if (w < 1) w = 1;
    if (h < 1) h = 1;
    Grid *g = malloc(sizeof *g);
    Cell *c = malloc((size_t)w * (size_t)h * sizeof *c);
    if (!g || !c) {
        free(g);
        free(c);
        err_nomem(e, (size_t)w * (size_t)h * sizeof *c, "plot grid");
        return NULL;
    }
    g->w = w;
    g->h = h;
    g->cells = c;
    for (size_t i = 0; i < (size_t)w * (size_t)h; i++) c[i] = (Cell){' ', GRID_DEFAULT, GRID_DEFAULT, 0};
    return g;
}

void grid_free(Grid *g)
{
    if (!g) return;
    free(g->cells);
    free(g);
}

/* East Asian Wide/Fullwidth ranges and emoji (Unicode 15, the common
 * blocks); enough that CJK words in a word map line up. */
int grid_cp_width(uint32_t cp)
{
    static const uint32_t wide[][2] = {
        {0x1100, 0x115F},   {0x231A, 0x231B},   {0x2329, 0x232A},   {0x23E9, 0x23EC},   {0x23F0, 0x23F0},
        {0x23F3, 0x23F3},   {0x25FD, 0x25FE},   {0x2614, 0x2615},   {0x2648, 0x2653},   {0x267F, 0x267F},
        {0x2693, 0x2693},   {0x26A1, 0x26A1},   {0x26AA, 0x26AB},   {0x26BD, 0x26BE},   {0x26C4, 0x26C5},
        {0x26CE, 0x26CE},   {0x26D4, 0x26D4},   {0x26EA, 0x26EA},   {0x26F2, 0x26F5},   {0x26FA, 0x26FD},
        {0x2705, 0x2705},   {0x270A, 0x270B},   {0x2728, 0x2728},   {0x274C, 0x274C},   {0x2753, 0x2755},
        {0x2757, 0x2757},   {0x2795, 0x2797},   {0x27B0, 0x27B0},   {0x27BF, 0x27BF},   {0x2B1B, 0x2B1C},
        {0x2B50, 0x2B50},   {0x2B55, 0x2B55},   {0x2E80, 0x303E},   {0x3041, 0x33FF},   {0x3400, 0x4DBF},
        {0x4E00, 0x9FFF},   {0xA000, 0xA4CF},   {0xA960, 0xA97F},   {0xAC00, 0xD7A3},   {0xF900, 0xFAFF},
        {0xFE10, 0xFE19},   {0xFE30, 0xFE6F},   {0xFF00, 0xFF60},   {0xFFE0, 0xFFE6},   {0x16FE0, 0x16FE4},
        {0x17000, 0x18CFF}, {0x1B000, 0x1B2FF}, {0x1F004, 0x1F004}, {0x1F0CF, 0x1F0CF}, {0x1F18E, 0x1F18E},
        {0x1F191, 0x1F19A}, {0x1F200, 0x1F251}, {0x1F300, 0x1F64F}, {0x1F680, 0x1F6FF}, {0x1F7E0, 0x1F7EB},
        {0x1F90C, 0x1F9FF}, {0x1FA70, 0x1FAFF}, {0x20000, 0x3FFFD},
    };
    if (cp < 0x300) return cp >= 0x20 && cp != 0x7F ? 1 : 0;
    if ((cp >= 0x300 && cp <= 0x36F) || (cp >= 0x1AB0 && cp <= 0x1AFF) || (cp >= 0x1DC0 && cp <= 0x1DFF) ||
        (cp >= 0x20D0 && cp <= 0x20FF) || (cp >= 0xFE20 && cp <= 0xFE2F) || cp == 0x200B || cp == 0x200D ||
        (cp >= 0xFE00 && cp <= 0xFE0F))
        return 0;
    size_t lo = 0, hi = sizeof wide / sizeof wide[0];
    while (lo < hi) { /* binary search in the sorted ranges */
        size_t mid = (lo + hi) / 2;
        if (cp > wide[mid][1]) lo = mid + 1;
        else if (cp < wide[mid][0]) hi = mid;
        else return 2;
    }
    return 1;
}

uint32_t utf8_decode(const char **s)
{
    const unsigned char *p = (const unsigned char *)*s;
    uint32_t c = *p;
    int extra = c >= 0xF0 && c < 0xF8 ? 3 : c >= 0xE0 ? 2 : c >= 0xC2 ? 1 : 0;
    if (c >= 0xF8 || (c >= 0x80 && c < 0xC2)) {
        *s = (const char *)p + 1;
        return 0xFFFD;
    }
    if (extra) c &= 0x3Fu >> extra;
    for (int i = 1; i <= extra; i++) {
        if ((p[i] & 0xC0) != 0x80) { /* truncated sequence */
            *s = (const char *)p + 1;
            return 0xFFFD;
        }
        c = (c << 6) | (p[i] & 0x3Fu);
    }
    *s = (const char *)p + 1 + extra;
    return c;
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

/* Blank the other half of a wide character that cell x is part of. */
static void unsplit(Grid *g, int x, int y)
{
    Cell *c = grid_at(g, x, y);
    if (c->ch == 0 && x > 0) grid_at(g, x - 1, y)->ch = ' ';
    else if (x + 1 < g->w && grid_at(g, x + 1, y)->ch == 0) grid_at(g, x + 1, y)->ch = ' ';
}

void grid_put(Grid *g, int x, int y, uint32_t ch, int fg)
{
    if (x < 0 || y < 0 || x >= g->w || y >= g->h) return;
    int wd = grid_cp_width(ch);
    if (wd == 0) return;
    if (wd == 2 && x + 1 >= g->w) return;
    unsplit(g, x, y);
    Cell *c = grid_at(g, x, y);
    c->ch = ch;
    c->fg = (int16_t)fg;
    if (wd == 2) {
        unsplit(g, x + 1, y);
        c[1].ch = 0;
        c[1].fg = (int16_t)fg;
        c[1].bg = c->bg;
        c[1].attr = c->attr;
    }
}

int grid_text(Grid *g, int x, int y, const char *s, int fg, int max)
{
    int n = 0;
    while (*s) {
        uint32_t cp = utf8_decode(&s);
        int wd = grid_cp_width(cp);
        if (wd == 0) continue;
        if ((max >= 0 && n + wd > max) || (wd == 2 && x + n + 1 == g->w)) break;
        grid_put(g, x + n, y, cp, fg);
        n += wd;
    }
    return n;
}

void grid_attr(Grid *g, int x, int y, int n, int attr)
{
    if (y < 0 || y >= g->h) return;
    for (int i = x < 0 ? 0 : x; i < x + n && i < g->w; i++) grid_at(g, i, y)->attr = (uint8_t)attr;
}

int grid_text_width(const char *s)
{
    int n = 0;
    while (*s) n += grid_cp_width(utf8_decode(&s));
    return n;
}

/* ---- palette ---------------------------------------------------------- */

/* Class colours: Tableau 10 (as in matplotlib), distinguishable on dark
 * and light backgrounds; the 256-colour entries are the nearest xterm
 * colours, the 8-colour ones cycle the six hues then their bright forms. */
static const unsigned char class_rgb[GRID_NCLASS][3] = {
    {0x1f, 0x77, 0xb4}, {0xff, 0x7f, 0x0e}, {0x2c, 0xa0, 0x2c}, {0xd6, 0x27, 0x28}, {0x94, 0x67, 0xbd},
    {0x8c, 0x56, 0x4b}, {0xe3, 0x77, 0xc2}, {0x7f, 0x7f, 0x7f}, {0xbc, 0xbd, 0x22}, {0x17, 0xbe, 0xcf}};
static const int class_256[GRID_NCLASS] = {31, 208, 34, 160, 97, 95, 175, 244, 142, 38};
static const int class_8[GRID_NCLASS] = {4, 3, 2, 1, 5, 6, 12, 11, 10, 13};

/* Viridis (van der Walt and Smith, matplotlib 2015) sampled at 16 points;
 * the xterm entries are hand-picked neighbours that stay distinct. */
static const unsigned char heat_rgb[GRID_NHEAT][3] = {
    {0x44, 0x01, 0x54}, {0x48, 0x1a, 0x6c}, {0x47, 0x2f, 0x7d}, {0x41, 0x44, 0x87},
    {0x39, 0x56, 0x8c}, {0x31, 0x68, 0x8e}, {0x2a, 0x78, 0x8e}, {0x23, 0x88, 0x8e},
    {0x1f, 0x98, 0x8b}, {0x22, 0xa8, 0x84}, {0x35, 0xb7, 0x79}, {0x54, 0xc5, 0x68},
    {0x7a, 0xd1, 0x51}, {0xa5, 0xdb, 0x36}, {0xd2, 0xe2, 0x1b}, {0xfd, 0xe7, 0x25}};
static const int heat_256[GRID_NHEAT] = {53, 54, 61, 67, 31, 30, 36, 35, 71, 77, 113, 149, 148, 184, 220, 226};
static const int heat_8[5] = {5, 4, 6, 2, 3};

static const int cube_level[6] = {0, 95, 135, 175, 215, 255};

int grid_color_256(int c)
{
    if (c < 0) return -1;
    if (c < 100) return class_256[c % GRID_NCLASS];
    if (GRID_IS_GREY(c)) {
        int k = c - 100;
        return k == 0 ? 16 : k == GRID_NGREY - 1 ? 231 : 231 + k;
    }
    if (GRID_IS_HEAT(c)) return heat_256[c - 200];
    if (GRID_IS_RGB(c)) return 16 + (c - 300);
    return -1;
}

int grid_color_8(int c)
{
    if (c < 0) return -1;
    if (c < 100) return class_8[c % GRID_NCLASS];
    if (GRID_IS_GREY(c)) {
        int k = c - 100;
        return k < GRID_NGREY / 4 ? 0 : k < GRID_NGREY / 2 ? 8 : k < 3 * GRID_NGREY / 4 ? 7 : 15;
    }
    if (GRID_IS_HEAT(c)) return heat_8[(c - 200) * 5 / GRID_NHEAT];
    if (GRID_IS_RGB(c)) {
        int i = c - 300, r = i / 36, g = (i / 6) % 6, b = i % 6;
        int col = (r >= 3) | (g >= 3) << 1 | (b >= 3) << 2;
        return (r == 5 || g == 5 || b == 5) && col ? col + 8 : col;
    }
    return -1;
}

void grid_color_rgb(int c, unsigned char rgb[3])
{
    rgb[0] = rgb[1] = rgb[2] = 0;
    if (c < 0) return;
    if (c < 100) {
        memcpy(rgb, class_rgb[c % GRID_NCLASS], 3);
    } else if (GRID_IS_GREY(c)) {
        rgb[0] = rgb[1] = rgb[2] = (unsigned char)lround((c - 100) * 255.0 / (GRID_NGREY - 1));
    } else if (GRID_IS_HEAT(c)) {
        memcpy(rgb, heat_rgb[c - 200], 3);
    } else if (GRID_IS_RGB(c)) {
        int i = c - 300;
        rgb[0] = (unsigned char)cube_level[i / 36];
        rgb[1] = (unsigned char)cube_level[(i / 6) % 6];
        rgb[2] = (unsigned char)cube_level[i % 6];
    }
}

int grid_heat(double f)
{
    if (!(f > 0)) return GRID_HEAT(0);
    if (f >= 1) return GRID_HEAT(GRID_NHEAT - 1);
    return GRID_HEAT((int)(f * GRID_NHEAT));
}

int grid_grey(double f)
{
    if (!(f > 0)) return GRID_GREY(0);
    if (f >= 1) return GRID_GREY(GRID_NGREY - 1);
    return GRID_GREY((int)lround(f * (GRID_NGREY - 1)));
}
