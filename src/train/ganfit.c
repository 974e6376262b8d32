/* ganfit.c — the training loop of GANs (ganfit.h). */
#include "train/ganfit.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/blas.h"

#define REPORT_SECONDS 0.1 /* between progress reports */
#define LIVE_SECONDS 0.25  /* between live samples (each costs a forward pass) */
#define LIVE_POINTS 1000   /* real and generated points of a live 2-D map */
#define LIVE_IMAGES 16     /* generated images of a live grid */

void ganfit_default_opts(GanFitOpts *o)
{
    memset(o, 0, sizeof *o);
    o->epochs = 20;
    o->batch = 64;
    o->lr_g = o->lr_d = 2e-4f;
    o->beta1 = 0.5f;
    o->beta2 = 0.999f;
    o->cond_noise = 0.2f;
    o->seed = 1;
    o->task = "gan";
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void shuffle(size_t *a, size_t n, Rng *r)
{
    for (size_t i = n; i > 1; i--) {
        size_t j = (size_t)rng_below(r, i);
        size_t t = a[i - 1];
        a[i - 1] = a[j];
        a[j] = t;
    }
}

/* The scaling of gan.h: [lo, hi] onto [-1, 1] for a tanh output, each
 * column standardised for a linear one. */
static void set_scaling(GanModel *m, const Mat *X)
{
    size_t n = X->rows, d = X->cols;
    if (m->out == GAN_OUT_TANH) {
        float lo = X->data[0], hi = X->data[0];
        for (size_t i = 0; i < n * d; i++) {
            if (X->data[i] < lo) lo = X->data[i];
            if (X->data[i] > hi) hi = X->data[i];
        }
        float c = (lo + hi) / 2, s = hi > lo ? (hi - lo) / 2 : 1;
        for (size_t j = 0; j < d; j++) {
            m->shift[j] = c;
            m->scale[j] = s;
        }
        return;
    }
    for (size_t j = 0; j < d; j++) {
        double s = 0, s2 = 0;
        for (size_t i = 0; i < n; i++)
            s += MAT_AT(X, i, j);
        double mu = s / (double)n;
        for (size_t i = 0; i < n; i++) {
            double t = MAT_AT(X, i, j) - mu;
            s2 += t * t;
        }
        double sd = sqrt(s2 / (double)n);
        m->shift[j] = (float)mu;
        m->scale[j] = sd > 1e-12 ? (float)sd : 1;
    }
}

typedef struct Fit {
    GanModel *m;
    const Mat *X;
    const int *y;
    const GanFitOpts *o;
    Rng rng;
    NnGraph *gg, *gd; /* the generator's step, the discriminator's */
    size_t B, w_in, w_d;
    float *zc;           /* B x (latent + cond): the generator's input */
    float *real, *fake;  /* B x (dim + cond): the discriminator's inputs */
    float *wrong;        /* B x (dim + cond): real rows, wrong conditions */
    float *cond;         /* B x cond: this batch's jittered conditions */
    float *ones, *zeros; /* B targets */
    size_t wrong_class;  /* the wrong class of the pack being filled */
    /* live view */
    Mat *snap;
    float *live_zc;
    size_t n_live, n_real_live;
    NnGraph *gl;
    float *curve, *curve2;
    double last, last_live, last_line;
} Fit;

static void fit_free(Fit *f)
{
    nn_graph_free(f->gg);
    nn_graph_free(f->gd);
    nn_graph_free(f->gl);
    free(f->zc);
    free(f->real);
    free(f->fake);
    free(f->wrong);
    free(f->cond);
    free(f->ones);
    free(f->zeros);
    mat_free(f->snap);
    free(f->live_zc);
    free(f->curve);
    free(f->curve2);
}

/* Noise and conditions for n rows; conditions of rows idx (NULL: the
 * training classes in turn).  jitter: add the conditioning noise. */
static void fill_zc(Fit *f, float *zc, float *cond, const size_t *idx, size_t n, int jitter)
{
    const GanModel *m = f->m;
    size_t w = m->latent + m->cond_dim;
    for (size_t i = 0; i < n; i++) {
        float *row = zc + i * w;
        for (size_t j = 0; j < m->latent; j++)
            row[j] = (float)rng_normal(&f->rng);
        if (!m->cond_dim) continue;
        size_t c = idx ? (size_t)f->y[idx[i]] : i % m->n_classes;
        float *cr = row + m->latent;
        for (size_t j = 0; j < m->cond_dim; j++)
            cr[j] = m->class_cond[c * m->cond_dim + j] +
                    (jitter ? f->o->cond_noise * (float)rng_normal(&f->rng) : 0);
        if (cond) memcpy(cond + i * m->cond_dim, cr, m->cond_dim * sizeof *cr);
    }
}

/* Row i of X, scaled, into dst (dim values). */
static void scaled_row(const Fit *f, size_t i, float *dst)
{
    const GanModel *m = f->m;
    const float *src = MAT_ROW(f->X, i);
    for (size_t j = 0; j < m->dim; j++)
        dst[j] = (src[j] - m->shift[j]) / m->scale[j];
}

/* ---- the live view ---------------------------------------------------------- */

static int live_setup(Fit *f, const size_t *order, Err *e)
{
    GanModel *m = f->m;
    int map = !m->image && m->dim == 2;
    if (!map && !m->image) return 0;
    f->n_live = map ? LIVE_POINTS : LIVE_IMAGES;
    f->n_real_live = map ? (f->X->rows < LIVE_POINTS ? f->X->rows : LIVE_POINTS) : 0;
    size_t w = m->latent + m->cond_dim;
    f->live_zc = malloc(f->n_live * w * sizeof *f->live_zc);
    f->snap = mat_new(f->n_real_live + f->n_live, m->dim, e);
    if (!f->live_zc || !f->snap) return f->snap ? err_nomem(e, f->n_live * w * 4, "gan") : -1;
    f->gl = nn_graph_new(NULL, e);
    if (!f->gl) return -1;
    nn_graph_set_train(f->gl, 0);
    fill_zc(f, f->live_zc, NULL, NULL, f->n_live, 0);
    if (map) {
        if (mat_ensure_labels(f->snap, e) < 0) return -1;
        f->snap->label_names = calloc(2, sizeof *f->snap->label_names);
        if (!f->snap->label_names || !(f->snap->label_names[0] = strdup("real")) ||
            !(f->snap->label_names[1] = strdup("generated")))
            return err_nomem(e, 32, "gan");
        f->snap->n_classes = 2;
        for (size_t i = 0; i < f->n_real_live; i++) {
            memcpy(MAT_ROW(f->snap, i), MAT_ROW(f->X, order[i]), 2 * sizeof(float));
            f->snap->labels[i] = 0;
        }
        for (size_t i = 0; i < f->n_live; i++)
            f->snap->labels[f->n_real_live + i] = 1;
    } else {
        f->snap->img_h = m->shape.h;
        f->snap->img_w = m->shape.w;
        f->snap->img_c = m->shape.c;
    }
    return 0;
}

/* Generate the live samples into the snapshot; 0 or -1 (no picture). */
static int live_samples(Fit *f)
{
    GanModel *m = f->m;
    size_t w = m->latent + m->cond_dim;
    nn_graph_reset(f->gl);
    NnTensor *y = gan_g_forward(f->gl, m, nn_input(f->gl, f->live_zc, 2, (size_t[]){f->n_live, w}));
    if (!y || nn_graph_err(f->gl)) return -1;
    for (size_t i = 0; i < f->n_live; i++) {
        float *dst = MAT_ROW(f->snap, f->n_real_live + i);
        for (size_t j = 0; j < m->dim; j++)
            dst[j] = m->shift[j] + m->scale[j] * y->data[i * m->dim + j];
    }
    return 0;
}

static int report(Fit *f, double done, double run_d, double run_g, double t0, size_t seen,
                  int force)
{
    double t = now();
    if (!force && t - f->last < REPORT_SECONDS) return 0;
    f->last = t;
    GanModel *m = f->m;
    size_t k = m->epochs, len = k;
    if (k) {
        memcpy(f->curve, m->loss_d, k * sizeof(float));
        memcpy(f->curve2, m->loss_g, k * sizeof(float));
    }
    if (!isnan(run_d) && done > (double)k) { /* the epoch under way, so the curves move */
        f->curve[k] = (float)run_d;
        f->curve2[k] = (float)run_g;
        len = k + 1;
    }
    const Mat *snap = NULL;
    if (f->snap && (force || t - f->last_live >= LIVE_SECONDS)) {
        f->last_live = t;
        if (live_samples(f) == 0) snap = f->snap;
    }
    double vd = isnan(run_d) && k ? m->loss_d[k - 1] : run_d;
    double vg = isnan(run_g) && k ? m->loss_g[k - 1] : run_g;
    char note[128], rate[32];
    double el = t - t0;
    progress_rate(el > 0 ? (double)seen / el : 0, rate, sizeof rate);
    /* samples/s first: a status bar keeps the first words of a note; the
     * epochs done of all are the report's own done/total (as nnfit.c's) */
    if (k)
        snprintf(note, sizeof note, "%s samples/s, G loss %.3g, D(x) %.2f, D(G(z)) %.2f", rate, vg,
                 (double)m->p_real[k - 1], (double)m->p_fake[k - 1]);
    else if (!isnan(vg))
        snprintf(note, sizeof note, "%s samples/s, G loss %.3g", rate, vg);
    else
        snprintf(note, sizeof note, "%s samples/s", rate);
    ProgressInfo info = {.task = f->o->task,
                         .done = done,
                         .total = f->o->epochs,
                         .unit = "epoch",
                         .metric = isnan(vd) ? NULL : "D loss",
                         .value = vd,
                         .note = note,
                         .snapshot = snap,
                         .curve = len ? f->curve : NULL,
                         .curve_len = len,
                         .curve2 = len ? f->curve2 : NULL,
                         .curve2_len = len,
                         .curve_name = "D loss",
                         .curve2_name = "G loss",
                         /* a line an epoch, but not hundreds a second for a small set */
                         .milestone =
                             force && done > 0 && (t - f->last_line >= 1 || done >= f->o->epochs)};
    if (info.milestone) f->last_line = t;
    return progress_report(f->o->progress, &info);
}

/* ---- one step ------------------------------------------------------------------ */

typedef struct StepLoss {
    double d, g, p_real, p_fake;
} StepLoss;

static double mean_prob(const NnTensor *logits)
{
    double s = 0;
    for (size_t i = 0; i < logits->n; i++)
        s += 1 / (1 + exp(-(double)logits->data[i]));
    return logits->n ? s / (double)logits->n : NAN;
}

/* One discriminator step and one generator step on the real rows idx. */
static int step(Fit *f, NnOptim *og, NnOptim *od, const size_t *idx, size_t n, StepLoss *sl, Err *e)
{
    GanModel *m = f->m;
    size_t cd = m->cond_dim, wd = m->dim + cd;
    /* the generator's samples for this batch (its graph stays for its step) */
    fill_zc(f, f->zc, f->cond, idx, n, 1);
    nn_graph_reset(f->gg);
    NnTensor *fake = gan_g_forward(f->gg, m, nn_input(f->gg, f->zc, 2, (size_t[]){n, f->w_in}));
    if (!fake) return nn_graph_failed(f->gg, e);
    for (size_t i = 0; i < n; i++) {
        float *r = f->real + i * wd, *q = f->fake + i * wd;
        scaled_row(f, idx[i], r);
        memcpy(q, fake->data + i * m->dim, m->dim * sizeof *q);
        if (!cd) continue;
        memcpy(r + m->dim, f->cond + i * cd, cd * sizeof(float));
        memcpy(q + m->dim, f->cond + i * cd, cd * sizeof(float));
        /* the same real row with the condition of a class it is not */
        float *w = f->wrong + i * wd;
        memcpy(w, r, m->dim * sizeof *w);
        size_t c = (size_t)f->y[idx[i]], o = c;
        if (i % m->pack && (size_t)f->y[idx[i - 1]] == c) {
            o = f->wrong_class; /* a pack of one class gets one wrong class */
        } else if (m->n_classes > 1) {
            o = (size_t)rng_below(&f->rng, m->n_classes - 1);
            if (o >= c) o++;
        }
        f->wrong_class = o;
        for (size_t j = 0; j < cd; j++)
            w[m->dim + j] =
                m->class_cond[o * cd + j] + f->o->cond_noise * (float)rng_normal(&f->rng);
    }
    /* the discriminator's step */
    NnGraph *g = f->gd;
    nn_graph_reset(g);
    nn_params_zero_grad(&m->D);
    size_t sh[2] = {n, wd}, sy[2] = {n / m->pack, 1};
    NnTensor *ones = nn_input(g, f->ones, 2, sy), *zeros = nn_input(g, f->zeros, 2, sy);
    NnTensor *lr_ = gan_d_forward(g, m, nn_input(g, f->real, 2, sh));
    NnTensor *lf_ = gan_d_forward(g, m, nn_input(g, f->fake, 2, sh));
    NnTensor *l_real = nn_bce_logits(g, lr_, ones), *l_fake = nn_bce_logits(g, lf_, zeros);
    NnTensor *loss;
    if (cd) {
        NnTensor *lw_ = gan_d_forward(g, m, nn_input(g, f->wrong, 2, sh));
        NnTensor *l_wrong = nn_bce_logits(g, lw_, zeros);
        loss = nn_add(g, l_real, nn_affine(g, nn_add(g, l_fake, l_wrong), 0.5f, 0));
    } else {
        loss = nn_add(g, l_real, l_fake);
    }
    if (!loss) return nn_graph_failed(g, e);
    if (nn_backward(g, loss, NULL, e) < 0) return -1;
    nn_optim_step(od);
    sl->d = loss->data[0];
    sl->p_real = mean_prob(lr_);
    sl->p_fake = mean_prob(lf_);
    /* the generator's step through the frozen discriminator */
    g = f->gg;
    nn_params_zero_grad(&m->G);
    m->D.frozen = 1;
    NnTensor *xc = cd ? nn_concat(g, fake, nn_input(g, f->cond, 2, (size_t[]){n, cd})) : fake;
    NnTensor *lg = nn_bce_logits(g, gan_d_forward(g, m, xc), nn_input(g, f->ones, 2, sy));
    int rc = lg ? nn_backward(g, lg, NULL, e) : nn_graph_failed(g, e);
    m->D.frozen = 0;
    if (rc < 0) return -1;
    nn_optim_step(og);
    sl->g = lg->data[0];
    return 0;
}

/* A conditional batch in class order, so the rows of a pack share their
 * class and the discriminator sees a generator that makes one picture a
 * class (packing alone only catches one picture overall).  Insertion
 * sort: a batch is small and nearly any order will do. */
static void sort_by_class(Fit *f, size_t *idx, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        size_t v = idx[i], j = i;
        while (j > 0 && f->y[idx[j - 1]] > f->y[v]) {
            idx[j] = idx[j - 1];
            j--;
        }
        idx[j] = v;
    }
}

/* ---- the loop ---------------------------------------------------------------------- */

static int check(const GanModel *m, const Mat *X, const int *y, const GanFitOpts *o, Err *e)
{
    if (X->cols != m->dim)
        return err_about(e, "X", "the model makes samples of %zu values, X is %zux%zu", m->dim,
                         X->rows, X->cols);
    if (X->rows < 2) return err_about(e, "X", "X needs at least 2 rows, got %zu", X->rows);
    if (o->epochs < 0 || o->epochs > 100000)
        return err_about(e, "epochs", "epochs must be from 0 to 100000, got %d", o->epochs);
    if (o->batch < 1 || o->batch > 65536)
        return err_about(e, "batch", "batch must be from 1 to 65536, got %d", o->batch);
    if (!(o->lr_g > 0) || !(o->lr_d > 0) || !isfinite(o->lr_g) || !isfinite(o->lr_d))
        return err_about(e, "lr", "lr must be positive");
    for (size_t i = 0; i < X->rows * X->cols; i++)
        if (!isfinite(X->data[i]))
            return err_about(e, "X", "X has %s at row %zu, column %zu",
                             isnan(X->data[i]) ? "a NaN" : "an infinity", i / X->cols, i % X->cols);
    if (m->cond_dim) {
        if (!y) return err_about(e, "X", "X has no labels to condition on");
        for (size_t i = 0; i < X->rows; i++)
            if (y[i] < 0 || (size_t)y[i] >= m->n_classes)
                return err_about(e, "X", "row %zu has no class to condition on", i);
    }
    return 0;
}

int gan_fit(GanModel *m, const Mat *X, const int *labels, const GanFitOpts *o, GanFitResult *r,
            Err *e)
{
    double t_start = now();
    memset(r, 0, sizeof *r);
    Fit f = {.m = m, .X = X, .y = labels, .o = o};
    NnOptim og = {0}, od = {0};
    size_t *order = NULL;
    int rc = -1, saved_threads = blas_threads();
    if (check(m, X, labels, o, e) < 0) return -1;
    set_scaling(m, X);
    rng_seed(&f.rng, o->seed);
    Rng grng;
    rng_split(&f.rng, &grng);
    size_t n = X->rows, B = (size_t)o->batch < n ? (size_t)o->batch : n;
    B -= B % m->pack; /* whole packs */
    if (B == 0) {
        err_about(e, "batch", "batch must hold at least one pack of %zu rows", m->pack);
        goto done;
    }
    f.B = B;
    f.w_in = m->latent + m->cond_dim;
    f.w_d = m->dim + m->cond_dim;
    order = malloc(n * sizeof *order);
    f.zc = mat_alloc_floats(B * f.w_in, e);
    f.real = mat_alloc_floats(B * f.w_d, e);
    f.fake = mat_alloc_floats(B * f.w_d, e);
    f.wrong = mat_alloc_floats(B * f.w_d, e);
    f.cond = mat_alloc_floats(B * (m->cond_dim ? m->cond_dim : 1), e);
    f.ones = mat_alloc_floats(B, e);
    f.zeros = mat_alloc_floats(B, e);
    f.gg = nn_graph_new(&grng, e);
    f.gd = f.gg ? nn_graph_new(&grng, e) : NULL;
    if (!order || !f.zc || !f.real || !f.fake || !f.wrong || !f.cond || !f.ones || !f.zeros ||
        !f.gd) {
        if (!e->msg[0]) err_nomem(e, n * sizeof *order, "gan");
        goto done;
    }
    for (size_t i = 0; i < B; i++) {
        f.ones[i] = 1;
        f.zeros[i] = 0;
    }
    for (size_t i = 0; i < n; i++)
        order[i] = i;
    shuffle(order, n, &f.rng);
    size_t E = (size_t)o->epochs;
    free(m->loss_d);
    free(m->loss_g);
    free(m->p_real);
    free(m->p_fake);
    m->loss_d = malloc((E + 1) * sizeof(float));
    m->loss_g = malloc((E + 1) * sizeof(float));
    m->p_real = malloc((E + 1) * sizeof(float));
    m->p_fake = malloc((E + 1) * sizeof(float));
    f.curve = malloc((E + 2) * sizeof(float));
    f.curve2 = malloc((E + 2) * sizeof(float));
    if (!m->loss_d || !m->loss_g || !m->p_real || !m->p_fake || !f.curve || !f.curve2) {
        err_nomem(e, E * 24, "gan");
        goto done;
    }
    m->epochs = 0;
    m->stopped = 0;
    if (o->live && live_setup(&f, order, e) < 0) goto done;
    if (nn_optim_init(&og, &m->G, NN_OPT_ADAM, o->lr_g, e) < 0 ||
        nn_optim_init(&od, &m->D, NN_OPT_ADAM, o->lr_d, e) < 0)
        goto done;
    og.beta1 = od.beta1 = o->beta1;
    og.beta2 = od.beta2 = o->beta2;
    if (o->threads > 0) blas_set_threads(o->threads);
    double t0 = now(), t_train = 0;
    size_t seen = 0;
    int stop = report(&f, 0, NAN, NAN, t0, 0, 1);
    for (size_t ep = 0; ep < E && !stop; ep++) {
        double te = now();
        shuffle(order, n, &f.rng);
        double sd = 0, sg = 0, pr = 0, pf = 0;
        size_t steps = 0;
        /* whole batches only: a last small batch would make a noisy step */
        for (size_t at = 0; at + B <= n; at += B) {
            StepLoss sl = {0};
            if (m->cond_dim) sort_by_class(&f, order + at, B);
            if (step(&f, &og, &od, order + at, B, &sl, e) < 0) {
                err_prefix(e, "%s", o->task);
                goto done;
            }
            if (!isfinite(sl.d) || !isfinite(sl.g)) {
                err_set(e, "%s: the losses became %g and %g in epoch %zu (try a smaller lr)",
                        o->task, sl.d, sl.g, ep + 1);
                goto done;
            }
            sd += sl.d;
            sg += sl.g;
            pr += sl.p_real;
            pf += sl.p_fake;
            steps++;
            seen += B;
            double done_ep = (double)ep + (double)(at + B) / (double)n;
            if (report(&f, done_ep, sd / (double)steps, sg / (double)steps, t0, seen, 0)) {
                stop = 1;
                break;
            }
        }
        t_train += now() - te;
        if (stop) break;
        m->loss_d[m->epochs] = (float)(sd / (double)steps);
        m->loss_g[m->epochs] = (float)(sg / (double)steps);
        m->p_real[m->epochs] = (float)(pr / (double)steps);
        m->p_fake[m->epochs] = (float)(pf / (double)steps);
        m->epochs++;
        if (report(&f, (double)(ep + 1), NAN, NAN, t0, seen, 1)) stop = 1;
    }
    m->stopped = stop;
    r->samples_per_sec = t_train > 0 ? (double)seen / t_train : 0;
    rc = 0;
done:
    blas_set_threads(saved_threads);
    nn_optim_free(&og);
    nn_optim_free(&od);
    free(order);
    fit_free(&f);
    r->seconds = now() - t_start;
    return rc;
}
