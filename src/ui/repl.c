/* repl.c — the plain REPL: readline through its callback interface, so a
 * Ctrl-C at the prompt only clears the line, and a Ctrl-C while a
 * statement runs stops it (session_interrupted) without leaving dv.
 * SIGTERM and SIGHUP (the SSH link dropped) stop a running statement and
 * leave through the normal path, so readline gives the terminal its modes
 * back; the history is saved entry by entry (history.c) anyway. */
#include <errno.h>
#include <readline/history.h>
#include <readline/readline.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <unistd.h>

#include "ui/frontend.h"

#define PROMPT "dv> "
#define PROMPT_MORE "... "

static Session *repl_session;
static char *pending; /* text of an entry still being typed (open bracket) */
static int entry_no, at_eof;
static volatile sig_atomic_t got_term;

static void on_term(int sig)
{
    got_term = sig;
    session_interrupted = 1;
}

static void run_entry(const char *text)
{
    SrcPos pos;
    Err e;
    char name[32];
    snprintf(name, sizeof name, "<entry %d>", ++entry_no);
    session_interrupted = 0;
    if (session_run(repl_session, text, name, 1, &pos, &e) < 0) {
        fflush(stdout);
        if (e.cancelled)
            fprintf(stderr, "%s\n", ui_interrupted_text(&e));
        else
            ui_print_error(stderr, name, &pos, &e, text, 1);
    }
    session_interrupted = 0;
    fflush(stdout);
}

static void on_line(char *line)
{
    if (!line) {
        at_eof = 1;
        rl_callback_handler_remove();
        return;
    }
    size_t old = pending ? strlen(pending) : 0, add = strlen(line);
    char *buf = realloc(pending, old + add + 2);
    if (!buf) {
        free(line);
        fprintf(stderr, "dv: out of memory\n");
        return;
    }
    pending = buf;
    if (old) pending[old++] = '\n';
    memcpy(pending + old, line, add + 1);
    free(line);
    if (session_incomplete(pending)) {
        rl_set_prompt(PROMPT_MORE);
        return;
    }
    if (pending[strspn(pending, " \t\n")]) {
        Err e;
        if (history_add(pending, &e) < 0 && e.msg[0]) fprintf(stderr, "dv: %s\n", e.msg);
        rl_callback_handler_remove(); /* give the terminal back while it runs */
        run_entry(pending);
        if (!got_term) rl_callback_handler_install(PROMPT, on_line);
    }
    free(pending);
    pending = NULL;
    rl_set_prompt(PROMPT);
}

int repl_run(Session *s)
{
    repl_session = s;
    rl_readline_name = "dv";
    const char *term = getenv("TERM"), *use = term && *term && strcmp(term, "dumb") != 0 ? term_usable(term) : NULL;
    if (use && strcmp(use, term) != 0) {
        fprintf(stderr, "dv: TERM=%s has no terminfo entry on this machine; using %s\n", term, use);
        rl_terminal_name = use;
    }
    rl_catch_signals = 0;
    ui_complete_install(s);
    Err e;
    if (history_open(&e) < 0) fprintf(stderr, "dv: %s\n", e.msg);
    ui_install_sigint();
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = on_term; /* no SA_RESTART: select returns at once */
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    rl_callback_handler_install(PROMPT, on_line);
    while (!at_eof && !got_term) {
        fd_set fds;
        FD_ZERO(&fds);
        FD_SET(STDIN_FILENO, &fds);
        int r = select(STDIN_FILENO + 1, &fds, NULL, NULL, NULL);
        if (r < 0) {
            if (errno != EINTR) break;
            if (got_term) break;
            if (session_interrupted) { /* Ctrl-C at the prompt: drop the line */
                session_interrupted = 0;
                rl_callback_sigcleanup();
                rl_replace_line("", 0);
                free(pending);
                pending = NULL;
                fputs("^C\n", rl_outstream ? rl_outstream : stdout);
                rl_set_prompt(PROMPT);
                rl_on_new_line();
                rl_redisplay();
            }
            continue;
        }
        rl_callback_read_char();
    }
    rl_callback_handler_remove(); /* the terminal's modes as they were */
    if (!got_term) fputc('\n', stdout);
    free(pending);
    pending = NULL;
    ui_complete_free();
    return got_term ? 128 + got_term : 0;
}
