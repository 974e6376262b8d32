/* word2vec.c — see word2vec.h.  The set-up (corpus, Huffman tree, alias
 * table, sigmoid table) is here; the hot loop is word2vec_loop.h, compiled
 * three times (portable C, AVX2+FMA, AVX-512) and picked at run time from
 * what the CPU supports, since dv builds with plain -O2 and no -march. */
#include "train/word2vec.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "train/corpus.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define W2V_X86 1
#endif

#define EXP_TABLE 1000
#define MAX_EXP 6
#define MAX_CODE 40
#define W2V_MAX_NEG 64
#define W2V_MAX_SENT 10000 /* words per sentence, as gensim (the C tool: 1000) */

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

typedef struct Shared {
    const W2vOpts *o;
    const Corpus *c;
    size_t ld; /* row stride in floats: dim rounded up to 16 */
    float *syn0, *syn1, *syn1neg;
    const float *exp_table;
    const uint32_t *alias; /* Vose alias table for unigram^0.75 */
    const float *prob;
    const float *keep; /* sub-sampling: chance to keep each word, or NULL */
    const uint8_t *codelen;
    const uint8_t (*code)[MAX_CODE];
    const uint32_t (*point)[MAX_CODE];
    atomic_llong done;
    atomic_int stop;
    double start, alpha0, total;
} Shared;

typedef struct Worker {
    Shared *s;
    int id;
    size_t from, to;
    float *buf;    /* neu1 and neu1e, 2 * ld floats, aligned */
    uint32_t *sent; /* W2V_MAX_SENT ids */
} Worker;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* Logistic function from a table over (-MAX_EXP, MAX_EXP). */
static inline float sigmoid(const float *tab, float f)
{
    return tab[(int)((f + MAX_EXP) * (EXP_TABLE / (2.0f * MAX_EXP)))];
}

/* Negative sampling's gradient step for score f (label 1 = the true word). */
static inline float gradient(const float *tab, float f, int label, float alpha)
{
    if (f >= MAX_EXP) return (float)(label - 1) * alpha;
    if (f <= -MAX_EXP) return (float)label * alpha;
    return ((float)label - sigmoid(tab, f)) * alpha;
}

/* A word drawn from unigram^0.75 with one 64-bit random number: the high
 * bits pick a column of the alias table, the middle bits the coin. */
static inline uint32_t negative_sample(const Shared *s, uint64_t r)
{
    uint32_t i = (uint32_t)(((r >> 32) * (uint64_t)s->c->n_vocab) >> 32);
    float u = (float)((r >> 8) & 0xFFFFFF) * (1.0f / 16777216.0f);
    return u < s->prob[i] ? i : s->alias[i];
}

static inline void prefetch_row(const float *row, size_t ld)
{
    for (size_t k = 0; k < ld; k += 16) __builtin_prefetch(row + k, 1);
}

static int report(Shared *s, float alpha, double t)
{
    char note[48];
    snprintf(note, sizeof note, "lr %.4f", (double)alpha);
    long long d = atomic_load(&s->done);
    ProgressInfo info = {.task = "word2vec",
                         .done = (double)d,
                         .total = s->total,
                         .unit = "words",
                         .metric = "words/s",
                         .value = (double)d / (t - s->start + 1e-9),
                         .note = note};
    return progress_report(s->o->progress, &info);
}

/* Portable kernels: 8 partial sums let the compiler use SIMD lanes without
 * reassociating one float sum. */
static inline float dot_c(const float *restrict a, const float *restrict b, size_t n)
{
    float acc[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    for (size_t c = 0; c < n; c += 8)
        for (int k = 0; k < 8; k++) acc[k] += a[c + k] * b[c + k];
    return ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]));
}

static inline void update_c(float *restrict e, float *restrict out, const float *restrict h, float g, size_t n)
{
    for (size_t c = 0; c < n; c++) {
        e[c] += g * out[c];
        out[c] += g * h[c];
    }
}

static inline void axpy_c(float *restrict y, const float *restrict x, size_t n)
{
    for (size_t c = 0; c < n; c++) y[c] += x[c];
}

#define W2V_FN loop_c
#define W2V_ATTR
#define W2V_DOT dot_c
#define W2V_UPDATE update_c
#define W2V_AXPY axpy_c
#include "train/word2vec_loop.h"

#ifdef W2V_X86
#define T_AVX2 __attribute__((target("avx2,fma")))

T_AVX2 static inline float dot_avx2(const float *a, const float *b, size_t n)
{
    __m256 s0 = _mm256_setzero_ps(), s1 = _mm256_setzero_ps();
    for (size_t c = 0; c < n; c += 16) {
        s0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + c), _mm256_loadu_ps(b + c), s0);
        s1 = _mm256_fmadd_ps(_mm256_loadu_ps(a + c + 8), _mm256_loadu_ps(b + c + 8), s1);
    }
    s0 = _mm256_add_ps(s0, s1);
    __m128 x = _mm_add_ps(_mm256_castps256_ps128(s0), _mm256_extractf128_ps(s0, 1));
    x = _mm_add_ps(x, _mm_movehl_ps(x, x));
    x = _mm_add_ss(x, _mm_movehdup_ps(x));
    return _mm_cvtss_f32(x);
}

T_AVX2 static inline void update_avx2(float *e, float *out, const float *h, float g, size_t n)
{
    __m256 gv = _mm256_set1_ps(g);
    for (size_t c = 0; c < n; c += 8) {
        __m256 o = _mm256_loadu_ps(out + c);
        _mm256_storeu_ps(e + c, _mm256_fmadd_ps(gv, o, _mm256_loadu_ps(e + c)));
        _mm256_storeu_ps(out + c, _mm256_fmadd_ps(gv, _mm256_loadu_ps(h + c), o));
    }
}

T_AVX2 static inline void axpy_avx2(float *y, const float *x, size_t n)
{
    for (size_t c = 0; c < n; c += 8)
        _mm256_storeu_ps(y + c, _mm256_add_ps(_mm256_loadu_ps(y + c), _mm256_loadu_ps(x + c)));
}

#define W2V_FN loop_avx2
#define W2V_ATTR T_AVX2
#define W2V_DOT dot_avx2
#define W2V_UPDATE update_avx2
#define W2V_AXPY axpy_avx2
#include "train/word2vec_loop.h"

#endif

typedef void *(*LoopFn)(void *);

/* The loop for the requested kernel (W2V_KERNEL_*), the best one when auto. */
static int pick_loop(int kernel, LoopFn *fn, const char **name, Err *e)
{
    int has2 = 0;
#ifdef W2V_X86
    __builtin_cpu_init();
    has2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#endif
    if (kernel == W2V_KERNEL_AUTO) kernel = has2 ? W2V_KERNEL_AVX2 : W2V_KERNEL_C;
    *fn = loop_c;
    *name = "c";
    if (kernel == W2V_KERNEL_AVX2) {
        if (!has2) return err_set(e, "word2vec: this CPU has no AVX2 and FMA");
#ifdef W2V_X86
        *fn = loop_avx2;
        *name = "avx2";
#endif
    }
    return 0;
}

/* Huffman tree over the counts for hierarchical softmax (Mikolov's
 * CreateBinaryTree: two queues, the leaves sorted by falling count). */
static int build_huffman(const Corpus *cp, uint8_t **codelen, uint8_t (**code)[MAX_CODE],
                         uint32_t (**point)[MAX_CODE], Err *e)
{
    size_t n = cp->n_vocab;
    long long *cnt = malloc(2 * n * sizeof *cnt);
    size_t *parent = malloc(2 * n * sizeof *parent);
    uint8_t *bin = calloc(2 * n, 1);
    *codelen = calloc(n, 1);
    *code = calloc(n, sizeof **code);
    *point = calloc(n, sizeof **point);
    int rc = 0;
    if (!cnt || !parent || !bin || !*codelen || !*code || !*point) {
        rc = err_nomem(e, n * (2 * MAX_CODE + 40), "huffman tree");
        goto done;
    }
    for (size_t a = 0; a < n; a++) cnt[a] = cp->count[a];
    for (size_t a = n; a < 2 * n; a++) cnt[a] = (long long)1e15;
    long long p1 = (long long)n - 1, p2 = (long long)n;
    for (size_t a = 0; a + 1 < n; a++) {
        size_t m1, m2;
        if (p1 >= 0 && cnt[p1] < cnt[p2]) m1 = (size_t)p1--;
        else m1 = (size_t)p2++;
        if (p1 >= 0 && cnt[p1] < cnt[p2]) m2 = (size_t)p1--;
        else m2 = (size_t)p2++;
        cnt[n + a] = cnt[m1] + cnt[m2];
        parent[m1] = n + a;
        parent[m2] = n + a;
        bin[m2] = 1;
    }
    for (size_t a = 0; a < n && n > 1; a++) {
        size_t b = a, i = 0, pts[MAX_CODE];
        uint8_t cd[MAX_CODE];
        while (b != 2 * n - 2 && i < MAX_CODE - 1) {
            cd[i] = bin[b];
            pts[i] = b;
            i++;
            b = parent[b];
        }
        (*codelen)[a] = (uint8_t)i;
        (*point)[a][0] = (uint32_t)(n - 2);
        for (size_t k = 0; k < i; k++) {
            (*code)[a][i - k - 1] = cd[k];
            if (i - k < MAX_CODE) (*point)[a][i - k] = (uint32_t)(pts[k] - n);
        }
    }
done:
    free(cnt);
    free(parent);
    free(bin);
    return rc;
}

/* Vose's alias method for unigram^0.75 (O(1) draws, no 100M-entry table). */
static int build_alias(const Corpus *cp, uint32_t *alias, float *prob, Err *e)
{
    size_t n = cp->n_vocab;
    double *q = malloc(n * sizeof *q), pw = 0;
    size_t *small = malloc(n * sizeof *small), *large = malloc(n * sizeof *large), ns = 0, nl = 0;
    if (!q || !small || !large) {
        free(q);
        free(small);
        free(large);
        return err_nomem(e, n * 24, "word2vec negative sampling table");
    }
    for (size_t a = 0; a < n; a++) pw += pow((double)cp->count[a], 0.75);
    for (size_t a = 0; a < n; a++) {
        q[a] = pow((double)cp->count[a], 0.75) / pw * (double)n;
        if (q[a] < 1) small[ns++] = a;
        else large[nl++] = a;
    }
    while (ns && nl) {
        size_t l = small[--ns], g = large[--nl];
        prob[l] = (float)q[l];
        alias[l] = (uint32_t)g;
        q[g] -= 1 - q[l];
        if (q[g] < 1) small[ns++] = g;
        else large[nl++] = g;
    }
    while (nl) nl--, prob[large[nl]] = 1, alias[large[nl]] = (uint32_t)large[nl];
    while (ns) ns--, prob[small[ns]] = 1, alias[small[ns]] = (uint32_t)small[ns];
    free(q);
    free(small);
    free(large);
    return 0;
}

int w2v_train(const char *corpus, const W2vOpts *o, W2vResult *r, Err *e)
{
    memset(r, 0, sizeof *r);
    if (o->dim < 1 || o->dim > 10000) return err_about(e, "dim", "word2vec: dim must be between 1 and 10000, got %d", o->dim);
    if (o->window < 1 || o->window > 1000)
        return err_about(e, "window", "word2vec: window must be between 1 and 1000, got %d", o->window);
    if (o->negative < 0 || o->negative > W2V_MAX_NEG)
        return err_about(e, "negative", "word2vec: negative must be between 0 and %d, got %d", W2V_MAX_NEG, o->negative);
    if (o->negative == 0 && !o->hs) return err_set(e, "word2vec: give negative > 0 or hs=true (or both)");
    if (o->epochs < 1) return err_about(e, "epochs", "word2vec: epochs must be at least 1, got %d", o->epochs);
    if (o->min_count < 1) return err_about(e, "min_count", "word2vec: min_count must be at least 1, got %d", o->min_count);
    if (!(o->sample >= 0 && o->sample < 1)) return err_about(e, "sample", "word2vec: sample must be in [0, 1), got %g", o->sample);
    if (o->alpha < 0 || o->alpha > 1) return err_about(e, "alpha", "word2vec: alpha must be in (0, 1], got %g", o->alpha);
    LoopFn loop;
    if (pick_loop(o->kernel, &loop, &r->kernel, e) < 0) return -1;
    int threads = o->threads < 1 ? 1 : o->threads > 64 ? 64 : o->threads;
    double t0 = now();
    Corpus cp;
    if (corpus_read(corpus, o->min_count, &cp, e) < 0) return err_prefix(e, "word2vec");
    size_t n = cp.n_vocab, dim = (size_t)o->dim, ld = (dim + 15) & ~(size_t)15;
    float *syn0 = NULL, *syn1 = NULL, *syn1neg = NULL, *keep = NULL, *prob = NULL;
    float tab[EXP_TABLE + 1];
    uint32_t *alias = NULL;
    uint8_t *codelen = NULL;
    uint8_t(*code)[MAX_CODE] = NULL;
    uint32_t(*point)[MAX_CODE] = NULL;
    Worker wk[64];
    memset(wk, 0, sizeof wk);
    int rc = -1;
    if (mat_check_size(n, ld, "word2vec", e) < 0 || !(syn0 = mat_alloc_floats(n * ld, e))) goto done;
    if (o->negative > 0) {
        if (!(syn1neg = mat_alloc_floats(n * ld, e))) goto done;
        memset(syn1neg, 0, n * ld * sizeof *syn1neg);
        alias = malloc(n * sizeof *alias);
        prob = malloc(n * sizeof *prob);
        if (!alias || !prob) {
            err_nomem(e, n * 8, "word2vec negative sampling table");
            goto done;
        }
        if (build_alias(&cp, alias, prob, e) < 0) goto done;
    }
    if (o->hs) {
        if (!(syn1 = mat_alloc_floats(n * ld, e))) goto done;
        memset(syn1, 0, n * ld * sizeof *syn1);
        if (build_huffman(&cp, &codelen, &code, &point, e) < 0) goto done;
    }
    /* input vectors start uniform in [-0.5, 0.5) / dim (the reference's
     * initialisation); the padding stays zero */
    uint64_t rnd = o->seed;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < ld; j++) {
            rnd = rnd * 25214903917ULL + 11;
            syn0[i * ld + j] = j < dim ? ((float)(rnd >> 40) * (1.0f / 16777216.0f) - 0.5f) / (float)dim : 0;
        }
    for (int i = 0; i <= EXP_TABLE; i++) {
        double x = exp(((double)i / EXP_TABLE * 2 - 1) * MAX_EXP);
        tab[i] = (float)(x / (x + 1));
    }
    if (o->sample > 0) { /* keep word w with chance (sqrt(f/t) + 1) t/f, f its count, t = sample * corpus size */
        if (!(keep = malloc(n * sizeof *keep))) {
            err_nomem(e, n * sizeof *keep, "word2vec");
            goto done;
        }
        double thr = o->sample * (double)cp.n_words;
        for (size_t a = 0; a < n; a++) {
            double f = (double)cp.count[a], k = (sqrt(f / thr) + 1) * thr / f;
            keep[a] = k > 1 ? 1.0f : (float)k;
        }
    }
    Shared s = {.o = o,
                .c = &cp,
                .ld = ld,
                .syn0 = syn0,
                .syn1 = syn1,
                .syn1neg = syn1neg,
                .exp_table = tab,
                .alias = alias,
                .prob = prob,
                .keep = keep,
                .codelen = codelen,
                .code = (const uint8_t(*)[MAX_CODE])code,
                .point = (const uint32_t(*)[MAX_CODE])point,
                .alpha0 = o->alpha > 0 ? o->alpha : (o->cbow ? 0.05 : 0.025),
                .total = (double)cp.n_words * o->epochs};
    atomic_init(&s.done, 0);
    atomic_init(&s.stop, 0);
    for (int t = 0; t < threads; t++) {
        /* each thread a contiguous slice of the corpus */
        wk[t] = (Worker){&s, t, cp.n_ids * (size_t)t / (size_t)threads, cp.n_ids * (size_t)(t + 1) / (size_t)threads,
                         mat_alloc_floats(2 * ld, e), malloc(W2V_MAX_SENT * sizeof(uint32_t))};
        if (!wk[t].buf || !wk[t].sent) {
            err_nomem(e, W2V_MAX_SENT * 4, "word2vec");
            goto done;
        }
    }
    pthread_t tid[64];
    int started[64] = {0};
    s.start = now();
    for (int t = 1; t < threads; t++) started[t] = pthread_create(&tid[t], NULL, loop, &wk[t]) == 0;
    loop(&wk[0]);
    for (int t = 1; t < threads; t++) {
        if (started[t]) pthread_join(tid[t], NULL);
        else loop(&wk[t]); /* no thread to be had: do its slice here */
    }
    Mat *m = mat_new_uninit(n, dim, e);
    if (!m) goto done;
    for (size_t i = 0; i < n; i++) memcpy(MAT_ROW(m, i), syn0 + i * ld, dim * sizeof(float));
    m->row_names = cp.words; /* the words move into the matrix */
    cp.words = NULL;
    r->vectors = m;
    r->words = cp.n_words;
    r->trained = atomic_load(&s.done);
    r->seconds = now() - t0;
    r->train_seconds = now() - s.start;
    r->stopped = atomic_load(&s.stop);
    rc = 0;
done:
    for (int t = 0; t < 64; t++) {
        free(wk[t].buf);
        free(wk[t].sent);
    }
    if (!cp.words) cp.n_vocab = 0; /* moved out */
    corpus_free(&cp);
    free(syn0);
    free(syn1);
    free(syn1neg);
    free(alias);
    free(prob);
    free(keep);
    free(codelen);
    free(code);
    free(point);
    return rc;
}
