/* lab_tsne.c — Lab "tsne": t-SNE on the digits (van der Maaten and
 * Hinton 2008), measured with the quality builtins: against PCA, over
 * perplexities, and for new points placed on a map.  The checks measure
 * the learner's own maps, and compute the PCA map themselves (exact). */
#include <math.h>

#include "core/rng.h"
#include "core/progress.h"
#include "lang/lab.h"
#include "lang/lab_check.h"
#include "reduce/pca.h"
#include "reduce/quality.h"

/* A tsne model of all of D's rows (perplexity perp unless it is 0). */
static int tsne_of_D(Ctx *ctx, const char *name, const char *make, const Mat *D, double perp,
                     const Mat **Y, char *why, size_t n)
{
    Value *M;
    if (!lab_get_model(ctx, name, "tsne", make, &M, why, n)) return 0;
    *Y = lab_field(M, "embedding");
    if (!*Y) return lab_no(why, n, "%s has no .embedding.", name);
    if ((*Y)->rows != D->rows)
        return lab_no(why, n, "%s has %zu points and D %zu rows: make it from all of D (%s).", name,
                      (*Y)->rows, D->rows, make);
    double p = lab_field_num(M, "perplexity", 0);
    if (perp > 0 && p != perp)
        return lab_no(why, n, "%s was made with perplexity %g; this step wants %g (%s).", name, p,
                      perp, make);
    return 1;
}

static int check_map(Ctx *ctx, char *why, size_t n, Err *e)
{
    const Mat *D, *T;
    if (!lab_get_mat(ctx, "D", "lab tsne", &D, why, n)) return 0;
    if (!tsne_of_D(ctx, "T", "T = tsne(D, perplexity=30)", D, 30, &T, why, n)) return 0;
    Value *M = lab_var(ctx, "T");
    const Mat *kl = lab_field(M, "kl");
    return lab_yes(why, n, "T maps D's %zu digits after %g iterations; its KL(P||Q) ended at %.3g.",
                   T->rows, lab_field_num(M, "iters", 0),
                   kl && kl->cols ? kl->data[kl->cols - 1] : 0);
}

static int check_against_pca(Ctx *ctx, char *why, size_t n, Err *e)
{
    const Mat *D, *T;
    double kt, kp, want_t, want_p;
    if (!lab_get_mat(ctx, "D", "lab tsne", &D, why, n)) return 0;
    if (!tsne_of_D(ctx, "T", "T = tsne(D, perplexity=30)", D, 0, &T, why, n)) return 0;
    if (!lab_get_num(ctx, "kp_tsne", "kp_tsne = knn_preservation(D, T)", &kt, why, n)) return 0;
    if (!lab_get_num(ctx, "kp_pca", "kp_pca = knn_preservation(D, pca(D, 2).scores)", &kp, why, n))
        return 0;
    if (knn_preservation(D, T, 10, progress_global(), &want_t, e) < 0) return -1;
    /* the PCA map, exact: the learner's randomized one agrees to within
     * a few ties among the neighbours */
    Rng rng;
    rng_seed(&rng, 1);
    Pca *p;
    if (pca_fit(D, 2, PCA_EXACT, 1, 0, -1, &rng, &p, e) < 0) return -1;
    int r = knn_preservation(D, p->scores, 10, progress_global(), &want_p, e);
    pca_free(p);
    if (r < 0) return -1;
    if (!lab_close(kt, want_t, 1e-4, 1e-6))
        return lab_no(why, n,
                      "kp_tsne = %.4g is not the share of 10-nearest neighbours T keeps: "
                      "knn_preservation(D, T).",
                      kt);
    if (fabs(kp - want_p) > 0.02) /* the default randomized PCA differs a little */
        return lab_no(
            why, n,
            "kp_pca = %.4g is not the share of 10-nearest neighbours PCA's two-dimensional map "
            "keeps: knn_preservation(D, pca(D, 2).scores).",
            kp);
    return lab_yes(
        why, n,
        "t-SNE keeps %.1f%% of each digit's 10 nearest neighbours, the best linear map only "
        "%.1f%%.",
        100 * want_t, 100 * want_p);
}

static int check_perplexity(Ctx *ctx, char *why, size_t n, Err *e)
{
    static const char *names[] = {"T5", "T", "T100"};
    static const char *makes[] = {"T5 = tsne(D, perplexity=5)", "T = tsne(D, perplexity=30)",
                                  "T100 = tsne(D, perplexity=100)"};
    static const double perps[] = {5, 30, 100};
    const Mat *D, *Y;
    double kp[3], best;
    if (!lab_get_mat(ctx, "D", "lab tsne", &D, why, n)) return 0;
    for (int i = 0; i < 3; i++) {
        if (!tsne_of_D(ctx, names[i], makes[i], D, perps[i], &Y, why, n)) return 0;
        if (knn_preservation(D, Y, 10, progress_global(), &kp[i], e) < 0) return -1;
    }
    if (!lab_get_num(ctx, "best", "best = 5, 30 or 100", &best, why, n)) return 0;
    int top = 0;
    for (int i = 1; i < 3; i++)
        if (kp[i] > kp[top]) top = i;
    if (best == perps[top])
        return lab_yes(
            why, n,
            "perplexity %g keeps %.1f%% of the 10 nearest neighbours, against %.1f%% (5), %.1f%% "
            "(30) and %.1f%% (100) for the three maps.",
            perps[top], 100 * kp[top], 100 * kp[0], 100 * kp[1], 100 * kp[2]);
    for (int i = 0; i < 3; i++)
        if (best == perps[i])
            return lab_no(
                why, n,
                "the map with perplexity %g keeps %.1f%% of the 10 nearest neighbours; another "
                "keeps more.",
                best, 100 * kp[i]);
    return lab_no(why, n, "best is %g; it should be one of the three perplexities, 5, 30 or 100.",
                  best);
}

static int check_place(Ctx *ctx, char *why, size_t n, Err *e)
{
    const Mat *D, *N;
    Value *A;
    double acc, want, own;
    if (!lab_get_mat(ctx, "D", "lab tsne", &D, why, n)) return 0;
    if (!lab_get_model(ctx, "A", "tsne", "A = tsne(D[0:1500])", &A, why, n)) return 0;
    if (!lab_get_mat(ctx, "N", "N = place(A, D[1500:1797])", &N, why, n)) return 0;
    const Mat *Y = lab_field(A, "embedding");
    if (!Y) return lab_no(why, n, "A has no .embedding.");
    if (N->cols != Y->cols)
        return lab_no(why, n, "N has %zu columns and A's map %zu: make N with place(A, ...).",
                      N->cols, Y->cols);
    if (!N->labels || !Y->labels)
        return lab_no(why, n,
                      "N and A need the digits' labels: make them from rows of D, which has them.");
    if (Y->rows + N->rows > D->rows)
        return lab_no(
            why, n,
            "A has %zu points and N %zu, more than D's %zu rows: place digits A was not made "
            "from.",
            Y->rows, N->rows, D->rows);
    if (!lab_get_num(ctx, "acc_new", "acc_new = knn_accuracy(N, ref=A)", &acc, why, n)) return 0;
    if (knn_accuracy_ref(N, Y, 10, progress_global(), &want, e) < 0 ||
        knn_accuracy(Y, 10, progress_global(), &own, e) < 0)
        return -1;
    if (!lab_close(acc, want, 1e-4, 1e-6)) {
        if (lab_close(acc, own, 1e-4, 1e-6))
            return lab_no(
                why, n,
                "acc_new = %.4g is the accuracy of A's own points; the exercise asks about N's, "
                "classified by their neighbours on A: knn_accuracy(N, ref=A).",
                acc);
        return lab_no(
            why, n,
            "acc_new = %.4g is not the share of N's digits whose 10 nearest neighbours on A are "
            "mostly of their class: knn_accuracy(N, ref=A).",
            acc);
    }
    return lab_yes(
        why, n,
        "%.1f%% of the %zu new digits land among neighbours of their own class; A's own points "
        "score %.1f%%, which t-SNE saw while it made the map.",
        100 * want, N->rows, 100 * own);
}

static const LabStep steps[] = {
    {"A t-SNE map",
     "t-SNE makes the neighbour probabilities symmetric and uses a heavy-tailed Student-t kernel "
     "in the map.  "
     "For the first 250 iterations it multiplies P by 12 (early exaggeration), which gathers the "
     "classes "
     "before they settle; curve T.kl shows KL(P||Q) as it goes.\n"
     "\n"
     "    T = tsne(D, perplexity=30)\n"
     "    scatter T\n"
     "    curve T.kl\n",
     "Make `T`, a t-SNE map of all of D with perplexity 30.", "T = tsne(D, perplexity=30)",
     check_map},
    {"Measured against PCA",
     "A map is faithful to its data when points keep their neighbours: knn_preservation(X, Y) is "
     "the mean "
     "share of each point's 10 nearest neighbours in X that are also among its 10 nearest in Y; "
     "trustworthiness(X, Y) penalises neighbours on the map that were far in X.\n"
     "\n"
     "    knn_preservation(D, T)\n"
     "    knn_preservation(D, pca(D, 2).scores)\n"
     "    trustworthiness(D, T)\n",
     "Set `kp_tsne` and `kp_pca` to the share of 10-nearest neighbours kept by T and by the "
     "two-dimensional "
     "PCA map of D.",
     "knn_preservation(D, T) and knn_preservation(D, pca(D, 2).scores).", check_against_pca},
    {"Perplexity",
     "The perplexity sets how many neighbours each point attends to: small values see only the "
     "closest few, "
     "large ones a wider neighbourhood.\n"
     "\n"
     "    T5 = tsne(D, perplexity=5)\n"
     "    T100 = tsne(D, perplexity=100)\n"
     "    scatter T5\n"
     "    scatter T100\n",
     "Of the maps T5, T and T100, which keeps the most 10-nearest neighbours?  Set `best` to its "
     "perplexity (5, "
     "30 or 100).",
     "Measure all three with knn_preservation(D, ...) and compare.", check_perplexity},
    {"Placing new points",
     "t-SNE has no formula that maps a new point; place() finds a spot for each new row by "
     "optimising it "
     "alone against the finished map, which stays fixed (as openTSNE does).  Make a map of 1500 "
     "digits and "
     "place the other 297:\n"
     "\n"
     "    A = tsne(D[0:1500])\n"
     "    N = place(A, D[1500:1797])\n"
     "    scatter N\n",
     "Set `acc_new` to the share of the new digits whose 10 nearest neighbours on A's map are "
     "mostly of their "
     "own class.",
     "knn_accuracy(N, ref=A) classifies each row of N by its neighbours among A's points.",
     check_place},
    {NULL, NULL, NULL, NULL, NULL},
};

static const LabData data[] = {{"D", "data:digits.csv", "label", NULL, 0, 0, NULL},
                               {NULL, NULL, NULL, NULL, 0, 0, NULL}};

const Lab lab_tsne = {
    "tsne",
    "t-SNE on digits: perplexity, exaggeration, measured",
    "tsne, place, scatter, curve, knn_preservation, knn_accuracy, trustworthiness, pca; the 8 x 8 "
    "digits",
    "- make a t-SNE map and read its KL curve;\n"
    "- measure how much neighbourhood structure a map keeps, against PCA;\n"
    "- see what perplexity changes, and measure it;\n"
    "- put new points on a finished map and score them.\n",
    "t-SNE (van der Maaten and Hinton, 2008) symmetrises SNE's conditional probabilities,\n"
    "\n"
    "    p_ij = (p(j|i) + p(i|j)) / 2n\n"
    "\n"
    "and measures similarity in the map with a Student-t kernel of one degree of freedom:\n"
    "\n"
    "    q_ij = (1 + |y_i - y_j|^2)^-1 / sum_(k != l) (1 + |y_k - y_l|^2)^-1\n"
    "\n"
    "It minimises KL(P||Q) = sum_ij p_ij log(p_ij / q_ij), whose gradient is\n"
    "\n"
    "    dC/dy_i = 4 sum_j (p_ij - q_ij) (y_i - y_j) (1 + |y_i - y_j|^2)^-1\n"
    "\n"
    "The kernel's heavy tail lets moderately distant points sit far apart in the map, which cures "
    "SNE's "
    "crowding.  Early exaggeration multiplies every p_ij by alpha (12 here) for the first "
    "iterations "
    "(exaggeration_iters), so that the clusters form first and then spread.  dv computes the "
    "attractive "
    "forces on the 3 x perplexity nearest neighbours and the repulsive ones by Barnes-Hut or by "
    "FFT "
    "interpolation, depending on the size.\n",
    data,
    "- `D`: 1797 handwritten digits of 8 x 8 pixels, labelled 0 to 9.\n",
    steps,
    "- Why does the KL drop sharply once the exaggeration ends (iteration 250)?\n"
    "- What does tsne(D, exaggeration=1) change in the map, and in knn_accuracy?\n"
    "- Compare init=\"pca\" (the default) with init=\"random\": which keeps the classes' layout "
    "from run to "
    "run?\n"
    "- Is a large distance between two clusters on the map a large distance in D?\n",
    "t-SNE draws from dv's seeded generator: seed N before tsne() gives the same map on every run, "
    "and the "
    "number of threads does not change it (the threads add their partial sums in a fixed order).  "
    "The checks "
    "measure whichever maps you made, so any run passes.\n",
};
