/* text.c — whitespace-separated numbers, one row per line (see text.h). */
#include "io/text.h"

#include <stdlib.h>
#include <string.h>

#include "io/numparse.h"
#include "io/readall.h"

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

int text_load(const char *path, Mat **out, Err *e)
{
    char *text;
    size_t len;
    *out = NULL;
    if (io_read_all(path, &text, &len, e) < 0) return -1;
    size_t cols = 0, rows = 0, cap = 0, total = 0, line = 0;
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
            if (num_parse_float(t, (size_t)(q - t), &data[total + n]) < 0)
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
    free(text);
    if (rc == 0 && rows == 0) rc = err_set(e, "%s: no numbers found", path);
    Mat *m = rc == 0 ? mat_new_uninit(rows, cols, e) : NULL;
    if (!m) {
        free(data);
        return -1;
    }
    memcpy(m->data, data, rows * cols * sizeof(float));
    free(data);
    *out = m;
    return 0;
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
            if (num_parse_float(t, (size_t)(q - t), &x) < 0) return 0;
            tokens++;
        }
        lines += tokens > 0;
        p = eol + 1;
    }
    return lines > 0;
}
