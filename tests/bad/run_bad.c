/* run_bad.c — the bad-input catalogue (tests/bad/NAME.bad), and wrong calls of
 * every builtin generated from the builtin table.
 *
 * Every case runs in ONE session, one after the other, as a user at the
 * prompt would type them: each must fail with its exact message (or print
 * its exact output), and then the next statement must still run and the
 * session's variables must be intact (`print keep` after every case).
 * Output is TAP, one line per case.
 *
 * A catalogue file is a list of cases:
 *
 *   case TITLE               starts a case
 *   file NAME SPEC           writes NAME (in the catalogue's private folder)
 *   dir NAME                 makes a folder
 *   socket NAME              makes a Unix socket: a path no one can open
 *   env NAME VALUE           sets an environment variable for this case only
 *                            (DV_MEM_LIMIT, so a size refused does not depend
 *                            on the machine's memory)
 *   run SOURCE               a statement; every run but the last must succeed
 *   run-bytes SPEC           the same, written as a SPEC (below): escapes,
 *                            and repeats for sources too long to type
 *   error MESSAGE            the last run fails with "LINE:COL: MESSAGE"
 *   output TEXT              ... or succeeds and prints TEXT
 *                            (in both, \n, \\ and \xHH are escapes)
 *   next SOURCE / next-output TEXT   replace the default proof that the
 *                            session goes on (print keep / [1, 2, 3])
 *
 * SPEC is a sequence of quoted strings with C escapes (\n \t \r \0 \\ \"
 * \xHH), each optionally repeated with *N, and npyhead "DICT" (a .npy 1.0
 * preamble around the header dict, padded), followed by filters applied in
 * order: |gzip (gzip the bytes so far), |cut N (keep the first N bytes),
 * |drop N (remove the last N), |flip N (invert the byte at offset N, from
 * the end when negative).  Lines starting with # and blank lines are
 * skipped.
 *
 * With --builtins, the cases are generated from the builtin table instead:
 * for every builtin, one argument too many, a missing required argument,
 * an unknown keyword, and a value of the wrong type for every typed
 * parameter, each with the message the argument checker must give.
 *
 * Usage: run_bad [--builtins] [FILE.bad]...; with no arguments, the
 * catalogue files in $top_srcdir/tests/bad (*.bad) and the builtin cases.
 */
#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>
#include <zlib.h>

#include "lang/builtin.h"
#include "lang/eval.h"
#include "lang/reference.h"
#include "plot/plot.h"

#define MAX_RUNS 16

typedef struct Buf {
    char *p;
    size_t n, cap;
} Buf;

static int buf_add(Buf *b, const void *s, size_t n)
{
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (b->n + n + 1 > cap) cap *= 2;
        char *p = realloc(b->p, cap);
        if (!p) return -1;
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
    return 0;
}

typedef struct Case {
    char *title;
    const char *file;
    int line;
    char *runs[MAX_RUNS];
    int nruns;
    char *error, *output, *next, *next_output;
    char *setup_error; /* a directive that could not be carried out */
    char *env;         /* the variable set by env, unset when the case ends */
} Case;

static Session *S;
static Buf out;
static int ntests, nfailed;
static char workdir[512];

static void capture(void *user, const char *s, size_t n)
{
    (void)user;
    buf_add(&out, s, n);
}

static int show_plot(void *user, const Plot *p, Err *e)
{
    (void)user;
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (!f) return err_set(e, "open_memstream failed");
    int rc = plot_write_text(p, f, 40, 12, 0, 1, e);
    fclose(f);
    if (rc == 0) buf_add(&out, text, len);
    free(text);
    return rc;
}

/* Run src as one entry; on error format "LINE:COL: MESSAGE" into *msg
 * (malloc'd).  Returns 0 or -1. */
static int run(const char *src, char **msg)
{
    SrcPos pos;
    Err e;
    *msg = NULL;
    if (session_run(S, src, "bad", 1, &pos, &e) == 0) return 0;
    size_t n = strlen(e.msg) + 32;
    *msg = malloc(n);
    if (*msg) {
        if (pos.line > 0) snprintf(*msg, n, "%d:%d: %s", pos.line, pos.col, e.msg);
        else snprintf(*msg, n, "%s", e.msg);
    }
    return -1;
}

/* Length of the valid UTF-8 sequence at p, or 0. */
static int utf8_len(const unsigned char *p)
{
    int n = *p < 0x80 ? 1 : (*p >> 5) == 6 ? 2 : (*p >> 4) == 14 ? 3 : (*p >> 3) == 30 ? 4 : 0;
    for (int k = 1; k < n; k++)
        if ((p[k] & 0xc0) != 0x80) return 0;
    return n;
}

/* Printable form of s for diagnostics, in the escapes expected texts use
 * (\n, \\, \xHH for control bytes and invalid UTF-8), cut at 300 bytes. */
static void diag(const char *what, const char *s)
{
    printf("#   %s: ", what);
    if (!s) {
        printf("(nothing)\n");
        return;
    }
    const unsigned char *p = (const unsigned char *)s;
    while (*p && p - (const unsigned char *)s < 300) {
        int n = utf8_len(p);
        if (*p == '\n') printf("\\n");
        else if (*p == '\\') printf("\\\\");
        else if (*p < 32 || *p == 127 || n == 0) printf("\\x%02x", *p);
        else fwrite(p, 1, (size_t)n, stdout);
        p += n ? n : 1;
    }
    printf("%s\n", *p ? "..." : "");
}

static void report(const Case *c, int ok, const char *why, const char *want, const char *got)
{
    ntests++;
    if (ok) {
        printf("ok %d - %s:%d %s\n", ntests, c->file, c->line, c->title);
        return;
    }
    nfailed++;
    printf("not ok %d - %s:%d %s\n#   %s\n", ntests, c->file, c->line, c->title, why);
    if (want || got) {
        diag("expected", want);
        diag("got     ", got);
    }
}

static void run_case(Case *c)
{
    char *msg = NULL;
    if (c->setup_error) {
        report(c, 0, c->setup_error, NULL, NULL);
        return;
    }
    if (c->nruns == 0) {
        report(c, 0, "no run line", NULL, NULL);
        return;
    }
    if (!c->error && !c->output) {
        report(c, 0, "neither error nor output is given", NULL, NULL);
        return;
    }
    for (int i = 0; i < c->nruns - 1; i++) {
        if (run(c->runs[i], &msg) != 0) {
            report(c, 0, "a setup statement failed", c->runs[i], msg);
            free(msg);
            return;
        }
    }
    out.n = 0;
    if (out.p) out.p[0] = '\0';
    int rc = run(c->runs[c->nruns - 1], &msg);
    const char *got_out = out.p ? out.p : "";
    if (c->error) {
        if (rc == 0) {
            report(c, 0, "no error", c->error, got_out);
            return;
        }
        if (!msg || strcmp(msg, c->error) != 0) {
            report(c, 0, "wrong message", c->error, msg);
            free(msg);
            return;
        }
    } else if (rc != 0) {
        report(c, 0, "unexpected error", c->output, msg);
        free(msg);
        return;
    }
    free(msg);
    msg = NULL;
    if (c->output && strcmp(got_out, c->output) != 0) {
        char *copy = strdup(got_out);
        report(c, 0, "wrong output", c->output, copy);
        free(copy);
        return;
    }
    /* The session goes on: the next statement runs, the variables kept. */
    const char *next = c->next ? c->next : "print keep";
    const char *want = c->next_output ? c->next_output : "[1, 2, 3]\n";
    out.n = 0;
    if (out.p) out.p[0] = '\0';
    if (run(next, &msg) != 0) {
        report(c, 0, "the session did not go on: the next statement failed", next, msg);
        free(msg);
        return;
    }
    if (strcmp(out.p ? out.p : "", want) != 0) {
        char *copy = strdup(out.p ? out.p : "");
        report(c, 0, "the session did not go on: wrong output of the next statement", want, copy);
        free(copy);
        return;
    }
    if (session_interrupted) {
        report(c, 0, "session_interrupted was left set", NULL, NULL);
        session_interrupted = 0;
        return;
    }
    report(c, 1, NULL, NULL, NULL);
}

static void case_free(Case *c)
{
    free(c->title);
    for (int i = 0; i < c->nruns; i++) free(c->runs[i]);
    free(c->error);
    free(c->output);
    free(c->next);
    free(c->next_output);
    free(c->setup_error);
    if (c->env) unsetenv(c->env);
    free(c->env);
    memset(c, 0, sizeof *c);
}

static void set_setup_error(Case *c, const char *fmt, ...)
{
    if (c->setup_error) return;
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    c->setup_error = strdup(buf);
}

/* ---- file contents ---------------------------------------------------- */

/* Parse a quoted string at *p (after the quote) into b; *p ends past the
 * closing quote.  Returns 0 or -1. */
static int parse_quoted(const char **p, Buf *b)
{
    const char *s = *p;
    while (*s && *s != '"') {
        char c = *s++;
        if (c == '\\') {
            char k = *s++;
            switch (k) {
            case 'n': c = '\n'; break;
            case 't': c = '\t'; break;
            case 'r': c = '\r'; break;
            case '0': c = '\0'; break;
            case '\\': c = '\\'; break;
            case '"': c = '"'; break;
            case 'x': {
                char hex[3] = {s[0], s[0] ? s[1] : 0, 0};
                char *end;
                long v = strtol(hex, &end, 16);
                if (end != hex + 2) return -1;
                c = (char)v;
                s += 2;
                break;
            }
            default: return -1;
            }
        }
        if (buf_add(b, &c, 1) < 0) return -1;
    }
    if (*s != '"') return -1;
    *p = s + 1;
    return 0;
}

static int gzip_buf(Buf *b)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return -1;
    uLong cap = deflateBound(&z, (uLong)b->n) + 64;
    unsigned char *o = malloc(cap);
    if (!o) {
        deflateEnd(&z);
        return -1;
    }
    z.next_in = (unsigned char *)b->p;
    z.avail_in = (uInt)b->n;
    z.next_out = o;
    z.avail_out = (uInt)cap;
    int rc = deflate(&z, Z_FINISH);
    size_t n = cap - z.avail_out;
    deflateEnd(&z);
    if (rc != Z_STREAM_END) {
        free(o);
        return -1;
    }
    b->n = 0;
    rc = buf_add(b, o, n);
    free(o);
    return rc;
}

/* Build the bytes SPEC stands for into b.  Returns 0 or -1 with *why. */
static int build_spec(const char *s, Buf *b, const char **why)
{
    for (;;) {
        while (*s == ' ' || *s == '\t') s++;
        if (!*s) return 0;
        if (*s == '"') {
            s++;
            Buf part = {0};
            if (buf_add(&part, "", 0) < 0 || parse_quoted(&s, &part) < 0) {
                free(part.p);
                *why = "bad quoted string";
                return -1;
            }
            long times = 1;
            while (*s == ' ') s++;
            if (*s == '*') {
                char *end;
                times = strtol(s + 1, &end, 10);
                if (end == s + 1 || times < 0) {
                    free(part.p);
                    *why = "bad repeat count";
                    return -1;
                }
                s = end;
            }
            for (long k = 0; k < times; k++)
                if (buf_add(b, part.p, part.n) < 0) {
                    free(part.p);
                    *why = "out of memory";
                    return -1;
                }
            free(part.p);
        } else if (strncmp(s, "npyhead ", 8) == 0 && s[8] == '"') {
            /* A .npy 1.0 preamble around the dict: magic, version, length,
             * padded with spaces to 64 bytes and a newline. */
            s += 9;
            Buf d = {0};
            if (buf_add(&d, "", 0) < 0 || parse_quoted(&s, &d) < 0) {
                free(d.p);
                *why = "bad npyhead string";
                return -1;
            }
            size_t len = d.n + 1, pad = (64 - (10 + len) % 64) % 64;
            unsigned char pre[10] = {0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0,
                                     (unsigned char)((len + pad) & 255),
                                     (unsigned char)((len + pad) >> 8)};
            int bad = buf_add(b, pre, sizeof pre) < 0 || buf_add(b, d.p, d.n) < 0;
            for (size_t k = 0; k < pad && !bad; k++) bad = buf_add(b, " ", 1) < 0;
            if (bad || buf_add(b, "\n", 1) < 0) {
                free(d.p);
                *why = "out of memory";
                return -1;
            }
            free(d.p);
        } else if (*s == '|') {
            s++;
            char name[16];
            int used = 0;
            long arg = 0;
            if (sscanf(s, "%15[a-z]%n", name, &used) != 1) {
                *why = "bad filter";
                return -1;
            }
            s += used;
            if (strcmp(name, "gzip") != 0) {
                char *end;
                arg = strtol(s, &end, 10);
                if (end == s) {
                    *why = "filter needs a number";
                    return -1;
                }
                s = end;
            }
            if (strcmp(name, "gzip") == 0) {
                if (gzip_buf(b) < 0) {
                    *why = "gzip failed";
                    return -1;
                }
            } else if (strcmp(name, "cut") == 0 && arg >= 0 && (size_t)arg <= b->n) {
                b->n = (size_t)arg;
            } else if (strcmp(name, "drop") == 0 && arg >= 0 && (size_t)arg <= b->n) {
                b->n -= (size_t)arg;
            } else if (strcmp(name, "flip") == 0 && b->n > 0 &&
                       (arg < 0 ? (size_t)-arg <= b->n : (size_t)arg < b->n)) {
                b->p[arg < 0 ? b->n - (size_t)-arg : (size_t)arg] ^= (char)0xff;
            } else {
                *why = "unknown filter or offset out of range";
                return -1;
            }
        } else {
            *why = "expected a quoted string or |filter";
            return -1;
        }
    }
}

static int write_spec(const char *name, const char *spec, const char **why)
{
    Buf b = {0};
    if (buf_add(&b, "", 0) < 0 || build_spec(spec, &b, why) < 0) {
        free(b.p);
        return -1;
    }
    FILE *f = fopen(name, "wb");
    if (!f) {
        free(b.p);
        *why = strerror(errno);
        return -1;
    }
    size_t w = fwrite(b.p, 1, b.n, f);
    int bad = fclose(f) != 0 || w != b.n;
    free(b.p);
    if (bad) *why = "write failed";
    return bad ? -1 : 0;
}

static int make_socket(const char *name)
{
    struct sockaddr_un a;
    memset(&a, 0, sizeof a);
    a.sun_family = AF_UNIX;
    if (strlen(name) >= sizeof a.sun_path) return -1;
    strcpy(a.sun_path, name);
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    if (fd < 0) return -1;
    unlink(name);
    int rc = bind(fd, (struct sockaddr *)&a, sizeof a);
    close(fd);
    return rc;
}

/* An expected text: \n, \\ and \xHH are escapes (for invalid UTF-8). */
static char *unescape_text(const char *s)
{
    Buf b = {0};
    if (buf_add(&b, "", 0) < 0) return NULL;
    for (; *s; s++) {
        char c = *s;
        if (c == '\\' && s[1] == 'n') {
            c = '\n';
            s++;
        } else if (c == '\\' && s[1] == '\\') {
            s++;
        } else if (c == '\\' && s[1] == 'x' && s[2] && s[3]) {
            char hex[3] = {s[2], s[3], 0}, *end;
            long v = strtol(hex, &end, 16);
            if (end == hex + 2) {
                c = (char)v;
                s += 3;
            }
        }
        if (buf_add(&b, &c, 1) < 0) {
            free(b.p);
            return NULL;
        }
    }
    return b.p;
}

/* ---- catalogue files ---------------------------------------------------- */

static int run_catalogue(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        printf("not ok %d - %s: %s\n", ++ntests, path, strerror(errno));
        nfailed++;
        return -1;
    }
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    Case c;
    memset(&c, 0, sizeof c);
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    int lineno = 0, open_case = 0;
    while ((len = getline(&line, &cap, f)) >= 0) {
        lineno++;
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r')) line[--len] = '\0';
        if (len == 0 || line[0] == '#') continue;
        char *arg = strchr(line, ' ');
        if (arg) *arg++ = '\0';
        else arg = line + len;
        if (strcmp(line, "case") == 0) {
            if (open_case) run_case(&c);
            case_free(&c);
            c.title = strdup(arg);
            c.file = base;
            c.line = lineno;
            open_case = 1;
            continue;
        }
        if (!open_case) {
            printf("not ok %d - %s:%d: '%s' before the first case\n", ++ntests, base, lineno, line);
            nfailed++;
            continue;
        }
        const char *why = NULL;
        if (strcmp(line, "file") == 0) {
            char *sp = strchr(arg, ' ');
            if (!sp) set_setup_error(&c, "line %d: file NAME SPEC", lineno);
            else {
                *sp = '\0';
                if (write_spec(arg, sp + 1, &why) < 0)
                    set_setup_error(&c, "line %d: file %s: %s", lineno, arg, why);
            }
        } else if (strcmp(line, "dir") == 0) {
            if (mkdir(arg, 0755) != 0 && errno != EEXIST)
                set_setup_error(&c, "line %d: mkdir %s: %s", lineno, arg, strerror(errno));
        } else if (strcmp(line, "socket") == 0) {
            if (make_socket(arg) != 0)
                set_setup_error(&c, "line %d: socket %s: %s", lineno, arg, strerror(errno));
        } else if (strcmp(line, "env") == 0) {
            char *sp = strchr(arg, ' ');
            if (!sp || c.env) {
                set_setup_error(&c, "line %d: env NAME VALUE, once a case", lineno);
            } else {
                *sp = '\0';
                if (!(c.env = strdup(arg)) || setenv(arg, sp + 1, 1) != 0)
                    set_setup_error(&c, "line %d: env %s: %s", lineno, arg, strerror(errno));
            }
        } else if (strcmp(line, "run") == 0 || strcmp(line, "run-bytes") == 0) {
            char *src;
            if (line[3] == '-') {
                Buf b = {0};
                if (buf_add(&b, "", 0) < 0 || build_spec(arg, &b, &why) < 0) {
                    free(b.p);
                    set_setup_error(&c, "line %d: run-bytes: %s", lineno, why ? why : "out of memory");
                    continue;
                }
                src = b.p;
            } else {
                src = strdup(arg);
            }
            if (c.nruns == MAX_RUNS) {
                free(src);
                set_setup_error(&c, "line %d: more than %d runs", lineno, MAX_RUNS);
            } else {
                c.runs[c.nruns++] = src;
            }
        } else if (strcmp(line, "error") == 0) {
            free(c.error);
            c.error = unescape_text(arg);
        } else if (strcmp(line, "output") == 0) {
            free(c.output);
            c.output = unescape_text(arg);
        } else if (strcmp(line, "next") == 0) {
            free(c.next);
            c.next = strdup(arg);
        } else if (strcmp(line, "next-output") == 0) {
            free(c.next_output);
            c.next_output = unescape_text(arg);
        } else {
            set_setup_error(&c, "line %d: unknown directive '%s'", lineno, line);
        }
    }
    if (open_case) run_case(&c);
    case_free(&c);
    free(line);
    fclose(f);
    return 0;
}

/* ---- cases from the builtin table -------------------------------------- */

/* A value of type t (dv source), and what the checker calls it. */
static const char *good_value(ParamType t)
{
    switch (t) {
    case P_NUM: return "1";
    case P_INT: return "2";
    case P_BOOL: return "true";
    case P_STR: return "\"x\"";
    case P_MAT: return "M";
    case P_LIST: return "[1, 2]";
    case P_MODEL: return "P";
    case P_PLOT: return "Q";
    default: return "1";
    }
}

/* A value that is not of type t: its source and its description.  (A
 * model is not wrong where a matrix is expected: it stands for its main
 * matrix.) */
static void bad_value(ParamType t, const char **src, const char **desc)
{
    switch (t) {
    case P_STR:
    case P_MODEL:
    case P_PLOT:
        *src = "M";
        *desc = "matrix 2x3";
        return;
    default:
        *src = "\"text\"";
        *desc = "string";
        return;
    }
}

static void gen_case(const char *title, const char *src, const char *error)
{
    Case c;
    memset(&c, 0, sizeof c);
    c.title = strdup(title);
    c.file = "builtins";
    c.line = 0;
    c.runs[0] = strdup(src);
    c.nruns = 1;
    c.error = strdup(error);
    run_case(&c);
    case_free(&c);
}

/* Call of b with the required parameters given good values, as source,
 * positionally up to (not including) skip, then extra text. */
static void call_text(char *buf, size_t n, const Builtin *b, int np, int skip, const char *extra)
{
    size_t used = (size_t)snprintf(buf, n, "%s(", b->name);
    int first = 1;
    for (int k = 0; k < np && used < n; k++) {
        const Param *p = &b->params[k];
        if (k == skip || p->def || p->name[0] == '.') continue;
        used += (size_t)snprintf(buf + used, n - used, "%s%s=%s", first ? "" : ", ", p->name,
                                 good_value(p->type));
        first = 0;
    }
    if (used < n && extra)
        used += (size_t)snprintf(buf + used, n - used, "%s%s", first ? "" : ", ", extra);
    if (used < n) snprintf(buf + used, n - used, ")");
}

static void run_builtin_cases(void)
{
    char src[1024], msg[1024], title[256], extra[256];
    for (size_t i = 0; builtin_at(i); i++) {
        const Builtin *b = builtin_at(i);
        int np = 0, variadic = 0;
        while (np < BUILTIN_MAX_PARAMS && b->params[np].name) {
            if (b->params[np].name[0] == '.') variadic = 1;
            np++;
        }
        /* One argument too many (every parameter given, positionally). */
        if (!variadic) {
            size_t used = (size_t)snprintf(src, sizeof src, "%s(", b->name);
            for (int k = 0; k <= np; k++)
                used += (size_t)snprintf(src + used, sizeof src - used, "%s%s", k ? ", " : "",
                                         k < np ? good_value(b->params[k].type) : "1");
            snprintf(src + used, sizeof src - used, ")");
            snprintf(title, sizeof title, "%s: one argument too many", b->name);
            snprintf(msg, sizeof msg, "1:%zu: %s: too many arguments (takes at most %d)",
                     strlen(src) - 1, b->name, np); /* at the last argument */
            gen_case(title, src, msg);
        }
        /* An unknown keyword. */
        call_text(src, sizeof src, b, np, -1, "nosuchparam=1");
        {
            char list[512] = "";
            size_t used = 0;
            for (int k = 0; k < np && used < sizeof list - 40; k++)
                used += (size_t)snprintf(list + used, sizeof list - used, "%s%s", k ? ", " : "",
                                         b->params[k].name);
            const char *at = strstr(src, "nosuchparam");
            snprintf(msg, sizeof msg, "1:%zu: %s: unknown keyword 'nosuchparam' (parameters: %s)",
                     (size_t)(at - src) + 1 + strlen("nosuchparam="), b->name, list);
            snprintf(title, sizeof title, "%s: unknown keyword", b->name);
            gen_case(title, src, msg);
        }
        for (int k = 0; k < np; k++) {
            const Param *p = &b->params[k];
            if (p->name[0] == '.') continue;
            /* A required parameter left out. */
            if (!p->def) {
                call_text(src, sizeof src, b, np, k, NULL);
                snprintf(msg, sizeof msg, "1:1: %s: missing argument '%s'", b->name, p->name);
                snprintf(title, sizeof title, "%s: %s missing", b->name, p->name);
                gen_case(title, src, msg);
            }
            /* A value of the wrong type. */
            if (p->type == P_ANY) continue;
            const char *bad, *desc;
            bad_value(p->type, &bad, &desc);
            snprintf(extra, sizeof extra, "%s=%s", p->name, bad);
            call_text(src, sizeof src, b, np, k, extra);
            const char *at = strstr(src, extra);
            const char *tw = reference_type_name(p->type);
            snprintf(msg, sizeof msg, "1:%zu: %s: %s must be %s %s, got %s",
                     (size_t)(at - src) + 1 + strlen(p->name) + 1, b->name, p->name,
                     strchr("aeiou", tw[0]) ? "an" : "a", tw, desc);
            snprintf(title, sizeof title, "%s: %s of the wrong type", b->name, p->name);
            gen_case(title, src, msg);
        }
    }
}

/* ---- main --------------------------------------------------------------- */

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    return remove(path);
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
    /* Paths first, before leaving for the private folder. */
    char **files = calloc((size_t)argc + 64, sizeof *files);
    int nfiles = 0, builtins = argc == 1;
    if (!files) return 99;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--builtins") == 0) builtins = 1;
        else if (!(files[nfiles++] = realpath(argv[i], NULL))) {
            fprintf(stderr, "run_bad: %s: %s\n", argv[i], strerror(errno));
            return 99;
        }
    }
    if (argc == 1) {
        const char *top = getenv("top_srcdir");
        char dir[4096];
        snprintf(dir, sizeof dir, "%s/tests/bad", top && *top ? top : ".");
        DIR *d = opendir(dir);
        struct dirent *de;
        while (d && (de = readdir(d)) && nfiles < 64) {
            size_t l = strlen(de->d_name);
            if (l < 5 || strcmp(de->d_name + l - 4, ".bad") != 0) continue;
            char path[8192];
            snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
            files[nfiles++] = realpath(path, NULL);
        }
        if (d) closedir(d);
        if (nfiles == 0) {
            fprintf(stderr, "run_bad: no catalogue files in %s\n", dir);
            return 99;
        }
        qsort(files, (size_t)nfiles, sizeof *files, by_name);
    }

    /* Messages must not depend on the machine. */
    setenv("DV_MEM_LIMIT", "1G", 1);
    const char *tmp = getenv("TMPDIR");
    snprintf(workdir, sizeof workdir, "%s/dv-bad.XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(workdir) || chdir(workdir) != 0) {
        perror("run_bad: temporary folder");
        return 99;
    }
    Err e;
    S = session_new(&e);
    if (!S) {
        fprintf(stderr, "run_bad: %s\n", e.msg);
        return 99;
    }
    Ctx *ctx = session_ctx(S);
    ctx->write = capture;
    ctx->show_plot = show_plot;
    char *msg;
    if (run("keep = [1, 2, 3]; seed 1; M = randn(2, 3); P = pca(randn(10, 3), 2); Q = scatter(randn(5, 2))",
            &msg) != 0) {
        fprintf(stderr, "run_bad: the prelude failed: %s\n", msg ? msg : "?");
        return 99;
    }
    for (int i = 0; i < nfiles; i++) {
        run_catalogue(files[i]);
        free(files[i]);
    }
    free(files);
    if (builtins) run_builtin_cases();
    printf("1..%d\n", ntests);
    session_free(S);
    free(out.p);
    if (chdir("/") == 0) nftw(workdir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
    return nfailed ? 1 : 0;
}
