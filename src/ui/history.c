/* history.c — the prompt's history file, shared by every dv session.
 *
 * Sessions append each entry the moment it is entered, under an exclusive
 * flock(2) on the file, so two sessions open at once (two SSH windows)
 * both keep their lines, and a session that dies (a dropped link, kill)
 * has already saved what was typed.  This is what IPython and bash with
 * `histappend` do, rather than rewriting the file at exit (last one wins).
 *
 * The format is bash's history file with timestamps: a line "#EPOCH"
 * starts an entry and the lines up to the next such line are its text, so
 * a multi-line entry (an open bracket, a block) comes back as one entry.
 * Lines before the first timestamp (files written by older versions) are
 * an entry each.  An entry line that would read as a timestamp is written
 * with a leading space (it can only be a comment, so its meaning stays).
 *
 * Size: DV_HISTSIZE entries are kept (default HISTORY_DEFAULT; 0 keeps
 * none and writes nothing; a negative number keeps all).  The file is
 * trimmed when a session starts and finds it well over the limit: the
 * kept tail is written to a temporary file that is renamed over the old
 * one, under the lock.  An appender that waited for the lock on the old
 * file sees that the name now points at another file and appends there.
 */
#include <errno.h>
#include <fcntl.h>
#include <readline/history.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "ui/frontend.h"

#define HISTORY_DEFAULT 50000

static char path[4096];
static long limit = HISTORY_DEFAULT; /* < 0: no limit */
static int warned;

/* mkdir -p: every missing folder of dir, mode 0700 as the XDG Base
 * Directory spec asks of state folders a program creates (a fresh
 * account has no ~/.local/state yet).  Failures show when the file is
 * opened. */
static void make_dirs(char *dir)
{
    for (char *p = dir + 1; *p; p++) {
        if (*p != '/') continue;
        *p = '\0';
        mkdir(dir, 0700);
        *p = '/';
    }
    mkdir(dir, 0700);
}

/* The file: $XDG_STATE_HOME/dv/history or ~/.dv_history. */
static void find_path(void)
{
    const char *xdg = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
    path[0] = '\0';
    if (xdg && *xdg) {
        snprintf(path, sizeof path, "%s/dv", xdg);
        make_dirs(path);
        snprintf(path, sizeof path, "%s/dv/history", xdg);
    } else if (home && *home) {
        snprintf(path, sizeof path, "%s/.dv_history", home);
    }
}

static void read_limit(void)
{
    const char *v = getenv("DV_HISTSIZE");
    limit = HISTORY_DEFAULT;
    if (v && *v) {
        char *end;
        long n = strtol(v, &end, 10);
        if (*end == '\0') limit = n;
    }
}

/* "#" and digits only: the line that starts an entry. */
static int is_stamp(const char *s, size_t n)
{
    if (n < 2 || s[0] != '#') return 0;
    for (size_t i = 1; i < n; i++)
        if (s[i] < '0' || s[i] > '9') return 0;
    return 1;
}

/* The entries of a history file's text, in order (pointers into a copy
 * the caller frees: *store).  Returns the count, or -1 out of memory. */
typedef struct Entries {
    char **v;
    size_t n, cap;
    char *store;
} Entries;

static int entries_push(Entries *es, char *s)
{
    if (es->n == es->cap) {
        size_t cap = es->cap ? es->cap * 2 : 256;
        char **v = realloc(es->v, cap * sizeof *v);
        if (!v) return -1;
        es->v = v;
        es->cap = cap;
    }
    es->v[es->n++] = s;
    return 0;
}

static void entries_free(Entries *es)
{
    free(es->v);
    free(es->store);
    memset(es, 0, sizeof *es);
}

/* Split text (owned by es afterwards) into entries: newlines inside an
 * entry stay, the one ending it goes. */
static int entries_parse(Entries *es, char *text)
{
    es->store = text;
    char *p = text, *cur = NULL; /* cur: the open (stamped) entry */
    char *w = NULL;              /* where cur's next line is written */
    while (*p) {
        char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        char *next = nl ? nl + 1 : p + len;
        if (is_stamp(p, len)) {
            if (cur) *w = '\0';
            cur = next; /* the entry's text starts on the next line */
            w = next;
            if (entries_push(es, cur) < 0) return -1;
        } else if (cur) {
            if (w != cur) *w++ = '\n';
            memmove(w, p, len);
            w += len;
        } else { /* before any stamp: one entry per line */
            p[len] = '\0';
            if (len && entries_push(es, p) < 0) return -1;
        }
        p = next;
    }
    if (cur) *w = '\0';
    /* an empty stamped entry (nothing between two stamps) is no entry */
    size_t k = 0;
    for (size_t i = 0; i < es->n; i++)
        if (es->v[i][0]) es->v[k++] = es->v[i];
    es->n = k;
    return 0;
}

/* Read all of fd (from its start) into a NUL-terminated buffer. */
static char *read_all(int fd)
{
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    if (!buf) return NULL;
    if (lseek(fd, 0, SEEK_SET) < 0) {
        free(buf);
        return NULL;
    }
    for (;;) {
        if (n + 1 >= cap) {
            char *nb = realloc(buf, cap * 2);
            if (!nb) {
                free(buf);
                return NULL;
            }
            buf = nb;
            cap *= 2;
        }
        ssize_t r = read(fd, buf + n, cap - n - 1);
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) {
            free(buf);
            return NULL;
        }
        if (r == 0) break;
        n += (size_t)r;
    }
    buf[n] = '\0';
    for (size_t i = 0; i < n; i++) /* a stray NUL would cut the text short */
        if (!buf[i]) buf[i] = ' ';
    return buf;
}

/* The text that stores one entry: its stamp line and its lines. */
static char *format_entry(const char *entry, time_t when, size_t *len)
{
    size_t n = strlen(entry), lines = 1;
    for (const char *q = entry; *q; q++)
        lines += *q == '\n';
    size_t cap = n + lines + 32;
    char *buf = malloc(cap);
    if (!buf) return NULL;
    size_t u = (size_t)snprintf(buf, cap, "#%lld\n", (long long)when);
    const char *p = entry;
    for (;;) {
        const char *nl = strchr(p, '\n');
        size_t l = nl ? (size_t)(nl - p) : strlen(p);
        if (is_stamp(p, l)) buf[u++] = ' ';
        memcpy(buf + u, p, l);
        u += l;
        buf[u++] = '\n';
        if (!nl) break;
        p = nl + 1;
    }
    *len = u;
    return buf;
}

static int write_all(int fd, const char *s, size_t n)
{
    while (n) {
        ssize_t w = write(fd, s, n);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return -1;
        s += w;
        n -= (size_t)w;
    }
    return 0;
}

/* Open the history file and hold its lock; the name must still point at
 * the file that was locked (a trim may have renamed another over it).
 * Returns the fd, or -1 with errno set. */
static int open_locked(int flags)
{
    for (int tries = 0; tries < 100; tries++) {
        int fd = open(path, flags | O_CREAT | O_CLOEXEC, 0600);
        if (fd < 0) return -1;
        int r;
        while ((r = flock(fd, LOCK_EX)) < 0 && errno == EINTR) {
        }
        struct stat a, b;
        if (r == 0 && fstat(fd, &a) == 0 && stat(path, &b) == 0 && a.st_ino == b.st_ino &&
            a.st_dev == b.st_dev)
            return fd;
        int saved = errno;
        close(fd);
        if (r < 0) {
            errno = saved;
            return -1;
        }
    }
    errno = EAGAIN;
    return -1;
}

static void warn(Err *e, const char *what)
{
    if (e) err_set(e, "history: cannot %s %s: %s", what, path, strerror(errno));
}

/* Write the last keep entries to a new file and rename it over the old
 * one (fd holds the old one's lock). */
static int trim(const Entries *es, size_t keep)
{
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.%ld.tmp", path, (long)getpid());
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) return -1;
    time_t now = time(NULL);
    int rc = 0;
    for (size_t i = es->n - keep; i < es->n && rc == 0; i++) {
        size_t len;
        char *s = format_entry(es->v[i], now, &len);
        rc = s ? write_all(fd, s, len) : -1;
        free(s);
    }
    if (rc == 0) rc = fsync(fd);
    if (close(fd) < 0) rc = -1;
    if (rc == 0) rc = rename(tmp, path);
    if (rc < 0) unlink(tmp);
    return rc;
}

int history_open(Err *e)
{
    err_clear(e);
    find_path();
    read_limit();
    using_history();
    if (limit >= 0) stifle_history(limit > 0x7fffffff ? 0x7fffffff : (int)limit);
    if (!path[0] || limit == 0) return 0;
    int fd = open_locked(O_RDWR);
    if (fd < 0) {
        warn(e, "open");
        return -1;
    }
    char *text = read_all(fd);
    Entries es = {0};
    int rc = 0;
    if (!text) {
        warn(e, "read");
        rc = -1;
    } else if (entries_parse(&es, text) < 0) {
        err_set(e, "history: out of memory reading %s", path);
        rc = -1;
    } else {
        size_t keep = es.n;
        if (limit > 0 && keep > (size_t)limit) keep = (size_t)limit;
        for (size_t i = es.n - keep; i < es.n; i++)
            add_history(es.v[i]);
        /* trim when a tenth over the limit, so it is not done every start */
        if (limit > 0 && es.n > (size_t)limit + (size_t)limit / 10 && trim(&es, keep) < 0) {
            warn(e, "trim");
            rc = -1;
        }
    }
    entries_free(&es);
    close(fd);
    return rc;
}

int history_add(const char *entry, Err *e)
{
    err_clear(e);
    if (!entry[strspn(entry, " \t\n")]) return 0;
    HIST_ENTRY *last = history_length > 0 ? history_get(history_base + history_length - 1) : NULL;
    if (last && strcmp(last->line, entry) == 0) return 0; /* the same again: once is enough */
    add_history(entry);
    if (!path[0] || limit == 0) return 0;
    size_t len;
    char *s = format_entry(entry, time(NULL), &len);
    if (!s) return err_set(e, "history: out of memory");
    int fd = open_locked(O_WRONLY | O_APPEND), rc = 0;
    if (fd < 0 || write_all(fd, s, len) < 0) {
        rc = -1;
        if (!warned) warn(e, fd < 0 ? "open" : "write to"); /* said once: e stays empty after */
        warned = 1;
    }
    if (fd >= 0) close(fd);
    free(s);
    return rc;
}

const char *history_path(void)
{
    return path;
}
