/* screen_job.h — the screen's worker thread: statements run there while
 * the UI thread keeps ncurses, readline and the keyboard.
 *
 * ncurses is not thread-safe, so the worker never draws: the session's
 * output hooks (ctx->write, ctx->show_plot) and the progress hook only
 * copy what they get into a mutex-protected mailbox and wake the UI
 * thread through a pipe that its poll() loop watches (the same pipe the
 * signal handlers write to).  The UI thread takes the news with job_take.
 *
 * The Session is not re-entrant: the UI thread hands it one statement at a
 * time (job_run) and touches it only while no job runs.
 *
 * Ownership: job_take moves everything in the JobNews to the caller, who
 * releases it with job_news_free.
 */
#ifndef DV_UI_SCREEN_JOB_H
#define DV_UI_SCREEN_JOB_H

#include <stddef.h>

#include "core/mat.h"
#include "lang/eval.h"
#include "plot/plot.h"

/* The newest progress report of the running job. */
typedef struct JobFrame {
    char task[32], unit[16], metric[32], note[96];
    double done, total, value;
    double at;         /* monotonic seconds of this report */
    double started;    /* monotonic seconds when this run (task, phase) first reported ... */
    double done0;      /*   ... and its `done` then (rates count from there) */
    Mat *snap;         /* copy of the 2-D snapshot (with the input's row meta), or NULL */
    unsigned run;      /* changes when a new run (task) starts reporting */
    float *curve;      /* copy of the metric history, then of the second series, or NULL */
    size_t curve_len;  /* values of the first series */
    size_t curve2_len; /* values of the second (validation) series, at curve + curve_len */
    char curve_name[32], curve2_name[32]; /* legend names ("" = the metric's) */
} JobFrame;

typedef struct JobNews {
    char *text;       /* output written since the last take (not NUL-terminated), or NULL */
    size_t text_len;
    Plot *plot;       /* the plot shown last by a statement (a copy), or NULL */
    int plot_is_last; /* that plot is ctx->last_plot's (zoom/xlim/ylim change it) */
    int has_frame;    /* frame holds a new progress report */
    JobFrame frame;
    int done;         /* the statement finished: */
    int rc;           /*   session_run's status */
    Err err;          /*   its error (err.cancelled after Ctrl-C) */
    SrcPos pos;
} JobNews;

/* Start the worker and install the session's output and progress hooks.
 * Returns 0, or -1 with e set. */
int job_init(Session *s, Err *e);
/* Stop the worker (it must be idle) and restore nothing: the session's
 * hooks point at dead code afterwards, so the session is only freed. */
void job_shutdown(void);

/* The file descriptor the UI polls; readable when there is news. */
int job_wake_fd(void);
/* Wake the UI thread (async-signal-safe, for signal handlers too). */
void job_wake(void);
/* Empty the wake pipe (UI thread, before job_take). */
void job_drain_wake(void);

/* Run src on the worker, its lines numbered from 1 in messages under the
 * name `name` ("<entry 12>"); the worker must be idle.  Both are copied.
 * Returns 0, or -1 when out of memory. */
int job_run(const char *src, const char *name);

/* Move the news since the last call into *n (UI thread). */
void job_take(JobNews *n);
/* Give back a frame's snapshot the UI is done with (consumed): the
 * worker refills it for the next frame of the same run (gen), so frames
 * of a running job cost a memcpy. */
void job_recycle(Mat *snap, unsigned gen);
void job_news_free(JobNews *n);

/* Frames per second the progress hook passes on (at most). */
#define JOB_FPS 20

#endif
