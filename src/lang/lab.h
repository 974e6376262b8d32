/* lab.h — labs: lessons that run inside dv and check the learner's work.
 *
 * A lab is data (one Lab per file, lab_NAME.c, listed in labs.c): a title,
 * goals, background with the lecture's formulas, the dv statements that
 * load its data, and numbered steps.  A step says what to type and, when
 * it is an exercise, holds a check: a C function that reads the session's
 * variables, computes the right answer itself from the learner's data and
 * says precisely what is missing or wrong.  No answers are stored.
 *
 * The same texts give the screen's step, `hint`, the per-lab man page
 * dv-lab-NAME(7) and the list in dv-labs(7), so they cannot drift apart.
 *
 * Text markup (lab_text.c): paragraphs are separated by blank lines; a
 * line starting with four spaces is shown as is (statements to type,
 * formulas); `backquotes` mark dv code inside a sentence.
 */
#ifndef DV_LANG_LAB_H
#define DV_LANG_LAB_H

#include <stddef.h>
#include <stdio.h>

#include "core/err.h"
#include "lang/ctx.h"

/* A check's verdict goes into why (a sentence or two, no final newline):
 * return 1 when the exercise is done (why says what was confirmed), 0 when
 * it is not (why says what is missing or wrong), -1 with e set when the
 * check itself failed (out of memory, a computation error). */
typedef int (*LabCheckFn)(Ctx *ctx, char *why, size_t n, Err *e);

typedef struct LabStep {
    const char *title; /* a few words */
    const char *text;  /* what to type and why (markup) */
    const char *task;  /* the exercise (markup), or NULL for a step to type along */
    const char *hint;  /* one more nudge for `hint` (markup), or NULL */
    LabCheckFn check;  /* NULL when the step has nothing to check */
} LabStep;

/* One variable a lab loads: the file at path (label: its label column, or
 * NULL; classes: words naming its classes 0, 1, ..., separated by spaces,
 * as load(..., classes=[...]) does, or NULL), or rows [start, end) of
 * variable from, loaded before it. */
typedef struct LabData {
    const char *var;
    const char *path;
    const char *label;
    const char *from;
    size_t start, end;
    const char *classes;
} LabData;

typedef struct Lab {
    const char *name;         /* "pca": `lab pca`, dv-lab-pca(7) */
    const char *title;        /* "Eigenfaces: principal components of faces" */
    const char *needs;        /* builtins and data it uses, one line */
    const char *goals;        /* markup */
    const char *background;   /* markup, with the lecture's formulas */
    const LabData *data;      /* what `lab NAME` loads; ends with a row whose var is NULL */
    const char *setup_note;   /* markup: the variables setup makes ("- `F`: the 400 faces ...") */
    const LabStep *steps;     /* ends with a step whose title is NULL */
    const char *questions;    /* markup: questions to think about, unchecked, or NULL */
    const char *reproducible; /* markup: which settings make the results the same every run */
} Lab;

/* ---- the labs (labs.c) ---------------------------------------------- */

/* Labs in the course's order: i = 0, 1, ... until NULL. */
const Lab *lab_at(size_t i);
const Lab *lab_find(const char *name);
size_t lab_steps(const Lab *lab);

/* ---- data (lab_data.c) ---------------------------------------------- */

/* Load the lab's data into the session's variables; -1 with e set. */
int lab_load_data(Ctx *ctx, const Lab *lab, Err *e);
/* The dv statement that makes d ("F = load(...)"), for the man pages. */
void lab_data_statement(const LabData *d, char *buf, size_t n);

/* ---- text (lab_text.c) ---------------------------------------------- */

/* Print markup to the session, paragraphs filled to the plot width (at
 * most 78 columns) after indent spaces. */
void lab_text_print(Ctx *ctx, const char *markup, int indent);
/* Print one paragraph filled to the width, later lines indented by two. */
void lab_text_say(Ctx *ctx, const char *s);
/* Write markup as man page source (paragraph macros, .nf blocks, escapes). */
void lab_text_roff(FILE *out, const char *markup);
/* Write one line of plain text escaped for roff. */
void lab_roff_escape(FILE *out, const char *s);
/* A line of code (n bytes, no newline) for a man page's code block,
 * escaped, folded after a comma (or, in a formula, a space) to fit 80
 * columns as man renders it. */
void lab_roff_code(FILE *out, const char *s, size_t n);

/* ---- man pages (lab_man.c) -------------------------------------------- */

/* dv-lab-NAME(7) for one lab. */
void lab_man_page(FILE *out, const Lab *lab, const char *version);
/* The list of labs for dv-labs(7). */
void lab_man_index(FILE *out);

/* ---- progress (lab_progress.c) ----------------------------------------- */

/* A learner's place in one lab: the current step (0-based) and which
 * steps' checks have passed. */
typedef struct LabProgress {
    int step;
    unsigned char done[64]; /* 1 when step i's check passed */
} LabProgress;

#define LAB_MAX_STEPS 64

/* The progress file: $XDG_STATE_HOME/dv/labs, or ~/.local/state/dv/labs.
 * Writes path into buf; returns -1 when neither variable is set. */
int lab_progress_path(char *buf, size_t n);
/* Read lab's progress; an absent file or lab gives step 0, nothing done
 * (returns 0).  A corrupt line is ignored. */
int lab_progress_load(const char *name, LabProgress *p, Err *e);
/* Replace lab's line in the file (written to a temporary file, then
 * renamed, so a crash never leaves half a file); -1 with e set. */
int lab_progress_save(const char *name, const LabProgress *p, Err *e);
/* Forget lab's progress (name NULL: every lab's). */
int lab_progress_reset(const char *name, Err *e);

/* ---- the session's lab (lab.c) ----------------------------------------- */

/* Start or resume a lab: runs its setup (loading its data into the
 * session) and prints the current step.  Progress is read and saved only
 * when save is set (interactive sessions). */
int lab_start(Ctx *ctx, const Lab *lab, Err *e);
/* The lab in progress, or NULL. */
const Lab *lab_current(const Ctx *ctx);
/* Run the current step's check and print the verdict. */
int lab_check(Ctx *ctx, Err *e);
int lab_hint(Ctx *ctx, Err *e);
/* Move by delta steps (+1 next, -1 back) and print the new step. */
int lab_move(Ctx *ctx, int delta, Err *e);
/* Print the labs with the learner's progress. */
int lab_list(Ctx *ctx, Err *e);
/* Back to step 1 with nothing done (lab NULL: the current lab). */
int lab_reset(Ctx *ctx, const Lab *lab, Err *e);
/* Print one step (its title, text and task). */
void lab_print_step(Ctx *ctx, const Lab *lab, int step);
/* The step for the screen's status bar ("lab pca 3/5: Variance explained"),
 * or NULL when no lab is in progress. */
const char *lab_status(const Ctx *ctx, char *buf, size_t n);
/* 1 when a check that failed in this session has not passed since: a
 * script that leaves an exercise wrong exits with status 1. */
int lab_unsolved(const Ctx *ctx);
/* Grade the session against every exercise of lab (dv --check-lab): one
 * line per step to out, then a summary.  Returns the number of steps not
 * passed, or -1 with e set. */
int lab_grade(Ctx *ctx, const Lab *lab, FILE *out, Err *e);
/* Make lab the session's lab at step 1 without printing or progress, its
 * data loaded: grading starts here before running the submission. */
int lab_begin(Ctx *ctx, const Lab *lab, Err *e);
/* Free the session's lab state (session_free). */
void lab_state_free(Ctx *ctx);

#endif
