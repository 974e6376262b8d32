/* screen.h — the ncurses workbench (see screen.c). */
#ifndef DV_UI_SCREEN_H
#define DV_UI_SCREEN_H

#include "lang/eval.h"

/* Run the full-screen session until Ctrl-D; returns the exit status. */
int screen_run(Session *s);

#endif
