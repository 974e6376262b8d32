/* builtins_words.c — word vectors: nearest, similarity, analogy, analogies,
 * wordsim, vocab.  An embedding is a matrix whose row names are words; `use
 * E` makes it the default. */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/blas.h"
#include "io/readall.h"
#include "lang/builtin.h"
#include "lang/ctx.h"
#include "lang/datapath.h"
#include "lang/words.h"
#include "plot/plot.h"
#include "core/progress.h"
#include "core/rng.h"
#include "train/word2vec.h"

/* The embedding: E= if given, else the one named by `use`, else the one
 * the first of the n word vectors xs was made of (nearest(G["king"])
 * needs no E). */
static Mat *embedding_or_words(const char *f, Ctx *ctx, Value *E, Value **xs, int n, Err *e)
{
    Value *v = arg_is_none(E) ? ctx->use_emb : E;
    for (int i = 0; !v && i < n; i++)
        if (xs[i]->kind == VAL_MAT && xs[i]->origin) v = xs[i]->origin->emb;
    if (v && v->kind == VAL_MODEL) v = val_model_get(v, "vectors");
    if (!v || v->kind != VAL_MAT || !v->u.mat->row_names) {
        err_set(e, "%s: no embedding (give E=, or `use E` first)", f);
        return NULL;
    }
    return v->u.mat;
}

static Mat *embedding(const char *f, Ctx *ctx, Value *E, Err *e)
{
    return embedding_or_words(f, ctx, E, NULL, 0, e);
}

/* A word (string) or a vector; the word's row goes into *row (-1 for a
 * vector).  Returns a pointer to the vector's values. */
static const float *vector_of(Ctx *ctx, const char *f, Mat *E, Value *x, long *row, Err *e)
{
    *row = -1;
    if (x->kind == VAL_MAT && x->origin && x->origin->emb->u.mat != E) {
        words_mixed(ctx, f, x->origin->emb->u.mat, E, e);
        return NULL;
    }
    if (x->kind == VAL_STR) {
        *row = mat_find_row(E, x->u.str);
        if (*row < 0) {
            char hint[256];
            if (words_suggest(E, x->u.str, hint, sizeof hint)) err_set(e, "unknown word '%s' (%s)", x->u.str, hint);
            else err_set(e, "unknown word '%s'", x->u.str);
            return NULL;
        }
        return MAT_ROW(E, *row);
    }
    if (x->kind == VAL_MAT && x->u.mat->rows * x->u.mat->cols == E->cols) {
        if (x->origin && x->u.mat->rows == 1 && x->origin->n == 1) *row = mat_find_row(E, x->origin->words[0]);
        return x->u.mat->data;
    }
    char buf[64];
    err_set(e, "%s: a word or a vector of %zu values expected, got %s", f, E->cols, val_describe(x, buf, sizeof buf));
    return NULL;
}

/* k x 1 matrix of similarities with the words as row names. */
static int similar_table(Mat *E, const long *idx, const double *sim, int n, Value **out, Err *e)
{
    Mat *m = mat_new_uninit((size_t)n, 1, e);
    if (!m) return -1;
    for (int i = 0; i < n; i++) {
        m->data[i] = (float)sim[i];
        if (mat_set_row_name(m, (size_t)i, E->row_names[idx[i]], e) < 0) {
            mat_free(m);
            return -1;
        }
    }
    if (mat_set_col_name(m, 0, "cosine", e) < 0) {
        mat_free(m);
        return -1;
    }
    *out = val_mat(m, e);
    return *out ? 0 : -1;
}

static int bi_nearest(Ctx *ctx, Value **args, Value **out, Err *e)
{
    Mat *E = embedding_or_words("nearest", ctx, args[2], args, 1, e);
    if (!E) return -1;
    long k = arg_int(args[1]), row, skip[64];
    if (k < 1 || k > 1000) return err_param(e, 1, "nearest: k must be between 1 and 1000, got %ld", k);
    const float *q = vector_of(ctx, "nearest", E, args[0], &row, e);
    if (!q) return -1;
    size_t ns = 0;
    if (row >= 0) skip[ns++] = row;
    if (args[0]->origin)
        for (size_t t = 0; t < args[0]->origin->n && ns < 64; t++) {
            long r = mat_find_row(E, args[0]->origin->words[t]);
            if (r >= 0) skip[ns++] = r;
        }
    long *idx = malloc((size_t)k * sizeof *idx);
    double *sim = malloc((size_t)k * sizeof *sim);
    int rc = -1;
    if (idx && sim) {
        int n = words_top_k(E, q, 0, skip, ns, (int)k, idx, sim, e);
        rc = n < 0 ? -1 : similar_table(E, idx, sim, n, out, e);
    } else {
        err_nomem(e, (size_t)k * 16, "nearest");
    }
    free(idx);
    free(sim);
    return rc;
}

/* Two vectors need no embedding named: a vector made of words brings its
 * own, and two plain vectors of one length are compared as they are. */
static Mat *similarity_embedding(Ctx *ctx, Value **args, int *plain, Err *e)
{
    *plain = 0;
    if (arg_is_none(args[2]) && !ctx->use_emb) {
        for (int i = 0; i < 2; i++)
            if (args[i]->kind == VAL_MAT && args[i]->origin) return embedding_or_words("similarity", ctx, args[2], args, 2, e);
        const Mat *a = args[0]->kind == VAL_MAT ? args[0]->u.mat : NULL;
        const Mat *b = args[1]->kind == VAL_MAT ? args[1]->u.mat : NULL;
        if (a && b && a->rows * a->cols > 0 && a->rows * a->cols == b->rows * b->cols) {
            *plain = 1;
            return NULL;
        }
        if (a && b && a->rows * a->cols > 0) {
            err_param(e, 1, "similarity: a has %zu values, b has %zu", a->rows * a->cols, b->rows * b->cols);
            return NULL;
        }
    }
    return embedding("similarity", ctx, args[2], e);
}

static int bi_similarity(Ctx *ctx, Value **args, Value **out, Err *e)
{
    int plain;
    Mat *E = similarity_embedding(ctx, args, &plain, e);
    if (!E && !plain) return -1;
    long ra, rb;
    size_t n = plain ? args[0]->u.mat->rows * args[0]->u.mat->cols : E->cols;
    const float *a = plain ? args[0]->u.mat->data : vector_of(ctx, "similarity", E, args[0], &ra, e);
    const float *b = !a ? NULL : plain ? args[1]->u.mat->data : vector_of(ctx, "similarity", E, args[1], &rb, e);
    if (!b) return -1;
    double d = 0, na = 0, nb = 0;
    for (size_t j = 0; j < n; j++) {
        d += (double)a[j] * b[j];
        na += (double)a[j] * a[j];
        nb += (double)b[j] * b[j];
    }
    *out = val_num(na > 0 && nb > 0 ? d / sqrt(na * nb) : 0, e);
    return *out ? 0 : -1;
}

static int bi_analogy(Ctx *ctx, Value **args, Value **out, Err *e)
{
    Mat *E = embedding_or_words("analogy", ctx, args[4], args, 3, e);
    if (!E) return -1;
    long r[3], k = arg_int(args[3]);
    const float *v[3];
    for (int i = 0; i < 3; i++)
        if (!(v[i] = vector_of(ctx, "analogy", E, args[i], &r[i], e))) return -1;
    if (k < 1 || k > 1000) return err_param(e, 3, "analogy: k must be between 1 and 1000, got %ld", k);
    float *q = malloc(E->cols * sizeof *q);
    long *idx = malloc((size_t)k * sizeof *idx), skip[3];
    double *sim = malloc((size_t)k * sizeof *sim);
    int rc = -1;
    if (q && idx && sim) {
        size_t ns = 0;
        for (int i = 0; i < 3; i++)
            if (r[i] >= 0) skip[ns++] = r[i];
        /* a is to b as c is to ?: b - a + c, inputs left out (word2vec's word-analogy) */
        for (size_t j = 0; j < E->cols; j++) q[j] = v[1][j] - v[0][j] + v[2][j];
        int n = words_top_k(E, q, 0, skip, ns, (int)k, idx, sim, e);
        rc = n < 0 ? -1 : similar_table(E, idx, sim, n, out, e);
    } else {
        err_nomem(e, E->cols * 4, "analogy");
    }
    free(q);
    free(idx);
    free(sim);
    return rc;
}

static int bi_vocab(Ctx *ctx, Value **args, Value **out, Err *e)
{
    Mat *E = embedding("vocab", ctx, args[0], e);
    if (!E) return -1;
    long n = arg_is_none(args[1]) ? (long)E->rows : arg_int(args[1]);
    if (n < 0) return err_param(e, 1, "vocab: n must be >= 0");
    size_t k = (size_t)n < E->rows ? (size_t)n : E->rows;
    Value *l = val_list(k, e);
    for (size_t i = 0; l && i < k; i++) {
        Value *s = val_str(E->row_names[i], e);
        if (!s) {
            val_unref(l);
            return -1;
        }
        val_list_set(l, i, s);
    }
    *out = l;
    return l ? 0 : -1;
}

static void lower(char *s)
{
    for (; *s; s++) *s = (char)tolower((unsigned char)*s);
}

/* Rows of the first `limit` words, looked up in lower case. */
static long find_limited(Mat *E, char *w, size_t limit)
{
    lower(w);
    long r = mat_find_row(E, w);
    return r >= 0 && (size_t)r < limit ? r : -1;
}

/* One analogy question: the rows of its four words and its section. */
typedef struct Question {
    long r[4];
    size_t section;
} Question;

typedef struct Section {
    char name[128];
    long seen, ok;
} Section;

/* Analogy questions as word2vec's compute-accuracy scores them: ": section"
 * headers, four words a line, case-insensitive, only questions whose words
 * are all among the `limit` most frequent (the first rows), the three
 * question words left out of the answer, sections whose name starts with
 * "gram" counted as syntactic.  Questions are scored in batches: one
 * matrix product of a batch with the unit-length rows gives all their
 * cosines at once. */
static int bi_analogies(Ctx *ctx, Value **args, Value **out, Err *e)
{
    Mat *E = embedding("analogies", ctx, args[0], e);
    if (!E) return -1;
    char pbuf[4096];
    const char *path = datapath_resolve("analogies", 1, arg_str(args[1]), pbuf, sizeof pbuf, e); /* data:NAME */
    if (!path) return -1;
    long lim = arg_int(args[2]);
    if (lim < 1) return err_param(e, 2, "analogies: limit must be >= 1, got %ld", lim);
    size_t limit = (size_t)lim < E->rows ? (size_t)lim : E->rows, d = E->cols;
    char *text;
    size_t len;
    if (io_read_all(path, &text, &len, e) < 0) return -1;
    Question *qs = NULL;
    Section *secs = NULL;
    size_t nq = 0, capq = 0, ns = 0, caps = 0, line = 0;
    long total = 0;
    Mat *N = NULL, *Q = NULL, *S = NULL;
    int rc = -1;
    for (char *p = text; *p;) {
        char *nl = strchr(p, '\n');
        if (nl) *nl = '\0';
        line++;
        char w[4][128];
        if (p[0] == ':' || ns == 0) { /* a section (questions before any header go in an unnamed one) */
            if (ns == caps) {
                caps = caps ? caps * 2 : 16;
                Section *s2 = realloc(secs, caps * sizeof *secs);
                if (!s2) goto nomem;
                secs = s2;
            }
            const char *name = p[0] == ':' ? p + 1 + strspn(p + 1, " \t") : "";
            snprintf(secs[ns].name, sizeof secs[ns].name, "%.*s", (int)strcspn(name, "\r"), name);
            secs[ns].seen = secs[ns].ok = 0;
            ns++;
        }
        if (p[0] == ':') {
            /* header done */
        } else if (sscanf(p, "%127s %127s %127s %127s", w[0], w[1], w[2], w[3]) == 4) {
            total++;
            Question q = {.section = ns - 1};
            int found = 1;
            for (int i = 0; i < 4; i++) found &= (q.r[i] = find_limited(E, w[i], limit)) >= 0;
            if (found) {
                if (nq == capq) {
                    capq = capq ? capq * 2 : 1024;
                    Question *q2 = realloc(qs, capq * sizeof *qs);
                    if (!q2) goto nomem;
                    qs = q2;
                }
                qs[nq++] = q;
            }
        } else if (p[strspn(p, " \t\r")]) {
            err_set(e, "%s:%zu: an analogy line needs four words", path, line);
            goto done;
        }
        if (!nl) break;
        p = nl + 1;
    }
    /* unit-length copy of the searched rows, so a product gives cosines */
    size_t batch = ((size_t)1 << 24) / (limit ? limit : 1); /* scores at most 64 MB */
    if (batch > 256) batch = 256;
    if (batch < 1) batch = 1;
    if (!(N = mat_new_uninit(limit, d, e)) || !(Q = mat_new_uninit(batch, d, e)) || !(S = mat_new_uninit(batch, limit, e)))
        goto done;
    for (size_t i = 0; i < limit; i++) {
        double s2 = 0;
        for (size_t j = 0; j < d; j++) s2 += (double)MAT_AT(E, i, j) * MAT_AT(E, i, j);
        float inv = s2 > 0 ? (float)(1 / sqrt(s2)) : 0;
        for (size_t j = 0; j < d; j++) MAT_AT(N, i, j) = MAT_AT(E, i, j) * inv;
    }
    for (size_t b0 = 0; b0 < nq; b0 += batch) {
        size_t nb = nq - b0 < batch ? nq - b0 : batch;
        Q->rows = S->rows = nb; /* a shorter last batch: same storage, fewer rows */
        for (size_t t = 0; t < nb; t++) {
            const long *r = qs[b0 + t].r; /* b - a + c on unit vectors */
            for (size_t j = 0; j < d; j++) MAT_AT(Q, t, j) = MAT_AT(N, r[1], j) - MAT_AT(N, r[0], j) + MAT_AT(N, r[2], j);
        }
        if (blas_gemm(Q, 0, N, 1, 1.0f, 0.0f, S, e) < 0) goto done;
        for (size_t t = 0; t < nb; t++) {
            const long *r = qs[b0 + t].r;
            const float *sc = MAT_ROW(S, t);
            long best = -1;
            for (size_t i = 0; i < limit; i++) {
                if ((long)i == r[0] || (long)i == r[1] || (long)i == r[2]) continue;
                if (best < 0 || sc[i] > sc[best]) best = (long)i;
            }
            Section *sec = &secs[qs[b0 + t].section];
            sec->seen++;
            sec->ok += best == r[3];
        }
    }
    long seen = 0, correct = 0, sem_seen = 0, sem_ok = 0, syn_seen = 0, syn_ok = 0;
    for (size_t i = 0; i < ns; i++) {
        Section *sec = &secs[i];
        if (!sec->name[0] && sec->seen == 0) continue; /* the unnamed one, unused */
        ctx_printf(ctx, "%-28s %6.2f %%  (%ld / %ld)\n", sec->name[0] ? sec->name : "(no section)",
                   sec->seen ? 100.0 * sec->ok / sec->seen : 0.0, sec->ok, sec->seen);
        int syn = strncmp(sec->name, "gram", 4) == 0;
        *(syn ? &syn_seen : &sem_seen) += sec->seen;
        *(syn ? &syn_ok : &sem_ok) += sec->ok;
        seen += sec->seen;
        correct += sec->ok;
    }
    ctx_printf(ctx, "semantic:  %6.2f %%  (%ld / %ld)\n", sem_seen ? 100.0 * sem_ok / sem_seen : 0.0, sem_ok, sem_seen);
    ctx_printf(ctx, "syntactic: %6.2f %%  (%ld / %ld)\n", syn_seen ? 100.0 * syn_ok / syn_seen : 0.0, syn_ok, syn_seen);
    ctx_printf(ctx, "total:     %6.2f %%  (%ld / %ld)\n", seen ? 100.0 * correct / seen : 0.0, correct, seen);
    ctx_printf(ctx, "questions seen: %ld of %ld (%.1f %%), vocabulary limited to the first %zu words\n", seen, total,
               total ? 100.0 * seen / total : 0.0, limit);
    *out = val_num(seen ? (double)correct / seen : 0, e);
    rc = *out ? 0 : -1;
    goto done;
nomem:
    err_nomem(e, (nq + ns) * sizeof(Question), "analogies");
done:
    if (Q) Q->rows = batch;
    if (S) S->rows = batch;
    mat_free(N);
    mat_free(Q);
    mat_free(S);
    free(qs);
    free(secs);
    free(text);
    return rc;
}

/* Average ranks (ties share their mean rank), for Spearman's rho. */
static void ranks(const double *v, size_t n, double *r)
{
    size_t *o = malloc(n * sizeof *o);
    if (!o) return;
    for (size_t i = 0; i < n; i++) o[i] = i;
    for (size_t i = 1; i < n; i++) { /* insertion sort: word-pair files are small */
        size_t t = o[i], j = i;
        while (j > 0 && v[o[j - 1]] > v[t]) o[j] = o[j - 1], j--;
        o[j] = t;
    }
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j + 1 < n && v[o[j + 1]] == v[o[i]]) j++;
        for (size_t t = i; t <= j; t++) r[o[t]] = (i + j) / 2.0 + 1;
        i = j + 1;
    }
    free(o);
}

static int bi_wordsim(Ctx *ctx, Value **args, Value **out, Err *e)
{
    Mat *E = embedding("wordsim", ctx, args[0], e);
    if (!E) return -1;
    char pbuf[4096];
    const char *path = datapath_resolve("wordsim", 1, arg_str(args[1]), pbuf, sizeof pbuf, e); /* data:NAME */
    if (!path) return -1;
    char *text;
    size_t len;
    if (io_read_all(path, &text, &len, e) < 0) return -1;
    size_t cap = 1024, n = 0, total = 0, line = 0;
    double *h = malloc(cap * sizeof *h), *c = malloc(cap * sizeof *c);
    int rc = -1;
    for (char *p = text; h && c && *p;) {
        char *nl = strchr(p, '\n');
        if (nl) *nl = '\0';
        line++;
        char a[128], b[128];
        double s;
        if (p[0] != '#' && sscanf(p, "%127s %127s %lf", a, b, &s) == 3) {
            total++;
            lower(a);
            lower(b);
            long ra = mat_find_row(E, a), rb = mat_find_row(E, b);
            if (ra >= 0 && rb >= 0) {
                if (n == cap) {
                    cap *= 2;
                    double *h2 = realloc(h, cap * sizeof *h), *c2 = h2 ? realloc(c, cap * sizeof *c) : NULL;
                    if (h2) h = h2;
                    if (!c2) break;
                    c = c2;
                }
                double d = 0, na = 0, nb = 0;
                for (size_t j = 0; j < E->cols; j++) {
                    d += (double)MAT_AT(E, ra, j) * MAT_AT(E, rb, j);
                    na += (double)MAT_AT(E, ra, j) * MAT_AT(E, ra, j);
                    nb += (double)MAT_AT(E, rb, j) * MAT_AT(E, rb, j);
                }
                h[n] = s;
                c[n++] = na > 0 && nb > 0 ? d / sqrt(na * nb) : 0;
            }
        }
        if (!nl) break;
        p = nl + 1;
    }
    if (!h || !c) {
        err_nomem(e, cap * 16, "wordsim");
    } else if (n < 2) {
        err_set(e, "wordsim: %s: only %zu of %zu pairs have both words in the embedding", path, n, total);
    } else {
        double *rh = malloc(n * sizeof *rh), *rcs = malloc(n * sizeof *rcs);
        if (rh && rcs) {
            ranks(h, n, rh);
            ranks(c, n, rcs);
            double mh = 0, mc = 0, sxy = 0, sxx = 0, syy = 0;
            for (size_t i = 0; i < n; i++) mh += rh[i], mc += rcs[i];
            mh /= (double)n;
            mc /= (double)n;
            for (size_t i = 0; i < n; i++) {
                sxy += (rh[i] - mh) * (rcs[i] - mc);
                sxx += (rh[i] - mh) * (rh[i] - mh);
                syy += (rcs[i] - mc) * (rcs[i] - mc);
            }
            double rho = sxx > 0 && syy > 0 ? sxy / sqrt(sxx * syy) : 0;
            ctx_printf(ctx, "Spearman rho %.4f on %zu of %zu pairs\n", rho, n, total);
            *out = val_num(rho, e);
            rc = *out ? 0 : -1;
        } else {
            err_nomem(e, n * 16, "wordsim");
        }
        free(rh);
        free(rcs);
    }
    free(h);
    free(c);
    free(text);
    return rc;
}

static int bi_word2vec(Ctx *ctx, Value **args, Value **out, Err *e)
{
    W2vOpts o;
    w2v_default_opts(&o);
    o.dim = arg_int32(args[1]);
    o.window = arg_int32(args[2]);
    const char *model = arg_str(args[3]);
    if (strcmp(model, "skipgram") == 0) o.cbow = 0;
    else if (strcmp(model, "cbow") == 0) o.cbow = 1;
    else return err_param(e, 3, "word2vec: model must be \"skipgram\" or \"cbow\", got \"%s\"", model);
    o.negative = arg_int32(args[4]);
    o.hs = arg_num(args[5]) != 0;
    o.sample = arg_num(args[6]);
    o.min_count = arg_int32(args[7]);
    o.epochs = arg_int32(args[8]);
    if (!arg_is_none(args[9])) o.alpha = arg_num(args[9]);
    if (arg_is_none(args[10])) { /* one thread per CPU */
        long cpus = sysconf(_SC_NPROCESSORS_ONLN);
        o.threads = cpus < 1 ? 1 : cpus > 64 ? 64 : (int)cpus;
    } else {
        o.threads = arg_int32(args[10]);
    }
    if (o.threads < 1 || o.threads > 64) return err_param(e, 10, "word2vec: threads must be between 1 and 64, got %d", o.threads);
    o.seed = rng_u64(rng_global());
    o.progress = progress_global();
    W2vResult r;
    char pbuf[4096];
    const char *corpus = datapath_resolve("word2vec", 0, arg_str(args[0]), pbuf, sizeof pbuf, e); /* data:NAME */
    if (!corpus) return -1;
    if (w2v_train(corpus, &o, &r, e) < 0) return -1;
    Value *v = val_model("word2vec", e);
    if (!v) {
        mat_free(r.vectors);
        return -1;
    }
    size_t vocab = r.vectors->rows;
    if (val_model_set_mat(v, "vectors", r.vectors, e) < 0 || val_model_set_num(v, "vocabulary", (double)vocab, e) < 0 ||
        val_model_set_num(v, "words", (double)r.words, e) < 0 || val_model_set_num(v, "seconds", r.seconds, e) < 0 ||
        val_model_set_num(v, "words_per_sec", r.seconds > 0 ? (double)r.trained / r.seconds : 0, e) < 0 ||
        val_model_set_num(v, "threads", o.threads, e) < 0 || /* 1: repeatable under seed (the labs check it) */
        val_model_set(v, "stopped", val_bool(r.stopped, e), e) < 0) {
        val_unref(v);
        return -1;
    }
    *out = v;
    return 0;
}

/* Custom projection (as the Embedding Projector's): each word's position
 * along a direction is the cosine of its vector with that direction. */
static int bi_axes(Ctx *ctx, Value **args, Value **out, Err *e)
{
    Mat *E = embedding("axes", ctx, args[0], e);
    if (!E) return -1;
    long rx, ry;
    const float *dx = vector_of(ctx, "axes", E, args[1], &rx, e), *dy = dx ? vector_of(ctx, "axes", E, args[2], &ry, e) : NULL;
    if (!dy) return -1;
    size_t n, d = E->cols;
    Value *w = args[3];
    if (arg_is_none(w)) n = E->rows < 100 ? E->rows : 100; /* the 100 most frequent words */
    else if (w->kind == VAL_LIST) n = w->u.list.n;
    else return err_param(e, 3, "axes: words must be a list of words");
    Mat *M = mat_new_uninit(n, 2, e);
    if (!M) return -1;
    double nx = 0, ny = 0;
    for (size_t j = 0; j < d; j++) nx += (double)dx[j] * dx[j], ny += (double)dy[j] * dy[j];
    if (nx == 0 || ny == 0) {
        mat_free(M);
        return err_set(e, "axes: a direction is all zeros");
    }
    for (size_t i = 0; i < n; i++) {
        long r = (long)i;
        if (!arg_is_none(w)) {
            Value *it = w->u.list.items[i];
            if (it->kind != VAL_STR) {
                mat_free(M);
                return err_param(e, 3, "axes: words must be strings");
            }
            if ((r = mat_find_row(E, it->u.str)) < 0) {
                char hint[256];
                mat_free(M);
                if (words_suggest(E, it->u.str, hint, sizeof hint)) return err_set(e, "unknown word '%s' (%s)", it->u.str, hint);
                return err_set(e, "unknown word '%s'", it->u.str);
            }
        }
        const float *v = MAT_ROW(E, r);
        double a = 0, b = 0, nv = 0;
        for (size_t j = 0; j < d; j++) a += (double)v[j] * dx[j], b += (double)v[j] * dy[j], nv += (double)v[j] * v[j];
        nv = nv > 0 ? sqrt(nv) : 1;
        MAT_AT(M, i, 0) = (float)(a / (nv * sqrt(nx)));
        MAT_AT(M, i, 1) = (float)(b / (nv * sqrt(ny)));
        if (mat_set_row_name(M, i, E->row_names[r], e) < 0) {
            mat_free(M);
            return -1;
        }
    }
    Plot *p = plot_scatter(M, NULL, NULL, 0, e);
    mat_free(M);
    if (!p) return -1;
    plot_set_point_labels(p, 1);
    if (plot_set_axis_names(p, "x direction (cosine)", "y direction (cosine)", e) < 0) {
        plot_free(p);
        return -1;
    }
    *out = val_plot(p, e);
    return *out ? 0 : -1;
}

#define EMB {"E", P_ANY, "none"}
const Builtin builtins_words[] = {
    {"word2vec", bi_word2vec, "train word vectors on a text file (.gz too): .vectors is the embedding", "words",
     {{"corpus", P_STR, NULL},
      {"dim", P_INT, "100"},
      {"window", P_INT, "5"},
      {"model", P_STR, "\"skipgram\""},
      {"negative", P_INT, "5"},
      {"hs", P_BOOL, "false"},
      {"sample", P_NUM, "1e-3"},
      {"min_count", P_INT, "5"},
      {"epochs", P_INT, "5"},
      {"alpha", P_NUM, "none"},
      {"threads", P_INT, "none"}}, "W = word2vec(\"data:kjv.txt.gz\", dim=50, epochs=1)", 0},
    {"nearest", bi_nearest, "the k words nearest by cosine to a word or a vector", "words",
     {{"x", P_ANY, NULL}, {"k", P_INT, "10"}, EMB}, "nearest(\"king\", 5, E=E)", BF_WORDS_IN_E},
    {"similarity", bi_similarity, "cosine similarity of two words (or vectors)", "words",
     {{"a", P_ANY, NULL}, {"b", P_ANY, NULL}, EMB}, "similarity(\"king\", \"queen\", E=E)", BF_WORDS_IN_E},
    {"analogy", bi_analogy, "a is to b as c is to ?: nearest words to b - a + c, inputs left out", "words",
     {{"a", P_ANY, NULL}, {"b", P_ANY, NULL}, {"c", P_ANY, NULL}, {"k", P_INT, "10"}, EMB}, "analogy(man, king, woman, E=E)", BF_WORDS_IN_E},
    {"analogies", bi_analogies, "score an analogy question file as word2vec's compute-accuracy does", "words",
     {{"E", P_ANY, NULL}, {"file", P_STR, NULL}, {"limit", P_INT, "30000"}}, "analogies(E, \"data:kjv-analogies.txt\")", 0},
    {"wordsim", bi_wordsim, "Spearman correlation with human word-pair similarity scores", "words",
     {{"E", P_ANY, NULL}, {"file", P_STR, NULL}}, "wordsim(E, \"tests/data/tiny-sim.tsv\")", 0},
    {"axes", bi_axes, "words placed by their cosine with two directions: axes(E, x=he - she, y=good - bad)",
     "words", {{"E", P_ANY, NULL}, {"x", P_ANY, NULL}, {"y", P_ANY, NULL}, {"words", P_ANY, "none"}}, "axes(E, x=he - she, y=good - bad, words=[\"king\", \"queen\", \"doctor\", \"nurse\"])", BF_WORDS_IN_E},
    {"vocab", bi_vocab, "the words of an embedding, most frequent first (the first n)", "words",
     {EMB, {"n", P_INT, "none"}}, "vocab(E, 10)", 0},
    {NULL, NULL, NULL, NULL, {{NULL, P_ANY, NULL}}, NULL, 0},
};
