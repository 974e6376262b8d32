/* lab_autoencoder.c — Lab "autoencoder": a learned two-number code of
 * MNIST digits against PCA's two components (reconstruction error and
 * the map the codes make), then a variational autoencoder.  The checks
 * run the learner's network themselves (train/nnmodel.h) and compare
 * with PCA's error from the variance spectrum (spectrum.h) and PCA's map
 * computed exactly. */
#include <math.h>
#include <stdlib.h>

#include "core/progress.h"
#include "core/rng.h"
#include "lang/lab.h"
#include "lang/lab_check.h"
#include "reduce/pca.h"
#include "reduce/quality.h"
#include "reduce/spectrum.h"
#include "train/nnmodel.h"

#define MAKE_AE "ae = autoencoder(M, epochs=30, threads=1)"

static int check_ae(Ctx *ctx, char *why, size_t n, Err *e)
{
    const Mat *M;
    const NnModel *ae;
    if (!lab_get_mat(ctx, "M", "lab autoencoder", &M, why, n)) return 0;
    if (!lab_get_net(ctx, "ae", "autoencoder", MAKE_AE, M, &ae, why, n)) return 0;
    size_t code = nnm_out_dim(ae);
    if (code != 2)
        return lab_no(
            why, n,
            "ae's code has %zu numbers; the exercise wants 2, a code you can plot (the default "
            "layers=[256, 64, 2] ends in 2).",
            code);
    return lab_yes(
        why, n,
        "ae squeezes each digit's %zu pixels through 2 numbers and back, trained for %zu epochs.",
        M->cols, ae->epochs);
}

/* Mean squared error of the learner's autoencoder on X, per value. */
static int ae_error(const NnModel *ae, const Mat *X, double *out, Err *e)
{
    Mat *Z = nnm_encode(ae, X, e);
    if (!Z) return -1;
    Mat *Y = nnm_decode(ae, Z, e);
    mat_free(Z);
    if (!Y) return -1;
    double s = 0;
    for (size_t i = 0; i < X->rows * X->cols; i++) {
        double d = (double)X->data[i] - Y->data[i];
        s += d * d;
    }
    mat_free(Y);
    *out = s / (double)(X->rows * X->cols);
    return 0;
}

static int check_errors(Ctx *ctx, char *why, size_t n, Err *e)
{
    const Mat *M;
    const NnModel *ae;
    double ea, ep, want_a;
    if (!lab_get_mat(ctx, "M", "lab autoencoder", &M, why, n)) return 0;
    if (!lab_get_net(ctx, "ae", "autoencoder", MAKE_AE, M, &ae, why, n)) return 0;
    if (!lab_get_num(ctx, "err_ae", "err_ae = mean(R * R)", &ea, why, n)) return 0;
    if (!lab_get_num(ctx, "err_pca", "err_pca = mean(R2 * R2)", &ep, why, n)) return 0;
    if (ae_error(ae, M, &want_a, e) < 0) return -1;
    /* PCA's error with 2 components: the variance left out (Eckart-Young) */
    double *eig, total;
    size_t m;
    if (spectrum_variances(M, &eig, &m, &total, e) < 0) return -1;
    double rest = 0;
    for (size_t i = 2; i < m; i++)
        rest += eig[i];
    free(eig);
    double want_p = rest * (double)(M->rows - 1) / ((double)M->rows * (double)M->cols);
    if (!lab_close(ea, want_a, 1e-3, 0))
        return lab_no(why, n,
                      "err_ae = %.4g is not the mean squared error of M rebuilt by ae: "
                      "decode(ae, encode(ae, M)) against M, squared and averaged.",
                      ea);
    if (!lab_close(ep, want_p, 0.01, 0))
        return lab_no(
            why, n,
            "err_pca = %.4g is not the mean squared error of M rebuilt from PCA's first 2 "
            "components: reconstruct(pca(M, 2), M) against M.",
            ep);
    return lab_yes(
        why, n,
        "from 2 numbers a digit, ae rebuilds M with a mean squared error of %.4g, PCA with %.4g: "
        "%s.",
        want_a, want_p,
        want_a < want_p ? "the non-linear code keeps more"
                        : "the linear code keeps more here; train longer or deeper");
}

static int check_maps(Ctx *ctx, char *why, size_t n, Err *e)
{
    const Mat *M;
    const NnModel *ae;
    double aa, ap, want_a, want_p;
    if (!lab_get_mat(ctx, "M", "lab autoencoder", &M, why, n)) return 0;
    if (!lab_get_net(ctx, "ae", "autoencoder", MAKE_AE, M, &ae, why, n)) return 0;
    if (!M->labels)
        return lab_no(why, n, "M has lost its labels: lab autoencoder loads it with them.");
    if (!lab_get_num(ctx, "acc_ae", "acc_ae = knn_accuracy(ae)", &aa, why, n)) return 0;
    if (!lab_get_num(ctx, "acc_pca", "acc_pca = knn_accuracy(pca(M, 2).scores)", &ap, why, n))
        return 0;
    Mat *Z = nnm_encode(ae, M, e);
    if (!Z) return -1;
    int r = knn_accuracy(Z, 10, progress_global(), &want_a, e);
    mat_free(Z);
    if (r < 0) return -1;
    Rng rng;
    rng_seed(&rng, 1);
    Pca *p;
    if (pca_fit(M, 2, PCA_EXACT, 1, 0, -1, &rng, &p, e) < 0) return -1;
    if (mat_copy_row_meta(p->scores, M, NULL, M->rows, e) < 0) {
        pca_free(p);
        return -1;
    }
    r = knn_accuracy(p->scores, 10, progress_global(), &want_p, e);
    pca_free(p);
    if (r < 0) return -1;
    if (!lab_close(aa, want_a, 1e-4, 1e-6))
        return lab_no(why, n,
                      "acc_ae = %.4g is not the 10-nearest-neighbour accuracy of ae's codes: "
                      "knn_accuracy(ae).",
                      aa);
    if (fabs(ap - want_p) > 0.03) /* the default randomized PCA differs a little */
        return lab_no(
            why, n,
            "acc_pca = %.4g is not the 10-nearest-neighbour accuracy of PCA's 2-D map of M: "
            "knn_accuracy(pca(M, 2).scores).",
            ap);
    return lab_yes(why, n,
                   "on ae's codes %.1f%% of the digits have the class of most of their 10 nearest "
                   "neighbours, on PCA's map %.1f%%; the autoencoder never saw the labels either.",
                   100 * want_a, 100 * want_p);
}

static const LabStep steps[] = {
    {"A code of two numbers",
     "An autoencoder is two networks: an encoder squeezes each row through a narrow layer, the "
     "code, and a "
     "decoder rebuilds the row from it.  Trained only to rebuild its input, it needs no labels.  "
     "One thread "
     "and a seed make the training repeatable:\n"
     "\n"
     "    seed 1\n"
     "    ae = autoencoder(M, epochs=30, threads=1)\n"
     "    curve ae.loss, ae.val_loss, names=[\"train\", \"validation\"]\n"
     "    scatter ae\n",
     "Make `ae`, an autoencoder of M whose code has two numbers.", MAKE_AE, check_ae},
    {"What the code keeps",
     "Rebuild a few digits from their codes, and the whole of M, and compare with PCA's best "
     "linear code of "
     "the same size:\n"
     "\n"
     "    show M[0:8]\n"
     "    show decode(ae, encode(ae, M[0:8]))\n"
     "    R = M - decode(ae, encode(ae, M))\n"
     "    R2 = M - reconstruct(pca(M, 2), M)\n",
     "Set `err_ae` and `err_pca` to the mean squared error (over all digits and pixels) of M "
     "rebuilt by ae and by "
     "PCA's first two components.",
     "mean(R * R) and mean(R2 * R2).", check_errors},
    {"Codes as a map",
     "A two-number code is a map of the digits.  Its 10-nearest-neighbour accuracy says how well "
     "the classes "
     "separate on it, though neither method saw a label:\n"
     "\n"
     "    scatter ae\n"
     "    scatter pca(M, 2).scores\n",
     "Set `acc_ae` and `acc_pca` to the 10-nearest-neighbour accuracy of ae's codes and of PCA's "
     "2-D map of M.",
     "knn_accuracy(ae) uses ae's codes, which keep M's labels.", check_maps},
    {"A variational autoencoder",
     "A VAE's encoder gives each digit a Gaussian in the code space, and a penalty pulls those "
     "towards the "
     "standard normal, so that every point of the plane decodes to something digit-like.  Walk its "
     "latent "
     "plane:\n"
     "\n"
     "    seed 1\n"
     "    V = vae(M, latent=2, epochs=30, threads=1)\n"
     "    scatter V\n"
     "    show decode(V, latent_grid(V, 10)), cols=10\n"
     "    show decode(ae, latent_grid(V, 10)), cols=10\n",
     NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static const LabData data[] = {{"A", "data:mnist/t10k-images-idx3-ubyte.gz", NULL, NULL, 0, 0, NULL},
                               {"M", NULL, NULL, "A", 0, 2000, NULL},
                               {NULL, NULL, NULL, NULL, 0, 0, NULL}};

const Lab lab_autoencoder = {
    "autoencoder",
    "Autoencoders: a learned code against PCA",
    "autoencoder, encode, decode, vae, latent_grid, pca, reconstruct, knn_accuracy; MNIST",
    "- train a network to rebuild its input through a two-number code;\n"
    "- compare what a non-linear code keeps with PCA's linear one, in error and as a map;\n"
    "- see how a variational autoencoder fills its latent plane.\n",
    "An autoencoder is an encoder f and a decoder g trained together to minimise the "
    "reconstruction error\n"
    "\n"
    "    L = (1/n) sum_i |x_i - g(f(x_i))|^2\n"
    "\n"
    "With linear layers and this loss, the best code spans the same subspace as the first "
    "principal "
    "components (Baldi and Hornik, 1989): PCA is the best linear autoencoder.  Non-linear layers "
    "can bend the "
    "code around the data and keep more with the same number of values.\n"
    "\n"
    "A variational autoencoder (Kingma and Welling, 2014) encodes x as a Gaussian q(z|x) = "
    "N(mu(x), "
    "sigma(x)^2), samples z = mu + sigma * eps with eps ~ N(0, I), and maximises the evidence "
    "lower bound\n"
    "\n"
    "    ELBO = E_q[log p(x|z)] - KL(q(z|x) || N(0, I))\n"
    "\n"
    "The KL term pulls every code towards the standard normal, which leaves no holes in the latent "
    "space.\n",
    data,
    "- `A`: the 10,000 MNIST test digits, 28 x 28 grey levels (0 to 255) as rows of 784, labelled "
    "0 to 9;\n"
    "- `M`: the first 2000 of them.\n",
    steps,
    "- Train autoencoder(M, layers=[2], epochs=30): how close does a single-layer code come to "
    "PCA's error?\n"
    "- Decode a grid of the autoencoder's plane (show decode(ae, latent_grid(V, 10))): where does "
    "it make "
    "digits, and where noise?\n"
    "- What happens to ae.val_loss when you train for 200 epochs?\n",
    "Training draws from dv's seeded generator: seed N before autoencoder() or vae() gives the "
    "same network on "
    "every run with the same number of threads.  Another thread count adds the batch's sums in "
    "another order, "
    "which changes the last digits of the weights (about 1e-7 here) and, over many epochs, a "
    "little more.  "
    "threads=1 is the setting to quote.  The checks run whichever network you trained.\n",
};
