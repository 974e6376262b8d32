/* builtins_core.c — language bindings for this area (see builtin.h). */
#include "lang/builtin.h"
#include "lang/ctx.h"

const Builtin builtins_core[] = {
    {NULL, NULL, NULL, NULL, {{NULL, P_ANY, NULL}}},
};
