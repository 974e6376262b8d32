#include "lang/parse.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct Parser {
    const TokList *t;
    size_t i;
    int (*is_command)(const char *name);
    Err *e;
    int line, col; /* error position */
} Parser;

static const Token *peek(Parser *p)
{
    return &p->t->v[p->i];
}

static const Token *peek_at(Parser *p, size_t k)
{
    size_t j = p->i + k;
    return j < p->t->n ? &p->t->v[j] : &p->t->v[p->t->n - 1];
}

static const Token *next(Parser *p)
{
    const Token *t = &p->t->v[p->i];
    if (t->kind != T_EOF) p->i++;
    return t;
}

static void tok_desc(const Token *t, char *buf, size_t n)
{
    switch (t->kind) {
    case T_EOF: snprintf(buf, n, "end of input"); break;
    case T_NEWLINE: snprintf(buf, n, "end of line"); break;
    case T_STR: snprintf(buf, n, "string"); break;
    default: snprintf(buf, n, "'%.*s'", (int)(t->len > 40 ? 40 : t->len), t->text); break;
    }
}

/* "expected WHAT, got TOKEN", or with expected = 0 "WHAT (got TOKEN)". */
static Node *fail_as(Parser *p, const Token *t, const char *what, int expected)
{
    char got[64];
    tok_desc(t, got, sizeof got);
    if (expected)
        err_set(p->e, "expected %s, got %s", what, got);
    else
        err_set(p->e, "%s (got %s)", what, got);
    p->line = t->line;
    p->col = t->col;
    return NULL;
}

static Node *fail(Parser *p, const Token *t, const char *what)
{
    return fail_as(p, t, what, 1);
}

static Node *node_new(Parser *p, NodeKind k, const Token *at)
{
    Node *n = calloc(1, sizeof *n);
    if (!n) {
        err_nomem(p->e, sizeof *n, "syntax tree");
        p->line = at->line;
        p->col = at->col;
        return NULL;
    }
    n->kind = k;
    n->line = at->line;
    n->col = at->col;
    return n;
}

void node_free(Node *n)
{
    if (!n) return;
    for (size_t i = 0; i < n->n; i++) {
        node_free(n->kids[i]);
        if (n->kw) free(n->kw[i]);
    }
    free(n->kids);
    free(n->kw);
    free(n->str);
    free(n);
}

static int add_kid(Parser *p, Node *n, Node *kid, const char *kw)
{
    Node **k = realloc(n->kids, (n->n + 1) * sizeof *k);
    if (!k) goto oom;
    n->kids = k;
    if (n->kind == N_CALL) {
        char **w = realloc(n->kw, (n->n + 1) * sizeof *w);
        if (!w) goto oom;
        n->kw = w;
        n->kw[n->n] = kw ? strdup(kw) : NULL;
        if (kw && !n->kw[n->n]) goto oom;
    }
    n->kids[n->n++] = kid;
    return 0;
oom:
    node_free(kid);
    err_nomem(p->e, 64, "syntax tree");
    p->line = n->line;
    p->col = n->col;
    return -1;
}

static char *tok_strdup(Parser *p, const Token *t)
{
    char *s = strndup(t->text, t->len);
    if (!s) err_nomem(p->e, t->len + 1, "name");
    return s;
}

static Node *parse_expr(Parser *p);

/* Expect the bracket that closes `open`.  When the input ends, or the next
 * token is on a later line, the useful place to point at is the bracket
 * that was never closed. */
static int expect_close(Parser *p, const Token *open, const char *close, const char *what)
{
    const Token *t = peek(p);
    if (tok_is(t, close)) {
        next(p);
        return 0;
    }
    if (t->kind == T_EOF || t->line > open->line) {
        char got[64];
        tok_desc(t, got, sizeof got);
        err_set(p->e, "'%.*s' is never closed (expected '%s' before %s)", (int)open->len, open->text,
                close, got);
        p->line = open->line;
        p->col = open->col;
        return -1;
    }
    fail(p, t, what);
    return -1;
}

/* A call argument: NAME '=' expr (keyword) or expr. */
static int parse_arg(Parser *p, Node *call)
{
    const Token *t = peek(p);
    char *kw = NULL;
    if (t->kind == T_IDENT && tok_is(peek_at(p, 1), "=")) {
        kw = tok_strdup(p, t);
        if (!kw) return -1;
        next(p);
        next(p);
    } else if (call->n > 1 && call->kw[call->n - 1]) {
        fail_as(p, t, "positional argument after a keyword argument", 0);
        return -1;
    }
    Node *a = parse_expr(p);
    if (!a) {
        free(kw);
        return -1;
    }
    int r = add_kid(p, call, a, kw);
    free(kw);
    return r;
}

static Node *parse_list(Parser *p, const Token *open)
{
    Node *n = node_new(p, N_LIST, open);
    if (!n) return NULL;
    if (tok_is(peek(p), "]")) {
        next(p);
        return n;
    }
    for (;;) {
        Node *it = parse_expr(p);
        if (!it || add_kid(p, n, it, NULL) < 0) goto fail;
        if (tok_is(peek(p), ",")) {
            next(p);
            if (tok_is(peek(p), "]")) { /* trailing comma */
                next(p);
                return n;
            }
            continue;
        }
        if (expect_close(p, open, "]", "',' or ']' in list") < 0) goto fail;
        return n;
    }
fail:
    node_free(n);
    return NULL;
}

static Node *parse_primary(Parser *p)
{
    const Token *t = next(p);
    Node *n;
    switch (t->kind) {
    case T_NUM:
        n = node_new(p, N_NUM, t);
        if (n) n->num = t->num;
        return n;
    case T_STR:
        n = node_new(p, N_STR, t);
        if (n && !(n->str = strdup(t->str))) {
            node_free(n);
            err_nomem(p->e, strlen(t->str), "string");
            return NULL;
        }
        return n;
    case T_IDENT:
        n = node_new(p, N_NAME, t);
        if (n && !(n->str = tok_strdup(p, t))) {
            node_free(n);
            return NULL;
        }
        return n;
    case T_OP:
        if (tok_is(t, "(")) {
            n = parse_expr(p);
            if (n && expect_close(p, t, ")", "')'") < 0) {
                node_free(n);
                return NULL;
            }
            return n;
        }
        if (tok_is(t, "[")) return parse_list(p, t);
        break;
    default: break;
    }
    return fail(p, t, "an expression");
}

/* One index item: expr, or a slice [a]:[b]. */
static Node *parse_index_item(Parser *p)
{
    const Token *t = peek(p);
    Node *start = NULL;
    if (!tok_is(t, ":")) {
        start = parse_expr(p);
        if (!start) return NULL;
        if (!tok_is(peek(p), ":")) return start;
    }
    Node *s = node_new(p, N_SLICE, t);
    if (!s) {
        node_free(start);
        return NULL;
    }
    next(p); /* ':' */
    s->kids = calloc(2, sizeof *s->kids);
    if (!s->kids) {
        node_free(start);
        node_free(s);
        err_nomem(p->e, 16, "slice");
        return NULL;
    }
    s->n = 2;
    s->kids[0] = start;
    const Token *u = peek(p);
    if (!tok_is(u, ",") && !tok_is(u, "]")) {
        s->kids[1] = parse_expr(p);
        if (!s->kids[1]) {
            node_free(s);
            return NULL;
        }
    }
    return s;
}

static Node *parse_postfix(Parser *p)
{
    Node *n = parse_primary(p);
    while (n) {
        const Token *t = peek(p);
        if (tok_is(t, "(") && !t->space_before) {
            next(p);
            Node *c = node_new(p, N_CALL, t);
            if (c) {
                c->line = n->line; /* errors of a call point at its name */
                c->col = n->col;
            }
            if (!c || add_kid(p, c, n, NULL) < 0) {
                node_free(c ? NULL : n);
                node_free(c);
                return NULL;
            }
            n = c;
            if (tok_is(peek(p), ")")) {
                next(p);
                continue;
            }
            for (;;) {
                if (parse_arg(p, c) < 0) goto fail;
                if (tok_is(peek(p), ",")) {
                    next(p);
                    continue;
                }
                if (expect_close(p, t, ")", "',' or ')' in call") < 0) goto fail;
                break;
            }
        } else if (tok_is(t, "[") && !t->space_before) {
            next(p);
            Node *x = node_new(p, N_INDEX, t);
            if (!x || add_kid(p, x, n, NULL) < 0) {
                node_free(x ? NULL : n);
                node_free(x);
                return NULL;
            }
            n = x;
            for (;;) {
                Node *it = parse_index_item(p);
                if (!it || add_kid(p, x, it, NULL) < 0) goto fail;
                if (tok_is(peek(p), ",")) {
                    next(p);
                    continue;
                }
                if (expect_close(p, t, "]", "',' or ']' in index") < 0) goto fail;
                break;
            }
            if (x->n > 3) {
                fail_as(p, t, "a matrix takes at most 2 indices", 0);
                goto fail;
            }
        } else if (tok_is(t, ".")) {
            next(p);
            const Token *f = next(p);
            if (f->kind != T_IDENT) {
                fail(p, f, "a field name after '.'");
                goto fail;
            }
            Node *x = node_new(p, N_FIELD, t);
            if (!x || add_kid(p, x, n, NULL) < 0) {
                node_free(x ? NULL : n);
                node_free(x);
                return NULL;
            }
            n = x;
            if (!(x->str = tok_strdup(p, f))) goto fail;
        } else {
            break;
        }
    }
    return n;
fail:
    node_free(n);
    return NULL;
}

static Node *parse_unary(Parser *p)
{
    const Token *t = peek(p);
    if (tok_is(t, "-") || tok_is(t, "+")) {
        next(p);
        Node *x = parse_unary(p);
        if (!x || tok_is(t, "+")) return x;
        Node *n = node_new(p, N_NEG, t);
        if (!n || add_kid(p, n, x, NULL) < 0) {
            if (!n) node_free(x);
            node_free(n);
            return NULL;
        }
        return n;
    }
    return parse_postfix(p);
}

typedef Node *(*SubParser)(Parser *);

static Node *parse_binary_level(Parser *p, SubParser sub, const char *const *ops)
{
    Node *l = sub(p);
    while (l) {
        const Token *t = peek(p);
        const char *op = NULL;
        for (int i = 0; ops[i]; i++)
            if (tok_is(t, ops[i])) op = ops[i];
        if (!op) break;
        next(p);
        Node *r = sub(p);
        if (!r) goto fail;
        Node *b = node_new(p, N_BIN, t);
        if (!b) {
            node_free(r);
            goto fail;
        }
        if (!(b->str = strdup(op))) {
            node_free(r);
            node_free(b);
            err_nomem(p->e, 4, "operator");
            goto fail;
        }
        if (add_kid(p, b, l, NULL) < 0) {
            node_free(r);
            node_free(b);
            return NULL;
        }
        if (add_kid(p, b, r, NULL) < 0) {
            node_free(b);
            return NULL;
        }
        l = b;
    }
    return l;
fail:
    node_free(l);
    return NULL;
}

static Node *parse_prod(Parser *p)
{
    static const char *const ops[] = {"*", "/", "@", NULL};
    return parse_binary_level(p, parse_unary, ops);
}

static Node *parse_sum(Parser *p)
{
    static const char *const ops[] = {"+", "-", NULL};
    return parse_binary_level(p, parse_prod, ops);
}

static Node *parse_expr(Parser *p)
{
    static const char *const ops[] = {"==", "!=", "<=", ">=", "<", ">", NULL};
    return parse_binary_level(p, parse_sum, ops);
}

/* Can token t start the first argument of a call without parentheses? */
static int starts_command_arg(const Token *name, const Token *t)
{
    if (t->kind == T_IDENT || t->kind == T_NUM || t->kind == T_STR) return 1;
    if (tok_is(t, "[")) return 1;
    /* `print -1` is a command; `x - 1` and `x -1`... only when spaced as a sign */
    if ((tok_is(t, "-") || tok_is(t, "(")) && t->space_before) {
        const Token *after = t + 1;
        if (tok_is(t, "(")) return 1;
        return !after->space_before;
    }
    (void)name;
    return 0;
}

static Node *parse_stmt(Parser *p)
{
    const Token *t = peek(p);
    if (t->kind == T_IDENT && tok_is(peek_at(p, 1), "=")) {
        Node *a = node_new(p, N_ASSIGN, t);
        if (!a) return NULL;
        if (!(a->str = tok_strdup(p, t))) {
            node_free(a);
            return NULL;
        }
        next(p);
        next(p);
        Node *v = parse_expr(p);
        if (!v || add_kid(p, a, v, NULL) < 0) {
            node_free(a);
            return NULL;
        }
        return a;
    }
    if (t->kind == T_IDENT && p->is_command) {
        char name[64];
        size_t len = t->len < sizeof name - 1 ? t->len : sizeof name - 1;
        memcpy(name, t->text, len);
        name[len] = '\0';
        const Token *u = peek_at(p, 1);
        int end = u->kind == T_NEWLINE || u->kind == T_EOF;
        if (p->is_command(name) && (end || starts_command_arg(t, u))) {
            /* `f (a), b` with a space is still a command; `f(a)` is a call. */
            Node *c = node_new(p, N_CALL, t);
            Node *callee = node_new(p, N_NAME, t);
            if (!c || !callee || !(callee->str = strdup(name)) || add_kid(p, c, callee, NULL) < 0) {
                node_free(c);
                if (!c && callee) node_free(callee);
                if (!p->e->msg[0]) err_nomem(p->e, 64, "syntax tree");
                return NULL;
            }
            c->command = 1;
            next(p);
            if (end) return c;
            for (;;) {
                if (parse_arg(p, c) < 0) {
                    node_free(c);
                    return NULL;
                }
                if (!tok_is(peek(p), ",")) break;
                next(p);
            }
            return c;
        }
    }
    return parse_expr(p);
}

int parse_next_stmt(ParseState *ps, int (*is_command)(const char *name), Node **out, int *line,
                    int *col, Err *e)
{
    Parser p = {.t = ps->t, .i = ps->i, .is_command = is_command, .e = e};
    *out = NULL;
    while (peek(&p)->kind == T_NEWLINE) next(&p);
    if (peek(&p)->kind == T_EOF) {
        ps->i = p.i;
        return 0;
    }
    Node *s = parse_stmt(&p);
    if (s) {
        const Token *t2 = peek(&p);
        if (t2->kind != T_NEWLINE && t2->kind != T_EOF) {
            node_free(s);
            s = NULL;
            fail(&p, t2, "end of statement");
        }
    }
    if (!s) {
        *line = p.line;
        *col = p.col;
        return -1;
    }
    ps->i = p.i;
    *out = s;
    return 1;
}

int parse_program(const TokList *t, int (*is_command)(const char *name), Program *prog,
                  int *line, int *col, Err *e)
{
    ParseState ps = {t, 0};
    memset(prog, 0, sizeof *prog);
    for (;;) {
        Node *s;
        int r = parse_next_stmt(&ps, is_command, &s, line, col, e);
        if (r == 0) return 0;
        if (r < 0) {
            parse_free(prog);
            return -1;
        }
        Node **v = realloc(prog->stmts, (prog->n + 1) * sizeof *v);
        if (!v) {
            node_free(s);
            parse_free(prog);
            *line = *col = 0;
            return err_nomem(e, 64, "program");
        }
        prog->stmts = v;
        prog->stmts[prog->n++] = s;
    }
}

void parse_free(Program *p)
{
    for (size_t i = 0; i < p->n; i++) node_free(p->stmts[i]);
    free(p->stmts);
    p->stmts = NULL;
    p->n = 0;
}

int parse_open_blocks(const TokList *t)
{
    int open = 0;
    for (size_t i = 0; i < t->n; i++) {
        const Token *k = &t->v[i];
        if (tok_is_kw(k, "for") || tok_is_kw(k, "while") || tok_is_kw(k, "if") || tok_is_kw(k, "fn"))
            open++;
        else if (tok_is_kw(k, "end") && --open < 0)
            return 0; /* an `end` too many: an error for the run to report */
    }
    return open;
}
