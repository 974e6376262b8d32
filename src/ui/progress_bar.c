/* progress_bar.c — the script front end's progress hook.  Long jobs say
 * how far they are on stderr:
 *   bar    on a terminal: one line redrawn in place, with a bar, the rate
 *          and the ETA (progress_format), ended when the job is done;
 *   lines  otherwise (a script's stderr sent to a file or a pipe): nothing
 *          for a phase that takes under a second, then a line after the
 *          first second and every 10 seconds, and a last line saying how
 *          long it took, so a 2-minute sne in a batch job is not silent;
 *   none   nothing.
 * A report marked as a milestone (a trainer's epoch) is always printed
 * and kept as a line of its own, in both modes.
 * DV_PROGRESS=bar|lines|none overrides the choice; DV_PROGRESS=lines=S
 * prints every S seconds from the start (lines=0: at every report).
 * The hook also turns Ctrl-C into a stop request for the running job. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/progress.h"
#include "ui/frontend.h"

enum { MODE_NONE, MODE_BAR, MODE_LINES };

typedef struct BarState {
    int mode;
    double first, every; /* lines: first line after `first` seconds, then every `every` */
    /* the phase being reported: a task and its unit (t-SNE's neighbour
     * search in rows, then its iterations) */
    char task[32], unit[16];
    double start, done0, last_draw, last_done;
    int drawn, lines, finished;
} BarState;

static BarState bar;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static int same_phase(const ProgressInfo *in)
{
    return !bar.finished && in->done >= bar.last_done && strcmp(bar.task, in->task ? in->task : "") == 0 &&
           strcmp(bar.unit, in->unit ? in->unit : "") == 0;
}

static void draw_bar(const ProgressInfo *in, double t, int finished)
{
    char text[512], line[640], barbuf[32];
    size_t k = progress_format(in, t - bar.start, bar.done0, text, sizeof text);
    const char *rest = strstr(text, ": ");
    rest = rest ? rest + 2 : text + k;
    double frac = in->total > 0 ? in->done / in->total : 0;
    if (frac > 1) frac = 1;
    int w = 24, fill = (int)(frac * w);
    for (int i = 0; i < w; i++) barbuf[i] = i < fill ? '=' : (i == fill ? '>' : ' ');
    barbuf[w] = '\0';
    snprintf(line, sizeof line, "\r%s [%s] %s", in->task ? in->task : "", barbuf, rest);
    fprintf(stderr, "%s\033[K", line);
    if (finished) fputc('\n', stderr);
    fflush(stderr);
    bar.drawn = !finished;
}

static void print_line(const ProgressInfo *in, double t, int finished, int stopped)
{
    char text[512];
    if (finished || stopped)
        progress_format_done(in, t - bar.start, bar.done0, stopped, text, sizeof text);
    else
        progress_format(in, t - bar.start, bar.done0, text, sizeof text);
    fprintf(stderr, "%s\n", text);
    fflush(stderr);
    bar.lines++;
}

static int bar_report(void *user, const ProgressInfo *in)
{
    (void)user;
    double t = now();
    if (!same_phase(in)) { /* a new job, or the next phase of one */
        if (bar.mode == MODE_BAR && bar.drawn) fputc('\n', stderr);
        snprintf(bar.task, sizeof bar.task, "%s", in->task ? in->task : "");
        snprintf(bar.unit, sizeof bar.unit, "%s", in->unit ? in->unit : "");
        bar.start = t;
        bar.done0 = in->done;
        bar.last_draw = 0;
        bar.drawn = bar.lines = bar.finished = 0;
    }
    bar.last_done = in->done;
    int finished = in->total > 0 && in->done >= in->total;
    double el = t - bar.start;
    /* a milestone (a trainer's epoch) stays as a line of its own */
    if (bar.mode == MODE_BAR && (t - bar.last_draw >= 0.1 || finished || in->milestone)) {
        bar.last_draw = t;
        draw_bar(in, t, finished || in->milestone);
    } else if (bar.mode == MODE_LINES) {
        int due = bar.lines == 0 ? el >= bar.first : t - bar.last_draw >= bar.every;
        if (finished ? (bar.lines > 0 || el >= bar.first) : due || in->milestone) {
            bar.last_draw = t;
            print_line(in, t, finished, 0);
        }
    }
    bar.finished = finished;
    if (session_interrupted) {
        if (bar.mode == MODE_BAR && bar.drawn) fputc('\n', stderr);
        if (bar.mode == MODE_LINES && bar.lines > 0) print_line(in, t, 0, 1);
        bar.drawn = 0;
        bar.finished = 1;
        return 1;
    }
    return 0;
}

void progress_bar_install(void)
{
    memset(&bar, 0, sizeof bar);
    bar.mode = isatty(STDERR_FILENO) ? MODE_BAR : MODE_LINES;
    bar.first = 1;
    bar.every = 10;
    const char *s = getenv("DV_PROGRESS");
    if (s && strcmp(s, "none") == 0) bar.mode = MODE_NONE;
    if (s && strcmp(s, "bar") == 0) bar.mode = MODE_BAR;
    if (s && strncmp(s, "lines", 5) == 0) {
        bar.mode = MODE_LINES;
        if (s[5] == '=') {
            char *end;
            double v = strtod(s + 6, &end);
            if (end != s + 6 && v >= 0) bar.first = bar.every = v;
        }
    }
    progress_set_global(bar_report, NULL);
}
