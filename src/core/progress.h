/* progress.h — the one hook through which long computations report
 * progress and learn that the user asked them to stop.
 *
 * A reducer or trainer calls progress_report() every few steps.  The front
 * end decides what a report means (a live plot in the screen, a progress bar
 * on stderr, or nothing) and returns nonzero when the user pressed Ctrl-C.
 * On a stop request the computation finishes its current step, keeps what it
 * has, and returns with `stopped` set in its result (not an error), so the
 * partial result lands in the user's variable.
 */
#ifndef DV_CORE_PROGRESS_H
#define DV_CORE_PROGRESS_H

#include <stddef.h>

#include "core/mat.h"

typedef struct ProgressInfo {
    const char *task;     /* "tsne", "word2vec", ... */
    double done, total;   /* steps done of total (total 0 = unknown) */
    const char *unit;     /* "iter", "epoch", "words" */
    const char *metric;   /* name of value below ("KL", "loss"), or NULL */
    double value;         /* current metric value */
    const char *note;     /* extra text ("lr 0.0213"), or NULL */
    const Mat *snapshot;  /* current 2-D points to animate, or NULL; only valid during the call */
    const float *curve;   /* metric history to draw as a curve, or NULL */
    size_t curve_len;
    /* A second series drawn with the first (validation beside training
     * loss; NaN = no value there), and the legend names of both (NULL =
     * the metric's name). */
    const float *curve2;
    size_t curve2_len;
    const char *curve_name, *curve2_name;
    /* This report ends a stage (a trainer's epoch): a line-based front end
     * keeps it as a line of its own instead of overwriting it. */
    int milestone;
} ProgressInfo;

typedef int (*ProgressFn)(void *user, const ProgressInfo *info);

typedef struct Progress {
    ProgressFn fn;
    void *user;
} Progress;

/* Report; returns 1 when the computation should stop.  p may be NULL. */
int progress_report(const Progress *p, const ProgressInfo *info);

/* The session's hook, installed by the front end (NULL fn = silent).
 * Builtins pass progress_global() to long computations. */
const Progress *progress_global(void);
void progress_set_global(ProgressFn fn, void *user);

/* One line of text about a report, as the script front end prints it and
 * the screen's status bar shows it:
 *   "sne: 42% 210/500 iter, 48.2 iter/s, ETA 0:06, KL 1.23, NOTE"
 * (no percentage or ETA when the total is unknown).  elapsed is the time
 * in seconds since this phase of the job was first heard of, when done0
 * steps were done (the rate is (done - done0) / elapsed).  Returns the
 * length written (at most n - 1). */
size_t progress_format(const ProgressInfo *in, double elapsed, double done0, char *buf, size_t n);
/* The line for a finished (or stopped) phase:
 *   "sne: 500/500 iter in 0:10 (48.0 iter/s), KL 1.02"
 *   "sne: stopped at 210/500 iter after 0:04, KL 1.23" */
size_t progress_format_done(const ProgressInfo *in, double elapsed, double done0, int stopped, char *buf, size_t n);
/* A rate (or a large count) as the line shows it: 3 significant digits,
 * thousands as k, millions as M, billions as G (17.5k, 1.5M). */
const char *progress_rate(double r, char *buf, size_t n);
/* Seconds as m:ss or h:mm:ss ("--:--" when negative or absurd). */
const char *progress_time(double s, char *buf, size_t n);

#endif
