#include "core/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void err_clear(Err *e)
{
    if (!e) return;
    e->msg[0] = '\0';
    e->cancelled = 0;
    e->param = 0;
    e->about[0] = '\0';
}

/* Fills e with a message; index (0-based, or -1 for none) and input say
 * what the message is about.  The shared body of err_set, err_param and
 * err_about. */
static int err_vfill(Err *e, int index, const char *input, const char *fmt, va_list ap)
{
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    e->cancelled = 0;
    e->param = index >= 0 ? index + 1 : 0;
    snprintf(e->about, sizeof e->about, "%s", input ? input : "");
    return -1;
}

int err_set(Err *e, const char *fmt, ...)
{
    if (!e) return -1;
    va_list ap;
    va_start(ap, fmt);
    err_vfill(e, -1, NULL, fmt, ap);
    va_end(ap);
    return -1;
}

int err_param(Err *e, int index, const char *fmt, ...)
{
    if (!e) return -1;
    va_list ap;
    va_start(ap, fmt);
    err_vfill(e, index, NULL, fmt, ap);
    va_end(ap);
    return -1;
}

int err_about(Err *e, const char *input, const char *fmt, ...)
{
    if (!e) return -1;
    va_list ap;
    va_start(ap, fmt);
    err_vfill(e, -1, input, fmt, ap);
    va_end(ap);
    return -1;
}

int err_prefix(Err *e, const char *fmt, ...)
{
    if (!e) return -1;
    char head[ERR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(head, sizeof head, fmt, ap);
    va_end(ap);
    char old[ERR_MSG_MAX];
    memcpy(old, e->msg, sizeof old);
    snprintf(e->msg, sizeof e->msg, "%.300s: %.700s", head, old);
    return -1;
}

int err_nomem(Err *e, size_t bytes, const char *what)
{
    return err_set(e, "out of memory (%zu bytes for %s)", bytes, what);
}

int err_cancelled(Err *e)
{
    err_set(e, "interrupted");
    if (e) e->cancelled = 1;
    return -1;
}
