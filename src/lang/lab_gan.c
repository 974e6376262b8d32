/* lab_gan.c — Lab "gan": generative adversarial networks on the ring of
 * eight Gaussians: training one, counting the modes its samples cover,
 * the game's equilibrium (Goodfellow et al. 2014) and mode collapse
 * against packing (PacGAN, Lin et al. 2018).  The checks count modes
 * themselves (train/toydata.h) on the learner's samples and read the
 * learner's models (train/gan.h). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lang/builtins_gen.h"
#include "lang/lab.h"
#include "lang/lab_check.h"
#include "train/gan.h"
#include "train/toydata.h"

#define MAKE_R "R = rings(400, modes=8)"
#define MAKE_G "g = gan(R, epochs=300)"
#define MAKE_G1 "g1 = gan(R, epochs=300, pack=1)"
#define RING_MODES 8
#define WITHIN 3 /* modes(): a sample is good within 3 sigma of a mode */

/* toy_modes of S against R, the verdict's numbers; -1 with e set. */
static int count_modes(const Mat *S, const Mat *R, ToyModes *tm, Err *e)
{
    return toy_modes(S, R, WITHIN, tm, "lab gan", e);
}

static int get_R(Ctx *ctx, const Mat **R, char *why, size_t n, Err *e)
{
    if (!lab_get_mat(ctx, "R", MAKE_R, R, why, n)) return 0;
    if ((*R)->cols != 2 || !(*R)->labels)
        return lab_no(
            why, n, "R should be points of the plane labelled by their mode, as %s makes.", MAKE_R);
    ToyModes tm;
    if (count_modes(*R, *R, &tm, e) < 0) return -1;
    size_t k = tm.k;
    toy_modes_free(&tm);
    if (k != RING_MODES)
        return lab_no(why, n, "R is a ring of %zu Gaussians; this lab's has %d: %s.", k, RING_MODES,
                      MAKE_R);
    return 1;
}

/* The GAN in variable name (a gan model on R's plane). */
static int get_gan(Ctx *ctx, const char *name, const char *make, const Mat *R, Value **v,
                   const GanModel **g, char *why, size_t n)
{
    if (!lab_get_model(ctx, name, "gan", make, v, why, n)) return 0;
    if (!gen_value_is_model(*v)) return lab_no(why, n, "%s is not a trained GAN: %s.", name, make);
    *g = (*v)->u.model->impl;
    if ((*g)->dim != R->cols)
        return lab_no(why, n, "%s makes rows of %zu numbers, R's have %zu: train it on R (%s).",
                      name, (*g)->dim, R->cols, make);
    if (!(*g)->epochs) return lab_no(why, n, "%s has not trained an epoch yet: %s.", name, make);
    return 1;
}

/* How many of R's modes the samples of a model's .samples field cover. */
static int samples_cover(const Value *v, const Mat *R, size_t *covered, double *quality, Err *e)
{
    const Mat *S = lab_field(v, "samples");
    if (!S) return err_set(e, "lab gan: the model has no samples");
    ToyModes tm;
    if (count_modes(S, R, &tm, e) < 0) return -1;
    *covered = tm.covered;
    if (quality) *quality = tm.quality;
    toy_modes_free(&tm);
    return 0;
}

static int check_train(Ctx *ctx, char *why, size_t n, Err *e)
{
    const Mat *R;
    Value *v;
    const GanModel *g;
    int r = get_R(ctx, &R, why, n, e);
    if (r <= 0) return r;
    if (!get_gan(ctx, "g", MAKE_G, R, &v, &g, why, n)) return 0;
    size_t covered;
    double quality;
    if (samples_cover(v, R, &covered, &quality, e) < 0) return -1;
    return lab_yes(why, n,
                   "g trained for %zu epochs; its samples (g.samples) cover %zu of R's %d modes, "
                   "and %.0f%% of them lie within 3 sigma of one.",
                   g->epochs, covered, RING_MODES, 100 * quality);
}

static int check_count(Ctx *ctx, char *why, size_t n, Err *e)
{
    const Mat *R, *S;
    double covered, quality;
    int r = get_R(ctx, &R, why, n, e);
    if (r <= 0) return r;
    if (!lab_get_mat(ctx, "S", "S = sample(g, 500)", &S, why, n)) return 0;
    if (S->cols != 2 || S->rows == 0)
        return lab_no(why, n, "S has %zu x %zu numbers; it should be samples of g: sample(g, 500).",
                      S->rows, S->cols);
    if (S->rows == R->rows && memcmp(S->data, R->data, R->rows * R->cols * sizeof *R->data) == 0)
        return lab_no(why, n, "S is R itself; it should be new points drawn by g: sample(g, 500).");
    if (!lab_get_num(ctx, "covered", "covered = modes(S, R).covered", &covered, why, n) ||
        !lab_get_num(ctx, "quality", "quality = modes(S, R).quality", &quality, why, n))
        return 0;
    ToyModes tm;
    if (count_modes(S, R, &tm, e) < 0) return -1;
    size_t want_c = tm.covered, k = tm.k;
    double want_q = tm.quality;
    toy_modes_free(&tm);
    if (covered != (double)want_c)
        return lab_no(why, n,
                      "covered = %g, but S's samples cover %zu of R's %zu modes (a mode counts "
                      "when a sample lies within 3 sigma of it): modes(S, R).covered.",
                      covered, want_c, k);
    if (!lab_close(quality, want_q, 1e-4, 1e-6)) {
        if (k && lab_close(quality, (double)want_c / (double)k, 1e-4, 1e-6))
            return lab_no(why, n,
                          "quality = %.4g is the share of modes covered; the quality is the "
                          "share of S's samples within 3 sigma of a mode: modes(S, R).quality.",
                          quality);
        return lab_no(why, n,
                      "quality = %.4g is not the share of S's %zu samples within 3 sigma of one "
                      "of R's modes: modes(S, R).quality.",
                      quality, S->rows);
    }
    return lab_yes(why, n, "%zu of %zu modes covered (%zu dropped), %.1f%% of the samples good.",
                   want_c, k, k - want_c, 100 * want_q);
}

static int check_equilibrium(Ctx *ctx, char *why, size_t n, Err *e)
{
    const Mat *R;
    Value *v;
    const GanModel *g;
    double d_eq, g_eq;
    int r = get_R(ctx, &R, why, n, e);
    if (r <= 0) return r;
    if (!get_gan(ctx, "g", MAKE_G, R, &v, &g, why, n)) return 0;
    if (!lab_get_num(ctx, "d_eq", "d_eq = the discriminator's loss when D says 1/2", &d_eq, why,
                     n) ||
        !lab_get_num(ctx, "g_eq", "g_eq = the generator's loss when D says 1/2", &g_eq, why, n))
        return 0;
    /* D's loss: -log D(x) on real rows + -log(1 - D(G(z))) on generated
     * ones; G's (non-saturating): -log D(G(z)).  With D = 1/2 everywhere. */
    double half = -log(0.5), want_d = 2 * half, want_g = half;
    if (d_eq < 0 || g_eq < 0)
        return lab_no(why, n,
                      "a loss here is -log of a probability, never negative: d_eq = %.4g, g_eq "
                      "= %.4g.",
                      d_eq, g_eq);
    if (!lab_close(d_eq, want_d, 1e-3, 1e-6)) {
        if (lab_close(d_eq, half, 1e-3, 1e-6))
            return lab_no(why, n,
                          "d_eq = %.4g is one of D's two terms: its loss adds -log D(x) on real "
                          "rows and -log(1 - D(G(z))) on generated ones.",
                          d_eq);
        return lab_no(why, n,
                      "d_eq = %.4g is not D's loss -log D(x) - log(1 - D(G(z))) with D = 1/2 "
                      "for every row.",
                      d_eq);
    }
    if (!lab_close(g_eq, want_g, 1e-3, 1e-6)) {
        if (lab_close(g_eq, want_d, 1e-3, 1e-6))
            return lab_no(why, n,
                          "g_eq = %.4g counts two terms; the generator's loss has one, -log "
                          "D(G(z)), on its own samples.",
                          g_eq);
        return lab_no(why, n, "g_eq = %.4g is not the generator's loss -log D(G(z)) with D = 1/2.",
                      g_eq);
    }
    size_t last = g->epochs - 1;
    return lab_yes(why, n,
                   "at the equilibrium D's loss is log 4 = %.4g and G's log 2 = %.4g; g ended at "
                   "%.4g and %.4g, with D(x) = %.2f on real rows and D(G(z)) = %.2f on its own.",
                   want_d, want_g, g->loss_d[last], g->loss_g[last], g->p_real[last],
                   g->p_fake[last]);
}

static int check_packing(Ctx *ctx, char *why, size_t n, Err *e)
{
    const Mat *R;
    Value *v, *v1;
    const GanModel *g, *g1;
    const char *more;
    int r = get_R(ctx, &R, why, n, e);
    if (r <= 0) return r;
    if (!get_gan(ctx, "g", MAKE_G, R, &v, &g, why, n) ||
        !get_gan(ctx, "g1", MAKE_G1, R, &v1, &g1, why, n))
        return 0;
    if (g->pack != 2)
        return lab_no(why, n, "g was trained with pack=%zu; this step compares gan's default, 2.",
                      g->pack);
    if (g1->pack != 1)
        return lab_no(why, n, "g1 was trained with pack=%zu; this step wants pack=1: %s.", g1->pack,
                      MAKE_G1);
    if (!lab_get_str(ctx, "more", "more = \"g\", \"g1\" or \"same\"", &more, why, n)) return 0;
    size_t c, c1;
    if (samples_cover(v, R, &c, NULL, e) < 0 || samples_cover(v1, R, &c1, NULL, e) < 0) return -1;
    const char *want = c > c1 ? "g" : c1 > c ? "g1" : "same";
    if (strcmp(more, "g") != 0 && strcmp(more, "g1") != 0 && strcmp(more, "same") != 0)
        return lab_no(why, n, "more is \"%s\"; it should be \"g\", \"g1\" or \"same\".", more);
    if (strcmp(more, want) != 0)
        return lab_no(why, n,
                      "g's samples cover %zu of the %d modes and g1's %zu, so more is not "
                      "\"%s\": modes(g, R).covered and modes(g1, R).covered.",
                      c, RING_MODES, c1, more);
    return lab_yes(why, n,
                   "g (pack=2) covers %zu modes, g1 (pack=1) %zu. PacGAN's gain is on average: "
                   "one seed proves little, try a few.",
                   c, c1);
}

static const LabStep steps[] = {
    {"Eight Gaussians on a ring",
     "The ring of eight Gaussians is the classic test of a GAN: it is easy to draw, and a "
     "generator that drops a mode shows at once.  Make the data and train a GAN on it:\n"
     "\n"
     "    seed 1\n"
     "    R = rings(400, modes=8)\n"
     "    scatter R\n"
     "    g = gan(R, epochs=300)\n"
     "    scatter g\n"
     "    curve g.d_loss, g.g_loss, names=[\"D\", \"G\"]\n"
     "\n"
     "At the prompt the training screen shows the samples moving as the generator learns.  `g` "
     "stands for its samples, `g.samples`: 1000 of them, drawn from the same noise every time.\n",
     "Make `R`, the ring of 8 Gaussians (400 points), and `g`, a GAN trained on it.",
     MAKE_R ", then " MAKE_G ".", check_train},
    {"Counting modes",
     "Is every mode there, and are the samples good?  modes(S, X) takes the classes of X as "
     "its modes and counts how many of them S's samples cover (a sample within 3 standard "
     "deviations of a mode's centre) and which share of the samples are that close to some "
     "mode:\n"
     "\n"
     "    S = sample(g, 500)\n"
     "    m = modes(S, R)\n"
     "    print m.covered, m.modes, m.quality\n"
     "    print m.counts\n",
     "Set `S` to 500 new samples of g, `covered` to the number of R's modes they cover and "
     "`quality` to the share of them within 3 sigma of a mode.",
     "covered = modes(S, R).covered and quality = modes(S, R).quality.", check_count},
    {"The game and its equilibrium",
     "The discriminator D is trained to tell R's points from the generator's, the generator G "
     "to fool it.  D's loss is -log D(x) on real rows plus -log(1 - D(G(z))) on generated "
     "ones; G's is -log D(G(z)) (the non-saturating loss).  When G's samples are distributed as "
     "the data, the best D can do is to say 1/2 for every row:\n"
     "\n"
     "    print g.d_loss[0, -1], g.g_loss[0, -1]\n"
     "    print g.p_real[0, -1], g.p_fake[0, -1]\n"
     "    curve g.p_real, g.p_fake, names=[\"D(x)\", \"D(G(z))\"]\n",
     "Set `d_eq` and `g_eq` to D's and G's losses at that equilibrium, where D(x) = 1/2 for "
     "every row, and compare them with g's last epoch.",
     "log(0.5) is -0.6931.  D's loss has two terms, G's one.", check_equilibrium},
    {"Mode collapse and packing",
     "A generator can fool its discriminator by making a few good points again and again: mode "
     "collapse.  PacGAN's remedy is to let D judge several samples at once (pack of them, all "
     "real or all generated), so that repeats give G away.  dv packs 2 by default; train the "
     "same GAN without packing:\n"
     "\n"
     "    seed 1\n"
     "    R = rings(400, modes=8)\n"
     "    g1 = gan(R, epochs=300, pack=1)\n"
     "    scatter g1\n"
     "    print modes(g, R).covered, modes(g1, R).covered\n",
     "Which model's samples (`g.samples`, `g1.samples`) cover more of R's modes?  Set `more` to "
     "\"g\", \"g1\" or \"same\".",
     "modes(g, R).covered against modes(g1, R).covered: a model stands for its samples.",
     check_packing},
    {NULL, NULL, NULL, NULL, NULL},
};

const Lab lab_gan = {
    "gan",
    "GANs: a generator against a discriminator",
    "rings, gan, sample, modes, scatter, curve",
    "- train a generator against a discriminator on data you can see;\n"
    "- count the modes a GAN covers and how good its samples are;\n"
    "- know the losses of the game's equilibrium and read them in training;\n"
    "- see mode collapse, and packing against it.\n",
    "A GAN (Goodfellow et al., 2014) trains a generator G, turning noise z into samples, "
    "against a discriminator D, the probability that a sample is real.  They play\n"
    "\n"
    "    min_G max_D V(D, G) = E_x[log D(x)] + E_z[log(1 - D(G(z)))]\n"
    "\n"
    "For a fixed G the best discriminator is D*(x) = p_data(x) / (p_data(x) + p_G(x)); "
    "against it, G minimises the Jensen-Shannon divergence between the data and its samples, "
    "and the game's optimum is p_G = p_data, where D* = 1/2 and V = -log 4.  In practice G "
    "maximises log D(G(z)) instead (the same fixed point, stronger gradients early on).\n"
    "\n"
    "GANs drop modes: the generator covers some of the data's clusters well and forgets "
    "others.  PacGAN (Lin et al., 2018) shows D packs of m samples; a generator that repeats "
    "itself is then easy to catch.  The ring of eight Gaussians makes both visible, and "
    "modes() measures them.\n",
    NULL, /* nothing to load: step 1 makes R with rings() */
    NULL,
    steps,
    "- Train g for 1000 epochs: does it find every mode?  What happens to D(x) and D(G(z))?\n"
    "- Try moons(400) and blobs(400, k=5): which is hardest for a GAN, and why?\n"
    "- Digits: A = load(\"data:mnist/t10k-images-idx3-ubyte.gz\"); d = gan(A[0:2000], "
    "latent=16, epochs=20); show sample(d, 16), cols=8.  What does a digit GAN forget?\n",
    "Training draws from dv's seeded generator: seed N before rings() and gan() gives the same "
    "data and the same model on every run with the same number of threads (gan uses threads=1 "
    "by default).  The checks count the modes of whichever samples and models you made.\n",
};
