#include "lang/lex.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

int tok_is(const Token *t, const char *op)
{
    return t->kind == T_OP && strlen(op) == t->len && memcmp(t->text, op, t->len) == 0;
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

/* Decode a quoted string starting at p (the quote).  Sets *end past the
 * closing quote.  Returns the decoded string or NULL with e set. */
static char *lex_string(const char *p, const char **end, Err *e)
{
    char q = *p++;
    size_t cap = 16, n = 0;
    char *s = malloc(cap);
    if (!s) {
        err_nomem(e, cap, "string");
        return NULL;
    }
    while (*p && *p != q && *p != '\n') {
        char c = *p++;
        if (c == '\\') {
            switch (*p) {
            case 'n': c = '\n'; break;
            case 't': c = '\t'; break;
            case 'r': c = '\r'; break;
            case '0': c = '\0'; break;
            case '\\': c = '\\'; break;
            case '"': c = '"'; break;
            case '\'': c = '\''; break;
            default:
                free(s);
                *end = p;
                err_set(e, "unknown escape '\\%c' in string", *p ? *p : ' ');
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
                return NULL;
            }
            s = ns;
        }
        s[n++] = c;
    }
    if (*p != q) {
        free(s);
        *end = p;
        err_set(e, "unterminated string");
        return NULL;
    }
    s[n] = '\0';
    *end = p + 1;
    return s;
}

int lex_tokenize(const char *src, int first_line, TokList *out, int *line, int *col, Err *e)
{
    const char *p = src, *line_start = src;
    int ln = first_line, depth = 0, space = 1;
    memset(out, 0, sizeof *out);
#define FAIL_AT(ptr)                                                                              \
    do {                                                                                         \
        *line = ln;                                                                              \
        *col = (int)((ptr)-line_start) + 1;                                                      \
        lex_free(out);                                                                           \
        return -1;                                                                               \
    } while (0)
    for (;;) {
        char c = *p;
        if (c == ' ' || c == '\t' || c == '\r') {
            p++;
            space = 1;
            continue;
        }
        if (c == '\\' && (p[1] == '\n' || (p[1] == '\r' && p[2] == '\n'))) { /* continuation */
            p += p[1] == '\n' ? 2 : 3;
            ln++;
            line_start = p;
            space = 1;
            continue;
        }
        if (c == '#') {
            while (*p && *p != '\n') p++;
            continue;
        }
        Token t = {.line = ln, .col = (int)(p - line_start) + 1, .text = p, .space_before = space};
        space = 0;
        if (c == '\0') {
            t.kind = T_EOF;
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
            t.kind = T_NEWLINE;
            t.len = 1;
            if (push(out, t, e) < 0) FAIL_AT(p);
            continue;
        }
        if (isdigit((unsigned char)c) || (c == '.' && isdigit((unsigned char)p[1]))) {
            char *end;
            t.num = strtod(p, &end);
            if (isalpha((unsigned char)*end) || *end == '_') {
                err_set(e, "malformed number '%.*s'", (int)(end - p + 1), p);
                FAIL_AT(p);
            }
            t.kind = T_NUM;
            t.len = (size_t)(end - p);
            p = end;
        } else if (isalpha((unsigned char)c) || c == '_') {
            while (isalnum((unsigned char)*p) || *p == '_') p++;
            t.kind = T_IDENT;
            t.len = (size_t)(p - t.text);
        } else if (c == '"' || c == '\'') {
            const char *end = p;
            t.str = lex_string(p, &end, e);
            if (!t.str) FAIL_AT(end);
            t.kind = T_STR;
            t.len = (size_t)(end - p);
            p = end;
        } else {
            static const char *two[] = {"==", "!=", "<=", ">=", NULL};
            t.kind = T_OP;
            t.len = 0;
            for (int i = 0; two[i]; i++)
                if (p[0] == two[i][0] && p[1] == two[i][1]) t.len = 2;
            if (!t.len) {
                if (!strchr("+-*/@=()[],:.<>", c)) {
                    if ((unsigned char)c >= 0x80)
                        err_set(e, "unexpected character (non-ASCII) in source");
                    else
                        err_set(e, "unexpected character '%c'", c);
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
}
