/* eval.c — the session front ends talk to, and statements: names and
 * scopes, lists, blocks (for, while, if), function definitions, return,
 * break and continue.
 *
 * Each statement is parsed, then run; values are reference counted
 * (value.h).  Errors carry the position of the node that failed, and the
 * call chain when they happen inside functions.  Operators are in
 * eval_ops.c, indexing and assignment into values in eval_index.c, calls
 * in eval_call.c. */
#include "lang/eval.h"

#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/builtin.h"
#include "lang/env.h"
#include "lang/interp.h"
#include "lang/lab.h"
#include "lang/lex.h"
#include "lang/limits.h"
#include "lang/show.h"
#include "lang/suggest.h"
#include "lang/words.h"

_Atomic int session_interrupted;

/* The parser asks whether a bare name may start a command; that depends on
 * the session (a variable shadows a builtin), and evaluation is
 * single-threaded, so the current session is kept here. */
static Session *current;

static int is_command(const char *name)
{
    Value *v = current ? env_get(current->ctx.env, name) : NULL;
    if (v) return v->kind == VAL_FN;
    return builtin_find(name) != NULL;
}

Session *session_new(Err *e)
{
    Session *s = calloc(1, sizeof *s);
    if (!s) {
        err_nomem(e, sizeof *s, "session");
        return NULL;
    }
    s->ctx.env = env_new(e);
    if (!s->ctx.env) {
        free(s);
        return NULL;
    }
    s->ctx.width = 80;
    s->ctx.height = 24;
    s->ctx.utf8 = 1;
    s->ctx.args = val_list(0, e);
    if (!s->ctx.args) {
        env_free(s->ctx.env);
        free(s);
        return NULL;
    }
    return s;
}

void session_free(Session *s)
{
    if (!s) return;
    env_free(s->ctx.env);
    val_unref(s->ctx.use_emb);
    val_unref(s->ctx.args);
    val_unref(s->ctx.last_plot);
    val_unref(s->ret);
    trace_clear(s);
    free(s->trace);
    lab_state_free(&s->ctx);
    if (current == s) current = NULL;
    free(s);
}

Ctx *session_ctx(Session *s)
{
    return &s->ctx;
}

void session_set_step_limit(Session *s, unsigned long steps)
{
    s->step_limit = steps;
}

Value *fail_at(Session *s, const Node *n)
{
    if (!s->line) { /* the innermost failure says where */
        s->line = n->line;
        s->col = n->col;
    }
    return NULL;
}

/* ---- names ---------------------------------------------------------- */

Value *scope_lookup(Session *s, const char *name)
{
    Value *v = s->locals ? env_get(s->locals, name) : NULL;
    return v ? v : env_get(s->ctx.env, name);
}

int scope_set(Session *s, const char *name, Value *v, Err *e)
{
    if (!s->locals) s->stores++;
    return env_set(s->locals ? s->locals : s->ctx.env, name, v, e);
}

/* "unknown name 'x'", with the closest variables and builtins. */
static Value *unknown_name(Session *s, const Node *n, Err *e)
{
    Suggest sg;
    char hint[160];
    suggest_init(&sg, n->str);
    size_t nv = 0;
    const char **names = s->locals ? env_names(s->locals, &nv, e) : NULL;
    for (size_t i = 0; names && i < nv; i++) suggest_add(&sg, names[i]);
    const char **globals = env_names(s->ctx.env, &nv, e);
    for (size_t i = 0; globals && i < nv; i++) suggest_add(&sg, globals[i]);
    for (size_t i = 0; builtin_at(i); i++) suggest_add(&sg, builtin_at(i)->name);
    /* the names eval_name knows without a variable */
    static const char *const constants[] = {"true", "false", "none", "nan", "inf", "pi", "args"};
    for (size_t i = 0; i < sizeof constants / sizeof *constants; i++) suggest_add(&sg, constants[i]);
    if (suggest_hint(&sg, hint, sizeof hint))
        err_set(e, "unknown name '%s'; %s", n->str, hint);
    else
        err_set(e, "unknown name '%s'", n->str);
    free(names);
    free(globals);
    return fail_at(s, n);
}

static Value *eval_name(Session *s, const Node *n, Err *e)
{
    const char *name = n->str;
    Value *v = scope_lookup(s, name);
    if (v) return val_ref(v);
    if (strcmp(name, "true") == 0) return val_bool(1, e);
    if (strcmp(name, "false") == 0) return val_bool(0, e);
    if (strcmp(name, "none") == 0) return val_none();
    if (strcmp(name, "nan") == 0) return val_num(NAN, e);
    if (strcmp(name, "inf") == 0) return val_num(INFINITY, e);
    if (strcmp(name, "pi") == 0) return val_num(M_PI, e);
    if (strcmp(name, "args") == 0) return val_ref(s->ctx.args);
    Value *emb = s->word_emb ? s->word_emb : s->ctx.use_emb;
    if (emb) {
        long row = mat_find_row(emb->u.mat, name);
        if (row >= 0) {
            Value *w = word_vector(emb, row, name, e);
            return w ? w : fail_at(s, n);
        }
    }
    if (builtin_find(name)) {
        err_set(e, "'%s' is a builtin; call it as %s(...)", name, name);
        return fail_at(s, n);
    }
    if (emb) {
        char hint[256], in[160] = "";
        if (s->word_emb) { /* say which embedding: the call's, not the `use`d one */
            char nm[128];
            snprintf(in, sizeof in, " in %s",
                     words_embedding_name(&s->ctx, emb->u.mat, nm, sizeof nm));
        }
        if (words_suggest(emb->u.mat, name, hint, sizeof hint))
            err_set(e, "unknown word '%s'%s (%s)", name, in, hint);
        else
            err_set(e, "unknown word '%s'%s", name, in);
        return fail_at(s, n);
    }
    return unknown_name(s, n, e);
}

/* ---- lists ---------------------------------------------------------- */

/* A bracket literal of numbers is a vector ([1, 2, 3] is 1x3; of booleans
 * a mask) and one of equal-length vectors is a matrix ([[1, 2], [3, 4]] is
 * 2x2, [king, queen] stacks two word vectors, keeping their names);
 * anything else is a list. */
static Value *stack_rows(Value *l, Err *e)
{
    size_t n = l->u.list.n, cols = 0;
    Value **it = l->u.list.items;
    int all_num = 1, all_bool = 1, all_rows = 1;
    for (size_t i = 0; i < n; i++) {
        if (it[i]->kind != VAL_NUM) all_num = 0;
        if (it[i]->kind != VAL_NUM || !it[i]->is_bool) all_bool = 0;
        if (it[0]->kind != VAL_MAT || it[i]->kind != VAL_MAT || it[i]->u.mat->rows != 1 ||
            it[i]->u.mat->cols != it[0]->u.mat->cols || it[i]->is_bool != it[0]->is_bool)
            all_rows = 0;
    }
    if (n == 0 || (!all_num && !all_rows)) return l;
    Mat *m;
    int mask = all_num ? all_bool : it[0]->is_bool;
    if (all_num) {
        m = mat_new_uninit(1, n, e);
        if (!m) goto fail;
        for (size_t j = 0; j < n; j++) m->data[j] = (float)it[j]->u.num;
    } else {
        cols = it[0]->u.mat->cols;
        m = mat_new_uninit(n, cols, e);
        if (!m) goto fail;
        for (size_t i = 0; i < n; i++) {
            const Mat *r = it[i]->u.mat;
            memcpy(MAT_ROW(m, i), r->data, cols * sizeof(float));
            if (r->row_names && r->row_names[0] && mat_set_row_name(m, i, r->row_names[0], e) < 0) {
                mat_free(m);
                goto fail;
            }
        }
    }
    val_unref(l);
    Value *v = val_mat(m, e);
    if (v) v->is_bool = mask;
    return v;
fail:
    val_unref(l);
    return NULL;
}

static Value *eval_list(Session *s, const Node *n, Err *e)
{
    Value *l = val_list(n->n, e);
    if (!l) return fail_at(s, n);
    int depth = 1;
    for (size_t i = 0; i < n->n; i++) {
        Value *it = eval(s, n->kids[i], e);
        if (!it) {
            val_unref(l);
            return NULL;
        }
        if (val_depth(it) + 1 > depth) depth = val_depth(it) + 1;
        val_list_set(l, i, it);
    }
    if (depth > LIMIT_LIST_DEPTH) { /* [l] in a loop: freeing and showing it recurse */
        val_unref(l);
        err_set(e, "lists and models nested deeper than %d levels", LIMIT_LIST_DEPTH);
        return fail_at(s, n);
    }
    l->depth = depth;
    Value *v = stack_rows(l, e);
    return v ? v : fail_at(s, n);
}

/* ---- dispatch ------------------------------------------------------- */

/* Bytes of C stack between where the statement started and here. */
static size_t stack_used(const Session *s)
{
    char here;
    uintptr_t a = (uintptr_t)s->stack_base, b = (uintptr_t)&here;
    return a > b ? a - b : b - a;
}

Value *eval(Session *s, const Node *n, Err *e)
{
    if (session_interrupted) {
        err_cancelled(e);
        return fail_at(s, n);
    }
    if (s->step_limit && ++s->steps > s->step_limit) {
        err_set(e, "step limit reached (%lu steps)", s->step_limit);
        return fail_at(s, n);
    }
    if (s->stack_budget && stack_used(s) > s->stack_budget) {
        err_set(e,
                "too deeply nested to evaluate (the evaluator's stack budget of %zu KB is used up)",
                s->stack_budget / 1024);
        return fail_at(s, n);
    }
    switch (n->kind) {
    case N_NUM: {
        Value *v = val_num(n->num, e);
        return v ? v : fail_at(s, n);
    }
    case N_STR: {
        Value *v = val_str(n->str, e);
        return v ? v : fail_at(s, n);
    }
    case N_NAME: return eval_name(s, n, e);
    case N_LIST: return eval_list(s, n, e);
    case N_NEG: return eval_neg(s, n, e);
    case N_NOT: return eval_not(s, n, e);
    case N_BIN: return eval_binary(s, n, e);
    case N_CALL: return eval_call(s, n, e);
    case N_INDEX: return eval_index(s, n, e);
    case N_FIELD: return eval_field(s, n, e);
    case N_SLICE:
        err_set(e, "a slice ':' is only allowed inside [ ]");
        return fail_at(s, n);
    default: break;
    }
    err_set(e, "internal error: a statement where a value was expected");
    return fail_at(s, n);
}

/* ---- statements ------------------------------------------------------ */

static int exec_stmt(Session *s, const Node *n, Err *e);

int exec_block(Session *s, const Node *block, Err *e)
{
    for (size_t i = 0; i < block->n; i++) {
        if (exec_stmt(s, block->kids[i], e) < 0) return -1;
        if (s->flow != FLOW_NONE) return 0;
    }
    return 0;
}

static int is_reserved_value(const char *name)
{
    return strcmp(name, "true") == 0 || strcmp(name, "false") == 0 || strcmp(name, "none") == 0;
}

static int exec_assign(Session *s, const Node *n, Err *e)
{
    Value *v = eval(s, n->kids[0], e);
    if (!v) return -1;
    if (n->n > 1) return assign_into(s, n, v, e);
    /* A variable may shadow a builtin: `mean = 5` then `mean` is 5. */
    if (is_reserved_value(n->str)) {
        val_unref(v);
        err_set(e, "cannot assign to '%s'", n->str);
        return fail_at(s, n), -1;
    }
    if (scope_set(s, n->str, v, e) < 0) return fail_at(s, n), -1;
    return 0;
}

/* The items a for loop goes over: a list's items, a vector's numbers, a
 * matrix's rows (as 1-row matrices keeping their names and labels). */
static int loop_count(Session *s, const Node *at, const Value *v, size_t *n, Err *e)
{
    char buf[64];
    if (v->kind == VAL_LIST) *n = v->u.list.n;
    else if (v->kind == VAL_MAT) *n = v->u.mat->rows == 1 ? v->u.mat->cols : v->u.mat->rows;
    else {
        err_set(e, "a for loop goes over a list or a matrix, got %s",
                val_describe(v, buf, sizeof buf));
        return fail_at(s, at), -1;
    }
    return 0;
}

static Value *loop_item(Session *s, const Node *at, Value *v, size_t i, Err *e)
{
    if (v->kind == VAL_LIST) return val_ref(v->u.list.items[i]);
    const Mat *m = v->u.mat;
    if (m->rows == 1) {
        Value *x = val_num(m->data[i], e);
        if (x) x->is_bool = v->is_bool;
        return x ? x : fail_at(s, at);
    }
    Mat *r = mat_new_uninit(1, m->cols, e);
    if (!r) return fail_at(s, at);
    memcpy(r->data, MAT_ROW(m, i), m->cols * sizeof(float));
    if (mat_copy_row_meta(r, m, &i, 1, e) < 0 || mat_copy_col_meta(r, m, NULL, m->cols, e) < 0) {
        mat_free(r);
        return fail_at(s, at);
    }
    Value *x = val_mat(r, e);
    return x ? x : fail_at(s, at);
}

/* After a loop body: 1 to leave the loop (break, return or an error),
 * 0 to go on. */
static int loop_done(Session *s, int rc)
{
    if (rc < 0) return 1;
    if (s->flow == FLOW_BREAK) {
        s->flow = FLOW_NONE;
        return 1;
    }
    if (s->flow == FLOW_CONTINUE) s->flow = FLOW_NONE;
    return s->flow == FLOW_RETURN;
}

static int exec_for(Session *s, const Node *n, Err *e)
{
    Value *what = eval(s, n->kids[0], e);
    if (!what) return -1;
    size_t cnt;
    int rc = loop_count(s, n->kids[0], what, &cnt, e);
    for (size_t i = 0; rc == 0 && i < cnt; i++) {
        Value *x = loop_item(s, n, what, i, e);
        if (!x || scope_set(s, n->str, x, e) < 0) {
            rc = -1;
            fail_at(s, n);
            break;
        }
        rc = exec_block(s, n->kids[1], e);
        if (loop_done(s, rc)) break;
    }
    val_unref(what);
    return rc;
}

static int exec_while(Session *s, const Node *n, Err *e)
{
    for (;;) {
        Value *c = eval(s, n->kids[0], e);
        int t;
        if (!c) return -1;
        int rc = eval_truth(s, n->kids[0], c, "the while condition", &t, e);
        val_unref(c);
        if (rc < 0) return -1;
        if (!t) return 0;
        rc = exec_block(s, n->kids[1], e);
        if (loop_done(s, rc)) return rc;
    }
}

static int exec_if(Session *s, const Node *n, Err *e)
{
    size_t i = 0;
    for (; i + 1 < n->n; i += 2) {
        Value *c = eval(s, n->kids[i], e);
        int t;
        if (!c) return -1;
        int rc = eval_truth(s, n->kids[i], c, "the if condition", &t, e);
        val_unref(c);
        if (rc < 0) return -1;
        if (t) return exec_block(s, n->kids[i + 1], e);
    }
    return i < n->n ? exec_block(s, n->kids[i], e) : 0; /* else */
}

static int exec_stmt(Session *s, const Node *n, Err *e)
{
    if (session_interrupted) {
        err_cancelled(e);
        return fail_at(s, n), -1;
    }
    switch (n->kind) {
    case N_ASSIGN: return exec_assign(s, n, e);
    case N_FOR: return exec_for(s, n, e);
    case N_WHILE: return exec_while(s, n, e);
    case N_IF: return exec_if(s, n, e);
    case N_BLOCK: return exec_block(s, n, e);
    case N_FN: {
        Value *f = val_fn(n->str, (Node *)n, s->fn ? s->fn->file : s->file, e);
        if (!f || scope_set(s, n->str, f, e) < 0) return fail_at(s, n), -1;
        return 0;
    }
    case N_RETURN: {
        Value *v = n->n ? eval(s, n->kids[0], e) : val_none();
        if (!v) return -1;
        val_unref(s->ret);
        s->ret = v;
        s->flow = FLOW_RETURN;
        return 0;
    }
    case N_BREAK: s->flow = FLOW_BREAK; return 0;
    case N_CONTINUE: s->flow = FLOW_CONTINUE; return 0;
    default: break;
    }
    /* A bare expression shows its value (a command like print returns none,
     * which shows nothing). */
    Value *v = eval(s, n, e);
    if (!v) return -1;
    int rc = show_value(&s->ctx, v, e);
    val_unref(v);
    if (rc < 0) return fail_at(s, n), -1;
    return 0;
}

/* ---- running source --------------------------------------------------- */

/* The evaluator's share of this thread's C stack: a guard behind the
 * nesting limits, measured from where the statement starts. */
static size_t stack_budget(void)
{
    static _Thread_local size_t cached; /* a thread's stack does not change size */
    if (cached) return cached;
    size_t size = 0;
    pthread_attr_t attr;
    if (pthread_getattr_np(pthread_self(), &attr) == 0) {
        pthread_attr_getstacksize(&attr, &size);
        pthread_attr_destroy(&attr);
    }
    if (size == 0 || size > ((size_t)1 << 32)) size = (size_t)8 << 20;
    cached = size / LIMIT_STACK_SHARE;
    return cached;
}

int session_run(Session *s, const char *src, const char *file, int first_line, SrcPos *pos, Err *e)
{
    return session_run_n(s, src, strlen(src), file, first_line, pos, e);
}

int session_run_n(Session *s, const char *src, size_t len, const char *file, int first_line,
                  SrcPos *pos, Err *e)
{
    TokList t;
    int line = 0, col = 0;
    char base;
    err_clear(e);
    pos->line = pos->col = 0;
    pos->file[0] = '\0';
    current = s;
    s->steps = 0;
    s->file = file ? file : "";
    s->stack_base = &base;
    s->stack_budget = stack_budget();
    if (lex_tokenize_n(src, len, first_line, 0, &t, &line, &col, e) < 0) {
        pos->line = line;
        pos->col = col;
        return -1;
    }
    ParseState ps = {&t, 0};
    int rc = 0;
    for (;;) {
        Node *st;
        int r = parse_next_stmt(&ps, is_command, &st, &line, &col, e);
        if (r == 0) break;
        if (r < 0) {
            pos->line = line;
            pos->col = col;
            rc = -1;
            break;
        }
        s->line = s->col = 0;
        s->stores = 0;
        s->flow = FLOW_NONE;
        trace_clear(s);
        rc = exec_stmt(s, st, e);
        if (rc == 0 && session_interrupted) {
            err_cancelled(e);
            e->cancelled = 2; /* the statement finished: its (partial) result was kept */
            fail_at(s, st);
            rc = -1;
        }
        if (rc < 0) {
            pos->line = s->line ? s->line : st->line;
            pos->col = s->line ? s->col : st->col;
            if (s->ntrace && strcmp(s->trace[0].file, s->file) != 0)
                snprintf(pos->file, sizeof pos->file, "%s", s->trace[0].file);
            if (!e->cancelled) trace_format(s, e);
            /* A loop stopped by Ctrl-C keeps what its finished steps assigned. */
            if (e->cancelled && s->stores) e->cancelled = 2;
            trace_clear(s);
        }
        node_free(st);
        if (rc < 0) break;
    }
    lex_free(&t);
    return rc;
}

int session_incomplete(const char *src)
{
    TokList t;
    Err e;
    int line, col;
    /* Lexer errors before the end (a stray character) are for the run to
     * report; an error is never a reason to wait for more lines. */
    if (lex_tokenize_n(src, strlen(src), 1, LEX_PARTIAL, &t, &line, &col, &e) < 0) return 0;
    int more = 0;
    if (!t.failed) {
        if (t.open_brackets > 0 || t.continued) more = 1;
        /* The last token before the end: a binary operator, '=' or ','
         * wants its right-hand side on the next line. */
        size_t k = t.n - 1; /* T_EOF */
        while (k > 0 && t.v[k - 1].kind == T_NEWLINE && t.v[k - 1].text[0] == '\n') k--;
        if (!more && k > 0 && tok_continues_line(&t.v[k - 1])) more = 1;
        if (!more) more = parse_open_blocks(&t) > 0;
    }
    lex_free(&t);
    return more;
}
