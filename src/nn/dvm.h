/* dvm.h — .dvm model files: a network's description and weights.
 *
 * Layout (all integers little-endian uint32, floats IEEE-754 binary32
 * little-endian):
 *
 *     magic      8 bytes  89 'D' 'V' 'M' 0D 0A 1A 0A  (PNG's trick: a file
 *                         mangled by a text-mode transfer is caught)
 *     version    1
 *     meta_len, meta      text, one "key=value" per line: the model's kind,
 *                         its description, options, class names ...
 *     n_tensors, then each: name_len, name, nd, shape[nd], values
 *     crc32      zlib's CRC-32 of every byte before it
 *
 * The meta text says everything needed to rebuild the model's structure;
 * the tensors are its parameter stores (several stores, e.g. a GAN's two
 * networks, are saved side by side under their distinct names).  Readers
 * refuse a bad magic, another version, a truncated file, trailing bytes
 * and a checksum mismatch, each with its own message naming the file.
 * Saving is atomic (a temporary file renamed over the target).
 */
#ifndef DV_NN_DVM_H
#define DV_NN_DVM_H

#include <stddef.h>

#include "core/err.h"
#include "nn/params.h"

#define DVM_VERSION 1

/* A growing "key=value\n" text. */
typedef struct DvmMeta {
    char *s;
    size_t n, cap;
    int failed; /* out of memory on some put */
} DvmMeta;

/* Append key=value (value printed by fmt; newlines become spaces).
 * Errors are kept in m->failed and reported by dvm_save. */
void dvm_meta_put(DvmMeta *m, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void dvm_meta_free(DvmMeta *m);

/* The value of key in meta text into buf (NUL-terminated, truncated to
 * n), or NULL when the key is absent. */
const char *dvm_meta_get(const char *meta, const char *key, char *buf, size_t n);

/* Write meta and the tensors of stores[0..nstores) to path, atomically. */
int dvm_save(const char *path, const DvmMeta *meta, const NnParams *const *stores, size_t nstores,
             Err *e);

/* A loaded file: its meta text and all its tensors in one store. */
typedef struct DvmFile {
    char *meta; /* NUL-terminated */
    NnParams tensors;
} DvmFile;

/* Read path (caller frees *f with dvm_free).  Errors name the file. */
int dvm_load(const char *path, DvmFile *f, Err *e);
/* The same from a buffer (for tests and fuzzers); name is used in errors. */
int dvm_parse(const unsigned char *buf, size_t len, const char *name, DvmFile *f, Err *e);
void dvm_free(DvmFile *f);

/* Copy every tensor of dst from the file's tensor of the same name and
 * shape.  Errors name the missing or mismatched tensor. */
int dvm_fill(const DvmFile *f, NnParams *dst, const char *path, Err *e);

/* Do these bytes start a .dvm file? */
int dvm_sniff(const unsigned char *buf, size_t n);

#endif
