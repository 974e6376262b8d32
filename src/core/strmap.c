#include "core/strmap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    char *key; /* NULL = empty slot */
    size_t len;
    size_t val;
    unsigned long long hash;
} Slot;

struct StrMap {
    Slot *slots;
    size_t cap; /* power of two */
    size_t count;
};

unsigned long long strmap_hash(const char *key, size_t len)
{
    unsigned long long h = 1469598103934665603ULL;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)key[i];
        h *= 1099511628211ULL;
    }
    return h;
}

StrMap *strmap_new(size_t expected, Err *e)
{
    StrMap *m = calloc(1, sizeof *m);
    if (!m) {
        err_nomem(e, sizeof *m, "hash map");
        return NULL;
    }
    size_t cap = 16;
    while (cap < expected * 2) cap <<= 1;
    m->slots = calloc(cap, sizeof *m->slots);
    if (!m->slots) {
        err_nomem(e, cap * sizeof *m->slots, "hash map");
        free(m);
        return NULL;
    }
    m->cap = cap;
    return m;
}

void strmap_free(StrMap *m)
{
    if (!m) return;
    for (size_t i = 0; i < m->cap; i++) free(m->slots[i].key);
    free(m->slots);
    free(m);
}

static int grow(StrMap *m, Err *e)
{
    size_t ncap = m->cap * 2;
    Slot *ns = calloc(ncap, sizeof *ns);
    if (!ns) return err_nomem(e, ncap * sizeof *ns, "hash map");
    for (size_t i = 0; i < m->cap; i++) {
        Slot *s = &m->slots[i];
        if (!s->key) continue;
        size_t j = s->hash & (ncap - 1);
        while (ns[j].key) j = (j + 1) & (ncap - 1);
        ns[j] = *s;
    }
    free(m->slots);
    m->slots = ns;
    m->cap = ncap;
    return 0;
}

int strmap_putn(StrMap *m, const char *key, size_t len, size_t val, size_t *old, Err *e)
{
    if ((m->count + 1) * 2 > m->cap && grow(m, e) < 0) return -1;
    unsigned long long h = strmap_hash(key, len);
    size_t j = h & (m->cap - 1);
    while (m->slots[j].key) {
        Slot *s = &m->slots[j];
        if (s->hash == h && s->len == len && memcmp(s->key, key, len) == 0) {
            if (old) *old = s->val;
            return 1;
        }
        j = (j + 1) & (m->cap - 1);
    }
    char *k = malloc(len + 1);
    if (!k) return err_nomem(e, len + 1, "hash map key");
    memcpy(k, key, len);
    k[len] = '\0';
    m->slots[j] = (Slot){k, len, val, h};
    m->count++;
    return 0;
}

int strmap_put(StrMap *m, const char *key, size_t val, size_t *old, Err *e)
{
    return strmap_putn(m, key, strlen(key), val, old, e);
}

int strmap_getn(const StrMap *m, const char *key, size_t len, size_t *val)
{
    unsigned long long h = strmap_hash(key, len);
    size_t j = h & (m->cap - 1);
    while (m->slots[j].key) {
        const Slot *s = &m->slots[j];
        if (s->hash == h && s->len == len && memcmp(s->key, key, len) == 0) {
            if (val) *val = s->val;
            return 1;
        }
        j = (j + 1) & (m->cap - 1);
    }
    return 0;
}

int strmap_get(const StrMap *m, const char *key, size_t *val)
{
    return strmap_getn(m, key, strlen(key), val);
}

size_t strmap_count(const StrMap *m)
{
    return m->count;
}
