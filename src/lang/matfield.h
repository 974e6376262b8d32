/* matfield.h — the fields every matrix has (X.rows, X.labels, X.T, ...).
 *
 * One table: field access, its error message, tab completion, "did you
 * mean" and `dv --reference` all read it.
 */
#ifndef DV_LANG_MATFIELD_H
#define DV_LANG_MATFIELD_H

#include <stddef.h>

#include "core/err.h"
#include "core/mat.h"
#include "lang/value.h"

typedef struct MatField {
    const char *name;
    const char *help; /* one line, no final period */
    /* The field's value for m: a new reference, or NULL with e set. */
    Value *(*get)(const Mat *m, Err *e);
    /* Set it on m (X.names = [...]), or NULL when it follows from the data
     * (rows, T).  v is borrowed; none removes the field.  0 or -1. */
    int (*set)(Mat *m, const Value *v, Err *e);
} MatField;

/* i = 0, 1, ... until NULL. */
const MatField *matfield_at(size_t i);
const MatField *matfield_find(const char *name);
/* The field of m named name (new reference), or NULL with e set: an
 * unknown field's message lists the fields and suggests the closest. */
Value *matfield_get(const Mat *m, const char *name, Err *e);
/* Set field name of m (which the caller owns alone) to v (borrowed). */
int matfield_set(Mat *m, const char *name, const Value *v, Err *e);

#endif
