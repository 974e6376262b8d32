#include "lang/ctx.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "plot/plot.h"

void ctx_write(Ctx *c, const char *s, size_t n)
{
    if (c && c->write)
        c->write(c->write_user, s, n);
    else
        fwrite(s, 1, n, stdout);
}

void ctx_printf(Ctx *c, const char *fmt, ...)
{
    char small[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    if ((size_t)n < sizeof small) {
        ctx_write(c, small, (size_t)n);
        return;
    }
    char *big = malloc((size_t)n + 1);
    if (!big) {
        ctx_write(c, small, sizeof small - 1);
        return;
    }
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    ctx_write(c, big, (size_t)n);
    free(big);
}

int ctx_show_plot(Ctx *c, const Plot *p, Err *e)
{
    if (c->show_plot) return c->show_plot(c->show_user, p, e);
    fflush(stdout);
    return plot_write_text(p, stdout, c->width, c->height, c->color, c->utf8, e);
}

/* A remark for the user, not a result: the screen's console, else stderr
 * after what stdout has so far, so a script's output stays its results. */
static void remark(Ctx *c, const char *prefix, const char *msg)
{
    if (c && c->write && c->interactive) { /* the screen's console (scripts: stderr) */
        ctx_printf(c, "%s%s\n", prefix, msg);
        return;
    }
    fflush(stdout);
    fprintf(stderr, "%s%s\n", prefix, msg);
    fflush(stderr);
}

void ctx_warn(Ctx *c, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    remark(c, "warning: ", msg);
}

void ctx_note(Ctx *c, const char *fmt, ...)
{
    char msg[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    remark(c, "", msg);
}
