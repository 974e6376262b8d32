/* lab_pca.c — Lab "pca": eigenfaces, variance explained, reconstruction
 * error against the number of components.  The checks compare the
 * learner's numbers with the whole variance spectrum of their F
 * (spectrum.h), computed independently of pca(). */
#include <math.h>
#include <stdlib.h>

#include "lang/lab.h"
#include "lang/lab_check.h"
#include "reduce/pca.h"
#include "reduce/spectrum.h"

/* The spectrum of the learner's F, or 0 with why filled. */
static int faces_spectrum(Ctx *ctx, const Mat **F, double **eig, size_t *m, double *total,
                          char *why, size_t n, Err *e, int *err)
{
    *err = 0;
    if (!lab_get_mat(ctx, "F", "lab pca", F, why, n)) return 0;
    if ((*F)->rows < 2)
        return lab_no(why, n, "F has %zu row; the faces are 400 rows (lab pca loads them).",
                      (*F)->rows);
    if (spectrum_variances(*F, eig, m, total, e) < 0) {
        *err = 1;
        return 0;
    }
    if (!(*total > 0)) {
        free(*eig);
        *eig = NULL;
        return lab_no(why, n, "F has no variance at all: every row is the same.");
    }
    return 1;
}

/* Fewest components whose variances reach share of the total. */
static size_t fewest_for(const double *eig, size_t m, double total, double share, double *got)
{
    double s = 0;
    for (size_t k = 0; k < m; k++) {
        s += eig[k];
        if (s >= share * total) {
            *got = s / total;
            return k + 1;
        }
    }
    *got = 1;
    return m;
}

static double share_of(const double *eig, size_t m, double total, size_t k)
{
    double s = 0;
    for (size_t i = 0; i < k && i < m; i++)
        s += eig[i];
    return s / total;
}

static int check_pixels(Ctx *ctx, char *why, size_t n, Err *e)
{
    const Mat *F;
    double px;
    if (!lab_get_mat(ctx, "F", "lab pca", &F, why, n)) return 0;
    if (!lab_get_num(ctx, "pixels", "pixels = ...", &px, why, n)) return 0;
    if (px == (double)F->cols)
        return lab_yes(why, n, "each face is a row of %zu grey levels%s.", F->cols,
                       F->img_h ? ", an image's rows one after the other" : "");
    return lab_no(
        why, n,
        "pixels is %g, but that is not the length of a row of F; shape(F) gives [rows, columns].",
        px);
}

/* P is a PCA of all of F with at least want components. */
static int pca_of_F(Ctx *ctx, const char *name, const Mat *F, size_t want, Value **P, char *why,
                    size_t n)
{
    char make[64];
    snprintf(make, sizeof make, "%s = pca(F, %zu)", name, want);
    if (!lab_get_model(ctx, name, "pca", make, P, why, n)) return 0;
    if (!lab_is_mean_of(lab_field(*P, "mean"), F))
        return lab_no(why, n, "%s was not fitted to F: its mean face is not F's (make it with %s).",
                      name, make);
    return 1;
}

static int check_pca(Ctx *ctx, char *why, size_t n, Err *e)
{
    const Mat *F;
    Value *P;
    if (!lab_get_mat(ctx, "F", "lab pca", &F, why, n)) return 0;
    if (!pca_of_F(ctx, "P", F, 50, &P, why, n)) return 0;
    double k = lab_field_num(P, "k", 0);
    if (k < 50) return lab_no(why, n, "P has %g components; this lab uses 50: P = pca(F, 50).", k);
    const Mat *C = lab_field(P, "components");
    return lab_yes(why, n, "P holds %g eigenfaces of %zu pixels each, and F's mean face.", k,
                   C ? C->cols : 0);
}

static int check_k80(Ctx *ctx, char *why, size_t n, Err *e)
{
    const Mat *F;
    double *eig, total, got, k80;
    size_t m;
    int err;
    if (!lab_get_num(ctx, "k80", "k80 = ...", &k80, why, n)) return 0;
    if (!faces_spectrum(ctx, &F, &eig, &m, &total, why, n, e, &err)) return err ? -1 : 0;
    size_t best = fewest_for(eig, m, total, 0.8, &got);
    int r;
    if (k80 != floor(k80) || k80 < 1)
        r = lab_no(why, n, "k80 is %g; it should count components: a whole number, 1 or more.",
                   k80);
    else if ((size_t)k80 == best)
        r = lab_yes(
            why, n,
            "the first %zu components explain %.1f%% of the variance, and %zu explain only %.1f%%.",
            best, 100 * got, best - 1, 100 * share_of(eig, m, total, best - 1));
    else if ((size_t)k80 < best)
        r = lab_no(why, n,
                   "the first %g components explain %.1f%% of the variance; the exercise asks for "
                   "at least 80%%.",
                   k80, 100 * share_of(eig, m, total, (size_t)k80));
    else
        r = lab_no(
            why, n,
            "the first %g components explain %.1f%% of the variance, but fewer already reach 80%%: "
            "look for the first place P.cumulative is 0.8 or more.",
            k80, 100 * share_of(eig, m, total, (size_t)k80));
    free(eig);
    return r;
}

static int check_r20(Ctx *ctx, char *why, size_t n, Err *e)
{
    const Mat *F;
    double *eig, total, r20;
    size_t m;
    int err;
    if (!lab_get_num(ctx, "r20", "r20 = mean(R * R)", &r20, why, n)) return 0;
    if (!faces_spectrum(ctx, &F, &eig, &m, &total, why, n, e, &err)) return err ? -1 : 0;
    /* Eckart-Young: the rows' squared distances to their rank-k
     * reconstruction sum to (n - 1) times the variances left out. */
    double rest = 0;
    for (size_t i = 20; i < m; i++)
        rest += eig[i];
    double want = rest * (double)(F->rows - 1) / ((double)F->rows * (double)F->cols);
    free(eig);
    char a[32];
    if (lab_close(r20, want, 0.01, 0))
        return lab_yes(
            why, n,
            "r20 = %s: that is also the variance left out of the first 20 components, %.1f%% "
            "of the total, per pixel (Eckart-Young).",
            lab_num(r20, a, sizeof a), 100 * rest / total);
    if (lab_close(sqrt(fabs(r20)), want, 0.01, 0) || lab_close(r20 * r20, want, 0.01, 0))
        return lab_no(
            why, n,
            "r20 = %s looks like a square root or a square of the error: the exercise wants the "
            "mean of the squared differences.",
            lab_num(r20, a, sizeof a));
    return lab_no(
        why, n,
        "r20 = %s is %s than the mean squared error per pixel of F rebuilt from 20 components: "
        "subtract reconstruct(P, F, 20) from F, square, and average over all faces and pixels.",
        lab_num(r20, a, sizeof a), r20 > want ? "larger" : "smaller");
}

static int check_q95(Ctx *ctx, char *why, size_t n, Err *e)
{
    const Mat *F;
    Value *Q;
    double *eig, total, got;
    size_t m;
    int err;
    if (!lab_get_mat(ctx, "F", "lab pca", &F, why, n)) return 0;
    if (!lab_get_model(ctx, "Q", "pca", "Q = pca(F, k)", &Q, why, n)) return 0;
    if (!lab_is_mean_of(lab_field(Q, "mean"), F))
        return lab_no(why, n, "Q was not fitted to F: its mean face is not F's.");
    if (!faces_spectrum(ctx, &F, &eig, &m, &total, why, n, e, &err)) return err ? -1 : 0;
    size_t best = fewest_for(eig, m, total, 0.95, &got);
    size_t k = (size_t)lab_field_num(Q, "k", 0);
    double has = share_of(eig, m, total, k);
    free(eig);
    if (k < best)
        return lab_no(why, n,
                      "Q explains %.1f%% of the variance; the exercise asks for at least 95%%.",
                      100 * has);
    if (k > best)
        return lab_no(
            why, n,
            "Q's %zu components explain %.1f%% of the variance, but fewer are enough for 95%%.", k,
            100 * has);
    return lab_yes(
        why, n, "Q's %zu components explain %.1f%% of the variance: %.0f%% of F's %zu dimensions.",
        k, 100 * has, 100.0 * (double)k / (double)F->cols, F->cols);
}

static int check_worst(Ctx *ctx, char *why, size_t n, Err *e)
{
    const Mat *F;
    Value *P;
    double w;
    if (!lab_get_mat(ctx, "F", "lab pca", &F, why, n)) return 0;
    if (!pca_of_F(ctx, "P", F, 50, &P, why, n)) return 0;
    const Pca *p = P->u.model->impl;
    if (!p || p->k < 20) return lab_no(why, n, "P needs at least 20 components: P = pca(F, 50).");
    if (!lab_get_num(ctx, "worst", "worst = argmax(...)", &w, why, n)) return 0;
    if (w != floor(w) || w < 0 || w >= (double)F->rows)
        return lab_no(why, n, "worst is %g; it should be a row number of F, 0 to %zu.", w,
                      F->rows - 1);
    Mat *R = pca_reconstruct(p, F, 20, e);
    if (!R) return -1;
    size_t top = 0;
    double top_err = -1, its = 0;
    for (size_t i = 0; i < F->rows; i++) {
        double s = 0;
        for (size_t j = 0; j < F->cols; j++) {
            double d = (double)MAT_AT(F, i, j) - MAT_AT(R, i, j);
            s += d * d;
        }
        if (s > top_err) top_err = s, top = i;
        if (i == (size_t)w) its = s;
    }
    mat_free(R);
    char buf[64];
    const char *who = F->labels ? mat_class_name(F, F->labels[top], buf, sizeof buf) : "no label";
    if ((size_t)w == top)
        return lab_yes(
            why, n,
            "face %zu (%s) is the farthest from its rebuilding, %.3g in distance; show F[%zu] "
            "and show reconstruct(P, F[%zu], 20) say why.",
            top, who, sqrt(top_err), top, top);
    return lab_no(
        why, n,
        "face %g is rebuilt at a distance of %.3g, but another is farther (%.3g): the largest "
        "norm of a row of F - reconstruct(P, F, 20).",
        w, sqrt(its), sqrt(top_err));
}

static const LabStep steps[] = {
    {"Faces as rows",
     "Each face in F is one row: its 112 rows of 92 grey levels, one after the other.  A set of "
     "images is a "
     "matrix with one row per image, and a face is a point in a space with one axis per pixel.\n"
     "\n"
     "    shape(F)\n"
     "    show F[0:10]\n"
     "    show F[0:10], shape=[112, 92]\n",
     "Set `pixels` to the number of pixels of one face, that is the dimension of the space the "
     "faces live in.",
     "shape(F) is [rows, columns]: which of the two is a face?", check_pixels},
    {"The mean face and the eigenfaces",
     "PCA centres the faces on their mean and finds the orthonormal directions of largest "
     "variance: the "
     "eigenvectors of the covariance matrix, which, drawn as pictures, are the eigenfaces of Turk "
     "and "
     "Pentland (1991).\n"
     "\n"
     "    P = pca(F, 50)\n"
     "    show P.mean\n"
     "    show P.components[0:8]\n",
     "Make `P`, the first 50 principal components of all the faces in F.",
     "P = pca(F, 50); a PCA of some of the rows has another mean face.", check_pca},
    {"Variance explained",
     "Component j carries the variance lambda_j of the faces along it; P.explained holds lambda_j "
     "divided by "
     "the total variance, and P.cumulative their running sum.\n"
     "\n"
     "    bars P.explained[0:20]\n"
     "    curve P.cumulative\n",
     "Set `k80` to the fewest components that together explain at least 80% of the variance of the "
     "faces.",
     "P.cumulative[k - 1] is the share explained by the first k components (indices start at 0).",
     check_k80},
    {"Rebuilding faces",
     "A face x is rebuilt from its first k components as mean + sum over j <= k of ((x - mean) . "
     "v_j) v_j. With "
     "5 components every face looks alike; with 50 the people can be told apart.\n"
     "\n"
     "    show reconstruct(P, F[0:6], 5)\n"
     "    show reconstruct(P, F[0:6], 50)\n"
     "    R = F - reconstruct(P, F, 20)\n",
     "Set `r20` to the mean squared error per pixel of the faces rebuilt from 20 components: the "
     "mean, over all "
     "faces and pixels, of the squared differences in R.",
     "mean(R * R) squares each difference and averages over every face and pixel.", check_r20},
    {"How many components?",
     "The error left after k components is the variance of the components left out (Eckart and "
     "Young, 1936), "
     "so the cumulative curve tells how many components a given fidelity needs.\n"
     "\n"
     "    curve P.cumulative\n",
     "Make `Q`, a PCA of F with as few components as explain at least 95% of the variance.",
     "P stops at 50 components; a larger PCA, such as pca(F, 300), shows where its .cumulative "
     "reaches 0.95.",
     check_q95},
    {"The face rebuilt worst",
     "Some faces are far from what 20 components can say: an unusual pose, glasses, lighting.  The "
     "distance of "
     "each face to its rebuilding is one number per row:\n"
     "\n"
     "    err = norm(F - reconstruct(P, F, 20), axis=1)\n"
     "    hist err\n",
     "Set `worst` to the row number of the face that P rebuilds worst from 20 components.",
     "argmax(err) is the row with the largest error.", check_worst},
    {NULL, NULL, NULL, NULL, NULL},
};

static const LabData data[] = {{"F", "data:faces/orl", NULL, NULL, 0, 0, NULL},
                               {NULL, NULL, NULL, NULL, 0, 0, NULL}};

const Lab lab_pca = {
    "pca",
    "Eigenfaces: principal components of faces",
    "load, pca, show, bars, curve, reconstruct; the ORL faces",
    "- see a set of images as points in a space with one axis per pixel;\n"
    "- find the directions of largest variance and look at them as pictures;\n"
    "- read the variance explained by each component and choose k;\n"
    "- rebuild faces from k components and measure what is lost.\n",
    "Centre the n rows x_i of X on their mean m.  The first principal direction is the unit vector "
    "with the "
    "largest variance of the projections:\n"
    "\n"
    "    v_1 = argmax |v| = 1  of  (1 / (n - 1)) sum_i ((x_i - m) . v)^2\n"
    "\n"
    "and each next one does the same orthogonally to those before.  They are the eigenvectors of "
    "the "
    "covariance matrix C = Xc^T Xc / (n - 1), with variances lambda_1 >= lambda_2 >= ..., its "
    "eigenvalues; "
    "equivalently Xc = U S V^T (the SVD), with v_j the rows of V^T and lambda_j = s_j^2 / (n - "
    "1).\n"
    "\n"
    "Component j explains lambda_j / sum_i lambda_i of the variance.  Keeping k components gives "
    "the best "
    "rank-k approximation of Xc in squared error (Eckart-Young), and the error is what is left "
    "out:\n"
    "\n"
    "    sum_i |x_i - x^_i|^2 = (n - 1) (lambda_(k+1) + ... + lambda_d)\n"
    "\n"
    "For faces, d = 10304 pixels but only n = 400 images: at most 399 components have any "
    "variance, and a "
    "few dozen carry most of it.\n",
    data,
    "- `F`: the 400 faces (40 people, 10 each) of 112 x 92 pixels, a 400 x 10304 matrix labelled "
    "by person.\n",
    steps,
    "- Which person is rebuilt worst on average?  The errors of step 6 and F.labels tell.\n"
    "- Does pca(F, 50, method=\"exact\") give the same P.singular as the randomized method, and "
    "how long does "
    "each take (t = clock(); ...; print clock() - t)?\n"
    "- Why do the first components look like lighting rather than identity?\n",
    "PCA has no randomness in its answer: the exact method is deterministic, and the randomized "
    "one agrees "
    "with it to about three digits whatever the seed.  The checks compare with the exact spectrum, "
    "so either "
    "passes.\n",
};
