/* help_topics.c — the text of every help topic that is not a builtin:
 * `help syntax` and `help operators` (the language as the parser accepts
 * it), `help net` (network descriptions, as src/nn/spec.c parses them) and
 * `help keys` (the keys of the screen and its plot pane, as src/ui/screen.c
 * handles them; the screen's F1 shows the same text).  Whoever changes the
 * parser or the screen's keys changes the matching text here; the list is
 * one table so each topic is one row.
 *
 * Lines are at most 78 characters, so a topic reads at 80 columns. */
#include "lang/help.h"

#include <string.h>

static const HelpTopic topics[] = {
    {"syntax", "statements, blocks, functions, values (help operators: indexing)",
     "Statements (one a line, or separated by ;)     # a comment\n"
     "  X = load(\"data:iris.csv\")   assignment; X[0:3] alone shows its value\n"
     "  scatter X, by=L        a call that is a whole statement may drop ( )\n"
     "  X[0, 1] = 9; X[:, 0] = X[:, 0] / 2; X[X < 0] = 0; P.note = \"v2\"\n"
     "                         assign into a copy: no other variable changes\n"
     "Blocks end with end, at the prompt as in a script\n"
     "  for p in [5, 30, 100] do T = tsne(X, perplexity=p) end\n"
     "  while err > 0.01 do ... end        break and continue leave or skip\n"
     "  if k > 2 then ... elif k == 2 then ... else ... end\n"
     "Functions: locals are their own; errors name the call chain\n"
     "  fn scaled(X, s=1) return X / max(abs(X)) * s end\n"
     "  Y = scaled(X, s=2)\n"
     "Values\n"
     "  3, 2.5e-3, true, false (1 and 0), none, \"text\" or 'text' (\\n \\t \\\")\n"
     "  [1, 2, 3] a 1x3 vector, [[1, 2], [3, 4]] a 2x2 matrix, [\"a\", 1] a list\n"
     "  models (P = pca(X, 2): P.scores, P.explained) and plots; a matrix's\n"
     "  row names, labels and column names ride along with its rows\n"
     "Calls: pca(X, 2, method=\"exact\"); help NAME lists the parameters\n"
     "Words: after use E a name that is not a variable is a word of E:\n"
     "  king - man + woman      shows the nearest words (inputs left out)\n"},
    {"operators", "operators, indexing and fields",
     "Operators (elementwise; a number, row or column broadcasts as in NumPy)\n"
     "  + - * /    arithmetic      **  power (right to left)      @  matrix product\n"
     "  == != < > <= >=   comparisons give 0/1 masks: X[X[:, 0] > 5]\n"
     "  and or not  logic (elementwise on masks; and/or skip what they need not)\n"
     "  \"a\" + \"b\" joins strings; \"n = \" + 3 joins a number;  -x negates\n"
     "  == != on strings, lists (X.classes == [\"a\", \"b\"]) or none: true or false\n"
     "\n"
     "Indexing (0-based, slices half-open, negative counts from the end)\n"
     "  X[i]      row i              X[a:b]      rows a to b-1\n"
     "  X[:, c]   column c           X[:, 2:4]   columns 2 and 3\n"
     "  X[i, j]   a number           X[[3, 1]]   rows 3 and 1\n"
     "  X[\"word\"]  the row of that name   X[:, \"petal_width\"]  that column\n"
     "  X[X.labels == 2]  rows where a mask is 1     L[0], L[1:3]  lists\n"
     "  v[i] of a vector, or of a column (sum(X, axis=1)), is a number\n"
     "  A selection of rows keeps their numbers: X[40:50] shows rows 40..49.\n"
     "\n"
     "Fields\n"
     "  matrices: .rows .cols .shape .labels .classes .names .colnames .T\n"
     "  models: their fields (P.scores, T.kl); a model stands for its main\n"
     "  matrix where a matrix is expected (scatter T)\n"},
    {"keys", "keys of the screen and its plot pane (F1 in the screen)",
     "At the prompt (readline keys: arrows, Ctrl-A/E, Ctrl-R searches the history)\n"
     "  Enter        run the entry; an open bracket or block asks for more lines\n"
     "  Up Down      history; a multi-line entry comes back whole\n"
     "  Tab          complete names, keywords, fields, words; files in \"...\"\n"
     "  F2, or Tab on an empty line: explore the plot with the keys below\n"
     "  PgUp PgDn    scroll the console\n"
     "  F3           plot/console split: auto, 3/4, 1/2, 1/4 (or: layout 0.5)\n"
     "  F1           these keys (or: help keys)\n"
     "  Ctrl-C       drop the line; stop the running job, keeping its result so\n"
     "               far; again: drop the entries queued behind it\n"
     "  Ctrl-L       clear the console (PgUp still shows what was there)\n"
     "  Ctrl-D       leave dv (on an empty line)\n"
     "In the plot\n"
     "  arrows hjkl  move the cursor; the status bar names the nearest point\n"
     "  Shift+arrows, H J K L   pan        + =  zoom in     - _  zoom out\n"
     "  0            show everything again      n   onto the nearest point\n"
     "  t            names at the points on/off\n"
     "  f            the plot takes the console's rows too (until you leave it)\n"
     "  Enter        copy what is under the cursor to the console\n"
     "  ? F1         these keys                 q Esc Tab F2   back to the prompt\n"},
    {"net", "network descriptions for classifier and triplet (net=)",
     "A network is a list of widths (layers=[256, 64]: dense layers) or, with\n"
     "net=, layer words separated by spaces, input first (a trained model's\n"
     ".net shows the network it built in the same words):\n"
     "  net=\"conv(8,3) pool(2) conv(16,3) pool(2) dense(64)\"\n"
     "\n"
     "  dense(n)                   fully connected, n outputs\n"
     "  conv(f, k, stride, pad)    f filters k x k (stride 1, pad 0 by default)\n"
     "  deconv(f, k, stride, pad)  transposed convolution (upsamples)\n"
     "  pool(k, stride)            max pooling (stride k by default)\n"
     "  dropout(p)                 zero a share p while training\n"
     "  flatten  reshape(h, w, c)  images to rows, rows to images\n"
     "  relu leaky(0.01) tanh sigmoid linear\n"
     "                             the activation of the layer before; dense,\n"
     "                             conv and deconv take activation= otherwise\n"
     "\n"
     "Later arguments may be named: conv(16, 3, stride=2, pad=1).  Rows are\n"
     "images when X has an image shape (IDX files, image folders) or after\n"
     "reshape(h, w, c).  The trainer adds the output layer (linear).\n"},
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
