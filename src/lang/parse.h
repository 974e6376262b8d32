/* parse.h — the parser: tokens to an AST with source positions.
 *
 * Grammar (informal):
 *   program   := { stmt (NEWLINE | EOF) }
 *   stmt      := NAME '=' expr | command | expr
 *   command   := BUILTIN arg {',' arg}     a call without parentheses when
 *                                          it is the whole statement
 *   expr      := cmp ; cmp := sum [('=='|'!='|'<'|'>'|'<='|'>=') sum]
 *   sum       := prod {('+'|'-') prod}
 *   prod      := unary {('*'|'/'|'@') unary}
 *   unary     := '-' unary | postfix
 *   postfix   := primary { '(' args ')' | '[' index ']' | '.' NAME }
 *   primary   := NUMBER | STRING | NAME | '(' expr ')' | '[' [expr {',' expr}] ']'
 *   index     := item {',' item} ; item := expr | [expr] ':' [expr]
 *   arg       := expr | NAME '=' expr
 */
#ifndef DV_LANG_PARSE_H
#define DV_LANG_PARSE_H

#include <stddef.h>

#include "core/err.h"
#include "lang/lex.h"

typedef enum {
    N_NUM,
    N_STR,
    N_NAME,
    N_LIST,
    N_NEG,
    N_BIN,
    N_CALL,
    N_INDEX,
    N_SLICE, /* inside N_INDEX only: kids[0], kids[1] = start, stop (NULL = open) */
    N_FIELD,
    N_ASSIGN,
} NodeKind;

typedef struct Node Node;
struct Node {
    NodeKind kind;
    int line, col;
    double num;   /* N_NUM */
    char *str;    /* N_STR value; N_NAME, N_FIELD, N_ASSIGN name; N_BIN operator */
    Node **kids;  /* N_LIST items; N_NEG/N_FIELD [0]; N_BIN [0],[1]; N_CALL [0]=callee,
                     args follow; N_INDEX [0]=object, items follow; N_ASSIGN [0]=value */
    char **kw;    /* N_CALL: keyword name per kid (NULL = positional); kw[0] unused */
    size_t n;     /* number of kids */
    int command;  /* N_CALL written without parentheses */
};

typedef struct Program {
    Node **stmts;
    size_t n;
} Program;

/* Parse tokens into prog.  is_command(name) tells which bare names may
 * start a call without parentheses.  On error returns -1 with e set and
 * *line and *col at the token.  Free with parse_free. */
int parse_program(const TokList *t, int (*is_command)(const char *name), Program *prog,
                  int *line, int *col, Err *e);
void parse_free(Program *p);

/* Statement by statement, so that a statement is parsed after the previous
 * one ran (a variable defined there may shadow a builtin command). */
typedef struct ParseState {
    const TokList *t;
    size_t i;
} ParseState;
/* 1 with *out (caller frees with node_free), 0 at the end, -1 on error. */
int parse_next_stmt(ParseState *ps, int (*is_command)(const char *name), Node **out, int *line,
                    int *col, Err *e);
void node_free(Node *n);

/* Blocks (for, while, if, fn) opened in t and not yet closed by `end`:
 * the REPL reads more lines while this is above 0. */
int parse_open_blocks(const TokList *t);

#endif
