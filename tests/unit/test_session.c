/* Unit tests for the session API front ends use: the REPL's "is this entry
 * complete?", completion of keyword names inside a call, and the
 * evaluation step limit fuzzers set. */
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "lang/eval.h"
#include "lang/lex.h"
#include "tests/tap.h"

static void test_incomplete(void)
{
    static const struct {
        const char *src;
        int more;
    } cases[] = {
        {"x = 1", 0},
        {"x = [1,", 1},
        {"f(1,\n  2", 1},
        {"f(1,\n  2)", 0},
        {"x = 1 +", 1},
        {"x = 1 +\n", 1},
        {"x = 1 + # a comment", 1},
        {"x = 2 **", 1},
        {"x ==", 1},
        {"x = \"(\"", 0},
        {"x = '[' # (", 0},
        {"x = 1 \\", 1},
        {"x = \"unterminated", 0},
        {"x = 1 $ (", 0},
        {"print -1", 0},
        {"for p in [5, 30] do", 1},
        {"for p in [5, 30] do\n  print p\nend", 0},
        {"if x then\n print 1\nelif y then", 1},
        {"fn f(a, b=1)\n  return a + b", 1},
        {"fn f(a, b=1)\n  return a + b\nend", 0},
        {"while true do\n if x then break end", 1},
        {"end", 0},
        {"x = 1 and", 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
    {
        char shown[128];
        size_t k = 0;
        for (const char *c = cases[i].src; *c && k < sizeof shown - 3; c++) {
            if (*c == '\n') shown[k++] = '\\', shown[k++] = 'n';
            else shown[k++] = *c;
        }
        shown[k] = '\0';
        ok(session_incomplete(cases[i].src) == cases[i].more, "session_incomplete(\"%s\") == %d", shown,
           cases[i].more);
    }
}

static int has(char **c, const char *s)
{
    for (size_t i = 0; c && c[i]; i++)
        if (strcmp(c[i], s) == 0) return 1;
    return 0;
}

static void free_cands(char **c)
{
    for (size_t i = 0; c && c[i]; i++) free(c[i]);
    free(c);
}

static void test_complete(Session *s)
{
    const char *line = "Y = tsne(X, per";
    char **c = session_complete(s, line, 12, 15);
    ok(has(c, "perplexity="), "keyword name of the enclosing call");
    free_cands(c);
    line = "Y = tsne(pca(X, 2), it";
    c = session_complete(s, line, 20, 22);
    ok(has(c, "iters="), "the enclosing call after a closed inner call");
    free_cands(c);
    line = "scatter Y, as";
    c = session_complete(s, line, 11, 13);
    ok(has(c, "aspect="), "keyword name of a command without parentheses");
    free_cands(c);
    line = "x = \"tsne(per";
    c = session_complete(s, line, 10, 13);
    ok(!has(c, "perplexity="), "not inside a string");
    free_cands(c);
}

/* Under whatever locale the environment names (tests/lang_locale.sh runs
 * this under a comma-decimal one), numbers are read the C way. */
static void test_numbers_in_any_locale(void)
{
    TokList t;
    Err e;
    int line, col;
    ok(lex_tokenize("x = 0.5 + .25 + 1e-3\n[1,2]", 1, &t, &line, &col, &e) == 0 && t.n == 14 &&
           t.v[2].num == 0.5 && t.v[4].num == 0.25 && t.v[6].num == 1e-3 && t.v[9].num == 1 &&
           t.v[11].num == 2,
       "0.5, .25, 1e-3 and [1,2] read the C way (LC_NUMERIC=%s)", setlocale(LC_NUMERIC, NULL));
    lex_free(&t);
    ok(lex_tokenize("x = 1e999", 1, &t, &line, &col, &e) < 0 && col == 5 &&
           strcmp(e.msg, "number 1e999 is too large (beyond about 1.8e308)") == 0,
       "1e999 is an error: %s", e.msg);
    ok(lex_tokenize("x = 1e-999", 1, &t, &line, &col, &e) == 0 && t.v[2].num == 0, "1e-999 underflows to 0");
    lex_free(&t);
}

static void test_step_limit(Session *s)
{
    SrcPos pos;
    Err e;
    char src[8192] = "x = 1";
    for (int i = 0; i < 1000; i++) strcat(src, " + 1");
    session_set_step_limit(s, 500);
    ok(session_run(s, src, "t", 1, &pos, &e) < 0 && strcmp(e.msg, "step limit reached (500 steps)") == 0,
       "a long statement stops at the step limit: %s", e.msg);
    ok(session_run(s, "y = 2 + 3", "t", 1, &pos, &e) == 0, "the next run has its own budget");
    session_set_step_limit(s, 0);
    ok(session_run(s, src, "t", 1, &pos, &e) == 0, "0 means unlimited");
}

int main(void)
{
    Err e;
    setlocale(LC_ALL, "");
    Session *s = session_new(&e);
    if (!s) return 1;
    test_numbers_in_any_locale();
    test_incomplete();
    test_complete(s);
    test_step_limit(s);
    session_free(s);
    return done_testing();
}
