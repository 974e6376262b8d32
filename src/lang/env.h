/* env.h — the session's variables: names to values.
 * env_set consumes the value; env_get returns a borrowed one. */
#ifndef DV_LANG_ENV_H
#define DV_LANG_ENV_H

#include <stddef.h>

#include "core/err.h"
#include "lang/value.h"

typedef struct Env Env;

Env *env_new(Err *e);
void env_free(Env *env);
/* Bind name to v (consumes v; replaces an old binding). */
int env_set(Env *env, const char *name, Value *v, Err *e);
/* Borrowed value or NULL. */
Value *env_get(const Env *env, const char *name);
/* Remove; returns 1 when it existed. */
int env_remove(Env *env, const char *name);
/* Names sorted alphabetically, for `vars` and completion: a malloc'd array
 * of borrowed name pointers (valid until the env changes); *n receives the
 * count.  Caller frees the array only. */
const char **env_names(const Env *env, size_t *n, Err *e);

#endif
