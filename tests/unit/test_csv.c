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
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0) return 99;
    return done_testing();
}
