/* dvm.c — .dvm model files (dvm.h). */
#include "nn/dvm.h"

#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "io/readall.h"

static const unsigned char MAGIC[8] = {0x89, 'D', 'V', 'M', 0x0D, 0x0A, 0x1A, 0x0A};

/* ---- meta text -------------------------------------------------------- */

static void meta_add(DvmMeta *m, const char *s, size_t len)
{
    if (m->failed) return;
    if (m->n + len + 1 > m->cap) {
        size_t cap = m->cap ? m->cap : 256;
        while (cap < m->n + len + 1)
            cap *= 2;
        char *ns = realloc(m->s, cap);
        if (!ns) {
            m->failed = 1;
            return;
        }
        m->s = ns;
        m->cap = cap;
    }
    memcpy(m->s + m->n, s, len);
    m->n += len;
    m->s[m->n] = '\0';
}

void dvm_meta_put(DvmMeta *m, const char *key, const char *fmt, ...)
{
    char val[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(val, sizeof val, fmt, ap);
    va_end(ap);
    for (char *c = val; *c; c++)
        if (*c == '\n' || *c == '\r') *c = ' ';
    meta_add(m, key, strlen(key));
    meta_add(m, "=", 1);
    meta_add(m, val, strlen(val));
    meta_add(m, "\n", 1);
}

void dvm_meta_free(DvmMeta *m)
{
    free(m->s);
    memset(m, 0, sizeof *m);
}

const char *dvm_meta_get(const char *meta, const char *key, char *buf, size_t n)
{
    size_t kl = strlen(key);
    for (const char *line = meta; line && *line;) {
        const char *end = strchr(line, '\n');
        size_t len = end ? (size_t)(end - line) : strlen(line);
        if (len > kl && strncmp(line, key, kl) == 0 && line[kl] == '=') {
            size_t vl = len - kl - 1;
            if (vl >= n) vl = n - 1;
            memcpy(buf, line + kl + 1, vl);
            buf[vl] = '\0';
            return buf;
        }
        line = end ? end + 1 : NULL;
    }
    return NULL;
}

/* ---- writing ---------------------------------------------------------- */

typedef struct Out {
    FILE *f;
    uLong crc;
    int err;
} Out;

static void out_bytes(Out *o, const void *p, size_t n)
{
    if (o->err || n == 0) return;
    o->crc = crc32(o->crc, p, (uInt)n);
    if (fwrite(p, 1, n, o->f) != n) o->err = 1;
}

static void out_u32(Out *o, uint32_t v)
{
    unsigned char b[4] = {(unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16),
                          (unsigned char)(v >> 24)};
    out_bytes(o, b, 4);
}

static void out_floats(Out *o, const float *x, size_t n)
{
    unsigned char buf[4096];
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t v;
        memcpy(&v, &x[i], 4);
        buf[k++] = (unsigned char)v;
        buf[k++] = (unsigned char)(v >> 8);
        buf[k++] = (unsigned char)(v >> 16);
        buf[k++] = (unsigned char)(v >> 24);
        if (k == sizeof buf) {
            out_bytes(o, buf, k);
            k = 0;
        }
    }
    out_bytes(o, buf, k);
}

int dvm_save(const char *path, const DvmMeta *meta, const NnParams *const *stores, size_t nstores,
             Err *e)
{
    if (meta->failed) return err_nomem(e, meta->cap * 2, "model description");
    char tmp[PATH_MAX];
    FILE *f = io_atomic_open(path, tmp, e);
    if (!f) return -1;
    Out o = {f, crc32(0L, Z_NULL, 0), 0};
    out_bytes(&o, MAGIC, sizeof MAGIC);
    out_u32(&o, DVM_VERSION);
    out_u32(&o, (uint32_t)meta->n);
    out_bytes(&o, meta->s, meta->n);
    size_t nt = 0;
    for (size_t s = 0; s < nstores; s++)
        nt += stores[s]->n;
    out_u32(&o, (uint32_t)nt);
    for (size_t s = 0; s < nstores; s++) {
        const NnParams *P = stores[s];
        for (size_t i = 0; i < P->n; i++) {
            const NnParamInfo *pi = &P->info[i];
            size_t nl = strlen(pi->name);
            out_u32(&o, (uint32_t)nl);
            out_bytes(&o, pi->name, nl);
            out_u32(&o, (uint32_t)pi->nd);
            for (int d = 0; d < pi->nd; d++)
                out_u32(&o, (uint32_t)pi->shape[d]);
            out_floats(&o, P->data + pi->off, pi->n);
        }
    }
    uint32_t crc = (uint32_t)o.crc;
    out_u32(&o, crc);
    if (o.err) {
        io_atomic_abort(f, tmp);
        return err_set(e, "cannot write '%s'", path);
    }
    return io_atomic_commit(f, tmp, path, e);
}

/* ---- reading ---------------------------------------------------------- */

typedef struct In {
    const unsigned char *p;
    size_t len, at;
    const char *name;
    Err *e;
} In;

static int truncated(In *in, const char *what)
{
    return err_set(in->e, "%s: truncated model file (%zu bytes; it ends inside %s)", in->name,
                   in->len, what);
}

static int in_u32(In *in, uint32_t *v, const char *what)
{
    if (in->len - in->at < 4) return truncated(in, what);
    const unsigned char *b = in->p + in->at;
    *v = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
    in->at += 4;
    return 0;
}

/* A damaged structure is more likely a changed byte than a bad writer:
 * when the file's own checksum disagrees, say that instead. */
static int damaged(In *in, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int damaged(In *in, const char *fmt, ...)
{
    if (in->len >= 4) {
        const unsigned char *t = in->p + in->len - 4;
        uint32_t have =
            (uint32_t)t[0] | (uint32_t)t[1] << 8 | (uint32_t)t[2] << 16 | (uint32_t)t[3] << 24;
        uLong want = crc32(0L, Z_NULL, 0);
        for (size_t at = 0; at < in->len - 4;) {
            size_t chunk = in->len - 4 - at > (1u << 30) ? (1u << 30) : in->len - 4 - at;
            want = crc32(want, in->p + at, (uInt)chunk);
            at += chunk;
        }
        if ((uint32_t)want != have)
            return err_set(in->e, "%s: checksum mismatch: the model file is damaged or was altered",
                           in->name);
    }
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return err_set(in->e, "%s: damaged model file (%s)", in->name, msg);
}

int dvm_sniff(const unsigned char *buf, size_t n)
{
    return n >= sizeof MAGIC && memcmp(buf, MAGIC, sizeof MAGIC) == 0;
}

int dvm_parse(const unsigned char *buf, size_t len, const char *name, DvmFile *f, Err *e)
{
    memset(f, 0, sizeof *f);
    nn_params_init_store(&f->tensors);
    In in = {buf, len, 0, name, e};
    if (len == 0) return err_set(e, "%s: empty file, not a dv model", name);
    if (!dvm_sniff(buf, len)) {
        if (len < sizeof MAGIC && memcmp(buf, MAGIC, len) == 0)
            return truncated(&in, "the magic number");
        return err_set(e, "%s: not a dv model file (no .dvm magic number)", name);
    }
    in.at = sizeof MAGIC;
    uint32_t version, meta_len, nt;
    if (in_u32(&in, &version, "the version") < 0) return -1;
    if (version != DVM_VERSION)
        return err_set(e, "%s: model file version %u; this dv reads version %d", name, version,
                       DVM_VERSION);
    if (in_u32(&in, &meta_len, "the description") < 0) return -1;
    if (len - in.at < meta_len) return truncated(&in, "the description");
    f->meta = malloc((size_t)meta_len + 1);
    if (!f->meta) return err_nomem(e, (size_t)meta_len + 1, "model description");
    memcpy(f->meta, buf + in.at, meta_len);
    f->meta[meta_len] = '\0';
    in.at += meta_len;
    int rc = -1;
    if (in_u32(&in, &nt, "the tensor count") < 0) goto fail;
    for (uint32_t t = 0; t < nt; t++) {
        uint32_t nl, nd, shape[NN_MAX_DIMS];
        char tname[NN_PARAM_NAME_MAX];
        if (in_u32(&in, &nl, "a tensor name") < 0) goto fail;
        if (nl == 0 || nl >= NN_PARAM_NAME_MAX) {
            damaged(&in, "tensor %u has a name of %u bytes", t, nl);
            goto fail;
        }
        if (len - in.at < nl) {
            truncated(&in, "a tensor name");
            goto fail;
        }
        memcpy(tname, buf + in.at, nl);
        tname[nl] = '\0';
        in.at += nl;
        if (in_u32(&in, &nd, "a tensor shape") < 0) goto fail;
        if (nd < 1 || nd > NN_MAX_DIMS) {
            damaged(&in, "tensor %s has %u dimensions", tname, nd);
            goto fail;
        }
        size_t n = 1, sh[NN_MAX_DIMS];
        for (uint32_t d = 0; d < nd; d++) {
            if (in_u32(&in, &shape[d], "a tensor shape") < 0) goto fail;
            sh[d] = shape[d];
            if (shape[d] == 0) {
                damaged(&in, "tensor %s has an empty dimension", tname);
                goto fail;
            }
            if (n > (len / 4) / shape[d]) { /* more values than the file could hold */
                truncated(&in, "the weights");
                goto fail;
            }
            n *= shape[d];
        }
        if ((len - in.at) / 4 < n) {
            truncated(&in, "the weights");
            goto fail;
        }
        Err e2;
        long idx = nn_params_add(&f->tensors, tname, (int)nd, sh, &e2);
        if (idx < 0) {
            damaged(&in, "%s", e2.msg);
            goto fail;
        }
        float *dst = nn_params_at(&f->tensors, (size_t)idx);
        const unsigned char *b = buf + in.at;
        for (size_t i = 0; i < n; i++, b += 4) {
            uint32_t v =
                (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
            memcpy(&dst[i], &v, 4);
        }
        in.at += n * 4;
    }
    size_t body = in.at;
    uint32_t crc;
    if (in_u32(&in, &crc, "the checksum") < 0) goto fail;
    uLong want = crc32(0L, Z_NULL, 0);
    for (size_t at = 0; at < body;) { /* crc32 takes uInt lengths */
        size_t chunk = body - at > (1u << 30) ? (1u << 30) : body - at;
        want = crc32(want, buf + at, (uInt)chunk);
        at += chunk;
    }
    if ((uint32_t)want != crc) {
        err_set(e, "%s: checksum mismatch: the model file is damaged or was altered", name);
        goto fail;
    }
    if (in.at != len) { /* an intact model with something after it */
        err_set(e, "%s: damaged model file (%zu bytes after the checksum)", name, len - in.at);
        goto fail;
    }
    rc = 0;
fail:
    if (rc < 0) dvm_free(f);
    return rc;
}

int dvm_load(const char *path, DvmFile *f, Err *e)
{
    char *buf;
    size_t len;
    memset(f, 0, sizeof *f);
    if (io_read_all(path, &buf, &len, e) < 0) return -1;
    int rc = dvm_parse((const unsigned char *)buf, len, path, f, e);
    free(buf);
    return rc;
}

void dvm_free(DvmFile *f)
{
    free(f->meta);
    nn_params_free(&f->tensors);
    f->meta = NULL;
}

int dvm_fill(const DvmFile *f, NnParams *dst, const char *path, Err *e)
{
    for (size_t i = 0; i < dst->n; i++) {
        const NnParamInfo *want = &dst->info[i];
        long j = nn_params_find(&f->tensors, want->name);
        if (j < 0) return err_set(e, "%s: the model has no tensor %s", path, want->name);
        const NnParamInfo *have = &f->tensors.info[j];
        int same = have->nd == want->nd;
        for (int d = 0; same && d < want->nd; d++)
            same = have->shape[d] == want->shape[d];
        if (!same)
            return err_set(e, "%s: tensor %s does not have the shape its description gives", path,
                           want->name);
        memcpy(dst->data + want->off, f->tensors.data + have->off, want->n * sizeof(float));
    }
    return 0;
}
