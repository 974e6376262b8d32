#include "io/readall.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "io/buffer.h"

int io_has_ext(const char *path, const char *ext, int skip_gz)
{
    size_t l = strlen(path), le = strlen(ext);
    if (skip_gz && l > 3 && strcasecmp(path + l - 3, ".gz") == 0) l -= 3;
    return l >= le && strncasecmp(path + l - le, ext, le) == 0;
}

void *io_big_alloc(size_t n)
{
    const size_t huge = (size_t)2 << 20;
    if (n < 2 * huge) return malloc(n ? n : 1);
    void *p = NULL;
    if (posix_memalign(&p, huge, n) != 0) return NULL;
#ifdef MADV_HUGEPAGE
    madvise(p, n & ~(huge - 1), MADV_HUGEPAGE); /* advice only: failure is harmless */
#endif
    return p;
}

void io_advise_huge(void *p, size_t n)
{
#ifdef MADV_HUGEPAGE
    const size_t huge = (size_t)2 << 20;
    uintptr_t a = ((uintptr_t)p + huge - 1) & ~(uintptr_t)(huge - 1), end = ((uintptr_t)p + n) & ~(uintptr_t)(huge - 1);
    if (end > a) madvise((void *)a, end - a, MADV_HUGEPAGE);
#else
    (void)p, (void)n;
#endif
}

/* Plain files are read with read(2) straight into the buffer: zlib would
 * pass them through too, but with one more copy of every byte. */
static int read_plain(const char *path, int fd, size_t size, char **buf, size_t *len, Err *e)
{
    /* Room for the NUL and one byte more, so that end of file is seen
     * without growing the buffer. */
    size_t cap = size + 2 < 4096 ? 4096 : size + 2, n = 0;
    char *b = io_big_alloc(cap);
    if (!b) return err_nomem(e, cap, path);
    for (;;) {
        if (cap - n < 2) {
            size_t ncap = cap * 2;
            char *nb = realloc(b, ncap);
            if (!nb) {
                free(b);
                return err_nomem(e, ncap, path);
            }
            b = nb;
            cap = ncap;
        }
        size_t want = cap - n - 1;
        if (want > (1u << 30)) want = 1u << 30;
        ssize_t r = read(fd, b + n, want);
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) {
            err_set(e, "cannot read '%s': %s", path, strerror(errno));
            free(b);
            return -1;
        }
        if (r == 0) break;
        n += (size_t)r;
    }
    b[n] = '\0';
    *buf = b;
    *len = n;
    return 0;
}

int io_read_all(const char *path, char **buf, size_t *len, Err *e)
{
    struct stat st;
    if (stat(path, &st) != 0) return err_set(e, "cannot open '%s': %s", path, strerror(errno));
    if (S_ISDIR(st.st_mode)) return err_set(e, "cannot read '%s': it is a folder", path);
    int fd = open(path, O_RDONLY);
    if (fd < 0) return err_set(e, "cannot open '%s': %s", path, strerror(errno));
    char *raw = NULL;
    size_t n = 0;
    int rc = read_plain(path, fd, (size_t)st.st_size, &raw, &n, e);
    close(fd);
    if (rc < 0) return -1;
    if (!io_is_gzip(raw, n)) {
        *buf = raw;
        *len = n;
        return 0;
    }
    /* The compressed bytes in memory, then unpacked with every trailer
     * checked (gunzip.c): a truncated or corrupt file is an error. */
    rc = io_gunzip(path, raw, n, buf, len, e);
    free(raw);
    return rc;
}

FILE *io_atomic_open(const char *path, char *tmp, Err *e)
{
    /* Not mkstemp, which makes the file 0600: open(2) with 0666 lets the
     * umask decide, as for any new file; a file that replaces another
     * takes the old one's permissions (a private 0600 file stays so). */
    struct stat old;
    int replaces = stat(path, &old) == 0 && S_ISREG(old.st_mode);
    static unsigned long counter;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    int fd = -1;
    for (int tries = 0; tries < 64 && fd < 0; tries++) {
        unsigned long n = __atomic_fetch_add(&counter, 1, __ATOMIC_RELAXED);
        unsigned long r =
            ((unsigned long)getpid() * 2654435761u) ^ (unsigned long)ts.tv_nsec ^ (n * 40503u);
        if (snprintf(tmp, PATH_MAX, "%s.tmp%06lx", path, r & 0xFFFFFF) >= PATH_MAX) {
            err_set(e, "cannot write '%s': path too long", path);
            return NULL;
        }
        fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd < 0 && errno != EEXIST) break;
    }
    if (fd < 0) {
        err_set(e, "cannot write '%s': %s", path, strerror(errno));
        return NULL;
    }
    if (replaces) fchmod(fd, old.st_mode & 07777); /* best effort, like cp -p */
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
