/* text.c — whitespace-separated numbers, one row per line (see text.h). */
#include "io/text.h"

#include <stdlib.h>
#include <string.h>

#include "io/buffer.h"
#include "io/numparse.h"
#include "io/readall.h"

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

/* Numbers in text[0..len) (unpacked; no NUL needed after it). */
static int parse_text(const char *path, const char *text, size_t len, const LoadOpts *o, Mat **out,
                      Err *e)
{
    const char *nul = memchr(text, '\0', len);
    if (nul) {
        size_t line = 1;
        for (const char *p = text; (p = memchr(p, '\n', (size_t)(nul - p))); p++)
            line++;
        return err_set(e, "%s:%zu: a NUL byte at byte offset %zu: not a text file", path, line,
                       (size_t)(nul - text));
    }
    size_t cols = 0, rows = 0, cap = 0, total = 0, line = 0, tiny = 0, tiny_line = 0, tiny_col = 0;
    char tiny_text[48] = "";
    float *data = NULL;
    int rc = 0;
    const char *p = text, *end = text + len;
    /* A UTF-8 byte-order mark is not part of the first number. */
    if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) p += 3;
    while (p < end && rc == 0) {
        line++;
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        if (!eol) eol = end;
        const char *hash = memchr(p, '#', (size_t)(eol - p));
        const char *stop = hash ? hash : eol;
        size_t n = 0;
        for (const char *q = p; q < stop && rc == 0;) {
            while (q < stop && is_space(*q)) q++;
            if (q >= stop) break;
            const char *t = q;
            while (q < stop && !is_space(*q)) q++;
            if (total + n + 1 > cap) {
                size_t ncap = cap ? cap * 2 : 4096;
                float *d = realloc(data, ncap * sizeof *d);
                if (!d) {
                    rc = err_nomem(e, ncap * sizeof *d, path);
                    break;
                }
                data = d;
                cap = ncap;
            }
            int got = num_parse_float(t, (size_t)(q - t), &data[total + n]);
            if (got == NUM_TINY && tiny++ == 0) {
                tiny_line = line;
                tiny_col = n + 1;
                snprintf(tiny_text, sizeof tiny_text, "%.*s", (int)((q - t) > 40 ? 40 : (q - t)),
                         t);
            }
            if (got == NUM_RANGE)
                rc = err_set(e,
                             "%s:%zu: '%.*s' is out of range for 32-bit floats (column %zu; their "
                             "largest is "
                             "3.4028235e+38)",
                             path, line, (int)((q - t) > 40 ? 40 : (q - t)), t, n + 1);
            else if (got < 0)
                rc = err_set(e, "%s:%zu: cannot read '%.*s' as a number (column %zu)", path, line,
                             (int)((q - t) > 40 ? 40 : (q - t)), t, n + 1);
            n++;
        }
        if (rc == 0 && n > 0) {
            if (rows == 0) cols = n;
            if (n != cols)
                rc = err_set(e, "%s:%zu: row has %zu values, expected %zu", path, line, n, cols);
            total += n;
            rows++;
        }
        p = eol < end ? eol + 1 : end;
    }
    if (rc == 0 && rows == 0) rc = err_set(e, "%s: no numbers found", path);
    Mat *m = rc == 0 ? mat_new_uninit(rows, cols, e) : NULL;
    if (!m) {
        free(data);
        return -1;
    }
    memcpy(m->data, data, rows * cols * sizeof(float));
    free(data);
    if (tiny)
        io_note(o,
                "%s: %zu value%s too small for 32-bit floats read as 0 (the first, '%s', on line "
                "%zu, column %zu)",
                path, tiny, tiny == 1 ? "" : "s", tiny_text, tiny_line, tiny_col);
    *out = m;
    return 0;
}

int text_load_buffer(const char *name, const void *buf, size_t len, Mat **out, Err *e)
{
    if (!name) name = "(buffer)";
    *out = NULL;
    if (!io_is_gzip(buf, len)) return parse_text(name, buf, len, NULL, out, e);
    char *text;
    size_t tlen;
    if (io_gunzip(name, buf, len, &text, &tlen, e) < 0) return -1;
    int rc = parse_text(name, text, tlen, NULL, out, e);
    free(text);
    return rc;
}

int text_load(const char *path, const LoadOpts *o, Mat **out, Err *e)
{
    char *text;
    size_t len;
    *out = NULL;
    if (io_read_all(path, &text, &len, e) < 0) return -1;
    int rc = parse_text(path, text, len, o, out, e);
    free(text);
    return rc;
}

int text_sniff(const char *head, size_t n)
{
    const char *p = head, *end = head + n;
    int lines = 0;
    while (p < end && lines < 5) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        if (!eol) break; /* a cut-off last line proves nothing */
        const char *hash = memchr(p, '#', (size_t)(eol - p));
        const char *stop = hash ? hash : eol;
        int tokens = 0;
        for (const char *q = p; q < stop;) {
            while (q < stop && is_space(*q)) q++;
            if (q >= stop) break;
            const char *t = q;
            while (q < stop && !is_space(*q)) q++;
            float x;
            if (!NUM_IS_NUMERAL(num_parse_float(t, (size_t)(q - t), &x))) return 0;
            tokens++;
        }
        lines += tokens > 0;
        p = eol + 1;
    }
    return lines > 0;
}
