/* err.h — errors as values.
 *
 * Every fallible function in dv returns an int status (0 = ok, -1 = error)
 * and, on error, fills an Err with one clear message.  The message names the
 * file, line, shape or word involved; the front end adds the script position.
 * Nothing below main.c exits or aborts on bad input.
 */
#ifndef DV_CORE_ERR_H
#define DV_CORE_ERR_H

#include <stddef.h>

#define ERR_MSG_MAX 1024

typedef struct Err {
    char msg[ERR_MSG_MAX]; /* empty when no error */
    int cancelled;         /* "stopped by the user": 1 before the statement finished, 2 after it
                              finished (a partial result was kept; the rest did not run) */
    int param;             /* 1 + index of the builtin parameter the error is about; 0 = none */
    char about[32];        /* or the name of the input it is about ("X", "k"), "" = none */
} Err;

/* Clear e (safe on NULL). */
void err_clear(Err *e);

/* Format a message into e and return -1, so callers can write
 * `return err_set(e, "...")`.  e may be NULL (message dropped). */
int err_set(Err *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Like err_set, and the error is about parameter `index` (0-based) of
 * the builtin being called, so the caret points at that argument (index
 * -1: about no parameter in particular). */
int err_param(Err *e, int index, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Like err_set, and the error is about the input named `input` ("X",
 * "k"): for code below the language, which knows its inputs by the names
 * its callers document, not by a builtin's parameter index.  The language
 * points the caret at the argument of that name. */
int err_about(Err *e, const char *input, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Prefix an existing message: "PREFIX: old message".  Returns -1. */
int err_prefix(Err *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Set "out of memory (N bytes for WHAT)" and return -1. */
int err_nomem(Err *e, size_t bytes, const char *what);

/* Set the message for a user interrupt and mark it cancelled.  Returns -1. */
int err_cancelled(Err *e);

#endif
