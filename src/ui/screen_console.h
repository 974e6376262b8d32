/* screen_console.h — the screen's console: results, errors and notes with
 * scrollback, wrapped to the pane's width when drawn.
 *
 * Text is kept as UTF-8 lines; control characters are dropped, tabs
 * expanded and ANSI escape sequences removed on the way in, so the
 * console never moves the terminal's cursor.  UI thread only.
 */
#ifndef DV_UI_SCREEN_CONSOLE_H
#define DV_UI_SCREEN_CONSOLE_H

#include <stddef.h>

typedef enum {
    CON_OUT,   /* results */
    CON_INPUT, /* the echo of what was typed */
    CON_ERROR, /* errors */
    CON_NOTE,  /* dv's own notes (interrupted, completions) */
} ConKind;

#define CON_MAX_LINES 5000

/* Add text; '\n' ends a line, an unfinished line waits for more (it is
 * shown meanwhile).  Returns -1 when out of memory (the text is lost). */
int con_write(const char *s, size_t n, ConKind kind);
/* One whole line (a newline is added). */
int con_line(const char *s, ConKind kind);
/* End an unfinished line. */
void con_flush(void);
void con_free(void);

/* Scroll back (rows > 0) or forward; clamped.  The view follows new
 * output only while it is not scrolled back. */
void con_scroll(int rows, int width, int height);
int con_scrolled(void); /* rows scrolled back */
void con_scroll_end(void);

/* Line numbers: con_mark is the number the next line will get (the
 * unfinished line is ended first); con_rows_since counts the rows from
 * that line to the end at a width; con_show_from scrolls back so that the
 * line is the top row of a pane height rows high (the start of a long
 * answer stays readable, as in a pager). */
long con_mark(void);
long con_rows_since(long mark, int width);
void con_show_from(long mark, int width, int height);
/* Ctrl-L: blank rows push what was shown up into the scrollback, as a
 * terminal's clear does (nothing when nothing came since the last one). */
void con_clear(int height);

/* Draw the last height rows (minus the scroll) at rows top.. of stdscr,
 * width cells wide; attr(kind) gives the curses attributes of a kind. */
void con_draw(int top, int height, int width, int ascii, unsigned long (*attr)(ConKind));

#endif
