/* rnn.c — the recurrent language model: vocabulary, weights, the step
 * shared by training and use, encode, sample, files (rnn.h).  The
 * training loop is in rnnfit.c. */
#include "train/rnn.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "train/rnn_step.h"

#define WORD_MAX 100 /* bytes of a word kept, as corpus.h */

/* ---- tokens ------------------------------------------------------------ */

/* Bytes of the UTF-8 character at s (1 for an invalid byte). */
static size_t utf8_len(const unsigned char *s, size_t left)
{
    size_t k = s[0] < 0x80             ? 1
               : (s[0] & 0xE0) == 0xC0 ? 2
               : (s[0] & 0xF0) == 0xE0 ? 3
               : (s[0] & 0xF8) == 0xF0 ? 4
                                       : 1;
    if (k > left) return 1;
    for (size_t i = 1; i < k; i++)
        if ((s[i] & 0xC0) != 0x80) return 1;
    return k;
}

static int word_byte(unsigned char c)
{
    return isalnum(c) || c == '\'' || c >= 0x80;
}

/* The next token of s[*pos..len) into buf (at most WORD_MAX + 4 bytes,
 * NUL-terminated); returns its length, 0 at the end. */
static size_t next_token(const char *s, size_t len, size_t *pos, int words, char *buf)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t p = *pos;
    if (!words) {
        if (p >= len) return 0;
        size_t k = utf8_len(u + p, len - p);
        memcpy(buf, s + p, k);
        buf[k] = '\0';
        *pos = p + k;
        return k;
    }
    for (;;) {
        while (p < len && !word_byte(u[p]) && u[p] != '\n')
            p++;
        if (p >= len) {
            *pos = p;
            return 0;
        }
        if (u[p] == '\n') {
            *pos = p + 1;
            strcpy(buf, RNN_EOL);
            return 1;
        }
        size_t k = 0;
        while (p < len && word_byte(u[p])) {
            if (k < WORD_MAX) buf[k++] = (char)tolower(u[p]);
            p++;
        }
        size_t a = 0;
        while (a < k && buf[a] == '\'')
            a++;
        while (k > a && buf[k - 1] == '\'')
            k--;
        if (k > a) {
            memmove(buf, buf + a, k - a);
            buf[k - a] = '\0';
            *pos = p;
            return k - a;
        }
    }
}

/* A token as an error message shows it: "\n" as \n. */
static const char *shown(const char *tok)
{
    return strcmp(tok, "\n") == 0 ? "\\n" : strcmp(tok, "\t") == 0 ? "\\t" : tok;
}

int rnn_ids(const RnnModel *m, const char *text, size_t len, int unk_ok, uint32_t **ids, size_t *n,
            char *unknown, Err *e)
{
    if (unknown) unknown[0] = '\0';
    size_t cap = 1024, k = 0, pos = 0, tl;
    uint32_t *out = malloc(cap * sizeof *out);
    if (!out) return err_nomem(e, cap * sizeof *out, "tokens");
    char buf[WORD_MAX + 8];
    while ((tl = next_token(text, len, &pos, m->words, buf)) > 0) {
        size_t id;
        if (!strmap_getn(m->index, buf, tl, &id)) {
            if (!(unk_ok && m->words)) {
                if (unknown) snprintf(unknown, 64, "%.63s", buf);
                free(out);
                return err_set(e, "unknown %s '%s' (not in the model's vocabulary of %zu)",
                               m->words ? "word" : "character", shown(buf), m->vocab);
            }
            id = 0;
        }
        if (k == cap) {
            uint32_t *o2 = realloc(out, 2 * cap * sizeof *out);
            if (!o2) {
                free(out);
                return err_nomem(e, 2 * cap * sizeof *out, "tokens");
            }
            out = o2;
            cap *= 2;
        }
        out[k++] = (uint32_t)id;
    }
    *ids = out;
    *n = k;
    return 0;
}

typedef struct Count {
    char *tok;
    long long n;
    size_t first;
} Count;

static int by_count(const void *a, const void *b)
{
    const Count *x = a, *y = b;
    if (x->n != y->n) return x->n > y->n ? -1 : 1;
    return x->first < y->first ? -1 : x->first > y->first;
}

static int set_vocab(RnnModel *m, char **toks, size_t n, Err *e)
{
    m->tokens = toks;
    m->vocab = n;
    if (!(m->index = strmap_new(n, e))) return -1;
    for (size_t i = 0; i < n; i++)
        if (strmap_put(m->index, toks[i], i, NULL, e) < 0) return -1;
    return 0;
}

static int build_vocab(RnnModel *m, const char *text, size_t len, size_t max_vocab, Err *e)
{
    StrMap *seen = strmap_new(1024, e);
    if (!seen) return -1;
    size_t cap = 256, nc = 0, pos = 0, tl;
    Count *c = malloc(cap * sizeof *c);
    char buf[WORD_MAX + 8];
    int rc = -1;
    if (!c) {
        err_nomem(e, cap * sizeof *c, "vocabulary");
        goto done;
    }
    while ((tl = next_token(text, len, &pos, m->words, buf)) > 0) {
        size_t id;
        if (strmap_getn(seen, buf, tl, &id)) {
            c[id].n++;
            continue;
        }
        if (nc == cap) {
            Count *c2 = realloc(c, 2 * cap * sizeof *c);
            if (!c2) {
                err_nomem(e, 2 * cap * sizeof *c, "vocabulary");
                goto done;
            }
            c = c2;
            cap *= 2;
        }
        if (!(c[nc].tok = strdup(buf))) {
            err_nomem(e, tl + 1, "vocabulary");
            goto done;
        }
        c[nc].n = 1;
        c[nc].first = nc;
        if (strmap_put(seen, buf, nc, NULL, e) < 0) {
            free(c[nc].tok);
            goto done;
        }
        nc++;
    }
    if (nc == 0) {
        err_set(e, "the text has no %s", m->words ? "words" : "characters");
        goto done;
    }
    qsort(c, nc, sizeof *c, by_count);
    size_t keep = nc;
    if (m->words && max_vocab && keep > max_vocab - 1) keep = max_vocab - 1;
    size_t V = keep + (m->words ? 1 : 0);
    char **toks = calloc(V, sizeof *toks);
    if (!toks) {
        err_nomem(e, V * sizeof *toks, "vocabulary");
        goto done;
    }
    size_t j = 0;
    if (m->words && !(toks[j++] = strdup(RNN_UNK))) {
        free(toks);
        err_nomem(e, 8, "vocabulary");
        goto done;
    }
    for (size_t i = 0; i < keep; i++) {
        toks[j++] = c[i].tok;
        c[i].tok = NULL;
    }
    rc = set_vocab(m, toks, V, e);
done:
    for (size_t i = 0; c && i < nc; i++)
        free(c[i].tok);
    free(c);
    strmap_free(seen);
    return rc;
}

/* ---- weights ----------------------------------------------------------- */

static int add_params(RnnModel *m, Err *e)
{
    size_t H = m->hidden, V = m->vocab, GH = nn_cell_gates(m->cell) * H;
    nn_params_init_store(&m->P);
    if ((m->iWx = nn_params_add(&m->P, "rnn.Wx", 2, (const size_t[]){V, GH}, e)) < 0 ||
        (m->ib = nn_params_add(&m->P, "rnn.b", 1, (const size_t[]){GH}, e)) < 0 ||
        (m->iWh = nn_params_add(&m->P, "rnn.Wh", 2, (const size_t[]){H, GH}, e)) < 0 ||
        (m->ibh = nn_params_add(&m->P, "rnn.bh", 1, (const size_t[]){GH}, e)) < 0 ||
        (m->iWy = nn_params_add(&m->P, "rnn.Wy", 2, (const size_t[]){H, V}, e)) < 0 ||
        (m->iby = nn_params_add(&m->P, "rnn.by", 1, (const size_t[]){V}, e)) < 0)
        return -1;
    return 0;
}

int rnn_build(RnnModel *m, NnCellKind cell, int words, size_t hidden, const char *text, size_t len,
              size_t max_vocab, Rng *r, Err *e)
{
    memset(m, 0, sizeof *m);
    m->cell = cell;
    m->words = words;
    m->hidden = hidden;
    if (build_vocab(m, text, len, max_vocab, e) < 0 || add_params(m, e) < 0) {
        rnn_free(m);
        return -1;
    }
    size_t H = hidden, V = m->vocab, GH = nn_cell_gates(cell) * H;
    /* Glorot's uniform init for all three products (a token's row of Wx
     * is an embedding of width G H) */
    nn_params_init(&m->P, (size_t)m->iWx, NN_INIT_XAVIER, H, GH, 0, r);
    nn_params_init(&m->P, (size_t)m->iWh, NN_INIT_XAVIER, H, GH, 0, r);
    nn_params_init(&m->P, (size_t)m->iWy, NN_INIT_XAVIER, H, V, 0, r);
    if (cell == NN_CELL_LSTM) { /* forget gate open at first (Jozefowicz et al. 2015) */
        float *b = nn_params_at(&m->P, (size_t)m->ib);
        for (size_t j = H; j < 2 * H; j++)
            b[j] = 1.0f;
    }
    return 0;
}

void rnn_free(RnnModel *m)
{
    for (size_t i = 0; m->tokens && i < m->vocab; i++)
        free(m->tokens[i]);
    free(m->tokens);
    strmap_free(m->index);
    nn_params_free(&m->P);
    free(m->ppl_train);
    free(m->ppl_val);
    memset(m, 0, sizeof *m);
}

/* ---- the step ---------------------------------------------------------- */

void rnn_views(NnGraph *g, const RnnModel *m, NnTensor *pv[6])
{
    NnParams *P = (NnParams *)&m->P; /* views only read the weights outside training */
    pv[0] = nn_param(g, P, (size_t)m->iWx);
    pv[1] = nn_param(g, P, (size_t)m->ib);
    pv[2] = nn_param(g, P, (size_t)m->iWh);
    pv[3] = nn_param(g, P, (size_t)m->ibh);
    pv[4] = nn_param(g, P, (size_t)m->iWy);
    pv[5] = nn_param(g, P, (size_t)m->iby);
}

NnTensor *rnn_step(NnGraph *g, const RnnModel *m, NnTensor *const pv[6], const size_t *ids,
                   size_t B, NnTensor *h, NnTensor *c, NnTensor **c2)
{
    NnTensor *xp = nn_add_bias(g, nn_rows(g, pv[0], ids, B), pv[1]);
    return nn_cell_step(g, m->cell, xp, h, c, pv[2], m->cell == NN_CELL_GRU ? pv[3] : NULL, c2);
}

/* A one-row runner: state buffers and a graph for reading tokens one at a
 * time without keeping a tape. */
typedef struct Runner {
    const RnnModel *m;
    NnGraph *g;
    float *h, *c, *logits;
} Runner;

static int runner_init(Runner *r, const RnnModel *m, Err *e)
{
    memset(r, 0, sizeof *r);
    r->m = m;
    r->h = calloc(m->hidden, sizeof(float));
    r->c = calloc(m->hidden, sizeof(float));
    r->logits = calloc(m->vocab, sizeof(float));
    if (!r->h || !r->c || !r->logits) return err_nomem(e, m->vocab * sizeof(float), "rnn state");
    r->g = nn_graph_new(NULL, e);
    if (!r->g) return -1;
    nn_graph_set_train(r->g, 0);
    return 0;
}

static void runner_free(Runner *r)
{
    nn_graph_free(r->g);
    free(r->h);
    free(r->c);
    free(r->logits);
}

static void runner_zero(Runner *r)
{
    memset(r->h, 0, r->m->hidden * sizeof(float));
    memset(r->c, 0, r->m->hidden * sizeof(float));
}

/* Read token id; with want_logits also the next token's logits. */
static int runner_feed(Runner *r, size_t id, int want_logits, Err *e)
{
    const RnnModel *m = r->m;
    NnGraph *g = r->g;
    nn_graph_reset(g);
    NnTensor *pv[6];
    rnn_views(g, m, pv);
    size_t H = m->hidden;
    NnTensor *c2, *h = rnn_step(g, m, pv, &id, 1, nn_input(g, r->h, 2, RNN_SHAPE2(1, H)),
                                nn_input(g, r->c, 2, RNN_SHAPE2(1, H)), &c2);
    NnTensor *y = want_logits ? nn_linear(g, h, pv[4], pv[5]) : h;
    if (nn_graph_failed(g, e) < 0) return -1;
    memcpy(r->h, h->data, H * sizeof(float));
    if (c2) memcpy(r->c, c2->data, H * sizeof(float));
    if (want_logits) memcpy(r->logits, y->data, m->vocab * sizeof(float));
    return 0;
}

int rnn_perplexity(const RnnModel *m, const char *text, double *ppl, Err *e)
{
    uint32_t *ids;
    size_t n;
    if (rnn_ids(m, text, strlen(text), 0, &ids, &n, NULL, e) < 0) return -1;
    if (n < 2) {
        free(ids);
        return err_set(e, "perplexity needs at least 2 tokens, the text has %zu", n);
    }
    Runner r;
    int rc = runner_init(&r, m, e);
    double sum = 0;
    for (size_t t = 0; rc == 0 && t + 1 < n; t++) {
        if ((rc = runner_feed(&r, ids[t], 1, e)) < 0) break;
        float mx = r.logits[0];
        for (size_t j = 1; j < m->vocab; j++)
            if (r.logits[j] > mx) mx = r.logits[j];
        double z = 0;
        for (size_t j = 0; j < m->vocab; j++)
            z += exp((double)r.logits[j] - mx);
        sum += log(z) - (r.logits[ids[t + 1]] - mx); /* -log softmax */
    }
    if (rc == 0) *ppl = exp(sum / (double)(n - 1));
    runner_free(&r);
    free(ids);
    return rc;
}

Mat *rnn_encode(const RnnModel *m, const char *const *texts, size_t n, char *unknown, Err *e)
{
    Mat *M = mat_new_uninit(n, m->hidden, e);
    if (!M) return NULL;
    Runner r;
    if (runner_init(&r, m, e) < 0) goto fail;
    for (size_t i = 0; i < n; i++) {
        uint32_t *ids;
        size_t k;
        if (rnn_ids(m, texts[i], strlen(texts[i]), 0, &ids, &k, unknown, e) < 0) {
            if (n > 1) err_prefix(e, "text %zu", i);
            goto fail;
        }
        if (k == 0) {
            free(ids);
            if (n > 1)
                err_set(e, "text %zu has no %s", i, m->words ? "words" : "characters");
            else
                err_set(e, "the text has no %s", m->words ? "words" : "characters");
            goto fail;
        }
        runner_zero(&r);
        int rc = 0;
        for (size_t t = 0; rc == 0 && t < k; t++)
            rc = runner_feed(&r, ids[t], 0, e);
        free(ids);
        if (rc < 0) goto fail;
        memcpy(MAT_ROW(M, i), r.h, m->hidden * sizeof(float));
    }
    runner_free(&r);
    return M;
fail:
    runner_free(&r);
    mat_free(M);
    return NULL;
}

/* ---- sampling ---------------------------------------------------------- */

typedef struct Str {
    char *s;
    size_t n, cap;
} Str;

static int str_add(Str *s, const char *t, size_t k)
{
    if (s->n + k + 1 > s->cap) {
        size_t cap = s->cap ? s->cap : 256;
        while (cap < s->n + k + 1)
            cap *= 2;
        char *ns = realloc(s->s, cap);
        if (!ns) return -1;
        s->s = ns;
        s->cap = cap;
    }
    memcpy(s->s + s->n, t, k);
    s->n += k;
    s->s[s->n] = '\0';
    return 0;
}

static size_t draw(const float *logits, size_t V, double temperature, float *q, Rng *r)
{
    size_t best = 0;
    for (size_t j = 1; j < V; j++)
        if (logits[j] > logits[best]) best = j;
    if (temperature <= 0) return best;
    double z = 0;
    for (size_t j = 0; j < V; j++)
        z += q[j] = (float)exp((logits[j] - logits[best]) / temperature);
    double u = rng_uniform(r) * z, acc = 0;
    for (size_t j = 0; j < V; j++)
        if ((acc += q[j]) > u) return j;
    return best;
}

char *rnn_sample(const RnnModel *m, const char *prefix, size_t n, double temperature, Rng *rng,
                 char *unknown, Err *e)
{
    uint32_t *ids;
    size_t k;
    if (rnn_ids(m, prefix, strlen(prefix), 0, &ids, &k, unknown, e) < 0) return NULL;
    Runner r;
    Str out = {0};
    float *q = malloc(m->vocab * sizeof *q);
    int rc = q ? runner_init(&r, m, e) : err_nomem(e, m->vocab * sizeof *q, "sample");
    if (rc == 0 && str_add(&out, prefix, strlen(prefix)) < 0)
        rc = err_nomem(e, strlen(prefix) + 1, "sample");
    /* an empty prefix starts after a line end, as a text's start does */
    size_t start = 0;
    if (rc == 0 && k == 0) strmap_get(m->index, "\n", &start);
    for (size_t t = 0; rc == 0 && t < (k ? k : 1); t++)
        rc = runner_feed(&r, k ? ids[t] : start, 1, e);
    int at_line = k == 0 || (m->vocab > ids[k - 1] && strcmp(m->tokens[ids[k - 1]], "\n") == 0);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        size_t id = draw(r.logits, m->vocab, temperature, q, rng);
        const char *tok = m->tokens[id];
        int eol = strcmp(tok, "\n") == 0;
        if (m->words && !eol && !at_line && out.n && str_add(&out, " ", 1) < 0) rc = -1;
        if (rc == 0 && str_add(&out, tok, strlen(tok)) < 0) rc = -1;
        if (rc < 0) {
            err_nomem(e, out.n + 64, "sample");
            break;
        }
        at_line = eol;
        rc = runner_feed(&r, id, 1, e);
    }
    if (q) runner_free(&r);
    free(q);
    free(ids);
    if (rc < 0) {
        free(out.s);
        return NULL;
    }
    if (!out.s) out.s = strdup("");
    if (!out.s) err_nomem(e, 1, "sample");
    return out.s;
}

/* ---- files ------------------------------------------------------------- */

/* The vocabulary and the history travel as a second store of tensors:
 * "rnn.tokens" holds the tokens' bytes, each followed by a 0, as floats
 * (exact for 0..255); "rnn.ppl" the perplexities, training then
 * held-out, per epoch. */
static int extra_store(const RnnModel *m, NnParams *X, Err *e)
{
    nn_params_init_store(X);
    size_t bytes = 0;
    for (size_t i = 0; i < m->vocab; i++)
        bytes += strlen(m->tokens[i]) + 1;
    size_t E = m->epochs;
    long it = nn_params_add(X, "rnn.tokens", 1, (const size_t[]){bytes}, e);
    long ip = it < 0 ? -1 : nn_params_add(X, "rnn.ppl", 1, (const size_t[]){2 * E + 1}, e);
    if (ip < 0) return -1;
    float *t = nn_params_at(X, (size_t)it), *p = nn_params_at(X, (size_t)ip);
    for (size_t i = 0; i < m->vocab; i++)
        for (const unsigned char *c = (const unsigned char *)m->tokens[i];; c++) {
            *t++ = (float)*c;
            if (!*c) break;
        }
    p[0] = (float)E;
    for (size_t i = 0; i < E; i++) {
        p[1 + i] = m->ppl_train[i];
        p[1 + E + i] = m->ppl_val[i];
    }
    return 0;
}

int rnn_save(const RnnModel *m, const char *path, Err *e)
{
    DvmMeta meta = {0};
    dvm_meta_put(&meta, "kind", "rnn");
    dvm_meta_put(&meta, "cell", "%s", nn_cell_name(m->cell));
    dvm_meta_put(&meta, "level", "%s", m->words ? "word" : "char");
    dvm_meta_put(&meta, "hidden", "%zu", m->hidden);
    dvm_meta_put(&meta, "vocab", "%zu", m->vocab);
    dvm_meta_put(&meta, "stopped", "%d", m->stopped);
    dvm_meta_put(&meta, "train_tokens", "%zu", m->train_tokens);
    dvm_meta_put(&meta, "val_tokens", "%zu", m->val_tokens);
    NnParams X;
    int rc = extra_store(m, &X, e);
    if (rc == 0) {
        const NnParams *stores[2] = {&m->P, &X};
        rc = dvm_save(path, &meta, stores, 2, e);
    }
    nn_params_free(&X);
    dvm_meta_free(&meta);
    return rc;
}

static int meta_size(const char *meta, const char *key, size_t lo, size_t hi, size_t *out,
                     const char *path, Err *e)
{
    char buf[64];
    char *end;
    if (!dvm_meta_get(meta, key, buf, sizeof buf))
        return err_set(e, "%s: the model has no %s", path, key);
    unsigned long long v = strtoull(buf, &end, 10);
    if (*end || end == buf || v < lo || v > hi)
        return err_set(e, "%s: the model's %s is '%s', not from %zu to %zu", path, key, buf, lo,
                       hi);
    *out = (size_t)v;
    return 0;
}

int rnn_load(RnnModel *m, const DvmFile *f, const char *path, Err *e)
{
    memset(m, 0, sizeof *m);
    char buf[64];
    size_t hidden, vocab, stopped, ntr = 0, nva = 0;
    if (!dvm_meta_get(f->meta, "cell", buf, sizeof buf) || nn_cell_kind(buf) < 0)
        return err_set(e, "%s: the model's cell is not rnn, gru or lstm", path);
    m->cell = (NnCellKind)nn_cell_kind(buf);
    if (!dvm_meta_get(f->meta, "level", buf, sizeof buf) ||
        (strcmp(buf, "word") != 0 && strcmp(buf, "char") != 0))
        return err_set(e, "%s: the model's level is not char or word", path);
    m->words = strcmp(buf, "word") == 0;
    if (meta_size(f->meta, "hidden", 1, 1 << 16, &hidden, path, e) < 0 ||
        meta_size(f->meta, "vocab", 1, 1 << 24, &vocab, path, e) < 0 ||
        meta_size(f->meta, "stopped", 0, 1, &stopped, path, e) < 0)
        return -1;
    meta_size(f->meta, "train_tokens", 0, (size_t)-1 / 2, &ntr, path, e);
    meta_size(f->meta, "val_tokens", 0, (size_t)-1 / 2, &nva, path, e);
    m->hidden = hidden;
    m->stopped = (int)stopped;
    m->train_tokens = ntr;
    m->val_tokens = nva;
    long it = nn_params_find(&f->tensors, "rnn.tokens"),
         ip = nn_params_find(&f->tensors, "rnn.ppl");
    if (it < 0 || ip < 0) return err_set(e, "%s: the model has no vocabulary or history", path);
    const NnParamInfo *ti = &f->tensors.info[it], *pi = &f->tensors.info[ip];
    const float *t = f->tensors.data + ti->off, *p = f->tensors.data + pi->off;
    float p0 = pi->n ? p[0] : 0; /* checked before the conversion, as joint.c */
    int sane = p0 >= 0 && p0 < (float)pi->n && p0 == floorf(p0);
    size_t E = sane ? (size_t)p0 : 0;
    if (!sane || pi->n != 2 * E + 1) return err_set(e, "%s: the model's history is damaged", path);
    char **toks = calloc(vocab, sizeof *toks);
    if (!toks) return err_nomem(e, vocab * sizeof *toks, "vocabulary");
    size_t j = 0, s = 0;
    for (size_t i = 0; i < ti->n && j < vocab; i++) {
        if (!(t[i] >= 0 && t[i] <= 255 && t[i] == floorf(t[i]))) break;
        if (t[i] == 0) {
            char *w = malloc(i - s + 1);
            if (!w) break;
            for (size_t q = s; q < i; q++)
                w[q - s] = (char)(unsigned char)t[q];
            w[i - s] = '\0';
            toks[j++] = w;
            s = i + 1;
        }
    }
    if (j != vocab || s != ti->n) {
        for (size_t i = 0; i < j; i++)
            free(toks[i]);
        free(toks);
        return err_set(e, "%s: the model's vocabulary is damaged (%zu of %zu tokens)", path, j,
                       vocab);
    }
    if (set_vocab(m, toks, vocab, e) < 0 || add_params(m, e) < 0 || dvm_fill(f, &m->P, path, e) < 0)
        goto fail;
    m->ppl_train = malloc((E ? E : 1) * sizeof(float));
    m->ppl_val = malloc((E ? E : 1) * sizeof(float));
    if (!m->ppl_train || !m->ppl_val) {
        err_nomem(e, E * sizeof(float), "history");
        goto fail;
    }
    for (size_t i = 0; i < E; i++) {
        m->ppl_train[i] = p[1 + i];
        m->ppl_val[i] = p[1 + E + i];
    }
    m->epochs = E;
    return 0;
fail:
    rnn_free(m);
    return -1;
}

char *rnn_read_text(const char *path, size_t limit, size_t *len, Err *e)
{
    gzFile f = gzopen(path, "rb");
    if (!f) return err_set(e, "cannot open '%s'", path), NULL;
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap + 1);
    if (!buf) {
        gzclose(f);
        return err_nomem(e, cap, path), NULL;
    }
    for (;;) {
        if (limit && n >= limit) break;
        if (n == cap) {
            char *b2 = realloc(buf, 2 * cap + 1);
            if (!b2) {
                free(buf);
                gzclose(f);
                return err_nomem(e, 2 * cap, path), NULL;
            }
            buf = b2;
            cap *= 2;
        }
        size_t want = cap - n;
        if (limit && want > limit - n) want = limit - n;
        int got = gzread(f, buf + n, (unsigned)(want > (1u << 30) ? (1u << 30) : want));
        if (got < 0) {
            int zerr;
            err_set(e, "%s: %s", path, gzerror(f, &zerr));
            free(buf);
            gzclose(f);
            return NULL;
        }
        if (got == 0) break;
        n += (size_t)got;
    }
    gzclose(f);
    buf[n] = '\0';
    if (memchr(buf, '\0', n)) {
        free(buf);
        return err_set(e, "%s: not a text file (it has NUL bytes)", path), NULL;
    }
    *len = n;
    return buf;
}
