/* labs.c — the labs, in the course's order.  Each lab is one file,
 * lab_NAME.c, holding its texts and checks; dv-labs(7), the per-lab man
 * pages and `lab` read this list. */
#include <string.h>

#include "lang/lab.h"

extern const Lab lab_pca;         /* lab_pca.c: eigenfaces */
extern const Lab lab_lda;         /* lab_lda.c: supervised against unsupervised maps */
extern const Lab lab_sne;         /* lab_sne.c: perplexity, asymmetric SNE, crowding */
extern const Lab lab_tsne;        /* lab_tsne.c: t-SNE measured */
extern const Lab lab_autoencoder; /* lab_autoencoder.c: a learned code against PCA */
extern const Lab lab_cnn;         /* lab_cnn.c: a convolutional network and its features */
extern const Lab lab_triplet;     /* lab_triplet.c: metric learning */
extern const Lab lab_word2vec;    /* lab_word2vec.c: training, analogies, a small corpus */
extern const Lab lab_gan;         /* lab_gan.c: a game of two networks, modes */
extern const Lab lab_text2image;  /* lab_text2image.c: a GAN conditioned on words */
extern const Lab lab_rnn;         /* lab_rnn.c: a language model of characters */

static const Lab *const labs[] = {&lab_pca,      &lab_lda,         &lab_sne, &lab_tsne,
                                  &lab_word2vec, &lab_autoencoder, &lab_cnn, &lab_triplet,
                                  &lab_gan,      &lab_text2image,  &lab_rnn, NULL};

const Lab *lab_at(size_t i)
{
    for (size_t k = 0; k <= i; k++)
        if (!labs[k]) return NULL;
    return labs[i];
}

const Lab *lab_find(const char *name)
{
    for (size_t i = 0; labs[i]; i++)
        if (strcmp(labs[i]->name, name) == 0) return labs[i];
    return NULL;
}
