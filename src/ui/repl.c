/* repl.c — the plain REPL: readline through its callback interface, so a
 * Ctrl-C at the prompt only clears the line, and a Ctrl-C while a
 * statement runs stops it (session_interrupted) without leaving dv. */
#include <errno.h>
#include <readline/history.h>
#include <readline/readline.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ui/frontend.h"

#define PROMPT "dv> "
#define PROMPT_MORE "... "

static Session *repl_session;
static char *pending;  /* text of an entry still being typed (open bracket) */
static int pending_line, entry_line = 1, at_eof;
static char history_path[4096];

/* The history file: $XDG_STATE_HOME/dv/history or ~/.dv_history. */
static void history_file(void)
{
    const char *xdg = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
    history_path[0] = '\0';
    if (xdg && *xdg) {
        snprintf(history_path, sizeof history_path, "%s/dv", xdg);
        mkdir(history_path, 0700);
        snprintf(history_path, sizeof history_path, "%s/dv/history", xdg);
    } else if (home && *home) {
        snprintf(history_path, sizeof history_path, "%s/.dv_history", home);
    }
}

static void run_entry(const char *text, int first_line)
{
    SrcPos pos;
    Err e;
    session_interrupted = 0;
    if (session_run(repl_session, text, "<stdin>", first_line, &pos, &e) < 0) {
        fflush(stdout);
        if (e.cancelled)
            fprintf(stderr, "interrupted (what was computed so far is kept)\n");
        else
            ui_print_error(stderr, "<stdin>", &pos, &e, text, first_line);
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
    if (!pending) pending_line = entry_line;
    pending = buf;
    if (old) pending[old++] = '\n';
    memcpy(pending + old, line, add + 1);
    free(line);
    entry_line++;
    if (session_incomplete(pending)) {
        rl_set_prompt(PROMPT_MORE);
        return;
    }
    if (pending[strspn(pending, " \t\n")]) {
        add_history(pending);
        rl_callback_handler_remove(); /* give the terminal back while it runs */
        run_entry(pending, pending_line);
        rl_callback_handler_install(PROMPT, on_line);
    }
    free(pending);
    pending = NULL;
    rl_set_prompt(PROMPT);
}

void history_load(void)
{
    history_file();
    using_history();
    if (history_path[0]) read_history(history_path);
}

void history_save(void)
{
    if (history_path[0]) {
        write_history(history_path);
        history_truncate_file(history_path, 2000);
    }
}

int repl_run(Session *s)
{
    repl_session = s;
    rl_readline_name = "dv";
    rl_catch_signals = 0;
    ui_complete_install(s);
    history_load();
    ui_install_sigint();
    rl_callback_handler_install(PROMPT, on_line);
    while (!at_eof) {
        fd_set fds;
        FD_ZERO(&fds);
        FD_SET(STDIN_FILENO, &fds);
        int r = select(STDIN_FILENO + 1, &fds, NULL, NULL, NULL);
        if (r < 0) {
            if (errno != EINTR) break;
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
    rl_callback_handler_remove();
    fputc('\n', stdout);
    history_save();
    free(pending);
    pending = NULL;
    ui_complete_free();
    return 0;
}
