/* lab_man.c — the labs' man pages, written by dv itself from the same
 * texts `lab` shows (dv --lab-man NAME, dv --lab-index), so the pages
 * cannot drift from the program. */
#include <ctype.h>
#include <string.h>

#include "lang/lab.h"

static void upper(FILE *out, const char *s)
{
    for (; *s; s++)
        fputc(toupper((unsigned char)*s), out);
}

/* A macro argument in double quotes (a quote inside becomes \(dq). */
static void quoted(FILE *out, const char *s)
{
    fputc('"', out);
    for (; *s; s++) {
        if (*s == '"')
            fputs("\\(dq", out);
        else if (*s == '\\')
            fputs("\\e", out);
        else if (*s == '-')
            fputs("\\-", out);
        else
            fputc(*s, out);
    }
    fputc('"', out);
}

void lab_man_page(FILE *out, const Lab *lab, const char *version)
{
    fputs(".TH DV\\-LAB\\-", out);
    upper(out, lab->name);
    fprintf(out, " 7 \"2026\" \"dv %s\" \"dv Labs\"\n", version);
    fprintf(out, ".SH NAME\ndv\\-lab\\-%s \\- ", lab->name);
    lab_roff_escape(out, lab->title);
    fprintf(
        out,
        "\n.SH SYNOPSIS\nAt the dv prompt:\n.PP\n.RS 4\n.nf\n\\fBlab %s\\fR\n\\fBcheck\\fR, "
        "\\fBhint\\fR, \\fBnext\\fR, \\fBback\\fR\n.fi\n.RE\n.PP\nTo grade a script of answers:\n"
        ".PP\n.RS 4\n.nf\n\\fBdv \\-\\-check\\-lab %s\\fR \\fIanswers.dv\\fR\n.fi\n.RE\n",
        lab->name, lab->name);
    fputs(".SH DESCRIPTION\n", out);
    fprintf(out,
            "Start dv anywhere and type \\fBlab %s\\fR.  It loads the lab's data (file\n"
            "names \\fBdata:\\fINAME\\fR are found in the data installed with dv, in\n"
            "\\fBDV_DATA\\fR's folders or in the source tree's \\fIexamples/data\\fR) and\n"
            "shows the current step; each exercise is confirmed by \\fBcheck\\fR, which\n"
            "computes the answer itself from your variables.  The lab uses: ",
            lab->name);
    lab_roff_escape(out, lab->needs);
    fputs(".\n", out);
    if (lab->data && lab->data->var) {
        fputs(".PP\n\\fBlab ", out);
        lab_roff_escape(out, lab->name);
        fputs("\\fR loads its data as these statements would:\n.PP\n.RS 4\n.nf\n", out);
        for (const LabData *d = lab->data; d->var; d++) {
            char st[512];
            lab_data_statement(d, st, sizeof st);
            lab_roff_code(out, st, strlen(st));
        }
        fputs(".fi\n.RE\n", out);
        lab_text_roff(out, lab->setup_note);
    }
    fputs(".SH GOALS\n", out);
    lab_text_roff(out, lab->goals);
    fputs(".SH BACKGROUND\n", out);
    lab_text_roff(out, lab->background);
    fputs(".SH STEPS\n", out);
    size_t n = lab_steps(lab);
    for (size_t i = 0; i < n; i++) {
        const LabStep *s = &lab->steps[i];
        char title[256];
        snprintf(title, sizeof title, "Step %zu: %s", i + 1, s->title);
        fputs(".SS ", out);
        quoted(out, title);
        fputc('\n', out);
        lab_text_roff(out, s->text);
        if (s->task) {
            fputs(".PP\n.B Exercise.\n", out);
            lab_text_roff(out, s->task);
        }
    }
    if (lab->questions) {
        fputs(".SH QUESTIONS\n", out);
        lab_text_roff(out, lab->questions);
    }
    if (lab->reproducible) {
        fputs(".SH REPRODUCIBILITY\n", out);
        lab_text_roff(out, lab->reproducible);
    }
    fputs(".SH SEE ALSO\n.BR dv (1),\n.BR dv\\-lang (7),\n.BR dv\\-labs (7)", out);
    for (size_t i = 0; lab_at(i); i++)
        if (lab_at(i) != lab) fprintf(out, ",\n.BR dv\\-lab\\-%s (7)", lab_at(i)->name);
    fputs("\n", out);
}

void lab_man_index(FILE *out)
{
    for (size_t i = 0; lab_at(i); i++) {
        const Lab *lab = lab_at(i);
        size_t checked = 0, n = lab_steps(lab);
        for (size_t k = 0; k < n; k++)
            checked += lab->steps[k].check != NULL;
        fprintf(out, ".TP\n.BR dv\\-lab\\-%s (7)\n\\fBlab %s\\fR: ", lab->name, lab->name);
        lab_roff_escape(out, lab->title);
        fprintf(out, ".\n%zu steps, %zu of them checked.  Uses ", n, checked);
        lab_roff_escape(out, lab->needs);
        fputs(".\n", out);
    }
}
