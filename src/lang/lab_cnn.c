/* lab_cnn.c — Lab "cnn": a small convolutional network on MNIST, its
 * accuracy on digits it has not seen, its most frequent mistake, and a
 * t-SNE map of its features against one of the pixels.  The checks run
 * the learner's network themselves (train/nnmodel.h) and measure the
 * learner's own maps (quality.h). */
#include <stdlib.h>
#include <string.h>

#include "core/progress.h"
#include "lang/lab.h"
#include "lang/lab_check.h"
#include "reduce/quality.h"
#include "train/nnmodel.h"

#define MAKE_C "C = classifier(M, net=\"conv(8,3) pool(2) dense(64)\", epochs=5, threads=1)"

/* The class each row of X gets from the classifier (caller frees), or
 * NULL with e set. */
static int *predicted(const NnModel *C, const Mat *X, Err *e)
{
    Mat *P = nnm_predict_proba(C, X, e);
    if (!P) return NULL;
    int *cls = malloc((X->rows ? X->rows : 1) * sizeof *cls);
    if (!cls) {
        mat_free(P);
        err_nomem(e, X->rows * sizeof *cls, "lab cnn");
        return NULL;
    }
    for (size_t i = 0; i < P->rows; i++) {
        size_t best = 0;
        for (size_t c = 1; c < P->cols; c++)
            if (MAT_AT(P, i, c) > MAT_AT(P, i, best)) best = c;
        cls[i] = (int)best;
    }
    mat_free(P);
    return cls;
}

/* Share of X's rows the classifier gets right. */
static int accuracy_of(const NnModel *C, const Mat *X, double *out, Err *e)
{
    int *cls = predicted(C, X, e);
    if (!cls) return -1;
    size_t right = 0;
    for (size_t i = 0; i < X->rows; i++)
        right += cls[i] == X->labels[i];
    free(cls);
    *out = X->rows ? (double)right / (double)X->rows : 0;
    return 0;
}

static int get_cnn(Ctx *ctx, const Mat **M, const NnModel **C, char *why, size_t n)
{
    if (!lab_get_mat(ctx, "M", "lab cnn", M, why, n)) return 0;
    if (!lab_get_net(ctx, "C", "classifier", MAKE_C, *M, C, why, n)) return 0;
    if (!(*M)->labels) return lab_no(why, n, "M has lost its labels: lab cnn loads it with them.");
    return 1;
}

static int check_cnn(Ctx *ctx, char *why, size_t n, Err *e)
{
    const Mat *M;
    const NnModel *C;
    if (!get_cnn(ctx, &M, &C, why, n)) return 0;
    const Value *net = val_model_get(lab_var(ctx, "C"), "net");
    if (!net || net->kind != VAL_STR || !strstr(net->u.str, "conv("))
        return lab_no(
            why, n,
            "C has no convolution layer (its net is \"%s\"): give net=\"conv(8,3) pool(2) "
            "dense(64)\".",
            net && net->kind == VAL_STR ? net->u.str : "?");
    if (!C->in_image)
        return lab_no(
            why, n,
            "C saw M's rows as flat vectors: train it on M, whose rows are 28 x 28 images.");
    return lab_yes(why, n, "C (%s) learned %zu classes from %zu digits in %zu epochs.", net->u.str,
                   C->n_classes, M->rows, C->epochs);
}

static int check_accuracy(Ctx *ctx, char *why, size_t n, Err *e)
{
    const Mat *M, *Mt;
    const NnModel *C;
    double tr, te, want_tr, want_te;
    if (!get_cnn(ctx, &M, &C, why, n)) return 0;
    if (!lab_get_mat(ctx, "Mt", "lab cnn", &Mt, why, n)) return 0;
    if (!Mt->labels || Mt->cols != M->cols)
        return lab_no(why, n, "Mt is not the test digits lab cnn loads.");
    if (!lab_get_num(ctx, "acc_train", "acc_train = accuracy(C, M)", &tr, why, n)) return 0;
    if (!lab_get_num(ctx, "acc_test", "acc_test = accuracy(C, Mt)", &te, why, n)) return 0;
    if (accuracy_of(C, M, &want_tr, e) < 0 || accuracy_of(C, Mt, &want_te, e) < 0) return -1;
    if (lab_close(tr, want_te, 1e-6, 1e-9) && lab_close(te, want_tr, 1e-6, 1e-9) &&
        want_tr != want_te)
        return lab_no(
            why, n, "acc_train and acc_test are swapped: C was trained on M, and Mt is new to it.");
    if (!lab_close(tr, want_tr, 1e-6, 1e-9))
        return lab_no(
            why, n,
            "acc_train = %.4g is not the share of M's digits C classifies right: accuracy(C, M).",
            tr);
    if (!lab_close(te, want_te, 1e-6, 1e-9))
        return lab_no(why, n,
                      "acc_test = %.4g is not the share of Mt's digits C classifies right: "
                      "accuracy(C, Mt).",
                      te);
    return lab_yes(
        why, n,
        "C gets %.1f%% of the digits it was trained on and %.1f%% of %zu it never saw; the "
        "difference is what the training set taught that does not carry over.",
        100 * want_tr, 100 * want_te, Mt->rows);
}

static int check_mistake(Ctx *ctx, char *why, size_t n, Err *e)
{
    const Mat *M, *Mt, *pair;
    const NnModel *C;
    if (!get_cnn(ctx, &M, &C, why, n)) return 0;
    if (!lab_get_mat(ctx, "Mt", "lab cnn", &Mt, why, n)) return 0;
    if (!Mt->labels) return lab_no(why, n, "Mt is not the test digits lab cnn loads.");
    if (!lab_get_mat(ctx, "pair", "pair = [true class, predicted class]", &pair, why, n)) return 0;
    if (pair->rows * pair->cols != 2)
        return lab_no(why, n, "pair should be two classes, [true, predicted].");
    size_t k = C->n_classes;
    size_t *count = calloc(k * k, sizeof *count);
    if (!count) return err_nomem(e, k * k * sizeof *count, "lab cnn");
    int *cls = predicted(C, Mt, e);
    if (!cls) {
        free(count);
        return -1;
    }
    for (size_t i = 0; i < Mt->rows; i++)
        if (Mt->labels[i] >= 0 && (size_t)Mt->labels[i] < k)
            count[(size_t)Mt->labels[i] * k + (size_t)cls[i]]++;
    free(cls);
    size_t most = 0;
    for (size_t t = 0; t < k; t++)
        for (size_t p = 0; p < k; p++)
            if (t != p && count[t * k + p] > most) most = count[t * k + p];
    double t = pair->data[0], p = pair->data[1];
    int r;
    if (most == 0)
        r = lab_yes(why, n, "C makes no mistake on Mt at all.");
    else if (t != (int)t || p != (int)p || t < 0 || p < 0 || t >= (double)k || p >= (double)k)
        r = lab_no(why, n, "pair should hold two class numbers from 0 to %zu.", k - 1);
    else if (t == p)
        r = lab_no(
            why, n,
            "[%g, %g] is the diagonal: the digits C gets right.  A mistake has two different "
            "classes.",
            t, p);
    else if (count[(size_t)t * k + (size_t)p] == most)
        r = lab_yes(why, n,
                    "C predicted %g for %zu digits of Mt that are %gs, its most frequent mistake.",
                    p, most, t);
    else
        r = lab_no(why, n,
                   "C predicted %g for %zu digits of Mt that are %gs; another mistake is more "
                   "frequent (%zu "
                   "times).  Rows of confusion() are the true classes, columns the predicted ones.",
                   p, count[(size_t)t * k + (size_t)p], t, most);
    free(count);
    return r;
}

/* A tsne model of Mt's rows, its embedding in *Y. */
static int map_of_Mt(Ctx *ctx, const char *name, const char *make, const Mat *Mt, const Mat **Y,
                     char *why, size_t n)
{
    Value *T;
    if (!lab_get_model(ctx, name, "tsne", make, &T, why, n)) return 0;
    *Y = lab_field(T, "embedding");
    if (!*Y || (*Y)->rows != Mt->rows)
        return lab_no(why, n, "%s should map Mt's %zu digits (%s).", name, Mt->rows, make);
    if (!(*Y)->labels)
        return lab_no(why, n, "%s has no labels: make it from rows of Mt, which has them.", name);
    return 1;
}

static int check_features(Ctx *ctx, char *why, size_t n, Err *e)
{
    const Mat *Mt, *Y1, *Y0;
    double af, ap, want_f, want_p;
    if (!lab_get_mat(ctx, "Mt", "lab cnn", &Mt, why, n)) return 0;
    if (!map_of_Mt(ctx, "T1", "T1 = tsne(features(C, Mt))", Mt, &Y1, why, n)) return 0;
    if (!map_of_Mt(ctx, "T0", "T0 = tsne(pca(Mt, 50).scores)", Mt, &Y0, why, n)) return 0;
    if (!lab_get_num(ctx, "acc_feat", "acc_feat = knn_accuracy(T1)", &af, why, n)) return 0;
    if (!lab_get_num(ctx, "acc_pix", "acc_pix = knn_accuracy(T0)", &ap, why, n)) return 0;
    if (knn_accuracy(Y1, 10, progress_global(), &want_f, e) < 0 ||
        knn_accuracy(Y0, 10, progress_global(), &want_p, e) < 0)
        return -1;
    if (!lab_close(af, want_f, 1e-4, 1e-6))
        return lab_no(
            why, n,
            "acc_feat = %.4g is not the 10-nearest-neighbour accuracy of T1: knn_accuracy(T1).",
            af);
    if (!lab_close(ap, want_p, 1e-4, 1e-6))
        return lab_no(
            why, n,
            "acc_pix = %.4g is not the 10-nearest-neighbour accuracy of T0: knn_accuracy(T0).", ap);
    return lab_yes(
        why, n,
        "on the map of the network's features %.1f%% of the new digits sit among their own "
        "class, on the map of their pixels %.1f%%: the features were trained to separate "
        "them.",
        100 * want_f, 100 * want_p);
}

static const LabStep steps[] = {
    {"A small convolutional network",
     "A convolution layer slides small filters over the image, so the same stroke detector works "
     "anywhere in "
     "it; pooling keeps the strongest response in each patch.  This network has 8 filters of 3 x "
     "3, a 2 x 2 "
     "pooling, and a dense layer of 64 before the 10 outputs:\n"
     "\n"
     "    seed 1\n"
     "    C = classifier(M, net=\"conv(8,3) pool(2) dense(64)\", epochs=5, threads=1)\n"
     "    curve C.loss, C.val_loss, names=[\"train\", \"validation\"]\n",
     "Make `C`, a convolutional network trained on M's labels.", MAKE_C, check_cnn},
    {"Digits it has not seen",
     "Accuracy on the training digits says little: a network can learn them by heart.  Mt holds "
     "1000 other "
     "digits.\n"
     "\n"
     "    accuracy(C, M)\n"
     "    accuracy(C, Mt)\n"
     "    predict(C, Mt[0:10])\n"
     "    show Mt[0:10]\n",
     "Set `acc_train` and `acc_test` to C's accuracy on M and on Mt.",
     "accuracy(C, M) and accuracy(C, Mt).", check_accuracy},
    {"Where it fails",
     "The confusion matrix counts, for each true class (row), the classes predicted (columns); the "
     "diagonal "
     "holds the right answers.\n"
     "\n"
     "    K = confusion(C, Mt)\n"
     "    heatmap K\n",
     "Set `pair` to [true, predicted]: the mistake C makes most often on Mt.",
     "Zero the diagonal, K * (1 - eye(10)), then argmax gives the position i of the largest count, "
     "row "
     "floor(i / 10), column i - 10 * floor(i / 10).",
     check_mistake},
    {"The network's features, mapped",
     "The layer before the output is a 64-number description of each digit that the network "
     "learned to make "
     "the classes separable.  Map it with t-SNE, and the pixels too:\n"
     "\n"
     "    T1 = tsne(features(C, Mt))\n"
     "    T0 = tsne(pca(Mt, 50).scores)\n"
     "    scatter T1\n"
     "    scatter T0\n",
     "Set `acc_feat` and `acc_pix` to the 10-nearest-neighbour accuracy of the two maps, T1 and "
     "T0.",
     "knn_accuracy(T1) and knn_accuracy(T0).", check_features},
    {NULL, NULL, NULL, NULL, NULL},
};

static const LabData data[] = {{"A", "data:mnist/t10k-images-idx3-ubyte.gz", NULL, NULL, 0, 0, NULL},
                               {"M", NULL, NULL, "A", 0, 2000, NULL},
                               {"Mt", NULL, NULL, "A", 2000, 3000, NULL},
                               {NULL, NULL, NULL, NULL, 0, 0, NULL}};

const Lab lab_cnn = {
    "cnn",
    "A convolutional network, and t-SNE of its features",
    "classifier, accuracy, predict, confusion, heatmap, features, tsne, knn_accuracy; MNIST",
    "- train a small convolutional network on digits;\n"
    "- measure it on digits it has not seen, and find its most frequent mistake;\n"
    "- look at what it learned: a t-SNE map of its features against one of the pixels.\n",
    "A convolution layer computes, for each filter w (k x k weights and a bias) and each position "
    "(i, j) of "
    "the image x,\n"
    "\n"
    "    y(i, j) = relu(b + sum_(u,v) w(u, v) x(i + u, j + v))\n"
    "\n"
    "so a filter is a pattern detector shared across the image (LeCun et al., 1998).  Max pooling "
    "keeps the "
    "largest value of each p x p patch.  The last layer gives one score s_c per class; softmax "
    "turns them "
    "into probabilities, and training minimises the cross-entropy\n"
    "\n"
    "    L = -(1/n) sum_i log( exp(s_(y_i)) / sum_c exp(s_c) )\n"
    "\n"
    "with Adam.  The activations of the layer before the output are features: a representation in "
    "which the "
    "classes are nearly linearly separable, which is why maps of them look cleaner than maps of "
    "pixels.\n",
    data,
    "- `A`: the 10,000 MNIST test digits, 28 x 28 grey levels (0 to 255), labelled 0 to 9;\n"
    "- `M`: the first 2000, to train on;\n"
    "- `Mt`: the next 1000, to test on.\n",
    steps,
    "- classifier(M, layers=[128], epochs=5) has no convolution: how does its accuracy on Mt "
    "compare, with how "
    "many parameters (C.params)?\n"
    "- Show the digits of your pair that C gets wrong: which would you get wrong?\n"
    "- features(C, Mt, layer=...) gives the outputs of earlier layers: do maps of them separate "
    "the classes as "
    "well?\n",
    "Training draws from dv's seeded generator: seed N before classifier() gives the same network "
    "on every "
    "run with the same number of threads (threads=1 is the setting to quote).  t-SNE is repeatable "
    "after a "
    "seed too.  The checks run whichever network and maps you made.\n",
};
