/* interp.h — the evaluator's insides, shared by eval.c (statements, names,
 * control flow, the session), eval_ops.c (operators), eval_index.c
 * (indexing, fields, assignment into values) and eval_call.c (calls of
 * builtins and functions).  Not for use outside src/lang/eval*.c.
 *
 * Every eval function returns a new reference, or NULL with e set and the
 * error's position recorded in the session (fail_at).
 */
#ifndef DV_LANG_INTERP_H
#define DV_LANG_INTERP_H

#include "lang/env.h"
#include "lang/eval.h"
#include "lang/parse.h"

enum { FLOW_NONE, FLOW_BREAK, FLOW_CONTINUE, FLOW_RETURN };

/* One function call an error went through, innermost first. */
typedef struct TraceFrame {
    char *fn;              /* the function's name */
    char *file;            /* where it is defined */
    int line, col;         /* where in it the error happened (or its inner call) */
    char *call_file;       /* where it was called from */
    int call_line, call_col;
} TraceFrame;

struct Session {
    Ctx ctx;
    Env *locals;      /* the running function's variables; NULL at top level */
    const Func *fn;   /* the running function, or NULL */
    int line, col;    /* position of the current error */
    const char *file; /* the name of the source being run (session_run's file) */
    unsigned long steps, step_limit;
    int flow;         /* FLOW_* while break, continue or return unwinds */
    Value *ret;       /* return's value while FLOW_RETURN unwinds */
    int calls;        /* function calls in progress */
    unsigned long stores; /* session variables assigned by the running statement */
    Value *word_emb;  /* while a BF_WORDS_IN_E builtin's arguments are evaluated: the
                         embedding bare words come from (borrowed), else NULL */
    char *stack_base; /* where the running statement's evaluation started */
    size_t stack_budget;
    TraceFrame *trace; /* the call chain of the current error */
    size_t ntrace, captrace;
};

Value *eval(Session *s, const Node *n, Err *e);
/* Record n's position as the error's (first one wins) and return NULL. */
Value *fail_at(Session *s, const Node *n);

/* Variables: the running function's, then the session's. */
Value *scope_lookup(Session *s, const char *name); /* borrowed, or NULL */
/* Bind in the innermost scope; consumes v. */
int scope_set(Session *s, const char *name, Value *v, Err *e);

/* Operators (eval_ops.c). */
Value *eval_binary(Session *s, const Node *n, Err *e);
Value *eval_neg(Session *s, const Node *n, Err *e);
Value *eval_not(Session *s, const Node *n, Err *e);
/* Is v true?  Numbers, booleans, 1x1 matrices, none (false), strings and
 * lists (non-empty); anything else is an error naming what. */
int eval_truth(Session *s, const Node *at, const Value *v, const char *what, int *out, Err *e);
/* Row `row` of embedding value emb as a 1-row matrix remembering the word. */
Value *word_vector(Value *emb, long row, const char *word, Err *e);
/* The word origin of a row looked up by name in an embedding. */
int origin_set_word(Value *r, Value *emb, const char *word, Err *e);

/* Indexing, fields and assignment into values (eval_index.c). */
Value *eval_index(Session *s, const Node *n, Err *e);
Value *eval_field(Session *s, const Node *n, Err *e);
/* The N_ASSIGN a with a target (X[i] = v, m.f = v): v (consumed) goes into
 * a copy of the variable's value unless the variable alone holds it. */
int assign_into(Session *s, const Node *a, Value *v, Err *e);

/* Calls (eval_call.c). */
Value *eval_call(Session *s, const Node *n, Err *e);
/* Free the recorded call chain. */
void trace_clear(Session *s);
/* Append the call chain to e's message (after a failed run). */
void trace_format(Session *s, Err *e);

/* Statements (eval.c): run a block's statements, showing the values of
 * bare expressions; stops early when s->flow is set. */
int exec_block(Session *s, const Node *block, Err *e);

#endif
