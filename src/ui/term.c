/* term.c — what the terminal can show: size, colours, UTF-8. */
#include "ui/frontend.h"

#include <langinfo.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <curses.h>
#include <term.h>
#include <unistd.h>

static int env_int(const char *name)
{
    const char *v = getenv(name);
    return v ? atoi(v) : 0;
}

void term_detect(TermInfo *t)
{
    t->width = 80;
    t->height = 24;
    struct winsize ws;
    int tty = isatty(STDOUT_FILENO);
    if (env_int("COLUMNS") > 0) t->width = env_int("COLUMNS");
    if (env_int("LINES") > 0) t->height = env_int("LINES");
    if (tty && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0 && ws.ws_row > 0) {
        t->width = ws.ws_col;
        t->height = ws.ws_row - 1; /* leave the prompt line */
    }
    const char *cs = nl_langinfo(CODESET);
    t->utf8 = cs && (strcasecmp(cs, "UTF-8") == 0 || strcasecmp(cs, "utf8") == 0);
    t->color = 0;
    const char *term = getenv("TERM");
    if (tty && !getenv("NO_COLOR") && term && strcmp(term, "dumb") != 0) {
        int err = 0;
        if (setupterm(NULL, STDOUT_FILENO, &err) == OK) {
            int n = tigetnum("colors");
            t->color = n >= 256 ? 256 : n >= 8 ? 8 : 0;
            del_curterm(cur_term);
        }
    }
}

void term_apply(const TermInfo *t, Ctx *ctx)
{
    ctx->width = t->width < 10 ? 10 : t->width;
    ctx->height = t->height < 5 ? 5 : t->height;
    ctx->color = t->color;
    ctx->utf8 = t->utf8;
}
