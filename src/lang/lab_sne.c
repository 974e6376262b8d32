/* lab_sne.c — Lab "sne": perplexity, the asymmetric KL divergence of the
 * original SNE (Hinton & Roweis 2002), and the crowding problem that
 * t-SNE's heavy tails answer.  The checks compute entropies and
 * divergences of the learner's own distributions, and measure the
 * learner's own maps (quality.h). */
#include <math.h>

#include "core/progress.h"
#include "lang/lab.h"
#include "lang/lab_check.h"
#include "reduce/quality.h"

/* A probability vector from the learner: 1, or 0 with why. */
static int get_dist(Ctx *ctx, const char *name, const char *make, const Mat **p, char *why,
                    size_t n)
{
    if (!lab_get_mat(ctx, name, make, p, why, n)) return 0;
    size_t len = (*p)->rows * (*p)->cols;
    if (len < 2)
        return lab_no(
            why, n,
            "%s has %zu entry; a distribution over one outcome is no fun: give two or more.", name,
            len);
    double s = 0;
    for (size_t i = 0; i < len; i++) {
        double x = (*p)->data[i];
        if (!(x >= 0))
            return lab_no(why, n, "%s[%zu] is %g; probabilities are 0 or more.", name, i, x);
        s += x;
    }
    if (fabs(s - 1) > 1e-4)
        return lab_no(why, n, "%s sums to %.6g; probabilities sum to 1 (divide by sum(%s)).", name,
                      s, name);
    return 1;
}

/* Entropy in nats, 0 log 0 taken as 0. */
static double entropy(const Mat *p)
{
    double h = 0;
    for (size_t i = 0; i < p->rows * p->cols; i++)
        if (p->data[i] > 0) h -= p->data[i] * log(p->data[i]);
    return h;
}

static int check_perplexity(Ctx *ctx, char *why, size_t n, Err *e)
{
    const Mat *p;
    double perp;
    if (!get_dist(ctx, "p", "p = [0.5, 0.25, 0.25]", &p, why, n)) return 0;
    if (!lab_get_num(ctx, "perp", "perp = exp(-sum(p * log(p)))", &perp, why, n)) return 0;
    for (size_t i = 0; i < p->rows * p->cols; i++)
        if (p->data[i] == 0 && isnan(perp))
            return lab_no(
                why, n,
                "perp is NaN: p has a zero, and 0 * log(0) is NaN in arithmetic; leave the zeros "
                "out of p (they add nothing to the entropy).");
    double h = entropy(p), want = exp(h);
    if (lab_close(perp, want, 1e-3, 0))
        return lab_yes(
            why, n,
            "H(p) = %.4g bits, so the perplexity 2^H = %.4g: p is as uncertain as a uniform "
            "choice among %.4g outcomes.",
            h / log(2), want, want);
    if (lab_close(perp, h, 1e-3, 1e-9) || lab_close(perp, h / log(2), 1e-3, 1e-9))
        return lab_no(
            why, n,
            "perp = %.4g is the entropy itself; the perplexity is 2 to the power of the entropy "
            "in bits.",
            perp);
    if (lab_close(perp, pow(2, h), 1e-3, 0) || lab_close(perp, exp(h / log(2)), 1e-3, 0))
        return lab_no(
            why, n, "perp = %.4g mixes logarithm bases: 2^H with H in bits is e^H with H in nats.",
            perp);
    return lab_no(why, n,
                  "perp = %.4g is not the perplexity of p: 2 to the power of -sum p_j log2 p_j.",
                  perp);
}

/* KL(a || b) in nats; b must be positive wherever a is. */
static double kl(const Mat *a, const Mat *b)
{
    double s = 0;
    for (size_t i = 0; i < a->rows * a->cols; i++)
        if (a->data[i] > 0) s += a->data[i] * log(a->data[i] / b->data[i]);
    return s;
}

static int check_kl(Ctx *ctx, char *why, size_t n, Err *e)
{
    const Mat *p, *q;
    double pq, qp;
    if (!get_dist(ctx, "p", "p = [0.5, 0.25, 0.25]", &p, why, n)) return 0;
    if (!get_dist(ctx, "q", "q = [0.1, 0.3, 0.6]", &q, why, n)) return 0;
    size_t len = p->rows * p->cols;
    if (q->rows * q->cols != len)
        return lab_no(
            why, n,
            "p has %zu entries and q %zu: they must be distributions over the same outcomes.", len,
            q->rows * q->cols);
    for (size_t i = 0; i < len; i++)
        if ((p->data[i] > 0) != (q->data[i] > 0))
            return lab_no(
                why, n,
                "p[%zu] is %g and q[%zu] is %g: where one is 0 and the other is not, a divergence "
                "is infinite; make both positive everywhere.",
                i, p->data[i], i, q->data[i]);
    int same = 1;
    for (size_t i = 0; i < len; i++)
        same &= fabs(p->data[i] - q->data[i]) < 1e-6;
    if (same)
        return lab_no(
            why, n,
            "p and q are the same distribution: the divergence is 0 both ways; make them differ.");
    if (!lab_get_num(ctx, "kl_pq", "kl_pq = sum(p * log(p / q))", &pq, why, n)) return 0;
    if (!lab_get_num(ctx, "kl_qp", "kl_qp = sum(q * log(q / p))", &qp, why, n)) return 0;
    double want_pq = kl(p, q), want_qp = kl(q, p);
    if (lab_close(pq, want_pq, 1e-3, 1e-7) && lab_close(qp, want_qp, 1e-3, 1e-7))
        return lab_yes(
            why, n,
            "KL(p||q) = %.4g and KL(q||p) = %.4g nats: a divergence is not a distance, and SNE's "
            "cost sum_i KL(P_i||Q_i) charges most where p is large and q small.",
            want_pq, want_qp);
    if (lab_close(pq, want_qp, 1e-3, 1e-7) && lab_close(qp, want_pq, 1e-3, 1e-7))
        return lab_no(why, n, "kl_pq and kl_qp are swapped: KL(p||q) weighs log(p/q) by p.");
    if (!lab_close(pq, want_pq, 1e-3, 1e-7))
        return lab_no(why, n, "kl_pq = %.4g is not KL(p||q) = sum_j p_j log(p_j / q_j).", pq);
    return lab_no(why, n, "kl_qp = %.4g is not KL(q||p) = sum_j q_j log(q_j / p_j).", qp);
}

/* name is an embedding model of type of the learner's S. */
static int map_of_S(Ctx *ctx, const char *name, const char *type, const char *make, const Mat *S,
                    const Mat **Y, char *why, size_t n)
{
    Value *M;
    if (!lab_get_model(ctx, name, type, make, &M, why, n)) return 0;
    *Y = lab_field(M, "embedding");
    if (!*Y) return lab_no(why, n, "%s has no .embedding.", name);
    if ((*Y)->rows != S->rows)
        return lab_no(why, n, "%s has %zu points and S %zu rows: make it from S (%s).", name,
                      (*Y)->rows, S->rows, make);
    return 1;
}

static int check_sne(Ctx *ctx, char *why, size_t n, Err *e)
{
    const Mat *S, *Y;
    if (!lab_get_mat(ctx, "S", "S = D[0:500]", &S, why, n)) return 0;
    if (!map_of_S(ctx, "Y", "sne", "Y = sne(S)", S, &Y, why, n)) return 0;
    Value *M = lab_var(ctx, "Y");
    return lab_yes(why, n,
                   "Y places S's %zu digits in the plane (perplexity %g; the cost C, summed over "
                   "them, ended at %.3g).",
                   Y->rows, lab_field_num(M, "perplexity", 0),
                   lab_field(M, "kl") ? lab_field(M, "kl")->data[lab_field(M, "kl")->cols - 1] : 0);
}

static int check_crowding(Ctx *ctx, char *why, size_t n, Err *e)
{
    const Mat *S, *Y, *T;
    double ks, kt, want_s, want_t;
    if (!lab_get_mat(ctx, "S", "S = D[0:500]", &S, why, n)) return 0;
    if (!map_of_S(ctx, "Y", "sne", "Y = sne(S)", S, &Y, why, n)) return 0;
    if (!map_of_S(ctx, "T", "tsne", "T = tsne(S)", S, &T, why, n)) return 0;
    if (!lab_get_num(ctx, "kp_sne", "kp_sne = knn_preservation(S, Y)", &ks, why, n)) return 0;
    if (!lab_get_num(ctx, "kp_tsne", "kp_tsne = knn_preservation(S, T)", &kt, why, n)) return 0;
    if (knn_preservation(S, Y, 10, progress_global(), &want_s, e) < 0 ||
        knn_preservation(S, T, 10, progress_global(), &want_t, e) < 0)
        return -1;
    if (!lab_close(ks, want_s, 1e-4, 1e-6))
        return lab_no(why, n,
                      "kp_sne = %.4g is not the share of 10-nearest neighbours Y keeps: "
                      "knn_preservation(S, Y).",
                      ks);
    if (!lab_close(kt, want_t, 1e-4, 1e-6))
        return lab_no(why, n,
                      "kp_tsne = %.4g is not the share of 10-nearest neighbours T keeps: "
                      "knn_preservation(S, T).",
                      kt);
    return lab_yes(why, n, "SNE keeps %.1f%% of each digit's 10 nearest neighbours, t-SNE %.1f%%.",
                   100 * want_s, 100 * want_t);
}

static const LabStep steps[] = {
    {"Perplexity",
     "SNE turns distances into probabilities: point i picks j as its neighbour with probability "
     "p(j|i), a "
     "Gaussian of the distance with a width sigma_i of its own.  sigma_i is chosen so that the "
     "distribution "
     "has a given perplexity, 2^H with H its entropy in bits: the effective number of neighbours.  "
     "A uniform "
     "choice among m points has perplexity m.\n"
     "\n"
     "    p = [0.5, 0.25, 0.25]\n"
     "    H = -sum(p * log(p)) / log(2)\n",
     "Set `p` to a probability vector of your choice (two or more entries, none negative, summing "
     "to 1) and "
     "`perp` to its perplexity.",
     "2^H with H in bits equals e^H with H in nats: exp(-sum(p * log(p))).", check_perplexity},
    {"An asymmetric cost",
     "SNE places the points so that q(j|i), the same kind of probability computed in the map, "
     "matches p(j|i), "
     "by minimising sum_i KL(P_i || Q_i).  The Kullback-Leibler divergence is not symmetric.\n"
     "\n"
     "    q = [0.1, 0.3, 0.6]\n",
     "With two distributions `p` and `q` over the same outcomes (all entries positive), set "
     "`kl_pq` to KL(p||q) "
     "and `kl_qp` to KL(q||p).",
     "KL(p||q) = sum(p * log(p / q)), in nats.", check_kl},
    {"SNE on digits",
     "S holds the first 500 digits: exact SNE compares every pair of points at every iteration, so "
     "it stays "
     "small.  Watch where the classes go.\n"
     "\n"
     "    Y = sne(S)\n"
     "    scatter Y\n"
     "    curve Y.kl\n",
     "Make `Y`, the SNE map of S.", "Y = sne(S)", check_sne},
    {"Crowding",
     "In ten dimensions a point can have many neighbours at the same moderate distance; a map in "
     "two has no "
     "room for them all, so SNE crushes the classes together in the middle: the crowding problem.  "
     "t-SNE's "
     "Student-t kernel in the map has heavy tails, which lets moderately far points sit far "
     "apart.\n"
     "\n"
     "    T = tsne(S)\n"
     "    scatter T\n"
     "    knn_preservation(S, Y)\n"
     "    knn_preservation(S, T)\n",
     "Set `kp_sne` and `kp_tsne` to the share of each digit's 10 nearest neighbours that Y and T "
     "keep.",
     "knn_preservation(S, Y) compares neighbours in S with neighbours on the map Y; k=10 is its "
     "default.",
     check_crowding},
    {NULL, NULL, NULL, NULL, NULL},
};

static const LabData data[] = {{"D", "data:digits.csv", "label", NULL, 0, 0, NULL},
                               {"S", NULL, NULL, "D", 0, 500, NULL},
                               {NULL, NULL, NULL, NULL, 0, 0, NULL}};

const Lab lab_sne = {
    "sne",
    "SNE: perplexity, an asymmetric cost, and crowding",
    "sne, tsne, scatter, curve, knn_preservation; scikit-learn's 8 x 8 digits",
    "- turn distances into neighbour probabilities, and read perplexity as a number of "
    "neighbours;\n"
    "- see why SNE's cost treats near and far points differently;\n"
    "- run the original SNE and meet the crowding problem that t-SNE solves.\n",
    "Stochastic Neighbour Embedding (Hinton and Roweis, 2002) gives each point i a distribution "
    "over the "
    "others:\n"
    "\n"
    "    p(j|i) = exp(-|x_i - x_j|^2 / 2 sigma_i^2) / sum_(k != i) exp(-|x_i - x_k|^2 / 2 "
    "sigma_i^2)\n"
    "\n"
    "with sigma_i found by bisection so that the perplexity\n"
    "\n"
    "    Perp(P_i) = 2^H(P_i),   H(P_i) = -sum_j p(j|i) log2 p(j|i)\n"
    "\n"
    "equals the one asked for (typically 5 to 50).  In the map, q(j|i) has the same form with "
    "sigma = 1/sqrt(2), "
    "and the points y_i move down the gradient of\n"
    "\n"
    "    C = sum_i KL(P_i || Q_i) = sum_i sum_j p(j|i) log(p(j|i) / q(j|i))\n"
    "\n"
    "Mapping near points far apart (large p, small q) costs a lot; mapping far points close (small "
    "p, large "
    "q) costs little.  So SNE keeps local structure, but the Gaussian q has too little room at "
    "moderate "
    "distances: points crowd into the centre (van der Maaten and Hinton, 2008).\n",
    data,
    "- `D`: 1797 handwritten digits of 8 x 8 pixels, labelled 0 to 9;\n"
    "- `S`: the first 500 of them.\n",
    steps,
    "- Run sne(S, perplexity=5) and sne(S, perplexity=50): how do the clusters change?\n"
    "- What is the perplexity of p = [1]?  Of a distribution uniform over all 499 other digits?\n"
    "- Where in Y are the digits that knn_accuracy(Y) gets wrong?\n",
    "SNE and t-SNE start from a seeded random (SNE) or PCA (t-SNE) layout: seed N before them "
    "gives the same "
    "maps on every run with the same threads.  The checks measure whichever maps you made.\n",
};
