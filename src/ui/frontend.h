/* frontend.h — the plain front ends (scripts, -e, stdin, readline REPL) and
 * what they share: terminal facts, error printing, the progress bar. */
#ifndef DV_UI_FRONTEND_H
#define DV_UI_FRONTEND_H

#include <stdio.h>

#include "lang/eval.h"

/* What the terminal on stdout can show. */
typedef struct TermInfo {
    int width, height; /* cells: TIOCGWINSZ, else COLUMNS/LINES, else 80x24 */
    int color;         /* 0, 8 or 256: only when stdout is a terminal and NO_COLOR is unset */
    int utf8;          /* the locale's codeset is UTF-8 */
} TermInfo;

void term_detect(TermInfo *t);

/* Colour as the user asks for it: --color=auto|always|never (parsed by
 * term_parse_color, -1 when it is none of them), CLICOLOR_FORCE, and
 * NO_COLOR, which wins over both. */
enum { TERM_COLOR_AUTO, TERM_COLOR_ALWAYS, TERM_COLOR_NEVER };
int term_parse_color(const char *s);
void term_set_color_mode(int mode);
/* 0: no colour; 1: colour when the output is a terminal that has it
 * (tty says whether it is one); 2: colour whatever the output is. */
int term_color_wanted(int tty);

/* The terminfo entry to use for term: term itself when this machine has
 * an entry for it, else xterm-256color, else xterm (a TERM such as
 * xterm-kitty or foot, set by a terminal on another machine, often has no
 * entry on a server reached over SSH); NULL when none has one. */
const char *term_usable(const char *term);
/* Apply t to the session's ctx (plot size, colour, UTF-8). */
void term_apply(const TermInfo *t, Ctx *ctx);

/* Print "FILE:LINE:COL: error: MESSAGE" to out; with src (the text that
 * was run, whose first line is first_line) also the line and a caret. */
void ui_print_error(FILE *out, const char *file, const SrcPos *pos, const Err *e,
                    const char *src, int first_line);
/* The source line of pos and a caret under its column. */
void ui_print_caret(FILE *out, const SrcPos *pos, const char *src, int first_line);

/* What to say when a statement was stopped by the user (e->cancelled):
 * whether its partial result was kept. */
const char *ui_interrupted_text(const Err *e);

/* Install SIGINT handling: the first Ctrl-C sets session_interrupted, a
 * second one while it is still set ends the program. */
void ui_install_sigint(void);

/* Install the stderr progress bar as the session's progress hook (drawn
 * only when stderr is a terminal; nothing otherwise). */
void progress_bar_install(void);

/* The script front ends write text to stdout through this hook, which
 * stops the running statement when a write fails. */
void ui_script_output(Session *s);
/* Flush stdout; on a write error (other than a reader that went away)
 * print "dv: write error on standard output: ..." once.  Returns 1 when
 * stdout failed, else 0. */
int ui_check_stdout(void);

/* Run a whole script; returns the exit status (0, or 1 on error). */
int run_script_text(Session *s, const char *text, const char *name);
/* Read and run a file ("-" = stdin); returns the exit status. */
int run_script_file(Session *s, const char *path);

/* The history file ($XDG_STATE_HOME/dv/history or ~/.dv_history), shared
 * by both prompts and by concurrent sessions (history.c).  history_open
 * loads it into readline's history; history_add adds an entry there and
 * appends it to the file at once.  Both return 0, or -1 with e set (a
 * write error is reported once; later ones return -1 with e empty). */
int history_open(Err *e);
int history_add(const char *entry, Err *e);
const char *history_path(void); /* "" when there is no file */

/* Tab completion for readline from the session (complete.c).  While
 * busy is set (a statement runs on another thread) only builtin names
 * are offered, without reading the session. */
void ui_complete_install(Session *s);
void ui_complete_busy(int busy);
void ui_complete_free(void);

/* Parse src without running it (entry_check.c): 0, or -1 with e and *pos
 * (lines from 1) at the syntax error.  Does not touch any session. */
int entry_check(const char *src, SrcPos *pos, Err *e);

/* The plain readline REPL; returns the exit status. */
int repl_run(Session *s);

#endif
