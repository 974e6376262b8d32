/* builtins_nn.h — what load() and save() need from the learned-code
 * builtins: .dvm model files to and from model values. */
#ifndef DV_LANG_BUILTINS_NN_H
#define DV_LANG_BUILTINS_NN_H

#include "core/err.h"
#include "lang/value.h"

/* Does v hold a network (a model made by autoencoder, vae, classifier or
 * triplet, or loaded from a .dvm file)? */
int nn_value_is_model(const Value *v);
/* Save v's network to path (.dvm), atomically. */
int nn_value_save(const Value *v, const char *path, Err *e);
/* Load a .dvm file as a model value (new reference in *out). */
int nn_value_load(const char *path, Value **out, Err *e);

#endif
