/* test_history.c — the history file (src/ui/history.c): the format on
 * disk, multi-line entries stored and read back as one, a line that looks
 * like a timestamp, files of plain lines from older versions, DV_HISTSIZE
 * (loading the last N, trimming the file, 0 = nothing written), and
 * processes appending at once, also while others trim: no entry is lost
 * or torn, whatever the interleaving. */
#include <readline/history.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/tap.h"
#include "ui/frontend.h"

static char dir[256], file[512];

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    static char buf[1 << 20];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static void put(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

/* The file with every "#digits" line written as "#T" (times differ). */
static const char *stamped(void)
{
    static char out[1 << 16];
    const char *p = slurp(file);
    size_t u = 0;
    while (p && *p && u < sizeof out - 4) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) + 1 : strlen(p);
        size_t d = 1;
        while (p[0] == '#' && d < len && p[d] >= '0' && p[d] <= '9')
            d++;
        if (p[0] == '#' && d > 1 && (p[d] == '\n' || !p[d])) {
            memcpy(out + u, "#T\n", 3);
            u += 3;
        } else if (u + len < sizeof out) {
            memcpy(out + u, p, len);
            u += len;
        }
        p += len;
    }
    out[u] = '\0';
    return out;
}

static void reopen(void)
{
    clear_history();
    Err e;
    if (history_open(&e) < 0) printf("# history_open: %s\n", e.msg);
}

static const char *entry(int i) /* 0 = oldest loaded */
{
    HIST_ENTRY *h = history_get(history_base + i);
    return h ? h->line : "(none)";
}

/* n processes each append `each` entries "p<k> <i>"; with trim, the
 * parent reopens (and so trims to DV_HISTSIZE) all the while.  Returns
 * the number of processes that failed. */
static int race(int n, int each, int trim)
{
    pid_t pids[16];
    for (int k = 0; k < n; k++) {
        pids[k] = fork();
        if (pids[k] == 0) {
            Err e;
            char line[64];
            int bad = 0;
            for (int i = 0; i < each; i++) {
                snprintf(line, sizeof line, "p%d %d", k, i);
                if (history_add(line, &e) < 0) bad++;
                if (trim) usleep(300); /* spread the appends over many trims */
            }
            _exit(bad ? 1 : 0);
        }
    }
    int failed = 0, running = n;
    while (running > 0) {
        if (trim) reopen();
        int st;
        pid_t p = trim ? waitpid(-1, &st, WNOHANG) : wait(&st);
        if (p > 0) {
            running--;
            if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) failed++;
        }
    }
    return failed;
}

/* For each process, the entries the file holds must be a run i0..each-1
 * (a trim keeps the newest; a lost append would leave a gap). */
static int check_runs(int n, int each, int *total)
{
    reopen();
    int next[16], seen[16], bad = 0;
    for (int k = 0; k < n; k++)
        next[k] = -1, seen[k] = 0;
    *total = history_length;
    for (int i = 0; i < history_length; i++) {
        int k, v;
        if (sscanf(entry(i), "p%d %d", &k, &v) != 2 || k < 0 || k >= n) {
            printf("# torn or foreign entry: '%s'\n", entry(i));
            bad++;
            continue;
        }
        if (next[k] >= 0 && v != next[k]) {
            printf("# p%d: %d after %d\n", k, v, next[k] - 1);
            bad++;
        }
        next[k] = v + 1;
        seen[k]++;
    }
    for (int k = 0; k < n; k++)
        if (seen[k] && next[k] != each) {
            printf("# p%d ends at %d\n", k, next[k] - 1);
            bad++;
        }
    return bad;
}

int main(void)
{
    snprintf(dir, sizeof dir, "%s/dv-test-history.%ld",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", (long)getpid());
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s' && mkdir -p '%s'", dir, dir);
    if (system(cmd) != 0) return 99;
    setenv("XDG_STATE_HOME", dir, 1);
    unsetenv("DV_HISTSIZE");
    snprintf(file, sizeof file, "%s/dv/history", dir);
    Err e;

    ok(history_open(&e) == 0 && history_length == 0, "no file yet: an empty history");
    ok(strcmp(history_path(), file) == 0, "the file is $XDG_STATE_HOME/dv/history");
    history_add("print 1", &e);
    history_add("z = [1,\n2]", &e);
    history_add("z = [1,\n2]", &e);
    history_add("#42\nx = 1", &e);
    history_add("  \n ", &e);
    const char *want = "#T\nprint 1\n#T\nz = [1,\n2]\n#T\n #42\nx = 1\n";
    ok(strcmp(stamped(), want) == 0,
       "each entry after a timestamp line, the same twice in a row once, blank none");
    reopen();
    ok(history_length == 3 && strcmp(entry(0), "print 1") == 0 &&
           strcmp(entry(1), "z = [1,\n2]") == 0 && strcmp(entry(2), " #42\nx = 1") == 0,
       "read back: a multi-line entry is one entry, the line like a stamp kept as a comment (%d)",
       history_length);

    put(file,
        "print \"old\"\nx = 2\n\n#1700000000\ny = [3,\n4]\n#1700000001\n#1700000002\nprint y\n");
    reopen();
    ok(history_length == 4 && strcmp(entry(0), "print \"old\"") == 0 &&
           strcmp(entry(1), "x = 2") == 0 && strcmp(entry(2), "y = [3,\n4]") == 0 &&
           strcmp(entry(3), "print y") == 0,
       "plain lines (older files) are an entry each; an empty stamped entry is none (%d)",
       history_length);

    FILE *f = fopen(file, "w");
    for (int i = 1; i <= 40; i++)
        fprintf(f, "#%d\nprint %d\n", 1700000000 + i, i);
    fclose(f);
    setenv("DV_HISTSIZE", "5", 1);
    reopen();
    ok(history_length == 5 && strcmp(entry(0), "print 36") == 0 &&
           strcmp(entry(4), "print 40") == 0,
       "DV_HISTSIZE=5 loads the last five");
    const char *t = stamped();
    ok(strcmp(t, "#T\nprint 36\n#T\nprint 37\n#T\nprint 38\n#T\nprint 39\n#T\nprint 40\n") == 0,
       "and trims the file to them");
    history_add("print 41", &e);
    reopen();
    ok(history_length == 5 && strcmp(entry(4), "print 41") == 0 &&
           strcmp(entry(0), "print 37") == 0,
       "a new entry pushes the oldest out");
    setenv("DV_HISTSIZE", "0", 1);
    reopen();
    history_add("print 42", &e);
    ok(history_length == 0 && !strstr(slurp(file), "print 42"),
       "DV_HISTSIZE=0: nothing loaded or written");

    /* processes appending at once */
    unsetenv("DV_HISTSIZE");
    unlink(file);
    reopen();
    int total = 0;
    ok(race(4, 300, 0) == 0, "four processes append 300 entries each at once");
    int bad = check_runs(4, 300, &total);
    ok(bad == 0 && total == 1200, "all 1200 are there, none torn (%d)", total);

    unlink(file);
    setenv("DV_HISTSIZE", "400", 1);
    reopen();
    ok(race(4, 300, 1) == 0, "four processes append while another trims to 400 over and over");
    bad = check_runs(4, 300, &total);
    ok(bad == 0 && total <= 440,
       "the newest of each survive in order, none lost in the trims (%d kept)", total);

    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) printf("# could not remove %s\n", dir);
    done_testing();
    return tap_failed != 0;
}
