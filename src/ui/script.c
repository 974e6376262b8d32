/* script.c — running scripts (files, stdin, -e) and printing errors. */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "plot/plot.h"
#include "ui/frontend.h"

void ui_print_error(FILE *out, const char *file, const SrcPos *pos, const Err *e, const char *src,
                    int first_line)
{
    /* The message's first line is the error; lines after it (the call
     * chain of an error inside a function) follow the caret. */
    const char *nl = strchr(e->msg, '\n');
    int head = nl ? (int)(nl - e->msg) : (int)strlen(e->msg);
    const char *where = pos->file[0] ? pos->file : file;
    if (pos->line > 0)
        fprintf(out, "%s:%d:%d: error: %.*s\n", where, pos->line, pos->col, head, e->msg);
    else
        fprintf(out, "%s: error: %.*s\n", where, head, e->msg);
    if (src && pos->line >= first_line && !pos->file[0]) ui_print_caret(out, pos, src, first_line);
    if (nl) fprintf(out, "%s\n", nl + 1);
}

void ui_print_caret(FILE *out, const SrcPos *pos, const char *src, int first_line)
{
    const char *p = src;
    for (int l = first_line; l < pos->line && p; l++) {
        p = strchr(p, '\n');
        if (p) p++;
    }
    if (!p) return;
    const char *end = strchr(p, '\n');
    int len = end ? (int)(end - p) : (int)strlen(p);
    fprintf(out, "  %.*s\n  ", len, p);
    for (int i = 1; i < pos->col && i <= len; i++) fputc(p[i - 1] == '\t' ? '\t' : ' ', out);
    fprintf(out, "^\n");
}

const char *ui_interrupted_text(const Err *e)
{
    return e->cancelled == 2 ? "interrupted (what was computed so far is kept)"
                             : "interrupted (the statement did not finish)";
}

static volatile sig_atomic_t sigint_count;

static void on_sigint(int sig)
{
    (void)sig;
    if (session_interrupted && sigint_count > 0) {
        signal(SIGINT, SIG_DFL);
        raise(SIGINT);
        return;
    }
    sigint_count++;
    session_interrupted = 1;
}

void ui_install_sigint(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigint;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0; /* no SA_RESTART: a blocking read returns EINTR */
    sigaction(SIGINT, &sa, NULL);
}

/* ---- standard output ------------------------------------------------ */

static int stdout_errno; /* the first write error on stdout, 0 while none */

int ui_check_stdout(void)
{
    static int reported;
    if (fflush(stdout) != 0 && !stdout_errno) stdout_errno = errno ? errno : EIO;
    if (ferror(stdout) && !stdout_errno) stdout_errno = EIO;
    if (!stdout_errno) return 0;
    /* A reader that went away (dv script.dv | head -1) is no error to
     * report: stop quietly, as the default SIGPIPE would. */
    if (!reported && stdout_errno != EPIPE)
        fprintf(stderr, "dv: write error on standard output: %s\n", strerror(stdout_errno));
    reported = 1;
    return 1;
}

/* The first write error on stdout (errno is still the write's) stops the
 * running statement at its next check, instead of computing on for output
 * no one gets. */
static void note_stdout_error(void)
{
    if (ferror(stdout) && !stdout_errno) {
        stdout_errno = errno ? errno : EIO;
        session_interrupted = 1;
    }
}

/* The script front ends' text output (a short fwrite sets ferror). */
static void write_stdout(void *user, const char *text, size_t n)
{
    (void)user;
    if (stdout_errno) return;
    errno = 0;
    fwrite(text, 1, n, stdout);
    note_stdout_error();
}

/* Plots as text on stdout (as ctx_show_plot does), watching for errors. */
static int show_plot_stdout(void *user, const Plot *p, Err *e)
{
    const Ctx *c = user;
    if (stdout_errno) return 0;
    errno = 0;
    int rc = plot_write_text(p, stdout, c->width, c->height, c->color, c->utf8, e);
    note_stdout_error();
    return rc;
}

void ui_script_output(Session *s)
{
    Ctx *ctx = session_ctx(s);
    ctx->write = write_stdout;
    ctx->write_user = NULL;
    ctx->show_plot = show_plot_stdout;
    ctx->show_user = ctx;
}

/* Run len bytes of text (a NUL byte in it is an error at its position). */
static int run_script_buf(Session *s, const char *text, size_t len, const char *name)
{
    SrcPos pos;
    Err e;
    fflush(stdout);
    int rc = session_run_n(s, text, len, name, 1, &pos, &e);
    if (ui_check_stdout()) {
        session_interrupted = 0;
        return 1; /* said once, instead of the statement's error */
    }
    if (rc < 0) {
        ui_print_error(stderr, name, &pos, &e, NULL, 1);
        return 1;
    }
    return 0;
}

int run_script_text(Session *s, const char *text, const char *name)
{
    return run_script_buf(s, text, strlen(text), name);
}

/* Read all of f into a NUL-terminated buffer (caller frees). */
static char *slurp(FILE *f, size_t *len)
{
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    if (!buf) return NULL;
    for (;;) {
        if (n + 1 >= cap) {
            cap *= 2;
            char *nb = realloc(buf, cap);
            if (!nb) {
                free(buf);
                return NULL;
            }
            buf = nb;
        }
        size_t r = fread(buf + n, 1, cap - n - 1, f);
        n += r;
        if (r == 0) break;
    }
    if (ferror(f)) {
        free(buf);
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

int run_script_file(Session *s, const char *path)
{
    int is_stdin = strcmp(path, "-") == 0;
    FILE *f = is_stdin ? stdin : fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "dv: cannot open '%s': %s\n", path, strerror(errno));
        return 2;
    }
    size_t len;
    char *text = slurp(f, &len);
    int err = errno;
    if (!is_stdin) fclose(f);
    if (!text) {
        fprintf(stderr, "dv: cannot read '%s': %s\n", path, strerror(err));
        return 2;
    }
    int rc = run_script_buf(s, text, len, is_stdin ? "<stdin>" : path);
    free(text);
    return rc;
}
