/* suggest.h — "did you mean" hints: the names closest to a mistyped one.
 *
 * Feed every candidate name (builtins, variables, fields) to suggest_add;
 * suggest_hint then writes "did you mean 'mean'" (up to three names, the
 * closest first) when some candidate is within a small edit distance.
 */
#ifndef DV_LANG_SUGGEST_H
#define DV_LANG_SUGGEST_H

#include <stddef.h>

#define SUGGEST_MAX 3

typedef struct Suggest {
    const char *typed;
    size_t typed_len;
    int max;                        /* largest distance worth suggesting */
    int n;                          /* names kept so far */
    const char *name[SUGGEST_MAX];  /* borrowed: must outlive suggest_hint */
    int dist[SUGGEST_MAX];
} Suggest;

/* Start a search for names close to typed (borrowed). */
void suggest_init(Suggest *s, const char *typed);
/* Offer a candidate (borrowed); duplicates and the typed name itself are ignored. */
void suggest_add(Suggest *s, const char *name);
/* "did you mean 'a', 'b'" into buf; returns 0 (buf = "") when nothing is close. */
int suggest_hint(const Suggest *s, char *buf, size_t n);

/* Levenshtein distance between a and b, or max + 1 when it exceeds max. */
int suggest_distance(const char *a, size_t la, const char *b, size_t lb, int max);

#endif
