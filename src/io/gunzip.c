/* gunzip.c — gzip data in memory to its contents, with every member's
 * trailer checked (see buffer.h).
 *
 * zlib's inflate with a gzip wrapper (windowBits 15 + 16) checks the CRC-32
 * and the length in each member's trailer (RFC 1952, 2.3.1) and returns
 * Z_STREAM_END only after both matched; a stream that runs out of input
 * before that is cut short.  gzread would report that only as a soft
 * "unexpected end of file" which callers easily take for a normal end,
 * which is how a truncated .csv.gz used to load as if whole.
 */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "io/buffer.h"

/* inflate takes at most UINT_MAX bytes a call on each side. */
#define GZ_CHUNK ((size_t)1 << 30)
/* Deflate cannot compress better than about 1032:1 (RFC 1951 blocks of
 * 258-byte matches), which bounds a size hint taken from a trailer. */
#define GZ_MAX_RATIO 1032

int io_is_gzip(const void *buf, size_t len)
{
    const unsigned char *b = buf;
    return len >= 2 && b[0] == 0x1f && b[1] == 0x8b;
}

static uint32_t le32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Room for at least two more bytes in *b (one for the final NUL). */
static int grow(const char *name, char **b, size_t *cap, size_t n, Err *e)
{
    if (*cap - n >= 2) return 0;
    size_t ncap = *cap < SIZE_MAX / 2 ? *cap * 2 : SIZE_MAX;
    if (ncap - n < 2 || mat_check_bytes((double)ncap, name, e) < 0) return -1;
    char *nb = realloc(*b, ncap);
    if (!nb) return err_nomem(e, ncap, name);
    *b = nb;
    *cap = ncap;
    return 0;
}

static int corrupt(const char *name, const z_stream *z, const unsigned char *in, Err *e)
{
    size_t at = (size_t)(z->next_in - in);
    const char *why = z->msg ? z->msg : "bad data";
    if (strcmp(why, "incorrect data check") == 0)
        return err_set(e,
                       "%s: corrupt gzip data: the CRC-32 in the trailer before byte offset %zu "
                       "does not match the data",
                       name, at);
    if (strcmp(why, "incorrect length check") == 0)
        return err_set(e,
                       "%s: corrupt gzip data: the length in the trailer before byte offset %zu "
                       "does not match the data",
                       name, at);
    return err_set(e, "%s: corrupt gzip data at byte offset %zu (%s)", name, at, why);
}

int io_gunzip(const char *name, const void *in, size_t len, char **out, size_t *outlen, Err *e)
{
    const unsigned char *b = in;
    if (!name) name = "(buffer)";
    *out = NULL;
    *outlen = 0;
    /* First guess at the size: the last member's length field (the whole
     * size for the usual one-member file), within what deflate can do. */
    size_t cap = 4096;
    if (len >= 18) {
        size_t hint = le32(b + len - 4),
               most = len < SIZE_MAX / GZ_MAX_RATIO ? len * GZ_MAX_RATIO : SIZE_MAX;
        if (hint > most) hint = most;
        if (hint >= cap && hint < SIZE_MAX - 2 && mat_check_bytes((double)hint, name, NULL) == 0)
            cap = hint + 2;
    }
    char *buf = malloc(cap);
    if (!buf) return err_nomem(e, cap, name);
    z_stream z;
    memset(&z, 0, sizeof z);
    if (inflateInit2(&z, 15 + 16) != Z_OK) {
        free(buf);
        return err_nomem(e, 65536, "gzip stream");
    }
    size_t pos = 0, n = 0;
    int rc = 0;
    for (;;) {
        if (grow(name, &buf, &cap, n, e) < 0) {
            rc = -1;
            break;
        }
        size_t ain = len - pos < GZ_CHUNK ? len - pos : GZ_CHUNK,
               aout = cap - n - 1 < GZ_CHUNK ? cap - n - 1 : GZ_CHUNK;
        z.next_in = (unsigned char *)(uintptr_t)(b + pos); /* zlib does not write through next_in */
        z.avail_in = (unsigned)ain;
        z.next_out = (unsigned char *)buf + n;
        z.avail_out = (unsigned)aout;
        int zr = inflate(&z, Z_NO_FLUSH);
        pos += ain - z.avail_in;
        n += aout - z.avail_out;
        if (zr == Z_STREAM_END) {
            /* Another member follows (gzip -c a b > ab.gz)? */
            if (io_is_gzip(b + pos, len - pos) && inflateReset(&z) == Z_OK) continue;
            break;
        }
        if (zr == Z_OK && (z.avail_out == 0 || pos < len)) continue; /* room or input for more */
        if (zr == Z_MEM_ERROR) {
            rc = err_nomem(e, 65536, "gzip stream");
            break;
        }
        if (zr == Z_DATA_ERROR || zr == Z_NEED_DICT || zr == Z_STREAM_ERROR) {
            rc = corrupt(name, &z, b, e);
            break;
        }
        /* Z_BUF_ERROR, or Z_OK with all the input used: the data stops
         * before the end of the compressed stream. */
        rc = err_set(e,
                     "%s: truncated gzip data: the compressed stream stops at byte offset %zu "
                     "before its end "
                     "(%zu bytes unpacked so far)",
                     name, len, n);
        break;
    }
    inflateEnd(&z);
    if (rc < 0) {
        free(buf);
        return -1;
    }
    buf[n] = '\0';
    *out = buf;
    *outlen = n;
    return 0;
}

int io_decode(const char *name, const void *buf, size_t len, char **text, size_t *tlen, Err *e)
{
    if (io_is_gzip(buf, len)) return io_gunzip(name, buf, len, text, tlen, e);
    char *t = malloc(len + 1);
    if (!t) return err_nomem(e, len + 1, name ? name : "(buffer)");
    if (len) memcpy(t, buf, len);
    t[len] = '\0';
    *text = t;
    *tlen = len;
    return 0;
}
