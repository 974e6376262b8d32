/* png.c — PNG encoding with zlib (see png.h). */
#include "plot/png.h"

#include <stdlib.h>
#include <string.h>
#include <zlib.h>

static void put32(unsigned char *p, unsigned long v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

/* Append one chunk: length, type, data, CRC of type + data. */
static size_t chunk(unsigned char *dst, const char *type, const unsigned char *data, size_t n)
{
    put32(dst, (unsigned long)n);
    memcpy(dst + 4, type, 4);
    if (n) memcpy(dst + 8, data, n);
    uLong crc = crc32(0L, Z_NULL, 0);
    crc = crc32(crc, dst + 4, (uInt)(n + 4));
    put32(dst + 8 + n, crc);
    return n + 12;
}

int png_encode(const unsigned char *pix, int w, int h, int channels, unsigned char **out, size_t *len, Err *e)
{
    size_t row = (size_t)w * (size_t)channels + 1, raw_n = row * (size_t)h;
    unsigned char *raw = malloc(raw_n);
    uLongf zn = compressBound((uLong)raw_n);
    unsigned char *z = malloc(zn);
    unsigned char *png = malloc(zn + 64);
    if (!raw || !z || !png) {
        free(raw);
        free(z);
        free(png);
        return err_nomem(e, raw_n + zn, "PNG picture");
    }
    for (int y = 0; y < h; y++) { /* filter type 0 (none) on every scanline */
        raw[(size_t)y * row] = 0;
        memcpy(raw + (size_t)y * row + 1, pix + (size_t)y * (row - 1), row - 1);
    }
    if (compress2(z, &zn, raw, (uLong)raw_n, 6) != Z_OK) {
        free(raw);
        free(z);
        free(png);
        return err_set(e, "cannot compress a PNG picture");
    }
    static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    unsigned char ihdr[13];
    put32(ihdr, (unsigned long)w);
    put32(ihdr + 4, (unsigned long)h);
    ihdr[8] = 8;                      /* bit depth */
    ihdr[9] = channels == 3 ? 2 : 0;  /* colour type: RGB or grey */
    ihdr[10] = ihdr[11] = ihdr[12] = 0; /* deflate, adaptive filtering, no interlace */
    size_t n = 0;
    memcpy(png, sig, 8);
    n = 8;
    n += chunk(png + n, "IHDR", ihdr, 13);
    n += chunk(png + n, "IDAT", z, zn);
    n += chunk(png + n, "IEND", NULL, 0);
    free(raw);
    free(z);
    *out = png;
    *len = n;
    return 0;
}

void png_base64(FILE *f, const unsigned char *b, size_t n)
{
    static const char tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    char q[4];
    for (size_t i = 0; i < n; i += 3) {
        unsigned long v = (unsigned long)b[i] << 16;
        if (i + 1 < n) v |= (unsigned long)b[i + 1] << 8;
        if (i + 2 < n) v |= b[i + 2];
        q[0] = tab[(v >> 18) & 63];
        q[1] = tab[(v >> 12) & 63];
        q[2] = i + 1 < n ? tab[(v >> 6) & 63] : '=';
        q[3] = i + 2 < n ? tab[v & 63] : '=';
        fwrite(q, 1, 4, f);
    }
}
