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

int phrase_is_stop_word(const char *w)
{
    size_t l = strlen(w);
    for (const char *p = PHRASE_STOP_WORDS; l && *p;) {
        size_t k = strcspn(p, " ");
        if (k == l && strncmp(p, w, l) == 0) return 1;
        p += k;
        p += strspn(p, " ");
    }
    return 0;
}

int phrase_vector(Mat *E, const char *text, float *out, PhraseMissing *missing, Err *e)
{
    size_t d = E->cols;
    int n = 0, skipped = 0;
    double wsum = 0;
    /* Zipf: the word of rank r has frequency 1 / (r H), H the harmonic
     * number of the vocabulary (ln V + Euler's gamma) */
    double H = log((double)(E->rows ? E->rows : 1)) + 0.5772156649;
    PhraseMissing own;
    PhraseMissing *m = missing ? missing : &own;
    m->n = 0;
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
            if (phrase_is_stop_word(w)) { /* its SIF weight would be near zero */
                skipped++;
                continue;
            }
            if (m->n < PHRASE_MISSING_MAX) snprintf(m->word[m->n], sizeof m->word[0], "%.63s", w);
            m->n++;
            continue;
        }
        const float *v = MAT_ROW(E, (size_t)k);
        double freq = 1.0 / ((double)(k + 1) * H), wt = PHRASE_SIF_A / (PHRASE_SIF_A + freq);
        for (size_t j = 0; j < d; j++)
            out[j] += (float)(wt * v[j]);
        wsum += wt;
        n++;
    }
    if (m->n == 1) return err_set(e, "'%s' is not a word of the embedding", m->word[0]);
    if (m->n > 1)
        return err_set(e, "%d words of \"%.40s\" are not words of the embedding ('%s', '%s'%s)",
                       m->n, text, m->word[0], m->word[1], m->n > 2 ? ", ..." : "");
    if (!n && skipped)
        return err_set(e, "\"%s\" has only function words, none of them in the embedding", text);
    if (!n) return err_set(e, "no words in \"%s\"", text);
    for (size_t j = 0; j < d; j++)
        out[j] = (float)(out[j] / wsum);
    return n;
}
