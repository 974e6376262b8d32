/* nnfit.c — the training loop of the learned-code models (nnfit.h). */
#include "train/nnfit.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/blas.h"

#define LIVE_MAX 2000      /* rows in the live map of the code */
#define REPORT_SECONDS 0.1 /* between progress reports */
#define LIVE_SECONDS 0.25  /* between live maps (each costs a forward pass) */

void nnfit_default_opts(NnFitOpts *o)
{
    memset(o, 0, sizeof *o);
    o->epochs = 10;
    o->batch = 128;
    o->lr = 1e-3f;
    o->optimizer = NN_OPT_ADAM;
    o->validation = 0.1;
    o->seed = 1;
    o->task = "train";
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

typedef struct Fit {
    NnModel *m;
    const Mat *X;
    const int *y;
    const NnFitOpts *o;
    const char *f;             /* name in errors */
    size_t *tr, ntr, *va, nva; /* va points into tr */
    size_t *order;             /* one epoch's rows */
    size_t norder, order_cap;
    float *xb; /* a batch, scaled */
    int *yb;
    size_t cap; /* rows xb holds */
    float inv;
    Rng rng; /* split, order, mining */
    NnGraph *g;
    /* triplets of the current batch (rows of the batch) */
    size_t *ta, *tp, *tn, ntrip, trip_cap;
    /* rows of each class (triplet batches) */
    size_t ncls, **cls, *cls_n, *cls_at;
} Fit;

static void fit_free(Fit *f)
{
    free(f->tr);
    free(f->order);
    free(f->xb);
    free(f->yb);
    free(f->ta);
    free(f->tp);
    free(f->tn);
    if (f->cls)
        for (size_t c = 0; c < f->ncls; c++)
            free(f->cls[c]);
    free(f->cls);
    free(f->cls_n);
    free(f->cls_at);
    nn_graph_free(f->g);
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

/* Scale: divide by the largest value when all are >= 0 and some > 1. */
static float data_scale(const Mat *X)
{
    float lo = 0, hi = 0;
    size_t n = X->rows * X->cols;
    for (size_t i = 0; i < n; i++) {
        float v = X->data[i];
        if (v < lo) lo = v;
        if (v > hi) hi = v;
    }
    return lo >= 0 && hi > 1 ? hi : 1;
}

/* Copy rows idx[0..n) into the batch buffers. */
static void gather(Fit *f, const size_t *idx, size_t n)
{
    size_t d = f->X->cols;
    for (size_t i = 0; i < n; i++) {
        const float *src = MAT_ROW(f->X, idx[i]);
        float *dst = f->xb + i * d;
        for (size_t j = 0; j < d; j++)
            dst[j] = src[j] * f->inv;
        if (f->y) f->yb[i] = f->y[idx[i]];
    }
}

/* ---- triplet batches and mining -------------------------------------- */

/* Group the rows idx[0..n) by class for P x K batches. */
static int group_classes(Fit *f, const size_t *idx, size_t n, Err *e)
{
    if (f->cls)
        for (size_t c = 0; c < f->ncls; c++)
            f->cls_n[c] = 0;
    for (size_t i = 0; i < n; i++) {
        int c = f->y[idx[i]];
        size_t k = f->cls_n[c]++;
        f->cls[c][k] = idx[i];
    }
    (void)e;
    return 0;
}

/* One epoch's order of P x K batches from the grouped rows; nrows is the
 * number of rows the epoch should cover. */
static void triplet_order(Fit *f, size_t nrows)
{
    size_t elig[4096], ne = 0;
    for (size_t c = 0; c < f->ncls && ne < 4096; c++)
        if (f->cls_n[c] >= 2) elig[ne++] = c;
    size_t B = (size_t)f->o->batch;
    size_t K = B / ne > 2 ? B / ne : 2;
    size_t P = B / K < ne ? B / K : ne;
    if (P < 1) P = 1;
    size_t nb = nrows / B ? nrows / B : 1;
    f->norder = 0;
    for (size_t c = 0; c < f->ncls; c++) {
        shuffle(f->cls[c], f->cls_n[c], &f->rng);
        f->cls_at[c] = 0;
    }
    for (size_t b = 0; b < nb; b++) {
        for (size_t p = 0; p < P; p++) { /* P distinct classes: partial Fisher-Yates */
            size_t j = p + (size_t)rng_below(&f->rng, ne - p);
            size_t t = elig[p];
            elig[p] = elig[j];
            elig[j] = t;
            size_t c = elig[p];
            for (size_t k = 0; k < K && k < f->cls_n[c] && f->norder < f->order_cap; k++) {
                if (f->cls_at[c] == f->cls_n[c]) {
                    shuffle(f->cls[c], f->cls_n[c], &f->rng);
                    f->cls_at[c] = 0;
                }
                f->order[f->norder++] = f->cls[c][f->cls_at[c]++];
            }
        }
    }
}

/* Triplets (anchor, positive, negative) among the n rows of a batch of
 * L2-normalised embeddings E (n x d): every anchor-positive pair, the
 * negative chosen by the mining rule.  Semi-hard (Schroff et al. 2015,
 * as TensorFlow's triplet_semihard_loss): the nearest negative farther
 * than the positive, else the farthest negative. */
static int mine(Fit *f, const float *E, size_t n, size_t d, Err *e)
{
    const int *y = f->yb;
    f->ntrip = 0;
    double *D = malloc(n * n * sizeof *D);
    if (!D) return err_nomem(e, n * n * sizeof *D, "triplet distances");
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            double s = 0;
            for (size_t k = 0; k < d; k++) {
                double t = (double)E[i * d + k] - E[j * d + k];
                s += t * t;
            }
            D[i * n + j] = s;
        }
    for (size_t a = 0; a < n; a++)
        for (size_t p = 0; p < n; p++) {
            if (p == a || y[p] != y[a]) continue;
            double dap = D[a * n + p];
            long best = -1, far = -1;
            double bd = INFINITY, fd = -1;
            size_t nneg = 0;
            for (size_t k = 0; k < n; k++) {
                if (y[k] == y[a]) continue;
                nneg++;
                double dn = D[a * n + k];
                if (f->m->mining == NNM_MINE_HARD) {
                    if (dn < bd) bd = dn, best = (long)k;
                } else if (f->m->mining == NNM_MINE_SEMIHARD) {
                    if (dn > dap && dn < bd) bd = dn, best = (long)k;
                    if (dn > fd) fd = dn, far = (long)k;
                }
            }
            if (nneg == 0) continue;
            if (f->m->mining == NNM_MINE_RANDOM) {
                size_t pick = (size_t)rng_below(&f->rng, nneg);
                for (size_t k = 0; k < n; k++)
                    if (y[k] != y[a] && pick-- == 0) {
                        best = (long)k;
                        break;
                    }
            } else if (best < 0) {
                best = far;
            }
            if (f->ntrip == f->trip_cap) {
                size_t cap = f->trip_cap ? f->trip_cap * 2 : 1024;
                size_t *na = realloc(f->ta, cap * sizeof *na);
                if (na) f->ta = na;
                size_t *np = na ? realloc(f->tp, cap * sizeof *np) : NULL;
                if (np) f->tp = np;
                size_t *nn = np ? realloc(f->tn, cap * sizeof *nn) : NULL;
                if (!nn) {
                    free(D);
                    return err_nomem(e, cap * 3 * sizeof(size_t), "triplets");
                }
                f->tn = nn;
                f->trip_cap = cap;
            }
            f->ta[f->ntrip] = a;
            f->tp[f->ntrip] = p;
            f->tn[f->ntrip] = (size_t)best;
            f->ntrip++;
        }
    free(D);
    return 0;
}

/* ---- one batch ---------------------------------------------------------- */

/* The loss of the batch in f->xb / f->yb (n rows).  *correct counts right
 * predictions (classifier); *skip is set for a triplet batch without
 * triplets.  NULL when the graph failed (or e is set). */
static NnTensor *batch_loss(Fit *f, size_t n, long *correct, int *skip, Err *e)
{
    NnModel *m = f->m;
    NnGraph *g = f->g;
    size_t d = m->in_dim;
    NnTensor *x = nn_input(g, f->xb, 2, (const size_t[]){n, d});
    *skip = 0;
    switch (m->kind) {
    case NNM_AUTOENCODER: {
        NnTensor *out = nn_net_forward(g, &m->dec, nn_net_forward(g, &m->enc, x, NULL), NULL);
        return m->loss == NNM_LOSS_BCE ? nn_bce_logits(g, out, x) : nn_mse(g, out, x);
    }
    case NNM_VAE: {
        NnTensor *h = nn_net_forward(g, &m->enc, x, NULL);
        NnTensor *mu = nn_slice(g, h, 0, m->latent), *lv = nn_slice(g, h, m->latent, m->latent);
        NnTensor *out = nn_net_forward(g, &m->dec, nn_reparam(g, mu, lv), NULL);
        /* reconstruction summed over a row's values, then the mean over rows */
        NnTensor *rec = m->loss == NNM_LOSS_BCE ? nn_bce_logits(g, out, x) : nn_mse(g, out, x);
        return nn_add(g, nn_affine(g, rec, (float)d, 0), nn_kl_normal(g, mu, lv));
    }
    case NNM_CLASSIFIER: {
        NnTensor *z = nn_net_forward(g, &m->enc, x, NULL);
        NnTensor *l = nn_softmax_xent(g, z, f->yb);
        if (l) {
            size_t C = z->shape[1];
            for (size_t i = 0; i < n; i++) {
                const float *r = z->data + i * C;
                size_t best = 0;
                for (size_t j = 1; j < C; j++)
                    if (r[j] > r[best]) best = j;
                *correct += (int)best == f->yb[i];
            }
        }
        return l;
    }
    case NNM_TRIPLET: {
        NnTensor *emb = nn_l2norm(g, nn_net_forward(g, &m->enc, x, NULL));
        if (!emb) return NULL;
        if (mine(f, emb->data, n, emb->shape[1], e) < 0) return NULL;
        if (f->ntrip == 0) {
            *skip = 1;
            return NULL;
        }
        NnTensor *a = nn_rows(g, emb, f->ta, f->ntrip), *p = nn_rows(g, emb, f->tp, f->ntrip);
        NnTensor *ng = nn_rows(g, emb, f->tn, f->ntrip);
        NnTensor *gap = nn_sub(g, nn_rowdist2(g, a, p), nn_rowdist2(g, a, ng));
        return nn_mean(g, nn_relu(g, nn_affine(g, gap, 1, m->margin)));
    }
    }
    return NULL;
}

/* Mean loss (and accuracy) over rows idx[0..n) without learning. */
static int evaluate(Fit *f, const size_t *idx, size_t n, double *loss, double *acc, Err *e)
{
    double sum = 0;
    size_t seen = 0;
    long correct = 0;
    nn_graph_set_train(f->g, 0);
    for (size_t at = 0; at < n; at += (size_t)f->o->batch) {
        size_t nb = n - at < (size_t)f->o->batch ? n - at : (size_t)f->o->batch;
        gather(f, idx + at, nb);
        nn_graph_reset(f->g);
        int skip;
        NnTensor *l = batch_loss(f, nb, &correct, &skip, e);
        if (skip) continue;
        if (!l) {
            nn_graph_set_train(f->g, 1);
            if (!e->msg[0]) nn_graph_failed(f->g, e);
            return -1;
        }
        sum += (double)l->data[0] * (double)nb;
        seen += nb;
    }
    nn_graph_set_train(f->g, 1);
    *loss = seen ? sum / (double)seen : NAN;
    *acc = n ? (double)correct / (double)n : NAN;
    return 0;
}

/* ---- the loop ------------------------------------------------------------ */

typedef struct Reporter {
    const NnFitOpts *o;
    Mat *snap;        /* live code, or NULL */
    size_t *live_idx; /* its rows */
    float *curve, *curve2;
    double last, last_live;
} Reporter;

/* force: an epoch ended (always reported, kept as a line by a script's
 * front end). */
static int report(Fit *f, Reporter *rep, double done, double running, double t0,
                  size_t seen, int force)
{
    double t = now();
    if (!force && t - rep->last < REPORT_SECONDS) return 0;
    rep->last = t;
    NnModel *m = f->m;
    size_t k = m->epochs;
    memcpy(rep->curve, m->loss_train, k * sizeof(float));
    memcpy(rep->curve2, m->loss_val, k * sizeof(float));
    size_t len = k;
    if (!isnan(running) &&
        done > (double)k) { /* the epoch under way, so the curve moves between epochs */
        rep->curve[k] = (float)running;
        rep->curve2[k] = NAN;
        len = k + 1;
    }
    const Mat *snap = NULL;
    if (rep->snap && (force || t - rep->last_live >= LIVE_SECONDS)) {
        rep->last_live = t;
        Err e2;
        Mat *sub = mat_new_uninit(rep->snap->rows, f->X->cols, &e2);
        if (sub) {
            for (size_t i = 0; i < sub->rows; i++)
                memcpy(MAT_ROW(sub, i), MAT_ROW(f->X, rep->live_idx[i]),
                       f->X->cols * sizeof(float));
            Mat *Z = nnm_encode(m, sub, &e2);
            if (Z) {
                memcpy(rep->snap->data, Z->data, rep->snap->rows * 2 * sizeof(float));
                snap = rep->snap;
                mat_free(Z);
            }
            mat_free(sub);
        }
    }
    char note[96], rate[32];
    double el = t - t0, value = isnan(running) && k ? m->loss_train[k - 1] : running;
    progress_rate(el > 0 ? (double)seen / el : 0, rate, sizeof rate);
    /* samples/s first: a status bar keeps the first words of a note; the
     * epochs done of all are the report's own done/total */
    if (k && !isnan(m->loss_val[k - 1]))
        snprintf(note, sizeof note, "%s samples/s, validation %.4g", rate,
                 (double)m->loss_val[k - 1]);
    else
        snprintf(note, sizeof note, "%s samples/s", rate);
    ProgressInfo info = {.task = f->o->task,
                         .done = done,
                         .total = f->o->epochs,
                         .unit = "epoch",
                         .metric = isnan(value) ? NULL : "loss",
                         .value = value,
                         .note = note,
                         .snapshot = snap,
                         .curve = len ? rep->curve : NULL,
                         .curve_len = len,
                         .curve2 = len ? rep->curve2 : NULL,
                         .curve2_len = len,
                         .curve_name = "training",
                         .curve2_name = "validation",
                         .milestone = force && done > 0};
    return progress_report(f->o->progress, &info);
}

static int check_labels(Fit *f, Err *e)
{
    NnModel *m = f->m;
    if (m->kind != NNM_CLASSIFIER && m->kind != NNM_TRIPLET) return 0;
    if (!f->y) return err_set(e, "%s: X has no labels (load it with label=, or give by=)", f->f);
    size_t C = m->kind == NNM_CLASSIFIER ? m->n_classes : 0;
    for (size_t i = 0; i < f->X->rows; i++) {
        if (f->y[i] < 0) return err_set(e, "%s: row %zu has no label", f->f, i);
        if (C && (size_t)f->y[i] >= C)
            return err_set(e, "%s: row %zu has class %d of %zu", f->f, i, f->y[i], C);
        if ((size_t)f->y[i] + 1 > f->ncls) f->ncls = (size_t)f->y[i] + 1;
    }
    return 0;
}

int nnm_fit(NnModel *m, const Mat *X, const int *labels, const NnFitOpts *o, NnFitResult *r, Err *e)
{
    double t_start = now();
    memset(r, 0, sizeof *r);
    r->train_accuracy = r->val_accuracy = NAN;
    Fit f = {.m = m, .X = X, .y = labels, .o = o, .f = nnm_kind_name(m->kind)};
    Reporter rep = {.o = o};
    NnOptim opt = {0};
    int rc = -1, saved_threads = blas_threads();
    if (X->cols != m->in_dim) {
        err_set(e, "%s: the model takes rows of %zu values, X is %zux%zu", f.f, m->in_dim, X->rows,
                X->cols);
        goto done;
    }
    if (o->epochs < 0 || o->epochs > 100000) {
        err_set(e, "%s: epochs must be from 0 to 100000, got %d", f.f, o->epochs);
        goto done;
    }
    if (o->batch < 1 || o->batch > 65536) {
        err_set(e, "%s: batch must be from 1 to 65536, got %d", f.f, o->batch);
        goto done;
    }
    if (!(o->validation >= 0 && o->validation <= 0.9)) {
        err_set(e, "%s: validation must be a share from 0 to 0.9, got %g", f.f, o->validation);
        goto done;
    }
    if (!(o->lr > 0) || !isfinite(o->lr)) {
        err_set(e, "%s: lr must be positive, got %g", f.f, (double)o->lr);
        goto done;
    }
    if (check_labels(&f, e) < 0) goto done;
    for (size_t i = 0; i < X->rows * X->cols; i++)
        if (!isfinite(X->data[i])) {
            err_set(e, "%s: X has %s at row %zu, column %zu", f.f,
                    isnan(X->data[i]) ? "a NaN" : "an infinity", i / X->cols, i % X->cols);
            goto done;
        }
    m->scale = data_scale(X);
    f.inv = 1.0f / m->scale;
    if (m->loss == NNM_LOSS_BCE && (m->kind == NNM_AUTOENCODER || m->kind == NNM_VAE)) {
        /* Values >= 0 are scaled into [0, 1] by data_scale, so only a
         * negative one can be out of range: name it, not a large positive
         * value before it (a standardised X said "found 1.51861"). */
        for (size_t i = 0; i < X->rows * X->cols; i++) {
            float v = X->data[i] * f.inv;
            if (!(v >= 0 && v <= 1)) {
                size_t k = i;
                while (k < X->rows * X->cols && !(X->data[k] < 0)) k++;
                if (k == X->rows * X->cols) k = i;
                err_set(e,
                        "%s: loss \"bce\" needs values from 0 to 1 (or all >= 0, scaled by the "
                        "largest), found %g in row %zu, column %zu; loss=\"mse\" takes any values",
                        f.f, (double)X->data[k], k / X->cols, k % X->cols);
                goto done;
            }
        }
    }
    size_t n = X->rows;
    size_t nva = (size_t)floor(o->validation * (double)n + 0.5);
    if (n - nva < 1) {
        err_set(e, "%s: no rows left to train on (%zu rows, validation %g)", f.f, n, o->validation);
        goto done;
    }
    rng_seed(&f.rng, o->seed);
    Rng grng;
    rng_split(&f.rng, &grng);
    f.tr = malloc(n * sizeof *f.tr);
    f.order_cap = n + (size_t)o->batch;
    f.order = malloc(f.order_cap * sizeof *f.order);
    f.cap = (size_t)o->batch;
    f.xb = mat_alloc_floats(f.cap * X->cols, e);
    f.yb = malloc(f.cap * sizeof *f.yb);
    f.g = nn_graph_new(&grng, e);
    if (!f.tr || !f.order || !f.xb || !f.yb || !f.g) {
        if (f.g && f.xb) err_nomem(e, n * 2 * sizeof(size_t), f.f);
        goto done;
    }
    for (size_t i = 0; i < n; i++)
        f.tr[i] = i;
    shuffle(f.tr, n, &f.rng);
    f.ntr = n - nva;
    f.va = f.tr + f.ntr; /* the last nva rows of the permutation */
    f.nva = nva;
    if (m->kind == NNM_TRIPLET) {
        f.cls = calloc(f.ncls, sizeof *f.cls);
        f.cls_n = calloc(f.ncls, sizeof *f.cls_n);
        f.cls_at = calloc(f.ncls, sizeof *f.cls_at);
        if (!f.cls || !f.cls_n || !f.cls_at) {
            err_nomem(e, f.ncls * 32, f.f);
            goto done;
        }
        for (size_t i = 0; i < n; i++)
            f.cls_n[labels[i]]++;
        for (size_t c = 0; c < f.ncls; c++)
            if (!(f.cls[c] = malloc((f.cls_n[c] ? f.cls_n[c] : 1) * sizeof **f.cls))) {
                err_nomem(e, f.cls_n[c] * sizeof **f.cls, f.f);
                goto done;
            }
        group_classes(&f, f.tr, f.ntr, e);
        size_t pairs = 0, present = 0;
        for (size_t c = 0; c < f.ncls; c++) {
            pairs += f.cls_n[c] >= 2;
            present += f.cls_n[c] >= 1;
        }
        if (pairs == 0) {
            err_set(e, "triplet: no class has two training rows to make a pair");
            goto done;
        }
        if (present < 2) {
            err_set(e, "triplet: the training rows are all of one class; negatives need a second");
            goto done;
        }
    }
    size_t E = (size_t)o->epochs;
    free(m->loss_train);
    free(m->loss_val);
    m->loss_train = malloc((E + 1) * sizeof(float));
    m->loss_val = malloc((E + 1) * sizeof(float));
    rep.curve = malloc((E + 2) * sizeof(float));
    rep.curve2 = malloc((E + 2) * sizeof(float));
    if (!m->loss_train || !m->loss_val || !rep.curve || !rep.curve2) {
        err_nomem(e, E * 16, f.f);
        goto done;
    }
    m->epochs = 0;
    m->stopped = 0;
    if (o->live_code && nnm_out_dim(m) == 2 && m->kind != NNM_CLASSIFIER) {
        size_t nl = f.ntr < LIVE_MAX ? f.ntr : LIVE_MAX;
        rep.snap = mat_new(nl, 2, e);
        rep.live_idx = malloc(nl * sizeof *rep.live_idx);
        if (!rep.snap || !rep.live_idx || mat_copy_row_meta(rep.snap, X, f.tr, nl, e) < 0) {
            if (rep.snap && !rep.live_idx) err_nomem(e, nl * sizeof(size_t), f.f);
            goto done;
        }
        memcpy(rep.live_idx, f.tr, nl * sizeof *rep.live_idx);
        rep.snap->img_h = rep.snap->img_w = rep.snap->img_c = 0;
    }
    if (nn_optim_init(&opt, &m->P, o->optimizer, o->lr, e) < 0) goto done;
    opt.weight_decay = o->weight_decay;
    if (o->threads > 0) blas_set_threads(o->threads);

    double t_train = 0, t0 = now();
    size_t seen = 0;
    int stop = report(&f, &rep, 0, NAN, t0, 0, 1);
    for (size_t ep = 0; ep < E && !stop; ep++) {
        double te = now();
        if (m->kind == NNM_TRIPLET) {
            triplet_order(&f, f.ntr);
        } else {
            memcpy(f.order, f.tr, f.ntr * sizeof *f.order);
            shuffle(f.order, f.ntr, &f.rng);
            f.norder = f.ntr;
        }
        double sum = 0;
        size_t rows = 0;
        long correct = 0;
        for (size_t at = 0; at < f.norder; at += (size_t)o->batch) {
            size_t nb = f.norder - at < (size_t)o->batch ? f.norder - at : (size_t)o->batch;
            gather(&f, f.order + at, nb);
            nn_graph_reset(f.g);
            nn_params_zero_grad(&m->P);
            int skip;
            NnTensor *loss = batch_loss(&f, nb, &correct, &skip, e);
            if (!skip) {
                if (!loss && !e->msg[0]) nn_graph_failed(f.g, e);
                if (!loss || nn_backward(f.g, loss, NULL, e) < 0) {
                    err_prefix(e, "%s", f.f);
                    goto done;
                }
                if (!isfinite(loss->data[0])) {
                    err_set(e, "%s: the loss became %g in epoch %zu (try a smaller lr)", f.f,
                            (double)loss->data[0], ep + 1);
                    goto done;
                }
                nn_optim_step(&opt);
                sum += (double)loss->data[0] * (double)nb;
                rows += nb;
            }
            seen += nb;
            double done_ep = (double)ep + (double)(at + nb) / (double)f.norder;
            if (report(&f, &rep, done_ep, rows ? sum / (double)rows : NAN, t0, seen, 0)) {
                stop = 1;
                break;
            }
        }
        t_train += now() - te;
        if (stop) break;
        double vl = NAN, va = NAN;
        if (f.nva && evaluate(&f, f.va, f.nva, &vl, &va, e) < 0) {
            err_prefix(e, "%s", f.f);
            goto done;
        }
        m->loss_train[m->epochs] = rows ? (float)(sum / (double)rows) : NAN;
        m->loss_val[m->epochs] = (float)vl;
        m->epochs++;
        if (m->kind == NNM_CLASSIFIER) {
            r->train_accuracy = (double)correct / (double)f.norder;
            r->val_accuracy = va;
        }
        if (report(&f, &rep, (double)(ep + 1), NAN, t0, seen, 1)) stop = 1;
    }
    m->stopped = stop;
    r->train_seconds = t_train;
    r->samples_per_sec = t_train > 0 ? (double)seen / t_train : 0;
    r->n_train = f.ntr;
    r->n_val = f.nva;
    rc = 0;
done:
    blas_set_threads(saved_threads);
    nn_optim_free(&opt);
    mat_free(rep.snap);
    free(rep.live_idx);
    free(rep.curve);
    free(rep.curve2);
    fit_free(&f);
    r->seconds = now() - t_start;
    return rc;
}
