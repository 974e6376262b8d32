/* ctx.h — the interpreter's session state as builtins see it.
 *
 * Front ends (script runner, plain REPL, ncurses screen) fill the output
 * hooks; builtins print only through ctx_printf/ctx_write and show plots
 * only through ctx_show_plot, so the same builtin works in every front end.
 */
#ifndef DV_LANG_CTX_H
#define DV_LANG_CTX_H

#include <stddef.h>

#include "core/err.h"
#include "lang/value.h"

typedef struct Env Env;
typedef struct LabState LabState; /* lab.c */

typedef struct Ctx {
    Env *env;       /* variables */
    Value *use_emb; /* the embedding named by `use E`, or NULL (referenced) */

    /* Text output (results, tables).  Default: stdout. */
    void (*write)(void *user, const char *s, size_t n);
    void *write_user;
    /* Show a plot value; the front end renders it at its own size.
     * Default: text to stdout at width x height. */
    int (*show_plot)(void *user, const Plot *p, Err *e);
    void *show_user;

    int width, height; /* text plot size in cells (terminal, COLUMNS/LINES, or 80x24) */
    int color;         /* 0 = none, 8, 256 */
    int utf8;          /* braille and block characters allowed */
    int interactive;   /* REPL or screen (affects how values are shown) */
    Value *args;       /* script arguments as a list of strings */
    Value *last_plot;  /* the plot value shown last (referenced), for zoom, xlim, ylim */
    int split_set;     /* the screen's split was set (layout builtin, F3): */
    double split;      /*   the plot pane's share of the rows, 0 to 1 */
    LabState *lab;           /* the lab in progress (lab.h), or NULL */
} Ctx;

void ctx_write(Ctx *c, const char *s, size_t n);
void ctx_printf(Ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int ctx_show_plot(Ctx *c, const Plot *p, Err *e);
/* A warning about an argument that makes little sense for the data (a
 * perplexity too high for so few points): "warning: MESSAGE" on stderr,
 * after what stdout has so far (scripts, the plain prompt), or through
 * the write hook when a front end set one (the screen's console).  The
 * builtin goes on. */
void ctx_warn(Ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A note about what a builtin did ("labels from the text column
 * 'species'"): where warnings go, without "warning: ", so a script's
 * stdout holds only its results. */
void ctx_note(Ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
