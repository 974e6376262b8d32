/* suggest.c — see suggest.h. */
#include "lang/suggest.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

/* Optimal string alignment distance: Levenshtein with a swap of two
 * neighbouring characters counted as one edit ("mena" is 1 from "mean"). */
int suggest_distance(const char *a, size_t la, const char *b, size_t lb, int max)
{
    enum { L = 64 };
    if (la >= L || lb >= L) return max + 1;
    if ((la > lb ? la - lb : lb - la) > (size_t)max) return max + 1;
    int rows[3][L], *pp = rows[0], *prev = rows[1], *cur = rows[2];
    for (size_t j = 0; j <= lb; j++) prev[j] = (int)j;
    for (size_t i = 1; i <= la; i++) {
        cur[0] = (int)i;
        for (size_t j = 1; j <= lb; j++) {
            int d = prev[j - 1] + (a[i - 1] != b[j - 1]);
            if (prev[j] + 1 < d) d = prev[j] + 1;
            if (cur[j - 1] + 1 < d) d = cur[j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && pp[j - 2] + 1 < d)
                d = pp[j - 2] + 1;
            cur[j] = d;
        }
        int *t = pp;
        pp = prev;
        prev = cur;
        cur = t;
    }
    return prev[lb] > max ? max + 1 : prev[lb];
}

void suggest_init(Suggest *s, const char *typed)
{
    memset(s, 0, sizeof *s);
    s->typed = typed;
    s->typed_len = strlen(typed);
    /* One typo in a short name, two in a longer one: more would suggest
     * unrelated names ("ab" is 2 edits from every two-letter name). */
    s->max = s->typed_len <= 4 ? 1 : 2;
}

void suggest_add(Suggest *s, const char *name)
{
    if (!name) return;
    size_t l = strlen(name);
    if (strcmp(s->typed, name) == 0) return;
    /* A name that differs only in case ('NaN', 'True', 'SUM': the
     * spelling of another language) is the best guess of all. */
    int d = 0;
    if (strcasecmp(s->typed, name) != 0) {
        d = suggest_distance(s->typed, s->typed_len, name, l, s->max);
        /* Not when the typo is as long as the edit: 'y' is one edit from
         * every one-letter name. */
        if (d == 0 || d > s->max || (size_t)d >= s->typed_len || (size_t)d >= l) return;
    }
    for (int i = 0; i < s->n; i++)
        if (strcmp(s->name[i], name) == 0) return;
    if (s->n == SUGGEST_MAX && d >= s->dist[SUGGEST_MAX - 1]) return;
    int pos = s->n < SUGGEST_MAX ? s->n++ : SUGGEST_MAX - 1;
    while (pos > 0 && s->dist[pos - 1] > d) { /* ties keep the order offered */
        s->dist[pos] = s->dist[pos - 1];
        s->name[pos] = s->name[pos - 1];
        pos--;
    }
    s->dist[pos] = d;
    s->name[pos] = name;
}

int suggest_hint(const Suggest *s, char *buf, size_t n)
{
    if (n) buf[0] = '\0';
    if (s->n == 0 || n == 0) return 0;
    size_t used = (size_t)snprintf(buf, n, "did you mean");
    for (int i = 0; i < s->n && used < n; i++)
        used += (size_t)snprintf(buf + used, n - used, "%s '%s'", i ? "," : "", s->name[i]);
    return 1;
}
