/* help.h — what `help` prints: an overview that fits 80x24 (each section
 * with its builtins' names only), one section's builtins with their
 * one-line help, one builtin (signature with defaults, help, example), or
 * a topic (help syntax, help keys).
 *
 * Builtins come from the builtin table; topics from help_topics.c, one
 * row each, so the screen's and the parser's owners edit one place. */
#ifndef DV_LANG_HELP_H
#define DV_LANG_HELP_H

#include <stddef.h>

#include "core/err.h"
#include "lang/ctx.h"

typedef struct HelpTopic {
    const char *name;    /* "syntax" */
    const char *summary; /* one line for the overview */
    const char *text;    /* the page, lines of at most 78 characters */
} HelpTopic;

/* Topics in order (i = 0, 1, ... until NULL), or by name (NULL if none). */
const HelpTopic *help_topic_at(size_t i);
const HelpTopic *help_topic_find(const char *name);

/* Print help on what (a builtin, a section, a topic), or the overview
 * when what is NULL.  Returns 0, or -1 with e set when nothing has that
 * name. */
int help_print(Ctx *ctx, const char *what, Err *e);

#endif
