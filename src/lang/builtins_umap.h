/* builtins_umap.h — what builtins_embed.c's place() calls for a umap
 * model. */
#ifndef DV_LANG_BUILTINS_UMAP_H
#define DV_LANG_BUILTINS_UMAP_H

#include "lang/builtin.h"

/* place(U, Xnew, iters, perplexity, threads) for a umap model: args as
 * place's parameters (iters none: the automatic epochs). */
int umap_place_value(const Model *m, Value **args, Value **out, Err *e);

#endif
