/* builtins_seq.c — sequences and joint spaces: recurrent language models
 * (rnn; encode and sample take them too), sentence vectors from word
 * vectors (phrases), and joint image-text embeddings (joint, rank,
 * recall_at).  The models live in src/train (rnn.h, joint.h); this file
 * turns arguments into options and results into model values. */
#include "lang/builtins_seq.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/progress.h"
#include "core/rng.h"
#include "lang/builtin.h"
#include "lang/ctx.h"
#include "lang/datapath.h"
#include "lang/suggest.h"
#include "lang/words.h"
#include "nn/dvm.h"
#include "train/joint.h"
#include "train/phrase.h"
#include "train/rnn.h"

#define MAX_WIDTHS 64
#define MAX_KS 16

/* The strings of a string or a list of strings (borrowed pointers into
 * v, *n of them; caller frees the array). */
static const char **strings_of(const char *f, Value *v, int index, size_t *n, Err *e)
{
    char buf[64];
    size_t k = v->kind == VAL_LIST ? v->u.list.n : 1;
    if (v->kind != VAL_STR && v->kind != VAL_LIST) {
        err_param(e, index, "%s: expected a string or a list of strings, got %s", f,
                  val_describe(v, buf, sizeof buf));
        return NULL;
    }
    if (k == 0) {
        err_param(e, index, "%s: the list of texts is empty", f);
        return NULL;
    }
    const char **s = malloc(k * sizeof *s);
    if (!s) {
        err_nomem(e, k * sizeof *s, f);
        return NULL;
    }
    for (size_t i = 0; i < k; i++) {
        Value *it = v->kind == VAL_LIST ? v->u.list.items[i] : v;
        if (it->kind != VAL_STR) {
            err_param(e, index, "%s: item %zu of the list is %s, not a string", f, i,
                      val_describe(it, buf, sizeof buf));
            free(s);
            return NULL;
        }
        s[i] = it->u.str;
    }
    *n = k;
    return s;
}

/* ---- rnn ------------------------------------------------------------------------ */

static void rnn_impl_free(void *p)
{
    rnn_free(p);
    free(p);
}

static void joint_impl_free(void *p)
{
    joint_free(p);
    free(p);
}

int seq_value_is_rnn(const Value *v)
{
    return v->kind == VAL_MODEL && v->u.model->impl && v->u.model->impl_free == rnn_impl_free;
}

static int is_joint(const Value *v)
{
    return v->kind == VAL_MODEL && v->u.model->impl && v->u.model->impl_free == joint_impl_free;
}

int seq_value_is_joint(const Value *v)
{
    return is_joint(v);
}

int seq_value_is_model(const Value *v)
{
    return seq_value_is_rnn(v) || is_joint(v);
}

/* A model value holding m (consumed: freed on failure too). */
static Value *rnn_value(RnnModel *m, Err *e)
{
    Value *v = val_model("rnn", e);
    if (!v) {
        rnn_impl_free(m);
        return NULL;
    }
    v->u.model->impl = m;
    v->u.model->impl_free = rnn_impl_free;
    size_t E = m->epochs;
    Mat *lt = mat_of_floats(m->ppl_train, E, e), *lv = lt ? mat_of_floats(m->ppl_val, E, e) : NULL;
    Mat *pv = lv ? mat_of_floats(m->ppl_val, E, e) : NULL;
    if (!pv) {
        mat_free(lt);
        mat_free(lv);
        goto fail;
    }
    int rc = val_model_set_mat(v, "loss", lt, e);
    rc |= val_model_set_mat(v, "val_loss", lv, e);
    rc |= val_model_set_mat(v, "perplexity", pv, e);
    if (rc) goto fail;
    if (val_model_set_str(v, "kind", nn_cell_name(m->cell), e) < 0 ||
        val_model_set_str(v, "level", m->words ? "word" : "char", e) < 0 ||
        val_model_set_num(v, "hidden", (double)m->hidden, e) < 0 ||
        val_model_set_num(v, "vocab", (double)m->vocab, e) < 0 ||
        val_model_set_num(v, "tokens", (double)m->train_tokens, e) < 0 ||
        val_model_set_num(v, "held_out", (double)m->val_tokens, e) < 0 ||
        val_model_set_num(v, "epochs", (double)E, e) < 0 ||
        val_model_set(v, "stopped", val_bool(m->stopped, e), e) < 0 ||
        val_model_set_num(v, "params", (double)m->P.total, e) < 0)
        goto fail;
    return v;
fail:
    val_unref(v);
    return NULL;
}

/* Row i of X (non-negative integers: a sequence of symbols) as text,
 * the numbers separated by spaces (new string), or NULL with e set. */
static char *row_text(const char *f, int index, const Mat *X, size_t i, Err *e)
{
    const float *r = MAT_ROW(X, i);
    char *s = malloc(X->cols * 12 + 1), *p = s;
    if (!s) return err_nomem(e, X->cols * 12, f), NULL;
    *p = '\0';
    for (size_t j = 0; j < X->cols; j++) {
        if (!(r[j] >= 0 && r[j] <= 1e9 && r[j] == floorf(r[j]))) {
            free(s);
            err_param(e, index,
                      "%s: a sequence's symbols must be integers from 0 to 1e9; row %zu, column "
                      "%zu is %g",
                      f, i, j, (double)r[j]);
            return NULL;
        }
        p += sprintf(p, "%s%ld", j ? " " : "", (long)r[j]);
    }
    return s;
}

/* The training text: a file (a name that exists, or data:NAME), the
 * text itself, or a list of texts joined by line ends.  New string. */
static char *training_text(const char *f, Value *v, size_t limit, size_t *len, Err *e)
{
    if (v->kind == VAL_MAT) { /* sequences of symbols, one a row */
        const Mat *X = v->u.mat;
        size_t cap = 1, used = 0;
        char *t = NULL;
        for (size_t i = 0; i < X->rows; i++) {
            char *r = row_text(f, 0, X, i, e);
            if (!r) {
                free(t);
                return NULL;
            }
            size_t k = strlen(r);
            if (used + k + 2 > cap) {
                cap = 2 * (used + k + 2);
                char *t2 = realloc(t, cap);
                if (!t2) {
                    free(r);
                    free(t);
                    return err_nomem(e, cap, f), NULL;
                }
                t = t2;
            }
            memcpy(t + used, r, k);
            used += k;
            t[used++] = '\n';
            t[used] = '\0';
            free(r);
        }
        if (!t) return err_param(e, 0, "%s: the matrix of sequences is empty", f), NULL;
        *len = used;
        return t;
    }
    if (v->kind == VAL_STR) {
        const char *s = v->u.str;
        struct stat st;
        char buf[4096];
        int data = strncmp(s, DATAPATH_PREFIX, strlen(DATAPATH_PREFIX)) == 0;
        if (data || (!strchr(s, '\n') && stat(s, &st) == 0 && S_ISREG(st.st_mode))) {
            const char *path = datapath_resolve(f, 0, s, buf, sizeof buf, e);
            if (!path) return NULL;
            char *t = rnn_read_text(path, limit, len, e);
            if (!t) arg_blame(e, 0, f);
            return t;
        }
    }
    size_t n;
    const char **s = strings_of(f, v, 0, &n, e);
    if (!s) return NULL;
    size_t total = 0;
    for (size_t i = 0; i < n; i++)
        total += strlen(s[i]) + 1;
    char *t = malloc(total + 1), *p = t;
    if (!t) {
        free(s);
        return err_nomem(e, total, f), NULL;
    }
    for (size_t i = 0; i < n; i++) {
        size_t k = strlen(s[i]);
        memcpy(p, s[i], k);
        p += k;
        if (n > 1) *p++ = '\n';
    }
    *p = '\0';
    free(s);
    *len = (size_t)(p - t);
    if (limit && *len > limit) t[ *len = limit] = '\0';
    return t;
}

static int bi_rnn(Ctx *ctx, Value **args, Value **out, Err *e)
{
    (void)ctx;
    /* text hidden kind level epochs batch bptt lr clip validation max_vocab limit threads */
    long hidden, epochs, batch, bptt, maxv, limit, threads;
    if (arg_count("rnn", args[1], 1, 1, 4096, "hidden", &hidden, e) < 0) return -1;
    const char *kind = arg_str(args[2]), *level = arg_str(args[3]);
    int cell = nn_cell_kind(kind);
    if (cell < 0)
        return err_param(e, 2, "rnn: kind must be \"rnn\", \"gru\" or \"lstm\", got \"%s\"", kind);
    if (strcmp(level, "char") != 0 && strcmp(level, "word") != 0)
        return err_param(e, 3, "rnn: level must be \"char\" or \"word\", got \"%s\"", level);
    if (arg_count("rnn", args[4], 4, 0, 100000, "epochs", &epochs, e) < 0 ||
        arg_count("rnn", args[5], 5, 1, 4096, "batch", &batch, e) < 0 ||
        arg_count("rnn", args[6], 6, 1, 4096, "bptt", &bptt, e) < 0)
        return -1;
    double lr = arg_num(args[7]), clip = arg_num(args[8]), val = arg_num(args[9]);
    if (!(lr > 0 && lr < 1e3)) return err_param(e, 7, "rnn: lr must be positive, got %g", lr);
    if (!(clip > 0 && clip < 1e9))
        return err_param(e, 8, "rnn: clip must be positive, got %g", clip);
    if (!(val >= 0 && val <= 0.5))
        return err_param(e, 9, "rnn: validation must be a share from 0 to 0.5, got %g", val);
    if (arg_count("rnn", args[10], 10, 2, 1 << 20, "max_vocab", &maxv, e) < 0 ||
        arg_count("rnn", args[11], 11, 0, 1L << 40, "limit", &limit, e) < 0 ||
        arg_count("rnn", args[12], 12, 1, 64, "threads", &threads, e) < 0)
        return -1;
    size_t len;
    char *text = training_text("rnn", args[0], (size_t)limit, &len, e);
    if (!text) return -1;
    RnnFitOpts o;
    rnn_default_opts(&o);
    o.epochs = (int)epochs;
    o.batch = (int)batch;
    o.bptt = (int)bptt;
    o.lr = (float)lr;
    o.clip = (float)clip;
    o.validation = val;
    o.threads = (int)threads;
    o.seed = rng_u64(rng_global());
    o.progress = progress_global();
    Rng r;
    rng_seed(&r, o.seed ^ 0x9e3779b97f4a7c15ULL);
    RnnModel *m = calloc(1, sizeof *m);
    int rc = -1;
    double seconds = 0;
    if (!m) {
        err_nomem(e, sizeof *m, "rnn");
    } else if (rnn_build(m, (NnCellKind)cell,
                         strcmp(level, "word") == 0 || args[0]->kind == VAL_MAT, (size_t)hidden,
                         text, len, (size_t)maxv, &r, e) < 0) {
        free(m);
        arg_blame(e, 0, "rnn");
    } else if (rnn_fit(m, text, len, &o, &seconds, e) < 0) {
        rnn_impl_free(m);
        if (!e->cancelled) arg_blame(e, strstr(e->msg, "lr") ? 7 : 0, "rnn");
    } else {
        Value *v = rnn_value(m, e);
        if (v && val_model_set_num(v, "seconds", seconds, e) == 0) {
            *out = v;
            rc = 0;
        } else {
            val_unref(v);
        }
    }
    free(text);
    return rc;
}

/* e's message about parameter index of f, with the vocabulary's words
 * closest to an unknown one ("did you mean 'king'").  Returns -1. */
static int unknown_hint(const RnnModel *m, const char *unknown, Err *e, int index, const char *f)
{
    char hint[256] = "";
    if (unknown[0] && m->words) {
        Suggest sg;
        suggest_init(&sg, unknown);
        for (size_t i = 0; i < m->vocab; i++)
            suggest_add(&sg, m->tokens[i]);
        suggest_hint(&sg, hint, sizeof hint);
    }
    arg_blame(e, index, f);
    if (hint[0]) {
        size_t l = strlen(e->msg);
        if (l > 0 && e->msg[l - 1] == ')')
            snprintf(e->msg + l - 1, sizeof e->msg - l + 1, "; %s)", hint);
    }
    return -1;
}

/* encode(m, text or texts) for a recurrent model: one row a text, named
 * by it. */
int seq_encode(Ctx *ctx, Value *model, Value *texts, Value **out, Err *e)
{
    (void)ctx;
    const RnnModel *m = model->u.model->impl;
    if (texts->kind == VAL_MAT) { /* sequences of symbols, one a row */
        const Mat *X = texts->u.mat;
        char **rows = calloc(X->rows ? X->rows : 1, sizeof *rows);
        if (!rows) return err_nomem(e, X->rows * sizeof *rows, "encode");
        int rc = 0;
        for (size_t i = 0; i < X->rows && rc == 0; i++)
            if (!(rows[i] = row_text("encode", 1, X, i, e))) rc = -1;
        Value *l = rc == 0 ? val_list(X->rows, e) : NULL;
        for (size_t i = 0; l && i < X->rows; i++) {
            Value *sv = val_str(rows[i], e);
            if (!sv) {
                val_unref(l);
                l = NULL;
                break;
            }
            val_list_set(l, i, sv);
        }
        for (size_t i = 0; i < X->rows; i++)
            free(rows[i]);
        free(rows);
        if (!l) return -1;
        rc = l->u.list.n ? seq_encode(ctx, model, l, out, e)
                         : err_param(e, 1, "encode: the matrix of sequences is empty");
        val_unref(l);
        return rc;
    }
    size_t n;
    const char **s = strings_of("encode", texts, 1, &n, e);
    if (!s) return -1;
    char unknown[64] = "";
    Mat *M = rnn_encode(m, s, n, unknown, e);
    if (!M) {
        free(s);
        return unknown_hint(m, unknown, e, 1, "encode");
    }
    for (size_t i = 0; i < n; i++)
        if (mat_set_row_name(M, i, s[i], e) < 0) {
            free(s);
            mat_free(M);
            return -1;
        }
    free(s);
    return out_mat(M, out, e);
}

/* sample(m, prefix, n, temperature) for a recurrent model: a string. */
int seq_sample(Ctx *ctx, Value **args, Value **out, Err *e)
{
    (void)ctx;
    const RnnModel *m = args[0]->u.model->impl;
    char buf[64];
    const char *prefix = "";
    if (!arg_is_none(args[1])) {
        if (args[1]->kind != VAL_STR)
            return err_param(e, 1, "sample: an RNN takes a prefix string, got %s",
                             val_describe(args[1], buf, sizeof buf));
        prefix = args[1]->u.str;
    }
    long n = 200;
    if (!arg_is_none(args[2]) && arg_count("sample", args[2], 2, 0, 1000000, "n", &n, e) < 0)
        return -1;
    double temp = arg_num(args[3]);
    if (!(temp >= 0 && temp <= 100))
        return err_param(e, 3, "sample: temperature must be from 0 to 100, got %g", temp);
    char unknown[64] = "";
    char *s = rnn_sample(m, prefix, (size_t)n, temp, rng_global(), unknown, e);
    if (!s) return unknown_hint(m, unknown, e, 1, "sample");
    *out = val_str(s, e);
    free(s);
    return *out ? 0 : -1;
}

/* ---- sentence vectors from word vectors --------------------------------------------- */

static int bi_phrases(Ctx *ctx, Value **args, Value **out, Err *e)
{
    Mat *E = arg_mat(args[0]);
    if (!E->row_names)
        return err_param(e, 0, "phrases: E must be word vectors (rows named by words)");
    size_t n;
    const char **s = strings_of("phrases", args[1], 1, &n, e);
    if (!s) return -1;
    Mat *M = mat_new_uninit(n, E->cols, e);
    for (size_t i = 0; M && i < n; i++) {
        char what[32];
        snprintf(what, sizeof what, " (text %zu)", i);
        if (words_phrase(ctx, "phrases", 1, what, E, s[i], MAT_ROW(M, i), e) < 0) {
            mat_free(M);
            M = NULL;
            break;
        }
        if (mat_set_row_name(M, i, s[i], e) < 0) {
            mat_free(M);
            M = NULL;
        }
    }
    free(s);
    return out_mat(M, out, e);
}

/* ---- joint embeddings ---------------------------------------------------------------- */

static Value *joint_value(JointModel *m, Err *e)
{
    Value *v = val_model("joint", e);
    if (!v) {
        joint_impl_free(m);
        return NULL;
    }
    v->u.model->impl = m;
    v->u.model->impl_free = joint_impl_free;
    char net[4096];
    nn_spec_format(&m->fa.spec, net, sizeof net);
    Mat *L = mat_of_floats(m->loss, m->epochs, e);
    if (!L || val_model_set_mat(v, "loss", L, e) < 0 || val_model_set_str(v, "net", net, e) < 0 ||
        val_model_set_num(v, "dims", (double)m->dims, e) < 0 ||
        val_model_set_num(v, "margin", (double)m->margin, e) < 0 ||
        val_model_set_str(v, "negatives", m->hardest ? "hardest" : "all", e) < 0 ||
        val_model_set_num(v, "epochs", (double)m->epochs, e) < 0 ||
        val_model_set(v, "stopped", val_bool(m->stopped, e), e) < 0 ||
        val_model_set_num(v, "params", (double)m->P.total, e) < 0) {
        val_unref(v);
        return NULL;
    }
    return v;
}

static JointModel *joint_of(const char *f, Value *v, Err *e)
{
    if (!is_joint(v)) {
        err_param(e, 0, "%s: m must be a joint model (from joint or a .dvm file), got a %s model",
                  f, v->u.model->type);
        return NULL;
    }
    return v->u.model->impl;
}

static int bi_joint(Ctx *ctx, Value **args, Value **out, Err *e)
{
    (void)ctx;
    /* A B dims layers margin negatives epochs batch lr threads */
    Mat *A = arg_mat(args[0]), *B = arg_mat(args[1]);
    if (A->rows != B->rows)
        return err_param(e, 1, "joint: A and B must have the same rows (pairs), got %zu and %zu",
                         A->rows, B->rows);
    if (A->rows < 2)
        return err_param(e, 0, "joint: A and B need at least 2 pairs, got %zu", A->rows);
    long dims, epochs, batch, threads, w[MAX_WIDTHS];
    if (arg_count("joint", args[2], 2, 1, 4096, "dims", &dims, e) < 0) return -1;
    int nw = arg_ints(args[3], w, MAX_WIDTHS, "joint", "layers", e);
    if (nw < 0) {
        e->param = 4;
        return -1;
    }
    for (int i = 0; i < nw; i++)
        if (w[i] < 1 || w[i] > (1 << 16))
            return err_param(e, 3, "joint: layer %d has width %ld; widths are from 1 to %d", i,
                             w[i], 1 << 16);
    double margin = arg_num(args[4]);
    if (!(margin > 0 && margin <= 2))
        return err_param(e, 4, "joint: margin must be from 0 to 2 (cosines), got %g", margin);
    const char *neg = arg_str(args[5]);
    if (strcmp(neg, "all") != 0 && strcmp(neg, "hardest") != 0)
        return err_param(e, 5, "joint: negatives must be \"all\" or \"hardest\", got \"%s\"", neg);
    if (arg_count("joint", args[6], 6, 0, 100000, "epochs", &epochs, e) < 0 ||
        arg_count("joint", args[7], 7, 2, 65536, "batch", &batch, e) < 0)
        return -1;
    double lr = arg_num(args[8]);
    if (!(lr > 0 && lr < 1e3)) return err_param(e, 8, "joint: lr must be positive, got %g", lr);
    if (arg_count("joint", args[9], 9, 1, 64, "threads", &threads, e) < 0) return -1;
    JointFitOpts o = {.epochs = (int)epochs,
                      .batch = (int)batch,
                      .lr = (float)lr,
                      .threads = (int)threads,
                      .seed = rng_u64(rng_global()),
                      .progress = progress_global()};
    Rng r;
    rng_seed(&r, o.seed ^ 0x9e3779b97f4a7c15ULL);
    JointModel *m = calloc(1, sizeof *m);
    if (!m) return err_nomem(e, sizeof *m, "joint");
    if (joint_build(m, A->cols, B->cols, (size_t)dims, w, (size_t)nw, (float)margin,
                    strcmp(neg, "hardest") == 0, &r, e) < 0) {
        free(m);
        return arg_blame(e, 3, "joint");
    }
    if (joint_fit(m, A, B, &o, e) < 0) {
        joint_impl_free(m);
        return e->cancelled ? -1 : arg_blame(e, 0, "joint");
    }
    Value *v = joint_value(m, e);
    if (!v) return -1;
    *out = v;
    return 0;
}

/* A P_ANY argument as a matrix, as a P_MAT parameter converts it (new
 * reference), or NULL with an error about parameter index. */
static Value *mat_arg(const char *f, const char *pname, Value *v, int index, Err *e)
{
    char buf[64];
    Value *x = v->kind == VAL_MODEL ? val_model_main(v) : v;
    Value *m = x && (x->kind == VAL_MAT || x->kind == VAL_NUM || x->kind == VAL_LIST)
                   ? val_to_mat(x, f, e)
                   : NULL;
    if (!m && !e->msg[0])
        err_param(e, index, "%s: %s must be a matrix, got %s", f, pname,
                  val_describe(v, buf, sizeof buf));
    return m;
}

static int rank_rows(JointModel *m, Mat *a, Mat *C, Value **args, Value **out, Err *e);

int seq_rank(Ctx *ctx, Value **args, Value **out, Err *e)
{
    (void)ctx;
    JointModel *m = args[0]->u.model->impl;
    if (arg_is_none(args[1])) return err_param(e, 1, "rank: give a joint model a row a");
    if (arg_is_none(args[2])) return err_param(e, 2, "rank: give a joint model the candidates");
    Value *av = mat_arg("rank", "a", args[1], 1, e);
    Value *cv = av ? mat_arg("rank", "candidates", args[2], 2, e) : NULL;
    int rc = cv ? rank_rows(m, av->u.mat, cv->u.mat, args, out, e) : -1;
    if (av) val_unref(av);
    if (cv) val_unref(cv);
    return rc;
}

static int rank_rows(JointModel *m, Mat *a, Mat *C, Value **args, Value **out, Err *e)
{
    long k;
    if (arg_count("rank", args[3], 3, 1, 1000000, "k", &k, e) < 0) return -1;
    const char *from = arg_str(args[4]);
    int side; /* a's side */
    if (strcmp(from, "a") == 0)
        side = 0;
    else if (strcmp(from, "b") == 0)
        side = 1;
    else if (strcmp(from, "auto") == 0)
        side = a->cols == m->da && C->cols == m->db   ? 0
               : a->cols == m->db && C->cols == m->da ? 1
                                                      : -1;
    else
        return err_param(e, 4, "rank: from must be \"auto\", \"a\" or \"b\", got \"%s\"", from);
    if (a->rows != 1)
        return err_param(e, 1, "rank: a must be one row, got %zux%zu", a->rows, a->cols);
    if (side < 0 || a->cols != (side ? m->db : m->da) || C->cols != (side ? m->da : m->db))
        return err_param(e, 1,
                         "rank: the model pairs rows of %zu values (A) with rows of %zu (B); a "
                         "has %zu values and the candidates %zu",
                         m->da, m->db, a->cols, C->cols);
    Mat *fa = joint_map(m, a, side, e), *FC = fa ? joint_map(m, C, !side, e) : NULL;
    Mat *R = NULL;
    if (!FC) goto done;
    size_t n = C->rows, kk = (size_t)k < n ? (size_t)k : n;
    float *s = malloc(n * sizeof *s);
    size_t *idx = malloc(n * sizeof *idx);
    if (!s || !idx) {
        free(s);
        free(idx);
        err_nomem(e, n * sizeof *idx, "rank");
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        double d = 0;
        for (size_t j = 0; j < m->dims; j++)
            d += (double)fa->data[j] * MAT_ROW(FC, i)[j];
        s[i] = (float)d;
        idx[i] = i;
    }
    for (size_t q = 0; q < kk; q++) { /* partial selection: the k best in order */
        size_t b = q;
        for (size_t i = q + 1; i < n; i++)
            if (s[idx[i]] > s[idx[b]]) b = i;
        size_t t = idx[q];
        idx[q] = idx[b];
        idx[b] = t;
    }
    if ((R = mat_new_uninit(kk, 2, e)) && mat_set_col_name(R, 0, "row", e) == 0 &&
        mat_set_col_name(R, 1, "cosine", e) == 0) {
        for (size_t q = 0; q < kk; q++) {
            MAT_ROW(R, q)[0] = (float)idx[q];
            MAT_ROW(R, q)[1] = s[idx[q]];
            char nb[32];
            const char *name = C->row_names && C->row_names[idx[q]] ? C->row_names[idx[q]] : NULL;
            if (!name) {
                snprintf(nb, sizeof nb, "row %zu", idx[q]);
                name = nb;
            }
            if (mat_set_row_name(R, q, name, e) < 0) {
                mat_free(R);
                R = NULL;
                break;
            }
        }
    } else {
        mat_free(R);
        R = NULL;
    }
    free(s);
    free(idx);
done:
    mat_free(fa);
    mat_free(FC);
    return out_mat(R, out, e);
}

static int bi_recall_at(Ctx *ctx, Value **args, Value **out, Err *e)
{
    (void)ctx;
    JointModel *m = joint_of("recall_at", args[0], e);
    if (!m) return -1;
    Mat *A = arg_mat(args[1]), *B = arg_mat(args[2]);
    long ks[MAX_KS];
    int nk = arg_ints(args[3], ks, MAX_KS, "recall_at", "k", e);
    if (nk < 0) {
        e->param = 4;
        return -1;
    }
    if (nk == 0) return err_param(e, 3, "recall_at: k is empty");
    for (int q = 0; q < nk; q++)
        if (ks[q] < 1) return err_param(e, 3, "recall_at: k must be at least 1, got %ld", ks[q]);
    if (A->rows != B->rows)
        return err_param(e, 2,
                         "recall_at: A and B must have the same rows (pairs), got %zu and %zu",
                         A->rows, B->rows);
    if (A->cols != m->da || B->cols != m->db)
        return err_param(e, A->cols != m->da ? 1 : 2,
                         "recall_at: the model pairs rows of %zu values (A) with rows of %zu (B); "
                         "got %zu and %zu",
                         m->da, m->db, A->cols, B->cols);
    double ab[MAX_KS], ba[MAX_KS];
    if (joint_recall(m, A, B, ks, (size_t)nk, ab, ba, e) < 0) return arg_blame(e, 0, "recall_at");
    Mat *R = mat_new_uninit(3, (size_t)nk, e);
    if (!R) return -1;
    for (int q = 0; q < nk; q++) {
        char nb[32];
        snprintf(nb, sizeof nb, "R@%ld", ks[q]);
        MAT_ROW(R, 0)[q] = (float)ab[q];
        MAT_ROW(R, 1)[q] = (float)ba[q];
        double ch = (double)ks[q] / (double)A->rows;
        MAT_ROW(R, 2)[q] = (float)(ch < 1 ? ch : 1);
        if (mat_set_col_name(R, (size_t)q, nb, e) < 0) {
            mat_free(R);
            return -1;
        }
    }
    if (mat_set_row_name(R, 0, "A to B", e) < 0 || mat_set_row_name(R, 1, "B to A", e) < 0 ||
        mat_set_row_name(R, 2, "chance", e) < 0) {
        mat_free(R);
        return -1;
    }
    return out_mat(R, out, e);
}

/* ---- files ------------------------------------------------------------------------------ */

int seq_value_save(const Value *v, const char *path, Err *e)
{
    if (seq_value_is_rnn(v)) return rnn_save(v->u.model->impl, path, e);
    return joint_save(v->u.model->impl, path, e);
}

int seq_value_load(const DvmFile *f, const char *path, Value **out, Err *e)
{
    char kind[32] = "";
    dvm_meta_get(f->meta, "kind", kind, sizeof kind);
    if (strcmp(kind, "rnn") == 0) {
        RnnModel *m = calloc(1, sizeof *m);
        if (!m) return err_nomem(e, sizeof *m, "model");
        if (rnn_load(m, f, path, e) < 0) {
            free(m);
            return -1;
        }
        return (*out = rnn_value(m, e)) ? 0 : -1;
    }
    if (strcmp(kind, "joint") == 0) {
        JointModel *m = calloc(1, sizeof *m);
        if (!m) return err_nomem(e, sizeof *m, "model");
        if (joint_load(m, f, path, e) < 0) {
            free(m);
            return -1;
        }
        return (*out = joint_value(m, e)) ? 0 : -1;
    }
    return 1;
}

/* ---- the table --------------------------------------------------------------------------- */

const Builtin builtins_seq[] = {
    {"rnn",
     bi_rnn,
     "recurrent language model (rnn, gru, lstm) on a text, a file or a list of texts: "
     ".perplexity held out per epoch",
     "seq",
     {{"text", P_ANY, NULL},
      {"hidden", P_INT, "128"},
      {"kind", P_STR, "\"lstm\""},
      {"level", P_STR, "\"char\""},
      {"epochs", P_INT, "10"},
      {"batch", P_INT, "32"},
      {"bptt", P_INT, "32"},
      {"lr", P_NUM, "0.003"},
      {"clip", P_NUM, "5"},
      {"validation", P_NUM, "0.1"},
      {"max_vocab", P_INT, "10000"},
      {"limit", P_INT, "0"},
      {"threads", P_INT, "1"}},
     "m = rnn(\"to be or not to be, that is the question. \", hidden=16, epochs=3, "
     "validation=0); sample(m, \"to \", 20)",
     0},
    {"phrases",
     bi_phrases,
     "sentence vectors: each text's word vectors in E averaged (SIF weights), one row a text "
     "named by it",
     "seq",
     {{"E", P_MAT, NULL}, {"texts", P_ANY, NULL}},
     "S = phrases(E, [\"the small dog\", \"the big cat\"]); cosine(S[0], S[1])",
     0},
    {"joint",
     bi_joint,
     "maps of A's and B's rows into one space where pairs (row i of each) are closest: "
     "margin ranking loss both ways",
     "seq",
     {{"A", P_MAT, NULL},
      {"B", P_MAT, NULL},
      {"dims", P_INT, "32"},
      {"layers", P_LIST, "[]"},
      {"margin", P_NUM, "0.2"},
      {"negatives", P_STR, "\"all\""},
      {"epochs", P_INT, "50"},
      {"batch", P_INT, "128"},
      {"lr", P_NUM, "0.003"},
      {"threads", P_INT, "1"}},
     "B = X @ randn(4, 6); j = joint(X, B, dims=4, epochs=20); j.loss",
     0},
    {"recall_at",
     bi_recall_at,
     "R@k of a joint model on pairs (row i of A with row i of B), both ways, and chance",
     "seq",
     {{"m", P_MODEL, NULL}, {"A", P_MAT, NULL}, {"B", P_MAT, NULL}, {"k", P_LIST, "[1, 5, 10]"}},
     "B = X @ randn(4, 6); j = joint(X, B, dims=4, epochs=20); recall_at(j, X, B)",
     0},
    {NULL, NULL, NULL, NULL, {{NULL, P_ANY, NULL}}, NULL, 0},
};
