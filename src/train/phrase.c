/* phrase.c — phrases as mean word vectors (phrase.h). */
#include "train/phrase.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

static int word_char(unsigned char c)
{
    return isalnum(c) || c == '\'' || c == '-' || c >= 0x80;
}

int phrase_vector(Mat *E, const char *text, float *out, char *unknown, Err *e)
{
    size_t d = E->cols;
    int n = 0;
    double wsum = 0;
    /* Zipf: the word of rank r has frequency 1 / (r H), H the harmonic
     * number of the vocabulary (ln V + Euler's gamma) */
    double H = log((double)(E->rows ? E->rows : 1)) + 0.5772156649;
    if (unknown) unknown[0] = '\0';
    if (!E->row_names) return err_set(e, "the embedding has no words (rows without names)");
    memset(out, 0, d * sizeof *out);
    for (const char *p = text; *p;) {
        while (*p && !word_char((unsigned char)*p))
            p++;
        const char *s = p;
        while (*p && word_char((unsigned char)*p))
            p++;
        size_t len = (size_t)(p - s);
        if (!len) continue;
        char w[256];
        if (len >= sizeof w) return err_set(e, "a word of %zu bytes in \"%.40s...\"", len, text);
        memcpy(w, s, len);
        w[len] = '\0';
        long k = mat_find_row(E, w);
        if (k < 0) {
            for (size_t i = 0; i < len; i++)
                w[i] = (char)tolower((unsigned char)w[i]);
            k = mat_find_row(E, w);
        }
        if (k < 0) {
            if (unknown) snprintf(unknown, 64, "%.63s", w);
            return err_set(e, "'%s' is not a word of the embedding", w);
        }
        const float *v = MAT_ROW(E, (size_t)k);
        double freq = 1.0 / ((double)(k + 1) * H), wt = PHRASE_SIF_A / (PHRASE_SIF_A + freq);
        for (size_t j = 0; j < d; j++)
            out[j] += (float)(wt * v[j]);
        wsum += wt;
        n++;
    }
    if (!n) return err_set(e, "no words in \"%s\"", text);
    for (size_t j = 0; j < d; j++)
        out[j] = (float)(out[j] / wsum);
    return n;
}
