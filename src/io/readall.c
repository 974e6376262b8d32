#include "io/readall.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

int io_has_ext(const char *path, const char *ext, int skip_gz)
{
    size_t l = strlen(path), le = strlen(ext);
    if (skip_gz && l > 3 && strcasecmp(path + l - 3, ".gz") == 0) l -= 3;
    return l >= le && strncasecmp(path + l - le, ext, le) == 0;
}

int io_read_all(const char *path, char **buf, size_t *len, Err *e)
{
    struct stat st;
    if (stat(path, &st) != 0) return err_set(e, "cannot open '%s': %s", path, strerror(errno));
    if (S_ISDIR(st.st_mode)) return err_set(e, "cannot read '%s': it is a folder", path);
    gzFile g = gzopen(path, "rb");
    if (!g) return err_set(e, "cannot open '%s': %s", path, strerror(errno ? errno : ENOMEM));
    gzbuffer(g, 1 << 20);
    /* Plain files: the size is known; gzip: grow as we go. */
    size_t cap = (size_t)st.st_size + 1, n = 0;
    if (io_has_ext(path, ".gz", 0)) cap = (size_t)st.st_size * 4 + 1;
    if (cap < 4096) cap = 4096;
    char *b = malloc(cap);
    if (!b) {
        gzclose(g);
        return err_nomem(e, cap, path);
    }
    for (;;) {
        if (cap - n < 2) {
            size_t ncap = cap * 2;
            char *nb = realloc(b, ncap);
            if (!nb) {
                free(b);
                gzclose(g);
                return err_nomem(e, ncap, path);
            }
            b = nb;
            cap = ncap;
        }
        size_t want = cap - n - 1;
        if (want > (1u << 30)) want = 1u << 30;
        int r = gzread(g, b + n, (unsigned)want);
        if (r < 0) {
            int ze;
            const char *msg = gzerror(g, &ze);
            err_set(e, "cannot read '%s': %s", path, ze == Z_ERRNO ? strerror(errno) : msg);
            free(b);
            gzclose(g);
            return -1;
        }
        if (r == 0) break;
        n += (size_t)r;
    }
    gzclose(g);
    b[n] = '\0';
    *buf = b;
    *len = n;
    return 0;
}

FILE *io_atomic_open(const char *path, char *tmp, Err *e)
{
    if (snprintf(tmp, PATH_MAX, "%s.tmpXXXXXX", path) >= PATH_MAX) {
        err_set(e, "cannot write '%s': path too long", path);
        return NULL;
    }
    int fd = mkstemp(tmp);
    if (fd < 0) {
        err_set(e, "cannot write '%s': %s", path, strerror(errno));
        return NULL;
    }
    fchmod(fd, 0644);
    FILE *f = fdopen(fd, "wb");
    if (!f) {
        err_set(e, "cannot write '%s': %s", path, strerror(errno));
        close(fd);
        unlink(tmp);
    }
    return f;
}

int io_atomic_commit(FILE *f, const char *tmp, const char *path, Err *e)
{
    int bad = ferror(f) || fflush(f) != 0 || fsync(fileno(f)) != 0;
    int err = errno;
    if (fclose(f) != 0 && !bad) {
        bad = 1;
        err = errno;
    }
    if (bad) {
        unlink(tmp);
        return err_set(e, "cannot write '%s': %s", path, strerror(err ? err : EIO));
    }
    if (rename(tmp, path) != 0) {
        err = errno;
        unlink(tmp);
        return err_set(e, "cannot write '%s': %s", path, strerror(err));
    }
    return 0;
}

void io_atomic_abort(FILE *f, const char *tmp)
{
    fclose(f);
    unlink(tmp);
}

long io_read_head(const char *path, char *buf, size_t n, Err *e)
{
    gzFile g = gzopen(path, "rb");
    if (!g) return err_set(e, "cannot open '%s': %s", path, strerror(errno ? errno : ENOMEM));
    int r = gzread(g, buf, (unsigned)n);
    gzclose(g);
    if (r < 0) return err_set(e, "cannot read '%s'", path);
    return r;
}
