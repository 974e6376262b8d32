/* complete.c — Tab completion for both prompts (plain REPL and screen):
 * builtins, variables, keyword names of the call around the cursor, and
 * the words of the `use`d embedding, from session_complete; file names
 * inside a string (load("da<Tab>).  While the
 * screen runs a statement the session is busy, so only builtin names are
 * offered then. */
#include <readline/readline.h>
#include <stdlib.h>
#include <string.h>

#include "lang/builtin.h"
#include "ui/frontend.h"

static Session *comp_session;
static int comp_busy;
static char **completions;
static size_t completion_i;

static void free_completions(void)
{
    if (completions) {
        for (size_t i = 0; completions[i]; i++) free(completions[i]);
        free(completions);
        completions = NULL;
    }
}

static char *complete_next(const char *text, int state)
{
    (void)text;
    if (!state) completion_i = 0;
    if (!completions || !completions[completion_i]) return NULL;
    return strdup(completions[completion_i++]);
}

/* Builtin names starting with the word (the session may not be read). */
static char **builtin_names(const char *line, int start, int end)
{
    size_t n = 0, len = (size_t)(end - start);
    for (size_t i = 0; builtin_at(i); i++)
        if (strncmp(builtin_at(i)->name, line + start, len) == 0) n++;
    char **v = calloc(n + 1, sizeof *v);
    if (!v) return NULL;
    size_t k = 0;
    for (size_t i = 0; builtin_at(i) && k < n; i++)
        if (strncmp(builtin_at(i)->name, line + start, len) == 0 && (v[k] = strdup(builtin_at(i)->name))) k++;
    if (k == 0) {
        free(v);
        return NULL;
    }
    return v;
}

static char **complete(const char *text, int start, int end)
{
    free_completions();
    /* Inside a string: file names (readline found the opening quote and
     * closes it after a file; a directory gets its '/'), else the words
     * the session offers (E["que). */
    if (rl_completion_quote_character) {
        rl_attempted_completion_over = 1;
        rl_filename_completion_desired = 1;
        rl_completion_append_character = '\0';
        char **m = rl_completion_matches(text, rl_filename_completion_function);
        if (m || comp_busy) return m;
        rl_filename_completion_desired = 0;
    }
    completions = comp_busy ? builtin_names(rl_line_buffer, start, end)
                            : session_complete(comp_session, rl_line_buffer, start, end);
    rl_attempted_completion_over = 1; /* no file names */
    if (!completions) return NULL;
    /* keyword completions end with '=': no space after them */
    rl_completion_append_character = ' ';
    for (size_t i = 0; completions[i]; i++) {
        size_t l = strlen(completions[i]);
        if (l && completions[i][l - 1] == '=') rl_completion_append_character = '\0';
    }
    return rl_completion_matches(text, complete_next);
}

/* Inside a string the word starts after its quote; readline skips a
 * word-break character there, so a path's leading '/' must not be one. */
static char *word_breaks(void)
{
    static char normal[] = " \t\n\"'`@$><=;|&{(,[]+-*/.:", in_string[] = "\"'";
    char quote = 0;
    for (int i = 0; i < rl_point && rl_line_buffer[i]; i++) {
        char c = rl_line_buffer[i];
        if (quote && c == '\\' && i + 1 < rl_point) i++;
        else if (quote && c == quote) quote = 0;
        else if (!quote && (c == '"' || c == '\'')) quote = c;
        else if (!quote && c == '#') break; /* a comment */
    }
    return quote ? in_string : normal;
}

void ui_complete_install(Session *s)
{
    comp_session = s;
    comp_busy = 0;
    rl_attempted_completion_function = complete;
    rl_completer_quote_characters = "\"'";
    rl_basic_word_break_characters = " \t\n\"'`@$><=;|&{(,[]+-*/.:";
    rl_completion_word_break_hook = word_breaks;
}

void ui_complete_busy(int busy)
{
    comp_busy = busy;
}

void ui_complete_free(void)
{
    free_completions();
}
