/* words.c — see words.h.  The search itself is core/nearest.c. */
#include "lang/words.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/nearest.h"
#include "lang/env.h"
#include "train/phrase.h"

int words_top_k(const Mat *E, const float *q, size_t limit, const long *skip, size_t nskip, int k,
                long *idx, double *sim, Err *e)
{
    return nearest_cosine(E, q, limit, skip, nskip, k, idx, sim, e);
}

int words_show_nearest(Ctx *ctx, const Value *v, int k, Err *e)
{
    const WordOrigin *o = v->origin;
    Mat *E = o->emb->u.mat;
    const Mat *q = v->u.mat;
    if (q->rows != 1 || q->cols != E->cols)
        return err_set(e, "word vector has %zu values, the embedding %zu", q->cols, E->cols);
    if (k < 1) k = 1;
    long *skip = malloc((o->n ? o->n : 1) * sizeof *skip), *idx = malloc((size_t)k * sizeof *idx);
    double *sim = malloc((size_t)k * sizeof *sim);
    int rc = -1;
    if (!skip || !idx || !sim) {
        err_nomem(e, (size_t)k * 16 + o->n * 8, "nearest words");
        goto done;
    }
    size_t ns = 0; /* the words used in the expression are left out */
    for (size_t t = 0; t < o->n; t++) {
        long r = mat_find_row(E, o->words[t]);
        if (r >= 0) skip[ns++] = r;
    }
    int n = nearest_cosine(E, q->data, 0, skip, ns, k, idx, sim, e);
    if (n < 0) goto done;
    int width = 12; /* one column for the words, as wide as the longest shown */
    for (int i = 0; i < n; i++) {
        int l = (int)strlen(E->row_names[idx[i]]);
        if (l > width) width = l < 40 ? l : 40;
    }
    for (int i = 0; i < n; i++)
        ctx_printf(ctx, "%-*s %7.4f\n", width + 8, E->row_names[idx[i]], sim[i]);
    rc = 0;
done:
    free(skip);
    free(idx);
    free(sim);
    return rc;
}

/* Levenshtein distance between a (length la) and b, or max + 1 as soon as
 * every entry of a DP row exceeds max (then the distance must too). */
static int edit_distance(const char *a, size_t la, const char *b, size_t lb, int max)
{
    enum { L = 64 };
    if (la >= L || lb >= L) return max + 1;
    int prev[L], cur[L];
    for (size_t j = 0; j <= lb; j++) prev[j] = (int)j;
    for (size_t i = 1; i <= la; i++) {
        cur[0] = (int)i;
        int best = cur[0];
        for (size_t j = 1; j <= lb; j++) {
            int d = prev[j - 1] + (a[i - 1] != b[j - 1]);
            if (prev[j] + 1 < d) d = prev[j] + 1;
            if (cur[j - 1] + 1 < d) d = cur[j - 1] + 1;
            cur[j] = d;
            if (d < best) best = d;
        }
        if (best > max) return max + 1;
        memcpy(prev, cur, (lb + 1) * sizeof *prev);
    }
    return prev[lb];
}

/* A letter, a digit or any byte of a UTF-8 sequence: a word's, not
 * punctuation's. */
static int has_word_char(const char *s)
{
    for (; *s; s++)
        if (isalnum((unsigned char)*s) || (unsigned char)*s >= 0x80) return 1;
    return 0;
}

int words_suggest(const Mat *E, const char *word, char *buf, size_t n)
{
    if (!E->row_names || n == 0) return 0;
    /* a word gets words ('a' is one edit from ',' and '.': no help) */
    int wordlike = has_word_char(word);
    enum { MAXS = 3, MAXD = 2 };
    size_t found[MAXS], lw = strlen(word);
    int dist[MAXS], k = 0;
    /* One pass in row order (most frequent words first when the file is
     * sorted that way): keep the 3 closest, ties to the earlier row.  Words
     * whose length differs by more than the distance still wanted are
     * skipped before any DP, and once 3 words at distance 1 are in hand no
     * later row can beat them. */
    for (size_t i = 0; i < E->rows; i++) {
        const char *w = E->row_names[i];
        if (!w) continue;
        int max = k < MAXS ? MAXD : dist[MAXS - 1] - 1;
        if (max < 1) break;
        size_t l = strlen(w);
        if ((l > lw ? l - lw : lw - l) > (size_t)max) continue;
        if (wordlike && !has_word_char(w)) continue;
        int d = edit_distance(word, lw, w, l, max);
        /* not when the typo is as long as the edit: 'a' is one from 'an',
         * 'i' and every other one-letter word */
        if (d > max || d == 0 || (size_t)d >= lw) continue;
        int pos = k < MAXS ? k++ : MAXS - 1;
        while (pos > 0 && dist[pos - 1] > d) {
            dist[pos] = dist[pos - 1];
            found[pos] = found[pos - 1];
            pos--;
        }
        dist[pos] = d;
        found[pos] = i;
    }
    if (k == 0) return 0;
    size_t used = (size_t)snprintf(buf, n, "did you mean");
    for (int i = 0; i < k && used < n; i++)
        used +=
            (size_t)snprintf(buf + used, n - used, "%s '%s'", i ? "," : "", E->row_names[found[i]]);
    return 1;
}

const char *words_embedding_name(Ctx *ctx, const Mat *E, char *buf, size_t n)
{
    size_t nv = 0;
    const char **names = ctx && ctx->env ? env_names(ctx->env, &nv, NULL) : NULL;
    for (size_t i = 0; names && i < nv; i++) {
        const Value *v = env_get(ctx->env, names[i]);
        if (v->kind == VAL_MAT && v->u.mat == E) {
            snprintf(buf, n, "%s", names[i]);
            free(names);
            return buf;
        }
    }
    for (size_t i = 0; names && i < nv; i++) { /* a field of a model: C.vectors */
        const Value *v = env_get(ctx->env, names[i]);
        for (size_t k = 0; v->kind == VAL_MODEL && k < v->u.model->n; k++) {
            const Value *f = v->u.model->fields[k];
            if (f->kind == VAL_MAT && f->u.mat == E) {
                snprintf(buf, n, "%s.%s", names[i], v->u.model->names[k]);
                free(names);
                return buf;
            }
        }
    }
    free(names);
    snprintf(buf, n, "an embedding of %zu words", E->rows);
    return buf;
}

int words_mixed(Ctx *ctx, const char *f, const Mat *from, const Mat *with, Err *e)
{
    char a[128], b[128];
    words_embedding_name(ctx, from, a, sizeof a);
    words_embedding_name(ctx, with, b, sizeof b);
    return err_set(e,
                   "%s: a vector made of words of %s used with %s (words of one embedding mean "
                   "nothing in another)",
                   f, a, b);
}

int words_phrase(Ctx *ctx, const char *f, int index, const char *what, Mat *E, const char *text,
                 float *out, Err *e)
{
    PhraseMissing m;
    if (phrase_vector(E, text, out, &m, e) >= 0) return 0;
    if (m.n == 0) { /* no words */
        char msg[ERR_MSG_MAX];
        snprintf(msg, sizeof msg, "%s", e->msg);
        return err_param(e, index, "%s: %s", f, msg);
    }
    char name[128], list[512] = "", hints[768] = "", hint[256];
    size_t shown = m.n < PHRASE_MISSING_MAX ? (size_t)m.n : PHRASE_MISSING_MAX, ul = 0, hl = 0;
    for (size_t i = 0; i < shown; i++) {
        const char *sep = i == 0 ? "" : i + 1 == shown && (size_t)m.n == shown ? " and " : ", ";
        ul += (size_t)snprintf(list + ul, sizeof list - ul, "%s'%s'", sep, m.word[i]);
        if (ul >= sizeof list) ul = sizeof list - 1;
        if (!words_suggest(E, m.word[i], hint, sizeof hint)) continue;
        if (m.n == 1)
            hl += (size_t)snprintf(hints + hl, sizeof hints - hl, " (%s)", hint);
        else
            hl += (size_t)snprintf(hints + hl, sizeof hints - hl, "%s%s: %s", hl ? "; " : " (",
                                   m.word[i], hint);
        if (hl >= sizeof hints) hl = sizeof hints - 1;
    }
    if (m.n > 1 && hl && hl + 1 < sizeof hints) hints[hl++] = ')', hints[hl] = '\0';
    if ((size_t)m.n > shown)
        snprintf(list + ul, sizeof list - ul, " and %zu more", (size_t)m.n - shown);
    words_embedding_name(ctx, E, name, sizeof name);
    return err_param(e, index, "%s: %s%s %s not %s of %s%s", f, list, what, m.n == 1 ? "is" : "are",
                     m.n == 1 ? "a word" : "words", name, hints);
}
