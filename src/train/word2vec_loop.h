/* word2vec_loop.h — one worker thread's training loop, included by
 * word2vec.c once per instruction set.  Before including, define
 *   W2V_FN      the function's name
 *   W2V_ATTR    its target attribute (empty for portable C)
 *   W2V_DOT(a, b, n)            dot product of two rows
 *   W2V_UPDATE(e, out, h, g, n) e += g * out; out += g * h
 *   W2V_AXPY(y, x, n)           y += x
 * Rows are n = Shared.ld floats (dim rounded up to 16, zero padded, 64-byte
 * aligned), so the kernels need no remainder loops.
 *
 * The loop is the reference tool's (Mikolov et al. 2013): per sentence,
 * sub-sample frequent words, shrink the window at random, then for skip-gram
 * let each context word's input vector predict the centre word (one
 * positive and `negative` sampled rows of syn1neg, or the Huffman path's
 * rows of syn1), and for CBOW let the mean of the context vectors predict
 * it.  Negative samples for the next (context, centre) pair are drawn one
 * pair ahead and their rows prefetched: with a vocabulary larger than the
 * L2 cache, waiting for those rows is most of the time otherwise. */

W2V_ATTR static void *W2V_FN(void *arg)
{
    Worker *w = arg;
    Shared *s = w->s;
    const W2vOpts *o = s->o;
    const Corpus *cp = s->c;
    const size_t ld = s->ld;
    const int win = o->window, neg = o->negative;
    const float *tab = s->exp_table;
    float *syn0 = s->syn0, *syn1 = s->syn1, *syn1neg = s->syn1neg;
    uint64_t rnd = (o->seed + 1) * 0x9E3779B97F4A7C15ULL + (uint64_t)w->id * 0xD1B54A32D192ED03ULL;
    float *neu1 = w->buf, *neu1e = w->buf + ld;
    uint32_t *sent = w->sent, negs[2][W2V_MAX_NEG];
    double last_report = 0;
    float alpha = (float)s->alpha0;
    for (int ep = 0; ep < o->epochs && !atomic_load_explicit(&s->stop, memory_order_relaxed); ep++) {
        size_t pos = w->from;
        long long local = 0;
        while (pos < w->to) {
            /* one sentence (at most W2V_MAX_SENT kept words), sub-sampled */
            int len = 0;
            while (pos < w->to && cp->ids[pos] != CORPUS_EOS && len < W2V_MAX_SENT) {
                uint32_t id = cp->ids[pos++];
                local++;
                if (s->keep) {
                    rnd = rnd * 25214903917ULL + 11;
                    if (s->keep[id] < (float)(rnd >> 40) * (1.0f / 16777216.0f)) continue;
                }
                sent[len++] = id;
            }
            if (pos < w->to && cp->ids[pos] == CORPUS_EOS) pos++;
            if (local >= 10000) { /* learning rate: linear decay over all words of all epochs */
                long long d = atomic_fetch_add_explicit(&s->done, local, memory_order_relaxed) + local;
                local = 0;
                alpha = (float)(s->alpha0 * (1 - (double)d / (s->total + 1)));
                if (alpha < s->alpha0 * 1e-4) alpha = (float)(s->alpha0 * 1e-4);
            }
            int cur = 0;
            if (neg > 0)
                for (int d = 0; d < neg; d++) {
                    rnd = rnd * 25214903917ULL + 11;
                    negs[0][d] = negative_sample(s, rnd);
                }
            for (int i = 0; i < len; i++) {
                rnd = rnd * 25214903917ULL + 11;
                int b = (int)(((rnd >> 32) * (uint64_t)win) >> 32); /* window shrinks by b */
                uint32_t word = sent[i];
                int lo = i - win + b, hi = i + win - b;
                if (lo < 0) lo = 0;
                if (hi >= len) hi = len - 1;
                if (i + 1 < len && neg > 0) __builtin_prefetch(syn1neg + (size_t)sent[i + 1] * ld, 1);
                if (o->cbow) {
                    memset(neu1, 0, ld * sizeof *neu1);
                    memset(neu1e, 0, ld * sizeof *neu1e);
                    int cw = 0;
                    for (int c = lo; c <= hi; c++)
                        if (c != i) W2V_AXPY(neu1, syn0 + (size_t)sent[c] * ld, ld), cw++;
                    if (!cw) continue;
                    float inv = 1.0f / (float)cw;
                    for (size_t k = 0; k < ld; k++) neu1[k] *= inv;
                    if (o->hs)
                        for (int d = 0; d < s->codelen[word]; d++) {
                            float *out = syn1 + (size_t)s->point[word][d] * ld;
                            float f = W2V_DOT(neu1, out, ld);
                            if (f <= -MAX_EXP || f >= MAX_EXP) continue;
                            float g = (1 - s->code[word][d] - sigmoid(tab, f)) * alpha;
                            W2V_UPDATE(neu1e, out, neu1, g, ld);
                        }
                    if (neg > 0) {
                        int nxt = cur ^ 1;
                        for (int d = 0; d < neg; d++) {
                            rnd = rnd * 25214903917ULL + 11;
                            negs[nxt][d] = negative_sample(s, rnd);
                            prefetch_row(syn1neg + (size_t)negs[nxt][d] * ld, ld);
                        }
                        for (int d = -1; d < neg; d++) {
                            uint32_t t = d < 0 ? word : negs[cur][d];
                            if (d >= 0 && t == word) continue;
                            float *out = syn1neg + (size_t)t * ld;
                            float g = gradient(tab, W2V_DOT(neu1, out, ld), d < 0, alpha);
                            W2V_UPDATE(neu1e, out, neu1, g, ld);
                        }
                        cur = nxt;
                    }
                    for (int c = lo; c <= hi; c++)
                        if (c != i) W2V_AXPY(syn0 + (size_t)sent[c] * ld, neu1e, ld);
                    continue;
                }
                for (int c = lo; c <= hi; c++) { /* skip-gram */
                    if (c == i) continue;
                    float *h = syn0 + (size_t)sent[c] * ld;
                    memset(neu1e, 0, ld * sizeof *neu1e);
                    if (o->hs)
                        for (int d = 0; d < s->codelen[word]; d++) {
                            float *out = syn1 + (size_t)s->point[word][d] * ld;
                            float f = W2V_DOT(h, out, ld);
                            if (f <= -MAX_EXP || f >= MAX_EXP) continue;
                            float g = (1 - s->code[word][d] - sigmoid(tab, f)) * alpha;
                            W2V_UPDATE(neu1e, out, h, g, ld);
                        }
                    if (neg > 0) {
                        int nxt = cur ^ 1;
                        for (int d = 0; d < neg; d++) {
                            rnd = rnd * 25214903917ULL + 11;
                            negs[nxt][d] = negative_sample(s, rnd);
                            prefetch_row(syn1neg + (size_t)negs[nxt][d] * ld, ld);
                        }
                        for (int d = -1; d < neg; d++) {
                            uint32_t t = d < 0 ? word : negs[cur][d];
                            if (d >= 0 && t == word) continue;
                            float *out = syn1neg + (size_t)t * ld;
                            float g = gradient(tab, W2V_DOT(h, out, ld), d < 0, alpha);
                            W2V_UPDATE(neu1e, out, h, g, ld);
                        }
                        cur = nxt;
                    }
                    W2V_AXPY(h, neu1e, ld);
                }
            }
            if (w->id == 0) { /* one thread reports for all */
                double t = now();
                if (t - last_report > 0.1) {
                    last_report = t;
                    if (report(s, alpha, t)) atomic_store(&s->stop, 1);
                }
            }
            if (atomic_load_explicit(&s->stop, memory_order_relaxed)) break;
        }
        atomic_fetch_add_explicit(&s->done, local, memory_order_relaxed);
    }
    return NULL;
}

#undef W2V_FN
#undef W2V_ATTR
#undef W2V_DOT
#undef W2V_UPDATE
#undef W2V_AXPY
