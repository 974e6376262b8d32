/* complete.c — Tab completion for both prompts (plain REPL and screen):
 * builtins, variables, keyword names of the call around the cursor, and
 * the words of the `use`d embedding, from session_complete; file names
 * inside a string (load("da<Tab>), and the data folders' files after
 * data: (load("data:ir<Tab>), as datapath.h resolves them.  While the
 * screen runs a statement the session is busy, so only builtin names are
 * offered then. */
#include <dirent.h>
#include <readline/readline.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lang/builtin.h"
#include "lang/datapath.h"
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

/* Add s to the NULL-ended list *v (n items so far), unless it is there:
 * the same name may be in two data folders. */
static int names_add(char ***v, size_t *n, const char *s)
{
    for (size_t i = 0; i < *n; i++)
        if (strcmp((*v)[i], s) == 0) return 0;
    char **w = realloc(*v, (*n + 2) * sizeof *w);
    if (!w) return -1;
    *v = w;
    if (!(w[*n] = strdup(s))) return -1;
    w[++*n] = NULL;
    return 0;
}

/* "data:REST" inside a string: "data:SUB/NAME" for the entries NAME of
 * each data folder's SUB that start as REST's last part does (a folder
 * with its '/').  Returns a NULL-ended list the caller frees, or NULL. */
static char **data_names(const char *text)
{
    const char *rest = text + strlen(DATAPATH_PREFIX);
    const char *slash = strrchr(rest, '/');
    size_t sub = slash ? (size_t)(slash - rest) + 1 : 0, plen = strlen(rest + sub);
    char **v = NULL;
    size_t n = 0;
    for (size_t i = 0; datapath_dir(i); i++) {
        char dir[4096];
        if (snprintf(dir, sizeof dir, "%s/%.*s", datapath_dir(i), (int)sub, rest) >= (int)sizeof dir) continue;
        DIR *d = opendir(dir);
        if (!d) continue;
        struct dirent *de;
        while ((de = readdir(d))) {
            if (de->d_name[0] == '.' || strncmp(de->d_name, rest + sub, plen) != 0) continue;
            char path[4096 + 256], name[4096 + 256];
            struct stat st;
            snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
            int is_dir = stat(path, &st) == 0 && S_ISDIR(st.st_mode);
            snprintf(name, sizeof name, "%s%.*s%s%s", DATAPATH_PREFIX, (int)sub, rest, de->d_name,
                     is_dir ? "/" : "");
            if (names_add(&v, &n, name) < 0) break;
        }
        closedir(d);
    }
    return v;
}

static char **complete(const char *text, int start, int end)
{
    free_completions();
    /* data:NAME: the data folders' files; a folder stays open (no quote
     * closes it) so Tab goes on into it */
    if (rl_completion_quote_character && strncmp(text, DATAPATH_PREFIX, strlen(DATAPATH_PREFIX)) == 0) {
        rl_attempted_completion_over = 1;
        completions = data_names(text);
        if (!completions) return NULL;
        rl_completion_append_character = '\0';
        size_t l = strlen(completions[0]);
        rl_completion_suppress_quote = !completions[1] && l && completions[0][l - 1] == '/';
        return rl_completion_matches(text, complete_next);
    }
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
