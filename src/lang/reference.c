/* reference.c — see reference.h. */
#include "lang/reference.h"

#include <string.h>

#include "lang/lex.h"
#include "lang/matfield.h"

const char *reference_type_name(ParamType t)
{
    switch (t) {
    case P_NUM: return "number";
    case P_INT: return "integer";
    case P_BOOL: return "true or false";
    case P_STR: return "string";
    case P_MAT: return "matrix";
    case P_LIST: return "list";
    case P_MODEL: return "model";
    case P_PLOT: return "plot";
    default: return "value";
    }
}

/* Text with roff's special characters escaped; a line may not start with
 * '.' or '\'' (a request), so those get a zero-width \&. */
static void roff_text(FILE *out, const char *s)
{
    if (*s == '.' || *s == '\'') fputs("\\&", out);
    for (; *s; s++) {
        if (*s == '\\')
            fputs("\\e", out);
        else if (*s == '-')
            fputs("\\-", out);
        else
            fputc(*s, out);
    }
}

static void write_roff(FILE *out)
{
    char sig[1024];
    for (size_t s = 0; builtin_section_at(s); s++) {
        const BuiltinSection *sec = builtin_section_at(s);
        int first = 1;
        for (size_t i = 0; builtin_at(i); i++) {
            const Builtin *b = builtin_at(i);
            if (!b->section || strcmp(b->section, sec->name) != 0) continue;
            if (first) fprintf(out, ".SS %s\n", sec->title);
            first = 0;
            builtin_signature(b, sig, sizeof sig);
            fputs(".TP\n.B ", out);
            roff_text(out, sig);
            fputc('\n', out);
            roff_text(out, b->help);
            fputs(".\n", out);
            if (b->example) {
                fputs(".br\nExample: \\fB", out);
                roff_text(out, b->example);
                fputs("\\fR\n", out);
            }
        }
    }
}

/* Tabs and newlines cannot appear inside a field of the text format. */
static void text_field(FILE *out, const char *s)
{
    if (!s || !*s) {
        fputc('-', out);
        return;
    }
    for (; *s; s++) fputc(*s == '\t' || *s == '\n' ? ' ' : *s, out);
}

static void write_text(FILE *out)
{
    char sig[1024];
    for (size_t s = 0; builtin_section_at(s); s++)
        fprintf(out, "section\t%s\t%s\n", builtin_section_at(s)->name,
                builtin_section_at(s)->title);
    for (size_t i = 0; builtin_at(i); i++) {
        const Builtin *b = builtin_at(i);
        builtin_signature(b, sig, sizeof sig);
        fprintf(out, "builtin\t%s\t", b->name);
        text_field(out, b->section);
        fputc('\t', out);
        text_field(out, sig);
        fputc('\t', out);
        text_field(out, b->help);
        fputc('\t', out);
        text_field(out, b->example);
        fputc('\t', out);
        const char *sep = "";
        if (b->flags & BF_NAME_ARGS) fprintf(out, "%sname_args", sep), sep = ",";
        if (b->flags & BF_WORDS_IN_E) fprintf(out, "%swords_in_E", sep), sep = ",";
        if (b->flags & BF_NONE_ARGS) fprintf(out, "%snone_args", sep), sep = ",";
        fputs(*sep ? "\n" : "-\n", out);
        for (size_t k = 0; k < builtin_nparams(b); k++) {
            const Param *p = &b->params[k];
            fprintf(out, "param\t%s\t%zu\t%s\t%s\t%s\n", b->name, k, p->name,
                    reference_type_name(p->type), p->def ? p->def : "");
        }
    }
    for (size_t i = 0; matfield_at(i); i++)
        fprintf(out, "field\tmatrix\t%s\t%s\n", matfield_at(i)->name, matfield_at(i)->help);
    for (size_t i = 0; lex_keyword_at(i); i++)
        fprintf(out, "keyword\t%s\t%s\n", lex_keyword_at(i), lex_keyword_help(lex_keyword_at(i)));
}

int reference_write(FILE *out, const char *format, Err *e)
{
    if (strcmp(format, "roff") == 0)
        write_roff(out);
    else if (strcmp(format, "text") == 0)
        write_text(out);
    else
        return err_set(e, "unknown reference format '%s' (roff or text)", format);
    return 0;
}
