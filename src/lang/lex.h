/* lex.h — the lexer: source text to tokens with line and column.
 *
 * Newlines end statements except inside brackets, where they are skipped,
 * so a call or list may span lines.  '#' starts a comment to end of line;
 * a backslash at the end of a line continues the statement on the next.
 * Numbers are read in the C locale whatever setlocale() says (1.5 is
 * never 1,5).  The same tokenizer serves the parser, the REPL's "is this
 * entry complete?" and completion's "which call am I in?".
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
    T_OP,      /* one of + - * / ** @ = ( ) [ ] , : . and the comparisons */
    T_KEYWORD, /* for in do while if then elif else end fn return break continue and or not */
} TokKind;

typedef struct Token {
    TokKind kind;
    int line, col;    /* 1-based position of the first character */
    const char *text; /* start in the source (not NUL-terminated) */
    size_t len;
    double num;       /* T_NUM */
    char *str;        /* T_STR: the decoded string (owned by the token list) */
    size_t str_len;   /* T_STR: its length (it may hold "\0") */
    int space_before; /* whitespace right before this token */
} Token;

typedef struct TokList {
    Token *v;
    size_t n, cap;
    /* Filled at the end of input, for the REPL's "is this entry complete?": */
    int open_brackets; /* ( and [ still open */
    int continued;     /* the input ended with a line-continuing backslash */
    int failed;        /* LEX_PARTIAL: tokenizing stopped at an error */
} TokList;

/* Tokenise src.  first_line numbers src's first line.  On error returns -1
 * with e set and *line and *col at the offending character.  The token list
 * (and its strings) is freed with lex_free; tokens point into src, which
 * must outlive them. */
int lex_tokenize(const char *src, int first_line, TokList *out, int *line, int *col, Err *e);

enum {
    /* On an error, keep the tokens before it, end them with T_EOF, set
     * out->failed and return 0 (for completion and the REPL). */
    LEX_PARTIAL = 1u << 0,
};
/* As lex_tokenize for len bytes of src, which may hold NUL bytes (an error
 * with its position: a script is text). */
int lex_tokenize_n(const char *src, size_t len, int first_line, unsigned flags, TokList *out,
                   int *line, int *col, Err *e);
void lex_free(TokList *t);

/* 1 when t is the operator op ("+", "==", ...). */
int tok_is(const Token *t, const char *op);
/* 1 when t is the keyword kw ("for", "end", ...). */
int tok_is_kw(const Token *t, const char *kw);
/* 1 when t (the last token of a line) wants what follows on the next
 * line: a binary operator, '=', ',', and, or, not.  Such a newline does
 * not end the statement, at the prompt as in a script. */
int tok_continues_line(const Token *t);

/* The reserved words, i = 0, 1, ... until NULL. */
const char *lex_keyword_at(size_t i);
/* One line of help on reserved word `word`, or NULL when it is not one. */
const char *lex_keyword_help(const char *word);
/* 1 when the len bytes at s are a reserved word. */
int lex_is_keyword(const char *s, size_t len);

#endif
