/* show.h — how values look when a statement shows them or print prints them. */
#ifndef DV_LANG_SHOW_H
#define DV_LANG_SHOW_H

#include "core/err.h"
#include "lang/ctx.h"
#include "lang/value.h"

/* Show v as a bare expression statement does: numbers and strings on a
 * line, matrices as a table (long ones elided to 10 rows and to the
 * columns that fit ctx->width; rows numbered by their row ids, so a slice
 * X[40:50] shows rows 40 to 49), models as their fields,
 * plots drawn, word vectors as their nearest words.  none shows nothing. */
int show_value(Ctx *ctx, const Value *v, Err *e);
/* The same; all=1 prints a matrix whole: every row, and every column in
 * blocks that fit the output's width (print X, all=true). */
int show_value_all(Ctx *ctx, const Value *v, int all, Err *e);

/* Format a number the way dv shows it (integers without a decimal point,
 * others with up to 6 significant digits) into buf. */
const char *show_number(double x, char *buf, size_t n);

/* Write v compactly on one line (used by print and inside lists). */
void show_inline(Ctx *ctx, const Value *v);

#endif
