/* main.c — dv's entry point: options, the BLAS kernel, and the choice of
 * front end (script file, stdin, -e, plain REPL, or the screen). */
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "core/blas.h"
#include "lang/builtin.h"
#include "lang/eval.h"
#include "lang/lab.h"
#include "lang/reference.h"
#include "ui/frontend.h"
#include "ui/screen.h"

static void usage(FILE *out)
{
    fprintf(out,
            "Usage: dv [OPTION]... [FILE [ARG]...]\n"
            "A terminal workbench for seeing high-dimensional data.\n"
            "\n"
            "With FILE, run the dv script FILE (- reads standard input); plots are\n"
            "printed as text.  With no FILE on a terminal, start an interactive session.\n"
            "\n"
            "  -e, --eval=STATEMENTS  run STATEMENTS and exit\n"
            "      --check-lab NAME FILE  run FILE, then grade it against every exercise\n"
            "                         of lab NAME (exit status 0 when all are right)\n"
            "      --plain            interactive prompt without the full-screen view\n"
            "      --color[=WHEN]     colour classes: auto (on a terminal), always\n"
            "                         (also into pipes: dv x.dv | less -R), or never\n"
            "  -h, --help             display this help and exit\n"
            "  -V, --version          output version information and exit\n"
            "      --reference[=FORMAT]  print the builtin reference from the builtin table\n"
            "                         (FORMAT roff, the default, or text: one fact a line)\n"
            "\n"
            "Environment: NO_COLOR disables colour (whatever --color says);\n"
            "CLICOLOR_FORCE=1 is --color=always; COLUMNS and LINES set the plot size\n"
            "when the output is not a terminal; DV_HISTSIZE is how many entries the\n"
            "history keeps; OPENBLAS_NUM_THREADS and OPENBLAS_CORETYPE are passed to\n"
            "OpenBLAS.\n"
            "\n"
            "Exit status: 0 on success, 1 when a script fails, 2 on a usage error.\n"
            "Type 'help' inside dv for the list of builtins and 'lab' for the labs;\n"
            "see dv(1), dv-lang(7) and dv-labs(7).\n");
}

static void version(void)
{
    printf("dv %s\n", PACKAGE_VERSION);
    const char *was = blas_detected_kernel();
    printf("BLAS: %s\n", blas_config());
    if (was)
        printf("BLAS kernel: %s (chosen by dv; OpenBLAS alone picked %s on this CPU), %d threads\n",
               blas_kernel(), was, blas_threads());
    else
        printf("BLAS kernel: %s, %d threads\n", blas_kernel(), blas_threads());
    printf("Copyright (C) 2026 the dv authors.\n"
           "License GPLv3+: GNU GPL version 3 or later <https://gnu.org/licenses/gpl.html>.\n"
           "This is free software: you are free to change and redistribute it.\n"
           "There is NO WARRANTY, to the extent permitted by law.\n");
}

static void discard_text(void *user, const char *s, size_t n)
{
    (void)user, (void)s, (void)n;
}

static int discard_plot(void *user, const Plot *p, Err *e)
{
    (void)user, (void)p, (void)e;
    return 0;
}

static void lab_names(FILE *out, const char *sep)
{
    for (size_t i = 0; lab_at(i); i++) fprintf(out, "%s%s", i ? sep : "", lab_at(i)->name);
}

/* dv --check-lab NAME FILE: load the lab's data, run FILE with its output
 * thrown away (errors still go to stderr), then grade every exercise of
 * the lab on the variables FILE left.  0 when all are right. */
static int check_lab(Session *s, const char *name, const char *file)
{
    const Lab *lab = lab_find(name);
    if (!lab) {
        fprintf(stderr, "dv: no lab named '%s' (labs: ", name);
        lab_names(stderr, ", ");
        fprintf(stderr, ")\n");
        return 2;
    }
    Ctx *ctx = session_ctx(s);
    Err e;
    ctx->write = discard_text;
    ctx->show_plot = discard_plot;
    if (lab_begin(ctx, lab, &e) < 0) {
        fprintf(stderr, "dv: %s\n", e.msg);
        return 2;
    }
    int rc = run_script_file(s, file);
    ctx->write = NULL;
    ctx->show_plot = NULL;
    if (rc == 2) return 2;
    if (rc != 0) printf("%s stopped at an error (shown above); the grade covers what ran before it\n", file);
    int wrong = lab_grade(ctx, lab, stdout, &e);
    if (wrong < 0) {
        fprintf(stderr, "dv: %s\n", e.msg);
        return 1;
    }
    return wrong > 0 || rc != 0 ? 1 : 0;
}

/* Script arguments become the list `args`. */
static int set_args(Session *s, char **argv, int argc)
{
    Err e;
    Value *l = val_list((size_t)argc, &e);
    if (!l) return -1;
    for (int i = 0; i < argc; i++) {
        Value *a = val_str(argv[i], &e);
        if (!a) {
            val_unref(l);
            return -1;
        }
        val_list_set(l, (size_t)i, a);
    }
    Ctx *ctx = session_ctx(s);
    val_unref(ctx->args);
    ctx->args = l;
    return 0;
}

int main(int argc, char **argv)
{
    blas_choose_kernel(argv);
    /* A reader that leaves (dv script.dv | head -1) ends dv quietly, even
     * when the parent ignored SIGPIPE for itself and its children. */
    signal(SIGPIPE, SIG_DFL);
    setlocale(LC_ALL, "");
    /* Numbers are read and written in the C locale whatever the user's
     * (1.5, never 1,5): the lexer, printing and every saved file. */
    setlocale(LC_NUMERIC, "C");

    const char *eval_text = NULL, *check_name = NULL, *check_file = NULL;
    int plain = 0, i;
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--") == 0) {
            i++;
            break;
        }
        if (a[0] != '-' || strcmp(a, "-") == 0) break;
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            usage(stdout);
            return ui_check_stdout();
        } else if (strcmp(a, "-V") == 0 || strcmp(a, "--version") == 0) {
            version();
            return ui_check_stdout();
        } else if (strcmp(a, "--reference") == 0 || strncmp(a, "--reference=", 12) == 0) {
            /* the builtin table as roff (the man page) or text (one fact a line) */
            Err e;
            if (reference_write(stdout, a[11] == '=' ? a + 12 : "roff", &e) < 0) {
                fprintf(stderr, "dv: %s\n", e.msg);
                return 2;
            }
            return ui_check_stdout();
        } else if (strcmp(a, "--lab-man") == 0 && i + 1 < argc) { /* used to build dv-lab-NAME(7) */
            const Lab *lab = lab_find(argv[++i]);
            if (!lab) {
                fprintf(stderr, "dv: no lab named '%s'\n", argv[i]);
                return 2;
            }
            lab_man_page(stdout, lab, PACKAGE_VERSION);
            return 0;
        } else if (strcmp(a, "--lab-index") == 0) { /* used to build dv-labs(7) */
            lab_man_index(stdout);
            return 0;
        } else if (strcmp(a, "--lab-names") == 0) { /* used by the tests */
            lab_names(stdout, "\n");
            printf("\n");
            return 0;
        } else if (strcmp(a, "--check-lab") == 0) {
            if (i + 2 >= argc) {
                fprintf(stderr, "dv: option '--check-lab' requires a lab name and a script\n");
                fprintf(stderr, "Try 'dv --help' for more information.\n");
                return 2;
            }
            check_name = argv[i + 1];
            check_file = argv[i + 2];
            i += 2;
        } else if (strcmp(a, "--plain") == 0) {
            plain = 1;
        } else if (strcmp(a, "--color") == 0 || strcmp(a, "--colour") == 0) {
            term_set_color_mode(TERM_COLOR_ALWAYS);
        } else if (strncmp(a, "--color=", 8) == 0 || strncmp(a, "--colour=", 9) == 0) {
            int mode = term_parse_color(strchr(a, '=') + 1);
            if (mode < 0) {
                fprintf(stderr, "dv: invalid argument '%s' for '--color' (auto, always or never)\n",
                        strchr(a, '=') + 1);
                fprintf(stderr, "Try 'dv --help' for more information.\n");
                return 2;
            }
            term_set_color_mode(mode);
        } else if (strcmp(a, "-e") == 0 || strcmp(a, "--eval") == 0) {
            if (i + 1 >= argc) {
                fprintf(stderr, "dv: option '%s' requires an argument\n", a);
                fprintf(stderr, "Try 'dv --help' for more information.\n");
                return 2;
            }
            eval_text = argv[++i];
        } else if (strncmp(a, "--eval=", 7) == 0) {
            eval_text = a + 7;
        } else {
            fprintf(stderr, "dv: unrecognized option '%s'\n", a);
            fprintf(stderr, "Try 'dv --help' for more information.\n");
            return 2;
        }
    }

    Err e;
    Session *s = session_new(&e);
    if (!s) {
        fprintf(stderr, "dv: %s\n", e.msg);
        return 1;
    }
    TermInfo ti;
    term_detect(&ti);
    term_apply(&ti, session_ctx(s));
    int rc;
    if (check_name) {
        rc = check_lab(s, check_name, check_file);
        session_free(s);
        return rc;
    }
    if (eval_text || i < argc || !isatty(STDIN_FILENO)) ui_script_output(s);
    if (eval_text) {
        set_args(s, argv + i, argc - i);
        ui_install_sigint();
        progress_bar_install();
        rc = run_script_text(s, eval_text, "-e");
    } else if (i < argc) {
        set_args(s, argv + i + 1, argc - i - 1);
        ui_install_sigint();
        progress_bar_install();
        rc = run_script_file(s, argv[i]);
    } else if (!isatty(STDIN_FILENO)) {
        ui_install_sigint();
        progress_bar_install();
        rc = run_script_file(s, "-");
    } else {
        const char *term = getenv("TERM");
        session_ctx(s)->interactive = 1;
        progress_bar_install();
        if (plain || !isatty(STDOUT_FILENO) || !term || strcmp(term, "dumb") == 0)
            rc = repl_run(s);
        else
            rc = screen_run(s);
    }
    /* a script that leaves a lab exercise wrong has failed */
    if (rc == 0 && !session_ctx(s)->interactive && lab_unsolved(session_ctx(s))) rc = 1;
    session_free(s);
    if (ui_check_stdout() && rc == 0) rc = 1;
    return rc;
}
