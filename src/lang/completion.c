/* completion.c — session_complete(): what the word being typed can become.
 * Builtins, the session's variables, keyword names of the call around the
 * cursor (a builtin's or a function's), reserved words, matrix and model
 * fields after '.', and words of the `use`d embedding.  The call around the cursor is found with
 * the lexer, like everything else that reads source. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "lang/builtin.h"
#include "lang/interp.h"
#include "lang/lex.h"
#include "lang/limits.h"
#include "lang/matfield.h"

typedef struct Cands {
    char **v;
    size_t n, cap;
} Cands;

static void cand_add(Cands *c, const char *prefix, size_t plen, const char *s, const char *suffix)
{
    if (strncmp(s, prefix, plen) != 0) return;
    for (size_t i = 0; i < c->n; i++) /* keep unique */
        if (strncmp(c->v[i], s, strlen(s)) == 0 && strlen(c->v[i]) == strlen(s) + strlen(suffix))
            return;
    if (c->n + 2 > c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 32;
        char **v = realloc(c->v, cap * sizeof *v);
        if (!v) return;
        c->v = v;
        c->cap = cap;
    }
    size_t l = strlen(s), ls = strlen(suffix);
    char *d = malloc(l + ls + 1);
    if (!d) return;
    memcpy(d, s, l);
    memcpy(d + l, suffix, ls + 1);
    c->v[c->n++] = d;
    c->v[c->n] = NULL;
}

/* The name of the call whose argument list the cursor is in (into name,
 * of size LIMIT_NAME_LENGTH + 1), or 0: the call whose '(' is still open
 * before the cursor, or the command (a call without parentheses) that
 * starts the statement. */
static int enclosing_call(const char *line, int start, char *name)
{
    TokList t;
    Err e;
    int l, c, found = 0;
    if (lex_tokenize_n(line, (size_t)start, 1, LEX_PARTIAL, &t, &l, &c, &e) < 0) return 0;
    if (t.failed) goto done; /* inside a string, or after a stray character */
    size_t n = t.n - 1; /* without T_EOF */
    int depth = 0;
    size_t k = n;
    const Token *id = NULL;
    for (; k > 0; k--) {
        const Token *tk = &t.v[k - 1];
        if (tk->kind == T_NEWLINE) break;
        if (tok_is(tk, ")") || tok_is(tk, "]")) depth++;
        if (tok_is(tk, "[") && depth > 0) depth--;
        if (tok_is(tk, "(")) {
            if (depth > 0) {
                depth--;
                continue;
            }
            if (k >= 2 && t.v[k - 2].kind == T_IDENT && !tk->space_before) id = &t.v[k - 2];
            goto copy;
        }
    }
    /* A command: the statement's first word, then a space. */
    if (k < n && t.v[k].kind == T_IDENT &&
        ((k + 1 < n && t.v[k + 1].space_before) ||
         (k + 1 == n && start > 0 && line[start - 1] == ' ')))
        id = &t.v[k];
copy:
    if (id) {
        memcpy(name, id->text, id->len);
        name[id->len] = '\0';
        found = 1;
    }
done:
    lex_free(&t);
    return found;
}

char **session_complete(Session *s, const char *line, int start, int end)
{
    Cands c = {0};
    char prefix[256];
    int plen = end - start < 255 ? end - start : 255;
    memcpy(prefix, line + start, (size_t)plen);
    prefix[plen] = '\0';
    /* Field names after "name." */
    if (start > 0 && line[start - 1] == '.') {
        int j = start - 1;
        while (j > 0 && (isalnum((unsigned char)line[j - 1]) || line[j - 1] == '_')) j--;
        char name[128];
        int len = start - 1 - j < 127 ? start - 1 - j : 127;
        memcpy(name, line + j, (size_t)len);
        name[len] = '\0';
        const Value *v = env_get(s->ctx.env, name);
        if (v && v->kind == VAL_MODEL)
            for (size_t i = 0; i < v->u.model->n; i++)
                cand_add(&c, prefix, (size_t)plen, v->u.model->names[i], "");
        if (v && v->kind == VAL_MAT)
            for (size_t i = 0; matfield_at(i); i++)
                cand_add(&c, prefix, (size_t)plen, matfield_at(i)->name, "");
        return c.v;
    }
    char callee[LIMIT_NAME_LENGTH + 1];
    if (enclosing_call(line, start, callee)) {
        const Value *fv = env_get(s->ctx.env, callee);
        const Builtin *call = builtin_find(callee);
        if (fv && fv->kind == VAL_FN) { /* a function's parameters, all by name */
            const Node *def = fv->u.fn->def;
            for (size_t k = 1; k < def->n; k++)
                cand_add(&c, prefix, (size_t)plen, def->kids[k]->str, "=");
        } else if (call) {
            for (size_t k = 0; k < builtin_nparams(call); k++)
                if (call->params[k].def)
                    cand_add(&c, prefix, (size_t)plen, call->params[k].name, "=");
        }
    }
    size_t nv;
    const char **names = env_names(s->ctx.env, &nv, NULL);
    for (size_t i = 0; names && i < nv; i++) cand_add(&c, prefix, (size_t)plen, names[i], "");
    free(names);
    for (size_t i = 0; builtin_at(i); i++)
        cand_add(&c, prefix, (size_t)plen, builtin_at(i)->name, "");
    static const char *kw[] = {"true", "false", "none", NULL};
    for (int i = 0; kw[i]; i++) cand_add(&c, prefix, (size_t)plen, kw[i], "");
    for (size_t i = 0; plen > 0 && lex_keyword_at(i); i++)
        cand_add(&c, prefix, (size_t)plen, lex_keyword_at(i), "");
    if (s->ctx.use_emb && plen > 0) {
        const Mat *E = s->ctx.use_emb->u.mat;
        size_t before = c.n;
        for (size_t i = 0; i < E->rows && c.n - before < 200; i++)
            if (E->row_names[i] && strncmp(E->row_names[i], prefix, (size_t)plen) == 0) {
                if (c.n + 2 > c.cap) {
                    size_t cap = c.cap ? c.cap * 2 : 32;
                    char **v = realloc(c.v, cap * sizeof *v);
                    if (!v) break;
                    c.v = v;
                    c.cap = cap;
                }
                char *d = strdup(E->row_names[i]);
                if (!d) break;
                c.v[c.n++] = d;
                c.v[c.n] = NULL;
            }
    }
    return c.v;
}
