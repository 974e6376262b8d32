/* lab_progress.c — where a learner stopped in each lab, kept across
 * sessions in the XDG state directory (XDG Base Directory Specification
 * 0.8: $XDG_STATE_HOME, default ~/.local/state).
 *
 * The file holds one line per lab: its name, the current step (1-based)
 * and a mark per step, '+' for a passed check and '.' otherwise:
 *
 *     pca 3 ++....
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lang/lab.h"

int lab_progress_path(char *buf, size_t n)
{
    const char *x = getenv("XDG_STATE_HOME");
    int w;
    if (x && x[0] == '/') /* the spec: a relative path is invalid, ignore it */
        w = snprintf(buf, n, "%s/dv/labs", x);
    else if ((x = getenv("HOME")) && *x)
        w = snprintf(buf, n, "%s/.local/state/dv/labs", x);
    else
        return -1;
    return w > 0 && (size_t)w < n ? 0 : -1;
}

/* mkdir -p for the folders above path (mode 0700, as the spec asks). */
static int make_parents(char *path, Err *e)
{
    for (char *c = path + 1; *c; c++) {
        if (*c != '/') continue;
        *c = 0;
        int bad = mkdir(path, 0700) < 0 && errno != EEXIST;
        int why = errno;
        *c = '/';
        if (bad)
            return err_set(e, "lab: cannot create %.*s: %s", (int)(c - path), path, strerror(why));
    }
    return 0;
}

/* Parse "NAME STEP MARKS"; returns 1 when line is name's and well formed. */
static int parse_line(const char *line, const char *name, LabProgress *p)
{
    size_t l = strlen(name);
    if (strncmp(line, name, l) != 0 || line[l] != ' ') return 0;
    char *end;
    long step = strtol(line + l + 1, &end, 10);
    if (end == line + l + 1 || *end != ' ' || step < 1 || step > LAB_MAX_STEPS) return 0;
    LabProgress q = {(int)step - 1, {0}};
    const char *m = end + 1;
    for (int i = 0; m[i] && m[i] != '\n'; i++) {
        if (i >= LAB_MAX_STEPS || (m[i] != '+' && m[i] != '.')) return 0;
        q.done[i] = m[i] == '+';
    }
    *p = q;
    return 1;
}

int lab_progress_load(const char *name, LabProgress *p, Err *e)
{
    memset(p, 0, sizeof *p);
    char path[4096];
    if (lab_progress_path(path, sizeof path) < 0) return 0;
    FILE *f = fopen(path, "r");
    if (!f) return 0; /* no file yet: a fresh start */
    char line[512];
    while (fgets(line, sizeof line, f))
        if (parse_line(line, name, p)) break;
    fclose(f);
    return 0;
}

/* Rewrite the file without name's line (name NULL: without any line),
 * adding p's line for name when p is given. */
static int rewrite(const char *name, const LabProgress *p, Err *e)
{
    char path[4096], tmp[4200];
    if (lab_progress_path(path, sizeof path) < 0)
        return err_set(e, "lab: cannot save progress: neither XDG_STATE_HOME nor HOME is set");
    if (make_parents(path, e) < 0) return -1;
    snprintf(tmp, sizeof tmp, "%s.%ld.tmp", path, (long)getpid());
    FILE *out = fopen(tmp, "w");
    if (!out) return err_set(e, "lab: cannot write %s: %s", tmp, strerror(errno));
    FILE *in = fopen(path, "r");
    char line[512];
    size_t l = name ? strlen(name) : 0;
    while (in && name && fgets(line, sizeof line, in)) {
        if (strncmp(line, name, l) == 0 && line[l] == ' ') continue;
        if (!strchr(line, '\n')) continue; /* a line too long to be ours: drop it */
        fputs(line, out);
    }
    if (in) fclose(in);
    if (p) {
        fprintf(out, "%s %d ", name, p->step + 1);
        int last = 0;
        for (int i = 0; i < LAB_MAX_STEPS; i++)
            if (p->done[i]) last = i + 1;
        for (int i = 0; i < last; i++)
            fputc(p->done[i] ? '+' : '.', out);
        if (last == 0) fputc('.', out);
        fputc('\n', out);
    }
    int bad = ferror(out);
    bad |= fclose(out) != 0;
    if (bad || rename(tmp, path) < 0) {
        int why = errno;
        remove(tmp);
        return err_set(e, "lab: cannot write %s: %s", path, strerror(why));
    }
    return 0;
}

int lab_progress_save(const char *name, const LabProgress *p, Err *e)
{
    return rewrite(name, p, e);
}

int lab_progress_reset(const char *name, Err *e)
{
    return rewrite(name, NULL, e);
}
