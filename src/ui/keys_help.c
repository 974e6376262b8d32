/* keys_help.c — the screen's keys in one place: the help F1 and ? show,
 * and the text `help keys` and the man page's screen section follow. */
#include "ui/frontend.h"

const char *ui_keys_help(void)
{
    return "Keys of the dv screen (any key closes this help)\n"
           "\n"
           "At the prompt\n"
           "  Enter            run the entry; an open bracket or block asks for more lines\n"
           "  Up, Down         history (a multi-line entry comes back whole); Ctrl-R searches\n"
           "  Tab              complete builtins, variables, keywords, fields and words;\n"
           "                   file names inside a string: load(\"da<Tab>\n"
           "  F2, Tab on an empty line   explore the plot with the plot keys\n"
           "  PageUp, PageDown scroll the console\n"
           "  F3               plot/console split: auto, 3/4, 1/2, 1/4 plot (or: layout 0.5)\n"
           "  F1               this help\n"
           "  Ctrl-C           drop the line; stop the running job; then drop what is queued\n"
           "  Ctrl-L           clear the console (PageUp still shows what was there)\n"
           "  Ctrl-D           leave (on an empty line)\n"
           "\n"
           "In the plot\n"
           "  arrows, h j k l  move the cursor; the status bar names the nearest point\n"
           "  Shift-arrows, H J K L   pan\n"
           "  + -              zoom in and out around the cursor\n"
           "  0                the whole plot again\n"
           "  n                onto the nearest point\n"
           "  t                names (text) at the points\n"
           "  f                the plot takes the console's rows too, until you leave it\n"
           "  Enter            copy the point's description into the console\n"
           "  ? F1             this help\n"
           "  q Esc F2 Tab     back to the prompt\n";
}
