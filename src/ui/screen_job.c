/* screen_job.c — the worker thread and its mailbox (see screen_job.h).
 *
 * The progress hook is on the job's hot path: it returns at once unless
 * 1/JOB_FPS seconds have passed since the last frame it passed on, and a
 * frame of a running job costs a memcpy of the snapshot into a buffer
 * the UI gave back (the row names and labels are copied once per run).
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/progress.h"
#include "ui/screen_job.h"

typedef struct Mailbox {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    pthread_t thread;
    int started, quit;
    Session *s;
    int pipe[2];
    int wake_pending;

    /* the statement to run (worker takes it) */
    char *src;
    char name[32];

    /* news for the UI */
    char *text;
    size_t text_len, text_cap;
    Plot *plot;
    int plot_is_last;
    int has_frame;
    JobFrame frame; /* frame.snap: unconsumed snapshot (worker may refill it) */
    Mat *spare;     /* a snapshot buffer the UI gave back */
    unsigned spare_gen;
    int done, rc;
    Err err;
    SrcPos pos;

    /* worker-side state of the progress hook (only the worker touches it) */
    double last_frame;
    const Mat *last_snap;
    double last_done, task_started, done0;
    char last_task[32];
    unsigned gen;
} Mailbox;

static Mailbox M = {.mu = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER, .pipe = {-1, -1}};

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

void job_wake(void)
{
    int saved = errno;
    if (M.pipe[1] >= 0) {
        char b = 1;
        ssize_t r = write(M.pipe[1], &b, 1); /* full pipe (EAGAIN): already awake */
        (void)r;
    }
    errno = saved;
}

/* Wake once per batch of news (called with the lock held). */
static void wake_locked(void)
{
    if (!M.wake_pending) {
        M.wake_pending = 1;
        job_wake();
    }
}

int job_wake_fd(void)
{
    return M.pipe[0];
}

void job_drain_wake(void)
{
    char buf[256];
    while (read(M.pipe[0], buf, sizeof buf) > 0) {
    }
    pthread_mutex_lock(&M.mu);
    M.wake_pending = 0;
    pthread_mutex_unlock(&M.mu);
}

/* ---- hooks (worker thread) -------------------------------------------- */

static void job_write(void *user, const char *s, size_t n)
{
    (void)user;
    pthread_mutex_lock(&M.mu);
    if (M.text_len + n > M.text_cap) {
        size_t cap = M.text_cap ? M.text_cap : 4096;
        while (cap < M.text_len + n) cap *= 2;
        char *t = realloc(M.text, cap);
        if (!t) { /* keep what fits: output is not worth failing the job for */
            n = M.text_cap - M.text_len;
        } else {
            M.text = t;
            M.text_cap = cap;
        }
    }
    if (n) memcpy(M.text + M.text_len, s, n);
    M.text_len += n;
    wake_locked();
    pthread_mutex_unlock(&M.mu);
}

static int job_show_plot(void *user, const Plot *p, Err *e)
{
    (void)user;
    Plot *c = plot_clone(p, e);
    if (!c) return -1;
    Ctx *ctx = session_ctx(M.s);
    int is_last = ctx->last_plot && ctx->last_plot->kind == VAL_PLOT && ctx->last_plot->u.plot == p;
    pthread_mutex_lock(&M.mu);
    Plot *old = M.plot;
    M.plot = c;
    M.plot_is_last = is_last;
    /* a frame not yet taken is older than this plot: drop it, or the UI
     * would show it over the plot */
    Mat *old_snap = M.has_frame ? M.frame.snap : NULL;
    float *old_curve = M.has_frame ? M.frame.curve : NULL;
    if (M.has_frame) {
        M.frame.snap = NULL;
        M.frame.curve = NULL;
        M.frame.curve_len = M.frame.curve2_len = 0;
        M.has_frame = 0;
    }
    wake_locked();
    pthread_mutex_unlock(&M.mu);
    plot_free(old);
    mat_free(old_snap);
    free(old_curve);
    return 0;
}

static void copy_str(char *dst, size_t n, const char *s)
{
    snprintf(dst, n, "%s", s ? s : "");
}

static int job_progress(void *user, const ProgressInfo *in)
{
    (void)user;
    if (session_interrupted) return 1;
    double t = now();
    const char *task = in->task ? in->task : "job";
    int new_run = strcmp(task, M.last_task) != 0 || in->done < M.last_done ||
                  (in->snapshot && in->snapshot != M.last_snap);
    int last = in->total > 0 && in->done >= in->total;
    M.last_done = in->done;
    if (new_run) {
        copy_str(M.last_task, sizeof M.last_task, task);
        M.task_started = t;
        M.done0 = in->done;
        M.last_snap = in->snapshot;
        M.gen++;
    } else if (!last && t - M.last_frame < 0.75 / JOB_FPS) {
        /* a little early is fine: the UI draws at most JOB_FPS frames a
         * second anyway, and a job reporting every 40 ms then still gets
         * 20 frames, not every other report (12.5) */
        return 0;
    }
    M.last_frame = t;

    /* A buffer for the snapshot: the frame the UI has not taken yet, or
     * the one it gave back; either is refilled when it has the shape and
     * the row meta of this run. */
    Mat *buf = NULL;
    unsigned gen = M.gen;
    float *curve = NULL;
    if (in->snapshot) {
        pthread_mutex_lock(&M.mu);
        if (M.frame.snap && M.frame.run == gen) {
            buf = M.frame.snap;
            M.frame.snap = NULL;
        } else if (M.spare && M.spare_gen == gen) {
            buf = M.spare;
            M.spare = NULL;
        }
        pthread_mutex_unlock(&M.mu);
        const Mat *X = in->snapshot;
        if (buf && buf->rows == X->rows && buf->cols == X->cols) {
            memcpy(buf->data, X->data, X->rows * X->cols * sizeof *X->data);
        } else {
            mat_free(buf);
            buf = mat_clone(X, NULL); /* out of memory: this frame has no picture */
        }
    }
    size_t len1 = in->curve ? in->curve_len : 0, len2 = in->curve2 ? in->curve2_len : 0;
    if (len1 + len2) {
        curve = malloc((len1 + len2) * sizeof *curve);
        if (curve) {
            if (len1) memcpy(curve, in->curve, len1 * sizeof *curve);
            if (len2) memcpy(curve + len1, in->curve2, len2 * sizeof *curve);
        }
    }

    pthread_mutex_lock(&M.mu);
    JobFrame *f = &M.frame;
    copy_str(f->task, sizeof f->task, task);
    copy_str(f->unit, sizeof f->unit, in->unit);
    copy_str(f->metric, sizeof f->metric, in->metric);
    copy_str(f->note, sizeof f->note, in->note);
    f->done = in->done;
    f->total = in->total;
    f->value = in->value;
    f->at = t;
    f->started = M.task_started;
    f->done0 = M.done0;
    copy_str(f->curve_name, sizeof f->curve_name, in->curve_name);
    copy_str(f->curve2_name, sizeof f->curve2_name, in->curve2_name);
    Mat *old_snap = NULL;
    f->run = gen;
    if (buf) {
        old_snap = f->snap; /* a stale frame of another run */
        f->snap = buf;
    } else if (!in->snapshot && f->snap) {
        old_snap = f->snap; /* this report has no picture */
        f->snap = NULL;
    }
    float *old_curve = f->curve;
    f->curve = curve;
    f->curve_len = curve ? len1 : 0;
    f->curve2_len = curve ? len2 : 0;
    M.has_frame = 1;
    wake_locked();
    pthread_mutex_unlock(&M.mu);
    mat_free(old_snap);
    free(old_curve);
    return session_interrupted != 0;
}

/* ---- the worker --------------------------------------------------------- */

static void *worker(void *arg)
{
    (void)arg;
    for (;;) {
        pthread_mutex_lock(&M.mu);
        while (!M.src && !M.quit) pthread_cond_wait(&M.cv, &M.mu);
        if (M.quit) {
            pthread_mutex_unlock(&M.mu);
            return NULL;
        }
        char *src = M.src, name[sizeof M.name];
        memcpy(name, M.name, sizeof name);
        pthread_mutex_unlock(&M.mu);

        SrcPos pos;
        Err e;
        M.last_task[0] = '\0';
        M.last_frame = 0;
        int rc = session_run(M.s, src, name, 1, &pos, &e);

        pthread_mutex_lock(&M.mu);
        free(M.src);
        M.src = NULL;
        M.done = 1;
        M.rc = rc;
        M.err = e;
        M.pos = pos;
        wake_locked();
        pthread_mutex_unlock(&M.mu);
    }
}

int job_init(Session *s, Err *e)
{
    M.s = s;
    if (pipe(M.pipe) < 0) return err_set(e, "cannot make a pipe: %s", strerror(errno));
    for (int i = 0; i < 2; i++) {
        fcntl(M.pipe[i], F_SETFL, fcntl(M.pipe[i], F_GETFL) | O_NONBLOCK);
        fcntl(M.pipe[i], F_SETFD, FD_CLOEXEC);
    }
    /* The worker never takes signals: Ctrl-C, resizes and suspends are
     * the UI thread's (and a signal would interrupt the job's reads). */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    int r = pthread_create(&M.thread, NULL, worker, NULL);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (r != 0) {
        close(M.pipe[0]);
        close(M.pipe[1]);
        M.pipe[0] = M.pipe[1] = -1;
        return err_set(e, "cannot start the worker thread: %s", strerror(r));
    }
    M.started = 1;
    Ctx *c = session_ctx(s);
    c->write = job_write;
    c->write_user = NULL;
    c->show_plot = job_show_plot;
    c->show_user = NULL;
    progress_set_global(job_progress, NULL);
    return 0;
}

int job_run(const char *src, const char *name)
{
    char *copy = strdup(src);
    if (!copy) return -1;
    pthread_mutex_lock(&M.mu);
    M.src = copy;
    snprintf(M.name, sizeof M.name, "%s", name);
    M.done = 0;
    pthread_cond_signal(&M.cv);
    pthread_mutex_unlock(&M.mu);
    return 0;
}

void job_take(JobNews *n)
{
    memset(n, 0, sizeof *n);
    pthread_mutex_lock(&M.mu);
    if (M.text_len) {
        n->text = M.text;
        n->text_len = M.text_len;
        M.text = NULL;
        M.text_len = M.text_cap = 0;
    }
    n->plot = M.plot;
    n->plot_is_last = M.plot_is_last;
    M.plot = NULL;
    if (M.has_frame) {
        n->has_frame = 1;
        n->frame = M.frame;
        M.frame.snap = NULL;
        M.frame.curve = NULL;
        M.frame.curve_len = M.frame.curve2_len = 0;
        M.has_frame = 0;
    }
    if (M.done) {
        n->done = 1;
        n->rc = M.rc;
        n->err = M.err;
        n->pos = M.pos;
        M.done = 0;
    }
    pthread_mutex_unlock(&M.mu);
}

void job_recycle(Mat *snap, unsigned gen)
{
    pthread_mutex_lock(&M.mu);
    Mat *drop = M.spare;
    M.spare = snap;
    M.spare_gen = gen;
    pthread_mutex_unlock(&M.mu);
    mat_free(drop);
}

void job_news_free(JobNews *n)
{
    free(n->text);
    plot_free(n->plot);
    mat_free(n->frame.snap);
    free(n->frame.curve);
    memset(n, 0, sizeof *n);
}

void job_shutdown(void)
{
    if (M.started) {
        pthread_mutex_lock(&M.mu);
        M.quit = 1;
        pthread_cond_signal(&M.cv);
        pthread_mutex_unlock(&M.mu);
        pthread_join(M.thread, NULL);
        M.started = 0;
    }
    progress_set_global(NULL, NULL);
    free(M.text);
    M.text = NULL;
    M.text_len = M.text_cap = 0;
    plot_free(M.plot);
    M.plot = NULL;
    mat_free(M.frame.snap);
    free(M.frame.curve);
    memset(&M.frame, 0, sizeof M.frame);
    mat_free(M.spare);
    M.spare = NULL;
    for (int i = 0; i < 2; i++)
        if (M.pipe[i] >= 0) close(M.pipe[i]);
    M.pipe[0] = M.pipe[1] = -1;
}
