/* The hot loops want vectorised code; the project builds with -O2. */
#pragma GCC optimize("O3")
#include "train/word2vec.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/strmap.h"
#include "io/readall.h"

#define EXP_TABLE 1000
#define MAX_EXP 6
#define SENT_END UINT32_MAX
#define MAX_CODE 40

void w2v_default_opts(W2vOpts *o)
{
    memset(o, 0, sizeof *o);
    o->dim = 100;
    o->window = 5;
    o->negative = 5;
    o->min_count = 5;
    o->epochs = 5;
    o->threads = 2;
    o->sample = 1e-3;
    o->seed = 1;
}

typedef struct Vocab {
    size_t n;
    char **words;
    long long *count;
    /* hierarchical softmax */
    uint8_t *codelen;
    uint8_t (*code)[MAX_CODE];
    uint32_t (*point)[MAX_CODE];
} Vocab;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static int word_byte(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '\'' || c >= 0x80;
}

static size_t *g_count_for_sort;
static int by_count(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    if (g_count_for_sort[x] != g_count_for_sort[y]) return g_count_for_sort[x] > g_count_for_sort[y] ? -1 : 1;
    return x < y ? -1 : 1; /* first seen first: deterministic */
}

/* Huffman tree over the counts (Mikolov's CreateBinaryTree). */
static int build_huffman(Vocab *v, Err *e)
{
    size_t n = v->n;
    long long *cnt = malloc(2 * n * sizeof *cnt);
    size_t *parent = malloc(2 * n * sizeof *parent);
    uint8_t *bin = calloc(2 * n, 1);
    v->codelen = calloc(n, 1);
    v->code = calloc(n, sizeof *v->code);
    v->point = calloc(n, sizeof *v->point);
    if (!cnt || !parent || !bin || !v->codelen || !v->code || !v->point) {
        free(cnt);
        free(parent);
        free(bin);
        return err_nomem(e, n * 200, "huffman tree");
    }
    for (size_t a = 0; a < n; a++) cnt[a] = v->count[a];
    for (size_t a = n; a < 2 * n; a++) cnt[a] = (long long)1e15;
    long long p1 = (long long)n - 1, p2 = (long long)n;
    for (size_t a = 0; a + 1 < n; a++) {
        size_t m1, m2;
        if (p1 >= 0 && cnt[p1] < cnt[p2]) m1 = (size_t)p1--; else m1 = (size_t)p2++;
        if (p1 >= 0 && cnt[p1] < cnt[p2]) m2 = (size_t)p1--; else m2 = (size_t)p2++;
        cnt[n + a] = cnt[m1] + cnt[m2];
        parent[m1] = n + a;
        parent[m2] = n + a;
        bin[m2] = 1;
    }
    for (size_t a = 0; a < n; a++) {
        size_t b = a, i = 0, pts[MAX_CODE];
        uint8_t cd[MAX_CODE];
        while (b != 2 * n - 2 && i < MAX_CODE - 1) {
            cd[i] = bin[b];
            pts[i] = b;
            i++;
            b = parent[b];
        }
        v->codelen[a] = (uint8_t)i;
        v->point[a][0] = (uint32_t)(n - 2);
        for (size_t k = 0; k < i; k++) {
            v->code[a][i - k - 1] = cd[k];
            v->point[a][i - k] = (uint32_t)(pts[k] - n);
        }
    }
    free(cnt);
    free(parent);
    free(bin);
    return 0;
}

/* Read and tokenise; ids of kept words (and sentence ends) into *ids. */
static int read_corpus(const char *path, int min_count, Vocab *v, uint32_t **ids, size_t *nids, Err *e)
{
    char *text;
    size_t len;
    if (io_read_all(path, &text, &len, e) < 0) return -1;
    StrMap *map = strmap_new(1 << 16, e);
    size_t cap = 1 << 16, nw = 0, cap_tok = len / 4 + 16, ntok = 0;
    long long *count = malloc(cap * sizeof *count);
    char **words = malloc(cap * sizeof *words);
    uint32_t *tok = malloc(cap_tok * sizeof *tok);
    int rc = -1;
    if (!map || !count || !words || !tok) {
        err_nomem(e, len, "corpus");
        goto done;
    }
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)text[i];
        if (c == '\n') {
            if (ntok && tok[ntok - 1] != SENT_END) tok[ntok++] = SENT_END;
            i++;
            continue;
        }
        if (!word_byte(c)) {
            i++;
            continue;
        }
        size_t s = i;
        while (i < len && word_byte((unsigned char)text[i])) {
            if (text[i] >= 'A' && text[i] <= 'Z') text[i] = (char)(text[i] - 'A' + 'a');
            i++;
        }
        size_t id, wl = i - s;
        if (wl > 100) wl = 100;
        if (!strmap_getn(map, text + s, wl, &id)) {
            if (nw == cap) {
                cap *= 2;
                long long *c2 = realloc(count, cap * sizeof *count);
                if (c2) count = c2;
                char **w2 = c2 ? realloc(words, cap * sizeof *words) : NULL;
                if (!w2) {
                    err_nomem(e, cap * 16, "vocabulary");
                    goto done;
                }
                words = w2;
            }
            id = nw;
            if (strmap_putn(map, text + s, wl, id, NULL, e) < 0 || !(words[nw] = strndup(text + s, wl))) goto done;
            count[nw++] = 0;
        }
        count[id]++;
        if (ntok + 2 > cap_tok) {
            cap_tok *= 2;
            uint32_t *t2 = realloc(tok, cap_tok * sizeof *tok);
            if (!t2) {
                err_nomem(e, cap_tok * 4, "corpus");
                goto done;
            }
            tok = t2;
        }
        tok[ntok++] = (uint32_t)id;
    }
    /* vocabulary: words with count >= min_count, most frequent first */
    size_t *order = malloc((nw ? nw : 1) * sizeof *order), *remap = malloc((nw ? nw : 1) * sizeof *remap), kept = 0;
    size_t *cnt_sz = malloc((nw ? nw : 1) * sizeof *cnt_sz);
    if (!order || !remap || !cnt_sz) {
        free(order);
        free(remap);
        free(cnt_sz);
        err_nomem(e, nw * 24, "vocabulary");
        goto done;
    }
    for (size_t w = 0; w < nw; w++) {
        order[w] = w;
        cnt_sz[w] = (size_t)count[w];
    }
    g_count_for_sort = cnt_sz;
    qsort(order, nw, sizeof *order, by_count);
    for (size_t w = 0; w < nw; w++) remap[w] = SIZE_MAX;
    v->words = malloc((nw ? nw : 1) * sizeof *v->words);
    v->count = malloc((nw ? nw : 1) * sizeof *v->count);
    if (!v->words || !v->count) {
        free(order);
        free(remap);
        free(cnt_sz);
        err_nomem(e, nw * 16, "vocabulary");
        goto done;
    }
    for (size_t r = 0; r < nw; r++) {
        size_t w = order[r];
        if (count[w] < min_count) continue;
        remap[w] = kept;
        v->words[kept] = words[w];
        words[w] = NULL;
        v->count[kept++] = count[w];
    }
    v->n = kept;
    size_t out = 0;
    for (size_t t = 0; t < ntok; t++) {
        if (tok[t] == SENT_END) {
            if (out && tok[out - 1] != SENT_END) tok[out++] = SENT_END;
        } else if (remap[tok[t]] != SIZE_MAX) {
            tok[out++] = (uint32_t)remap[tok[t]];
        }
    }
    free(order);
    free(remap);
    free(cnt_sz);
    if (kept == 0) {
        err_set(e, "word2vec: %s: no word occurs %d times or more (%zu distinct words)", path, min_count, nw);
        goto done;
    }
    *ids = tok;
    *nids = out;
    tok = NULL;
    rc = 0;
done:
    for (size_t w = 0; words && w < nw; w++) free(words[w]);
    free(words);
    free(count);
    free(tok);
    strmap_free(map);
    free(text);
    return rc;
}

typedef struct Shared {
    const W2vOpts *o;
    const Vocab *v;
    const uint32_t *ids;
    size_t nids;
    long long corpus_words;
    float *syn0, *syn1, *syn1neg;
    const float *exp_table;
    const uint32_t *alias; /* Vose alias table: index, and its keep probability */
    const float *prob;
    atomic_llong done;
    atomic_int stop;
    double start, alpha0;
} Shared;

typedef struct Worker {
    Shared *s;
    int id;
    size_t from, to;
} Worker;

static inline float sigmoid(const float *tab, float f)
{
    return tab[(int)((f + MAX_EXP) * (EXP_TABLE / MAX_EXP / 2))];
}

/* One (input vector, output row) update for negative sampling or HS.  The
 * dot product keeps 8 partial sums so the compiler can use SIMD lanes
 * without reassociating a single float sum (no -ffast-math needed). */
__attribute__((target_clones("avx2", "default"))) static void train_pair(float *restrict h, float *restrict out,
                                                                        float *restrict neu1e, int dim, float label,
                                                                        float alpha, const float *tab)
{
    float acc[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    int c = 0;
    for (; c + 8 <= dim; c += 8)
        for (int k = 0; k < 8; k++) acc[k] += h[c + k] * out[c + k];
    float f = ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]));
    for (; c < dim; c++) f += h[c] * out[c];
    float g;
    if (f > MAX_EXP) g = (label - 1) * alpha;
    else if (f < -MAX_EXP) g = (label - 0) * alpha;
    else g = (label - sigmoid(tab, f)) * alpha;
    for (c = 0; c < dim; c++) {
        neu1e[c] += g * out[c];
        out[c] += g * h[c];
    }
}

/* A word drawn from unigram^0.75 with one 64-bit random number: the high
 * bits pick a column of the alias table, the low bits the coin. */
static inline uint32_t negative_sample(const Shared *s, uint64_t r)
{
    uint32_t i = (uint32_t)(((r >> 32) * (uint64_t)s->v->n) >> 32);
    float u = (float)((r >> 8) & 0xFFFFFF) * (1.0f / 16777216.0f);
    return u < s->prob[i] ? i : s->alias[i];
}

/* Teach the output layer that input vector h predicts `word`: down its
 * Huffman path (hierarchical softmax) and/or against negative samples.
 * The input's correction accumulates in neu1e. */
static inline void predict(const Shared *s, uint32_t word, float *h, float *neu1e, float alpha, uint64_t *rnd)
{
    const W2vOpts *o = s->o;
    const Vocab *v = s->v;
    int dim = o->dim;
    if (o->hs)
        for (int d = 0; d < v->codelen[word]; d++)
            train_pair(h, s->syn1 + (size_t)v->point[word][d] * dim, neu1e, dim, 1 - v->code[word][d], alpha,
                       s->exp_table);
    for (int d = 0; d <= o->negative && o->negative > 0; d++) {
        uint32_t target = word;
        if (d > 0) {
            *rnd = *rnd * 25214903917ULL + 11;
            target = negative_sample(s, *rnd);
            if (target == word) continue;
        }
        train_pair(h, s->syn1neg + (size_t)target * dim, neu1e, dim, d == 0, alpha, s->exp_table);
    }
}

static void *worker(void *arg)
{
    Worker *w = arg;
    Shared *s = w->s;
    const W2vOpts *o = s->o;
    const Vocab *v = s->v;
    int dim = o->dim;
    uint64_t rnd = o->seed * 0x9E3779B97F4A7C15ULL + (uint64_t)w->id;
    float *neu1 = malloc((size_t)dim * sizeof *neu1), *neu1e = malloc((size_t)dim * sizeof *neu1e);
    if (!neu1 || !neu1e) {
        free(neu1);
        free(neu1e);
        atomic_store(&s->stop, 1);
        return NULL;
    }
    double total = (double)s->corpus_words * o->epochs;
    double thr = o->sample * (double)s->corpus_words;
    for (int ep = 0; ep < o->epochs && !atomic_load(&s->stop); ep++) {
        size_t local = 0;
        float alpha = (float)s->alpha0;
        uint32_t sent[1000];
        size_t pos = w->from;
        while (pos < w->to && !atomic_load(&s->stop)) {
            /* one sentence (at most 1000 kept words), sub-sampled */
            int len = 0;
            while (pos < w->to && s->ids[pos] != SENT_END && len < 1000) {
                uint32_t id = s->ids[pos++];
                local++;
                if (o->sample > 0) {
                    double f = (double)v->count[id];
                    double keep = (sqrt(f / thr) + 1) * thr / f;
                    rnd = rnd * 25214903917ULL + 11;
                    if (keep < (double)(rnd & 0xFFFF) / 65536.0) continue;
                }
                sent[len++] = id;
            }
            if (pos < w->to && s->ids[pos] == SENT_END) pos++;
            if (local >= 10000) {
                long long d = atomic_fetch_add(&s->done, (long long)local) + (long long)local;
                local = 0;
                alpha = (float)(s->alpha0 * (1 - (double)d / (total + 1)));
                if (alpha < s->alpha0 * 1e-4) alpha = (float)(s->alpha0 * 1e-4);
            }
            for (int i = 0; i < len; i++) {
                rnd = rnd * 25214903917ULL + 11;
                int b = (int)(rnd % (uint64_t)o->window);
                uint32_t word = sent[i];
                if (o->cbow) {
                    memset(neu1, 0, (size_t)dim * sizeof *neu1);
                    memset(neu1e, 0, (size_t)dim * sizeof *neu1e);
                    int cw = 0;
                    for (int a = b; a < o->window * 2 + 1 - b; a++) {
                        int c = i - o->window + a;
                        if (a == o->window || c < 0 || c >= len) continue;
                        const float *src = s->syn0 + (size_t)sent[c] * dim;
                        for (int k = 0; k < dim; k++) neu1[k] += src[k];
                        cw++;
                    }
                    if (!cw) continue;
                    for (int k = 0; k < dim; k++) neu1[k] /= (float)cw;
                    predict(s, word, neu1, neu1e, alpha, &rnd);
                    for (int a = b; a < o->window * 2 + 1 - b; a++) {
                        int c = i - o->window + a;
                        if (a == o->window || c < 0 || c >= len) continue;
                        float *dst = s->syn0 + (size_t)sent[c] * dim;
                        for (int k = 0; k < dim; k++) dst[k] += neu1e[k];
                    }
                } else { /* skip-gram: each context word predicts the centre */
                    for (int a = b; a < o->window * 2 + 1 - b; a++) {
                        int c = i - o->window + a;
                        if (a == o->window || c < 0 || c >= len) continue;
                        float *h = s->syn0 + (size_t)sent[c] * dim;
                        memset(neu1e, 0, (size_t)dim * sizeof *neu1e);
                        predict(s, word, h, neu1e, alpha, &rnd);
                        for (int k = 0; k < dim; k++) h[k] += neu1e[k];
                    }
                }
            }
            if (w->id == 0) { /* one thread reports for all */
                static double last;
                double t = now();
                if (t - last > 0.1) {
                    last = t;
                    long long d = atomic_load(&s->done);
                    char note[64];
                    snprintf(note, sizeof note, "lr %.4f", alpha);
                    double rate = d / (t - s->start + 1e-9);
                    ProgressInfo info = {"word2vec", (double)d, total, "words", "words/s", rate, note, NULL, NULL, 0};
                    if (progress_report(o->progress, &info)) atomic_store(&s->stop, 1);
                }
            }
        }
        atomic_fetch_add(&s->done, (long long)local);
    }
    free(neu1);
    free(neu1e);
    return NULL;
}

int w2v_train(const char *corpus, const W2vOpts *o, W2vResult *r, Err *e)
{
    memset(r, 0, sizeof *r);
    if (o->dim < 1 || o->dim > 1000) return err_set(e, "word2vec: dim must be between 1 and 1000, got %d", o->dim);
    if (o->window < 1) return err_set(e, "word2vec: window must be at least 1, got %d", o->window);
    if (o->negative < 0 || (o->negative == 0 && !o->hs))
        return err_set(e, "word2vec: give negative > 0 or hs=true (or both)");
    if (o->epochs < 1) return err_set(e, "word2vec: epochs must be at least 1, got %d", o->epochs);
    Vocab v = {0};
    uint32_t *ids = NULL, *table = NULL;
    float *prob = NULL;
    size_t nids = 0;
    float *syn0 = NULL, *syn1 = NULL, *syn1neg = NULL, *tab = NULL;
    int rc = -1, threads = o->threads < 1 ? 1 : o->threads > 64 ? 64 : o->threads;
    double t0 = now();
    if (read_corpus(corpus, o->min_count, &v, &ids, &nids, e) < 0) goto done;
    size_t n = v.n, dim = (size_t)o->dim;
    if (mat_check_size(n, dim, "word2vec", e) < 0) goto done;
    syn0 = mat_alloc_floats(n * dim, e);
    if (!syn0) goto done;
    if (o->negative > 0 && !(syn1neg = calloc(n * dim, sizeof *syn1neg))) goto nomem;
    if (o->hs && (!(syn1 = calloc(n * dim, sizeof *syn1)) || build_huffman(&v, e) < 0)) goto nomem;
    uint64_t rnd = o->seed;
    for (size_t i = 0; i < n * dim; i++) {
        rnd = rnd * 25214903917ULL + 11;
        syn0[i] = (((float)(rnd & 0xFFFF) / 65536.0f) - 0.5f) / (float)dim;
    }
    if (!(tab = malloc((EXP_TABLE + 1) * sizeof *tab))) goto nomem;
    for (int i = 0; i <= EXP_TABLE; i++) {
        double x = exp(((double)i / EXP_TABLE * 2 - 1) * MAX_EXP);
        tab[i] = (float)(x / (x + 1));
    }
    if (o->negative > 0) { /* unigram^0.75 distribution, sampled in O(1) by Vose's alias method */
        if (!(table = malloc(n * sizeof *table)) || !(prob = malloc(n * sizeof *prob))) goto nomem;
        double pw = 0;
        for (size_t a = 0; a < n; a++) pw += pow((double)v.count[a], 0.75);
        double *q = malloc(n * sizeof *q);
        size_t *small = malloc(n * sizeof *small), *large = malloc(n * sizeof *large), ns = 0, nl = 0;
        if (!q || !small || !large) {
            free(q);
            free(small);
            free(large);
            goto nomem;
        }
        for (size_t a = 0; a < n; a++) {
            q[a] = pow((double)v.count[a], 0.75) / pw * (double)n;
            if (q[a] < 1) small[ns++] = a;
            else large[nl++] = a;
        }
        while (ns && nl) {
            size_t l = small[--ns], g = large[--nl];
            prob[l] = (float)q[l];
            table[l] = (uint32_t)g;
            q[g] -= 1 - q[l];
            if (q[g] < 1) small[ns++] = g;
            else large[nl++] = g;
        }
        while (nl) prob[large[--nl]] = 1, table[large[nl]] = (uint32_t)large[nl];
        while (ns) prob[small[--ns]] = 1, table[small[ns]] = (uint32_t)small[ns];
        free(q);
        free(small);
        free(large);
    }
    long long words = 0;
    for (size_t t = 0; t < nids; t++) words += ids[t] != SENT_END;
    Shared s = {o, &v, ids, nids, words, syn0, syn1, syn1neg, tab, table, prob, 0, 0, now(), 0};
    s.alpha0 = o->alpha > 0 ? o->alpha : (o->cbow ? 0.05 : 0.025);
    Worker wk[64];
    pthread_t tid[64];
    for (int t = 0; t < threads; t++) {
        wk[t] = (Worker){&s, t, nids * (size_t)t / (size_t)threads, nids * (size_t)(t + 1) / (size_t)threads};
        if (t > 0 && pthread_create(&tid[t], NULL, worker, &wk[t]) != 0) tid[t] = 0, worker(&wk[t]);
    }
    worker(&wk[0]);
    for (int t = 1; t < threads; t++)
        if (tid[t]) pthread_join(tid[t], NULL);
    Mat *m = mat_new_uninit(n, dim, e);
    if (!m) goto done;
    memcpy(m->data, syn0, n * dim * sizeof(float));
    m->row_names = v.words;
    v.words = NULL;
    r->vectors = m;
    r->words = words;
    r->trained = atomic_load(&s.done);
    r->seconds = now() - t0;
    r->stopped = atomic_load(&s.stop);
    rc = 0;
    goto done;
nomem:
    if (!e->msg[0]) err_nomem(e, n * dim * sizeof(float), "word2vec");
done:
    if (v.words)
        for (size_t a = 0; a < v.n; a++) free(v.words[a]);
    free(v.words);
    free(v.count);
    free(v.codelen);
    free(v.code);
    free(v.point);
    free(ids);
    free(table);
    free(prob);
    free(syn0);
    free(syn1);
    free(syn1neg);
    free(tab);
    return rc;
}
