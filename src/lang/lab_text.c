/* lab_text.c — the labs' text markup, shown in the session and written as
 * man page source.
 *
 * Markup (lab.h): paragraphs separated by blank lines; a line starting
 * with four spaces is shown as is (statements, formulas); a line starting
 * with "- " is a list item; `backquotes` mark code inside a sentence. */
#include <stdlib.h>
#include <string.h>

#include "lang/lab.h"

enum { LINE_BLANK, LINE_CODE, LINE_ITEM, LINE_TEXT };

static int line_kind(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && s[i] == ' ')
        i++;
    if (i == n) return LINE_BLANK;
    if (n >= 4 && strncmp(s, "    ", 4) == 0) return LINE_CODE;
    if (n >= 2 && s[0] == '-' && s[1] == ' ') return LINE_ITEM;
    return LINE_TEXT;
}

/* The next line of markup: [*s, *s + *n); returns 0 at the end. */
static int next_line(const char **p, const char **s, size_t *n)
{
    if (!**p) return 0;
    const char *nl = strchr(*p, '\n');
    *s = *p;
    *n = nl ? (size_t)(nl - *p) : strlen(*p);
    *p = nl ? nl + 1 : *p + *n;
    return 1;
}

/* Where to fold a code line [s, s + n) to fit width columns: after the
 * last ", " outside quotes (dv reads on after a trailing comma, so the
 * folded statement still runs), else after the last space (a formula);
 * n when it fits or there is nowhere to fold. */
static size_t code_fold(const char *s, size_t n, size_t width)
{
    size_t cols = 0, comma = 0, space = 0;
    char quote = 0;
    for (size_t i = 0; i < n; i++) {
        if (((unsigned char)s[i] & 0xC0) != 0x80) cols++;
        if (cols > width) return comma ? comma : space ? space : n;
        if (quote) {
            if (s[i] == quote) quote = 0;
        } else if (s[i] == '"' || s[i] == '\'') {
            quote = s[i];
        } else if (s[i] == ' ' && i > 0) {
            if (s[i - 1] == ',') comma = i;
            space = i;
        }
    }
    return n;
}

/* Folded lines of a code line go on this much further in. */
enum { CODE_FOLD_INDENT = 4 };

/* ---- the session ------------------------------------------------------ */

/* Display width of a UTF-8 string (one column per code point: the texts
 * hold no wide characters). */
static size_t text_width(const char *s, size_t n)
{
    size_t w = 0;
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80) w++;
    return w;
}

/* Fill the words of [s, s + n) to width columns.  The first word goes at
 * column col when something is printed there already (col > 0), else
 * after first spaces; later lines start after indent spaces. */
static void fill(Ctx *ctx, const char *s, size_t n, int col, int first, int indent, int width)
{
    int line_start = col == 0, lead = first;
    size_t i = 0;
    while (i < n) {
        while (i < n && (s[i] == ' ' || s[i] == '\n'))
            i++;
        if (i == n) break;
        size_t j = i;
        while (j < n && s[j] != ' ' && s[j] != '\n')
            j++;
        int w = (int)text_width(s + i, j - i);
        if (!line_start && col > lead && col + 1 + w > width) {
            ctx_printf(ctx, "\n");
            line_start = 1;
            lead = indent;
        }
        if (line_start) {
            ctx_printf(ctx, "%*s", lead, "");
            col = lead;
            line_start = 0;
        } else if (col > lead) {
            ctx_printf(ctx, " ");
            col++;
        }
        ctx_write(ctx, s + i, j - i);
        col += w;
        i = j;
    }
    ctx_printf(ctx, "\n");
}

static int text_columns(const Ctx *ctx)
{
    return ctx->width >= 40 && ctx->width < 78 ? ctx->width : ctx->width < 40 ? 40 : 78;
}

void lab_text_say(Ctx *ctx, const char *s)
{
    fill(ctx, s, strlen(s), 0, 0, 2, text_columns(ctx));
}

void lab_text_print(Ctx *ctx, const char *markup, int indent)
{
    if (!markup) return;
    int width = text_columns(ctx);
    if (width < indent + 30) width = indent + 30;
    const char *p = markup, *s;
    size_t n;
    int need_gap = 0; /* a blank line before the next block */
    int kind = LINE_BLANK;
    while (next_line(&p, &s, &n)) {
        kind = line_kind(s, n);
        if (kind == LINE_BLANK) {
            need_gap = 1;
            continue;
        }
        if (need_gap) ctx_printf(ctx, "\n");
        need_gap = 0;
        if (kind == LINE_CODE) {
            /* consecutive code lines form one block; a long one is folded */
            int lead = indent, own = 0; /* the markup's own 4 spaces and more */
            while ((size_t)own < n && s[own] == ' ')
                own++;
            for (; n > 0; lead = indent + own + CODE_FOLD_INDENT) {
                size_t b = code_fold(s, n, (size_t)(width - lead));
                ctx_printf(ctx, "%*s", lead, "");
                ctx_write(ctx, s, b);
                ctx_printf(ctx, "\n");
                for (s += b, n -= b; n > 0 && *s == ' '; n--)
                    s++;
            }
            continue;
        }
        /* a paragraph or an item: this line and the text lines after it */
        const char *start = s, *end = s + n;
        const char *q = p, *s2;
        size_t n2;
        while (next_line(&q, &s2, &n2) && line_kind(s2, n2) == LINE_TEXT) {
            end = s2 + n2;
            p = q;
        }
        if (kind == LINE_ITEM) {
            ctx_printf(ctx, "%*s- ", indent, "");
            fill(ctx, start + 2, (size_t)(end - start - 2), indent + 2, indent + 2, indent + 2,
                 width);
        } else {
            fill(ctx, start, (size_t)(end - start), 0, indent, indent, width);
        }
    }
}

/* ---- roff --------------------------------------------------------------- */

/* One character for roff, in a line that is not at its start. Characters
 * groff would typeset as something else are asked for by name, so code
 * copied from the page is what dv reads. */
static void roff_char(FILE *out, char c)
{
    switch (c) {
    case '\\':
        fputs("\\e", out);
        break;
    case '-':
        fputs("\\-", out);
        break;
    case '\'':
        fputs("\\(aq", out);
        break;
    case '`':
        fputs("\\(ga", out);
        break;
    case '~':
        fputs("\\(ti", out);
        break;
    case '^':
        fputs("\\(ha", out);
        break;
    default:
        fputc(c, out);
    }
}

static void roff_span(FILE *out, const char *s, size_t n, int code_marks)
{
    int in_code = 0;
    if (n > 0 && (s[0] == '.' || s[0] == '\'')) fputs("\\&", out);
    for (size_t i = 0; i < n; i++) {
        if (code_marks && s[i] == '`') {
            fputs(in_code ? "\\fR" : "\\fB\\%", out);
            in_code = !in_code;
            continue;
        }
        roff_char(out, s[i]);
    }
    if (in_code) fputs("\\fR", out);
}

void lab_roff_escape(FILE *out, const char *s)
{
    roff_span(out, s, strlen(s), 0);
}

/* A man page shows a code block 12 columns in (.RS 4 in a section), and
 * man renders at 80 columns with a line length of 78. */
enum { ROFF_CODE_WIDTH = 66 };

void lab_roff_code(FILE *out, const char *s, size_t n)
{
    for (size_t lead = 0; n > 0; lead = CODE_FOLD_INDENT) {
        size_t b = code_fold(s, n, ROFF_CODE_WIDTH - lead);
        if (lead) fprintf(out, "%*s", (int)lead, "");
        roff_span(out, s, b, 0);
        fputc('\n', out);
        for (s += b, n -= b; n > 0 && *s == ' '; n--)
            s++;
    }
}

/* Text lines: each source line stays one roff line (leading spaces of a
 * continuation line dropped: roff would keep them). */
static void roff_lines(FILE *out, const char *s, size_t n)
{
    const char *end = s + n;
    while (s < end) {
        while (s < end && *s == ' ')
            s++;
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        const char *e = nl ? nl : end;
        if (e > s) {
            roff_span(out, s, (size_t)(e - s), 1);
            fputc('\n', out);
        }
        s = nl ? nl + 1 : end;
    }
}

void lab_text_roff(FILE *out, const char *markup)
{
    if (!markup) return;
    const char *p = markup, *s;
    size_t n;
    int in_code = 0;
    while (next_line(&p, &s, &n)) {
        int kind = line_kind(s, n);
        if (kind == LINE_CODE) {
            if (!in_code) fputs(".PP\n.RS 4\n.nf\n", out);
            in_code = 1;
            lab_roff_code(out, s + 4, n - 4);
            continue;
        }
        if (in_code) fputs(".fi\n.RE\n", out);
        in_code = 0;
        if (kind == LINE_BLANK) continue;
        const char *start = s, *end = s + n;
        const char *q = p, *s2;
        size_t n2;
        while (next_line(&q, &s2, &n2) && line_kind(s2, n2) == LINE_TEXT) {
            end = s2 + n2;
            p = q;
        }
        if (kind == LINE_ITEM) {
            fputs(".IP \\(bu 2\n", out);
            start += 2;
        } else {
            fputs(".PP\n", out);
        }
        roff_lines(out, start, (size_t)(end - start));
    }
    if (in_code) fputs(".fi\n.RE\n", out);
}
