/* screen_console.c — the console pane's text and scrollback (see
 * screen_console.h). */
#include "ui/screen_console.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "plot/grid.h"

typedef struct Line {
    char *s;
    ConKind kind;
} Line;

static Line *lines; /* ring of CON_MAX_LINES */
static size_t first, count;
static char *part; /* the unfinished line */
static size_t part_len, part_cap;
static ConKind part_kind;
static int esc_state; /* 0 text, 1 after ESC, 2 CSI, 3 OSC, 4 ESC intermediates */
static int scroll_rows;
static long pushed;      /* lines pushed ever: the next line's number */
static long clear_mark;  /* pushed after the last Ctrl-L */
static int last_width = 80; /* of the last drawing, to keep a scrolled view still */

static int rows_of(const char *s, int width);

static Line *line_at(size_t i)
{
    return &lines[(first + i) % CON_MAX_LINES];
}

static int push_line(char *s, ConKind kind)
{
    if (!lines && !(lines = calloc(CON_MAX_LINES, sizeof *lines))) {
        free(s);
        return -1;
    }
    if (count == CON_MAX_LINES) { /* drop the oldest */
        free(line_at(0)->s);
        first = (first + 1) % CON_MAX_LINES;
        count--;
    }
    Line *l = line_at(count++);
    pushed++;
    l->s = s;
    l->kind = kind;
    if (scroll_rows > 0) scroll_rows += rows_of(s, last_width); /* the view stays where it is */
    return 0;
}

static int part_put(char c)
{
    if (part_len + 2 > part_cap) {
        size_t cap = part_cap ? part_cap * 2 : 256;
        char *p = realloc(part, cap);
        if (!p) return -1;
        part = p;
        part_cap = cap;
    }
    part[part_len++] = c;
    part[part_len] = '\0';
    return 0;
}

/* Cells the unfinished line takes (for tab stops). */
static int part_cols(void)
{
    const char *s = part ? part : "";
    int w = 0;
    while (*s) w += grid_cp_width(utf8_decode(&s));
    return w;
}

void con_flush(void)
{
    if (!part_len) return;
    char *s = strdup(part);
    part_len = 0;
    part[0] = '\0';
    if (s) push_line(s, part_kind);
}

int con_write(const char *s, size_t n, ConKind kind)
{
    int rc = 0;
    if (part_len && kind != part_kind) con_flush();
    part_kind = kind;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        /* escape sequences (ECMA-48): ESC [ params final, ESC ] text BEL
         * or ESC \, ESC intermediates final */
        if (esc_state == 1) {
            esc_state = c == '[' ? 2 : c == ']' ? 3 : (c >= 0x20 && c <= 0x2f) ? 4 : 0;
            continue;
        }
        if (esc_state == 2) { /* CSI: parameters until a final byte */
            if (c >= 0x40 && c <= 0x7e) esc_state = 0;
            continue;
        }
        if (esc_state == 3) { /* OSC: until BEL, or ESC (of ESC \) */
            if (c == 7) esc_state = 0;
            else if (c == 27) esc_state = 1;
            continue;
        }
        if (esc_state == 4) { /* intermediates until a final byte */
            if (!(c >= 0x20 && c <= 0x2f)) esc_state = 0;
            continue;
        }
        if (c == 27) {
            esc_state = 1;
        } else if (c == '\n') {
            char *l = strdup(part_len ? part : "");
            part_len = 0;
            if (part) part[0] = '\0';
            if (!l || push_line(l, kind) < 0) rc = -1;
        } else if (c == '\r') { /* a progress line redrawn in place */
            part_len = 0;
            if (part) part[0] = '\0';
        } else if (c == '\t') {
            int spaces = 8 - part_cols() % 8;
            while (spaces-- > 0)
                if (part_put(' ') < 0) rc = -1;
        } else if (c >= 32 && c != 127) {
            if (part_put((char)c) < 0) rc = -1;
        }
    }
    return rc;
}

int con_line(const char *s, ConKind kind)
{
    con_flush();
    int rc = con_write(s, strlen(s), kind);
    return con_write("\n", 1, kind) < 0 ? -1 : rc;
}

void con_free(void)
{
    for (size_t i = 0; i < count; i++) free(line_at(i)->s);
    free(lines);
    lines = NULL;
    first = count = 0;
    free(part);
    part = NULL;
    part_len = part_cap = 0;
    scroll_rows = 0;
    pushed = clear_mark = 0;
}

/* ---- wrapping and drawing ----------------------------------------------- */

/* The start of the row after the one starting at s, width cells wide:
 * after the last space that fits, or where the width runs out when a
 * word is longer than the row (at least one character per row). */
static const char *next_row(const char *s, int width)
{
    int w = 0;
    const char *after_space = NULL;
    while (*s) {
        const char *p = s;
        int cw = grid_cp_width(utf8_decode(&p));
        if (w + cw > width && w > 0) {
            if (*s == ' ') { /* the break falls on a space: drop it */
                while (*s == ' ') s++;
                return s;
            }
            return after_space ? after_space : s;
        }
        w += cw;
        if (*s == ' ') after_space = p;
        s = p;
    }
    return s;
}

static int rows_of(const char *s, int width)
{
    int r = 1;
    for (s = next_row(s, width); *s; s = next_row(s, width)) r++;
    return r;
}

static size_t n_items(void)
{
    return count + (part_len ? 1 : 0);
}

static const char *item(size_t i, ConKind *kind)
{
    if (i < count) {
        *kind = line_at(i)->kind;
        return line_at(i)->s;
    }
    *kind = part_kind;
    return part;
}

static long total_rows(int width)
{
    long t = 0;
    ConKind k;
    for (size_t i = 0; i < n_items(); i++) t += rows_of(item(i, &k), width);
    return t;
}

void con_scroll(int rows, int width, int height)
{
    if (width < 1) width = 1;
    long max = total_rows(width) - height;
    long s = (long)scroll_rows + rows;
    if (s > max) s = max;
    if (s < 0) s = 0;
    scroll_rows = (int)s;
}

int con_scrolled(void)
{
    return scroll_rows;
}

long con_mark(void)
{
    con_flush();
    return pushed;
}

/* The index in the ring of line number mark (clamped to what is kept). */
static size_t index_of(long mark)
{
    long oldest = pushed - (long)count;
    if (mark < oldest) mark = oldest;
    if (mark > pushed) mark = pushed;
    return (size_t)(mark - oldest);
}

long con_rows_since(long mark, int width)
{
    if (width < 1) width = 1;
    long t = 0;
    ConKind k;
    for (size_t i = index_of(mark); i < n_items(); i++) t += rows_of(item(i, &k), width);
    return t;
}

void con_show_from(long mark, int width, int height)
{
    long below = con_rows_since(mark, width) - height;
    scroll_rows = below > 0 ? (int)(below > 1000000 ? 1000000 : below) : 0;
}

void con_clear(int height)
{
    con_flush();
    scroll_rows = 0;
    if (pushed == clear_mark) return; /* nothing new since the last one */
    for (int i = 0; i < height; i++) {
        char *s = strdup("");
        if (!s || push_line(s, CON_OUT) < 0) break;
    }
    clear_mark = pushed;
}

void con_scroll_end(void)
{
    scroll_rows = 0;
}

static void draw_row(int y, const char *s, const char *end, int width, int ascii, attr_t a)
{
    move(y, 0);
    int x = 0;
    while (s < end && x < width) {
        uint32_t cp = utf8_decode(&s);
        int cw = grid_cp_width(cp);
        if (cw == 0) continue; /* combining marks are dropped */
        if (ascii && cp > 126) cp = '?', cw = 1;
        wchar_t wc[2] = {(wchar_t)cp, 0};
        cchar_t cc;
        setcchar(&cc, wc, a & ~A_COLOR, (short)PAIR_NUMBER(a), NULL);
        add_wch(&cc);
        x += cw;
    }
}

void con_draw(int top, int height, int width, int ascii, unsigned long (*attr)(ConKind))
{
    for (int r = 0; r < height; r++) {
        move(top + r, 0);
        clrtoeol();
    }
    if (height <= 0 || width <= 0) return;
    last_width = width;
    int skip = scroll_rows, y = top + height - 1;
    for (size_t i = n_items(); i-- > 0 && y >= top;) {
        ConKind kind;
        const char *s = item(i, &kind);
        int rows = rows_of(s, width);
        if (skip >= rows) {
            skip -= rows;
            continue;
        }
        /* rows [0, rows - skip) of this line, the last at y */
        int last = rows - 1 - skip;
        skip = 0;
        const char *p = s;
        for (int k = 0; k <= last; k++) {
            const char *q = next_row(p, width);
            int yy = y - (last - k);
            if (yy >= top) draw_row(yy, p, q, width, ascii, (attr_t)attr(kind));
            p = q;
        }
        y -= last + 1;
    }
}
