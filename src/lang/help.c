/* help.c — `help`: the overview, a section, a builtin or a topic. */
#include "lang/help.h"
#include "lang/suggest.h"

#include <stdio.h>
#include <string.h>

#include "lang/builtin.h"
#include "lang/lex.h"

static const char *section_at(size_t k)
{
    const BuiltinSection *s = builtin_section_at(k);
    return s ? s->name : NULL;
}

static int is_section(const char *name)
{
    for (size_t k = 0; section_at(k); k++)
        if (strcmp(section_at(k), name) == 0) return 1;
    return 0;
}

/* "name  word word word ..." wrapped at the output's width, continuation
 * lines indented under the first word. */
static void wrapped(Ctx *ctx, const char *label, const char *const *words, size_t n)
{
    int width = ctx->width > 40 ? ctx->width : 40, indent = 10;
    if (width > 100) width = 100;
    ctx_printf(ctx, "%-*s", indent, label);
    int col = (int)strlen(label) > indent ? (int)strlen(label) : indent;
    for (size_t i = 0; i < n; i++) {
        int l = (int)strlen(words[i]);
        if (col > indent && col + 1 + l > width) {
            ctx_printf(ctx, "\n%*s", indent, "");
            col = indent;
        }
        ctx_printf(ctx, "%s%s", col > indent ? " " : "", words[i]);
        col += (col > indent ? 1 : 0) + l;
    }
    ctx_printf(ctx, "\n");
}

/* prefix then text, in lines of at most the output's width broken at
 * spaces; lines after the first are indented by indent. */
static void paragraph(Ctx *ctx, const char *prefix, int indent, const char *text)
{
    int width = ctx->width > 40 ? ctx->width : 40, first = 1;
    const char *p = text;
    while (*p) {
        int lead = first ? (int)strlen(prefix) : indent;
        int room = width - lead, n = (int)strlen(p);
        if (n > room) { /* break at the last space that fits */
            n = room;
            while (n > 0 && p[n] != ' ') n--;
            if (n == 0) n = room;
        }
        if (first)
            ctx_printf(ctx, "%s%.*s\n", prefix, n, p);
        else
            ctx_printf(ctx, "%*s%.*s\n", indent, "", n, p);
        first = 0;
        p += n;
        while (*p == ' ') p++;
    }
}

/* The names of the builtins of a section, at most max. */
static size_t section_names(const char *sec, const char **names, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; builtin_at(i) && n < max; i++)
        if (builtin_at(i)->section && strcmp(builtin_at(i)->section, sec) == 0)
            names[n++] = builtin_at(i)->name;
    return n;
}

/* Columns of a section's line: the label's 10, then the names. */
static int names_len(const char *const *names, size_t n)
{
    int l = 10;
    for (size_t i = 0; i < n; i++)
        l += (int)strlen(names[i]) + (i ? 1 : 0);
    return l;
}

static int overview(Ctx *ctx, Err *e)
{
    const char *names[256];
    /* one line of how-to above the sections and none below, so the
     * overview fits an 80x24 screen with every section listed */
    ctx_printf(ctx, "help NAME: a builtin, section or topic; scatter X, by=L is scatter(X, by=L)\n");
    /* two short sections in a row share a line (linalg and io) */
    int width = ctx->width > 40 ? ctx->width : 40, half = (width > 100 ? 100 : width) / 2;
    for (size_t k = 0; section_at(k); k++) {
        size_t n = section_names(section_at(k), names, 256);
        const char *next[256];
        if (section_at(k + 1) && names_len(names, n) < half &&
            names_len(next, section_names(section_at(k + 1), next, 256)) < half) {
            ctx_printf(ctx, "%-10s", section_at(k));
            for (size_t i = 0; i < n; i++)
                ctx_printf(ctx, "%s%s", i ? " " : "", names[i]);
            ctx_printf(ctx, "%*s", half - names_len(names, n), "");
            k++;
            n = section_names(section_at(k), names, 256);
        }
        wrapped(ctx, section_at(k), names, n);
    }
    size_t n = 0;
    for (size_t i = 0; help_topic_at(i) && n < 256; i++) names[n++] = help_topic_at(i)->name;
    wrapped(ctx, "topics", names, n);
    (void)e;
    return 0;
}

static void section(Ctx *ctx, const char *s)
{
    ctx_printf(ctx, "%s:\n", s);
    for (size_t i = 0; builtin_at(i); i++) {
        const Builtin *b = builtin_at(i);
        if (b->section && strcmp(b->section, s) == 0) {
            char prefix[64];
            snprintf(prefix, sizeof prefix, "  %-14s ", b->name);
            paragraph(ctx, prefix, (int)strlen(prefix), b->help);
        }
    }
}

static void builtin(Ctx *ctx, const Builtin *b)
{
    char sig[1024];
    builtin_signature(b, sig, sizeof sig);
    paragraph(ctx, "", (int)strlen(b->name) + 1, sig);
    paragraph(ctx, "    ", 4, b->help);
    if (b->example) paragraph(ctx, "example: ", 9, b->example);
    if (b->section) ctx_printf(ctx, "section: %s (help %s lists the others)\n", b->section, b->section);
}

int help_print(Ctx *ctx, const char *what, Err *e)
{
    if (!what) return overview(ctx, e);
    const Builtin *b = builtin_find(what);
    if (b) {
        builtin(ctx, b);
        return 0;
    }
    const HelpTopic *t = help_topic_find(what);
    if (t) {
        ctx_printf(ctx, "%s", t->text);
        return 0;
    }
    if (is_section(what)) {
        section(ctx, what);
        return 0;
    }
    const char *kw = lex_keyword_help(what); /* help for, help fn */
    if (kw) {
        ctx_printf(ctx, "%s (a reserved word): %s\n", what, kw);
        return 0;
    }
    /* the nearest of every name help knows: builtins, topics, sections */
    Suggest sg;
    suggest_init(&sg, what);
    for (size_t i = 0; builtin_at(i); i++) suggest_add(&sg, builtin_at(i)->name);
    for (size_t i = 0; help_topic_at(i); i++) suggest_add(&sg, help_topic_at(i)->name);
    for (size_t i = 0; builtin_section_at(i); i++) suggest_add(&sg, builtin_section_at(i)->name);
    if (sg.n) return err_param(e, 0, "help: no builtin, section or topic named '%s' (did you mean %s?)", what, sg.name[0]);
    return err_param(e, 0, "help: no builtin, section or topic named '%s' (type help for the list)", what);
}
