/* lab_text2image.c — Lab "text2image": a GAN conditioned on word vectors
 * draws MNIST digits from words (Reed et al. 2016 in miniature): training
 * it on digits named by words, judging its pictures with a classifier
 * trained on real digits, and words it never trained on.  The checks run
 * the learner's classifier on the learner's samples themselves
 * (train/nnmodel.h) and find the class a word is most like with the
 * model's own conditioning (train/gan.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/builtins_gen.h"
#include "lang/lab.h"
#include "lang/lab_check.h"
#include "train/gan.h"
#include "train/nnmodel.h"

#define MAKE_C "c = cgan(M, E, epochs=10)"
#define MAKE_J "C = classifier(Mt, epochs=5, threads=1)"
#define MAKE_S7 "S7 = generate(c, \"seven\", n=100)"

static int get_cgan(Ctx *ctx, const Mat **M, const GanModel **g, char *why, size_t n)
{
    Value *v;
    if (!lab_get_mat(ctx, "M", "lab text2image", M, why, n)) return 0;
    if (!lab_get_model(ctx, "c", "cgan", MAKE_C, &v, why, n)) return 0;
    if (!gen_value_is_model(v)) return lab_no(why, n, "c is not a trained GAN: %s.", MAKE_C);
    *g = v->u.model->impl;
    if ((*g)->dim != (*M)->cols)
        return lab_no(why, n, "c draws rows of %zu numbers, M's digits have %zu: %s.", (*g)->dim,
                      (*M)->cols, MAKE_C);
    if (!(*g)->epochs) return lab_no(why, n, "c has not trained an epoch yet: %s.", MAKE_C);
    if (!(*g)->words || !(*g)->n_classes)
        return lab_no(why, n, "c has no words to be conditioned on: %s.", MAKE_C);
    return 1;
}

static int check_cgan(Ctx *ctx, char *why, size_t n, Err *e)
{
    const Mat *M;
    const GanModel *g;
    if (!get_cgan(ctx, &M, &g, why, n)) return 0;
    return lab_yes(why, n,
                   "c draws %zu x %zu digits for %zu words, \"%s\" to \"%s\", each conditioned on "
                   "its %zu-number word vector; it trained for %zu epochs.",
                   g->shape.h, g->shape.w, g->n_classes, g->class_names[0],
                   g->class_names[g->n_classes - 1], g->embed_dim, g->epochs);
}

/* The classifier C, for rows like M's. */
static int get_judge(Ctx *ctx, const Mat *M, const NnModel **C, char *why, size_t n)
{
    if (!lab_get_net(ctx, "C", "classifier", MAKE_J, M, C, why, n)) return 0;
    if (!(*C)->class_names)
        return lab_no(why, n,
                      "C's classes have no names; train it on Mt, whose classes are words.");
    return 1;
}

/* C's predicted class for each row of X, into pred[X->rows]; -1 with e set. */
static int judge(const NnModel *C, const Mat *X, int *pred, Err *e)
{
    Mat *P = nnm_predict_proba(C, X, e);
    if (!P) return -1;
    for (size_t i = 0; i < X->rows; i++) {
        const float *p = MAT_ROW(P, i);
        size_t best = 0;
        for (size_t k = 1; k < P->cols; k++)
            if (p[k] > p[best]) best = k;
        pred[i] = (int)best;
    }
    mat_free(P);
    return 0;
}

/* The share of X's rows C reads as the class named word; -1 with e set. */
static int share_read_as(const NnModel *C, const Mat *X, const char *word, double *share, Err *e)
{
    int *pred = malloc((X->rows ? X->rows : 1) * sizeof *pred);
    if (!pred) return err_nomem(e, X->rows * sizeof *pred, "lab text2image");
    if (judge(C, X, pred, e) < 0) {
        free(pred);
        return -1;
    }
    size_t hit = 0;
    for (size_t i = 0; i < X->rows; i++)
        hit += strcmp(C->class_names[pred[i]], word) == 0;
    free(pred);
    *share = X->rows ? (double)hit / (double)X->rows : 0;
    return 0;
}

/* The class name every row of S is labelled with, or NULL. */
static const char *one_class(const Mat *S)
{
    if (!S->labels || !S->label_names || !S->rows) return NULL;
    int c = S->labels[0];
    for (size_t i = 1; i < S->rows; i++)
        if (S->labels[i] != c) return NULL;
    return c >= 0 && (size_t)c < S->n_classes ? S->label_names[c] : NULL;
}

static int check_judge(Ctx *ctx, char *why, size_t n, Err *e)
{
    const Mat *M, *S;
    const GanModel *g;
    const NnModel *C;
    double acc;
    if (!get_cgan(ctx, &M, &g, why, n)) return 0;
    if (!get_judge(ctx, M, &C, why, n)) return 0;
    if (!lab_get_mat(ctx, "S7", MAKE_S7, &S, why, n)) return 0;
    const char *cls = one_class(S);
    if (S->cols != M->cols || !cls)
        return lab_no(why, n, "S7 should be samples of c for one word: %s.", MAKE_S7);
    if (strcmp(cls, "seven") != 0)
        return lab_no(why, n, "S7's samples are c's \"%s\"; this step wants \"seven\": %s.", cls,
                      MAKE_S7);
    if (!lab_get_num(ctx, "acc7", "acc7 = accuracy(C, S7)", &acc, why, n)) return 0;
    double want = 0, real;
    if (share_read_as(C, S, "seven", &want, e) < 0) return -1;
    if (!lab_close(acc, want, 1e-4, 1e-6))
        return lab_no(why, n,
                      "acc7 = %.4g is not the share of S7's %zu samples that C reads as seven: "
                      "accuracy(C, S7).",
                      acc, S->rows);
    /* the judge on real digits it never saw, for comparison */
    int *pred = malloc((M->rows ? M->rows : 1) * sizeof *pred);
    if (!pred) return err_nomem(e, M->rows * sizeof *pred, "lab text2image");
    if (judge(C, M, pred, e) < 0) {
        free(pred);
        return -1;
    }
    size_t ok = 0, cnt = 0;
    for (size_t i = 0; i < M->rows; i++) {
        char buf[64];
        if (!M->labels || M->labels[i] < 0) continue;
        cnt++;
        ok +=
            strcmp(C->class_names[pred[i]], mat_class_name(M, M->labels[i], buf, sizeof buf)) == 0;
    }
    free(pred);
    real = cnt ? (double)ok / (double)cnt : 0;
    return lab_yes(why, n,
                   "C reads %.0f%% of c's sevens as sevens; on M's real digits, which it never "
                   "saw either, it is right %.0f%% of the time.",
                   100 * want, 100 * real);
}

/* Row of word in the model's embedding, or -1. */
static long word_row(const GanModel *g, const char *word)
{
    for (size_t i = 0; i < g->words->rows; i++)
        if (g->words->row_names && g->words->row_names[i] &&
            strcmp(g->words->row_names[i], word) == 0)
            return (long)i;
    return -1;
}

static int check_unseen(Ctx *ctx, char *why, size_t n, Err *e)
{
    const Mat *M, *S;
    const GanModel *g;
    const NnModel *C;
    const char *w, *reads;
    if (!get_cgan(ctx, &M, &g, why, n)) return 0;
    if (!get_judge(ctx, M, &C, why, n)) return 0;
    if (!lab_get_str(ctx, "w", "w = \"seventh\", a word c never trained on", &w, why, n)) return 0;
    for (size_t k = 0; k < g->n_classes; k++)
        if (strcmp(w, g->class_names[k]) == 0)
            return lab_no(why, n,
                          "w is \"%s\", one of the words c trained on; pick one it never saw "
                          "(\"seventh\", \"dozen\", \"pair\", ...).",
                          w);
    long row = word_row(g, w);
    if (row < 0)
        return lab_no(why, n, "w is \"%s\", which is not one word of E; pick one that is.", w);
    if (!lab_get_mat(ctx, "Sw", "Sw = generate(c, w, n=100)", &S, why, n)) return 0;
    int nearest = -1;
    float *cond = malloc(g->cond_dim * sizeof *cond);
    if (!cond) return err_nomem(e, g->cond_dim * sizeof *cond, "lab text2image");
    int rc = gan_condition(g, MAT_ROW(g->words, (size_t)row), cond, &nearest, e);
    free(cond);
    if (rc < 0) return -1;
    const char *cls = one_class(S);
    if (S->cols != M->cols || !cls || strcmp(cls, g->class_names[nearest]) != 0)
        return lab_no(why, n, "Sw should be c's samples for w, \"%s\": Sw = generate(c, w, n=100).",
                      w);
    if (!lab_get_str(ctx, "reads", "reads = the class C reads most often in Sw", &reads, why, n))
        return 0;
    int *pred = malloc((S->rows ? S->rows : 1) * sizeof *pred);
    size_t *count = calloc(C->n_classes, sizeof *count);
    if (!pred || !count) {
        free(pred);
        free(count);
        return err_nomem(e, S->rows * sizeof *pred, "lab text2image");
    }
    if (judge(C, S, pred, e) < 0) {
        free(pred);
        free(count);
        return -1;
    }
    for (size_t i = 0; i < S->rows; i++)
        count[pred[i]]++;
    size_t top = 0;
    for (size_t k = 1; k < C->n_classes; k++)
        if (count[k] > count[top]) top = k;
    size_t mine = 0;
    for (size_t k = 0; k < C->n_classes; k++)
        if (strcmp(C->class_names[k], reads) == 0) mine = count[k] + 1;
    double share = S->rows ? (double)count[top] / (double)S->rows : 0;
    free(pred);
    free(count);
    if (!mine)
        return lab_no(why, n, "reads is \"%s\"; it should be one of C's classes, \"%s\" to \"%s\".",
                      reads, C->class_names[0], C->class_names[C->n_classes - 1]);
    if (mine - 1 < (size_t)(share * (double)S->rows + 0.5))
        return lab_no(why, n,
                      "C reads %zu of Sw's %zu samples as \"%s\", but more of them as another "
                      "class: count C's answers, e.g. sum(confusion(C, Sw), axis=0).",
                      mine - 1, S->rows, reads);
    return lab_yes(why, n,
                   "C reads %.0f%% of the samples for \"%s\" as \"%s\". Of c's %zu words, \"%s\" "
                   "is most like \"%s\" in E, so its condition is mostly that class's; what C "
                   "reads also depends on how well c draws it (acc7).",
                   100 * share, w, reads, g->n_classes, w, g->class_names[nearest]);
}

static const LabStep steps[] = {
    {"Digits from words",
     "A conditional GAN gives both of its networks a condition as well as the noise or the "
     "picture: here the word vector of the digit's name.  M's classes are the words \"zero\" "
     "to \"nine\" and E holds GloVe's vectors for them:\n"
     "\n"
     "    print M.classes\n"
     "    nearest(\"seven\", 5, E=E)\n"
     "    seed 1\n"
     "    c = cgan(M, E, epochs=10)\n"
     "    show generate(c, \"seven\", n=8), cols=8\n"
     "    show c.samples[0:20], cols=10\n"
     "\n"
     "`c` stands for its samples, the ten classes in turn.  At the prompt the training screen "
     "shows them as they improve.\n",
     "Make `c`, a GAN conditioned on E's word vectors and trained on M's digits.",
     MAKE_C ": cgan, not gan, takes the embedding.", check_cgan},
    {"A judge for the pictures",
     "Are c's sevens sevens?  A classifier trained on real digits is a fair judge (the idea "
     "behind the Inception score): the share of samples it reads as the class they were asked "
     "for.  Train it on Mt, which c never saw:\n"
     "\n"
     "    C = classifier(Mt, epochs=5, threads=1)\n"
     "    S7 = generate(c, \"seven\", n=100)\n"
     "    show S7[0:16], cols=8\n"
     "    print accuracy(C, M)\n",
     "Set `acc7` to the share of S7's samples that C reads as seven.",
     "generate labels its samples with the word's class, so accuracy(C, S7) is that share.",
     check_judge},
    {"Words it never saw",
     "Any word of E can be a condition.  c mixes the conditions of its ten classes, weighted "
     "by how alike the word and each class's word are in E (ConSE, Norouzi et al. 2014), so a "
     "new word draws the digit it is most like:\n"
     "\n"
     "    w = \"seventh\"\n"
     "    Sw = generate(c, w, n=100)\n"
     "    show Sw[0:16], cols=8\n"
     "    counts = sum(confusion(C, Sw), axis=0)\n"
     "    print M.classes, counts\n"
     "    show generate(c, E[\"six\"] + E[\"eight\"]), cols=8\n",
     "Set `w` to a word c never trained on, `Sw` to 100 samples for it, and `reads` to the "
     "class C reads most often among them.",
     "sum(confusion(C, Sw), axis=0) counts C's answers by class, in M.classes' order: "
     "M.classes[argmax(counts)].",
     check_unseen},
    {NULL, NULL, NULL, NULL, NULL},
};

static const LabData data[] = {{"A", "data:mnist/t10k-images-idx3-ubyte.gz", NULL, NULL, 0, 0,
                                "zero one two three four five six seven eight nine"},
                               {"E", "data:glove.6B.100d.top10k.txt.gz", NULL, NULL, 0, 0, NULL},
                               {"M", NULL, NULL, "A", 0, 2000, NULL},
                               {"Mt", NULL, NULL, "A", 2000, 3000, NULL},
                               {NULL, NULL, NULL, NULL, 0, 0, NULL}};

const Lab lab_text2image = {
    "text2image",
    "Text to image: a GAN conditioned on words",
    "cgan, generate, classifier, accuracy, confusion, show; MNIST, GloVe",
    "- condition a GAN on word vectors, so that words draw pictures;\n"
    "- judge generated pictures with a classifier trained on real ones;\n"
    "- draw from words the GAN never trained on, and see why it draws what it does.\n",
    "A conditional GAN (Mirza and Osindero, 2014) gives the generator G(z, c) and the "
    "discriminator D(x, c) a condition c: the game becomes\n"
    "\n"
    "    min_G max_D E_x[log D(x, c)] + E_z[log(1 - D(G(z, c), c))]\n"
    "\n"
    "Reed et al. (2016) make c the embedding of a sentence: text to image.  Their "
    "discriminator also sees real pictures with a wrong text and learns to call them fake, "
    "so it judges the match as well as the realism (GAN-CLS).  dv's cgan does the same with "
    "word vectors, adding noise to the conditions while training (StackGAN's conditioning "
    "augmentation) so that nearby words give nearby pictures.  A word it never trained on is "
    "conditioned on a mix of its classes' conditions, weighted by the softmax of its cosines "
    "with the classes' words.\n",
    data,
    "- `A`: the 10,000 MNIST test digits, 28 x 28 grey levels, their classes named \"zero\" "
    "to \"nine\";\n"
    "- `E`: GloVe's 100-dimensional vectors of the 10,000 most frequent English words;\n"
    "- `M`: the first 2000 digits, to train the GAN on;\n"
    "- `Mt`: the next 1000, to train the judge on.\n",
    steps,
    "- Train for 30 epochs: how does acc7 change?  And accuracy(C, c.samples), all ten "
    "classes?\n"
    "- generate(c, \"seventh\", tau=1) blends the classes more: what do the pictures look "
    "like?\n"
    "- Which words draw a one?  Try \"single\", \"first\", \"alone\".\n",
    "Training draws from dv's seeded generator: seed N before cgan() gives the same model on "
    "every run with the same number of threads (cgan uses threads=1 by default); generate() "
    "draws its noise from the same generator.  The checks judge whichever samples you drew "
    "with whichever classifier you trained.\n",
};
