/* keys_help.c — what F1 and ? show in the screen: the text of `help keys`
 * (lang/help_topics.c, the one place the keys are described) under a
 * title line. */
#include <stdio.h>

#include "lang/help.h"
#include "ui/frontend.h"

const char *ui_keys_help(void)
{
    static char text[4096];
    const HelpTopic *t = help_topic_find("keys");
    snprintf(text, sizeof text, "Keys of the dv screen (any key closes this help)\n\n%s", t ? t->text : "");
    return text;
}
