/* Unit tests for the loaders' buffer entry points (io/buffer.h): each
 * gives what the file loader gives for the same bytes, plain or gzipped;
 * gzip integrity (truncated streams, bad CRC, bad length); and the
 * hardening cases found by hand (NUL bytes, a one-row bad cell in a
 * 150,000-column row, word-vector headers claiming 10^9 words). */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "io/buffer.h"
#include "io/csv.h"
#include "io/images.h"
#include "io/load.h"
#include "io/wordvec.h"
#include "tests/tap.h"

static char dir[] = "/tmp/dv-test-buffer-XXXXXX";

static const char *put(const char *name, const void *data, size_t len)
{
    static char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    fwrite(data, 1, len, f);
    fclose(f);
    return path;
}

/* gzip of data[0..len) into a new buffer (caller frees). */
static unsigned char *gz(const void *data, size_t len, size_t *out)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
    size_t cap = deflateBound(&z, len);
    unsigned char *b = malloc(cap);
    z.next_in = (unsigned char *)(uintptr_t)data;
    z.avail_in = (unsigned)len;
    z.next_out = b;
    z.avail_out = (unsigned)cap;
    deflate(&z, Z_FINISH);
    *out = cap - z.avail_out;
    deflateEnd(&z);
    return b;
}

/* Same shape, bits, names and labels. */
static int same(const Mat *a, const Mat *b)
{
    if (!a || !b || a->rows != b->rows || a->cols != b->cols || a->n_classes != b->n_classes)
        return 0;
    if (memcmp(a->data, b->data, a->rows * a->cols * sizeof(float)) != 0) return 0;
    if (!a->row_names != !b->row_names || !a->labels != !b->labels ||
        !a->col_names != !b->col_names)
        return 0;
    for (size_t i = 0; i < a->rows; i++) {
        if (a->row_names && strcmp(a->row_names[i], b->row_names[i]) != 0) return 0;
        if (a->labels && a->labels[i] != b->labels[i]) return 0;
    }
    for (size_t j = 0; a->col_names && j < a->cols; j++)
        if (strcmp(a->col_names[j], b->col_names[j]) != 0) return 0;
    return 1;
}

static void test_csv(void)
{
    Err e;
    Mat *a = NULL, *b = NULL, *c = NULL;
    const char *csv = "name,x,y,species\nr1,1.5,2,cat\nr2,3,-4e2,dog\nr3,,7,cat\n";
    LoadOpts o = LOAD_OPTS_DEFAULT;
    o.label = "species";
    int ra = csv_load_buffer("t.csv", csv, strlen(csv), &o, 1, &a, &e);
    int rb = csv_load(put("t.csv", csv, strlen(csv)), &o, &b, &e);
    ok(ra == 0 && rb == 0 && same(a, b) && a->rows == 3 && a->cols == 2 && a->row_names &&
           a->n_classes == 2,
       "csv_load_buffer gives what csv_load gives");
    mat_free(b);
    size_t zl;
    unsigned char *z = gz(csv, strlen(csv), &zl);
    ok(csv_load_buffer("t.csv.gz", z, zl, &o, 1, &b, &e) == 0 && same(a, b),
       "csv_load_buffer on gzip data");
    mat_free(b);
    /* the threaded parser on a buffer: no quotes, so 4 parts */
    char big[8192], *p = big;
    p += sprintf(p, "a,b,c\n");
    for (int i = 0; i < 300; i++)
        p += sprintf(p, "%d,%d.5,%c\n", i, -i, "xyz"[i % 3]);
    o.label = "c";
    ok(csv_load_buffer(NULL, big, (size_t)(p - big), &o, 1, &b, &e) == 0 &&
           csv_load_buffer(NULL, big, (size_t)(p - big), &o, 4, &c, &e) == 0 && same(b, c) &&
           b->rows == 300,
       "one parser and four give the same matrix");
    mat_free(b);
    mat_free(c);
    /* not NUL-terminated: the byte after the buffer is never read */
    char nt[8] = {'1', ',', '2', '\n', '3', ',', '4', '5'};
    ok(csv_load_buffer("nt", nt, 7, NULL, 1, &b, &e) == 0 && b->rows == 2 && MAT_AT(b, 1, 1) == 4,
       "a buffer without a final NUL");
    mat_free(b);
    mat_free(a);
    free(z);

    /* NUL bytes: refused with the line and offset, not read past */
    ok(csv_load_buffer("n.csv", "\0x", 2, NULL, 1, &a, &e) < 0 &&
           strcmp(e.msg, "n.csv:1: a NUL byte at byte offset 0: not a text file") == 0,
       "NUL byte: %s", e.msg);
    char *nul = malloc(1 << 20);
    memset(nul, 'a', 1 << 20);
    memcpy(nul, "a,b\n1,2\n3", 9);
    nul[9] = '\0';
    ok(csv_load_buffer("n.csv", nul, 1 << 20, NULL, 0, &a, &e) < 0 &&
           strcmp(e.msg, "n.csv:3: a NUL byte at byte offset 9: not a text file") == 0,
       "NUL followed by 1 MB: %s", e.msg);
    free(nul);
    /* a one-row file with a bad cell, also 150,000 columns wide (the text
     * is still there when the message is made); label=none, or the one
     * text column would be the labels */
    LoadOpts none = LOAD_OPTS_DEFAULT;
    none.no_label = 1;
    ok(csv_load_buffer("o.csv", "1,x\n", 4, &none, 1, &a, &e) < 0 &&
           strcmp(e.msg, "o.csv:1: cannot read 'x' as a number (column 2)") == 0,
       "one row, bad cell: %s", e.msg);
    size_t cols = 150000;
    char *wide = malloc(cols * 2 + 4);
    for (size_t j = 0; j < cols; j++)
        memcpy(wide + 2 * j, "1,", 2);
    memcpy(wide + 2 * cols, "x\n", 2);
    ok(csv_load(put("w.csv", wide, cols * 2 + 2), &none, &a, &e) < 0 &&
           strstr(e.msg, "w.csv:1: cannot read 'x' as a number (column 150001)"),
       "150,000 columns, bad cell: %s", e.msg);
    free(wide);
}

static void test_gzip(void)
{
    Err e;
    Mat *m = NULL;
    char text[4000];
    size_t n = 0;
    for (int i = 0; i < 400; i++)
        n += (size_t)sprintf(text + n, "%d,%d\n", i, i * 7 % 13);
    size_t zl;
    unsigned char *z = gz(text, n, &zl);
    char *out;
    size_t ol;
    ok(io_gunzip("z", z, zl, &out, &ol, &e) == 0 && ol == n && memcmp(out, text, n) == 0 &&
           out[ol] == '\0',
       "io_gunzip unpacks, NUL after");
    free(out);
    /* every cut short of the whole stream is an error: none loads quietly */
    int quiet = 0;
    for (size_t cut = 2; cut < zl; cut++) /* 2: the magic bytes, still gzip */
        if (csv_load_buffer("cut.csv.gz", z, cut, NULL, 1, &m, &e) == 0 || !strstr(e.msg, "gzip")) {
            quiet++;
            mat_free(m);
        }
    ok(quiet == 0, "each of %zu truncations of a .csv.gz is refused (%d loaded)", zl - 2, quiet);
    char want[200];
    snprintf(want, sizeof want,
             "cut.csv.gz: truncated gzip data: the compressed stream stops at byte offset %zu "
             "before its end "
             "(%zu bytes unpacked so far)",
             zl - 8, n);
    ok(csv_load_buffer("cut.csv.gz", z, zl - 8, NULL, 1, &m, &e) < 0 && strcmp(e.msg, want) == 0,
       "trailer missing: %s", e.msg);
    /* the file loader too */
    ok(csv_load(put("cut.csv.gz", z, zl - 4), NULL, &m, &e) < 0 &&
           strstr(e.msg, "cut.csv.gz: truncated gzip data"),
       "csv_load of a truncated file: %s", e.msg);
    unsigned char *bad = malloc(zl);
    memcpy(bad, z, zl);
    bad[zl - 8] ^= 1; /* the CRC-32 */
    ok(csv_load_buffer("crc.csv.gz", bad, zl, NULL, 1, &m, &e) < 0 &&
           strstr(e.msg, "crc.csv.gz: corrupt gzip data: the CRC-32 in the trailer"),
       "bad CRC: %s", e.msg);
    memcpy(bad, z, zl);
    bad[zl - 4] ^= 1; /* the length */
    ok(csv_load_buffer("len.csv.gz", bad, zl, NULL, 1, &m, &e) < 0 &&
           strstr(e.msg, "len.csv.gz: corrupt gzip data: the length in the trailer"),
       "bad length: %s", e.msg);
    memcpy(bad, z, zl);
    bad[zl / 2] ^= 0x55;
    ok(csv_load_buffer("mid.csv.gz", bad, zl, NULL, 1, &m, &e) < 0 && strstr(e.msg, "mid.csv.gz: "),
       "damaged middle: %s", e.msg);
    free(bad);
    /* two members, as `cat a.gz b.gz` makes */
    unsigned char *two = malloc(2 * zl);
    memcpy(two, z, zl);
    memcpy(two + zl, z, zl);
    ok(io_gunzip("two", two, 2 * zl, &out, &ol, &e) == 0 && ol == 2 * n &&
           memcmp(out + n, text, n) == 0,
       "concatenated members are joined");
    free(out);
    free(two);
    free(z);
}

static void test_binary(void)
{
    Err e;
    Mat *a = NULL, *b = NULL;
    /* IDX: 2 images of 2x2 */
    const unsigned char idx[] = {0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 2,
                                 0, 0, 0, 2, 1, 2, 3, 4, 5, 6, 7, 8};
    ok(idx_load_buffer("i", idx, sizeof idx, &a, &e) == 0 && a->rows == 2 && a->cols == 4 &&
           a->img_w == 2 && MAT_AT(a, 1, 3) == 8,
       "idx_load_buffer");
    mat_free(a);
    /* a header claiming 2^32-1 x 2^32-1 x 2^32-1: refused by size, nothing allocated */
    const unsigned char huge[] = {0,   0,   8,   3,   255, 255, 255, 255, 255,
                                  255, 255, 255, 255, 255, 255, 255, 1};
    ok(idx_load_buffer("h", huge, sizeof huge, &a, &e) < 0 &&
           strncmp(e.msg, "h: the header says 7922816245892410", 35) == 0 &&
           strstr(e.msg, "but the file has 1 bytes of data"),
       "IDX huge header: %s", e.msg);
    const char *pgm = "P2\n2 2\n255\n0 1\n2 255\n";
    ok(pnm_load_buffer("p", pgm, strlen(pgm), &a, &e) == 0 && a->cols == 4 &&
           MAT_AT(a, 0, 3) == 255,
       "pnm_load_buffer");
    ok(pnm_load(put("p.pgm", pgm, strlen(pgm)), &b, &e) == 0 && a->img_h == b->img_h && same(a, b),
       "pnm_load_buffer gives what pnm_load gives");
    mat_free(a);
    mat_free(b);
    unsigned char npy[128 + 8];
    memset(npy, ' ', 128);
    memcpy(npy, "\x93NUMPY\x01\x00\x76\x00", 10);
    const char *h = "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }";
    memcpy(npy + 10, h, strlen(h));
    npy[127] = '\n';
    float two[2] = {1.5f, -2};
    memcpy(npy + 128, two, 8);
    ok(npy_load_buffer("n", npy, sizeof npy, &a, &e) == 0 && a->rows == 1 && a->cols == 2 &&
           a->data[1] == -2,
       "npy_load_buffer");
    mat_free(a);
    const char *claim =
        "{'descr': '<f8', 'fortran_order': False, 'shape': (4294967296, 4294967296), }";
    memset(npy + 10, ' ', 117);
    memcpy(npy + 10, claim, strlen(claim));
    ok(npy_load_buffer("c", npy, sizeof npy, &a, &e) < 0 &&
           strstr(e.msg, "c: truncated data: shape 4294967296x4294967296 needs"),
       "npy huge shape: %s", e.msg);
    /* word vectors: text, binary, GloVe, each as the file loader reads it */
    const char *vec = "2 3\nking 1 2 3\nqueen -1 0.5 1e-3\n";
    ok(wordvec_load_buffer("v", vec, strlen(vec), "word2vec", &a, &e) == 0 &&
           wordvec_load(put("v.vec", vec, strlen(vec)), NULL, &b, &e) == 0 && same(a, b) &&
           strcmp(a->row_names[1], "queen") == 0,
       "wordvec_load_buffer (text) gives what wordvec_load gives");
    mat_free(b);
    ok(wordvec_load_buffer("g", vec + 4, strlen(vec) - 4, "glove", &b, &e) == 0 && same(a, b),
       "GloVe buffer");
    mat_free(b);
    char bin[128];
    size_t bl = (size_t)sprintf(bin, "2 3\nking ");
    float k[3] = {1, 2, 3}, q[3] = {-1, 0.5f, 1e-3f};
    memcpy(bin + bl, k, 12), bl += 12;
    bl += (size_t)sprintf(bin + bl, "\nqueen ");
    memcpy(bin + bl, q, 12), bl += 12;
    bin[bl++] = '\n';
    ok(wordvec_load_buffer("b", bin, bl, "word2vec-bin", &b, &e) == 0 && same(a, b),
       "word2vec binary buffer");
    mat_free(b);
    size_t zl;
    unsigned char *z = gz(bin, bl, &zl);
    ok(wordvec_load_buffer("b.gz", z, zl, "word2vec-bin", &b, &e) == 0 && same(a, b),
       "word2vec binary, gzipped");
    mat_free(b);
    ok(wordvec_load(put("cut.bin.gz", z, zl - 5), NULL, &b, &e) < 0 &&
           strstr(e.msg, "cut.bin.gz: truncated gzip data"),
       "a truncated .bin.gz file: %s", e.msg);
    free(z);
    z = gz(vec, strlen(vec), &zl);
    ok(wordvec_load(put("cut.vec.gz", z, zl - 3), NULL, &b, &e) < 0 &&
           strstr(e.msg, "cut.vec.gz: truncated gzip data"),
       "a truncated .vec.gz file: %s", e.msg);
    free(z);
    mat_free(a);
    /* headers that claim 10^9 words cost nothing up front */
    ok(wordvec_load_buffer("w", "1000000000 2\nab 12345678", 24, "word2vec-bin", &a, &e) < 0 &&
           strcmp(e.msg, "w: truncated at byte offset 24 (word 2 of 1000000000)") == 0,
       "binary claim of 10^9 words in 24 bytes: %s", e.msg);
    ok(wordvec_load_buffer("w", "1000000000 3\na 1 2 3\n", 21, "word2vec", &a, &e) < 0 &&
           strcmp(e.msg, "w: the header says 1000000000 words, the file has 1") == 0,
       "text claim of 10^9 words: %s", e.msg);
    ok(wordvec_load_buffer("w", "42 7777777\nname", 15, "word2vec", &a, &e) < 0 &&
           strcmp(e.msg, "w: the header says 7777777 values a word, more than the 4 bytes after it "
                         "can hold") == 0,
       "text claim of 7777777 values a word in 15 bytes: %s", e.msg);
    ok(wordvec_load_buffer("w", "1 100000000\nx ", 14, "word2vec-bin", &a, &e) < 0 &&
           strcmp(e.msg, "w: the header says 100000000 values a word, more than the 2 bytes after "
                         "it can hold") == 0,
       "binary claim of 10^8 values a word in 14 bytes: %s", e.msg);
    ok(wordvec_load_buffer("w", "1 2\na 1 2\n\0", 11, "word2vec", &a, &e) < 0 &&
           strcmp(e.msg, "w:3: a NUL byte at byte offset 10: not a text file") == 0,
       "NUL in a text vector file: %s", e.msg);
}

int main(void)
{
    if (!mkdtemp(dir)) return 99;
    test_csv();
    test_gzip();
    test_binary();
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) return 99;
    return done_testing();
}
