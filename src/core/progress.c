#include "core/progress.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static Progress global_progress;

int progress_report(const Progress *p, const ProgressInfo *info)
{
    if (!p || !p->fn) return 0;
    return p->fn(p->user, info) != 0;
}

const Progress *progress_global(void)
{
    return &global_progress;
}

void progress_set_global(ProgressFn fn, void *user)
{
    global_progress.fn = fn;
    global_progress.user = user;
}

const char *progress_time(double s, char *buf, size_t n)
{
    if (!(s >= 0) || s > 1e7) {
        snprintf(buf, n, "--:--");
        return buf;
    }
    long t = (long)(s + 0.5);
    if (t >= 3600)
        snprintf(buf, n, "%ld:%02ld:%02ld", t / 3600, t / 60 % 60, t % 60);
    else
        snprintf(buf, n, "%ld:%02ld", t / 60, t % 60);
    return buf;
}

/* A rate with 3 significant digits, thousands as k, millions as M and
 * billions as G. */
static const char *rate_text(double r, char *buf, size_t n)
{
    if (r >= 1e9 && r < 1e12)
        snprintf(buf, n, "%.3gG", r / 1e9);
    else if (r >= 1e6 && r < 1e9)
        snprintf(buf, n, "%.3gM", r / 1e6);
    else if (r >= 1e4)
        snprintf(buf, n, "%.3gk", r / 1e3);
    else if (r >= 100)
        snprintf(buf, n, "%.0f", r);
    else
        snprintf(buf, n, "%.3g", r);
    return buf;
}

const char *progress_rate(double r, char *buf, size_t n)
{
    return rate_text(r, buf, n);
}

typedef struct Out {
    char *buf;
    size_t n, used;
} Out;

__attribute__((format(printf, 2, 3))) static void put(Out *o, const char *fmt, ...)
{
    if (o->used >= o->n) return;
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(o->buf + o->used, o->n - o->used, fmt, ap);
    va_end(ap);
    if (k > 0) o->used = o->used + (size_t)k < o->n ? o->used + (size_t)k : o->n - 1;
}

/* The metric (unless the line already shows it as its rate) and the note. */
static void tail(Out *o, const ProgressInfo *in, int metric_shown)
{
    char v[32];
    if (in->metric && !metric_shown) {
        if (in->value >= 1e4 && in->value < 1e12) /* a rate (words/s): 404k, not 4.039e+05 */
            put(o, ", %s %s", in->metric, rate_text(in->value, v, sizeof v));
        else
            put(o, ", %s %.4g", in->metric, in->value);
    }
    if (in->note) put(o, ", %s", in->note);
}

/* Is the job's metric its own rate in the line's unit ("words/s" of a
 * job counting words)?  Then it stands in for the rate computed from the
 * reports, as in the screen's status bar, instead of a second rate with
 * the same name. */
static int metric_is_rate(const ProgressInfo *in, const char *unit)
{
    size_t k = strlen(unit);
    return in->metric && strncmp(in->metric, unit, k) == 0 && strcmp(in->metric + k, "/s") == 0 &&
           in->value > 0;
}

size_t progress_format(const ProgressInfo *in, double elapsed, double done0, char *buf, size_t n)
{
    Out o = {buf, n, 0};
    char r[32], t[32];
    const char *unit = in->unit ? in->unit : "steps";
    if (n) buf[0] = '\0';
    double rate = elapsed > 0 ? (in->done - done0) / elapsed : 0;
    int own = metric_is_rate(in, unit);
    put(&o, "%s: ", in->task ? in->task : "job");
    if (in->total > 0) {
        double frac = in->done / in->total;
        put(&o, "%.0f%% %.0f/%.0f %s", 100 * (frac > 1 ? 1 : frac), in->done, in->total, unit);
    } else {
        put(&o, "%.0f %s", in->done, unit);
    }
    if (own || rate > 0) put(&o, ", %s %s/s", rate_text(own ? in->value : rate, r, sizeof r), unit);
    if (in->total > 0 && rate > 0 && in->done < in->total)
        put(&o, ", ETA %s", progress_time((in->total - in->done) / rate, t, sizeof t));
    tail(&o, in, own);
    return o.used;
}

size_t progress_format_done(const ProgressInfo *in, double elapsed, double done0, int stopped, char *buf, size_t n)
{
    Out o = {buf, n, 0};
    char r[32], t[32];
    const char *unit = in->unit ? in->unit : "steps";
    if (n) buf[0] = '\0';
    put(&o, "%s: ", in->task ? in->task : "job");
    if (stopped) put(&o, "stopped at ");
    if (in->total > 0)
        put(&o, "%.0f/%.0f %s", in->done, in->total, unit);
    else
        put(&o, "%.0f %s", in->done, unit);
    put(&o, " %s %s", stopped ? "after" : "in", progress_time(elapsed, t, sizeof t));
    if (!stopped && elapsed > 0 && in->done > done0)
        put(&o, " (%s %s/s)", rate_text((in->done - done0) / elapsed, r, sizeof r), unit);
    tail(&o, in, metric_is_rate(in, unit)); /* the whole run's rate says it */
    return o.used;
}
