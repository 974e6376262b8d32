/* classes.h — giving a matrix's classes their names.
 *
 * Used by load(..., classes=[...]) and labeled(X, labels, classes=[...]):
 * numbered classes 0..n-1 get the names in order; classes that already
 * have names are renumbered so that class c is names[c] (the order of a
 * legend, a confusion matrix), which also fixes the order of classes
 * whose numbering came from the order of first appearance. */
#ifndef DV_CORE_CLASSES_H
#define DV_CORE_CLASSES_H

#include <stddef.h>

#include "core/err.h"
#include "core/mat.h"

/* Name m's classes with names[0..n) (copied; m keeps its own).  Errors,
 * prefixed with `what` ("load", "labeled"): m has no labels, a name given
 * twice, a numbered class at or beyond n, a named class not in names.
 * On error m is unchanged. */
int classes_name(Mat *m, const char *const *names, size_t n, const char *what, Err *e);

#endif
