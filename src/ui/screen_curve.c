/* screen_curve.c — the plot a running job's report stands for (see
 * screen_curve.h). */
#include "ui/screen_curve.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

void job_curve_reset(JobCurve *c)
{
    c->n = 0;
}

/* Keep a point of the run's metric (a loss, KL, words/s), or of its
 * rate when it reports none, for the curve of a job that draws none.
 * The history halves (every other point) when full, so a long job keeps
 * its whole course at a coarser step. */
static void record(JobCurve *c, const JobFrame *f)
{
    if (f->run != c->run || c->n == 0) {
        c->n = 0;
        c->run = f->run;
        c->every = 0.1;
    } else if (f->at - c->last < c->every - 1e-9) { /* (reports exactly that far apart count) */
        return;
    }
    double el = f->at - f->started;
    double y = f->metric[0] ? f->value : el > 0 ? (f->done - f->done0) / el : NAN;
    if (!isfinite(y) || (!f->metric[0] && f->done <= f->done0)) return;
    if (c->n == JOB_CURVE_MAX) {
        for (int i = 0; i < JOB_CURVE_MAX / 2; i++) {
            c->x[i] = c->x[2 * i + 1];
            c->y[i] = c->y[2 * i + 1];
        }
        c->n = JOB_CURVE_MAX / 2;
        c->every *= 2;
    }
    c->x[c->n] = (float)f->done;
    c->y[c->n] = (float)y;
    c->n++;
    c->last = f->at;
}

/* The curve of the run's points (see record). */
static Plot *history_plot(const JobCurve *c, const JobFrame *f, Err *e)
{
    Mat *x = mat_new_uninit(1, (size_t)c->n, e), *y = x ? mat_new_uninit(1, (size_t)c->n, e) : NULL;
    Plot *p = NULL;
    if (y) {
        memcpy(x->data, c->x, (size_t)c->n * sizeof *x->data);
        memcpy(y->data, c->y, (size_t)c->n * sizeof *y->data);
        char rate[48], *names[1];
        snprintf(rate, sizeof rate, "%s/s", f->unit[0] ? f->unit : "steps");
        names[0] = f->metric[0] ? (char *)f->metric : rate;
        p = plot_curve(x, y, names, e);
        if (p && (plot_set_axis_names(p, f->unit[0] ? f->unit : "steps", names[0], e) < 0 ||
                  plot_set_title(p, f->task, e) < 0)) {
            plot_free(p);
            p = NULL;
        }
    }
    mat_free(x);
    mat_free(y);
    return p;
}

/* The series a job reports (training, and validation beside it). */
static Plot *reported_curve(const JobFrame *f, Err *e)
{
    size_t len = f->curve_len > f->curve2_len ? f->curve_len : f->curve2_len;
    int two = f->curve2_len > 0, rows = two ? 2 : 1;
    Mat *y = mat_new_uninit((size_t)rows, len, e);
    if (!y) return NULL;
    for (size_t i = 0; i < len; i++) {
        y->data[i] = i < f->curve_len ? f->curve[i] : NAN;
        if (two) y->data[len + i] = i < f->curve2_len ? f->curve[f->curve_len + i] : NAN;
    }
    const char *metric = f->metric[0] ? f->metric : f->task;
    char *names[2] = {(char *)(f->curve_name[0] ? f->curve_name : metric),
                      (char *)(f->curve2_name[0] ? f->curve2_name : "validation")};
    Plot *p = plot_curve(NULL, y, names, e);
    mat_free(y);
    if (p && plot_set_axis_names(p, "report", f->metric[0] ? f->metric : NULL, e) < 0) {
        plot_free(p);
        p = NULL;
    }
    return p;
}

Plot *job_frame_side_plot(const JobFrame *f, Err *e)
{
    err_clear(e);
    if (!f->snap || !f->curve || !f->curve_len) return NULL;
    Plot *p = reported_curve(f, e);
    if (p && (plot_set_axis_names(p, f->unit[0] ? f->unit : "step", "loss", e) < 0 ||
              plot_set_title(p, "losses", e) < 0)) {
        plot_free(p);
        p = NULL;
    }
    return p;
}

Plot *job_frame_plot(JobCurve *c, const JobFrame *f, Err *e)
{
    err_clear(e);
    const Mat *s = f->snap;
    size_t ic = s && s->img_c ? s->img_c : 1;
    if (s && s->img_h && s->img_w && s->img_h * s->img_w * ic == s->cols) {
        /* a generator's samples as it learns (gan): a grid of images */
        Plot *p = plot_images(s, s->img_h, s->img_w, ic, 0, e);
        if (p && plot_set_title(p, f->task, e) < 0) {
            plot_free(p);
            p = NULL;
        }
        return p;
    }
    if (f->snap && f->snap->cols >= 2) {
        Plot *p = plot_scatter(f->snap, NULL, NULL, 0, e);
        if (p) plot_set_equal(p, 1);
        return p;
    }
    if (f->curve && f->curve_len + f->curve2_len) return reported_curve(f, e);
    record(c, f);
    return c->n >= 3 && f->at - f->started >= 1.0 ? history_plot(c, f, e) : NULL;
}
