/* help_topics.c — the text of every help topic that is not a builtin:
 * `help syntax` and `help operators` (the language as the parser accepts
 * it) and `help keys`
 * (the keys of the screen and its plot pane, as src/ui/screen.c handles
 * them).  Whoever changes the parser or the screen's keys changes the
 * matching text here; the list is one table so each topic is one row.
 *
 * Lines are at most 78 characters, so a topic reads at 80 columns. */
#include "lang/help.h"

#include <string.h>

static const HelpTopic topics[] = {
    {"syntax", "statements, values, words (help operators: operators, indexing)",
     "Statements (one a line, or separated by ;)\n"
     "  X = load(\"iris.csv\", label=\"species\")   assignment\n"
     "  X[0:3]                 an expression: its value is shown\n"
     "  scatter X, by=L        a call that is a whole statement may drop ( )\n"
     "  # comment              to the end of the line\n"
     "  Inside ( ) or [ ] a statement may go on over several lines.\n"
     "\n"
     "Values\n"
     "  numbers 3, 2.5e-3; true and false (1 and 0); none\n"
     "  strings \"text\" or 'text', with \\n \\t \\\\ \\\" \\'\n"
     "  [1, 2, 3] is a 1x3 vector, [[1, 2], [3, 4]] a 2x2 matrix, [\"a\", 1] a list\n"
     "  models (P = pca(X, 2) has P.scores, P.explained, ...) and plots\n"
     "  A matrix may carry row names, class labels and column names; they\n"
     "  ride along through everything that keeps its rows.\n"
     "\n"
     "Calls\n"
     "  pca(X, 2, method=\"exact\")   positional, then keyword arguments\n"
     "  help NAME shows a builtin's parameters and their defaults.\n"
     "\n"
     "Words: after use E, a name that is not a variable is a word of E:\n"
     "  king - man + woman      shows the nearest words (inputs left out)\n"},
    {"operators", "operators, indexing and fields",
     "Operators (elementwise; a number, row or column broadcasts as in NumPy)\n"
     "  + - * /    arithmetic        @   matrix product      -x  negation\n"
     "  == != < > <= >=   comparisons give 0/1 masks: X[X[:, 0] > 5]\n"
     "  \"a\" + \"b\" joins strings; \"n = \" + 3 joins a number\n"
     "\n"
     "Indexing (0-based, slices half-open, negative counts from the end)\n"
     "  X[i]      row i              X[a:b]      rows a to b-1\n"
     "  X[:, c]   column c           X[:, 2:4]   columns 2 and 3\n"
     "  X[i, j]   a number           X[[3, 1]]   rows 3 and 1\n"
     "  X[\"word\"]  the row of that name   X[:, \"petal_width\"]  that column\n"
     "  X[X.labels == 2]  rows where a mask is 1     L[0], L[1:3]  lists\n"
     "  A selection of rows keeps their numbers: X[40:50] shows rows 40..49.\n"
     "\n"
     "Fields\n"
     "  matrices: .rows .cols .shape .labels .classes .names .colnames .T\n"
     "  models: their fields (P.scores, T.kl); a model stands for its main\n"
     "  matrix where a matrix is expected (scatter T)\n"},
    {"keys", "keys of the screen and its plot pane",
     "At the prompt (readline: arrows, Ctrl-A/E, Ctrl-R search, history)\n"
     "  Enter        run the line (an open bracket asks for more lines)\n"
     "  Tab          complete a builtin, variable, keyword or word;\n"
     "               on an empty line: move the keys to the plot\n"
     "  F2           move the keys to the plot\n"
     "  PgUp PgDn    scroll the console\n"
     "  Ctrl-C       clear the line, or stop the running job (its result\n"
     "               so far is kept)\n"
     "  Ctrl-L       redraw the screen\n"
     "  Ctrl-D       leave dv (on an empty line)\n"
     "\n"
     "In the plot (after Tab or F2)\n"
     "  arrows       move the cursor; the status bar names the nearest point\n"
     "  Shift+arrows pan\n"
     "  + =          zoom in at the cursor      - _   zoom out\n"
     "  0            show everything again\n"
     "  n            put the cursor on the nearest point\n"
     "  l            names at points on/off\n"
     "  f            plot on the whole screen, or back\n"
     "  Enter        copy what is under the cursor to the console\n"
     "  PgUp PgDn    scroll the console\n"
     "  q Esc Tab F2 back to the prompt\n"},
    {NULL, NULL, NULL},
};

const HelpTopic *help_topic_at(size_t i)
{
    return i < sizeof topics / sizeof *topics - 1 ? &topics[i] : NULL;
}

const HelpTopic *help_topic_find(const char *name)
{
    for (const HelpTopic *t = topics; t->name; t++)
        if (strcmp(t->name, name) == 0) return t;
    return NULL;
}
