/* unsaved.h — the fields a trained model shows that its .dvm file does
 * not keep (the codes of the training rows, the training run's timings),
 * and how a user of a loaded model gets them instead.  Read by field
 * access and by argument checking, so a loaded model's missing field says
 * why and what to type, not just that the field is unknown. */
#ifndef DV_LANG_UNSAVED_H
#define DV_LANG_UNSAVED_H

/* A sentence saying that field of a model of type is not saved in a .dvm
 * file and how to get it, or NULL when the field is not one of those.
 * Static storage. */
const char *unsaved_field_hint(const char *type, const char *field);

/* The field that stands for a trained model of type where a matrix is
 * expected (the autoencoder's codes) when a loaded one lacks it, or
 * NULL. */
const char *unsaved_main_field(const char *type);

#endif
