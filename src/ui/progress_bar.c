/* progress_bar.c — the script front end's progress hook: a one-line bar
 * with rate and ETA on stderr when stderr is a terminal, nothing otherwise.
 * It also turns Ctrl-C into a stop request for the running job. */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/progress.h"
#include "ui/frontend.h"

typedef struct BarState {
    int tty;
    double start, last_draw;
    const char *task;
    int drawn;
} BarState;

static BarState bar;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void fmt_time(double s, char *buf, size_t n)
{
    if (s < 0 || s > 1e7) {
        snprintf(buf, n, "--:--");
        return;
    }
    long t = (long)(s + 0.5);
    if (t >= 3600)
        snprintf(buf, n, "%ld:%02ld:%02ld", t / 3600, t / 60 % 60, t % 60);
    else
        snprintf(buf, n, "%ld:%02ld", t / 60, t % 60);
}

static int bar_report(void *user, const ProgressInfo *in)
{
    (void)user;
    double t = now();
    if (bar.task != in->task) { /* a new job */
        bar.task = in->task;
        bar.start = t;
        bar.last_draw = 0;
        bar.drawn = 0;
    }
    int finished = in->total > 0 && in->done >= in->total;
    int keep = finished || in->milestone; /* a trainer's epoch stays as a line of its own */
    if (bar.tty && (t - bar.last_draw >= 0.1 || keep)) {
        bar.last_draw = t;
        double el = t - bar.start, rate = el > 0 ? in->done / el : 0;
        double frac = in->total > 0 ? in->done / in->total : 0;
        if (frac > 1) frac = 1;
        char eta[32], line[256];
        fmt_time(rate > 0 && in->total > 0 ? (in->total - in->done) / rate : -1, eta, sizeof eta);
        int w = 24, fill = (int)(frac * w);
        char barbuf[32];
        for (int i = 0; i < w; i++) barbuf[i] = i < fill ? '=' : (i == fill ? '>' : ' ');
        barbuf[w] = '\0';
        int n = snprintf(line, sizeof line, "\r%s [%s] %3.0f%% %.0f/%.0f %s, %.1f %s/s, ETA %s",
                         in->task ? in->task : "", barbuf, frac * 100, in->done, in->total,
                         in->unit ? in->unit : "", rate, in->unit ? in->unit : "it", eta);
        if (in->metric && n < (int)sizeof line)
            n += snprintf(line + n, sizeof line - (size_t)n, ", %s %.4g", in->metric, in->value);
        if (in->note && n < (int)sizeof line) snprintf(line + n, sizeof line - (size_t)n, ", %s", in->note);
        fprintf(stderr, "%s\033[K", line);
        if (keep) fputc('\n', stderr);
        fflush(stderr);
        bar.drawn = !keep;
    }
    if (session_interrupted) {
        if (bar.tty && bar.drawn) fputc('\n', stderr);
        bar.drawn = 0;
        return 1;
    }
    return 0;
}

void progress_bar_install(void)
{
    memset(&bar, 0, sizeof bar);
    bar.tty = isatty(STDERR_FILENO);
    progress_set_global(bar_report, NULL);
}
