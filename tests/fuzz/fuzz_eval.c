/* fuzz_eval.c — libFuzzer target: the evaluator and the builtins on
 * generated statements.
 *
 * The input's bytes are choices for the grammar-aware generator (gen.h),
 * whose program runs in a fresh session after a fixed prelude that defines
 * a few variables of each kind (matrices, labelled data, an embedding, a
 * pca model, a list, a string).  The target runs in a private temporary
 * folder holding small files of every format load() reads, and the
 * generator writes only names of that folder, so `load` and `save` are
 * exercised without touching anything else.
 *
 * Bounded work, so that a slow builtin cannot stall a fuzzing run:
 *  - DV_MEM_LIMIT=16M refuses large matrices up front (their size is
 *    checked before allocating);
 *  - a step limit (session_set_step_limit, FUZZ_EVAL_STEPS) ends loops;
 *  - a CPU-time budget (ITIMER_PROF, FUZZ_EVAL_BUDGET_MS) sets
 *    session_interrupted, as Ctrl-C does; the evaluator and the progress
 *    hook stop the statement there; an input still running 5 s of CPU
 *    later is a hang (on_budget);
 *  - plots are rendered at a size taken from the input, to /dev/null.
 * An error is an ordinary outcome; a crash, a leak, undefined behaviour or
 * a hang (libFuzzer's -timeout) is a finding.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include "core/progress.h"
#include "lang/eval.h"
#include "plot/plot.h"
#include "tests/fuzz/gen.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

#define FUZZ_EVAL_BUDGET_MS 400
#define FUZZ_EVAL_HANG_MS 5000 /* whole seconds */
#define STR_(x) #x
#define STR(x) STR_(x)
#define FUZZ_EVAL_STEPS 100000
#define GEN_SEP "\x1e"

static char workdir[256];
static int home = -1; /* the folder libFuzzer works in (corpus, artifacts) */
static FILE *devnull;

static const char prelude[] = "seed 1\n"
                              "X = randn(24, 5)\n"
                              "Y = randn(24, 2)\n"
                              "L = load(\"x.csv\", label=\"label\")\n"
                              "E = load(\"w.vec\")\n"
                              "P = pca(X, 2)\n"
                              /* one tiny model of each kind gen and seq train
                               * (a few ms), for sample, generate, encode ... */
                              "G = gan(X, epochs=1, latent=2, g_layers=[4], d_layers=[4])\n"
                              "C = cgan(L, E, epochs=1, latent=2, g_layers=[4], d_layers=[4])\n"
                              "R = rnn(\"to be or not to be\", hidden=4, epochs=1)\n"
                              "J = joint(X, Y, dims=2, epochs=1)\n"
                              "a = 1\n"
                              "b = [1, 2, 3]\n"
                              "s = \"text\"\n"
                              "Z = zeros(3, 3)\n";

static int write_file(const char *path, const void *data, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (!f) return -1;
    size_t w = fwrite(data, 1, n, f);
    return fclose(f) == 0 && w == n ? 0 : -1;
}

/* Small files of every format load() reads, in the current folder. */
static int make_files(void)
{
    static const char csv[] = "a,b,c,label\n"
                              "5.1,3.5,1.4,king\n4.9,3,1.4,king\n6.3,3.3,6,queen\n5.8,2.7,5.1,queen\n"
                              "7.1,3,5.9,man\n6.5,3,5.8,man\n5,3.4,1.5,king\n6.4,3.2,4.5,queen\n";
    static const char vec[] = "6 4\n"
                              "king 0.5 0.1 -0.3 0.8\n"
                              "queen 0.45 0.6 -0.2 0.7\n"
                              "man 0.4 -0.2 0.1 0.2\n"
                              "woman 0.35 0.5 0.2 0.1\n"
                              "paris -0.7 0.1 0.9 0.05\n"
                              "a 0.01 0.02 0.03 0.04\n";
    static const char txt[] = "the king and the queen saw a man and a woman in paris\n"
                              "a king is a man and a queen is a woman\n";
    if (write_file("x.csv", csv, sizeof csv - 1) || write_file("w.vec", vec, sizeof vec - 1))
        return -1;
    FILE *f = fopen("w.txt", "w");
    if (!f) return -1;
    for (int i = 0; i < 20; i++) fputs(txt, f);
    if (fclose(f)) return -1;

    /* word2vec binary: header, then each word, a space and 4 floats. */
    f = fopen("w.bin", "wb");
    if (!f) return -1;
    fputs("3 4\n", f);
    const char *w[] = {"king", "queen", "man"};
    for (int i = 0; i < 3; i++) {
        float v[4] = {(float)i, 0.5f, -0.25f, 1.0f + (float)i};
        fprintf(f, "%s ", w[i]);
        fwrite(v, sizeof v[0], 4, f);
        fputc('\n', f);
    }
    if (fclose(f)) return -1;

    /* .npy: a 3x2 little-endian float32 array. */
    static const char npy_head[] = "\x93NUMPY\x01\x00\x76\x00"
                                   "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 2), }";
    char npy[128 + 24];
    memset(npy, ' ', sizeof npy);
    memcpy(npy, npy_head, sizeof npy_head - 1);
    npy[127] = '\n';
    float nv[6] = {1, 2, 3, 4, 5, 6};
    memcpy(npy + 128, nv, sizeof nv);
    if (write_file("m.npy", npy, sizeof npy)) return -1;

    /* IDX: 4 images of 2x2 unsigned bytes, and a labels file beside it. */
    static const unsigned char idx[] = {0, 0, 8, 3, 0, 0, 0, 4, 0, 0, 0, 2, 0, 0, 0, 2,
                                        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
    static const unsigned char lab[] = {0, 0, 8, 1, 0, 0, 0, 4, 0, 1, 1, 0};
    if (write_file("d.idx", idx, sizeof idx) || write_file("d-labels.idx", lab, sizeof lab))
        return -1;

    /* A folder of PGM images, one subfolder per class. */
    static const char pgm[] = "P5\n2 2\n255\n\x01\x80\xff\x10";
    if (mkdir("faces", 0700) || mkdir("faces/s1", 0700) || mkdir("faces/s2", 0700)) return -1;
    if (write_file("faces/s1/1.pgm", pgm, sizeof pgm - 1) ||
        write_file("faces/s2/1.pgm", pgm, sizeof pgm - 1))
        return -1;
    return 0;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    return remove(path);
}

static void remove_workdir(void)
{
    if (workdir[0]) nftw(workdir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* A crash ends the process without atexit: folders of processes that are
 * gone are removed when the next one starts. */
static void remove_stale_workdirs(const char *tmp)
{
    DIR *d = opendir(tmp);
    if (!d) return;
    struct dirent *de;
    while ((de = readdir(d))) {
        char *end;
        if (strncmp(de->d_name, "dv-fuzz-eval.", 13) != 0) continue;
        long pid = strtol(de->d_name + 13, &end, 10);
        if (*end || pid <= 0 || kill((pid_t)pid, 0) == 0 || errno != ESRCH) continue;
        char path[sizeof workdir + 256];
        snprintf(path, sizeof path, "%s/%s", tmp, de->d_name);
        nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
    }
    closedir(d);
}

/* The budget's timer fires once to interrupt the input; under libFuzzer
 * it fires again FUZZ_EVAL_HANG_MS of CPU later, and an input still
 * running then ignored the interrupt: a hang, reported by aborting (a
 * crash- file).  Measured in CPU time, so a loaded machine does not turn
 * a slow run into a finding, as libFuzzer's wall-clock -timeout did (a
 * loop stopped after its 0.4 s took 10 s of wall time at load 17; the
 * -timeout stays as a backstop for waits that use no CPU, fuzz.mk). */
static volatile sig_atomic_t budget_spent;

static void on_budget(int sig)
{
    (void)sig;
#ifdef DV_LIBFUZZER
    if (budget_spent) {
        static const char msg[] = "fuzz_eval: still running " STR(FUZZ_EVAL_HANG_MS)
                                  " ms of CPU after the interrupt: a hang\n";
        if (write(2, msg, sizeof msg - 1) < 0) abort();
        abort();
    }
#endif
    budget_spent = 1;
    session_interrupted = 1;
}

static void set_budget(long ms)
{
    struct itimerval it;
    memset(&it, 0, sizeof it);
    it.it_value.tv_sec = ms / 1000;
    it.it_value.tv_usec = (ms % 1000) * 1000;
#ifdef DV_LIBFUZZER
    if (ms) it.it_interval.tv_sec = FUZZ_EVAL_HANG_MS / 1000;
#endif
    budget_spent = 0;
    setitimer(ITIMER_PROF, &it, NULL);
}

static int stop_when_interrupted(void *user, const ProgressInfo *info)
{
    (void)user, (void)info;
    return session_interrupted != 0;
}

static void discard(void *user, const char *s, size_t n)
{
    (void)user, (void)s, (void)n;
}

typedef struct PlotSize {
    int width, height;
} PlotSize;

static int show_plot(void *user, const Plot *p, Err *e)
{
    const PlotSize *sz = user;
    return plot_write_text(p, devnull, sz->width, sz->height, 0, 1, e);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    const char *tmp = getenv("TMPDIR");
    tmp = tmp && *tmp ? tmp : "/tmp";
    remove_stale_workdirs(tmp);
    snprintf(workdir, sizeof workdir, "%s/dv-fuzz-eval.%ld", tmp, (long)getpid());
    home = open(".", O_RDONLY | O_DIRECTORY);
    if (home < 0 || mkdir(workdir, 0700) != 0 || chdir(workdir) != 0 || make_files() != 0 ||
        fchdir(home) != 0) {
        perror("fuzz_eval: cannot prepare its folder");
        exit(1);
    }
    atexit(remove_workdir);
    devnull = fopen("/dev/null", "w");
    if (!devnull) exit(1);
    setenv("DV_MEM_LIMIT", "16M", 1);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_budget;
    sa.sa_flags = SA_RESTART;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGPROF, &sa, NULL);
    progress_set_global(stop_when_interrupted, NULL);
    return 0;
}

#ifndef DV_LIBFUZZER
/* Source text cut into entries as the REPL cuts it: a line ends an entry
 * unless session_incomplete says more must follow (an open bracket or
 * block), so each statement runs even when one before it failed. */
static char *source_entries(const char *text, size_t n)
{
    char *src = strndup(text, n);
    if (!src) return NULL;
    for (char *p = src; (p = strchr(p, '\n')); p++) {
        char keep = p[1];
        p[1] = '\0';
        if (!session_incomplete(src)) *p = GEN_SEP[0];
        p[1] = keep;
    }
    return src;
}
#endif

/* The program an input stands for (caller frees), or NULL. */
static char *input_program(const uint8_t *data, size_t size, PlotSize *sz)
{
#ifndef DV_LIBFUZZER
    /* Replaying (not fuzzing): a regression input may be dv source after a
     * first line "#dv-source", so that it stays readable and means the same
     * whatever the generator becomes.  Its statements run as one entry. */
    static const char magic[] = "#dv-source\n";
    if (size >= sizeof magic - 1 && memcmp(data, magic, sizeof magic - 1) == 0)
        return source_entries((const char *)data + sizeof magic - 1, size - (sizeof magic - 1));
#endif
    /* The first two bytes size the plots: 1x1 up to 300x100 cells. */
    if (size >= 2) {
        sz->width = 1 + data[0] % 300;
        sz->height = 1 + data[1] % 100;
        data += 2;
        size -= 2;
    }
    size_t len;
    return gen_program(data, size, GEN_SEP, &len);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    PlotSize sz = {80, 24};
    char *src = input_program(data, size, &sz);
    if (!src) return 0;
    int verbose = getenv("DV_FUZZ_PRINT") != NULL;
    if (verbose) fprintf(stderr, "%s\n", src);

    /* Inside the private folder while dv runs, back for libFuzzer. */
    if (chdir(workdir) != 0) abort();
    Err e;
    Session *s = session_new(&e);
    if (!s) {
        free(src);
        if (fchdir(home) != 0) abort();
        return 0;
    }
    /* Loops end: a bounded number of evaluation steps per entry. */
    session_set_step_limit(s, FUZZ_EVAL_STEPS);
    Ctx *ctx = session_ctx(s);
    ctx->write = discard;
    ctx->show_plot = show_plot;
    ctx->show_user = &sz;
    ctx->width = sz.width;
    ctx->height = sz.height;

    SrcPos pos;
    session_interrupted = 0;
    if (session_run(s, prelude, "prelude", 1, &pos, &e) != 0) {
        fprintf(stderr, "fuzz_eval: the prelude failed: %d:%d: %s\n", pos.line, pos.col, e.msg);
        abort();
    }
    /* Statement by statement, as at a prompt: an error does not end the
     * program, the next statement runs in the same session. */
    set_budget(FUZZ_EVAL_BUDGET_MS);
    int line = 1;
    for (char *p = src, *end; *p; p = end + 1) {
        end = strchr(p, GEN_SEP[0]);
        if (!end) end = p + strlen(p);
        int last = !*end;
        *end = '\0';
        if (session_run(s, p, "fuzz", line, &pos, &e) != 0 && verbose)
            fprintf(stderr, "fuzz:%d:%d: error: %s\n", pos.line, pos.col, e.msg);
        for (const char *c = p; *c; c++) line += *c == '\n';
        line++; /* the separator ended a line too */
        if (last) break;
    }
    set_budget(0);
    session_interrupted = 0;
    session_free(s);
    free(src);
    if (fchdir(home) != 0) abort();
    return 0;
}
