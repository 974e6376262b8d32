/* builtins_io.c — load and save (formats are chosen in io/load.c). */
#include <string.h>

#include "io/load.h"
#include "lang/builtin.h"
#include "lang/ctx.h"
#include "plot/plot.h"

static int bi_load(Ctx *ctx, Value **args, Value **out, Err *e)
{
    LoadOpts o = LOAD_OPTS_DEFAULT;
    char idx[32];
    if (!arg_is_none(args[1])) {
        if (args[1]->kind == VAL_NUM) {
            snprintf(idx, sizeof idx, "%ld", arg_int(args[1]));
            o.label = idx;
        } else if (args[1]->kind == VAL_STR) {
            o.label = arg_str(args[1]);
        } else {
            return err_param(e, 1, "load: label must be a column name or index");
        }
    }
    if (!arg_is_none(args[2])) o.sep = arg_str(args[2]);
    if (o.sep && strlen(o.sep) != 1 && strcmp(o.sep, "\\t") != 0)
        return err_param(e, 2, "load: sep must be one character, got \"%s\"", o.sep);
    const char *h = arg_str(args[3]);
    if (!h) h = "auto";
    if (args[3]->kind == VAL_NUM && (arg_num(args[3]) == 0 || arg_num(args[3]) == 1)) o.header = arg_num(args[3]) != 0;
    else if (strcmp(h, "auto") == 0) o.header = -1;
    else return err_param(e, 3, "load: header must be true, false or \"auto\"");
    o.format = arg_str(args[4]);
    Mat *m;
    if (io_load(arg_str(args[0]), &o, &m, e) < 0) return -1;
    *out = val_mat(m, e);
    return *out ? 0 : -1;
}

static int bi_save(Ctx *ctx, Value **args, Value **out, Err *e)
{
    Value *v = args[0];
    const char *path = arg_str(args[1]);
    const char *fmt = arg_str(args[2]);
    char buf[64];
    if (v->kind == VAL_MODEL && val_model_main(v)) v = val_model_main(v);
    if (v->kind == VAL_PLOT) {
        if (plot_save(v->u.plot, path, ctx->width, ctx->height, e) < 0) return -1;
    } else if (v->kind == VAL_MAT) {
        if (io_save(v->u.mat, path, fmt, e) < 0) return -1;
    } else {
        return err_param(e, 0, "save: x must be a matrix or a plot, got %s", val_describe(v, buf, sizeof buf));
    }
    *out = val_none();
    return 0;
}

const Builtin builtins_io[] = {
    {"load", bi_load,
     "load a matrix: CSV/TSV (label= column by name or index), numbers in text, image folder, IDX, .npy, "
     "word vectors; .gz too",
     "io",
     {{"path", P_STR, NULL},
      {"label", P_ANY, "none"},
      {"sep", P_STR, "none"},
      {"header", P_ANY, "\"auto\""},
      {"format", P_STR, "\"auto\""}}, "X = load(\"examples/data/iris.csv\", label=\"species\")", 0},
    {"save", bi_save, "save a matrix (.csv, .tsv; .gz compresses) or a plot (.txt, .ans, .svg), atomically",
     "io", {{"x", P_ANY, NULL}, {"path", P_STR, NULL}, {"format", P_STR, "\"auto\""}}, "save(X, \"iris-copy.csv\")", 0},
    {NULL, NULL, NULL, NULL, {{NULL, P_ANY, NULL}}, NULL, 0},
};
