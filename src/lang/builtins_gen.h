/* builtins_gen.h — what load() and save() need from the models between
 * spaces (gan, cgan, rnn, joint): .dvm files to and from model values. */
#ifndef DV_LANG_BUILTINS_GEN_H
#define DV_LANG_BUILTINS_GEN_H

#include "core/err.h"
#include "lang/value.h"

/* Does v hold one of these models? */
int gen_value_is_model(const Value *v);
/* Save v's model to path (.dvm), atomically. */
int gen_value_save(const Value *v, const char *path, Err *e);
/* Load path as a model value when its kind is one of these models:
 * returns 0 with *out set, -1 with e set, or 1 when the file holds
 * another kind (the caller loads it its own way). */
int gen_value_load(const char *path, Value **out, Err *e);

#endif
