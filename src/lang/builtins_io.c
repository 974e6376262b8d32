/* builtins_io.c — load, save and labeled (formats are chosen in io/load.c;
 * class names are given by core/classes.c). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/classes.h"
#include "io/load.h"
#include "io/readall.h"
#include "lang/builtins_gen.h"
#include "lang/builtins_nn.h"
#include "lang/builtin.h"
#include "lang/ctx.h"
#include "lang/datapath.h"
#include "plot/plot.h"

/* A loader's or saver's note, a line each (stderr in a script: the
 * script's output stays its results). */
static void print_note(Ctx *ctx, const char *note)
{
    if (note[0]) ctx_note(ctx, "%s", note);
}

/* classes= as an array of the list's strings (borrowed; *names freed by
 * the caller), or an error naming the parameter `index` of `f`. */
static int class_list(Value *v, const char *f, int index, const char ***names, size_t *n, Err *e)
{
    *names = NULL;
    *n = 0;
    if (v->kind != VAL_LIST)
        return err_param(e, index, "%s: classes must be a list of strings, like [\"cat\", \"dog\"]",
                         f);
    size_t k = v->u.list.n;
    *names = malloc((k ? k : 1) * sizeof **names);
    if (!*names) return err_nomem(e, k * sizeof(char *), "classes");
    for (size_t c = 0; c < k; c++) {
        Value *it = v->u.list.items[c];
        if (it->kind != VAL_STR) {
            free(*names);
            *names = NULL;
            return err_param(
                e, index, "%s: classes must be a list of strings (item %zu is not a string)", f, c);
        }
        (*names)[c] = it->u.str;
    }
    *n = k;
    return 0;
}

static int bi_load(Ctx *ctx, Value **args, Value **out, Err *e)
{
    LoadOpts o = LOAD_OPTS_DEFAULT;
    char idx[32], note[2048] = "";
    o.note = note;
    o.note_size = sizeof note;
    if (arg_is_none(args[1]) || (args[1]->kind == VAL_NUM && args[1]->is_bool && arg_num(args[1]) == 0)) {
        o.no_label = 1; /* label=false reads as "no labels", not as column 0 */
    } else if (args[1]->kind == VAL_NUM && args[1]->is_bool) {
        /* label=true: labels as usual (auto) */
    } else if (args[1]->kind == VAL_NUM) {
        double v = arg_num(args[1]);
        if (v != floor(v) || fabs(v) > 1e9)
            return err_param(e, 1, "load: label must be a column name or index, got %g", v);
        snprintf(idx, sizeof idx, "%ld", (long)v);
        o.label = idx;
    } else if (args[1]->kind == VAL_STR) {
        if (strcmp(arg_str(args[1]), "auto") != 0) o.label = arg_str(args[1]);
    } else {
        return err_param(e, 1, "load: label must be a column name or index, \"auto\" or none");
    }
    if (!arg_is_none(args[2])) o.sep = arg_str(args[2]);
    if (o.sep && strlen(o.sep) != 1 && strcmp(o.sep, "\\t") != 0)
        return err_param(e, 2, "load: sep must be one character, got \"%s\"", o.sep);
    const char *h = arg_str(args[3]);
    if (!h) h = "auto";
    if (args[3]->kind == VAL_NUM && (arg_num(args[3]) == 0 || arg_num(args[3]) == 1)) o.header = arg_num(args[3]) != 0;
    else if (strcmp(h, "auto") == 0) o.header = -1;
    else
        return err_param(e, 3, "load: header must be true, false or \"auto\"");
    o.format = arg_str(args[4]);
    char pbuf[4096];
    const char *path = datapath_resolve("load", 0, arg_str(args[0]), pbuf, sizeof pbuf, e); /* data:NAME */
    if (!path) return -1;
    if (io_has_ext(path, ".dvm", 0) || (o.format && strcmp(o.format, "dvm") == 0))
        return nn_value_load(path, out, e); /* a network (builtins_nn.c) */
    const char **classes = NULL;
    if (!arg_is_none(args[5])) {
        if (class_list(args[5], "load", 5, &classes, &o.nclasses, e) < 0) return -1;
        o.classes = classes;
    }
    Mat *m;
    int rc = io_load(path, &o, &m, e);
    free(classes);
    if (rc < 0) return -1;
    print_note(ctx, note);
    *out = val_mat(m, e);
    return *out ? 0 : -1;
}

static int bi_save(Ctx *ctx, Value **args, Value **out, Err *e)
{
    Value *v = args[0];
    const char *path = arg_str(args[1]);
    const char *fmt = arg_str(args[2]);
    char buf[64], note[512];
    if ((nn_value_is_model(v) || gen_value_is_model(v)) &&
        (io_has_ext(path, ".dvm", 0) || (fmt && strcmp(fmt, "dvm") == 0))) {
        /* a network (builtins_nn.c), a GAN, RNN or joint model (builtins_gen.c) */
        if ((gen_value_is_model(v) ? gen_value_save(v, path, e) : nn_value_save(v, path, e)) < 0)
            return -1;
        *out = val_none();
        return 0;
    }
    if (v->kind == VAL_MODEL && val_model_main(v)) v = val_model_main(v);
    if (v->kind == VAL_PLOT) {
        if (plot_save(v->u.plot, path, ctx->width, ctx->height, e) < 0) return -1;
    } else if (v->kind == VAL_MAT) {
        if (io_save(v->u.mat, path, fmt, e) < 0) return -1;
        io_save_note(v->u.mat, path, fmt, note, sizeof note);
        print_note(ctx, note);
    } else if (nn_value_is_model(v)) { /* a network with no main matrix (a classifier) */
        return err_param(e, 1, "save: a %s is saved whole to a .dvm file (save(m, \"model.dvm\")), not as '%s'",
                         val_describe(v, buf, sizeof buf), path);
    } else {
        return err_param(e, 0, "save: x must be a matrix or a plot, got %s", val_describe(v, buf, sizeof buf));
    }
    *out = val_none();
    return 0;
}

static int bi_labeled(Ctx *ctx, Value **args, Value **out, Err *e)
{
    (void)ctx;
    const Mat *src = arg_mat(args[0]);
    Mat *X = mat_clone(src, e);
    if (!X) return -1;
    free(X->labels);
    X->labels = NULL;
    for (size_t c = 0; X->label_names && c < X->n_classes; c++)
        free(X->label_names[c]);
    free(X->label_names);
    X->label_names = NULL;
    X->n_classes = 0;
    free(X->label_column);
    X->label_column = NULL;
    int *labels = NULL;
    if (arg_labels("labeled", args[1], X->rows, &labels, X, e) < 0) {
        e->param = 2;
        free(labels);
        mat_free(X);
        return -1;
    }
    X->labels = labels;
    if (!X->label_names) {
        int maxc = -1;
        for (size_t i = 0; i < X->rows; i++)
            if (labels[i] > maxc) maxc = labels[i];
        X->n_classes = (size_t)(maxc + 1);
    }
    if (!arg_is_none(args[2])) {
        const char **names;
        size_t n;
        int rc = class_list(args[2], "labeled", 2, &names, &n, e);
        if (rc == 0 && (rc = classes_name(X, names, n, "labeled", e)) < 0) e->param = 3;
        free(names);
        if (rc < 0) {
            mat_free(X);
            return -1;
        }
    }
    *out = val_mat(X, e);
    return *out ? 0 : -1;
}

const Builtin builtins_io[] = {
    {"load", bi_load,
     "load a matrix: CSV/TSV (labels from label=, else the one text column or a column named label, class, "
     "target or y), numbers in text, image folder, IDX, .npy, word vectors; .gz too",
     "io",
     {{"path", P_STR, NULL},
      {"label", P_ANY, "\"auto\""},
      {"sep", P_STR, "none"},
      {"header", P_ANY, "\"auto\""},
      {"format", P_STR, "\"auto\""},
      {"classes", P_ANY, "none"}}, "X = load(\"data:iris.csv\")", 0},
    {"save", bi_save, "save a matrix (.csv, .tsv; .gz compresses; .npy, .vec, .bin) or a plot (.txt, .ans, .svg), atomically",
     "io", {{"x", P_ANY, NULL}, {"path", P_STR, NULL}, {"format", P_STR, "\"auto\""}}, "save(X, \"iris-copy.csv\")", 0},
    {"labeled", bi_labeled, "X with class labels from a vector of classes or a list of names; classes= names them",
     "matrices", {{"X", P_MAT, NULL}, {"labels", P_ANY, NULL}, {"classes", P_ANY, "none"}},
     "labeled([[1, 2], [3, 4]], [0, 1], classes=[\"cat\", \"dog\"])", 0},
    {NULL, NULL, NULL, NULL, {{NULL, P_ANY, NULL}}, NULL, 0},
};
