/* screen_input.h — the rows of the entry being typed, as the screen shows
 * them under the console: the lines already entered of an unfinished
 * entry (an open bracket or block), then readline's prompt and buffer (a
 * recalled multi-line entry has newlines in it), each line after its
 * prompt and wrapped at the width like a terminal wraps.  This is what
 * readline itself shows on a terminal, so nothing is typed blind.
 */
#ifndef DV_UI_SCREEN_INPUT_H
#define DV_UI_SCREEN_INPUT_H

typedef struct InRow {
    const char *prompt; /* drawn first ("dv> ", "... "), or NULL on a wrapped row */
    const char *s, *e;  /* the row's text [s, e), pointing into the caller's strings */
} InRow;

typedef struct InLayout {
    InRow *rows;
    int n, cap;
    int cur_row, cur_col; /* where the cursor goes */
} InLayout;

/* Lay out the lines of earlier ('\n'-separated; NULL or "" for none),
 * the first after first_prompt and the rest after more_prompt, then buf
 * after prompt (its later lines after more_prompt), with the cursor at
 * byte `point` of buf, wrapped at width cells.  The rows point into the
 * strings, which must outlive the layout.  Returns 0, or -1 when out of
 * memory (the rows laid out so far stay). */
int input_layout(InLayout *L, const char *earlier, const char *first_prompt,
                 const char *more_prompt, const char *prompt, const char *buf, int point,
                 int width);
void input_layout_free(InLayout *L);

/* Cells a prompt or row text takes (control characters count one). */
int input_text_width(const char *s, const char *e);

#endif
