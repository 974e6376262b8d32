/* limits.h — every size limit of the language in one place (as SQLite's
 * sqliteLimit.h).  Past a limit the lexer, parser or evaluator stops with
 * a positioned error ("FILE:L:C: error: ...") instead of running out of C
 * stack or memory.  Raise one only after checking the worst case under
 * ASan, whose stack frames are several times larger.
 */
#ifndef DV_LANG_LIMITS_H
#define DV_LANG_LIMITS_H

/* Longest name (variable, builtin, keyword argument, field). */
#define LIMIT_NAME_LENGTH 256

/* Deepest nesting of brackets, parentheses, unary signs and right-hand
 * operands inside one expression: [[[...]]], -(-(-x)), 2 ** 2 ** ...
 * The parser recurses once per level; long flat chains (a + b + ... with
 * tens of thousands of terms) do not count, they are built and evaluated
 * without recursion. */
#define LIMIT_EXPR_DEPTH 200

/* Deepest nesting of blocks (for, while, if, fn) inside one another. */
#define LIMIT_BLOCK_DEPTH 100

/* Deepest chain of function calls (a function calling itself without end
 * stops here with the call chain in the message). */
#define LIMIT_CALL_DEPTH 200

/* Deepest nesting of lists inside lists built at run time ([l] in a loop). */
#define LIMIT_LIST_DEPTH 200

/* Stack the evaluator may use below the point where a statement starts,
 * as a fraction of the thread's stack: a guard behind the limits above
 * (which bound the recursion in count, not in bytes). */
#define LIMIT_STACK_SHARE 2 /* use at most 1/2 of the stack */

/* Most frames of a call chain an error message lists before "...". */
#define LIMIT_TRACE_FRAMES 8

#endif
