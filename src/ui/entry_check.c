/* entry_check.c — the syntax check of an entry typed while a job runs, so
 * that a typo is reported when it is typed, not minutes later when its
 * turn comes.  Only the lexer and the parser run (on the UI thread): the
 * session, busy on the worker, is not touched.
 *
 * Whether a bare name starts a call without parentheses (`scatter X`)
 * depends on the session: builtins and user functions do, unless a
 * variable shadows them, and a function may be defined by an entry still
 * waiting.  So each statement may parse either way: with builtins as the
 * commands, or with every name as one; only a statement that parses
 * neither way is an error (the first way's message is the one the run
 * would give).  A statement that needs both ways at once is only checked
 * when it runs. */
#include "ui/frontend.h"

#include "lang/builtin.h"
#include "lang/lex.h"
#include "lang/parse.h"

static int is_builtin(const char *name)
{
    return builtin_find(name) != NULL;
}

static int any_name(const char *name)
{
    (void)name;
    return 1;
}

int entry_check(const char *src, SrcPos *pos, Err *e)
{
    TokList t;
    int line = 0, col = 0;
    err_clear(e);
    pos->line = pos->col = 0;
    pos->file[0] = '\0'; /* the entry itself */
    if (lex_tokenize(src, 1, &t, &line, &col, e) < 0) {
        pos->line = line;
        pos->col = col;
        return -1;
    }
    ParseState ps = {&t, 0};
    int rc = 0;
    for (;;) {
        Node *st = NULL;
        size_t at = ps.i;
        int r = parse_next_stmt(&ps, is_builtin, &st, &line, &col, e);
        if (r < 0) {
            Err e2;
            int l2, c2;
            ps.i = at;
            r = parse_next_stmt(&ps, any_name, &st, &l2, &c2, &e2);
            if (r < 0) {
                pos->line = line;
                pos->col = col;
                rc = -1;
                break;
            }
            err_clear(e);
        }
        if (r == 0) break;
        node_free(st);
    }
    lex_free(&t);
    return rc;
}
