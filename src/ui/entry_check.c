/* entry_check.c — the syntax check of an entry typed while a job runs, so
 * that a typo is reported when it is typed, not minutes later when its
 * turn comes.  Only the lexer and the parser run (on the UI thread): the
 * session, busy on the worker, is not touched.  Bare names count as
 * commands when they are builtins; a variable that shadows a builtin is
 * only known when the entry runs, where the full check happens anyway. */
#include "ui/frontend.h"

#include "lang/builtin.h"
#include "lang/lex.h"
#include "lang/parse.h"

static int is_builtin(const char *name)
{
    return builtin_find(name) != NULL;
}

int entry_check(const char *src, SrcPos *pos, Err *e)
{
    TokList t;
    Program p;
    int line = 0, col = 0;
    err_clear(e);
    pos->line = pos->col = 0;
    if (lex_tokenize(src, 1, &t, &line, &col, e) < 0) {
        pos->line = line;
        pos->col = col;
        return -1;
    }
    int rc = parse_program(&t, is_builtin, &p, &line, &col, e);
    if (rc < 0) {
        pos->line = line;
        pos->col = col;
    } else {
        parse_free(&p);
    }
    lex_free(&t);
    return rc < 0 ? -1 : 0;
}
