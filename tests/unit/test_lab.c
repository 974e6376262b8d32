/* test_lab.c — the labs' pieces that scripts cannot reach: the progress
 * file (round trip, other labs' lines kept, corrupt and foreign lines
 * ignored, reset, the XDG path rules), the text markup as the session
 * shows it (filling, code lines, items) and as roff (escapes that keep
 * code copyable, no line read as a request), and every lab's shape. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lang/ctx.h"
#include "lang/lab.h"
#include "tests/tap.h"

static char out[65536];
static size_t used;

static void capture(void *user, const char *s, size_t n)
{
    (void)user;
    if (used + n >= sizeof out) n = sizeof out - 1 - used;
    memcpy(out + used, s, n);
    used += n;
    out[used] = 0;
}

static const char *shown(const char *markup, int width, int indent)
{
    Ctx c;
    memset(&c, 0, sizeof c);
    c.write = capture;
    c.width = width;
    used = 0;
    out[0] = 0;
    lab_text_print(&c, markup, indent);
    return out;
}

static const char *roff(const char *markup)
{
    static char buf[8192];
    FILE *f = fmemopen(buf, sizeof buf, "w");
    lab_text_roff(f, markup);
    fclose(f);
    return buf;
}

static char *slurp(const char *path)
{
    static char buf[4096];
    FILE *f = fopen(path, "r");
    if (!f) return NULL;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = 0;
    fclose(f);
    return buf;
}

static void progress_tests(void)
{
    char dir[] = "/tmp/dv-test-lab.XXXXXX", path[4096], want[4200];
    if (!mkdtemp(dir)) {
        ok(0, "temporary folder");
        return;
    }
    setenv("XDG_STATE_HOME", dir, 1);
    ok(lab_progress_path(path, sizeof path) == 0 && snprintf(want, sizeof want, "%s/dv/labs", dir) > 0 &&
           strcmp(path, want) == 0,
       "the file is $XDG_STATE_HOME/dv/labs");

    Err e;
    LabProgress p, q;
    ok(lab_progress_load("pca", &p, &e) == 0 && p.step == 0 && !p.done[0], "no file: step 1, nothing done");
    memset(&p, 0, sizeof p);
    p.step = 2;
    p.done[0] = p.done[2] = 1;
    ok(lab_progress_save("pca", &p, &e) == 0, "save creates the folders and the file");
    const char *text = slurp(path);
    ok(text && strcmp(text, "pca 3 +.+\n") == 0, "one line: name, step, a mark per step (got '%s')",
       text ? text : "nothing");
    memset(&q, 0, sizeof q);
    q.step = 1;
    ok(lab_progress_save("lda", &q, &e) == 0, "a second lab");
    ok(lab_progress_load("pca", &p, &e) == 0 && p.step == 2 && p.done[0] && !p.done[1] && p.done[2],
       "the first lab's line is kept");
    ok(lab_progress_load("lda", &p, &e) == 0 && p.step == 1 && !p.done[0], "the second lab's line reads back");
    ok(lab_progress_load("pcax", &p, &e) == 0 && p.step == 0, "a name that only starts the same is another lab");

    FILE *f = fopen(path, "a");
    fputs("sne 0 ++\ntsne 2 +x+\nword2vec\nautoencoder 99 +\ncnn 2 +\n", f);
    fclose(f);
    ok(lab_progress_load("sne", &p, &e) == 0 && p.step == 0 && !p.done[0], "step 0 in the file is corrupt: ignored");
    ok(lab_progress_load("tsne", &p, &e) == 0 && p.step == 0 && !p.done[0], "a bad mark: ignored");
    ok(lab_progress_load("word2vec", &p, &e) == 0 && p.step == 0, "a bare name: ignored");
    ok(lab_progress_load("autoencoder", &p, &e) == 0 && p.step == 0, "a step past the limit: ignored");
    ok(lab_progress_load("cnn", &p, &e) == 0 && p.step == 1 && p.done[0], "good lines after bad ones still read");

    ok(lab_progress_reset("pca", &e) == 0, "reset one lab");
    text = slurp(path);
    ok(text && !strstr(text, "pca ") && strstr(text, "lda 2 .\n") && strstr(text, "cnn 2 +\n"),
       "reset drops that lab's line and keeps the others");
    ok(lab_progress_reset(NULL, &e) == 0 && (text = slurp(path)) && text[0] == 0, "reset of all empties the file");

    setenv("XDG_STATE_HOME", "relative/dir", 1);
    setenv("HOME", dir, 1);
    ok(lab_progress_path(path, sizeof path) == 0 && snprintf(want, sizeof want, "%s/.local/state/dv/labs", dir) > 0 &&
           strcmp(path, want) == 0,
       "a relative XDG_STATE_HOME is ignored (the spec): ~/.local/state/dv/labs");
    unsetenv("XDG_STATE_HOME");
    unsetenv("HOME");
    ok(lab_progress_path(path, sizeof path) < 0, "neither variable: no path");
    ok(lab_progress_save("pca", &q, &e) < 0 && strstr(e.msg, "neither XDG_STATE_HOME nor HOME"),
       "saving then says why it cannot");
    ok(lab_progress_load("pca", &p, &e) == 0 && p.step == 0, "loading then starts afresh");

    char cmd[200];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    ok(system(cmd) == 0, "clean up");
}

static void text_tests(void)
{
    const char *s = shown("one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
                          "fifteen sixteen seventeen",
                          40, 2);
    ok(strcmp(s, "  one two three four five six seven\n"
                 "  eight nine ten eleven twelve thirteen\n"
                 "  fourteen fifteen sixteen seventeen\n") == 0,
       "paragraphs fill the width after the indent (got:\n%s)", s);
    s = shown("Type:\n\n    P = pca(F, 50)\n    show P.mean\n\nThen look.", 80, 2);
    ok(strcmp(s, "  Type:\n\n      P = pca(F, 50)\n      show P.mean\n\n  Then look.\n") == 0,
       "code lines are kept as they are, blocks separated by blank lines (got:\n%s)", s);
    s = shown("    T = f(M, \"a, b\", dims=2, epochs=20, threads=1, mining=\"hard\")\n", 40, 2);
    ok(strcmp(s, "      T = f(M, \"a, b\", dims=2,\n          epochs=20, threads=1,\n"
                 "          mining=\"hard\")\n") == 0,
       "a code line wider than the text is folded after a comma outside quotes, further in "
       "(got:\n%s)",
       s);
    s = shown("- first item that is long enough to wrap around at forty columns\n- second", 40, 0);
    ok(strcmp(s, "- first item that is long enough to wrap\n  around at forty columns\n- second\n") == 0,
       "items hang their continuation lines (got:\n%s)", s);
    s = shown("a\nparagraph over\nthree lines", 80, 0);
    ok(strcmp(s, "a paragraph over three lines\n") == 0, "source lines of a paragraph are joined (got '%s')", s);

    const char *r = roff("Text with `code - x` and 'quotes'.\n.dot at the start\n\n    y = a - b ^ 2 ~ c\n");
    ok(strstr(r, ".PP\nText with \\fB\\%code \\- x\\fR and \\(aqquotes\\(aq.\n") != NULL,
       "roff: code in bold, unbreakable, minus and quotes by name (got:\n%s)", r);
    ok(strstr(r, "\n\\&.dot at the start\n") != NULL, "roff: a line starting with a dot is not a request");
    ok(strstr(r, ".RS 4\n.nf\ny = a \\- b \\(ha 2 \\(ti c\n.fi\n.RE\n") != NULL,
       "roff: code blocks unfilled, ^ and ~ by name so they copy as typed");
    r = roff(
        "    x = f(\"a, b\", 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19)\n"
        "    p = exp(-|x_i - x_j|^2 / 2 sigma^2) / sum_(k != i) exp(-|x_i - x_k|^2 / 2)\n");
    ok(strstr(r,
              ".nf\nx = f(\"a, b\", 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,\n"
              "    16, 17, 18, 19)\np = exp(\\-|x_i \\- x_j|\\(ha2 / 2 sigma\\(ha2) / sum_(k != i) "
              "exp(\\-|x_i \\-\n    x_k|\\(ha2 / 2)\n.fi") != NULL,
       "roff: a code line wider than 66 columns (80 as man shows it) is folded after a comma, a "
       "formula after a space (got:\n%s)",
       r);
    r = roff("- an item\n- `another`\n");
    ok(strstr(r, ".IP \\(bu 2\nan item\n.IP \\(bu 2\n\\fB\\%another\\fR\n") != NULL, "roff: items are bullets");
}

static void lab_shape_tests(void)
{
    size_t n = 0;
    for (size_t i = 0; lab_at(i); i++) {
        const Lab *lab = lab_at(i);
        n++;
        ok(lab_find(lab->name) == lab, "lab %s is found by its name", lab->name);
        size_t steps = lab_steps(lab), checked = 0;
        int texts = 1;
        for (size_t k = 0; k < steps; k++) {
            const LabStep *s = &lab->steps[k];
            checked += s->check != NULL;
            texts &= s->text && (!s->check || s->task); /* an exercise says what to do */
        }
        ok(steps >= 3 && steps < LAB_MAX_STEPS && checked >= 3, "lab %s: %zu steps, %zu checked", lab->name, steps,
           checked);
        /* a lab whose first step makes its data (gan: rings()) loads nothing */
        ok(texts && lab->goals && lab->background && lab->needs && (!lab->data || lab->data->var) &&
               lab->reproducible,
           "lab %s: goals, background, data, reproducibility, a task for every check", lab->name);
    }
    ok(n >= 5, "%zu labs", n);
    ok(lab_find("nosuch") == NULL, "no lab named nosuch");
}

int main(void)
{
    progress_tests();
    text_tests();
    lab_shape_tests();
    printf("1..%d\n", tap_n);
    return tap_failed != 0;
}
