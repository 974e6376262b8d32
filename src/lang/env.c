#include "lang/env.h"

#include <stdlib.h>
#include <string.h>

/* A small sorted array: sessions hold tens of variables, not thousands, and
 * sorted order is what `vars` and completion want anyway. */
struct Env {
    char **names;
    Value **vals;
    size_t n, cap;
};

Env *env_new(Err *e)
{
    Env *env = calloc(1, sizeof *env);
    if (!env) err_nomem(e, sizeof *env, "variables");
    return env;
}

void env_free(Env *env)
{
    if (!env) return;
    for (size_t i = 0; i < env->n; i++) {
        free(env->names[i]);
        val_unref(env->vals[i]);
    }
    free(env->names);
    free(env->vals);
    free(env);
}

/* Position of name, or where it would be inserted (with *found = 0). */
static size_t env_find(const Env *env, const char *name, int *found)
{
    size_t lo = 0, hi = env->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(env->names[mid], name);
        if (c == 0) {
            *found = 1;
            return mid;
        }
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    *found = 0;
    return lo;
}

int env_set(Env *env, const char *name, Value *v, Err *e)
{
    int found;
    size_t i = env_find(env, name, &found);
    if (found) {
        val_unref(env->vals[i]);
        env->vals[i] = v;
        return 0;
    }
    if (env->n == env->cap) {
        size_t cap = env->cap ? env->cap * 2 : 16;
        char **nn = realloc(env->names, cap * sizeof *nn);
        if (!nn) goto oom;
        env->names = nn;
        Value **nv = realloc(env->vals, cap * sizeof *nv);
        if (!nv) goto oom;
        env->vals = nv;
        env->cap = cap;
    }
    char *copy = strdup(name);
    if (!copy) goto oom;
    memmove(env->names + i + 1, env->names + i, (env->n - i) * sizeof *env->names);
    memmove(env->vals + i + 1, env->vals + i, (env->n - i) * sizeof *env->vals);
    env->names[i] = copy;
    env->vals[i] = v;
    env->n++;
    return 0;
oom:
    val_unref(v);
    return err_nomem(e, 64, "variable");
}

Value *env_get(const Env *env, const char *name)
{
    int found;
    size_t i = env_find(env, name, &found);
    return found ? env->vals[i] : NULL;
}

int env_remove(Env *env, const char *name)
{
    int found;
    size_t i = env_find(env, name, &found);
    if (!found) return 0;
    free(env->names[i]);
    val_unref(env->vals[i]);
    memmove(env->names + i, env->names + i + 1, (env->n - i - 1) * sizeof *env->names);
    memmove(env->vals + i, env->vals + i + 1, (env->n - i - 1) * sizeof *env->vals);
    env->n--;
    return 1;
}

const char **env_names(const Env *env, size_t *n, Err *e)
{
    const char **v = malloc((env->n ? env->n : 1) * sizeof *v);
    if (!v) {
        err_nomem(e, env->n * sizeof *v, "names");
        return NULL;
    }
    for (size_t i = 0; i < env->n; i++) v[i] = env->names[i];
    *n = env->n;
    return v;
}
