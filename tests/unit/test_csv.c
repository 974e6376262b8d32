/* Unit tests for the CSV and text loaders and the CSV writer, on tiny files
 * written here. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "io/csv.h"
#include "io/load.h"
#include "io/numparse.h"
#include "io/readall.h"
#include "tests/tap.h"

static char dir[] = "/tmp/dv-test-csv-XXXXXX";

static const char *write_file(const char *name, const char *text)
{
    static char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    fputs(text, f);
    fclose(f);
    return path;
}

static Mat *load(const char *name, const char *text, const char *label, Err *e)
{
    LoadOpts o = LOAD_OPTS_DEFAULT;
    o.label = label;
    Mat *m = NULL;
    io_load(write_file(name, text), &o, &m, e);
    return m;
}

/* Float bits equal (NaN equal to NaN). */
static int same_floats(const float *a, const float *b, size_t n)
{
    return memcmp(a, b, n * sizeof *a) == 0;
}

static int same_strings(char **a, char **b, size_t n)
{
    if (!a || !b) return a == b;
    for (size_t i = 0; i < n; i++)
        if (strcmp(a[i], b[i]) != 0) return 0;
    return 1;
}

/* Decimals next to a float midpoint: a double quotient lands exactly on the
 * midpoint, and rounding it again to float would go the wrong way. */
static void test_rounding(void)
{
    const char *hard[] = {"6.095079072565568e-07", "5.308516509830952e-02", "1.803882658481598", "4.537479765713215e-02"};
    int good = 1;
    for (size_t i = 0; i < sizeof hard / sizeof *hard; i++) {
        float x;
        good &= num_parse_float(hard[i], strlen(hard[i]), &x) == 0 && x == strtof(hard[i], NULL);
    }
    ok(good, "decimals next to float midpoints round once, like strtof");
    /* Many such decimals: each float's midpoint written with 10..16 digits. */
    unsigned st = 12345;
    long bad = 0;
    for (int i = 0; i < 20000; i++) {
        st = st * 1103515245u + 12345u;
        float f = ldexpf(1.0f + (float)(st >> 8) / 16777216.0f, (int)((st >> 3) % 60) - 30);
        double mid = ((double)f + (double)nextafterf(f, INFINITY)) / 2;
        for (int p = 10; p <= 16; p++) {
            char s[64];
            float x;
            snprintf(s, sizeof s, "%.*e", p - 1, mid);
            if (num_parse_float(s, strlen(s), &x) < 0 || x != strtof(s, NULL)) bad++;
        }
    }
    ok(bad == 0, "140000 decimals near midpoints match strtof (%ld differ)", bad);
    float x;
    ok(num_parse_float("inf", 3, &x) == 0 && isinf(x) && num_parse_float("-1.5E+3", 7, &x) == 0 && x == -1500.0f &&
           num_parse_float(" 2 ", 3, &x) == 0 && x == 2.0f && num_parse_float("1e", 2, &x) < 0 &&
           num_parse_float(".", 1, &x) < 0 && num_parse_float("0x10", 4, &x) == 0 && x == 16.0f,
       "inf, exponents, spaces, hex; '1e' and '.' are not numbers");
}

/* A CSV of n rows with row names, string classes that first appear late,
 * and numbers of all shapes, written to name. */
static const char *make_big(const char *name, size_t n, size_t bad_row)
{
    static char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    fputs("name,x,y,kind,z\n", f);
    for (size_t i = 0; i < n; i++) {
        const char *kind = i < n / 2 ? (i % 2 ? "b" : "a") : (i % 3 ? "c" : "a");
        if (i % 17 == 0) kind = "";
        if (i == bad_row) fprintf(f, "r%zu,%zu.5,oops,%s,1\n", i, i, kind);
        else fprintf(f, "r%zu,%zu.25,%.7g,%s,%s\n", i, i, (double)i * -0.001 + 1e-7, kind, i % 5 ? "3e-3" : "NA");
        if (i % 40 == 0) fputs("\n", f); /* blank lines count for line numbers */
    }
    fclose(f);
    return path;
}

static void test_parts(void)
{
    Err e;
    LoadOpts o = LOAD_OPTS_DEFAULT;
    o.label = "kind";
    Mat *a = NULL, *b = NULL;
    const char *path = make_big("big.csv", 3000, (size_t)-1);
    int ra = csv_load_threads(path, &o, 1, &a, &e), rb = csv_load_threads(path, &o, 3, &b, &e);
    ok(ra == 0 && rb == 0 && a->rows == 3000 && b->rows == 3000 && a->cols == 3 && b->cols == 3,
       "3000 rows read by 1 and by 3 parsers: %s", ra || rb ? e.msg : "");
    if (ra == 0 && rb == 0) {
        ok(same_floats(a->data, b->data, a->rows * a->cols), "same numbers from 1 and 3 parsers");
        ok(memcmp(a->labels, b->labels, a->rows * sizeof(int)) == 0 && a->n_classes == 3 && b->n_classes == 3 &&
               same_strings(a->label_names, b->label_names, 3) && strcmp(b->label_names[2], "c") == 0 &&
               strcmp(b->label_names[0], "b") == 0 && b->labels[0] == -1 && b->labels[1] == 0,
           "same classes, numbered in order of first appearance; blank label is -1");
        ok(same_strings(a->row_names, b->row_names, a->rows) && strcmp(b->row_names[2999], "r2999") == 0,
           "same row names");
        ok(a->col_names && strcmp(b->col_names[2], "z") == 0 && isnan(MAT_AT(b, 0, 2)) && MAT_AT(b, 1, 2) == 3e-3f,
           "columns after the label keep their names; NA is NaN");
    }
    mat_free(a);
    mat_free(b);
    /* Row 2500 is line 2502 plus one blank line per 40 rows before it. */
    path = make_big("bigbad.csv", 3000, 2500);
    ra = csv_load_threads(path, &o, 1, &a, &e);
    char one[ERR_MSG_MAX];
    snprintf(one, sizeof one, "%s", e.msg);
    rb = csv_load_threads(path, &o, 3, &b, &e);
    ok(ra < 0 && rb < 0 && strcmp(one, e.msg) == 0 && strstr(e.msg, "bigbad.csv:2565: cannot read 'oops' as a number (column 3 'y')"),
       "an error in a later part names the same physical line: %s", e.msg);
}

static void test_more_csv(void)
{
    Err e;
    LoadOpts o = LOAD_OPTS_DEFAULT;
    Mat *m = NULL;
    o.header = 1;
    ok(io_load(write_file("h1.csv", "10,20\n1,2\n"), &o, &m, &e) == 0 && m->rows == 1 && m->col_names &&
           strcmp(m->col_names[1], "20") == 0,
       "header=1 forces a header");
    mat_free(m);
    o.header = 0;
    ok(io_load(write_file("h0.csv", "n,1\nm,2\n"), &o, &m, &e) == 0 && m->rows == 2 && !m->col_names && m->row_names &&
           strcmp(m->row_names[0], "n") == 0,
       "header=0: the first row is data");
    mat_free(m);
    m = load("gap.csv", "1,,3\n4,5,6\n", NULL, &e);
    ok(m && m->rows == 2 && isnan(MAT_AT(m, 0, 1)), "a blank cell over a number does not make a header");
    mat_free(m);
    m = load("last.csv", "a,b,c\n1,2,0\n3,4,1\n", "-1", &e);
    ok(m && m->cols == 2 && m->labels[1] == 1 && m->col_names && strcmp(m->col_names[1], "b") == 0,
       "label=-1 is the last column");
    mat_free(m);
    m = load("range.csv", "a,b\n1,2\n", "5", &e);
    ok(!m && strstr(e.msg, "range.csv: label column 5 is out of range (the file has 2 columns)"), "label index out of range: %s",
       e.msg);
    m = load("nohdr.csv", "1,2\n3,4\n", "kind", &e);
    ok(!m && strstr(e.msg, "nohdr.csv: no column named 'kind' for label= (the file has no header; give a column index)"),
       "label by name without a header: %s", e.msg);
    m = load("open.csv", "a,b\n1,2\n3,\"4\n", NULL, &e);
    ok(!m && strstr(e.msg, "open.csv:3: a quoted field is not closed"), "unclosed quote: %s", e.msg);
    m = load("lines.csv", "a,b\n\n1,2\n  \n3,x\n", NULL, &e);
    ok(!m && strstr(e.msg, "lines.csv:5: cannot read 'x' as a number (column 2 'b')"), "blank lines counted: %s", e.msg);
    m = load("ml.csv", "name,x\n\"two\nlines\",1\nok,zz\n", NULL, &e);
    ok(!m && strstr(e.msg, "ml.csv:4: cannot read 'zz'"), "a line end inside quotes is a line: %s", e.msg);
    m = load("rag2.csv", "a,b\n1,2,3\n", NULL, &e);
    ok(!m && strstr(e.msg, "rag2.csv:2: row has 3 fields, expected 2"), "too many fields: %s", e.msg);
    m = load("void.csv", "", NULL, &e);
    ok(!m && strstr(e.msg, "void.csv: no data (the file is empty)"), "empty file: %s", e.msg);
    m = load("nums.data", "1 2\n3 4\n", NULL, &e);
    ok(m && m->rows == 2 && m->cols == 2, "unknown extension, numbers: whitespace text");
    mat_free(m);
    m = load("table.foo", "p,q\n1,2\n", NULL, &e);
    ok(m && m->rows == 1 && m->col_names && strcmp(m->col_names[0], "p") == 0, "unknown extension, commas: CSV");
    mat_free(m);
    m = load("table2.foo", "p\tq\n1\t2\n", NULL, &e);
    ok(m && m->rows == 1 && m->cols == 2, "unknown extension, tabs: TSV");
    mat_free(m);
    m = load("bin.foo", "\x01\x02\x03", NULL, &e);
    ok(!m && strstr(e.msg, "bin.foo: unknown file format"), "unknown format: %s", e.msg);
    o = (LoadOpts)LOAD_OPTS_DEFAULT;
    o.format = "xml";
    ok(io_load(write_file("x.csv", "1\n"), &o, &m, &e) < 0 && strstr(e.msg, "x.csv: unknown format 'xml' (formats: auto, csv"),
       "unknown format=: %s", e.msg);
    o.format = "tsv";
    ok(io_load(write_file("t.txt", "a\tb\n1\t2\n"), &o, &m, &e) == 0 && m->cols == 2 && m->col_names, "format=\"tsv\"");
    mat_free(m);
    m = load("bom.txt", "\xEF\xBB\xBF" "1 2\n", NULL, &e);
    ok(m && m->cols == 2 && MAT_AT(m, 0, 0) == 1, "byte-order mark in a text file");
    mat_free(m);
    m = load("wbad.txt", "1 2\n3 y\n", NULL, &e);
    ok(!m && strstr(e.msg, "wbad.txt:2: cannot read 'y' as a number (column 2)"), "text: bad number: %s", e.msg);

    /* Save gzipped and as TSV, NaN and awkward names included. */
    m = load("awk.csv", "name,\"a,b\",c\n\" x\",1,\n\"q\"\"uote\",2.5,-0\n", NULL, &e);
    ok(m && m->row_names && strcmp(m->row_names[0], " x") == 0 && strcmp(m->row_names[1], "q\"uote") == 0,
       "quoted names keep spaces and quotes");
    char out[256];
    const char *exts[] = {"csv.gz", "tsv"};
    for (int k = 0; k < 2 && m; k++) {
        snprintf(out, sizeof out, "%s/awk-out.%s", dir, exts[k]);
        Mat *b = NULL;
        int rc = io_save(m, out, NULL, &e);
        rc = rc == 0 ? io_load(out, NULL, &b, &e) : rc;
        ok(rc == 0 && b->rows == 2 && same_floats(b->data, m->data, 4) && same_strings(b->row_names, m->row_names, 2) &&
               same_strings(b->col_names, m->col_names, 2),
           "save and load .%s: same numbers (NaN, -0), names, column names: %s", exts[k], rc ? e.msg : "");
        mat_free(b);
    }
    char *text = NULL;
    size_t len = 0;
    snprintf(out, sizeof out, "%s/awk-out.csv.gz", dir);
    ok(m && io_read_all(out, &text, &len, &e) == 0 &&
           strcmp(text, "name,\"a,b\",c\n\" x\",1,\n\"q\"\"uote\",2.5,-0\n") == 0,
       "the gzipped CSV as written (quotes only where needed)");
    free(text);
    mat_free(m);
}

static void more_tests(void)
{
    test_rounding();
    test_parts();
    test_more_csv();
}

int main(void)
{
    if (!mkdtemp(dir)) return 99;
    Err e;
    float x;
    ok(num_parse_float("3.25", 4, &x) == 0 && x == 3.25f, "parse 3.25");
    ok(num_parse_float("-1e-3", 5, &x) == 0 && x == -1e-3f, "parse -1e-3");
    ok(num_parse_float("0.1", 3, &x) == 0 && x == 0.1f, "0.1 rounds like strtof");
    ok(num_parse_float("123456789012345678901234", 24, &x) == 0 && x == 123456789012345678901234.0f,
       "long numbers take the slow path");
    ok(num_parse_float("NA", 2, &x) == 0 && isnan(x), "NA is NaN");
    ok(num_parse_float("", 0, &x) == 0 && isnan(x), "empty is NaN");
    ok(num_parse_float("1.2.3", 5, &x) < 0 && num_parse_float("abc", 3, &x) < 0, "not numbers");

    Mat *m = load("h.csv", "a,b,c\n1,2,3\n4,5,6\n", NULL, &e);
    ok(m && m->rows == 2 && m->cols == 3 && MAT_AT(m, 1, 2) == 6, "header detected, 2x3");
    ok(m && m->col_names && strcmp(m->col_names[1], "b") == 0, "column names");
    mat_free(m);

    m = load("nh.csv", "1,2\n3,4\n", NULL, &e);
    ok(m && m->rows == 2 && !m->col_names, "no header when the first row is numbers");
    mat_free(m);

    m = load("q.csv", "\xEF\xBB\xBF" "x,\"y, quoted\",label\r\n1,2,cat\r\n3,\"4\",dog\r\n5,6,cat\r\n", "label", &e);
    ok(m && m->rows == 3 && m->cols == 2, "BOM, CRLF, quotes, label removed: %s", m ? "" : e.msg);
    ok(m && strcmp(m->col_names[1], "y, quoted") == 0, "quoted header with a comma");
    ok(m && m->labels[0] == 0 && m->labels[1] == 1 && m->labels[2] == 0 && m->n_classes == 2 &&
           strcmp(m->label_names[1], "dog") == 0,
       "string classes in order of first appearance");
    mat_free(m);

    m = load("n.csv", "f,label\n0.5,3\n1.5,1\n", "1", &e);
    ok(m && m->cols == 1 && m->labels[0] == 3 && m->labels[1] == 1 && m->n_classes == 4 && !m->label_names,
       "label by index; whole-number classes stay numbers");
    mat_free(m);

    m = load("t.tsv", "a\tb\n1\t2\n", NULL, &e);
    ok(m && m->cols == 2 && MAT_AT(m, 0, 1) == 2, "TSV by extension");
    mat_free(m);

    LoadOpts o = LOAD_OPTS_DEFAULT;
    o.sep = ";";
    ok(io_load(write_file("s.csv", "a;b\n1;2\n"), &o, &m, &e) == 0 && m->cols == 2, "sep=");
    mat_free(m);

    m = load("names.csv", "word,x,y\nking,1,2\nqueen,3,4\n", NULL, &e);
    ok(m && m->cols == 2 && m->row_names && strcmp(m->row_names[1], "queen") == 0, "text first column = row names");
    mat_free(m);

    m = load("empty.csv", "a,b\n1,\n,4\n", NULL, &e);
    ok(m && isnan(MAT_AT(m, 0, 1)) && isnan(MAT_AT(m, 1, 0)), "empty cells are NaN");
    mat_free(m);

    m = load("ragged.csv", "a,b,c\n1,2,3\n4,5\n", NULL, &e);
    ok(!m && strstr(e.msg, "ragged.csv:3: row has 2 fields, expected 3"), "ragged row: %s", e.msg);
    m = load("bad.csv", "a,b\n1,2\n3,x7\n", NULL, &e);
    ok(!m && strstr(e.msg, "bad.csv:3: cannot read 'x7' as a number (column 2 'b')"), "non-numeric cell: %s", e.msg);
    m = load("nolabel.csv", "a,b\n1,2\n", "species", &e);
    ok(!m && strstr(e.msg, "no column named 'species' for label= (columns: a, b)"), "unknown label: %s", e.msg);
    m = load("hdr.csv", "a,b\n", NULL, &e);
    ok(!m && strstr(e.msg, "no data rows"), "header only: %s", e.msg);
    ok(io_load("/nonexistent/x.csv", NULL, &m, &e) < 0 &&
           strcmp(e.msg, "cannot open '/nonexistent/x.csv': No such file or directory") == 0,
       "missing file");

    /* gzip, read transparently */
    char gzpath[256];
    snprintf(gzpath, sizeof gzpath, "%s/z.csv.gz", dir);
    gzFile g = gzopen(gzpath, "wb");
    gzputs(g, "a,b\n7,8\n");
    gzclose(g);
    ok(io_load(gzpath, NULL, &m, &e) == 0 && m && MAT_AT(m, 0, 1) == 8, "gzip read transparently");
    mat_free(m);

    m = load("w.txt", "# numbers\n1 2 3\n 4\t5 6  # comment\n\n", NULL, &e);
    ok(m && m->rows == 2 && m->cols == 3 && MAT_AT(m, 1, 0) == 4, "whitespace text with comments");
    mat_free(m);
    m = load("wr.txt", "1 2\n3\n", NULL, &e);
    ok(!m && strstr(e.msg, "wr.txt:2: row has 1 values, expected 2"), "ragged text: %s", e.msg);

    /* save and load back: same floats, labels, names */
    m = load("rt.csv", "name,x,y,label\na,0.1,1e-7,cat\nb,3.14159274,-2,dog\n", "label", &e);
    char out[256];
    snprintf(out, sizeof out, "%s/out.csv", dir);
    ok(m && io_save(m, out, NULL, &e) == 0, "save csv");
    Mat *b = NULL;
    o = (LoadOpts)LOAD_OPTS_DEFAULT;
    o.label = "label";
    ok(io_load(out, &o, &b, &e) == 0 && b->rows == 2 && memcmp(b->data, m->data, 4 * sizeof(float)) == 0,
       "round trip keeps every float bit");
    ok(b && b->row_names && strcmp(b->row_names[1], "b") == 0 && strcmp(b->label_names[b->labels[1]], "dog") == 0,
       "round trip keeps row names and classes");
    char cmd[512];
    snprintf(cmd, sizeof cmd, "ls %s | grep -c tmp", dir);
    FILE *pp = popen(cmd, "r");
    int ntmp = -1;
    if (pp) {
        if (fscanf(pp, "%d", &ntmp) != 1) ntmp = -1;
        pclose(pp);
    }
    ok(ntmp == 0, "atomic save leaves no temporary file");
    ok(io_save(m, "/nonexistent/dir/o.csv", NULL, &e) < 0 && strstr(e.msg, "cannot write '/nonexistent/dir/o.csv'"),
       "save into a missing folder fails cleanly");
    mat_free(b);
    mat_free(m);
    more_tests();
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0) return 99;
    return done_testing();
}
