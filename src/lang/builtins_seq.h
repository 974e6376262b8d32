/* builtins_seq.h — what other builtin tables need from the sequence and
 * joint-space models (builtins_seq.c): encode and sample of a recurrent
 * model, and .dvm files to and from model values. */
#ifndef DV_LANG_BUILTINS_SEQ_H
#define DV_LANG_BUILTINS_SEQ_H

#include "core/err.h"
#include "lang/value.h"
#include "nn/dvm.h"

typedef struct Ctx Ctx;

/* Does v hold a recurrent language model (rnn)?  One of these models
 * (rnn, joint)? */
int seq_value_is_rnn(const Value *v);
int seq_value_is_model(const Value *v);
int seq_value_is_joint(const Value *v);
/* rank(m, a, candidates, k, from) of a joint model, args as linalg's
 * rank row has them (all P_ANY but k and from). */
int seq_rank(Ctx *ctx, Value **args, Value **out, Err *e);
/* encode(m, texts): the final hidden states, one row a text. */
int seq_encode(Ctx *ctx, Value *model, Value *texts, Value **out, Err *e);
/* sample(m, prefix, n, temperature) with args as sample's row has them. */
int seq_sample(Ctx *ctx, Value **args, Value **out, Err *e);
/* Save v's model to path (.dvm), atomically. */
int seq_value_save(const Value *v, const char *path, Err *e);
/* A loaded file as a model value when its kind is rnn or joint: 0 with
 * *out set, -1 with e set, or 1 for another kind. */
int seq_value_load(const DvmFile *f, const char *path, Value **out, Err *e);

#endif
