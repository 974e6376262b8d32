/* Unit tests for the lexer and parser: tokens with positions, the AST's
 * shape, commands without parentheses, and syntax errors with positions. */
#include <string.h>

#include "lang/lex.h"
#include "lang/parse.h"
#include "tests/tap.h"

static int cmd(const char *name)
{
    return strcmp(name, "scatter") == 0 || strcmp(name, "print") == 0;
}

static void test_lexer(void)
{
    TokList t;
    Err e;
    int line, col;
    ok(lex_tokenize("x = 1.5e2 # note\nprint \"a\\tb\", y[0:2] @ z >= 3", 1, &t, &line, &col, &e) == 0,
       "tokenize");
    ok(t.n == 18, "token count (%zu)", t.n);
    ok(t.v[0].kind == T_IDENT && t.v[0].len == 1 && t.v[0].line == 1 && t.v[0].col == 1, "identifier at 1:1");
    ok(t.v[2].kind == T_NUM && t.v[2].num == 150.0 && t.v[2].col == 5, "number 1.5e2 at 1:5");
    ok(t.v[3].kind == T_NEWLINE, "comment skipped, newline kept");
    ok(t.v[5].kind == T_STR && strcmp(t.v[5].str, "a\tb") == 0 && t.v[5].line == 2 && t.v[5].col == 7,
       "string escapes decoded, at 2:7");
    ok(tok_is(&t.v[13], "@") && tok_is(&t.v[15], ">="), "operators");
    ok(t.v[17].kind == T_EOF, "ends with EOF");
    lex_free(&t);

    ok(lex_tokenize("f(1,\n  2)\n", 5, &t, &line, &col, &e) == 0 && t.v[4].kind == T_NUM &&
           t.v[4].line == 6 && t.v[4].col == 3,
       "newline inside brackets skipped; line numbers from first_line");
    lex_free(&t);

    ok(lex_tokenize("a = 1\nb = 2 $ 3", 1, &t, &line, &col, &e) < 0 && line == 2 && col == 7 &&
           strcmp(e.msg, "unexpected character '$'") == 0,
       "bad character reported at 2:7");
    ok(lex_tokenize("s = \"abc", 1, &t, &line, &col, &e) < 0 && strcmp(e.msg, "unterminated string") == 0,
       "unterminated string");
    ok(lex_tokenize("x = 12abc", 1, &t, &line, &col, &e) < 0 && col == 5, "malformed number at its start");
}

static Node *parse1(const char *src, Program *p, TokList *t)
{
    Err e;
    int line, col;
    if (lex_tokenize(src, 1, t, &line, &col, &e) < 0) return NULL;
    if (parse_program(t, cmd, p, &line, &col, &e) < 0) {
        lex_free(t);
        return NULL;
    }
    return p->n ? p->stmts[0] : NULL;
}

static void done(Program *p, TokList *t)
{
    parse_free(p);
    lex_free(t);
}

static void test_parser(void)
{
    Program p;
    TokList t;
    Node *n = parse1("y = 1 + 2 * 3", &p, &t);
    ok(n && n->kind == N_ASSIGN && strcmp(n->str, "y") == 0, "assignment");
    Node *v = n ? n->kids[0] : NULL;
    ok(v && v->kind == N_BIN && strcmp(v->str, "+") == 0 && v->kids[1]->kind == N_BIN &&
           strcmp(v->kids[1]->str, "*") == 0,
       "precedence: * binds tighter than +");
    done(&p, &t);

    n = parse1("a - b - c", &p, &t);
    ok(n && n->kind == N_BIN && n->kids[0]->kind == N_BIN, "left associative");
    done(&p, &t);

    n = parse1("scatter Y, by=L", &p, &t);
    ok(n && n->kind == N_CALL && n->command && n->n == 3 && n->kw[2] && strcmp(n->kw[2], "by") == 0,
       "command without parentheses, with a keyword");
    done(&p, &t);

    n = parse1("Y - 1", &p, &t);
    ok(n && n->kind == N_BIN, "a non-command name is an expression");
    done(&p, &t);

    n = parse1("print -1", &p, &t);
    ok(n && n->kind == N_CALL && n->command && n->kids[1]->kind == N_NEG, "print -1 is a command");
    done(&p, &t);

    n = parse1("X[:, 2:4]", &p, &t);
    ok(n && n->kind == N_INDEX && n->n == 3 && n->kids[1]->kind == N_SLICE && !n->kids[1]->kids[0] &&
           !n->kids[1]->kids[1] && n->kids[2]->kind == N_SLICE && n->kids[2]->kids[0]->num == 2,
       "index with slices");
    done(&p, &t);

    n = parse1("P.components[0:8]", &p, &t);
    ok(n && n->kind == N_INDEX && n->kids[0]->kind == N_FIELD && strcmp(n->kids[0]->str, "components") == 0,
       "field then index");
    done(&p, &t);

    n = parse1("f(1, k=2)", &p, &t);
    ok(n && n->kind == N_CALL && !n->command && n->n == 3 && n->kw[1] == NULL && strcmp(n->kw[2], "k") == 0 &&
           n->line == 1 && n->col == 1,
       "call with positional and keyword arguments, positioned at its name");
    done(&p, &t);

    n = parse1("[1, [2, 3], \"s\"]", &p, &t);
    ok(n && n->kind == N_LIST && n->n == 3 && n->kids[1]->kind == N_LIST, "nested list");
    done(&p, &t);

    Err e;
    int line, col;
    lex_tokenize("x = (1 +\n2\nprint x", 1, &t, &line, &col, &e);
    ok(parse_program(&t, cmd, &p, &line, &col, &e) < 0 && line == 1 && col == 5 &&
           strcmp(e.msg, "'(' is never closed (expected ')' before 'print')") == 0,
       "unclosed bracket reported where it opens: %s", e.msg);
    lex_free(&t);
    lex_tokenize("f(k=1, 2)", 1, &t, &line, &col, &e);
    ok(parse_program(&t, cmd, &p, &line, &col, &e) < 0 && col == 8 &&
           strcmp(e.msg, "positional argument after a keyword argument (got '2')") == 0,
       "positional after keyword");
    lex_free(&t);
    lex_tokenize("x = * 2", 1, &t, &line, &col, &e);
    ok(parse_program(&t, cmd, &p, &line, &col, &e) < 0 && col == 5 &&
           strcmp(e.msg, "expected an expression, got '*'") == 0,
       "missing operand");
    lex_free(&t);
    lex_tokenize("x = 1 2", 1, &t, &line, &col, &e);
    ok(parse_program(&t, cmd, &p, &line, &col, &e) < 0 && col == 7 &&
           strcmp(e.msg, "expected end of statement, got '2'") == 0,
       "two expressions in one statement");
    lex_free(&t);
}

int main(void)
{
    test_lexer();
    test_parser();
    return done_testing();
}
