/* screen_input.c — laying out the entry being typed (see screen_input.h). */
#include "ui/screen_input.h"

#include <stdlib.h>
#include <string.h>

#include "plot/grid.h"

static int cell_width(uint32_t cp)
{
    return cp < 32 || cp == 127 ? 1 : grid_cp_width(cp);
}

int input_text_width(const char *s, const char *e)
{
    int w = 0;
    while (s < e && *s)
        w += cell_width(utf8_decode(&s));
    return w;
}

static int push(InLayout *L, const char *prompt, const char *s)
{
    if (L->n == L->cap) {
        int cap = L->cap ? L->cap * 2 : 16;
        InRow *r = realloc(L->rows, (size_t)cap * sizeof *r);
        if (!r) return -1;
        L->rows = r;
        L->cap = cap;
    }
    L->rows[L->n++] = (InRow){prompt, s, s};
    return 0;
}

/* One logical line [s, e) after prompt; cursor: where the cursor is in
 * it, or NULL. */
static int lay_line(InLayout *L, const char *prompt, const char *s, const char *e,
                    const char *cursor, int width)
{
    if (push(L, prompt, s) < 0) return -1;
    int x = input_text_width(prompt, prompt + strlen(prompt));
    if (x > width - 1) x = width > 1 ? width - 1 : 0; /* a prompt wider than the pane is cut */
    for (const char *p = s;;) {
        if (p == cursor) {
            if (x >= width) { /* the cursor after a full row: on the next one */
                if (push(L, NULL, p) < 0) return -1;
                x = 0;
            }
            L->cur_row = L->n - 1;
            L->cur_col = x;
        }
        if (p >= e) break;
        const char *q = p;
        int w = cell_width(utf8_decode(&q));
        if (x + w > width && x > 0) {
            if (push(L, NULL, p) < 0) return -1;
            x = 0;
        }
        x += w;
        p = q;
        L->rows[L->n - 1].e = p;
    }
    return 0;
}

int input_layout(InLayout *L, const char *earlier, const char *first_prompt,
                 const char *more_prompt, const char *prompt, const char *buf, int point, int width)
{
    L->n = 0;
    L->cur_row = L->cur_col = 0;
    if (width < 1) width = 1;
    int first = 1;
    for (const char *p = earlier; p && *p;) {
        const char *nl = strchr(p, '\n'), *e = nl ? nl : p + strlen(p);
        if (lay_line(L, first ? first_prompt : more_prompt, p, e, NULL, width) < 0) return -1;
        first = 0;
        if (!nl) break;
        p = nl + 1;
    }
    size_t len = strlen(buf);
    if (point < 0) point = 0;
    if ((size_t)point > len) point = (int)len;
    const char *cursor = buf + point;
    for (const char *p = buf;;) {
        const char *nl = strchr(p, '\n'), *e = nl ? nl : p + strlen(p);
        if (lay_line(L, p == buf ? prompt : more_prompt, p, e,
                     cursor >= p && cursor <= e ? cursor : NULL, width) < 0)
            return -1;
        if (!nl) break;
        p = nl + 1;
    }
    return 0;
}

void input_layout_free(InLayout *L)
{
    free(L->rows);
    memset(L, 0, sizeof *L);
}
