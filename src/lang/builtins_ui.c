/* builtins_ui.c — the view of the plot shown last: zoom, xlim, ylim.  The
 * same view state the screen's plot keys change; in a script the plot is
 * printed again with the new view. */
#include <math.h>

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
    else if (!(f > 0)) return err_set(e, "zoom: factor must be > 0 (0 resets), got %g", f);
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

const Builtin builtins_ui[] = {
    {"zoom", bi_zoom, "zoom the plot shown last by a factor around its centre (0 resets)", "screen",
     {{"factor", P_NUM, "2"}}},
    {"xlim", bi_xlim, "x range of the plot shown last (xlim none, none resets)", "screen",
     {{"lo", P_NUM, "none"}, {"hi", P_NUM, "none"}}},
    {"ylim", bi_ylim, "y range of the plot shown last (ylim none, none resets)", "screen",
     {{"lo", P_NUM, "none"}, {"hi", P_NUM, "none"}}},
    {NULL, NULL, NULL, NULL, {{NULL, P_ANY, NULL}}},
};
