/* value.h — the language's values.
 *
 * Ownership rule (one sentence, as in jq): values are reference counted;
 * every function that returns a Value* returns a new reference the caller
 * must release with val_unref(), and every function that takes a Value*
 * borrows it unless its comment says "consumes".
 *
 * Kinds: none, number (also booleans: true = 1, false = 0), string, matrix
 * (a vector is a 1-row matrix; an embedding is a matrix with row names),
 * list, model (a named record of fields with optional C state), plot,
 * function (defined with fn ... end).
 *
 * Values are never changed once another holder may see them: assignment
 * into a matrix, list or model (X[0, 0] = 1, m.note = "x") changes the
 * value in place only while a single variable holds it, and otherwise a
 * copy (copy-on-write), so no other variable changes.
 */
#ifndef DV_LANG_VALUE_H
#define DV_LANG_VALUE_H

#include <stddef.h>

#include "core/err.h"
#include "core/mat.h"

typedef struct Plot Plot; /* plot/plot.h */
typedef struct Value Value;

typedef enum { VAL_NONE, VAL_NUM, VAL_STR, VAL_MAT, VAL_LIST, VAL_MODEL, VAL_PLOT, VAL_FN } ValKind;

/* A record with named fields, e.g. the result of pca(): P.scores, ...
 * impl is the C-side state a builtin may need later (project(P, X)),
 * released with impl_free. */
typedef struct Model {
    char *type; /* "pca", "tsne", "word2vec", ... */
    size_t n, cap;
    char **names;
    Value **fields;
    void *impl;
    void (*impl_free)(void *impl);
    char *main_field; /* the field that stands for the model where a matrix is expected, or NULL */
    int *impl_refs;   /* models sharing impl (copies made by assignment), or NULL: one owner */
    size_t n_own; /* fields made by the builtin (counted at the first assignment; 0 = not yet) */
} Model;

/* A function defined with `fn name(params) ... end`. */
typedef struct Node Node; /* parse.h */
typedef struct Func {
    char *name;
    Node *def;  /* the fn statement (parameters, defaults, body), referenced */
    char *file; /* the source it was defined in, for call chains in errors */
} Func;

/* Where a vector came from when it was made by word arithmetic: the
 * embedding it was taken from and the words used, so the REPL can show it
 * as its nearest words leaving those out. */
typedef struct WordOrigin {
    Value *emb; /* the embedding (matrix value with row names), referenced */
    size_t n;
    char **words;
} WordOrigin;

struct Value {
    int refs;
    ValKind kind;
    union {
        double num;
        char *str;
        Mat *mat;
        struct {
            Value **items;
            size_t n;
        } list;
        Model *model;
        Plot *plot;
        Func *fn;
    } u;
    int is_bool;        /* VAL_NUM made by true/false or a comparison; VAL_MAT: a mask */
    WordOrigin *origin; /* VAL_MAT only, or NULL */
    int depth; /* VAL_LIST, VAL_MODEL: nesting of lists and models in it (0 = not counted) */
};

Value *val_ref(Value *v);
void val_unref(Value *v);

/* Constructors return a new reference, or NULL with e set (out of memory). */
Value *val_none(void); /* a shared singleton; never NULL */
Value *val_num(double x, Err *e);
Value *val_bool(int b, Err *e);
Value *val_str(const char *s, Err *e);
Value *val_strn(const char *s, size_t n, Err *e);
/* Consumes m (freed on failure too). */
Value *val_mat(Mat *m, Err *e);
/* An empty list of n slots (all none); fill with val_list_set. */
Value *val_list(size_t n, Err *e);
/* Consumes item. */
void val_list_set(Value *list, size_t i, Value *item);
/* A model of the given type with no fields; consumes nothing. */
Value *val_model(const char *type, Err *e);
/* Add or replace a field; consumes field.  Returns -1 on out of memory. */
int val_model_set(Value *model, const char *name, Value *field, Err *e);
/* Convenience: consumes m. */
int val_model_set_mat(Value *model, const char *name, Mat *m, Err *e);
int val_model_set_num(Value *model, const char *name, double x, Err *e);
int val_model_set_str(Value *model, const char *name, const char *s, Err *e);
/* Borrowed field, or NULL. */
Value *val_model_get(const Value *model, const char *name);
/* Name the field that stands for the model where a matrix is expected
 * (scatter(ae), save(T, "t.csv")): "embedding", "scores", "codes", ... */
int val_model_set_main(Value *model, const char *field, Err *e);
/* The model's main matrix (borrowed), or NULL when it has none. */
Value *val_model_main(const Value *model);
/* Consumes p. */
Value *val_plot(Plot *p, Err *e);
/* A function value: references def, copies name and file. */
Value *val_fn(const char *name, Node *def, const char *file, Err *e);

/* A copy of a list or model that can be changed without changing v: the
 * items or fields are shared (referenced), a model's C state too.  New
 * reference, or NULL with e set. */
Value *val_copy_shallow(const Value *v, Err *e);
/* A copy of a matrix value (data, names, labels); the word origin is
 * dropped.  New reference, or NULL with e set. */
Value *val_copy_mat(const Value *v, Err *e);
/* How deeply lists and models nest in v: 0 for other values, 1 for a list
 * of numbers, ... (bounded by LIMIT_LIST_DEPTH when built by the language). */
int val_depth(const Value *v);

/* "number", "string", "matrix", "list", "model", "plot", "none". */
const char *val_kind_name(ValKind k);
/* The kind name for messages: "matrix 3x4", "pca model", ... */
const char *val_describe(const Value *v, char *buf, size_t n);

/* Truthiness for conditions: numbers nonzero, non-empty strings, etc. */
int val_truthy(const Value *v);

/* Turn a numeric value into a matrix: a matrix as is (new reference), a
 * number as 1x1, a list of numbers as 1xN, a list of equal-length lists of
 * numbers as a matrix.  Returns a new reference or NULL with e set.
 * what names the value in the error. */
Value *val_to_mat(Value *v, const char *what, Err *e);

#endif
