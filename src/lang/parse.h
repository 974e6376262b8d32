/* parse.h — the parser: tokens to an AST with source positions.
 *
 * Grammar (informal):
 *   program   := { stmt (NEWLINE | EOF) }
 *   stmt      := NAME '=' expr | target '=' expr | command | expr
 *              | 'for' NAME 'in' expr 'do' block 'end'
 *              | 'while' expr 'do' block 'end'
 *              | 'if' expr 'then' block {'elif' expr 'then' block} ['else' block] 'end'
 *              | 'fn' NAME '(' [param {',' param}] ')' block 'end'
 *              | 'return' [expr] | 'break' | 'continue'
 *   block     := { stmt (NEWLINE | before 'end', 'elif', 'else') }
 *   param     := NAME ['=' expr]
 *   target    := NAME { '[' index ']' | '.' NAME }  (assignment into a value)
 *   command   := CALLABLE arg {',' arg}   a call without parentheses when
 *                                         it is the whole statement
 *   expr      := or ; or := and {'or' and} ; and := not {'and' not}
 *   not       := 'not' not | cmp
 *   cmp       := sum {('=='|'!='|'<'|'>'|'<='|'>=') sum}
 *   sum       := prod {('+'|'-') prod}
 *   prod      := unary {('*'|'/'|'@') unary}
 *   unary     := ('-'|'+') unary | power
 *   power     := postfix ['**' unary]          (right-associative: 2 ** 3 ** 2 = 2 ** 9)
 *   postfix   := primary { '(' args ')' | '[' index ']' | '.' NAME }
 *   primary   := NUMBER | STRING | NAME | '(' expr ')' | '[' [expr {',' expr}] ']'
 *   index     := item {',' item} ; item := expr | [expr] ':' [expr]
 *   arg       := expr | NAME '=' expr
 *
 * Limits (lang/limits.h): expressions nest at most LIMIT_EXPR_DEPTH deep
 * and blocks LIMIT_BLOCK_DEPTH; flat chains of binary operators have no
 * limit (the tree is built, evaluated and freed without recursion).
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
    N_NOT,      /* kids[0] */
    N_BLOCK,    /* kids: the statements */
    N_IF,       /* kids: cond, block, cond, block, ... [, else block] */
    N_WHILE,    /* kids[0] cond, kids[1] block */
    N_FOR,      /* str: the variable; kids[0] what to loop over, kids[1] block */
    N_FN,       /* str: the name; kids[0] block, kids[1..] N_PARAM */
    N_PARAM,    /* str: the name; kids[0] the default (n = 0: required) */
    N_RETURN,   /* kids[0] the value (n = 0: none) */
    N_BREAK,
    N_CONTINUE,
} NodeKind;

typedef struct Node Node;
struct Node {
    NodeKind kind;
    int line, col;
    double num;   /* N_NUM */
    char *str;    /* N_STR value; N_NAME, N_FIELD, N_ASSIGN (the variable), N_FOR, N_FN,
                     N_PARAM name; N_BIN operator ("+", "**", "and", ...) */
    Node **kids;  /* N_LIST items; N_NEG/N_NOT/N_FIELD [0]; N_BIN [0],[1]; N_CALL [0]=callee,
                     args follow; N_INDEX [0]=object, items follow; N_ASSIGN [0]=value,
                     [1]=target when it is not a plain name (an N_INDEX/N_FIELD chain) */
    char **kw;    /* N_CALL: keyword name per kid (NULL = positional); kw[0] unused */
    size_t n;     /* number of kids */
    int command;  /* N_CALL written without parentheses */
    int refs;     /* a function value keeps its definition alive (node_ref) */
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
/* Release a reference to n (the whole tree goes with the last one). */
void node_free(Node *n);
/* Another reference to n; returns n. */
Node *node_ref(Node *n);

/* Blocks (for, while, if, fn) opened in t and not yet closed by `end`:
 * the REPL reads more lines while this is above 0. */
int parse_open_blocks(const TokList *t);

#endif
