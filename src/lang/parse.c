/* parse.c — see parse.h.
 *
 * Recursive descent.  Every recursion into a nested expression or block
 * counts against the limits in lang/limits.h, so hostile input ends with a
 * positioned error instead of a stack overflow; chains of binary operators
 * are built in loops.  Statements are parsed one at a time so that a
 * statement is parsed after the previous one ran: a variable assigned
 * there may shadow a builtin command.  Inside a block, names the block
 * assigns (and a function's parameters) shadow commands the same way. */
#include "lang/parse.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/builtin.h"
#include "lang/limits.h"
#include "lang/suggest.h"

/* A name bound so far in the statement being parsed: 'v' a variable
 * (not a command), 'f' a function (a command). */
typedef struct Bound {
    const char *text;
    size_t len;
    char kind;
} Bound;

typedef struct Parser {
    const TokList *t;
    size_t i;
    int (*is_command)(const char *name);
    Err *e;
    int line, col;  /* error position */
    int depth;      /* expression nesting */
    int blocks;     /* block nesting */
    int loops;      /* loops around the statement, inside the current function */
    int fns;        /* function definitions around the statement */
    Bound *bound;
    size_t nbound, capbound;
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
    case T_NEWLINE: snprintf(buf, n, t->text[0] == ';' ? "';'" : "end of line"); break;
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

/* A message of its own at token t. */
static Node *fail_msg(Parser *p, const Token *t, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static Node *fail_msg(Parser *p, const Token *t, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->e->msg, sizeof p->e->msg, fmt, ap);
    va_end(ap);
    p->e->cancelled = 0;
    p->e->param = 0;
    p->e->about[0] = '\0';
    p->line = t->line;
    p->col = t->col;
    return NULL;
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
    n->refs = 1;
    return n;
}

Node *node_ref(Node *n)
{
    if (n) n->refs++;
    return n;
}

static void node_free_one(Node *n)
{
    for (size_t i = 0; n->kw && i < n->n; i++) free(n->kw[i]);
    free(n->kids);
    free(n->kw);
    free(n->str);
    free(n);
}

static void node_free_rec(Node *n)
{
    if (!n || --n->refs > 0) return;
    for (size_t i = 0; i < n->n; i++) node_free_rec(n->kids[i]);
    node_free_one(n);
}

/* Without recursion: a chain of 20,000 operators is a tree 20,000 deep. */
void node_free(Node *n)
{
    if (!n || --n->refs > 0) return;
    size_t cap = 64, top = 0;
    Node **stack = malloc(cap * sizeof *stack);
    if (!stack) { /* no memory for the walk: the parser's limits keep recursion shallow enough */
        n->refs++;
        node_free_rec(n);
        return;
    }
    stack[top++] = n;
    while (top) {
        Node *m = stack[--top];
        for (size_t i = 0; i < m->n; i++) {
            Node *k = m->kids[i];
            if (!k || --k->refs > 0) continue;
            if (top == cap) {
                Node **s = realloc(stack, cap * 2 * sizeof *s);
                if (!s) {
                    k->refs++;
                    node_free_rec(k);
                    continue;
                }
                stack = s;
                cap *= 2;
            }
            stack[top++] = k;
        }
        node_free_one(m);
    }
    free(stack);
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

/* ---- names bound while parsing ---------------------------------------- */

static int bind(Parser *p, const Token *t, char kind)
{
    if (p->nbound == p->capbound) {
        size_t cap = p->capbound ? p->capbound * 2 : 16;
        Bound *b = realloc(p->bound, cap * sizeof *b);
        if (!b) {
            err_nomem(p->e, cap * sizeof *b, "names");
            p->line = t->line;
            p->col = t->col;
            return -1;
        }
        p->bound = b;
        p->capbound = cap;
    }
    p->bound[p->nbound++] = (Bound){t->text, t->len, kind};
    return 0;
}

/* May the name at t start a call without parentheses? */
static int is_command_name(Parser *p, const Token *t)
{
    for (size_t i = p->nbound; i > 0; i--) {
        const Bound *b = &p->bound[i - 1];
        if (b->len == t->len && memcmp(b->text, t->text, t->len) == 0) return b->kind == 'f';
    }
    if (!p->is_command) return 0;
    char name[LIMIT_NAME_LENGTH + 1];
    memcpy(name, t->text, t->len); /* the lexer keeps names within the limit */
    name[t->len] = '\0';
    return p->is_command(name);
}

/* ---- expressions ------------------------------------------------------ */

static Node *parse_expr(Parser *p);
static Node *parse_unary(Parser *p);

/* Enter one level of nesting; fails past LIMIT_EXPR_DEPTH. */
static int enter(Parser *p, const Token *at)
{
    if (++p->depth > LIMIT_EXPR_DEPTH) {
        err_set(p->e, "expression nested deeper than %d levels", LIMIT_EXPR_DEPTH);
        p->line = at->line;
        p->col = at->col;
        return -1;
    }
    return 0;
}

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
        err_set(p->e, "'%.*s' is never closed (expected '%s' before %s)", (int)open->len,
                open->text, close, got);
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

/* Wrap n (consumed) as kid 0 of a new node of kind k at t. */
static Node *wrap(Parser *p, NodeKind k, const Token *t, Node *n)
{
    Node *x = node_new(p, k, t);
    if (!x) {
        node_free(n);
        return NULL;
    }
    if (add_kid(p, x, n, NULL) < 0) {
        node_free(x);
        return NULL;
    }
    return x;
}

static Node *parse_postfix(Parser *p)
{
    int depth0 = p->depth;
    Node *n = parse_primary(p);
    while (n) {
        const Token *t = peek(p);
        int is_call = tok_is(t, "(") && !t->space_before;
        int is_index = tok_is(t, "[") && !t->space_before;
        int is_field = tok_is(t, ".");
        if (!is_call && !is_index && !is_field) break;
        /* Each postfix operation nests the tree one level (x[0][0]...). */
        if (enter(p, t) < 0) goto fail;
        next(p);
        if (is_call) {
            Node *c = node_new(p, N_CALL, t);
            if (!c || add_kid(p, c, n, NULL) < 0) {
                if (!c) node_free(n);
                node_free(c);
                n = NULL;
                break;
            }
            c->line = n->line; /* errors of a call point at its name */
            c->col = n->col;
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
        } else if (is_index) {
            Node *x = wrap(p, N_INDEX, t, n);
            n = x;
            if (!x) break;
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
        } else {
            const Token *f = next(p);
            if (f->kind != T_IDENT) {
                fail(p, f, "a field name after '.'");
                goto fail;
            }
            Node *x = wrap(p, N_FIELD, t, n);
            n = x;
            if (!x) break;
            if (!(x->str = tok_strdup(p, f))) goto fail;
        }
    }
    p->depth = depth0;
    return n;
fail:
    p->depth = depth0;
    node_free(n);
    return NULL;
}

/* postfix ['**' unary]: the right operand may carry a sign (2 ** -1) and
 * is itself a power, so ** groups to the right. */
static Node *parse_power(Parser *p)
{
    Node *l = parse_postfix(p);
    const Token *t = peek(p);
    if (!l || !tok_is(t, "**")) return l;
    next(p);
    if (enter(p, t) < 0) {
        node_free(l);
        return NULL;
    }
    Node *r = parse_unary(p);
    p->depth--;
    if (!r) {
        node_free(l);
        return NULL;
    }
    Node *b = node_new(p, N_BIN, t);
    if (!b || !(b->str = strdup("**"))) {
        if (b) node_free(b);
        node_free(l);
        node_free(r);
        if (b) err_nomem(p->e, 4, "operator");
        return NULL;
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
    return b;
}

/* Signs are folded in a loop (--x is x), so thousands of them need no
 * recursion; one N_NEG is kept for an odd count. */
static Node *parse_unary(Parser *p)
{
    const Token *first = NULL;
    int minus = 0;
    while (tok_is(peek(p), "-") || tok_is(peek(p), "+")) {
        const Token *t = next(p);
        if (tok_is(t, "-")) {
            if (!first) first = t;
            minus ^= 1;
        }
    }
    Node *x = parse_power(p);
    if (!x || !minus) return x;
    return wrap(p, N_NEG, first, x);
}

typedef Node *(*SubParser)(Parser *);

static Node *parse_binary_level(Parser *p, SubParser sub, const char *const *ops, int keywords)
{
    Node *l = sub(p);
    while (l) {
        const Token *t = peek(p);
        const char *op = NULL;
        for (int i = 0; ops[i]; i++)
            if (keywords ? tok_is_kw(t, ops[i]) : tok_is(t, ops[i])) op = ops[i];
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
    return parse_binary_level(p, parse_unary, ops, 0);
}

static Node *parse_sum(Parser *p)
{
    static const char *const ops[] = {"+", "-", NULL};
    return parse_binary_level(p, parse_prod, ops, 0);
}

static Node *parse_cmp(Parser *p)
{
    static const char *const ops[] = {"==", "!=", "<=", ">=", "<", ">", NULL};
    return parse_binary_level(p, parse_sum, ops, 0);
}

/* 'not' folds like a sign: not not x is kept as two (a truth value). */
static Node *parse_not(Parser *p)
{
    const Token *first = NULL;
    int count = 0;
    while (tok_is_kw(peek(p), "not")) {
        const Token *t = next(p);
        if (!first) first = t;
        count++;
    }
    Node *x = parse_cmp(p);
    if (!x || count == 0) return x;
    x = wrap(p, N_NOT, first, x);
    if (x && count % 2 == 0) x = wrap(p, N_NOT, first, x);
    return x;
}

static Node *parse_and(Parser *p)
{
    static const char *const ops[] = {"and", NULL};
    return parse_binary_level(p, parse_not, ops, 1);
}

static Node *parse_or(Parser *p)
{
    static const char *const ops[] = {"or", NULL};
    return parse_binary_level(p, parse_and, ops, 1);
}

static Node *parse_expr(Parser *p)
{
    if (enter(p, peek(p)) < 0) return NULL;
    Node *n = parse_or(p);
    p->depth--;
    return n;
}

/* ---- statements ------------------------------------------------------- */

static Node *parse_stmt(Parser *p);

/* A statement ends at a newline or ';', at the end of input, or right
 * before the keyword that ends the block it is in. */
static int at_stmt_end(Parser *p)
{
    const Token *t = peek(p);
    return t->kind == T_NEWLINE || t->kind == T_EOF ||
           (p->blocks > 0 && (tok_is_kw(t, "end") || tok_is_kw(t, "elif") || tok_is_kw(t, "else")));
}

/* A block statement ends with its `end`, so another statement may follow
 * on the same line: fn f(n) if n < 2 then return n end return f(n - 1) end */
static int is_block(const Node *s)
{
    return s->kind == N_FOR || s->kind == N_WHILE || s->kind == N_IF || s->kind == N_FN;
}

/* Can token t start the first argument of a call without parentheses? */
static int starts_command_arg(const Token *t)
{
    if (t->kind == T_IDENT || t->kind == T_NUM || t->kind == T_STR) return 1;
    if (tok_is_kw(t, "not")) return 1;
    if (tok_is(t, "[")) return 1;
    /* `print -1` is a command; `x - 1` and `x -1`... only when spaced as a sign */
    if ((tok_is(t, "-") || tok_is(t, "(")) && t->space_before) {
        const Token *after = t + 1;
        if (tok_is(t, "(")) return 1;
        return !after->space_before;
    }
    return 0;
}

/* A statement s that does not end at token t.  `scater X`, a name that is
 * no command followed by what would be its argument, is most likely a
 * mistyped command: say so at the name, with the builtins it is close to,
 * rather than "expected end of statement, got 'X'". */
static Node *fail_stmt_end(Parser *p, const Node *s, const Token *t)
{
    if (s->kind != N_NAME || !starts_command_arg(t)) return fail(p, t, "end of statement");
    Suggest sg;
    char hint[160];
    suggest_init(&sg, s->str);
    for (size_t i = 0; builtin_at(i); i++) suggest_add(&sg, builtin_at(i)->name);
    if (suggest_hint(&sg, hint, sizeof hint))
        err_set(p->e, "'%s' is not a command; %s", s->str, hint);
    else
        err_set(p->e, "'%s' is not a command (help lists the builtins; fn defines one)", s->str);
    p->line = s->line;
    p->col = s->col;
    return NULL;
}

/* Statements up to (not including) 'end', or also 'elif'/'else' when
 * if_block; opener names the block in "never closed" errors. */
static Node *parse_block(Parser *p, const Token *opener, int if_block)
{
    if (++p->blocks > LIMIT_BLOCK_DEPTH) {
        p->blocks--;
        err_set(p->e, "blocks nested deeper than %d levels", LIMIT_BLOCK_DEPTH);
        p->line = opener->line;
        p->col = opener->col;
        return NULL;
    }
    Node *b = node_new(p, N_BLOCK, opener);
    while (b) {
        while (peek(p)->kind == T_NEWLINE) next(p);
        const Token *t = peek(p);
        if (tok_is_kw(t, "end")) break;
        if (tok_is_kw(t, "elif") || tok_is_kw(t, "else")) {
            if (if_block) break;
            fail_msg(p, t, "'%s' outside an if block", tok_is_kw(t, "else") ? "else" : "elif");
            goto fail;
        }
        if (t->kind == T_EOF) {
            char msg[128];
            snprintf(msg, sizeof msg, "'%.*s' is never closed (expected 'end' before end of input)",
                     (int)opener->len, opener->text);
            fail_msg(p, opener, "%s", msg);
            goto fail;
        }
        Node *s = parse_stmt(p);
        if (!s || add_kid(p, b, s, NULL) < 0) goto fail;
        if (!is_block(s) && !at_stmt_end(p)) {
            fail_stmt_end(p, s, peek(p));
            goto fail;
        }
    }
    p->blocks--;
    return b;
fail:
    p->blocks--;
    node_free(b);
    return NULL;
}

/* Consume keyword kw or fail with "expected 'kw' WHERE, got ...". */
static int expect_kw(Parser *p, const char *kw, const char *where)
{
    if (tok_is_kw(peek(p), kw)) {
        next(p);
        return 0;
    }
    char what[128];
    snprintf(what, sizeof what, "'%s' %s", kw, where);
    fail(p, peek(p), what);
    return -1;
}

static Node *parse_for(Parser *p, const Token *kw)
{
    const Token *v = next(p);
    if (v->kind != T_IDENT) return fail(p, v, "a loop variable after 'for'");
    if (expect_kw(p, "in", "after the loop variable") < 0) return NULL;
    Node *n = node_new(p, N_FOR, kw);
    if (!n) return NULL;
    Node *what = NULL, *body = NULL;
    if (!(n->str = tok_strdup(p, v))) goto fail;
    if (!(what = parse_expr(p)) || add_kid(p, n, what, NULL) < 0) goto fail;
    if (expect_kw(p, "do", "after what the loop goes over") < 0) goto fail;
    if (bind(p, v, 'v') < 0) goto fail;
    p->loops++;
    body = parse_block(p, kw, 0);
    p->loops--;
    if (!body || add_kid(p, n, body, NULL) < 0) goto fail;
    next(p); /* end */
    return n;
fail:
    node_free(n);
    return NULL;
}

static Node *parse_while(Parser *p, const Token *kw)
{
    Node *n = node_new(p, N_WHILE, kw), *c, *body;
    if (!n) return NULL;
    if (!(c = parse_expr(p)) || add_kid(p, n, c, NULL) < 0) goto fail;
    if (expect_kw(p, "do", "after the loop's condition") < 0) goto fail;
    p->loops++;
    body = parse_block(p, kw, 0);
    p->loops--;
    if (!body || add_kid(p, n, body, NULL) < 0) goto fail;
    next(p); /* end */
    return n;
fail:
    node_free(n);
    return NULL;
}

static Node *parse_if(Parser *p, const Token *kw)
{
    Node *n = node_new(p, N_IF, kw);
    if (!n) return NULL;
    for (;;) {
        Node *c = parse_expr(p), *body;
        if (!c || add_kid(p, n, c, NULL) < 0) goto fail;
        if (expect_kw(p, "then", "after the condition") < 0) goto fail;
        if (!(body = parse_block(p, kw, 1)) || add_kid(p, n, body, NULL) < 0) goto fail;
        const Token *t = next(p); /* end, elif or else */
        if (tok_is_kw(t, "end")) return n;
        if (tok_is_kw(t, "else")) {
            if (!(body = parse_block(p, kw, 0)) || add_kid(p, n, body, NULL) < 0) goto fail;
            next(p); /* end */
            return n;
        }
    }
fail:
    node_free(n);
    return NULL;
}

static Node *parse_fn(Parser *p, const Token *kw)
{
    const Token *name = next(p);
    if (name->kind != T_IDENT) return fail(p, name, "a function name after 'fn'");
    const Token *open = next(p);
    if (!tok_is(open, "("))
        return fail(p, open, "'(' and the parameters after the function's name");
    Node *n = node_new(p, N_FN, kw);
    if (!n) return NULL;
    if (!(n->str = tok_strdup(p, name)) || add_kid(p, n, NULL, NULL) < 0)
        goto fail; /* kids[0]: body */
    if (bind(p, name, 'f') < 0) goto fail;
    size_t outer = p->nbound; /* the parameters are bound inside only */
    int had_default = 0;
    if (tok_is(peek(p), ")")) {
        next(p);
    } else {
        for (;;) {
            const Token *pt = next(p);
            if (pt->kind != T_IDENT) {
                fail(p, pt, "a parameter name");
                goto fail_inner;
            }
            for (size_t k = 1; k < n->n; k++)
                if (strlen(n->kids[k]->str) == pt->len &&
                    memcmp(n->kids[k]->str, pt->text, pt->len) == 0) {
                    fail_msg(p, pt, "parameter '%s' given twice", n->kids[k]->str);
                    goto fail_inner;
                }
            Node *prm = node_new(p, N_PARAM, pt);
            if (!prm || add_kid(p, n, prm, NULL) < 0) goto fail_inner;
            if (!(prm->str = tok_strdup(p, pt)) || bind(p, pt, 'v') < 0) goto fail_inner;
            if (tok_is(peek(p), "=")) {
                next(p);
                Node *d = parse_expr(p);
                if (!d || add_kid(p, prm, d, NULL) < 0) goto fail_inner;
                had_default = 1;
            } else if (had_default) {
                fail_msg(p, pt, "parameter '%s' needs a default: it follows one with a default",
                         prm->str);
                goto fail_inner;
            }
            if (tok_is(peek(p), ",")) {
                next(p);
                continue;
            }
            if (expect_close(p, open, ")", "',' or ')' after a parameter") < 0) goto fail_inner;
            break;
        }
    }
    int loops = p->loops;
    p->loops = 0; /* break and continue do not cross a function */
    p->fns++;
    Node *body = parse_block(p, kw, 0);
    p->fns--;
    p->loops = loops;
    p->nbound = outer;
    if (!body) goto fail;
    n->kids[0] = body;
    next(p); /* end */
    return n;
fail_inner:
    p->nbound = outer;
fail:
    node_free(n);
    return NULL;
}

/* Is n something a value can be assigned into: a name followed by
 * indexes and fields? */
static const Node *target_root(const Node *n)
{
    while (n->kind == N_INDEX || n->kind == N_FIELD) n = n->kids[0];
    return n->kind == N_NAME ? n : NULL;
}

static Node *parse_command(Parser *p, const Token *t)
{
    Node *c = node_new(p, N_CALL, t);
    Node *callee = node_new(p, N_NAME, t);
    if (!c || !callee || !(callee->str = tok_strdup(p, t)) || add_kid(p, c, callee, NULL) < 0) {
        if (!c || !callee) node_free(callee);
        node_free(c);
        if (!p->e->msg[0]) err_nomem(p->e, 64, "syntax tree");
        return NULL;
    }
    c->command = 1;
    next(p);
    if (at_stmt_end(p)) return c;
    /* `help for`: a reserved word alone as the argument is its name (the
     * builtin decides what a name means; elsewhere it is an unknown name). */
    const Token *k = peek(p);
    if (k->kind == T_KEYWORD && !tok_is_kw(k, "not")) {
        const Token *after = peek_at(p, 1);
        if (after->kind == T_NEWLINE || after->kind == T_EOF) {
            Node *a = node_new(p, N_NAME, k);
            if (!a || !(a->str = tok_strdup(p, k)) || add_kid(p, c, a, NULL) < 0) {
                if (a && !a->str) node_free(a);
                node_free(c);
                return NULL;
            }
            next(p);
            return c;
        }
    }
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

static Node *parse_stmt(Parser *p)
{
    const Token *t = peek(p);
    if (t->kind == T_KEYWORD) {
        if (tok_is_kw(t, "for")) return parse_for(p, next(p));
        if (tok_is_kw(t, "while")) return parse_while(p, next(p));
        if (tok_is_kw(t, "if")) return parse_if(p, next(p));
        if (tok_is_kw(t, "fn")) return parse_fn(p, next(p));
        if (tok_is_kw(t, "return")) {
            if (!p->fns) return fail_msg(p, t, "'%s' outside a function", "return");
            Node *r = node_new(p, N_RETURN, next(p));
            if (!r || at_stmt_end(p)) return r;
            Node *v = parse_expr(p);
            if (!v || add_kid(p, r, v, NULL) < 0) {
                node_free(r);
                return NULL;
            }
            return r;
        }
        if (tok_is_kw(t, "break") || tok_is_kw(t, "continue")) {
            int brk = tok_is_kw(t, "break");
            if (!p->loops) return fail_msg(p, t, "'%s' outside a loop", brk ? "break" : "continue");
            return node_new(p, brk ? N_BREAK : N_CONTINUE, next(p));
        }
        if (tok_is_kw(t, "end")) return fail_msg(p, t, "'%s' without a block to close", "end");
        if (tok_is_kw(t, "elif") || tok_is_kw(t, "else"))
            return fail_msg(p, t, "'%s' outside an if block",
                            tok_is_kw(t, "else") ? "else" : "elif");
    }
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
        if (!v || add_kid(p, a, v, NULL) < 0 || bind(p, t, 'v') < 0) {
            node_free(a);
            return NULL;
        }
        return a;
    }
    if (t->kind == T_IDENT && is_command_name(p, t)) {
        const Token *u = peek_at(p, 1), *v = peek_at(p, 2);
        int end = u->kind == T_NEWLINE || u->kind == T_EOF ||
                  (p->blocks > 0 &&
                   (tok_is_kw(u, "end") || tok_is_kw(u, "elif") || tok_is_kw(u, "else")));
        int lone_kw =
            p->blocks == 0 && u->kind == T_KEYWORD && (v->kind == T_NEWLINE || v->kind == T_EOF);
        /* `f (a), b` with a space is still a command; `f(a)` is a call. */
        if (end || lone_kw || starts_command_arg(u)) return parse_command(p, t);
    }
    Node *x = parse_expr(p);
    if (!x || !tok_is(peek(p), "=")) return x;
    /* X[i, j] = v, m.field = v: assignment into a value */
    const Token *eq = peek(p);
    const Node *root = target_root(x);
    if (!root || root == x) {
        node_free(x);
        return fail_msg(p, eq, "%s",
                        "cannot assign to this expression (only to a name, X[...] or X.field)");
    }
    next(p);
    Node *a = node_new(p, N_ASSIGN, eq);
    Node *v = a ? parse_expr(p) : NULL;
    if (!a || !v || !(a->str = strdup(root->str)) || add_kid(p, a, v, NULL) < 0) {
        if (a && v && !a->str) {
            node_free(v);
            err_nomem(p->e, 64, "name");
        } else if (!a) {
            node_free(v);
        }
        node_free(a);
        node_free(x);
        return NULL;
    }
    if (add_kid(p, a, x, NULL) < 0) {
        node_free(a);
        return NULL;
    }
    return a;
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
        if (tok_is_kw(t2, "end")) {
            node_free(s);
            s = fail_msg(&p, t2, "'%s' without a block to close", "end");
        } else if (t2->kind != T_NEWLINE && t2->kind != T_EOF && !is_block(s)) {
            fail_stmt_end(&p, s, t2);
            node_free(s);
            s = NULL;
        }
    }
    free(p.bound);
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
        if (tok_is_kw(k, "for") || tok_is_kw(k, "while") || tok_is_kw(k, "if") ||
            tok_is_kw(k, "fn"))
            open++;
        else if (tok_is_kw(k, "end") && --open < 0)
            return 0; /* an `end` too many: an error for the run to report */
    }
    return open;
}
