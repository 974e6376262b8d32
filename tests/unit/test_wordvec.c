/* Unit tests for word-vector files: every format loads, saves and loads
 * back; bad files give one message naming the line or byte offset. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "io/load.h"
#include "io/wordvec.h"
#include "tests/tap.h"

static char dir[] = "/tmp/dv-wordvec-XXXXXX";

static const char *at(const char *name)
{
    static char buf[4][512];
    static int i;
    i = (i + 1) % 4;
    snprintf(buf[i], sizeof buf[i], "%s/%s", dir, name);
    return buf[i];
}

static void write_file(const char *name, const char *text, size_t len)
{
    FILE *f = fopen(at(name), "wb");
    fwrite(text, 1, len, f);
    fclose(f);
}

static void write_gz(const char *name, const char *text, size_t len)
{
    gzFile g = gzopen(at(name), "wb");
    gzwrite(g, text, (unsigned)len);
    gzclose(g);
}

/* 1 when a and b have the same words and exactly the same numbers. */
static int same(const Mat *a, const Mat *b)
{
    if (!a || !b || a->rows != b->rows || a->cols != b->cols) return 0;
    for (size_t i = 0; i < a->rows; i++)
        if (strcmp(a->row_names[i], b->row_names[i]) != 0) return 0;
    return memcmp(a->data, b->data, a->rows * a->cols * sizeof(float)) == 0;
}

static Mat *load(const char *name, const char *format, Err *e)
{
    Mat *m = NULL;
    if (wordvec_load(at(name), format, &m, e) < 0) return NULL;
    return m;
}

/* The message of a failing load, with the folder name cut off. */
static const char *fails(const char *name, const char *format)
{
    static Err e;
    Mat *m = load(name, format, &e);
    if (m) {
        mat_free(m);
        return "(loaded)";
    }
    char *p = strstr(e.msg, dir);
    if (p) memmove(p, p + strlen(dir) + 1, strlen(p + strlen(dir) + 1) + 1);
    return e.msg;
}

int main(void)
{
    if (!mkdtemp(dir)) return 99;
    Err e;
    /* a small embedding with awkward numbers: negative, tiny, large, UTF-8 word */
    Mat *ref = mat_new(4, 3, &e);
    const char *names[] = {"king", "queen", "caf\xc3\xa9", "new_york"};
    float vals[] = {0.1f, -2.5f, 1e-8f, 3.14159265f, 123456.789f, -0.0f, 1.0f / 3, 2.0f / 3, -7e-20f, 0, 1, -1};
    memcpy(ref->data, vals, sizeof vals);
    for (int i = 0; i < 4; i++) mat_set_row_name(ref, (size_t)i, names[i], &e);

    /* save and load back: text exact (9 digits), binary exact */
    ok(wordvec_save(ref, at("a.vec"), 0, &e) == 0, "save word2vec text");
    Mat *m = load("a.vec", NULL, &e);
    ok(same(ref, m), "word2vec text round trip is exact");
    mat_free(m);
    ok(wordvec_save(ref, at("a.bin"), 1, &e) == 0, "save word2vec binary");
    m = load("a.bin", NULL, &e);
    ok(same(ref, m), "word2vec binary round trip (picked by .bin)");
    mat_free(m);
    /* through the dispatcher too, with io_save choosing by extension */
    ok(io_save(ref, at("b.bin"), NULL, &e) == 0 && io_load(at("b.bin"), NULL, &m, &e) == 0 && same(ref, m),
       "io_save/io_load: .bin");
    mat_free(m);
    ok(io_save(ref, at("b.vec"), NULL, &e) == 0 && io_load(at("b.vec"), NULL, &m, &e) == 0 && same(ref, m),
       "io_save/io_load: .vec");
    mat_free(m);

    /* gzip: text and binary */
    FILE *f = fopen(at("a.bin"), "rb");
    char bin[4096];
    size_t nbin = fread(bin, 1, sizeof bin, f);
    fclose(f);
    write_gz("a.bin.gz", bin, nbin);
    m = load("a.bin.gz", NULL, &e);
    ok(same(ref, m), "word2vec binary .bin.gz");
    mat_free(m);
    const char *glove = "the 0.5 -1 2\nof 1e-3 0 -0.25\n";
    write_gz("g.txt.gz", glove, strlen(glove));
    m = load("g.txt.gz", NULL, &e);
    ok(m && m->rows == 2 && m->cols == 3 && strcmp(m->row_names[1], "of") == 0 && MAT_AT(m, 0, 1) == -1.0f &&
           MAT_AT(m, 1, 0) == 1e-3f && MAT_AT(m, 1, 2) == -0.25f,
       "GloVe text (no header), gzip-compressed");
    mat_free(m);
    ok(io_load(at("g.txt.gz"), NULL, &m, &e) == 0 && m->rows == 2 && m->row_names,
       "io_load tells GloVe .txt.gz from a numeric table");
    mat_free(m);

    /* fastText .vec: a header, a space at the end of every line, CRLF too */
    const char *ft = "2 3\r\n</s> 0.1 0.2 0.3 \r\nword -1 -2 -3 \r\n";
    write_file("f.vec", ft, strlen(ft));
    m = load("f.vec", "fasttext", &e);
    ok(m && m->rows == 2 && strcmp(m->row_names[0], "</s>") == 0 && MAT_AT(m, 1, 2) == -3.0f,
       "fastText .vec with trailing spaces and CRLF");
    mat_free(m);
    /* a GloVe file whose first line looks like a header: format="glove" says it is not */
    const char *g2 = "1 2\n2 3\n";
    write_file("g2.txt", g2, strlen(g2));
    m = load("g2.txt", "glove", &e);
    ok(m && m->rows == 2 && m->cols == 1 && strcmp(m->row_names[0], "1") == 0 && MAT_AT(m, 1, 0) == 3.0f,
       "format=glove: no header even when line 1 is two integers");
    mat_free(m);
    /* GloVe with more rows than the first guess of 1024 */
    size_t big = 3000;
    char *txt = malloc(big * 32), *p = txt;
    for (size_t i = 0; i < big; i++) p += sprintf(p, "w%zu %zu %zu\n", i, i, big - i);
    write_file("big.txt", txt, (size_t)(p - txt));
    free(txt);
    m = load("big.txt", NULL, &e);
    ok(m && m->rows == big && strcmp(m->row_names[2999], "w2999") == 0 && MAT_AT(m, 2999, 0) == 2999.0f &&
           MAT_AT(m, 2999, 1) == 1.0f,
       "GloVe text of 3000 rows (the matrix grows)");
    mat_free(m);

    /* errors name the line or byte offset */
    const char *t;
    write_file("dup.vec", "3 2\na 1 2\nb 3 4\na 5 6\n", 22);
    t = fails("dup.vec", NULL);
    ok(strcmp(t, "dup.vec:4: duplicate word 'a' (first on line 2)") == 0, "%s", t);
    write_file("short.vec", "2 2\na 1 2\nb 3\n", 14);
    t = fails("short.vec", NULL);
    ok(strcmp(t, "short.vec:3: word 'b' has 1 values, expected 2") == 0, "%s", t);
    write_file("long.txt", "a 1 2\nb 3 4 5\n", 14);
    t = fails("long.txt", NULL);
    ok(strcmp(t, "long.txt:2: word 'b' has 3 values, expected 2") == 0, "%s", t);
    write_file("nan.txt", "a 1 2\nb 3 x4\n", 13);
    t = fails("nan.txt", NULL);
    ok(strcmp(t, "nan.txt:2: cannot read 'x4' as a number (word 'b')") == 0, "%s", t);
    write_file("count.vec", "3 2\na 1 2\nb 3 4\n", 16);
    t = fails("count.vec", NULL);
    ok(strcmp(t, "count.vec: the header says 3 words, the file has 2") == 0, "%s", t);
    write_file("more.vec", "1 2\na 1 2\nb 3 4\n", 16);
    t = fails("more.vec", NULL);
    ok(strcmp(t, "more.vec:3: more words than the header's 1") == 0, "%s", t);
    write_file("empty.txt", "\n\n", 2);
    t = fails("empty.txt", NULL);
    ok(strcmp(t, "empty.txt: no word vectors in the file") == 0, "%s", t);
    /* binary: header "4 3\n" is 4 bytes, then "king " 5 bytes and 12 of floats,
     * a newline: the second word starts at byte 22 */
    write_file("trunc.bin", bin, 38);
    t = fails("trunc.bin", NULL);
    ok(strcmp(t, "trunc.bin: truncated at byte offset 38 (word 2 of 4)") == 0, "%s", t);
    write_file("trunc2.bin", bin, 24);
    t = fails("trunc2.bin", NULL);
    ok(strcmp(t, "trunc2.bin: truncated at byte offset 24 (word 2 of 4)") == 0, "%s", t);
    char dupb[4096];
    memcpy(dupb, bin, nbin);
    memcpy(dupb + 22, "king ", 5); /* "queen" -> "king " makes word 2 a repeat... */
    memmove(dupb + 26, dupb + 27, nbin - 27); /* ...once the extra space is gone */
    write_file("dup.bin", dupb, nbin - 1);
    t = fails("dup.bin", NULL);
    ok(strcmp(t, "dup.bin: duplicate word 'king' at byte offset 22 (word 2, first as word 1)") == 0,
       "%s", t);
    write_file("nohead.bin", "king 1234", 9);
    t = fails("nohead.bin", NULL);
    ok(strcmp(t, "nohead.bin: not a word2vec binary file (a \"count dims\" header line expected)") == 0,
       "%s", t);
    t = fails("missing.vec", NULL);
    ok(strcmp(t, "cannot open 'missing.vec': No such file or directory") == 0, "%s", t);
    t = fails("a.vec", "npy");
    ok(strcmp(t, "a.vec: unknown word-vector format 'npy' (word2vec, word2vec-bin, glove, fasttext)") == 0,
       "%s", t);

    /* saving: atomic, refuses words it could not write back */
    mat_set_row_name(ref, 1, "new york", &e);
    ok(wordvec_save(ref, at("a.vec"), 0, &e) < 0 && strstr(e.msg, "word 1 ('new york') is empty or has white space"),
       "a word with a space is refused: %s", e.msg);
    m = load("a.vec", NULL, &e);
    ok(m && strcmp(m->row_names[1], "queen") == 0, "the old file is left as it was");
    mat_free(m);
    ok(wordvec_save(ref, "/nonexistent/dir/x.vec", 0, &e) < 0 && strstr(e.msg, "cannot write '/nonexistent/dir/x.vec'"),
       "unwritable place: %s", e.msg);
    Mat *plain = mat_new(2, 2, &e);
    ok(wordvec_save(plain, at("p.vec"), 1, &e) < 0 && strstr(e.msg, "word vectors need row names"), "no row names: %s",
       e.msg);
    mat_free(plain);
    mat_free(ref);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) return 99;
    return done_testing();
}
