/* Unit tests for the image and array loaders on tiny crafted files,
 * including broken ones. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

#include "io/images.h"
#include "io/load.h"
#include "tests/tap.h"

static char dir[] = "/tmp/dv-test-img-XXXXXX";
static char path[512];

static const char *put(const char *name, const void *data, size_t n)
{
    snprintf(path, sizeof path, "%s/%s", dir, name);
    for (char *s = path + strlen(dir) + 1; (s = strchr(s, '/')); s++) { /* mkdir -p */
        *s = '\0';
        mkdir(path, 0755);
        *s = '/';
    }
    FILE *f = fopen(path, "wb");
    fwrite(data, 1, n, f);
    fclose(f);
    return path;
}

/* Write data gzip-compressed. */
static const char *put_gz(const char *name, const void *data, size_t n)
{
    put(name, "", 0); /* make the folders */
    gzFile g = gzopen(path, "wb");
    gzwrite(g, data, (unsigned)n);
    gzclose(g);
    return path;
}

/* 10 images of 28x28 with these labels as IDX files dir/NAME-images-idx3-ubyte
 * and -labels-idx1-ubyte; the images file's path. */
static char *put_idx10(const char *name, const unsigned char *labels)
{
    static unsigned char img[16 + 10 * 784];
    unsigned char lab[8 + 10] = {0, 0, 8, 1, 0, 0, 0, 10};
    memcpy(img, (unsigned char[]){0, 0, 8, 3, 0, 0, 0, 10, 0, 0, 0, 28, 0, 0, 0, 28}, 16);
    memcpy(lab + 8, labels, 10);
    static char images[512];
    char n[256];
    snprintf(n, sizeof n, "%s-labels-idx1-ubyte", name);
    put(n, lab, sizeof lab);
    snprintf(n, sizeof n, "%s-images-idx3-ubyte", name);
    snprintf(images, sizeof images, "%s", put(n, img, sizeof img));
    return images;
}

/* MNIST and Fashion-MNIST are told apart by their first labels (their
 * file names are the same), else by the path. */
static void test_known_sets(void)
{
    Err e;
    Mat *m = NULL;
    char note[512] = "";
    LoadOpts o = LOAD_OPTS_DEFAULT;
    o.note = note;
    o.note_size = sizeof note;
    const unsigned char fashion[10] = {9, 2, 1, 1, 6, 1, 4, 6, 5, 7}, digits[10] = {5, 0, 4, 1, 9, 2, 1, 3, 1, 4},
                        other[10] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 0};
    ok(idx_load(put_idx10("a/t10k", fashion), &o, &m, &e) == 0 && m->label_names && m->n_classes == 10 &&
           strcmp(m->label_names[9], "Ankle boot") == 0 && strcmp(m->label_names[0], "T-shirt/top") == 0 &&
           strstr(note, "a/t10k-images-idx3-ubyte: the Fashion-MNIST test set (recognised by its labels)"),
       "Fashion-MNIST test labels: its ten class names (%s)", note);
    mat_free(m);
    note[0] = '\0';
    ok(idx_load(put_idx10("b/train", digits), &o, &m, &e) == 0 && m->label_names &&
           strcmp(m->label_names[3], "3") == 0 && strstr(note, "the MNIST training set (recognised by its labels)"),
       "MNIST training labels: \"0\" to \"9\" (%s)", note);
    mat_free(m);
    note[0] = '\0';
    ok(idx_load(put_idx10("FashionMNIST/raw/train", other), &o, &m, &e) == 0 && m->label_names &&
           strcmp(m->label_names[8], "Bag") == 0 && strstr(note, "Fashion-MNIST (recognised by its path)"),
       "Fashion-MNIST by its path: %s", note);
    mat_free(m);
    note[0] = '\0';
    ok(idx_load(put_idx10("c/t10k", other), &o, &m, &e) == 0 && !m->label_names && m->n_classes == 10 && !note[0],
       "other 28x28 digits-like files get no names");
    mat_free(m);
    const char *mine[] = {"a", "b", "c", "d", "e", "f", "g", "h", "i", "j"};
    o.classes = mine;
    o.nclasses = 10;
    ok(io_load(put_idx10("d/t10k", fashion), &o, &m, &e) == 0 && m->label_names && strcmp(m->label_names[9], "j") == 0 &&
           !note[0],
       "classes= wins over the known names");
    mat_free(m);
    /* class numbers in a float labels file must be whole and in range */
    const unsigned char img[] = {0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 1, 5, 6};
    const unsigned char fl[] = {0, 0, 0x0D, 1, 0, 0, 0, 2, 0x3f, 0xc0, 0, 0, 0xcf, 0, 0, 0};
    put("g/x-labels-idx1-ubyte", fl, sizeof fl);
    ok(idx_load(put("g/x-images-idx3-ubyte", img, sizeof img), NULL, &m, &e) < 0 &&
           strstr(e.msg, "x-labels-idx1-ubyte: label 0 is 1.5; class numbers are whole numbers from 0 to 100000"),
       "float labels: %s", e.msg);
}

int main(void)
{
    if (!mkdtemp(dir)) return 99;
    Err e;
    Mat *m = NULL;
    /* PGM binary and text */
    const char p5[] = "P5\n# comment\n3 2\n255\n\x01\x02\x03\x04\x05\xff";
    ok(pnm_load(put("a.pgm", p5, sizeof p5 - 1), &m, &e) == 0 && m->cols == 6 && m->img_w == 3 && m->img_h == 2 &&
           m->data[5] == 255,
       "binary PGM with a comment");
    mat_free(m);
    const char p2[] = "P2 2 2 15  0 5 10 15\n";
    ok(pnm_load(put("b.pgm", p2, sizeof p2 - 1), &m, &e) == 0 && m->data[3] == 15, "text PGM");
    mat_free(m);
    const char p6[] = "P6 1 1 255\n\x0a\x14\x1e";
    ok(pnm_load(put("c.ppm", p6, sizeof p6 - 1), &m, &e) == 0 && m->data[0] == 20, "PPM as grey (mean of RGB)");
    mat_free(m);
    const char bad[] = "P7 1 1 255\n";
    ok(pnm_load(put("d.pgm", bad, sizeof bad - 1), &m, &e) < 0 && strstr(e.msg, "not a PGM/PPM image"), "bad magic");
    const char trunc[] = "P5 4 4 255\n\x01\x02";
    ok(pnm_load(put("e.pgm", trunc, sizeof trunc - 1), &m, &e) < 0 &&
           strstr(e.msg, "truncated image: 4x4 needs 16 bytes of pixels, found 2"),
       "truncated PGM: %s", e.msg);

    /* a folder with two classes, natural order */
    const char q[] = "P5 2 1 255\n\x10\x20";
    put("faces/s2/1.pgm", q, sizeof q - 1);
    put("faces/s10/1.pgm", q, sizeof q - 1);
    put("faces/s10/2.pgm", q, sizeof q - 1);
    put("faces/s2/notes.txt", "x", 1);
    snprintf(path, sizeof path, "%s/faces", dir);
    ok(io_load(path, NULL, &m, &e) == 0 && m->rows == 3 && m->n_classes == 2 && strcmp(m->label_names[0], "s2") == 0 &&
           m->labels[2] == 1 && strcmp(m->row_names[1], "s10/1.pgm") == 0,
       "image folder: classes from sub-folders in natural order");
    mat_free(m);
    const char q2[] = "P5 3 1 255\n\x10\x20\x30";
    put("mixed/s1/1.pgm", q, sizeof q - 1);
    put("mixed/s1/2.pgm", q2, sizeof q2 - 1);
    snprintf(path, sizeof path, "%s/mixed", dir);
    ok(io_load(path, NULL, &m, &e) < 0 && strstr(e.msg, "image is 3x1 (width x height), the others 2x1"),
       "images of different sizes: %s", e.msg);

    /* IDX: two 2x2 images and their labels beside them */
    const unsigned char img[] = {0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 2, 1, 2, 3, 4, 5, 6, 7, 8};
    const unsigned char lab[] = {0, 0, 8, 1, 0, 0, 0, 2, 7, 3};
    put("t-labels-idx1-ubyte", lab, sizeof lab);
    ok(idx_load(put("t-images-idx3-ubyte", img, sizeof img), NULL, &m, &e) == 0 && m->rows == 2 &&
           m->cols == 4 && m->img_h == 2 && m->data[7] == 8 && m->labels && m->labels[0] == 7 &&
           m->labels[1] == 3,
       "IDX images with the labels file beside them");
    mat_free(m);
    const unsigned char wrong[] = {1, 0, 8, 3, 0, 0, 0, 1};
    ok(idx_load(put("w-idx", wrong, sizeof wrong), NULL, &m, &e) < 0 &&
           strstr(e.msg, "not an IDX file (wrong magic number"),
       "IDX wrong magic: %s", e.msg);
    ok(idx_load(put("s-idx", img, sizeof img - 3), NULL, &m, &e) < 0 &&
           strstr(e.msg, "the header says 8 values (8 bytes) but the file has 5 bytes of data"),
       "IDX size disagrees with the header: %s", e.msg);

    /* gzip-compressed images in a folder, 16-bit PGM, bad headers */
    const char q16[] = "P5 2 1 65535\n\x01\x00\xff\xff";
    put_gz("gz/a/1.pgm.gz", q16, sizeof q16 - 1);
    put_gz("gz/a/2.pgm.gz", q16, sizeof q16 - 1);
    put_gz("gz/b/1.pgm.gz", q16, sizeof q16 - 1);
    snprintf(path, sizeof path, "%s/gz", dir);
    ok(io_load(path, NULL, &m, &e) == 0 && m->rows == 3 && m->cols == 2 && m->data[0] == 256 && m->data[1] == 65535 &&
           m->n_classes == 2 && m->labels[2] == 1 && strcmp(m->row_names[0], "a/1.pgm.gz") == 0,
       "a folder of .pgm.gz images, 16-bit samples read big-endian");
    mat_free(m);
    const char big[] = "P5 2 1 70000\n\x01\x00\xff\xff";
    ok(pnm_load(put("big.pgm", big, sizeof big - 1), &m, &e) < 0 &&
           strstr(e.msg, "bad PGM/PPM header (width, height and maximum value expected)"),
       "maximum value over 65535: %s", e.msg);
    const char p3[] = "P3 1 2 255\n 30 60 90  0 0 3\n";
    ok(pnm_load(put("t.ppm", p3, sizeof p3 - 1), &m, &e) == 0 && m->data[0] == 60 && m->data[1] == 1 &&
           m->img_h == 2 && m->img_w == 1,
       "text PPM as grey");
    mat_free(m);
    const char p2short[] = "P2 2 2 15 1 2 3\n";
    ok(pnm_load(put("s.pgm", p2short, sizeof p2short - 1), &m, &e) < 0 &&
           strstr(e.msg, "truncated image: expected 4 pixel values"),
       "text PGM with too few values: %s", e.msg);
    put("empty/notes.txt", "x", 1);
    snprintf(path, sizeof path, "%s/empty", dir);
    ok(io_load(path, NULL, &m, &e) < 0 && strstr(e.msg, "no PGM/PPM images in the folder or its sub-folders"),
       "a folder without images: %s", e.msg);

    /* IDX: gzipped images with gzipped labels; a labels count that disagrees */
    put_gz("z-images-idx3-ubyte.gz", img, sizeof img);
    put_gz("z-labels-idx1-ubyte.gz", lab, sizeof lab);
    snprintf(path, sizeof path, "%s/z-images-idx3-ubyte.gz", dir);
    ok(io_load(path, NULL, &m, &e) == 0 && m->rows == 2 && m->img_w == 2 && m->labels && m->labels[1] == 3 &&
           m->n_classes == 8,
       "gzipped IDX found by its magic number, labels file beside it");
    mat_free(m);
    const unsigned char lab3[] = {0, 0, 8, 1, 0, 0, 0, 3, 7, 3, 1};
    put("y-labels-idx1-ubyte", lab3, sizeof lab3);
    ok(idx_load(put("y-images-idx3-ubyte", img, sizeof img), NULL, &m, &e) < 0 &&
           strstr(e.msg, "y-labels-idx1-ubyte: 3 labels for the 2 images of "),
       "IDX labels that do not match the images: %s", e.msg);
    /* float32 IDX, 2-D: big-endian 1.5 and -2 */
    const unsigned char fl[] = {0, 0, 0x0D, 2, 0, 0, 0, 1, 0, 0, 0, 2, 0x3f, 0xc0, 0, 0, 0xc0, 0, 0, 0};
    ok(idx_load(put("f.idx", fl, sizeof fl), NULL, &m, &e) == 0 && m->rows == 1 && m->cols == 2 &&
           m->data[0] == 1.5f && m->data[1] == -2 && m->img_h == 0,
       "float IDX, 2-D");
    mat_free(m);
    const unsigned char hdr[] = {0, 0, 8, 3, 0, 0, 0, 2};
    ok(idx_load(put("h.idx", hdr, sizeof hdr), NULL, &m, &e) < 0 &&
           strstr(e.msg, "truncated IDX header"),
       "IDX header cut short: %s", e.msg);

    /* .npy: float64 Fortran order, int16 big-endian, bad magic, truncated, round trip */
    unsigned char npy[128 + 48];
    memset(npy, ' ', sizeof npy);
    memcpy(npy, "\x93NUMPY\x01\x00\x76\x00", 10);
    const char *h = "{'descr': '<f8', 'fortran_order': True, 'shape': (2, 3), }";
    memcpy(npy + 10, h, strlen(h));
    npy[127] = '\n';
    double F[6] = {1, 4, 2, 5, 3, 6}; /* column-major 2x3 [[1,2,3],[4,5,6]] */
    memcpy(npy + 128, F, sizeof F);
    ok(npy_load(put("f.npy", npy, 128 + 48), &m, &e) == 0 && m->rows == 2 && m->cols == 3 && MAT_AT(m, 0, 2) == 3 &&
           MAT_AT(m, 1, 0) == 4,
       "npy float64 Fortran order");
    char out[512];
    snprintf(out, sizeof out, "%s/round.npy", dir);
    Mat *b = NULL;
    ok(m && npy_save(m, out, &e) == 0 && npy_load(out, &b, &e) == 0 && memcmp(b->data, m->data, 6 * sizeof(float)) == 0,
       "npy save and load back");
    mat_free(b);
    mat_free(m);
    unsigned char npi[64 + 4];
    memset(npi, ' ', sizeof npi);
    memcpy(npi, "\x93NUMPY\x01\x00\x36\x00", 10);
    h = "{'descr': '>i2', 'fortran_order': False, 'shape': (2,), }";
    memcpy(npi + 10, h, strlen(h));
    npi[63] = '\n';
    npi[64] = 0xFF, npi[65] = 0xFE, npi[66] = 0x01, npi[67] = 0x00; /* -2, 256 */
    ok(npy_load(put("i.npy", npi, sizeof npi), &m, &e) == 0 && m->rows == 1 && m->data[0] == -2 && m->data[1] == 256,
       "npy big-endian int16, 1-D as one row");
    mat_free(m);
    ok(npy_load(put("t.npy", npy, 128 + 20), &m, &e) < 0 && strstr(e.msg, "truncated data: shape 2x3 needs 48 bytes, found 20"),
       "npy truncated: %s", e.msg);
    ok(npy_load(put("x.npy", "hello world", 11), &m, &e) < 0 && strstr(e.msg, "not a .npy file"), "npy bad magic");
    unsigned char npc[128 + 4];
    memset(npc, ' ', sizeof npc);
    memcpy(npc, "\x93NUMPY\x01\x00\x76\x00", 10);
    h = "{'descr': '<c8', 'fortran_order': False, 'shape': (1,), }";
    memcpy(npc + 10, h, strlen(h));
    npc[127] = '\n';
    ok(npy_load(put("c.npy", npc, sizeof npc), &m, &e) < 0 && strstr(e.msg, "unsupported dtype"), "npy complex: %s", e.msg);
    h = "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 1, 1), }";
    memset(npc + 10, ' ', 117);
    memcpy(npc + 10, h, strlen(h));
    ok(npy_load(put("3.npy", npc, sizeof npc), &m, &e) < 0 && strstr(e.msg, "a 3-dimensional array; dv reads 1-D and 2-D arrays"),
       "npy 3-D: %s", e.msg);
    npc[6] = 4;
    ok(npy_load(put("v.npy", npc, sizeof npc), &m, &e) < 0 && strstr(e.msg, ".npy version 4 is not supported"),
       "npy version 4: %s", e.msg);
    test_known_sets();
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0) return 99;
    return done_testing();
}
