/* lab_triplet.c — Lab "triplet": metric learning with FaceNet's triplet
 * loss on MNIST: an embedding of two numbers, the loss of one triplet by
 * hand, digits the network never saw against PCA, and how the triplets
 * are mined.  The checks run the learner's networks themselves
 * (train/nnmodel.h) and compute PCA's map exactly (pca.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/progress.h"
#include "core/rng.h"
#include "lang/lab.h"
#include "lang/lab_check.h"
#include "reduce/pca.h"
#include "reduce/quality.h"
#include "train/nnmodel.h"

#define MAKE_T "T = triplet(M, layers=[128], dims=2, epochs=20, threads=1)"

static int get_T(Ctx *ctx, const Mat **M, const NnModel **T, char *why, size_t n)
{
    if (!lab_get_mat(ctx, "M", "lab triplet", M, why, n)) return 0;
    if (!lab_get_net(ctx, "T", "triplet", MAKE_T, *M, T, why, n)) return 0;
    if (nnm_out_dim(*T) != 2)
        return lab_no(
            why, n, "T embeds in %zu dimensions; this lab's T has 2 (dims=2), so it can be drawn.",
            nnm_out_dim(*T));
    return 1;
}

static int check_T(Ctx *ctx, char *why, size_t n, Err *e)
{
    const Mat *M;
    const NnModel *T;
    if (!get_T(ctx, &M, &T, why, n)) return 0;
    return lab_yes(
        why, n,
        "T maps each digit to a point of the unit circle, trained for %zu epochs with margin "
        "%g on triplets of M.",
        T->epochs, T->margin);
}

/* One row's embedding, into out[dims]. */
static int embed_row(const NnModel *T, const Mat *M, size_t row, float *out, Err *e)
{
    Mat *one = mat_new_uninit(1, M->cols, e);
    if (!one) return -1;
    memcpy(one->data, MAT_ROW(M, row), M->cols * sizeof *one->data);
    one->img_h = M->img_h;
    one->img_w = M->img_w;
    one->img_c = M->img_c;
    Mat *z = nnm_encode(T, one, e);
    mat_free(one);
    if (!z) return -1;
    for (size_t j = 0; j < z->cols; j++)
        out[j] = z->data[j];
    mat_free(z);
    return 0;
}

static int get_row(Ctx *ctx, const char *name, const Mat *M, size_t *row, char *why, size_t n)
{
    double x;
    char make[64];
    snprintf(make, sizeof make, "%s = a row number of M", name);
    if (!lab_get_num(ctx, name, make, &x, why, n)) return 0;
    if (x != floor(x) || x < 0 || x >= (double)M->rows)
        return lab_no(why, n, "%s is %g; it should be a row number of M, 0 to %zu.", name, x,
                      M->rows - 1);
    *row = (size_t)x;
    return 1;
}

static int check_loss(Ctx *ctx, char *why, size_t n, Err *e)
{
    const Mat *M;
    const NnModel *T;
    size_t a, p, q;
    double l;
    if (!get_T(ctx, &M, &T, why, n)) return 0;
    if (!M->labels) return lab_no(why, n, "M has lost its labels: lab triplet loads it with them.");
    if (!get_row(ctx, "ia", M, &a, why, n) || !get_row(ctx, "ip", M, &p, why, n) ||
        !get_row(ctx, "ineg", M, &q, why, n))
        return 0;
    if (a == p)
        return lab_no(
            why, n,
            "ia and ip are the same row; the positive is another digit of the anchor's class.");
    if (M->labels[a] != M->labels[p])
        return lab_no(
            why, n,
            "rows %zu and %zu are a %d and a %d: the positive must be of the anchor's class.", a, p,
            M->labels[a], M->labels[p]);
    if (M->labels[a] == M->labels[q])
        return lab_no(why, n,
                      "rows %zu and %zu are both %ds: the negative must be of another class.", a, q,
                      M->labels[a]);
    if (!lab_get_num(ctx, "l", "l = max([0, dp - dn + 0.2])", &l, why, n)) return 0;
    float za[2], zp[2], zq[2];
    if (embed_row(T, M, a, za, e) < 0 || embed_row(T, M, p, zp, e) < 0 ||
        embed_row(T, M, q, zq, e) < 0)
        return -1;
    double dp = 0, dn = 0;
    for (int j = 0; j < 2; j++) {
        dp += ((double)za[j] - zp[j]) * ((double)za[j] - zp[j]);
        dn += ((double)za[j] - zq[j]) * ((double)za[j] - zq[j]);
    }
    double raw = dp - dn + T->margin, want = raw > 0 ? raw : 0;
    if (lab_close(l, want, 1e-3, 1e-5))
        return lab_yes(
            why, n,
            "the anchor is %.3g from its positive and %.3g from its negative (squared), so the "
            "loss is %.4g%s.",
            dp, dn, want,
            want > 0 ? ": this triplet still pushes"
                     : ": the margin is met, this triplet teaches nothing");
    if (raw < 0 && lab_close(l, raw, 1e-3, 1e-5))
        return lab_no(why, n, "l = %.4g is negative: the loss clips at 0 (max with 0).", l);
    if (lab_close(l, sqrt(fabs(dp)) - sqrt(fabs(dn)) + T->margin, 1e-3, 1e-5) ||
        lab_close(l, fmax(0, sqrt(fabs(dp)) - sqrt(fabs(dn)) + T->margin), 1e-3, 1e-5))
        return lab_no(why, n, "l = %.4g uses distances; FaceNet's loss uses squared distances.", l);
    return lab_no(
        why, n,
        "l = %.4g is not max(0, |f(a) - f(p)|^2 - |f(a) - f(n)|^2 + %g) for rows %zu, %zu and %zu "
        "embedded by T.",
        l, T->margin, a, p, q);
}

/* 10-NN accuracy of rows of X embedded by net. */
static int unseen_accuracy(const NnModel *net, const Mat *X, double *out, Err *e)
{
    Mat *Z = nnm_encode(net, X, e);
    if (!Z) return -1;
    int r = knn_accuracy(Z, 10, progress_global(), out, e);
    mat_free(Z);
    return r;
}

static int get_Mt(Ctx *ctx, const Mat *M, const Mat **Mt, char *why, size_t n)
{
    if (!lab_get_mat(ctx, "Mt", "lab triplet", Mt, why, n)) return 0;
    if (!(*Mt)->labels || (*Mt)->cols != M->cols)
        return lab_no(why, n, "Mt is not the unseen digits lab triplet loads.");
    return 1;
}

static int check_unseen(Ctx *ctx, char *why, size_t n, Err *e)
{
    const Mat *M, *Mt;
    const NnModel *T;
    double at, ap, want_t, want_p;
    if (!get_T(ctx, &M, &T, why, n)) return 0;
    if (!get_Mt(ctx, M, &Mt, why, n)) return 0;
    if (!lab_get_num(ctx, "acc_triplet", "acc_triplet = knn_accuracy(embed(T, Mt))", &at, why, n))
        return 0;
    if (!lab_get_num(ctx, "acc_pca", "acc_pca = knn_accuracy(project(pca(M, 2), Mt))", &ap, why, n))
        return 0;
    if (unseen_accuracy(T, Mt, &want_t, e) < 0) return -1;
    Rng rng;
    rng_seed(&rng, 1);
    Pca *p;
    if (pca_fit(M, 2, PCA_EXACT, 1, 0, -1, &rng, &p, e) < 0) return -1;
    Mat *S = pca_project(p, Mt, 2, e);
    pca_free(p);
    if (!S) return -1;
    int r = mat_copy_row_meta(S, Mt, NULL, Mt->rows, e) < 0
                ? -1
                : knn_accuracy(S, 10, progress_global(), &want_p, e);
    mat_free(S);
    if (r < 0) return -1;
    if (!lab_close(at, want_t, 1e-4, 1e-6))
        return lab_no(
            why, n,
            "acc_triplet = %.4g is not the 10-nearest-neighbour accuracy of Mt embedded by T: "
            "knn_accuracy(embed(T, Mt)).",
            at);
    if (fabs(ap - want_p) > 0.03) /* the default randomized PCA differs a little */
        return lab_no(
            why, n,
            "acc_pca = %.4g is not the 10-nearest-neighbour accuracy of Mt projected on M's first "
            "two principal components: knn_accuracy(project(pca(M, 2), Mt)).",
            ap);
    return lab_yes(
        why, n,
        "on digits neither method saw, %.1f%% sit among their own class in T's embedding and "
        "%.1f%% on PCA's plane: T learned what makes a digit a digit, not only M.",
        100 * want_t, 100 * want_p);
}

static int check_mining(Ctx *ctx, char *why, size_t n, Err *e)
{
    static const char *names[] = {"T", "Tr", "Th"};
    static const char *makes[] = {
        MAKE_T, "Tr = triplet(M, layers=[128], dims=2, epochs=20, threads=1, mining=\"random\")",
        "Th = triplet(M, layers=[128], dims=2, epochs=20, threads=1, mining=\"hard\")"};
    static const NnmMining want_mining[] = {NNM_MINE_SEMIHARD, NNM_MINE_RANDOM, NNM_MINE_HARD};
    static const char *mining_names[] = {"semihard", "random", "hard"};
    const Mat *M, *Mt;
    const NnModel *net[3];
    double acc[3];
    if (!lab_get_mat(ctx, "M", "lab triplet", &M, why, n)) return 0;
    if (!get_Mt(ctx, M, &Mt, why, n)) return 0;
    for (int i = 0; i < 3; i++) {
        if (!lab_get_net(ctx, names[i], "triplet", makes[i], M, &net[i], why, n)) return 0;
        if (net[i]->mining != want_mining[i])
            return lab_no(why, n,
                          "%s was trained with another mining; this step wants mining=\"%s\" (%s).",
                          names[i], mining_names[i], makes[i]);
        if (unseen_accuracy(net[i], Mt, &acc[i], e) < 0) return -1;
    }
    const Value *b = lab_var(ctx, "best");
    if (!b)
        return lab_no(
            why, n, "there is no variable best yet: best = \"semihard\", \"random\" or \"hard\".");
    if (b->kind != VAL_STR)
        return lab_no(why, n,
                      "best should be one of the strings \"semihard\", \"random\" or \"hard\".");
    int top = 0;
    for (int i = 1; i < 3; i++)
        if (acc[i] > acc[top]) top = i;
    if (strcmp(b->u.str, mining_names[top]) == 0)
        return lab_yes(why, n,
                       "on the unseen digits: semi-hard %.1f%%, random %.1f%%, hard %.1f%%.",
                       100 * acc[0], 100 * acc[1], 100 * acc[2]);
    for (int i = 0; i < 3; i++)
        if (strcmp(b->u.str, mining_names[i]) == 0)
            return lab_no(
                why, n,
                "with %s triplets, %.1f%% of the unseen digits sit among their class; another "
                "mining does better.",
                mining_names[i], 100 * acc[i]);
    return lab_no(why, n, "best is \"%s\"; it should be \"semihard\", \"random\" or \"hard\".",
                  b->u.str);
}

static const LabStep steps[] = {
    {"Learning a metric",
     "A triplet network is trained on triples of rows: an anchor, a positive of the same class and "
     "a negative "
     "of another.  It moves the anchor's embedding closer to the positive than to the negative by "
     "a margin.  "
     "dv's embeddings are L2-normalised, so with dims=2 every digit lands on the unit circle:\n"
     "\n"
     "    seed 1\n"
     "    T = triplet(M, layers=[128], dims=2, epochs=20, threads=1)\n"
     "    scatter T\n"
     "    curve T.loss, T.val_loss, names=[\"train\", \"validation\"]\n",
     "Make `T`, a triplet network that embeds M's digits in two dimensions.", MAKE_T, check_T},
    {"One triplet by hand",
     "embed(T, X) gives the embedding of any rows.  Pick an anchor, a positive and a negative "
     "among M's rows "
     "(M.labels[0, i] is row i's class) and work out their loss:\n"
     "\n"
     "    ia = 0\n"
     "    print M.labels[0, 0:20]\n"
     "    Z = embed(T, M[[ia, ip, ineg]])\n",
     "Set `ia`, `ip` and `ineg` to the row numbers of an anchor, a positive and a negative, and "
     "`l` to their "
     "triplet loss with T's margin, 0.2.",
     "dp = sum((Z[0] - Z[1]) * (Z[0] - Z[1])), dn likewise with Z[2], then l = max([0, dp - dn + "
     "0.2]).",
     check_loss},
    {"Digits it has not seen",
     "Mt holds 1000 digits that T never saw.  A metric that generalises keeps their classes apart "
     "too:\n"
     "\n"
     "    E = embed(T, Mt)\n"
     "    scatter E\n"
     "    scatter project(pca(M, 2), Mt)\n",
     "Set `acc_triplet` and `acc_pca` to the 10-nearest-neighbour accuracy of Mt embedded by T, "
     "and of Mt "
     "projected on M's first two principal components.",
     "knn_accuracy(embed(T, Mt)) and knn_accuracy(project(pca(M, 2), Mt)).", check_unseen},
    {"Which triplets to learn from",
     "Most random triplets already meet the margin and teach nothing; the hardest ones (the "
     "farthest positive, "
     "the nearest negative) are often mislabelled or outliers and can collapse the embedding.  "
     "FaceNet learns "
     "from semi-hard negatives: farther than the positive, but within the margin.\n"
     "\n"
     "    seed 1\n"
     "    Tr = triplet(M, layers=[128], dims=2, epochs=20, threads=1, mining=\"random\")\n"
     "    seed 1\n"
     "    Th = triplet(M, layers=[128], dims=2, epochs=20, threads=1, mining=\"hard\")\n"
     "    scatter Th\n",
     "Which mining embeds the unseen digits Mt best (10-nearest-neighbour accuracy)?  Set `best` "
     "to \"semihard\" "
     "(T), \"random\" (Tr) or \"hard\" (Th).",
     "Measure knn_accuracy(embed(X, Mt)) for each of T, Tr and Th.", check_mining},
    {NULL, NULL, NULL, NULL, NULL},
};

static const LabData data[] = {{"A", "data:mnist/t10k-images-idx3-ubyte.gz", NULL, NULL, 0, 0, NULL},
                               {"M", NULL, NULL, "A", 0, 2000, NULL},
                               {"Mt", NULL, NULL, "A", 2000, 3000, NULL},
                               {NULL, NULL, NULL, NULL, 0, 0, NULL}};

const Lab lab_triplet = {
    "triplet",
    "Metric learning with the triplet loss",
    "triplet, embed, project, pca, knn_accuracy, scatter; MNIST",
    "- learn an embedding in which distance means \"same class\";\n"
    "- work out the triplet loss of one triplet by hand;\n"
    "- see the embedding carry over to digits it never saw;\n"
    "- see why the choice of triplets matters.\n",
    "FaceNet (Schroff, Kalenichenko and Philbin, 2015) trains a network f, whose outputs are "
    "normalised to "
    "|f(x)| = 1, on triplets of an anchor a, a positive p of the same class and a negative n of "
    "another, "
    "minimising\n"
    "\n"
    "    L = sum over triplets of max(0, |f(a) - f(p)|^2 - |f(a) - f(n)|^2 + alpha)\n"
    "\n"
    "with a margin alpha (0.2 here).  A triplet whose negative is already farther than the "
    "positive by the "
    "margin contributes nothing.  Semi-hard mining picks, in each batch, negatives with\n"
    "\n"
    "    |f(a) - f(p)|^2 < |f(a) - f(n)|^2 < |f(a) - f(p)|^2 + alpha\n"
    "\n"
    "The network learns a metric, not a classifier, so it can embed classes, or people, it has "
    "never seen.\n",
    data,
    "- `A`: the 10,000 MNIST test digits, 28 x 28 grey levels (0 to 255), labelled 0 to 9;\n"
    "- `M`: the first 2000, to train on;\n"
    "- `Mt`: the next 1000, never shown to the networks.\n",
    steps,
    "- Train with dims=16: how much better do the unseen digits do?  And a 16-component PCA?\n"
    "- Faces: train on the first 30 people of the ORL faces and embed the last 10 (F[300:400]).  "
    "Does the "
    "metric carry over to people it never saw, and does it beat PCA there?\n"
    "- What does a margin of 1 change?\n",
    "Training draws from dv's seeded generator: seed N before triplet() gives the same network on "
    "every run "
    "with the same number of threads (threads=1 is the setting to quote).  The checks run "
    "whichever networks "
    "you trained.\n",
};
