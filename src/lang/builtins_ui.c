/* builtins_ui.c — the view of the plot shown last: zoom, xlim, ylim (the
 * same view state the screen's plot keys change; in a script the plot is
 * printed again with the new view), and demo_embed, a test job that
 * animates a map through the progress hook. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/progress.h"
#include "core/rng.h"
#include "lang/builtin.h"
#include "lang/ctx.h"
#include "plot/plot.h"

static Plot *last(const char *f, Ctx *ctx, Err *e)
{
    if (!ctx->last_plot || ctx->last_plot->kind != VAL_PLOT) {
        err_set(e, "%s: no plot shown yet", f);
        return NULL;
    }
    return ctx->last_plot->u.plot;
}

static int reshow(Ctx *ctx, Plot *p, Value **out, Err *e)
{
    *out = val_none();
    return ctx_show_plot(ctx, p, e);
}

static int bi_zoom(Ctx *ctx, Value **args, Value **out, Err *e)
{
    Plot *p = last("zoom", ctx, e);
    if (!p) return -1;
    double f = arg_num(args[0]);
    PlotView *v = plot_default_view(p);
    if (f == 0) plot_view_reset(v);
    else if (!(f > 0)) return err_param(e, 0, "zoom: factor must be > 0 (0 resets), got %g", f);
    else plot_view_zoom(v, p, ctx->width, ctx->height, f, -1, -1);
    return reshow(ctx, p, out, e);
}

static int limits(const char *f, int y, Ctx *ctx, Value **args, Value **out, Err *e)
{
    Plot *p = last(f, ctx, e);
    if (!p) return -1;
    double lo = arg_is_none(args[0]) ? NAN : arg_num(args[0]), hi = arg_is_none(args[1]) ? NAN : arg_num(args[1]);
    if (!isnan(lo) && !isnan(hi) && !(hi > lo)) return err_set(e, "%s: the upper limit must be above the lower, got %g and %g", f, lo, hi);
    if (y) plot_set_ylim(p, lo, hi);
    else plot_set_xlim(p, lo, hi);
    return reshow(ctx, p, out, e);
}

static int bi_xlim(Ctx *ctx, Value **args, Value **out, Err *e)
{
    return limits("xlim", 0, ctx, args, out, e);
}

static int bi_ylim(Ctx *ctx, Value **args, Value **out, Err *e)
{
    return limits("ylim", 1, ctx, args, out, e);
}

/* layout: the screen's split between the plot pane and the console (the
 * screen reads it when the statement is done; F3 changes the same). */
static int bi_layout(Ctx *ctx, Value **args, Value **out, Err *e)
{
    *out = val_none();
    if (arg_is_none(args[0])) {
        ctx->split_set = 0;
        return 0;
    }
    double f = arg_num(args[0]);
    if (!(f >= 0 && f <= 1))
        return err_param(e, 0, "layout: plot must be a share of the rows from 0 to 1 (none: automatic), got %g", f);
    ctx->split_set = 1;
    ctx->split = f;
    return 0;
}

/* demo_embed: n points in k classes drift from a random cloud to k
 * places on a circle while pushing each other apart with the Student-t
 * kernel of t-SNE (van der Maaten & Hinton 2008): an exact O(n^2)
 * repulsion per iteration, so it costs what a small t-SNE costs and
 * moves the same way, without needing data.  Deterministic under `seed`
 * (one thread, fixed order); a stop request keeps the map so far. */
#define DEMO_MAX 20000

typedef struct Demo {
    size_t n;
    int k;
    Mat *Y;        /* n x 2 map with row names p0.. and labels (the result) */
    double *G;     /* n x 2 step */
    float *spread; /* mean distance to the class's place, per iteration */
} Demo;

static int demo_setup(Demo *d, size_t n, int k, Err *e)
{
    if (!(d->Y = mat_new(n, 2, e))) return -1;
    if (mat_ensure_labels(d->Y, e) < 0) return -1;
    if (!(d->Y->label_names = calloc((size_t)k, sizeof *d->Y->label_names)))
        return err_nomem(e, (size_t)k * sizeof(char *), "demo_embed");
    d->Y->n_classes = (size_t)k;
    for (int c = 0; c < k; c++) {
        char name[16];
        snprintf(name, sizeof name, "%c", 'A' + c);
        if (!(d->Y->label_names[c] = strdup(name))) return err_nomem(e, 2, "demo_embed");
    }
    Rng *r = rng_global();
    for (size_t i = 0; i < n; i++) {
        char name[32];
        snprintf(name, sizeof name, "p%zu", i);
        if (mat_set_row_name(d->Y, i, name, e) < 0) return -1;
        d->Y->labels[i] = (int)(i % (size_t)k);
        MAT_AT(d->Y, i, 0) = (float)rng_normal(r);
        MAT_AT(d->Y, i, 1) = (float)rng_normal(r);
    }
    if (!(d->G = calloc(n * 2, sizeof *d->G))) return err_nomem(e, n * 2 * sizeof(double), "demo_embed");
    return 0;
}

/* One step; returns the mean distance of points to their class's place. */
static double demo_step(Demo *d)
{
    size_t n = d->n;
    const float *Y = d->Y->data;
    double spread = 0, rep = 4.0 / (double)n;
    for (size_t i = 0; i < n; i++) {
        double xi = Y[2 * i], yi = Y[2 * i + 1], gx = 0, gy = 0;
        for (size_t j = 0; j < n; j++) {
            double dx = xi - Y[2 * j], dy = yi - Y[2 * j + 1];
            double q = 1 / (1 + dx * dx + dy * dy);
            gx += dx * q * q;
            gy += dy * q * q;
        }
        int c = d->Y->labels[i];
        double a = 6.283185307179586 * c / d->k, cx = 8 * cos(a) - xi, cy = 8 * sin(a) - yi;
        spread += sqrt(cx * cx + cy * cy);
        d->G[2 * i] = 0.05 * cx + rep * gx * 10;
        d->G[2 * i + 1] = 0.05 * cy + rep * gy * 10;
    }
    for (size_t i = 0; i < 2 * n; i++) d->Y->data[i] += (float)d->G[i];
    return spread / (double)n;
}

static int bi_demo_embed(Ctx *ctx, Value **args, Value **out, Err *e)
{
    (void)ctx;
    double nn = arg_num(args[0]), ni = arg_num(args[1]), nk = arg_num(args[2]);
    int curve = val_truthy(args[3]);
    if (!(nn >= 1 && nn <= DEMO_MAX)) return err_param(e, 0, "demo_embed: n must be between 1 and %d, got %g", DEMO_MAX, nn);
    if (!(ni >= 1 && ni <= 1e7)) return err_param(e, 1, "demo_embed: iters must be between 1 and 10000000, got %g", ni);
    if (!(nk >= 1 && nk <= 26)) return err_param(e, 2, "demo_embed: classes must be between 1 and 26, got %g", nk);
    Demo d = {(size_t)nn, (int)nk, NULL, NULL, NULL};
    int iters = (int)ni, it = 0, stopped = 0, rc = -1;
    Value *v = NULL;
    if (demo_setup(&d, d.n, d.k, e) < 0) goto done;
    if (!(d.spread = malloc((size_t)iters * sizeof *d.spread))) {
        err_nomem(e, (size_t)iters * sizeof(float), "demo_embed");
        goto done;
    }
    const Progress *pr = progress_global();
    for (it = 0; it < iters;) {
        d.spread[it] = (float)demo_step(&d);
        it++;
        ProgressInfo info = {.task = "demo_embed", .done = it, .total = iters, .unit = "iter", .metric = "spread",
                             .value = d.spread[it - 1], .snapshot = curve ? NULL : d.Y, .curve = d.spread,
                             .curve_len = (size_t)it};
        if (progress_report(pr, &info)) {
            stopped = 1;
            break;
        }
    }
    if (!(v = val_model("demo_embed", e))) goto done;
    Mat *Y = d.Y;
    d.Y = NULL;
    if (val_model_set_mat(v, "embedding", Y, e) < 0 || val_model_set_num(v, "iters", it, e) < 0 ||
        val_model_set(v, "stopped", val_bool(stopped, e), e) < 0)
        goto done;
    *out = v;
    v = NULL;
    rc = 0;
done:
    if (v) val_unref(v);
    mat_free(d.Y);
    free(d.G);
    free(d.spread);
    return rc;
}

const Builtin builtins_ui[] = {
    {"zoom", bi_zoom, "zoom the plot shown last by a factor around its centre (0 resets)", "screen",
     {{"factor", P_NUM, "2"}}, "scatter X[:, 2:4]; zoom 2", 0},
    {"xlim", bi_xlim, "x range of the plot shown last (xlim none, none resets)", "screen",
     {{"lo", P_NUM, "none"}, {"hi", P_NUM, "none"}}, "scatter X[:, 2:4]; xlim 3, 7", 0},
    {"ylim", bi_ylim, "y range of the plot shown last (ylim none, none resets)", "screen",
     {{"lo", P_NUM, "none"}, {"hi", P_NUM, "none"}}, "scatter X[:, 2:4]; ylim 0, 1.5", 0},
    {"layout", bi_layout,
     "the screen's split: the plot pane's share of the rows, 0 to 1 (none: automatic, as F3 cycles)", "screen",
     {{"plot", P_NUM, "none"}}, "layout 0.5", 0},
    {"demo_embed", bi_demo_embed,
     "test job: n points in classes drift into place like a t-SNE map (animates; Ctrl-C keeps the map so far)",
     "screen", {{"n", P_INT, "2000"}, {"iters", P_INT, "500"}, {"classes", P_INT, "5"}, {"curve", P_BOOL, "false"}}, "D = demo_embed(300, iters=50)", 0},
    {NULL, NULL, NULL, NULL, {{NULL, P_ANY, NULL}}, NULL, 0},
};
