/* screen_curve.h — what the plot pane shows for a running job's progress
 * report: the map it animates (a scatter of its snapshot, or a grid of
 * images when the snapshot's rows are images: a GAN's samples) with the
 * curves it reports beside it, or those curves alone (training beside
 * validation), or, for a job that has neither
 * (word2vec), a curve of its metric, or of its rate, against its steps,
 * kept here report by report.  UI thread only.
 */
#ifndef DV_UI_SCREEN_CURVE_H
#define DV_UI_SCREEN_CURVE_H

#include "plot/plot.h"
#include "ui/screen_job.h"

#define JOB_CURVE_MAX 2048 /* points kept of a run's metric or rate */

typedef struct JobCurve {
    float x[JOB_CURVE_MAX], y[JOB_CURVE_MAX]; /* steps done, metric (or rate) */
    int n;
    unsigned run;       /* the run the points belong to */
    double every, last; /* seconds between points (doubles when full), the last one's time */
} JobCurve;

/* Forget the points (a new job starts). */
void job_curve_reset(JobCurve *c);

/* The plot for report f (a new Plot the caller owns), or NULL when it
 * has nothing to show (yet): a metric or rate curve waits until the run
 * has gone on for a second and has three points, so a quick job leaves
 * the pane alone.  e is set when a plot could not be made. */
Plot *job_frame_plot(JobCurve *c, const JobFrame *f, Err *e);

/* The curves of a report that has a map as well (a GAN's losses beside
 * its samples), drawn beside the map; NULL when it has no map or no
 * curves.  A new Plot the caller owns. */
Plot *job_frame_side_plot(const JobFrame *f, Err *e);

#endif
