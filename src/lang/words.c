/* words.c — see words.h.  Brute-force cosine over the embedding's rows. */
#include "lang/words.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int words_top_k(const Mat *E, const float *q, size_t limit, const long *skip, size_t nskip, int k, long *idx,
                double *sim, Err *e)
{
    size_t n = limit && limit < E->rows ? limit : E->rows, d = E->cols;
    double qn = 0;
    for (size_t j = 0; j < d; j++) qn += (double)q[j] * q[j];
    qn = sqrt(qn);
    if (qn == 0) return err_set(e, "the vector is all zeros; it has no nearest words");
    int found = 0;
    for (size_t i = 0; i < n; i++) {
        int skipped = 0;
        for (size_t t = 0; t < nskip && !skipped; t++) skipped = skip[t] == (long)i;
        if (skipped) continue;
        const float *r = MAT_ROW(E, i);
        float dot = 0, rn = 0; /* vectorisable float sums; d is small */
        for (size_t j = 0; j < d; j++) {
            dot += r[j] * q[j];
            rn += r[j] * r[j];
        }
        double c = rn > 0 ? dot / (sqrt(rn) * qn) : 0;
        if (found == k && c <= sim[k - 1]) continue;
        int pos = found < k ? found++ : k - 1;
        while (pos > 0 && sim[pos - 1] < c) {
            sim[pos] = sim[pos - 1];
            idx[pos] = idx[pos - 1];
            pos--;
        }
        sim[pos] = c;
        idx[pos] = (long)i;
    }
    return found;
}

int words_show_nearest(Ctx *ctx, const Value *v, int k, Err *e)
{
    const WordOrigin *o = v->origin;
    Mat *E = o->emb->u.mat;
    const Mat *q = v->u.mat;
    if (q->rows != 1 || q->cols != E->cols)
        return err_set(e, "word vector has %zu values, the embedding %zu", q->cols, E->cols);
    long skip[64], idx[64];
    double sim[64];
    size_t ns = 0;
    for (size_t t = 0; t < o->n && ns < 64; t++) {
        long r = mat_find_row(E, o->words[t]);
        if (r >= 0) skip[ns++] = r;
    }
    if (k > 64) k = 64;
    int n = words_top_k(E, q->data, 0, skip, ns, k, idx, sim, e);
    if (n < 0) return -1;
    for (int i = 0; i < n; i++) ctx_printf(ctx, "%-20s %.4f\n", E->row_names[idx[i]], sim[i]);
    return 0;
}

/* Levenshtein distance, giving up (returning max + 1) beyond max. */
static int edit_distance(const char *a, const char *b, int max)
{
    size_t la = strlen(a), lb = strlen(b);
    if ((la > lb ? la - lb : lb - la) > (size_t)max || lb > 63) return max + 1;
    int prev[64], cur[64];
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

int words_suggest(const Mat *E, const char *word, char *buf, size_t n)
{
    if (!E->row_names || n == 0) return 0;
    enum { MAXS = 3 };
    size_t found[MAXS];
    int k = 0;
    for (int d = 1; d <= 2 && k < MAXS; d++)
        for (size_t i = 0; i < E->rows && k < MAXS; i++)
            if (E->row_names[i] && edit_distance(word, E->row_names[i], d) == d) {
                found[k++] = i;
            }
    if (k == 0) return 0;
    size_t used = (size_t)snprintf(buf, n, "did you mean");
    for (int i = 0; i < k && used < n; i++)
        used += (size_t)snprintf(buf + used, n - used, "%s '%s'", i ? "," : "", E->row_names[found[i]]);
    return 1;
}
