/* spec.c — parsing and printing network descriptions (spec.h). */
#include "nn/spec.h"

#include "core/cnum.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LAYER_WORDS                                                                                \
    "dense, conv, deconv, pool, dropout, flatten, reshape, relu, leaky, tanh, sigmoid, linear"
#define MAX_ARGS 4

void nn_spec_free(NnSpec *s)
{
    free(s->l);
    memset(s, 0, sizeof *s);
}

int nn_spec_push(NnSpec *s, const NnLayerSpec *l, Err *e)
{
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 8;
        NnLayerSpec *nl = realloc(s->l, cap * sizeof *nl);
        if (!nl) return err_nomem(e, cap * sizeof *nl, "network description");
        s->l = nl;
        s->cap = cap;
    }
    s->l[s->n++] = *l;
    return 0;
}

int nn_act_parse(const char *name)
{
    if (strcmp(name, "relu") == 0) return NN_ACT_RELU;
    if (strcmp(name, "leaky") == 0 || strcmp(name, "lrelu") == 0) return NN_ACT_LEAKY;
    if (strcmp(name, "tanh") == 0) return NN_ACT_TANH;
    if (strcmp(name, "sigmoid") == 0) return NN_ACT_SIGMOID;
    if (strcmp(name, "linear") == 0 || strcmp(name, "none") == 0) return NN_ACT_NONE;
    return -2;
}

const char *nn_act_name(NnAct a)
{
    switch (a) {
    case NN_ACT_RELU:
        return "relu";
    case NN_ACT_LEAKY:
        return "leaky";
    case NN_ACT_TANH:
        return "tanh";
    case NN_ACT_SIGMOID:
        return "sigmoid";
    case NN_ACT_NONE:
        return "linear";
    default:
        return "default";
    }
}

/* One word's arguments: positional values then name=value pairs. */
typedef struct Args {
    int n;
    double v[MAX_ARGS];
    char name[MAX_ARGS][16]; /* "" for positional */
} Args;

typedef struct Parser {
    const char *text, *what;
    const char *word; /* start of the word being parsed */
    size_t index;     /* 1-based word number */
    Err *e;
} Parser;

static int fail(Parser *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int fail(Parser *p, const char *fmt, ...)
{
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    int len = 0;
    while (p->word[len] && !isspace((unsigned char)p->word[len]) && len < 40) {
        if (p->word[len] == '(') { /* the whole call */
            while (p->word[len] && p->word[len] != ')' && len < 40)
                len++;
            if (p->word[len] == ')') len++;
            break;
        }
        len++;
    }
    return err_set(p->e, "%s: word %zu '%.*s' (column %zu): %s", p->what, p->index, len, p->word,
                   (size_t)(p->word - p->text) + 1, msg);
}

/* Read "(a, b, name=c)" after a word; s points at '(' or not. */
static int parse_args(Parser *p, const char **s, Args *a)
{
    memset(a, 0, sizeof *a);
    if (**s != '(') return 0;
    (*s)++;
    for (;;) {
        while (isspace((unsigned char)**s))
            (*s)++;
        if (**s == ')') {
            (*s)++;
            return 0;
        }
        if (a->n == MAX_ARGS) return fail(p, "too many arguments");
        const char *q = *s;
        if (isalpha((unsigned char)*q)) {
            size_t len = 0;
            while (isalnum((unsigned char)q[len]) || q[len] == '_')
                len++;
            if (q[len] != '=' || len >= sizeof a->name[0])
                return fail(p, "expected a number or name=number");
            memcpy(a->name[a->n], q, len);
            a->name[a->n][len] = '\0';
            q += len + 1;
        }
        char *end;
        errno = 0;
        double v = cnum_strtod(q, &end);
        if (end == q || errno || !isfinite(v)) return fail(p, "expected a number");
        a->v[a->n++] = v;
        *s = end;
        while (isspace((unsigned char)**s))
            (*s)++;
        if (**s == ',') {
            (*s)++;
            continue;
        }
        if (**s == ')') continue;
        return fail(p, **s ? "expected ',' or ')'" : "missing ')'");
    }
}

/* Assign args to named slots in order; names must be among names[]. */
static int bind(Parser *p, const Args *a, const char *const *names, int nnames, int required,
                double *out, const double *defaults)
{
    int set[MAX_ARGS] = {0};
    for (int i = 0; i < nnames; i++)
        out[i] = defaults[i];
    int pos = 0, named = 0;
    for (int i = 0; i < a->n; i++) {
        int slot = -1;
        if (a->name[i][0]) {
            named = 1;
            for (int j = 0; j < nnames; j++)
                if (strcmp(a->name[i], names[j]) == 0) slot = j;
            if (slot < 0) return fail(p, "unknown argument '%s'", a->name[i]);
        } else {
            if (named) return fail(p, "a positional argument after a named one");
            slot = pos++;
            if (slot >= nnames) return fail(p, "too many arguments");
        }
        if (set[slot]) return fail(p, "'%s' given twice", names[slot]);
        set[slot] = 1;
        out[slot] = a->v[i];
    }
    for (int j = 0; j < required; j++)
        if (!set[j]) return fail(p, "missing '%s'", names[j]);
    return 0;
}

static int int_arg(Parser *p, double v, const char *name, int lo, int hi, int *out)
{
    if (v != floor(v) || v < lo || v > hi) {
        char d[96];
        snprintf(d, sizeof d, "%s must be a whole number from %d to %d", name, lo, hi);
        return fail(p, "%s", d);
    }
    *out = (int)v;
    return 0;
}

int nn_spec_parse(const char *text, const char *what, NnSpec *s, Err *e)
{
    memset(s, 0, sizeof *s);
    Parser p = {text, what, text, 0, e};
    const char *c = text;
    for (;;) {
        while (isspace((unsigned char)*c) || *c == ',')
            c++;
        if (!*c) break;
        p.word = c;
        p.index++;
        char name[16];
        size_t len = 0;
        while (isalpha((unsigned char)c[len]) && len < sizeof name - 1)
            len++;
        memcpy(name, c, len);
        name[len] = '\0';
        if (len == 0) {
            nn_spec_free(s);
            return fail(&p, "expected a layer name");
        }
        c += len;
        const char *t = c;
        while (*t == ' ')
            t++;
        if (*t == '(') c = t; /* "conv (8,3)" */
        Args a;
        if (parse_args(&p, &c, &a) < 0) {
            nn_spec_free(s);
            return -1;
        }
        if (*c && !isspace((unsigned char)*c) && *c != ',') {
            p.word = c;
            p.index++;
            nn_spec_free(s);
            return fail(&p, "expected a space between layers");
        }
        NnLayerSpec l = {.act = NN_ACT_DEFAULT};
        double v[4];
        int rc = 0, act = nn_act_parse(name);
        if (act != -2) {
            double slope = 0.01;
            if (act == NN_ACT_LEAKY)
                rc = bind(&p, &a, (const char *[]){"slope"}, 1, 0, v, (double[]){0.01});
            else if (a.n)
                rc = fail(&p, "'%s' takes no arguments", name);
            if (rc == 0 && act == NN_ACT_LEAKY) slope = v[0];
            if (rc == 0 && s->n == 0) rc = fail(&p, "an activation must follow a layer");
            NnLayerSpec *prev = rc == 0 ? &s->l[s->n - 1] : NULL;
            if (rc == 0 && prev->kind != NN_L_DENSE && prev->kind != NN_L_CONV &&
                prev->kind != NN_L_DECONV)
                rc = fail(&p, "an activation must follow dense, conv or deconv");
            if (rc == 0 && prev->act != NN_ACT_DEFAULT)
                rc = fail(&p, "a second activation for one layer");
            if (rc == 0) {
                prev->act = (NnAct)act;
                prev->slope = (float)slope;
            }
            if (rc < 0) {
                nn_spec_free(s);
                return -1;
            }
            continue;
        }
        if (strcmp(name, "dense") == 0) {
            l.kind = NN_L_DENSE;
            rc = bind(&p, &a, (const char *[]){"n"}, 1, 1, v, (double[]){0});
            if (rc == 0) rc = int_arg(&p, v[0], "n", 1, 1 << 20, &l.n);
        } else if (strcmp(name, "conv") == 0 || strcmp(name, "deconv") == 0) {
            l.kind = name[0] == 'c' ? NN_L_CONV : NN_L_DECONV;
            rc = bind(&p, &a, (const char *[]){"filters", "k", "stride", "pad"}, 4, 2, v,
                      (double[]){0, 0, 1, 0});
            if (rc == 0) rc = int_arg(&p, v[0], "filters", 1, 1 << 16, &l.n);
            if (rc == 0) rc = int_arg(&p, v[1], "k", 1, 64, &l.k);
            if (rc == 0) rc = int_arg(&p, v[2], "stride", 1, 64, &l.stride);
            if (rc == 0) rc = int_arg(&p, v[3], "pad", 0, 64, &l.pad);
        } else if (strcmp(name, "pool") == 0) {
            l.kind = NN_L_POOL;
            rc = bind(&p, &a, (const char *[]){"k", "stride"}, 2, 1, v, (double[]){0, 0});
            if (rc == 0) rc = int_arg(&p, v[0], "k", 1, 64, &l.k);
            if (rc == 0) rc = int_arg(&p, v[1] ? v[1] : v[0], "stride", 1, 64, &l.stride);
        } else if (strcmp(name, "dropout") == 0) {
            l.kind = NN_L_DROPOUT;
            rc = bind(&p, &a, (const char *[]){"p"}, 1, 1, v, (double[]){0});
            if (rc == 0 && !(v[0] >= 0 && v[0] < 1)) rc = fail(&p, "p must be in [0, 1)");
            l.p = (float)v[0];
        } else if (strcmp(name, "flatten") == 0) {
            l.kind = NN_L_FLATTEN;
            if (a.n) rc = fail(&p, "'flatten' takes no arguments");
        } else if (strcmp(name, "reshape") == 0) {
            l.kind = NN_L_RESHAPE;
            rc = bind(&p, &a, (const char *[]){"h", "w", "c"}, 3, 3, v, (double[]){0, 0, 0});
            for (int i = 0; rc == 0 && i < 3; i++)
                rc = int_arg(&p, v[i], (const char *[]){"h", "w", "c"}[i], 1, 1 << 16, &l.shape[i]);
        } else {
            rc = fail(&p, "unknown layer '%s'; the layers are " LAYER_WORDS, name);
        }
        if (rc < 0 || nn_spec_push(s, &l, e) < 0) {
            nn_spec_free(s);
            return -1;
        }
    }
    if (s->n == 0) return err_set(e, "%s: no layers in '%s'", what, text);
    return 0;
}

int nn_spec_widths(const long *w, size_t n, NnSpec *s, Err *e)
{
    memset(s, 0, sizeof *s);
    for (size_t i = 0; i < n; i++) {
        if (w[i] < 1 || w[i] > (1 << 20)) {
            nn_spec_free(s);
            return err_set(e, "layer %zu has width %ld; widths are from 1 to %d", i, w[i], 1 << 20);
        }
        NnLayerSpec l = {.kind = NN_L_DENSE, .n = (int)w[i], .act = NN_ACT_DEFAULT};
        if (nn_spec_push(s, &l, e) < 0) {
            nn_spec_free(s);
            return -1;
        }
    }
    return 0;
}

void nn_spec_resolve(NnSpec *s, NnAct act, float slope)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->l[i].act == NN_ACT_DEFAULT &&
            (s->l[i].kind == NN_L_DENSE || s->l[i].kind == NN_L_CONV ||
             s->l[i].kind == NN_L_DECONV)) {
            s->l[i].act = act;
            s->l[i].slope = slope;
        }
}

static void put(char *buf, size_t n, size_t *used, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void put(char *buf, size_t n, size_t *used, const char *fmt, ...)
{
    if (*used >= n) return;
    va_list ap;
    va_start(ap, fmt);
    int w = vsnprintf(buf + *used, n - *used, fmt, ap);
    va_end(ap);
    if (w > 0) *used += (size_t)w;
    if (*used >= n) *used = n - 1;
}

/* The shortest decimal that reads back as v, in the C locale. */
static const char *float_text(float v, char *buf, size_t n)
{
    cnum_format_float(buf, n, v);
    return buf;
}

void nn_spec_format(const NnSpec *s, char *buf, size_t n)
{
    char f[32];
    size_t used = 0;
    if (n == 0) return;
    buf[0] = '\0';
    for (size_t i = 0; i < s->n; i++) {
        const NnLayerSpec *l = &s->l[i];
        const char *sp = i ? " " : "";
        switch (l->kind) {
        case NN_L_DENSE:
            put(buf, n, &used, "%sdense(%d)", sp, l->n);
            break;
        case NN_L_CONV:
        case NN_L_DECONV:
            put(buf, n, &used, "%s%s(%d,%d", sp, l->kind == NN_L_CONV ? "conv" : "deconv", l->n,
                l->k);
            if (l->stride != 1 || l->pad) put(buf, n, &used, ",%d,%d", l->stride, l->pad);
            put(buf, n, &used, ")");
            break;
        case NN_L_POOL:
            put(buf, n, &used, "%spool(%d", sp, l->k);
            if (l->stride != l->k) put(buf, n, &used, ",%d", l->stride);
            put(buf, n, &used, ")");
            break;
        case NN_L_DROPOUT:
            put(buf, n, &used, "%sdropout(%s)", sp, float_text(l->p, f, sizeof f));
            break;
        case NN_L_FLATTEN:
            put(buf, n, &used, "%sflatten", sp);
            break;
        case NN_L_RESHAPE:
            put(buf, n, &used, "%sreshape(%d,%d,%d)", sp, l->shape[0], l->shape[1], l->shape[2]);
            break;
        }
        if (l->act == NN_ACT_LEAKY)
            put(buf, n, &used, " leaky(%s)", float_text(l->slope, f, sizeof f));
        else if (l->act != NN_ACT_DEFAULT &&
                 (l->kind == NN_L_DENSE || l->kind == NN_L_CONV || l->kind == NN_L_DECONV))
            put(buf, n, &used, " %s", nn_act_name(l->act));
    }
}
