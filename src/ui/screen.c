/* screen.c — the full-screen workbench: a plot pane above a console with
 * scrollback, a status bar, and the readline prompt at the bottom.
 *
 * readline runs through its callback interface inside the ncurses loop
 * (characters come from wgetch through rl_getc_function; the prompt is
 * drawn by rl_redisplay_function), so history, completion and the editing
 * keys work as in the plain REPL.  Statements run in this thread; long
 * jobs report through the progress hook, which redraws the plot pane from
 * the job's snapshot about ten times a second and turns Ctrl-C (SIGINT)
 * into a stop request.  Signals only set flags.
 */
#include <curses.h>
#include <locale.h>
#include <math.h>
#include <readline/history.h>
#include <readline/readline.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>

#include "core/progress.h"
#include "plot/plot.h"
#include "ui/frontend.h"
#include "ui/screen.h"

#define CONSOLE_MAX 2000

typedef struct Screen {
    Session *s;
    int W, H, ph;     /* size, plot pane height */
    int color, utf8;
    Plot *plot;       /* the plot shown (a copy), or NULL */
    char **lines;     /* console scrollback */
    size_t nlines;
    int scroll;       /* lines scrolled back */
    char partial[4096];
    int focus;        /* 1 = keys go to the plot */
    char status[256];
    char job[160];
    int quit;
    int pending[16], npending;
    double last_draw;
    short pairs[32][32];
    int npairs;
} Screen;

static Screen S;
static volatile sig_atomic_t resized;

static void on_winch(int sig)
{
    (void)sig;
    resized = 1;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void layout(void)
{
    getmaxyx(stdscr, S.H, S.W);
    S.ph = (S.H - 3) * 3 / 5;
    if (S.ph < 1) S.ph = S.H > 3 ? 1 : 0;
    Ctx *c = session_ctx(S.s);
    c->width = S.W > 4 ? S.W : 4;
    c->height = S.ph > 2 ? S.ph : 2;
}

/* ---- drawing ------------------------------------------------------- */

static int color_of(int c)
{
    return S.color == 256 ? grid_color_256(c) : (c < 0 ? -1 : grid_color_8(c) % 8);
}

static int pair_for(int fg, int bg)
{
    if (!S.color || (fg < 0 && bg < 0)) return 0;
    int f = color_of(fg), b = color_of(bg);
    for (int i = 1; i <= S.npairs; i++) {
        short pf, pb;
        pair_content((short)i, &pf, &pb);
        if (pf == f && pb == b) return i;
    }
    if (S.npairs + 1 >= COLOR_PAIRS || S.npairs >= 250) return 0;
    init_pair((short)++S.npairs, (short)f, (short)b);
    return S.npairs;
}

static void draw_plot(void)
{
    for (int y = 0; y < S.ph; y++) {
        move(y, 0);
        clrtoeol();
    }
    if (!S.plot || S.ph < 1) return;
    Err e;
    Grid *g = plot_render(S.plot, NULL, S.W, S.ph, S.color, S.utf8 ? PLOT_UTF8 : PLOT_ASCII, &e);
    if (!g) {
        mvaddnstr(0, 0, e.msg, S.W);
        return;
    }
    for (int y = 0; y < g->h && y < S.ph; y++)
        for (int x = 0; x < g->w && x < S.W; x++) {
            const Cell *c = grid_cell(g, x, y);
            if (c->ch == 0) continue;
            attr_t a = 0;
            if (c->attr & GRID_BOLD) a |= A_BOLD;
            if (c->attr & GRID_DIM) a |= A_DIM;
            if (c->attr & GRID_REVERSE) a |= A_REVERSE;
            if (S.color == 8 && c->fg >= 0 && grid_color_8(c->fg) >= 8) a |= A_BOLD;
            wchar_t wc[2] = {(wchar_t)c->ch, 0};
            if (!S.utf8 && c->ch > 127) wc[0] = L'?';
            cchar_t cc;
            setcchar(&cc, wc, a, (short)pair_for(c->fg, c->bg), NULL);
            mvadd_wch(y, x, &cc);
        }
    grid_free(g);
}

static void draw_status(void)
{
    if (S.H < 3) return;
    int y = S.ph;
    attron(A_REVERSE);
    move(y, 0);
    for (int x = 0; x < S.W; x++) addch(' ');
    char left[512];
    if (S.focus)
        snprintf(left, sizeof left, " PLOT | %s | arrows: cursor, +/-: zoom, 0: reset, l: labels, q: back", S.status);
    else
        snprintf(left, sizeof left, " prompt (F2: plot) | %s%s%s", S.job[0] ? S.job : (S.plot ? "plot" : "no plot"),
                 S.status[0] ? " | " : "", S.status);
    mvaddnstr(y, 0, left, S.W);
    attroff(A_REVERSE);
}

static void draw_console(void)
{
    int top = S.ph + 1, rows = S.H - 1 - top;
    for (int r = 0; r < rows; r++) {
        move(top + r, 0);
        clrtoeol();
        long idx = (long)S.nlines - S.scroll - rows + r;
        if (idx >= 0 && idx < (long)S.nlines) mvaddnstr(top + r, 0, S.lines[idx], S.W);
    }
}

static void draw_prompt(void)
{
    int y = S.H - 1;
    move(y, 0);
    clrtoeol();
    const char *p = rl_display_prompt ? rl_display_prompt : "";
    int pl = (int)strlen(p);
    mvaddnstr(y, 0, p, S.W);
    const char *line = rl_line_buffer ? rl_line_buffer : "";
    /* keep the cursor visible: scroll the line horizontally */
    int avail = S.W - pl - 1, start = rl_point > avail ? rl_point - avail : 0;
    if (avail > 0) mvaddnstr(y, pl, line + start, avail);
    move(y, pl + rl_point - start < S.W ? pl + rl_point - start : S.W - 1);
}

static void redraw_all(void)
{
    erase();
    draw_plot();
    draw_status();
    draw_console();
    draw_prompt();
    refresh();
}

/* ---- console output --------------------------------------------------- */

static void console_add(const char *line)
{
    if (S.nlines == CONSOLE_MAX) {
        free(S.lines[0]);
        memmove(S.lines, S.lines + 1, (CONSOLE_MAX - 1) * sizeof *S.lines);
        S.nlines--;
    }
    char *d = strdup(line);
    if (d) S.lines[S.nlines++] = d;
}

static void console_write(void *user, const char *s, size_t n)
{
    (void)user;
    for (size_t i = 0; i < n; i++) {
        size_t l = strlen(S.partial);
        if (s[i] == '\n' || l + 2 >= sizeof S.partial) {
            console_add(S.partial);
            S.partial[0] = '\0';
            if (s[i] == '\n') continue;
            l = 0;
        }
        S.partial[l] = s[i];
        S.partial[l + 1] = '\0';
    }
    S.scroll = 0;
}

static int show_plot(void *user, const Plot *p, Err *e)
{
    (void)user;
    Plot *c = plot_clone(p, e);
    if (!c) return -1;
    plot_free(S.plot);
    S.plot = c;
    snprintf(S.status, sizeof S.status, "%zu items", plot_size(c));
    draw_plot();
    draw_status();
    refresh();
    return 0;
}

/* ---- live work ---------------------------------------------------------- */

static int screen_progress(void *user, const ProgressInfo *in)
{
    (void)user;
    double t = now();
    if (resized) {
        resized = 0;
        endwin();
        refresh();
        layout();
        S.last_draw = 0;
    }
    if (t - S.last_draw >= 0.1 || (in->total > 0 && in->done >= in->total)) {
        S.last_draw = t;
        snprintf(S.job, sizeof S.job, "%s %.0f/%.0f %s%s%s%.4g (Ctrl-C stops)", in->task ? in->task : "job", in->done,
                 in->total, in->unit ? in->unit : "", in->metric ? ", " : "", in->metric ? in->metric : "",
                 in->metric ? in->value : 0.0);
        if (in->snapshot && in->snapshot->cols >= 2) {
            Err e;
            Plot *p = plot_scatter(in->snapshot, NULL, NULL, 0, &e);
            if (p) {
                plot_set_equal(p, 1);
                plot_free(S.plot);
                S.plot = p;
            }
            draw_plot();
        }
        draw_status();
        refresh();
    }
    return session_interrupted != 0;
}

/* ---- readline glue -------------------------------------------------------- */

static int getc_hook(FILE *f)
{
    (void)f;
    if (S.npending == 0) return EOF;
    int c = S.pending[0];
    memmove(S.pending, S.pending + 1, (size_t)(--S.npending) * sizeof *S.pending);
    return c;
}

/* readline asks whether more input is waiting (for key sequences): only
 * what the loop has fed it, never the terminal, which ncurses owns. */
static int input_available_hook(void)
{
    return S.npending > 0;
}

static void redisplay_hook(void)
{
    draw_prompt();
    refresh();
}

static void no_prep(int meta)
{
    (void)meta;
}

static void no_deprep(void)
{
}

static void show_matches(char **matches, int n, int maxlen)
{
    (void)maxlen;
    char line[1024] = "";
    size_t used = 0;
    for (int i = 1; i <= n && used < sizeof line - 40; i++)
        used += (size_t)snprintf(line + used, sizeof line - used, "%s  ", matches[i]);
    console_add(line);
    draw_console();
}

static char *pending_text;
static int entry_line = 1, pending_line;

static void on_line(char *line)
{
    if (!line) {
        S.quit = 1;
        return;
    }
    size_t old = pending_text ? strlen(pending_text) : 0, add = strlen(line);
    char *buf = realloc(pending_text, old + add + 2);
    if (!buf) {
        free(line);
        return;
    }
    if (!pending_text) pending_line = entry_line;
    pending_text = buf;
    if (old) pending_text[old++] = '\n';
    memcpy(pending_text + old, line, add + 1);
    char echo[4200];
    snprintf(echo, sizeof echo, "%s%s", old ? "... " : "dv> ", line);
    console_add(echo);
    free(line);
    entry_line++;
    if (session_incomplete(pending_text)) {
        rl_set_prompt("... ");
        redraw_all();
        return;
    }
    if (pending_text[strspn(pending_text, " \t\n")]) {
        add_history(pending_text);
        SrcPos pos;
        Err e;
        session_interrupted = 0;
        S.job[0] = '\0';
        draw_status();
        refresh();
        if (session_run(S.s, pending_text, "<stdin>", pending_line, &pos, &e) < 0) {
            if (e.cancelled) {
                console_add("interrupted (what was computed so far is kept)");
            } else {
                char msg[1200];
                snprintf(msg, sizeof msg, "%d:%d: error: %s", pos.line, pos.col, e.msg);
                console_add(msg);
            }
        }
        if (S.partial[0]) {
            console_add(S.partial);
            S.partial[0] = '\0';
        }
        session_interrupted = 0;
        S.job[0] = '\0';
    }
    free(pending_text);
    pending_text = NULL;
    rl_set_prompt("dv> ");
    redraw_all();
}

static void feed(const char *seq)
{
    for (; *seq && S.npending < 16; seq++) S.pending[S.npending++] = (unsigned char)*seq;
    while (S.npending) rl_callback_read_char();
}

/* ---- the plot in focus ----------------------------------------------------- */

static void plot_key(int ch)
{
    if (!S.plot) {
        S.focus = 0;
        return;
    }
    PlotView *v = plot_default_view(S.plot);
    int w = S.W, h = S.ph;
    if (!v->cursor) {
        v->cursor = 1;
        v->cur_x = w / 2;
        v->cur_y = h / 2;
    }
    switch (ch) {
    case KEY_LEFT: if (--v->cur_x < 0) v->cur_x = 0, plot_view_pan(v, S.plot, w, h, -0.1, 0); break;
    case KEY_RIGHT: if (++v->cur_x >= w) v->cur_x = w - 1, plot_view_pan(v, S.plot, w, h, 0.1, 0); break;
    case KEY_UP: if (--v->cur_y < 0) v->cur_y = 0, plot_view_pan(v, S.plot, w, h, 0, 0.1); break;
    case KEY_DOWN: if (++v->cur_y >= h) v->cur_y = h - 1, plot_view_pan(v, S.plot, w, h, 0, -0.1); break;
    case 'h': plot_view_pan(v, S.plot, w, h, -0.2, 0); break;
    case 'L': plot_view_pan(v, S.plot, w, h, 0.2, 0); break;
    case '+': case '=': plot_view_zoom(v, S.plot, w, h, 2, v->cur_x, v->cur_y); break;
    case '-': plot_view_zoom(v, S.plot, w, h, 0.5, v->cur_x, v->cur_y); break;
    case '0': plot_view_reset(v); break;
    case 'l': v->labels = v->labels == 1 ? 0 : 1; break;
    case 'q': case 27: case KEY_F(2): case '\t':
        v->cursor = 0;
        S.focus = 0;
        S.status[0] = '\0';
        break;
    }
    if (S.focus) {
        PlotPoint pt;
        if (plot_nearest_point(S.plot, v, w, h, v->cur_x, v->cur_y, &pt) >= 0)
            snprintf(S.status, sizeof S.status, "#%zu %s%s%s (%.4g, %.4g)", pt.index, pt.name ? pt.name : "",
                     pt.cls[0] ? " class " : "", pt.cls, pt.x, pt.y);
        else
            snprintf(S.status, sizeof S.status, "no point near the cursor");
    }
    redraw_all();
}

/* ---- main loop --------------------------------------------------------------- */

int screen_run(Session *s)
{
    memset(&S, 0, sizeof S);
    S.s = s;
    S.lines = calloc(CONSOLE_MAX, sizeof *S.lines);
    if (!S.lines) return 1;
    SCREEN *scr = newterm(NULL, stdout, stdin);
    if (!scr) return repl_run(s); /* the terminal cannot do it: the plain prompt */
    cbreak();
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    set_escdelay(25);
    timeout(100);
    if (has_colors()) {
        start_color();
        use_default_colors();
        S.color = COLORS >= 256 ? 256 : 8;
    }
    const char *cs = setlocale(LC_CTYPE, NULL);
    S.utf8 = session_ctx(s)->utf8 && cs;
    Ctx *c = session_ctx(s);
    c->write = console_write;
    c->show_plot = show_plot;
    c->color = S.color;
    c->interactive = 1;
    progress_set_global(screen_progress, NULL);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_winch;
    sigaction(SIGWINCH, &sa, NULL);
    ui_install_sigint();

    rl_readline_name = "dv";
    rl_catch_signals = 0;
    rl_catch_sigwinch = 0;
    rl_change_environment = 0;
    rl_prep_term_function = no_prep;
    rl_deprep_term_function = no_deprep;
    rl_getc_function = getc_hook;
    rl_redisplay_function = redisplay_hook;
    rl_completion_display_matches_hook = show_matches;
    rl_outstream = fopen("/dev/null", "w");
    rl_instream = fopen("/dev/null", "r"); /* keys come from getch, through getc_hook */
    rl_input_available_hook = input_available_hook;
    history_load();
    rl_callback_handler_install("dv> ", on_line);
    console_add("dv: type help for the builtins; F2 (or Tab on an empty line) moves to the plot; Ctrl-D leaves");
    layout();
    redraw_all();
    while (!S.quit) {
        if (resized) {
            resized = 0;
            endwin();
            refresh();
            layout();
            redraw_all();
        }
        if (session_interrupted) { /* Ctrl-C at the prompt: drop the line */
            session_interrupted = 0;
            rl_replace_line("", 0);
            free(pending_text);
            pending_text = NULL;
            rl_set_prompt("dv> ");
            console_add("^C");
            redraw_all();
        }
        int ch = getch();
        if (ch == ERR) continue;
        if (ch == KEY_RESIZE) {
            layout();
            redraw_all();
            continue;
        }
        if (S.focus) {
            plot_key(ch);
            continue;
        }
        switch (ch) {
        case KEY_F(2): S.focus = S.plot != NULL; plot_key(0); continue;
        case '\t':
            if (rl_end == 0 && S.plot) {
                S.focus = 1;
                plot_key(0);
                continue;
            }
            feed("\t");
            continue;
        case KEY_PPAGE: S.scroll += (S.H - S.ph - 2) / 2; if (S.scroll > (int)S.nlines) S.scroll = (int)S.nlines; draw_console(); draw_prompt(); refresh(); continue;
        case KEY_NPAGE: S.scroll -= (S.H - S.ph - 2) / 2; if (S.scroll < 0) S.scroll = 0; draw_console(); draw_prompt(); refresh(); continue;
        case KEY_UP: feed("\033[A"); continue;
        case KEY_DOWN: feed("\033[B"); continue;
        case KEY_RIGHT: feed("\033[C"); continue;
        case KEY_LEFT: feed("\033[D"); continue;
        case KEY_HOME: feed("\001"); continue;
        case KEY_END: feed("\005"); continue;
        case KEY_DC: feed("\004"); continue;
        case KEY_BACKSPACE: case 127: case 8: feed("\177"); continue;
        case '\r': case KEY_ENTER: feed("\n"); continue;
        default:
            if (ch >= 0 && ch < 256) {
                char one[2] = {(char)ch, 0};
                feed(one);
            }
        }
    }
    rl_callback_handler_remove();
    history_save();
    endwin();
    delscreen(scr);
    plot_free(S.plot);
    for (size_t i = 0; i < S.nlines; i++) free(S.lines[i]);
    free(S.lines);
    free(pending_text);
    pending_text = NULL;
    if (rl_outstream) fclose(rl_outstream);
    if (rl_instream) fclose(rl_instream);
    rl_outstream = NULL;
    rl_instream = NULL;
    return 0;
}
