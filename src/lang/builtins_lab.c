/* builtins_lab.c — the labs at the prompt: lab, check, hint, next, back.
 * The engine is lab.c; the labs themselves are lab_NAME.c. */
#include <string.h>

#include "lang/builtin.h"
#include "lang/lab.h"

/* "pca, lda, ..." for messages. */
static void lab_names(char *buf, size_t n)
{
    size_t u = 0;
    buf[0] = 0;
    for (size_t i = 0; lab_at(i) && u < n; i++)
        u += (size_t)snprintf(buf + u, n - u, "%s%s", i ? ", " : "", lab_at(i)->name);
}

static const Lab *find_or_fail(const char *name, int param, Err *e)
{
    const Lab *lab = lab_find(name);
    if (!lab) {
        char names[256];
        lab_names(names, sizeof names);
        err_param(e, param, "lab: no lab named '%s' (labs: %s)", name, names);
    }
    return lab;
}

static int bi_lab(Ctx *ctx, Value **args, Value **out, Err *e)
{
    *out = val_none();
    if (arg_is_none(args[0])) return lab_list(ctx, e);
    const char *name = arg_str(args[0]);
    int more = !arg_is_none(args[1]);
    if (strcmp(name, "reset") == 0) {
        const Lab *lab = NULL;
        if (more && !(lab = find_or_fail(arg_str(args[1]), 1, e))) return -1;
        return lab_reset(ctx, lab, e);
    }
    if (more) return err_param(e, 1, "lab: a second argument only follows reset (lab reset, pca)");
    if (strcmp(name, "step") == 0) {
        if (!lab_current(ctx))
            return err_set(e, "lab step: no lab in progress; start one with lab NAME");
        return lab_move(ctx, 0, e);
    }
    const Lab *lab = find_or_fail(name, 0, e);
    return lab ? lab_start(ctx, lab, e) : -1;
}

static int bi_check(Ctx *ctx, Value **args, Value **out, Err *e)
{
    *out = val_none();
    return lab_check(ctx, e);
}

static int bi_hint(Ctx *ctx, Value **args, Value **out, Err *e)
{
    *out = val_none();
    return lab_hint(ctx, e);
}

static int bi_next(Ctx *ctx, Value **args, Value **out, Err *e)
{
    *out = val_none();
    return lab_move(ctx, 1, e);
}

static int bi_back(Ctx *ctx, Value **args, Value **out, Err *e)
{
    *out = val_none();
    return lab_move(ctx, -1, e);
}

#define NO_PARAMS                                                                                  \
    {                                                                                              \
        {                                                                                          \
            NULL, P_ANY, NULL                                                                      \
        }                                                                                          \
    }
const Builtin builtins_lab[] = {
    {"lab",
     bi_lab,
     "list the labs, start or resume one (lab pca), lab step, lab reset",
     "labs",
     {{"name", P_STR, "none"}, {"lab", P_STR, "none"}},
     "lab pca",
     BF_NAME_ARGS},
    {"check", bi_check, "check the current lab step's exercise against your variables", "labs",
     NO_PARAMS, "lab lda; P = pca(D, 2); check", 0},
    {"hint", bi_hint, "a nudge for the current lab step's exercise", "labs", NO_PARAMS,
     "lab lda; hint", 0},
    {"next", bi_next, "go to the next step of the lab", "labs", NO_PARAMS, "lab lda; next", 0},
    {"back", bi_back, "go back one step in the lab", "labs", NO_PARAMS, "lab lda; next; back", 0},
    {NULL, NULL, NULL, NULL, {{NULL, P_ANY, NULL}}, NULL, 0},
};
