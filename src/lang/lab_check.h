/* lab_check.h — what the labs' checks share: reading the learner's
 * variables with a clear word when one is missing or of the wrong kind,
 * and writing verdicts.
 *
 * Every getter returns 1 with the value found, or 0 with why saying what
 * is missing ("there is no variable P yet: P = pca(F, 50) makes it"); make
 * is the statement that makes the variable, quoted in that message. */
#ifndef DV_LANG_LAB_CHECK_H
#define DV_LANG_LAB_CHECK_H

#include <stddef.h>

#include "lang/ctx.h"
#include "lang/value.h"

/* Write a verdict into why; lab_yes returns 1, lab_no 0. */
int lab_yes(char *why, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int lab_no(char *why, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* The variable (borrowed), or NULL. */
Value *lab_var(Ctx *ctx, const char *name);
/* A matrix; a model stands for its main matrix (T for T.embedding). */
int lab_get_mat(Ctx *ctx, const char *name, const char *make, const Mat **m, char *why, size_t n);
/* A model of the given type ("pca", "tsne", ...). */
int lab_get_model(Ctx *ctx, const char *name, const char *type, const char *make, Value **v,
                  char *why, size_t n);
/* A number (a 1x1 matrix counts). */
int lab_get_num(Ctx *ctx, const char *name, const char *make, double *x, char *why, size_t n);
/* A string. */
int lab_get_str(Ctx *ctx, const char *name, const char *make, const char **s, char *why, size_t n);
/* A list of exactly count strings (words), into words[0..count). */
int lab_get_words(Ctx *ctx, const char *name, size_t count, const char *make, const char **words,
                  char *why, size_t n);

/* A network (autoencoder, vae, classifier, triplet: type names the model
 * type) taking rows of X's width; *net is the C model (train/nnmodel.h,
 * borrowed from the value). */
struct NnModel;
int lab_get_net(Ctx *ctx, const char *name, const char *type, const char *make, const Mat *X,
                const struct NnModel **net, char *why, size_t n);

/* A model's matrix field (borrowed), or NULL. */
const Mat *lab_field(const Value *model, const char *field);
/* A model's number field, or def when it has none. */
double lab_field_num(const Value *model, const char *field, double def);

/* 1 when mean is X's column mean (to single-precision rounding): a pca
 * model with that .mean was fitted to all of X's rows. */
int lab_is_mean_of(const Mat *mean, const Mat *X);
/* 1 when a and b agree to rel relative to the larger magnitude (and abs
 * near zero). */
int lab_close(double a, double b, double rel, double abs);
/* A number for messages: 4 significant digits. */
const char *lab_num(double x, char *buf, size_t n);

#endif
