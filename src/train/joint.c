/* joint.c — the joint embedding of two kinds of rows (joint.h). */
#include "train/joint.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/blas.h"
#include "nn/ops_rank.h"

#define REPORT_SECONDS 0.1

static int make_spec(NnSpec *s, const long *w, size_t nw, size_t dims, Err *e)
{
    memset(s, 0, sizeof *s);
    if (nn_spec_widths(w, nw, s, e) < 0) return -1;
    NnLayerSpec l = {.kind = NN_L_DENSE, .n = (int)dims, .act = NN_ACT_NONE};
    if (nn_spec_push(s, &l, e) < 0) return -1;
    nn_spec_resolve(s, NN_ACT_RELU, 0);
    return 0;
}

/* Both nets from one spec, and the standardisation store. */
static int declare(JointModel *m, const NnSpec *s, Err *e)
{
    nn_params_init_store(&m->P);
    nn_params_init_store(&m->S);
    if (nn_net_build(&m->fa, s, (NnShape){1, 1, m->da}, 0, &m->P, "joint.a", e) < 0 ||
        nn_net_build(&m->fb, s, (NnShape){1, 1, m->db}, 0, &m->P, "joint.b", e) < 0)
        return -1;
    if (nn_params_add(&m->S, "joint.mean_a", 1, (const size_t[]){m->da}, e) < 0 ||
        nn_params_add(&m->S, "joint.std_a", 1, (const size_t[]){m->da}, e) < 0 ||
        nn_params_add(&m->S, "joint.mean_b", 1, (const size_t[]){m->db}, e) < 0 ||
        nn_params_add(&m->S, "joint.std_b", 1, (const size_t[]){m->db}, e) < 0)
        return -1;
    return 0;
}

int joint_build(JointModel *m, size_t da, size_t db, size_t dims, const long *widths, size_t nw,
                float margin, int hardest, Rng *r, Err *e)
{
    memset(m, 0, sizeof *m);
    m->da = da;
    m->db = db;
    m->dims = dims;
    m->margin = margin;
    m->hardest = hardest;
    NnSpec s;
    int rc = make_spec(&s, widths, nw, dims, e);
    if (rc == 0) rc = declare(m, &s, e);
    nn_spec_free(&s);
    if (rc < 0) {
        joint_free(m);
        return -1;
    }
    nn_net_init(&m->fa, r);
    nn_net_init(&m->fb, r);
    float *sa = nn_params_at(&m->S, 1), *sb = nn_params_at(&m->S, 3);
    for (size_t j = 0; j < da; j++)
        sa[j] = 1;
    for (size_t j = 0; j < db; j++)
        sb[j] = 1;
    return 0;
}

void joint_free(JointModel *m)
{
    nn_net_free(&m->fa);
    nn_net_free(&m->fb);
    nn_params_free(&m->P);
    nn_params_free(&m->S);
    free(m->loss);
    memset(m, 0, sizeof *m);
}

/* Rows rows[0..n) of X standardised by side's statistics into out. */
static void standardise(const JointModel *m, const Mat *X, int side, const size_t *rows, size_t n,
                        float *out)
{
    NnParams *S = (NnParams *)&m->S;
    const float *mu = nn_params_at(S, side ? 2 : 0), *sd = nn_params_at(S, side ? 3 : 1);
    size_t d = X->cols;
    for (size_t i = 0; i < n; i++) {
        const float *x = MAT_ROW(X, rows ? rows[i] : i);
        for (size_t j = 0; j < d; j++)
            out[i * d + j] = (x[j] - mu[j]) / sd[j];
    }
}

static NnTensor *forward(NnGraph *g, const JointModel *m, int side, const float *x, size_t n)
{
    size_t d = side ? m->db : m->da;
    NnTensor *in = nn_input(g, x, 2, (const size_t[]){n, d});
    return nn_l2norm(g, nn_net_forward(g, side ? &m->fb : &m->fa, in, NULL));
}

static void stats(const Mat *X, float *mu, float *sd)
{
    size_t n = X->rows, d = X->cols;
    for (size_t j = 0; j < d; j++) {
        double s = 0, s2 = 0;
        for (size_t i = 0; i < n; i++)
            s += MAT_ROW(X, i)[j];
        double mean = s / (double)n;
        for (size_t i = 0; i < n; i++) {
            double v = MAT_ROW(X, i)[j] - mean;
            s2 += v * v;
        }
        double sdv = sqrt(s2 / (double)n);
        mu[j] = (float)mean;
        sd[j] = sdv > 1e-6 ? (float)sdv : 1.0f; /* a constant column stays 0 */
    }
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static int check_finite(const Mat *X, const char *name, Err *e)
{
    for (size_t i = 0; i < X->rows * X->cols; i++)
        if (!isfinite(X->data[i]))
            return err_set(e, "%s has %s at row %zu, column %zu", name,
                           isnan(X->data[i]) ? "a NaN" : "an infinity", i / X->cols, i % X->cols);
    return 0;
}

int joint_fit(JointModel *m, const Mat *A, const Mat *B, const JointFitOpts *o, Err *e)
{
    if (A->rows != B->rows)
        return err_set(e, "A and B must have the same rows (pairs), got %zu and %zu", A->rows,
                       B->rows);
    if (A->cols != m->da || B->cols != m->db)
        return err_set(e, "the model takes rows of %zu and %zu values, got %zu and %zu", m->da,
                       m->db, A->cols, B->cols);
    if (A->rows < 2) return err_set(e, "A and B need at least 2 pairs, got %zu", A->rows);
    if (check_finite(A, "A", e) < 0 || check_finite(B, "B", e) < 0) return -1;
    size_t n = A->rows, Bt = (size_t)o->batch < n ? (size_t)o->batch : n;
    stats(A, nn_params_at(&m->S, 0), nn_params_at(&m->S, 1));
    stats(B, nn_params_at(&m->S, 2), nn_params_at(&m->S, 3));
    size_t *order = malloc(n * sizeof *order);
    float *xa = malloc(Bt * m->da * sizeof *xa), *xb = malloc(Bt * m->db * sizeof *xb);
    float *hist = realloc(m->loss, (m->epochs + (size_t)o->epochs + 1) * sizeof(float));
    if (hist) m->loss = hist;
    NnGraph *g = NULL;
    NnOptim opt = {0};
    int rc = -1, saved = blas_threads();
    if (o->threads > 0) blas_set_threads(o->threads);
    if (!order || !xa || !xb || !hist) {
        err_nomem(e, n * sizeof *order, "joint");
        goto done;
    }
    if (!(g = nn_graph_new(NULL, e)) || nn_optim_init(&opt, &m->P, NN_OPT_ADAM, o->lr, e) < 0)
        goto done;
    Rng r;
    rng_seed(&r, o->seed);
    for (size_t i = 0; i < n; i++)
        order[i] = i;
    double t0 = now(), last = 0;
    size_t seen = 0;
    for (int ep = 0; ep < o->epochs && !m->stopped; ep++) {
        for (size_t i = n - 1; i > 0; i--) { /* Fisher-Yates */
            size_t j = (size_t)rng_below(&r, i + 1), t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        double sum = 0;
        size_t nb = 0;
        for (size_t s = 0; s + 1 < n; s += Bt) {
            size_t k = n - s < Bt ? n - s : Bt;
            if (k < 2) break;
            standardise(m, A, 0, order + s, k, xa);
            standardise(m, B, 1, order + s, k, xb);
            nn_graph_reset(g);
            nn_params_zero_grad(&m->P);
            NnTensor *S = nn_matmul(g, forward(g, m, 0, xa, k), forward(g, m, 1, xb, k), 0, 1);
            NnTensor *L = nn_rank_hinge(g, S, m->margin, m->hardest);
            if (nn_graph_failed(g, e) < 0 || nn_backward(g, L, NULL, e) < 0) goto done;
            nn_optim_step(&opt);
            sum += L->data[0];
            nb++;
            seen += k;
            double t = now();
            if (t - last > REPORT_SECONDS) {
                last = t;
                char note[64], rate[32];
                progress_rate(t > t0 ? (double)seen / (t - t0) : 0, rate, sizeof rate);
                snprintf(note, sizeof note, "%s pairs/s", rate);
                ProgressInfo info = {.task = "joint",
                                     .done = ep + (double)(s + k) / (double)n,
                                     .total = o->epochs,
                                     .unit = "epoch",
                                     .metric = "loss",
                                     .value = sum / (double)nb,
                                     .note = note,
                                     .curve = m->epochs ? m->loss : NULL,
                                     .curve_len = m->epochs,
                                     .curve_name = "ranking loss"};
                if (progress_report(o->progress, &info)) {
                    m->stopped = 1;
                    break;
                }
            }
        }
        m->loss[m->epochs++] = (float)(nb ? sum / (double)nb : NAN);
        ProgressInfo info = {.task = "joint",
                             .done = ep + 1,
                             .total = o->epochs,
                             .unit = "epoch",
                             .metric = "loss",
                             .value = m->loss[m->epochs - 1],
                             .curve = m->loss,
                             .curve_len = m->epochs,
                             .curve_name = "ranking loss",
                             .milestone = 1};
        if (progress_report(o->progress, &info)) m->stopped = 1;
    }
    rc = 0;
done:
    blas_set_threads(saved);
    nn_optim_free(&opt);
    nn_graph_free(g);
    free(order);
    free(xa);
    free(xb);
    return rc;
}

Mat *joint_map(const JointModel *m, const Mat *X, int side, Err *e)
{
    size_t d = side ? m->db : m->da, n = X->rows, chunk = 1024;
    if (X->cols != d) {
        err_set(e, "the model's %s side takes rows of %zu values, got %zu", side ? "B" : "A", d,
                X->cols);
        return NULL;
    }
    Mat *Y = mat_new_uninit(n, m->dims, e);
    float *x = Y ? malloc(chunk * d * sizeof *x) : NULL;
    NnGraph *g = x ? nn_graph_new(NULL, e) : NULL;
    if (!g) goto fail;
    nn_graph_set_train(g, 0);
    size_t *idx = malloc(chunk * sizeof *idx);
    if (!idx) {
        err_nomem(e, chunk * sizeof *idx, "joint");
        goto fail;
    }
    for (size_t s = 0; s < n; s += chunk) {
        size_t k = n - s < chunk ? n - s : chunk;
        for (size_t i = 0; i < k; i++)
            idx[i] = s + i;
        standardise(m, X, side, idx, k, x);
        nn_graph_reset(g);
        NnTensor *y = forward(g, m, side, x, k);
        if (nn_graph_failed(g, e) < 0) {
            free(idx);
            goto fail;
        }
        memcpy(MAT_ROW(Y, s), y->data, k * m->dims * sizeof(float));
    }
    free(idx);
    nn_graph_free(g);
    free(x);
    if (mat_copy_row_meta(Y, X, NULL, n, e) < 0) {
        mat_free(Y);
        return NULL;
    }
    return Y;
fail:
    nn_graph_free(g);
    free(x);
    mat_free(Y);
    return NULL;
}

int joint_recall(const JointModel *m, const Mat *A, const Mat *B, const long *ks, size_t nk,
                 double *a_to_b, double *b_to_a, Err *e)
{
    if (A->rows != B->rows)
        return err_set(e, "A and B must have the same rows (pairs), got %zu and %zu", A->rows,
                       B->rows);
    Mat *FA = joint_map(m, A, 0, e), *FB = FA ? joint_map(m, B, 1, e) : NULL;
    Mat *S = FB ? blas_matmul(FA, 0, FB, 1, e) : NULL; /* cosines: rows are unit */
    int rc = -1;
    if (!S) goto done;
    size_t n = A->rows;
    for (size_t q = 0; q < nk; q++)
        a_to_b[q] = b_to_a[q] = 0;
    for (size_t i = 0; i < n; i++) {
        /* how many wrong rows score higher than the true partner, and how
         * many the same (identical captions): ties are broken at random,
         * so the pair counts with the chance that it lands in the top k,
         * and a map that sends everything to one point scores chance */
        size_t ga = 0, ta = 0, gb = 0, tb = 0;
        float sii = MAT_ROW(S, i)[i];
        for (size_t j = 0; j < n; j++) {
            if (j == i) continue;
            float x = MAT_ROW(S, i)[j], y = MAT_ROW(S, j)[i];
            ga += x > sii;
            ta += x == sii;
            gb += y > sii;
            tb += y == sii;
        }
        for (size_t q = 0; q < nk; q++) {
            double k = (double)ks[q];
            double pa = (k - (double)ga) / (double)(ta + 1), pb = (k - (double)gb) / (double)(tb + 1);
            a_to_b[q] += pa < 0 ? 0 : pa > 1 ? 1 : pa;
            b_to_a[q] += pb < 0 ? 0 : pb > 1 ? 1 : pb;
        }
    }
    for (size_t q = 0; q < nk; q++) {
        a_to_b[q] /= (double)n;
        b_to_a[q] /= (double)n;
    }
    rc = 0;
done:
    mat_free(FA);
    mat_free(FB);
    mat_free(S);
    return rc;
}

/* ---- files ------------------------------------------------------------- */

int joint_save(const JointModel *m, const char *path, Err *e)
{
    DvmMeta meta = {0};
    char net[4096];
    nn_spec_format(&m->fa.spec, net, sizeof net);
    dvm_meta_put(&meta, "kind", "joint");
    dvm_meta_put(&meta, "net", "%s", net);
    dvm_meta_put(&meta, "a_cols", "%zu", m->da);
    dvm_meta_put(&meta, "b_cols", "%zu", m->db);
    dvm_meta_put(&meta, "margin", "%.9g", (double)m->margin);
    dvm_meta_put(&meta, "negatives", "%s", m->hardest ? "hardest" : "all");
    dvm_meta_put(&meta, "stopped", "%d", m->stopped);
    NnParams H;
    nn_params_init_store(&H);
    long ih = nn_params_add(&H, "joint.loss", 1, (const size_t[]){m->epochs + 1}, e);
    int rc = -1;
    if (ih >= 0) {
        float *h = nn_params_at(&H, (size_t)ih);
        h[0] = (float)m->epochs;
        if (m->epochs) memcpy(h + 1, m->loss, m->epochs * sizeof(float));
        const NnParams *stores[3] = {&m->P, &m->S, &H};
        rc = dvm_save(path, &meta, stores, 3, e);
    }
    nn_params_free(&H);
    dvm_meta_free(&meta);
    return rc;
}

int joint_load(JointModel *m, const DvmFile *f, const char *path, Err *e)
{
    memset(m, 0, sizeof *m);
    char net[4096], buf[64];
    unsigned long long da = 0, db = 0;
    if (!dvm_meta_get(f->meta, "net", net, sizeof net) ||
        !dvm_meta_get(f->meta, "a_cols", buf, sizeof buf) || sscanf(buf, "%llu", &da) != 1 ||
        !dvm_meta_get(f->meta, "b_cols", buf, sizeof buf) || sscanf(buf, "%llu", &db) != 1 ||
        da < 1 || db < 1 || da > (1u << 24) || db > (1u << 24))
        return err_set(e, "%s: the joint model's description is damaged", path);
    m->da = (size_t)da;
    m->db = (size_t)db;
    if (dvm_meta_get(f->meta, "margin", buf, sizeof buf)) m->margin = strtof(buf, NULL);
    if (dvm_meta_get(f->meta, "negatives", buf, sizeof buf))
        m->hardest = strcmp(buf, "hardest") == 0;
    if (dvm_meta_get(f->meta, "stopped", buf, sizeof buf)) m->stopped = atoi(buf) != 0;
    NnSpec s = {0};
    if (nn_spec_parse(net, "net", &s, e) < 0) {
        err_prefix(e, "%s", path);
        return -1;
    }
    int rc = s.n ? declare(m, &s, e) : err_set(e, "%s: the joint model has no layers", path);
    if (rc == 0) m->dims = (size_t)s.l[s.n - 1].n;
    nn_spec_free(&s);
    if (rc < 0 || dvm_fill(f, &m->P, path, e) < 0 || dvm_fill(f, &m->S, path, e) < 0) goto fail;
    long ih = nn_params_find(&f->tensors, "joint.loss");
    if (ih < 0) {
        err_set(e, "%s: the joint model has no history", path);
        goto fail;
    }
    const NnParamInfo *hi = &f->tensors.info[ih];
    const float *h = f->tensors.data + hi->off;
    /* the epoch count, checked before it becomes an integer (a damaged
     * file's 1.9e28 was undefined behaviour as a size_t) */
    float h0 = hi->n ? h[0] : 0;
    int sane = h0 >= 0 && h0 < (float)hi->n && h0 == floorf(h0);
    size_t E = sane ? (size_t)h0 : 0;
    if (!sane || hi->n != E + 1) {
        err_set(e, "%s: the joint model's history is damaged", path);
        goto fail;
    }
    if (!(m->loss = malloc((E + 1) * sizeof(float)))) {
        err_nomem(e, E * sizeof(float), "history");
        goto fail;
    }
    if (E) memcpy(m->loss, h + 1, E * sizeof(float));
    m->epochs = E;
    return 0;
fail:
    joint_free(m);
    return -1;
}
