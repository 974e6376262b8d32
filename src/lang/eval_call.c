/* eval_call.c — calls: builtins (arguments matched to the row's
 * parameters, converted to their types, defaults filled in) and functions
 * defined with fn (their own variables, defaults evaluated at the call,
 * return values, the call chain of an error). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/builtin.h"
#include "lang/interp.h"
#include "lang/limits.h"
#include "lang/reference.h"
#include "lang/suggest.h"
#include "lang/unsaved.h"

/* ---- builtins --------------------------------------------------------- */

/* Convert/check v for parameter p of builtin b.  Consumes v; returns the
 * converted value or NULL with e set. */
static Value *convert_arg(const Builtin *b, const Param *p, Value *v, Err *e)
{
    char buf[64];
    /* none is allowed where it is the default (or any value is); elsewhere
     * handlers read the argument as its type without checking (arg_mat,
     * arg_str): abs(none) and pca(X, method=none) must not reach them. */
    if (v->kind == VAL_NONE &&
        ((p->def && strcmp(p->def, "none") == 0) || p->type == P_ANY || (b->flags & BF_NONE_ARGS)))
        return v;
    switch (p->type) {
    case P_ANY: return v;
    case P_NUM:
    case P_INT:
    case P_BOOL:
        if (v->kind == VAL_MAT && v->u.mat->rows * v->u.mat->cols == 1) {
            Value *x = val_num(v->u.mat->data[0], e);
            val_unref(v);
            v = x;
            if (!v) return NULL;
        }
        if (v->kind != VAL_NUM) break;
        if (p->type == P_INT && v->u.num != floor(v->u.num)) {
            err_set(e, "%s: %s must be an integer, got %g", b->name, p->name, v->u.num);
            val_unref(v);
            return NULL;
        }
        if (p->type == P_INT &&
            !(fabs(v->u.num) <= 9007199254740992.0)) { /* 2^53: exact in a double */
            err_set(e, "%s: %s is out of range (at most 2^53), got %g", b->name, p->name, v->u.num);
            val_unref(v);
            return NULL;
        }
        return v;
    case P_STR:
        if (v->kind == VAL_STR) return v;
        break;
    case P_MAT: {
        if (v->kind == VAL_MODEL) {
            Value *f = val_model_main(v); /* a model stands for its main matrix */
            if (!f) break;
            val_ref(f);
            val_unref(v);
            return f;
        }
        if (v->kind != VAL_MAT && v->kind != VAL_NUM && v->kind != VAL_LIST) break;
        Value *m = val_to_mat(v, b->name, e);
        val_unref(v);
        return m;
    }
    case P_LIST:
        if (v->kind == VAL_LIST || v->kind == VAL_MAT) return v; /* [1, 2] is a vector */
        break;
    case P_MODEL:
        if (v->kind == VAL_MODEL) return v;
        break;
    case P_PLOT:
        if (v->kind == VAL_PLOT) return v;
        break;
    }
    const char *t = reference_type_name(p->type);
    /* a loaded model lacks the matrix the trained one stood for: say why */
    const char *main =
        p->type == P_MAT && v->kind == VAL_MODEL ? unsaved_main_field(v->u.model->type) : NULL;
    err_set(e, "%s: %s must be %s %s, got %s%s%s%s", b->name, p->name,
            strchr("aeiou", t[0]) ? "an" : "a", t, val_describe(v, buf, sizeof buf),
            main ? " (" : "", main ? unsaved_field_hint(v->u.model->type, main) : "",
            main ? ")" : "");
    val_unref(v);
    return NULL;
}

/* Evaluate a short piece of source (a builtin's default) as an expression. */
static Value *eval_source_expr(Session *s, const char *src, Err *e)
{
    TokList t;
    Program p;
    int line, col;
    if (lex_tokenize(src, 1, &t, &line, &col, e) < 0) return NULL;
    if (parse_program(&t, NULL, &p, &line, &col, e) < 0) {
        lex_free(&t);
        return NULL;
    }
    Value *v = p.n == 1 ? eval(s, p.stmts[0], e) : (err_set(e, "bad default '%s'", src), NULL);
    parse_free(&p);
    lex_free(&t);
    return v;
}

/* "F: unknown keyword 'kw'; did you mean 'x' (parameters: ...)" */
static void unknown_keyword(const char *f, const char *kw, const char *const *names, size_t np,
                            Err *e)
{
    char list[256], hint[160];
    size_t used = 0;
    Suggest sg;
    suggest_init(&sg, kw);
    list[0] = '\0';
    for (size_t k = 0; k < np; k++) {
        if (used < sizeof list - 40)
            used +=
                (size_t)snprintf(list + used, sizeof list - used, "%s%s", k ? ", " : "", names[k]);
        suggest_add(&sg, names[k]);
    }
    if (suggest_hint(&sg, hint, sizeof hint))
        err_set(e, "%s: unknown keyword '%s'; %s (parameters: %s)", f, kw, hint, list);
    else
        err_set(e, "%s: unknown keyword '%s' (parameters: %s)", f, kw, list);
}

static Value *call_builtin(Session *s, const Node *n, const Builtin *b, Err *e)
{
    size_t np = builtin_nparams(b);
    int variadic = -1;
    for (size_t k = 0; k < np; k++)
        if (strncmp(b->params[k].name, "...", 3) == 0) variadic = (int)k;
    Value *args[BUILTIN_MAX_PARAMS] = {0};
    Value *rest = NULL;
    const Node *where[BUILTIN_MAX_PARAMS] = {0};
    Value *result = NULL;
    size_t pos = 0;
    int name_args = (b->flags & BF_NAME_ARGS) != 0;
    Value *pre = NULL, *saved_emb = s->word_emb;
    size_t pre_i = 0;
    /* nearest(E, king), analogy(E, man, king, woman): an embedding named
     * first, where a word or a vector is expected, is E, as in axes(E,
     * ...), and the words after it are its words; the other arguments
     * move up one place. */
    int e_first = 0;
    if ((b->flags & BF_WORDS_IN_E) && n->n > 2 && !n->kw[1] && n->kids[1]->kind == N_NAME &&
        builtin_param_index(b->name, "E") > 0) {
        Value *cand = scope_lookup(s, n->kids[1]->str);
        Value *emb = cand && cand->kind == VAL_MODEL ? val_model_get(cand, "vectors") : cand;
        if (emb && emb->kind == VAL_MAT && emb->u.mat->row_names && emb->u.mat->rows > 1) {
            pre = val_ref(cand);
            pre_i = 1;
            e_first = 1;
            s->word_emb = emb;
        }
    }
    /* Words in the arguments of axes(E, x=he - she) are words of E: its
     * argument is evaluated first and the others see it. */
    if ((b->flags & BF_WORDS_IN_E) && !e_first) {
        int ei = builtin_param_index(b->name, "E"), k = 0;
        for (size_t i = 1; ei >= 0 && i < n->n && !pre_i; i++)
            if (n->kw[i] ? strcmp(n->kw[i], "E") == 0 : k++ == ei) pre_i = i;
        if (pre_i) {
            if (!(pre = eval(s, n->kids[pre_i], e))) goto done;
            Value *emb = pre->kind == VAL_MODEL ? val_model_get(pre, "vectors") : pre;
            if (emb && emb->kind == VAL_MAT && emb->u.mat->row_names) s->word_emb = emb;
        }
    }
    for (size_t i = 1; i < n->n; i++) {
        const Node *an = n->kids[i];
        const char *kw = i == pre_i && e_first ? "E" : n->kw[i];
        Value *v;
        if (i == pre_i) {
            v = pre;
            pre = NULL;
        } else if (name_args && an->kind == N_NAME && !kw) {
            v = val_str(an->str, e);
        } else {
            v = eval(s, an, e);
        }
        if (!v) {
            if (!s->line) fail_at(s, an);
            goto done;
        }
        size_t slot;
        if (kw) {
            for (slot = 0; slot < np; slot++)
                if (strcmp(b->params[slot].name, kw) == 0) break;
            if (slot == np) {
                const char *names[BUILTIN_MAX_PARAMS];
                for (size_t k = 0; k < np; k++) names[k] = b->params[k].name;
                unknown_keyword(b->name, kw, names, np, e);
                val_unref(v);
                fail_at(s, an);
                goto done;
            }
        } else if (variadic >= 0 && pos >= (size_t)variadic) {
            if (!rest && !(rest = val_list(0, e))) {
                val_unref(v);
                fail_at(s, an);
                goto done;
            }
            Value **items = realloc(rest->u.list.items, (rest->u.list.n + 1) * sizeof *items);
            if (!items) {
                val_unref(v);
                err_nomem(e, 64, "arguments");
                fail_at(s, an);
                goto done;
            }
            rest->u.list.items = items;
            items[rest->u.list.n++] = v;
            continue;
        } else {
            slot = pos++;
            if (slot >= np) {
                err_set(e, "%s: too many arguments (takes at most %zu)", b->name, np);
                val_unref(v);
                fail_at(s, an);
                goto done;
            }
        }
        if (args[slot]) {
            err_set(e, "%s: %s given twice", b->name, b->params[slot].name);
            val_unref(v);
            fail_at(s, an);
            goto done;
        }
        args[slot] = convert_arg(b, &b->params[slot], v, e);
        where[slot] = an;
        if (!args[slot]) {
            fail_at(s, an);
            goto done;
        }
    }
    for (size_t k = 0; k < np; k++) {
        if (args[k]) continue;
        if ((int)k == variadic) {
            args[k] = rest ? rest : val_list(0, e);
            rest = NULL;
            if (!args[k]) {
                fail_at(s, n);
                goto done;
            }
            continue;
        }
        const Param *p = &b->params[k];
        if (!p->def) {
            err_set(e, "%s: missing argument '%s'", b->name, p->name);
            fail_at(s, n);
            goto done;
        }
        Value *d = eval_source_expr(s, p->def, e);
        if (d) d = convert_arg(b, p, d, e);
        if (!d) {
            err_prefix(e, "default of %s.%s", b->name, p->name);
            s->line = n->line; /* the default's own text has no place in the script */
            s->col = n->col;
            goto done;
        }
        args[k] = d;
    }
    s->word_emb = saved_emb;
    Value *out = NULL;
    if (b->fn(&s->ctx, args, &out, e) < 0) {
        /* An error about one argument points at it: the handler said
         * which (err_param), or the code below named its input (err_about). */
        const Node *at = n;
        int k = e->param - 1;
        if (k < 0 && e->about[0]) /* code below the language names its input */
            for (size_t j = 0; j < np; j++)
                if (strcmp(b->params[j].name, e->about) == 0) k = (int)j;
        if (k >= 0 && (size_t)k < np && where[k]) at = where[k];
        fail_at(s, at);
        goto done;
    }
    result = out ? out : val_none();
done:
    s->word_emb = saved_emb;
    val_unref(pre);
    for (size_t k = 0; k < np; k++) val_unref(args[k]);
    val_unref(rest);
    return result;
}

/* ---- functions -------------------------------------------------------- */

void trace_clear(Session *s)
{
    for (size_t i = 0; i < s->ntrace; i++) {
        free(s->trace[i].fn);
        free(s->trace[i].file);
        free(s->trace[i].call_file);
    }
    s->ntrace = 0;
}

/* Note that the error went through a call of f at node n (best effort:
 * without memory the chain is shorter, the error itself stands). */
static void trace_push(Session *s, const Func *f, const Node *n)
{
    if (s->ntrace == s->captrace) {
        size_t cap = s->captrace ? s->captrace * 2 : 16;
        TraceFrame *t = realloc(s->trace, cap * sizeof *t);
        if (!t) return;
        s->trace = t;
        s->captrace = cap;
    }
    TraceFrame *fr = &s->trace[s->ntrace];
    fr->fn = strdup(f->name);
    fr->file = strdup(f->file);
    fr->call_file = strdup(s->fn ? s->fn->file : s->file ? s->file : "");
    if (!fr->fn || !fr->file || !fr->call_file) {
        free(fr->fn);
        free(fr->file);
        free(fr->call_file);
        return;
    }
    if (s->ntrace == 0) {
        fr->line = s->line;
        fr->col = s->col;
    } else {
        fr->line = s->trace[s->ntrace - 1].call_line;
        fr->col = s->trace[s->ntrace - 1].call_col;
    }
    fr->call_line = n->line;
    fr->call_col = n->col;
    s->ntrace++;
}

void trace_format(Session *s, Err *e)
{
    size_t n = s->ntrace, used = strlen(e->msg);
    for (size_t i = 0; i < n; i++) {
        /* A long chain shows its innermost calls and where it started. */
        if (n > LIMIT_TRACE_FRAMES && i == LIMIT_TRACE_FRAMES - 2) {
            used += (size_t)snprintf(e->msg + used, used < sizeof e->msg ? sizeof e->msg - used : 0,
                                     "\n... (%zu more calls)", n - LIMIT_TRACE_FRAMES);
            i = n - 2;
        }
        const TraceFrame *f = &s->trace[i];
        if (used < sizeof e->msg)
            used += (size_t)snprintf(
                e->msg + used, sizeof e->msg - used, "\n%s:%d:%d: in fn '%s' called from %s:%d:%d",
                f->file, f->line, f->col, f->fn, f->call_file, f->call_line, f->call_col);
    }
}

static Value *call_fn(Session *s, const Node *n, Value *fv, Err *e)
{
    const Func *f = fv->u.fn;
    const Node *def = f->def;
    size_t np = def->n - 1; /* kids[1..] are the parameters */
    if (s->calls >= LIMIT_CALL_DEPTH) {
        err_set(e, "calls nested deeper than %d (does '%s' call itself without end?)",
                LIMIT_CALL_DEPTH, f->name);
        return fail_at(s, n);
    }
    Value **args = calloc(np ? np : 1, sizeof *args);
    Env *locals = env_new(e);
    Value *result = NULL;
    if (!args || !locals) {
        if (!args) err_nomem(e, np * sizeof *args, "arguments");
        fail_at(s, n);
        goto done;
    }
    size_t pos = 0;
    for (size_t i = 1; i < n->n; i++) {
        const Node *an = n->kids[i];
        const char *kw = n->kw[i];
        size_t slot;
        if (kw) {
            for (slot = 0; slot < np; slot++)
                if (strcmp(def->kids[1 + slot]->str, kw) == 0) break;
            if (slot == np) {
                const char *names[64];
                size_t k;
                for (k = 0; k < np && k < 64; k++) names[k] = def->kids[1 + k]->str;
                unknown_keyword(f->name, kw, names, k, e);
                fail_at(s, an);
                goto done;
            }
        } else {
            slot = pos++;
            if (slot >= np) {
                err_set(e, "%s: too many arguments (takes at most %zu)", f->name, np);
                fail_at(s, an);
                goto done;
            }
        }
        if (args[slot]) {
            err_set(e, "%s: %s given twice", f->name, def->kids[1 + slot]->str);
            fail_at(s, an);
            goto done;
        }
        if (!(args[slot] = eval(s, an, e))) goto done;
    }
    /* The function's own name is bound in its scope, so a function
     * defined inside another can call itself. */
    if (env_set(locals, f->name, val_ref(fv), e) < 0) {
        fail_at(s, n);
        goto done;
    }
    Env *outer = s->locals;
    const Func *outer_fn = s->fn;
    s->locals = locals;
    s->fn = f;
    s->calls++;
    int rc = 0;
    for (size_t k = 0; k < np && rc == 0; k++) {
        const Node *prm = def->kids[1 + k];
        Value *v = args[k];
        args[k] = NULL;
        if (!v && prm->n == 0) {
            err_set(e, "%s: missing argument '%s'", f->name, prm->str);
            fail_at(s, n);
            rc = -2; /* reported at the call, not inside */
            break;
        }
        if (!v) v = eval(s, prm->kids[0], e); /* defaults see the parameters before them */
        if (!v || env_set(locals, prm->str, v, e) < 0) rc = -1;
    }
    if (rc == 0) rc = exec_block(s, def->kids[0], e);
    s->calls--;
    s->locals = outer;
    s->fn = outer_fn;
    if (rc < 0) {
        if (rc == -1 && !e->cancelled) trace_push(s, f, n);
        s->flow = FLOW_NONE;
        val_unref(s->ret);
        s->ret = NULL;
        goto done;
    }
    if (s->flow == FLOW_RETURN) {
        result = s->ret ? s->ret : val_none();
        s->ret = NULL;
    } else {
        result = val_none();
    }
    s->flow = FLOW_NONE;
done:
    for (size_t k = 0; args && k < np; k++) val_unref(args[k]);
    free(args);
    env_free(locals);
    return result;
}

/* ---- dispatch --------------------------------------------------------- */

static Value *unknown_callee(Session *s, const Node *callee, Err *e)
{
    Suggest sg;
    char hint[160];
    suggest_init(&sg, callee->str);
    for (size_t i = 0; builtin_at(i); i++) suggest_add(&sg, builtin_at(i)->name);
    size_t nv = 0;
    const char **names = env_names(s->ctx.env, &nv, e);
    for (size_t i = 0; names && i < nv; i++) {
        Value *v = env_get(s->ctx.env, names[i]);
        if (v && v->kind == VAL_FN) suggest_add(&sg, names[i]);
    }
    if (suggest_hint(&sg, hint, sizeof hint))
        err_set(e, "unknown function '%s'; %s", callee->str, hint);
    else
        err_set(e, "unknown function '%s' (help lists the builtins; fn defines one)", callee->str);
    free(names);
    return fail_at(s, callee);
}

Value *eval_call(Session *s, const Node *n, Err *e)
{
    const Node *callee = n->kids[0];
    char buf[64];
    if (callee->kind == N_NAME) {
        Value *v = scope_lookup(s, callee->str);
        if (v && v->kind == VAL_FN) return call_fn(s, n, v, e);
        const Builtin *b = builtin_find(callee->str);
        if (b) return call_builtin(s, n, b, e);
        if (v) {
            err_set(e, "'%s' is a %s, not a function", callee->str,
                    val_describe(v, buf, sizeof buf));
            return fail_at(s, callee);
        }
        return unknown_callee(s, callee, e);
    }
    Value *f = eval(s, callee, e);
    if (!f) return NULL;
    Value *r;
    if (f->kind == VAL_FN) {
        r = call_fn(s, n, f, e);
    } else {
        err_set(e, "only functions can be called, not %s", val_describe(f, buf, sizeof buf));
        r = fail_at(s, n);
    }
    val_unref(f);
    return r;
}
