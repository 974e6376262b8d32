/* builtin.h — the builtin table.
 *
 * Each builtin is one row: name, handler, one-line help, man page section,
 * its parameters (name, type, default), an example and flags.  `help`,
 * tab completion, argument checking, `dv --reference` and the man page's
 * reference section all read this table, so they cannot drift apart; the
 * suite checks that the man page's hand-written signatures match it and
 * runs every example.  New fields go at the end of a row.
 *
 * Every area of the language keeps its rows in its own file
 * (builtins_core.c, builtins_plot.c, builtins_reduce.c, ...) as a table
 * ending with a row whose name is NULL; builtins.c lists the tables.
 */
#ifndef DV_LANG_BUILTIN_H
#define DV_LANG_BUILTIN_H

#include <stddef.h>
#include <stdio.h>

#include "core/err.h"
#include "lang/value.h"

typedef struct Ctx Ctx;

typedef enum {
    P_ANY,   /* any value */
    P_NUM,   /* a number */
    P_INT,   /* an integral number */
    P_BOOL,  /* true/false (a number) */
    P_STR,   /* a string */
    P_MAT,   /* a matrix (numbers and numeric lists are converted) */
    P_LIST,  /* a list, or a matrix (a literal [1, 2] of numbers is a 1x2 matrix) */
    P_MODEL, /* a model */
    P_PLOT,  /* a plot */
} ParamType;

/* def is dv source text for the default ("30", "\"auto\"", "true",
 * "none"), or NULL when the parameter is required.  A parameter whose
 * name starts with "..." collects all remaining positional arguments as
 * a list. */
typedef struct Param {
    const char *name;
    ParamType type;
    const char *def;
} Param;

#define BUILTIN_MAX_PARAMS 16

/* args[i] is the value of params[i], converted to its type (P_MAT args are
 * matrices), borrowed; optional parameters left at "none" are VAL_NONE.
 * *out receives a new reference (val_none() when there is nothing to
 * show).  Return 0, or -1 with e set. */
typedef int (*BuiltinFn)(Ctx *ctx, Value **args, Value **out, Err *e);

typedef struct Builtin {
    const char *name;
    BuiltinFn fn;
    const char *help;    /* one line, no final period */
    const char *section; /* "matrices", "io", "plots", "reduce", "embed", "words", "session" */
    Param params[BUILTIN_MAX_PARAMS];
    /* One typical statement (or a few, joined by ';') for help and the man
     * page.  The suite runs every example (tests/reference.sh) after a
     * prelude defining X (iris, 150x4, 3 classes) and E (GloVe, 10,000
     * words), from a folder where examples/ and tests/ are the source
     * tree's: keep it quick and self-contained. */
    const char *example;
    unsigned flags;      /* BF_* below */
} Builtin;

/* Builtin flags: facts about a builtin that the evaluator, the REPL and
 * the man page read from its row instead of lists of names. */
enum {
    BF_NAME_ARGS = 1u << 0,   /* bare names are passed as strings (help mean, rm X) */
    /* Bare words in the other arguments are words of the embedding passed
     * for the parameter named E (axes(E, x=he - she), nearest(king, E=G)),
     * not of the `use`d one; a word vector from another embedding is an
     * error naming both. */
    BF_WORDS_IN_E = 1u << 1,
    BF_WORDS_IN_ARG0 = BF_WORDS_IN_E, /* its first name */
    /* An explicit none reaches the handler for any parameter, also where
     * the default is something else (sort(X, axis=none) sorts all values):
     * the handler checks arg_is_none before reading one.  Without it none
     * is accepted only where it is the default or the type is P_ANY. */
    BF_NONE_ARGS = 1u << 2,
};

/* All tables, in the order help lists them. */
const Builtin *builtin_find(const char *name);
/* Iterate: i = 0, 1, ... until NULL. */
const Builtin *builtin_at(size_t i);

/* The sections builtins are grouped in, in the order help, `dv
 * --reference` and the man page list them: name (a Builtin's section) and
 * title.  One list (builtins.c); a builtin whose section is not in it is
 * caught by the test suite. */
typedef struct BuiltinSection {
    const char *name;  /* "matrices" */
    const char *title; /* "Matrices" */
} BuiltinSection;
const BuiltinSection *builtin_section_at(size_t i); /* i = 0, 1, ... until NULL */
const BuiltinSection *builtin_section_find(const char *name);

/* Number of parameters of b (rows end at the first NULL name). */
size_t builtin_nparams(const Builtin *b);
/* b's signature as help and the man page print it, "pca(X, k,
 * method=\"auto\", whiten=false)", into buf (always terminated, cut
 * at n - 1).  Returns the length it needed. */
size_t builtin_signature(const Builtin *b, char *buf, size_t n);

/* The index of parameter pname of builtin fname, for err_param() in a
 * helper shared by several builtins; -1 (err_param then names no
 * parameter) when there is none. */
int builtin_param_index(const char *fname, const char *pname);

/* Argument helpers for handlers (args are already type-checked). */
double arg_num(Value *v);
long arg_int(Value *v);
/* arg_int saturated to int's range: (int) of a long wraps around, so
 * iters=-2147483649 ran 2147483647 iterations and 4294967297 one. */
int arg_int32(Value *v);
int arg_is_none(Value *v);
const char *arg_str(Value *v);
Mat *arg_mat(Value *v);
/* A list or 1-row matrix of integers into out[0..max); returns count or -1
 * with e set (naming the builtin and parameter). */
int arg_ints(Value *v, long *out, int max, const char *fname, const char *pname, Err *e);
/* v as a count in [lo, hi] into *out; else an error naming f and what,
 * about parameter index.  Returns 0 or -1. */
int arg_count(const char *f, Value *v, int index, long lo, long hi, const char *what, long *out,
              Err *e);
/* e's message prefixed by "f: " and pointed at parameter index (for an
 * error from a layer below that does not know the builtin).  Returns -1. */
int arg_blame(Err *e, int index, const char *f);
/* *out = M as a value (M consumed; NULL M passes its error on).  0 or -1. */
int out_mat(Mat *M, Value **out, Err *e);
/* A new 1 x n matrix of x (caller owns it), or NULL with e set. */
Mat *mat_of_floats(const float *x, size_t n, Err *e);

/* Class labels from a value: a vector of class numbers (class names kept
 * when it came from .labels) or a list of strings (classes in order of
 * first appearance).  *labels (n ints, caller frees) and the class names
 * go into names_into.  f names the builtin in errors. */
int arg_labels(const char *f, Value *by, size_t n, int **labels, Mat *names_into, Err *e);

#endif
