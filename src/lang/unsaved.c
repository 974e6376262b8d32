/* unsaved.c — see unsaved.h.  The rows follow what the trainers set
 * (builtins_nn.c train/coder/bi_classifier/bi_triplet, builtins_gen.c,
 * builtins_seq.c) against what nn_value_load and gen_value_load rebuild
 * from a file. */
#include "lang/unsaved.h"

#include <stddef.h>
#include <string.h>

typedef struct Unsaved {
    const char *type;  /* a model type, or NULL for every trained model */
    const char *field; /* the field a trained model has */
    const char *hint;  /* what the user does instead */
    int main;          /* it stands for the trained model where a matrix is expected */
} Unsaved;

static const Unsaved rows[] = {
    {"autoencoder", "codes",
     "the training rows' codes are not saved in a .dvm file; encode(m, X) computes them", 1},
    {"vae", "codes",
     "the training rows' codes are not saved in a .dvm file; encode(m, X) computes them", 1},
    {"triplet", "embedding",
     "the training rows' embedding is not saved in a .dvm file; embed(m, X) computes it", 1},
    {"classifier", "accuracy",
     "the training accuracy is not saved in a .dvm file; accuracy(m, X) measures it", 0},
    {"classifier", "val_accuracy",
     "the validation accuracy is not saved in a .dvm file; accuracy(m, X) on rows it was not "
     "trained on measures it",
     0},
    {NULL, "seconds", "how long training took is not saved in a .dvm file", 0},
    {NULL, "train_seconds", "how long training took is not saved in a .dvm file", 0},
    {NULL, "samples_per_sec", "the training speed is not saved in a .dvm file", 0},
};

static int trained(const char *type)
{
    static const char *const kinds[] = {"autoencoder", "vae",  "classifier", "triplet",
                                        "gan",         "cgan", "rnn",        "joint"};
    for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++)
        if (strcmp(type, kinds[i]) == 0) return 1;
    return 0;
}

const char *unsaved_field_hint(const char *type, const char *field)
{
    if (!type || !field || !trained(type)) return NULL;
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++)
        if ((!rows[i].type || strcmp(rows[i].type, type) == 0) && strcmp(rows[i].field, field) == 0)
            return rows[i].hint;
    return NULL;
}

const char *unsaved_main_field(const char *type)
{
    for (size_t i = 0; type && i < sizeof rows / sizeof *rows; i++)
        if (rows[i].main && strcmp(rows[i].type, type) == 0) return rows[i].field;
    return NULL;
}
