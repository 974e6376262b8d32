/* readall.h — read a whole file into memory, gunzipping transparently
 * (zlib's gzread passes plain files through), and write files atomically. */
#ifndef DV_IO_READALL_H
#define DV_IO_READALL_H

#include <stddef.h>
#include <stdio.h>

#include "core/err.h"

/* *buf receives a malloc'd buffer of *len bytes plus a terminating NUL
 * (caller frees).  Gzip data is unpacked with its trailers checked
 * (io_gunzip): a truncated or corrupt file is an error.  Errors name the
 * file. */
int io_read_all(const char *path, char **buf, size_t *len, Err *e);

/* malloc for big buffers (freed with free()): sizes of 4 MB and more are
 * aligned to 2 MB and advised to use transparent huge pages, which spares
 * the kernel one page fault per 4 KB when the buffer is first written
 * (a third of the time of loading a large CSV otherwise). */
void *io_big_alloc(size_t n);
/* The same advice for the whole 2 MB pages inside p[0..n). */
void io_advise_huge(void *p, size_t n);

/* Up to n bytes from the start of path (gunzipped) into buf; returns the
 * count, or -1 with e set. */
long io_read_head(const char *path, char *buf, size_t n, Err *e);

/* 1 when path ends with suffix (case-insensitive), ignoring a final ".gz"
 * when skip_gz is set. */
int io_has_ext(const char *path, const char *ext, int skip_gz);

/* Atomic writing: io_atomic_open creates a temporary file beside path
 * (with the mode of the file it will replace, else 0666 less the umask);
 * io_atomic_commit flushes, syncs and renames it over path (closing f);
 * io_atomic_abort closes and removes it.  tmp must hold PATH_MAX bytes. */
FILE *io_atomic_open(const char *path, char *tmp, Err *e);
int io_atomic_commit(FILE *f, const char *tmp, const char *path, Err *e);
void io_atomic_abort(FILE *f, const char *tmp);

#endif
