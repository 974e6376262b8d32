/* words.c — see words.h.  Brute-force cosine over the embedding's rows. */
#include "lang/words.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int words_show_nearest(Ctx *ctx, const Value *v, int k, Err *e)
{
    const WordOrigin *o = v->origin;
    const Mat *E = o->emb->u.mat, *q = v->u.mat;
    if (q->rows != 1 || q->cols != E->cols)
        return err_set(e, "word vector has %zu values, the embedding %zu", q->cols, E->cols);
    double qn = 0;
    for (size_t j = 0; j < q->cols; j++) qn += (double)q->data[j] * q->data[j];
    qn = sqrt(qn);
    long *best = malloc((size_t)k * sizeof *best);
    double *sim = malloc((size_t)k * sizeof *sim);
    if (!best || !sim) {
        free(best);
        free(sim);
        return err_nomem(e, (size_t)k * 16, "nearest words");
    }
    int n = 0;
    for (size_t i = 0; i < E->rows; i++) {
        const char *w = E->row_names ? E->row_names[i] : NULL;
        int skip = 0;
        for (size_t t = 0; w && t < o->n; t++)
            if (strcmp(o->words[t], w) == 0) skip = 1;
        if (skip) continue;
        const float *r = MAT_ROW(E, i);
        double d = 0, rn = 0;
        for (size_t j = 0; j < E->cols; j++) {
            d += (double)r[j] * q->data[j];
            rn += (double)r[j] * r[j];
        }
        double c = (rn > 0 && qn > 0) ? d / (sqrt(rn) * qn) : 0;
        int pos = n < k ? n++ : k;
        if (pos == k && c <= sim[k - 1]) continue;
        if (pos == k) pos = k - 1;
        while (pos > 0 && sim[pos - 1] < c) {
            sim[pos] = sim[pos - 1];
            best[pos] = best[pos - 1];
            pos--;
        }
        sim[pos] = c;
        best[pos] = (long)i;
    }
    for (int i = 0; i < n; i++)
        ctx_printf(ctx, "%-20s %.4f\n", E->row_names ? E->row_names[best[i]] : "?", sim[i]);
    free(best);
    free(sim);
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
    int dist[MAXS], k = 0;
    for (int d = 1; d <= 2 && k < MAXS; d++)
        for (size_t i = 0; i < E->rows && k < MAXS; i++)
            if (E->row_names[i] && edit_distance(word, E->row_names[i], d) == d) {
                found[k] = i;
                dist[k++] = d;
            }
    if (k == 0) return 0;
    size_t used = (size_t)snprintf(buf, n, "did you mean");
    for (int i = 0; i < k && used < n; i++)
        used += (size_t)snprintf(buf + used, n - used, "%s '%s'", i ? "," : "", E->row_names[found[i]]);
    (void)dist;
    return 1;
}
