/* fuzz_parse.c — libFuzzer target: the lexer and the parser.
 *
 * Each input is read twice: as dv source (what byte mutation finds: odd
 * characters, escapes, unclosed brackets, NUL bytes, invalid UTF-8) and as
 * choices for the grammar-aware generator (gen.h: deep nesting, long
 * chains).  Both texts go through lex_tokenize and parse_program, and
 * through session_incomplete, which the REPL calls on every line typed.
 * Nothing is evaluated.  A parse must end with a program or an error
 * that has a position; anything else (a crash, a leak, undefined
 * behaviour, a stack overflow) is a finding.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/builtin.h"
#include "lang/eval.h"
#include "lang/lex.h"
#include "lang/parse.h"
#include "tests/fuzz/gen.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int is_command(const char *name)
{
    return builtin_find(name) != NULL;
}

static void parse_text(const char *src)
{
    TokList t = {0};
    Err e;
    err_clear(&e);
    int line = 0, col = 0;
    if (lex_tokenize(src, 1, &t, &line, &col, &e) == 0) {
        Program p = {0};
        line = col = 0;
        if (parse_program(&t, is_command, &p, &line, &col, &e) == 0) {
            parse_free(&p);
        } else if (line <= 0 || col <= 0 || !e.msg[0]) {
            fprintf(stderr, "parse error without a position: '%s' at %d:%d\n", e.msg, line, col);
            abort();
        }
    } else if (line <= 0 || col <= 0 || !e.msg[0]) {
        fprintf(stderr, "lex error without a position: '%s' at %d:%d\n", e.msg, line, col);
        abort();
    }
    lex_free(&t);
    (void)session_incomplete(src);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *src = malloc(size + 1);
    if (!src) return 0;
    memcpy(src, data, size);
    src[size] = '\0';
    parse_text(src);
    free(src);

    size_t len;
    char *gen = gen_program(data, size, "\n", &len);
    if (gen) {
        if (getenv("DV_FUZZ_PRINT")) fprintf(stderr, "%s\n", gen);
        parse_text(gen);
        free(gen);
    }
    return 0;
}
