/* complete.c — Tab completion for both prompts (plain REPL and screen):
 * builtins, variables, keyword names of the call around the cursor, and
 * the words of the `use`d embedding, from session_complete.  While the
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

void ui_complete_install(Session *s)
{
    comp_session = s;
    comp_busy = 0;
    rl_attempted_completion_function = complete;
    rl_basic_word_break_characters = " \t\n\"'`@$><=;|&{(,[]+-*/.:";
}

void ui_complete_busy(int busy)
{
    comp_busy = busy;
}

void ui_complete_free(void)
{
    free_completions();
}
