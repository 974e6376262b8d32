/* test_screen.c — the screen's console pane and grid writer, drawn into a
 * curses screen whose output goes to /dev/null and read back from stdscr:
 * wrapping at spaces, escapes and control characters dropped, tabs,
 * carriage returns, scrollback that stays put as output arrives, the line
 * limit; grid cells with wide characters and colour pairs. */
#include <curses.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "plot/grid.h"
#include "tests/tap.h"
#include "ui/screen_console.h"
#include "ui/screen_curve.h"
#include "ui/screen_draw.h"
#include "ui/screen_input.h"

static unsigned long plain(ConKind k)
{
    (void)k;
    return A_NORMAL;
}

/* Row y of stdscr without trailing blanks (in one of 4 buffers, so a
 * message can show several rows). */
static const char *row(int y)
{
    static char bufs[4][256];
    static int k;
    char *buf = bufs[k++ % 4];
    int n = mvinnstr(y, 0, buf, 255);
    if (n < 0) n = 0;
    buf[n] = '\0';
    while (n > 0 && buf[n - 1] == ' ') buf[--n] = '\0';
    return buf;
}

static void draw(int height, int width)
{
    erase();
    con_draw(0, height, width, 0, plain);
}

int main(void)
{
    int utf8 = setlocale(LC_ALL, "C.UTF-8") != NULL;
    FILE *out = fopen("/dev/null", "w"), *in = fopen("/dev/null", "r");
    SCREEN *scr = out && in ? newterm("xterm-256color", out, in) : NULL;
    if (!scr) {
        printf("1..0 # SKIP no xterm-256color terminfo entry\n");
        return 0;
    }
    resizeterm(12, 40);

    /* wrapping at the last space that fits */
    con_line("hello world, this is a long line", CON_OUT);
    draw(4, 10);
    const char *r0 = row(0), *r1 = row(1), *r2 = row(2), *r3 = row(3);
    ok(strcmp(r0, "hello") == 0 && strcmp(r1, "world,") == 0 && strcmp(r2, "this is a") == 0 &&
           strcmp(r3, "long line") == 0,
       "a line wraps at spaces: '%s' '%s' '%s' '%s'", r0, r1, r2, r3);
    con_free();

    /* a word longer than the row is cut where the row ends */
    con_line("abcdefghijklmnop", CON_OUT);
    draw(2, 10);
    r0 = row(0), r1 = row(1);
    ok(strcmp(r0, "abcdefghij") == 0 && strcmp(r1, "klmnop") == 0, "a long word is cut: '%s' '%s'", r0, r1);
    con_free();

    /* escape sequences and control characters never reach the terminal */
    const char *esc = "\033[1;31mred\033[0m and \033(Bplain\a\b\033]0;title\a\033]2;t\033\\\n";
    con_write(esc, strlen(esc), CON_OUT);
    draw(1, 40);
    ok(strcmp(row(0), "red and plain") == 0, "escapes and controls dropped: '%s'", row(0));
    con_free();

    /* tabs to the next multiple of 8; a carriage return starts the line over */
    con_write("a\tb\n50%\r100%\n", 13, CON_OUT);
    draw(2, 40);
    ok(strcmp(row(0), "a       b") == 0, "tab stops every 8: '%s'", row(0));
    ok(strcmp(row(1), "100%") == 0, "carriage return redraws the line: '%s'", row(1));
    con_free();

    /* an unfinished line is shown, and finished by more text */
    con_write("partial", 7, CON_OUT);
    draw(1, 40);
    ok(strcmp(row(0), "partial") == 0, "an unfinished line is shown: '%s'", row(0));
    con_write(" line\nnext", 10, CON_OUT);
    draw(2, 40);
    r0 = row(0), r1 = row(1);
    ok(strcmp(r0, "partial line") == 0 && strcmp(r1, "next") == 0, "and goes on: '%s' '%s'", r0, r1);
    con_free();

    /* scrollback: the bottom rows, then back, clamped, and still as output comes */
    char line[32];
    for (int i = 0; i < 30; i++) {
        snprintf(line, sizeof line, "line %d", i);
        con_line(line, CON_OUT);
    }
    draw(5, 40);
    r0 = row(0), r1 = row(4);
    ok(strcmp(r0, "line 25") == 0 && strcmp(r1, "line 29") == 0, "the last rows: '%s'..'%s'", r0, r1);
    con_scroll(3, 40, 5);
    draw(5, 40);
    r0 = row(0), r1 = row(4);
    ok(con_scrolled() == 3 && strcmp(r0, "line 22") == 0 && strcmp(r1, "line 26") == 0, "scrolled back 3: '%s'..'%s'",
       r0, r1);
    con_line("line 30", CON_OUT);
    con_line("line 31", CON_OUT);
    draw(5, 40);
    ok(con_scrolled() == 5 && strcmp(row(0), "line 22") == 0, "new output does not move a scrolled view: '%s' (%d)",
       row(0), con_scrolled());
    con_scroll(1000, 40, 5);
    draw(5, 40);
    ok(con_scrolled() == 27 && strcmp(row(0), "line 0") == 0, "scrolling stops at the first line: '%s' (%d)",
       row(0), con_scrolled());
    con_scroll(-1000, 40, 5);
    ok(con_scrolled() == 0, "and at the last");
    con_free();

    /* at most CON_MAX_LINES lines are kept */
    for (int i = 0; i < CON_MAX_LINES + 100; i++) {
        snprintf(line, sizeof line, "l%d", i);
        con_line(line, CON_OUT);
    }
    con_scroll(CON_MAX_LINES * 2, 40, 1);
    draw(1, 40);
    ok(strcmp(row(0), "l100") == 0, "the oldest lines are dropped: first kept '%s'", row(0));
    con_free();

    /* colour pairs: one per colour combination, none without colour */
    start_color();
    draw_setup(256, use_default_colors() == OK);
    short a = draw_pair(196, -1), b = draw_pair(196, -1), c = draw_pair(21, -1);
    ok(a > 0 && a == b && c > 0 && c != a, "pairs are made once per combination (%d %d %d)", a, b, c);
    ok(draw_pair(-1, -1) == 0, "default colours need no pair");
    draw_setup(0, 0);
    ok(draw_pair(196, -1) == 0, "no pairs without colour");
    draw_reset_pairs();

    /* a grid drawn cell by cell, clipped, wide characters in two cells */
    Grid *g = grid_new(6, 2, NULL);
    grid_text(g, 0, 0, "ab", GRID_DEFAULT, -1);
    grid_text(g, 0, 1, "xyz123", GRID_DEFAULT, -1);
    erase();
    draw_grid(g, 3, 2, 4, 1, 0);
    r0 = row(3), r1 = row(4);
    ok(strcmp(r0, "  ab") == 0 && strcmp(r1, "") == 0, "grid placed and clipped: '%s' / '%s'", r0, r1);
    if (utf8) {
        grid_text(g, 0, 0, "\xe4\xb8\xad|", GRID_DEFAULT, -1); /* U+4E2D, two cells */
        erase();
        draw_grid(g, 0, 0, 6, 1, 0);
        wchar_t w[8] = {0};
        mvinnwstr(0, 0, w, 3);
        ok(w[0] == 0x4e2d && w[1] == L'|', "a wide character takes two cells (U+%04X U+%04X)", (unsigned)w[0],
           (unsigned)w[1]);
        erase();
        draw_grid(g, 0, 0, 6, 1, 1);
        ok(strcmp(row(0), "? |") == 0, "ASCII mode replaces it: '%s'", row(0));
    }
    grid_free(g);

    /* the rows of the entry being typed (screen_input.c) */
    InLayout L = {0};
    input_layout(&L, "z = [1,\n2,", "dv> ", "... ", "... ", "3]", 1, 40);
    ok(L.n == 3 && strcmp(L.rows[0].prompt, "dv> ") == 0 && L.rows[0].e - L.rows[0].s == 7 &&
           strcmp(L.rows[1].prompt, "... ") == 0 && strcmp(L.rows[2].prompt, "... ") == 0 && L.cur_row == 2 &&
           L.cur_col == 5,
       "an unfinished entry: its lines, then the line being typed (%d rows, cursor %d,%d)", L.n, L.cur_row,
       L.cur_col);
    input_layout(&L, NULL, "dv> ", "... ", "dv> ", "aaaaaaaaaaaaaaaaaaaa", 20, 10);
    ok(L.n == 3 && L.rows[0].e - L.rows[0].s == 6 && !L.rows[1].prompt && L.rows[1].e - L.rows[1].s == 10 &&
           L.rows[2].e - L.rows[2].s == 4 && L.cur_row == 2 && L.cur_col == 4,
       "a long line wraps like a terminal's (%d rows, cursor %d,%d)", L.n, L.cur_row, L.cur_col);
    input_layout(&L, NULL, "dv> ", "... ", "dv> ", "aaaaaa", 6, 10);
    ok(L.n == 2 && L.cur_row == 1 && L.cur_col == 0, "a full row puts the cursor on the next (%d rows, %d,%d)", L.n,
       L.cur_row, L.cur_col);
    input_layout(&L, NULL, "dv> ", "... ", "dv> ", "m = [10,\n20,\n30]", 2, 40);
    ok(L.n == 3 && strcmp(L.rows[2].prompt, "... ") == 0 && L.cur_row == 0 && L.cur_col == 6,
       "a recalled multi-line entry: a row per line, the cursor in its line (%d,%d)", L.cur_row, L.cur_col);
    input_layout(&L, NULL, "dv> ", "... ", "dv> ", "\xe4\xb8\xad\xe4\xb8\xad", 6, 7);
    ok(L.n == 2 && L.rows[0].e - L.rows[0].s == 3 && L.cur_row == 1 && L.cur_col == 2,
       "a wide character that does not fit goes to the next row (%d rows, %d,%d)", L.n, L.cur_row, L.cur_col);
    input_layout(&L, NULL, "dv> ", "... ", "dv> ", "abc", 3, 2);
    ok(L.n == 3 && L.rows[0].e - L.rows[0].s == 1 && L.cur_row == 2 && L.cur_col == 0, "a prompt wider than the pane is cut to a cell (%d rows, %d,%d)", L.n,
       L.cur_row, L.cur_col);
    input_layout_free(&L);

    /* the plot a job's report stands for (screen_curve.c) */
    static JobCurve jc;
    Err e;
    job_curve_reset(&jc);
    JobFrame fr = {.task = "word2vec", .unit = "words", .metric = "words/s", .run = 7};
    int shown = 0, points = 0;
    for (int i = 0; i < 30; i++) { /* a report every 0.05 s, 1000 words each */
        fr.at = 100 + 0.05 * i;
        fr.started = 100;
        fr.done = 1000.0 * i;
        fr.value = 20000 + i;
        Plot *p = job_frame_plot(&jc, &fr, &e);
        if (p && !shown) shown = i;
        if (p) points = (int)plot_size(p), plot_free(p);
    }
    ok(shown == 20 && jc.n == 15 && points == 15,
       "a metric curve waits for the run's first second, then has a point per 0.1 s (first at report %d, %d points)",
       shown, jc.n);
    fr.run = 8;
    fr.at = 200;
    Plot *p = job_frame_plot(&jc, &fr, &e);
    ok(!p && jc.n == 1, "a new run starts a new curve (%d point)", jc.n);
    plot_free(p);
    for (int i = 1; i <= 3000; i++) {
        fr.at = 200 + 0.1 * i;
        fr.done = i;
        plot_free(job_frame_plot(&jc, &fr, &e));
    }
    ok(jc.n > 1000 && jc.n <= JOB_CURVE_MAX && jc.every == 0.2 && jc.x[jc.n - 1] >= 2998,
       "a long run keeps its whole course at a coarser step (%d points, every %.1f s)", jc.n, jc.every);
    float two[5] = {3, 2, 1, 2.5f, 2.0f};
    JobFrame tr = {.task = "autoencoder", .metric = "loss", .curve = two, .curve_len = 3, .curve2_len = 2,
                   .curve_name = "training", .curve2_name = "validation"};
    p = job_frame_plot(&jc, &tr, &e);
    ok(p && strcmp(plot_kind_name(p), "curve") == 0, "reported curves (training, validation) are drawn at once");
    plot_free(p);

    endwin();
    delscreen(scr);
    fclose(out);
    fclose(in);
    return done_testing();
}
