/* lex.h — the lexer: source text to tokens with line and column.
 *
 * Newlines end statements except inside brackets, where they are skipped,
 * so a call or list may span lines.  '#' starts a comment to end of line.
 */
#ifndef DV_LANG_LEX_H
#define DV_LANG_LEX_H

#include <stddef.h>

#include "core/err.h"

typedef enum {
    T_EOF,
    T_NEWLINE, /* also ';' */
    T_NUM,
    T_STR,
    T_IDENT,
    T_OP, /* one of + - * / @ = ( ) [ ] , : . and the comparisons */
} TokKind;

typedef struct Token {
    TokKind kind;
    int line, col;    /* 1-based position of the first character */
    const char *text; /* start in the source (not NUL-terminated) */
    size_t len;
    double num;       /* T_NUM */
    char *str;        /* T_STR: the decoded string (owned by the token list) */
    int space_before; /* whitespace right before this token */
} Token;

typedef struct TokList {
    Token *v;
    size_t n, cap;
} TokList;

/* Tokenise src.  first_line numbers src's first line.  On error returns -1
 * with e set and *line and *col at the offending character.  The token list
 * (and its strings) is freed with lex_free; tokens point into src, which
 * must outlive them. */
int lex_tokenize(const char *src, int first_line, TokList *out, int *line, int *col, Err *e);
void lex_free(TokList *t);

/* 1 when t is the operator op ("+", "==", ...). */
int tok_is(const Token *t, const char *op);

#endif
