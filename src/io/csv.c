/* csv.c — CSV and TSV through libcsv (see csv.h).
 *
 * The whole file is read into memory (gunzipped by zlib on the way), then
 * parsed by libcsv with a field and a row callback.  Fields are converted
 * in the callback by num_parse_float (exact fast path, strtof otherwise)
 * into a growing float array: no allocation per cell.
 *
 * The first two rows are kept as text until the layout is decided (header
 * or not, label column, row-name column).  After that, a file without any
 * quote character is split at line ends into one part per thread, each
 * parsed by its own libcsv parser into its own arrays; the parts are then
 * joined in order, with class numbers renumbered so that classes count in
 * order of first appearance in the file, exactly as one parser would have
 * numbered them.  Files with quotes are parsed by one parser, since a line
 * end inside quotes is not a row boundary.
 *
 * Line numbers in messages are physical lines: on error, the row's index
 * is turned into its line by walking the text the way libcsv splits rows
 * (blank lines skipped, line ends inside quotes kept in the field).
 */
#include "io/csv.h"

#include <csv.h>
#include <pthread.h>
#include <stdlib.h>
#include <math.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "core/strmap.h"
#include "io/buffer.h"
#include "io/numparse.h"
#include "io/readall.h"

/* Parts smaller than this are not worth a thread. */
#define CSV_MIN_PART ((size_t)4 << 20)
#define CSV_MAX_THREADS 8

typedef struct Field {
    char *s;
    size_t len;
} Field;

typedef struct Reader {
    const char *path;
    const LoadOpts *o;
    Err *e;
    int failed;
    /* Where this reader's text lies in the file, for line numbers. */
    const char *text;  /* start of the file (after a byte-order mark) */
    const char *part;  /* start of this reader's part */
    size_t part_len;   /* its length */
    size_t row;        /* rows libcsv has finished in this part */
    char sep;          /* the separator: a tab or space that is one starts a row */
    /* The first two rows are kept as text until the layout is decided. */
    Field *buf[2];
    size_t nbuf[2], capbuf[2];
    int nbuffered;
    int decided;
    /* Layout, known once decided; a part reader borrows the header. */
    size_t nfields;
    long label_col, name_col;
    char **header; /* nfields names, or NULL without a header */
    int owns_header;
    size_t cols;
    /* Current row. */
    size_t field;
    /* Output: rows x cols floats, and per-row labels and names. */
    float *data;
    size_t rows, cap;
    size_t cap_hint; /* expected rows, for the first allocation */
    StrMap *classes;
    char **class_names;
    size_t nclass, capclass;
    int *labels;
    char **names;
    int name_pending; /* names[rows] is set for the row being read */
    /* Nonzero numbers too small for a float, read as 0: how many, and the
     * first one's text and place (for one note per file). */
    size_t tiny, tiny_line, tiny_col;
    char tiny_text[48];
    /* Labels found without label= (settled once all rows are read): */
    int label_auto;     /* label_col is the one text column */
    long label_cand;    /* a numeric column named like labels, or -1 */
    int name_may_label; /* the row-name column becomes the labels if its values repeat */
    int label_numeric;  /* labels are class numbers 0..label_max (no names) */
    int label_max;
    size_t text_cols; /* text columns in the first data row, when labels were sought */
} Reader;

/* Column names that say "these are the classes" (compared ignoring case). */
static const char *const label_words[] = {"label", "labels", "class", "target", "y", NULL};

static int is_blank(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (s[i] != ' ' && s[i] != '\t') return 0;
    return 1;
}

/* Written as a number (out of float range or not: a 40-digit integer is a
 * number, and must not make its row a header). */
static int numeric(const char *s, size_t len)
{
    float x;
    return NUM_IS_NUMERAL(num_parse_float(s, len, &x));
}

/* A copy of s[0..len) with a NUL after it (caller frees). */
static char *memdup0(const char *s, size_t len)
{
    char *c = malloc(len + 1);
    if (!c) return NULL;
    if (len) memcpy(c, s, len);
    c[len] = '\0';
    return c;
}

static int rd_fail(Reader *r)
{
    r->failed = 1;
    return -1;
}

/* Whether byte c on a line makes the line a row, as libcsv sees it: it
 * skips spaces and tabs before a field unless they are the separator (a
 * line holding one tab is a row of two empty fields in a TSV file). */
static int starts_row(char c, char sep)
{
    return c == sep || (c != ' ' && c != '\t' && c != '\r' && c != '\n');
}

/* The physical line (1-based) on which row `row` (0-based, as libcsv
 * counts rows: lines with nothing but spaces and tabs that are not the
 * separator make none) of s[0..len) starts. */
static size_t line_of_row(const char *s, size_t len, size_t row, char sep)
{
    size_t line = 1, seen = 0;
    int quoted = 0, content = 0;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c == '"') quoted = !quoted;
        if (!quoted && (c == '\n' || c == '\r')) {
            seen += content;
            content = 0;
        } else if (!content && starts_row(c, sep)) {
            if (seen == row) return line;
            content = 1;
        }
        if (c == '\n') line++;
    }
    return line;
}

static size_t err_line(const Reader *r)
{
    size_t before = 0;
    for (const char *p = r->text; p < r->part && (p = memchr(p, '\n', (size_t)(r->part - p))); p++)
        before++;
    return before + line_of_row(r->part, r->part_len, r->row, r->sep);
}

static int grow_rows(Reader *r)
{
    if (r->rows < r->cap) return 0;
    size_t cap = r->cap ? r->cap * 2 : 1024;
    /* Every field takes a byte at least (its separator or line end), which
     * bounds a hint misled by a short second row. */
    size_t most = r->part_len / (r->nfields ? r->nfields : 1) + 16;
    if (cap < r->cap_hint) cap = r->cap_hint < most ? r->cap_hint : most;
    if (mat_check_size(cap, r->cols, r->path, r->e) < 0) {
        cap = r->cap + 1;
        if (mat_check_size(cap, r->cols, r->path, r->e) < 0) return rd_fail(r);
    }
    /* Not realloc: the big buffer gets huge pages (io_big_alloc). */
    float *d = io_big_alloc(cap * (r->cols ? r->cols : 1) * sizeof *d);
    if (!d) return err_nomem(r->e, cap * r->cols * sizeof *d, r->path), rd_fail(r);
    if (r->rows) memcpy(d, r->data, r->rows * r->cols * sizeof *d);
    free(r->data);
    r->data = d;
    if (r->label_col >= 0) {
        int *l = realloc(r->labels, cap * sizeof *l);
        if (!l) return err_nomem(r->e, cap * sizeof *l, r->path), rd_fail(r);
        r->labels = l;
    }
    if (r->name_col >= 0) {
        char **n = realloc(r->names, cap * sizeof *n);
        if (!n) return err_nomem(r->e, cap * sizeof *n, r->path), rd_fail(r);
        r->names = n;
    }
    r->cap = cap;
    return 0;
}

/* The class number of name s (new names are numbered as they come). */
static int class_of(Reader *r, const char *s, size_t len, int *out)
{
    size_t v;
    if (strmap_getn(r->classes, s, len, &v)) {
        *out = (int)v;
        return 0;
    }
    if (r->nclass == r->capclass) {
        size_t cap = r->capclass ? r->capclass * 2 : 16;
        char **cn = realloc(r->class_names, cap * sizeof *cn);
        if (!cn) return err_nomem(r->e, cap * sizeof *cn, "classes"), rd_fail(r);
        r->class_names = cn;
        r->capclass = cap;
    }
    char *copy = memdup0(s, len);
    if (!copy || strmap_putn(r->classes, s, len, r->nclass, NULL, r->e) < 0) {
        free(copy);
        return err_nomem(r->e, len, "class name"), rd_fail(r);
    }
    r->class_names[r->nclass] = copy;
    *out = (int)r->nclass++;
    return 0;
}

/* "2,25" or "-0,5": digits, one comma, digits. */
static int is_decimal_comma(const char *s, size_t len)
{
    size_t i = 0, digits = 0, commas = 0;
    if (i < len && (s[i] == '-' || s[i] == '+')) i++;
    for (; i < len; i++) {
        if (s[i] >= '0' && s[i] <= '9') digits++;
        else if (s[i] == ',' && digits && !commas) commas++;
        else return 0;
    }
    return commas == 1 && s[len - 1] != ',';
}

/* One field of a data row. */
static int data_field(Reader *r, const char *s, size_t len)
{
    size_t j = r->field++;
    if (j >= r->nfields) return 0; /* counted and reported at the row's end */
    if (j == 0 && grow_rows(r) < 0) return -1;
    if ((long)j == r->label_col) {
        if (is_blank(s, len)) {
            r->labels[r->rows] = -1;
            return 0;
        }
        return class_of(r, s, len, &r->labels[r->rows]);
    }
    if ((long)j == r->name_col) {
        r->names[r->rows] = memdup0(s ? s : "", len);
        if (!r->names[r->rows]) return err_nomem(r->e, len, "row name"), rd_fail(r);
        r->name_pending = 1;
        return 0;
    }
    size_t k = j - ((r->label_col >= 0 && (long)j > r->label_col) ? 1 : 0) -
               ((r->name_col >= 0 && (long)j > r->name_col) ? 1 : 0);
    int got = num_parse_float(s, len, &r->data[r->rows * r->cols + k]);
    if (got == NUM_TINY && r->tiny++ == 0) {
        r->tiny_line = err_line(r);
        r->tiny_col = j + 1;
        snprintf(r->tiny_text, sizeof r->tiny_text, "%.*s", (int)(len > 40 ? 40 : len), s);
    }
    if (got == NUM_RANGE) {
        char col[96] = "";
        if (r->header) snprintf(col, sizeof col, " '%.60s'", r->header[j]);
        err_set(r->e,
                "%s:%zu: '%.*s' is out of range for 32-bit floats (column %zu%s; their largest is "
                "3.4028235e+38)",
                r->path, err_line(r), (int)(len > 40 ? 40 : len), s, j + 1, col);
        return rd_fail(r);
    }
    if (got < 0) {
        /* Several text columns: say how to pick the labels; a decimal
         * comma ("2,25" in a ';'-separated file): numbers take a '.'. */
        const char *hint = r->text_cols > 1 ? "; more than one column is text: label= says which holds the classes" : "";
        if (r->sep != ',' && is_decimal_comma(s, len)) hint = "; numbers are read with a decimal point (2.25, not 2,25)";
        if (r->header)
            err_set(r->e, "%s:%zu: cannot read '%.*s' as a number (column %zu '%s')%s", r->path, err_line(r),
                    (int)(len > 40 ? 40 : len), s, j + 1, r->header[j], hint);
        else
            err_set(r->e, "%s:%zu: cannot read '%.*s' as a number (column %zu)%s", r->path, err_line(r),
                    (int)(len > 40 ? 40 : len), s, j + 1, hint);
        return rd_fail(r);
    }
    return 0;
}

static int data_row_end(Reader *r)
{
    if (r->field != r->nfields) {
        /* Excel in many locales writes ';' between fields: the header is
         * then one field, and a row with decimal commas splits at them. */
        const char *hint = r->nfields == 1 && r->sep == ',' && r->header && strchr(r->header[0], ';')
                               ? " (the header is one field holding ';': give sep=\";\")"
                               : "";
        err_set(r->e, "%s:%zu: row has %zu fields, expected %zu%s", r->path, err_line(r), r->field,
                r->nfields, hint);
        return rd_fail(r);
    }
    r->rows++;
    r->field = 0;
    r->name_pending = 0;
    return 0;
}

/* The layout from the buffered rows: a header, the label column, a
 * row-name column; then the buffered data rows are converted. */
static int decide(Reader *r)
{
    Field *r0 = r->buf[0], *r1 = r->nbuffered > 1 ? r->buf[1] : NULL;
    size_t n0 = r->nbuf[0];
    int header = r->o->header;
    if (header < 0) {
        /* Blank cells say nothing: a missing value in a first data row
         * must not make it a header. */
        size_t text = 0, num = 0;
        int text_over_number = 0;
        for (size_t j = 0; j < n0; j++) {
            if (is_blank(r0[j].s, r0[j].len)) continue;
            if (numeric(r0[j].s, r0[j].len)) {
                num++;
                continue;
            }
            text++;
            if (r1 && j < r->nbuf[1] && !is_blank(r1[j].s, r1[j].len) && numeric(r1[j].s, r1[j].len))
                text_over_number = 1;
        }
        header = text_over_number || (text > 0 && num == 0);
    }
    r->nfields = n0;
    if (header) {
        r->header = calloc(n0 ? n0 : 1, sizeof *r->header);
        if (!r->header) return err_nomem(r->e, n0 * sizeof(char *), "header"), rd_fail(r);
        r->owns_header = 1;
        for (size_t j = 0; j < n0; j++) {
            r->header[j] = memdup0(r0[j].s, r0[j].len);
            if (!r->header[j]) return err_nomem(r->e, r0[j].len, "header"), rd_fail(r);
        }
    }
    r->label_col = -1;
    r->name_col = -1;
    const char *lab = r->o->label;
    if (lab) {
        for (size_t j = 0; header && j < n0 && r->label_col < 0; j++)
            if (strcmp(r->header[j], lab) == 0) r->label_col = (long)j;
        char *end;
        long idx = strtol(lab, &end, 10);
        if (r->label_col < 0 && *lab && !*end) {
            if (idx < 0) idx += (long)n0;
            if (idx < 0 || idx >= (long)n0) {
                err_set(r->e, "%s: label column %s is out of range (the file has %zu columns)", r->path, lab, n0);
                return rd_fail(r);
            }
            r->label_col = idx;
        }
        if (r->label_col < 0) {
            if (!header) {
                err_set(r->e, "%s: no column named '%s' for label= (the file has no header; give a column index)",
                        r->path, lab);
                return rd_fail(r);
            }
            char list[640] = "";
            size_t used = 0;
            for (size_t j = 0; j < n0 && used < sizeof list; j++) {
                if (used > sizeof list - 80) {
                    snprintf(list + used, sizeof list - used, ", ... (%zu in all)", n0);
                    break;
                }
                used += (size_t)snprintf(list + used, sizeof list - used, "%s%.60s", j ? ", " : "", r->header[j]);
            }
            err_set(r->e, "%s: no column named '%s' for label= (columns: %s)", r->path, lab, list);
            return rd_fail(r);
        }
    }
    /* Text in the first column of the first data row: row names. */
    Field *first = header ? r1 : r0;
    size_t nfirst = header ? (r1 ? r->nbuf[1] : 0) : n0;
    if (first && nfirst && n0 > 1 && r->label_col != 0 && !numeric(first[0].s, first[0].len))
        r->name_col = 0;
    /* A first column headed "name" (as save writes it) is the row names,
     * numbers or not, repeated or not. */
    int named = header && n0 > 1 && r->label_col != 0 && strcmp(r->header[0], "name") == 0;
    if (named) r->name_col = 0;
    /* No label= and not label=none: the one text column other than the
     * row names is the labels; without one, a numeric column named like
     * labels may be (if it holds class numbers, seen at the end); the
     * row names may be (if they repeat, seen at the end). */
    r->label_cand = -1;
    if (!lab && !r->o->no_label) {
        size_t ntext = 0;
        long text_col = -1;
        for (size_t j = 0; first && j < n0 && j < nfirst; j++)
            if ((long)j != r->name_col && !is_blank(first[j].s, first[j].len) &&
                !numeric(first[j].s, first[j].len)) {
                ntext++;
                text_col = (long)j;
            }
        if (ntext == 1) {
            r->label_col = text_col;
            r->label_auto = 1;
        }
        r->text_cols = ntext;
        for (size_t j = 0; ntext == 0 && header && j < n0 && r->label_cand < 0; j++)
            for (int w = 0; label_words[w] && (long)j != r->name_col; w++)
                if (strcasecmp(r->header[j], label_words[w]) == 0) {
                    r->label_cand = (long)j;
                    break;
                }
        r->name_may_label = r->name_col == 0 && r->label_col < 0 && !named;
    }
    r->cols = n0 - (r->label_col >= 0) - (r->name_col >= 0);
    if (r->label_col >= 0 && !(r->classes = strmap_new(64, r->e))) return rd_fail(r);
    r->decided = 1;
    for (int b = header ? 1 : 0; b < r->nbuffered; b++) {
        r->row = (size_t)b;
        r->field = 0;
        for (size_t j = 0; j < r->nbuf[b]; j++)
            if (data_field(r, r->buf[b][j].s, r->buf[b][j].len) < 0) return -1;
        if (data_row_end(r) < 0) return -1;
    }
    r->row = (size_t)r->nbuffered;
    return 0;
}

static void on_field(void *s, size_t len, void *data)
{
    Reader *r = data;
    if (r->failed) return;
    if (r->decided) {
        data_field(r, s, len);
        return;
    }
    int b = r->nbuffered;
    if (r->nbuf[b] == r->capbuf[b]) {
        size_t cap = r->capbuf[b] ? r->capbuf[b] * 2 : 16;
        Field *f = realloc(r->buf[b], cap * sizeof *f);
        if (!f) {
            err_nomem(r->e, cap * sizeof *f, "CSV row");
            rd_fail(r);
            return;
        }
        r->buf[b] = f;
        r->capbuf[b] = cap;
    }
    char *copy = memdup0(s ? s : "", len);
    if (!copy) {
        err_nomem(r->e, len, "CSV field");
        rd_fail(r);
        return;
    }
    r->buf[b][r->nbuf[b]++] = (Field){copy, len};
}

static void on_row(int c, void *data)
{
    Reader *r = data;
    (void)c;
    if (r->failed) return;
    if (r->decided) {
        if (data_row_end(r) == 0) r->row++;
        return;
    }
    r->row++;
    if (++r->nbuffered == 2) decide(r);
}

static void free_reader(Reader *r)
{
    for (int b = 0; b < 2; b++) {
        for (size_t j = 0; j < r->nbuf[b]; j++) free(r->buf[b][j].s);
        free(r->buf[b]);
    }
    if (r->owns_header && r->header)
        for (size_t j = 0; j < r->nfields; j++) free(r->header[j]);
    if (r->owns_header) free(r->header);
    free(r->data);
    free(r->labels);
    if (r->names)
        for (size_t i = 0; i < r->rows + (size_t)r->name_pending; i++) free(r->names[i]);
    free(r->names);
    for (size_t c = 0; c < r->nclass; c++) free(r->class_names[c]);
    free(r->class_names);
    strmap_free(r->classes);
}

/* Parse s[0..len) with parser p into r; at_end finishes the last row. */
static void parse_into(Reader *r, struct csv_parser *p, const char *s, size_t len, int at_end)
{
    size_t done = csv_parse(p, s, len, on_field, on_row, r);
    if (!r->failed && done != len) {
        err_set(r->e, "%s: %s", r->path, csv_strerror(csv_error(p)));
        r->failed = 1;
    }
    if (!r->failed && at_end) {
        /* libcsv reports a quote left open at the end only in strict mode,
         * which elsewhere would refuse quotes inside unquoted fields (5'11")
         * that readers usually accept: be strict for the end alone. */
        csv_set_opts(p, (unsigned char)(csv_get_opts(p) | CSV_STRICT));
        int bad = csv_fini(p, on_field, on_row, r) != 0;
        if (!r->failed && bad) {
            err_set(r->e, "%s:%zu: a quoted field is not closed", r->path, err_line(r));
            r->failed = 1;
        }
    }
}

static int parser_init(struct csv_parser *p, char sep, Err *e)
{
    if (csv_init(p, CSV_APPEND_NULL | CSV_STRICT_FINI) != 0) return err_nomem(e, sizeof *p, "CSV parser");
    csv_set_delim(p, (unsigned char)sep);
    return 0;
}

/* One part parsed on a worker thread. */
typedef struct Part {
    Reader r;
    Err err;
    char sep;
} Part;

static void *part_main(void *arg)
{
    Part *pt = arg;
    struct csv_parser p;
    if (parser_init(&p, pt->sep, pt->r.e) < 0) {
        pt->r.failed = 1;
        return NULL;
    }
    parse_into(&pt->r, &p, pt->r.part, pt->r.part_len, 1);
    csv_free(&p);
    return NULL;
}

/* Join part q's rows onto r's: data, names, and labels renumbered into r's
 * classes (q's classes in their order of first appearance within q, after
 * r's, which is their order of first appearance in the file). */
static int join_part(Reader *r, Reader *q)
{
    size_t n = q->rows;
    if (r->rows + n > r->cap) {
        size_t need = r->rows + n;
        float *d = io_big_alloc(need * (r->cols ? r->cols : 1) * sizeof *d);
        if (!d) return err_nomem(r->e, need * r->cols * sizeof *d, r->path);
        if (r->rows) memcpy(d, r->data, r->rows * r->cols * sizeof *d);
        free(r->data);
        r->data = d;
        if (r->label_col >= 0) {
            int *l = realloc(r->labels, need * sizeof *l);
            if (!l) return err_nomem(r->e, need * sizeof *l, r->path);
            r->labels = l;
        }
        if (r->name_col >= 0) {
            char **nm = realloc(r->names, need * sizeof *nm);
            if (!nm) return err_nomem(r->e, need * sizeof *nm, r->path);
            r->names = nm;
        }
        r->cap = need;
    }
    if (n == 0) return 0;
    memcpy(r->data + r->rows * r->cols, q->data, n * r->cols * sizeof(float));
    if (r->label_col >= 0) {
        int *map = malloc((q->nclass ? q->nclass : 1) * sizeof *map);
        if (!map) return err_nomem(r->e, q->nclass * sizeof(int), "classes");
        for (size_t c = 0; c < q->nclass; c++)
            if (class_of(r, q->class_names[c], strlen(q->class_names[c]), &map[c]) < 0) {
                free(map);
                return -1;
            }
        for (size_t i = 0; i < n; i++)
            r->labels[r->rows + i] = q->labels[i] < 0 ? -1 : map[q->labels[i]];
        free(map);
    }
    if (r->name_col >= 0) {
        memcpy(r->names + r->rows, q->names, n * sizeof *q->names);
        q->rows = 0; /* the names now belong to r */
    }
    r->rows += n;
    return 0;
}

/* End of the line holding position i (just past its '\n'), or len. */
static size_t next_line(const char *s, size_t len, size_t i)
{
    if (i >= len) return len;
    const char *nl = memchr(s + i, '\n', len - i);
    return nl ? (size_t)(nl - s) + 1 : len;
}

/* Where the first `rows` rows end: just past the line end of the rows-th
 * line with something on it (as libcsv counts rows when there are no
 * quotes; a miscount only costs the threads, see parse_all). */
static size_t rows_end(const char *s, size_t len, int rows, char sep)
{
    size_t i = 0;
    for (int seen = 0; seen < rows && i < len;) {
        size_t e = next_line(s, len, i);
        for (size_t k = i; k < e; k++)
            if (starts_row(s[k], sep)) {
                seen++;
                break;
            }
        i = e;
    }
    return i;
}

/* Parse text[0..len) into r: the first two rows by r itself, then the rest
 * in `threads` parts when the file has no quotes. */
static void parse_all(Reader *r, const char *text, size_t len, char sep, int threads)
{
    struct csv_parser p;
    if (parser_init(&p, sep, r->e) < 0) {
        r->failed = 1;
        return;
    }
    /* Rows expected from the second row's length (+6%), so that the
     * arrays are allocated about once. */
    size_t second = rows_end(text, len, 2, sep), per_row = second - rows_end(text, len, 1, sep);
    per_row = per_row - per_row / 16 + 1;
    r->cap_hint = len / per_row + 16;
    size_t head = 0;
    if (threads > 1 && !memchr(text, '"', len)) head = second;
    if (head == 0 || head >= len) {
        r->part_len = len;
        parse_into(r, &p, text, len, 1);
        csv_free(&p);
        return;
    }
    r->part_len = head;
    parse_into(r, &p, text, head, 0);
    if (r->failed || !r->decided) { /* something unusual: one parser */
        if (!r->failed) {
            r->part_len = len;
            parse_into(r, &p, text + head, len - head, 1);
        }
        csv_free(&p);
        return;
    }
    /* Cut the rest at line ends into `threads` parts: part 0 continues on
     * this thread with this parser, the others get their own. */
    size_t bound[CSV_MAX_THREADS + 1];
    bound[0] = head;
    for (int t = 1; t < threads; t++)
        bound[t] = next_line(text, len, head + (len - head) / (size_t)threads * (size_t)t - 1);
    bound[threads] = len;
    for (int t = 1; t <= threads; t++)
        if (bound[t] < bound[t - 1]) bound[t] = bound[t - 1];
    Part *parts = calloc((size_t)threads, sizeof *parts);
    pthread_t tid[CSV_MAX_THREADS];
    int started[CSV_MAX_THREADS] = {0};
    if (!parts) {
        err_nomem(r->e, (size_t)threads * sizeof *parts, "CSV parts");
        r->failed = 1;
        csv_free(&p);
        return;
    }
    for (int t = 1; t < threads; t++) {
        Part *pt = &parts[t];
        Reader *q = &pt->r;
        err_clear(&pt->err);
        pt->sep = sep;
        *q = (Reader){.path = r->path, .o = r->o, .e = &pt->err, .text = text, .part = text + bound[t], .sep = sep,
                      .part_len = bound[t + 1] - bound[t], .decided = 1, .nfields = r->nfields,
                      .label_col = r->label_col, .name_col = r->name_col, .header = r->header,
                      .cols = r->cols, .text_cols = r->text_cols, .cap_hint = (bound[t + 1] - bound[t]) / per_row + 16};
        if (q->label_col >= 0 && !(q->classes = strmap_new(64, q->e))) {
            q->failed = 1;
            continue;
        }
        started[t] = pthread_create(&tid[t], NULL, part_main, pt) == 0;
        if (!started[t]) part_main(pt); /* no thread: do it here */
    }
    r->part_len = bound[1];
    r->cap_hint = (bound[1] - head) / per_row + 16;
    parse_into(r, &p, text + head, bound[1] - head, 1);
    csv_free(&p);
    for (int t = 1; t < threads; t++)
        if (started[t]) pthread_join(tid[t], NULL);
    /* The first error in file order wins; otherwise join in order. */
    for (int t = 1; t < threads; t++) {
        Reader *q = &parts[t].r;
        if (!r->failed && q->failed) {
            err_set(r->e, "%s", parts[t].err.msg);
            r->failed = 1;
        }
        if (!r->failed && join_part(r, q) < 0) r->failed = 1;
        if (!r->failed && q->tiny) {
            if (!r->tiny) {
                r->tiny_line = q->tiny_line;
                r->tiny_col = q->tiny_col;
                memcpy(r->tiny_text, q->tiny_text, sizeof r->tiny_text);
            }
            r->tiny += q->tiny;
        }
        free_reader(q);
    }
    free(parts);
}

static int cpu_threads(size_t len)
{
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    size_t parts = len / CSV_MIN_PART;
    int t = cpus > 1 ? (int)cpus : 1;
    if ((size_t)t > parts) t = parts ? (int)parts : 1;
    return t > CSV_MAX_THREADS ? CSV_MAX_THREADS : t;
}

/* Class names that are all whole numbers >= 0 become those numbers. */
static int numeric_classes(Reader *r, Mat *m, Err *e)
{
    int *map = malloc((r->nclass ? r->nclass : 1) * sizeof *map), maxc = -1;
    if (!map) return err_nomem(e, r->nclass * sizeof(int), "classes");
    for (size_t c = 0; c < r->nclass; c++) {
        char *end;
        long v = strtol(r->class_names[c], &end, 10);
        if (*end || end == r->class_names[c] || v < 0 || v > 100000) {
            free(map);
            return 1;
        }
        map[c] = (int)v;
        if (v > maxc) maxc = (int)v;
    }
    for (size_t i = 0; i < m->rows; i++)
        if (m->labels[i] >= 0) m->labels[i] = map[m->labels[i]];
    free(map);
    m->n_classes = (size_t)(maxc + 1);
    return 0;
}

/* 1 when the data columns are headed c0, c1, ... in order: what save
 * writes for a matrix without column names, which it should get back. */
static int default_col_names(const Reader *r)
{
    size_t k = 0;
    char want[32];
    for (size_t j = 0; j < r->nfields; j++) {
        if ((long)j == r->label_col || (long)j == r->name_col) continue;
        snprintf(want, sizeof want, "c%zu", k++);
        if (strcmp(r->header[j], want) != 0) return 0;
    }
    return k > 0;
}

/* The name of column j for notes: 'species', or 5 (counted from 1). */
static const char *col_title(const Reader *r, long j, char *buf, size_t n)
{
    if (r->header)
        snprintf(buf, n, "'%.60s'", r->header[j]);
    else
        snprintf(buf, n, "%ld", j + 1);
    return buf;
}

/* Labels found without label=, now that every row is read: a numeric
 * candidate column becomes the labels when it holds only class numbers
 * (whole numbers 0..100000, blanks allowed) and, for "y", two or more
 * columns of data remain; otherwise a row-name column whose values repeat
 * becomes the labels. */
static int settle_labels(Reader *r)
{
    char title[80];
    if (r->label_cand >= 0) {
        long j = r->label_cand;
        size_t k = (size_t)j - (r->name_col >= 0 && j > r->name_col), cols = r->cols;
        int ok = strcasecmp(r->header[j], "y") != 0 || cols >= 3, maxc = -1;
        for (size_t i = 0; ok && i < r->rows; i++) {
            float v = r->data[i * cols + k];
            ok = isnan(v) || (v >= 0 && v <= 100000 && v == floorf(v));
        }
        if (ok) {
            int *labels = malloc((r->rows ? r->rows : 1) * sizeof *labels);
            if (!labels) return err_nomem(r->e, r->rows * sizeof(int), "labels");
            for (size_t i = 0; i < r->rows; i++) {
                const float *row = r->data + i * cols;
                labels[i] = isnan(row[k]) ? -1 : (int)row[k];
                if (labels[i] > maxc) maxc = labels[i];
                /* close up the row in place (never ahead of the reading) */
                memmove(r->data + i * (cols - 1), row, k * sizeof(float));
                memmove(r->data + i * (cols - 1) + k, row + k + 1, (cols - k - 1) * sizeof(float));
            }
            free(r->labels);
            r->labels = labels;
            r->cols--;
            r->label_col = j;
            r->label_numeric = 1;
            r->label_max = maxc;
            io_note(r->o, "%s: labels from column %s (%d classes); label=none keeps it as data",
                    r->path, col_title(r, j, title, sizeof title), maxc + 1);
            return 0;
        }
    }
    if (r->label_col >= 0 || !r->name_may_label || !r->names) return 0;
    StrMap *seen = strmap_new(r->rows, r->e);
    if (!seen) return -1;
    int repeats = 0;
    for (size_t i = 0; i < r->rows && !repeats; i++) {
        int dup = strmap_put(seen, r->names[i], i, NULL, r->e);
        if (dup < 0) {
            strmap_free(seen);
            return -1;
        }
        repeats = dup == 1;
    }
    strmap_free(seen);
    if (!repeats) return 0;
    int *labels = malloc((r->rows ? r->rows : 1) * sizeof *labels);
    if (!labels || !(r->classes = strmap_new(64, r->e))) {
        free(labels);
        return err_nomem(r->e, r->rows * sizeof(int), "labels");
    }
    r->labels = labels;
    for (size_t i = 0; i < r->rows; i++) {
        const char *s = r->names[i];
        if (is_blank(s, strlen(s)))
            labels[i] = -1;
        else if (class_of(r, s, strlen(s), &labels[i]) < 0)
            return -1;
    }
    for (size_t i = 0; i < r->rows; i++)
        free(r->names[i]);
    free(r->names);
    r->names = NULL;
    r->label_col = r->name_col;
    r->name_col = -1;
    r->label_auto = 1;
    return 0;
}

/* The separator: o->sep, else by the name's extension. */
static int pick_sep(const char *name, const LoadOpts *o, char *sep, Err *e)
{
    *sep = ',';
    if (o->sep && o->sep[0])
        *sep = o->sep[0] == '\\' && o->sep[1] == 't' ? '\t' : o->sep[0];
    else if (io_has_ext(name, ".tsv", 1) || io_has_ext(name, ".tab", 1))
        *sep = '\t';
    if (*sep == '"' || *sep == '\n' || *sep == '\r')
        return err_set(e, "%s: the separator cannot be a quote or a line end", name);
    return 0;
}

/* CSV text[0..len) (unpacked; no NUL needed after it) into *out. */
static int parse_text(const char *name, const char *text, size_t len, const LoadOpts *o,
                      int threads, Mat **out, Err *e)
{
    char sep;
    if (pick_sep(name, o, &sep, e) < 0) return -1;
    /* A NUL is no text: libcsv would pass it on inside a field, where
     * everything after it goes unseen. */
    const char *nul = memchr(text, '\0', len);
    if (nul) {
        size_t at = (size_t)(nul - text), line = 1;
        for (const char *p = text; (p = memchr(p, '\n', (size_t)(nul - p))); p++)
            line++;
        return err_set(e, "%s:%zu: a NUL byte at byte offset %zu: not a text file", name, line, at);
    }
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) text += 3, len -= 3;
    if (threads <= 0) threads = cpu_threads(len);
    if (threads > CSV_MAX_THREADS) threads = CSV_MAX_THREADS;
    Reader r = {.path = name, .o = o, .e = e, .text = text, .part = text, .sep = sep};
    parse_all(&r, text, len, sep, threads);
    if (!r.failed && !r.decided) {
        if (r.nbuffered == 0) {
            err_set(e, "%s: no data (the file is empty)", name);
            r.failed = 1;
        } else {
            decide(&r);
        }
    }
    if (!r.failed && r.rows == 0) {
        err_set(e, "%s: no data rows (only a header)", name);
        r.failed = 1;
    }
    if (!r.failed && settle_labels(&r) < 0) r.failed = 1;
    Mat *m = NULL;
    if (!r.failed && (m = mat_new_uninit(r.rows, r.cols, e)) == NULL) r.failed = 1;
    if (r.failed) {
        free_reader(&r);
        return -1;
    }
    io_advise_huge(m->data, r.rows * r.cols * sizeof(float));
    memcpy(m->data, r.data, r.rows * r.cols * sizeof(float));
    int rc = 0;
    if (r.header && !default_col_names(&r)) {
        size_t k = 0;
        for (size_t j = 0; j < r.nfields && rc == 0; j++)
            if ((long)j != r.label_col && (long)j != r.name_col) rc = mat_set_col_name(m, k++, r.header[j], e);
    }
    if (rc == 0 && r.label_col >= 0 && r.header &&
        !(m->label_column = strdup(r.header[r.label_col])))
        rc = err_nomem(e, strlen(r.header[r.label_col]) + 1, "label column name");
    if (rc == 0 && r.label_numeric) {
        m->labels = r.labels;
        r.labels = NULL;
        m->n_classes = (size_t)(r.label_max + 1);
    } else if (rc == 0 && r.label_col >= 0) {
        m->labels = r.labels;
        r.labels = NULL;
        if (r.label_auto) {
            char title[80];
            io_note(o, "%s: labels from the text column %s (%zu class%s)", name,
                    col_title(&r, r.label_col, title, sizeof title), r.nclass,
                    r.nclass == 1 ? "" : "es");
        }
        int numeric = numeric_classes(&r, m, e);
        if (numeric < 0) rc = -1;
        else if (numeric == 1) {
            m->label_names = r.class_names;
            m->n_classes = r.nclass;
            r.class_names = NULL;
            r.nclass = 0;
        }
    }
    if (rc == 0 && r.name_col >= 0) {
        m->row_names = r.names;
        r.names = NULL;
    }
    if (rc == 0 && r.tiny)
        io_note(o,
                "%s: %zu value%s too small for 32-bit floats read as 0 (the first, '%s', on line "
                "%zu, column %zu)",
                name, r.tiny, r.tiny == 1 ? "" : "s", r.tiny_text, r.tiny_line, r.tiny_col);
    free_reader(&r);
    if (rc < 0) {
        mat_free(m);
        return -1;
    }
    *out = m;
    return 0;
}

int csv_load_buffer(const char *name, const void *buf, size_t len, const LoadOpts *o, int threads,
                    Mat **out, Err *e)
{
    LoadOpts def = LOAD_OPTS_DEFAULT;
    if (!name) name = "(buffer)";
    if (!o) o = &def;
    *out = NULL;
    if (!io_is_gzip(buf, len)) return parse_text(name, buf, len, o, threads, out, e);
    char *text;
    size_t tlen;
    if (io_gunzip(name, buf, len, &text, &tlen, e) < 0) return -1;
    int rc = parse_text(name, text, tlen, o, threads, out, e);
    free(text);
    return rc;
}

int csv_load_threads(const char *path, const LoadOpts *o, int threads, Mat **out, Err *e)
{
    LoadOpts def = LOAD_OPTS_DEFAULT;
    char *file, sep;
    size_t len;
    *out = NULL;
    if (!o) o = &def;
    if (pick_sep(path, o, &sep, e) < 0) return -1; /* before reading anything */
    if (io_read_all(path, &file, &len, e) < 0) return -1;
    /* The text stays alive until the matrix is built: error messages
     * find their line in it. */
    int rc = parse_text(path, file, len, o, threads, out, e);
    free(file);
    return rc;
}

int csv_load(const char *path, const LoadOpts *o, Mat **out, Err *e)
{
    return csv_load_threads(path, o, 0, out, e);
}
