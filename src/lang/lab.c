/* lab.c — the session's lab: starting one, the current step, check, hint,
 * next and back, the learner's progress, and grading a submitted script. */
#include "lang/lab.h"

#include <stdlib.h>
#include <string.h>

struct LabState {
    const Lab *lab;
    LabProgress prog;
    /* 1 when the step's last check in this session failed: a script that
     * leaves an exercise wrong exits with status 1. */
    unsigned char failed[LAB_MAX_STEPS];
};

size_t lab_steps(const Lab *lab)
{
    size_t n = 0;
    while (lab->steps[n].title && n < LAB_MAX_STEPS)
        n++;
    return n;
}

const Lab *lab_current(const Ctx *ctx)
{
    return ctx->lab ? ctx->lab->lab : NULL;
}

/* Progress lives in the state directory for the learner at a prompt; a
 * script (or a teacher's grading run) neither reads nor writes it. */
static int keeps_progress(const Ctx *ctx)
{
    return ctx->interactive;
}

static int save(Ctx *ctx, Err *e)
{
    if (!keeps_progress(ctx)) return 0;
    return lab_progress_save(ctx->lab->lab->name, &ctx->lab->prog, e);
}

static int count_done(const Lab *lab, const LabProgress *p, int *checked)
{
    int done = 0, n = (int)lab_steps(lab);
    *checked = 0;
    for (int i = 0; i < n; i++) {
        if (!lab->steps[i].check) continue;
        (*checked)++;
        done += p->done[i] != 0;
    }
    return done;
}

void lab_print_step(Ctx *ctx, const Lab *lab, int step)
{
    const LabStep *s = &lab->steps[step];
    ctx_printf(ctx, "\nStep %d of %zu: %s\n\n", step + 1, lab_steps(lab), s->title);
    lab_text_print(ctx, s->text, 2);
    if (s->task) {
        ctx_printf(ctx, "\n  Exercise:\n");
        lab_text_print(ctx, s->task, 4);
        ctx_printf(ctx, "\n  Type check when you are done (hint for a nudge).\n");
    } else {
        ctx_printf(ctx, "\n  Type next for the next step.\n");
    }
}

/* A verdict: "Word: " and the text filled after it, continuation lines
 * indented by two spaces (so a grader can join them). */
static void say(Ctx *ctx, const char *word, const char *text)
{
    char line[2200];
    snprintf(line, sizeof line, "%s: %s", word, text);
    lab_text_say(ctx, line);
}

static LabState *state(Ctx *ctx, Err *e)
{
    if (!ctx->lab && !(ctx->lab = calloc(1, sizeof *ctx->lab))) {
        err_nomem(e, sizeof *ctx->lab, "lab");
        return NULL;
    }
    return ctx->lab;
}

int lab_start(Ctx *ctx, const Lab *lab, Err *e)
{
    LabState *st = state(ctx, e);
    if (!st) return -1;
    LabProgress p;
    if (keeps_progress(ctx)) {
        if (lab_progress_load(lab->name, &p, e) < 0) return -1;
    } else {
        memset(&p, 0, sizeof p);
    }
    int n = (int)lab_steps(lab);
    if (p.step >= n) p.step = n - 1;
    if (lab_load_data(ctx, lab, e) < 0) return -1;
    if (st->lab != lab) memset(st->failed, 0, sizeof st->failed);
    st->lab = lab;
    st->prog = p;
    int checked, done = count_done(lab, &p, &checked);
    ctx_printf(ctx, "Lab %s: %s\n", lab->name, lab->title);
    if (lab->setup_note) {
        ctx_printf(ctx, "Loaded for this lab:\n");
        lab_text_print(ctx, lab->setup_note, 2);
    }
    if (p.step > 0 || done > 0)
        ctx_printf(ctx, "Resuming at step %d of %d (%d of %d exercises done).\n", p.step + 1, n,
                   done, checked);
    ctx_printf(ctx,
               "check checks an exercise, hint gives a nudge, next and back move, lab lists\n"
               "the labs; man dv-lab-%s has the background.\n",
               lab->name);
    lab_print_step(ctx, lab, p.step);
    return save(ctx, e);
}

static int need_lab(Ctx *ctx, const char *what, Err *e)
{
    if (ctx->lab && ctx->lab->lab) return 0;
    return err_set(e, "%s: no lab in progress; start one with lab NAME (lab lists them)", what);
}

int lab_check(Ctx *ctx, Err *e)
{
    if (need_lab(ctx, "check", e) < 0) return -1;
    LabState *st = ctx->lab;
    const Lab *lab = st->lab;
    int step = st->prog.step, n = (int)lab_steps(lab);
    const LabStep *s = &lab->steps[step];
    if (!s->check) {
        ctx_printf(ctx, "Step %d has no exercise to check; type next for the next step.\n",
                   step + 1);
        return 0;
    }
    char why[1024] = "";
    int r = s->check(ctx, why, sizeof why, e);
    if (r < 0) return err_prefix(e, "check (lab %s, step %d)", lab->name, step + 1);
    if (r == 0) {
        st->failed[step] = 1;
        say(ctx, "Not yet", why);
        ctx_printf(ctx, "Step %d is not done yet: try again, then check (hint gives a nudge).\n",
                   step + 1);
        return 0;
    }
    st->failed[step] = 0;
    st->prog.done[step] = 1;
    say(ctx, "Right", why);
    int checked, done = count_done(lab, &st->prog, &checked);
    if (step + 1 < n)
        ctx_printf(ctx, "Step %d done (%d of %d exercises of lab %s). Type next for step %d.\n",
                   step + 1, done, checked, lab->name, step + 2);
    else
        ctx_printf(ctx, "That was the last step (%d of %d exercises of lab %s done).\n", done,
                   checked, lab->name);
    return save(ctx, e);
}

int lab_hint(Ctx *ctx, Err *e)
{
    if (need_lab(ctx, "hint", e) < 0) return -1;
    const LabStep *s = &ctx->lab->lab->steps[ctx->lab->prog.step];
    if (s->hint) {
        ctx_printf(ctx, "Hint for step %d:\n", ctx->lab->prog.step + 1);
        lab_text_print(ctx, s->hint, 2);
    } else if (s->task) {
        ctx_printf(ctx, "No more hints for step %d; the exercise again:\n",
                   ctx->lab->prog.step + 1);
        lab_text_print(ctx, s->task, 2);
    } else {
        ctx_printf(ctx, "Step %d has no exercise: type its statements, then next.\n",
                   ctx->lab->prog.step + 1);
    }
    return 0;
}

int lab_move(Ctx *ctx, int delta, Err *e)
{
    const char *what = delta > 0 ? "next" : "back";
    if (need_lab(ctx, what, e) < 0) return -1;
    LabState *st = ctx->lab;
    int n = (int)lab_steps(st->lab), to = st->prog.step + delta;
    if (to < 0) return err_set(e, "back: this is step 1 of lab %s already", st->lab->name);
    if (to >= n) {
        int checked, done = count_done(st->lab, &st->prog, &checked);
        ctx_printf(ctx,
                   "Step %d was the last step of lab %s (%d of %d exercises done); lab lists the "
                   "others.\n",
                   n, st->lab->name, done, checked);
        return 0;
    }
    const LabStep *from = &st->lab->steps[st->prog.step];
    if (delta > 0 && from->check && !st->prog.done[st->prog.step])
        ctx_printf(ctx, "(Step %d's exercise is not checked yet; back returns to it.)\n",
                   st->prog.step + 1);
    st->prog.step = to;
    lab_print_step(ctx, st->lab, to);
    return save(ctx, e);
}

int lab_list(Ctx *ctx, Err *e)
{
    ctx_printf(ctx, "Labs (lab NAME starts or resumes one; man dv-labs describes them):\n");
    size_t nlabs = 0;
    while (lab_at(nlabs))
        nlabs++;
    char(*where)[64] = calloc(nlabs ? nlabs : 1, sizeof *where);
    if (!where) return err_nomem(e, nlabs * sizeof *where, "lab");
    int wide = 0, wide_where = 0; /* the columns' widths, so they line up in 80 columns */
    for (size_t i = 0; i < nlabs; i++) {
        const Lab *lab = lab_at(i);
        LabProgress p;
        memset(&p, 0, sizeof p);
        int current = ctx->lab && ctx->lab->lab == lab;
        if (current)
            p = ctx->lab->prog;
        else if (keeps_progress(ctx) && lab_progress_load(lab->name, &p, e) < 0) {
            free(where);
            return -1;
        }
        int checked, done = count_done(lab, &p, &checked);
        if (current || p.step > 0 || done > 0)
            snprintf(where[i], sizeof where[i], "%d/%d done", done, checked);
        else
            snprintf(where[i], sizeof where[i], "%d exercises", checked);
        if ((int)strlen(lab->name) > wide) wide = (int)strlen(lab->name);
        if ((int)strlen(where[i]) > wide_where) wide_where = (int)strlen(where[i]);
    }
    for (size_t i = 0; i < nlabs; i++) {
        const Lab *lab = lab_at(i);
        int current = ctx->lab && ctx->lab->lab == lab;
        ctx_printf(ctx, "%c %-*s %-*s %s\n", current ? '*' : ' ', wide, lab->name, wide_where,
                   where[i], lab->title);
    }
    free(where);
    if (ctx->lab && ctx->lab->lab)
        ctx_printf(ctx, "* in progress, at step %d; lab step shows it again.\n",
                   ctx->lab->prog.step + 1);
    return 0;
}

int lab_reset(Ctx *ctx, const Lab *lab, Err *e)
{
    if (!lab) {
        if (need_lab(ctx, "lab reset", e) < 0) return -1;
        lab = ctx->lab->lab;
    }
    if (keeps_progress(ctx) && lab_progress_reset(lab->name, e) < 0) return -1;
    if (ctx->lab && ctx->lab->lab == lab) {
        memset(&ctx->lab->prog, 0, sizeof ctx->lab->prog);
        memset(ctx->lab->failed, 0, sizeof ctx->lab->failed);
        ctx_printf(ctx, "Lab %s is back at step 1 with nothing done.\n", lab->name);
        lab_print_step(ctx, lab, 0);
        return save(ctx, e);
    }
    ctx_printf(ctx, "Lab %s is back at step 1 with nothing done.\n", lab->name);
    return 0;
}

const char *lab_status(const Ctx *ctx, char *buf, size_t n)
{
    if (!ctx->lab || !ctx->lab->lab) return NULL;
    const LabState *st = ctx->lab;
    snprintf(buf, n, "lab %s %d/%zu: %s%s", st->lab->name, st->prog.step + 1, lab_steps(st->lab),
             st->lab->steps[st->prog.step].title, st->prog.done[st->prog.step] ? " (done)" : "");
    return buf;
}

int lab_unsolved(const Ctx *ctx)
{
    if (!ctx->lab || !ctx->lab->lab) return 0;
    for (int i = 0; i < LAB_MAX_STEPS; i++)
        if (ctx->lab->failed[i]) return 1;
    return 0;
}

int lab_grade(Ctx *ctx, const Lab *lab, FILE *out, Err *e)
{
    int n = (int)lab_steps(lab), wrong = 0, checked = 0;
    for (int i = 0; i < n; i++) {
        const LabStep *s = &lab->steps[i];
        if (!s->check) continue;
        checked++;
        char why[1024] = "";
        int r = s->check(ctx, why, sizeof why, e);
        if (r < 0) {
            if (e->cancelled) return -1;
            /* a check that cannot run on this submission counts as wrong */
            snprintf(why, sizeof why, "the check could not run: %.900s", e->msg);
            err_clear(e);
            r = 0;
        }
        wrong += r == 0;
        fprintf(out, "step %d (%s): %s: %s\n", i + 1, s->title, r ? "right" : "not yet", why);
    }
    fprintf(out, "lab %s: %d of %d exercises right\n", lab->name, checked - wrong, checked);
    return wrong;
}

int lab_begin(Ctx *ctx, const Lab *lab, Err *e)
{
    LabState *st = state(ctx, e);
    if (!st) return -1;
    if (lab_load_data(ctx, lab, e) < 0) return -1;
    st->lab = lab;
    memset(&st->prog, 0, sizeof st->prog);
    return 0;
}

void lab_state_free(Ctx *ctx)
{
    free(ctx->lab);
    ctx->lab = NULL;
}
