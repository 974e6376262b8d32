/* load.c — pick the loader for a path (see load.h). */
#include "io/load.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "core/classes.h"
#include "core/cnum.h"
#include "io/csv.h"
#include "io/text.h"
#include "io/images.h"
#include "io/wordvec.h"
#include "io/readall.h"

static const char *known = "csv, tsv, txt/dat (numbers), a folder of images, IDX, npy, word vectors";
static const char *format_names =
    "auto, csv, tsv, text, images, pnm, idx, npy, word2vec, word2vec-bin, glove, fasttext";

/* Text whose first line has a comma (or, without commas, a tab): CSV, with
 * *tab set for the tab case.  Binary bytes (NUL) rule it out. */
static int csv_sniff(const char *head, size_t n, int *tab)
{
    if (memchr(head, '\0', n)) return 0;
    const char *eol = memchr(head, '\n', n);
    size_t l = eol ? (size_t)(eol - head) : n;
    *tab = 0;
    if (memchr(head, ',', l)) return 1;
    if (memchr(head, '\t', l)) return *tab = 1;
    return 0;
}

void io_note(const LoadOpts *o, const char *fmt, ...)
{
    if (!o || !o->note || o->note_size < 2) return;
    size_t used = strlen(o->note);
    if (used + 2 >= o->note_size) return;
    if (used) o->note[used++] = '\n';
    va_list ap;
    va_start(ap, fmt);
    cnum_vsnprintf(o->note + used, o->note_size - used, fmt, ap);
    va_end(ap);
}

int io_load(const char *path, const LoadOpts *o, Mat **out, Err *e)
{
    LoadOpts def = LOAD_OPTS_DEFAULT;
    if (!o) o = &def;
    const char *fmt = o->format && strcmp(o->format, "auto") != 0 ? o->format : NULL;
    int user_format = fmt != NULL;
    struct stat st;
    *out = NULL;
    if (stat(path, &st) != 0) return err_set(e, "cannot open '%s': %s", path, strerror(errno));
    if (!fmt && S_ISDIR(st.st_mode)) fmt = "images";
    if (!fmt) {
        if (io_has_ext(path, ".npy", 0)) fmt = "npy";
        else if (io_has_ext(path, ".pgm", 1) || io_has_ext(path, ".ppm", 1) || io_has_ext(path, ".pnm", 1))
            fmt = "pnm";
        else if (io_has_ext(path, ".csv", 1) || io_has_ext(path, ".tsv", 1) || io_has_ext(path, ".tab", 1))
            fmt = "csv";
        else if (io_has_ext(path, ".vec", 1) || io_has_ext(path, ".w2v", 1))
            fmt = "word2vec";
        else if (io_has_ext(path, ".bin", 1))
            fmt = "word2vec-bin";
        else if (io_has_ext(path, ".txt", 1) || io_has_ext(path, ".dat", 1))
            fmt = "text";
    }
    char head[4096];
    long nh = 0;
    if (!fmt || strcmp(fmt, "text") == 0) {
        if (S_ISDIR(st.st_mode) || (nh = io_read_head(path, head, sizeof head, e)) < 0) return -1;
        if (nh >= 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0) /* a UTF-8 byte-order mark is no word */
            memmove(head, head + 3, (size_t)(nh -= 3));
    }
    if (fmt && strcmp(fmt, "text") == 0 && !user_format) /* words then numbers: word vectors */
        if (wordvec_sniff(head, (size_t)nh)) fmt = "word2vec";
    /* No telling extension: the first bytes decide. */
    int tab = 0;
    if (!fmt && idx_sniff((unsigned char *)head, (size_t)nh)) fmt = "idx";
    if (!fmt && text_sniff(head, (size_t)nh)) fmt = "text";
    if (!fmt && wordvec_sniff(head, (size_t)nh)) fmt = "word2vec";
    if (!fmt && csv_sniff(head, (size_t)nh, &tab)) fmt = tab ? "tsv" : "csv";
    if (!fmt) return err_set(e, "%s: unknown file format (known: %s); give format=", path, known);
    int rc;
    if (strcmp(fmt, "csv") == 0)
        rc = csv_load(path, o, out, e);
    else if (strcmp(fmt, "tsv") == 0) {
        LoadOpts t = *o;
        if (!t.sep) t.sep = "\t";
        rc = csv_load(path, &t, out, e);
    } else if (strcmp(fmt, "text") == 0)
        rc = text_load(path, o, out, e);
    else if (strcmp(fmt, "images") == 0)
        rc = imgdir_load(path, out, e);
    else if (strcmp(fmt, "pnm") == 0)
        rc = pnm_load(path, out, e);
    else if (strcmp(fmt, "idx") == 0)
        rc = idx_load(path, o, out, e);
    else if (strcmp(fmt, "npy") == 0)
        rc = npy_load(path, out, e);
    else if (strcmp(fmt, "word2vec") == 0 || strcmp(fmt, "glove") == 0 ||
             strcmp(fmt, "fasttext") == 0 || strcmp(fmt, "word2vec-bin") == 0)
        rc = wordvec_load(path, fmt, out, e);
    else
        return err_set(e, "%s: unknown format '%s' (formats: %s)", path, fmt, format_names);
    if (rc == 0 && o->classes && classes_name(*out, o->classes, o->nclasses, path, e) < 0) {
        mat_free(*out);
        *out = NULL;
        return -1;
    }
    return rc;
}

/* The format a save to path takes: `format`, else by the extension. */
static const char *save_format(const Mat *m, const char *path, const char *format)
{
    const char *fmt = format && strcmp(format, "auto") != 0 ? format : NULL;
    if (!fmt) {
        if (io_has_ext(path, ".csv", 1)) fmt = "csv";
        else if (io_has_ext(path, ".tsv", 1)) fmt = "tsv";
        else if (io_has_ext(path, ".npy", 0)) fmt = "npy";
        else if (io_has_ext(path, ".vec", 0) || io_has_ext(path, ".w2v", 0)) fmt = "word2vec";
        else if (io_has_ext(path, ".bin", 0)) fmt = "word2vec-bin";
        else if (io_has_ext(path, ".txt", 0) && m->row_names) fmt = "word2vec";
    }
    return fmt;
}

void io_save_note(const Mat *m, const char *path, const char *format, char *buf, size_t n)
{
    const char *fmt = save_format(m, path, format);
    int npy = fmt && strcmp(fmt, "npy") == 0, vec = fmt && strncmp(fmt, "word2vec", 8) == 0;
    const char *lost[3];
    int k = 0;
    if (npy && m->row_names) lost[k++] = "row names";
    if ((npy || vec) && m->col_names) lost[k++] = "column names";
    if ((npy || vec) && m->labels) lost[k++] = "classes";
    buf[0] = '\0';
    if (k)
        snprintf(buf, n, "%s: %s keeps %s only; the %s%s%s%s%s are not saved", path,
                 npy ? ".npy" : "word2vec", npy ? "the numbers" : "words and numbers", lost[0],
                 k > 1 ? (k > 2 ? ", " : " and ") : "", k > 1 ? lost[1] : "", k > 2 ? " and " : "",
                 k > 2 ? lost[2] : "");
}

int io_save(const Mat *m, const char *path, const char *format, Err *e)
{
    const char *fmt = save_format(m, path, format);
    if (!fmt) return err_set(e, "%s: cannot tell the format from the name (use .csv, .tsv, .npy, .vec or .bin, or give format=)", path);
    if (strcmp(fmt, "csv") == 0) return csv_save(m, path, ',', e);
    if (strcmp(fmt, "tsv") == 0) return csv_save(m, path, '\t', e);
    if (strcmp(fmt, "npy") == 0) return npy_save(m, path, e);
    if (strcmp(fmt, "word2vec") == 0) return wordvec_save(m, path, 0, e);
    if (strcmp(fmt, "word2vec-bin") == 0) return wordvec_save(m, path, 1, e);
    return err_set(e, "%s: cannot save as '%s'", path, fmt);
}
