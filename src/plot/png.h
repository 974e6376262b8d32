/* png.h — a minimal PNG encoder (8-bit grey or RGB, no interlace) on zlib,
 * for pictures embedded in SVG files.  PNG specification, 2nd edition
 * (W3C 2003): signature, IHDR, one IDAT of filter-0 scanlines, IEND. */
#ifndef DV_PLOT_PNG_H
#define DV_PLOT_PNG_H

#include <stddef.h>
#include <stdio.h>

#include "core/err.h"

/* Encode w x h pixels of `channels` (1 or 3) bytes each, row-major, into a
 * new malloc'd buffer *out of *len bytes (caller frees). */
int png_encode(const unsigned char *pix, int w, int h, int channels, unsigned char **out, size_t *len, Err *e);
/* Write bytes as base64 (RFC 4648) to f. */
void png_base64(FILE *f, const unsigned char *b, size_t n);

#endif
