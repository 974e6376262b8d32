/* lex.c — see lex.h. */
#include "lang/lex.h"

#include <ctype.h>
#include <errno.h>
#include <locale.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "lang/limits.h"

/* The reserved words with a line of help each (help pages and `dv
 * --reference` read them from here). */
static const struct {
    const char *word, *help;
} keywords[] = {
    {"and",
     "a and b: true when both are (b is not evaluated when a is false); elementwise on masks"},
    {"break", "leave the innermost for or while loop"},
    {"continue", "go on with the next step of the innermost loop"},
    {"do", "starts the body of a loop: for x in L do ... end, while c do ... end"},
    {"elif", "another condition of an if: if c then ... elif d then ... end"},
    {"else", "what an if does when no condition held"},
    {"end", "closes a for, while, if or fn block"},
    {"fn", "defines a function: fn name(a, b=1) ... return x end"},
    {"for",
     "loops over a list's items, a vector's numbers or a matrix's rows: for x in L do ... end"},
    {"if", "runs a block when a condition holds: if c then ... elif d then ... else ... end"},
    {"in", "for x in L: what a for loop goes over"},
    {"not", "not a: true when a is false; elementwise on masks"},
    {"or", "a or b: true when either is (b is not evaluated when a is true); elementwise on masks"},
    {"return", "ends a function call with a value: return x"},
    {"then", "starts the block of an if or elif"},
    {"while", "repeats a block while a condition holds: while c do ... end"},
    {NULL, NULL},
};

const char *lex_keyword_at(size_t i)
{
    return i < sizeof keywords / sizeof *keywords - 1 ? keywords[i].word : NULL;
}

const char *lex_keyword_help(const char *word)
{
    for (size_t i = 0; keywords[i].word; i++)
        if (strcmp(keywords[i].word, word) == 0) return keywords[i].help;
    return NULL;
}

int lex_is_keyword(const char *s, size_t len)
{
    for (size_t i = 0; keywords[i].word; i++)
        if (strlen(keywords[i].word) == len && memcmp(keywords[i].word, s, len) == 0) return 1;
    return 0;
}

int tok_is(const Token *t, const char *op)
{
    return t->kind == T_OP && strlen(op) == t->len && memcmp(t->text, op, t->len) == 0;
}

int tok_is_kw(const Token *t, const char *kw)
{
    return t->kind == T_KEYWORD && strlen(kw) == t->len && memcmp(t->text, kw, t->len) == 0;
}

int tok_continues_line(const Token *t)
{
    static const char *const ops[] = {"+", "-", "*", "/", "**", "@", "=", ",", "==", "!=",
                                      "<", ">", "<=", ">=", NULL};
    for (int i = 0; ops[i]; i++)
        if (tok_is(t, ops[i])) return 1;
    return tok_is_kw(t, "and") || tok_is_kw(t, "or") || tok_is_kw(t, "not");
}

static int push(TokList *t, Token tok, Err *e)
{
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 64;
        Token *v = realloc(t->v, cap * sizeof *v);
        if (!v) return err_nomem(e, cap * sizeof *v, "tokens");
        t->v = v;
        t->cap = cap;
    }
    t->v[t->n++] = tok;
    return 0;
}

void lex_free(TokList *t)
{
    for (size_t i = 0; i < t->n; i++) free(t->v[i].str);
    free(t->v);
    t->v = NULL;
    t->n = t->cap = 0;
}

/* ---- numbers in the C locale ------------------------------------------ */

static locale_t c_numeric;
static pthread_once_t c_numeric_once = PTHREAD_ONCE_INIT;

static void c_numeric_init(void)
{
    c_numeric = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
}

/* The len characters at s (digits, '.', exponent: already checked) as a
 * double, read with '.' as the decimal point whatever the locale.  Sets
 * *huge when the number is beyond a double's range. */
static double c_strtod(const char *s, size_t len, int *huge)
{
    char small[128], *buf = len < sizeof small ? small : malloc(len + 1);
    if (!buf) { /* a number longer than 128 characters and no memory left */
        *huge = 1;
        return 0;
    }
    memcpy(buf, s, len);
    buf[len] = '\0';
    pthread_once(&c_numeric_once, c_numeric_init);
    double x;
    errno = 0;
    if (c_numeric) {
        x = strtod_l(buf, NULL, c_numeric);
    } else { /* no C locale object: spell the decimal point the locale's way */
        const char *dp = localeconv()->decimal_point;
        char *dot = strchr(buf, '.');
        if (dot && dp && dp[0] && !dp[1]) *dot = dp[0];
        x = strtod(buf, NULL);
    }
    *huge = errno == ERANGE && isinf(x);
    if (buf != small) free(buf);
    return x;
}

/* Length of the number at p: digits [. digits] [e [+-] digits]. */
static size_t scan_number(const char *p, const char *end)
{
    const char *q = p;
    while (q < end && isdigit((unsigned char)*q)) q++;
    if (q < end && *q == '.') {
        q++;
        while (q < end && isdigit((unsigned char)*q)) q++;
    }
    if (q < end && (*q == 'e' || *q == 'E')) {
        const char *r = q + 1;
        if (r < end && (*r == '+' || *r == '-')) r++;
        if (r < end && isdigit((unsigned char)*r)) {
            while (r < end && isdigit((unsigned char)*r)) r++;
            q = r;
        }
    }
    return (size_t)(q - p);
}

/* ---- strings ---------------------------------------------------------- */

/* Decode a quoted string starting at p (the quote).  Sets *stop past the
 * closing quote (or at the offending character).  Returns the decoded
 * string (its length in *n) or NULL with e set. */
static char *lex_string(const char *p, const char *end, const char **stop, size_t *len, Err *e)
{
    char q = *p++;
    size_t cap = 16, n = 0;
    char *s = malloc(cap);
    if (!s) {
        err_nomem(e, cap, "string");
        *stop = p;
        return NULL;
    }
    while (p < end && *p != q && *p != '\n' && *p != '\0') {
        char c = *p++;
        if (c == '\\') {
            switch (p < end ? *p : '\0') {
            case 'n': c = '\n'; break;
            case 't': c = '\t'; break;
            case 'r': c = '\r'; break;
            case '0': c = '\0'; break;
            case '\\': c = '\\'; break;
            case '"': c = '"'; break;
            case '\'': c = '\''; break;
            default:
                free(s);
                *stop = p;
                if (p < end && isprint((unsigned char)*p))
                    err_set(e, "unknown escape '\\%c' in string", *p);
                else
                    err_set(
                        e,
                        "unknown escape in string (a backslash before a non-printing character)");
                return NULL;
            }
            p++;
        }
        if (n + 2 > cap) {
            cap *= 2;
            char *ns = realloc(s, cap);
            if (!ns) {
                free(s);
                err_nomem(e, cap, "string");
                *stop = p;
                return NULL;
            }
            s = ns;
        }
        s[n++] = c;
    }
    if (p >= end || *p != q) {
        free(s);
        *stop = p;
        if (p < end && *p == '\0')
            err_set(e, "NUL byte in a string (a script is text)");
        else
            err_set(e, "unterminated string");
        return NULL;
    }
    s[n] = '\0';
    *len = n;
    *stop = p + 1;
    return s;
}

/* ---- the tokenizer ---------------------------------------------------- */

int lex_tokenize(const char *src, int first_line, TokList *out, int *line, int *col, Err *e)
{
    return lex_tokenize_n(src, strlen(src), first_line, 0, out, line, col, e);
}

int lex_tokenize_n(const char *src, size_t len, int first_line, unsigned flags, TokList *out,
                   int *line, int *col, Err *e)
{
    const char *p = src, *end = src + len, *line_start = src;
    int ln = first_line, depth = 0, space = 1;
    memset(out, 0, sizeof *out);
#define FAIL_AT(ptr)                                                                               \
    do {                                                                                           \
        *line = ln;                                                                                \
        *col = (int)((ptr)-line_start) + 1;                                                        \
        goto fail;                                                                                 \
    } while (0)
    for (;;) {
        char c = p < end ? *p : '\0';
        int at_end = p >= end;
        if (c == ' ' || c == '\t' || c == '\r') {
            p++;
            space = 1;
            continue;
        }
        if (!at_end && c == '\\') { /* continuation: backslash, spaces, newline */
            const char *q = p + 1;
            while (q < end && (*q == ' ' || *q == '\t' || *q == '\r')) q++;
            if (q >= end) {
                out->continued = 1;
                p = q;
                continue;
            }
            if (*q == '\n') {
                p = q + 1;
                ln++;
                line_start = p;
                space = 1;
                continue;
            }
        }
        if (c == '#') {
            while (p < end && *p != '\n') p++;
            continue;
        }
        Token t = {.line = ln, .col = (int)(p - line_start) + 1, .text = p, .space_before = space};
        space = 0;
        if (at_end) {
            t.kind = T_EOF;
            out->open_brackets = depth;
            if (push(out, t, e) < 0) FAIL_AT(p);
            return 0;
        }
        if (c == '\n' || c == ';') {
            p++;
            if (c == '\n') {
                ln++;
                line_start = p;
            }
            space = 1;
            if (depth > 0 && c == '\n') continue;
            if (c == '\n' && out->n > 0 && tok_continues_line(&out->v[out->n - 1])) continue;
            t.kind = T_NEWLINE;
            t.len = 1;
            if (push(out, t, e) < 0) FAIL_AT(p);
            continue;
        }
        if (isdigit((unsigned char)c) ||
            (c == '.' && p + 1 < end && isdigit((unsigned char)p[1]))) {
            size_t n = scan_number(p, end);
            if (p + n < end && (isalnum((unsigned char)p[n]) || p[n] == '_')) {
                err_set(e, "malformed number '%.*s'", (int)(n + 1 < 40 ? n + 1 : 40), p);
                FAIL_AT(p);
            }
            int huge;
            t.num = c_strtod(p, n, &huge);
            if (huge) {
                err_set(e, "number %.*s%s is too large (beyond about 1.8e308)",
                        (int)(n < 40 ? n : 40), p, n > 40 ? "..." : "");
                FAIL_AT(p);
            }
            t.kind = T_NUM;
            t.len = n;
            p += n;
        } else if (isalpha((unsigned char)c) || c == '_') {
            while (p < end && (isalnum((unsigned char)*p) || *p == '_')) p++;
            t.len = (size_t)(p - t.text);
            if (t.len > LIMIT_NAME_LENGTH) {
                err_set(e, "name longer than %d characters", LIMIT_NAME_LENGTH);
                FAIL_AT(t.text);
            }
            t.kind = lex_is_keyword(t.text, t.len) ? T_KEYWORD : T_IDENT;
        } else if (c == '"' || c == '\'') {
            const char *stop = p;
            t.str = lex_string(p, end, &stop, &t.str_len, e);
            if (!t.str) FAIL_AT(stop);
            t.kind = T_STR;
            t.len = (size_t)(stop - p);
            p = stop;
        } else {
            static const char *two[] = {"==", "!=", "<=", ">=", "**", NULL};
            t.kind = T_OP;
            t.len = 0;
            for (int i = 0; two[i]; i++)
                if (p + 1 < end && p[0] == two[i][0] && p[1] == two[i][1]) t.len = 2;
            if (!t.len) {
                if (c == '\0') {
                    err_set(e, "NUL byte in the source (a script is text)");
                    FAIL_AT(p);
                }
                if (!strchr("+-*/@=()[],:.<>", c)) {
                    if ((unsigned char)c >= 0x80)
                        err_set(e, "unexpected character (non-ASCII) in source");
                    else if (isprint((unsigned char)c))
                        err_set(e, "unexpected character '%c'", c);
                    else
                        err_set(e, "unexpected control character (byte 0x%02x)", (unsigned char)c);
                    FAIL_AT(p);
                }
                t.len = 1;
            }
            if (c == '(' || c == '[') depth++;
            if ((c == ')' || c == ']') && depth > 0) depth--;
            p += t.len;
        }
        if (push(out, t, e) < 0) {
            free(t.str);
            FAIL_AT(p);
        }
    }
#undef FAIL_AT
fail:
    if (flags & LEX_PARTIAL) {
        Token t = {.kind = T_EOF, .line = *line, .col = *col, .text = end};
        out->open_brackets = depth;
        out->failed = 1;
        if (push(out, t, e) == 0) return 0;
    }
    lex_free(out);
    return -1;
}
