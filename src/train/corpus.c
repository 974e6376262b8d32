/* corpus.c — see corpus.h.  One pass over the text builds the vocabulary
 * and the id array together; a second pass over the ids renumbers them by
 * frequency and drops rare words. */
#include "train/corpus.h"

#include <stdlib.h>
#include <string.h>

#include "core/strmap.h"
#include "io/readall.h"

#define MAX_WORD 100

static int word_byte(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '\'' || c >= 0x80;
}

typedef struct Rank {
    long long count;
    size_t first; /* id in order of first appearance */
} Rank;

static int by_count(const void *a, const void *b)
{
    const Rank *x = a, *y = b;
    if (x->count != y->count) return x->count > y->count ? -1 : 1;
    return x->first < y->first ? -1 : x->first > y->first;
}

void corpus_free(Corpus *c)
{
    if (!c) return;
    for (size_t i = 0; c->words && i < c->n_vocab; i++) free(c->words[i]);
    free(c->words);
    free(c->count);
    free(c->ids);
    memset(c, 0, sizeof *c);
}

/* Append to a growing array; returns 0 or -1 (out of memory). */
static int grow(void **p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap) return 0;
    size_t nc = *cap ? *cap : 1024;
    while (nc < need) nc *= 2;
    void *q = realloc(*p, nc * elem);
    if (!q) return -1;
    *p = q;
    *cap = nc;
    return 0;
}

int corpus_read(const char *path, int min_count, Corpus *c, Err *e)
{
    memset(c, 0, sizeof *c);
    char *text;
    size_t len;
    if (io_read_all(path, &text, &len, e) < 0) return -1;
    StrMap *map = strmap_new(1 << 16, e);
    size_t nw = 0, cap_w = 0, ntok = 0, cap_tok = len / 5 + 1024;
    long long *count = NULL;
    char **words = NULL;
    uint32_t *tok = malloc(cap_tok * sizeof *tok);
    Rank *rank = NULL;
    size_t *remap = NULL;
    int rc = -1;
    if (!map || !tok) {
        err_nomem(e, cap_tok * sizeof *tok, "corpus");
        goto done;
    }
    for (size_t i = 0; i < len;) {
        unsigned char ch = (unsigned char)text[i];
        if (ch == '\n') {
            if (ntok && tok[ntok - 1] != CORPUS_EOS) tok[ntok++] = CORPUS_EOS;
            i++;
            continue;
        }
        if (!word_byte(ch)) {
            i++;
            continue;
        }
        size_t s = i;
        for (; i < len && word_byte((unsigned char)text[i]); i++)
            if (text[i] >= 'A' && text[i] <= 'Z') text[i] = (char)(text[i] - 'A' + 'a');
        size_t t = i;
        while (s < t && text[s] == '\'') s++;
        while (t > s && text[t - 1] == '\'') t--;
        if (s == t) continue; /* only apostrophes */
        size_t wl = t - s, id;
        if (wl > MAX_WORD) wl = MAX_WORD;
        if (!strmap_getn(map, text + s, wl, &id)) {
            if (nw >= CORPUS_EOS - 1) {
                err_set(e, "%s: more than %u distinct words", path, (unsigned)(CORPUS_EOS - 1));
                goto done;
            }
            if (nw == cap_w) {
                size_t nc = cap_w ? cap_w * 2 : 4096;
                long long *c2 = realloc(count, nc * sizeof *count);
                if (!c2) goto nomem;
                count = c2;
                char **w2 = realloc(words, nc * sizeof *words);
                if (!w2) goto nomem;
                words = w2;
                cap_w = nc;
            }
            id = nw;
            if (!(words[nw] = strndup(text + s, wl))) goto nomem;
            count[nw++] = 0;
            if (strmap_putn(map, text + s, wl, id, NULL, e) < 0) goto done;
        }
        count[id]++;
        if (grow((void **)&tok, &cap_tok, ntok + 2, sizeof *tok) < 0) goto nomem;
        tok[ntok++] = (uint32_t)id;
        c->n_tokens++;
    }
    free(text);
    text = NULL;
    c->n_distinct = nw;
    /* vocabulary: count >= min_count, most frequent first */
    rank = malloc((nw ? nw : 1) * sizeof *rank);
    remap = malloc((nw ? nw : 1) * sizeof *remap);
    if (!rank || !remap) goto nomem;
    for (size_t w = 0; w < nw; w++) rank[w] = (Rank){count[w], w};
    qsort(rank, nw, sizeof *rank, by_count);
    size_t kept = 0;
    while (kept < nw && rank[kept].count >= min_count) kept++;
    if (kept == 0) {
        err_set(e, "%s: no word occurs %d times or more (%zu distinct words)", path, min_count, nw);
        goto done;
    }
    c->words = malloc(kept * sizeof *c->words);
    c->count = malloc(kept * sizeof *c->count);
    if (!c->words || !c->count) goto nomem;
    for (size_t w = 0; w < nw; w++) remap[w] = SIZE_MAX;
    for (size_t r = 0; r < kept; r++) {
        size_t w = rank[r].first;
        remap[w] = r;
        c->words[r] = words[w];
        words[w] = NULL;
        c->count[r] = count[w];
    }
    c->n_vocab = kept;
    size_t out = 0;
    for (size_t t = 0; t < ntok; t++) {
        if (tok[t] == CORPUS_EOS) {
            if (out && tok[out - 1] != CORPUS_EOS) tok[out++] = CORPUS_EOS;
        } else if (remap[tok[t]] != SIZE_MAX) {
            tok[out++] = (uint32_t)remap[tok[t]];
            c->n_words++;
        }
    }
    if (out && tok[out - 1] == CORPUS_EOS) out--;
    uint32_t *shrunk = realloc(tok, (out ? out : 1) * sizeof *tok);
    c->ids = shrunk ? shrunk : tok;
    c->n_ids = out;
    tok = NULL;
    rc = 0;
    goto done;
nomem:
    err_nomem(e, (nw + ntok) * 8, "corpus");
done:
    for (size_t w = 0; words && w < nw; w++) free(words[w]);
    free(words);
    free(count);
    free(tok);
    free(rank);
    free(remap);
    strmap_free(map);
    free(text);
    if (rc < 0) corpus_free(c);
    return rc;
}
