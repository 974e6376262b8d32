/* lab_lda.c — Lab "lda": a supervised projection (Fisher's LDA) against
 * unsupervised ones (PCA, classical MDS) on the 8x8 digits.  The checks
 * count the learner's classes, measure the learner's maps themselves
 * (quality.h) and compare MDS with PCA on the learner's own rows. */
#include <math.h>
#include <stdlib.h>

#include "core/progress.h"
#include "lang/lab.h"
#include "lang/lab_check.h"
#include "reduce/quality.h"

/* Classes that have at least one row. */
static size_t classes_present(const Mat *X)
{
    if (!X->labels) return 0;
    int maxc = -1;
    for (size_t i = 0; i < X->rows; i++)
        if (X->labels[i] > maxc) maxc = X->labels[i];
    if (maxc < 0) return 0;
    unsigned char *seen = calloc((size_t)maxc + 1, 1);
    if (!seen) return 0;
    size_t c = 0;
    for (size_t i = 0; i < X->rows; i++)
        if (X->labels[i] >= 0 && !seen[X->labels[i]]) {
            seen[X->labels[i]] = 1;
            c++;
        }
    free(seen);
    return c;
}

static int check_pca(Ctx *ctx, char *why, size_t n, Err *e)
{
    const Mat *D;
    Value *P;
    if (!lab_get_mat(ctx, "D", "lab lda", &D, why, n)) return 0;
    if (!lab_get_model(ctx, "P", "pca", "P = pca(D, 2)", &P, why, n)) return 0;
    if (!lab_is_mean_of(lab_field(P, "mean"), D))
        return lab_no(why, n, "P was not fitted to all of D: its mean is not D's (P = pca(D, 2)).");
    if (lab_field_num(P, "k", 0) < 2)
        return lab_no(why, n, "P has one component; the map needs two: P = pca(D, 2).");
    const Mat *ex = lab_field(P, "explained");
    return lab_yes(why, n, "the first two components of D explain %.1f%% of its variance.",
                   ex && ex->cols >= 2 ? 100 * (ex->data[0] + ex->data[1]) : 0);
}

static int check_maxk(Ctx *ctx, char *why, size_t n, Err *e)
{
    const Mat *D;
    double maxk;
    if (!lab_get_mat(ctx, "D", "lab lda", &D, why, n)) return 0;
    if (!lab_get_num(ctx, "maxk", "maxk = ...", &maxk, why, n)) return 0;
    size_t c = classes_present(D);
    if (c < 2)
        return lab_no(why, n,
                      "D has fewer than two classes: lab lda loads the digits with their labels.");
    size_t want = c - 1 < D->cols ? c - 1 : D->cols;
    if (maxk == (double)want)
        return lab_yes(
            why, n,
            "S_B is a sum of %zu rank-one terms around the overall mean, which add up to zero "
            "when weighted, so its rank is at most %zu: LDA has %zu discriminants, whatever the "
            "%zu pixels.",
            c, c - 1, want, D->cols);
    if (maxk == (double)D->cols)
        return lab_no(
            why, n,
            "maxk is %g, the number of pixels: the limit comes from the classes, through the rank "
            "of the between-class scatter S_B.",
            maxk);
    return lab_no(
        why, n,
        "maxk is %g: count the classes of D (D.labels holds each row's class) and think of the "
        "rank of S_B.",
        maxk);
}

/* knn_accuracy of the learner's model field, or 0 with why. */
static int map_accuracy(const Value *M, const char *name, const Mat *D, double *acc, char *why,
                        size_t n, Err *e, int *err)
{
    *err = 0;
    const Mat *Y = lab_field(M, "scores");
    if (!Y) return lab_no(why, n, "%s has no .scores.", name);
    if (Y->rows != D->rows)
        return lab_no(why, n, "%s.scores has %zu rows and D %zu: make %s from all of D.", name,
                      Y->rows, D->rows, name);
    if (!Y->labels)
        return lab_no(why, n, "%s.scores has no class labels: make it from D, which has them.",
                      name);
    if (knn_accuracy(Y, 10, progress_global(), acc, e) < 0) {
        *err = 1;
        return 0;
    }
    return 1;
}

static int check_accuracy(Ctx *ctx, char *why, size_t n, Err *e)
{
    const Mat *D;
    Value *P, *L;
    double ap, al, want_p, want_l;
    int err;
    if (!lab_get_mat(ctx, "D", "lab lda", &D, why, n)) return 0;
    if (!lab_get_model(ctx, "P", "pca", "P = pca(D, 2)", &P, why, n)) return 0;
    if (!lab_get_model(ctx, "L", "lda", "L = lda(D, 2)", &L, why, n)) return 0;
    if (!lab_get_num(ctx, "acc_pca", "acc_pca = knn_accuracy(P.scores)", &ap, why, n)) return 0;
    if (!lab_get_num(ctx, "acc_lda", "acc_lda = knn_accuracy(L.scores)", &al, why, n)) return 0;
    if (!map_accuracy(P, "P", D, &want_p, why, n, e, &err)) return err ? -1 : 0;
    if (!map_accuracy(L, "L", D, &want_l, why, n, e, &err)) return err ? -1 : 0;
    if (!lab_close(ap, want_p, 1e-4, 1e-6))
        return lab_no(
            why, n,
            "acc_pca is %.4g, but the 10-nearest-neighbour accuracy of P.scores is not that: "
            "knn_accuracy(P.scores).",
            ap);
    if (!lab_close(al, want_l, 1e-4, 1e-6))
        return lab_no(
            why, n,
            "acc_lda is %.4g, but the 10-nearest-neighbour accuracy of L.scores is not that: "
            "knn_accuracy(L.scores).",
            al);
    return lab_yes(
        why, n,
        "%.1f%% of the digits have the class of most of their 10 nearest neighbours on PCA's "
        "map, %.1f%% on LDA's%s.",
        100 * want_p, 100 * want_l, want_l > want_p ? ": the labels bought the difference" : "");
}

static int check_mds(Ctx *ctx, char *why, size_t n, Err *e)
{
    Value *M, *Q;
    double gap;
    if (!lab_get_model(ctx, "M", "mds", "M = mds(S, 2)", &M, why, n)) return 0;
    if (!lab_get_model(ctx, "Q", "pca", "Q = pca(S, 2)", &Q, why, n)) return 0;
    if (!lab_get_num(ctx, "gap", "gap = max(abs(abs(M.scores) - abs(Q.scores)))", &gap, why, n))
        return 0;
    const Mat *A = lab_field(M, "scores"), *B = lab_field(Q, "scores");
    if (!A || !B) return lab_no(why, n, "M or Q has no .scores.");
    if (A->rows != B->rows)
        return lab_no(why, n,
                      "M has %zu rows and Q %zu: make both from the same rows (S = D[0:500]).",
                      A->rows, B->rows);
    size_t k = A->cols < B->cols ? A->cols : B->cols;
    if (k < 2) return lab_no(why, n, "M and Q need two columns each: mds(S, 2) and pca(S, 2).");
    double d = 0, scale = 0;
    for (size_t i = 0; i < A->rows; i++)
        for (size_t j = 0; j < 2; j++) {
            double x = fabs(fabs(MAT_AT(A, i, j)) - fabs(MAT_AT(B, i, j)));
            if (x > d) d = x;
            if (fabs(MAT_AT(B, i, j)) > scale) scale = fabs(MAT_AT(B, i, j));
        }
    if (d > 1e-3 * (scale > 0 ? scale : 1))
        return lab_no(
            why, n,
            "M.scores and Q.scores differ by up to %.4g (the scores reach %.4g): are M and Q made "
            "from the same rows?",
            d, scale);
    if (!lab_close(gap, d, 1e-3, 1e-4 * (scale > 0 ? scale : 1)))
        return lab_no(
            why, n,
            "gap is %.4g, but the largest difference between abs(M.scores) and abs(Q.scores) is "
            "not that.",
            gap);
    char agree[64];
    if (d == 0)
        snprintf(agree, sizeof agree, "exactly");
    else
        snprintf(agree, sizeof agree, "to within %.2g (the scores reach %.4g)", d, scale);
    return lab_yes(
        why, n,
        "on the same %zu rows, classical MDS and PCA agree %s: the doubly centred squared "
        "distances are the Gram matrix of the centred rows.",
        A->rows, agree);
}

static const LabStep steps[] = {
    {"Principal components ignore the labels",
     "PCA looks for the directions of largest variance of all the digits together; it never sees "
     "the labels, "
     "which only colour the plot.\n"
     "\n"
     "    P = pca(D, 2)\n"
     "    scatter P.scores\n",
     "Make `P`, the first two principal components of all of D.", "P = pca(D, 2)", check_pca},
    {"Fisher's discriminants",
     "LDA uses the labels: it looks for the directions along which the class means are far apart "
     "compared "
     "with the spread inside each class.\n"
     "\n"
     "    L = lda(D, 2)\n"
     "    scatter L.scores\n"
     "    L9 = lda(D, 9)\n"
     "    bars L9.explained\n",
     "Set `maxk` to the largest number of discriminants LDA can give on D.",
     "S_B sums one term (m_c - m)(m_c - m)^T per class c, and the weighted m_c - m sum to zero.",
     check_maxk},
    {"Which map separates the digits?",
     "A map's 10-nearest-neighbour accuracy is the share of points whose class is the majority "
     "class of their "
     "10 nearest neighbours on the map: how well the classes separate there.\n"
     "\n"
     "    knn_accuracy(P.scores)\n"
     "    knn_accuracy(L.scores)\n",
     "Set `acc_pca` and `acc_lda` to the 10-nearest-neighbour accuracy of P's and L's "
     "two-dimensional maps.",
     "knn_accuracy(Y) takes the map and uses its labels; k=10 is its default.", check_accuracy},
    {"Classical MDS is PCA",
     "Classical MDS places points so that their distances match given ones.  For Euclidean "
     "distances it needs "
     "no search: the matrix B = -1/2 J D2 J of doubly centred squared distances is the Gram matrix "
     "Xc Xc^T, and "
     "its top eigenvectors, scaled by the square roots of their eigenvalues, are PCA's scores.  "
     "MDS needs all "
     "pairs of rows, so take the first 500 digits, for both:\n"
     "\n"
     "    S = D[0:500]\n"
     "    M = mds(S, 2)\n"
     "    Q = pca(S, 2)\n"
     "    scatter M.scores\n"
     "    scatter Q.scores\n",
     "Show that M.scores equals Q.scores up to the sign of each column: set `gap` to the largest "
     "absolute "
     "difference between abs(M.scores) and abs(Q.scores).",
     "max(abs(abs(M.scores) - abs(Q.scores))); M and Q must be made from the same rows.",
     check_mds},
    {NULL, NULL, NULL, NULL, NULL},
};

static const LabData data[] = {{"D", "data:digits.csv", "label", NULL, 0, 0, NULL},
                               {NULL, NULL, NULL, NULL, 0, 0, NULL}};

const Lab lab_lda = {
    "lda",
    "Digits in 2-D: supervised against unsupervised maps",
    "load, pca, lda, mds, scatter, knn_accuracy; scikit-learn's 8 x 8 digits",
    "- project the same data with and without its labels, and compare the maps;\n"
    "- know how many discriminants LDA can give and why;\n"
    "- measure how well a map separates classes;\n"
    "- see that classical MDS of Euclidean distances is PCA.\n",
    "With class means m_c (n_c rows each) and overall mean m, Fisher's linear discriminant "
    "analysis compares "
    "two scatter matrices:\n"
    "\n"
    "    S_W = sum_c sum_(i in c) (x_i - m_c)(x_i - m_c)^T     (within the classes)\n"
    "    S_B = sum_c n_c (m_c - m)(m_c - m)^T                  (between them)\n"
    "\n"
    "and looks for directions w that maximise the ratio\n"
    "\n"
    "    J(w) = (w^T S_B w) / (w^T S_W w)\n"
    "\n"
    "The maximisers are the generalised eigenvectors S_B w = lambda S_W w, best first; L.explained "
    "holds each "
    "one's share of the sum of the lambdas.  PCA maximises w^T C w instead, the variance of "
    "everything, labels "
    "unseen.\n"
    "\n"
    "Classical (Torgerson) MDS starts from a matrix of squared distances D2 and the centring "
    "matrix "
    "J = I - 11^T / n, and takes the top eigenvectors of B = -1/2 J D2 J.\n",
    data,
    "- `D`: 1797 handwritten digits of 8 x 8 pixels (grey levels 0 to 16), a 1797 x 64 matrix "
    "labelled 0 to 9.\n",
    steps,
    "- Which digits overlap on the first two principal components, and which does LDA pull apart?\n"
    "- knn_accuracy(lda(D, 9).scores) is far higher than with two dimensions.  Why is that number "
    "optimistic "
    "about digits LDA has not seen?\n"
    "- Why is MDS limited to a few thousand rows when PCA is not?\n",
    "PCA, LDA and MDS have no randomness: the same rows give the same maps, up to the sign of each "
    "column.\n",
};
