/* eval.h — running dv source: the session a front end talks to.
 *
 * A Session owns the variables and the Ctx builtins see.  Front ends feed it
 * text (a whole script, or one REPL entry) and print what it returns.
 */
#ifndef DV_LANG_EVAL_H
#define DV_LANG_EVAL_H

#include "core/err.h"
#include "lang/ctx.h"

typedef struct Session Session;

/* Where an error happened (line/col 1-based; 0 when unknown). */
typedef struct SrcPos {
    int line, col;
    /* The source the position is in when it is not the run's own (an error
     * inside a function defined by an earlier REPL entry), else "". */
    char file[256];
} SrcPos;

/* New session with default output to stdout.  Caller frees with session_free. */
Session *session_new(Err *e);
void session_free(Session *s);
/* The context: front ends set its output hooks, size and colour mode. */
Ctx *session_ctx(Session *s);

/* Run src (one or more statements).  file names the source in messages;
 * first_line is the line number of src's first line.  Each bare expression
 * statement's value is shown through the ctx.  On error returns -1 with e
 * holding the message (without position) and *pos where it happened; the
 * session stays usable.  An error inside a function is followed, in the
 * message, by one line per call it went through, innermost first:
 * "FILE:L:C: in fn 'name' called from FILE:L:C".  A user interrupt gives
 * e->cancelled = 1. */
int session_run(Session *s, const char *src, const char *file, int first_line, SrcPos *pos,
                Err *e);
/* The same for len bytes of src, which may hold NUL bytes (reported as an
 * error at their position: a script is text). */
int session_run_n(Session *s, const char *src, size_t len, const char *file, int first_line,
                  SrcPos *pos, Err *e);

/* 1 when src ends inside an open bracket or string, or after a binary
 * operator or comma: the REPL should read another line. */
int session_incomplete(const char *src);

/* Completion candidates for the word being typed: builtins, variables,
 * keyword names of the call around the cursor, and the words of the `use`d
 * embedding.  line is the whole input, [start, end) the word.  Returns a
 * NULL-terminated array of malloc'd strings (caller frees each and the
 * array), or NULL when there are none. */
char **session_complete(Session *s, const char *line, int start, int end);

/* Stop evaluation with "step limit reached" after `steps` evaluation steps
 * (nodes evaluated) in one session_run; 0 = unlimited (the default).  For
 * fuzzers, so that a slow input cannot stall a run. */
void session_set_step_limit(Session *s, unsigned long steps);

/* Set by a SIGINT handler or by the UI thread; the evaluator and the
 * default progress hook check it and stop the running statement.  A
 * lock-free atomic int: safe to set from a signal handler and to read
 * from the worker thread. */
extern _Atomic int session_interrupted;

#endif
