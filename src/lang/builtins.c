/* builtins.c — the list of builtin tables, one per area of the language. */
#include "lang/builtin.h"

#include <string.h>

extern const Builtin builtins_core[];   /* builtins_core.c: matrices, session */
extern const Builtin builtins_io[];     /* builtins_io.c: load, save */
extern const Builtin builtins_plot[];   /* builtins_plot.c: scatter, curve, show, ... */
extern const Builtin builtins_reduce[]; /* builtins_reduce.c: pca, svd, lda, mds */
extern const Builtin builtins_embed[];  /* builtins_embed.c: sne, tsne, place, quality */
extern const Builtin builtins_words[];  /* builtins_words.c: word vectors */
extern const Builtin builtins_ui[];     /* builtins_ui.c: zoom, xlim, ylim, test jobs */
extern const Builtin builtins_lab[];    /* builtins_lab.c: lab, check, hint, next, back */

static const Builtin *const tables[] = {builtins_core,   builtins_io,    builtins_plot,
                                        builtins_reduce, builtins_embed, builtins_words,
                                        builtins_ui,     builtins_lab,   NULL};

const Builtin *builtin_at(size_t i)
{
    for (size_t t = 0; tables[t]; t++) {
        size_t n = 0;
        while (tables[t][n].name) n++;
        if (i < n) return &tables[t][i];
        i -= n;
    }
    return NULL;
}

const Builtin *builtin_find(const char *name)
{
    for (size_t t = 0; tables[t]; t++)
        for (const Builtin *b = tables[t]; b->name; b++)
            if (strcmp(b->name, name) == 0) return b;
    return NULL;
}
