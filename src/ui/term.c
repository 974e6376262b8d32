/* term.c — what the terminal can show: size, colours, UTF-8; which
 * terminfo entry describes it; whether the user wants colour. */
#include "ui/frontend.h"

#include <langinfo.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <curses.h>
#include <term.h>
#include <unistd.h>

static int color_mode = TERM_COLOR_AUTO;

static int env_int(const char *name)
{
    const char *v = getenv(name);
    return v ? atoi(v) : 0;
}

/* NO_COLOR and CLICOLOR_FORCE count when set to something (no-color.org:
 * "present and not an empty string"; CLICOLOR_FORCE=0 is off). */
static int env_on(const char *name)
{
    const char *v = getenv(name);
    return v && *v && strcmp(v, "0") != 0;
}

int term_parse_color(const char *s)
{
    if (strcmp(s, "auto") == 0) return TERM_COLOR_AUTO;
    if (strcmp(s, "always") == 0 || strcmp(s, "yes") == 0 || strcmp(s, "force") == 0)
        return TERM_COLOR_ALWAYS;
    if (strcmp(s, "never") == 0 || strcmp(s, "no") == 0 || strcmp(s, "none") == 0)
        return TERM_COLOR_NEVER;
    return -1;
}

void term_set_color_mode(int mode)
{
    color_mode = mode;
}

int term_color_wanted(int tty)
{
    const char *nc = getenv("NO_COLOR");
    if (nc && *nc) return 0; /* NO_COLOR wins over everything */
    if (color_mode == TERM_COLOR_NEVER) return 0;
    if (color_mode == TERM_COLOR_ALWAYS || env_on("CLICOLOR_FORCE")) return 2;
    return tty;
}

/* The colours terminfo gives the entry `name` (0 when it has none). */
static int entry_colors(const char *name)
{
    int err = 0, n = 0;
    TERMINAL *saved = cur_term;
    if (setupterm((char *)name, STDOUT_FILENO, &err) == OK) {
        n = tigetnum("colors");
        del_curterm(cur_term);
    }
    set_curterm(saved);
    return n >= 256 ? 256 : n >= 8 ? 8 : 0;
}

const char *term_usable(const char *term)
{
    static const char *fallbacks[] = {"xterm-256color", "xterm", NULL};
    int err = 0;
    TERMINAL *saved = cur_term;
    const char *found = NULL;
    if (term && *term && setupterm((char *)term, STDOUT_FILENO, &err) == OK) {
        del_curterm(cur_term);
        found = term;
    }
    for (int i = 0; !found && fallbacks[i]; i++) {
        if (setupterm((char *)fallbacks[i], STDOUT_FILENO, &err) == OK) {
            del_curterm(cur_term);
            found = fallbacks[i];
        }
    }
    set_curterm(saved);
    return found;
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
    int want = term_color_wanted(tty);
    int dumb = !term || !*term || strcmp(term, "dumb") == 0;
    if (want == 1 && !dumb) {
        const char *use = term_usable(term);
        t->color = use ? entry_colors(use) : 0;
    } else if (want == 2) { /* asked for: what the terminal says, else the 8 of ANSI */
        const char *use = dumb ? NULL : term_usable(term);
        int n = use ? entry_colors(use) : 0;
        t->color = n ? n : 8;
    }
}

void term_apply(const TermInfo *t, Ctx *ctx)
{
    ctx->width = t->width < 10 ? 10 : t->width;
    ctx->height = t->height < 5 ? 5 : t->height;
    ctx->color = t->color;
    ctx->utf8 = t->utf8;
}
