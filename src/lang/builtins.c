/* builtins.c — the list of builtin tables, one per area of the language,
 * the list of sections they are grouped in, and what is derived from a
 * row (its signature, the closest name to a typo). */
#include "lang/builtin.h"

#include <stdio.h>
#include <string.h>


extern const Builtin builtins_core[];   /* builtins_core.c: matrices, session */
extern const Builtin builtins_math[];   /* builtins_math.c: elementwise functions, reductions */
extern const Builtin builtins_order[];  /* builtins_order.c: sort, argsort, unique */
extern const Builtin builtins_shape[];  /* builtins_shape.c: reshape, stacking, ranges */
extern const Builtin builtins_linalg[]; /* builtins_linalg.c: inv, solve, det, rank */
extern const Builtin builtins_io[];     /* builtins_io.c: load, save */
extern const Builtin builtins_plot[];   /* builtins_plot.c: scatter, curve, show, ... */
extern const Builtin builtins_reduce[]; /* builtins_reduce.c: pca, svd, lda, mds */
extern const Builtin builtins_embed[];  /* builtins_embed.c: sne, tsne, place, quality */
extern const Builtin builtins_words[];  /* builtins_words.c: word vectors */
extern const Builtin builtins_ui[];     /* builtins_ui.c: zoom, xlim, ylim, test jobs */
extern const Builtin builtins_nn[];     /* builtins_nn.c: autoencoder, vae, classifier, triplet */
extern const Builtin builtins_umap[];   /* builtins_umap.c: umap, knn */
extern const Builtin builtins_lab[];    /* builtins_lab.c: lab, check, hint, next, back */
extern const Builtin builtins_gen[];    /* builtins_gen.c: gan, cgan, toy data */
extern const Builtin builtins_seq[];    /* builtins_seq.c: rnn, phrases, joint, rank */

static const Builtin *const tables[] = {builtins_core,   builtins_io,    builtins_plot,
                                        builtins_reduce, builtins_embed, builtins_umap,
                                        builtins_words,  builtins_nn,    builtins_ui,
                                        builtins_math,   builtins_order, builtins_shape,
                                        builtins_linalg, builtins_lab,   builtins_gen,
                                        builtins_seq,
                                        NULL};

/* Sections in the order help and the man page list them.  A new area adds
 * its row here (the suite fails for a builtin whose section is missing). */
static const BuiltinSection sections[] = {
    {"session", "Session"},
    {"matrices", "Matrices"},
    {"math", "Elementwise functions"},
    {"stats", "Reductions and sorting"},
    {"shape", "Shapes and ranges"},
    {"linalg", "Linear algebra"},
    {"io", "Loading and saving"},
    {"plots", "Plots"},
    {"reduce", "Low-rank views"},
    {"embed", "Neighbour embeddings"},
    {"learn", "Learned codes"},
    {"gen", "Models between spaces"},
    {"seq", "Sequences and joint spaces"},
    {"words", "Word vectors"},
    {"labs", "Labs"},
    {"screen", "The screen"},
    {NULL, NULL},
};

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

const BuiltinSection *builtin_section_at(size_t i)
{
    return i < sizeof sections / sizeof *sections - 1 ? &sections[i] : NULL;
}

const BuiltinSection *builtin_section_find(const char *name)
{
    for (const BuiltinSection *s = sections; name && s->name; s++)
        if (strcmp(s->name, name) == 0) return s;
    return NULL;
}

size_t builtin_nparams(const Builtin *b)
{
    size_t n = 0;
    while (n < BUILTIN_MAX_PARAMS && b->params[n].name) n++;
    return n;
}

size_t builtin_signature(const Builtin *b, char *buf, size_t n)
{
    size_t used = 0;
#define PUT(...)                                                                                   \
    do {                                                                                           \
        int k_ = snprintf(buf + (used < n ? used : n), used < n ? n - used : 0, __VA_ARGS__);     \
        if (k_ > 0) used += (size_t)k_;                                                            \
    } while (0)
    if (n) buf[0] = '\0';
    PUT("%s(", b->name);
    for (size_t k = 0; k < builtin_nparams(b); k++) {
        const Param *p = &b->params[k];
        PUT("%s%s", k ? ", " : "", p->name);
        if (p->def) PUT("=%s", p->def);
    }
    PUT(")");
#undef PUT
    return used;
}

