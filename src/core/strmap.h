/* strmap.h — open-addressing hash map from strings to size_t.
 * Keys are copied.  Used for word lookup in embeddings, vocabularies,
 * CSV label classes.  Ownership: strmap_new returns a map the caller frees
 * with strmap_free. */
#ifndef DV_CORE_STRMAP_H
#define DV_CORE_STRMAP_H

#include <stddef.h>

#include "core/err.h"

typedef struct StrMap StrMap;

StrMap *strmap_new(size_t expected, Err *e);
void strmap_free(StrMap *m);
/* Insert key -> val.  If the key exists, *old (if not NULL) receives its
 * value, nothing changes and 1 is returned; 0 when inserted; -1 on error. */
int strmap_put(StrMap *m, const char *key, size_t val, size_t *old, Err *e);
/* Same with an explicit key length (key need not be NUL-terminated). */
int strmap_putn(StrMap *m, const char *key, size_t len, size_t val, size_t *old, Err *e);
/* 1 and *val when found, 0 otherwise. */
int strmap_get(const StrMap *m, const char *key, size_t *val);
int strmap_getn(const StrMap *m, const char *key, size_t len, size_t *val);
size_t strmap_count(const StrMap *m);
/* FNV-1a 64-bit hash, exposed for callers that hash words themselves. */
unsigned long long strmap_hash(const char *key, size_t len);

#endif
