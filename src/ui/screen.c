/* screen.c — the full-screen workbench: a plot pane above a status bar,
 * the console with scrollback, entries waiting to run, and the entry being
 * typed at the bottom.
 *
 * Threads: this (UI) thread owns ncurses, readline and the keyboard, in
 * one poll() loop over the terminal and a wake-up pipe.  Statements run
 * on a worker thread (screen_job.c) whose output, plots and progress
 * snapshots arrive through a mailbox; a running job's map is redrawn from
 * its latest snapshot at most JOB_FPS times a second.  Signal handlers
 * (SIGINT, SIGWINCH, SIGTERM, SIGHUP) only set flags and write to the pipe.
 *
 * readline runs through its callback interface (as in ulfalizer's
 * readline-and-ncurses recipe): keys read with getch are queued and fed
 * to it through rl_getc_function, and it draws through
 * rl_redisplay_function, so history, completion and every editing key
 * (and the user's ~/.inputrc, under `$if dv`) work as in the plain REPL.
 * ncurses decodes function keys (keypad mode stays on: switching it
 * while keys are in flight would split their sequences); in the prompt a
 * decoded key goes to readline as the very sequence the terminal sent
 * (keybound), except F1, F2, F3 and PageUp/PageDown, which are the
 * screen's.
 *
 * Layout (layout()): the entry being typed takes the rows it needs at the
 * bottom (all its lines, wrapped, as readline shows them on a terminal),
 * entries waiting for a running job sit dimmed above it, and the rest is
 * shared between the plot pane and the console: the console has it all
 * while there is no plot; with a plot, the plot has two thirds, unless the
 * last entry printed more than the console's third (then the console
 * grows to fit it, leaving the plot a third); F3 or the layout builtin fix
 * the share instead, kept as a fraction across resizes.
 */
#include <curses.h>
#include <errno.h>
#include <math.h>
#include <poll.h>
#include <readline/history.h>
#include <readline/readline.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <term.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "core/progress.h"
#include "lang/help.h"
#include "lang/lab.h"
#include "plot/plot.h"
#include "ui/frontend.h"
#include "ui/screen.h"
#include "ui/screen_console.h"
#include "ui/screen_curve.h"
#include "ui/screen_draw.h"
#include "ui/screen_input.h"
#include "ui/screen_job.h"

#define PROMPT "dv> "
#define PROMPT_MORE "... "
#define MAX_PENDING 256
#define FLASH_SECONDS 4.0
#define HUP_GRACE 5.0 /* seconds a job has to stop after SIGTERM or SIGHUP */

enum { D_PLOT = 1, D_STATUS = 2, D_CONSOLE = 4, D_PROMPT = 8, D_ALL = 16 };

typedef struct Entry {
    char *src;
    int no; /* entries are numbered from 1: errors say <entry 12>:1:7 */
} Entry;

typedef struct Screen {
    Session *s;
    int W, H;                 /* terminal size */
    int ph, status_y, con_top, con_h, q_top, qh, in_top, ih; /* rows of each part */
    int full_plot;            /* the plot pane takes the console's rows too (while it has the keys) */
    int split_set;            /* F3 / layout: the plot's share is fixed ... */
    double split;             /*   ... at this fraction of the rows */
    int split_dirty;          /* F3 changed it while a job ran: the session learns it later */
    int color, ascii, charset;
    const char *sep;          /* separator in the status bar */
    InLayout in;              /* the rows of the entry being typed */

    Plot *plot;               /* what the plot pane shows (owned), or NULL */
    Plot *side;               /* a job's curves beside its map (a GAN's losses), or NULL */
    PlotView view;            /* its view: zoom, pan, labels, cursor */
    int plot_is_last;         /* plot is a copy of the session's last_plot */
    int view_dirty;           /* keys changed the view since it was synced */
    int live;                 /* plot is a running job's frame */
    unsigned live_run;
    int frame_pending;        /* a frame waits for its turn to be drawn */
    double last_plot_draw;
    int focus;                /* keys go to the plot */
    int help_shown;           /* the keys' help covers the screen */
    char point[512];          /* what the cursor is on */
    char flash[160];          /* a short note in the status bar ... */
    double flash_until;       /*   ... until then */

    int busy;                 /* the worker runs a statement */
    char *job_src;            /* its text (for the caret under errors) */
    int job_no;               /* its entry number */
    double job_started;
    int stop_presses;         /* Ctrl-C presses during this job */
    int have_frame;
    JobFrame frame;           /* the job's latest report (strings only) */
    JobCurve curve;           /* the running job's metric (or rate) so far */
    Entry *queue;             /* entries typed while a job runs */
    size_t nqueue, capqueue;
    int hold;                 /* the queue waits: a stop or an error came before it */
    long out_mark;            /* the console line where the last entry's echo starts */
    int text_room;            /* that entry printed and showed no plot: the console may grow */

    char *entry;              /* the lines entered so far of an unfinished entry */
    int entries;              /* entries numbered so far */
    int pending[MAX_PENDING]; /* keys for readline */
    int npending;

    int quit, hup, dirty;     /* hup: the signal that ends the session (or 1: the terminal went away) */
    double hup_at;            /* when */
    long frames;              /* live frames drawn (for DV_SCREEN_STATS) */
    double busy_seconds;
} Screen;

static Screen S;
static volatile sig_atomic_t got_winch, got_sigint, got_hup, job_running;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* ---- signals: flags and a byte in the wake-up pipe ------------------------ */

static void on_winch(int sig)
{
    (void)sig;
    got_winch = 1;
    job_wake();
}

static void on_sigint(int sig)
{
    (void)sig;
    got_sigint = 1;
    if (job_running) session_interrupted = 1; /* the job stops at its next check */
    job_wake();
}

/* SIGHUP (the terminal went away) and SIGTERM: stop the job and leave
 * normally (the history is saved entry by entry already). */
static void on_hup(int sig)
{
    got_hup = sig;
    if (job_running) session_interrupted = 1;
    job_wake();
}

/* ---- layout ------------------------------------------------------------ */

static void status_note(const char *msg)
{
    snprintf(S.flash, sizeof S.flash, "%s", msg);
    S.flash_until = now() + FLASH_SECONDS;
    S.dirty |= D_STATUS;
}

/* Rows the queued entries would take (a row per line). */
static int queue_rows(void)
{
    int n = 0;
    for (size_t i = 0; i < S.nqueue; i++) {
        n++;
        for (const char *p = S.queue[i].src; *p; p++) n += *p == '\n';
    }
    return n;
}

/* The plot pane's rows out of rest (see the top of the file). */
static int plot_rows(int rest)
{
    if (rest <= 0) return 0;
    if (S.focus && S.full_plot) return rest;
    if (S.split_set) return (int)(rest * S.split + 0.5);
    if (!S.plot) return 0;
    int plot = rest * 2 / 3;
    if (S.focus || !S.text_room) return plot;
    long need = con_rows_since(S.out_mark, S.W);
    int con = rest - plot, most = rest - rest / 3;
    if (need > con) con = need > most ? most : (int)need;
    return rest - con;
}

static void layout(void)
{
    int oldw = S.W, oldh = S.H;
    getmaxyx(stdscr, S.H, S.W);
    if (S.H < 1) S.H = 1;
    if (S.W < 1) S.W = 1;
    const char *prompt = rl_display_prompt ? rl_display_prompt : PROMPT;
    input_layout(&S.in, S.entry, PROMPT, PROMPT_MORE, prompt, rl_line_buffer ? rl_line_buffer : "", rl_point,
                 S.W);
    int max_in = S.H / 2 > 1 ? S.H / 2 : 1;
    S.ih = S.in.n < 1 ? 1 : S.in.n < max_in ? S.in.n : max_in;
    int rest = S.H - S.ih, status = rest >= 1;
    rest -= status;
    int q = queue_rows(), qmax = rest / 4;
    S.qh = q < qmax ? q : qmax;
    rest -= S.qh;
    S.ph = plot_rows(rest);
    S.con_h = rest - S.ph;
    S.status_y = status ? S.ph : -1;
    S.con_top = S.ph + status;
    S.q_top = S.con_top + S.con_h;
    S.in_top = S.q_top + S.qh;
    if (S.W != oldw || S.H != oldh) rl_set_screen_size(S.H, S.W);
}

/* Columns of the main plot: the pane's, less the side plot's share. */
static int plot_w(void)
{
    return S.side ? S.W - S.W * 2 / 5 : S.W;
}

/* The cells where the cursor may go: the data window of plots with
 * axes, else the whole pane. */
static void plot_area(int *x0, int *y0, int *x1, int *y1)
{
    *x0 = 0;
    *y0 = 0;
    *x1 = plot_w() - 1;
    *y1 = S.ph - 1;
    double win[4];
    int ax, ay, bx, by, pw = plot_w();
    if (S.plot && plot_window(S.plot, &S.view, pw, S.ph, win) == 0 &&
        plot_cell_of(S.plot, &S.view, pw, S.ph, win[0], win[3], &ax, &ay) == 0 &&
        plot_cell_of(S.plot, &S.view, pw, S.ph, win[1], win[2], &bx, &by) == 0 && ax <= bx && ay <= by) {
        *x0 = ax;
        *y0 = ay;
        *x1 = bx;
        *y1 = by;
    }
}

static void clamp_cursor(void)
{
    int x0, y0, x1, y1;
    plot_area(&x0, &y0, &x1, &y1);
    if (S.view.cur_x < x0) S.view.cur_x = x0;
    if (S.view.cur_x > x1) S.view.cur_x = x1;
    if (S.view.cur_y < y0) S.view.cur_y = y0;
    if (S.view.cur_y > y1) S.view.cur_y = y1;
}

/* ---- text helpers ------------------------------------------------------- */

/* Put UTF-8 text [s, end) (end NULL: to the NUL) at (y, x), at most max
 * cells; returns the cells used.  Control characters show as spaces. */
static int put_span(int y, int x, const char *s, const char *end, int max, attr_t a)
{
    int used = 0;
    move(y, x);
    while (*s && (!end || s < end) && used < max) {
        uint32_t cp = utf8_decode(&s);
        int w = cp < 32 || cp == 127 ? 1 : grid_cp_width(cp);
        if (w == 0) continue;
        if (cp < 32 || cp == 127) cp = ' ';
        if (S.ascii && cp > 126) cp = '?', w = 1;
        if (used + w > max) break;
        wchar_t wc[2] = {(wchar_t)cp, 0};
        cchar_t cc;
        setcchar(&cc, wc, a & ~A_COLOR, (short)PAIR_NUMBER(a), NULL);
        add_wch(&cc);
        used += w;
    }
    return used;
}

static int put_text(int y, int x, const char *s, int max, attr_t a)
{
    return put_span(y, x, s, NULL, max, a);
}

static unsigned long con_attr(ConKind k)
{
    switch (k) {
    case CON_INPUT: return A_BOLD;
    case CON_ERROR: return S.color ? (unsigned long)COLOR_PAIR(draw_pair(COLOR_RED, -1)) : A_BOLD;
    case CON_NOTE: return S.color ? (unsigned long)COLOR_PAIR(draw_pair(COLOR_CYAN, -1)) : A_NORMAL;
    case CON_OUT: break;
    }
    return A_NORMAL;
}

/* ---- drawing ------------------------------------------------------------ */

static void draw_plot(void)
{
    for (int y = 0; y < S.ph; y++) {
        move(y, 0);
        clrtoeol();
    }
    S.last_plot_draw = now();
    S.frame_pending = 0;
    if (S.ph < 1 || S.W < 1) return;
    if (!S.plot) {
        const char *hint = "plots appear here (scatter, curve, bars, hist, show, heatmap)";
        int len = grid_text_width(hint), x = len < S.W ? (S.W - len) / 2 : 0;
        put_text(S.ph / 2, x, hint, S.W, A_DIM);
        return;
    }
    if (S.live && S.busy) S.frames++;
    Err e;
    int pw = plot_w();
    Grid *g = plot_render(S.plot, &S.view, pw, S.ph, S.color, S.charset, &e);
    if (!g) {
        put_text(0, 0, e.msg, S.W, con_attr(CON_ERROR));
        return;
    }
    draw_grid(g, 0, 0, pw, S.ph, S.ascii);
    grid_free(g);
    if (!S.side) return;
    PlotView v;
    plot_view_init(&v);
    if (!(g = plot_render(S.side, &v, S.W - pw, S.ph, S.color, S.charset, &e))) return;
    draw_grid(g, 0, pw, S.W - pw, S.ph, S.ascii);
    grid_free(g);
}

static void fmt_seconds(char *buf, size_t n, double s)
{
    if (s < 60) snprintf(buf, n, "%.1f s", s);
    else if (s < 3600) snprintf(buf, n, "%d:%02d", (int)s / 60, (int)s % 60);
    else snprintf(buf, n, "%d:%02d:%02d", (int)s / 3600, (int)s / 60 % 60, (int)s % 60);
}

/* The status bar is made of parts, the most important first; a part that
 * does not fit is left out (the first is cut to fit), so at 80 columns
 * the job's step, metric and ETA stay in view and its rate, step count
 * and phase follow when there is room. */
typedef struct Bar {
    char s[1024];
    size_t len;
    int w, max; /* cells used, cells allowed */
} Bar;

static void bar_add(Bar *b, const char *text)
{
    if (!text || !*text || b->len + strlen(text) + 8 >= sizeof b->s) return;
    int tw = grid_text_width(text), sw = b->len ? grid_text_width(S.sep) : 1;
    if (b->len && b->w + sw + tw > b->max) return;
    snprintf(b->s + b->len, sizeof b->s - b->len, "%s%s", b->len ? S.sep : " ", text);
    b->len += strlen(b->s + b->len);
    b->w += sw + tw;
}

/* A metric's value: 4 significant digits, or 404k for a rate. */
static const char *value_text(double v, char *buf, size_t n)
{
    if (v >= 1e4 && v < 1e12) return progress_rate(v, buf, n);
    snprintf(buf, n, "%.4g", v);
    return buf;
}

/* The running job: what, how far, its metric, the time left, its rate,
 * its steps, its phase, the time so far. */
static void job_parts(Bar *b)
{
    char t[256], v[32], u[32];
    const JobFrame *f = &S.frame;
    double el = S.have_frame ? f->at - f->started : 0;
    double rate = el > 0 ? (f->done - f->done0) / el : 0;
    const char *unit = f->unit[0] ? f->unit : "steps";
    if (!S.have_frame) {
        const char *src = S.job_src ? S.job_src : "";
        int len = (int)strcspn(src, "\n");
        fmt_seconds(u, sizeof u, now() - S.job_started);
        snprintf(t, sizeof t, "running %.*s%s, %s", len > 40 ? 40 : len, src, len > 40 ? "..." : "", u);
        bar_add(b, t);
    } else if (f->total > 0) {
        snprintf(t, sizeof t, "%s %.0f%%", f->task, 100 * (f->done < f->total ? f->done / f->total : 1));
        bar_add(b, t);
    } else {
        snprintf(t, sizeof t, "%s %s %s", f->task, progress_rate(f->done, v, sizeof v), unit);
        bar_add(b, t);
    }
    if (S.stop_presses) bar_add(b, "stopping...");
    if (S.nqueue) {
        snprintf(t, sizeof t, "+%zu queued", S.nqueue);
        bar_add(b, t);
    }
    if (!S.have_frame) return;
    /* a metric that is the job's own rate in its unit (word2vec's
     * words/s) is shown once, as the rate below */
    size_t ul = strlen(unit);
    int metric_rate = f->metric[0] && f->value > 0 && strncmp(f->metric, unit, ul) == 0 &&
                      strcmp(f->metric + ul, "/s") == 0;
    if (f->metric[0] && !metric_rate) {
        snprintf(t, sizeof t, "%s %s", f->metric, value_text(f->value, v, sizeof v));
        bar_add(b, t);
    }
    if (f->total > 0 && rate > 0 && f->done < f->total) {
        snprintf(t, sizeof t, "ETA %s", progress_time((f->total - f->done) / rate, u, sizeof u));
        bar_add(b, t);
    }
    /* The note's parts ("12k samples/s, epoch 3/10"): a rate the job
     * states itself ("/s") stands in for the one computed from its steps. */
    const char *own_rate = NULL;
    size_t own_len = 0;
    for (const char *p = f->note; *p && !own_rate;) {
        size_t n = strcspn(p, ",");
        if (memmem(p, n, "/s", 2)) own_rate = p, own_len = n;
        p += n;
        while (*p == ',' || *p == ' ') p++;
    }
    if (own_rate) {
        snprintf(t, sizeof t, "%.*s", (int)own_len, own_rate);
        bar_add(b, t);
    } else if (metric_rate) {
        snprintf(t, sizeof t, "%s %s/s", progress_rate(f->value, v, sizeof v), unit);
        bar_add(b, t);
    } else if (rate > 0) {
        snprintf(t, sizeof t, "%s %s/s", progress_rate(rate, v, sizeof v), unit);
        bar_add(b, t);
    }
    if (f->total > 0) {
        snprintf(t, sizeof t, "%.0f/%.0f %s", f->done, f->total, unit);
        bar_add(b, t);
    }
    for (const char *p = f->note; *p;) {
        size_t n = strcspn(p, ",");
        if (p != own_rate) {
            snprintf(t, sizeof t, "%.*s", (int)n, p);
            bar_add(b, t);
        }
        p += n;
        while (*p == ',' || *p == ' ') p++;
    }
    snprintf(t, sizeof t, "%s so far", progress_time(now() - S.job_started, u, sizeof u));
    bar_add(b, t);
}

/* The left part of the status bar: a note, else the plot's cursor (when
 * the plot has the keys), the running job (whatever has the keys), the
 * queue, or what the pane shows. */
static void status_parts(Bar *b)
{
    char t[600];
    if (S.flash[0] && now() < S.flash_until) {
        bar_add(b, S.flash);
        return;
    }
    S.flash[0] = '\0';
    if (S.focus) {
        snprintf(t, sizeof t, "PLOT%s%s", S.sep, S.point);
        bar_add(b, t);
        if (S.view.zoom != 1 && S.view.zoom > 0) {
            snprintf(t, sizeof t, "zoom %.3gx", S.view.zoom);
            bar_add(b, t);
        }
    }
    if (S.busy) {
        job_parts(b);
        return;
    }
    if (S.focus) return;
    if (S.hold && S.nqueue) {
        snprintf(t, sizeof t, "%zu queued: Enter runs, Ctrl-C drops", S.nqueue);
        bar_add(b, t);
    } else if (S.plot) {
        const char *title = plot_title(S.plot);
        size_t u = (size_t)snprintf(t, sizeof t, "%s", plot_kind_name(S.plot));
        if (title && *title) u += (size_t)snprintf(t + u, sizeof t - u, " \"%.60s\"", title);
        u += (size_t)snprintf(t + u, sizeof t - u, ", %zu %s", plot_size(S.plot),
                              plot_item_name(S.plot));
        if (S.view.zoom != 1 && S.view.zoom > 0) snprintf(t + u, sizeof t - u, ", zoom %.3gx", S.view.zoom);
        bar_add(b, t);
    } else {
        bar_add(b, "dv " PACKAGE_VERSION);
    }
    if (lab_status(session_ctx(S.s), t, sizeof t)) { /* the lab's current step (lab.h) */
        size_t before = b->len;
        bar_add(b, t);
        char *title = strstr(t, ": ");
        if (b->len == before && title) { /* no room beside a plot's note: "lab lda 1/4 (done)" */
            int done = strlen(t) > 7 && strcmp(t + strlen(t) - 7, " (done)") == 0;
            snprintf(title, sizeof t - (size_t)(title - t), "%s", done ? " (done)" : "");
            bar_add(b, t);
        }
    }
    if (con_scrolled()) {
        snprintf(t, sizeof t, "%d more rows below: PgDn", con_scrolled());
        bar_add(b, t);
    }
}

static void draw_status(void)
{
    if (S.status_y < 0) return;
    attr_t a = A_REVERSE;
    move(S.status_y, 0);
    for (int x = 0; x < S.W; x++) addch(' ' | a);
    const char *right = S.focus  ? "? keys  q back "
                        : S.busy ? "Ctrl-C stops "
                                 : "F1 keys  F2 plot  ^D quit ";
    int rw = grid_text_width(right);
    Bar b = {.max = S.busy ? S.W - 1 : S.W - rw - 2}; /* a job's figures before the hint */
    status_parts(&b);
    put_text(S.status_y, 0, b.s, S.W, a);
    if (b.w + rw + 2 <= S.W) put_text(S.status_y, S.W - rw, right, rw, a);
}

static void draw_console(void)
{
    if (S.con_h > 0) con_draw(S.con_top, S.con_h, S.W, S.ascii, con_attr);
}

/* The queued entries, dimmed, a row per line (the last row says how
 * many more there are when they do not fit). */
static void draw_queue(void)
{
    int y = S.q_top, end = S.q_top + S.qh, total = queue_rows(), shown = 0;
    for (size_t i = 0; i < S.nqueue && y < end; i++) {
        const char *p = S.queue[i].src;
        for (int first = 1; y < end; first = 0) {
            move(y, 0);
            clrtoeol();
            if (y == end - 1 && shown + 1 < total) {
                char more[64];
                snprintf(more, sizeof more, "    (%d more queued lines)", total - shown);
                put_text(y, 0, more, S.W, A_DIM);
                return;
            }
            const char *nl = strchr(p, '\n');
            int x = put_text(y, 0, first ? PROMPT : PROMPT_MORE, S.W, A_DIM);
            put_span(y, x, p, nl, S.W - x, A_DIM);
            y++;
            shown++;
            if (!nl) break;
            p = nl + 1;
        }
    }
}

/* The entry being typed; returns the cursor's row and column. */
static void draw_input(int *cy, int *cx)
{
    int first = S.in.cur_row >= S.ih ? S.in.cur_row - S.ih + 1 : 0;
    for (int r = 0; r < S.ih; r++) {
        int y = S.in_top + r, i = first + r;
        move(y, 0);
        clrtoeol();
        if (i >= S.in.n) continue;
        const InRow *row = &S.in.rows[i];
        int x = row->prompt ? put_text(y, 0, row->prompt, S.W > 1 ? S.W - 1 : 0, A_BOLD) : 0;
        put_span(y, x, row->s, row->e, S.W - x, A_NORMAL);
    }
    *cy = S.in_top + S.in.cur_row - first;
    *cx = S.in.cur_col < S.W ? S.in.cur_col : S.W - 1;
}

/* F1 or ?: the keys (the text of `help keys`), over the whole screen. */
static void draw_help(void)
{
    erase();
    const HelpTopic *t = help_topic_find("keys");
    put_text(0, 0, "Keys of the dv screen (any key closes this help)", S.W, A_BOLD);
    const char *p = t ? t->text : "";
    for (int y = 1; y < S.H && *p; y++) {
        const char *nl = strchr(p, '\n');
        put_span(y, 0, p, nl, S.W, A_NORMAL);
        if (!nl) break;
        p = nl + 1;
    }
}

static void render(void)
{
    int before[8] = {S.W, S.H, S.ph, S.con_h, S.qh, S.ih, S.status_y, S.in_top};
    layout();
    int after[8] = {S.W, S.H, S.ph, S.con_h, S.qh, S.ih, S.status_y, S.in_top};
    if (memcmp(before, after, sizeof before) != 0) S.dirty |= D_ALL;
    if (S.help_shown) {
        draw_help();
        curs_set(0);
        refresh();
        S.dirty = D_ALL; /* everything again when it closes */
        return;
    }
    if (S.dirty & D_ALL) {
        erase();
        S.dirty |= D_PLOT | D_STATUS | D_CONSOLE | D_PROMPT;
        S.frame_pending = 0;
    }
    if (S.dirty & D_PLOT) draw_plot();
    if (S.dirty & (D_STATUS | D_PLOT)) draw_status();
    if (S.dirty & D_CONSOLE) draw_console();
    if (S.dirty & (D_CONSOLE | D_STATUS)) draw_queue();
    int cy, cx;
    draw_input(&cy, &cx);
    S.dirty = 0;
    if (S.focus) {
        curs_set(0);
    } else {
        curs_set(1);
        move(cy, cx);
    }
    refresh();
}

/* ---- the plot pane's content ------------------------------------------------- */

static void describe_point(void)
{
    if (!S.plot) {
        snprintf(S.point, sizeof S.point, "no plot");
        return;
    }
    PlotPoint pt;
    if (plot_nearest_point(S.plot, &S.view, plot_w(), S.ph, S.view.cur_x, S.view.cur_y, &pt) < 0) {
        snprintf(S.point, sizeof S.point, "nothing here");
        return;
    }
    plot_describe_point(S.plot, &pt, S.point, sizeof S.point);
}

/* Show p (owned now).  A frame of the run already shown keeps the view
 * (the user may be zoomed into the moving map); anything else starts from
 * the plot's own view.  The cursor stays where it was. */
static void set_plot(Plot *p, int is_last, int live, unsigned run)
{
    int keep = live && S.live && S.plot && run == S.live_run;
    PlotView old = S.view;
    plot_free(S.plot);
    plot_free(S.side);
    S.side = NULL;
    S.plot = p;
    if (!keep) {
        S.view = *plot_get_view(p);
        S.view_dirty = 0;
    }
    S.view.cursor = S.focus;
    S.view.cur_x = old.cur_x;
    S.view.cur_y = old.cur_y;
    S.plot_is_last = is_last;
    S.live = live;
    S.live_run = run;
    S.text_room = 0; /* a plot came: it has the room */
    if (S.focus) {
        clamp_cursor();
        describe_point();
    }
}

/* A progress report: what it shows (screen_curve.c) goes in the pane. */
static void show_frame(JobFrame *f)
{
    Err e;
    Plot *p = job_frame_plot(&S.curve, f, &e);
    /* a map and curves both (a GAN's samples and losses): side by side
     * while the job runs, when the pane is wide enough for two */
    Plot *side = p && S.busy && S.W >= 60 ? job_frame_side_plot(f, &e) : NULL;
    if (f->snap) {
        job_recycle(f->snap, f->run);
        f->snap = NULL;
    }
    if (!p) return;
    set_plot(p, 0, 1, f->run);
    S.side = side;
    S.frame_pending = 1;
}

/* ---- jobs ------------------------------------------------------------------ */

static void drop_queue(const char *why)
{
    if (!S.nqueue) return;
    char msg[128];
    snprintf(msg, sizeof msg, "(%zu queued %s dropped: %s)", S.nqueue, S.nqueue == 1 ? "entry" : "entries", why);
    con_line(msg, CON_NOTE);
    for (size_t i = 0; i < S.nqueue; i++) free(S.queue[i].src);
    S.nqueue = 0;
    S.hold = 0;
    S.dirty |= D_CONSOLE | D_STATUS;
}

/* After a stop or an error the queued entries may no longer make sense:
 * they wait until the user says (Enter runs them, Ctrl-C drops them). */
static void hold_queue(void)
{
    if (!S.nqueue) return;
    char msg[160];
    snprintf(msg, sizeof msg, "(%zu queued %s %s: Enter runs %s, Ctrl-C drops %s)", S.nqueue,
             S.nqueue == 1 ? "entry" : "entries", S.nqueue == 1 ? "waits" : "wait", S.nqueue == 1 ? "it" : "them",
             S.nqueue == 1 ? "it" : "them");
    con_line(msg, CON_NOTE);
    S.hold = 1;
    S.dirty |= D_CONSOLE | D_STATUS;
}

/* Copy the keys' view into the session's last plot, so zoom, xlim and
 * ylim go on from what the user sees (the worker is idle). */
static void sync_view(void)
{
    if (!S.plot || !S.plot_is_last || !S.view_dirty) return;
    Ctx *c = session_ctx(S.s);
    if (!c->last_plot || c->last_plot->kind != VAL_PLOT) return;
    PlotView *d = plot_default_view(c->last_plot->u.plot);
    PlotView v = S.view;
    v.cursor = d->cursor;
    v.cur_x = d->cur_x;
    v.cur_y = d->cur_y;
    *d = v;
    S.view_dirty = 0;
}

/* The split between the session (layout builtin) and the keys (F3); the
 * worker is idle.  Keys pressed during the job win over the job's. */
static void sync_split(void)
{
    Ctx *c = session_ctx(S.s);
    if (S.split_dirty) {
        c->split_set = S.split_set;
        c->split = S.split;
        S.split_dirty = 0;
    } else if (c->split_set != S.split_set || (S.split_set && c->split != S.split)) {
        S.split_set = c->split_set;
        S.split = c->split;
        S.dirty |= D_ALL;
    }
}

/* Echo src into the console, a prompt before each line; tail ends the
 * last line ("^C" for a dropped entry). */
static void echo_text(const char *src, const char *tail)
{
    const char *p = src;
    int first = 1;
    con_flush();
    for (;;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        con_write(first ? PROMPT : PROMPT_MORE, 4, CON_INPUT);
        con_write(p, len, CON_INPUT);
        if (!nl && tail) con_write(tail, strlen(tail), CON_INPUT);
        con_write("\n", 1, CON_INPUT);
        first = 0;
        if (!nl) break;
        p = nl + 1;
    }
}

/* Print an error of entry no (source src) into the console. */
static void print_error(int no, const SrcPos *pos, const Err *err, const char *src)
{
    char name[32], *buf = NULL;
    size_t len = 0;
    snprintf(name, sizeof name, "<entry %d>", no);
    FILE *f = open_memstream(&buf, &len);
    if (f) {
        ui_print_error(f, name, pos, err, src, 1);
        fclose(f);
        con_write(buf, len, CON_ERROR);
        free(buf);
    } else {
        con_line(err->msg, CON_ERROR);
    }
}

static void start_next(void)
{
    if (S.busy || !S.nqueue || S.quit || S.hold) return;
    Entry en = S.queue[0];
    memmove(S.queue, S.queue + 1, (S.nqueue - 1) * sizeof *S.queue);
    S.nqueue--;
    S.out_mark = con_mark();
    S.text_room = 1;
    job_curve_reset(&S.curve);
    echo_text(en.src, NULL);
    sync_view();
    sync_split();
    Ctx *c = session_ctx(S.s);
    c->width = S.W > 10 ? S.W : 10;
    c->height = S.ph > 5 ? S.ph : 5;
    session_interrupted = 0;
    S.stop_presses = 0;
    S.have_frame = 0;
    char name[32];
    snprintf(name, sizeof name, "<entry %d>", en.no);
    if (job_run(en.src, name) < 0) {
        con_line("dv: out of memory", CON_ERROR);
        free(en.src);
        return;
    }
    free(S.job_src);
    S.job_src = en.src;
    S.job_no = en.no;
    S.busy = 1;
    job_running = 1;
    ui_complete_busy(1);
    S.job_started = now();
    S.dirty |= D_CONSOLE | D_STATUS;
}

/* The job's last frame stays in the pane: it becomes the plot zoom, xlim
 * and ylim act on, as if a statement had shown it (the worker is idle). */
static void keep_frame(void)
{
    if (!S.live || !S.plot) return;
    Err e;
    Plot *c = plot_clone(S.plot, &e);
    if (!c) return;
    PlotView *d = plot_default_view(c);
    *d = S.view;
    d->cursor = 0;
    Value *v = val_plot(c, &e);
    if (!v) return;
    Ctx *ctx = session_ctx(S.s);
    val_unref(ctx->last_plot);
    ctx->last_plot = v;
    S.plot_is_last = 1;
    S.view_dirty = 0;
    S.live = 0;
}

static void job_done(const JobNews *n)
{
    con_flush();
    keep_frame();
    if (n->rc < 0) {
        if (n->err.cancelled)
            con_line(ui_interrupted_text(&n->err), CON_NOTE);
        else
            print_error(S.job_no, &n->pos, &n->err, S.job_src);
        hold_queue();
    }
    double took = now() - S.job_started;
    S.busy = 0;
    S.busy_seconds += took;
    /* the map takes the whole width again to be explored; the curves
     * are the model's to plot */
    plot_free(S.side);
    S.side = NULL;
    if (S.focus) clamp_cursor();
    job_running = 0;
    session_interrupted = 0;
    ui_complete_busy(0);
    S.have_frame = 0;
    S.stop_presses = 0;
    sync_split();
    /* An answer longer than the console that came at once (help, a
     * table) is shown from its start, as a pager would; PageDown reads on. */
    layout();
    if (!S.nqueue && took < 1.0 && !con_scrolled() && con_rows_since(S.out_mark, S.W) > S.con_h)
        con_show_from(S.out_mark, S.W, S.con_h);
    S.dirty |= D_CONSOLE | D_STATUS;
}

static void take_news(void)
{
    JobNews n;
    job_take(&n);
    if (n.text) {
        con_write(n.text, n.text_len, CON_OUT);
        S.dirty |= D_CONSOLE;
    }
    if (n.plot) {
        set_plot(n.plot, n.plot_is_last, 0, 0);
        n.plot = NULL;
        S.dirty |= D_PLOT;
    }
    if (n.has_frame) {
        S.frame = n.frame;
        S.frame.snap = NULL;
        S.frame.curve = NULL;
        S.have_frame = 1;
        show_frame(&n.frame);
        S.dirty |= D_STATUS;
    }
    if (n.done) job_done(&n);
    job_news_free(&n);
}

static int enqueue(char *src, int no)
{
    if (S.nqueue == S.capqueue) {
        size_t cap = S.capqueue ? S.capqueue * 2 : 8;
        Entry *q = realloc(S.queue, cap * sizeof *q);
        if (!q) return -1;
        S.queue = q;
        S.capqueue = cap;
    }
    S.queue[S.nqueue++] = (Entry){src, no};
    S.dirty |= D_STATUS;
    return 0;
}

/* Leave at once: the job ignored three Ctrl-C presses (a computation that
 * never checks for a stop request).  The worker cannot be cancelled
 * safely, so the process ends here, with the terminal restored. */
static void force_quit(void)
{
    endwin();
    fputs("dv: the running statement did not stop; leaving\n", stderr);
    _exit(S.hup > 1 ? 128 + S.hup : 130);
}

/* ---- readline glue ----------------------------------------------------------- */

static int getc_hook(FILE *f)
{
    (void)f;
    if (S.npending > 0) {
        int c = S.pending[0];
        memmove(S.pending, S.pending + 1, (size_t)(--S.npending) * sizeof *S.pending);
        return c;
    }
    /* readline wants a key now (rare: most reads go through the
     * callback): wait for one rather than report an end of file. */
    nodelay(stdscr, FALSE);
    int c;
    while ((c = getch()) == ERR || c >= 256)
        if (got_sigint || got_hup || S.hup) break;
    nodelay(stdscr, TRUE);
    return c == ERR || c >= 256 ? 7 /* C-g: abort */ : c;
}

static int input_available_hook(void)
{
    return S.npending > 0;
}

static void redisplay_hook(void)
{
    S.dirty |= D_PROMPT;
}

/* What a list of matches shows of a file name: its last component (a
 * directory keeps its '/'), as readline does. */
static const char *shown_part(const char *m)
{
    if (!rl_filename_completion_desired) return m;
    size_t len = strlen(m);
    const char *p = m + len;
    if (len > 1 && m[len - 1] == '/') p--;
    while (p > m && p[-1] != '/') p--;
    return *p ? p : m;
}

static void show_matches(char **matches, int n, int maxlen)
{
    int colw = maxlen + 2, cols = S.W / colw;
    if (cols < 1) cols = 1;
    int shown = n < 200 ? n : 200, rows = (shown + cols - 1) / cols;
    char line[4096];
    for (int r = 0; r < rows; r++) {
        size_t u = 0;
        for (int c = 0; c < cols; c++) {
            int i = 1 + c * rows + r;
            if (i > shown) break;
            char name[1024];
            struct stat st;
            int dir = rl_filename_completion_desired && stat(matches[i], &st) == 0 && S_ISDIR(st.st_mode);
            snprintf(name, sizeof name, "%s%s", shown_part(matches[i]), dir ? "/" : "");
            int w = snprintf(line + u, sizeof line - u, "%-*s", c + 1 < cols ? colw : 0, name);
            if (w < 0 || (size_t)w >= sizeof line - u) break;
            u += (size_t)w;
        }
        con_line(line, CON_NOTE);
    }
    if (shown < n) {
        snprintf(line, sizeof line, "... and %d more", n - shown);
        con_line(line, CON_NOTE);
    }
    con_scroll_end();
    S.dirty |= D_CONSOLE | D_PROMPT | D_STATUS;
}

static void on_line(char *line)
{
    if (!line) { /* Ctrl-D on an empty line */
        S.quit = 1;
        if (S.busy) {
            session_interrupted = 1;
            con_line("stopping the running statement to leave", CON_NOTE);
        }
        S.dirty |= D_CONSOLE;
        return;
    }
    size_t old = S.entry ? strlen(S.entry) : 0, add = strlen(line);
    char *buf = realloc(S.entry, old + add + 2);
    if (!buf) {
        free(line);
        con_line("dv: out of memory", CON_ERROR);
        return;
    }
    S.entry = buf;
    if (old) S.entry[old++] = '\n';
    memcpy(S.entry + old, line, add + 1);
    free(line);
    S.dirty |= D_PROMPT;
    if (session_incomplete(S.entry)) {
        rl_set_prompt(PROMPT_MORE);
        return;
    }
    char *src = S.entry;
    S.entry = NULL;
    rl_set_prompt(PROMPT);
    con_scroll_end();
    S.dirty |= D_CONSOLE | D_STATUS;
    S.hold = 0; /* Enter: what waits may run */
    if (!src[strspn(src, " \t\n")]) {
        free(src);
        return;
    }
    Err e;
    if (history_add(src, &e) < 0 && e.msg[0]) con_line(e.msg, CON_ERROR);
    int no = ++S.entries;
    if (S.busy || S.nqueue) { /* it waits: say now if it cannot run */
        SrcPos pos;
        if (entry_check(src, &pos, &e) < 0) {
            echo_text(src, NULL);
            print_error(no, &pos, &e, src);
            con_line("(not queued)", CON_NOTE);
            free(src);
            return;
        }
    }
    if (enqueue(src, no) < 0) {
        free(src);
        con_line("dv: out of memory", CON_ERROR);
    }
}

static void set_focus(int on)
{
    if (on && !S.plot) {
        status_note("no plot yet: scatter, curve, bars, hist, show or heatmap draw one");
        return;
    }
    S.focus = on;
    S.view.cursor = on;
    if (!on) S.full_plot = 0; /* the console is back with the prompt */
    if (on) {
        if (S.view.cur_x <= 0 && S.view.cur_y <= 0) {
            int x0, y0, x1, y1;
            layout();
            plot_area(&x0, &y0, &x1, &y1);
            S.view.cur_x = (x0 + x1) / 2;
            S.view.cur_y = (y0 + y1) / 2;
        }
        clamp_cursor();
        describe_point();
    }
    S.dirty |= D_ALL;
}

static void console_back(void)
{
    con_scroll(S.con_h > 2 ? S.con_h - 1 : 1, S.W, S.con_h);
    S.dirty |= D_CONSOLE | D_STATUS;
}

static void console_ahead(void)
{
    con_scroll(-(S.con_h > 2 ? S.con_h - 1 : 1), S.W, S.con_h);
    S.dirty |= D_CONSOLE | D_STATUS;
}

/* Ctrl-L: an empty console (the scrollback keeps what was there) and the
 * whole screen drawn again. */
static int rl_clear(int count, int key)
{
    (void)count;
    (void)key;
    con_clear(S.con_h);
    S.out_mark = con_mark(); /* the blank rows are no answer to make room for */
    clearok(curscr, TRUE);
    S.dirty |= D_ALL;
    return 0;
}

/* F3: the next split: automatic, then the plot on 3/4, 1/2, 1/4 of the rows. */
static void next_split(void)
{
    static const double shares[] = {0.75, 0.5, 0.25};
    int i = 0;
    if (S.split_set) {
        while (i < 3 && fabs(shares[i] - S.split) > 1e-9) i++;
        i++; /* the one after the current (after 1/4, or any other: automatic) */
    }
    char msg[128];
    if (i >= 3 && S.split_set) {
        S.split_set = 0;
        snprintf(msg, sizeof msg, "layout: automatic (F3: the plot on 3/4)");
    } else {
        if (!S.split_set) i = 0;
        S.split_set = 1;
        S.split = shares[i];
        snprintf(msg, sizeof msg, "layout: the plot on %s of the rows (F3: %s)", i == 0 ? "3/4" : i == 1 ? "1/2" : "1/4",
                 i == 0 ? "1/2" : i == 1 ? "1/4" : "automatic");
    }
    if (S.busy) S.split_dirty = 1;
    else {
        S.split_dirty = 1;
        sync_split();
    }
    status_note(msg);
    S.dirty |= D_ALL;
}

static void readline_setup(void)
{
    rl_readline_name = "dv";
    rl_catch_signals = 0;
    rl_catch_sigwinch = 0;
    rl_change_environment = 0;
    rl_prep_term_function = NULL; /* ncurses owns the terminal's modes */
    rl_deprep_term_function = NULL;
    rl_getc_function = getc_hook;
    rl_input_available_hook = input_available_hook;
    rl_redisplay_function = redisplay_hook;
    rl_completion_display_matches_hook = show_matches;
    rl_outstream = fopen("/dev/null", "w"); /* readline draws nothing itself */
    rl_instream = fopen("/dev/null", "r");  /* keys come from getch */
    ui_complete_install(S.s);
    rl_add_defun("dv-clear-console", rl_clear, -1);
    rl_initialize(); /* reads ~/.inputrc; our keys are bound after it */
    rl_bind_key_in_map(CTRL('L'), rl_clear, emacs_standard_keymap);
    Err e;
    if (history_open(&e) < 0) con_line(e.msg, CON_ERROR);
    rl_callback_handler_install(PROMPT, on_line);
}

static void feed_readline(void)
{
    while (S.npending > 0 && !S.focus && !S.quit) rl_callback_read_char();
    if (S.focus) S.npending = 0; /* keys typed after the switch to the plot */
}

/* ---- keys with the plot in focus ----------------------------------------------- */

static void move_cursor(int dx, int dy)
{
    int x0, y0, x1, y1;
    plot_area(&x0, &y0, &x1, &y1);
    int nx = S.view.cur_x + dx, ny = S.view.cur_y + dy;
    double px = 0, py = 0;
    if (nx < x0) nx = x0, px = -0.1;
    if (nx > x1) nx = x1, px = 0.1;
    if (ny < y0) ny = y0, py = 0.1;
    if (ny > y1) ny = y1, py = -0.1;
    S.view.cur_x = nx;
    S.view.cur_y = ny;
    if (px != 0 || py != 0) { /* pushing at the edge pans */
        plot_view_pan(&S.view, S.plot, plot_w(), S.ph, px, py);
        S.view_dirty = 1;
    }
}

static void pan(double dx, double dy)
{
    plot_view_pan(&S.view, S.plot, plot_w(), S.ph, dx, dy);
    S.view_dirty = 1;
}

static void plot_key(int ch)
{
    if (!S.plot) {
        set_focus(0);
        return;
    }
    switch (ch) {
    case KEY_LEFT: case 'h': move_cursor(-1, 0); break;
    case KEY_RIGHT: case 'l': move_cursor(1, 0); break;
    case KEY_UP: case 'k': move_cursor(0, -1); break;
    case KEY_DOWN: case 'j': move_cursor(0, 1); break;
    case KEY_SLEFT: case 'H': pan(-0.2, 0); break;
    case KEY_SRIGHT: case 'L': pan(0.2, 0); break;
    case KEY_SR: case 'K': pan(0, 0.2); break;
    case KEY_SF: case 'J': pan(0, -0.2); break;
    case '+': case '=':
        plot_view_zoom(&S.view, S.plot, plot_w(), S.ph, 2, S.view.cur_x, S.view.cur_y);
        S.view_dirty = 1;
        break;
    case '-': case '_':
        plot_view_zoom(&S.view, S.plot, plot_w(), S.ph, 0.5, S.view.cur_x, S.view.cur_y);
        S.view_dirty = 1;
        break;
    case 'n': { /* onto the nearest point */
        PlotPoint pt;
        if (plot_nearest_point(S.plot, &S.view, plot_w(), S.ph, S.view.cur_x, S.view.cur_y, &pt) >= 0) {
            S.view.cur_x = pt.cell_x;
            S.view.cur_y = pt.cell_y;
        }
        break;
    }
    case '0':
        plot_view_reset(&S.view);
        S.view_dirty = 1;
        break;
    case 't': { /* text at the points: the opposite of what is shown now */
        int shown = S.view.labels >= 0 ? S.view.labels : plot_point_labels(S.plot);
        S.view.labels = !shown;
        S.view_dirty = 1;
        break;
    }
    case 'f':
        S.full_plot = !S.full_plot;
        layout();
        S.dirty |= D_ALL;
        break;
    case '\r': case '\n': case KEY_ENTER: {
        char line[600];
        snprintf(line, sizeof line, "%s", S.point);
        con_line(line, CON_NOTE);
        con_scroll_end();
        S.dirty |= D_CONSOLE;
        break;
    }
    case '?': case KEY_F(1):
        S.help_shown = 1;
        S.dirty |= D_ALL;
        return;
    case KEY_F(3): next_split(); break;
    case KEY_PPAGE: console_back(); return;
    case KEY_NPAGE: console_ahead(); return;
    case CTRL('L'): rl_clear(1, 0); return;
    case 'q': case 27: case KEY_F(2): case '\t':
        set_focus(0);
        return;
    default: return;
    }
    clamp_cursor();
    describe_point();
    S.dirty |= D_PLOT | D_STATUS;
}

/* ---- events ---------------------------------------------------------------------- */

static void on_resize(void)
{
    struct winsize ws;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0)
        resizeterm(ws.ws_row, ws.ws_col);
    layout();
    if (S.focus) {
        clamp_cursor();
        describe_point();
    }
    clearok(curscr, TRUE);
    S.dirty |= D_ALL;
}

static void on_ctrl_c(void)
{
    if (S.help_shown) {
        S.help_shown = 0;
        S.dirty |= D_ALL;
        return;
    }
    if (S.busy) {
        session_interrupted = 1;
        if (S.stop_presses == 0) {
            S.stop_presses = 1; /* the queue waits for the user's word when it has stopped */
        } else if (S.nqueue) {
            drop_queue("Ctrl-C");
        } else if (++S.stop_presses == 2) {
            con_line("the statement is still stopping; Ctrl-C once more leaves dv", CON_NOTE);
        } else {
            force_quit();
        }
        S.dirty |= D_STATUS | D_CONSOLE;
        return;
    }
    session_interrupted = 0;
    if (S.focus) {
        set_focus(0);
        return;
    }
    if (rl_end > 0 || S.entry) { /* drop the line (and an unfinished entry), like a shell */
        size_t a = S.entry ? strlen(S.entry) : 0, b = rl_line_buffer ? strlen(rl_line_buffer) : 0;
        char *all = malloc(a + b + 2);
        if (all) {
            snprintf(all, a + b + 2, "%s%s%s", S.entry ? S.entry : "", S.entry ? "\n" : "",
                     rl_line_buffer ? rl_line_buffer : "");
            echo_text(all, "^C");
            free(all);
        }
    } else {
        drop_queue("Ctrl-C"); /* an empty line: what waits goes */
    }
    rl_callback_sigcleanup();
    rl_replace_line("", 0);
    rl_point = rl_end = 0;
    free(S.entry);
    S.entry = NULL;
    rl_set_prompt(PROMPT);
    con_scroll_end();
    S.dirty |= D_CONSOLE | D_PROMPT | D_STATUS;
}

static void queue_key(int ch)
{
    if (S.npending == MAX_PENDING) feed_readline();
    if (S.npending < MAX_PENDING) S.pending[S.npending++] = ch;
}

/* A key in the prompt: bytes go to readline; a key ncurses decoded goes
 * as the sequence the terminal sent for it, so readline's (and the
 * user's) bindings for it apply. */
static void prompt_key(int ch)
{
    switch (ch) {
    case KEY_RESIZE: return; /* SIGWINCH does it */
    case KEY_F(1):
        feed_readline();
        S.help_shown = 1;
        S.dirty |= D_ALL;
        return;
    case KEY_F(2):
        feed_readline();
        set_focus(1);
        return;
    case KEY_F(3):
        feed_readline();
        next_split();
        return;
    case KEY_PPAGE: console_back(); return;
    case KEY_NPAGE: console_ahead(); return;
    case KEY_ENTER: queue_key('\r'); return;
    case '\t':
        if (S.plot) { /* Tab on an empty line: the plot */
            feed_readline();
            if (S.focus || S.quit) return;
            if (rl_end == 0 && !S.entry && !RL_ISSTATE(RL_STATE_MULTIKEY)) {
                set_focus(1);
                return;
            }
        }
        break;
    }
    if (ch < 256) {
        queue_key(ch);
        return;
    }
    char *seq = keybound(ch, 0);
    if (seq) {
        for (const char *p = seq; *p; p++) queue_key((unsigned char)*p);
        free(seq);
    }
}

static void read_keys(void)
{
    int ch;
    while ((ch = getch()) != ERR) {
        if (S.help_shown) { /* any key closes the help */
            if (ch == KEY_RESIZE) continue;
            S.help_shown = 0;
            S.dirty |= D_ALL;
            continue;
        }
        if (S.focus) {
            feed_readline();
            plot_key(ch);
        } else {
            prompt_key(ch);
        }
    }
    feed_readline();
}

/* How long poll may sleep: until a frame may be drawn, a running job's
 * clock ticks, a note in the status bar goes, or forever. */
static int poll_timeout(void)
{
    int ms = -1;
    if (S.frame_pending) {
        double wait = S.last_plot_draw + 1.0 / JOB_FPS - now();
        ms = wait > 0 ? (int)(wait * 1000) + 1 : 0;
    } else if (S.busy) {
        ms = 250; /* the job's clock (and the grace after a hangup) */
    }
    if (S.flash[0]) {
        double wait = S.flash_until - now();
        int f = wait > 0 ? (int)(wait * 1000) + 1 : 0;
        if (ms < 0 || f < ms) ms = f;
    }
    return ms;
}

/* ---- main loop ------------------------------------------------------------------- */

static int start_curses(SCREEN **scr)
{
    /* SA_RESTART: a signal must not cut short ncurses' writes to the
     * terminal (a busy terminal blocks them; an interrupted write loses
     * output).  poll() returns on a signal anyway, and the handlers also
     * write to the wake-up pipe. */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    sa.sa_handler = on_winch; /* before newterm: ncurses then leaves SIGWINCH to us */
    sigaction(SIGWINCH, &sa, NULL);
    sa.sa_handler = on_sigint;
    sigaction(SIGINT, &sa, NULL);
    sa.sa_handler = on_hup;
    sigaction(SIGHUP, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    const char *term = getenv("TERM"), *use = term_usable(term);
    if (!use) {
        fprintf(stderr, "dv: TERM=%s has no terminfo entry here, nor have xterm-256color and xterm; "
                        "the plain prompt instead\n", term ? term : "");
        return -1;
    }
    *scr = newterm((char *)use, stdout, stdin);
    if (!*scr) {
        fprintf(stderr, "dv: the terminal cannot be set up as %s; the plain prompt instead\n", use);
        return -1;
    }
    if (strcmp(use, term) != 0) {
        char note[512];
        snprintf(note, sizeof note,
                 "TERM=%.100s has no terminfo entry on this machine: the screen uses %s (install the entry "
                 "for %.100s, or set TERM; dv --plain gives the plain prompt)", term, use, term);
        con_line(note, CON_NOTE);
        rl_terminal_name = use;
    }
    cbreak();
    noecho();
    nonl();
    /* NOFLSH: Ctrl-C must not make the terminal throw away our output
     * half-way through a frame (nor the keys typed before it) */
    struct termios tio;
    if (tcgetattr(STDIN_FILENO, &tio) == 0) {
        tio.c_lflag |= NOFLSH;
        if (tcsetattr(STDIN_FILENO, TCSANOW, &tio) == 0) def_prog_mode();
    }
    keypad(stdscr, TRUE);
    nodelay(stdscr, TRUE);
    /* cursor keys as sent outside the keypad's application mode too */
    static const struct {
        const char *seq;
        int key;
    } extra[] = {{"\033[A", KEY_UP},       {"\033[B", KEY_DOWN},      {"\033[C", KEY_RIGHT},
                 {"\033[D", KEY_LEFT},     {"\033[H", KEY_HOME},      {"\033[F", KEY_END},
                 {"\033[1;2A", KEY_SR},    {"\033[1;2B", KEY_SF},     {"\033[1;2C", KEY_SRIGHT},
                 {"\033[1;2D", KEY_SLEFT}, {"\033OP", KEY_F(1)},      {"\033OQ", KEY_F(2)},
                 {"\033OR", KEY_F(3)},     {"\033[11~", KEY_F(1)},    {"\033[12~", KEY_F(2)},
                 {"\033[13~", KEY_F(3)}};
    for (size_t i = 0; i < sizeof extra / sizeof *extra; i++)
        if (key_defined(extra[i].seq) == 0) define_key(extra[i].seq, extra[i].key);
    set_escdelay(25);
    int defaults = 0;
    S.color = 0;
    if (term_color_wanted(1) && has_colors() && start_color() == OK) {
        defaults = use_default_colors() == OK;
        S.color = COLORS >= 256 ? 256 : COLORS >= 8 ? 8 : 0;
    }
    draw_setup(S.color, defaults);
    return 0;
}

int screen_run(Session *s)
{
    memset(&S, 0, sizeof S);
    S.s = s;
    Ctx *c = session_ctx(s);
    S.ascii = !c->utf8;
    S.charset = c->utf8 ? PLOT_UTF8 : PLOT_ASCII;
    S.sep = S.ascii ? " | " : " \xe2\x94\x82 "; /* U+2502 */
    plot_view_init(&S.view);
    SCREEN *scr;
    if (start_curses(&scr) < 0) {
        signal(SIGWINCH, SIG_DFL);
        return repl_run(s); /* the terminal cannot do it: the plain prompt */
    }
    Err e;
    if (job_init(s, &e) < 0) {
        endwin();
        delscreen(scr);
        fprintf(stderr, "dv: %s\n", e.msg);
        return 1;
    }
    c->color = S.color;
    c->interactive = 1;
    S.split_set = c->split_set;
    S.split = c->split;
    readline_setup();
    layout();
    con_line("dv " PACKAGE_VERSION ": type help for the builtins, F1 for the keys; F2 (or Tab on an empty line) "
             "explores the plot; Ctrl-D leaves",
             CON_NOTE);
    S.dirty = D_ALL;
    render();

    while (!(S.quit && !S.busy)) {
        struct pollfd fds[2] = {{S.hup ? -1 : STDIN_FILENO, POLLIN, 0}, {job_wake_fd(), POLLIN, 0}};
        int r = poll(fds, 2, poll_timeout());
        if (r < 0 && errno != EINTR) break;
        if (r > 0 && (fds[1].revents & POLLIN)) job_drain_wake();
        if (got_winch) {
            got_winch = 0;
            on_resize();
        }
        if (got_sigint) {
            got_sigint = 0;
            /* the keys typed before Ctrl-C are in the terminal's queue
             * (NOFLSH): they belong to the line it drops */
            if (!S.busy && !S.hup) read_keys();
            on_ctrl_c();
        }
        take_news();
        if (got_hup || (r > 0 && (fds[0].revents & (POLLHUP | POLLERR | POLLNVAL)) && !(fds[0].revents & POLLIN))) {
            if (!S.hup) S.hup_at = now();
            S.hup = got_hup ? got_hup : 1; /* the terminal went away (ssh dropped): stop and leave */
            S.quit = 1;
            if (S.busy) session_interrupted = 1;
        }
        /* nobody is left to press Ctrl-C three times for a job that
         * never checks for a stop: give it HUP_GRACE seconds */
        if (S.hup && S.busy && now() - S.hup_at > HUP_GRACE) force_quit();
        if (!S.hup) read_keys();
        start_next();
        if (S.busy && !(S.dirty & D_STATUS)) S.dirty |= D_STATUS; /* the job's clock */
        if (S.frame_pending && now() - S.last_plot_draw >= 1.0 / JOB_FPS) S.dirty |= D_PLOT;
        if (S.flash[0] && now() >= S.flash_until) S.dirty |= D_STATUS;
        if (S.dirty) render();
    }

    rl_callback_handler_remove();
    job_shutdown();
    const char *stats = getenv("DV_SCREEN_STATS"); /* for scripts/bench-screen */
    FILE *sf = stats && *stats ? fopen(stats, "a") : NULL;
    if (sf) {
        fprintf(sf, "frames %ld busy_seconds %.3f\n", S.frames, S.busy_seconds);
        fclose(sf);
    }
    endwin();
    delscreen(scr);
    signal(SIGWINCH, SIG_DFL);
    signal(SIGHUP, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    ui_install_sigint();
    plot_free(S.plot);
    plot_free(S.side);
    con_free();
    ui_complete_free();
    input_layout_free(&S.in);
    free(S.entry);
    free(S.job_src);
    for (size_t i = 0; i < S.nqueue; i++) free(S.queue[i].src);
    free(S.queue);
    if (rl_outstream) fclose(rl_outstream);
    if (rl_instream) fclose(rl_instream);
    rl_outstream = NULL;
    rl_instream = NULL;
    return S.hup > 1 ? 128 + S.hup : 0;
}
