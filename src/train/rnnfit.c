/* rnnfit.c — training the recurrent language model by truncated
 * backpropagation through time (rnn.h; Williams & Peng 1990, as in
 * Zaremba et al. 2014's language models): the text is cut into B
 * streams read side by side, T tokens at a time; each piece is unrolled
 * over its T steps, the mean cross-entropy of its B x T next-token
 * predictions is backpropagated through them, the gradient clipped to a
 * largest norm (Pascanu et al. 2013), and Adam takes a step; the last
 * hidden state starts the next piece as a constant. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/blas.h"
#include "train/rnn.h"
#include "train/rnn_step.h"

#define REPORT_SECONDS 0.1

void rnn_default_opts(RnnFitOpts *o)
{
    memset(o, 0, sizeof *o);
    o->epochs = 10;
    o->batch = 32;
    o->bptt = 32;
    o->lr = 3e-3f;
    o->clip = 5.0f;
    o->validation = 0.1;
    o->seed = 1;
    o->task = "rnn";
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* The streams of a token range: B streams of L + 1 tokens each (the last
 * token of one is the first of the next, the target of its last step). */
typedef struct Streams {
    const uint32_t *ids;
    size_t B, L;
} Streams;

static Streams streams(const uint32_t *ids, size_t n, size_t B)
{
    Streams s = {ids, B, 0};
    if (n < 2) return s;
    if (s.B > n - 1) s.B = n - 1;
    s.L = (n - 1) / s.B;
    return s;
}

typedef struct Pass {
    RnnModel *m;
    NnGraph *g;
    float *h, *c; /* B x H states carried between pieces */
    size_t *in;   /* B x T token ids, step-major */
    int *tgt;     /* B x T targets */
} Pass;

/* One piece of T steps from position pos of every stream: the summed
 * cross-entropy into *sum; with opt, a training step. */
static int piece(Pass *p, const Streams *s, size_t pos, size_t T, NnOptim *opt, float clip,
                 double *sum, Err *e)
{
    RnnModel *m = p->m;
    NnGraph *g = p->g;
    size_t B = s->B, H = m->hidden;
    for (size_t t = 0; t < T; t++)
        for (size_t b = 0; b < B; b++) {
            p->in[t * B + b] = s->ids[b * s->L + pos + t];
            p->tgt[t * B + b] = (int)s->ids[b * s->L + pos + t + 1];
        }
    nn_graph_reset(g);
    if (opt) nn_params_zero_grad(&m->P);
    NnTensor *pv[6];
    rnn_views(g, m, pv);
    NnTensor *h = nn_input(g, p->h, 2, RNN_SHAPE2(B, H)),
             *c = nn_input(g, p->c, 2, RNN_SHAPE2(B, H));
    NnTensor *loss = NULL;
    for (size_t t = 0; t < T; t++) {
        NnTensor *c2;
        h = rnn_step(g, m, pv, p->in + t * B, B, h, c, &c2);
        if (c2) c = c2;
        NnTensor *l = nn_softmax_xent(g, nn_linear(g, h, pv[4], pv[5]), p->tgt + t * B);
        loss = loss ? nn_add(g, loss, l) : l;
    }
    loss = nn_affine(g, loss, 1.0f / (float)T, 0);
    if (nn_graph_failed(g, e) < 0) return -1;
    *sum += (double)loss->data[0] * (double)(T * B);
    if (opt) {
        if (nn_backward(g, loss, NULL, e) < 0) return -1;
        nn_params_clip_grad(&m->P, clip);
        nn_optim_step(opt);
    }
    memcpy(p->h, h->data, B * H * sizeof(float));
    if (m->cell == NN_CELL_LSTM) memcpy(p->c, c->data, B * H * sizeof(float));
    return 0;
}

typedef struct Report {
    const RnnFitOpts *o;
    const RnnModel *m;
    double t0, last;
    size_t seen;
} Report;

static int report(Report *r, double done, double running, int force)
{
    double t = now();
    if (!force && t - r->last < REPORT_SECONDS) return 0;
    r->last = t;
    const RnnModel *m = r->m;
    size_t k = m->epochs;
    char note[96], rate[32];
    double el = t - r->t0;
    progress_rate(el > 0 ? (double)r->seen / el : 0, rate, sizeof rate);
    if (k && !isnan(m->ppl_val[k - 1]))
        snprintf(note, sizeof note, "%s tokens/s, held-out perplexity %.4g", rate,
                 (double)m->ppl_val[k - 1]);
    else
        snprintf(note, sizeof note, "%s tokens/s", rate);
    ProgressInfo info = {.task = r->o->task,
                         .done = done,
                         .total = r->o->epochs,
                         .unit = "epoch",
                         .metric = isnan(running) ? NULL : "perplexity",
                         .value = running,
                         .note = note,
                         .curve = k ? m->ppl_train : NULL,
                         .curve_len = k,
                         .curve2 = k ? m->ppl_val : NULL,
                         .curve2_len = k,
                         .curve_name = "training",
                         .curve2_name = "held-out",
                         .milestone = force && done > 0};
    return progress_report(r->o->progress, &info);
}

/* Mean cross-entropy of a pass over s without training. */
static int evaluate(Pass *p, const Streams *s, size_t T, double *xent, Err *e)
{
    size_t H = p->m->hidden;
    memset(p->h, 0, s->B * H * sizeof(float));
    memset(p->c, 0, s->B * H * sizeof(float));
    double sum = 0;
    nn_graph_set_train(p->g, 0);
    for (size_t pos = 0; pos < s->L; pos += T) {
        size_t Tt = s->L - pos < T ? s->L - pos : T;
        if (piece(p, s, pos, Tt, NULL, 0, &sum, e) < 0) return -1;
    }
    nn_graph_set_train(p->g, 1);
    *xent = sum / (double)(s->B * s->L);
    return 0;
}

int rnn_fit(RnnModel *m, const char *text, size_t len, const RnnFitOpts *o, double *seconds, Err *e)
{
    double t_start = now();
    if (o->epochs < 0 || o->epochs > 100000)
        return err_set(e, "epochs must be from 0 to 100000, got %d", o->epochs);
    if (o->batch < 1 || o->batch > 4096)
        return err_set(e, "batch must be from 1 to 4096, got %d", o->batch);
    if (o->bptt < 1 || o->bptt > 4096)
        return err_set(e, "bptt must be from 1 to 4096, got %d", o->bptt);
    if (!(o->lr > 0) || !isfinite(o->lr))
        return err_set(e, "lr must be positive, got %g", (double)o->lr);
    if (!(o->clip > 0)) return err_set(e, "clip must be positive, got %g", (double)o->clip);
    if (!(o->validation >= 0 && o->validation <= 0.5))
        return err_set(e, "validation must be a share from 0 to 0.5, got %g", o->validation);
    uint32_t *ids;
    size_t n;
    if (rnn_ids(m, text, len, 1, &ids, &n, NULL, e) < 0) return -1;
    size_t nva = (size_t)floor(o->validation * (double)n);
    if (nva < 2) nva = 0;
    size_t ntr = n - nva;
    if (ntr < 2) {
        free(ids);
        return err_set(e, "the text has %zu token%s to train on; at least 2 are needed", ntr,
                       ntr == 1 ? "" : "s");
    }
    m->train_tokens = ntr;
    m->val_tokens = nva;
    Streams tr = streams(ids, ntr, (size_t)o->batch),
            va = streams(ids + ntr, nva, (size_t)o->batch);
    size_t B = tr.B > va.B ? tr.B : va.B, T = (size_t)o->bptt, H = m->hidden;
    Pass p = {.m = m};
    NnOptim opt = {0};
    int rc = -1, saved_threads = blas_threads();
    if (o->threads > 0) blas_set_threads(o->threads);
    p.h = calloc(B * H, sizeof(float));
    p.c = calloc(B * H, sizeof(float));
    p.in = malloc(B * T * sizeof *p.in);
    p.tgt = malloc(B * T * sizeof *p.tgt);
    float *ppl_t = realloc(m->ppl_train, ((size_t)o->epochs + m->epochs + 1) * sizeof(float));
    if (ppl_t) m->ppl_train = ppl_t;
    float *ppl_v = realloc(m->ppl_val, ((size_t)o->epochs + m->epochs + 1) * sizeof(float));
    if (ppl_v) m->ppl_val = ppl_v;
    if (!p.h || !p.c || !p.in || !p.tgt || !ppl_t || !ppl_v) {
        err_nomem(e, B * T * sizeof(size_t), "rnn");
        goto done;
    }
    if (!(p.g = nn_graph_new(NULL, e))) goto done;
    if (nn_optim_init(&opt, &m->P, NN_OPT_ADAM, o->lr, e) < 0) goto done;
    Report r = {.o = o, .m = m, .t0 = now()};
    /* A Ctrl-C may land in any report, the forced ones between epochs
     * included (short epochs never reach a throttled one). */
    if (report(&r, 0, NAN, 1)) m->stopped = 1;
    for (int ep = 0; ep < o->epochs && !m->stopped; ep++) {
        memset(p.h, 0, B * H * sizeof(float));
        memset(p.c, 0, B * H * sizeof(float));
        double sum = 0;
        size_t done_tok = 0;
        for (size_t pos = 0; pos < tr.L; pos += T) {
            size_t Tt = tr.L - pos < T ? tr.L - pos : T;
            if (piece(&p, &tr, pos, Tt, &opt, o->clip, &sum, e) < 0) goto done;
            done_tok += Tt * tr.B;
            r.seen += Tt * tr.B;
            if (!isfinite(sum)) {
                err_set(e, "the loss became %g in epoch %d; try a smaller lr", sum, ep + 1);
                goto done;
            }
            if (report(&r, ep + (double)(pos + Tt) / (double)tr.L, exp(sum / (double)done_tok),
                       0)) {
                m->stopped = 1;
                break;
            }
        }
        double vx = NAN;
        if (!m->stopped && va.L && evaluate(&p, &va, T, &vx, e) < 0) goto done;
        m->ppl_train[m->epochs] = (float)exp(sum / (double)(done_tok ? done_tok : 1));
        m->ppl_val[m->epochs] = (float)exp(vx);
        m->epochs++;
        if (report(&r, ep + 1, m->ppl_train[m->epochs - 1], 1)) m->stopped = 1;
    }
    rc = 0;
done:
    if (seconds) *seconds = now() - t_start;
    blas_set_threads(saved_threads);
    nn_optim_free(&opt);
    nn_graph_free(p.g);
    free(p.h);
    free(p.c);
    free(p.in);
    free(p.tgt);
    free(ids);
    return rc;
}
